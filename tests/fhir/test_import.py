"""Import from what foreign EHRs send: tolerated variation, violations, refusals with FHIR paths."""

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from counselcore.errors import ValidationError
from counselcore.examples import example_formulation, example_plan
from counselcore.fhir import (
    FHIR_RULES,
    from_fhir_goal,
    from_fhir_observation,
    from_fhir_treatment_plan,
    to_fhir_treatment_plan,
)
from counselcore.fhir._bundle import from_fhir_bundle, from_fhir_episode, to_fhir_bundle
from counselcore.model import ClientRef
from counselcore.phases import CaseHistory, IntakeCompleted, Phase, PlanAgreed

DATA = Path(__file__).parent / "data"


def _observation(**value: object) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "44261-6"}]},
        "subject": {"reference": "Patient/p1"},
        "effectiveDateTime": "2024-01-22",
        **value,
    }


class TestObservationTotals:
    @pytest.mark.parametrize(
        "value",
        [
            {"valueQuantity": {"value": 12, "unit": "{score}"}},
            {"valueInteger": 12},
            {"valueDecimal": 12},
            {"valueString": "12"},
        ],
        ids=["quantity", "integer", "decimal", "string"],
    )
    def test_every_total_shape_reads_as_twelve(self, value):
        """A PHQ-9 total of 12 reads the same in each value[x] shape EHRs send."""
        result = from_fhir_observation(_observation(**value))

        assert (result.value.instrument, result.value.total) == ("phq-9", 12)

    def test_text_total_is_reported(self):
        """A total sent as text is read and reported as converted."""
        result = from_fhir_observation(_observation(valueString="12"))

        assert [v.rule for v in result.violations] == ["fhir.value-converted"]

    def test_non_numeric_text_is_refused(self):
        """A text total that is not a number raises with the FHIR path."""
        with pytest.raises(ValidationError) as info:
            from_fhir_observation(_observation(valueString="twelve"))

        assert info.value.paths == ("Observation.valueString",)

    def test_unknown_code_is_refused(self):
        """A LOINC code that is no known total score raises fhir.code-mapped."""
        observation = _observation(valueInteger=3)
        observation["code"]["coding"][0]["code"] = "1234-5"

        with pytest.raises(ValidationError) as info:
            from_fhir_observation(observation)

        assert info.value.rules == ("fhir.code-mapped",)

    def test_status_outside_value_set_is_refused(self):
        """A status fhir.resources accepts but R4 does not is refused here."""
        with pytest.raises(ValidationError) as info:
            from_fhir_observation(_observation(valueInteger=3, status="nonsense"))

        assert info.value.paths == ("Observation.status",)
        assert info.value.rules == ("fhir.value-set",)

    def test_extra_category_and_unknown_extension_are_tolerated(self):
        """Extra categories are read; an unknown extension is a warning with its path."""
        observation = _observation(valueInteger=3)
        observation["category"] = [{"coding": [{"system": "http://x.test", "code": "y"}]}]
        observation["extension"] = [{"url": "http://x.test/e", "valueString": "z"}]

        result = from_fhir_observation(observation)

        assert [(v.rule, v.where) for v in result.violations] == [
            ("fhir.element-not-mapped", "Observation.extension[0]")
        ]


class TestOfficialExamples:
    def test_us_core_phq9_total(self):
        """US Core's PHQ-9 total example (valueString "12") imports with the expected values and violations."""
        resource = json.loads(
            (DATA / "us-core-Observation-PHQ9-item-example-44261-6.json").read_text()
        )

        result = from_fhir_observation(resource)

        assert result.value.instrument == "phq-9"
        assert result.value.total == 12
        assert result.value.on.isoformat() == "2022-11-29"
        assert [(v.rule, v.where) for v in result.violations] == [
            ("fhir.value-converted", "Observation.valueString"),
            ("fhir.element-not-mapped", "Observation.meta"),
            ("fhir.element-not-mapped", "Observation.performer"),
            ("fhir.element-not-mapped", "Observation.derivedFrom"),
        ]

    def test_r4_careplan_gpvisit(self):
        """The FHIR R4 CarePlan/gpvisit example imports its contained problem and goal; the rest is reported."""
        resource = json.loads((DATA / "r4-CarePlan-gpvisit.json").read_text())

        result = from_fhir_treatment_plan(resource)

        plan = result.value
        assert (plan.plan_id, plan.client.value, plan.starts_on) == (
            "gpvisit",
            "100",
            dt.date(2013, 1, 1),
        )
        assert [(p.problem_id, p.description) for p in plan.problems] == [
            ("p1", "Overseas encounter")
        ]
        assert [(g.goal_id, g.description, g.objectives) for g in plan.goals] == [
            ("goal", "Complete consultation", ())
        ]
        assert [(v.rule, v.where) for v in result.violations] == [
            ("fhir.element-not-mapped", "CarePlan.activity[0].detail"),
            ("fhir.element-not-mapped", "CarePlan.activity[1].detail"),
            ("fhir.element-not-mapped", "CarePlan.goal[0].lifecycleStatus"),
            ("fhir.element-not-mapped", "CarePlan.contained[1]"),
            ("fhir.element-not-mapped", "CarePlan.text"),
            ("fhir.element-not-mapped", "CarePlan.careTeam"),
            ("fhir.element-not-mapped", "CarePlan.activity[0].outcomeReference"),
        ]


