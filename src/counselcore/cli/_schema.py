"""``counselcore schema``: the JSON Schema of one or all document types."""

import argparse

from counselcore.cli._common import CommandError, Subcommands, add_command

__all__ = ["register"]


def register(commands: Subcommands) -> None:
    """Add the ``schema`` subcommand."""
    parser = add_command(
        commands,
        "schema",
        summary="print the JSON Schema of one or all document types",
        description="Print the JSON Schema (draft 2020-12) of a document type, or of all of them.",
        examples="  counselcore schema case-history > case-history.schema.json\n  counselcore schema",
    )
    parser.add_argument("type", nargs="?", help="a document type, e.g. case-history (default: all)")
    parser.set_defaults(handler=_run)


def _run(_args: argparse.Namespace) -> int:
    message = "JSON Schema generation is not in this build yet"
    raise CommandError(message)
