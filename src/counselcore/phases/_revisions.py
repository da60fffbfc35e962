"""
`diff_plans`: what a plan revision changed, as data for audit trails (ids and field names only).

A revision (a `counselcore.phases.PlanAgreed` while a plan is in force) must keep the plan id
and the client and carry a higher version; the phase guards check that. `diff_plans` says
what else changed: goals, objectives and interventions added or removed, and which fields of
a kept goal or objective changed (targets, due dates, metrics ...). It never copies clinical
text: a changed description is reported by its field name only.
"""

import datetime as dt
import enum
from collections.abc import Iterator
from typing import TYPE_CHECKING

from attrs import fields, frozen

from counselcore._internal.checks import check_enum, check_identifier, check_int, check_tuple, fail
from counselcore.errors import UnsupportedTypeError
from counselcore.model import Goal, Objective, TreatmentPlan
from counselcore.phases._events import PlanAgreed
from counselcore.rules import Finding

if TYPE_CHECKING:
    from counselcore.phases._state import _Work

__all__ = ["ChangeKind", "PlanChange", "PlanDiff", "PlanPart", "diff_plans"]

_OK: tuple[Finding, ...] = ()
Findings = tuple[Finding, ...]


class ChangeKind(enum.Enum):
    """
    How a part of a plan changed between two versions.

    Example:
        >>> ChangeKind.CHANGED.value
        'changed'
    """

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


class PlanPart(enum.Enum):
    """
    Which part of a plan a change concerns.

    Example:
        >>> PlanPart.OBJECTIVE.value
        'objective'
    """

    PLAN = "plan"
    GOAL = "goal"
    OBJECTIVE = "objective"
    INTERVENTION = "intervention"


@frozen(kw_only=True)
class PlanChange:
    """
    One change to a plan: ids and field names only, never clinical text.

    *kind* of *part*, identified by *ids* (goal id; objective id; or objective id, modality and
    technique), with the names of the *fields* that changed (for ``changed``).

    Example:
        >>> change = PlanChange(
        ...     kind=ChangeKind.CHANGED, part=PlanPart.OBJECTIVE, ids=("o-1",), fields=("target",)
        ... )
        >>> change.kind.value, change.part.value, change.ids, change.fields
        ('changed', 'objective', ('o-1',), ('target',))
    """

    kind: ChangeKind
    part: PlanPart
    ids: tuple[str, ...]
    fields: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        check_enum(self.kind, ChangeKind, ("kind",))
        check_enum(self.part, PlanPart, ("part",))
        check_tuple(self.ids, ("ids",))
        for index, value in enumerate(self.ids):
            check_identifier(value, ("ids", index))
        check_tuple(self.fields, ("fields",))
        for index, name in enumerate(self.fields):
            check_identifier(name, ("fields", index))


@frozen(kw_only=True)
class PlanDiff:
    """
    What changed from plan version *old_version* to *new_version*, in plan order.

    Example:
        >>> from attrs import evolve
        >>> from counselcore.examples import example_plan
        >>> old = example_plan()
        >>> new = old.revise(on=old.starts_on, reason="fewer goals", goals=old.goals[:1])
        >>> diff = diff_plans(old, new)
        >>> diff.old_version, diff.new_version, [(c.kind.value, c.part.value) for c in diff.changes][:1]
        (1, 2, [('removed', 'goal')])
        >>> diff.is_empty
        False
    """

    old_version: int
    new_version: int
    changes: tuple[PlanChange, ...] = ()

    def __attrs_post_init__(self) -> None:
        check_int(self.old_version, ("old_version",), minimum=1)
        check_int(self.new_version, ("new_version",), minimum=1)
        check_tuple(self.changes, ("changes",))
        for index, change in enumerate(self.changes):
            if type(change) is not PlanChange:
                raise fail(("changes", index), "structure.type", "must be a PlanChange")

    @property
    def is_empty(self) -> bool:
        """True when no goal, objective, intervention or plan setting changed."""
        return not self.changes


#: Plan fields compared directly (the others are identity, bookkeeping or compared part by part).
_PLAN_FIELDS = ("formulation_id", "problems", "session_cadence", "review", "consent_recorded_on")
_GOAL_FIELDS = tuple(f.name for f in fields(Goal) if f.name not in {"goal_id", "objectives"})
_OBJECTIVE_FIELDS = tuple(
    f.name for f in fields(Objective) if f.name not in {"objective_id", "interventions"}
)


def _changed(old: object, new: object, names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name for name in names if getattr(old, name) != getattr(new, name))


def _objectives(plan: TreatmentPlan) -> dict[str, Objective]:
    return {objective.objective_id: objective for _, objective in plan.iter_objectives()}


def _interventions(objective: Objective) -> dict[tuple[str, str], None]:
    return dict.fromkeys((i.modality, i.technique) for i in objective.interventions)