class TestEpisode:
    def _episode(self, **changes: object) -> dict[str, Any]:
        return {
            "resourceType": "EpisodeOfCare",
            "status": "active",
            "patient": {"reference": "Patient/example"},
            **changes,
        }

    def test_exact_phase_from_extension(self):
        """Our own EpisodeOfCare gives the exact phase with no violation."""
        chart = CaseHistory(
            client=ClientRef("c-1"),
            events=(IntakeCompleted(on=dt.date(2024, 1, 8), formulation=example_formulation()),),
        )
        episode = to_fhir_bundle(chart)["entry"][0]["resource"]

        result = from_fhir_episode(episode)

        assert result.value is Phase.PLANNING
        assert result.violations == ()

    def test_onhold_keeps_the_phase_before(self):
        """The EpisodeOfCare/example history (planned, active, onhold, active) reads as active, inferred."""
        history = [
            {"status": status, "period": {"start": start}}
            for status, start in (
                ("planned", "2014-09-01"),
                ("active", "2014-09-15"),
                ("onhold", "2014-09-22"),
            )
        ]

        result = from_fhir_episode(self._episode(status="onhold", statusHistory=history))

        assert result.value is Phase.ACTIVE
        assert [v.rule for v in result.violations] == [
            "fhir.episode-on-hold",
            "fhir.phase-inferred",
        ]

    def test_entered_in_error_is_refused(self):
        """An episode entered in error is not a clinical history."""
        with pytest.raises(ValidationError) as info:
            from_fhir_episode(self._episode(status="entered-in-error"))

        assert info.value.paths == ("EpisodeOfCare.status",)


class TestCarePlan:
    def test_bad_activity_status_names_the_path(self):
        """A CarePlan activity status outside R4 raises with CarePlan.activity[i].detail.status."""
        resources = to_fhir_treatment_plan(example_plan())
        care_plan = copy.deepcopy(resources[0])
        care_plan["activity"][2]["detail"]["status"] = "bogus"

        with pytest.raises(ValidationError) as info:
            from_fhir_treatment_plan(care_plan, resources[1:])

        assert info.value.paths == ("CarePlan.activity[2].detail.status",)

    def test_missing_goals_are_reported(self):
        """Goals the bundle does not hold are reported, not silently dropped."""
        care_plan = to_fhir_treatment_plan(example_plan())[0]

        result = from_fhir_treatment_plan(care_plan, [])

        assert "fhir.reference-resolves" in {v.rule for v in result.violations}

    def test_foreign_goal_with_range_target(self):
        """A goal with a Range target keeps description and due date; the range is reported."""
        goal = {
            "resourceType": "Goal",
            "lifecycleStatus": "on-hold",
            "description": {"text": "Target weight is 160 to 180 lbs."},
            "subject": {"reference": "Patient/example"},
            "target": [
                {
                    "measure": {"coding": [{"system": "http://loinc.org", "code": "3141-9"}]},
                    "detailRange": {"low": {"value": 160}, "high": {"value": 180}},
                    "dueDate": "2016-04-05",
                }
            ],
        }

        result = from_fhir_goal(goal)

        assert result.value.due_on == dt.date(2016, 4, 5)
        assert result.value.target is None
        assert {v.where for v in result.violations} == {
            "Goal.lifecycleStatus",
            "Goal.target[0].detailRange",
        }


class TestBundle:
    def test_unresolved_urn_reference_is_reported(self):
        """A urn:uuid reference to no entry of the bundle is a fhir.reference-resolves violation."""
        bundle = {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [
                {
                    "fullUrl": "urn:uuid:1",
                    "resource": {
                        **_observation(valueInteger=4),
                        "encounter": {"reference": "urn:uuid:missing"},
                    },
                }
            ],
        }

        result = from_fhir_bundle(bundle)

        assert ("fhir.reference-resolves", "Bundle.entry[0].resource.encounter.reference") in {
            (v.rule, v.where) for v in result.violations
        }

    def test_payload_warnings_point_into_the_bundle(self):
        """An unknown element on an entry of our own bundle is reported at its bundle path."""
        chart = CaseHistory(
            client=ClientRef("c-1"),
            events=(
                IntakeCompleted(on=dt.date(2024, 1, 8), formulation=example_formulation()),
                PlanAgreed(on=dt.date(2024, 1, 15), plan=example_plan()),
            ),
        )
        bundle = to_fhir_bundle(chart)
        index = next(
            i for i, e in enumerate(bundle["entry"]) if e["resource"]["resourceType"] == "CarePlan"
        )
        bundle["entry"][index]["resource"]["note"] = [{"text": "free text"}]

        result = from_fhir_bundle(bundle)

        assert result.value == chart
        assert [(v.rule, v.where) for v in result.violations] == [
            ("fhir.element-not-mapped", f"Bundle.entry[{index}].resource.note")
        ]

    def test_payload_errors_point_into_the_bundle(self):
        """A bad status on an entry of our own bundle raises with its bundle path."""
        chart = CaseHistory(
            client=ClientRef("c-1"),
            events=(PlanAgreed(on=dt.date(2024, 1, 15), plan=example_plan()),),
        )
        bundle = to_fhir_bundle(chart)
        bundle["entry"][1]["resource"]["status"] = "bogus"

        with pytest.raises(ValidationError) as info:
            from_fhir_bundle(bundle)

        assert info.value.paths == ("Bundle.entry[1].resource.status",)

    def test_every_rule_id_used_is_declared(self):
        """Rules the tests see are all in the declared rule table."""
        assert {"fhir.value-set", "fhir.reference-resolves", "fhir.element-not-mapped"} <= set(
            FHIR_RULES
        )
