"""
Whole-case validation throughput: `validate_cases` on generated 20-event histories read from JSON Lines.

Prints cases/s and events/s for one process (target: >= 5,000 cases/s), the ratio against the
minimum any validator must do (parse each event with `from_dict` and `replay` the history), and
the speed-up of the documented Dask recipe on a two-process LocalCluster (optional extra).

    .venv/bin/python benchmarks/bench_validate.py [CASES]
"""

import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

from counselcore import ValidationError, from_dict, to_dict
from counselcore.examples import example_formulation, example_plan
from counselcore.model import ClientRef, Session, SessionKind
from counselcore.phases import (
    CaseHistory,
    Event,
    IntakeCompleted,
    MeasureRecorded,
    PlanAgreed,
    ReviewHeld,
    SessionHeld,
    replay,
)
from counselcore.validation import validate_cases

START = dt.date(2024, 1, 8)


def history(n: int) -> dict:
    """
    Intake with a GAD-7, plan, eight weekly sessions each with a PHQ-9, a review after the sixth.

    20 events; every tenth case has a bad diagnosis code (one finding), the others none.
    """
    events: list = [
        IntakeCompleted(on=START, formulation=example_formulation()),
        MeasureRecorded(on=START, instrument="gad-7", total=12),
        PlanAgreed(on=START + dt.timedelta(days=7), plan=example_plan()),
    ]
    for week in range(1, 9):
        on = START + dt.timedelta(days=6 + 7 * week)
        session = Session(
            session_id=f"s-{week}", held_on=on, kind=SessionKind.INDIVIDUAL, duration_minutes=50
        )
        events.append(SessionHeld(session=session))
        events.append(MeasureRecorded(on=on, instrument="phq-9", total=max(3, 18 - week)))
        if week == 6:
            events.append(ReviewHeld(on=on))
    assert len(events) == 20
    data = to_dict(CaseHistory(client=ClientRef(f"c-{n}"), events=tuple(events)))
    if n % 10 == 0:
        data["events"][0]["formulation"]["diagnoses"][0]["code"] = "depression"
    return data


def lines(count: int) -> list[str]:
    return [json.dumps(history(n)) for n in range(count)]


def peer(text: list[str]) -> int:
    """The floor: parse, build each event with from_dict, replay; no repair, rules or report."""
    found = 0
    for line in text:
        data = json.loads(line)
        events = []
        for item in data["events"]:
            try:
                events.append(from_dict(Event, item))
            except ValidationError:  # noqa: PERF203 - a bad event is counted, the rest loaded
                found += 1
        found += len(replay(events).violations)
    return found


def ours(text: list[str]) -> int:
    return sum(len(r.findings) for r in validate_cases(json.loads(line) for line in text))


def best_of(fn, text: list[str], rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        began = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - began)
    return best


def dask_speedup(text: list[str], single: float) -> None:
    try:
        import dask.bag as db
        from dask.distributed import Client, LocalCluster
    except ImportError:
        print("dask: not installed (pip install -e '.[dask]'), speed-up not measured")
        return
    with tempfile.TemporaryDirectory() as folder:
        for part in range(8):
            Path(folder, f"charts-{part}.jsonl").write_text(
                "".join(line + "\n" for line in text[part::8]), encoding="utf-8"
            )
        with (
            LocalCluster(
                n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
            ) as cluster,
            Client(cluster),
        ):
            bag = db.read_text(f"{folder}/charts-*.jsonl", blocksize=None).map(json.loads)
            recipe = bag.map_partitions(
                lambda cases: [len(r.findings) for r in validate_cases(cases)]
            )
            recipe.compute()  # warm the workers up
            began = time.perf_counter()
            recipe.compute()
            took = time.perf_counter() - began
    print(
        f"dask, 2 worker processes: {len(text) / took:>9,.0f} cases/s "
        f"(speed-up {single / took:.2f}x over one process; this machine has 2 shared cores)"
    )


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000
    text = lines(count)
    # Check before timing: each tenth case has exactly its one bad code, the others nothing.
    sample = [r.rule_ids for r in validate_cases(json.loads(line) for line in text[:50])]
    assert sample == [("structure.icd10cm-code",) if n % 10 == 0 else () for n in range(50)], sample
    events = count * 20
    mine = best_of(ours, text)
    floor = best_of(peer, text)
    print(f"validate_cases on {count:,} cases of 20 events from JSON Lines (best of 3):")
    print(
        f"counselcore validate_cases:     {count / mine:>9,.0f} cases/s  {events / mine:>11,.0f} events/s"
    )
    print(
        f"peer from_dict + replay only:   {count / floor:>9,.0f} cases/s  {events / floor:>11,.0f} events/s"
    )
    print(f"ratio validate_cases / peer time: {mine / floor:.2f}x (target: >= 5,000 cases/s)")
    dask_speedup(text, mine)


if __name__ == "__main__":
    main()
