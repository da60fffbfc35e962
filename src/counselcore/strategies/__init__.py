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
    risk_assessments,
    sessions,
    texts,
    treatment_plans,
    triggers,
)
from counselcore.strategies._phases import (
    FaultyHistory,
    case_states,
    faulty_phase_histories,
    phase_histories,
)

__all__ = [
    "FaultyHistory",
    "case_formulations",
    "case_states",
    "client_refs",
    "dates",
    "diagnoses",
    "faulty_phase_histories",
    "goals",
    "homework",
    "identifiers",
    "objectives",
    "phase_histories",
    "problems",
    "risk_assessments",
    "sessions",
    "texts",
    "treatment_plans",
    "triggers",
]
