"""Every function that takes an instrument total refuses one outside the instrument's range."""

import pytest
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

from counselcore.errors import InvalidValueError
from counselcore.measures import (
    BUILTIN_INSTRUMENTS,
    GAD_7,
    PHQ_9,
    TalkingTherapiesPolicy,
    classify_episode,
    classify_talking_therapies,
    is_reliably_improved,
    trajectory,
)
from tests.measures.support import DAY, administer_total

VALID = {"phq9_first": 20, "phq9_last": 8, "gad7_first": 12, "gad7_last": 3}


class TestTalkingTherapiesRanges:
    @pytest.mark.parametrize(
        ("argument", "value"),
        [
            ("phq9_first", 28),
            ("phq9_last", 28),
            ("gad7_first", 22),
            ("gad7_last", 22),
            ("gad7_last", -1),
        ],
    )
    def test_a_total_beyond_the_range_is_refused_naming_the_argument(self, argument, value):
        """Regression: a PHQ-9 of 28 or a GAD-7 of 22 was classified (22 even as reliable recovery)."""
        with pytest.raises(InvalidValueError) as info:
            classify_talking_therapies(**{**VALID, argument: value})

        assert info.value.paths == (argument,)
        assert info.value.rules == ("structure.range",)

    def test_the_highest_totals_are_accepted(self):
        """27 and 21, the top of each range, are classified."""
        outcome = classify_talking_therapies(
            phq9_first=27, phq9_last=27, gad7_first=21, gad7_last=21
        )

        assert outcome.caseness_at_end is True

    def test_an_episode_with_a_hand_built_impossible_total_is_refused(self):
        """classify_episode() passes totals through the same check."""
        bad = evolve(administer_total(GAD_7, 21), total=22)

        with pytest.raises(InvalidValueError, match="gad-7 total"):
            classify_episode([administer_total(PHQ_9, 12), bad])

    @pytest.mark.parametrize(
        ("field", "value"),
        [("depression_caseness", 28), ("anxiety_caseness", 22), ("anxiety_reliable_change", 22)],
    )
    def test_policy_thresholds_stay_inside_the_ranges(self, field, value):
        """A policy cut-off no total can reach is refused at its field."""
        with pytest.raises(InvalidValueError) as info:
            TalkingTherapiesPolicy(**{field: value})

        assert info.value.paths == (field,)

    def test_a_policy_measure_must_be_in_its_catalog(self):
        """An anxiety measure the policy's catalog does not define is refused."""
        with pytest.raises(InvalidValueError) as info:
            TalkingTherapiesPolicy(anxiety_instrument="spin")

        assert info.value.rules == ("structure.reference-resolves",)

    def test_a_service_measure_brings_its_own_range(self):
        """With the PCL-5 as the anxiety measure, a total of 60 is valid and 81 is not."""
        policy = TalkingTherapiesPolicy(
            anxiety_instrument="pcl-5", anxiety_caseness=33, anxiety_reliable_change=5
        )

        outcome = classify_talking_therapies(**{**VALID, "gad7_first": 60}, policy=policy)
        with pytest.raises(InvalidValueError):
            classify_talking_therapies(**{**VALID, "gad7_first": 81}, policy=policy)

        assert outcome.caseness_at_start is True


class TestInstrumentRanges:
    @given(data=st.data())
    def test_require_total_accepts_exactly_the_range(self, data):
        """require_total() accepts every total in range and refuses the neighbours outside it."""
        instrument = data.draw(st.sampled_from(list(BUILTIN_INSTRUMENTS)))
        low, high = instrument.total_range

        inside = data.draw(st.integers(low, high))

        assert instrument.require_total(inside) == inside
        for outside in (low - 1, high + 1):
            with pytest.raises(InvalidValueError):
                instrument.require_total(outside)

    def test_band_for_refuses_a_total_beyond_the_range(self):
        """PHQ-9 band_for(28) is an error, not None."""
        with pytest.raises(InvalidValueError) as info:
            PHQ_9.band_for(28)

        assert info.value.rules == ("structure.range",)

    def test_reliable_change_refuses_another_instrument_and_impossible_totals(self):
        """is_reliably_improved() checks that the line belongs to the instrument and its totals fit."""
        gad = trajectory([administer_total(GAD_7, 12), administer_total(GAD_7, 4, DAY)], "gad-7")
        bad = trajectory([evolve(administer_total(PHQ_9, 27), total=30)], "phq-9")

        with pytest.raises(InvalidValueError) as other:
            is_reliably_improved(gad, PHQ_9)
        with pytest.raises(InvalidValueError) as impossible:
            is_reliably_improved(bad, PHQ_9)

        assert other.value.paths == ("line.instrument_id",)
        assert impossible.value.paths == ("line.administrations[0].total",)
