"""
Fuzz every public entry point that takes outside data, for as many inputs as you ask.

    python scripts/fuzz.py --inputs 1000000 [--workers 2] [--only from_json]

The entry points and their Hypothesis strategies come from ``tests/fuzz/entries.py``, the
registry the CI budget uses too. For speed, each entry point first draws a corpus from its
strategy (JSON-shaped junk, mutated valid documents, values at the edges) with Hypothesis, then
a seeded ``random.Random`` mutator edits corpus items (keys dropped or added, values replaced by
junk or the privacy markers, text cut or spliced) to reach the budget. The property is the one
the tests check: the only exceptions are the library's own, with a rule id; the command line
exits 0, 1 or 2 with one line per error on stderr; and a planted marker (``tests/privacy.py``)
never shows in an error, a violation, a finding or a report. Prints one row per entry point and
exits 1 if any exception from outside the family escaped or any marker leaked.
"""

import argparse
import collections
import copy
import multiprocessing
import pickle
import random
import sys
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.privacy import MARKER  # needs the path above

CORPUS = 200
_KEYS = ("on", "kind", "type", "schema_version", "goals", "plan_id", "client", "total", "x")
_JUNK: tuple[Any, ...] = (
    None,
    True,
    0,
    -1,
    2**63,
    10**400,
    1.5,
    float("nan"),
    float("inf"),
    "",
    "x",
    "2024-02-30",
    "9999-12-31",
    "phq-9",
    [],
    {},
    [None],
    {"": None},
    MARKER,
    [MARKER],
    {"text": MARKER},
)


def _junk(rng: random.Random, depth: int = 0) -> Any:
    choice = rng.random()
    if depth < 3 and choice < 0.15:
        return [_junk(rng, depth + 1) for _ in range(rng.randrange(4))]
    if depth < 3 and choice < 0.3:
        return {rng.choice(_KEYS): _junk(rng, depth + 1) for _ in range(rng.randrange(4))}
    if choice < 0.35:
        return "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(rng.randrange(12)))
    return copy.copy(rng.choice(_JUNK))


def _junk_part(rng: random.Random, value: Any) -> Any:
    """Junk in place of *value*; for a tuple of arguments, in place of one of them."""
    if isinstance(value, tuple) and value:
        index = rng.randrange(len(value))
        return (*value[:index], _junk(rng), *value[index + 1 :])
    return _junk(rng)


def _containers(value: Any, path: tuple[Any, ...] = (), depth: int = 0) -> list[tuple[Any, ...]]:
    found = [path] if isinstance(value, dict | list) else []
    if depth < 12 and isinstance(value, dict):
        for key, item in value.items():
            found += _containers(item, (*path, key), depth + 1)
    elif depth < 12 and isinstance(value, list):
        for index, item in enumerate(value[:50]):
            found += _containers(item, (*path, index), depth + 1)
    return found


def mutate(rng: random.Random, value: Any) -> Any:
    """One random edit of *value* (which is left unchanged)."""
    if isinstance(value, tuple) and value:
        index = rng.randrange(len(value))
        return (*value[:index], mutate(rng, value[index]), *value[index + 1 :])
    if isinstance(value, str) and value:
        start = rng.randrange(len(value))
        end = min(len(value), start + rng.randrange(1, 16))
        edit = rng.randrange(4)
        if edit == 0:
            return value[:start]
        if edit == 1:
            return value[:start] + value[end:]
        if edit == 2:
            return value[:start] + value[start:end] * 2 + value[end:]
        return value[:start] + rng.choice('{}[]",:0123456789.-eE ntrufalse\\') + value[start:]
    if not isinstance(value, dict | list) or rng.random() < 0.05:
        return _junk(rng)
    result = copy.deepcopy(value)
    target: Any = result
    for step in rng.choice(_containers(result)):
        target = target[step]
    keys = list(target) if isinstance(target, dict) else list(range(len(target)))
    edit = rng.randrange(3)
    if edit == 0 or not keys:
        if isinstance(target, dict):
            target[rng.choice(_KEYS)] = _junk(rng)
        else:
            target.insert(rng.randrange(len(target) + 1), _junk(rng))
    elif edit == 1:
        del target[rng.choice(keys)]
    else:
        target[rng.choice(keys)] = _junk(rng)
    return result


