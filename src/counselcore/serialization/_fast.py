"""
Straight-line loaders generated from the hook table, for input in the exact shape `to_dict` writes.

For each record class this builds one function that reads every key of a dict holding exactly
the record's keys, checks each scalar with the accept predicate the hook table declares for its
type (`counselcore.serialization._hooks.INLINE_ACCEPT`) and calls the table's own hook for
everything else, and for any value the predicate does not accept (so the hook raises its
error). A dict of any other shape goes to the cattrs-generated hook of the same table. The
source is registered with `linecache`, as attrs and cattrs do, so tracebacks show it.
Constructors still run their checks on every record.
"""

import itertools
import linecache
import typing
from collections.abc import Callable
from typing import Any

import attrs
import cattrs

from counselcore.serialization._hooks import (
    INLINE_ACCEPT,
    INLINE_DUMP,
    MAX_ITEMS,
    is_enum,
    is_event_class,
    is_evidence,
    is_homogeneous_tuple,
    is_optional,
    is_record,
    optional_inner,
    record_hook,
)

__all__ = ["install_fast_dumpers", "install_fast_loaders"]

_COUNTER = itertools.count()


class _Compiler:
    def __init__(self, converter: cattrs.Converter) -> None:
        self._converter = converter

    def expression(self, type_: Any, value: str, namespace: dict[str, Any], key: str) -> str:
        """A Python expression converting the local *value* to *type_* through the hook table."""
        hook = f"_h{key}"
        namespace[hook] = self._converter.get_structure_hook(type_)
        namespace[f"_t{key}"] = type_
        slow = f"{hook}({value}, _t{key})"
        if is_evidence(type_):
            return slow
        accept = INLINE_ACCEPT.get(type_)
        if accept is not None:
            return f"({value} if {accept.format(v=value)} else {slow})"
        if is_enum(type_):
            members = f"_m{key}"
            namespace[members] = {member.value: member for member in type_}
            return (
                f"({members}[{value}] if type({value}) is str and {value} in {members} else {slow})"
            )
        if is_optional(type_):
            inner = self.expression(optional_inner(type_), value, namespace, f"{key}o")
            return f"(None if {value} is None else {inner})"
        if is_homogeneous_tuple(type_):
            element = f"e{key}"
            inner = self.expression(typing.get_args(type_)[0], element, namespace, f"{key}e")
            return (
                f"(tuple([{inner} for {element} in {value}])"
                f" if type({value}) is list and len({value}) <= {MAX_ITEMS} else {slow})"
            )
        return slow

    def loader(self, cls: type) -> Callable[[Any, Any], Any]:
        hints = typing.get_type_hints(cls)
        fields = [field for field in attrs.fields(cls) if field.init]
        slow = record_hook(self._converter, cls)
        namespace: dict[str, Any] = {"_cls": cls, "_slow": slow}
        keys = [field.alias for field in fields]
        lines = []
        if is_event_class(cls):
            namespace["_kind"] = cls.kind.value  # type: ignore[attr-defined]
            keys.append("kind")
        lines.append(f"def load(o, _=None):\n    if type(o) is not dict or len(o) != {len(keys)}:")
        lines.append("        return _slow(o, _cls)\n    try:")
        lines.extend(f"        v{index} = o[{field.alias!r}]" for index, field in enumerate(fields))
        if is_event_class(cls):
            lines.append("        kind = o['kind']")
        lines.append("    except KeyError:\n        return _slow(o, _cls)")
        if is_event_class(cls):
            lines.append("    if kind != _kind:\n        return _slow(o, _cls)")
        arguments = ", ".join(
            f"{field.alias}={self.expression(hints[field.name], f'v{index}', namespace, str(index))}"
            for index, field in enumerate(fields)
        )
        lines.append(f"    return _cls({arguments})")
        source = "\n".join(lines) + "\n"
        filename = f"<counselcore generated loader {cls.__qualname__} {next(_COUNTER)}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - source built from field names
        loader: Callable[[Any, Any], Any] = namespace["load"]
        return loader


class _DumpCompiler:
    def __init__(self, converter: cattrs.Converter) -> None:
        self._converter = converter

    def expression(self, type_: Any, value: str, namespace: dict[str, Any], key: str) -> str:
        """A Python expression writing the local *value* of *type_* through the hook table."""
        inline = None if is_evidence(type_) else INLINE_DUMP.get(type_)
        if inline is not None:
            return inline.format(v=value)
        if is_enum(type_):
            return f"{value}.value"
        if is_optional(type_):
            inner = self.expression(optional_inner(type_), value, namespace, f"{key}o")
            return value if inner == value else f"(None if {value} is None else {inner})"
        if is_homogeneous_tuple(type_) and not is_evidence(type_):
            element = f"e{key}"
            inner = self.expression(typing.get_args(type_)[0], element, namespace, f"{key}e")
            return f"list({value})" if inner == element else f"[{inner} for {element} in {value}]"
        hook = f"_u{key}"
        namespace[hook] = self._converter.get_unstructure_hook(type_)
        return f"{hook}({value})"

    def dumper(self, cls: type) -> Callable[[Any], Any]:
        hints = typing.get_type_hints(cls)
        namespace: dict[str, Any] = {}
        items = []
        if is_event_class(cls):
            items.append(f"'kind': {cls.kind.value!r}")  # type: ignore[attr-defined]
        items.extend(
            f"{field.name!r}: "
            + self.expression(hints[field.name], f"o.{field.name}", namespace, str(index))
            for index, field in enumerate(attrs.fields(cls))
        )
        source = "def dump(o):\n    return {" + ", ".join(items) + "}\n"
        filename = f"<counselcore generated dumper {cls.__qualname__} {next(_COUNTER)}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - source built from field names
        dumper: Callable[[Any], Any] = namespace["dump"]
        return dumper


def install_fast_dumpers(converter: cattrs.Converter) -> None:
    """Register generated dumpers for every record on *converter*."""
    converter.register_unstructure_hook_factory(is_record, _DumpCompiler(converter).dumper)


def install_fast_loaders(converter: cattrs.Converter) -> None:
    """Register generated loaders for every record on *converter* (one without detailed validation)."""
    compiler = _Compiler(converter)
    converter.register_structure_hook_factory(is_record, compiler.loader)
