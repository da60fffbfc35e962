"""Sessions and homework."""

import datetime as dt

from attrs import field, frozen

from counselcore._internal.checks import (
    check_date,
    check_enum,
    check_identifier,
    check_instances,
    check_int,
    check_number,
    check_optional_date,
    check_text,
    check_tuple,
    check_unique,
    fail,
)
from counselcore.model._enums import SessionKind

__all__ = ["Homework", "Session", "cpt_codes"]

#: Longest session the model accepts, in minutes (a crisis day can run long; 16 hours is absurd).
MAX_SESSION_MINUTES = 960

#: Session Rating Scale total range (4 lines scored 0-10; Duncan et al. 2003).
ALLIANCE_MIN = 0.0
ALLIANCE_MAX = 40.0


def cpt_codes(kind: SessionKind, duration_minutes: int) -> tuple[str, ...]:
    """
    Return the CPT codes that a session of *kind* lasting *duration_minutes* maps to.

    Psychotherapy time bands (AMA CPT 2013): 16-37 min 90832, 38-52 min 90834, 53 min or
    more 90837; below 16 minutes no timed code. Intake is 90791 (not time-based). Crisis:
    90839 covers the first 30-74 minutes and each further block of up to 30 minutes adds
    one 90840 (75-104: one, 105-134: two); a crisis session under 30 minutes is billed with
    the ordinary psychotherapy band, per the same CPT guidance.

    Raises:
        counselcore.errors.InvalidValueError: If *kind* is not a `SessionKind` member or
            *duration_minutes* is not an int from 1 to 960, checked as `Session` checks them
            (rules ``structure.type`` and ``structure.range``, path ``kind`` or
            ``duration_minutes``).

    Example:
        >>> cpt_codes(SessionKind.INDIVIDUAL, 53)
        ('90837',)
        >>> cpt_codes(SessionKind.INDIVIDUAL, 15)
        ()
        >>> cpt_codes(SessionKind.CRISIS, 105)
        ('90839', '90840', '90840')
        >>> cpt_codes(SessionKind.INDIVIDUAL, -5)
        Traceback (most recent call last):
        ...
        counselcore.errors.InvalidValueError: 1 structural problem: duration_minutes: must be at
        least 1 [structure.range]
    """
    check_enum(kind, SessionKind, ("kind",))
    check_int(duration_minutes, ("duration_minutes",), minimum=1, maximum=MAX_SESSION_MINUTES)
    if kind is SessionKind.INTAKE:
        return ("90791",)
    if kind is SessionKind.CRISIS and duration_minutes >= 30:  # noqa: PLR2004 - CPT band edge
        extra = max(0, duration_minutes - 74)
        units = -(-extra // 30)
        return ("90839", *("90840",) * units)
    if duration_minutes >= 53:  # noqa: PLR2004 - CPT band edge
        return ("90837",)
    if duration_minutes >= 38:  # noqa: PLR2004 - CPT band edge
        return ("90834",)
    if duration_minutes >= 16:  # noqa: PLR2004 - CPT band edge
        return ("90832",)
    return ()


@frozen(kw_only=True)
class Homework:
    """
    A between-session task; *technique* names the technique it practises, if any.

    Example:
        >>> Homework(homework_id="h1", description="three thought records", technique="thought-record")
        Homework(homework_id='h1', technique='thought-record', due_on=None)
    """

    homework_id: str
    description: str = field(repr=False)
    technique: str | None = None
    due_on: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        check_identifier(self.homework_id, ("homework_id",))
        check_text(self.description, ("description",), allow_empty=False)
        if self.technique is not None:
            check_identifier(self.technique, ("technique",))
        check_optional_date(self.due_on, ("due_on",))


@frozen(kw_only=True)
class Session:
    """
    One session held with the client.

    *alliance* is a Session Rating Scale total (0-40) when one was taken.
    *homework_reviewed* names homework ids assigned at earlier sessions.

    Example:
        >>> s = Session(session_id="s1", held_on=dt.date(2024, 1, 22), kind=SessionKind.INDIVIDUAL,
        ...             duration_minutes=50, modality="cbt", techniques=("thought-record",))
        >>> s.cpt_codes
        ('90834',)
    """

    session_id: str
    held_on: dt.date
    kind: SessionKind
    duration_minutes: int
    modality: str | None = None
    techniques: tuple[str, ...] = ()
    homework_assigned: tuple[Homework, ...] = ()
    homework_reviewed: tuple[str, ...] = ()
    alliance: float | None = None

    def __attrs_post_init__(self) -> None:
        check_identifier(self.session_id, ("session_id",))
        check_date(self.held_on, ("held_on",))
        check_enum(self.kind, SessionKind, ("kind",))
        check_int(
            self.duration_minutes, ("duration_minutes",), minimum=1, maximum=MAX_SESSION_MINUTES
        )
        if self.modality is not None:
            check_identifier(self.modality, ("modality",))
        check_tuple(self.techniques, ("techniques",))
        for index, technique in enumerate(self.techniques):
            check_identifier(technique, ("techniques", index))
        check_instances(self.homework_assigned, Homework, ("homework_assigned",))
        check_unique(
            [h.homework_id for h in self.homework_assigned], ("homework_assigned",), "homework_id"
        )
        for index, homework in enumerate(self.homework_assigned):
            if homework.due_on is not None and homework.due_on < self.held_on:
                raise fail(
                    ("homework_assigned", index, "due_on"),
                    "structure.date-order",
                    "must not be before the session it was assigned in",
                )
        check_tuple(self.homework_reviewed, ("homework_reviewed",))
        for index, homework_id in enumerate(self.homework_reviewed):
            check_identifier(homework_id, ("homework_reviewed", index))
        if self.alliance is not None:
            check_number(self.alliance, ("alliance",), minimum=ALLIANCE_MIN, maximum=ALLIANCE_MAX)

    @property
    def cpt_codes(self) -> tuple[str, ...]:
        """The CPT codes this session maps to (see `cpt_codes`)."""
        return cpt_codes(self.kind, self.duration_minutes)
