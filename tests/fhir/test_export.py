import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counselcore import strategies as cs
from counselcore.examples import (
    example_aftercare_plan,
    example_formulation,
    example_plan,
    example_safety_plan,
    example_sessions,
)
from counselcore.fhir import (
    to_fhir_aftercare_plan,
    to_fhir_formulation,
    to_fhir_observation,
    to_fhir_safety_plan,
    to_fhir_session,
    to_fhir_treatment_plan,
)
from counselcore.fhir._bundle import to_fhir_bundle
from counselcore.fhir._vocabulary import BASE, EXTENSIONS
from counselcore.model import ClientRef
from counselcore.phases import CaseHistory, IntakeCompleted, MeasureRecorded
from tests.fhir.support import validate_r4b

CLIENT = ClientRef("c-1")

#: Printable text only: FHIR strings may not hold control characters other than tab/CR/LF.
_FHIR_TEXT = st.text(
    st.characters(min_codepoint=32, max_codepoint=0x2FFF, exclude_categories=["Cs", "Zl", "Zp"]),
    min_size=1,
    max_size=20,
).filter(lambda s: s.strip() == s and s != "")


def _every_export() -> Iterator[dict[str, Any]]:
    yield from to_fhir_formulation(example_formulation())
    yield from to_fhir_treatment_plan(example_plan())
    for session in example_sessions():
        yield to_fhir_session(session, CLIENT)
    yield to_fhir_observation(
        MeasureRecorded(on=dt.date(2024, 1, 22), instrument="phq-9", total=14), CLIENT
    )
    yield to_fhir_observation(
        MeasureRecorded(on=dt.date(2024, 1, 22), instrument="pcl-5", total=40.5), CLIENT
    )
    yield to_fhir_safety_plan(example_safety_plan(), CLIENT)
    yield from to_fhir_aftercare_plan(example_aftercare_plan(), contact_details=True)


class TestR4BValidation:
    @pytest.mark.parametrize("resource", list(_every_export()), ids=lambda r: r["resourceType"])
    def test_every_exported_resource_validates_with_r4b(self, resource):
        """Each resource of the example case validates against the fhir.resources R4B model."""
        validate_r4b(resource)

    @settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
    @given(cs.phase_histories(max_events=12), cs.client_refs())
    def test_every_bundle_validates_with_r4b(self, history, client):
        """A bundle of any valid history validates, entry by entry, with R4B."""
        validate_r4b(
            to_fhir_bundle(CaseHistory(client=client, events=history), contact_details=True)
        )

    @settings(max_examples=25)
    @given(cs.treatment_plans())
    def test_generated_plans_validate(self, plan):
        """Every resource of a generated treatment plan validates with R4B (printable text)."""
        for resource in to_fhir_treatment_plan(plan):
            if all(ch.isprintable() for ch in json.dumps(resource, ensure_ascii=False)):
                validate_r4b(resource)


class TestEpisode:
    @settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
    @given(cs.phase_histories(min_events=1, max_events=15), cs.client_refs())
    def test_periods_are_ordered_and_start_at_intake(self, history, client):
        """Status periods never end before they start, and the phase history opens at intake."""
        episode = to_fhir_bundle(CaseHistory(client=client, events=history))["entry"][0]["resource"]
        periods = [h["period"] for h in episode["statusHistory"]]
        phases = [
            part
            for ext in episode["extension"]
            if ext["url"].endswith("/phase-history")
            for part in ext["extension"]
            if part["url"] == "phase"
        ]

        assert all(p["start"] <= p.get("end", p["start"]) for p in periods)
        assert phases[0]["valueCoding"]["code"] == "intake"
        assert episode["extension"][1]["valueCoding"]["code"] == phases[-1]["valueCoding"]["code"]

    def test_diagnoses_of_the_current_formulation(self):
        """The episode lists the formulation's diagnosis Conditions, principal (CC) first."""
        formulation = example_formulation()
        chart = CaseHistory(
            client=formulation.client,
            events=(IntakeCompleted(on=formulation.formulated_on, formulation=formulation),),
        )
        bundle = to_fhir_bundle(chart)
        episode = bundle["entry"][0]["resource"]
        urls = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}

        diagnoses = episode["diagnosis"]

        codes = [urls[d["condition"]["reference"]]["code"]["coding"][0]["code"] for d in diagnoses]
        assert codes == [d.code for d in formulation.diagnoses]
        assert [d["role"]["coding"][0]["code"] for d in diagnoses] == ["CC", "CM", "CM"]


class TestDeterminism:
    def test_same_input_gives_same_bytes(self):
        """Two exports of one plan serialize to identical JSON."""
        first = json.dumps(to_fhir_treatment_plan(example_plan()))
        second = json.dumps(to_fhir_treatment_plan(example_plan()))

        assert first == second

    def test_ids_are_uuid5_and_unique(self):
        """Ids in one export are distinct uuids."""
        ids = [r["id"] for r in to_fhir_treatment_plan(example_plan())]

        assert len(ids) == len(set(ids))
        assert all(len(i) == 36 and i[14] == "5" for i in ids)


class TestMapping:
    def test_plan_codes(self):
        """The treatment plan carries the SNOMED mental health care plan category and ICD-free problems."""
        care_plan = to_fhir_treatment_plan(example_plan())[0]

        assert care_plan["intent"] == "plan"
        assert care_plan["category"][0]["coding"][0] == {
            "system": "http://snomed.info/sct",
            "code": "718347000",
        }

    def test_safety_plan_sections_in_order(self):
        """The six Stanley-Brown sections are activities in their order."""
        care_plan = to_fhir_safety_plan(example_safety_plan(), CLIENT)
        codes = [a["detail"]["code"]["coding"][0]["code"] for a in care_plan["activity"]]

        assert codes == [
            "warning-signs",
            "internal-coping",
            "social-distraction",
            "people-to-ask",
            "professionals-and-agencies",
            "environment-safety",
        ]
        assert care_plan["category"][0]["coding"][0]["code"] == "736253002"

    def test_contact_details_only_on_request(self):
        """Names and phone numbers of third parties are written only with contact_details."""
        without = to_fhir_aftercare_plan(example_aftercare_plan())
        with_details = to_fhir_aftercare_plan(example_aftercare_plan(), contact_details=True)

        assert not any("name" in r for r in without if r["resourceType"] == "RelatedPerson")
        assert any("name" in r for r in with_details if r["resourceType"] == "RelatedPerson")

    def test_every_extension_used_is_registered(self):
        """Every counselcore extension URL in an export is in the registry."""
        text = json.dumps(list(_every_export()))
        used = {part.split('"')[0] for part in text.split(f"{BASE}/StructureDefinition/")[1:]}

        assert used <= set(EXTENSIONS)
