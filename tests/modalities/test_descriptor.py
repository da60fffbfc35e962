from typing import Any

import pytest
from attrs import evolve
from hypothesis import given

from counselcore import from_dict, from_json, to_dict, to_json
from counselcore.errors import InvalidValueError, ValidationError
from counselcore.modalities import (
    BUILTIN_CATALOG,
    Indication,
    Modality,
    Prerequisite,
    Requirement,
    SequencePosition,
    Technique,
)
from counselcore.model import ProblemDomain
from counselcore.strategies import modalities
from counselcore.violations import Severity


def act(**changes: Any) -> Modality:
    base = Modality(id="act", name="Acceptance and commitment therapy", abbreviation="ACT")
    return evolve(base, **changes)


class TestModalityId:
    @pytest.mark.parametrize("value", ["a", "cbt", "tf-cbt", "ipt2", "a-b-c", "x" * 40])
    def test_accepts_hyphen_joined_lower_case_words(self, value):
        """Lower-case words joined by single hyphens, up to 40 characters, are valid ids."""

        modality = act(id=value)

        assert modality.id == value

    @pytest.mark.parametrize(
        "value", ["", "CBT", "tf_cbt", "-cbt", "cbt-", "tf--cbt", "1cbt", "t f", "x" * 41]
    )
    def test_refuses_other_shapes(self, value):
        """Upper case, underscores, leading digits, stray hyphens and 41 characters are refused."""

        with pytest.raises(InvalidValueError) as info:
            act(id=value)

        assert info.value.rules == ("structure.identifier",)
        assert info.value.paths == ("id",)

    def test_refuses_a_non_string(self):
        """An id that is not a string is a type error."""

        with pytest.raises(InvalidValueError) as info:
            act(id=7)

        assert info.value.rules == ("structure.type",)


class TestModalityStructure:
    def test_repr_shows_id_and_position_only(self):
        """Every free-text field, the name included, stays out of repr: it shows id and position."""

        text = repr(act(mechanism="secret mechanism text", ideal_candidate="someone"))

        assert text == "Modality(id='act', position=<SequencePosition.ACTIVE: 'active'>)"

    def test_refuses_repeated_technique_ids(self):
        """Two techniques with one id are refused at the second one."""
        technique = Technique(id="defusion", name="Defusion")

        with pytest.raises(InvalidValueError) as info:
            act(techniques=(technique, technique))

        assert info.value.paths == ("techniques[1].id",)
        assert info.value.rules == ("structure.id-unique",)

    def test_refuses_a_repeated_requirement(self):
        """A requirement listed twice is refused at the second one."""
        prerequisite = Prerequisite(requirement=Requirement.STABILIZED)

        with pytest.raises(InvalidValueError) as info:
            act(prerequisites=(prerequisite, evolve(prerequisite, severity=Severity.WARNING)))

        assert info.value.paths == ("prerequisites[1].requirement",)

    @pytest.mark.parametrize(
        ("field", "values"),
        [
            ("domains", (ProblemDomain.ANXIETY, ProblemDomain.ANXIETY)),
            ("indications", (Indication.PREPARATION, Indication.PREPARATION)),
        ],
    )
    def test_refuses_repeated_enum_values(self, field, values):
        """A domain or indication listed twice is refused at the second one."""

        with pytest.raises(InvalidValueError) as info:
            act(**{field: values})

        assert info.value.paths == (f"{field}[1]",)
        assert info.value.rules == ("structure.id-unique",)

    @pytest.mark.parametrize(
        ("field", "value", "where"),
        [
            ("techniques", ("defusion",), "techniques[0]"),
            ("prerequisites", (Requirement.STABILIZED,), "prerequisites[0]"),
            ("domains", ("anxiety",), "domains[0]"),
            ("domains", [ProblemDomain.ANXIETY], "domains"),
            ("position", "active", "position"),
        ],
    )
    def test_refuses_loosely_typed_parts(self, field, value, where):
        """Raw strings for records or enums, and lists for tuples, are type errors."""

        with pytest.raises(InvalidValueError) as info:
            act(**{field: value})

        assert info.value.paths == (where,)
        assert info.value.rules == ("structure.type",)

    @pytest.mark.parametrize("field", ["name", "abbreviation"])
    def test_refuses_a_blank_name(self, field):
        """Name and abbreviation must not be blank."""

        with pytest.raises(InvalidValueError) as info:
            act(**{field: "  "})

        assert info.value.rules == ("structure.non-empty",)

    def test_with_methods_return_new_descriptors(self):
        """with_technique and with_prerequisite leave the original unchanged."""
        original = act()

        changed = original.with_technique(Technique(id="defusion", name="Defusion"))
        changed = changed.with_prerequisite(Prerequisite(requirement=Requirement.RISK_SCREENED))

        assert original.techniques == ()
        assert original.prerequisites == ()
        assert changed.technique_ids == ("defusion",)
        assert changed.prerequisite_rule_ids == ("modality.act.requires_risk_screen",)


