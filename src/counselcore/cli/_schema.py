"""``counselcore schema``: the JSON Schema of one or all document types."""

import argparse
import json
import sys

from counselcore.cli._common import EXIT_OK, Subcommands, add_command
from counselcore.serialization import DOCUMENT_TYPES, json_schema

__all__ = ["register"]

_BY_NAME = {name: cls for cls, name in DOCUMENT_TYPES.items()}


def register(commands: Subcommands) -> None:
    """Add the ``schema`` subcommand."""
    parser = add_command(
        commands,
        "schema",
        summary="print the JSON Schema of one or all document types",
        description="Print the JSON Schema (draft 2020-12) of a document type, generated from the\n"
        "record classes (`counselcore.serialization.json_schema`); without TYPE, one JSON object\n"
        "mapping every document type to its schema.",
        examples="  counselcore schema case-history > case-history.schema.json\n"
        "  counselcore schema | jq 'keys'",
    )
    parser.add_argument(
        "type",
        nargs="?",
        choices=sorted(_BY_NAME),
        metavar="TYPE",
        help=f"a document type: {', '.join(sorted(_BY_NAME))} (default: all)",
    )
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    if args.type is None:
        schema = {name: json_schema(_BY_NAME[name]) for name in sorted(_BY_NAME)}
    else:
        schema = json_schema(_BY_NAME[args.type])
    sys.stdout.write(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK
