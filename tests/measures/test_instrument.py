"""Instrument definitions: structure checks and the user-defined-instrument API."""

import pytest
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

from counselcore.errors import InvalidValueError, UnknownThresholdError, ValidationError
from counselcore.measures import (
    PHQ_9,
    CountRequirement,
    Criterion,
    Instrument,
    Item,
    PointsThreshold,
    RiskItem,
    ScoreBand,
    Subscale,
    Threshold,
    administer,
)
from counselcore.strategies import instrument_responses, instruments
from tests.measures.support import DAY


def items(count: int, options: tuple[int, ...] = (0, 1, 2)) -> tuple[Item, ...]:
    return tuple(Item(number=n, topic=f"t{n}", options=options) for n in range(1, count + 1))


def toy(**changes) -> Instrument:
    base = Instrument(
        id="toy",
        name="Toy",
        version="1",
        items=items(3),
        bands=(ScoreBand(label="low", low=0, high=2), ScoreBand(label="high", low=3, high=6)),
        thresholds=(Threshold(name="cut", at_least=3),),
        caseness_threshold="cut",
    )
    return evolve(base, **changes)


def refused(**changes) -> InvalidValueError:
    with pytest.raises(InvalidValueError) as info:
        toy(**changes)
    return info.value


class TestItem:
    @pytest.mark.parametrize(
        ("kwargs", "path", "rule"),
        [
            ({"options": ()}, ("options",), "structure.non-empty"),
            ({"options": (2, 1)}, ("options",), "structure.order"),
            ({"options": (1, 1)}, ("options",), "structure.order"),
            ({"options": (0, -1)}, ("options", 1), "structure.range"),
            ({"options": [0, 1]}, ("options",), "structure.type"),
            ({"number": 0}, ("number",), "structure.range"),
            ({"topic": ""}, ("topic",), "structure.identifier"),
            ({"reversed": 1}, ("reversed",), "structure.type"),
        ],
    )
    def test_item_structure_is_checked(self, kwargs, path, rule):
        """Options are a non-empty ascending tuple of non-negative ints; numbers start at 1."""
        fields = {"number": 1, "topic": "t", "options": (0, 1)} | kwargs

        with pytest.raises(InvalidValueError) as info:
            Item(**fields)

        assert info.value.violations[0].path == path
        assert info.value.rules == (rule,)

    def test_reversed_item_mirrors_its_options(self):
        """A reversed 0-4 item scores 4 for 0 and 0 for 4."""
        item = Item(number=1, topic="t", options=(0, 1, 2, 3, 4), reversed=True)

        assert [item.score(v) for v in item.options] == [4, 3, 2, 1, 0]


class TestInstrumentStructure:
    def test_items_must_be_numbered_in_order(self):
        """Items are numbered 1..n in order."""
        error = refused(items=(Item(number=2, topic="a", options=(0, 1)),), bands=(), thresholds=())

        assert error.violations[0].path == ("items", 0, "number")

    def test_bands_must_start_at_the_lowest_total(self):
        """The first band starts at the lowest total."""
        error = refused(bands=(ScoreBand(label="a", low=1, high=6),))

        assert error.violations[0].path == ("bands", 0, "low")
        assert error.rules == ("structure.band-coverage",)

    def test_bands_must_not_leave_gaps(self):
        """Bands are contiguous."""
        error = refused(
            bands=(ScoreBand(label="a", low=0, high=2), ScoreBand(label="b", low=4, high=6))
        )

        assert error.violations[0].path == ("bands", 1, "low")

    def test_bands_must_reach_the_highest_total(self):
        """The last band ends at the highest total."""
        error = refused(
            bands=(ScoreBand(label="a", low=0, high=2), ScoreBand(label="b", low=3, high=5))
        )

        assert error.violations[0].path == ("bands", 1, "high")

    def test_band_labels_are_unique(self):
        """Two bands cannot share a label."""
        error = refused(
            bands=(ScoreBand(label="a", low=0, high=2), ScoreBand(label="a", low=3, high=6))
        )

        assert error.rules == ("structure.id-unique",)

    @pytest.mark.parametrize("at_least", [0, 7])
    def test_threshold_must_have_both_sides_in_range(self, at_least):
        """A cut-off at the lowest total or above the highest cannot separate anything."""
        error = refused(thresholds=(Threshold(name="cut", at_least=at_least),))

        assert error.violations[0].path == ("thresholds", 0, "at_least")

    def test_caseness_must_name_a_threshold(self):
        """The caseness threshold names one of the instrument's thresholds."""
        error = refused(caseness_threshold="other")

        assert error.rules == ("structure.reference-resolves",)

    @pytest.mark.parametrize(
        ("changes", "path"),
        [
            ({"subscales": (Subscale(id="s", items=(1, 4)),)}, ("subscales", 0, "items", 1)),
            (
                {"risk_items": (RiskItem(item=4, at_least=1, flag="risk.x"),)},
                ("risk_items", 0, "item", 0),
            ),
            (
                {
                    "criteria": (
                        Criterion(
                            id="c",
                            endorsed_at=1,
                            requirements=(CountRequirement(items=(1, 9), at_least=1),),
                        ),
                    )
                },
                ("criteria", 0, "requirements", 0, "items", 1),
            ),
        ],
    )
    def test_references_to_items_must_resolve(self, changes, path):
        """Sub-scales, risk items and criteria name existing items."""
        error = refused(**changes)

        assert error.violations[0].path == path
        assert error.rules == ("structure.reference-resolves",)

    def test_change_thresholds_must_be_points_thresholds(self):
        """reliable_change holds a PointsThreshold."""
        error = refused(reliable_change=6)

        assert error.violations[0].path == ("reliable_change",)

    def test_subscale_items_are_unique(self):
        """A sub-scale lists each item once."""
        with pytest.raises(InvalidValueError):
            Subscale(id="s", items=(1, 1))

    def test_count_requirement_bounds_are_ordered(self):
        """at_most is not below at_least and neither exceeds the item count."""
        with pytest.raises(InvalidValueError):
            CountRequirement(items=(1, 2), at_least=2, at_most=1)
        with pytest.raises(InvalidValueError):
            CountRequirement(items=(1, 2), at_least=3)

    def test_with_threshold_adds_a_new_threshold(self):
        """with_threshold adds a name that is not there yet, at the end."""
        changed = toy().with_threshold("strict", 5)

        assert [t.name for t in changed.thresholds] == ["cut", "strict"]
        assert changed.threshold("strict") == Threshold(name="strict", at_least=5)

    def test_unknown_threshold_raises_key_error(self):
        """Asking for a threshold that does not exist raises UnknownThresholdError, a KeyError."""
        with pytest.raises(UnknownThresholdError) as info:
            PHQ_9.threshold("nope")

        assert isinstance(info.value, KeyError)
        assert info.value.name == "nope"

    def test_instrument_is_immutable(self):
        """Definitions cannot be changed in place."""
        with pytest.raises(AttributeError):
            PHQ_9.items = ()  # type: ignore[misc]

    def test_points_threshold_is_reached_by_either_sign(self):
        """A change of the threshold size in either direction reaches it."""
        threshold = PointsThreshold(points=4)

        assert (threshold.is_reached(-4), threshold.is_reached(4), threshold.is_reached(3.9)) == (
            True,
            True,
            False,
        )


