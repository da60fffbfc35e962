"""
The ``hypothesis`` entry point: registers counselcore's strategies for ``st.from_type``.

Hypothesis calls `_register_type_strategies` while it is itself being imported, possibly from
inside ``import counselcore.strategies``. So this module imports nothing of ours that needs
Hypothesis, and each registration is deferred until a strategy is first drawn from.
"""

from typing import Any


def strategy_names() -> dict[type, str]:
    """
    Each registered record type and the `counselcore.strategies` function that draws it.

    Example:
        >>> from counselcore.model import Goal
        >>> strategy_names()[Goal]
        'goals'
    """
    from counselcore import aftercare, measures, modalities, model, phases, rules, violations

    return {
        model.ClientRef: "client_refs",
        model.Problem: "problems",
        model.Diagnosis: "diagnoses",
        model.Trigger: "triggers",
        model.RiskAssessment: "risk_assessments",
        model.CaseFormulation: "case_formulations",
        model.Objective: "objectives",
        model.Goal: "goals",
        model.TreatmentPlan: "treatment_plans",
        model.Homework: "homework",
        model.Session: "sessions",
        measures.Instrument: "instruments",
        measures.Administration: "administrations",
        modalities.Technique: "techniques",
        modalities.Prerequisite: "prerequisites",
        modalities.Modality: "modalities",
        modalities.Catalog: "catalogs",
        modalities.StabilityStatus: "stability_statuses",
        aftercare.SupportContact: "support_contacts",
        aftercare.SkillsRoutine: "skills_routines",
        aftercare.BoosterSchedule: "booster_schedules",
        aftercare.SafetyPlan: "safety_plans",
        aftercare.TriggerPlan: "trigger_plans",
        aftercare.RelapsePreventionPlan: "relapse_prevention_plans",
        aftercare.AftercarePlan: "aftercare_plans",
        aftercare.TerminationPlan: "termination_plans",
        phases.CaseState: "case_states",
        phases.CaseHistory: "case_histories",
        phases.Outcome: "outcomes",
        phases.AllowedEvents: "allowed_events_results",
        phases.ReplayResult: "replay_results",
        phases.HistoryViolation: "history_violations",
        phases.PlanDiff: "plan_diffs",
        rules.Report: "reports",
        violations.Violation: "violations",
    }


def _register_type_strategies() -> None:
    """Register a deferred strategy for every counselcore record type."""
    from hypothesis import strategies as st

    def lazily(name: str) -> Any:
        def build() -> Any:
            from counselcore import strategies

            return getattr(strategies, name)()

        return st.deferred(build)

    for record_type, name in strategy_names().items():
        st.register_type_strategy(record_type, lazily(name))
