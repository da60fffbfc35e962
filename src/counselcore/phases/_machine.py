"""
The transition table and the pure step: `transition`, `allowed_events`, `Outcome`.

The table (`_SPECIFIC` and `_common`) is the one declaration of every transition: its source
phase, event kind, targets, guard rule ids, delegated checks and effect. `Machine` compiles it:
a tuple of rows, one per phase, each with one slot per event kind holding the compiled
transition or None. The step, the replay loop, `allowed_events` and the diagrams all read the
compiled rows; the fused code replay runs is generated from the same declaration when the
module loads. Effects mutate the private working copy only after every guard has passed, so a
refused event never changes anything.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

from attrs import frozen

from counselcore._internal.checks import fail
from counselcore.errors import TransitionRefusedError, UnknownEventError, UnsupportedTypeError
from counselcore.model import SessionKind
from counselcore.phases import _guards as g
from counselcore.phases._codegen import compile_function
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
    "event_option",
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
    episode = work.episode + 1
    work.reset()  # every CaseState field back to a new case's value
    work.episode = episode
    work.opened_on = event.on
    work.refresh_review()


# -- the table ------------------------------------------------------------------------------

#: Delegated checks, by the name the transition table lists them under.
_DELEGATED: dict[str, g.Delegated] = {
    "modality-prerequisites": g.modality_check,
    "aftercare-hook": g.aftercare_hook,
    "safety-plan-hook": g.safety_plan_hook,
}


#: Expressions over ``work`` and ``event`` that imply a delegated check holds, for the fused
#: code (when false, the check itself decides): a session's modality already found usable.
_DELEGATED_HOLDS: dict[tuple[str, EventKind], str] = {
    ("modality-prerequisites", EventKind.SESSION_HELD): (
        "event.session.modality is None or event.session.modality in work.modality_ok"
    ),
}


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
    "phases.revision-keeps-plan-id",
    "phases.revision-keeps-client",
    "phases.revision-version-increases",
    "phases.revision-version-consecutive",
    "phases.revision-date-in-order",
    "phases.plan-matches-formulation",
    "phases.active-requires-consent",
    "phases.active-requires-plan",
    "phases.active-requires-modality",
)
_KIND = ("phases.session-kind-fits-phase",)
_MEASURE = (
    "phases.measure-instrument-known",
    "phases.measure-total-in-range",
    "phases.measure-risk-flags-known",
)
_MOD = ("modality-prerequisites",)
_AFTERCARE = ("phases.aftercare-plan-required",)
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
        _AFTERCARE,
        ("aftercare-hook",),
        _start_aftercare,
    ),
    (
        _P.TERMINATION,
        _K.DISCHARGED,
        (_P.CLOSED,),
        _AFTERCARE,
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
        (phase, _K.MEASURE_RECORDED, (phase,), _MEASURE, (), _record_measure),
        *crisis,
        (phase, _K.DISENGAGED, (_P.CLOSED,), (), (), _disengage),
    )


def _ordered(specific: tuple[_Spec, ...] = _SPECIFIC) -> tuple[_Spec, ...]:
    specs = [*specific]
    for phase in PHASES:
        if phase.is_open:
            specs.extend(_common(phase))
    kinds = list(EventKind)
    return tuple(sorted(specs, key=lambda s: (s[0].index, kinds.index(s[1]))))


#: The whole declaration: every transition, ordered by source phase and then event kind.
SPECS: tuple[_Spec, ...] = _ordered()

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
        >>> row.delegated
        ('modality-prerequisites',)
    """

    source: Phase
    event: EventKind
    targets: tuple[Phase, ...]
    guards: tuple[str, ...] = ()
    delegated: tuple[str, ...] = ()


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


@frozen(kw_only=True)
class EventOption:
    """
    Whether an event of *kind* may happen now, where it leads, and what stands against it.

    Example:
        >>> option = event_option(CaseState.start(), EventKind.RE_REFERRED)
        >>> option.allowed, option.violations[0].rule
        (False, 'phases.event-allowed-in-phase')
    """

    kind: EventKind
    allowed: bool
    targets: tuple[Phase, ...] = ()
    violations: tuple[Violation, ...] = ()


_KINDS = tuple(EventKind)
_KIND_SLOT = {kind: slot for slot, kind in enumerate(_KINDS)}


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
        >>> menu.refused[0], menu.option(EventKind.SESSION_HELD).allowed
        (<EventKind.PLAN_AGREED: 'plan-agreed'>, True)
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
        return self.options[_KIND_SLOT[kind]]

    def reasons(self, kind: EventKind) -> tuple[Violation, ...]:
        """The violations standing against *kind* now (``()`` if none)."""
        return self.option(kind).violations


