import calendar
import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counselcore.aftercare import BoosterSchedule, booster_dates, maintenance_dates
from counselcore.errors import InvalidValueError
from counselcore.model import Cadence
from counselcore.strategies import dates


def iso(values: tuple[dt.date, ...]) -> list[str]:
    return [value.isoformat() for value in values]


class TestBoosterSchedule:
    @pytest.mark.parametrize("every", [1, 24])
    def test_accepts_interval_at_the_structural_bounds(self, every: int) -> None:
        """An interval of 1 or 24 months is structurally fine."""
        schedule = BoosterSchedule(every_months=every, horizon_months=12)

        assert schedule.every_months == every

    @pytest.mark.parametrize("every", [0, 25])
    def test_refuses_interval_outside_the_structural_bounds(self, every: int) -> None:
        """An interval of 0 or 25 months is refused with a structure.range violation."""
        with pytest.raises(InvalidValueError) as info:
            BoosterSchedule(every_months=every, horizon_months=12)

        assert info.value.rules == ("structure.range",)
        assert info.value.paths == ("every_months",)

    @pytest.mark.parametrize(("horizon", "ok"), [(0, False), (1, True), (120, True), (121, False)])
    def test_horizon_structural_bounds(self, horizon: int, ok: bool) -> None:
        """The horizon may be 1 to 120 months; the 6-24 month policy is a rule."""
        if ok:
            assert BoosterSchedule(every_months=1, horizon_months=horizon).horizon_months == horizon
        else:
            with pytest.raises(InvalidValueError, match="horizon_months"):
                BoosterSchedule(every_months=1, horizon_months=horizon)

    def test_refuses_a_bool_interval(self) -> None:
        """True is not an integer number of months."""
        with pytest.raises(InvalidValueError, match=r"structure\.type"):
            BoosterSchedule(every_months=True, horizon_months=12)

    def test_horizon_end_clamps_to_month_end(self) -> None:
        """31 January plus one month ends on 29 February in a leap year."""
        schedule = BoosterSchedule(every_months=1, horizon_months=1)

        end = schedule.ends_on(dt.date(2024, 1, 31))

        assert end == dt.date(2024, 2, 29)


class TestBoosterDates:
    def test_monthly_from_january_31_in_a_leap_year(self) -> None:
        """Monthly boosters from 31 January clamp to 29 February and return to the 31st."""
        schedule = BoosterSchedule(every_months=1, horizon_months=6)

        result = booster_dates(schedule, terminated_on=dt.date(2024, 1, 31))

        assert iso(result) == [
            "2024-02-29",
            "2024-03-31",
            "2024-04-30",
            "2024-05-31",
            "2024-06-30",
            "2024-07-31",
        ]

    def test_monthly_from_january_31_in_a_common_year(self) -> None:
        """In a common year the February booster falls on the 28th."""
        schedule = BoosterSchedule(every_months=1, horizon_months=2)

        result = booster_dates(schedule, terminated_on=dt.date(2023, 1, 31))

        assert iso(result) == ["2023-02-28", "2023-03-31"]

    def test_yearly_from_february_29(self) -> None:
        """A leap-day anchor falls on 28 February in common years and 29 February in the next leap year."""
        schedule = BoosterSchedule(every_months=12, horizon_months=48)

        result = booster_dates(schedule, terminated_on=dt.date(2024, 2, 29))

        assert iso(result) == ["2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29"]

    def test_the_last_booster_may_fall_on_the_horizon_end(self) -> None:
        """The horizon end is inclusive."""
        schedule = BoosterSchedule(every_months=6, horizon_months=12)

        result = booster_dates(schedule, terminated_on=dt.date(2024, 8, 31))

        assert iso(result) == ["2025-02-28", "2025-08-31"]
        assert result[-1] == schedule.ends_on(dt.date(2024, 8, 31))

    def test_is_empty_when_the_horizon_is_shorter_than_one_interval(self) -> None:
        """Boosters every 6 months over 5 months give no date."""
        schedule = BoosterSchedule(every_months=6, horizon_months=5)

        result = booster_dates(schedule, terminated_on=dt.date(2024, 1, 1))

        assert result == ()

    def test_refuses_a_datetime(self) -> None:
        """Times are not part of the model."""
        schedule = BoosterSchedule(every_months=1, horizon_months=6)

        with pytest.raises(InvalidValueError, match="terminated_on"):
            booster_dates(schedule, terminated_on=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))

    @given(
        terminated_on=dates(max_value=dt.date(2080, 1, 1)),
        every=st.integers(1, 24),
        horizon=st.integers(1, 120),
    )
    def test_count_order_and_clamping(
        self, terminated_on: dt.date, every: int, horizon: int
    ) -> None:
        """There are horizon // every boosters, strictly increasing, each on the anchor day or its month's last day."""
        schedule = BoosterSchedule(every_months=every, horizon_months=horizon)

        result = booster_dates(schedule, terminated_on=terminated_on)

        assert type(result) is tuple
        assert len(result) == horizon // every
        assert all(type(d) is dt.date for d in result)
        assert all(a < b for a, b in itertools.pairwise(result))
        for moment in result:
            last_day = calendar.monthrange(moment.year, moment.month)[1]
            assert moment.day == min(terminated_on.day, last_day)
        assert all(terminated_on < d <= schedule.ends_on(terminated_on) for d in result)


