"""
Cohort simulation benchmark: counselcore.simulation against a naive, unvalidated weekly loop.

Not part of the test suite. Run (a few minutes on a 2-core box):

    .venv/bin/pip install -q -e '.[bench]' && .venv/bin/python benchmarks/bench_simulation.py

Measures, in one run:
  1. one process: client-weeks/s (every client over the whole horizon, weeks without contact
     included) and validated events/s (every event accepted by the real phase machine), with
     the default scenario; and the same weekly model stepped by a naive plain-Python loop
     (`random.Random` per client + `random.choices`, no records, no validation), for scale;
  2. two worker processes (`ProcessPoolExecutor`): the speed-up over one process on the same
     cohort, with each worker returning only counts;
  3. memory: peak RSS of a streaming run that keeps nothing but running totals
     (``--memory-clients``; the issue's target is 1,000,000 clients under 300 MB).

Issue targets (reported, not asserted): >= 500,000 client-weeks/s, >= 150,000 validated
events/s in one process, >= 1.8x with two workers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import random
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import counselcore
from counselcore.simulation import DEFAULT_SCENARIO, Scenario, chunks, client_seed, simulate

START = dt.date(2025, 1, 6)
SEED = 2026


def run_counselcore(scenario: Scenario, clients: range) -> tuple[int, int]:
    """Simulate *clients*; return (client-weeks, validated events)."""
    weeks = events = 0
    for result in simulate(scenario, clients=clients, seed=SEED, start=START):
        weeks += len(result.week_phases)
        events += len(result.events)
    return weeks, events


def run_naive(scenario: Scenario, clients: range) -> tuple[int, int]:
    """
    The same weekly model in plain Python: no event objects, no validation, no records.

    Phases are strings, events are tuples appended to a list; hazards and cadences as in the
    scenario. It is what a researcher writes first, and the floor for our overhead.
    """
    hazards, care, effects = scenario.hazards, scenario.care, scenario.effects
    horizon = scenario.horizon_weeks
    weeks = events = 0
    outcomes = ("none", "crisis", "dropout", "response")
    after = ("none", "crisis", "relapse", "lapse")
    for index in clients:
        rng = random.Random(client_seed(SEED, index))
        history: list[tuple[str, int]] = []
        phase = "intake"
        sessions = since_review = 0
        responded = False
        good = rng.random() < effects.good_alliance_rate
        matched = rng.random() < 0.5
        aftercare_until = 0
        for week in range(horizon):
            weeks += 1
            if phase == "intake":
                history += [
                    ("session", week),
                    ("measure", week),
                    ("measure", week),
                    ("intake", week),
                ]
                phase = "planning"
            elif phase == "planning":
                history.append(("plan", week))
                phase = "active"
            elif phase in ("active", "review"):
                dropout = hazards.dropout * (effects.alliance if good else 1.0)
                response = hazards.response * (effects.modality_match if matched else 1.0)
                outcome = rng.choices(
                    outcomes,
                    (1 - hazards.crisis - dropout - response, hazards.crisis, dropout, response),
                )[0]
                if outcome == "dropout":
                    history.append(("disengaged", week))
                    phase = "closed"
                    continue
                if outcome == "crisis":
                    history += [("crisis", week), ("crisis-resolved", week)]
                    continue
                responded = responded or outcome == "response"
                if since_review >= care.review_every_sessions:
                    history.append(("review", week))
                    since_review = 0
                    if responded:
                        history += [("termination", week), ("aftercare", week)]
                        phase = "maintenance"
                        aftercare_until = week + 52
                    elif sessions >= care.max_sessions:
                        history.append(("disengaged", week))
                        phase = "closed"
                    continue
                sessions += 1
                since_review += 1
                history += [("session", week), ("measure", week), ("measure", week)]
            elif phase == "maintenance":
                relapse = hazards.relapse * effects.booster
                outcome = rng.choices(
                    after,
                    (
                        1 - hazards.crisis - relapse - hazards.lapse,
                        hazards.crisis,
                        relapse,
                        hazards.lapse,
                    ),
                )[0]
                if outcome == "relapse":
                    history.append(("relapse", week))
                    phase, responded, since_review = "active", False, 0
                elif outcome == "lapse":
                    history.append(("lapse", week))
                elif week >= aftercare_until:
                    history.append(("discharged", week))
                    phase = "closed"
                elif week % 4 == 0:
                    history += [("maintenance", week), ("measure", week), ("measure", week)]
        events += len(history)
    return weeks, events


def _timed(function, *args) -> tuple[float, tuple[int, int]]:
    gc.collect()
    began = time.perf_counter()
    counts = function(*args)
    return time.perf_counter() - began, counts


def _parallel(scenario: Scenario, clients: int, workers: int) -> tuple[float, tuple[int, int]]:
    parts = chunks(clients, size=max(1, clients // (workers * 8)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pool.submit(int).result()  # start the workers before the clock
        began = time.perf_counter()
        totals = list(pool.map(run_counselcore, [scenario] * len(parts), parts))
        elapsed = time.perf_counter() - began
    return elapsed, (sum(w for w, _ in totals), sum(e for _, e in totals))


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=4000, help="cohort size for the speed runs")
    parser.add_argument(
        "--memory-clients", type=int, default=20_000, help="clients in the memory run"
    )
    args = parser.parse_args()
    scenario = DEFAULT_SCENARIO
    cohort = range(args.clients)
    print(
        f"counselcore {counselcore.__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}, {args.clients:,} clients x {scenario.horizon_weeks} weeks, seed {SEED}"
    )
    ours_time, (ours_weeks, ours_events) = _timed(run_counselcore, scenario, cohort)
    naive_time, (naive_weeks, naive_events) = _timed(run_naive, scenario, cohort)
    rows = [
        ("counselcore.simulation (validated)", ours_time, ours_weeks, ours_events),
        ("naive loop (no validation)", naive_time, naive_weeks, naive_events),
    ]
    print(f"\n{'one process':<38} {'seconds':>8} {'client-weeks/s':>15} {'events/s':>12}")
    for name, seconds, weeks, events in rows:
        print(f"{name:<38} {seconds:>8.2f} {weeks / seconds:>15,.0f} {events / seconds:>12,.0f}")
    print(
        f"ratio: counselcore takes {ours_time / naive_time:.1f}x the naive loop's time "
        f"(it builds and validates every event; the loop appends tuples)"
    )
    print(
        f"targets: >= 500,000 client-weeks/s -> {ours_weeks / ours_time:,.0f}; "
        f">= 150,000 validated events/s -> {ours_events / ours_time:,.0f}"
    )
    one_time, one_counts = _parallel(scenario, args.clients, 1)
    two_time, two_counts = _parallel(scenario, args.clients, 2)
    assert one_counts == two_counts == (ours_weeks, ours_events), "chunked runs disagree"
    print(
        f"\nworkers: 1 process {one_time:.2f}s, 2 processes {two_time:.2f}s -> speed-up "
        f"{one_time / two_time:.2f}x (target >= 1.8x; {len(os.sched_getaffinity(0))} "
        f"CPUs visible, shared with other work)"
    )
    began = time.perf_counter()
    base = _peak_rss_mb()
    weeks, events = run_counselcore(scenario, range(args.memory_clients))
    elapsed = time.perf_counter() - began
    print(
        f"\nmemory: {args.memory_clients:,} clients streamed in {elapsed:.1f}s "
        f"({weeks:,} client-weeks, {events:,} events); peak RSS {_peak_rss_mb():.0f} MB "
        f"(before the run {base:.0f} MB; target for 1,000,000 clients: < 300 MB)"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
