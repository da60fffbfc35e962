"""Administrations are stored documents; instruments and results round-trip too."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counselcore.errors import SchemaVersionError, ValidationError
from counselcore.measures import (
    BUILTIN_INSTRUMENTS,
    PHQ_9,
    Administration,
    Instrument,
    Prorating,
    TalkingTherapiesOutcome,
    TalkingTherapiesPolicy,
    administer,
    classify_talking_therapies,
)
from counselcore.serialization import DOCUMENT_TYPES, from_dict, from_json, to_dict, to_json
from counselcore.strategies import administrations, instruments
from tests.measures.support import DAY


class TestAdministrationDocument:
    def test_administration_is_a_document_type(self):
        """Administrations are written with schema_version and type 'administration'."""
        data = to_dict(administer(PHQ_9, (1,) * 9, on=DAY))

        assert DOCUMENT_TYPES[Administration] == "administration"
        assert (data["schema_version"], data["type"]) == (1, "administration")
        assert data["administered_on"] == "2024-01-08"

    @given(administrations())
    def test_round_trip_through_dicts_and_json(self, administration):
        """from_dict(to_dict(a)) == a and from_json(to_json(a)) == a."""
        assert from_dict(Administration, to_dict(administration)) == administration
        assert from_json(Administration, to_json(administration)) == administration

    def test_prorated_administration_round_trips_with_null(self):
        """A missing item is written as null and read back as None."""
        prorated = administer(PHQ_9, (1, None, 1, 1, 1, 1, 1, 1, 1), on=DAY, prorating=Prorating())

        text = to_json(prorated)

        assert '"responses":[1,null,1' in text
        assert from_json(Administration, text) == prorated

    @pytest.mark.parametrize(
        ("key", "value", "path"),
        [
            ("responses", [1, True, 1], ("responses", 1)),
            ("responses", [1, "2"], ("responses", 1)),
            ("total", "12", ("total",)),
            ("administered_on", "2024-13-01", ("administered_on",)),
        ],
    )
    def test_corrupted_documents_are_refused_with_a_path(self, key, value, path):
        """Loosely typed or impossible fields are refused naming the field."""
        data = to_dict(administer(PHQ_9, (1,) * 9, on=DAY))
        data[key] = value

        with pytest.raises(ValidationError) as info:
            from_dict(Administration, data)

        assert info.value.violations[0].path == path

    def test_wrong_document_type_is_refused(self):
        """A plan document cannot be read as an administration."""
        data = to_dict(administer(PHQ_9, (1,) * 9, on=DAY))
        data["type"] = "treatment-plan"

        with pytest.raises(SchemaVersionError):
            from_dict(Administration, data)


class TestOtherRecords:
    @pytest.mark.parametrize("instrument", list(BUILTIN_INSTRUMENTS), ids=lambda i: i.id)
    def test_built_in_instruments_round_trip(self, instrument):
        """Each built-in definition survives a JSON round trip unchanged."""
        assert from_json(Instrument, to_json(instrument)) == instrument

    @given(instruments())
    def test_generated_instruments_round_trip(self, instrument):
        """User-defined instruments can be stored as data too."""
        assert from_dict(Instrument, to_dict(instrument)) == instrument

    @given(st.integers(0, 27), st.integers(0, 27), st.integers(0, 21), st.integers(0, 21))
    def test_outcomes_and_policies_round_trip(self, d1, d2, a1, a2):
        """Talking Therapies outcomes and policies are plain records."""
        outcome = classify_talking_therapies(
            phq9_first=d1, phq9_last=d2, gad7_first=a1, gad7_last=a2
        )

        assert from_dict(TalkingTherapiesOutcome, to_dict(outcome)) == outcome
        policy = TalkingTherapiesPolicy()
        assert from_dict(TalkingTherapiesPolicy, to_dict(policy)) == policy
