"""
The one hook table: every structure and unstructure rule of counselcore's data layout.

`configure_converter` registers it on a cattrs converter; `to_dict`, `from_dict`, the JSON
functions and the JSON Schema all work from converters configured here, so a type's layout is
declared once. Records go through cattrs' own generated code (`make_dict_structure_fn` /
`make_dict_unstructure_fn`, which cattrs registers with `linecache`).

Hooks refuse loosely typed input (``"12"`` for an int, a string for a list or a set) instead of
coercing it, and raise `InvalidValueError` with an empty path; the error walker in
`counselcore.serialization._errors` puts the field path in front.
"""

import datetime as dt
import enum
import math
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from counselcore._internal.checks import MAX_TEXT_LENGTH
from counselcore.errors import InvalidValueError
from counselcore.model import ClientRef
from counselcore.phases import EVENT_TYPES, Event, EventKind
from counselcore.violations import Evidence

__all__ = [
    "INLINE_ACCEPT",
    "INLINE_DUMP",
    "MAX_INTEGER",
    "MAX_ITEMS",
    "MAX_STRING_LENGTH",
    "configure_converter",
    "event_class",
    "is_event_class",
]

_ISO_DATE_LENGTH = 10

#: Largest magnitude of an integer in a document: I-JSON's interoperable range
#: (RFC 7493, section 2.2), so every number survives any JSON parser unchanged.
MAX_INTEGER = 2**53 - 1

#: Most items in one array of a document (a ten-year weekly chart has about 1,000 events).
MAX_ITEMS = 10_000

#: Longest string in a document: the model's longest free text.
MAX_STRING_LENGTH = MAX_TEXT_LENGTH

_SCALAR_TYPES: frozenset[Any] = frozenset({str, int, float, bool, type(None)})
_EVENT_CLASSES: Mapping[type, EventKind] = types.MappingProxyType(
    {cls: kind for kind, cls in EVENT_TYPES.items()}
)
_KIND_VALUES: Mapping[str, type] = types.MappingProxyType(
    {kind.value: cls for kind, cls in EVENT_TYPES.items()}
)
_KIND_MESSAGE = "must be one of: " + ", ".join(repr(value) for value in _KIND_VALUES)


def is_event_class(cls: object) -> bool:
    """Whether *cls* is one of the phase event classes (dumped with their ``kind``)."""
    return cls in _EVENT_CLASSES


def event_class(data: object) -> type:
    """
    The event class named by the ``kind`` key of *data* (a dict).

    Raises:
        counselcore.errors.InvalidValueError: If *data* is not an object, has no ``kind``,
            or names no event kind.
    """
    if type(data) is not dict:
        raise InvalidValueError((), "structure.type", "must be a JSON object")
    if "kind" not in data:
        raise InvalidValueError(("kind",), "structure.required", "is required")
    kind = data["kind"]
    cls = _KIND_VALUES.get(kind) if type(kind) is str else None
    if cls is None:
        raise InvalidValueError(("kind",), "structure.enum", _KIND_MESSAGE)
    return cls


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


#: For generated dumpers: per type, a Python expression on ``{v}`` equal to what that type's
#: unstructure hook in this table returns (a test checks each against its hook).
INLINE_DUMP: Mapping[Any, str] = types.MappingProxyType(
    {
        str: "{v}",
        int: "{v}",
        float: "{v}",
        bool: "{v}",
        dt.date: "{v}.isoformat()",
        ClientRef: "{v}.value",
    }
)


def structure_str(value: Any, _: type) -> str:
    """Accept only real strings (no numbers turned into text), at most `MAX_STRING_LENGTH` long."""
    if type(value) is not str:
        raise InvalidValueError((), "structure.type", "must be a string")
    if len(value) > MAX_STRING_LENGTH:
        raise InvalidValueError(
            (), "structure.text-length", f"must be at most {MAX_STRING_LENGTH} characters"
        )
    return value


def _integer_in_range(value: int) -> int:
    if -MAX_INTEGER <= value <= MAX_INTEGER:
        return value
    raise InvalidValueError(
        (), "structure.range", f"must be between -{MAX_INTEGER} and {MAX_INTEGER}"
    )


def structure_int(value: Any, _: type) -> int:
    """Accept only integers (no bools, floats or numeric strings) within +/- `MAX_INTEGER`."""
    if type(value) is not int:
        raise InvalidValueError((), "structure.type", "must be an integer")
    return _integer_in_range(value)


