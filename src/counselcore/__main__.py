"""
``python -m counselcore``: the command line (`counselcore.cli`) and the demo it runs.

This module and `counselcore.cli` are the only ones that print; the library does no I/O.
"""

import datetime as dt
import sys
from collections.abc import Sequence

from attrs import evolve

from counselcore import fhir, measures, phases, serialization
from counselcore.aftercare import (
    SUICIDAL_IDEATION_FLAG,
    AftercareContext,
    check_aftercare,
    termination_readiness,
)
from counselcore.errors import ValidationError
from counselcore.examples import (
    example_aftercare_plan,
    example_formulation,
    example_plan,
    example_safety_plan,
    example_sessions,
)
from counselcore.modalities import (
    BUILTIN_CATALOG,
    StabilityStatus,
    check_prerequisites,
    recommend,
    sequence,
)
from counselcore.model import TreatmentPlan
from counselcore.rules import check_plan


def _demo() -> int:
    formulation = example_formulation()
    plan = example_plan()
    print("counselcore demo: one fictional case, formulation -> plan -> JSON and back")
    print()
    print("1. Case formulation (free text stays out of reprs):")
    print(
        f"   {len(formulation.presenting_problems)} presenting problems, domains: "
        f"{', '.join(sorted(d.value for d in formulation.domains))}"
    )
    print(
        f"   {len(formulation.diagnoses)} diagnoses, co-occurring: {formulation.co_occurring}, "
        f"readiness: {formulation.readiness.value if formulation.readiness else 'not assessed'}"
    )
    risk = formulation.risk
    print(
        f"   risk screen on {risk.screened_on if risk else '-'}: "
        f"highest level {risk.highest.value if risk else 'not screened'}"
    )
    print(f"   repr: {formulation.presenting_problems[0]!r}")
    print()
    print("2. Treatment plan:")
    for goal in plan.goals:
        print(f"   goal {goal.goal_id} (problems {', '.join(goal.problem_ids)})")
        for objective in goal.objectives:
            metric = objective.metric
            what = metric.instrument if metric and metric.instrument else "count"
            print(
                f"     objective {objective.objective_id}: {what} {objective.baseline:g} -> "
                f"{objective.target:g} by {objective.due_on}, via "
                f"{', '.join(f'{i.modality}:{i.technique}' for i in objective.interventions)}"
            )
    print()
    print("3. Plan completeness rules:")
    print(f"   complete plan: {len(check_plan(plan))} violations")
    draft = TreatmentPlan(plan_id="tp-draft", client=plan.client, starts_on=plan.starts_on)
    for violation in check_plan(draft):
        print(f"   draft plan: {violation}  ({violation.severity.value})")
    print()
    print("4. Sessions and CPT time bands:")
    for session in example_sessions():
        print(
            f"   {session.session_id} {session.held_on} {session.kind.value:<10} "
            f"{session.duration_minutes:>3} min -> {', '.join(session.cpt_codes) or 'no code'}"
        )
    print()
    print("5. JSON round trip:")
    text = serialization.to_json(plan)
    back = serialization.from_json(TreatmentPlan, text)
    print(
        f"   {len(text)} bytes of JSON, schema_version {serialization.SCHEMA_VERSION}; "
        f"round trip equal: {back == plan}"
    )
    broken = text.replace('"target":9', '"target":"nine"', 1)
    try:
        serialization.from_json(TreatmentPlan, broken)
    except ValidationError as error:
        print(f"   a corrupted copy is refused: {error}")
    print()
    _demo_modalities()
    print()
    _demo_measures()
    print()
    _demo_aftercare()
    print()
    _demo_phases()
    print()
    _demo_fhir()
    return 0


