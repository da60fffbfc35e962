"""
The transition table and the pure step: `transition`, `allowed_events`, `Outcome`.

The table is a tuple of rows, one per phase, each a tuple with one slot per event kind holding
the transition (target, guards, effect) or None. Guards are plain functions; the effect
mutates the private working copy only after every guard has passed, so a refused event
never changes anything.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

from attrs import frozen

from counselcore.errors import TransitionRefusedError, UnknownEventError, UnsupportedTypeError
from counselcore.model import SessionKind
from counselcore.phases import _guards as g
from counselcore.phases._events import EVENT_TYPES, EventKind
from counselcore.phases._phase import PHASES, Phase
from counselcore.phases._policy import DEFAULT_POLICY, PhasePolicy
from counselcore.phases._state import CaseState, _Work
from counselcore.rules import Finding, Rule
from counselcore.violations import Severity, Violation, has_errors, with_severity

__all__ = [
    "AllowedEvents",
    "EventOption",
    "Outcome",
    "PhaseTransition",
    "TRANSITIONS",
    "allowed_events",
    "transition",
]

Effect = Callable[[_Work, Any], None]
Check = Callable[[_Work, Any], tuple[Any, ...]]

_INTAKE = Phase.INTAKE.index
_PLANNING = Phase.PLANNING.index
_ACTIVE = Phase.ACTIVE.index
_REVIEW = Phase.REVIEW.index
_CRISIS = Phase.CRISIS.index
_TERMINATION = Phase.TERMINATION.index
_MAINTENANCE = Phase.MAINTENANCE.index
_CLOSED = Phase.CLOSED.index


# -- effects: each runs only after every guard passed ---------------------------------------


def _nothing(_work: _Work, _event: Any) -> None:
    return


def _complete_intake(work: _Work, event: Any) -> None:
    work.pi = _PLANNING
    work.formulation = event.formulation
    work.stabilization_met = event.stabilization_met
    work.modality_ok.clear()


def _agree_plan(work: _Work, event: Any) -> None:
    if work.pi == _PLANNING:
        work.review_anchor_on = event.on
    work.pi = _ACTIVE
    work.plan = event.plan
    work.goals_met = False
    work.sessions_since_review = 0
    work.refresh_review()


def _count_session(work: _Work, _event: Any) -> None:
    work.sessions_since_review += 1


def _resume_with_session(work: _Work, _event: Any) -> None:
    work.pi = _ACTIVE
    work.sessions_since_review = 1


def _maintenance_session(work: _Work, event: Any) -> None:
    if event.session.kind is SessionKind.BOOSTER:
        work.booster_due = False


def _hold_review(work: _Work, event: Any) -> None:
    work.pi = _REVIEW
    work.sessions_since_review = 0
    work.last_review_on = event.on
    work.review_anchor_on = event.on
    work.goals_met = event.goals_met
    stabilized = event.stabilization_met
    if stabilized is not None and stabilized is not work.stabilization_met:
        work.stabilization_met = stabilized
        work.modality_ok.clear()
    work.refresh_review()


def _record_measure(work: _Work, event: Any) -> None:
    flags = event.risk_flags
    if flags:
        work.flags[event.instrument] = flags
    elif work.flags:
        work.flags.pop(event.instrument, None)


def _begin_crisis(work: _Work, event: Any) -> None:
    work.interrupted_phase = PHASES[work.pi]
    work.crisis_began_on = event.on
    work.pi = _CRISIS
    work.stabilization_met = False
    work.modality_ok.clear()


def _resolve_crisis(work: _Work, event: Any) -> None:
    interrupted = work.interrupted_phase
    work.pi = _PLANNING if event.replan or interrupted is None else interrupted.index
    work.interrupted_phase = None
    work.crisis_began_on = None
    work.safety_plan_present = True
    work.modality_ok.clear()


def _plan_termination(work: _Work, _event: Any) -> None:
    work.pi = _TERMINATION


def _start_aftercare(work: _Work, _event: Any) -> None:
    work.pi = _MAINTENANCE
    work.aftercare_plan_present = True
    work.booster_due = False


def _discharge(work: _Work, event: Any) -> None:
    work.pi = _CLOSED
    if event.aftercare_plan is not None:
        work.aftercare_plan_present = True


def _disengage(work: _Work, event: Any) -> None:
    work.pi = _CLOSED
    work.disengagement_reason = event.reason
    work.interrupted_phase = None
    work.crisis_began_on = None


def _resume_after_relapse(work: _Work, event: Any) -> None:
    work.pi = _ACTIVE
    work.sessions_since_review = 0
    work.review_anchor_on = event.on
    work.goals_met = False
    work.booster_due = False
    work.refresh_review()


def _lapse_in_maintenance(work: _Work, _event: Any) -> None:
    work.booster_due = True


def _hold_booster(work: _Work, _event: Any) -> None:
    work.booster_due = False


def _rerefer(work: _Work, event: Any) -> None:
    work.episode += 1
    work.pi = _INTAKE
    work.opened_on = event.on
    work.interrupted_phase = None
    work.crisis_began_on = None
    work.formulation = None
    work.plan = None
    work.sessions_since_review = 0
    work.review_anchor_on = None
    work.last_review_on = None
    work.flags.clear()
    work.safety_plan_present = False
    work.stabilization_met = False
    work.goals_met = False
    work.aftercare_plan_present = False
    work.booster_due = False
    work.disengagement_reason = None
    work.modality_ok.clear()
    work.refresh_review()


# -- the table ------------------------------------------------------------------------------

#: Delegated checks, by the name the transition table lists them under.
_DELEGATED: dict[str, g.Delegated] = {
    "modality-prerequisites": g.modality_check,
    "aftercare-hook": g.aftercare_hook,
    "safety-plan-hook": g.safety_plan_hook,
}
_RULES: dict[str, Rule[Any, Any]] = dict(g.rules_by_id())


def _delegated(name: str, kind: EventKind) -> g.Delegated:
    """The delegated check *name* for events of *kind* (the modality check depends on it)."""
    if name == "modality-prerequisites":
        if kind is EventKind.PLAN_AGREED:
            return g.plan_modality_prerequisites
        return g.session_modality_prerequisites
    return _DELEGATED[name]


_K = EventKind
_P = Phase
_START_PLAN = (
    "phases.plan-matches-formulation",
    "phases.active-requires-consent",
    "phases.active-requires-plan",
    "phases.active-requires-modality",
)
_KIND = ("phases.session-kind-fits-phase",)
_MOD = ("modality-prerequisites",)
_BACK_FROM_CRISIS = (_P.INTAKE, _P.PLANNING, _P.ACTIVE, _P.REVIEW, _P.TERMINATION, _P.MAINTENANCE)

# (source, event kind, targets, guard rule ids, delegated checks, effect)
_Spec = tuple[Phase, EventKind, tuple[Phase, ...], tuple[str, ...], tuple[str, ...], Effect]
_SPECIFIC: tuple[_Spec, ...] = (
    (
        _P.INTAKE,
        _K.INTAKE_COMPLETED,
        (_P.PLANNING,),
        ("phases.intake-requires-formulation", "phases.intake-requires-risk-screen"),
        (),
        _complete_intake,
    ),
    (_P.INTAKE, _K.SESSION_HELD, (_P.INTAKE,), _KIND, _MOD, _nothing),
    (_P.PLANNING, _K.PLAN_AGREED, (_P.ACTIVE,), _START_PLAN, _MOD, _agree_plan),
    (_P.PLANNING, _K.SESSION_HELD, (_P.PLANNING,), _KIND, _MOD, _nothing),
    (
        _P.ACTIVE,
        _K.SESSION_HELD,
        (_P.ACTIVE,),
        (*_KIND, "phases.review-on-time"),
        _MOD,
        _count_session,
    ),
    (_P.ACTIVE, _K.REVIEW_HELD, (_P.REVIEW,), ("phases.review-due",), (), _hold_review),
    (_P.ACTIVE, _K.LAPSE_REPORTED, (_P.ACTIVE,), (), (), _nothing),
    (_P.ACTIVE, _K.RELAPSE_REPORTED, (_P.ACTIVE,), (), (), _nothing),
    (_P.REVIEW, _K.SESSION_HELD, (_P.ACTIVE,), _KIND, _MOD, _resume_with_session),
    (_P.REVIEW, _K.PLAN_AGREED, (_P.ACTIVE,), _START_PLAN, _MOD, _agree_plan),
    (_P.REVIEW, _K.REVIEW_HELD, (_P.REVIEW,), (), (), _hold_review),
    (
        _P.REVIEW,
        _K.TERMINATION_PLANNED,
        (_P.TERMINATION,),
        ("phases.termination-requires-reason", "phases.termination-requires-plan"),
        (),
        _plan_termination,
    ),
    (_P.REVIEW, _K.LAPSE_REPORTED, (_P.REVIEW,), (), (), _nothing),
    (_P.CRISIS, _K.SESSION_HELD, (_P.CRISIS,), _KIND, _MOD, _nothing),
    (
        _P.CRISIS,
        _K.CRISIS_RESOLVED,
        _BACK_FROM_CRISIS,
        (
            "phases.crisis-exit-requires-safety-plan",
            "phases.crisis-exit-requires-risk-rescreen",
            "phases.replan-requires-formulation",
        ),
        ("safety-plan-hook",),
        _resolve_crisis,
    ),
    (_P.TERMINATION, _K.SESSION_HELD, (_P.TERMINATION,), _KIND, _MOD, _nothing),
    (
        _P.TERMINATION,
        _K.AFTERCARE_STARTED,
        (_P.MAINTENANCE,),
        ("phases.aftercare-plan-required",),
        ("aftercare-hook",),
        _start_aftercare,
    ),
    (
        _P.TERMINATION,
        _K.DISCHARGED,
        (_P.CLOSED,),
        ("phases.aftercare-plan-required",),
        ("aftercare-hook",),
        _discharge,
    ),
    (_P.TERMINATION, _K.RELAPSE_REPORTED, (_P.ACTIVE,), (), (), _resume_after_relapse),
    (_P.TERMINATION, _K.LAPSE_REPORTED, (_P.TERMINATION,), (), (), _nothing),
    (_P.MAINTENANCE, _K.SESSION_HELD, (_P.MAINTENANCE,), _KIND, _MOD, _maintenance_session),
    (_P.MAINTENANCE, _K.BOOSTER_HELD, (_P.MAINTENANCE,), (), (), _hold_booster),
    (_P.MAINTENANCE, _K.LAPSE_REPORTED, (_P.MAINTENANCE,), (), (), _lapse_in_maintenance),
    (_P.MAINTENANCE, _K.RELAPSE_REPORTED, (_P.ACTIVE,), (), (), _resume_after_relapse),
    (_P.MAINTENANCE, _K.DISCHARGED, (_P.CLOSED,), (), (), _discharge),
    (_P.CLOSED, _K.RE_REFERRED, (_P.INTAKE,), (), (), _rerefer),
)


def _common(phase: Phase) -> tuple[_Spec, ...]:
    """Measures, crises and disengagement: possible in every open phase."""
    crisis: tuple[_Spec, ...] = (
        ((phase, _K.CRISIS_BEGAN, (_P.CRISIS,), (), (), _begin_crisis),)
        if phase is not _P.CRISIS
        else ()
    )
    return (
        (phase, _K.MEASURE_RECORDED, (phase,), (), (), _record_measure),
        *crisis,
        (phase, _K.DISENGAGED, (_P.CLOSED,), (), (), _disengage),
    )


def _ordered() -> tuple[_Spec, ...]:
    specs = [*_SPECIFIC]
    for phase in PHASES:
        if phase.is_open:
            specs.extend(_common(phase))
    kinds = list(EventKind)
    return tuple(sorted(specs, key=lambda s: (s[0].index, kinds.index(s[1]))))


#: Events that count as contact with the client (all but measures, discharge, disengagement).
_NOT_CONTACT = frozenset({_K.MEASURE_RECORDED, _K.DISCHARGED, _K.DISENGAGED})
#: Phases in which a long gap between contacts is flagged (maintenance is sparse by design).
_GAP_PHASES = frozenset(PHASES) - {_P.MAINTENANCE, _P.CLOSED}


@frozen(kw_only=True)
class PhaseTransition:
    """
    One row of the transition table: from *source* on an *event* of that kind to *targets*.

    *targets* lists every phase the event can lead to (a resolved crisis returns to the phase
    it interrupted, or goes to planning). *guards* are the ``phases.*`` rule ids checked;
    *delegated* names checks owned by other modules (``modality-prerequisites``,
    ``aftercare-hook``, ``safety-plan-hook``).

    Example:
        >>> row = next(t for t in TRANSITIONS if t.event is EventKind.PLAN_AGREED)
        >>> row.source, row.targets
        (<Phase.PLANNING: 'planning'>, (<Phase.ACTIVE: 'active'>,))
        >>> row.guards[1]
        'phases.active-requires-consent'
    """

    source: Phase
    event: EventKind
    targets: tuple[Phase, ...]
    guards: tuple[str, ...] = ()
    delegated: tuple[str, ...] = ()


#: The transition table, ordered by source phase and then event kind.
TRANSITIONS: tuple[PhaseTransition, ...] = tuple(
    PhaseTransition(source=s, event=k, targets=t, guards=gs, delegated=ds)
    for s, k, t, gs, ds, _ in _ordered()
)


Runner = Callable[[_Work, Any], bool]


def _generic_runner(checks: tuple[Check, ...], effect: Effect) -> Runner:
    """Run *checks*; if none finds anything, apply *effect* and return True."""
    if not checks:

        def run_unguarded(work: _Work, event: Any) -> bool:
            effect(work, event)
            return True

        return run_unguarded

    def run(work: _Work, event: Any) -> bool:
        for check in checks:
            if check(work, event):
                return False
        effect(work, event)
        return True

    return run


def _session_runner(source: Phase, effect: Effect) -> Runner:
    """
    The fused fast check for a session: kind fits, modality prerequisites hold, no review due.

    Says True (and applies the event) exactly when the step would accept it with nothing to
    report; a property test holds it to that.
    """
    kinds = g.SESSION_KINDS_BY_INDEX[source.index]
    modality_check = g.session_modality_prerequisites

    if source is Phase.ACTIVE:  # the hot one: sessions are most of a history

        def run_active(work: _Work, event: Any) -> bool:
            session = event.session
            if session.kind not in kinds:
                return False
            modality = session.modality
            if (
                modality is not None
                and modality not in work.modality_ok
                and modality_check(work, event)
            ):
                return False
            sessions = work.sessions_since_review
            if sessions >= work.review_every or event.on >= work.review_due_on:
                return False
            work.sessions_since_review = sessions + 1  # the effect, _count_session, inlined
            return True

        return run_active

    def run(work: _Work, event: Any) -> bool:
        session = event.session
        if session.kind not in kinds:
            return False
        modality = session.modality
        if (
            modality is not None
            and modality not in work.modality_ok
            and modality_check(work, event)
        ):
            return False
        effect(work, event)
        return True

    return run


class _Edge:
    """A compiled transition: what the step runs (private)."""

    __slots__ = ("contact", "effect", "gap_checked", "guards", "run", "targets")

    def __init__(self, spec: _Spec) -> None:
        source, kind, targets, guard_ids, delegated, effect = spec
        guards: list[tuple[Check, Rule[Any, Any] | None]] = [
            (cast("Check", _RULES[rule_id].check), _RULES[rule_id]) for rule_id in guard_ids
        ]
        guards.extend((_delegated(name, kind), None) for name in delegated)
        self.guards = tuple(guards)
        self.effect = effect
        self.targets = targets
        self.contact = kind not in _NOT_CONTACT
        self.gap_checked = self.contact and source in _GAP_PHASES
        #: Fused guards + effect: True when the event was applied with nothing to report.
        self.run: Runner = (
            _session_runner(source, effect)
            if kind is EventKind.SESSION_HELD
            else _generic_runner(tuple(check for check, _ in guards), effect)
        )


def _rows() -> tuple[tuple[_Edge | None, ...], ...]:
    kinds = list(EventKind)
    table: list[list[_Edge | None]] = [[None] * len(kinds) for _ in PHASES]
    for spec in _ordered():
        table[spec[0].index][kinds.index(spec[1])] = _Edge(spec)
    return tuple(tuple(row) for row in table)


#: ROWS[phase index][event slot] -> compiled transition or None.
ROWS = _rows()
#: Event class -> its slot in a row.
SLOTS: dict[type, int] = {cls: index for index, cls in enumerate(EVENT_TYPES.values())}

_DATE_RULE = _RULES["phases.events-in-date-order"]
_ALLOWED_RULE = _RULES["phases.event-allowed-in-phase"]
_CONTACT_RULE = _RULES["phases.contact-within-limit"]
_ERROR = Severity.ERROR


def stamp(rule: Rule[Any, Any], findings: tuple[Finding, ...]) -> list[Violation]:
    """Turn *rule*'s findings into violations with its id and severity."""
    rule_id = rule.id
    severity = rule.severity
    return [
        Violation(
            rule=rule_id,
            path=finding.path,
            message=finding.message,
            severity=severity,
            evidence=finding.evidence,
        )
        for finding in findings
    ]


