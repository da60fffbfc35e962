"""Plan revisions: the revision guards at their boundaries, and `diff_plans`."""

import pytest
from attrs import evolve, fields
from hypothesis import given

from counselcore.errors import UnsupportedTypeError
from counselcore.model import ClientRef, Goal, Objective, TreatmentPlan
from counselcore.phases import (
    ChangeKind,
    Phase,
    PlanAgreed,
    PlanChange,
    PlanPart,
    diff_plans,
    transition,
)
from counselcore.strategies import treatment_plans
from tests.phases.builders import day, plan, state_in


def revise(version: int = 2, on: int = 44, **changes: object) -> PlanAgreed:
    """The in-force plan revised on day *on* to *version*, with *changes*."""
    current = state_in(Phase.REVIEW).plan
    assert current is not None
    revised = evolve(current.revise(on=day(on), reason="review"), version=version)
    return PlanAgreed(on=day(on), plan=evolve(revised, **changes))  # type: ignore[arg-type]


def rules(event: PlanAgreed) -> list[str]:
    return [v.rule for v in transition(state_in(Phase.REVIEW), event).violations]


class TestRevisionGuards:
    def test_the_next_version_is_accepted(self) -> None:
        """Version 2 of the same plan, for the same client, revised after version 1, is fine."""
        assert rules(revise()) == []

    def test_re_agreeing_the_same_version_is_refused(self) -> None:
        """The version must go up."""
        assert rules(revise(version=1)) == ["phases.revision-version-increases"]

    def test_a_skipped_version_warns(self) -> None:
        """Jumping from version 1 to 3 is accepted with a warning."""
        outcome = transition(state_in(Phase.REVIEW), revise(version=3))

        assert outcome.accepted
        assert [v.rule for v in outcome.warnings] == ["phases.revision-version-consecutive"]
        assert outcome.warnings[0].evidence == (("version", 3), ("previous_version", 1))

    def test_another_plan_id_is_refused(self) -> None:
        """A revision keeps the plan id."""
        assert rules(revise(plan_id="tp-other")) == ["phases.revision-keeps-plan-id"]

    def test_another_clients_plan_is_refused(self) -> None:
        """A revision keeps the client, and the message does not name either client."""
        outcome = transition(state_in(Phase.REVIEW), revise(client=ClientRef("someone-else")))

        assert [v.rule for v in outcome.violations] == ["phases.revision-keeps-client"]
        assert "someone-else" not in repr(outcome.violations)

    def test_a_revision_dated_before_the_plan_in_force_is_refused(self) -> None:
        """revised_on (else starts_on) must not precede the in-force plan's."""
        event = revise(on=44, revised_on=None, starts_on=day(6))

        found = transition(state_in(Phase.REVIEW), event).violations

        assert [v.rule for v in found] == ["phases.revision-date-in-order"]
        assert found[0].evidence == (("days_before", 1),)

    def test_the_same_day_is_fine(self) -> None:
        """A revision in force the day the plan in force started is on time (boundary)."""
        assert rules(revise(revised_on=None)) == []

    def test_the_first_plan_is_not_a_revision(self) -> None:
        """In planning with no plan in force, any plan id and version may be agreed."""
        event = PlanAgreed(
            on=day(7), plan=plan(plan_id="tp-9", version=3, revision_reason="carried over")
        )

        assert transition(state_in(Phase.PLANNING), event).accepted


class TestDiffPlans:
    def test_no_change(self) -> None:
        """A plan compared with itself has no changes."""
        diff = diff_plans(plan(), plan())

        assert diff.is_empty
        assert (diff.old_version, diff.new_version) == (1, 1)

    def test_objective_target_and_due_date(self) -> None:
        """Changed targets and due dates are named by field, the objective by id."""
        old = plan()
        goal = old.goals[0]
        objective = evolve(goal.objectives[0], target=3, due_on=day(200))
        new = evolve(old, goals=(evolve(goal, objectives=(objective, *goal.objectives[1:])),))

        diff = diff_plans(old, new)

        assert (
            PlanChange(
                kind=ChangeKind.CHANGED,
                part=PlanPart.OBJECTIVE,
                ids=(objective.objective_id,),
                fields=("target", "due_on"),
            )
            in diff.changes
        )

    def test_plan_and_goal_fields(self) -> None:
        """A changed plan-level field and a changed goal field are each one change, by name."""
        old = plan()
        goal = old.goals[0]
        new = evolve(
            old,
            consent_recorded_on=day(6),
            goals=(evolve(goal, problem_ids=("p-mood", "p-worry")), *old.goals[1:]),
        )

        assert diff_plans(old, new).changes == (
            PlanChange(
                kind=ChangeKind.CHANGED,
                part=PlanPart.PLAN,
                ids=(old.plan_id,),
                fields=("consent_recorded_on",),
            ),
            PlanChange(
                kind=ChangeKind.CHANGED,
                part=PlanPart.GOAL,
                ids=(goal.goal_id,),
                fields=("problem_ids",),
            ),
        )

    def test_added_and_removed_interventions(self) -> None:
        """An intervention swapped for another is one removal and one addition."""
        old = plan()
        new = plan(modalities=("mi",))

        kinds = {(c.kind, c.part) for c in diff_plans(old, new).changes}

        assert (ChangeKind.ADDED, PlanPart.INTERVENTION) in kinds
        assert (ChangeKind.REMOVED, PlanPart.INTERVENTION) in kinds

    def test_wrong_types_raise(self) -> None:
        """Only plans can be compared."""
        with pytest.raises(UnsupportedTypeError):
            diff_plans(plan(), None)  # type: ignore[arg-type]

    @given(treatment_plans(), treatment_plans())
    def test_only_ids_and_field_names(self, old: TreatmentPlan, new: TreatmentPlan) -> None:
        """Every string a diff carries is an id of one of the plans or a field name."""
        ids = {
            value
            for p in (old, new)
            for value in (
                p.plan_id,
                *(g.goal_id for g in p.goals),
                *(o.objective_id for _, o in p.iter_objectives()),
                *(i.modality for _, o in p.iter_objectives() for i in o.interventions),
                *(i.technique for _, o in p.iter_objectives() for i in o.interventions),
            )
        }
        names = {a.name for cls in (TreatmentPlan, Goal, Objective) for a in fields(cls)}

        diff = diff_plans(old, new)

        for change in diff.changes:
            assert set(change.ids) <= ids
            assert set(change.fields) <= names

    @given(treatment_plans())
    def test_a_plan_against_an_empty_one_lists_every_goal_as_added(
        self, new: TreatmentPlan
    ) -> None:
        """Diffing from a plan without goals adds every goal and objective."""
        old = evolve(new, goals=())

        diff = diff_plans(old, new)

        added = [c.ids for c in diff.changes if c.kind is ChangeKind.ADDED]
        assert added == sorted((g.goal_id,) for g in new.goals) + sorted(
            (o.objective_id,) for _, o in new.iter_objectives()
        )