def _demo_modalities() -> None:
    formulation = example_formulation()
    print("6. Modality matching, prerequisites and sequencing:")
    for recommendation in recommend(formulation):
        reasons = ", ".join(
            f"{r.rule} (+{r.weight:g}: {'; '.join(r.where)})" for r in recommendation.rationale
        )
        print(f"   {recommendation.modality} scores {recommendation.score:g}: {reasons}")
    emdr = BUILTIN_CATALOG.get("emdr")
    for status in (StabilityStatus(in_crisis=True), StabilityStatus(stabilized=True)):
        found = check_prerequisites(emdr, formulation, status)
        rules = ", ".join(f"{v.rule} ({v.severity.value})" for v in found) or "none"
        print(
            f"   emdr prerequisites with in_crisis={status.in_crisis}, "
            f"stabilized={status.stabilized}: {rules}"
        )
    plan = sequence(formulation, ["emdr", "cbt", "mi", "dbt"])
    print(f"   sequence: {' -> '.join(' + '.join(step.modalities) for step in plan.steps)}")
    for constraint in plan.constraints:
        print(f"     {constraint}")


def _demo_measures() -> None:
    start, end = dt.date(2024, 1, 15), dt.date(2024, 4, 1)
    phq_first = measures.administer(measures.PHQ_9, (2, 2, 2, 2, 2, 2, 2, 1, 1), on=start)
    gad_first = measures.administer(measures.GAD_7, (2, 2, 2, 2, 1, 1, 1), on=start)
    phq_last = measures.administer(measures.PHQ_9, (1, 1, 1, 1, 1, 0, 0, 0, 0), on=end)
    gad_last = measures.administer(measures.GAD_7, (1, 1, 1, 0, 0, 0, 0), on=end)
    print("7. Measures (PHQ-9, GAD-7):")
    for a in (phq_first, gad_first, phq_last, gad_last):
        print(
            f"   {a.administered_on} {a.instrument_id:<6} total {a.total:>2} band {a.band:<18} "
            f"caseness {a.caseness}, risk flags: {', '.join(a.risk_flags) or 'none'}"
        )
    line = measures.trajectory([phq_first, phq_last], "phq-9")
    print(
        f"   PHQ-9 change {line.change_from_baseline:+d}: reliably improved "
        f"{measures.is_reliably_improved(line, measures.PHQ_9)} (threshold 6 points)"
    )
    outcome = measures.classify_episode([phq_first, gad_first, phq_last, gad_last])
    print(
        f"   NHS Talking Therapies: recovery {outcome.recovery.value}, "
        f"{outcome.change.value}, reliable recovery {outcome.reliable_recovery}"
    )
    try:
        measures.administer(measures.AUDIT, (0, 0, 0, 0, 0, 0, 0, 0, 3, 0), on=end)
    except ValidationError as error:
        print(f"   an invalid AUDIT form is refused: {error}")
    _demo_more_measures(line, end)


def _demo_more_measures(line: measures.Trajectory, end: dt.date) -> None:
    screen = measures.administer(measures.CSSRS_SCREENER, (1, 1, 1, 0, 0, 1, 0), on=end)
    verdict = measures.triage(screen)
    print(
        f"   C-SSRS screener: {verdict.level.value} risk from items "
        f"{', '.join(map(str, verdict.items))}; flags: {', '.join(screen.risk_flags)}"
    )
    print(
        f"   PHQ-9 response {measures.has_responded(line)}, "
        f"remission {measures.is_in_remission(line)}"
    )
    diagnosis = measures.diagnose_substance_use("F10.20", criteria_count=5)
    severity = "none" if diagnosis.specifier is None else diagnosis.specifier.value
    print(f"   alcohol use disorder with 5 DSM-5 criteria: {severity}")


