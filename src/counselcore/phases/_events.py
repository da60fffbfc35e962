"""
Events that drive a case through its phases: immutable values, each dated.

Every event carries ``on`` (the day it happened) and the payload its guards need.
Constructors check structure only (types, ids, dates); whether an event is clinically
acceptable *now* is decided by `counselcore.phases.transition`.
"""

import datetime as dt
import enum
import math
import types
from collections.abc import Mapping
from typing import Any, ClassVar

from attrs import Factory, field, frozen

from counselcore._internal.checks import (
    check_date,
    check_enum,
    check_identifier,
    check_optional_instance,
    fail,
)
from counselcore._internal.words import with_article
from counselcore.aftercare import AftercarePlan, SafetyPlan
from counselcore.model import CaseFormulation, Session, TreatmentPlan
from counselcore.phases._phase import DisengagementReason

__all__ = [
    "AftercareStarted",
    "BoosterHeld",
    "CrisisBegan",
    "CrisisResolved",
    "Discharged",
    "Disengaged",
    "EVENT_TYPES",
    "Event",
    "EventKind",
    "IntakeCompleted",
    "LapseReported",
    "MeasureRecorded",
    "PlanAgreed",
    "ReReferred",
    "RelapseReported",
    "ReviewHeld",
    "SessionHeld",
    "TerminationPlanned",
]


class EventKind(enum.Enum):
    """
    The kinds of event, one per event class (``SessionHeld.kind is EventKind.SESSION_HELD``).

    Example:
        >>> EventKind.SESSION_HELD.value
        'session-held'
        >>> EVENT_TYPES[EventKind.PLAN_AGREED].__name__
        'PlanAgreed'
    """

    INTAKE_COMPLETED = "intake-completed"
    PLAN_AGREED = "plan-agreed"
    SESSION_HELD = "session-held"
    REVIEW_HELD = "review-held"
    MEASURE_RECORDED = "measure-recorded"
    CRISIS_BEGAN = "crisis-began"
    CRISIS_RESOLVED = "crisis-resolved"
    TERMINATION_PLANNED = "termination-planned"
    AFTERCARE_STARTED = "aftercare-started"
    LAPSE_REPORTED = "lapse-reported"
    RELAPSE_REPORTED = "relapse-reported"
    BOOSTER_HELD = "booster-held"
    DISCHARGED = "discharged"
    DISENGAGED = "disengaged"
    RE_REFERRED = "re-referred"


def _check_bool(value: object, name: str) -> None:
    if type(value) is not bool:
        raise fail((name,), "structure.type", "must be a bool")


def _check_record(value: object, cls: type, name: str) -> None:
    if type(value) is not cls:
        raise fail((name,), "structure.type", f"must be {with_article(cls.__name__)}")


@frozen(kw_only=True)
class IntakeCompleted:
    """
    Assessment is complete: the case formulation is agreed.

    *stabilization_met* records whether the assessing clinician found the client's
    stabilization criteria met (grounding and affect-regulation skills, no active crisis).

    Example:
        >>> from counselcore.examples import example_formulation
        >>> e = IntakeCompleted(on=dt.date(2024, 1, 8), formulation=example_formulation())
        >>> e.kind
        <EventKind.INTAKE_COMPLETED: 'intake-completed'>
    """

    kind: ClassVar[EventKind] = EventKind.INTAKE_COMPLETED

    on: dt.date
    formulation: CaseFormulation = field(repr=False)
    stabilization_met: bool = False

    def __attrs_post_init__(self) -> None:
        check_date(self.on, ("on",))
        _check_record(self.formulation, CaseFormulation, "formulation")
        _check_bool(self.stabilization_met, "stabilization_met")


@frozen(kw_only=True)
class PlanAgreed:
    """
    A treatment plan (or a revision of it) is agreed and treatment starts or resumes under it.

    Example:
        >>> from counselcore.examples import example_plan
        >>> PlanAgreed(on=dt.date(2024, 1, 15), plan=example_plan()).plan.plan_id
        'tp-1'
    """

    kind: ClassVar[EventKind] = EventKind.PLAN_AGREED

    on: dt.date
    plan: TreatmentPlan = field(repr=False)

    def __attrs_post_init__(self) -> None:
        check_date(self.on, ("on",))
        _check_record(self.plan, TreatmentPlan, "plan")


@frozen(kw_only=True)
class SessionHeld:
    """
    A session was held; *on* defaults to (and must equal) the session's ``held_on``.

    Example:
        >>> from counselcore.examples import example_sessions
        >>> e = SessionHeld(session=example_sessions()[1])
        >>> e.on
        datetime.date(2024, 1, 15)
    """

    kind: ClassVar[EventKind] = EventKind.SESSION_HELD

    session: Session = field(repr=False)
    on: dt.date = field(default=Factory(lambda self: self.session.held_on, takes_self=True))

    def __attrs_post_init__(self) -> None:
        _check_record(self.session, Session, "session")
        check_date(self.on, ("on",))
        if self.on != self.session.held_on:
            raise fail(("on",), "structure.invalid", "must equal session.held_on")


