"""
The compiled machine and the pure step: `transition`, `allowed_events`, `event_option`, `Outcome`.

`Machine` compiles the one declaration (`_table.SPECS`, with the guards of `_guards`): a tuple
of rows, one per phase, each with one slot per event kind holding the compiled transition or
None. The step, the replay loop, `allowed_events` and the diagrams all read the compiled rows;
the fused code replay runs is generated from the same declaration when the module loads.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

from attrs import frozen

from counselcore._internal.checks import check_date, fail
from counselcore.errors import (
    InvalidValueError,
    TransitionRefusedError,
    UnknownEventError,
    UnsupportedTypeError,
)
from counselcore.phases import _guards as g
from counselcore.phases._codegen import compile_function, record_builder
from counselcore.phases._events import EVENT_TYPES, EventKind
from counselcore.phases._phase import PHASES, Phase
from counselcore.phases._policy import DEFAULT_POLICY, PhasePolicy
from counselcore.phases._state import CaseState, _Work
from counselcore.phases._table import (
    DELEGATED_HOLDS,
    GAP_PHASES,
    NOT_CONTACT,
    SPECS,
    Check,
    Effect,
    Spec,
    delegated_check,
    nothing,
)
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
        """The option for *kind* (an `EventKind`; anything else is refused)."""
        if not isinstance(kind, EventKind):
            raise InvalidValueError(("kind",), "structure.type", "must be an EventKind")
        return self.options[_KIND_SLOT[kind]]

    def reasons(self, kind: EventKind) -> tuple[Violation, ...]:
        """The violations standing against *kind* now (``()`` if none)."""
        return self.option(kind).violations


# The machine's own result records, built from values it made (see `record_builder`).
# Violations go through their constructor: it checks every part, and refusals are rare.
_option = record_builder(EventOption)
_allowed_events = record_builder(AllowedEvents)
_outcome = record_builder(Outcome)

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
    if effect is not nothing:
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
        spec: Spec,
        rules: dict[str, Rule[Any, Any]],
        state_only: frozenset[str],
        holds_of: dict[str, str | None],
    ) -> None:
        source, kind, targets, guard_ids, delegated, effect = spec
        guards: list[tuple[Check, Rule[Any, Any] | None]] = [
            (cast("Check", rules[rule_id].check), rules[rule_id]) for rule_id in guard_ids
        ]
        guards.extend((delegated_check(name, kind), None) for name in delegated)
        self.source = source
        self.kind = kind
        self.guards = tuple(guards)
        #: The guards `allowed_events` can check before the event exists.
        self.state_only = tuple(
            (check, rule) for check, rule in guards if rule is not None and rule.id in state_only
        )
        self.effect = effect
        self.targets = targets
        self.contact = kind not in NOT_CONTACT
        self.gap_checked = self.contact and source in GAP_PHASES
        labels = (*guard_ids, *delegated)
        holds = (
            *(holds_of[rule_id] for rule_id in guard_ids),
            *(DELEGATED_HOLDS.get((name, kind)) for name in delegated),
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

    __slots__ = (
        "allowed_rule",
        "contact_rule",
        "date_rule",
        "dynamic",
        "fixed",
        "rows",
        "transitions",
    )

    def __init__(self, specs: tuple[Spec, ...], guards: tuple[g.GuardDeclaration, ...]) -> None:
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
        #: dynamic[phase index]: the slots whose option must be worked out for the case.
        self.dynamic = tuple(
            tuple(slot for slot, option in enumerate(row) if option is None) for row in self.fixed
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
            raise UnsupportedTypeError(type(state), argument="state", expected=CaseState)
        slot = slot_of(event)
        work = _Work(state, check_policy(policy))
        found, accepted = self.step(work, event, slot)
        return _outcome(work.to_state() if accepted else state, tuple(found) if found else ())

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
            return _option(kind, False, (), tuple(found))
        for check, rule in edge.state_only:
            result = check(work, probe)
            if result:
                found.extend(stamp(rule, result))
        if edge.gap_checked and when > work.contact_deadline:
            found.extend(stamp(self.contact_rule, g.contact_within_limit(work, probe)))
        targets = _targets(state, kind, edge)
        if not found and targets is edge.targets:
            return edge.clean
        return _option(kind, not has_errors(found), targets, tuple(found))

    def options(
        self, state: CaseState, policy: PhasePolicy, on: dt.date | None, slots: range | None
    ) -> tuple[EventOption, ...]:
        """The options for *slots* (default: every kind), from the fixed answers where they hold."""
        if type(state) is not CaseState:
            raise UnsupportedTypeError(type(state), argument="state", expected=CaseState)
        if on is not None:
            check_date(on, ("on",))
        work = _Work(state, check_policy(policy))
        when = on if on is not None else work.last_event_on
        if when < work.last_event_on or when > work.contact_deadline:
            wanted = range(len(_KINDS)) if slots is None else slots
            return tuple(self.option(work, state, slot, when) for slot in wanted)
        pi = work.pi
        fixed = self.fixed[pi]
        if slots is not None:
            return tuple(fixed[slot] or self.option(work, state, slot, when) for slot in slots)
        found: list[EventOption | None] = list(fixed)
        for slot in self.dynamic[pi]:
            found[slot] = self.option(work, state, slot, when)
        return cast("tuple[EventOption, ...]", tuple(found))  # every None was replaced


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
        raise UnsupportedTypeError(type(policy), argument="policy", expected=PhasePolicy)
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
    return _allowed_events(state.phase, options)


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
