"""The phase policy: an organization's thresholds and hooks, with a documented default."""

from collections.abc import Callable
from typing import Any

from attrs import field, frozen

from counselcore._internal.checks import check_int, fail
from counselcore.aftercare import (
    AftercareContext,
    AftercarePlan,
    SafetyPlan,
    check_aftercare,
    check_safety_plan,
)
from counselcore.measures import BUILTIN_INSTRUMENTS, InstrumentCatalog
from counselcore.modalities import BUILTIN_CATALOG, Catalog
from counselcore.model import TreatmentPlan
from counselcore.rules import PLAN_COMPLETENESS, PlanContext, RuleSet
from counselcore.violations import Violation

__all__ = [
    "DEFAULT_PLAN_RULES",
    "DEFAULT_POLICY",
    "PhasePolicy",
    "accept_any_plan",
    "check_aftercare_hook",
    "check_safety_plan_hook",
]

#: Plan completeness rules the ``planning -> active`` guard applies by default:
#: `counselcore.rules.PLAN_COMPLETENESS` without ``plan.consent-before-start`` and
#: ``plan.intervention-known-modality``, because ``phases.active-requires-consent`` and
#: ``phases.modality-known`` already report those (each problem is reported once).
DEFAULT_PLAN_RULES: RuleSet[TreatmentPlan, PlanContext] = PLAN_COMPLETENESS.without(
    "plan.consent-before-start", "plan.intervention-known-modality"
)

#: The longest review interval or contact gap a policy may set, in days (ten years).
_MAX_DAYS = 3660


def accept_any_plan(
    plan: object, risk_flags: frozenset[str] = frozenset(), /
) -> tuple[Violation, ...]:
    """
    A permissive hook: accept any aftercare or safety plan (``None`` is refused earlier).

    Use it where only the presence of a plan matters, as the benchmark's peers do.

    Example:
        >>> accept_any_plan(object(), frozenset({"risk.suicidal_ideation"}))
        ()
    """
    del plan, risk_flags
    return ()


def check_aftercare_hook(
    plan: AftercarePlan, risk_flags: frozenset[str], /
) -> tuple[Violation, ...]:
    """
    The default aftercare hook: `counselcore.aftercare.check_aftercare` with the case's risk flags.

    With a risk flag set (PHQ-9 item 9, say), ``aftercare.safety-plan-when-at-risk`` applies.

    Example:
        >>> from counselcore.examples import example_aftercare_plan
        >>> check_aftercare_hook(example_aftercare_plan(), frozenset({"risk.suicidal_ideation"}))
        ()
    """
    return check_aftercare(plan, context=AftercareContext(risk_flags=risk_flags))


def check_safety_plan_hook(
    plan: SafetyPlan, risk_flags: frozenset[str], /
) -> tuple[Violation, ...]:
    """
    The default safety-plan hook: `counselcore.aftercare.check_safety_plan` (all six sections).

    Example:
        >>> from counselcore.examples import example_safety_plan
        >>> check_safety_plan_hook(example_safety_plan(), frozenset())
        ()
    """
    del risk_flags  # the Stanley-Brown sections are required whatever the flags
    return check_safety_plan(plan)


#: The names of a policy's hooks.
_HOOKS = ("check_aftercare", "check_safety_plan")


def _check_hook(value: object, name: str) -> None:
    if not callable(value):
        raise fail((name,), "structure.type", "must be callable")


