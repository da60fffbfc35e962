"""``counselcore simulate``: simulate a cohort and write its records, or its summary table."""

import argparse
import csv
import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from counselcore.cli._common import EXIT_OK, CommandError, Subcommands, add_command
from counselcore.errors import CounselcoreError
from counselcore.serialization import from_json
from counselcore.simulation import (
    CLIENT_FIELDS,
    DEFAULT_SCENARIO,
    EVENT_FIELDS,
    WEEK_FIELDS,
    ClientResult,
    RecordKind,
    Scenario,
    records,
    simulate,
    summarize,
)

__all__ = ["register"]

#: The week-0 date when none is given: fixed, so the output depends only on the arguments.
DEFAULT_START = dt.date(2025, 1, 6)
_FIELDS = {
    RecordKind.CLIENTS: CLIENT_FIELDS,
    RecordKind.EVENTS: EVENT_FIELDS,
    RecordKind.WEEKS: WEEK_FIELDS,
}
#: Runs at least this long show a progress bar (on a terminal, unless --no-progress).
_PROGRESS_FROM = 1000
_BAR = 30


def register(commands: Subcommands) -> None:
    """Add the ``simulate`` subcommand."""
    parser = add_command(
        commands,
        "simulate",
        summary="simulate a cohort; write client, event or client-week records",
        description="Simulate a cohort under a scenario (default: the documented default scenario)\n"
        "and write one record per client, per event or per client-week as JSON Lines or CSV.\n"
        "The same --seed always gives the same records. --summary prints the summary table instead.",
        examples="  counselcore simulate --clients 1000 --seed 7 > clients.jsonl\n"
        "  counselcore simulate --clients 200 --seed 7 --records weeks --format csv > weeks.csv\n"
        "  counselcore simulate --clients 5000 --seed 7 --scenario no-boosters.json --summary",
    )
    parser.add_argument("--clients", type=int, required=True, help="cohort size")
    parser.add_argument("--seed", type=int, required=True, help="the cohort's seed")
    parser.add_argument(
        "--scenario", type=Path, help="a scenario JSON file (to_json(Scenario(...)))"
    )
    parser.add_argument(
        "--records",
        choices=[kind.value for kind in RecordKind],
        default=RecordKind.CLIENTS.value,
        help="which records to write (default: clients; histories: case-history documents)",
    )
    parser.add_argument(
        "--format", choices=("jsonl", "csv"), default="jsonl", help="default: jsonl"
    )
    parser.add_argument(
        "--start",
        type=dt.date.fromisoformat,
        default=DEFAULT_START,
        help=f"the week-0 date, YYYY-MM-DD (default: {DEFAULT_START.isoformat()})",
    )
    parser.add_argument("--summary", action="store_true", help="print the summary table only")
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=f"progress bar on stderr (default: on a terminal, for {_PROGRESS_FROM:,}+ clients)",
    )
    parser.set_defaults(handler=_run)


def _scenario(path: Path | None) -> Scenario:
    if path is None:
        return DEFAULT_SCENARIO
    try:
        text = path.read_bytes()
    except OSError as error:
        message = f"cannot read the scenario file ({error.strerror or type(error).__name__})"
        raise CommandError(message) from None
    try:
        return from_json(Scenario, text)
    except CounselcoreError as error:
        message = f"the scenario file is not a valid scenario: {error}"
        raise CommandError(message) from None


def _progress(results: Iterator[ClientResult], total: int, show: bool) -> Iterator[ClientResult]:
    if not show:
        yield from results
        return
    step = max(1, total // 200)
    for done, result in enumerate(results, start=1):
        yield result
        if done % step == 0 or done == total:
            filled = _BAR * done // total
            sys.stderr.write(
                f"\r[{'#' * filled}{'.' * (_BAR - filled)}] {done:,}/{total:,} clients"
            )
            sys.stderr.flush()
    sys.stderr.write("\n")


def _run(args: argparse.Namespace) -> int:
    if args.clients < 0:
        message = "--clients must be 0 or more"
        raise CommandError(message)
    if args.format == "csv" and args.records == RecordKind.HISTORIES.value:
        message = "histories are nested documents: use --format jsonl"
        raise CommandError(message)
    scenario = _scenario(args.scenario)
    kind = RecordKind(args.records)
    show = args.progress
    if show is None:
        show = sys.stderr.isatty() and args.clients >= _PROGRESS_FROM
    try:
        results = _progress(
            simulate(scenario, clients=args.clients, seed=args.seed, start=args.start),
            args.clients,
            show,
        )
        out = sys.stdout
        if args.summary:
            summary = summarize(r.client_record() for r in results)
            width = max(len(name) for name, _ in summary.rows())
            out.write(
                f"scenario {scenario.name}, seed {args.seed}, start {args.start.isoformat()}\n"
            )
            for name, value in summary.rows():
                out.write(f"{name:<{width}}  {value:>8}\n")
            return EXIT_OK
        rows = records(results, kind)
        if args.format == "csv":
            writer = csv.DictWriter(out, fieldnames=_FIELDS[kind], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        else:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
    except CounselcoreError as error:
        message = f"the simulation stopped: {error}"
        raise CommandError(message) from None
    return EXIT_OK
