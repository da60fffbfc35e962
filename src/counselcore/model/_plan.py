"""The treatment plan: problems, goals, measurable objectives, interventions."""

import datetime as dt
from collections.abc import Iterator

from attrs import evolve, field, frozen

from counselcore._internal.checks import (
    check_date,
    check_enum,
    check_identifier,
    check_instances,
    check_int,
    check_number,
    check_optional_date,
    check_optional_instance,
    check_text,
    check_tuple,
    check_unique,
    check_unique_at,
    fail,
)
from counselcore.model._enums import Cadence, Direction, MetricKind, ObjectiveStatus
from counselcore.model._formulation import Problem
from counselcore.model._ids import ClientRef
from counselcore.violations import Path

__all__ = [
    "Goal",
    "Intervention",
    "Metric",
    "Objective",
    "ReviewSchedule",
    "TreatmentPlan",
]


@frozen(kw_only=True)
class Metric:
    """
    What an objective measures: an instrument score (by instrument id) or a described quantity.

    Example:
        >>> Metric(kind=MetricKind.INSTRUMENT_SCORE, instrument="phq-9")
        Metric(kind=<MetricKind.INSTRUMENT_SCORE: 'instrument-score'>, instrument='phq-9', unit=None)
    """

    kind: MetricKind
    instrument: str | None = None
    description: str = field(default="", repr=False)
    unit: str | None = None

    def __attrs_post_init__(self) -> None:
        check_enum(self.kind, MetricKind, ("kind",))
        if self.kind is MetricKind.INSTRUMENT_SCORE:
            if self.instrument is None:
                raise fail(
                    ("instrument",),
                    "structure.required",
                    "is required when kind is instrument-score",
                )
            check_identifier(self.instrument, ("instrument",))
        elif self.instrument is not None:
            raise fail(
                ("instrument",),
                "structure.forbidden",
                "is only allowed when kind is instrument-score",
            )
        check_text(self.description, ("description",))
        if self.unit is not None:
            check_identifier(self.unit, ("unit",))


@frozen(kw_only=True)
class Intervention:
    """
    A planned intervention: a modality id and one of its techniques, both identifiers.

    Example:
        >>> Intervention(modality="cbt", technique="thought-record")
        Intervention(modality='cbt', technique='thought-record')
    """

    modality: str
    technique: str

    def __attrs_post_init__(self) -> None:
        check_identifier(self.modality, ("modality",))
        check_identifier(self.technique, ("technique",))


@frozen(kw_only=True)
class Objective:
    """
    A short-term objective: a metric moving from *baseline* to *target* by *due_on*.

    Every measurement part may be missing in a draft; rules report what is missing.

    Example:
        >>> o = Objective(
        ...     objective_id="o1",
        ...     description="PHQ-9 below 10",
        ...     metric=Metric(kind=MetricKind.INSTRUMENT_SCORE, instrument="phq-9"),
        ...     baseline=18,
        ...     target=9,
        ...     due_on=dt.date(2024, 4, 1),
        ... )
        >>> o.is_measurable
        True
    """

    objective_id: str
    description: str = field(repr=False)
    metric: Metric | None = None
    baseline: float | None = None
    target: float | None = None
    direction: Direction = Direction.DECREASE
    due_on: dt.date | None = None
    interventions: tuple[Intervention, ...] = ()
    status: ObjectiveStatus = ObjectiveStatus.OPEN

    def __attrs_post_init__(self) -> None:
        check_identifier(self.objective_id, ("objective_id",))
        check_text(self.description, ("description",), allow_empty=False)
        if self.baseline is not None:
            check_number(self.baseline, ("baseline",))
        if self.target is not None:
            check_number(self.target, ("target",))
        check_optional_instance(self.metric, Metric, ("metric",))
        check_enum(self.direction, Direction, ("direction",))
        check_optional_date(self.due_on, ("due_on",))
        check_instances(self.interventions, Intervention, ("interventions",))
        check_enum(self.status, ObjectiveStatus, ("status",))

    @property
    def is_measurable(self) -> bool:
        """Whether metric, baseline, target and due date are all present."""
        return (
            self.metric is not None
            and self.baseline is not None
            and self.target is not None
            and self.due_on is not None
        )


