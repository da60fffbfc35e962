"""
Booster and maintenance schedules, computed with python-dateutil.

Calendar convention (documented in ``docs/aftercare.md``):

- Month steps use `dateutil.relativedelta.relativedelta`, which clamps to the end of a
  shorter month: 31 January + 1 month is 29 February in a leap year and 28 February
  otherwise; 29 February + 12 months is 28 February.
- Every date of a monthly series is computed from the *anchor* (``anchor + k * n months``),
  not from the previous date, so a series anchored on the 31st returns to the 31st in
  long months instead of drifting to the 28th.
- Week steps count whole days (7 or 14; twice weekly adds the day three days after each
  weekly date). Dates carry no time zone, so daylight-saving changes cannot shift a session
  by a day.
- The calendar ends on 9999-12-31 (`datetime.date.max`): a series stops there, and a
  horizon that would reach past it ends on that day.
"""

import datetime as dt

from attrs import frozen
from dateutil.relativedelta import relativedelta

from counselcore._internal.checks import check_date, check_enum, check_instance, check_int
from counselcore.model import Cadence

__all__ = ["BoosterSchedule", "booster_dates", "maintenance_dates"]

#: Structural bounds of a booster schedule; the 6-24 month policy is a rule, not these.
MAX_BOOSTER_INTERVAL_MONTHS = 24
MAX_BOOSTER_HORIZON_MONTHS = 120

#: Twice-weekly sessions fall on the anchor's weekday and three days later.
_TWICE_WEEKLY_GAP = 3


@frozen(kw_only=True)
class BoosterSchedule:
    """
    Booster sessions every *every_months* months for *horizon_months* months after termination.

    The first booster falls *every_months* after the termination date; the last one falls
    on or before the end of the horizon. Whether the horizon suits the policy (6-24 months
    by default) is checked by the ``aftercare.booster-*`` rules, not here.

    Example:
        >>> BoosterSchedule(every_months=3, horizon_months=12)
        BoosterSchedule(every_months=3, horizon_months=12)
    """

    every_months: int
    horizon_months: int

    def __attrs_post_init__(self) -> None:
        check_int(
            self.every_months, ("every_months",), minimum=1, maximum=MAX_BOOSTER_INTERVAL_MONTHS
        )
        check_int(
            self.horizon_months,
            ("horizon_months",),
            minimum=1,
            maximum=MAX_BOOSTER_HORIZON_MONTHS,
        )

    def ends_on(self, terminated_on: dt.date) -> dt.date:
        """
        Return the last day of the booster horizon for a course ending *terminated_on*.

        Example:
            >>> BoosterSchedule(every_months=3, horizon_months=1).ends_on(dt.date(2024, 1, 31))
            datetime.date(2024, 2, 29)
            >>> BoosterSchedule(every_months=3, horizon_months=12).ends_on(dt.date(9999, 6, 1))
            datetime.date(9999, 12, 31)
        """
        check_date(terminated_on, ("terminated_on",))
        end = _add_months(terminated_on, self.horizon_months)
        return dt.date.max if end is None else end


def booster_dates(schedule: BoosterSchedule, *, terminated_on: dt.date) -> tuple[dt.date, ...]:
    """
    Return the booster dates of *schedule* for a course that ended *terminated_on*.

    The k-th booster is ``terminated_on + k * every_months`` months (clamped to month end),
    for every k whose date is on or before the end of the horizon.

    Args:
        schedule: Cadence and horizon of the boosters.
        terminated_on: The day active treatment ended.

    Returns:
        The dates in ascending order; empty when the horizon is shorter than one interval.

    Example:
        >>> schedule = BoosterSchedule(every_months=3, horizon_months=12)
        >>> [d.isoformat() for d in booster_dates(schedule, terminated_on=dt.date(2024, 1, 31))]
        ['2024-04-30', '2024-07-31', '2024-10-31', '2025-01-31']
    """
    check_instance(schedule, BoosterSchedule, ("schedule",))
    check_date(terminated_on, ("terminated_on",))
    end = schedule.ends_on(terminated_on)
    return _monthly(terminated_on, schedule.every_months, first_step=1, until=end)


def maintenance_dates(
    cadence: Cadence, *, first_on: dt.date, until: dt.date
) -> tuple[dt.date, ...]:
    """
    Return session dates at *cadence* from *first_on* up to and including *until*.

    Weekly and biweekly series step by 7 and 14 days; a twice-weekly series adds the day
    three days after each weekly date; a monthly series keeps the
    anchor's day of the month, clamped to month end (see the module notes).

    Args:
        cadence: How often sessions are held; maintenance is usually biweekly or monthly.
        first_on: The first session's date.
        until: The last day a session may fall on.

    Returns:
        The dates in ascending order; empty when *until* is before *first_on*.

    Example:
        >>> monthly = maintenance_dates(Cadence.MONTHLY, first_on=dt.date(2024, 1, 31), until=dt.date(2024, 4, 30))
        >>> [d.isoformat() for d in monthly]
        ['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30']
        >>> biweekly = maintenance_dates(Cadence.BIWEEKLY, first_on=dt.date(2024, 2, 15), until=dt.date(2024, 3, 14))
        >>> [d.isoformat() for d in biweekly]
        ['2024-02-15', '2024-02-29', '2024-03-14']
    """
    check_enum(cadence, Cadence, ("cadence",))
    check_date(first_on, ("first_on",))
    check_date(until, ("until",))
    if until < first_on:
        return ()
    if cadence is Cadence.MONTHLY:
        return _monthly(first_on, 1, first_step=0, until=until)
    first, last = first_on.toordinal(), until.toordinal() + 1
    if cadence is Cadence.TWICE_WEEKLY:
        days = sorted((*range(first, last, 7), *range(first + _TWICE_WEEKLY_GAP, last, 7)))
    else:
        days = list(range(first, last, 14 if cadence is Cadence.BIWEEKLY else 7))
    return tuple(dt.date.fromordinal(day) for day in days)


def _add_months(anchor: dt.date, months: int) -> dt.date | None:
    """Return *anchor* plus *months* (clamped to month end), or None past the calendar's end."""
    if (anchor.year * 12 + anchor.month - 1) + months > dt.MAXYEAR * 12 + 11:
        return None
    return anchor + relativedelta(months=months)


def _monthly(
    anchor: dt.date, every_months: int, *, first_step: int, until: dt.date
) -> tuple[dt.date, ...]:
    dates: list[dt.date] = []
    step = first_step
    while (moment := _add_months(anchor, step * every_months)) is not None and moment <= until:
        dates.append(moment)
        step += 1
    return tuple(dates)