#: Fused guards + effect: True when the event was applied with nothing to report.
Runner = Callable[[_Work, Any], bool]


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


def _generate_runner(
    source: Phase,
    kind: EventKind,
    checks: tuple[tuple[str, Check, str | None], ...],
    effect: Effect,
) -> Runner:
    """
    Generate the fused runner of one transition from its declaration.

    The runner checks each declared guard in order (inlining its *holds* expression where the
    guard declares one, so the check is called only when that is false) and returns False as
    soon as one finds anything: the full step then re-runs the checks to build the violations.
    Otherwise it applies the effect and returns True. The source is registered with `linecache`.
    """
    name = f"run_{source.name.lower()}_{kind.name.lower()}"
    lines = [f"def {name}(work, event):"]
    namespace: dict[str, Any] = dict(g.HOLDS_NAMESPACE)
    for index, (label, check, holds) in enumerate(checks):
        namespace[f"check_{index}"] = check
        lines.append(f"    # {label}")
        if holds is None:
            lines.append(f"    if check_{index}(work, event):")
        else:
            lines.append(f"    if not ({holds}) and check_{index}(work, event):")
        lines.append("        return False")
    if effect is not _nothing:
        namespace["effect"] = effect
        lines.append(f"    effect(work, event)  # {effect.__name__}")
    lines.append("    return True")
    runner: Runner = compile_function(name, "\n".join(lines) + "\n", namespace)
    return runner


class _Edge:
    """A compiled transition: what the step runs (private)."""

    __slots__ = (
        "clean",
        "contact",
        "effect",
        "gap_checked",
        "guards",
        "kind",
        "run",
        "source",
        "state_only",
        "targets",
    )

    def __init__(
        self,
        spec: _Spec,
        rules: dict[str, Rule[Any, Any]],
        state_only: frozenset[str],
        holds_of: dict[str, str | None],
    ) -> None:
        source, kind, targets, guard_ids, delegated, effect = spec
        guards: list[tuple[Check, Rule[Any, Any] | None]] = [
            (cast("Check", rules[rule_id].check), rules[rule_id]) for rule_id in guard_ids
        ]
        guards.extend((_delegated(name, kind), None) for name in delegated)
        self.source = source
        self.kind = kind
        self.guards = tuple(guards)
        #: The guards `allowed_events` can check before the event exists.
        self.state_only = tuple(
            (check, rule) for check, rule in guards if rule is not None and rule.id in state_only
        )
        self.effect = effect
        self.targets = targets
        self.contact = kind not in _NOT_CONTACT
        self.gap_checked = self.contact and source in _GAP_PHASES
        labels = (*guard_ids, *delegated)
        holds = (
            *(holds_of[rule_id] for rule_id in guard_ids),
            *(_DELEGATED_HOLDS.get((name, kind)) for name in delegated),
        )
        self.run = _generate_runner(
            source,
            kind,
            tuple(zip(labels, (c for c, _ in guards), holds, strict=True)),
            effect,
        )
        #: The option `allowed_events` reports when nothing stands against the event.
        self.clean = EventOption(kind=kind, allowed=True, targets=targets)


class _At:
    """A stand-in working copy carrying only a phase, for the table's fixed answers."""

    __slots__ = ("phase",)

    def __init__(self, phase: Phase) -> None:
        self.phase = phase


class _Probe:
    """A stand-in event carrying only a date and a kind, for the state-only guards."""

    __slots__ = ("kind", "on")

    def __init__(self, kind: EventKind, on: dt.date) -> None:
        self.kind = kind
        self.on = on


_ERROR = Severity.ERROR


