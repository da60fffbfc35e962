"""
Generate straight-line functions from a declaration when the module loads (private).

The phase machine writes each fact once (the transition table, the `CaseState` fields) and
generates the fused code its hot loops run from it, the way attrs generates ``__init__``.
Each generated source is registered with `linecache`, so tracebacks and debuggers show it.
"""

import itertools
import linecache
from collections.abc import Callable
from typing import Any

__all__ = ["compile_function"]

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
