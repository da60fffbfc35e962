"""``counselcore validate``: check case-history documents and report every finding."""

import argparse
import json
import sys
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from counselcore.cli._common import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    CommandError,
    Subcommands,
    add_command,
    fail_line,
)
from counselcore.cli._input import Unreadable, read_cases
from counselcore.serialization import to_dict
from counselcore.validation import CaseFinding, CaseReport, validate_case

__all__ = ["format_finding", "register"]

#: How often (in cases) the progress line on a terminal is refreshed.
_PROGRESS_EVERY = 1000
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def register(commands: Subcommands) -> None:
    """Add the ``validate`` subcommand."""
    parser = add_command(
        commands,
        "validate",
        summary="check case-history documents (JSON or JSON Lines) and report every finding",
        description="Check one case-history document, or a JSON Lines file with one case per line,\n"
        "and report every finding: structure (with the JSON path into the input), plan rules,\n"
        "and the phase replay (with event indices). Findings that only follow from an earlier\n"
        "one are marked as its consequences.\n\n"
        "exit codes: 0 no case has an error (warnings allowed), 1 a case has an error\n"
        "(--strict: or a warning), 2 the input cannot be used (unreadable, not UTF-8, not JSON,\n"
        "not a case-history document).",
        examples="  counselcore validate chart.json\n"
        "  counselcore validate --format json backfill.jsonl > reports.jsonl\n"
        "  export-charts | counselcore validate --strict -",
    )
    parser.add_argument("file", metavar="FILE", help="a JSON or JSON Lines file, or - for stdin")
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: one line per finding (default); json: one JSON object per case",
    )
    parser.add_argument(
        "--strict", action="store_true", help="warnings count as failures for the exit code"
    )
    parser.set_defaults(handler=_run)


def format_finding(case: str, finding: CaseFinding, findings: tuple[CaseFinding, ...]) -> str:
    """
    One line for *finding* of *case*: where, rule, severity, message, and what it follows from.

    Example:
        >>> from counselcore.validation import validate_case
        >>> report = validate_case({"type": "case-history", "schema_version": 1, "client": "c-1",
        ...     "events": [{"kind": "review-held", "on": "2024-01-08"}]})
        >>> print(format_finding("line 1", report.findings[0], report.findings))
        line 1: events[0] (event 0, review-held): error phases.event-allowed-in-phase: review-held ...
    """
    event = "" if finding.event is None else f" (event {finding.event}, {finding.kind})"
    line = (
        f"{case}: {finding.where}{event}: {finding.severity.value} {finding.rule}: "
        f"{finding.message}"
    )
    if finding.consequence_of is not None:
        cause = findings[finding.consequence_of]
        line += f" [consequence of {cause.where} {cause.rule}]"
    return line


def _open(name: str) -> BinaryIO:
    if name == "-":
        return sys.stdin.buffer
    try:
        return Path(name).open("rb")
    except OSError as error:
        message = f"cannot read {name}: {error.strerror or type(error).__name__}"
        raise CommandError(message) from None


class _Tally:
    def __init__(self) -> None:
        self.cases = self.failed = self.warned = self.findings = self.consequences = 0
        self.unusable = 0


def _write_text(out: TextIO, case: str, report: CaseReport, tally: _Tally) -> None:
    out.writelines(f"{format_finding(case, f, report.findings)}\n" for f in report.findings)
    tally.findings += len(report.findings)
    tally.consequences += len(report.consequences)


def _summary(tally: _Tally) -> str:
    clean = tally.cases - tally.failed - tally.warned
    return (
        f"{tally.cases} case(s): {tally.failed} failed, {tally.warned} with warnings only, "
        f"{clean} clean; {tally.findings} finding(s), {tally.consequences} marked as consequences"
        + (f"; {tally.unusable} unusable input(s)" if tally.unusable else "")
    )


def _run(args: argparse.Namespace) -> int:
    stream = _open(args.file)
    try:
        return _validate_stream(stream, args)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def _validate_stream(stream: BinaryIO, args: argparse.Namespace) -> int:
    out = sys.stdout
    progress = sys.stderr.isatty()
    tally = _Tally()
    as_json = args.format == "json"
    for line, data in read_cases(stream):
        case = f"line {line}"
        if isinstance(data, Unreadable):
            fail_line(f"counselcore validate: {case} {data.message}")
            tally.unusable += 1
            continue
        report = validate_case(data)
        if not report.readable:
            fail_line(
                f"counselcore validate: {case} is not a case-history document: {report.findings[0]}"
            )
            tally.unusable += 1
            continue
        tally.cases += 1
        if report.failed(strict=args.strict):
            tally.failed += 1
        elif report.warnings:
            tally.warned += 1
        if as_json:
            record: dict[str, Any] = {"line": line, **to_dict(report)}
            out.write(_ENCODER.encode(record) + "\n")
        else:
            _write_text(out, case, report, tally)
        if progress and tally.cases % _PROGRESS_EVERY == 0:
            sys.stderr.write(f"\rvalidated {tally.cases} cases")
            sys.stderr.flush()
    if progress and tally.cases >= _PROGRESS_EVERY:
        sys.stderr.write("\n")
    if not as_json:
        out.write(_summary(tally) + "\n")
    if tally.unusable:
        return EXIT_INPUT
    return EXIT_FINDINGS if tally.failed else EXIT_OK
