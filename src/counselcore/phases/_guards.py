"""
The phase guards: named rules with stable ``phases.*`` ids, and the checks delegated elsewhere.

Each guard is a `counselcore.rules.Rule` whose check reads the machine's working copy of the
case and the event, and returns `counselcore.rules.Finding` values (``()`` when it holds).
The machine stamps each finding with the rule's id and severity. Checks that belong to other
modules (modality prerequisites, the aftercare and safety-plan hooks) return their own
`Violation` values and are passed through unchanged, except that their paths are placed
under the event field they concern.
"""

import datetime as dt
import types
import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from attrs import evolve

from counselcore.model import CaseFormulation, SessionKind, TreatmentPlan
from counselcore.phases._codegen import compile_function
from counselcore.phases._events import (
    AftercareStarted,
    CrisisResolved,
    Discharged,
    IntakeCompleted,
    MeasureRecorded,
    PlanAgreed,
    SessionHeld,
    TerminationPlanned,
)
from counselcore.phases._modalities import MODALITY_KNOWN, modality_violations
from counselcore.phases._phase import PHASES, Phase
from counselcore.phases._revisions import (
    revision_date_in_order,
    revision_keeps_client,
    revision_keeps_plan_id,
    revision_version_consecutive,
    revision_version_increases,
)
from counselcore.rules import Finding, Rule, RuleSet
from counselcore.violations import Path, Severity, Violation

if TYPE_CHECKING:
    from counselcore.modalities import Catalog
    from counselcore.phases._state import _Work

__all__ = ["PHASE_GUARDS", "SESSION_KINDS"]

Findings = tuple[Finding, ...]
#: A check delegated to another module: returns that module's violations.
Delegated = Callable[["_Work", Any], tuple[Violation, ...]]

_OK: Findings = ()
#: The design decisions behind the phase guards, recorded on the docs' "Design decisions" page.
_SOURCE = "counselcore docs, Design decisions: 'The phase graph'"
_REVISION_SOURCE = (
    "counselcore docs, Design decisions: 'A plan revision is a new version with a reason'"
)
_MEASURE_SOURCE = (
    "The instrument's published scoring, as defined in counselcore.measures "
    "(e.g. PHQ-9: Kroenke, Spitzer & Williams 2001; GAD-7: Spitzer et al. 2006)"
)

#: The session kinds that make sense in each phase (closed: none), read-only.
SESSION_KINDS: Mapping[Phase, frozenset[SessionKind]] = types.MappingProxyType(
    {
        Phase.INTAKE: frozenset({SessionKind.INTAKE}),
        Phase.PLANNING: frozenset({SessionKind.INTAKE, SessionKind.INDIVIDUAL}),
        Phase.ACTIVE: frozenset({SessionKind.INDIVIDUAL}),
        Phase.REVIEW: frozenset({SessionKind.INDIVIDUAL}),
        Phase.CRISIS: frozenset({SessionKind.CRISIS, SessionKind.INDIVIDUAL}),
        Phase.TERMINATION: frozenset({SessionKind.INDIVIDUAL}),
        Phase.MAINTENANCE: frozenset({SessionKind.MAINTENANCE, SessionKind.BOOSTER}),
        Phase.CLOSED: frozenset(),
    }
)
#: Per phase index, the allowed kinds as a tuple: membership tests by identity, no enum hashing.
SESSION_KINDS_BY_INDEX: tuple[tuple[SessionKind, ...], ...] = tuple(
    tuple(kind for kind in SessionKind if kind in SESSION_KINDS[phase]) for phase in PHASES
)


# -- checks the machine runs itself on every event -------------------------------------------


def events_in_date_order(work: "_Work", event: Any) -> Findings:
    """An event is not dated before the previous accepted event (same day is fine)."""
    last = work.last_event_on
    if event.on >= last:
        return _OK
    days = (last - event.on).days
    return (
        Finding(
            path=("on",),
            message=f"is dated {days} day(s) before the previous accepted event",
            evidence=(("days_before", days),),
        ),
    )


