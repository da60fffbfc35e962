"""`replay`: fold a whole history through the phase machine and report every violation."""

from collections.abc import Iterable
from typing import Any

from attrs import frozen
from attrs.exceptions import FrozenInstanceError

from counselcore.errors import UnknownEventError, UnsupportedTypeError
from counselcore.phases._events import EventKind
from counselcore.phases._machine import ROWS, SLOTS, check_policy, step
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
        ...     violation=Violation(rule="phases.review-due", path=("on",), message="no review is due yet"),
        ... )
        >>> hv.rule, hv.severity.value
        ('phases.review-due', 'error')
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


_new = object.__new__
_set = object.__setattr__


class ReplayResult:
    """
    The outcome of a replay: the final state, every violation with its event index, and counts.

    *state* is built from the replay's working copy when first read (then kept), so callers
    who only need the violations do not pay for it. Results compare equal when their states,
    violations and counts are equal.

    Example:
        >>> result = replay([])
        >>> result.ok, result.events, result.state.phase.value
        (True, 0, 'intake')
    """

    __slots__ = ("_state", "_work", "events", "refused", "violations")

    events: int
    refused: int
    violations: tuple[HistoryViolation, ...]
    _state: CaseState | None
    _work: _Work | None

    def __init__(
        self,
        *,
        state: CaseState,
        violations: tuple[HistoryViolation, ...] = (),
        events: int = 0,
        refused: int = 0,
    ) -> None:
        _set(self, "_state", state)
        _set(self, "_work", None)
        _set(self, "violations", violations)
        _set(self, "events", events)
        _set(self, "refused", refused)

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError

    @property
    def state(self) -> CaseState:
        """The state after the last accepted event."""
        state = self._state
        if state is None:
            work = self._work
            if work is None:  # pragma: no cover - one of the two is always set
                raise AssertionError
            state = work.to_state()
            _set(self, "_state", state)
            _set(self, "_work", None)
        return state

    def _key(self) -> tuple[object, ...]:
        return (self.state, self.violations, self.events, self.refused)

    def __eq__(self, other: object) -> bool:
        if type(other) is not ReplayResult:
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"ReplayResult(state={self.state!r}, violations={self.violations!r}, "
            f"events={self.events!r}, refused={self.refused!r})"
        )

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


# replay fills its result through the slot descriptors (cheaper than __init__).
_slots = ReplayResult.__dict__
_set_state = _slots["_state"].__set__
_set_work = _slots["_work"].__set__
_set_violations = _slots["violations"].__set__
_set_events = _slots["events"].__set__
_set_refused = _slots["refused"].__set__
_FRESH = CaseState.start()


def _start_state(start: CaseState | None) -> CaseState:
    if start is None:
        return CaseState.start()
    if type(start) is not CaseState:
        raise UnsupportedTypeError(type(start))
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
    if type(policy) is not PhasePolicy:
        check_policy(policy)
    work = _Work(_FRESH if start is None else _start_state(start), policy)
    gap = policy.max_days_without_contact
    rows = ROWS
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
        # the edge's fused runner found nothing to report (it applied the event).
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
            found.extend(HistoryViolation(index=index, kind=kind, violation=v) for v in violations)
    work.last_event_on = last
    work.contact_deadline = deadline
    result: ReplayResult = _new(ReplayResult)
    _set_state(result, None)
    _set_work(result, work)
    _set_violations(result, tuple(found) if found else ())
    _set_events(result, index + 1)
    _set_refused(result, refused)
    return result
