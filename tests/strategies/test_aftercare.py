from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counselcore.aftercare import (
    AftercarePlan,
    BoosterSchedule,
    RelapsePreventionPlan,
    SafetyPlan,
    SkillsRoutine,
    SupportContact,
    TerminationPlan,
    TriggerPlan,
    check_safety_plan,
)
from counselcore.model import RiskLevel
from counselcore.strategies import (
    booster_schedules,
    broken_safety_plans,
    relapse_prevention_plans,
    safety_plans,
    skills_routines,
)


class TestSafetyPlans:
    @given(safety_plans())
    def test_generated_safety_plans_are_complete(self, plan: SafetyPlan) -> None:
        """Every generated safety plan passes the safety-plan rules."""
        assert check_safety_plan(plan) == ()

    @given(broken_safety_plans())
    def test_broken_safety_plans_break_exactly_one_rule(self, pair: tuple[SafetyPlan, str]) -> None:
        """A plan from the broken strategy reports its rule id and no other."""
        plan, rule_id = pair

        found = {v.rule for v in check_safety_plan(plan)}

        assert found == {rule_id}


class TestOtherStrategies:
    @given(booster_schedules())
    def test_booster_schedules_meet_the_default_policy(self, schedule: BoosterSchedule) -> None:
        """Default booster schedules are 1-3 months apart over 6-24 months."""
        assert 1 <= schedule.every_months <= 3
        assert 6 <= schedule.horizon_months <= 24

    @given(skills_routines())
    def test_routines_are_at_least_weekly(self, routine: SkillsRoutine) -> None:
        """Default routines are practised daily or weekly."""
        assert routine.cadence.days <= 7

    @given(relapse_prevention_plans())
    def test_every_trigger_has_a_coping_response(self, plan: RelapsePreventionPlan) -> None:
        """High-risk or not, every generated trigger has a coping response."""
        assert all(t.coping_responses for t in plan.at_or_above(RiskLevel.NONE))


@pytest.mark.parametrize(
    "record_type",
    [
        SupportContact,
        SkillsRoutine,
        BoosterSchedule,
        SafetyPlan,
        TriggerPlan,
        RelapsePreventionPlan,
        AftercarePlan,
        TerminationPlan,
    ],
)
def test_from_type_is_registered(record_type: type[Any]) -> None:
    """st.from_type() finds a strategy for each aftercare record through the entry point."""

    @given(st.from_type(record_type))
    def draws(value: Any) -> None:
        assert type(value) is record_type

    draws()
