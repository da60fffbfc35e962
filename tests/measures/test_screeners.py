"""PHQ-8, PC-PTSD-5 and WSAS specifics, and scoring laws shared by the summed instruments."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counselcore.errors import ValidationError
from counselcore.measures import (
    BUILTIN_INSTRUMENTS,
    PC_PTSD_5,
    PHQ_8,
    PHQ_9,
    WSAS,
    Prorating,
    administer,
)
from counselcore.strategies import instrument_responses
from tests.measures.support import DAY

SUMMED = [i for i in BUILTIN_INSTRUMENTS if i.triage is None]


class TestPhq8:
    @given(instrument_responses(PHQ_9))
    def test_phq8_is_the_phq9_without_item_9(self, responses):
        """The PHQ-8 total is the PHQ-9 total less item 9, and the bands agree below 25."""
        phq9 = administer(PHQ_9, responses, on=DAY)

        phq8 = administer(PHQ_8, responses[:8], on=DAY)

        assert phq8.total == phq9.total - responses[8]
        assert phq8.band == PHQ_9.band_for(phq8.total).label  # type: ignore[union-attr]
        assert phq8.risk_flags == ()

    def test_phq8_ends_at_24_in_the_severe_band(self):
        """All items at 3 give 24, severe; 25 is not a PHQ-8 total."""
        result = administer(PHQ_8, (3,) * 8, on=DAY)

        assert (result.total, result.band) == (24, "severe")
        assert PHQ_8.total_range == (0, 24)


class TestPcPtsd5:
    def test_no_trauma_exposure_ends_the_screen_at_zero(self):
        """A no to the gate leaves the five items unasked and the total 0, negative."""
        result = administer(PC_PTSD_5, (0, None, None, None, None, None), on=DAY)

        assert (result.total, result.caseness) == (0, False)
        assert result.responses == (0,) * 6

    def test_symptom_answers_without_exposure_are_refused(self):
        """After a no to the gate, a yes to a symptom item is a skip-logic error."""
        with pytest.raises(ValidationError) as info:
            administer(PC_PTSD_5, (0, 1, 0, 0, 0, 0), on=DAY)

        assert info.value.rules == ("structure.skip-logic",)
        assert info.value.paths == ("responses[1]",)

    def test_the_gate_is_not_scored(self):
        """The gate's yes adds nothing: exposure with no symptoms scores 0."""
        assert administer(PC_PTSD_5, (1, 0, 0, 0, 0, 0), on=DAY).total == 0

    @pytest.mark.parametrize(("yes", "positive"), [(2, False), (3, True), (5, True)])
    def test_positive_at_three_symptoms(self, yes, positive):
        """Two symptoms are negative, three positive (Prins 2016), five the maximum."""
        responses = (1, *(1 if n < yes else 0 for n in range(5)))

        result = administer(PC_PTSD_5, responses, on=DAY)

        assert (result.total, result.caseness) == (yes, positive)

    def test_the_cut_point_is_configurable(self):
        """A service using 4 (some veteran samples) sets its own threshold; 3 is then negative."""
        local = PC_PTSD_5.with_threshold("positive-screen", 4)

        result = administer(local, (1, 1, 1, 1, 0, 0), on=DAY)

        assert result.caseness is False

    def test_the_gate_must_be_answered(self):
        """A missing gate is a missing item, not a skipped screen."""
        with pytest.raises(ValidationError) as info:
            administer(PC_PTSD_5, (None, None, None, None, None, None), on=DAY)

        assert info.value.paths[0] == "responses[0]"


class TestWsas:
    @pytest.mark.parametrize(
        ("total", "band"),
        [
            (0, "subclinical"),
            (9, "subclinical"),
            (10, "significant-impairment"),
            (20, "significant-impairment"),
            (21, "moderately-severe-or-worse"),
            (40, "moderately-severe-or-worse"),
        ],
    )
    def test_bands_at_both_sides_of_10_and_20(self, total, band):
        """Below 10 subclinical, 10-20 significant, above 20 moderately severe or worse."""
        assert WSAS.band_for(total).label == band  # type: ignore[union-attr]

    def test_items_take_0_to_8(self):
        """Each domain is rated 0-8; 9 is refused at its item."""
        with pytest.raises(ValidationError) as info:
            administer(WSAS, (0, 0, 9, 0, 0), on=DAY)

        assert info.value.paths == ("responses[2]",)

    def test_a_not_applicable_work_item_needs_a_prorating_policy(self):
        """The work item may be not applicable; by default that is a missing item."""
        with pytest.raises(ValidationError):
            administer(WSAS, (None, 4, 4, 4, 4), on=DAY)

        prorated = administer(
            WSAS, (None, 4, 4, 4, 4), on=DAY, prorating=Prorating(instruments=("wsas",))
        )

        assert (prorated.total, prorated.prorated) == (20, True)


class TestScoringLaws:
    @given(data=st.data())
    def test_sum_is_invariant_under_reordering_items_with_the_same_options(self, data):
        """Swapping the answers of two scored, unreversed items with equal options keeps the total."""
        instrument = data.draw(st.sampled_from([i for i in SUMMED if not i.skips]))
        responses = list(data.draw(instrument_responses(instrument)))
        swappable = [
            (a, b)
            for a in instrument.items
            for b in instrument.items
            if a.number < b.number and a.options == b.options and not (a.reversed or b.reversed)
        ]
        if not swappable:
            return
        a, b = data.draw(st.sampled_from(swappable))
        swapped = list(responses)
        swapped[a.number - 1], swapped[b.number - 1] = (
            responses[b.number - 1],
            responses[a.number - 1],
        )

        assert (
            administer(instrument, swapped, on=DAY).total
            == administer(instrument, responses, on=DAY).total
        )

    @given(data=st.data())
    def test_band_is_monotone_in_the_total_for_every_builtin(self, data):
        """For every built-in, a higher total never falls in an earlier band."""
        instrument = data.draw(st.sampled_from(list(BUILTIN_INSTRUMENTS)))
        low, high = instrument.total_range
        first, second = sorted(data.draw(st.lists(st.integers(low, high), min_size=2, max_size=2)))
        labels = [band.label for band in instrument.severity_bands]
        if not labels:
            return

        a, b = instrument.band_for(first), instrument.band_for(second)

        assert a is not None
        assert b is not None
        assert labels.index(a.label) <= labels.index(b.label)
