"""
The command line, ``counselcore`` (or ``python -m counselcore``): the only package that does I/O.

Each subcommand is one module here with a ``register(commands)`` function; `COMMANDS` lists
them. Exit codes: 0 when every case is clean (warnings allowed), 1 when a case has an error
(or, with ``--strict``, a warning), 2 when the input cannot be used (unreadable, not UTF-8,
not JSON, not a known document type) or the command line is wrong; 3 for an internal error.
Errors are one line on stderr, never a traceback.
"""

from counselcore.cli._app import COMMANDS, main

__all__ = ["COMMANDS", "main"]