def step(work: _Work, event: Any, slot: int) -> tuple[list[Violation], bool]:
    """
    Apply *event* to *work* if no error-severity violation refuses it.

    Returns every violation found (errors and warnings) and whether the event was accepted.
    """
    found: list[Violation] = []
    on = event.on
    if on < work.last_event_on:
        found.extend(stamp(_DATE_RULE, g.events_in_date_order(work, event)))
    edge = ROWS[work.pi][slot]
    if edge is None:
        found.extend(stamp(_ALLOWED_RULE, g.event_allowed_in_phase(work, event)))
        return found, False
    for check, rule in edge.guards:
        result = check(work, event)
        if result:
            found.extend(result if rule is None else stamp(rule, result))
    if edge.gap_checked and on > work.contact_deadline:
        found.extend(stamp(_CONTACT_RULE, g.contact_within_limit(work, event)))
    for violation in found:
        if violation.severity is _ERROR:
            return found, False
    edge.effect(work, event)
    work.last_event_on = on
    if edge.contact:
        work.last_contact_on = on
        work.refresh_contact()
    return found, True


def check_policy(policy: object) -> PhasePolicy:
    """Return *policy* if it is a `PhasePolicy`, else raise."""
    if type(policy) is not PhasePolicy:
        raise UnsupportedTypeError(type(policy))
    return policy


