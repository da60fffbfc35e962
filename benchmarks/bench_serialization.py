"""
Serialization benchmark: counselcore vs an equivalent pydantic v2 model vs cattrs' default Converter.

Run: ``python benchmarks/bench_serialization.py`` (needs the ``bench`` extra for pydantic).
Every contender loads and dumps the same realistic plan (about 70 objects, about 6 kB of JSON);
the script checks that they agree before it times anything, then prints microseconds per plan
and ratios from this one run.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import time
import timeit
import tracemalloc
from collections.abc import Callable
from typing import Any

import attrs
import cattrs

import counselcore as cc
from counselcore.model import (
    Cadence,
    ClientRef,
    Direction,
    Goal,
    Intervention,
    Metric,
    MetricKind,
    Objective,
    ObjectiveStatus,
    Problem,
    ProblemDomain,
    ReviewSchedule,
    TreatmentPlan,
)

START = dt.date(2024, 1, 15)
#: Timing loops: best of REPEAT runs of NUMBER calls each.
NUMBER, REPEAT = 2000, 7
TECHNIQUES = {
    "cbt": ("thought-record", "behavioural-activation", "exposure", "cognitive-restructuring"),
    "mi": ("oars", "decisional-balance", "eliciting-change-talk", "planning"),
    "dbt": ("mindfulness", "distress-tolerance", "emotion-regulation", "chain-analysis"),
}
DOMAINS = (
    ProblemDomain.DEPRESSION,
    ProblemDomain.ANXIETY,
    ProblemDomain.SUBSTANCE_USE,
    ProblemDomain.TRAUMA,
)


def realistic_plan() -> TreatmentPlan:
    """Four problems, four goals with four objectives each, 24 interventions: 67 objects."""
    problems = tuple(
        Problem(
            problem_id=f"p-{i}",
            description=f"Presenting problem number {i}, in the client's words.",
            domain=DOMAINS[i],
        )
        for i in range(4)
    )
    goals = []
    for g in range(4):
        objectives = []
        for o in range(4):
            modality = ("cbt", "mi", "dbt")[(g + o) % 3]
            count = 2 if o % 2 == 0 else 1
            objectives.append(
                Objective(
                    objective_id=f"o-{g}-{o}",
                    description=f"Objective {o} of goal {g}: a measurable short-term change.",
                    metric=Metric(kind=MetricKind.INSTRUMENT_SCORE, instrument="phq-9")
                    if o % 2 == 0
                    else Metric(
                        kind=MetricKind.COUNT,
                        description="days a week with the activity",
                        unit="days",
                    ),
                    baseline=17.0 if o % 2 == 0 else 1.0,
                    target=9.0 if o % 2 == 0 else 4.0,
                    direction=Direction.DECREASE if o % 2 == 0 else Direction.INCREASE,
                    due_on=START + dt.timedelta(days=30 * (o + 1)),
                    interventions=tuple(
                        Intervention(modality=modality, technique=TECHNIQUES[modality][k])
                        for k in range(count)
                    ),
                    status=ObjectiveStatus.OPEN,
                )
            )
        goals.append(
            Goal(
                goal_id=f"g-{g}",
                description=f"Long-term goal {g}, agreed with the client.",
                problem_ids=(f"p-{g}",),
                objectives=tuple(objectives),
            )
        )
    return TreatmentPlan(
        plan_id="tp-bench",
        client=ClientRef("client-0001"),
        starts_on=START,
        formulation_id="f-bench",
        problems=problems,
        goals=tuple(goals),
        session_cadence=Cadence.WEEKLY,
        review=ReviewSchedule(every_sessions=6, every_days=42),
        consent_recorded_on=START,
    )


def count_objects(value: Any) -> int:
    if attrs.has(type(value)):
        return 1 + sum(count_objects(getattr(value, a.name)) for a in attrs.fields(type(value)))
    if isinstance(value, tuple):
        return sum(count_objects(v) for v in value)
    return 0


# --- the pydantic v2 equivalent -------------------------------------------------------------


def pydantic_models() -> Any:
    from pydantic import BaseModel, ConfigDict

    class Strict(BaseModel):
        model_config = ConfigDict(frozen=True, extra="forbid", strict=False)

    class PMetric(Strict):
        kind: MetricKind
        instrument: str | None = None
        description: str = ""
        unit: str | None = None

    class PIntervention(Strict):
        modality: str
        technique: str

    class PObjective(Strict):
        objective_id: str
        description: str
        metric: PMetric | None = None
        baseline: float | None = None
        target: float | None = None
        direction: Direction = Direction.DECREASE
        due_on: dt.date | None = None
        interventions: tuple[PIntervention, ...] = ()
        status: ObjectiveStatus = ObjectiveStatus.OPEN

    class PGoal(Strict):
        goal_id: str
        description: str
        problem_ids: tuple[str, ...] = ()
        objectives: tuple[PObjective, ...] = ()

    class PProblem(Strict):
        problem_id: str
        description: str
        domain: ProblemDomain = ProblemDomain.OTHER

    class PReview(Strict):
        every_sessions: int | None = None
        every_days: int | None = None

    class PPlan(Strict):
        schema_version: int
        type: str
        plan_id: str
        client: str
        starts_on: dt.date
        version: int = 1
        formulation_id: str | None = None
        revision_reason: str | None = None
        revised_on: dt.date | None = None
        problems: tuple[PProblem, ...] = ()
        goals: tuple[PGoal, ...] = ()
        session_cadence: Cadence | None = None
        review: PReview | None = None
        consent_recorded_on: dt.date | None = None

    return PPlan


# --- cattrs' default converter -----------------------------------------------------------------


def default_cattrs() -> cattrs.Converter:
    converter = cattrs.Converter()
    converter.register_structure_hook(dt.date, lambda v, _: dt.date.fromisoformat(v))
    converter.register_unstructure_hook(dt.date, lambda v: v.isoformat())
    converter.register_structure_hook(ClientRef, lambda v, _: ClientRef(v))
    converter.register_unstructure_hook(ClientRef, lambda v: v.value)
    return converter


def best_us(fn: Callable[[], Any], *, number: int, repeat: int) -> float:
    times = timeit.repeat(fn, number=number, repeat=repeat)
    return min(times) / number * 1e6


def main() -> None:
    plan = realistic_plan()
    data = cc.to_dict(plan)
    text = cc.to_json(plan)
    body = {k: v for k, v in data.items() if k not in ("schema_version", "type")}
    body_text = json.dumps(body)
    print(f"plan: {count_objects(plan)} objects, {len(text.encode())} bytes of JSON")

    # Agreement before timing.
    assert cc.from_dict(TreatmentPlan, data) == plan
    assert cc.from_json(TreatmentPlan, text) == plan
    default = default_cattrs()
    assert default.structure(body, TreatmentPlan) == plan
    PPlan = pydantic_models()
    pmodel = PPlan.model_validate(data)
    assert pmodel.model_dump(mode="json") == json.loads(text)
    assert json.loads(pmodel.model_dump_json()) == json.loads(text)

    number, repeat = NUMBER, REPEAT
    rows: dict[str, dict[str, float]] = {
        "counselcore": {
            "load (dict)": best_us(
                lambda: cc.from_dict(TreatmentPlan, data), number=number, repeat=repeat
            ),
            "dump (dict)": best_us(lambda: cc.to_dict(plan), number=number, repeat=repeat),
            "JSON load": best_us(
                lambda: cc.from_json(TreatmentPlan, text), number=number, repeat=repeat
            ),
            "JSON dump": best_us(lambda: cc.to_json(plan), number=number, repeat=repeat),
        },
        "pydantic v2": {
            "load (dict)": best_us(
                lambda: PPlan.model_validate(data), number=number, repeat=repeat
            ),
            "dump (dict)": best_us(
                lambda: pmodel.model_dump(mode="json"), number=number, repeat=repeat
            ),
            "JSON load": best_us(
                lambda: PPlan.model_validate_json(text), number=number, repeat=repeat
            ),
            "JSON dump": best_us(lambda: pmodel.model_dump_json(), number=number, repeat=repeat),
        },
        "cattrs default": {
            "load (dict)": best_us(
                lambda: default.structure(body, TreatmentPlan), number=number, repeat=repeat
            ),
            "dump (dict)": best_us(lambda: default.unstructure(plan), number=number, repeat=repeat),
            "JSON load": best_us(
                lambda: default.structure(json.loads(body_text), TreatmentPlan),
                number=number,
                repeat=repeat,
            ),
            "JSON dump": best_us(
                lambda: json.dumps(default.unstructure(plan)), number=number, repeat=repeat
            ),
        },
    }
    # Failure path: one bad field deep in the plan, reported with its exact path.
    bad = json.loads(text)
    bad["goals"][2]["objectives"][0]["target"] = "nine"

    def failing() -> None:
        try:
            cc.from_dict(TreatmentPlan, bad)
        except cc.ValidationError:
            pass

    error_us = best_us(failing, number=200, repeat=5)

    ops = list(rows["counselcore"])
    print()
    print(
        f"{'µs per plan':<16}"
        + "".join(f"{name:>16}" for name in rows)
        + f"{'vs pydantic':>14}{'vs cattrs':>12}"
    )
    for op in ops:
        ours = rows["counselcore"][op]
        line = f"{op:<16}" + "".join(f"{rows[name][op]:>16.1f}" for name in rows)
        line += (
            f"{ours / rows['pydantic v2'][op]:>13.2f}x{ours / rows['cattrs default'][op]:>11.2f}x"
        )
        print(line)
    print()
    print("ratios are counselcore time / peer time: below 1.00x means counselcore is faster")
    print(f"invalid plan (detailed re-run for exact paths): {error_us:.1f} µs")
    print(
        f"median of the four counselcore operations: {statistics.median(rows['counselcore'].values()):.1f} µs"
    )


def _refusal(load: Callable[[], Any]) -> tuple[float, float, tuple[str, ...]]:
    """Seconds and peak traced MB of one refused load, and the rules it reported."""
    rules: tuple[str, ...] = ()
    started = time.perf_counter()
    try:
        load()
    except cc.ValidationError as error:
        rules = error.rules
    seconds = time.perf_counter() - started
    tracemalloc.start()
    try:
        load()
    except cc.ValidationError:
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 1e6, rules


def bad_items() -> None:
    """A plan whose goals are 1,000,000 bad items: time and peak memory of the refusal."""
    data = cc.to_dict(realistic_plan())
    data["goals"] = [{"goal_id": 7}] * 1_000_000
    text = json.dumps({**data, "goals": ["bad"] * 1_000_000})
    print()
    print("1,000,000 bad items in one list (targets: < 2 s, < 200 MB):")
    for label, load in (
        ("from_dict, 1,000,000 bad goal objects", lambda: cc.from_dict(TreatmentPlan, data)),
        (
            f"from_json, {len(text) / 1e6:.0f} MB of text (decoding included)",
            lambda: cc.from_json(TreatmentPlan, text),
        ),
    ):
        seconds, megabytes, rules = _refusal(load)
        print(f"  {label}: {seconds:.3f} s, peak {megabytes:.1f} MB traced, rules {rules}")


if __name__ == "__main__":
    main()
    bad_items()
