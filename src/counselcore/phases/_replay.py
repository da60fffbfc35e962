"""`replay`: fold a whole history through the phase machine and report every violation."""

from collections.abc import Iterable, Mapping
from typing import Any

from attrs import fields, frozen

from counselcore._internal.checks import check_instances, check_int, check_tuple, fail
from counselcore.errors import UnknownEventError, UnsupportedTypeError
from counselcore.phases._codegen import record_builder
from counselcore.phases._events import EventKind
from counselcore.phases._machine import MACHINE, SLOTS, Machine, check_policy
from counselcore.phases._policy import DEFAULT_POLICY, PhasePolicy
from counselcore.phases._state import CaseState, _add_days, _Work
from counselcore.violations import Severity, Violation

__all__ = ["HistoryViolation", "ReplayResult", "replay"]

_KINDS = tuple(EventKind)


@frozen(kw_only=True)
class HistoryViolation:
    """
    A violation found at position *index* of a replayed history, for an event of *kind*.

    Example:
        >>> from counselcore.violations import Violation
        >>> hv = HistoryViolation(
        ...     index=4,
        ...     kind=EventKind.REVIEW_HELD,
        ...     violation=Violation(rule="demo.review-needed", path=("on",), message="too early"),
        ... )
        >>> hv.rule, hv.severity.value, str(hv)
        ('demo.review-needed', 'error', '#4 review-held: on: too early [demo.review-needed]')
    """

    index: int
    kind: EventKind
    violation: Violation

    @property
    def rule(self) -> str:
        """The violated rule's id."""
        return self.violation.rule

    @property
    def severity(self) -> Severity:
        """The violation's severity."""
        return self.violation.severity

    def __str__(self) -> str:
        return f"#{self.index} {self.kind.value}: {self.violation}"


@frozen(kw_only=True)
class ReplayResult:
    """
    The outcome of a replay: the final state, every violation with its event index, and counts.

    A plain immutable record: it compares, hashes and pickles by value, so results can come
    back from a process pool or a Dask worker.

    Example:
        >>> result = replay([])
        >>> result.ok, result.events, result.state.phase.value
        (True, 0, 'intake')
        >>> import pickle
        >>> pickle.loads(pickle.dumps(result)) == result
        True
    """

    state: CaseState
    violations: tuple[HistoryViolation, ...] = ()
    events: int = 0
    refused: int = 0

    def __attrs_post_init__(self) -> None:
        if type(self.state) is not CaseState:
            raise fail(("state",), "structure.type", "must be a CaseState")
        check_tuple(self.violations, ("violations",))
        check_instances(self.violations, HistoryViolation, ("violations",))
        check_int(self.events, ("events",), minimum=0)
        check_int(self.refused, ("refused",), minimum=0, maximum=self.events)

    @property
    def ok(self) -> bool:
        """True when no event was refused (warnings allowed)."""
        return self.refused == 0

    @property
    def refused_indices(self) -> tuple[int, ...]:
        """The indices of the refused events, ascending."""
        return tuple(
            dict.fromkeys(v.index for v in self.violations if v.severity is Severity.ERROR)
        )

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """The distinct rule ids found, in order of first appearance."""
        return tuple(dict.fromkeys(v.rule for v in self.violations))


_FRESH = CaseState.start()
_history_violation = record_builder(HistoryViolation)
_new = object.__new__
_SETTERS = tuple(getattr(ReplayResult, a.name).__set__ for a in fields(ReplayResult))


def _result(
    state: CaseState, violations: tuple[HistoryViolation, ...], events: int, refused: int
) -> ReplayResult:
    """A `ReplayResult` from values replay built (valid by construction, so unchecked)."""
    result: ReplayResult = _new(ReplayResult)
    for setter, value in zip(_SETTERS, (state, violations, events, refused), strict=True):
        setter(result, value)
    return result


def _start_state(start: CaseState | None) -> CaseState:
    if start is None:
        return _FRESH
    if type(start) is not CaseState:
        raise UnsupportedTypeError(type(start), argument="start", expected=CaseState)
    return start


