"""The shipped measures strategies make valid values and register with st.from_type."""

from hypothesis import given
from hypothesis import strategies as st

from counselcore.measures import BUILTIN_INSTRUMENTS, Administration, Instrument, administer
from counselcore.strategies import administrations, instrument_responses, instruments
from tests.measures.support import DAY


class TestStrategies:
    @given(data=st.data())
    def test_responses_are_always_accepted(self, data):
        """Every generated form passes administer() on its instrument."""
        instrument = data.draw(instruments())

        responses = data.draw(instrument_responses(instrument))

        assert administer(instrument, responses, on=DAY).instrument_id == instrument.id

    @given(administrations(instruments=st.just(BUILTIN_INSTRUMENTS.get("dast-10"))))
    def test_administrations_respect_the_instrument_strategy(self, administration):
        """A chosen instrument strategy restricts the administrations drawn."""
        assert administration.instrument_id == "dast-10"

    @given(st.from_type(Administration), st.from_type(Instrument))
    def test_types_are_registered_with_hypothesis(self, administration, instrument):
        """st.from_type works for Administration and Instrument through the entry point."""
        assert isinstance(administration, Administration)
        assert isinstance(instrument, Instrument)

    @given(instruments(custom=False))
    def test_builtin_only_draws_from_the_catalog(self, instrument):
        """With custom=False only catalog instruments are drawn."""
        assert instrument in tuple(BUILTIN_INSTRUMENTS)
