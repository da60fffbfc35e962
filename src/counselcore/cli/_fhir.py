"""``counselcore fhir export|import``: a case history to a FHIR R4 Bundle, and back."""

import argparse
import sys
from pathlib import Path

from counselcore.cli._common import CommandError, Subcommands, fail_line
from counselcore.fhir._command import exit_code, fhir_export, fhir_import, register_fhir_command

__all__ = ["register"]


def register(commands: Subcommands) -> None:
    """Add the ``fhir`` subcommand (declared once, in `counselcore.fhir._command`)."""
    register_fhir_command(commands).set_defaults(handler=_run)


def _read(name: str) -> str:
    try:
        raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as error:
        message = f"cannot read {name}: {error.strerror or type(error).__name__}"
        raise CommandError(message) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        message = f"{name} is not UTF-8 text"
        raise CommandError(message) from None


def _run(args: argparse.Namespace) -> int:
    text = _read(args.file)
    if args.fhir_action == "export":
        output, found = fhir_export(text, contact_details=args.contact_details)
    else:
        output, found = fhir_import(text)
    sys.stdout.write(output)
    for violation in found:
        fail_line(f"counselcore fhir {args.fhir_action}: {violation.severity.value}: {violation}")
    return exit_code(output, found)