def _diff(old: TreatmentPlan, new: TreatmentPlan) -> Iterator[PlanChange]:
    changed = _changed(old, new, _PLAN_FIELDS)
    if changed:
        yield PlanChange(
            kind=ChangeKind.CHANGED, part=PlanPart.PLAN, ids=(new.plan_id,), fields=changed
        )
    old_goals = {goal.goal_id: goal for goal in old.goals}
    new_goals = {goal.goal_id: goal for goal in new.goals}
    for goal_id in old_goals.keys() - new_goals.keys():
        yield PlanChange(kind=ChangeKind.REMOVED, part=PlanPart.GOAL, ids=(goal_id,))
    for goal_id, goal in new_goals.items():
        before = old_goals.get(goal_id)
        if before is None:
            yield PlanChange(kind=ChangeKind.ADDED, part=PlanPart.GOAL, ids=(goal_id,))
        elif changed := _changed(before, goal, _GOAL_FIELDS):
            yield PlanChange(
                kind=ChangeKind.CHANGED, part=PlanPart.GOAL, ids=(goal_id,), fields=changed
            )
    old_objectives = _objectives(old)
    new_objectives = _objectives(new)
    for objective_id in old_objectives.keys() - new_objectives.keys():
        yield PlanChange(kind=ChangeKind.REMOVED, part=PlanPart.OBJECTIVE, ids=(objective_id,))
    for objective_id, objective in new_objectives.items():
        before_objective = old_objectives.get(objective_id)
        if before_objective is None:
            yield PlanChange(kind=ChangeKind.ADDED, part=PlanPart.OBJECTIVE, ids=(objective_id,))
            continue
        if changed := _changed(before_objective, objective, _OBJECTIVE_FIELDS):
            yield PlanChange(
                kind=ChangeKind.CHANGED,
                part=PlanPart.OBJECTIVE,
                ids=(objective_id,),
                fields=changed,
            )
        was = _interventions(before_objective)
        now = _interventions(objective)
        for pair in was.keys() - now.keys():
            yield PlanChange(
                kind=ChangeKind.REMOVED, part=PlanPart.INTERVENTION, ids=(objective_id, *pair)
            )
        for pair in now.keys() - was.keys():
            yield PlanChange(
                kind=ChangeKind.ADDED, part=PlanPart.INTERVENTION, ids=(objective_id, *pair)
            )


def _order(change: PlanChange) -> tuple[int, int, tuple[str, ...]]:
    parts = tuple(PlanPart)
    kinds = tuple(ChangeKind)
    return (parts.index(change.part), kinds.index(change.kind), change.ids)


def diff_plans(old: TreatmentPlan, new: TreatmentPlan) -> PlanDiff:
    """
    List what changed from plan *old* to plan *new*: a pure value for audit trails.

    Goals are matched by goal id, objectives by objective id (unique within a plan), and
    interventions by (modality, technique) within their objective. Changes are ordered by part
    (plan, goals, objectives, interventions), then kind (added, removed, changed), then ids.
    Only ids and field names are reported, never clinical text.

    Args:
        old: The plan in force.
        new: Its revision.

    Returns:
        The changes, with both version numbers.

    Raises:
        counselcore.errors.UnsupportedTypeError: If either argument is not a `TreatmentPlan`.

    Example:
        >>> from attrs import evolve
        >>> from counselcore.examples import example_plan
        >>> old = example_plan()
        >>> goal = old.goals[0]
        >>> objective = evolve(goal.objectives[0], target=5)
        >>> new = old.revise(
        ...     on=old.starts_on, reason="lower target",
        ...     goals=(evolve(goal, objectives=(objective, *goal.objectives[1:])), *old.goals[1:]),
        ... )
        >>> for change in diff_plans(old, new).changes:
        ...     print(change.kind.value, change.part.value, change.ids, change.fields)
        changed objective ('o-phq9',) ('target',)
    """
    for argument, plan in (("old", old), ("new", new)):
        if type(plan) is not TreatmentPlan:
            raise UnsupportedTypeError(type(plan), argument=argument, expected=TreatmentPlan)
    changes = tuple(sorted(_diff(old, new), key=_order))
    return PlanDiff(old_version=old.version, new_version=new.version, changes=changes)


# -- plan revisions: a plan agreed while another is in force is its next version ----------


def _in_force_from(plan: TreatmentPlan) -> dt.date:
    return plan.revised_on or plan.starts_on


def revision_keeps_plan_id(work: "_Work", event: PlanAgreed) -> Findings:
    """A revision keeps the plan id of the plan in force."""
    previous = work.plan
    if previous is None or event.plan.plan_id == previous.plan_id:
        return _OK
    return (
        Finding(
            path=("plan", "plan_id"),
            message="a revision must keep the plan id of the plan in force",
        ),
    )


def revision_keeps_client(work: "_Work", event: PlanAgreed) -> Findings:
    """A revision is for the same client as the plan in force."""
    previous = work.plan
    if previous is None or event.plan.client == previous.client:
        return _OK
    return (
        Finding(
            path=("plan", "client"),
            message="a revision must be for the client of the plan in force",
        ),
    )


def revision_version_increases(work: "_Work", event: PlanAgreed) -> Findings:
    """A revision carries a strictly higher version than the plan in force."""
    previous = work.plan
    if previous is None or event.plan.version > previous.version:
        return _OK
    return (
        Finding(
            path=("plan", "version"),
            message=f"version {event.plan.version} does not follow version {previous.version}",
            evidence=(("version", event.plan.version), ("previous_version", previous.version)),
        ),
    )


def revision_version_consecutive(work: "_Work", event: PlanAgreed) -> Findings:
    """A revision's version is the next one (a skipped version is flagged)."""
    previous = work.plan
    if previous is None or event.plan.version <= previous.version + 1:
        return _OK
    skipped = event.plan.version - previous.version - 1
    return (
        Finding(
            path=("plan", "version"),
            message=f"{skipped} version(s) between the plan in force and this one were never agreed",
            evidence=(("version", event.plan.version), ("previous_version", previous.version)),
        ),
    )


def revision_date_in_order(work: "_Work", event: PlanAgreed) -> Findings:
    """A revision comes into force on or after the day the plan in force did."""
    previous = work.plan
    if previous is None:
        return _OK
    before = _in_force_from(previous)
    after = _in_force_from(event.plan)
    if after >= before:
        return _OK
    days = (before - after).days
    return (
        Finding(
            path=("plan", "revised_on"),
            message=f"the revision is dated {days} day(s) before the plan in force",
            evidence=(("days_before", days),),
        ),
    )