def event_allowed_in_phase(work: "_Work", event: Any) -> Findings:
    """Used when the phase has no transition for the event's kind."""
    phase = work.phase.value
    kind = event.kind.value
    return (
        Finding(
            path=(),
            message=f"{kind} is not allowed in phase {phase}",
            evidence=(("event", kind), ("phase", phase)),
        ),
    )


def contact_within_limit(work: "_Work", event: Any) -> Findings:
    """Flag the first contact after a gap longer than the policy allows."""
    if event.on <= work.contact_deadline or work.last_contact_on is None:
        return _OK
    limit = work.policy.max_days_without_contact
    days = (event.on - work.last_contact_on).days
    return (
        Finding(
            path=("on",),
            message=f"comes {days} days after the last contact (limit {limit}): "
            "consider disengagement",
            evidence=(("days_without_contact", days), ("limit", limit)),
        ),
    )


# -- guards on particular transitions --------------------------------------------------------


def intake_requires_formulation(_work: "_Work", event: IntakeCompleted) -> Findings:
    """The formulation names at least one presenting problem."""
    if event.formulation.presenting_problems:
        return _OK
    return (
        Finding(
            path=("formulation", "presenting_problems"),
            message="the formulation names no presenting problem",
        ),
    )


def intake_requires_risk_screen(_work: "_Work", event: IntakeCompleted) -> Findings:
    """The formulation carries a risk screen completed on or before the event."""
    risk = event.formulation.risk
    if risk is None:
        return (
            Finding(path=("formulation", "risk"), message="the formulation has no risk screen"),
        )
    if risk.screened_on > event.on:
        days = (risk.screened_on - event.on).days
        return (
            Finding(
                path=("formulation", "risk", "screened_on"),
                message=f"the risk screen is dated {days} day(s) after intake completed",
                evidence=(("days_after", days),),
            ),
        )
    return _OK


def plan_matches_formulation(work: "_Work", event: PlanAgreed) -> Findings:
    """A plan that names a formulation names the case's current one."""
    named = event.plan.formulation_id
    formulation = work.formulation
    if named is None or formulation is None or named == formulation.formulation_id:
        return _OK
    return (
        Finding(
            path=("plan", "formulation_id"),
            message="the plan names a formulation other than the case's current one",
            evidence=(
                ("plan_formulation_id", named),
                ("case_formulation_id", formulation.formulation_id),
            ),
        ),
    )


def active_requires_consent(work: "_Work", event: PlanAgreed) -> Findings:
    """Informed consent is recorded on the plan on or before treatment starts (if required)."""
    if not work.policy.consent_required:
        return _OK
    consent = event.plan.consent_recorded_on
    if consent is None:
        return (
            Finding(
                path=("plan", "consent_recorded_on"), message="no informed consent is recorded"
            ),
        )
    if consent > event.on:
        days = (consent - event.on).days
        return (
            Finding(
                path=("plan", "consent_recorded_on"),
                message=f"consent is recorded {days} day(s) after treatment starts",
                evidence=(("days_late", days),),
            ),
        )
    return _OK


def active_requires_plan(work: "_Work", event: PlanAgreed) -> Findings:
    """
    The plan passes the policy's plan rules: each error-severity violation is reported.

    This is the error-severity part of ``check_plan(plan, ruleset=policy.plan_rules,
    context=policy.plan_context)``, in the same order: the rule set's error rules are run
    directly, so a passing plan costs no `Report` or `Violation` objects.
    """
    policy = work.policy
    plan = event.plan
    context = policy.plan_context
    found: list[Finding] = []
    for rule in policy.plan_rules.rules:
        if rule.severity is not Severity.ERROR:
            continue
        for finding in rule.check(plan, context):
            found.append(  # noqa: PERF401 - a loop costs less than a generator when empty
                Finding(
                    path=("plan", *finding.path),
                    message=f"{finding.message} [{rule.id}]",
                    evidence=(("plan_rule", rule.id), *finding.evidence),
                )
            )
    return tuple(found)