def slot_of(event: object, index: int | None = None) -> int:
    """Return *event*'s slot, or raise `UnknownEventError` if it is not a phase event."""
    slot = SLOTS.get(type(event))
    if slot is None:
        raise UnknownEventError(type(event), index)
    return slot


@frozen(kw_only=True)
class Outcome:
    """
    The result of offering one event to a case: the next state, or why the event was refused.

    When the event is accepted, *state* is the new state and *violations* holds any warnings.
    When it is refused (any error-severity violation), *state* is the unchanged state.

    Example:
        >>> import datetime as dt
        >>> from counselcore.phases import ReviewHeld
        >>> outcome = transition(CaseState.start(), ReviewHeld(on=dt.date(2024, 1, 8)))
        >>> outcome.accepted, [v.rule for v in outcome.violations]
        (False, ['phases.event-allowed-in-phase'])
        >>> outcome.state is CaseState.start()
        True
    """

    state: CaseState
    violations: tuple[Violation, ...] = ()

    @property
    def accepted(self) -> bool:
        """Whether the event was accepted (no error-severity violation)."""
        return not has_errors(self.violations)

    @property
    def errors(self) -> tuple[Violation, ...]:
        """The error-severity violations (why the event was refused)."""
        return with_severity(self.violations, Severity.ERROR)

    @property
    def warnings(self) -> tuple[Violation, ...]:
        """The warning-severity violations."""
        return with_severity(self.violations, Severity.WARNING)

    def unwrap(self) -> CaseState:
        """
        Return the new state, or raise if the event was refused.

        Raises:
            counselcore.errors.TransitionRefusedError: Holding the error-severity violations.
        """
        if not self.accepted:
            raise TransitionRefusedError(self.errors)
        return self.state


