"""PHQ-9 response, remission and CMS159, at both sides of every cut and window edge."""

import datetime as dt

import pytest
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

from counselcore.errors import InvalidValueError
from counselcore.measures import (
    DEFAULT_MBC_POLICY,
    GAD_7,
    PHQ_8,
    PHQ_9,
    Cms159Status,
    MeasurementBasedCarePolicy,
    cms159_remission,
    has_responded,
    is_in_remission,
    trajectory,
)
from counselcore.model import Diagnosis
from tests.measures.support import administer_total

START = dt.date(2024, 1, 15)
# 2025-01-15 is twelve months after START; the window runs 60 days either side.
WINDOW_START = dt.date(2024, 11, 16)
WINDOW_END = dt.date(2025, 3, 16)
DEPRESSION = (Diagnosis(code="F33.1"),)


def line(*points: tuple[int, dt.date]):
    return trajectory([administer_total(PHQ_9, total, on) for total, on in points], "phq-9")


class TestResponse:
    @pytest.mark.parametrize(
        ("baseline", "latest", "responded"),
        [
            (20, 10, True),
            (20, 11, False),
            (15, 7, True),
            (15, 8, False),
            (1, 0, True),
            (0, 0, False),
        ],
    )
    def test_response_is_a_fall_of_at_least_half(self, baseline, latest, responded):
        """A fall of 50 % or more of the baseline is a response; just under half is not; 0 cannot fall."""
        course = line((baseline, START), (latest, START + dt.timedelta(days=56)))

        assert has_responded(course) is responded

    def test_a_single_score_is_no_response(self):
        """Baseline and latest are the same form: no fall, no response."""
        assert has_responded(line((20, START))) is False

    @given(st.integers(0, 27), st.integers(0, 27))
    def test_response_matches_the_percentage_written_out(self, baseline, latest):
        """Response holds exactly when (baseline - latest) / baseline >= 0.5 with a real fall."""
        course = line((baseline, START), (latest, START + dt.timedelta(days=28)))

        expected = latest < baseline and (baseline - latest) / baseline >= 0.5

        assert has_responded(course) is expected


class TestRemission:
    @pytest.mark.parametrize(("latest", "remitted"), [(4, True), (5, False), (0, True)])
    def test_remission_is_below_5(self, latest, remitted):
        """A latest total of 4 is remission, 5 is not."""
        assert is_in_remission(line((18, START), (latest, START.replace(month=3)))) is remitted

    def test_the_cut_is_a_policy_field(self):
        """A service can move the remission cut; the default stays 5."""
        policy = evolve(DEFAULT_MBC_POLICY, remission_below=6)

        course = line((18, START), (5, START.replace(month=3)))

        assert is_in_remission(course, policy=policy) is True
        assert is_in_remission(course) is False


class TestCms159Index:
    @pytest.mark.parametrize(("total", "eligible"), [(9, False), (10, True)])
    def test_index_needs_a_phq9_above_9(self, total, eligible):
        """A first score of 9 is not an index event; 10 is."""
        result = cms159_remission(line((total, START), (2, WINDOW_START)), DEPRESSION)

        assert (result.status is not Cms159Status.NOT_ELIGIBLE) is eligible

    @pytest.mark.parametrize(
        ("code", "eligible"),
        [("F32.1", True), ("F33.41", True), ("F34.1", True), ("F34.0", False), ("F41.1", False)],
    )
    def test_index_needs_major_depression_or_dysthymia(self, code, eligible):
        """Major depression (F32, F33) and dysthymia (F34.1) qualify; cyclothymia and GAD do not."""
        result = cms159_remission(line((15, START), (2, WINDOW_START)), [Diagnosis(code=code)])

        assert (result.status is not Cms159Status.NOT_ELIGIBLE) is eligible
        assert result.meets_numerator is (True if eligible else None)

    def test_the_index_is_the_first_score_above_9(self):
        """Earlier low scores are skipped: the index is the first score above 9."""
        course = line((8, dt.date(2023, 12, 1)), (12, START), (3, WINDOW_END))

        result = cms159_remission(course, DEPRESSION)

        assert (result.index_on, result.index_total) == (START, 12)


