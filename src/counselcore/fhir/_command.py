"""
The logic of ``counselcore fhir export|import`` as pure functions, and its argparse registration.

The command-line module reads the file and prints; these functions only turn text into text
plus violations, so they are tested without a process and reused by any caller.
"""

import argparse
import json
from typing import Any

from counselcore.errors import ValidationError
from counselcore.fhir._bundle import from_fhir_bundle, to_fhir_bundle
from counselcore.phases import CaseHistory
from counselcore.serialization import from_json, to_json
from counselcore.violations import Severity, Violation

__all__ = [
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_UNREADABLE",
    "UNUSABLE_RULES",
    "exit_code",
    "fhir_export",
    "fhir_import",
    "register_fhir_command",
]

#: Exit codes, as for ``counselcore validate``: fine (warnings allowed), an error found, input
#: not usable (unreadable, not JSON, not the document or resource the command reads).
EXIT_OK = 0
EXIT_INVALID = 1
EXIT_UNREADABLE = 2

#: Rules that mean the input is not something the command can read at all (exit 2).
UNUSABLE_RULES = frozenset(
    {
        "structure.json",
        "structure.schema-version",
        "structure.document-type",
        "fhir.not-json",
        "fhir.resource-type",
    }
)

_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, indent=1)


def fhir_export(text: str, *, contact_details: bool = False) -> tuple[str, tuple[Violation, ...]]:
    """
    Turn a case-history document (JSON *text*) into FHIR Bundle JSON; ``("", violations)`` if invalid.

    Example:
        >>> output, found = fhir_export('{"type": "case-history", "schema_version": 1, "client": "c-1", "events": []}')
        >>> json.loads(output)["type"], found
        ('collection', ())
    """
    try:
        history = from_json(CaseHistory, text)
    except ValidationError as error:
        return "", error.violations
    bundle = to_fhir_bundle(history, contact_details=contact_details)
    return _ENCODER.encode(bundle) + "\n", ()


def fhir_import(text: str) -> tuple[str, tuple[Violation, ...]]:
    """
    Turn a FHIR Bundle or single resource (JSON *text*) into a case-history document plus violations.

    Example:
        >>> resource = json.dumps({"resourceType": "Observation", "status": "final",
        ...     "code": {"coding": [{"system": "http://loinc.org", "code": "44261-6"}]},
        ...     "subject": {"reference": "Patient/p1"}, "effectiveDateTime": "2024-01-22", "valueInteger": 7})
        >>> output, found = fhir_import(resource)
        >>> json.loads(output)["events"][0]["total"], found
        (7, ())
    """
    try:
        data: Any = json.loads(text)
    except ValueError:
        return "", (Violation(rule="fhir.not-json", path=(), message="is not JSON text"),)
    except RecursionError:
        message = "is nested deeper than the JSON decoder follows"
        return "", (Violation(rule="fhir.not-json", path=(), message=message),)
    if not isinstance(data, dict) or not isinstance(data.get("resourceType"), str):
        return "", (
            Violation(rule="fhir.resource-type", path=(), message="is not a FHIR resource"),
        )
    if data["resourceType"] != "Bundle":
        data = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": data}]}
    try:
        result = from_fhir_bundle(data)
    except ValidationError as error:
        return "", error.violations
    return to_json(result.value) + "\n", result.violations


def exit_code(output: str, violations: tuple[Violation, ...]) -> int:
    """
    Return the exit code for a command result: 2 for unusable input, 1 for any error found.

    Example:
        >>> exit_code("{}", ())
        0
        >>> exit_code("", (Violation(rule="fhir.not-json", path=(), message="is not JSON text"),))
        2
    """
    if not output and any(
        v.rule in UNUSABLE_RULES or (v.rule == "structure.type" and not v.path) for v in violations
    ):
        return EXIT_UNREADABLE
    if not output or any(v.severity is Severity.ERROR for v in violations):
        return EXIT_INVALID
    return EXIT_OK


_DESCRIPTION = """\
Convert a case-history document to a FHIR R4 (4.0.1) collection Bundle, or a Bundle or a
single resource from an EHR to a case-history document. The result goes to stdout, every
violation to stderr as one line.

examples:
  counselcore fhir export chart.json > bundle.json
  counselcore fhir export --contact-details chart.json > bundle.json
  counselcore fhir import bundle.json > chart.json
  curl -s "$EHR/Observation/123" | counselcore fhir import -

exit codes: 0 done (warnings allowed), 1 an error was found, 2 unusable input.
"""


def register_fhir_command(commands: Any) -> argparse.ArgumentParser:
    """
    Add ``fhir export|import FILE|-`` to the sub-command set *commands* and return its parser.

    Example:
        >>> parser = argparse.ArgumentParser(prog="counselcore")
        >>> _ = register_fhir_command(parser.add_subparsers(dest="command"))
        >>> parser.parse_args(["fhir", "export", "-"]).fhir_action
        'export'
    """
    parser: argparse.ArgumentParser = commands.add_parser(
        "fhir",
        help="convert a case history to a FHIR R4 Bundle and back",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="fhir_action", required=True, metavar="ACTION")
    export = actions.add_parser("export", help="case-history document -> FHIR R4 Bundle")
    export.add_argument("file", help="a case-history JSON file, or - for standard input")
    export.add_argument(
        "--contact-details",
        action="store_true",
        help="write support contacts' names and phone numbers (third-party data)",
    )
    imported = actions.add_parser(
        "import", help="FHIR R4 Bundle or resource -> case-history document"
    )
    imported.add_argument("file", help="a FHIR JSON file, or - for standard input")
    return parser
