"""
Hypothesis strategies for counselcore values, for your own property tests.

Needs the ``hypothesis`` extra. Every strategy generates *valid* values: they pass every
constructor check and survive a JSON round trip. Strategies shrink towards the smallest
record: the earliest dates, empty optional collections and ``None`` for optional fields.

Example:
    >>> from hypothesis import given, settings
    >>> import counselcore as cc
    >>> @settings(max_examples=5, derandomize=True)
    ... @given(treatment_plans())
    ... def test_round_trip(plan):
    ...     assert cc.from_json(cc.TreatmentPlan, cc.to_json(plan)) == plan
    >>> test_round_trip()
"""

from counselcore.strategies._aftercare import (
    aftercare_plans,
    booster_schedules,
    breakable_rule_ids,
    broken_aftercare_plans,
    broken_safety_plans,
    relapse_prevention_plans,
    safety_plans,
    skills_routines,
    support_contacts,
    termination_plans,
    trigger_plans,
)
from counselcore.strategies._core import (
    case_formulations,
    client_refs,
    dates,
    diagnoses,
    goals,
    homework,
    identifiers,
    objectives,
    problems,
    reports,
    risk_assessments,
    sessions,
    texts,
    treatment_plans,
    triggers,
    violations,
)
from counselcore.strategies._history import case_histories, events
from counselcore.strategies._measures import administrations, instrument_responses, instruments
from counselcore.strategies._modalities import (
    catalogs,
    modalities,
    modality_ids,
    prerequisites,
    stability_statuses,
    techniques,
)
from counselcore.strategies._phases import (
    FaultyHistory,
    case_states,
    faulty_phase_histories,
    phase_histories,
)
from counselcore.strategies._results import (
    allowed_events_results,
    history_violations,
    outcomes,
    plan_diffs,
    replay_results,
)

__all__ = [
    "FaultyHistory",
    "administrations",
    "aftercare_plans",
    "allowed_events_results",
    "booster_schedules",
    "breakable_rule_ids",
    "broken_aftercare_plans",
    "broken_safety_plans",
    "case_formulations",
    "case_histories",
    "case_states",
    "catalogs",
    "client_refs",
    "dates",
    "diagnoses",
    "events",
    "faulty_phase_histories",
    "goals",
    "history_violations",
    "homework",
    "identifiers",
    "instrument_responses",
    "instruments",
    "modalities",
    "modality_ids",
    "objectives",
    "outcomes",
    "phase_histories",
    "plan_diffs",
    "prerequisites",
    "problems",
    "relapse_prevention_plans",
    "replay_results",
    "reports",
    "risk_assessments",
    "safety_plans",
    "sessions",
    "skills_routines",
    "stability_statuses",
    "support_contacts",
    "techniques",
    "termination_plans",
    "texts",
    "treatment_plans",
    "trigger_plans",
    "triggers",
    "violations",
]
