"""
Structure and unstructure hooks, one small function per type.

Hooks refuse loosely typed input (``"12"`` for an int, a string for a list) instead of
coercing it, and raise `InvalidValueError` with an empty path; the error walker in
`counselcore.serialization._errors` puts the field path in front.
"""

import datetime as dt
import enum
import math
import typing
from collections.abc import Callable
from typing import Any

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory, is_sequence

from counselcore.errors import InvalidValueError
from counselcore.model import ClientRef

__all__ = ["configure_converter"]

_ISO_DATE_LENGTH = 10


def structure_date(value: Any, _: type) -> dt.date:
    """Read an ISO-8601 calendar date, ``YYYY-MM-DD`` exactly."""
    if type(value) is not str:
        raise InvalidValueError(
            (), "structure.type", "must be an ISO-8601 date string (YYYY-MM-DD)"
        )
    if len(value) != _ISO_DATE_LENGTH or value[4] != "-" or value[7] != "-":
        raise InvalidValueError((), "structure.date", "must be an ISO-8601 date (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidValueError((), "structure.date", "is not a real calendar date") from None


def unstructure_date(value: dt.date) -> str:
    """Write a date as ``YYYY-MM-DD``."""
    return value.isoformat()


def structure_str(value: Any, _: type) -> str:
    """Accept only real strings (no numbers turned into text)."""
    if type(value) is not str:
        raise InvalidValueError((), "structure.type", "must be a string")
    return value


def structure_int(value: Any, _: type) -> int:
    """Accept only integers (no bools, floats or numeric strings)."""
    if type(value) is not int:
        raise InvalidValueError((), "structure.type", "must be an integer")
    return value


def structure_float(value: Any, _: type) -> float:
    """
    Accept ints and floats (not bools), finite only.

    An int stays an int (``17`` is a fine float value), so ``17`` and ``17.0`` each
    round-trip to the text they came from.
    """
    if type(value) is not float and type(value) is not int:
        raise InvalidValueError((), "structure.type", "must be a number")
    if not math.isfinite(value):
        raise InvalidValueError((), "structure.finite", "must be a finite number")
    return value


def structure_bool(value: Any, _: type) -> bool:
    """Accept only true and false."""
    if type(value) is not bool:
        raise InvalidValueError((), "structure.type", "must be true or false")
    return value


def structure_client_ref(value: Any, _: type) -> ClientRef:
    """A client reference is written as its opaque id string."""
    return ClientRef(structure_str(value, str))


def unstructure_client_ref(value: ClientRef) -> str:
    """Write a client reference as its id string."""
    return value.value


def make_enum_hook(enum_type: type[enum.Enum]) -> Callable[[Any, type], enum.Enum]:
    """Build a structure hook that reads *enum_type* by value and lists the allowed values on error."""
    members = {member.value: member for member in enum_type}
    allowed = ", ".join(repr(value) for value in members)
    message = f"must be one of: {allowed}"

    def structure_enum(value: Any, _: type) -> enum.Enum:
        if type(value) is str:
            member = members.get(value)
            if member is not None:
                return member
        raise InvalidValueError((), "structure.enum", message)

    return structure_enum


def _is_homogeneous_tuple(type_: Any) -> bool:
    args = typing.get_args(type_)
    return typing.get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis  # noqa: PLR2004


def make_tuple_hook_factory(
    converter: cattrs.Converter,
) -> Callable[[Any], Callable[[Any, type], tuple[Any, ...]]]:
    """Wrap cattrs' tuple hook so only JSON arrays (lists or tuples) are accepted, never strings."""

    def factory(type_: Any) -> Callable[[Any, type], tuple[Any, ...]]:
        inner = homogenous_tuple_structure_factory(type_, converter)

        def structure_tuple(value: Any, cl: type) -> tuple[Any, ...]:
            if type(value) is not list and type(value) is not tuple:
                raise InvalidValueError((), "structure.type", "must be an array")
            result: tuple[Any, ...] = inner(value, cl)
            return result

        return structure_tuple

    return factory


def make_checked_attrs_factory(
    converter: cattrs.Converter,
) -> Callable[[type], Callable[[Any, type], Any]]:
    """For the detailed converter: refuse non-objects where a record is expected."""
    from cattrs.gen import make_dict_structure_fn

    def factory(cl: type) -> Callable[[Any, type], Any]:
        inner: Callable[[Any, type], Any] = make_dict_structure_fn(
            cl, converter, _cattrs_forbid_extra_keys=True
        )

        def structure_record(value: Any, target: type) -> Any:
            if not isinstance(value, dict):
                raise InvalidValueError((), "structure.type", "must be a JSON object")
            return inner(value, target)

        return structure_record

    return factory


def configure_converter(converter: cattrs.Converter) -> None:
    """
    Add counselcore's hooks to *converter*: strict scalars, ISO dates, enums by value, arrays.

    Example:
        >>> import cattrs, datetime as dt
        >>> c = cattrs.Converter()
        >>> configure_converter(c)
        >>> c.unstructure(dt.date(2024, 2, 29)), c.structure("2024-02-29", dt.date)
        ('2024-02-29', datetime.date(2024, 2, 29))
    """
    converter.register_structure_hook(dt.date, structure_date)
    converter.register_unstructure_hook(dt.date, unstructure_date)
    converter.register_structure_hook(str, structure_str)
    converter.register_structure_hook(int, structure_int)
    converter.register_structure_hook(float, structure_float)
    converter.register_structure_hook(bool, structure_bool)
    converter.register_structure_hook(ClientRef, structure_client_ref)
    converter.register_unstructure_hook(ClientRef, unstructure_client_ref)
    converter.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), make_enum_hook
    )
    converter.register_unstructure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum),
        lambda _t: _enum_value,
    )
    converter.register_structure_hook_factory(
        _is_homogeneous_tuple, make_tuple_hook_factory(converter)
    )
    converter.register_unstructure_hook_factory(
        lambda t: is_sequence(t) and t is not str, _make_list_unstructure_factory(converter)
    )
    if converter.detailed_validation:
        converter.register_structure_hook_factory(
            lambda t: attrs.has(t) and t is not ClientRef, make_checked_attrs_factory(converter)
        )


def _enum_value(value: enum.Enum) -> Any:
    return value.value


def _make_list_unstructure_factory(
    converter: cattrs.Converter,
) -> Callable[[Any], Callable[[Any], list[Any]]]:
    def factory(type_: Any) -> Callable[[Any], list[Any]]:
        args = typing.get_args(type_)
        element = args[0] if args else Any
        handler = converter.get_unstructure_hook(element)

        def unstructure_sequence(value: Any) -> list[Any]:
            return [handler(item) for item in value]

        return unstructure_sequence

    return factory
