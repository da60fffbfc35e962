"""Turn cattrs' exception trees into `Violation` values with exact field paths."""

import difflib
import re
from collections.abc import Iterator

import attrs
from attrs import evolve
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from counselcore.errors import ValidationError
from counselcore.violations import Path, Violation

_SAFE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


def _safe_key(key: object) -> str:
    """Name an unexpected key only if it looks like a field name; never echo arbitrary input."""
    if isinstance(key, str) and _SAFE_KEY.fullmatch(key):
        return key
    return "<unnamed key>"


def _suggestion(key: str, cls: type) -> str:
    """A field of *cls* close to *key*, as a hint, or ``""``; field names are never clinical."""
    if not attrs.has(cls):
        return ""
    names = [field.name for field in attrs.fields(cls) if field.init]
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.5)
    return f"; did you mean `{close[0]}`?" if close else ""


def violations_from(exc: BaseException, path: Path = ()) -> Iterator[Violation]:
    """
    Yield one `Violation` per leaf of *exc*, with *path* leading to it.

    Messages come from our own hooks and validators, or are generic; the text of
    foreign exceptions (which may quote input) is never copied.
    """
    if isinstance(exc, ClassValidationError):
        with_names, without_names = exc.group_exceptions()
        for sub, attribute_note in with_names:
            yield from violations_from(sub, (*path, attribute_note.name))
        for sub in without_names:
            yield from violations_from(sub, path)
    elif isinstance(exc, IterableValidationError):
        with_indices, without_indices = exc.group_exceptions()
        for sub, index_note in with_indices:
            yield from violations_from(sub, (*path, index_note.index))
        for sub in without_indices:
            yield from violations_from(sub, path)
    elif isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields, key=str):
            name = _safe_key(key)
            hint = "" if name != key else _suggestion(name, exc.cl)
            yield Violation(
                rule="structure.unknown-key",
                path=(*path, name),
                message=f"is not a field of {exc.cl.__name__}{hint}",
            )
    elif isinstance(exc, ValidationError):
        for violation in exc.violations:
            yield evolve(violation, path=(*path, *violation.path))
    elif isinstance(exc, KeyError):
        yield Violation(rule="structure.required", path=path, message="is required")
    elif isinstance(exc, TypeError | AttributeError):
        yield Violation(rule="structure.type", path=path, message="has the wrong type")
    else:
        yield Violation(rule="structure.invalid", path=path, message="is not a valid value")