def transition(state: CaseState, event: Any, policy: PhasePolicy = DEFAULT_POLICY) -> Outcome:
    """
    Offer *event* to a case in *state* and return the `Outcome`.

    A clinically refused move is a normal result (``outcome.accepted`` is False and
    ``outcome.violations`` say why), never an exception. Every guard of the transition is
    checked, so all reasons are reported at once.

    Args:
        state: Where the case stands.
        event: A phase event (`SessionHeld`, `PlanAgreed`, ...).
        policy: The organization's thresholds and hooks.

    Returns:
        The new state and any warnings, or the unchanged state and the violations.

    Raises:
        counselcore.errors.UnknownEventError: If *event* is not a phase event.
        counselcore.errors.UnsupportedTypeError: If *state* or *policy* has the wrong type.

    Example:
        >>> import datetime as dt
        >>> from counselcore.examples import example_formulation
        >>> from counselcore.phases import IntakeCompleted
        >>> event = IntakeCompleted(on=dt.date(2024, 1, 8), formulation=example_formulation())
        >>> transition(CaseState.start(), event).state.phase
        <Phase.PLANNING: 'planning'>
    """
    if type(state) is not CaseState:
        raise UnsupportedTypeError(type(state))
    slot = slot_of(event)
    work = _Work(state, check_policy(policy))
    found, accepted = step(work, event, slot)
    return Outcome(state=work.to_state() if accepted else state, violations=tuple(found))


