import json
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from counselcore.aftercare import AftercarePlan, RelapsePreventionPlan, SafetyPlan, TerminationPlan
from counselcore.errors import SchemaVersionError, ValidationError
from counselcore.examples import example_aftercare_plan, example_safety_plan
from counselcore.serialization import DOCUMENT_TYPES, from_dict, from_json, to_dict, to_json
from counselcore.strategies import (
    aftercare_plans,
    relapse_prevention_plans,
    safety_plans,
    termination_plans,
)


class TestDocumentTypes:
    def test_aftercare_documents_are_registered(self) -> None:
        """The four aftercare records are stored as typed documents."""
        names = {
            cls: DOCUMENT_TYPES[cls]
            for cls in (AftercarePlan, SafetyPlan, RelapsePreventionPlan, TerminationPlan)
        }

        assert names == {
            AftercarePlan: "aftercare-plan",
            SafetyPlan: "safety-plan",
            RelapsePreventionPlan: "relapse-prevention-plan",
            TerminationPlan: "termination-plan",
        }

    def test_a_nested_safety_plan_has_no_envelope(self) -> None:
        """Only the top-level record carries schema_version and type."""
        data = to_dict(example_aftercare_plan())

        assert data["type"] == "aftercare-plan"
        assert "type" not in data["crisis_plan"]
        assert data["crisis_plan"]["people_to_ask"][0]["role"] == "family"

    def test_a_safety_plan_is_not_read_as_an_aftercare_plan(self) -> None:
        """The document type must match the class asked for."""
        data = to_dict(example_safety_plan())

        with pytest.raises(SchemaVersionError) as info:
            from_dict(AftercarePlan, data)

        assert info.value.rules == ("structure.document-type",)


class TestRoundTrips:
    @given(aftercare_plans())
    def test_aftercare_plans(self, plan: AftercarePlan) -> None:
        """JSON and back gives an equal aftercare plan."""
        assert from_json(AftercarePlan, to_json(plan)) == plan

    @given(
        st.one_of(
            safety_plans().map(lambda p: (SafetyPlan, p)),
            relapse_prevention_plans().map(lambda p: (RelapsePreventionPlan, p)),
            termination_plans().map(lambda p: (TerminationPlan, p)),
        )
    )
    def test_other_documents(self, pair: tuple[type[Any], Any]) -> None:
        """Safety, relapse-prevention and termination plans survive JSON unchanged."""
        cls, value = pair

        assert from_dict(cls, to_dict(value)) == value
        assert from_json(cls, to_json(value)) == value

    @given(aftercare_plans())
    def test_output_is_deterministic(self, plan: AftercarePlan) -> None:
        """Equal plans give the same bytes however they were built, keys in field order."""
        text = to_json(plan)
        rebuilt = from_json(AftercarePlan, text)

        again = to_json(rebuilt)

        assert rebuilt is not plan
        assert again == text
        assert list(json.loads(text)) == [
            "schema_version",
            "type",
            *(field.name for field in attrs.fields(AftercarePlan)),
        ]


class TestStrictReading:
    def test_an_unknown_role_names_its_path(self) -> None:
        """A contact role outside the enum is refused at its path."""
        data = to_dict(example_aftercare_plan())
        data["support_network"][1]["role"] = "neighbour"

        with pytest.raises(ValidationError) as info:
            from_dict(AftercarePlan, data)

        assert info.value.paths == ("support_network[1].role",)
        assert info.value.rules == ("structure.enum",)

    def test_a_string_reachable_flag_is_refused(self) -> None:
        """'true' is not a JSON boolean."""
        data = to_dict(example_safety_plan())
        data["professionals_and_agencies"][0]["reachable"] = "true"

        with pytest.raises(ValidationError) as info:
            from_dict(SafetyPlan, data)

        assert info.value.paths == ("professionals_and_agencies[0].reachable",)

    def test_a_structurally_invalid_plan_is_refused_whole(self) -> None:
        """An end date on the termination date is refused with the constructor's rule."""
        data = to_dict(example_aftercare_plan())
        data["ends_on"] = data["terminated_on"]

        with pytest.raises(ValidationError) as info:
            from_dict(AftercarePlan, data)

        assert "structure.date-order" in info.value.rules
