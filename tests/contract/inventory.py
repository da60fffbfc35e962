"""
The inventory behind the error contract: every public record, each field given wrong values.

The seeds are the values the library itself publishes (module-level records and catalogs in
every public package's ``__all__``, the `counselcore.examples` records), the arguments and
answers of the valid calls in ``calls.py``, and every record nested inside them, one per type
(the simplest value Hypothesis generates for a public type none of these reach). Each field of each seed is replaced, one at a time, by each
of a few wrong values through `attrs.evolve` (which runs the record's own checks), and the
outcome is written as one line: the error class, the path, the rule and the message, or
``accepted``. The lines are the error contract users see; ``test_error_contract.py`` compares
them with the approved snapshot, so a changed path, rule, message or bound shows up as a diff
to review (``pytest tests/contract --snapshot-update`` approves it).
"""

import datetime as dt
import enum
import importlib
import inspect
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument, ResolutionFailed

from counselcore import examples
from counselcore.errors import CounselcoreError, ValidationError

#: Public packages whose ``__all__`` is searched for published records.
PACKAGES = (
    "counselcore",
    "counselcore.aftercare",
    "counselcore.measures",
    "counselcore.modalities",
    "counselcore.phases",
    "counselcore.rules",
    "counselcore.simulation",
    "counselcore.validation",
)

#: Each wrong value and the label it is shown with (labels keep the lines readable).
WRONG: tuple[tuple[str, Any], ...] = (
    ("None", None),
    ("True", True),
    ("-1", -1),
    ("0", 0),
    ("2", 2),
    ("1.5", 1.5),
    ("''", ""),
    ("'x'", "x"),
    ("()", ()),
    ("('x',)", ("x",)),
    ("datetime", dt.datetime(2024, 1, 15, 9, 30)),  # noqa: DTZ001 - a naive time is the point
)
#: Given to record fields only: past an upper bound, and a repeated entry. (As an argument, a
#: cohort of a million clients is a valid, if slow, request.)
RECORD_EXTRAS: tuple[tuple[str, Any], ...] = (("10**6", 10**6), ("(1, 1)", (1, 1)))


def _values_for(field: "attrs.Attribute[Any]") -> tuple[tuple[str, Any], ...]:
    """The wrong values, then every member of an enum field (a member may be out of range)."""
    kind = field.type
    members = tuple(kind) if isinstance(kind, type) and issubclass(kind, enum.Enum) else ()
    return (*WRONG, *RECORD_EXTRAS, *((repr(member), member) for member in members))


def _published() -> Iterator[Any]:
    for factory in (
        examples.example_formulation,
        examples.example_plan,
        examples.example_sessions,
        examples.example_safety_plan,
        examples.example_aftercare_plan,
    ):
        yield factory()
    for package in PACKAGES:
        module = importlib.import_module(package)
        for name in sorted(module.__all__):
            value = getattr(module, name)
            if not isinstance(value, type) and not callable(value):
                yield value
    from tests.contract.calls import calls

    for call in calls():
        yield from call.args
        yield from call.kwargs.values()
        try:
            yield call.function(*call.args, **call.kwargs)
        except CounselcoreError:
            continue


def _walk(value: Any, seen: dict[type, Any], depth: int = 0) -> None:
    if depth > 8:
        return
    if attrs.has(type(value)):
        if _richness(value) > _richness(seen.get(type(value))):
            seen[type(value)] = value
        for field in attrs.fields(type(value)):
            _walk(getattr(value, field.name), seen, depth + 1)
    elif isinstance(value, tuple | list | frozenset | set):
        for item in list(value)[:20]:
            _walk(item, seen, depth + 1)
    elif isinstance(value, Mapping):
        for item in list(value.values())[:20]:
            _walk(item, seen, depth + 1)
    elif hasattr(value, "__iter__") and type(value).__module__.startswith("counselcore"):
        for item in list(value)[:40]:  # catalogs
            _walk(item, seen, depth + 1)


def _richness(value: Any) -> int:
    """How many tuple fields *value* fills: the seed of a type is its richest value seen first."""
    if value is None:
        return -1
    return sum(
        1
        for field in attrs.fields(type(value))
        if isinstance(getattr(value, field.name), tuple) and getattr(value, field.name)
    )


def public_records() -> set[type]:
    """Every attrs class a public package exports."""
    found = set()
    for package in PACKAGES:
        module = importlib.import_module(package)
        found |= {
            value
            for value in (getattr(module, name) for name in module.__all__)
            if isinstance(value, type) and attrs.has(value)
        }
    return found