@frozen(kw_only=True)
class Goal:
    """
    A long-term goal addressing one or more of the plan's problems.

    Example:
        >>> Goal(goal_id="g1", description="feel like myself again", problem_ids=("p1",))
        Goal(goal_id='g1', problem_ids=('p1',), objectives=())
    """

    goal_id: str
    description: str = field(repr=False)
    problem_ids: tuple[str, ...] = ()
    objectives: tuple[Objective, ...] = ()

    def __attrs_post_init__(self) -> None:
        check_identifier(self.goal_id, ("goal_id",))
        check_text(self.description, ("description",), allow_empty=False)
        check_tuple(self.problem_ids, ("problem_ids",))
        for index, problem_id in enumerate(self.problem_ids):
            check_identifier(problem_id, ("problem_ids", index))
        check_instances(self.objectives, Objective, ("objectives",))

    def with_objective(self, objective: Objective) -> "Goal":
        """Return a copy with *objective* added at the end."""
        return evolve(self, objectives=(*self.objectives, objective))


@frozen(kw_only=True)
class ReviewSchedule:
    """
    When progress is reviewed: every *every_sessions* sessions, every *every_days* days, or both.

    Example:
        >>> ReviewSchedule(every_sessions=6)
        ReviewSchedule(every_sessions=6, every_days=None)
    """

    every_sessions: int | None = None
    every_days: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.every_sessions is None and self.every_days is None:
            raise fail((), "structure.required", "needs every_sessions, every_days or both")
        if self.every_sessions is not None:
            check_int(self.every_sessions, ("every_sessions",), minimum=1, maximum=1000)
        if self.every_days is not None:
            check_int(self.every_days, ("every_days",), minimum=1, maximum=3660)