def replay(
    events: Iterable[Any],
    policy: PhasePolicy = DEFAULT_POLICY,
    *,
    start: CaseState | None = None,
) -> ReplayResult:
    """
    Fold a whole history of events through the phase machine, reporting every violation.

    Continuation rule: a refused event (one with any error-severity violation) is skipped,
    so the state is unchanged and the next event is checked against it, exactly as if the
    refused event were not in the history. Accepted events may still carry warnings. An event
    dated before the previous accepted event is refused with ``phases.events-in-date-order``
    (it is never re-sorted). So one bad event does not hide the rest, and replaying the
    accepted events alone gives the same final state with no errors.

    *events* may be any iterable, a generator over a database cursor say: it is consumed
    once, and memory does not grow with its length beyond the violations reported.

    Args:
        events: The history, oldest first.
        policy: The organization's thresholds and hooks.
        start: The state before the first event; default: a new case at intake.

    Returns:
        The final state and every violation with the index of its event.

    Raises:
        counselcore.errors.UnknownEventError: If an item is not a phase event (with its index).
        counselcore.errors.UnsupportedTypeError: If *start* or *policy* has the wrong type.
        counselcore.errors.InvalidValueError: If *events* is not an iterable (path ``events``).

    Example:
        >>> import datetime as dt
        >>> from counselcore.examples import example_formulation
        >>> from counselcore.phases import IntakeCompleted, ReviewHeld
        >>> history = [
        ...     IntakeCompleted(on=dt.date(2024, 1, 8), formulation=example_formulation()),
        ...     ReviewHeld(on=dt.date(2024, 1, 9)),
        ... ]
        >>> result = replay(history)
        >>> result.state.phase.value
        'planning'
        >>> print(*result.violations)
        #1 review-held: <root>: review-held is not allowed in phase planning [phases.event-allowed-in-phase]
    """
    return replay_on(MACHINE, events, policy, start)


def replay_on(
    machine: Machine, events: Iterable[Any], policy: PhasePolicy, start: CaseState | None
) -> ReplayResult:
    """`replay` on *machine* (the default one, or one a test built from another declaration)."""
    if type(policy) is not PhasePolicy:
        check_policy(policy)
    if isinstance(events, (str, bytes, Mapping)) or not isinstance(events, Iterable):
        raise fail(("events",), "structure.type", "must be an iterable of phase events")
    work_start = _start_state(start)
    work = _Work(work_start, policy)
    gap = policy.max_days_without_contact
    rows = machine.rows
    step = machine.step
    slot_of = SLOTS.get
    found: list[HistoryViolation] = []
    refused = 0
    index = -1
    last = work.last_event_on
    deadline = work.contact_deadline
    for index, event in enumerate(events):
        slot = slot_of(type(event))
        if slot is None:
            raise UnknownEventError(type(event), index)
        on = event.on
        edge = rows[work.pi][slot]
        # Fast path: a transition exists, the date is in order, no contact gap to flag, and
        # the edge's generated runner found nothing to report (it applied the event).
        if (
            edge is not None
            and on >= last
            and (on <= deadline or not edge.gap_checked)
            and edge.run(work, event)
        ):
            last = on
            if edge.contact:
                work.last_contact_on = on
                if gap is not None:
                    deadline = _add_days(on, gap)
            continue
        # Slow path: the full step re-checks every guard one by one and builds violations.
        work.last_event_on = last
        work.contact_deadline = deadline
        violations, accepted = step(work, event, slot)
        last = work.last_event_on
        deadline = work.contact_deadline
        if not accepted:
            refused += 1
        if violations:
            kind = _KINDS[slot]
            found.extend(_history_violation(index, kind, v) for v in violations)
    if index < 0:  # nothing happened: the start state is the end state
        return _result(work_start, (), 0, 0)
    work.last_event_on = last
    return _result(work.to_state(), tuple(found) if found else (), index + 1, refused)
