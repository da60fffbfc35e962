"""What the subcommands share: exit codes, the command error, and writing to the terminal."""

import argparse
import sys
from typing import Any, Protocol

from counselcore.errors import CounselcoreError

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "CommandError",
    "Subcommands",
    "add_command",
    "fail_line",
]

#: Every case is clean (warnings allowed unless ``--strict``).
EXIT_OK = 0
#: At least one case has an error (with ``--strict``: or a warning).
EXIT_FINDINGS = 1
#: The input cannot be used (unreadable, not UTF-8, not JSON, an unknown document type), or
#: the command line is wrong.
EXIT_INPUT = 2
#: A bug in counselcore: reported in one line, never as a traceback.
EXIT_INTERNAL = 3


class CommandError(CounselcoreError):
    """A subcommand cannot do its work; the message is one line, *code* the exit code."""

    def __init__(self, message: str, *, code: int = EXIT_INPUT) -> None:
        self.code = code
        super().__init__(message)


class Subcommands(Protocol):
    """What ``parser.add_subparsers()`` returns, as far as the commands use it."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser: ...


def add_command(
    commands: Subcommands, name: str, *, summary: str, description: str, examples: str
) -> argparse.ArgumentParser:
    """Add subcommand *name* with a one-line *summary* and a help text that shows *examples*."""
    return commands.add_parser(
        name,
        help=summary,
        description=f"{description}\n\nexamples:\n{examples}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def fail_line(message: str) -> None:
    """Write *message* as one line on stderr."""
    sys.stderr.write(message.replace("\n", " ") + "\n")
    sys.stderr.flush()
