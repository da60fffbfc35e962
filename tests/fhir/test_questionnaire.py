"""Item-level answers: Administration <-> QuestionnaireResponse, re-scored on import."""

import datetime as dt

import pytest
from hypothesis import given, settings

from counselcore import strategies as cs
from counselcore.errors import ValidationError
from counselcore.fhir import (
    LOINC_FREQUENCY_ANSWERS,
    from_fhir_questionnaire_response,
    to_fhir_administration,
)
from counselcore.measures import PHQ_9, administer
from counselcore.model import ClientRef
from tests.fhir.support import validate_r4b

CLIENT = ClientRef("c-1")


class TestAdministration:
    @settings(max_examples=30)
    @given(cs.administrations())
    def test_round_trip_and_r4b(self, administration):
        """A scored form comes back equal from its QuestionnaireResponse; both resources validate with R4B."""
        observation, response = to_fhir_administration(administration, CLIENT)

        result = from_fhir_questionnaire_response(response)

        assert result.value == administration
        assert result.violations == ()
        validate_r4b(observation)
        validate_r4b(response)

    def test_total_links_to_the_response(self):
        """The total Observation is derivedFrom the response."""
        a = administer(PHQ_9, (0,) * 9, on=dt.date(2024, 3, 4))

        observation, response = to_fhir_administration(a, CLIENT)

        assert observation["derivedFrom"] == [
            {"reference": f"QuestionnaireResponse/{response['id']}"}
        ]

    def test_loinc_answer_codes_score(self):
        """LOINC frequency answers score 0-3, and item 9 raises the suicidal-ideation flag."""
        codes = list(LOINC_FREQUENCY_ANSWERS)
        response = {
            "resourceType": "QuestionnaireResponse",
            "status": "completed",
            "questionnaire": "http://loinc.org/q/44249-1",
            "authored": "2024-03-04",
            "item": [
                {
                    "linkId": str(n),
                    "answer": [
                        {"valueCoding": {"system": "http://loinc.org", "code": codes[n % 4]}}
                    ],
                }
                for n in range(1, 10)
            ],
        }

        a = from_fhir_questionnaire_response(response).value

        assert a.responses == (1, 2, 3, 0, 1, 2, 3, 0, 1)
        assert a.risk_flags == ("risk.suicidal_ideation",)

    def test_out_of_range_answer_names_the_item(self):
        """An answer the item does not allow raises with the item's FHIR path."""
        a = administer(PHQ_9, (0,) * 9, on=dt.date(2024, 3, 4))
        _, response = to_fhir_administration(a, CLIENT)
        response["item"][4]["answer"][0]["valueInteger"] = 7

        with pytest.raises(ValidationError) as info:
            from_fhir_questionnaire_response(response)

        assert info.value.paths == ("QuestionnaireResponse.item[4].answer",)
        assert info.value.rules == ("structure.item-value",)

    def test_unknown_form_is_refused(self):
        """A questionnaire counselcore does not know is refused."""
        with pytest.raises(ValidationError) as info:
            from_fhir_questionnaire_response(
                {
                    "resourceType": "QuestionnaireResponse",
                    "status": "completed",
                    "questionnaire": "http://example.org/q/x",
                    "authored": "2024-03-04",
                }
            )

        assert info.value.rules == ("fhir.code-mapped",)