def structure_float(value: Any, _: type) -> float:
    """
    Accept ints and floats (not bools), finite only.

    An int stays an int (``17`` is a fine float value), so ``17`` and ``17.0`` each
    round-trip to the text they came from.
    """
    if type(value) is int:
        return _integer_in_range(value)
    if type(value) is not float:
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


_SCALAR_HOOKS: Mapping[Any, Callable[[Any, type], Any]] = types.MappingProxyType(
    {str: structure_str, int: structure_int, float: structure_float, bool: structure_bool}
)

#: For generated loaders: per scalar type, a Python condition on ``{v}`` under which that
#: type's hook above returns ``{v}`` unchanged; any other value is passed to the hook, which
#: converts or refuses it. A test checks each condition against its hook.
INLINE_ACCEPT: Mapping[Any, str] = types.MappingProxyType(
    {
        str: f"type({{v}}) is str and len({{v}}) <= {MAX_STRING_LENGTH}",
        int: f"type({{v}}) is int and -{MAX_INTEGER} <= {{v}} <= {MAX_INTEGER}",
        float: "type({v}) is float and {v} - {v} == 0.0",
        bool: "type({v}) is bool",
    }
)


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


def _enum_value(value: enum.Enum) -> Any:
    return value.value


def is_enum(type_: Any) -> bool:
    """Whether *type_* is an enumeration (written as its value)."""
    return isinstance(type_, type) and issubclass(type_, enum.Enum)


def is_homogeneous_tuple(type_: Any) -> bool:
    """``tuple[X, ...]``: written as an array."""
    args = typing.get_args(type_)
    return typing.get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis  # noqa: PLR2004


def is_fixed_tuple(type_: Any) -> bool:
    """``tuple[X, Y]``: written as an array of exactly that many items."""
    return typing.get_origin(type_) is tuple and not is_homogeneous_tuple(type_)


def is_frozenset(type_: Any) -> bool:
    """``frozenset[X]``: written as a sorted array without repeats."""
    return typing.get_origin(type_) is frozenset


def is_scalar_union(type_: Any) -> bool:
    """A union of JSON scalar types only, such as ``str | int`` (``X | None`` is left to cattrs)."""
    args = typing.get_args(type_)
    return (
        typing.get_origin(type_) in (typing.Union, types.UnionType)
        and all(arg in _SCALAR_TYPES for arg in args)
        and len([arg for arg in args if arg is not type(None)]) > 1
    )


def is_optional(type_: Any) -> bool:
    """``X | None`` for one type X: null, or X's layout."""
    args = typing.get_args(type_)
    return (
        typing.get_origin(type_) in (typing.Union, types.UnionType)
        and len(args) == 2  # noqa: PLR2004 - X and None
        and type(None) in args
    )


def optional_inner(type_: Any) -> Any:
    """The X of ``X | None``."""
    first, second = typing.get_args(type_)
    return second if first is type(None) else first


def _optional_factory(converter: cattrs.Converter) -> Callable[[Any], Callable[[Any, type], Any]]:
    def factory(type_: Any) -> Callable[[Any, type], Any]:
        inner_type = optional_inner(type_)
        inner = converter.get_structure_hook(inner_type)

        def structure_optional(value: Any, _: type) -> Any:
            return None if value is None else inner(value, inner_type)

        return structure_optional

    return factory


def is_evidence(type_: Any) -> bool:
    """The evidence of a violation: ``(name, value)`` pairs, written as one object."""
    return bool(type_ == Evidence)


def is_event_union(type_: Any) -> bool:
    """The union of every phase event, read by its ``kind`` key."""
    return bool(type_ == Event)


def is_record(type_: Any) -> bool:
    """An attrs record, written as an object of its fields (a `ClientRef` is written as its id)."""
    return attrs.has(type_) and type_ is not ClientRef


def _check_array(value: Any) -> None:
    if type(value) is not list and type(value) is not tuple:
        raise InvalidValueError((), "structure.type", "must be an array")
    if len(value) > MAX_ITEMS:
        raise InvalidValueError((), "structure.length", f"must have at most {MAX_ITEMS} items")


def _tuple_factory(converter: cattrs.Converter) -> Callable[[Any], Callable[[Any, type], Any]]:
    def factory(type_: Any) -> Callable[[Any, type], tuple[Any, ...]]:
        inner = homogenous_tuple_structure_factory(type_, converter)

        def structure_tuple(value: Any, cl: type) -> tuple[Any, ...]:
            _check_array(value)
            result: tuple[Any, ...] = inner(value, cl)
            return result

        return structure_tuple

    return factory


