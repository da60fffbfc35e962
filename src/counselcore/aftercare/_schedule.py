"""
Booster and maintenance schedules, computed with python-dateutil.

Calendar convention (documented in ``docs/aftercare.md``):

- Month steps use `dateutil.relativedelta.relativedelta`, which clamps to the end of a
  shorter month: 31 January + 1 month is 29 February in a leap year and 28 February
  otherwise; 29 February + 12 months is 28 February.
- Every date of a monthly series is computed from the *anchor* (``anchor + k * n months``),
  not from the previous date, so a series anchored on the 31st returns to the 31st in
  long months instead of drifting to the 28th.
- Week steps use `dateutil.rrule.rrule` on naive midnight datetimes. Dates carry no time
  zone, so daylight-saving changes cannot shift a session by a day.
"""

import datetime as dt

from attrs import frozen
from dateutil.relativedelta import relativedelta
from dateutil.rrule import WEEKLY, rrule

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
        """
        check_date(terminated_on, ("terminated_on",))
        return terminated_on + relativedelta(months=self.horizon_months)


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

    Weekly and biweekly series step by 7 and 14 days (``rrule(WEEKLY)``); a twice-weekly
    series adds the day three days after each anchor weekday; a monthly series keeps the
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
    start = dt.datetime.combine(first_on, dt.time())
    end = dt.datetime.combine(until, dt.time())
    if cadence is Cadence.TWICE_WEEKLY:
        day = first_on.weekday()
        rule = rrule(
            WEEKLY, dtstart=start, until=end, byweekday=(day, (day + _TWICE_WEEKLY_GAP) % 7)
        )
    else:
        interval = 2 if cadence is Cadence.BIWEEKLY else 1
        rule = rrule(WEEKLY, dtstart=start, until=end, interval=interval)
    return tuple(moment.date() for moment in rule)


def _monthly(
    anchor: dt.date, every_months: int, *, first_step: int, until: dt.date
) -> tuple[dt.date, ...]:
    dates: list[dt.date] = []
    step = first_step
    while (moment := anchor + relativedelta(months=step * every_months)) <= until:
        dates.append(moment)
        step += 1
    return tuple(dates)
