"""model -> FHIR -> model keeps everything counselcore holds."""

from hypothesis import HealthCheck, given, settings

from counselcore import strategies as cs
from counselcore.fhir import (
    from_fhir_aftercare_plan,
    from_fhir_formulation,
    from_fhir_safety_plan,
    from_fhir_session,
    from_fhir_treatment_plan,
    to_fhir_aftercare_plan,
    to_fhir_formulation,
    to_fhir_safety_plan,
    to_fhir_session,
    to_fhir_treatment_plan,
)
from counselcore.fhir._bundle import from_fhir_bundle, to_fhir_bundle
from counselcore.phases import CaseHistory

_SETTINGS = settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])


class TestRoundTrip:
    @_SETTINGS
    @given(cs.treatment_plans())
    def test_treatment_plan(self, plan):
        """A plan comes back equal from its CarePlan, Conditions and Goals, with no violation."""
        resources = to_fhir_treatment_plan(plan)

        result = from_fhir_treatment_plan(resources[0], resources[1:])

        assert result.value == plan
        assert result.violations == ()

    @_SETTINGS
    @given(cs.case_formulations())
    def test_formulation(self, formulation):
        """A formulation comes back equal from its ClinicalImpression and Conditions."""
        resources = to_fhir_formulation(formulation)

        result = from_fhir_formulation(resources[0], resources[1:])

        assert result.value == formulation
        assert result.violations == ()

    @_SETTINGS
    @given(cs.sessions(), cs.client_refs())
    def test_session(self, session, client):
        """A session comes back equal from its Encounter."""
        result = from_fhir_session(to_fhir_session(session, client))

        assert result.value == session
        assert result.violations == ()

    @_SETTINGS
    @given(cs.safety_plans(), cs.client_refs())
    def test_safety_plan(self, plan, client):
        """A safety plan comes back equal from its crisis CarePlan."""
        result = from_fhir_safety_plan(to_fhir_safety_plan(plan, client))

        assert result.value == plan
        assert result.violations == ()

    @_SETTINGS
    @given(cs.aftercare_plans())
    def test_aftercare_plan(self, plan):
        """An aftercare plan comes back equal when contact details are exported."""
        resources = to_fhir_aftercare_plan(plan, contact_details=True)

        result = from_fhir_aftercare_plan(resources[0], resources[1:])

        assert result.value == plan
        assert result.violations == ()

    @settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
    @given(cs.phase_histories(max_events=15), cs.client_refs())
    def test_whole_history(self, history, client):
        """A whole history comes back event for event from its Bundle."""
        result = from_fhir_bundle(
            to_fhir_bundle(CaseHistory(client=client, events=history), contact_details=True)
        )

        assert result.value == CaseHistory(client=client, events=tuple(history))
        assert result.violations == ()
