"""The plan completeness rule set: what a plan needs before treatment starts."""

from collections.abc import Iterable, Iterator

from attrs import field, frozen

from counselcore._internal.checks import check_identifier, check_instance, check_optional_instance
from counselcore.errors import InvalidValueError
from counselcore.model import Direction, TreatmentPlan
from counselcore.rules._core import Finding, Rule, RuleSet
from counselcore.violations import Severity, Violation

__all__ = ["BUILTIN_MODALITY_IDS", "PLAN_COMPLETENESS", "PlanContext", "check_plan"]

#: The modality ids the library ships (CBT, DBT, MI, EMDR); a test keeps this equal to
#: ``counselcore.modalities.BUILTIN_CATALOG.ids`` (this module cannot import the catalog,
#: which imports the rules).
BUILTIN_MODALITY_IDS: frozenset[str] = frozenset({"cbt", "dbt", "mi", "emdr"})

_SOURCE = (
    "counselcore docs, Design decisions: 'Treatment plans: problems, goals, measurable objectives'"
)


def _to_modality_ids(value: Iterable[str]) -> frozenset[str]:
    """Freeze any iterable of modality ids (a string is refused, not split into letters)."""
    if isinstance(value, (str, bytes, dict)) or not isinstance(value, Iterable):
        raise InvalidValueError(("modalities",), "structure.type", "must be a set of modality ids")
    ids = frozenset(value)
    for modality_id in ids:
        check_identifier(modality_id, ("modalities",))
    return ids


@frozen(kw_only=True)
class PlanContext:
    """
    What plan rules need besides the plan: the modality ids a plan may name.

    Build it from a modality catalog with ``catalog.plan_context()``
    (`counselcore.modalities.Catalog.plan_context`), so plans may name your own modalities.

    Example:
        >>> PlanContext().modalities == BUILTIN_MODALITY_IDS
        True
        >>> "act" in PlanContext(modalities=BUILTIN_MODALITY_IDS | {"act"}).modalities
        True
        >>> from counselcore.modalities import BUILTIN_CATALOG
        >>> BUILTIN_CATALOG.plan_context() == PlanContext()
        True
    """

    modalities: frozenset[str] = field(default=BUILTIN_MODALITY_IDS, converter=_to_modality_ids)


def _has_goal(plan: TreatmentPlan, _context: PlanContext) -> Iterator[Finding]:
    if not plan.goals:
        yield Finding(path=("goals",), message="the plan has no goals yet")


def _problem_has_goal(plan: TreatmentPlan, _context: PlanContext) -> Iterator[Finding]:
    addressed = {problem_id for goal in plan.goals for problem_id in goal.problem_ids}
    for index, problem in enumerate(plan.problems):
        if problem.problem_id not in addressed:
            yield Finding(
                path=("problems", index),
                message=f"problem {problem.problem_id!r} is not addressed by any goal",
                evidence=(("problem_id", problem.problem_id),),
            )


def _goal_has_measurable_objective(plan: TreatmentPlan, _context: PlanContext) -> Iterator[Finding]:
    for index, goal in enumerate(plan.goals):
        if not any(objective.is_measurable for objective in goal.objectives):
            yield Finding(
                path=("goals", index, "objectives"),
                message=f"goal {goal.goal_id!r} has no measurable objective "
                "(metric, baseline, target and due date)",
                evidence=(("goal_id", goal.goal_id), ("objectives", len(goal.objectives))),
            )


_MEASUREMENT_PARTS = ("metric", "baseline", "target", "due_on")


def _objective_is_measurable(plan: TreatmentPlan, _context: PlanContext) -> Iterator[Finding]:
    for path, objective in plan.iter_objectives():
        for part in _MEASUREMENT_PARTS:
            if getattr(objective, part) is None:
                yield Finding(
                    path=(*path, part),
                    message=f"objective {objective.objective_id!r} has no {part}",
                    evidence=(("objective_id", objective.objective_id), ("missing", part)),
                )


def _target_direction(plan: TreatmentPlan, _context: PlanContext) -> Iterator[Finding]:
    for path, objective in plan.iter_objectives():
        baseline, target = objective.baseline, objective.target
        if baseline is None or target is None:
            continue
        decreasing = objective.direction is Direction.DECREASE
        if (decreasing and target >= baseline) or (not decreasing and target <= baseline):
            word = "below" if decreasing else "above"
            yield Finding(
                path=(*path, "target"),
                message=f"objective {objective.objective_id!r} aims to "
                f"{objective.direction.value}, so its target must be {word} its baseline",
                evidence=(
                    ("baseline", baseline),
                    ("target", target),
                    ("direction", objective.direction.value),
                ),
            )


def _consent_before_start(plan: TreatmentPlan, _context: PlanContext) -> Iterator[Finding]:
    consent = plan.consent_recorded_on
    if consent is None:
        yield Finding(path=("consent_recorded_on",), message="no informed consent is recorded")
    elif consent > plan.starts_on:
        yield Finding(
            path=("consent_recorded_on",),
            message="informed consent was recorded after the plan started",
            evidence=(("days_late", (consent - plan.starts_on).days),),
        )


