import pytest
from attrs import evolve
from hypothesis import given

from counselcore import from_dict, from_json, to_dict, to_json
from counselcore.errors import (
    CounselcoreError,
    DuplicateModalityError,
    InvalidValueError,
    UnknownModalityError,
    ValidationError,
)
from counselcore.examples import example_plan
from counselcore.modalities import BUILTIN_CATALOG, Catalog, Modality
from counselcore.model import Intervention, TreatmentPlan
from counselcore.rules import BUILTIN_MODALITY_IDS, PlanContext, check_plan
from counselcore.strategies import catalogs, modalities

ACT = Modality(id="act", name="Acceptance and commitment therapy", abbreviation="ACT")


class TestLookup:
    def test_get_returns_the_descriptor(self):
        """get() finds a built-in by id."""

        cbt = BUILTIN_CATALOG.get("cbt")

        assert cbt.abbreviation == "CBT"

    def test_get_of_an_unknown_id_names_it(self):
        """An unknown id raises UnknownModalityError, a LookupError that names the id."""

        with pytest.raises(UnknownModalityError) as info:
            BUILTIN_CATALOG.get("ipt")

        assert info.value.modality_id == "ipt"
        assert str(info.value) == "no modality with id 'ipt' in this catalog"
        assert isinstance(info.value, LookupError)
        assert isinstance(info.value, CounselcoreError)

    def test_container_protocol(self):
        """ids, membership, iteration and length agree, in registration order."""

        ids = BUILTIN_CATALOG.ids

        assert ids == frozenset({"cbt", "dbt", "mi", "emdr"})
        assert "mi" in BUILTIN_CATALOG
        assert "act" not in BUILTIN_CATALOG
        assert [m.id for m in BUILTIN_CATALOG] == ["cbt", "dbt", "mi", "emdr"]
        assert len(BUILTIN_CATALOG) == 4

    def test_rules_builtin_ids_match_the_catalog(self):
        """counselcore.rules.BUILTIN_MODALITY_IDS stays equal to the built-in catalog's ids."""

        assert BUILTIN_MODALITY_IDS == BUILTIN_CATALOG.ids


class TestChanges:
    def test_register_returns_a_new_catalog(self):
        """Registering adds at the end of a new catalog and leaves the original unchanged."""

        ours = BUILTIN_CATALOG.register(ACT)

        assert [m.id for m in ours][-1] == "act"
        assert "act" not in BUILTIN_CATALOG

    def test_register_refuses_a_duplicate_id(self):
        """A second modality with a known id raises DuplicateModalityError naming it."""

        with pytest.raises(DuplicateModalityError) as info:
            BUILTIN_CATALOG.register(evolve(ACT, id="mi"))

        assert info.value.modality_id == "mi"
        assert info.value.rules == ("structure.id-unique",)
        assert info.value.paths == ("modalities[4].id",)
        assert isinstance(info.value, ValueError)

    def test_construction_refuses_a_duplicate_id(self):
        """Building a catalog with a repeated id fails at the repeat."""

        with pytest.raises(DuplicateModalityError) as info:
            Catalog(modalities=(ACT, BUILTIN_CATALOG.get("cbt"), ACT))

        assert info.value.paths == ("modalities[2].id",)

    @pytest.mark.parametrize(
        ("value", "where"), [([ACT], "modalities"), ((ACT, "cbt"), "modalities[1]")]
    )
    def test_construction_refuses_loose_types(self, value, where):
        """A list, or an id string in place of a descriptor, is a type error."""

        with pytest.raises(InvalidValueError) as info:
            Catalog(modalities=value)

        assert info.value.paths == (where,)
        assert info.value.rules == ("structure.type",)

    def test_replace_swaps_in_place(self):
        """replace() keeps the position and swaps the descriptor."""
        renamed = evolve(BUILTIN_CATALOG.get("dbt"), name="Dialectical behavior therapy")

        catalog = BUILTIN_CATALOG.replace(renamed)

        assert [m.id for m in catalog] == ["cbt", "dbt", "mi", "emdr"]
        assert catalog.get("dbt").name == "Dialectical behavior therapy"

    def test_replace_and_without_refuse_unknown_ids(self):
        """replace() and without() raise UnknownModalityError for ids not in the catalog."""

        with pytest.raises(UnknownModalityError):
            BUILTIN_CATALOG.replace(ACT)
        with pytest.raises(UnknownModalityError):
            BUILTIN_CATALOG.without("act")

    def test_without_removes(self):
        """without() drops the named modalities and keeps the order of the rest."""

        catalog = BUILTIN_CATALOG.without("dbt")

        assert [m.id for m in catalog] == ["cbt", "mi", "emdr"]

    @given(catalogs(), modalities())
    def test_register_then_get(self, catalog, modality):
        """A registered modality is found by id and the ids grow by exactly that id."""
        if modality.id in catalog:
            return

        grown = catalog.register(modality)

        assert grown.get(modality.id) == modality
        assert grown.ids == catalog.ids | {modality.id}
        assert len(grown) == len(catalog) + 1


def _plan_with(modality: str) -> TreatmentPlan:
    """The example plan with its first objective delivered through *modality*."""
    plan = example_plan()
    goal = plan.goals[0]
    objective = evolve(
        goal.objectives[0], interventions=(Intervention(modality=modality, technique="defusion"),)
    )
    goal = evolve(goal, objectives=(objective, *goal.objectives[1:]))
    return evolve(plan, goals=(goal, *plan.goals[1:]))


class TestPlanContext:
    def test_builtin_catalog_gives_the_default_context(self):
        """The built-in catalog's plan context equals PlanContext()."""

        context = BUILTIN_CATALOG.plan_context()

        assert context == PlanContext()

    def test_a_custom_modality_becomes_known_to_plans(self):
        """A plan naming 'act' fails the known-modality rule until ACT is in the catalog."""
        plan = _plan_with("act")

        before = [v.rule for v in check_plan(plan)]
        after = check_plan(plan, context=BUILTIN_CATALOG.register(ACT).plan_context())

        assert before == ["plan.intervention-known-modality"]
        assert after == ()


class TestSerialization:
    @given(catalogs())
    def test_catalogs_round_trip_as_documents(self, catalog):
        """A catalog is a 'modality-catalog' document and round-trips through JSON."""

        data = to_dict(catalog)

        assert data["type"] == "modality-catalog"
        assert from_json(Catalog, to_json(catalog)) == catalog

    def test_a_stored_duplicate_is_refused_with_its_path(self):
        """Loading a catalog with a repeated id reports structure.id-unique at the repeat."""
        data = to_dict(BUILTIN_CATALOG)
        data["modalities"].append(data["modalities"][1])

        with pytest.raises(ValidationError) as info:
            from_dict(Catalog, data)

        assert info.value.paths == ("modalities[4].id",)
        assert info.value.rules == ("structure.id-unique",)
