"""
`CaseState`: where a case stands, as an immutable value; and the machine's private working copy.

The working copy (`_Work`) is a mutable, slotted object that lives only inside one call to
`transition`, `replay` or `allowed_events`; callers only ever see `CaseState` values.
"""

import datetime as dt

from attrs import field, frozen

from counselcore._internal.checks import (
    check_enum,
    check_identifier,
    check_int,
    check_optional_date,
    check_tuple,
    fail,
)
from counselcore.model import CaseFormulation, TreatmentPlan
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

#: Field names in declaration order.
FIELDS: tuple[str, ...] = tuple(a.name for a in CaseState.__attrs_attrs__)
_SETTERS = tuple(getattr(CaseState, name).__set__ for name in FIELDS)
_new = object.__new__

#: Sentinel for "no date yet" inside the working copy (compared by identity).
NO_DATE = dt.date.min
#: "Never" inside the working copy.
NEVER = dt.date.max
#: "Never" for session counts.
NO_LIMIT = 1 << 62


class _Work:
    """The machine's mutable working copy of a `CaseState` (private; never escapes)."""

    __slots__ = (
        "aftercare_plan_present",
        "booster_due",
        "contact_deadline",
        "crisis_began_on",
        "disengagement_reason",
        "episode",
        "flags",
        "formulation",
        "goals_met",
        "interrupted_phase",
        "last_contact_on",
        "last_event_on",
        "last_review_on",
        "modalities",
        "modalities_of",
        "modality_ok",
        "opened_on",
        "pi",
        "plan",
        "policy",
        "review_anchor_on",
        "review_due_on",
        "review_every",
        "review_scheduled",
        "safety_plan_present",
        "sessions_since_review",
        "stabilization_met",
    )

    pi: int
    episode: int
    opened_on: dt.date | None
    interrupted_phase: Phase | None
    crisis_began_on: dt.date | None
    formulation: CaseFormulation | None
    plan: TreatmentPlan | None
    sessions_since_review: int
    review_anchor_on: dt.date | None
    last_review_on: dt.date | None
    last_event_on: dt.date
    last_contact_on: dt.date | None
    flags: dict[str, frozenset[str]]
    safety_plan_present: bool
    stabilization_met: bool
    goals_met: bool
    aftercare_plan_present: bool
    booster_due: bool
    disengagement_reason: DisengagementReason | None
    policy: PhasePolicy
    review_every: int
    review_due_on: dt.date
    review_scheduled: bool
    contact_deadline: dt.date
    modality_ok: set[str]
    modalities_of: TreatmentPlan | None
    modalities: tuple[str, ...]

    def __init__(self, state: CaseState, policy: PhasePolicy) -> None:
        self.pi = state.phase.index
        self.episode = state.episode
        self.opened_on = state.opened_on
        self.interrupted_phase = state.interrupted_phase
        self.crisis_began_on = state.crisis_began_on
        self.formulation = state.formulation
        self.plan = state.plan
        self.sessions_since_review = state.sessions_since_review
        self.review_anchor_on = state.review_anchor_on
        self.last_review_on = state.last_review_on
        last = state.last_event_on
        self.last_event_on = NO_DATE if last is None else last
        self.last_contact_on = state.last_contact_on
        flags = state.flags_by_instrument
        self.flags = {name: frozenset(raised) for name, raised in flags} if flags else {}
        self.safety_plan_present = state.safety_plan_present
        self.stabilization_met = state.stabilization_met
        self.goals_met = state.goals_met
        self.aftercare_plan_present = state.aftercare_plan_present
        self.booster_due = state.booster_due
        self.disengagement_reason = state.disengagement_reason
        self.policy = policy
        self.modality_ok = set()
        self.modalities_of = None
        self.modalities = ()
        if (
            self.plan is None
            and policy.review_every_sessions is None
            and policy.review_every_days is None
        ):
            self.review_scheduled = False
            self.review_every = NO_LIMIT
            self.review_due_on = NEVER
        else:
            self.refresh_review()
        if self.last_contact_on is None:
            self.contact_deadline = NEVER
        else:
            self.refresh_contact()

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

    def to_state(self) -> CaseState:
        """Freeze this working copy into a `CaseState` (valid by construction, so unchecked)."""
        last = self.last_event_on
        flags = self.flags
        values = (
            PHASES[self.pi],
            self.episode,
            self.opened_on,
            self.interrupted_phase,
            self.crisis_began_on,
            self.formulation,
            self.plan,
            self.sessions_since_review,
            self.review_anchor_on,
            self.last_review_on,
            None if last is NO_DATE else last,
            self.last_contact_on,
            tuple(sorted((name, tuple(sorted(raised))) for name, raised in flags.items()))
            if flags
            else (),
            self.safety_plan_present,
            self.stabilization_met,
            self.goals_met,
            self.aftercare_plan_present,
            self.booster_due,
            self.disengagement_reason,
        )
        state: CaseState = _new(CaseState)
        for setter, value in zip(_SETTERS, values, strict=True):
            setter(state, value)
        return state


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