@frozen(kw_only=True)
class ReviewHeld:
    """
    A progress review was held.

    *goals_met* records whether the review found the plan's goals met;
    *stabilization_met* records a stabilization finding, or None to keep the previous one.

    Example:
        >>> ReviewHeld(on=dt.date(2024, 2, 26), goals_met=True)
        ReviewHeld(on=datetime.date(2024, 2, 26), goals_met=True, stabilization_met=None)
    """

    kind: ClassVar[EventKind] = EventKind.REVIEW_HELD

    on: dt.date
    goals_met: bool = False
    stabilization_met: bool | None = None

    def __attrs_post_init__(self) -> None:
        check_date(self.on, ("on",))
        _check_bool(self.goals_met, "goals_met")
        if self.stabilization_met is not None:
            _check_bool(self.stabilization_met, "stabilization_met")


def _to_flags(value: Any) -> frozenset[str]:
    """Accept any iterable of flag ids (a frozenset is kept as it is)."""
    if type(value) is frozenset:
        return value
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        raise fail(("risk_flags",), "structure.type", "must be a frozenset of flag ids")
    return frozenset(value)


@frozen(kw_only=True)
class MeasureRecorded:
    """
    An outcome measure was administered: plain data, so any scoring engine can feed it.

    *instrument* is an instrument id (``"phq-9"``), *total* the total score and *risk_flags*
    the risk flags the scoring raised (``{"risk.suicidal_ideation"}`` from
    `counselcore.measures.administer`); a later measure of the same instrument replaces that
    instrument's flags.

    Example:
        >>> e = MeasureRecorded(
        ...     on=dt.date(2024, 1, 22), instrument="phq-9", total=14, risk_flags={"risk.suicidal_ideation"}
        ... )
        >>> e.total, sorted(e.risk_flags)
        (14, ['risk.suicidal_ideation'])
    """

    kind: ClassVar[EventKind] = EventKind.MEASURE_RECORDED

    on: dt.date
    instrument: str
    total: float
    risk_flags: frozenset[str] = field(default=frozenset(), converter=_to_flags)

    def __attrs_post_init__(self) -> None:
        check_date(self.on, ("on",))
        check_identifier(self.instrument, ("instrument",))
        if type(self.total) not in (int, float):
            raise fail(("total",), "structure.type", "must be a number")
        if not math.isfinite(self.total):
            raise fail(("total",), "structure.finite", "must be a finite number")
        for flag in self.risk_flags:
            check_identifier(flag, ("risk_flags",))


@frozen(kw_only=True)
class CrisisBegan:
    """
    A crisis began: it interrupts the current phase, which the case returns to afterwards.

    Example:
        >>> CrisisBegan(on=dt.date(2024, 2, 1)).kind.value
        'crisis-began'
    """

    kind: ClassVar[EventKind] = EventKind.CRISIS_BEGAN

    on: dt.date

    def __attrs_post_init__(self) -> None:
        check_date(self.on, ("on",))


@frozen(kw_only=True)
class CrisisResolved:
    """
    The crisis is resolved: the case returns to the phase the crisis interrupted.

    *safety_plan* is the client's (updated) safety plan, checked by the policy's
    ``check_safety_plan`` hook; *risk_screened_on* is the date of the fresh risk screen.
    With *replan* the case goes to ``planning`` instead, because the plan must change.

    Example:
        >>> from counselcore.examples import example_safety_plan
        >>> e = CrisisResolved(
        ...     on=dt.date(2024, 2, 8), safety_plan=example_safety_plan(), risk_screened_on=dt.date(2024, 2, 8)
        ... )
        >>> e.replan
        False
    """

    kind: ClassVar[EventKind] = EventKind.CRISIS_RESOLVED

    on: dt.date
    safety_plan: SafetyPlan | None = field(default=None, repr=False)
    risk_screened_on: dt.date | None = None
    replan: bool = False

    def __attrs_post_init__(self) -> None:
        check_date(self.on, ("on",))
        check_optional_instance(self.safety_plan, SafetyPlan, ("safety_plan",))
        if self.risk_screened_on is not None:
            check_date(self.risk_screened_on, ("risk_screened_on",))
        _check_bool(self.replan, "replan")


@frozen(kw_only=True)
class TerminationPlanned:
    """
    Ending treatment is planned: goals met at review, or the client chose to end.

    *termination_plan_recorded* says a termination plan (what ends, when, how gains are kept)
    is on file.

    Example:
        >>> TerminationPlanned(on=dt.date(2024, 5, 1), termination_plan_recorded=True).client_initiated
        False
    """

    kind: ClassVar[EventKind] = EventKind.TERMINATION_PLANNED

    on: dt.date
    client_initiated: bool = False
    termination_plan_recorded: bool = False

    def __attrs_post_init__(self) -> None:
        check_date(self.on, ("on",))
        _check_bool(self.client_initiated, "client_initiated")
        _check_bool(self.termination_plan_recorded, "termination_plan_recorded")


