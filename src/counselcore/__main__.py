"""
The command line: ``python -m counselcore demo``.

This is the only module that prints; the library itself does no I/O.
"""

import argparse
import datetime as dt
import sys
from collections.abc import Sequence

from counselcore import phases, serialization
from counselcore.errors import ValidationError
from counselcore.examples import example_formulation, example_plan, example_sessions
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
    _demo_phases()
    return 0


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
        phases.CrisisResolved(on=dt.date(2024, 1, 25), safety_plan="safety-plan-1"),
        phases.CrisisResolved(
            on=dt.date(2024, 1, 25),
            safety_plan="safety-plan-1",
            risk_screened_on=dt.date(2024, 1, 24),
        ),
    ]
    print("6. Phase machine: replaying a chart history")
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``) and return the exit code."""
    parser = argparse.ArgumentParser(prog="counselcore", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="walk through the built-in example case")
    args = parser.parse_args(argv)
    handlers = {"demo": _demo}
    return handlers[args.command]()


if __name__ == "__main__":
    sys.exit(main())