class TestUserDefinedInstruments:
    @given(data=st.data())
    def test_generated_instruments_score_within_range_and_band(self, data):
        """For any valid instrument and form, the total is in range and in its band."""
        instrument = data.draw(instruments())
        responses = data.draw(instrument_responses(instrument))

        result = administer(instrument, responses, on=DAY)

        low, high = instrument.total_range
        assert low <= result.total <= high
        if instrument.triage is None:
            assert result.total == sum(
                item.score(r) for item, r in zip(instrument.items, responses, strict=True)
            )
        else:
            assert result.total == instrument.triage.classify(responses).level.rank
        band = instrument.band_for(result.total)
        assert result.band == (None if band is None else band.label)

    @given(data=st.data())
    def test_generated_instruments_band_order_follows_totals(self, data):
        """On any instrument, a higher total never lands in an earlier band."""
        instrument = data.draw(instruments())
        a = administer(instrument, data.draw(instrument_responses(instrument)), on=DAY)
        b = administer(instrument, data.draw(instrument_responses(instrument)), on=DAY)
        labels = [band.label for band in instrument.severity_bands]

        lower, higher = sorted((a, b), key=lambda x: x.total)

        if labels:
            assert lower.band is not None
            assert higher.band is not None
            assert labels.index(lower.band) <= labels.index(higher.band)
        else:
            assert (lower.band, higher.band) == (None, None)

    @given(data=st.data())
    def test_generated_risk_items_flag_at_their_value(self, data):
        """A risk item raises its flag exactly when its response reaches at_least."""
        instrument = data.draw(instruments().filter(lambda i: i.triage is None))
        responses = data.draw(instrument_responses(instrument))

        result = administer(instrument, responses, on=DAY)

        expected = tuple(
            r.flag for r in instrument.risk_items if responses[r.item - 1] >= r.at_least
        )
        assert result.risk_flags == expected


class TestSkipLogic:
    @given(data=st.data())
    def test_unasked_items_are_recorded_lowest_and_refused_when_answered(self, data):
        """On any instrument, a skipped item is stored as its lowest option; another answer is refused."""
        instrument = data.draw(instruments().filter(lambda i: bool(i.skips)))
        responses = data.draw(instrument_responses(instrument))
        skipped = instrument.skipped_items(responses)

        result = administer(instrument, responses, on=DAY)

        for number in skipped:
            item = instrument.items[number - 1]
            assert result.responses[number - 1] == item.options[0]
            if len(item.options) > 1:
                changed = list(responses)
                changed[number - 1] = item.options[-1]
                with pytest.raises(ValidationError) as info:
                    administer(instrument, changed, on=DAY)
                assert "structure.skip-logic" in info.value.rules

    @given(data=st.data())
    def test_none_and_the_lowest_option_are_the_same_for_unasked_items(self, data):
        """Leaving a skipped item None gives the same administration as giving its lowest option."""
        instrument = data.draw(instruments().filter(lambda i: bool(i.skips)))
        responses = data.draw(instrument_responses(instrument))
        skipped = instrument.skipped_items(responses)

        with_none = [None if n in skipped else r for n, r in enumerate(responses, start=1)]

        assert administer(instrument, with_none, on=DAY) == administer(
            instrument, responses, on=DAY
        )