def _fixed_tuple_factory(
    converter: cattrs.Converter,
) -> Callable[[Any], Callable[[Any, type], Any]]:
    def factory(type_: Any) -> Callable[[Any, type], tuple[Any, ...]]:
        hooks = [(converter.get_structure_hook(arg), arg) for arg in typing.get_args(type_)]
        message = f"must be an array of {len(hooks)} items"

        def structure_fixed(value: Any, _: type) -> tuple[Any, ...]:
            if (type(value) is not list and type(value) is not tuple) or len(value) != len(hooks):
                raise InvalidValueError((), "structure.type", message)
            return tuple([hook(item, arg) for (hook, arg), item in zip(hooks, value, strict=True)])

        return structure_fixed

    return factory


def _frozenset_factory(
    converter: cattrs.Converter,
) -> Callable[[Any], Callable[[Any, type], Any]]:
    def factory(type_: Any) -> Callable[[Any, type], frozenset[Any]]:
        (element,) = typing.get_args(type_) or (Any,)
        as_tuple = converter.get_structure_hook(tuple[element, ...])  # type: ignore[valid-type]

        def structure_frozenset(value: Any, _: type) -> frozenset[Any]:
            items = as_tuple(value, tuple[element, ...])  # type: ignore[valid-type]
            result = frozenset(items)
            if len(result) != len(items):
                raise InvalidValueError((), "structure.id-unique", "repeats a value already listed")
            return result

        return structure_frozenset

    return factory


def _scalar_union_factory(type_: Any) -> Callable[[Any, type], Any]:
    members = [arg for arg in typing.get_args(type_) if arg is not type(None)]
    optional = type(None) in typing.get_args(type_)
    names = " or ".join(
        {str: "a string", int: "an integer", float: "a number", bool: "true or false"}[m]
        for m in members
    )
    message = f"must be {names}" + (" or null" if optional else "")
    accepted = {float: (float, int)}

    def structure_scalar(value: Any, _: type) -> Any:
        if value is None and optional:
            return None
        for member in members:
            if type(value) in accepted.get(member, (member,)):
                return _SCALAR_HOOKS[member](value, member)
        raise InvalidValueError((), "structure.type", message)

    return structure_scalar


def _structure_evidence(value: Any, _: type) -> Evidence:
    if type(value) is not dict:
        raise InvalidValueError((), "structure.type", "must be a JSON object")
    scalar = _scalar_union_factory(str | int | float | bool | None)
    return tuple((structure_str(name, str), scalar(item, object)) for name, item in value.items())


def _unstructure_evidence(value: Evidence) -> dict[str, Any]:
    return dict(value)


def _record_factory(converter: cattrs.Converter) -> Callable[[Any], Callable[[Any, type], Any]]:
    def factory(cl: type) -> Callable[[Any, type], Any]:
        inner: Callable[[Any, type], Any] = make_dict_structure_fn(
            cl,
            converter,
            _cattrs_forbid_extra_keys=True,
            _cattrs_detailed_validation=converter.detailed_validation,
        )
        kind = _EVENT_CLASSES.get(cl)
        if kind is None:

            def structure_record(value: Any, _: type) -> Any:
                if type(value) is not dict:
                    raise InvalidValueError((), "structure.type", "must be a JSON object")
                return inner(value, cl)

            return structure_record
        expected = kind.value
        message = f"must be {expected!r}"

        def structure_event(value: Any, _: type) -> Any:
            if type(value) is not dict:
                raise InvalidValueError((), "structure.type", "must be a JSON object")
            if "kind" not in value:
                raise InvalidValueError(("kind",), "structure.required", "is required")
            if value["kind"] != expected:
                raise InvalidValueError(("kind",), "structure.enum", message)
            body = dict(value)
            del body["kind"]
            return inner(body, cl)

        return structure_event

    return factory


def record_hook(converter: cattrs.Converter, cls: type) -> Callable[[Any, type], Any]:
    """The table's hook for record *cls*: cattrs-generated code behind a JSON-object check."""
    return _record_factory(converter)(cls)


