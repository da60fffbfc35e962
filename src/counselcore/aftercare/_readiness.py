"""
Termination readiness: goal attainment, time in treatment and reliable improvement, as rules.

The review -> termination guard asks `termination_readiness`; the answer carries its reasons
as `Violation` values from `TERMINATION_RULES`, so an organization can drop or re-grade them.
"""

import datetime as dt
from collections.abc import Iterator

from attrs import frozen

from counselcore._internal.checks import (
    check_bool,
    check_date,
    check_instance,
    check_instances,
    check_int,
    check_number,
    check_optional_bool,
    check_optional_instance,
    fail,
)
from counselcore.model import ObjectiveStatus, TreatmentPlan
from counselcore.rules import Finding, Rule, RuleSet
from counselcore.violations import Violation

__all__ = [
    "TERMINATION_RULES",
    "TerminationEvidence",
    "TerminationPolicy",
    "TerminationReadiness",
    "termination_readiness",
]

_DAYS_PER_WEEK = 7


@frozen(kw_only=True)
class TerminationPolicy:
    """
    An organization's thresholds for ending active treatment.

    Both defaults are organizational policy, not clinical facts: *min_weeks_in_treatment*
    (6, an arbitrary library default; set your own) and *min_objectives_met_fraction*
    (1.0: every objective that is not discontinued must be met).

    Example:
        >>> TerminationPolicy().min_weeks_in_treatment
        6
        >>> TerminationPolicy(min_weeks_in_treatment=12, min_objectives_met_fraction=0.5)
        TerminationPolicy(min_weeks_in_treatment=12, min_objectives_met_fraction=0.5)
    """

    min_weeks_in_treatment: int = 6
    min_objectives_met_fraction: float = 1.0

    def __attrs_post_init__(self) -> None:
        check_int(self.min_weeks_in_treatment, ("min_weeks_in_treatment",), minimum=0)
        check_number(
            self.min_objectives_met_fraction,
            ("min_objectives_met_fraction",),
            minimum=0.0,
            maximum=1.0,
        )


@frozen(kw_only=True)
class TerminationEvidence:
    """
    What the termination rules judge: the plan, the dates, and reliable improvement if measured.

    *reliable_improvement* is None when no paired outcome measure exists yet.

    Raises:
        counselcore.errors.InvalidValueError: If *on* is before *treatment_started*.

    Example:
        >>> from counselcore.examples import example_plan
        >>> TerminationEvidence(
        ...     plan=example_plan(), on=dt.date(2024, 5, 1), treatment_started=dt.date(2024, 1, 15)
        ... ).days_in_treatment
        107
    """

    plan: TreatmentPlan
    on: dt.date
    treatment_started: dt.date
    reliable_improvement: bool | None = None

    def __attrs_post_init__(self) -> None:
        check_instance(self.plan, TreatmentPlan, ("plan",))
        check_date(self.on, ("on",))
        check_date(self.treatment_started, ("treatment_started",))
        if self.on < self.treatment_started:
            raise fail(("on",), "structure.date-order", "must not be before treatment_started")
        check_optional_bool(self.reliable_improvement, ("reliable_improvement",))

    @property
    def days_in_treatment(self) -> int:
        """Days from the start of treatment to *on*."""
        return (self.on - self.treatment_started).days


def _objectives_met(evidence: TerminationEvidence, policy: TerminationPolicy) -> Iterator[Finding]:
    judged = [
        (path, objective)
        for path, objective in evidence.plan.iter_objectives()
        if objective.status is not ObjectiveStatus.DISCONTINUED
    ]
    if not judged:
        yield Finding(
            path=("plan", "goals"),
            message="the plan has no objective to judge goal attainment by",
            evidence=(("objectives", 0),),
        )
        return
    met = sum(1 for _path, objective in judged if objective.status is ObjectiveStatus.MET)
    required = policy.min_objectives_met_fraction
    if met / len(judged) >= required:
        return
    for path, objective in judged:
        if objective.status is not ObjectiveStatus.MET:
            yield Finding(
                path=("plan", *path, "status"),
                message=f"objective {objective.objective_id!r} is not met "
                f"({met} of {len(judged)} met; the policy asks for {required:.0%})",
                evidence=(
                    ("objective_id", objective.objective_id),
                    ("met", met),
                    ("judged", len(judged)),
                    ("required_fraction", required),
                ),
            )


def _minimum_time(evidence: TerminationEvidence, policy: TerminationPolicy) -> Iterator[Finding]:
    required = policy.min_weeks_in_treatment * _DAYS_PER_WEEK
    days = evidence.days_in_treatment
    if days < required:
        yield Finding(
            path=("treatment_started",),
            message=f"{days} days in treatment; the policy asks for at least "
            f"{policy.min_weeks_in_treatment} weeks",
            evidence=(("days", days), ("minimum_days", required)),
        )


