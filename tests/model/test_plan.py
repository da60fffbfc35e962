import datetime as dt
import math
from typing import Any

import pytest
from attrs import evolve
from hypothesis import given

import counselcore as cc
from counselcore.examples import example_plan
from counselcore.strategies import treatment_plans

START = dt.date(2024, 1, 15)


def rule_and_path(info: pytest.ExceptionInfo[cc.ValidationError]) -> tuple[str, str]:
    (violation,) = info.value.violations
    return violation.rule, violation.where


def objective(objective_id: str = "o1", **changes: Any) -> cc.Objective:
    return evolve(cc.Objective(objective_id=objective_id, description="x"), **changes)


def plan_with(*goals: cc.Goal, problems: tuple[cc.Problem, ...] = ()) -> cc.TreatmentPlan:
    return cc.TreatmentPlan(
        plan_id="tp", client=cc.ClientRef("c"), starts_on=START, problems=problems, goals=goals
    )


class TestMetric:
    def test_instrument_score_needs_an_instrument(self) -> None:
        """An instrument-score metric names its instrument."""
        with pytest.raises(cc.InvalidValueError) as info:
            cc.Metric(kind=cc.MetricKind.INSTRUMENT_SCORE)

        assert rule_and_path(info) == ("structure.required", "instrument")

    def test_other_kinds_may_not_name_an_instrument(self) -> None:
        """A count metric with an instrument id is contradictory."""
        with pytest.raises(cc.InvalidValueError) as info:
            cc.Metric(kind=cc.MetricKind.COUNT, instrument="phq-9")

        assert rule_and_path(info) == ("structure.forbidden", "instrument")


class TestObjective:
    @pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
    def test_refuses_non_finite_targets(self, bad: float) -> None:
        """NaN and infinities are not targets."""
        with pytest.raises(cc.InvalidValueError) as info:
            objective(target=bad)

        assert rule_and_path(info) == ("structure.finite", "target")

    def test_refuses_bool_baselines(self) -> None:
        """True is not a number here, even though Python says it is an int."""
        with pytest.raises(cc.InvalidValueError) as info:
            objective(baseline=True)

        assert rule_and_path(info) == ("structure.type", "baseline")

    def test_measurable_needs_all_four_parts(self) -> None:
        """Metric, baseline, target and due date together make an objective measurable."""
        full = objective(
            metric=cc.Metric(kind=cc.MetricKind.COUNT), baseline=0, target=3, due_on=START
        )

        assert full.is_measurable
        for part in ("metric", "baseline", "target", "due_on"):
            missing: dict[str, Any] = {part: None}
            assert not evolve(full, **missing).is_measurable


class TestReviewSchedule:
    def test_needs_sessions_or_days(self) -> None:
        """A schedule with neither interval says nothing."""
        with pytest.raises(cc.InvalidValueError) as info:
            cc.ReviewSchedule()

        assert rule_and_path(info) == ("structure.required", "<root>")

    @pytest.mark.parametrize(
        ("field", "low", "high"), [("every_sessions", 1, 1000), ("every_days", 1, 3660)]
    )
    def test_interval_bounds(self, field: str, low: int, high: int) -> None:
        """Intervals accept their bounds and refuse one past each."""
        cc.ReviewSchedule(**{field: low})
        cc.ReviewSchedule(**{field: high})

        for bad in (low - 1, high + 1):
            with pytest.raises(cc.InvalidValueError) as info:
                cc.ReviewSchedule(**{field: bad})
            assert rule_and_path(info) == ("structure.range", field)


