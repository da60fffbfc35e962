"""The parser, the subcommand registry and the exit-code contract."""

import argparse
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import NoReturn

from counselcore._version import __version__
from counselcore.cli import _demo, _diagram, _fhir, _rules, _schema, _simulate, _validate
from counselcore.cli._common import EXIT_INPUT, EXIT_INTERNAL, CommandError, fail_line

__all__ = ["COMMANDS", "main"]

#: The subcommand modules, in the order ``--help`` lists them. Adding a command means writing
#: one module with a ``register(commands)`` function and adding it here.
COMMANDS: tuple[ModuleType, ...] = (
    _validate,
    _schema,
    _rules,
    _diagram,
    _simulate,
    _fhir,
    _demo,
)

_DESCRIPTION = """\
counselcore: validate counseling chart exports and inspect the rules behind the checks.

examples:
  counselcore validate charts.jsonl            one finding per line; exit 1 if any case has an error
  counselcore validate --format json - < case.json
  counselcore rules --format markdown          every rule id with severity, description and source
  counselcore schema case-history              the JSON Schema of a document type
  counselcore diagram --format dot | dot -Tsvg > phases.svg
  counselcore simulate --clients 1000 --seed 7 > clients.jsonl
  counselcore fhir export chart.json > bundle.json   a case history as a FHIR R4 Bundle (and import)

exit codes: 0 clean (warnings allowed), 1 a case has an error (--strict: or a warning),
2 unusable input or command line, 3 internal error. Errors are one line on stderr.
"""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        fail_line(f"{self.prog}: error: {message} (see '{self.prog} --help')")
        raise SystemExit(EXIT_INPUT)


def build_parser() -> argparse.ArgumentParser:
    """The whole parser: global options, then one subparser per module of `COMMANDS`."""
    parser = _Parser(
        prog="counselcore",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"counselcore {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """
    Run the command line with *argv* (default: ``sys.argv[1:]``) and return the exit code.

    Example:
        >>> main(["--version"])  # doctest: +ELLIPSIS
        counselcore ...
        0
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        handler: Callable[[argparse.Namespace], int] = args.handler
        code = handler(args)
        sys.stdout.flush()
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_INPUT
    except CommandError as error:
        fail_line(f"counselcore {getattr(args, 'command', '')}: error: {error}")
        return error.code
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, as Unix tools do.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        fail_line("counselcore: interrupted")
        return 130
    except Exception as error:  # noqa: BLE001 - the contract: never a traceback
        fail_line(f"counselcore: internal error ({type(error).__name__}); please report it")
        return EXIT_INTERNAL
    return code