def _event_unstructure_factory(
    converter: cattrs.Converter,
) -> Callable[[Any], Callable[[Any], dict[str, Any]]]:
    def factory(cl: type) -> Callable[[Any], dict[str, Any]]:
        inner: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(cl, converter)
        kind = _EVENT_CLASSES[cl].value

        def unstructure_event(value: Any) -> dict[str, Any]:
            return {"kind": kind, **inner(value)}

        return unstructure_event

    return factory


def _event_union_hooks(
    converter: cattrs.Converter,
) -> tuple[Callable[[Any, type], Any], Callable[[Any], Any]]:
    def structure_any_event(value: Any, _: type) -> Any:
        cls = event_class(value)
        return converter.get_structure_hook(cls)(value, cls)

    def unstructure_any_event(value: Any) -> Any:
        return converter.get_unstructure_hook(type(value))(value)

    return structure_any_event, unstructure_any_event


def _sequence_unstructure_factory(
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


def _fixed_tuple_unstructure_factory(
    converter: cattrs.Converter,
) -> Callable[[Any], Callable[[Any], list[Any]]]:
    def factory(type_: Any) -> Callable[[Any], list[Any]]:
        handlers = [converter.get_unstructure_hook(arg) for arg in typing.get_args(type_)]

        def unstructure_fixed(value: Any) -> list[Any]:
            return [handler(item) for handler, item in zip(handlers, value, strict=True)]

        return unstructure_fixed

    return factory


def _frozenset_unstructure_factory(
    converter: cattrs.Converter,
) -> Callable[[Any], Callable[[Any], list[Any]]]:
    def factory(type_: Any) -> Callable[[Any], list[Any]]:
        (element,) = typing.get_args(type_) or (Any,)
        handler = converter.get_unstructure_hook(element)

        def unstructure_frozenset(value: Any) -> list[Any]:
            return sorted([handler(item) for item in value])

        return unstructure_frozenset

    return factory


def configure_converter(converter: cattrs.Converter) -> None:
    """
    Add counselcore's hooks to *converter*: strict scalars, ISO dates, enums by value, arrays.

    Sets are written as sorted arrays, events carry their ``kind``, and records refuse
    unknown keys.

    Example:
        >>> import cattrs, datetime as dt
        >>> c = cattrs.Converter()
        >>> configure_converter(c)
        >>> c.unstructure(dt.date(2024, 2, 29)), c.structure("2024-02-29", dt.date)
        ('2024-02-29', datetime.date(2024, 2, 29))
        >>> c.unstructure(frozenset({"b", "a"}), frozenset[str])
        ['a', 'b']
    """
    for scalar, hook in _SCALAR_HOOKS.items():
        converter.register_structure_hook(scalar, hook)
    converter.register_structure_hook(dt.date, structure_date)
    converter.register_unstructure_hook(dt.date, unstructure_date)
    converter.register_structure_hook(ClientRef, structure_client_ref)
    converter.register_unstructure_hook(ClientRef, unstructure_client_ref)
    converter.register_structure_hook_factory(is_enum, make_enum_hook)
    converter.register_unstructure_hook_factory(is_enum, lambda _t: _enum_value)
    converter.register_structure_hook_factory(is_homogeneous_tuple, _tuple_factory(converter))
    converter.register_structure_hook_factory(is_fixed_tuple, _fixed_tuple_factory(converter))
    converter.register_structure_hook_factory(is_frozenset, _frozenset_factory(converter))
    converter.register_structure_hook_factory(is_scalar_union, _scalar_union_factory)
    converter.register_structure_hook_factory(is_optional, _optional_factory(converter))
    converter.register_unstructure_hook_factory(
        is_homogeneous_tuple, _sequence_unstructure_factory(converter)
    )
    converter.register_unstructure_hook_factory(
        is_fixed_tuple, _fixed_tuple_unstructure_factory(converter)
    )
    converter.register_unstructure_hook_factory(
        is_frozenset, _frozenset_unstructure_factory(converter)
    )
    converter.register_structure_hook_func(is_evidence, _structure_evidence)
    converter.register_unstructure_hook_func(is_evidence, _unstructure_evidence)
    converter.register_structure_hook_factory(is_record, _record_factory(converter))
    converter.register_unstructure_hook_factory(
        is_event_class, _event_unstructure_factory(converter)
    )
    structure_any_event, unstructure_any_event = _event_union_hooks(converter)
    converter.register_structure_hook_func(is_event_union, structure_any_event)
    converter.register_unstructure_hook_func(is_event_union, unstructure_any_event)
