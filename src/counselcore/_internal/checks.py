"""
Structural checks used by constructors.

Each helper raises `InvalidValueError` naming the path and a ``structure.*``
rule id; messages never include the offending value, which may be clinical text.
"""

import datetime as dt
import math
from collections.abc import Hashable, Iterable
from typing import TypeVar

from counselcore._internal.words import with_article
from counselcore.errors import InvalidValueError
from counselcore.violations import Path

MAX_ID_LENGTH = 128
MAX_TEXT_LENGTH = 10_000
_REPEATED_ID = "repeats an id already used in this record"
R = TypeVar("R")


def fail(path: Path, rule: str, message: str) -> InvalidValueError:
    """Build the error for one broken structural rule (the caller raises it)."""
    return InvalidValueError(path, rule, message)


def check_identifier(value: object, path: Path) -> None:
    """An id: a non-empty printable string without surrounding spaces, at most 128 chars."""
    # The only printable whitespace is U+0020, so checking both ends for it rules out padding.
    if (
        type(value) is str
        and 0 < len(value) <= MAX_ID_LENGTH
        and value.isprintable()
        and value[0] != " "
        and value[-1] != " "
    ):
        return
    if type(value) is not str:
        raise fail(path, "structure.type", "must be a string")
    raise fail(
        path,
        "structure.identifier",
        f"must be 1-{MAX_ID_LENGTH} printable characters without surrounding spaces",
    )


def check_text(value: object, path: Path, *, allow_empty: bool = True) -> None:
    """Free text: a string of at most 10,000 characters (never echoed in errors)."""
    if type(value) is not str:
        raise fail(path, "structure.type", "must be a string")
    if not allow_empty and not value.strip():
        raise fail(path, "structure.non-empty", "must not be blank")
    if len(value) > MAX_TEXT_LENGTH:
        raise fail(path, "structure.text-length", f"must be at most {MAX_TEXT_LENGTH} characters")


def check_tuple(value: object, path: Path) -> None:
    """Collections on records are tuples, so records stay immutable and hashable."""
    if type(value) is not tuple:
        raise fail(path, "structure.type", "must be a tuple")


def check_texts(values: tuple[str, ...], path: Path) -> None:
    """A tuple of free-text entries, each non-blank."""
    check_tuple(values, path)
    for index, value in enumerate(values):
        check_text(value, (*path, index), allow_empty=False)


def check_date(value: object, path: Path) -> None:
    """A calendar date (a `datetime.datetime` is refused: times are not part of the model)."""
    if type(value) is not dt.date:
        # Only a datetime needs the reason: it is a date subclass, so it looks like one.
        detail = (
            " (not a datetime: times are not part of the model)"
            if isinstance(value, dt.date)
            else ""
        )
        raise fail(path, "structure.type", f"must be a datetime.date{detail}")


def check_optional_date(value: object, path: Path) -> None:
    """A calendar date or None."""
    if value is not None:
        check_date(value, path)


def check_int(value: object, path: Path, *, minimum: int, maximum: int | None = None) -> None:
    """An int (not a bool) within [minimum, maximum]."""
    if type(value) is not int:
        raise fail(path, "structure.type", "must be an integer")
    if value < minimum:
        raise fail(path, "structure.range", f"must be at least {minimum}")
    if maximum is not None and value > maximum:
        raise fail(path, "structure.range", f"must be at most {maximum}")


def check_number(
    value: object, path: Path, *, minimum: float | None = None, maximum: float | None = None
) -> None:
    """A finite int or float (not a bool), optionally within [minimum, maximum]."""
    if type(value) is not float and type(value) is not int:
        raise fail(path, "structure.type", "must be a number")
    if not math.isfinite(value):
        raise fail(path, "structure.finite", "must be a finite number")
    if minimum is not None and value < minimum:
        raise fail(path, "structure.range", f"must be at least {minimum}")
    if maximum is not None and value > maximum:
        raise fail(path, "structure.range", f"must be at most {maximum}")


def _first_repeat(values: Iterable[Hashable]) -> int | None:
    """The index of the first value already seen earlier in *values*, or None if all differ."""
    seen: set[Hashable] = set()
    for index, value in enumerate(values):
        if value in seen:
            return index
        seen.add(value)
    return None