@frozen(kw_only=True)
class PhasePolicy:
    """
    An organization's thresholds and hooks for the phase machine.

    The default is deliberately free of invented numbers: reviews follow each plan's own
    `counselcore.model.ReviewSchedule`, and contact gaps are not flagged, because the
    published sources give no figure for either. Set your organization's numbers here.

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
        check_aftercare: Hook ``(plan, risk_flags)`` run on the aftercare plan when a case
            leaves ``termination``. Returns violations under their own rule ids; any error
            refuses the move. Default: `check_aftercare_hook` (the aftercare rules).
        check_safety_plan: Hook ``(plan, risk_flags)`` run on the safety plan when a crisis
            is resolved, the same way. Default: `check_safety_plan_hook`.
        catalog: The modality catalog plans and sessions are checked against.
        instruments: The instrument catalog recorded measures are checked against (known
            instrument, total within its range, risk flags it defines).

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
    check_aftercare: Callable[[Any, frozenset[str]], tuple[Violation, ...]] = field(
        default=check_aftercare_hook, repr=False
    )
    check_safety_plan: Callable[[Any, frozenset[str]], tuple[Violation, ...]] = field(
        default=check_safety_plan_hook, repr=False
    )
    catalog: Catalog = field(default=BUILTIN_CATALOG, repr=False)
    instruments: InstrumentCatalog = field(default=BUILTIN_INSTRUMENTS, repr=False)
    #: Derived from *instruments* once: id -> (lowest total, highest total, flags it can raise).
    #: Private and never handed out; a plain dict so that the policy pickles.
    _instrument_facts: dict[str, tuple[int, int, frozenset[str]]] = field(
        init=False, repr=False, eq=False, hash=False
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
        if type(self.catalog) is not Catalog:
            raise fail(("catalog",), "structure.type", "must be a Catalog")
        if type(self.instruments) is not InstrumentCatalog:
            raise fail(("instruments",), "structure.type", "must be an InstrumentCatalog")
        facts = {
            instrument.id: (*instrument.total_range, instrument.possible_risk_flags)
            for instrument in self.instruments
        }
        object.__setattr__(self, "_instrument_facts", facts)

    def run_hook(
        self, hook: str, plan: object, risk_flags: frozenset[str] = frozenset()
    ) -> tuple[Violation, ...]:
        """
        Call the hook named *hook* (``"check_aftercare"`` or ``"check_safety_plan"``) on *plan*.

        A hook is an organization's own code; one that answers with something other than
        violations (a string, a bool, ``None``) is a configuration error and is reported as one,
        not as a failure deep inside the machine.

        Raises:
            counselcore.errors.InvalidValueError: If *hook* is not a hook's name, or the hook
                did not return an iterable of `counselcore.Violation` (path ``(hook,)``, rule
                ``structure.type``).

        Example:
            >>> from counselcore.examples import example_safety_plan
            >>> DEFAULT_POLICY.run_hook("check_safety_plan", example_safety_plan())
            ()
            >>> careless = PhasePolicy(check_safety_plan=lambda plan, flags: "looks fine")
            >>> careless.run_hook("check_safety_plan", example_safety_plan())
            Traceback (most recent call last):
            counselcore.errors.InvalidValueError: 1 structural problem: check_safety_plan: the
            hook must return an iterable of Violations [structure.type]
        """
        if hook not in _HOOKS:
            raise fail(
                ("hook",), "structure.choice", "must be check_aftercare or check_safety_plan"
            )
        found = getattr(self, hook)(plan, risk_flags)
        if isinstance(found, str | bytes) or not hasattr(found, "__iter__"):
            raise fail((hook,), "structure.type", "the hook must return an iterable of Violations")
        violations = tuple(found)
        if not all(type(v) is Violation for v in violations):
            raise fail((hook,), "structure.type", "the hook must return an iterable of Violations")
        return violations

    def instrument_facts(self, instrument_id: str) -> tuple[int, int, frozenset[str]] | None:
        """
        Look up what the machine checks about instrument *instrument_id*.

        Returns its lowest and highest total and the risk flags it can raise, or None if
        *instruments* has no such instrument.

        Example:
            >>> DEFAULT_POLICY.instrument_facts("phq-9")
            (0, 27, frozenset({'risk.suicidal_ideation'}))
            >>> DEFAULT_POLICY.instrument_facts("PHQ9") is None
            True
        """
        if type(instrument_id) is not str:
            raise fail(("instrument_id",), "structure.type", "must be a string")
        return self._instrument_facts.get(instrument_id)


#: The default policy: plan-driven reviews, no contact-gap flag, consent required,
#: `DEFAULT_PLAN_RULES`, the built-in modality and instrument catalogs, and the aftercare and
#: safety-plan rules.
DEFAULT_POLICY = PhasePolicy()