def _demo_aftercare() -> None:
    plan = example_plan()
    print("8. Termination readiness and aftercare:")
    early = termination_readiness(plan, on=dt.date(2024, 2, 5), treatment_started=plan.starts_on)
    print(f"   ready to end on 2024-02-05: {early.ready}; reasons: {', '.join(early.rule_ids)}")
    aftercare = example_aftercare_plan()
    boosters = aftercare.boosters
    if boosters is not None:
        print(
            f"   boosters every {boosters.every_months} months for {boosters.horizon_months} "
            f"months: {', '.join(d.isoformat() for d in aftercare.booster_dates)}"
        )
    print(f"   aftercare rules: {len(check_aftercare(aftercare))} violations")
    crisis = aftercare.crisis_plan
    if crisis is not None:
        partial = evolve(aftercare, crisis_plan=evolve(crisis, environment_safety=()))
        flagged = AftercareContext(risk_flags=frozenset({SUICIDAL_IDEATION_FLAG}))
        print(f"   without section 6, no risk flag: {len(check_aftercare(partial))} violations")
        for violation in check_aftercare(partial, context=flagged):
            print(f"   with {SUICIDAL_IDEATION_FLAG}: {violation}")


def _demo_phases() -> None:
    formulation = example_formulation()
    plan = example_plan()
    first, second, third = example_sessions()
    history = [
        phases.SessionHeld(session=first),
        phases.IntakeCompleted(on=formulation.formulated_on, formulation=formulation),
        phases.PlanAgreed(on=plan.starts_on, plan=plan),
        phases.SessionHeld(session=second),
        phases.ReviewHeld(on=second.held_on),  # too early: no review is due
        phases.CrisisBegan(on=dt.date(2024, 1, 18)),
        phases.SessionHeld(session=third),  # an individual session during the crisis
        phases.CrisisResolved(on=dt.date(2024, 1, 25), safety_plan=example_safety_plan()),
        phases.CrisisResolved(
            on=dt.date(2024, 1, 25),
            safety_plan=example_safety_plan(),
            risk_screened_on=dt.date(2024, 1, 24),
        ),
    ]
    print("9. Phase machine: replaying a chart history")
    result = phases.replay(history)
    print(
        f"   {result.events} events, {result.refused} refused; "
        f"final phase {result.state.phase.value}, episode {result.state.episode}, "
        f"{result.state.sessions_since_review} session(s) since the last review"
    )
    for found in result.violations:
        print(f"   {found}")
    menu = phases.allowed_events(result.state)
    print(f"   allowed now: {', '.join(kind.value for kind in menu.allowed)}")
    review = menu.reasons(phases.EventKind.REVIEW_HELD)
    print(f"   review refused because: {review[0].message} [{review[0].rule}]")
    diagram = phases.to_mermaid()
    print(
        f"   Mermaid diagram: {len(diagram.splitlines())} lines, first edge: "
        f"{diagram.splitlines()[2].strip()}"
    )


def _demo_fhir() -> None:
    formulation = example_formulation()
    plan = example_plan()
    chart = phases.CaseHistory(
        client=plan.client,
        events=(
            phases.IntakeCompleted(on=formulation.formulated_on, formulation=formulation),
            phases.PlanAgreed(on=plan.starts_on, plan=plan),
            phases.SessionHeld(session=example_sessions()[1]),
            phases.MeasureRecorded(on=plan.starts_on, instrument="phq-9", total=14),
        ),
    )
    print("10. FHIR R4: the chart as a collection Bundle and back")
    bundle = fhir.to_fhir_bundle(chart)
    kinds: dict[str, int] = {}
    for entry in bundle["entry"]:
        kind = entry["resource"]["resourceType"]
        kinds[kind] = kinds.get(kind, 0) + 1
    print(f"   {len(bundle['entry'])} entries: {', '.join(f'{n} {k}' for k, n in kinds.items())}")
    back = fhir.from_fhir_bundle(bundle)
    print(f"   imported back equal: {back.value == chart}, violations: {len(back.violations)}")
    sent = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "44261-6"}]},
        "effectiveDateTime": "2024-02-05",
        "valueString": "12",
        "performer": [{"reference": "Practitioner/1"}],
    }
    measure = fhir.from_fhir_observation(sent)
    print(
        f"   an EHR's PHQ-9 total sent as text: {measure.value.instrument} = {measure.value.total}"
    )
    for violation in measure.violations:
        print(f"   {violation.severity.value}: {violation}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``); see `counselcore.cli`."""
    from counselcore.cli import main as run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
