"""Every public entry point of counselcore.aftercare refuses wrong types with our errors."""

import datetime as dt
from typing import Any

import pytest

from counselcore.aftercare import (
    AFTERCARE_RULES,
    SAFETY_PLAN_RULES,
    TERMINATION_RULES,
    AftercareContext,
    BoosterSchedule,
    ContactRole,
    PracticeCadence,
    SafetySection,
    SkillsRoutine,
    SupportContact,
    TerminationPolicy,
    booster_dates,
    check_aftercare,
    check_safety_plan,
    maintenance_dates,
    termination_readiness,
)
from counselcore.errors import InvalidValueError
from counselcore.examples import example_aftercare_plan, example_plan, example_safety_plan
from counselcore.model import Cadence, RiskLevel
from counselcore.rules import RuleSet
from tests.probing import Call, outcome, wrong_calls

DAY = dt.date(2024, 1, 8)
PLAN = example_aftercare_plan()
SAFETY = example_safety_plan()
SCHEDULE = BoosterSchedule(every_months=3, horizon_months=12)
RELAPSE = PLAN.relapse_prevention
assert RELAPSE is not None

CALLS: list[Call] = [
    ("booster_dates", booster_dates, (SCHEDULE,), {"terminated_on": DAY}),
    (
        "maintenance_dates",
        maintenance_dates,
        (Cadence.MONTHLY,),
        {"first_on": DAY, "until": dt.date(2024, 5, 1)},
    ),
    (
        "check_aftercare",
        check_aftercare,
        (PLAN,),
        {"context": AftercareContext(), "ruleset": AFTERCARE_RULES},
    ),
    ("check_safety_plan", check_safety_plan, (SAFETY,), {"ruleset": SAFETY_PLAN_RULES}),
    (
        "termination_readiness",
        termination_readiness,
        (example_plan(),),
        {
            "on": dt.date(2024, 5, 1),
            "treatment_started": dt.date(2024, 1, 15),
            "reliable_improvement": True,
            "policy": TerminationPolicy(),
            "ruleset": TERMINATION_RULES,
        },
    ),
    ("schedule.ends_on", SCHEDULE.ends_on, (DAY,), {}),
    ("safety.count", SAFETY.count, (SafetySection.WARNING_SIGNS,), {}),
    ("safety.with_section", SAFETY.with_section, (SafetySection.WARNING_SIGNS, ("a",)), {}),
    ("relapse.at_or_above", RELAPSE.at_or_above, (RiskLevel.HIGH,), {}),
    ("plan.with_boosters", PLAN.with_boosters, (SCHEDULE,), {}),
    (
        "plan.with_contact",
        PLAN.with_contact,
        (SupportContact(contact_id="k9", role=ContactRole.FRIEND),),
        {},
    ),
    (
        "plan.with_routine",
        PLAN.with_routine,
        (SkillsRoutine(skill="urge-surfing", cadence=PracticeCadence.DAILY),),
        {},
    ),
    ("plan.with_crisis_plan", PLAN.with_crisis_plan, (SAFETY,), {}),
    ("plan.with_relapse_prevention", PLAN.with_relapse_prevention, (RELAPSE,), {}),
]

#: Wrong-looking values that are valid: optional context, policy, verdict and plan parts left
#: out (None clears them), True as the verdict, and an empty safety-plan section.
ACCEPTED = frozenset(
    {
        "check_aftercare-context-None",
        "termination_readiness-policy-None",
        "termination_readiness-reliable_improvement-None",
        "safety.with_section-1-()",
        "termination_readiness-reliable_improvement-True",
        "plan.with_boosters-0-None",
        "plan.with_crisis_plan-0-None",
        "plan.with_relapse_prevention-0-None",
    }
)


class TestWrongTypes:
    @pytest.mark.parametrize(
        ("function", "args", "kwargs", "valid"), wrong_calls(CALLS, accepted=ACCEPTED)
    )
    def test_refusals_are_ours_and_name_a_path(self, function, args, kwargs, valid):
        """A wrong type raises a CounselcoreError naming a structure.* rule and a path, never a bare TypeError."""
        result = outcome(function, args, kwargs)

        assert result == ("accepted" if valid else "refused")


def test_check_aftercare_checks_the_context_itself() -> None:
    """A rule set that declares no context type still never sees a context of the wrong type."""
    undeclared: RuleSet[Any, Any] = RuleSet(name="ours", rules=())

    with pytest.raises(InvalidValueError) as info:
        check_aftercare(example_aftercare_plan(), context="strict", ruleset=undeclared)  # type: ignore[arg-type]

    assert info.value.paths == ("context",)
    assert info.value.rules == ("structure.type",)