class TestTreatmentPlan:
    def test_a_draft_with_no_goals_is_constructible_and_storable(self) -> None:
        """Drafts are values: constructible and serializable."""
        draft = plan_with()

        assert cc.from_json(cc.TreatmentPlan, cc.to_json(draft)) == draft

    def test_goal_references_must_resolve(self) -> None:
        """A goal naming an unknown problem is refused at that reference."""
        goal = cc.Goal(goal_id="g1", description="x", problem_ids=("p-missing",))

        with pytest.raises(cc.InvalidValueError) as info:
            plan_with(goal)

        assert rule_and_path(info) == ("structure.reference-resolves", "goals[0].problem_ids[0]")

    def test_objective_ids_are_unique_across_goals(self) -> None:
        """The same objective id under two goals is refused at the second."""
        first = cc.Goal(goal_id="g1", description="x", objectives=(objective("o1"),))
        second = cc.Goal(
            goal_id="g2", description="x", objectives=(objective("o2"), objective("o1"))
        )

        with pytest.raises(cc.InvalidValueError) as info:
            plan_with(first, second)

        assert rule_and_path(info) == ("structure.id-unique", "goals[1].objectives[1].objective_id")

    def test_goal_ids_are_unique(self) -> None:
        """Two goals may not share an id."""
        goal = cc.Goal(goal_id="g1", description="x")

        with pytest.raises(cc.InvalidValueError) as info:
            plan_with(goal, goal)

        assert rule_and_path(info) == ("structure.id-unique", "goals[1].goal_id")

    def test_due_date_boundary_is_the_start_date(self) -> None:
        """An objective may be due on the start date but not the day before."""
        on_start = cc.Goal(goal_id="g1", description="x", objectives=(objective(due_on=START),))
        plan_with(on_start)
        day_before = cc.Goal(
            goal_id="g1",
            description="x",
            objectives=(objective(due_on=START - dt.timedelta(days=1)),),
        )

        with pytest.raises(cc.InvalidValueError) as info:
            plan_with(day_before)

        assert rule_and_path(info) == ("structure.date-order", "goals[0].objectives[0].due_on")

    def test_version_starts_at_one(self) -> None:
        """Version 0 does not exist."""
        with pytest.raises(cc.InvalidValueError) as info:
            evolve(plan_with(), version=0)

        assert rule_and_path(info) == ("structure.range", "version")

    def test_revise_returns_the_next_version_with_its_reason(self) -> None:
        """revise() bumps the version, records the reason and date, and keeps the original intact."""
        plan = example_plan()

        revised = plan.revise(
            on=dt.date(2024, 3, 1), reason="sleep goal added", session_cadence=cc.Cadence.BIWEEKLY
        )

        assert (
            revised.version,
            revised.starts_on,
            revised.revised_on,
            revised.session_cadence,
        ) == (
            2,
            plan.starts_on,
            dt.date(2024, 3, 1),
            cc.Cadence.BIWEEKLY,
        )
        assert revised.goals == plan.goals
        assert plan.version == 1

    def test_a_late_revision_keeps_objectives_that_fell_due_earlier(self) -> None:
        """Revising after an objective's due date is allowed: due dates compare with starts_on."""
        plan = example_plan()
        latest_due = max(o.due_on for _, o in plan.iter_objectives() if o.due_on is not None)

        revised = plan.revise(on=latest_due + dt.timedelta(days=30), reason="review")

        assert revised.goals == plan.goals

    def test_revise_cannot_come_into_force_before_the_current_version(self) -> None:
        """A revision dated before the version it revises is refused; the same day is fine."""
        v2 = example_plan().revise(on=dt.date(2024, 3, 1), reason="x")
        v2.revise(on=dt.date(2024, 3, 1), reason="same day")

        with pytest.raises(cc.InvalidValueError) as info:
            v2.revise(on=dt.date(2024, 2, 29), reason="x")

        assert rule_and_path(info) == ("structure.date-order", "revised_on")

    def test_revised_on_cannot_precede_the_start(self) -> None:
        """revised_on is on or after starts_on."""
        with pytest.raises(cc.InvalidValueError) as info:
            evolve(example_plan(), revised_on=START - dt.timedelta(days=1))

        assert rule_and_path(info) == ("structure.date-order", "revised_on")

    def test_revision_reason_is_not_in_repr(self) -> None:
        """The revision reason is free text and stays out of repr."""
        revised = example_plan().revise(on=START, reason="Zebra-secret")

        assert "Zebra-secret" not in repr(revised)

    def test_with_consent_records_the_date(self) -> None:
        """with_consent returns a copy with consent recorded."""
        assert plan_with().with_consent(START).consent_recorded_on == START

    @given(treatment_plans())
    def test_every_generated_plan_is_structurally_sound(self, plan: cc.TreatmentPlan) -> None:
        """Generated plans satisfy the invariants the constructor promises."""
        objective_ids = [o.objective_id for _, o in plan.iter_objectives()]
        problem_ids = {p.problem_id for p in plan.problems}

        assert len(objective_ids) == len(set(objective_ids))
        assert all(set(g.problem_ids) <= problem_ids for g in plan.goals)
        assert all(
            o.due_on is None or o.due_on >= plan.starts_on for _, o in plan.iter_objectives()
        )