class Machine:
    """
    The phase machine compiled from one declaration: transitions and guards (private).

    `transition`, `counselcore.phases.replay`, `allowed_events` and `event_option` are this
    machine's methods applied to the default declaration; tests build machines from altered
    declarations to prove that every path sees every guard.
    """

    __slots__ = ("allowed_rule", "contact_rule", "date_rule", "fixed", "rows", "transitions")

    def __init__(self, specs: tuple[_Spec, ...], guards: tuple[g.GuardDeclaration, ...]) -> None:
        rules = {rule.id: rule for rule, _, _ in guards}
        state_only = frozenset(rule.id for rule, only, _ in guards if only)
        holds_of = {rule.id: holds for rule, _, holds in guards}
        self.date_rule = rules["phases.events-in-date-order"]
        self.allowed_rule = rules["phases.event-allowed-in-phase"]
        self.contact_rule = rules["phases.contact-within-limit"]
        table: list[list[_Edge | None]] = [[None] * len(_KINDS) for _ in PHASES]
        for spec in specs:
            table[spec[0].index][_KIND_SLOT[spec[1]]] = _Edge(spec, rules, state_only, holds_of)
        #: rows[phase index][event slot] -> compiled transition or None.
        self.rows = tuple(tuple(row) for row in table)
        self.transitions = tuple(
            PhaseTransition(source=s, event=k, targets=t, guards=gs, delegated=ds)
            for s, k, t, gs, ds, _ in specs
        )
        #: fixed[phase index][slot]: the option when it cannot depend on the case, else None.
        self.fixed = tuple(
            tuple(self._fixed(phase, slot, edge) for slot, edge in enumerate(row))
            for phase, row in zip(PHASES, self.rows, strict=True)
        )

    def _fixed(self, phase: Phase, slot: int, edge: _Edge | None) -> EventOption | None:
        kind = _KINDS[slot]
        if edge is None:
            at: Any = _At(phase)
            found = stamp(self.allowed_rule, g.event_allowed_in_phase(at, _Probe(kind, _NO)))
            return EventOption(kind=kind, allowed=False, violations=tuple(found))
        if edge.state_only or len(edge.targets) > 1:
            return None  # the guards read the case, or the target depends on it
        return edge.clean

    # -- one event --------------------------------------------------------------------------

    def step(self, work: _Work, event: Any, slot: int) -> tuple[list[Violation], bool]:
        """
        Apply *event* to *work* if no error-severity violation refuses it.

        Returns every violation found (errors and warnings) and whether the event was accepted.
        """
        found: list[Violation] = []
        on = event.on
        if on < work.last_event_on:
            found.extend(stamp(self.date_rule, g.events_in_date_order(work, event)))
        edge = self.rows[work.pi][slot]
        if edge is None:
            found.extend(stamp(self.allowed_rule, g.event_allowed_in_phase(work, event)))
            return found, False
        for check, rule in edge.guards:
            result = check(work, event)
            if result:
                found.extend(result if rule is None else stamp(rule, result))
        if edge.gap_checked and on > work.contact_deadline:
            found.extend(stamp(self.contact_rule, g.contact_within_limit(work, event)))
        for violation in found:
            if violation.severity is _ERROR:
                return found, False
        edge.effect(work, event)
        work.last_event_on = on
        if edge.contact:
            work.last_contact_on = on
            work.refresh_contact()
        return found, True

    def transition(self, state: CaseState, event: Any, policy: PhasePolicy) -> Outcome:
        """`transition` on this machine."""
        if type(state) is not CaseState:
            raise UnsupportedTypeError(type(state))
        slot = slot_of(event)
        work = _Work(state, check_policy(policy))
        found, accepted = self.step(work, event, slot)
        return Outcome(state=work.to_state() if accepted else state, violations=tuple(found))

    # -- what may happen next ---------------------------------------------------------------

    def option(self, work: _Work, state: CaseState, slot: int, when: dt.date) -> EventOption:
        """The option for *slot* on *when*, checked in full (the fixed answers are its cases)."""
        kind = _KINDS[slot]
        found: list[Violation] = []
        probe = _Probe(kind, when)
        if when < work.last_event_on:
            found.extend(stamp(self.date_rule, g.events_in_date_order(work, probe)))
        edge = self.rows[work.pi][slot]
        if edge is None:
            found.extend(stamp(self.allowed_rule, g.event_allowed_in_phase(work, probe)))
            return EventOption(kind=kind, allowed=False, violations=tuple(found))
        for check, rule in edge.state_only:
            result = check(work, probe)
            if result:
                found.extend(stamp(rule, result))
        if edge.gap_checked and when > work.contact_deadline:
            found.extend(stamp(self.contact_rule, g.contact_within_limit(work, probe)))
        targets = _targets(state, kind, edge)
        if not found and targets is edge.targets:
            return edge.clean
        return EventOption(
            kind=kind, allowed=not has_errors(found), targets=targets, violations=tuple(found)
        )

    def options(
        self, state: CaseState, policy: PhasePolicy, on: dt.date | None, slots: range | None
    ) -> tuple[EventOption, ...]:
        """The options for *slots* (default: every kind), from the fixed answers where they hold."""
        if type(state) is not CaseState:
            raise UnsupportedTypeError(type(state))
        if on is not None and type(on) is not dt.date:
            raise fail(("on",), "structure.type", "must be a date (not a datetime or text)")
        work = _Work(state, check_policy(policy))
        when = on if on is not None else work.last_event_on
        fixed = self.fixed[work.pi]
        wanted = range(len(_KINDS)) if slots is None else slots
        if when < work.last_event_on or when > work.contact_deadline:
            return tuple(self.option(work, state, slot, when) for slot in wanted)
        found: list[EventOption] = []
        for slot in wanted:
            option = fixed[slot]
            found.append(self.option(work, state, slot, when) if option is None else option)
        return tuple(found)


