"""``counselcore demo``: walk through the built-in example case."""

import argparse

from counselcore.cli._common import Subcommands, add_command

__all__ = ["register"]


def register(commands: Subcommands) -> None:
    """Add the ``demo`` subcommand."""
    parser = add_command(
        commands,
        "demo",
        summary="walk through the built-in example case",
        description="Walk one fictional case from formulation to aftercare through every module.",
        examples="  counselcore demo",
    )
    parser.set_defaults(handler=_run)


def _run(_args: argparse.Namespace) -> int:
    from counselcore.__main__ import _demo

    return _demo()