def _corpus(entry: Any) -> list[Any]:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    drawn: list[Any] = []

    @settings(
        max_examples=CORPUS,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def collect(data: st.DataObject) -> None:
        drawn.append(data.draw(entry.inputs))

    collect()
    return drawn


def _where(error: BaseException) -> str:
    """The innermost frames of *error*'s traceback in the project's own code."""
    frames = [
        f"{Path(frame.filename).name}:{frame.lineno}"
        for frame in traceback.extract_tb(error.__traceback__)
        if "counselcore" in frame.filename or "/tests/" in frame.filename
    ]
    return "at " + " > ".join(frames[-3:]) if frames else ""


def _keep(folder: str, name: str, number: int, value: Any) -> None:
    """Write a failing input to *folder* for replay (``pickle.load`` it and call the entry)."""
    if folder:
        path = Path(folder) / f"{name.replace(':', '-')}-{number}.pickle"
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(100_000)  # a failing input may be nested thousands of levels deep
        try:
            path.write_bytes(pickle.dumps(value))
        except (RecursionError, pickle.PicklingError):
            return
        finally:
            sys.setrecursionlimit(limit)


def _run(job: tuple[str, int, int, str]) -> tuple[str, dict[str, int], list[str], float]:
    from tests.fuzz.entries import LeakFoundError, entries, outcome

    name, budget, seed, keep = job
    entry = next(e for e in entries() if e.name == name)
    started = time.perf_counter()
    corpus = _corpus(entry)
    rng = random.Random(seed)
    counts: collections.Counter[str] = collections.Counter()
    foreign: list[str] = []
    for number in range(budget):
        value = corpus[number] if number < len(corpus) else rng.choice(corpus)
        for _ in range(0 if number < len(corpus) else rng.randrange(1, 4)):
            try:
                value = mutate(rng, value)
            except RecursionError:  # copying a corpus item thousands of levels deep
                value = _junk_part(rng, value)
        try:
            counts[outcome(entry, value)] += 1
        except LeakFoundError as error:
            counts["LEAK"] += 1
            if len(foreign) < 5:
                foreign.append(f"leaked: {error}")
                _keep(keep, name, number, value)
        except Exception as error:  # noqa: BLE001 - counting what escapes is the point
            counts["FOREIGN"] += 1
            if len(foreign) < 5:
                foreign.append(
                    f"escaped: {type(error).__name__}: {str(error)[:120]} {_where(error)}"
                )
                _keep(keep, name, number, value)
    return name, dict(counts), foreign, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=1_000_000, help="total inputs (default 1M)")
    parser.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    parser.add_argument("--only", default="", help="only entry points whose name contains this")
    parser.add_argument("--seed", type=int, default=0, help="seed of the mutator (default 0)")
    parser.add_argument(
        "--keep", default="", help="a folder to write the first failing inputs of each entry to"
    )
    args = parser.parse_args()

    from tests.fuzz.entries import entries

    names = [e.name for e in entries() if args.only in e.name]
    budget = -(-args.inputs // len(names))
    jobs = [(name, budget, args.seed * 1_000 + n, args.keep) for n, name in enumerate(names)]
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(args.workers) as pool:
        results = pool.map(_run, jobs, chunksize=1)
    escaped = sum(counts.get("FOREIGN", 0) for _, counts, _, _ in results)
    leaked = sum(counts.get("LEAK", 0) for _, counts, _, _ in results)
    total = sum(sum(counts.values()) for _, counts, _, _ in results)
    print(
        f"{'entry point':40} {'inputs':>9} {'accepted':>9} {'refused':>9} {'foreign':>8} "
        f"{'leaks':>6} {'s':>6}"
    )
    for name, counts, foreign, seconds in results:
        count = sum(counts.values())
        accepted, escaped_here = counts.get("ok", 0), counts.get("FOREIGN", 0)
        leaked_here = counts.get("LEAK", 0)
        refused = count - accepted - escaped_here - leaked_here
        print(
            f"{name:40} {count:9,} {accepted:9,} {refused:9,} {escaped_here:8,} "
            f"{leaked_here:6,} {seconds:6.0f}"
        )
        for line in foreign:
            print(f"    {line}")
    print(
        f"\n{total:,} inputs over {len(names)} entry points in "
        f"{time.perf_counter() - started:.0f} s; exceptions outside the library's family: "
        f"{escaped}; markers leaked: {leaked}"
    )
    return 1 if escaped or leaked else 0


if __name__ == "__main__":
    sys.exit(main())
