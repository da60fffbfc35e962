"""
`CaseState`: where a case stands, as an immutable value; and the machine's private working copy.

The working copy (`_Work`) is a mutable, slotted object that lives only inside one call to
`transition`, `replay` or `allowed_events`; callers only ever see `CaseState` values.
"""

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from attrs import field, fields, frozen

from counselcore._internal.checks import (
    check_enum,
    check_identifier,
    check_int,
    check_optional_date,
    check_tuple,
    fail,
)
from counselcore.model import CaseFormulation, TreatmentPlan
from counselcore.phases._codegen import compile_function
from counselcore.phases._phase import PHASES, DisengagementReason, Phase
from counselcore.phases._policy import PhasePolicy

__all__ = ["CaseState"]

_BOOL_FIELDS = (
    "safety_plan_present",
    "stabilization_met",
    "goals_met",
    "aftercare_plan_present",
    "booster_due",
)
_DATE_FIELDS = (
    "opened_on",
    "crisis_began_on",
    "review_anchor_on",
    "last_review_on",
    "last_event_on",
    "last_contact_on",
)


@frozen(kw_only=True)
class CaseState:
    """
    Where one case stands: its phase and every fact the phase guards read.

    Build the first state with `CaseState.start`; later states come from
    `counselcore.phases.transition` or `counselcore.phases.replay`.

    Attributes:
        phase: The current phase.
        episode: The episode of care, 1 for the first; re-referral opens the next.
        opened_on: When this episode opened, if known.
        interrupted_phase: The phase a crisis interrupted (set exactly when in ``crisis``).
        crisis_began_on: When the current crisis began (set exactly when in ``crisis``).
        formulation: The current case formulation (from intake completed).
        plan: The current treatment plan version (from plan agreed).
        sessions_since_review: Active-phase sessions since the last review (or start).
        review_anchor_on: The day the review clock runs from: the last review, or the day
            active treatment started or resumed.
        last_review_on: The day of the last review in this episode.
        last_event_on: The day of the last accepted event.
        last_contact_on: The day of the last accepted contact (every event but measures,
            discharge and disengagement).
        flags_by_instrument: The risk flags of the latest measure of each instrument that
            raised any, as ``(instrument, sorted flags)`` pairs sorted by instrument.
        safety_plan_present: A safety plan was in place when the last crisis was resolved.
        stabilization_met: The latest finding on stabilization criteria (a crisis resets it).
        goals_met: The last review found the plan's goals met.
        aftercare_plan_present: Aftercare was planned when the case left termination.
        booster_due: A lapse in maintenance calls for a booster session not yet held.
        disengagement_reason: Why the case closed, when it closed by disengagement.

    Example:
        >>> state = CaseState.start(on=dt.date(2024, 1, 2))
        >>> state.phase, state.episode, state.is_open
        (<Phase.INTAKE: 'intake'>, 1, True)
        >>> state
        CaseState(phase=<Phase.INTAKE: 'intake'>, episode=1, ...)
    """

    phase: Phase = Phase.INTAKE
    episode: int = 1
    opened_on: dt.date | None = None
    interrupted_phase: Phase | None = None
    crisis_began_on: dt.date | None = None
    formulation: CaseFormulation | None = field(default=None, repr=False)
    plan: TreatmentPlan | None = field(default=None, repr=False)
    sessions_since_review: int = 0
    review_anchor_on: dt.date | None = None
    last_review_on: dt.date | None = None
    last_event_on: dt.date | None = None
    last_contact_on: dt.date | None = None
    flags_by_instrument: tuple[tuple[str, tuple[str, ...]], ...] = ()
    safety_plan_present: bool = False
    stabilization_met: bool = False
    goals_met: bool = False
    aftercare_plan_present: bool = False
    booster_due: bool = False
    disengagement_reason: DisengagementReason | None = None

    def __attrs_post_init__(self) -> None:
        check_enum(self.phase, Phase, ("phase",))
        check_int(self.episode, ("episode",), minimum=1)
        check_int(self.sessions_since_review, ("sessions_since_review",), minimum=0)
        for name in _DATE_FIELDS:
            check_optional_date(getattr(self, name), (name,))
        for name in _BOOL_FIELDS:
            if type(getattr(self, name)) is not bool:
                raise fail((name,), "structure.type", "must be a bool")
        self._check_crisis()
        if self.formulation is not None and type(self.formulation) is not CaseFormulation:
            raise fail(("formulation",), "structure.type", "must be a CaseFormulation")
        if self.plan is not None and type(self.plan) is not TreatmentPlan:
            raise fail(("plan",), "structure.type", "must be a TreatmentPlan")
        self._check_flags()
        if self.disengagement_reason is not None:
            check_enum(self.disengagement_reason, DisengagementReason, ("disengagement_reason",))

    def _check_crisis(self) -> None:
        if self.interrupted_phase is not None:
            check_enum(self.interrupted_phase, Phase, ("interrupted_phase",))
        in_crisis = self.phase is Phase.CRISIS
        if in_crisis != (self.interrupted_phase is not None):
            raise fail(
                ("interrupted_phase",), "structure.invalid", "must be set exactly in phase crisis"
            )
        if self.interrupted_phase in (Phase.CRISIS, Phase.CLOSED):
            raise fail(
                ("interrupted_phase",),
                "structure.invalid",
                "must be an open phase other than crisis",
            )
        if in_crisis != (self.crisis_began_on is not None):
            raise fail(
                ("crisis_began_on",), "structure.invalid", "must be set exactly in phase crisis"
            )

    def _check_flags(self) -> None:
        check_tuple(self.flags_by_instrument, ("flags_by_instrument",))
        previous = ""
        for index, pair in enumerate(self.flags_by_instrument):
            path = ("flags_by_instrument", index)
            if type(pair) is not tuple or len(pair) != 2:  # noqa: PLR2004 - a pair
                raise fail(path, "structure.type", "must be an (instrument, flags) pair")
            instrument, flags = pair
            check_identifier(instrument, (*path, 0))
            if type(flags) is not tuple or not flags:
                raise fail((*path, 1), "structure.type", "must be a non-empty tuple of flag ids")
            for flag in flags:
                check_identifier(flag, (*path, 1))
            if list(flags) != sorted(set(flags)):
                raise fail((*path, 1), "structure.id-unique", "must be sorted and unique")
            if instrument <= previous:
                raise fail((*path, 0), "structure.id-unique", "must be sorted and unique")
            previous = instrument

    @classmethod
    def start(cls, *, on: dt.date | None = None) -> "CaseState":
        """
        Return the state of a new case at intake, episode 1, opened *on* (if given).

        Example:
            >>> CaseState.start().phase
            <Phase.INTAKE: 'intake'>
        """
        if on is None:
            return _FRESH
        return cls(opened_on=on)

    @property
    def is_open(self) -> bool:
        """Whether the case is open (not closed)."""
        return self.phase is not Phase.CLOSED

    @property
    def risk_flags(self) -> frozenset[str]:
        """
        Every risk flag the latest measure of each instrument raised.

        Example:
            >>> CaseState(flags_by_instrument=(("phq-9", ("risk.suicidal_ideation",)),)).risk_flags
            frozenset({'risk.suicidal_ideation'})
        """
        return frozenset().union(*(flags for _, flags in self.flags_by_instrument))

    @property
    def plan_version(self) -> int | None:
        """The current plan's version, or None before a plan is agreed."""
        return None if self.plan is None else self.plan.version


