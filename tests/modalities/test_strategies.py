from hypothesis import given
from hypothesis import strategies as st

from counselcore.__main__ import main
from counselcore.modalities import (
    BUILTIN_CATALOG,
    Catalog,
    Modality,
    Prerequisite,
    StabilityStatus,
    Technique,
)
from counselcore.strategies import catalogs, modality_ids


class TestStrategies:
    @given(modality_ids())
    def test_modality_ids_are_valid_ids(self, value):
        """Generated ids are accepted by the descriptor."""

        modality = Modality(id=value, name="x", abbreviation="X")

        assert modality.id == value

    @given(
        st.from_type(Modality),
        st.from_type(Catalog),
        st.from_type(Technique),
        st.from_type(Prerequisite),
        st.from_type(StabilityStatus),
    )
    def test_types_are_registered(self, modality, catalog, technique, prerequisite, status):
        """st.from_type builds every modality record through the Hypothesis entry point."""

        values = (modality, catalog, technique, prerequisite, status)

        assert [type(v) for v in values] == [
            Modality,
            Catalog,
            Technique,
            Prerequisite,
            StabilityStatus,
        ]

    @given(catalogs(builtins=st.just(True)))
    def test_catalogs_can_start_from_the_builtins(self, catalog):
        """With builtins drawing True, the catalog begins with the four built-ins."""

        first = tuple(catalog)[:4]

        assert first == tuple(BUILTIN_CATALOG)


class TestDemo:
    def test_demo_shows_the_modality_section(self, capsys):
        """The demo prints matching, prerequisites and the MI -> DBT + CBT -> EMDR sequence."""

        code = main(["demo"])

        out = capsys.readouterr().out
        assert code == 0
        assert "6. Modality matching, prerequisites and sequencing:" in out
        assert "   mi scores 6:" in out
        assert "sequence: mi -> dbt + cbt -> emdr" in out
        assert "modality.emdr.not_in_crisis (error)" in out