def plan_modalities(work: "_Work", plan: TreatmentPlan) -> tuple[str, ...]:
    """The distinct modality ids a plan's interventions name, sorted (kept for the last plan)."""
    if work.modalities_of is plan:
        return work.modalities
    found = tuple(
        sorted(
            {
                intervention.modality
                for _, objective in plan.iter_objectives()
                for intervention in objective.interventions
            }
        )
    )
    work.modalities_of = plan
    work.modalities = found
    return found


def active_requires_modality(work: "_Work", event: PlanAgreed) -> Findings:
    """The plan chooses at least one modality (an intervention names it)."""
    if plan_modalities(work, event.plan):
        return _OK
    return (
        Finding(
            path=("plan", "goals"),
            message="no intervention in the plan names a modality",
        ),
    )


def modality_known(work: "_Work", event: Any) -> Findings:
    """Every modality the plan or session names is in the catalog (reported by `_modalities`)."""
    return tuple(
        Finding(path=v.path, message=v.message, evidence=v.evidence)
        for v in modality_check(work, event)
        if v.rule == MODALITY_KNOWN
    )


def review_due(work: "_Work", event: Any) -> Findings:
    """Explain why no review is due yet (by sessions or days)."""
    every = work.review_every
    sessions = work.sessions_since_review
    evidence: list[tuple[str, int | None]] = [
        ("sessions_since_review", sessions),
        ("review_every_sessions", None if every >= _NO_LIMIT else every),
    ]
    due_on = work.review_due_on
    if due_on < _NEVER:
        evidence.append(("days_until_due", (due_on - event.on).days))
    return (
        Finding(
            path=("on",),
            message=f"no review is due yet ({sessions} session(s) since the last review)",
            evidence=tuple(evidence),
        ),
    )


def review_on_time(work: "_Work", event: Any) -> Findings:
    """Explain why an active-phase session is held while a review is due (a warning)."""
    sessions = work.sessions_since_review
    if sessions >= work.review_every:
        return (
            Finding(
                path=("on",),
                message=f"a review is due: {sessions} session(s) since the last one",
                evidence=(("sessions_since_review", sessions),),
            ),
        )
    overdue = (event.on - work.review_due_on).days
    return (
        Finding(
            path=("on",),
            message=f"a review has been due for {overdue} day(s)",
            evidence=(("days_overdue", overdue),),
        ),
    )


def session_kind_fits_phase(work: "_Work", event: SessionHeld) -> Findings:
    """Explain why the session's kind does not fit the current phase."""
    kind = event.session.kind
    phase = PHASES[work.pi].value
    return (
        Finding(
            path=("session", "kind"),
            message=f"a {kind.value} session does not belong in phase {phase}",
            evidence=(("session_kind", kind.value), ("phase", phase)),
        ),
    )


def termination_requires_reason(work: "_Work", event: TerminationPlanned) -> Findings:
    """Termination follows goals met at the last review, or the client's own choice."""
    if work.goals_met or event.client_initiated:
        return _OK
    return (
        Finding(
            path=("client_initiated",),
            message="the last review did not find the goals met and the client did not ask to end",
        ),
    )


def termination_requires_plan(_work: "_Work", event: TerminationPlanned) -> Findings:
    """A termination plan is recorded."""
    if event.termination_plan_recorded:
        return _OK
    return (
        Finding(path=("termination_plan_recorded",), message="no termination plan is recorded"),
    )


def crisis_exit_requires_safety_plan(_work: "_Work", event: CrisisResolved) -> Findings:
    """A crisis is resolved only with a safety plan in place."""
    if event.safety_plan is not None:
        return _OK
    return (Finding(path=("safety_plan",), message="no safety plan is in place"),)


