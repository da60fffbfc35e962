"""Modality values are immutable all the way down, and changes return new values."""

import pytest
from hypothesis import given

from counselcore.errors import InvalidValueError
from counselcore.modalities import (
    BUILTIN_CATALOG,
    DEFAULT_MATCHING_POLICY,
    MATCHING_RULES,
    Modality,
    SequenceStep,
    Sequencing,
    recommend,
    sequence,
)
from counselcore.strategies import case_formulations, catalogs, modalities
from tests.immutability import assert_deeply_immutable


class TestImmutability:
    @given(catalogs(), case_formulations())
    def test_values_are_frozen_slotted_and_hashable(self, catalog, case):
        """Catalogs, recommendations and sequences hold no mutable part."""
        found = recommend(case, catalog=catalog)
        plan = sequence(case, catalog.ids, catalog=catalog)

        values = (catalog, found, plan, DEFAULT_MATCHING_POLICY, MATCHING_RULES)

        assert_deeply_immutable(values)

    @given(modalities())
    def test_register_returns_a_new_catalog(self, modality):
        """register, replace and without leave the catalog they were called on untouched."""
        before = tuple(BUILTIN_CATALOG)
        ours = BUILTIN_CATALOG.without("cbt")
        kept = tuple(ours)

        changed = ours.replace(modality) if modality.id in ours.ids else ours.register(modality)

        assert tuple(BUILTIN_CATALOG) == before
        assert tuple(ours) == kept
        assert changed.get(modality.id) == modality

    def test_policy_changes_return_new_policies(self):
        """with_weight returns a new policy; the default keeps its weight."""
        changed = DEFAULT_MATCHING_POLICY.with_weight("match.low-readiness", 9.0)

        assert changed.weight("match.low-readiness") == 9.0
        assert DEFAULT_MATCHING_POLICY.weight("match.low-readiness") == 3.0

    def test_result_records_refuse_lists(self):
        """A sequence built by hand with lists is refused, so it can never be unhashable."""
        with pytest.raises(InvalidValueError) as info:
            Sequencing(steps=[SequenceStep(modalities=("mi",))])  # type: ignore[arg-type]

        assert info.value.paths == ("steps",)

    def test_modality_refuses_a_list_of_techniques(self):
        """Collections on descriptors are tuples."""
        with pytest.raises(InvalidValueError) as info:
            Modality(id="act", name="ACT", abbreviation="ACT", techniques=[])  # type: ignore[arg-type]

        assert info.value.paths == ("techniques",)