class TestCms159Window:
    @pytest.mark.parametrize(
        ("on", "inside"),
        [
            (WINDOW_START - dt.timedelta(days=1), False),
            (WINDOW_START, True),
            (WINDOW_END, True),
            (WINDOW_END + dt.timedelta(days=1), False),
        ],
    )
    def test_window_is_twelve_months_plus_or_minus_60_days_inclusive(self, on, inside):
        """A remission score on either edge counts; one day outside does not."""
        result = cms159_remission(line((15, START), (2, on)), DEPRESSION)

        assert result.status is (Cms159Status.REMISSION if inside else Cms159Status.NO_ASSESSMENT)
        assert (result.window_start, result.window_end) == (WINDOW_START, WINDOW_END)

    def test_the_most_recent_score_in_the_window_decides(self):
        """A remission early in the window is undone by a later score of 5."""
        course = line((15, START), (3, WINDOW_START), (5, WINDOW_END))

        result = cms159_remission(course, DEPRESSION)

        assert result.status is Cms159Status.NOT_IN_REMISSION
        assert (result.assessed_on, result.assessed_total) == (WINDOW_END, 5)
        assert result.meets_numerator is False

    def test_no_score_in_the_window_is_not_met(self):
        """An eligible case with no score in the window fails the numerator."""
        result = cms159_remission(line((15, START), (2, START.replace(month=6))), DEPRESSION)

        assert result.status is Cms159Status.NO_ASSESSMENT
        assert result.meets_numerator is False

    def test_calendar_months_clip_at_month_end(self):
        """Twelve months after 29 February 2024 is 28 February 2025, then 60 days either side."""
        assert DEFAULT_MBC_POLICY.window(dt.date(2024, 2, 29)) == (
            dt.date(2024, 12, 30),
            dt.date(2025, 4, 29),
        )


class TestRefusals:
    def test_another_instruments_trajectory_is_refused(self):
        """A GAD-7 trajectory is not a PHQ-9 trajectory."""
        gad = trajectory([administer_total(GAD_7, 12, START)], "gad-7")

        with pytest.raises(InvalidValueError) as info:
            has_responded(gad)

        assert info.value.paths == ("line.instrument_id",)

    def test_an_impossible_total_is_refused_at_its_administration(self):
        """An administration built by hand with a PHQ-9 total of 28 is refused, not classified."""
        bad = evolve(administer_total(PHQ_9, 27, START), total=28)

        with pytest.raises(InvalidValueError) as info:
            is_in_remission(trajectory([bad], "phq-9"))

        assert info.value.paths == ("line.administrations[0].total",)
        assert info.value.rules == ("structure.range",)

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("remission_below", 0),
            ("remission_below", 28),
            ("index_above", 27),
            ("response_percent", 101),
        ],
    )
    def test_policy_numbers_stay_inside_the_instrument(self, field, value):
        """Cut-offs outside the PHQ-9's 0-27 range are refused at the field."""
        with pytest.raises(InvalidValueError) as info:
            MeasurementBasedCarePolicy(**{field: value})

        assert info.value.paths == (field,)

    def test_a_policy_for_another_instrument_checks_its_range(self):
        """With the PHQ-8 as instrument, a remission cut of 25 is outside 0-24."""
        with pytest.raises(InvalidValueError):
            MeasurementBasedCarePolicy(instrument=PHQ_8, remission_below=25)
        policy = MeasurementBasedCarePolicy(instrument=PHQ_8)

        course = trajectory([administer_total(PHQ_8, 3, START)], "phq-8")

        assert is_in_remission(course, policy=policy) is True

    def test_diagnoses_must_be_diagnoses(self):
        """A code string where a Diagnosis belongs is refused at its index."""
        with pytest.raises(InvalidValueError) as info:
            cms159_remission(line((15, START)), ["F33.1"])  # type: ignore[list-item]

        assert info.value.paths == ("diagnoses[0]",)