def crisis_exit_requires_risk_rescreen(work: "_Work", event: CrisisResolved) -> Findings:
    """Risk was re-screened during the crisis: on or after it began, not after it is resolved."""
    screened = event.risk_screened_on
    began = work.crisis_began_on
    if screened is None:
        return (Finding(path=("risk_screened_on",), message="risk has not been re-screened"),)
    if began is not None and screened < began:
        days = (began - screened).days
        return (
            Finding(
                path=("risk_screened_on",),
                message=f"the risk screen predates the crisis by {days} day(s)",
                evidence=(("days_before_crisis", days),),
            ),
        )
    if screened > event.on:
        days = (screened - event.on).days
        return (
            Finding(
                path=("risk_screened_on",),
                message=f"the risk screen is dated {days} day(s) after the crisis was resolved",
                evidence=(("days_after", days),),
            ),
        )
    return _OK


def replan_requires_formulation(work: "_Work", event: CrisisResolved) -> Findings:
    """Going back to planning after a crisis needs a formulation (intake must be complete)."""
    if not event.replan or work.formulation is not None:
        return _OK
    return (
        Finding(
            path=("replan",),
            message="the crisis interrupted intake: there is no formulation to plan from",
        ),
    )


def aftercare_plan_required(_work: "_Work", event: AftercareStarted | Discharged) -> Findings:
    """Leaving termination (for maintenance or discharge) needs an aftercare plan."""
    if event.aftercare_plan is not None:
        return _OK
    return (Finding(path=("aftercare_plan",), message="no aftercare plan is given"),)


# -- measures: checked against the policy's instrument catalog ------------------------------


def _instrument(work: "_Work", instrument_id: str) -> tuple[int, int, frozenset[str]] | None:
    """The policy's facts about *instrument_id* (range, flags), or None if it is unknown."""
    return work.policy.instrument_facts(instrument_id)


def measure_instrument_known(work: "_Work", event: MeasureRecorded) -> Findings:
    """The measure names an instrument of the policy's catalog."""
    if _instrument(work, event.instrument) is not None:
        return _OK
    return (
        Finding(
            path=("instrument",),
            message=f"instrument {event.instrument!r} is not in the catalog",
            evidence=(("instrument", event.instrument),),
        ),
    )


def measure_total_in_range(work: "_Work", event: MeasureRecorded) -> Findings:
    """The total lies within the instrument's possible totals."""
    instrument = _instrument(work, event.instrument)
    if instrument is None:
        return _OK
    low, high, _ = instrument
    if low <= event.total <= high:
        return _OK
    return (
        Finding(
            path=("total",),
            message=f"the total {event.total} lies outside {low}-{high}",
            evidence=(("total", event.total), ("low", low), ("high", high)),
        ),
    )


def measure_risk_flags_known(work: "_Work", event: MeasureRecorded) -> Findings:
    """Every risk flag is one the instrument's risk items can raise."""
    flags = event.risk_flags
    if not flags:
        return _OK
    instrument = _instrument(work, event.instrument)
    if instrument is None:
        return _OK
    known = instrument[2]
    return tuple(
        Finding(
            path=("risk_flags",),
            message=f"{event.instrument} raises no risk flag {flag!r}",
            evidence=(("instrument", event.instrument), ("flag", flag)),
        )
        for flag in sorted(flags - known)
    )


# -- checks delegated to other modules -------------------------------------------------------


def _under(prefix: Path, found: tuple[Violation, ...]) -> tuple[Violation, ...]:
    return tuple(evolve(v, path=(*prefix, *v.path)) for v in found)


def modality_check(work: "_Work", event: Any) -> tuple[Violation, ...]:
    if type(event) is PlanAgreed:
        return plan_modality_prerequisites(work, event)
    return session_modality_prerequisites(work, event)


