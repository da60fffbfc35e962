import datetime as dt

import pytest
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

from counselcore.aftercare import (
    TERMINATION_RULES,
    TerminationEvidence,
    TerminationPolicy,
    termination_readiness,
)
from counselcore.errors import InvalidValueError
from counselcore.examples import example_plan
from counselcore.model import Goal, ObjectiveStatus, TreatmentPlan
from counselcore.strategies import treatment_plans
from counselcore.violations import Severity

START = dt.date(2024, 1, 15)
SIX_WEEKS = START + dt.timedelta(days=42)


def with_statuses(*statuses: ObjectiveStatus) -> TreatmentPlan:
    """The example plan with its four objectives set to *statuses*, in order."""
    plan = example_plan()
    remaining = iter(statuses)
    goals: list[Goal] = []
    for goal in plan.goals:
        objectives = tuple(evolve(o, status=next(remaining)) for o in goal.objectives)
        goals.append(evolve(goal, objectives=objectives))
    return evolve(plan, goals=tuple(goals))


MET, OPEN, DROPPED = ObjectiveStatus.MET, ObjectiveStatus.OPEN, ObjectiveStatus.DISCONTINUED
ALL_MET = with_statuses(MET, MET, MET, MET)


class TestObjectivesMet:
    def test_all_met_is_ready(self) -> None:
        """Every objective met, six weeks in: ready with no reasons."""
        result = termination_readiness(ALL_MET, on=SIX_WEEKS, treatment_started=START)

        assert result.ready
        assert result.reasons == ()

    def test_each_open_objective_is_a_reason(self) -> None:
        """Under the default policy every open objective is reported at its status path."""
        plan = with_statuses(MET, OPEN, MET, OPEN)

        result = termination_readiness(plan, on=SIX_WEEKS, treatment_started=START)

        assert not result.ready
        assert [r.path for r in result.reasons] == [
            ("plan", "goals", 0, "objectives", 1, "status"),
            ("plan", "goals", 2, "objectives", 0, "status"),
        ]
        assert dict(result.reasons[0].evidence)["met"] == 2

    def test_discontinued_objectives_do_not_count(self) -> None:
        """Met plus discontinued objectives make a plan ready."""
        plan = with_statuses(MET, DROPPED, MET, DROPPED)

        result = termination_readiness(plan, on=SIX_WEEKS, treatment_started=START)

        assert result.ready

    def test_nothing_to_judge_is_not_ready(self) -> None:
        """A plan whose objectives are all discontinued gives no evidence of attainment."""
        plan = with_statuses(DROPPED, DROPPED, DROPPED, DROPPED)

        result = termination_readiness(plan, on=SIX_WEEKS, treatment_started=START)

        assert result.rule_ids == ("aftercare.termination-objectives-met",)
        assert result.reasons[0].path == ("plan", "goals")

    @pytest.mark.parametrize(
        ("statuses", "ready"),
        [((MET, MET, OPEN, OPEN), True), ((MET, OPEN, OPEN, OPEN), False)],
    )
    def test_fraction_boundary(self, statuses: tuple[ObjectiveStatus, ...], ready: bool) -> None:
        """With a policy of one half, two of four met is enough and one of four is not."""
        policy = TerminationPolicy(min_objectives_met_fraction=0.5)

        result = termination_readiness(
            with_statuses(*statuses), on=SIX_WEEKS, treatment_started=START, policy=policy
        )

        assert result.ready is ready


class TestTimeInTreatment:
    @pytest.mark.parametrize(("days", "ready"), [(41, False), (42, True)])
    def test_six_week_boundary(self, days: int, ready: bool) -> None:
        """The default policy asks for 42 days; 41 is one short."""
        on = START + dt.timedelta(days=days)

        result = termination_readiness(ALL_MET, on=on, treatment_started=START)

        assert result.ready is ready
        if not ready:
            assert result.rule_ids == ("aftercare.termination-minimum-time",)
            assert dict(result.reasons[0].evidence) == {"days": 41, "minimum_days": 42}

    @pytest.mark.parametrize(("days", "ready"), [(83, False), (84, True)])
    def test_policy_boundary(self, days: int, ready: bool) -> None:
        """An organization asking for 12 weeks moves the boundary to 84 days."""
        policy = TerminationPolicy(min_weeks_in_treatment=12)

        result = termination_readiness(
            ALL_MET, on=START + dt.timedelta(days=days), treatment_started=START, policy=policy
        )

        assert result.ready is ready

    def test_a_zero_week_policy_allows_the_first_day(self) -> None:
        """With no minimum, asking on the first day is fine."""
        policy = TerminationPolicy(min_weeks_in_treatment=0)

        result = termination_readiness(ALL_MET, on=START, treatment_started=START, policy=policy)

        assert result.ready

    def test_asking_before_treatment_started_is_a_structural_error(self) -> None:
        """A date before the start is refused, not judged."""
        with pytest.raises(InvalidValueError) as info:
            termination_readiness(ALL_MET, on=START - dt.timedelta(days=1), treatment_started=START)

        assert info.value.rules == ("structure.date-order",)


