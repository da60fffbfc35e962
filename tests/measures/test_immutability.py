"""Measures values are immutable all the way down, and changes return new values."""

import pytest
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

from counselcore.errors import InvalidValueError
from counselcore.measures import (
    BUILTIN_INSTRUMENTS,
    PHQ_9,
    JacobsonTruaxCategory,
    JacobsonTruaxResult,
    ObjectiveProgress,
    ReliableChange,
    classify_talking_therapies,
    trajectories,
)
from counselcore.strategies import administrations, instruments
from tests.immutability import assert_deeply_immutable


class TestImmutability:
    @given(instruments(), st.lists(administrations(), max_size=3))
    def test_values_are_frozen_slotted_and_hashable(self, instrument, given_administrations):
        """Instruments, administrations, trajectories and outcomes hold no mutable part."""
        outcome = classify_talking_therapies(phq9_first=12, phq9_last=4, gad7_first=9, gad7_last=3)

        values = (instrument, BUILTIN_INSTRUMENTS, outcome, *trajectories(given_administrations))

        assert_deeply_immutable(values)

    @given(instruments(custom=False), st.integers(min_value=1, max_value=27))
    def test_changes_return_new_values(self, instrument, at_least):
        """with_threshold, register and replace leave the original untouched."""
        before = (instrument.thresholds, tuple(BUILTIN_INSTRUMENTS))
        low, high = instrument.total_range

        changed = instrument.with_threshold("local-cut", min(max(at_least, low + 1), high))
        catalog = BUILTIN_INSTRUMENTS.register(evolve(changed, id="local"))
        replaced = BUILTIN_INSTRUMENTS.replace(changed)

        assert (instrument.thresholds, tuple(BUILTIN_INSTRUMENTS)) == before
        assert changed.thresholds[-1].name == "local-cut"
        assert tuple(catalog)[-1].id == "local"
        assert replaced.get(instrument.id) is changed

    @pytest.mark.parametrize(
        ("build", "path"),
        [
            (
                lambda: ObjectiveProgress(
                    objective_id="o1",
                    baseline=18,
                    target=9,
                    latest=12,
                    fraction=0.5,
                    met=[],  # type: ignore[arg-type]
                ),
                "met",
            ),
            (
                lambda: JacobsonTruaxResult(
                    change=ReliableChange.IMPROVEMENT,
                    crossed_cutoff="yes",  # type: ignore[arg-type]
                    category=JacobsonTruaxCategory.IMPROVED,
                ),
                "crossed_cutoff",
            ),
        ],
    )
    def test_result_records_refuse_wrong_parts(self, build, path):
        """Result records check their fields too, so none holds a list or a string flag."""
        with pytest.raises(InvalidValueError) as info:
            build()

        assert info.value.paths == (path,)

    def test_builtin_catalog_is_not_a_list(self):
        """The built-in catalog's instruments are a tuple."""
        assert type(BUILTIN_INSTRUMENTS.instruments) is tuple
        assert PHQ_9 in BUILTIN_INSTRUMENTS.instruments
