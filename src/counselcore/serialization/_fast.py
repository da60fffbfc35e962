"""
The fast loader: generated, straight-line structure functions for the common case.

`from_dict` tries three tiers. This one handles input in the exact shape `to_dict` writes
(every field present, every value of the right JSON type) with one generated function per
record class: inline type checks, no per-field hook calls, and no separate unknown-key scan
(when a dict has exactly as many keys as the class has fields and every field is found, there
can be no extra key). Anything else raises `Fallback` and cattrs takes over, first without and
then with detailed validation, so error reports stay exact. Constructors still run their
structural checks on every record.
"""

import datetime as dt
import enum
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

from counselcore.model import ClientRef
from counselcore.serialization._hooks import structure_date


class Fallback(Exception):  # noqa: N818 - a control-flow signal, not an error
    """The input is not in the exact written shape; let cattrs handle it."""


def _fail() -> Any:
    raise Fallback


_SCALARS: dict[Any, str] = {str: "str", int: "int", bool: "bool"}


class _Generator:
    """Builds and caches one loader function per attrs class."""

    def __init__(self, fallback_hook: Callable[[Any], Callable[[Any, Any], Any]]) -> None:
        self._loaders: dict[type, Callable[[Any], Any]] = {}
        self._in_progress: set[type] = set()
        self._fallback_hook = fallback_hook

    def loader(self, cls: type) -> Callable[[Any], Any]:
        found = self._loaders.get(cls)
        if found is None:
            found = self._generate(cls)
        return found

    def _expression(self, type_: Any, value: str, namespace: dict[str, Any], key: str) -> str:
        """Return a Python expression that converts *value* (a name) to *type_* or fails."""
        origin = typing.get_origin(type_)
        args = typing.get_args(type_)
        if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:  # noqa: PLR2004
            inner = args[0] if args[1] is type(None) else args[1]
            return (
                f"(None if {value} is None else {self._expression(inner, value, namespace, key)})"
            )
        if type_ in _SCALARS:
            return f"({value} if type({value}) is {_SCALARS[type_]} else _fail())"
        if type_ is float:
            return f"({value} if type({value}) is float or type({value}) is int else _fail())"
        if type_ is dt.date:
            return f"_date({value}, None)"
        if type_ is ClientRef:
            return f"(ClientRef({value}) if type({value}) is str else _fail())"
        if isinstance(type_, type) and issubclass(type_, enum.Enum):
            name = f"_enum_{key}"
            namespace[name] = types.MappingProxyType({m.value: m for m in type_})
            return f"{name}[{value}]"
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:  # noqa: PLR2004
            element = f"_e_{key}"
            inner = self._expression(args[0], element, namespace, f"{key}_e")
            return (
                f"(tuple([{inner} for {element} in {value}]) if type({value}) is list else _fail())"
            )
        if attrs.has(type_):
            name = f"_load_{key}"
            namespace[name] = (
                self._lazy(type_) if type_ in self._in_progress else self.loader(type_)
            )
            return f"{name}({value})"
        name = f"_hook_{key}"
        hook = self._fallback_hook(type_)
        namespace[name] = lambda v, _hook=hook, _t=type_: _hook(v, _t)
        return f"{name}({value})"

    def _lazy(self, cls: type) -> Callable[[Any], Any]:
        """Resolve a nested loader on first use (only for recursive record types)."""

        def load(value: Any) -> Any:
            return self.loader(cls)(value)

        return load

    def _generate(self, cls: type) -> Callable[[Any], Any]:
        self._in_progress.add(cls)
        try:
            return self._generate_unguarded(cls)
        finally:
            self._in_progress.discard(cls)

    def _generate_unguarded(self, cls: type) -> Callable[[Any], Any]:
        hints = typing.get_type_hints(cls)
        fields = [f for f in attrs.fields(cls) if f.init]
        namespace: dict[str, Any] = {
            "_cls": cls,
            "_fail": _fail,
            "_date": structure_date,
            "ClientRef": ClientRef,
            "Fallback": Fallback,
        }
        lines = [
            "def load(d):",
            "    if type(d) is not dict or len(d) != %d:" % len(fields),  # noqa: UP031
            "        raise Fallback",
        ]
        arguments = []
        for index, field in enumerate(fields):
            local = f"v{index}"
            lines.append(f"    {local} = d[{field.name!r}]")
            expression = self._expression(hints[field.name], local, namespace, str(index))
            arguments.append(f"{field.alias}={expression}")
        lines.append(f"    return _cls({', '.join(arguments)})")
        source = "\n".join(lines)
        exec(compile(source, f"<counselcore fast loader {cls.__qualname__}>", "exec"), namespace)  # noqa: S102
        loader: Callable[[Any], Any] = namespace["load"]
        self._loaders[cls] = loader
        return loader


def make_fast_loaders(
    fallback_hook: Callable[[Any], Callable[[Any, Any], Any]],
) -> Callable[[type], Callable[[Any], Any]]:
    """Return ``loader(cls)``: the generated fast loader for *cls* (built once, then cached)."""
    return _Generator(fallback_hook).loader
