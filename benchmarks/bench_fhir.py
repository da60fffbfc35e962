"""
FHIR benchmark: counselcore's FHIR import/export vs fhir.resources R4B ``model_validate`` / ``model_dump``.

Run: ``python benchmarks/bench_fhir.py`` (needs the ``fhir`` extra).
Two workloads, timed in the same run on the same JSON: the example treatment plan as a CarePlan
with its Conditions and Goals, and a whole-case Bundle holding a plan with 15 Goals.
What each side does differs, so read the ratios with that in mind: fhir.resources validates
every datatype rule of every element and builds pydantic models; counselcore validates only
what it maps (plus R4 status/intent value sets and bundle references) and builds its own
immutable records. Export on the fhir.resources side is ``model_dump(mode="json")`` of an
already-validated model; on counselcore's side it is building the FHIR dicts from the records.
"""

from __future__ import annotations

import datetime as dt
import timeit
from collections.abc import Callable
from typing import Any

from attrs import evolve
from fhir.resources.R4B import get_fhir_model_class

from counselcore.examples import example_formulation, example_plan
from counselcore.fhir import (
    from_fhir_bundle,
    from_fhir_treatment_plan,
    to_fhir_bundle,
    to_fhir_treatment_plan,
)
from counselcore.model import Goal
from counselcore.phases import CaseHistory, IntakeCompleted, PlanAgreed


def _pair(ours: Callable[[], Any], theirs: Callable[[], Any], number: int) -> tuple[float, float]:
    """
    Best of 7 interleaved repeats of each side, in microseconds per call.

    The two sides alternate, so a burst of load on a shared machine hits both; the minimum
    is the run least disturbed by other processes.
    """
    ours_runs, theirs_runs = [], []
    for _ in range(7):
        ours_runs.append(timeit.timeit(ours, number=number))
        theirs_runs.append(timeit.timeit(theirs, number=number))
    return min(ours_runs) / number * 1e6, min(theirs_runs) / number * 1e6


def _validate_all(resources: list[dict[str, Any]]) -> list[Any]:
    return [get_fhir_model_class(r["resourceType"]).model_validate(r) for r in resources]


def _fifteen_goal_plan() -> Any:
    plan = example_plan()
    goals = []
    for index in range(5):
        base = plan.goals[index % len(plan.goals)]
        objectives = tuple(
            evolve(o, objective_id=f"o-{index}-{n}") for n, o in enumerate(base.objectives[:2])
        )
        while len(objectives) < 2:
            objectives = (*objectives, evolve(objectives[0], objective_id=f"o-{index}-x"))
        goals.append(
            Goal(
                goal_id=f"g-{index}",
                description=base.description,
                problem_ids=base.problem_ids,
                objectives=objectives,
            )
        )
    return evolve(plan, goals=tuple(goals))


def main() -> None:
    plan = example_plan()
    resources = to_fhir_treatment_plan(plan)
    models = _validate_all(resources)
    assert from_fhir_treatment_plan(resources[0], resources[1:]).value == plan

    big = _fifteen_goal_plan()
    goal_count = sum(1 + len(g.objectives) for g in big.goals)
    assert goal_count == 15, goal_count
    chart = CaseHistory(
        client=big.client,
        events=(
            IntakeCompleted(on=dt.date(2024, 1, 8), formulation=example_formulation()),
            PlanAgreed(on=dt.date(2024, 1, 15), plan=big),
        ),
    )
    bundle = to_fhir_bundle(chart)
    bundle_model = get_fhir_model_class("Bundle").model_validate(bundle)
    assert from_fhir_bundle(bundle).value == chart

    rows = [
        (
            f"CarePlan + {len(resources) - 1} resources: import",
            lambda: from_fhir_treatment_plan(resources[0], resources[1:]),
            lambda: _validate_all(resources),
        ),
        (
            "CarePlan: export",
            lambda: to_fhir_treatment_plan(plan),
            lambda: [m.model_dump(mode="json") for m in models],
        ),
        (
            f"Bundle ({len(bundle['entry'])} entries, 15 Goals): import",
            lambda: from_fhir_bundle(bundle),
            lambda: get_fhir_model_class("Bundle").model_validate(bundle),
        ),
        (
            "Bundle: export",
            lambda: to_fhir_bundle(chart),
            lambda: bundle_model.model_dump(mode="json"),
        ),
    ]
    print(f"{'workload':<42} {'counselcore µs':>15} {'fhir.resources µs':>18} {'ratio':>7}")
    for name, ours, theirs in rows:
        ours_us, theirs_us = _pair(ours, theirs, 30)
        print(f"{name:<42} {ours_us:>15.0f} {theirs_us:>18.0f} {theirs_us / ours_us:>6.1f}x")


if __name__ == "__main__":
    main()