@frozen(kw_only=True)
class AftercareStarted:
    """
    Aftercare begins under *aftercare_plan*, checked by the policy's ``check_aftercare`` hook.

    Example:
        >>> from counselcore.examples import example_aftercare_plan
        >>> AftercareStarted(on=dt.date(2024, 6, 1), aftercare_plan=example_aftercare_plan()).kind.value
        'aftercare-started'
    """

    kind: ClassVar[EventKind] = EventKind.AFTERCARE_STARTED

    on: dt.date
    aftercare_plan: AftercarePlan | None = field(default=None, repr=False)

    def __attrs_post_init__(self) -> None:
        check_date(self.on, ("on",))
        check_optional_instance(self.aftercare_plan, AftercarePlan, ("aftercare_plan",))


@frozen(kw_only=True)
class LapseReported:
    """
    A lapse (a brief return to the old pattern) was reported; in maintenance it calls for a booster.

    Example:
        >>> LapseReported(on=dt.date(2024, 8, 1)).kind.value
        'lapse-reported'
    """

    kind: ClassVar[EventKind] = EventKind.LAPSE_REPORTED

    on: dt.date

    def __attrs_post_init__(self) -> None:
        check_date(self.on, ("on",))


@frozen(kw_only=True)
class RelapseReported:
    """
    A relapse (a sustained return to the old pattern) was reported; active treatment resumes.

    Example:
        >>> RelapseReported(on=dt.date(2024, 9, 1)).kind.value
        'relapse-reported'
    """

    kind: ClassVar[EventKind] = EventKind.RELAPSE_REPORTED

    on: dt.date

    def __attrs_post_init__(self) -> None:
        check_date(self.on, ("on",))


@frozen(kw_only=True)
class BoosterHeld:
    """
    A booster session of the aftercare plan was held.

    Example:
        >>> BoosterHeld(on=dt.date(2024, 9, 1)).kind.value
        'booster-held'
    """

    kind: ClassVar[EventKind] = EventKind.BOOSTER_HELD

    on: dt.date

    def __attrs_post_init__(self) -> None:
        check_date(self.on, ("on",))


@frozen(kw_only=True)
class Discharged:
    """
    The case is closed as planned; leaving ``termination`` directly needs *aftercare_plan*.

    Example:
        >>> Discharged(on=dt.date(2025, 1, 6)).aftercare_plan is None
        True
    """

    kind: ClassVar[EventKind] = EventKind.DISCHARGED

    on: dt.date
    aftercare_plan: AftercarePlan | None = field(default=None, repr=False)

    def __attrs_post_init__(self) -> None:
        check_date(self.on, ("on",))
        check_optional_instance(self.aftercare_plan, AftercarePlan, ("aftercare_plan",))


@frozen(kw_only=True)
class Disengaged:
    """
    The case closed without a planned discharge, for *reason*.

    Example:
        >>> Disengaged(on=dt.date(2024, 4, 1), reason=DisengagementReason.LOST_TO_CONTACT).reason.value
        'lost-to-contact'
    """

    kind: ClassVar[EventKind] = EventKind.DISENGAGED

    on: dt.date
    reason: DisengagementReason

    def __attrs_post_init__(self) -> None:
        check_date(self.on, ("on",))
        check_enum(self.reason, DisengagementReason, ("reason",))


@frozen(kw_only=True)
class ReReferred:
    """
    A closed case is referred again: a new episode opens at intake.

    Example:
        >>> ReReferred(on=dt.date(2025, 3, 3)).kind.value
        're-referred'
    """

    kind: ClassVar[EventKind] = EventKind.RE_REFERRED

    on: dt.date

    def __attrs_post_init__(self) -> None:
        check_date(self.on, ("on",))


#: Any phase event.
Event = (
    IntakeCompleted
    | PlanAgreed
    | SessionHeld
    | ReviewHeld
    | MeasureRecorded
    | CrisisBegan
    | CrisisResolved
    | TerminationPlanned
    | AftercareStarted
    | LapseReported
    | RelapseReported
    | BoosterHeld
    | Discharged
    | Disengaged
    | ReReferred
)

_CLASSES: tuple[type[Event], ...] = (
    IntakeCompleted,
    PlanAgreed,
    SessionHeld,
    ReviewHeld,
    MeasureRecorded,
    CrisisBegan,
    CrisisResolved,
    TerminationPlanned,
    AftercareStarted,
    LapseReported,
    RelapseReported,
    BoosterHeld,
    Discharged,
    Disengaged,
    ReReferred,
)

#: The event class of each kind, in `EventKind` order (read-only).
EVENT_TYPES: Mapping[EventKind, type[Event]] = types.MappingProxyType(
    {kind: next(cls for cls in _CLASSES if cls.kind is kind) for kind in EventKind}
)