def _review_interval_set(plan: TreatmentPlan, _context: PlanContext) -> Iterator[Finding]:
    if plan.review is None:
        yield Finding(path=("review",), message="the plan has no review schedule")


def _session_cadence_set(plan: TreatmentPlan, _context: PlanContext) -> Iterator[Finding]:
    if plan.session_cadence is None:
        yield Finding(path=("session_cadence",), message="the plan has no session cadence")


def _known_modality(plan: TreatmentPlan, context: PlanContext) -> Iterator[Finding]:
    for path, objective in plan.iter_objectives():
        for index, intervention in enumerate(objective.interventions):
            if intervention.modality not in context.modalities:
                yield Finding(
                    path=(*path, "interventions", index, "modality"),
                    message=f"modality {intervention.modality!r} is not in the catalog",
                    evidence=(("modality", intervention.modality),),
                )


def _revision_has_reason(plan: TreatmentPlan, _context: PlanContext) -> Iterator[Finding]:
    if plan.version > 1 and plan.revision_reason is None:
        yield Finding(
            path=("revision_reason",),
            message=f"version {plan.version} is a revision but records no reason",
            evidence=(("version", plan.version),),
        )


#: The first rule set: what a plan needs before it can drive active treatment.
PLAN_COMPLETENESS: RuleSet[TreatmentPlan, PlanContext] = RuleSet(
    name="plan-completeness",
    subject_types=(TreatmentPlan,),
    context_types=(PlanContext,),
    rules=(
        Rule(
            id="plan.has-goal",
            description="A plan has at least one long-term goal.",
            check=_has_goal,
            source=_SOURCE,
        ),
        Rule(
            id="plan.problem-has-goal",
            description="Every problem in the plan is addressed by at least one goal.",
            check=_problem_has_goal,
            source=_SOURCE,
        ),
        Rule(
            id="plan.goal-has-measurable-objective",
            description="Every goal has at least one objective with metric, baseline, target "
            "and due date.",
            check=_goal_has_measurable_objective,
            source=_SOURCE,
        ),
        Rule(
            id="plan.objective-is-measurable",
            description="Each objective names a metric, a baseline, a target and a due date.",
            check=_objective_is_measurable,
            severity=Severity.WARNING,
            source=_SOURCE,
        ),
        Rule(
            id="plan.objective-target-direction",
            description="An objective's target lies on the improving side of its baseline.",
            check=_target_direction,
            source=_SOURCE,
        ),
        Rule(
            id="plan.consent-before-start",
            description="Informed consent is recorded on or before the plan's start date.",
            check=_consent_before_start,
            source="Informed consent to therapy before treatment begins (e.g. APA Ethical "
            "Principles, Standard 10.01)",
        ),
        Rule(
            id="plan.review-interval-set",
            description="The plan says when progress is reviewed (sessions, days or both).",
            check=_review_interval_set,
            source=_SOURCE,
        ),
        Rule(
            id="plan.session-cadence-set",
            description="The plan says how often sessions are held.",
            check=_session_cadence_set,
            severity=Severity.WARNING,
            source=_SOURCE,
        ),
        Rule(
            id="plan.intervention-known-modality",
            description="Each intervention names a modality id known to the catalog in use.",
            check=_known_modality,
            source=_SOURCE,
        ),
        Rule(
            id="plan.revision-has-reason",
            description="A plan version after the first records why it was revised.",
            check=_revision_has_reason,
            source="counselcore docs, Design decisions: 'A plan revision is a new version with a reason'",
        ),
    ),
)


def check_plan(
    plan: TreatmentPlan,
    *,
    ruleset: RuleSet[TreatmentPlan, PlanContext] = PLAN_COMPLETENESS,
    context: PlanContext | None = None,
) -> tuple[Violation, ...]:
    """
    Return every violation of *ruleset* (plan completeness by default) in *plan*; ``()`` means fine.

    Example:
        >>> import datetime as dt
        >>> from counselcore.model import ClientRef, ReviewSchedule, Cadence
        >>> draft = TreatmentPlan(
        ...     plan_id="tp-1", client=ClientRef("c-1"), starts_on=dt.date(2024, 1, 15),
        ...     review=ReviewSchedule(every_sessions=6), session_cadence=Cadence.WEEKLY,
        ...     consent_recorded_on=dt.date(2024, 1, 15),
        ... )
        >>> [v.where for v in check_plan(draft)]
        ['goals']
        >>> check_plan(None)
        Traceback (most recent call last):
        counselcore.errors.InvalidValueError: 1 structural problem: plan: must be a TreatmentPlan [structure.type]
    """
    check_instance(plan, TreatmentPlan, ("plan",))
    check_instance(ruleset, RuleSet, ("ruleset",))
    check_optional_instance(context, PlanContext, ("context",))
    return ruleset.evaluate(plan, context or PlanContext()).violations
