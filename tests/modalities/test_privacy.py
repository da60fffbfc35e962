"""No free text or client id reaches a repr or a message of the modality package."""

from hypothesis import given
from hypothesis import strategies as st

from counselcore.modalities import (
    BUILTIN_CATALOG,
    Catalog,
    check_prerequisites,
    recommend,
    sequence,
)
from counselcore.strategies import case_formulations, catalogs, stability_statuses
from tests.privacy import leaks, marked, violation_leaks


class TestNoFreeTextLeaks:
    @given(catalogs())
    def test_catalog_text_stays_out_of_reprs(self, catalog):
        """Modalities and techniques whose every text field holds the marker show none in repr."""
        value: Catalog = marked(catalog)

        text = repr(value) + "".join(repr(m.techniques) + repr(m.prerequisites) for m in value)

        assert not leaks(text)

    @given(case_formulations(), st.booleans(), stability_statuses())
    def test_matching_prerequisites_and_sequencing_quote_no_text(self, case, fill, status):
        """Recommendations, prerequisite violations and orderings name paths and ids only."""
        formulation = marked(case, fill=fill)
        catalog: Catalog = marked(BUILTIN_CATALOG)

        found = recommend(formulation, catalog=catalog)
        violations = [v for m in catalog for v in check_prerequisites(m, formulation, status)]
        plan = sequence(formulation, catalog.ids, catalog=catalog)

        assert not leaks(repr(found))
        assert not any(violation_leaks(v) for v in violations)
        assert not leaks(repr(plan))
        assert not any(leaks(str(c)) for c in plan.constraints)

    def test_the_marker_reaches_the_descriptor_texts(self):
        """The marking helper does put the marker into names, mechanisms and technique texts."""
        cbt = marked(BUILTIN_CATALOG.get("cbt"))

        assert leaks(cbt.name)
        assert leaks(cbt.mechanism)
        assert leaks(cbt.techniques[0].name)
        assert all(leaks(text) for text in cbt.clinical_targets)