def check_unique(ids: list[str], path: Path, id_field: str) -> None:
    """
    Every id in *ids* (the ids of the records at *path*, in order) is used once.

    The second use is reported at its own path: ``(*path, index, id_field)``.
    """
    if len(set(ids)) == len(ids):
        return
    index = _first_repeat(ids)
    if index is not None:
        raise fail((*path, index, id_field), "structure.id-unique", _REPEATED_ID)


def check_unique_at(ids: Iterable[tuple[Path, str]], id_field: str) -> None:
    """
    Like `check_unique`, for ids that live at different paths: ``(path, id)`` pairs.

    The second use is reported at ``(*path, id_field)`` of the repeat.
    """
    pairs = list(ids)
    index = _first_repeat(value for _, value in pairs)
    if index is not None:
        raise fail((*pairs[index][0], id_field), "structure.id-unique", _REPEATED_ID)


def check_enum(value: object, enum_type: type, path: Path) -> None:
    """A member of *enum_type* (not its raw value)."""
    if type(value) is not enum_type:
        raise fail(path, "structure.type", f"must be {with_article(enum_type.__name__)} member")


def check_bool(value: object, path: Path) -> None:
    """A bool (not 0/1 or a string)."""
    if type(value) is not bool:
        raise fail(path, "structure.type", "must be true or false")


def check_optional_bool(value: object, path: Path) -> None:
    """A bool or None."""
    if value is not None:
        check_bool(value, path)


def check_instance(value: object, record_type: type, path: Path) -> None:
    """
    An instance of exactly *record_type* (our records are final; a look-alike is refused).

    The message names the expected type, never the value.
    """
    if type(value) is not record_type:
        raise fail(path, "structure.type", f"must be {with_article(record_type.__name__)}")


def check_optional_instance(value: object, record_type: type, path: Path) -> None:
    """An instance of exactly *record_type*, or None."""
    if value is not None:
        check_instance(value, record_type, path)


def check_instances(values: object, record_type: type, path: Path) -> None:
    """A tuple whose items are each exactly a *record_type*; a bad item is named by its index."""
    check_tuple(values, path)
    assert isinstance(values, tuple)  # noqa: S101 - narrowed by check_tuple
    for index, value in enumerate(values):
        check_instance(value, record_type, (*path, index))


def to_tuple(values: object, path: Path) -> tuple[object, ...]:
    """
    Materialize an argument documented as an iterable of records into a tuple.

    A string, bytes, a mapping or a non-iterable is refused with ``structure.type``: each is a
    classic slip (one id passed where a collection was meant) that would otherwise surface as a
    bare `TypeError` deep inside.
    """
    if isinstance(values, (str, bytes, dict)) or not isinstance(values, Iterable):
        raise fail(path, "structure.type", "must be an iterable (a list or tuple)")
    return tuple(values)


def instances_of(values: object, record_type: type[R], path: Path) -> tuple[R, ...]:
    """
    Materialize an iterable argument (`to_tuple`) whose items must each be a *record_type*.

    A bad item is named by its index under *path*.
    """
    given = to_tuple(values, path)
    for index, value in enumerate(given):
        check_instance(value, record_type, (*path, index))
    return given  # type: ignore[return-value]  # each item was checked just above


def check_distinct(values: tuple[Hashable, ...], path: Path) -> None:
    """Each value in *values* appears once; the repeat is reported at its own index."""
    index = _first_repeat(values)
    if index is not None:
        raise fail((*path, index), "structure.id-unique", "repeats a value already listed")


def check_identifiers(values: object, path: Path) -> None:
    """A tuple of ids, each checked by `check_identifier` at its index."""
    check_tuple(values, path)
    assert isinstance(values, tuple)  # noqa: S101 - narrowed by check_tuple
    for index, value in enumerate(values):
        check_identifier(value, (*path, index))


def check_paths(values: object, path: Path) -> None:
    """A tuple of paths into a record: each a tuple of field names (str) and indexes (int)."""
    check_tuple(values, path)
    assert isinstance(values, tuple)  # noqa: S101 - narrowed by check_tuple
    for index, steps in enumerate(values):
        check_tuple(steps, (*path, index))
        assert isinstance(steps, tuple)  # noqa: S101 - narrowed by check_tuple
        if not all(type(step) is str or type(step) is int for step in steps):
            raise fail((*path, index), "structure.type", "must hold field names and indexes")