_FRESH = CaseState()

#: Field names in declaration order (read from the attrs class: the one declaration).
FIELDS: tuple[str, ...] = tuple(a.name for a in fields(CaseState))
_new = object.__new__

#: Sentinel for "no date yet" inside the working copy (compared by identity).
NO_DATE = dt.date.min
#: "Never" inside the working copy.
NEVER = dt.date.max
#: "Never" for session counts.
NO_LIMIT = 1 << 62


def _flags_to_work(flags: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, frozenset[str]]:
    return {name: frozenset(raised) for name, raised in flags} if flags else {}


def _flags_to_state(flags: dict[str, frozenset[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not flags:
        return ()
    return tuple(sorted((name, tuple(sorted(raised))) for name, raised in flags.items()))


#: The `CaseState` fields the working copy holds differently: field -> (working attribute,
#: expression from the state's value ``{v}``, expression back from the working value ``{w}``).
#: Every other field is held as it is, under its own name.
_HELD_AS: dict[str, tuple[str, str, str]] = {
    "phase": ("pi", "{v}.index", "PHASES[{w}]"),
    "last_event_on": (
        "last_event_on",
        "NO_DATE if {v} is None else {v}",
        "None if {w} is NO_DATE else {w}",
    ),
    "flags_by_instrument": ("flags", "flags_to_work({v})", "flags_to_state({w})"),
}

#: What the machine keeps beside the state's fields (derived or per-call bookkeeping).
_EXTRA_SLOTS = (
    "contact_deadline",
    "memo",
    "modalities",
    "modalities_of",
    "modality_ok",
    "policy",
    "review_due_on",
    "review_every",
    "review_scheduled",
)


def _work_name(name: str) -> str:
    return _HELD_AS[name][0] if name in _HELD_AS else name


#: The bookkeeping the state's fields imply, set up at the end of the generated ``__init__``.
_START = (
    "self.modality_ok = set()",
    "self.modalities_of = None",
    "self.modalities = ()",
    "self.memo = {}",
    (
        "if self.plan is None and policy.review_every_sessions is None "
        "and policy.review_every_days is None:"
    ),
    "    self.review_scheduled = False",
    "    self.review_every = NO_LIMIT",
    "    self.review_due_on = NEVER",
    "else:",
    "    self.refresh_review()",
    "if self.last_contact_on is None:",
    "    self.contact_deadline = NEVER",
    "else:",
    "    self.refresh_contact()",
)


def _generate_init() -> Callable[..., None]:
    lines = ["def __init__(self, state, policy):"]
    for name in FIELDS:
        value = f"state.{name}"
        expression = _HELD_AS[name][1].format(v=value) if name in _HELD_AS else value
        lines.append(f"    self.{_work_name(name)} = {expression}")
    lines.append("    self.policy = policy")
    lines.extend(f"    {line}" for line in _START)
    namespace = {
        "NO_DATE": NO_DATE,
        "NEVER": NEVER,
        "NO_LIMIT": NO_LIMIT,
        "flags_to_work": _flags_to_work,
    }
    return compile_function("__init__", "\n".join(lines) + "\n", namespace)


def _generate_to_state() -> Callable[..., CaseState]:
    lines = ["def to_state(self):", "    state = new(CaseState)"]
    namespace: dict[str, Any] = {
        "new": _new,
        "CaseState": CaseState,
        "PHASES": PHASES,
        "NO_DATE": NO_DATE,
        "flags_to_state": _flags_to_state,
    }
    for name in FIELDS:
        value = f"self.{_work_name(name)}"
        expression = _HELD_AS[name][2].format(w=value) if name in _HELD_AS else value
        namespace[f"set_{name}"] = getattr(CaseState, name).__set__
        lines.append(f"    set_{name}(state, {expression})")
    lines.append("    return state")
    return compile_function("to_state", "\n".join(lines) + "\n", namespace)


class _Work:
    """
    The machine's mutable working copy of a `CaseState` (private; never escapes one call).

    Its slots, ``__init__`` and `to_state` are generated from ``attrs.fields(CaseState)``,
    so a field added to `CaseState` is carried through the machine without another listing.
    """

    __slots__ = (*(_work_name(name) for name in FIELDS), *_EXTRA_SLOTS)

    pi: int
    last_event_on: dt.date
    flags: dict[str, frozenset[str]]
    policy: PhasePolicy
    review_every: int
    review_due_on: dt.date
    review_scheduled: bool
    contact_deadline: dt.date
    modality_ok: set[str]
    modalities_of: TreatmentPlan | None
    modalities: tuple[str, ...]
    #: Answers that depend only on immutable inputs, kept for this call only.
    memo: dict[object, Any]

    if TYPE_CHECKING:  # the other fields are CaseState's, under the same names

        def __init__(self, state: CaseState, policy: PhasePolicy) -> None: ...

        def __getattr__(self, name: str) -> Any: ...

        def __setattr__(self, name: str, value: Any) -> None: ...

        def to_state(self) -> CaseState:
            """Freeze this working copy into a `CaseState` (valid by construction, unchecked)."""

    @property
    def phase(self) -> Phase:
        """The current phase."""
        return PHASES[self.pi]

    def refresh_review(self) -> None:
        """Recompute when the next review falls due, from the plan's schedule and the policy."""
        policy = self.policy
        every_sessions = policy.review_every_sessions
        every_days = policy.review_every_days
        plan = self.plan
        schedule = None if plan is None else plan.review
        if schedule is not None:
            every_sessions = _earliest(every_sessions, schedule.every_sessions)
            every_days = _earliest(every_days, schedule.every_days)
        self.review_scheduled = every_sessions is not None or every_days is not None
        self.review_every = NO_LIMIT if every_sessions is None else every_sessions
        anchor = self.review_anchor_on
        self.review_due_on = (
            NEVER if every_days is None or anchor is None else _add_days(anchor, every_days)
        )

    def refresh_contact(self) -> None:
        """Recompute the day after which the next contact is flagged as late."""
        limit = self.policy.max_days_without_contact
        last = self.last_contact_on
        self.contact_deadline = NEVER if limit is None or last is None else _add_days(last, limit)

    def review_due(self, on: dt.date) -> bool:
        """Whether a review is due on *on* (always False without any review schedule)."""
        return self.sessions_since_review >= self.review_every or on >= self.review_due_on

    def reset(self) -> None:
        """Return every state field to a new case's value (re-referral keeps what it sets)."""
        for name, value in _FRESH_VALUES:
            setattr(self, name, value)
        self.flags = {}
        self.modality_ok.clear()


_Work.__init__ = _generate_init()  # type: ignore[method-assign]
_Work.to_state = _generate_to_state()  # type: ignore[method-assign]
#: A new case's value of each working field (immutable values; the flags dict is made anew).
_FRESH_VALUES = tuple(
    (_work_name(name), getattr(_Work(_FRESH, PhasePolicy()), _work_name(name)))
    for name in FIELDS
    if name != "flags_by_instrument"
)


def _earliest(first: int | None, second: int | None) -> int | None:
    if first is None:
        return second
    if second is None:
        return first
    return min(first, second)


def _add_days(day: dt.date, days: int) -> dt.date:
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return NEVER