def plan_modality_prerequisites(work: "_Work", event: PlanAgreed) -> tuple[Violation, ...]:
    """Every modality the plan names has its prerequisites met (delegated to `_modalities`)."""
    found: tuple[Violation, ...] = ()
    for modality in plan_modalities(work, event.plan):
        problems = _prerequisites(work, modality, in_crisis=False)
        if problems:
            found += _under(("plan", "interventions", modality), problems)
    return found


def session_modality_prerequisites(work: "_Work", event: SessionHeld) -> tuple[Violation, ...]:
    """The session's modality has its prerequisites met (delegated to `_modalities`)."""
    modality = event.session.modality
    if modality is None:
        return ()
    problems = _prerequisites(work, modality, in_crisis=work.pi == _CRISIS)
    if not problems:
        work.modality_ok.add(modality)
        return ()
    return _under(("session",), problems)


#: Answers about a formulation, kept only while the caller keeps that formulation: the keys are
#: weak references, so an entry goes when its formulation is collected, and the answers (rule
#: ids, paths and catalog messages) hold no reference to it. Nothing here keeps clinical data
#: alive after a call returns.
_Answers = dict[tuple[str, bool, bool], tuple["Catalog", tuple[Violation, ...]]]
_ANSWERS: "weakref.WeakKeyDictionary[CaseFormulation, _Answers]" = weakref.WeakKeyDictionary()


def _prerequisites(work: "_Work", modality: str, *, in_crisis: bool) -> tuple[Violation, ...]:
    """
    `modality_violations` for the case now.

    Memoized for this call, and per formulation for as long as the caller keeps that
    formulation (a weak-keyed table; see `_ANSWERS`).
    """
    formulation: CaseFormulation | None = work.formulation
    stabilized: bool = work.stabilization_met
    key = (modality, formulation, in_crisis, stabilized)
    memo = work.memo
    found: tuple[Violation, ...] | None = memo.get(key)
    if found is not None:
        return found
    catalog = work.policy.catalog
    answers = None if formulation is None else _ANSWERS.get(formulation)
    kept = None if answers is None else answers.get((modality, in_crisis, stabilized))
    if kept is not None and kept[0] is catalog:
        found = kept[1]
    else:
        found = modality_violations(
            modality, formulation, in_crisis=in_crisis, stabilized=stabilized, catalog=catalog
        )
        if formulation is not None:
            if answers is None:
                answers = _ANSWERS.setdefault(formulation, {})
            answers[modality, in_crisis, stabilized] = (catalog, found)
    memo[key] = found
    return found


def aftercare_hook(work: "_Work", event: AftercareStarted | Discharged) -> tuple[Violation, ...]:
    """The policy's aftercare hook accepts the aftercare plan."""
    plan = event.aftercare_plan
    if plan is None:
        return ()
    return _under(
        ("aftercare_plan",), work.policy.run_hook("check_aftercare", plan, _risk_flags(work))
    )


def safety_plan_hook(work: "_Work", event: CrisisResolved) -> tuple[Violation, ...]:
    """The policy's safety-plan hook accepts the safety plan."""
    plan = event.safety_plan
    if plan is None:
        return ()
    return _under(
        ("safety_plan",), work.policy.run_hook("check_safety_plan", plan, _risk_flags(work))
    )


def _risk_flags(work: "_Work") -> frozenset[str]:
    """The risk flags of the latest measure of each instrument (as `CaseState.risk_flags`)."""
    return frozenset().union(*work.flags.values())


_CRISIS = Phase.CRISIS.index
_NO_LIMIT = 1 << 62
_NEVER = dt.date.max