# -- introspection --------------------------------------------------------------------------


@frozen(kw_only=True)
class EventOption:
    """
    Whether an event of *kind* may happen now, where it leads, and what stands against it.

    Example:
        >>> option = allowed_events(CaseState.start()).option(EventKind.RE_REFERRED)
        >>> option.allowed, option.violations[0].rule
        (False, 'phases.event-allowed-in-phase')
    """

    kind: EventKind
    allowed: bool
    targets: tuple[Phase, ...] = ()
    violations: tuple[Violation, ...] = ()


@frozen(kw_only=True)
class AllowedEvents:
    """
    What may happen next to a case in *phase*: one `EventOption` per event kind.

    "Allowed" means the phase has a transition for the kind and every guard that depends
    only on the case (and the date) holds; the event's own content (a plan, a safety plan,
    the session's kind) is checked when the event arrives.

    Example:
        >>> menu = allowed_events(CaseState.start())
        >>> [k.value for k in menu.allowed]
        ['intake-completed', 'session-held', 'measure-recorded', 'crisis-began', 'disengaged']
        >>> menu.reasons(EventKind.PLAN_AGREED)[0].message
        'plan-agreed is not allowed in phase intake'
    """

    phase: Phase
    options: tuple[EventOption, ...]

    @property
    def allowed(self) -> tuple[EventKind, ...]:
        """The kinds allowed now, in `EventKind` order."""
        return tuple(o.kind for o in self.options if o.allowed)

    @property
    def refused(self) -> tuple[EventKind, ...]:
        """The kinds refused now, in `EventKind` order."""
        return tuple(o.kind for o in self.options if not o.allowed)

    def option(self, kind: EventKind) -> EventOption:
        """The option for *kind*."""
        return self.options[list(EventKind).index(kind)]

    def reasons(self, kind: EventKind) -> tuple[Violation, ...]:
        """The violations standing against *kind* now (``()`` if none)."""
        return self.option(kind).violations


