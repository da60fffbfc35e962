"""No free text or client id from measures values reaches a repr or a message."""

import pytest
from attrs import evolve
from hypothesis import given

from counselcore.errors import ValidationError
from counselcore.measures import PHQ_9, Instrument, administer
from counselcore.strategies import administrations, instruments
from tests.measures.support import DAY
from tests.privacy import leaks, marked


class TestNoFreeTextLeaks:
    @given(instruments())
    def test_instrument_text_stays_out_of_reprs(self, instrument):
        """An instrument whose every text field holds the marker shows none of it in repr."""
        value = marked(instrument)

        text = repr(value) + repr(value.bands) + repr(value.thresholds) + repr(value.criteria)

        assert not leaks(text)

    @given(instruments())
    def test_refused_responses_quote_no_text(self, instrument):
        """Refusing a form on a marked instrument names items and numbers, never its text."""
        value = marked(instrument)
        responses = (999,) * value.item_count

        with pytest.raises(ValidationError) as info:
            administer(value, responses, on=DAY)

        assert not leaks(str(info.value))
        assert not any(leaks(repr(v.evidence)) for v in info.value.violations)

    @given(instruments())
    def test_structural_errors_quote_no_text(self, instrument):
        """A broken marked instrument is refused with a message free of its text."""
        value = marked(instrument)

        with pytest.raises(ValidationError) as info:
            evolve(value, bands=(*value.bands, *value.bands[:1]) if value.bands else "x")

        assert not leaks(str(info.value))

    @given(administrations(instruments=instruments().map(marked)))
    def test_administrations_of_marked_instruments_show_no_text(self, administration):
        """Administrations hold ids, dates and numbers only."""
        assert not leaks(repr(administration))

    def test_the_marker_reaches_every_free_text_field(self):
        """The marking helper does put the marker into the instrument's text fields."""
        value: Instrument = marked(PHQ_9)

        assert leaks(value.name)
        assert leaks(value.recall_window)
        assert leaks(value.licence)
        assert leaks(value.source)