@frozen(kw_only=True)
class TreatmentPlan:
    """
    A course of work agreed for one case; a revision is a new plan with the next version.

    Structure is checked here (unique ids, references resolve, due dates not before the plan
    starts); completeness (goals, measurable objectives, consent) is checked by
    `counselcore.rules.PLAN_COMPLETENESS`, so drafts are constructible and storable.

    Example:
        >>> plan = TreatmentPlan(plan_id="tp-1", client=ClientRef("c-1"), starts_on=dt.date(2024, 1, 15))
        >>> plan.goals
        ()
        >>> revised = plan.revise(on=dt.date(2024, 3, 1), reason="added sleep goal")
        >>> revised.version, plan.version
        (2, 1)
    """

    plan_id: str
    client: ClientRef
    starts_on: dt.date
    version: int = 1
    formulation_id: str | None = None
    revision_reason: str | None = field(default=None, repr=False)
    revised_on: dt.date | None = None
    problems: tuple[Problem, ...] = ()
    goals: tuple[Goal, ...] = ()
    session_cadence: Cadence | None = None
    review: ReviewSchedule | None = None
    consent_recorded_on: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        check_identifier(self.plan_id, ("plan_id",))
        if type(self.client) is not ClientRef:
            raise fail(("client",), "structure.type", "must be a ClientRef")
        check_date(self.starts_on, ("starts_on",))
        check_int(self.version, ("version",), minimum=1)
        if self.formulation_id is not None:
            check_identifier(self.formulation_id, ("formulation_id",))
        if self.revision_reason is not None:
            check_text(self.revision_reason, ("revision_reason",), allow_empty=False)
        if self.revised_on is not None:
            check_date(self.revised_on, ("revised_on",))
            if self.revised_on < self.starts_on:
                raise fail(
                    ("revised_on",),
                    "structure.date-order",
                    "must not be before the plan's starts_on",
                )
        check_instances(self.problems, Problem, ("problems",))
        check_instances(self.goals, Goal, ("goals",))
        if self.session_cadence is not None:
            check_enum(self.session_cadence, Cadence, ("session_cadence",))
        check_optional_instance(self.review, ReviewSchedule, ("review",))
        check_optional_date(self.consent_recorded_on, ("consent_recorded_on",))
        self._check_references()

    def _check_references(self) -> None:
        check_unique([p.problem_id for p in self.problems], ("problems",), "problem_id")
        check_unique([g.goal_id for g in self.goals], ("goals",), "goal_id")
        objective_ids = [o.objective_id for g in self.goals for o in g.objectives]
        if len(set(objective_ids)) != len(objective_ids):
            check_unique_at(
                ((path, o.objective_id) for path, o in self.iter_objectives()), "objective_id"
            )
        known = {p.problem_id for p in self.problems}
        starts_on = self.starts_on
        for g_index, goal in enumerate(self.goals):
            for p_index, problem_id in enumerate(goal.problem_ids):
                if problem_id not in known:
                    raise fail(
                        ("goals", g_index, "problem_ids", p_index),
                        "structure.reference-resolves",
                        "names a problem id that is not in this plan's problems",
                    )
            for o_index, objective in enumerate(goal.objectives):
                due_on = objective.due_on
                if due_on is not None and due_on < starts_on:
                    raise fail(
                        ("goals", g_index, "objectives", o_index, "due_on"),
                        "structure.date-order",
                        "must not be before the plan's starts_on",
                    )

    def iter_objectives(self) -> Iterator[tuple[Path, Objective]]:
        """
        Yield ``(path, objective)`` for every objective, in goal order.

        Example:
            >>> plan = TreatmentPlan(plan_id="tp-1", client=ClientRef("c-1"), starts_on=dt.date(2024, 1, 15))
            >>> list(plan.iter_objectives())
            []
        """
        for g_index, goal in enumerate(self.goals):
            for o_index, objective in enumerate(goal.objectives):
                yield ("goals", g_index, "objectives", o_index), objective

    def with_goal(self, goal: Goal) -> "TreatmentPlan":
        """Return a copy of this plan with *goal* added at the end."""
        return evolve(self, goals=(*self.goals, goal))

    def with_problem(self, problem: Problem) -> "TreatmentPlan":
        """Return a copy of this plan with *problem* added at the end."""
        return evolve(self, problems=(*self.problems, problem))

    def with_consent(self, on: dt.date) -> "TreatmentPlan":
        """Return a copy with informed consent recorded *on*."""
        return evolve(self, consent_recorded_on=on)

    def revise(
        self,
        *,
        on: dt.date,
        reason: str,
        problems: tuple[Problem, ...] | None = None,
        goals: tuple[Goal, ...] | None = None,
        session_cadence: Cadence | None = None,
        review: ReviewSchedule | None = None,
    ) -> "TreatmentPlan":
        """
        Return the next version of this plan, in force from *on*, with *reason* recorded.

        The plan keeps its original *starts_on* (objectives set earlier stay valid, even when
        they fell due before *on*); the new version records *on* as *revised_on*. Omitted
        parts carry over unchanged. Consent carries over too; record a fresh one with
        `with_consent` if your policy asks for it on revision.

        Raises:
            counselcore.errors.InvalidValueError: If *on* is before this version came into force.

        Example:
            >>> plan = TreatmentPlan(plan_id="tp-1", client=ClientRef("c-1"), starts_on=dt.date(2024, 1, 15))
            >>> v2 = plan.revise(on=dt.date(2024, 3, 1), reason="sleep goal")
            >>> v2.version, v2.starts_on, v2.revised_on
            (2, datetime.date(2024, 1, 15), datetime.date(2024, 3, 1))
        """
        in_force = self.revised_on or self.starts_on
        if type(on) is dt.date and on < in_force:
            raise fail(
                ("revised_on",),
                "structure.date-order",
                "a revision cannot come into force before the version it revises",
            )
        return evolve(
            self,
            version=self.version + 1,
            revised_on=on,
            revision_reason=reason,
            problems=self.problems if problems is None else problems,
            goals=self.goals if goals is None else goals,
            session_cadence=self.session_cadence if session_cadence is None else session_cadence,
            review=self.review if review is None else review,
        )