class TestReliableImprovement:
    @pytest.mark.parametrize(("value", "ready"), [(True, True), (None, True), (False, False)])
    def test_only_a_measured_lack_of_improvement_counts(
        self, value: bool | None, ready: bool
    ) -> None:
        """No improvement blocks termination; an unmeasured outcome does not."""
        result = termination_readiness(
            ALL_MET, on=SIX_WEEKS, treatment_started=START, reliable_improvement=value
        )

        assert result.ready is ready
        assert result.rule_ids == (() if ready else ("aftercare.termination-reliable-improvement",))

    def test_an_organization_can_drop_the_rule(self) -> None:
        """A rule set without the improvement rule ignores it."""
        ours = TERMINATION_RULES.without("aftercare.termination-reliable-improvement")

        result = termination_readiness(
            ALL_MET,
            on=SIX_WEEKS,
            treatment_started=START,
            reliable_improvement=False,
            ruleset=ours,
        )

        assert result.ready

    def test_a_regraded_rule_reports_without_blocking(self) -> None:
        """A warning-level reason leaves the case ready and still explains itself."""
        ours = TERMINATION_RULES.regrade(
            "aftercare.termination-reliable-improvement", Severity.WARNING
        )

        result = termination_readiness(
            ALL_MET,
            on=SIX_WEEKS,
            treatment_started=START,
            reliable_improvement=False,
            ruleset=ours,
        )

        assert result.ready
        assert result.rule_ids == ("aftercare.termination-reliable-improvement",)


class TestPolicyAndEvidence:
    @pytest.mark.parametrize("fraction", [-0.1, 1.1])
    def test_fraction_must_be_between_zero_and_one(self, fraction: float) -> None:
        """A fraction outside [0, 1] is refused."""
        with pytest.raises(InvalidValueError, match="min_objectives_met_fraction"):
            TerminationPolicy(min_objectives_met_fraction=fraction)

    def test_weeks_must_not_be_negative(self) -> None:
        """A negative minimum is refused."""
        with pytest.raises(InvalidValueError, match="min_weeks_in_treatment"):
            TerminationPolicy(min_weeks_in_treatment=-1)

    def test_reliable_improvement_must_be_a_bool_or_none(self) -> None:
        """A string verdict is refused."""
        with pytest.raises(InvalidValueError, match="reliable_improvement"):
            TerminationEvidence(
                plan=ALL_MET,
                on=SIX_WEEKS,
                treatment_started=START,
                reliable_improvement="yes",  # type: ignore[arg-type]
            )

    def test_rule_ids_are_stable(self) -> None:
        """The termination rule ids are public API."""
        ids = TERMINATION_RULES.ids

        assert ids == (
            "aftercare.termination-objectives-met",
            "aftercare.termination-minimum-time",
            "aftercare.termination-reliable-improvement",
        )


class TestProperties:
    @given(
        plan=treatment_plans(),
        days=st.integers(0, 400),
        improvement=st.none() | st.booleans(),
    )
    def test_ready_exactly_when_no_error_reason(
        self, plan: TreatmentPlan, days: int, improvement: bool | None
    ) -> None:
        """Readiness is the absence of error reasons, and each reason's path exists."""
        evidence_on = plan.starts_on + dt.timedelta(days=days)

        result = termination_readiness(
            plan,
            on=evidence_on,
            treatment_started=plan.starts_on,
            reliable_improvement=improvement,
        )

        assert result.ready is not any(r.severity is Severity.ERROR for r in result.reasons)
        evidence = TerminationEvidence(
            plan=plan,
            on=evidence_on,
            treatment_started=plan.starts_on,
            reliable_improvement=improvement,
        )
        for reason in result.reasons:
            value: object = evidence
            for step in reason.path:
                value = value[step] if isinstance(step, int) else getattr(value, step)  # type: ignore[index]