class _Probe:
    """A stand-in event carrying only a date and a kind, for the state-only guards."""

    __slots__ = ("kind", "on")

    def __init__(self, kind: EventKind, on: dt.date) -> None:
        self.kind = kind
        self.on = on


#: Guards that read only the case and the date, so `allowed_events` can check them.
_STATE_ONLY = frozenset({"phases.review-due", "phases.review-on-time"})


def _targets(state: CaseState, kind: EventKind, edge: _Edge) -> tuple[Phase, ...]:
    if kind is not EventKind.CRISIS_RESOLVED or state.interrupted_phase is None:
        return edge.targets
    back = state.interrupted_phase
    if state.formulation is None or back is Phase.PLANNING:
        return (back,)
    return (back, Phase.PLANNING)


def allowed_events(
    state: CaseState, policy: PhasePolicy = DEFAULT_POLICY, *, on: dt.date | None = None
) -> AllowedEvents:
    """
    List the event kinds allowed for a case in *state* and, for each refused kind, the reasons.

    Args:
        state: Where the case stands.
        policy: The organization's thresholds and hooks.
        on: The day to ask about; default: the day of the last accepted event.

    Returns:
        One `EventOption` per `EventKind`, in enum order.

    Example:
        >>> import datetime as dt
        >>> closed = CaseState(phase=Phase.CLOSED, last_event_on=dt.date(2024, 3, 1))
        >>> allowed_events(closed).allowed
        (<EventKind.RE_REFERRED: 're-referred'>,)
    """
    if type(state) is not CaseState:
        raise UnsupportedTypeError(type(state))
    work = _Work(state, check_policy(policy))
    when = on if on is not None else work.last_event_on
    options = []
    for slot, kind in enumerate(EventKind):
        probe = _Probe(kind, when)
        found: list[Violation] = []
        if when < work.last_event_on:
            found.extend(stamp(_DATE_RULE, g.events_in_date_order(work, probe)))
        edge = ROWS[work.pi][slot]
        if edge is None:
            found.extend(stamp(_ALLOWED_RULE, g.event_allowed_in_phase(work, probe)))
            options.append(EventOption(kind=kind, allowed=False, violations=tuple(found)))
            continue
        for check, rule in edge.guards:
            if rule is not None and rule.id in _STATE_ONLY:
                found.extend(stamp(rule, check(work, probe)))
        if edge.gap_checked and when > work.contact_deadline:
            found.extend(stamp(_CONTACT_RULE, g.contact_within_limit(work, probe)))
        options.append(
            EventOption(
                kind=kind,
                allowed=not has_errors(found),
                targets=_targets(state, kind, edge),
                violations=tuple(found),
            )
        )
    return AllowedEvents(phase=state.phase, options=tuple(options))