def _rule(
    rule_id: str,
    description: str,
    check: Callable[["_Work", Any], Findings],
    severity: Severity = Severity.ERROR,
    source: str = _SOURCE,
    *,
    state_only: bool = False,
    holds: str | None = None,
) -> "GuardDeclaration":
    """
    Declare one guard: its rule, whether it reads only the case and the date, and *holds*.

    Guards that read only the case and the event's date (*state_only*) are what
    `counselcore.phases.allowed_events` can check before an event exists. A guard on a hot
    path may give *holds*, a Python expression over ``work`` and ``event`` that is true exactly
    when the guard holds; *check* then only explains a failure, the rule's check is generated
    as ``() if holds else check(work, event)``, and the machine inlines *holds* in the fused
    code it generates. The expression is written here and nowhere else.
    """
    if holds is not None:
        check = generated_check(rule_id, holds, check)
    rule = Rule(id=rule_id, description=description, check=check, severity=severity, source=source)
    return rule, state_only, holds


#: A guard as declared: its rule, whether it reads only the case and the date, and the
#: expression that is true exactly when it holds (or None).
GuardDeclaration = tuple["Rule[Any, Any]", bool, str | None]
#: What *holds* expressions may name besides ``work`` and ``event``.
HOLDS_NAMESPACE: Mapping[str, Any] = types.MappingProxyType(
    {"SESSION_KINDS_BY_INDEX": SESSION_KINDS_BY_INDEX}
)


def generated_check(
    rule_id: str, holds: str, explain: Callable[["_Work", Any], Findings]
) -> Callable[["_Work", Any], Findings]:
    """The check ``() if holds else explain(work, event)``, generated for the guard *rule_id*."""
    name = "check_" + rule_id.replace(".", "_").replace("-", "_")
    source = f"def {name}(work, event):\n    if {holds}:\n        return ()\n    return explain(work, event)\n"
    namespace = {**HOLDS_NAMESPACE, "explain": explain}
    check: Callable[[_Work, Any], Findings] = compile_function(name, source, namespace)
    check.__doc__ = explain.__doc__
    return check


