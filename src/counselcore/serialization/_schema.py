"""
JSON Schema (draft 2020-12) of every document type, generated from the attrs classes.

The generator reads the same predicates and limits as the hook table in
`counselcore.serialization._hooks`, so a type's schema and its loader cannot disagree on
shape. What a schema cannot say (identifier syntax, cross-field rules such as unique ids and
date order) is checked by `from_dict` only; the docs list it.
"""

import datetime as dt
import typing
from collections.abc import Mapping
from typing import Any

import attrs

from counselcore.errors import UnsupportedTypeError
from counselcore.model import ClientRef
from counselcore.phases import EVENT_TYPES
from counselcore.serialization._api import DOCUMENT_TYPES, SCHEMA_VERSION, UNION_TYPES
from counselcore.serialization._hooks import (
    MAX_INTEGER,
    MAX_ITEMS,
    MAX_STRING_LENGTH,
    is_enum,
    is_event_class,
    is_event_union,
    is_evidence,
    is_fixed_tuple,
    is_frozenset,
    is_homogeneous_tuple,
    is_optional,
    is_record,
    is_scalar_union,
    optional_inner,
)

__all__ = ["json_schema"]

_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_STRING = {"type": "string", "maxLength": MAX_STRING_LENGTH}
_INTEGER = {"type": "integer", "minimum": -MAX_INTEGER, "maximum": MAX_INTEGER}
_SCALARS: Mapping[Any, Mapping[str, Any]] = {
    str: _STRING,
    int: _INTEGER,
    float: {"type": "number"},
    bool: {"type": "boolean"},
    type(None): {"type": "null"},
}
_DATE = {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_CLIENT_REF = {"type": "string", "minLength": 1, "maxLength": 128}


def _name(cls: type) -> str:
    return cls.__qualname__


class _Builder:
    """Collects one ``$defs`` entry per record class while walking the types."""

    def __init__(self) -> None:
        self.definitions: dict[str, Any] = {}

    def schema(self, type_: Any) -> Any:
        if type_ in _SCALARS:
            return dict(_SCALARS[type_])
        if type_ is dt.date:
            return dict(_DATE)
        if type_ is ClientRef:
            return dict(_CLIENT_REF)
        if is_enum(type_):
            return {"enum": [member.value for member in type_]}
        if is_evidence(type_):
            scalars = typing.get_args(typing.get_args(typing.get_args(type_)[0])[1])
            return {
                "type": "object",
                "additionalProperties": {"anyOf": [self.schema(arg) for arg in scalars]},
            }
        if is_homogeneous_tuple(type_) or is_frozenset(type_):
            schema = {
                "type": "array",
                "items": self.schema(typing.get_args(type_)[0]),
                "maxItems": MAX_ITEMS,
            }
            if is_frozenset(type_):
                schema["uniqueItems"] = True
            return schema
        if is_fixed_tuple(type_):
            args = typing.get_args(type_)
            return {
                "type": "array",
                "prefixItems": [self.schema(arg) for arg in args],
                "items": False,
                "minItems": len(args),
                "maxItems": len(args),
            }
        if is_optional(type_):
            return {"anyOf": [self.schema(optional_inner(type_)), {"type": "null"}]}
        if is_scalar_union(type_):
            return {"anyOf": [self.schema(arg) for arg in typing.get_args(type_)]}
        if is_event_union(type_):
            return {"oneOf": [self.schema(cls) for cls in EVENT_TYPES.values()]}
        if is_record(type_):
            return self.record(type_)
        raise UnsupportedTypeError(type_ if isinstance(type_, type) else type(type_))

    def record(self, cls: type) -> Any:
        name = _name(cls)
        if name not in self.definitions:
            self.definitions[name] = {}  # placeholder: a recursive reference resolves to it
            self.definitions[name] = self.body(cls)
        return {"$ref": f"#/$defs/{name}"}

    def body(self, cls: type) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        if is_event_class(cls):
            properties["kind"] = {"const": cls.kind.value}  # type: ignore[attr-defined]
            required.append("kind")
        for field in attrs.fields(cls):
            if not field.init:
                continue
            properties[field.alias] = self.schema(hints[field.name])
            if field.default is attrs.NOTHING:
                required.append(field.alias)
        return {
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }


def json_schema(cls: Any) -> dict[str, Any]:
    """
    Return the JSON Schema (draft 2020-12) that `to_dict` output of *cls* conforms to.

    For a document type the schema includes the ``schema_version`` and ``type`` keys; for
    `counselcore.phases.Event` it is the union of every event, told apart by ``kind``.
    A value that passes `from_dict` always validates; the reverse holds except for the
    rules listed on the serialization docs page (identifier syntax, cross-field rules).

    Raises:
        counselcore.errors.UnsupportedTypeError: If *cls* is not a counselcore record.

    Example:
        >>> import counselcore as cc
        >>> schema = json_schema(cc.TreatmentPlan)
        >>> schema["$schema"]
        'https://json-schema.org/draft/2020-12/schema'
        >>> schema["properties"]["type"], schema["required"][:3]
        ({'const': 'treatment-plan'}, ['schema_version', 'type', 'plan_id'])
    """
    if not (cls in UNION_TYPES or (isinstance(cls, type) and attrs.has(cls))):
        raise UnsupportedTypeError(cls if isinstance(cls, type) else type(cls))
    builder = _Builder()
    if cls in UNION_TYPES or not is_record(cls):
        root: dict[str, Any] = builder.schema(cls)
    else:
        root = builder.body(cls)
    name = DOCUMENT_TYPES.get(cls)
    if name is not None:
        root["properties"] = {
            "schema_version": {"const": SCHEMA_VERSION},
            "type": {"const": name},
            **root["properties"],
        }
        root["required"] = ["schema_version", "type", *root["required"]]
    title = "event" if cls in UNION_TYPES else (name or cls.__name__)
    return {
        "$schema": _DIALECT,
        "title": title,
        **root,
        "$defs": dict(sorted(builder.definitions.items())),
    }
