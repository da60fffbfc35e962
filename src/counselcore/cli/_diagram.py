"""``counselcore diagram``: the phase graph as Mermaid or Graphviz DOT text."""

import argparse
import sys

from counselcore.cli._common import EXIT_OK, Subcommands, add_command
from counselcore.phases import to_dot, to_mermaid

__all__ = ["register"]


def register(commands: Subcommands) -> None:
    """Add the ``diagram`` subcommand."""
    parser = add_command(
        commands,
        "diagram",
        summary="print the phase graph (Mermaid or Graphviz DOT)",
        description="Print the phase state machine's graph, generated from its transition table:\n"
        "one edge per pair of phases, labelled with the event kinds that lead from one to the other.",
        examples="  counselcore diagram > phases.mmd\n"
        "  counselcore diagram --format dot | dot -Tsvg > phases.svg",
    )
    parser.add_argument(
        "--format", choices=("mermaid", "dot"), default="mermaid", help="default: mermaid"
    )
    parser.add_argument(
        "--self-loops",
        action="store_true",
        help="also draw events that leave the phase unchanged",
    )
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    render = to_dot if args.format == "dot" else to_mermaid
    sys.stdout.write(render(self_loops=args.self_loops))
    return EXIT_OK