_GUARD_ITEMS: tuple[GuardDeclaration, ...] = (
    _rule(
        "phases.events-in-date-order",
        "An event is not dated before the previous accepted event (the same day is fine).",
        events_in_date_order,
    ),
    _rule(
        "phases.event-allowed-in-phase",
        "The current phase has a transition for the event's kind.",
        event_allowed_in_phase,
    ),
    _rule(
        "phases.intake-requires-formulation",
        "Intake completes with a formulation naming at least one presenting problem.",
        intake_requires_formulation,
    ),
    _rule(
        "phases.intake-requires-risk-screen",
        "Intake completes with a risk screen done on or before that day.",
        intake_requires_risk_screen,
    ),
    _rule(
        "phases.plan-matches-formulation",
        "A plan that names a formulation names the case's current one.",
        plan_matches_formulation,
    ),
    _rule(
        "phases.active-requires-consent",
        "Treatment starts only with informed consent recorded on or before that day "
        "(when the policy requires consent).",
        active_requires_consent,
        source="Informed consent before treatment (e.g. APA Ethical Principles, Standard 10.01)",
    ),
    _rule(
        "phases.active-requires-plan",
        "Treatment starts only under a plan without error-severity findings of the policy's "
        "plan rules (goals, measurable objectives, review schedule, ...).",
        active_requires_plan,
    ),
    _rule(
        "phases.active-requires-modality",
        "Treatment starts only under a plan whose interventions name at least one modality.",
        active_requires_modality,
    ),
    _rule(
        MODALITY_KNOWN,
        "Every modality a plan or session names is in the modality catalog.",
        modality_known,
    ),
    _rule(
        "phases.review-due",
        "Active treatment moves to review only when a review is due by sessions or days.",
        review_due,
        state_only=True,
        holds="not work.review_scheduled or work.review_due(event.on)",
    ),
    _rule(
        "phases.review-on-time",
        "No active-phase session is held while a review is due.",
        review_on_time,
        severity=Severity.WARNING,
        state_only=True,
        holds="work.sessions_since_review < work.review_every and event.on < work.review_due_on",
    ),
    _rule(
        "phases.session-kind-fits-phase",
        "A session's kind makes sense in the current phase.",
        session_kind_fits_phase,
        holds="event.session.kind in SESSION_KINDS_BY_INDEX[work.pi]",
    ),
    _rule(
        "phases.termination-requires-reason",
        "Termination follows goals met at the last review, or the client's own choice.",
        termination_requires_reason,
    ),
    _rule(
        "phases.termination-requires-plan",
        "Termination is planned with a termination plan recorded.",
        termination_requires_plan,
    ),
    _rule(
        "phases.crisis-exit-requires-safety-plan",
        "A crisis is resolved only with a safety plan in place.",
        crisis_exit_requires_safety_plan,
        source="Stanley & Brown, Safety Planning Intervention (2012)",
    ),
    _rule(
        "phases.crisis-exit-requires-risk-rescreen",
        "A crisis is resolved only after risk was re-screened since it began.",
        crisis_exit_requires_risk_rescreen,
    ),
    _rule(
        "phases.replan-requires-formulation",
        "A crisis returns to planning only when intake is complete.",
        replan_requires_formulation,
    ),
    _rule(
        "phases.aftercare-plan-required",
        "A case leaves termination (for maintenance or discharge) only with an aftercare plan.",
        aftercare_plan_required,
    ),
    _rule(
        "phases.contact-within-limit",
        "Contact in an open phase other than maintenance is no further apart than the "
        "policy's maximum (when set); a longer gap is flagged so disengagement is considered.",
        contact_within_limit,
        severity=Severity.WARNING,
        state_only=True,
    ),
    _rule(
        "phases.revision-keeps-plan-id",
        "A plan agreed while another is in force is a revision of it: it keeps the plan id.",
        revision_keeps_plan_id,
        source=_REVISION_SOURCE,
    ),
    _rule(
        "phases.revision-keeps-client",
        "A revision is for the same client as the plan in force.",
        revision_keeps_client,
        source=_REVISION_SOURCE,
    ),
    _rule(
        "phases.revision-version-increases",
        "A revision carries a strictly higher version than the plan in force.",
        revision_version_increases,
        source=_REVISION_SOURCE,
    ),
    _rule(
        "phases.revision-version-consecutive",
        "A revision's version follows the plan in force without a gap (versions never agreed "
        "are flagged).",
        revision_version_consecutive,
        severity=Severity.WARNING,
        source="counselcore docs, Phases: 'Plan revisions' (a drafted version may never be agreed)",
    ),
    _rule(
        "phases.revision-date-in-order",
        "A revision comes into force (revised_on, else starts_on) on or after the day the plan "
        "in force did.",
        revision_date_in_order,
        source=_REVISION_SOURCE,
    ),
    _rule(
        "phases.measure-instrument-known",
        "A recorded measure names an instrument of the policy's instrument catalog.",
        measure_instrument_known,
        source="counselcore docs, Phases: 'Measures' (a measure names a catalogued instrument)",
    ),
    _rule(
        "phases.measure-total-in-range",
        "A recorded total lies within the instrument's possible totals.",
        measure_total_in_range,
        source=_MEASURE_SOURCE,
    ),
    _rule(
        "phases.measure-risk-flags-known",
        "A recorded measure raises only risk flags its instrument can raise.",
        measure_risk_flags_known,
        source=_MEASURE_SOURCE,
    ),
)

#: Every guard as declared: (rule, reads only the case and the date).
GUARD_DECLARATIONS: tuple[GuardDeclaration, ...] = _GUARD_ITEMS

#: Every guard the phase machine applies, as named rules (ids are stable public API).
PHASE_GUARDS: "RuleSet[Any, Any]" = RuleSet(
    name="phase-guards", rules=tuple(rule for rule, _, _ in _GUARD_ITEMS)
)
#: The ids of the guards that read only the case and the event's date.
STATE_ONLY: frozenset[str] = frozenset(rule.id for rule, only, _ in _GUARD_ITEMS if only)
