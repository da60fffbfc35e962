"""
The second stage of ``scripts/mutation``: re-run import-time mutants in a fresh interpreter.

mutmut runs each mutant in a process forked from one that has already imported the library,
and credits the calls made while importing to whichever test ran first. A function that runs
at import time (a guard declared through ``_rule``, an attrs validator of a built-in
instrument, a rule set's own checks) therefore builds the library's declarations with the
original code, and its mutants survive however good the tests are. This stage finds those
functions (by importing the mutated package once with mutmut's call recording on), and runs
each of their mutants that mutmut reported as surviving or untested in a new interpreter, with
the mutant active from the first import, against the test package of the mutated module.

Prints the combined score and every mutant still surviving; writes ``mutants/fresh.json``.
With ``--all-survivors`` it re-runs every survivor against the current tests (after new tests
were written for them) without re-running the whole mutation run.
"""

import argparse
import collections
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTANTS = ROOT / "mutants"
PYTHON = sys.executable
_PROBE = """
import importlib, json, pkgutil, counselcore
for info in pkgutil.walk_packages(counselcore.__path__, "counselcore."):
    if ".cli" not in info.name and ".fhir" not in info.name:
        importlib.import_module(info.name)
from mutmut.state import state
print(json.dumps(sorted(state()._stats)))
"""


def _environment(mutant: str) -> dict[str, str]:
    environment = dict(os.environ, MUTANT_UNDER_TEST=mutant, PYTHONPATH=str(MUTANTS / "src"))
    environment.setdefault("HYPOTHESIS_PROFILE", "mutation")
    return environment


def import_time_functions() -> set[str]:
    """The mangled names of the mutated functions that run while the library is imported."""
    probe = subprocess.run(  # noqa: S603 - our own interpreter and probe
        [PYTHON, "-c", _PROBE],
        cwd=MUTANTS,
        env=_environment("stats"),
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(probe.stdout.splitlines()[-1]))


def mutmut_results() -> dict[str, str]:
    """Every mutant's status as mutmut reports it."""
    listing = subprocess.run(  # noqa: S603
        [str(Path(PYTHON).parent / "mutmut"), "results", "--all", "true"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    results = {}
    for line in listing.stdout.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name:
            results[name] = status
    return results


def function_of(mutant: str) -> str:
    """``counselcore.rules._core.x_f__mutmut_3`` -> ``counselcore.rules._core.x_f``."""
    return mutant.rpartition("__mutmut_")[0]


def tests_for(mutant: str) -> list[list[str]]:
    """
    The error contract (seconds, and it kills most mutants), then the test package of the
    mutated module's package, then the traceability check (every rule's source): run one
    after the other, stopping at the first that fails.
    """
    package = mutant.split(".")[1]
    return [["tests/contract"], [f"tests/{package}"], ["tests/test_traceability.py"]]


def run_fresh(mutant: str, timeout: float) -> str:
    """Run *mutant* from the first import: ``killed``, ``survived`` or ``timeout``."""
    for tests in tests_for(mutant):
        try:
            completed = subprocess.run(  # noqa: S603
                [PYTHON, "-m", "pytest", "-x", "-q", "-p", "no:randomly", *tests],
                cwd=MUTANTS,
                env=_environment(mutant),
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return "timeout"
        if completed.returncode != 0:
            return "killed"
    return "survived"


def _by_module(final: dict[str, str]) -> dict[str, tuple[int, int]]:
    """``counselcore.rules._core`` -> (detected, judged) mutants."""
    found: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for name, status in final.items():
        if status == "not checked":
            continue
        module = name.split(".x_")[0].split(".xǁ")[0]
        found[module][1] += 1
        found[module][0] += status.startswith(("killed", "timeout"))
    return {module: (hit, seen) for module, (hit, seen) in found.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated mutant-name prefixes to re-run (e.g. counselcore.measures._change)",
    )
    parser.add_argument(
        "--all-survivors",
        action="store_true",
        help="re-run every surviving (or timed-out, or suspicious) mutant, not only import-time ones, against "
        "the current tests (copied into mutants/ first): after adding tests for survivors",
    )
    parser.add_argument(
        "--report", action="store_true", help="re-run nothing: print the recorded verdicts"
    )
    args = parser.parse_args()

    prefixes = tuple(p for p in args.only.split(",") if p)
    results = mutmut_results()
    at_import = import_time_functions()
    if args.all_survivors:
        shutil.copytree(ROOT / "tests", MUTANTS / "tests", dirs_exist_ok=True)
    record = MUTANTS / "fresh.json"
    earlier: dict[str, str] = json.loads(record.read_text()) if record.exists() else {}
    results.update({n: f"{s} (fresh)" for n, s in earlier.items() if s != "survived"})
    again = [
        name
        for name, status in results.items()
        if (
            status in {"survived", "no tests"}
            or (args.all_survivors and status in {"timeout", "suspicious"})
        )
        and (args.all_survivors or function_of(name) in at_import)
        and (not prefixes or name.startswith(prefixes))
        and not args.report
    ]
    print(f"{len(again)} surviving mutants to re-run in a fresh interpreter")
    fresh: dict[str, str] = dict(earlier)
    with concurrent.futures.ThreadPoolExecutor(args.workers) as pool:
        for name, status in zip(again, pool.map(lambda m: run_fresh(m, args.timeout), again)):
            fresh[name] = status
            record.write_text(
                json.dumps(fresh, indent=1, sort_keys=True)
            )  # an interrupted run keeps its verdicts

    final = {**results, **{name: f"{status} (fresh)" for name, status in fresh.items()}}
    if prefixes:
        final = {name: status for name, status in final.items() if name.startswith(prefixes)}
    counts = collections.Counter(status for status in final.values())
    detected = sum(n for s, n in counts.items() if s.startswith(("killed", "timeout")))
    judged = sum(n for s, n in counts.items() if s != "not checked")
    for status, number in sorted(counts.items()):
        print(f"{number:6} {status}")
    print(f"score: {detected} of {judged} mutants detected = {detected / max(judged, 1):.1%}")
    print("by module (detected / judged):")
    for module, (hit, seen) in sorted(_by_module(final).items()):
        print(f"  {module:40} {hit:5} / {seen:5} = {hit / max(seen, 1):.1%}")
    for name, status in sorted(final.items()):
        if status.startswith(("survived", "no tests")):
            print(f"  {status:18} {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
