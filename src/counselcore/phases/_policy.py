"""The phase policy: an organization's thresholds and hooks, with a documented default."""

from collections.abc import Callable
from typing import Any

from attrs import field, frozen

from counselcore._internal.checks import check_int, fail
from counselcore.model import TreatmentPlan
from counselcore.rules import PLAN_COMPLETENESS, PlanContext, RuleSet
from counselcore.violations import Violation

__all__ = ["DEFAULT_PLAN_RULES", "DEFAULT_POLICY", "PhasePolicy", "accept_any_plan"]

#: Plan completeness rules the ``planning -> active`` guard applies by default:
#: `counselcore.rules.PLAN_COMPLETENESS` without ``plan.consent-before-start`` and
#: ``plan.intervention-known-modality``, because ``phases.active-requires-consent`` and
#: ``phases.modality-known`` already report those (each problem is reported once).
DEFAULT_PLAN_RULES: RuleSet[TreatmentPlan, PlanContext] = PLAN_COMPLETENESS.without(
    "plan.consent-before-start", "plan.intervention-known-modality"
)

#: The longest review interval or contact gap a policy may set, in days (ten years).
_MAX_DAYS = 3660


def accept_any_plan(plan: object, /) -> tuple[Violation, ...]:
    """
    The default aftercare and safety-plan hook: accept any plan object (``None`` is refused earlier).

    Example:
        >>> accept_any_plan("any plan object")
        ()
    """
    del plan
    return ()


def _check_hook(value: object, name: str) -> None:
    if not callable(value):
        raise fail((name,), "structure.type", "must be callable")


@frozen(kw_only=True)
class PhasePolicy:
    """
    An organization's thresholds and hooks for the phase machine.

    The default is deliberately free of invented numbers: reviews follow each plan's own
    `counselcore.model.ReviewSchedule`, and contact gaps are not flagged, because the
    clinical reference gives no figure for either. Set your organization's numbers here.

    Attributes:
        review_every_sessions: The organization's maximum number of active-phase sessions
            between reviews. A review is due when the plan's schedule *or* this says so.
            None: only the plan's schedule counts.
        review_every_days: The organization's maximum number of days between reviews
            (same rule). None: only the plan's schedule counts.
        max_days_without_contact: Days without contact after which the next event in an
            open phase (other than maintenance) is flagged with ``phases.contact-within-limit``
            (a warning: disengagement should be considered). None: not flagged.
        consent_required: Whether ``planning -> active`` needs informed consent on the plan.
        plan_rules: The plan rules ``planning -> active`` applies (error severity refuses).
        plan_context: The context for *plan_rules*.
        check_aftercare: Hook run on the aftercare plan when a case leaves ``termination``;
            the aftercare rules module plugs in here. Returns violations (under its own rule
            ids); any error refuses the move. Default: `accept_any_plan`.
        check_safety_plan: Hook run on the safety plan when a crisis is resolved, the same
            way. Default: `accept_any_plan`.

    Example:
        >>> DEFAULT_POLICY.consent_required, DEFAULT_POLICY.review_every_sessions
        (True, None)
        >>> ours = PhasePolicy(review_every_sessions=8, max_days_without_contact=30)
        >>> ours.max_days_without_contact
        30
    """

    review_every_sessions: int | None = None
    review_every_days: int | None = None
    max_days_without_contact: int | None = None
    consent_required: bool = True
    plan_rules: RuleSet[TreatmentPlan, PlanContext] = field(default=DEFAULT_PLAN_RULES, repr=False)
    plan_context: PlanContext = field(factory=PlanContext, repr=False)
    check_aftercare: Callable[[Any], tuple[Violation, ...]] = field(
        default=accept_any_plan, repr=False
    )
    check_safety_plan: Callable[[Any], tuple[Violation, ...]] = field(
        default=accept_any_plan, repr=False
    )

    def __attrs_post_init__(self) -> None:
        if self.review_every_sessions is not None:
            check_int(
                self.review_every_sessions, ("review_every_sessions",), minimum=1, maximum=1000
            )
        if self.review_every_days is not None:
            check_int(self.review_every_days, ("review_every_days",), minimum=1, maximum=_MAX_DAYS)
        if self.max_days_without_contact is not None:
            check_int(
                self.max_days_without_contact,
                ("max_days_without_contact",),
                minimum=1,
                maximum=_MAX_DAYS,
            )
        if type(self.consent_required) is not bool:
            raise fail(("consent_required",), "structure.type", "must be a bool")
        if type(self.plan_rules) is not RuleSet:
            raise fail(("plan_rules",), "structure.type", "must be a RuleSet")
        if type(self.plan_context) is not PlanContext:
            raise fail(("plan_context",), "structure.type", "must be a PlanContext")
        _check_hook(self.check_aftercare, "check_aftercare")
        _check_hook(self.check_safety_plan, "check_safety_plan")


#: The default policy: plan-driven reviews, no contact-gap flag, consent required,
#: `DEFAULT_PLAN_RULES`, and hooks that accept any aftercare or safety plan object.
DEFAULT_POLICY = PhasePolicy()