class TestMaintenanceDates:
    def test_monthly_clamps_and_does_not_drift(self) -> None:
        """A monthly series anchored on the 31st visits 29 February and comes back to the 31st."""
        result = maintenance_dates(
            Cadence.MONTHLY, first_on=dt.date(2024, 1, 31), until=dt.date(2024, 5, 31)
        )

        assert iso(result) == ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31"]

    def test_monthly_from_a_leap_day(self) -> None:
        """A series anchored on 29 February keeps the 29th in later months."""
        result = maintenance_dates(
            Cadence.MONTHLY, first_on=dt.date(2024, 2, 29), until=dt.date(2024, 4, 30)
        )

        assert iso(result) == ["2024-02-29", "2024-03-29", "2024-04-29"]

    def test_biweekly_across_a_leap_day_and_a_year_end(self) -> None:
        """Biweekly sessions step exactly 14 days across 29 February and 31 December."""
        across_leap = maintenance_dates(
            Cadence.BIWEEKLY, first_on=dt.date(2024, 2, 15), until=dt.date(2024, 3, 14)
        )
        across_year = maintenance_dates(
            Cadence.BIWEEKLY, first_on=dt.date(2024, 12, 24), until=dt.date(2025, 1, 21)
        )

        assert iso(across_leap) == ["2024-02-15", "2024-02-29", "2024-03-14"]
        assert iso(across_year) == ["2024-12-24", "2025-01-07", "2025-01-21"]

    def test_weekly_across_daylight_saving_changes(self) -> None:
        """Dates carry no time zone, so US and EU clock changes shift nothing."""
        result = maintenance_dates(
            Cadence.WEEKLY, first_on=dt.date(2024, 3, 4), until=dt.date(2024, 4, 1)
        )

        assert iso(result) == ["2024-03-04", "2024-03-11", "2024-03-18", "2024-03-25", "2024-04-01"]

    def test_twice_weekly_uses_the_anchor_day_and_three_days_later(self) -> None:
        """A Sunday anchor gives Sundays and Wednesdays, in date order."""
        result = maintenance_dates(
            Cadence.TWICE_WEEKLY, first_on=dt.date(2024, 3, 3), until=dt.date(2024, 3, 13)
        )

        assert iso(result) == ["2024-03-03", "2024-03-06", "2024-03-10", "2024-03-13"]

    def test_until_is_inclusive(self) -> None:
        """A series whose end is its first day holds that one day."""
        result = maintenance_dates(
            Cadence.BIWEEKLY, first_on=dt.date(2024, 1, 1), until=dt.date(2024, 1, 1)
        )

        assert result == (dt.date(2024, 1, 1),)

    def test_is_empty_when_until_is_before_the_first_day(self) -> None:
        """An end before the start gives no date."""
        result = maintenance_dates(
            Cadence.MONTHLY, first_on=dt.date(2024, 1, 2), until=dt.date(2024, 1, 1)
        )

        assert result == ()

    def test_refuses_a_raw_cadence_value(self) -> None:
        """The cadence is an enum member, not its string value."""
        with pytest.raises(InvalidValueError, match="cadence"):
            maintenance_dates("monthly", first_on=dt.date(2024, 1, 1), until=dt.date(2024, 2, 1))  # type: ignore[arg-type]

    @given(
        cadence=st.sampled_from([Cadence.WEEKLY, Cadence.BIWEEKLY]),
        first_on=dates(max_value=dt.date(2090, 1, 1)),
        days=st.integers(0, 800),
    )
    def test_weekly_series_have_constant_gaps(
        self, cadence: Cadence, first_on: dt.date, days: int
    ) -> None:
        """Weekly and biweekly series start on the first day and step by exactly 7 or 14 days."""
        until = first_on + dt.timedelta(days=days)

        result = maintenance_dates(cadence, first_on=first_on, until=until)

        assert result[0] == first_on
        assert {(b - a).days for a, b in itertools.pairwise(result)} <= {cadence.days}
        assert result[-1] <= until < result[-1] + dt.timedelta(days=cadence.days)

    @given(first_on=dates(max_value=dt.date(2090, 1, 1)), days=st.integers(0, 800))
    def test_monthly_series_keep_the_anchor_day_where_it_exists(
        self, first_on: dt.date, days: int
    ) -> None:
        """Each monthly date is the anchor's day, or the month's last day when the month is shorter."""
        until = first_on + dt.timedelta(days=days)

        result = maintenance_dates(Cadence.MONTHLY, first_on=first_on, until=until)

        assert result[0] == first_on
        assert all(d <= until for d in result)
        for moment in result:
            last_day = calendar.monthrange(moment.year, moment.month)[1]
            assert moment.day == min(first_on.day, last_day)
        months = [(d.year, d.month) for d in result]
        assert len(set(months)) == len(months)


