"""
Generate straight-line functions from a declaration when the module loads (private).

The phase machine writes each fact once (the transition table, the `CaseState` fields) and
generates the fused code its hot loops run from it, the way attrs generates ``__init__``.
Each generated source is registered with `linecache`, so tracebacks and debuggers show it.
"""

import itertools
import linecache
from collections.abc import Callable
from typing import Any, TypeVar, cast

import attrs

__all__ = ["compile_function", "record_builder"]

T = TypeVar("T")

_COUNTER = itertools.count()


def compile_function(name: str, source: str, namespace: dict[str, Any]) -> Callable[..., Any]:
    """
    Compile *source* (which defines *name*) with *namespace* as its globals; return the function.

    Example:
        >>> source = "def add(a, b):" + chr(10) + "    return a + b" + chr(10)
        >>> add = compile_function("add", source, {})
        >>> add(1, 2), add.__code__.co_filename.startswith("<counselcore generated add")
        (3, True)
        >>> import inspect
        >>> inspect.getsource(add).splitlines()[0]
        'def add(a, b):'
    """
    filename = f"<counselcore generated {name} #{next(_COUNTER)}>"
    lines = source.splitlines(keepends=True)
    linecache.cache[filename] = (len(source), None, lines, filename)
    code = compile(source, filename, "exec")
    scope = dict(namespace)
    exec(code, scope)  # noqa: S102 - our own source, generated from the declaration
    function: Callable[..., Any] = scope[name]
    return function


def record_builder(cls: type[T]) -> Callable[..., T]:
    """
    Generate a positional builder for the attrs record *cls*, in field order, without checks.

    For the machine's own result records (violations, options, outcomes), whose values it
    builds itself and which have no validators: it sets each slot directly, as a frozen attrs
    ``__init__`` does, without the per-field ``object.__setattr__`` calls.

    Example:
        >>> from counselcore.phases import EventKind, EventOption
        >>> build = record_builder(EventOption)
        >>> made = build(EventKind.BOOSTER_HELD, False, (), ())
        >>> made == EventOption(kind=EventKind.BOOSTER_HELD, allowed=False)
        True
        >>> from counselcore.violations import Violation
        >>> record_builder(Violation)
        Traceback (most recent call last):
        TypeError: Violation checks its fields: build it with its constructor
    """
    declared = attrs.fields(cast("Any", cls))
    names = [a.name for a in declared]
    if getattr(cls, "__attrs_post_init__", None) is not None or any(
        a.validator is not None or a.converter is not None for a in declared
    ):
        message = f"{cls.__name__} checks its fields: build it with its constructor"
        raise TypeError(message)
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls}
    lines = [f"def build_{cls.__name__.lower()}({', '.join(names)}):", "    record = new(cls)"]
    for name in names:
        namespace[f"set_{name}"] = getattr(cls, name).__set__
        lines.append(f"    set_{name}(record, {name})")
    lines.append("    return record")
    builder: Callable[..., T] = compile_function(
        f"build_{cls.__name__.lower()}", "\n".join(lines) + "\n", namespace
    )
    return builder