def _simplest(cls: type) -> Any:
    """
    The first value Hypothesis generates for *cls*: derandomized, so the same every run.

    ``None`` for a record without a registered strategy (Hypothesis then builds it from its
    annotations, and the record's own checks refuse what it builds).
    """
    found: list[Any] = []

    @settings(
        max_examples=1,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.from_type(cls))
    def take(value: Any) -> None:
        found.append(value)

    try:
        take()
    except (ResolutionFailed, InvalidArgument, CounselcoreError):  # no registered strategy
        return None
    return found[0]


def seeds() -> dict[type, Any]:
    """
    One value of every public record type: a published one where there is one, else the
    simplest Hypothesis finds.
    """
    seen: dict[type, Any] = {}
    for value in _published():
        _walk(value, seen)
    public = public_records()
    for cls in sorted(public - set(seen), key=lambda c: c.__qualname__):
        simplest = _simplest(cls)
        if simplest is not None:
            seen[cls] = simplest
    return {cls: seen[cls] for cls in sorted(public & set(seen), key=lambda c: c.__qualname__)}


def describe(error: CounselcoreError) -> str:
    """The parts of *error* a user reads: class, then each violation's path, rule, message, evidence."""
    name = type(error).__name__
    if isinstance(error, ValidationError):
        parts = [
            f"{v.where} [{v.rule}] {v.message}" + (f" {v.evidence}" if v.evidence else "")
            for v in error.violations
        ]
        return f"{name}: " + " | ".join(parts)
    return f"{name}: {error}"


def _evolved(seed: Any, key: str, value: Any) -> str:
    try:
        attrs.evolve(seed, **{key: value})
    except CounselcoreError as error:
        return describe(error)
    return "accepted"


def _element_values(current: tuple[Any, ...]) -> Iterator[tuple[str, Any]]:
    """
    Wrong values inside a non-empty tuple field: the first entry repeated, the first entry
    replaced by each wrong value, and, where the first entry is a pair, each side of it.
    """
    first, rest = current[0], current[1:]
    yield "[0] repeated", (first, first, *rest)
    for label, wrong in (*WRONG, *RECORD_EXTRAS):
        yield f"[0]={label}", (wrong, *rest)
    if isinstance(first, tuple) and len(first) == 2:
        for side in (0, 1):
            for label, wrong in (*WRONG, *RECORD_EXTRAS):
                pair = (wrong, first[1]) if side == 0 else (first[0], wrong)
                yield f"[0][{side}]={label}", (pair, *rest)


def outcomes(cls: type, seed: Any) -> Iterator[str]:
    """
    One line per field and wrong value: what `attrs.evolve` on *seed* does; for a tuple
    field the seed fills, also what wrong entries inside it do.
    """
    for field in attrs.fields(cls):
        if not field.init:
            continue
        key = field.alias or field.name
        for label, wrong in _values_for(field):
            yield f"{field.name}={label}: {_evolved(seed, key, wrong)}"
        current = getattr(seed, field.name)
        if isinstance(current, tuple) and current:
            for label, wrong in _element_values(current):
                yield f"{field.name}{label}: {_evolved(seed, key, wrong)}"
        if isinstance(current, frozenset) and current:
            for label, wrong in WRONG:
                yield f"{field.name}{{{label}}}: {_evolved(seed, key, frozenset({wrong}))}"
    for name in _one_argument_methods(cls):
        for label, wrong in WRONG:
            yield f".{name}({label}): {_called(getattr(seed, name), wrong)}"


def _one_argument_methods(cls: type) -> list[str]:
    """The public methods of *cls* that take exactly one argument without a default."""
    found = []
    for name in sorted(vars(cls)):
        function = vars(cls)[name]
        # mutmut adds each method's original and mutants to the class (x<cls>ǁ<name>__mutmut_N)
        if name.startswith("_") or "__mutmut" in name or not inspect.isfunction(function):
            continue
        parameters = list(inspect.signature(function).parameters.values())[1:]
        required = [p for p in parameters if p.default is p.empty]
        positional = {inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD}
        if len(required) == 1 and required[0].kind in positional:
            found.append(name)
    return found


def _called(method: Any, argument: Any) -> str:
    try:
        value = method(argument)
    except CounselcoreError as error:
        return describe(error)
    text = repr(value)
    return f"returned {text if len(text) <= 200 else text[:200] + '...'}"


def record_name(cls: type) -> str:
    """``counselcore.measures.Instrument``: the public package and the record's name."""
    return f"{cls.__module__.rpartition('._')[0] or cls.__module__}.{cls.__qualname__}"


def contract() -> dict[str, list[str]]:
    """The whole contract: ``module.Type`` to its lines."""
    return {record_name(cls): list(outcomes(cls, seed)) for cls, seed in seeds().items()}