_NO = dt.date.min


def _targets(state: CaseState, kind: EventKind, edge: _Edge) -> tuple[Phase, ...]:
    if kind is not EventKind.CRISIS_RESOLVED or state.interrupted_phase is None:
        return edge.targets
    back = state.interrupted_phase
    if state.formulation is None or back is Phase.PLANNING:
        return (back,)
    return (back, Phase.PLANNING)


#: The machine built from the declaration above.
MACHINE = Machine(SPECS, g.GUARD_DECLARATIONS)
#: The transition table, ordered by source phase and then event kind.
TRANSITIONS: tuple[PhaseTransition, ...] = MACHINE.transitions
#: Event class -> its slot in a row.
SLOTS: dict[type, int] = {cls: index for index, cls in enumerate(EVENT_TYPES.values())}


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
    return MACHINE.transition(state, event, policy)


def allowed_events(
    state: CaseState, policy: PhasePolicy = DEFAULT_POLICY, *, on: dt.date | None = None
) -> AllowedEvents:
    """
    List the event kinds allowed for a case in *state* and, for each refused kind, the reasons.

    Derived from the transition table: a kind is refused when the phase has no transition for
    it or a guard that reads only the case and the date refuses it; warnings are listed too.

    Args:
        state: Where the case stands.
        policy: The organization's thresholds and hooks.
        on: The day to ask about; default: the day of the last accepted event.

    Returns:
        One `EventOption` per `EventKind`, in enum order.

    Raises:
        counselcore.errors.InvalidValueError: If *on* is not a date (path ``on``).
        counselcore.errors.UnsupportedTypeError: If *state* or *policy* has the wrong type.

    Example:
        >>> import datetime as dt
        >>> closed = CaseState(phase=Phase.CLOSED, last_event_on=dt.date(2024, 3, 1))
        >>> allowed_events(closed).allowed
        (<EventKind.RE_REFERRED: 're-referred'>,)
    """
    options = MACHINE.options(state, policy, on, None)
    return AllowedEvents(phase=state.phase, options=options)


def event_option(
    state: CaseState,
    kind: EventKind,
    policy: PhasePolicy = DEFAULT_POLICY,
    *,
    on: dt.date | None = None,
) -> EventOption:
    """
    Say whether an event of *kind* may happen now and, if not, which rules refuse it.

    The single question `allowed_events` answers for every kind, at the same cost or less:
    ``event_option(state, kind) == allowed_events(state).option(kind)``.

    Args:
        state: Where the case stands.
        kind: The kind of event to ask about.
        policy: The organization's thresholds and hooks.
        on: The day to ask about; default: the day of the last accepted event.

    Returns:
        The `EventOption` for *kind*.

    Raises:
        counselcore.errors.InvalidValueError: If *kind* is not an `EventKind` or *on* is not
            a date (paths ``kind`` and ``on``).
        counselcore.errors.UnsupportedTypeError: If *state* or *policy* has the wrong type.

    Example:
        >>> import datetime as dt
        >>> closed = CaseState(phase=Phase.CLOSED, last_event_on=dt.date(2024, 3, 1))
        >>> event_option(closed, EventKind.RE_REFERRED).allowed
        True
        >>> [v.rule for v in event_option(closed, EventKind.SESSION_HELD).violations]
        ['phases.event-allowed-in-phase']
    """
    slot = _KIND_SLOT.get(kind) if type(kind) is EventKind else None
    if slot is None:
        raise fail(("kind",), "structure.type", "must be an EventKind")
    return MACHINE.options(state, policy, on, range(slot, slot + 1))[0]