# The calendar ends on 9999-12-31: series stop there and horizons are clipped to it, never a
# bare ValueError ("year 10000 is out of range") from date arithmetic.


@pytest.mark.parametrize("terminated_on", [dt.date(9999, 12, 1), dt.date(9999, 12, 31)])
def test_boosters_past_the_end_of_the_calendar_are_not_scheduled(terminated_on: dt.date) -> None:
    schedule = BoosterSchedule(every_months=3, horizon_months=12)
    assert booster_dates(schedule, terminated_on=terminated_on) == ()
    assert schedule.ends_on(terminated_on) == dt.date.max


def test_boosters_stop_at_the_end_of_the_calendar() -> None:
    schedule = BoosterSchedule(every_months=3, horizon_months=24)
    dates = booster_dates(schedule, terminated_on=dt.date(9999, 1, 31))
    assert dates == (dt.date(9999, 4, 30), dt.date(9999, 7, 31), dt.date(9999, 10, 31))


def test_monthly_maintenance_stops_at_the_end_of_the_calendar() -> None:
    dates = maintenance_dates(Cadence.MONTHLY, first_on=dt.date(9999, 11, 30), until=dt.date.max)
    assert dates == (dt.date(9999, 11, 30), dt.date(9999, 12, 30))


@given(
    cadence=st.sampled_from(Cadence),
    first_on=st.dates(min_value=dt.date(9990, 1, 1)),
    every=st.integers(1, 24),
    horizon=st.integers(1, 120),
)
def test_schedules_near_the_end_of_the_calendar_never_crash(
    cadence: Cadence, first_on: dt.date, every: int, horizon: int
) -> None:
    dates = maintenance_dates(cadence, first_on=first_on, until=dt.date.max)
    assert all(first_on <= d <= dt.date.max for d in dates)
    boosters = booster_dates(
        BoosterSchedule(every_months=every, horizon_months=horizon), terminated_on=first_on
    )
    assert list(boosters) == sorted(boosters)
    assert all(first_on < d for d in boosters)