class TestDerivedNames:
    def test_prerequisite_rule_ids_follow_the_modality_id(self):
        """Prerequisite rule ids read modality.<id>.<requirement suffix>, in descriptor order."""

        emdr = BUILTIN_CATALOG.get("emdr")

        assert emdr.prerequisite_rule_ids == (
            "modality.emdr.requires_risk_screen",
            "modality.emdr.requires_stabilization",
            "modality.emdr.not_in_crisis",
            "modality.emdr.requires_trauma_indication",
        )

    def test_trauma_processing_techniques_are_emdr_phases_three_to_six(self):
        """EMDR's assessment, desensitisation, installation and body scan are trauma processing."""

        emdr = BUILTIN_CATALOG.get("emdr")

        assert emdr.trauma_processing_techniques == (
            "assessment",
            "desensitisation",
            "installation",
            "body-scan",
        )


class TestEnums:
    def test_values_are_stable_kebab_strings(self):
        """Serialized enum values are the documented lower-case strings."""

        values = {
            SequencePosition: [p.value for p in SequencePosition],
            Indication: [i.value for i in Indication],
            Requirement: [r.value for r in Requirement],
        }

        assert values == {
            SequencePosition: ["engagement", "stabilization", "active", "processing"],
            Indication: [
                "low-readiness",
                "preparation",
                "action-readiness",
                "self-harm-risk",
                "co-occurring-reactivity",
                "trauma-with-ptsd",
            ],
            Requirement: [
                "risk-screened",
                "stabilized",
                "not-in-crisis",
                "trauma-indicated",
                "ready-for-action",
            ],
        }

    def test_sequence_positions_are_ordered(self):
        """Positions order engagement, stabilization, active, processing as 1 to 4."""

        orders = [p.order for p in SequencePosition]

        assert orders == [1, 2, 3, 4]

    def test_requirement_suffixes(self):
        """Each requirement has its rule-id suffix, including the two the phase machine uses."""

        suffixes = [r.rule_suffix for r in Requirement]

        assert suffixes == [
            "requires_risk_screen",
            "requires_stabilization",
            "not_in_crisis",
            "requires_trauma_indication",
            "requires_readiness_for_action",
        ]


class TestTechniqueAndPrerequisite:
    def test_technique_flag_must_be_a_bool(self):
        """trauma_processing refuses anything but True or False."""

        with pytest.raises(InvalidValueError) as info:
            Technique(id="x", name="X", trauma_processing=1)  # type: ignore[arg-type]

        assert info.value.paths == ("trauma_processing",)

    def test_prerequisite_defaults_to_error_severity(self):
        """An unmet prerequisite is an error unless the descriptor says warning."""

        prerequisite = Prerequisite(requirement=Requirement.NOT_IN_CRISIS)

        assert prerequisite.severity is Severity.ERROR

    def test_prerequisite_refuses_a_raw_requirement_value(self):
        """The requirement must be a Requirement member, not its string value."""

        with pytest.raises(InvalidValueError) as info:
            Prerequisite(requirement="stabilized")  # type: ignore[arg-type]

        assert info.value.paths == ("requirement",)


class TestSerialization:
    @given(modalities())
    def test_modalities_round_trip_through_dicts_and_json(self, modality):
        """from_dict(to_dict(m)) and from_json(to_json(m)) give back an equal descriptor."""

        via_dict = from_dict(Modality, to_dict(modality))
        via_json = from_json(Modality, to_json(modality))

        assert via_dict == modality
        assert via_json == modality

    def test_builtins_serialize_enums_by_value(self):
        """Domains, indications, requirements and severities are written as their values."""

        data = to_dict(BUILTIN_CATALOG.get("emdr"))

        assert data["domains"] == ["trauma"]
        assert data["indications"] == ["trauma-with-ptsd"]
        assert data["position"] == "processing"
        assert data["prerequisites"][3] == {
            "requirement": "trauma-indicated",
            "severity": "warning",
        }

    def test_a_corrupted_descriptor_is_refused_with_its_path(self):
        """A wrongly typed nested field is reported at its exact path."""
        data = to_dict(BUILTIN_CATALOG.get("emdr"))
        data["techniques"][2]["trauma_processing"] = "yes"

        with pytest.raises(ValidationError) as info:
            from_dict(Modality, data)

        assert info.value.paths == ("techniques[2].trauma_processing",)
