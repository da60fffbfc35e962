"""
Reading cases from a file or stdin: one JSON document, or JSON Lines read one line at a time.

A file of JSON Lines never loads whole: each line is decoded, parsed and handed on before the
next is read. A document spread over several lines (pretty-printed JSON) is read whole.
"""

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from attrs import frozen

from counselcore.cli._common import CommandError

__all__ = ["Unreadable", "read_cases"]


@frozen
class Unreadable:
    """A line that is not UTF-8 or not JSON: *message* says which, without echoing the input."""

    message: str


class _LineError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def _reject_constant(_name: str) -> Any:
    message = "NaN and Infinity are not JSON numbers"
    raise ValueError(message)


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def _decode(raw: bytes, *, first: bool) -> str:
    try:
        return raw.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as error:
        message = f"is not UTF-8 text (byte {error.start + 1})"
        raise _LineError(message) from None


def _parse(text: str) -> Any:
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError as error:
        message = f"is not valid JSON (line {error.lineno}, column {error.colno})"
        raise _LineError(message) from None
    except RecursionError:
        message = "is not usable JSON (nested too deeply)"
        raise _LineError(message) from None
    except ValueError:
        message = "is not usable JSON (a number is out of range or not finite)"
        raise _LineError(message) from None


def read_cases(stream: BinaryIO) -> Iterator[tuple[int, Any]]:
    """
    Yield ``(line number, parsed JSON or Unreadable)`` for each case in *stream*.

    The first non-blank line decides the layout: if it is a whole JSON value the input is read
    as JSON Lines (blank lines skipped, a bad line reported as `Unreadable` and the rest still
    read); otherwise the whole input is one document.

    Raises:
        CommandError: If the input is empty, or is one document that is not UTF-8, not JSON, or
            a JSON array.
    """
    lines = iter(stream)
    number = 0
    for raw in lines:
        number += 1
        if raw.strip():
            break
    else:
        message = "the input is empty: expected a case-history document or JSON Lines"
        raise CommandError(message)
    try:
        first = _parse(_decode(raw, first=True))
    except _LineError:
        yield number, _whole(raw + b"".join(lines))
        return
    yield number, first
    for raw in lines:
        number += 1
        if not raw.strip():
            continue
        try:
            yield number, _parse(_decode(raw, first=False))
        except _LineError as error:
            yield number, Unreadable(error.message)


def _whole(data: bytes) -> Any:
    try:
        parsed = _parse(_decode(data, first=True))
    except _LineError as error:
        message = f"the input {error.message}"
        raise CommandError(message) from None
    if isinstance(parsed, list):
        message = (
            "the input is a JSON array, not a case-history document: "
            "write one case per line (JSON Lines)"
        )
        raise CommandError(message)
    return parsed