def _reliable_improvement(
    evidence: TerminationEvidence, _policy: TerminationPolicy
) -> Iterator[Finding]:
    if evidence.reliable_improvement is False:
        yield Finding(
            path=("reliable_improvement",),
            message="the outcome measures show no reliable improvement",
        )


_POLICY = "organizational policy (TerminationPolicy), not a clinical fact"

#: The built-in termination readiness rules, in evaluation order.
TERMINATION_RULES: RuleSet[TerminationEvidence, TerminationPolicy] = RuleSet(
    name="termination-readiness",
    subject_types=(TerminationEvidence,),
    context_types=(TerminationPolicy,),
    rules=(
        Rule(
            id="aftercare.termination-objectives-met",
            description="Enough of the plan's objectives are met (status met; discontinued "
            "ones do not count; policy: min_objectives_met_fraction, default all).",
            check=_objectives_met,
            source="counselcore docs, Design decisions: 'Termination when goals are met'; "
            "the fraction is " + _POLICY,
        ),
        Rule(
            id="aftercare.termination-minimum-time",
            description="Treatment has lasted at least the policy's minimum "
            "(policy: min_weeks_in_treatment, default 6 weeks).",
            check=_minimum_time,
            source="The minimum is " + _POLICY,
        ),
        Rule(
            id="aftercare.termination-reliable-improvement",
            description="When outcome measures were compared, they show reliable improvement.",
            check=_reliable_improvement,
            source="Jacobson NS, Truax P. J Consult Clin Psychol 1991;59:12-19 (reliable "
            "change); NHS Talking Therapies reliable improvement",
        ),
    ),
)


@frozen(kw_only=True)
class TerminationReadiness:
    """
    Whether a case is ready to end active treatment, and why (or why not).

    *ready* is True when no reason has error severity; *reasons* holds every violation.

    Example:
        >>> TerminationReadiness(ready=True).reasons
        ()
    """

    ready: bool
    reasons: tuple[Violation, ...] = ()

    def __attrs_post_init__(self) -> None:
        check_bool(self.ready, ("ready",))
        check_instances(self.reasons, Violation, ("reasons",))

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """The distinct rule ids among the reasons, in order."""
        return tuple(dict.fromkeys(reason.rule for reason in self.reasons))


def termination_readiness(
    plan: TreatmentPlan,
    *,
    on: dt.date,
    treatment_started: dt.date,
    reliable_improvement: bool | None = None,
    policy: TerminationPolicy | None = None,
    ruleset: RuleSet[TerminationEvidence, TerminationPolicy] = TERMINATION_RULES,
) -> TerminationReadiness:
    """
    Judge whether *plan*'s course is ready to end *on*; a pure function of its arguments.

    Args:
        plan: The current treatment plan; objectives marked `ObjectiveStatus.MET` count as met.
        on: The day the question is asked.
        treatment_started: The first day of active treatment.
        reliable_improvement: The outcome measures' verdict, or None when not measured
            (then it is not held against readiness).
        policy: Organizational thresholds; ``TerminationPolicy()`` when omitted.
        ruleset: The rules to apply; `TERMINATION_RULES` by default.

    Returns:
        ``ready`` and the reasons, as violations of *ruleset*.

    Raises:
        counselcore.errors.InvalidValueError: If *on* is before *treatment_started*.

    Example:
        >>> from attrs import evolve
        >>> from counselcore.examples import example_plan
        >>> from counselcore.model import ObjectiveStatus
        >>> plan = example_plan()
        >>> result = termination_readiness(plan, on=dt.date(2024, 2, 5), treatment_started=plan.starts_on)
        >>> result.ready, result.rule_ids
        (False, ('aftercare.termination-objectives-met', 'aftercare.termination-minimum-time'))
        >>> def met(goal):
        ...     return evolve(goal, objectives=tuple(evolve(o, status=ObjectiveStatus.MET) for o in goal.objectives))
        >>> done = evolve(plan, goals=tuple(met(goal) for goal in plan.goals))
        >>> termination_readiness(
        ...     done, on=dt.date(2024, 5, 6), treatment_started=plan.starts_on, reliable_improvement=True
        ... ).ready
        True
    """
    evidence = TerminationEvidence(
        plan=plan,
        on=on,
        treatment_started=treatment_started,
        reliable_improvement=reliable_improvement,
    )
    check_optional_instance(policy, TerminationPolicy, ("policy",))
    check_instance(ruleset, RuleSet, ("ruleset",))
    report = ruleset.evaluate(evidence, TerminationPolicy() if policy is None else policy)
    return TerminationReadiness(ready=report.ok, reasons=report.violations)
