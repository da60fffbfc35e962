"""
The fuzzed entry points: every public function that takes outside data, with what to feed it.

One registry serves both the short CI budget (``tests/fuzz/test_fuzz.py``) and the long run
(``scripts/fuzz.py``, at least a million inputs). The property is the same everywhere: an entry
point either returns or raises a `counselcore.errors.CounselcoreError`; a `ValidationError`
names at least one rule id. Anything else (a bare ``TypeError``, ``RecursionError``,
``OverflowError``, ``ValueError`` from the calendar...) is a defect.
"""

import copy
import datetime as dt
import functools
import json
from collections.abc import Callable
from typing import Any

import attrs
from hypothesis import strategies as st

import counselcore as cc
from counselcore import aftercare, measures, phases, rules, strategies
from counselcore.errors import CounselcoreError, ValidationError
from counselcore.serialization import DOCUMENT_TYPES

#: Keys that look like the library's field names, so generated dicts reach past the first check.
FIELD_NAMES: tuple[str, ...] = tuple(
    sorted(
        {
            field.name
            for record in DOCUMENT_TYPES
            for field in attrs.fields(record)
            if attrs.has(record)
        }
        | {"type", "schema_version", "kind", "on", "events", "client"}
    )
)

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([10**400, -(10**400), 2**63, -(2**63) - 1])
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["2024-01-15", "9999-12-31", "0001-01-01", "2024-02-30", "phq-9", "cbt"])
)

#: Any JSON-shaped value (Python floats include inf and NaN, which JSON text cannot carry).
json_values: st.SearchStrategy[Any] = st.recursive(
    _SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=16,
)


def deep(depth: int) -> Any:
    """A list nested *depth* levels deep: parsers must refuse it, not overflow the stack."""
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


#: Fresh each time: a later edit must never change a shared value.
_EDGE_VALUES = st.sampled_from(
    [lambda: deep(50), lambda: deep(2_000), lambda: [None] * 10_000, lambda: "x" * 100_000]
).map(lambda make: make())

#: Edits reach containers down to this depth (generated documents are shallower).
_EDIT_DEPTH = 12


def _container_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if isinstance(value, dict | list) else []
    if len(path) >= _EDIT_DEPTH:
        return found
    if isinstance(value, dict):
        for key, item in value.items():
            found += _container_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _container_paths(item, (*path, index))
    return found


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


@st.composite
def mutated(draw: st.DrawFn, documents: st.SearchStrategy[Any]) -> Any:
    """A valid document with one to three edits: a key dropped, added, or a value replaced."""
    document = copy.deepcopy(draw(documents))
    for _ in range(draw(st.integers(1, 3))):
        paths = _container_paths(document)
        if not paths:
            return draw(json_values)
        target = _at(document, draw(st.sampled_from(paths)))
        action = draw(st.sampled_from(["drop", "add", "replace", "edge"]))
        keys = list(target) if isinstance(target, dict) else list(range(len(target)))
        if action == "add":
            if isinstance(target, dict):
                target[draw(st.sampled_from(FIELD_NAMES) | st.text(max_size=8))] = draw(json_values)
            else:
                target.append(draw(json_values))
        elif not keys:
            continue
        elif action == "drop":
            del target[draw(st.sampled_from(keys))]
        else:
            replacement = draw(json_values if action == "replace" else _EDGE_VALUES)
            target[draw(st.sampled_from(keys))] = replacement
    return document


@attrs.frozen
class Entry:
    """One public entry point and the inputs to throw at it."""

    name: str
    inputs: st.SearchStrategy[Any]
    call: Callable[[Any], object]


def outcome(entry: Entry, value: Any) -> str:
    """
    Call *entry* on *value* and name what happened: ``"ok"`` or the library error's class.

    Any exception outside the library's family propagates: that is the defect fuzzing looks for.
    """
    try:
        entry.call(value)
    except ValidationError as error:
        assert error.rules, f"{entry.name}: a ValidationError without a rule id"
        assert all(error.rules), f"{entry.name}: an empty rule id"
        return type(error).__name__
    except CounselcoreError as error:
        return type(error).__name__
    return "ok"


def _dumps(value: Any) -> str:
    """JSON text of *value*; one too deep for the standard encoder becomes equally deep text."""
    try:
        return json.dumps(value, allow_nan=True)
    except RecursionError:
        return "[" * 2_000 + "]" * 2_000


def _json_text(values: st.SearchStrategy[Any]) -> st.SearchStrategy[str]:
    raw = st.text(max_size=40) | st.sampled_from(["[" * 5_000, '{"a":' * 5_000, "1e999", "-"])
    return values.map(_dumps) | raw


def _document_entries() -> list[Entry]:
    found: list[Entry] = []
    for record in sorted(DOCUMENT_TYPES, key=lambda cls: DOCUMENT_TYPES[cls]):
        name = DOCUMENT_TYPES[record]
        valid = st.from_type(record).map(cc.to_dict)
        data = json_values | mutated(valid)
        found.append(Entry(f"from_dict:{name}", data, functools.partial(cc.from_dict, record)))
        found.append(
            Entry(f"from_json:{name}", _json_text(data), functools.partial(cc.from_json, record))
        )
    return found


_dates_or_junk = strategies.dates() | json_values | st.sampled_from([dt.date.min, dt.date.max])


def _administer(value: Any) -> object:
    instrument, responses, on = value
    return measures.administer(instrument, responses, on=on)


def _schedules(value: Any) -> object:
    schedule, cadence, first_on, until = value
    aftercare.booster_dates(schedule, terminated_on=first_on)
    return aftercare.maintenance_dates(cadence, first_on=first_on, until=until)


def _histories() -> st.SearchStrategy[Any]:
    faulty = strategies.faulty_phase_histories().map(lambda history: list(history.events))
    valid = strategies.phase_histories().map(list)
    return valid | faulty | json_values | st.lists(json_values, max_size=5)


def _first_few(value: Any) -> list[Any]:
    """Up to five events to offer one at a time (a non-list is offered as it is)."""
    return value[:5] if isinstance(value, list) else [value]


def _core_entries() -> list[Entry]:
    instruments = st.sampled_from(sorted(measures.BUILTIN_INSTRUMENTS, key=lambda i: i.id))
    responses = st.lists(st.integers(-2, 6) | st.none() | _SCALARS, max_size=12) | json_values
    return [
        Entry(
            "measures.administer",
            st.tuples(instruments | json_values, responses, _dates_or_junk),
            _administer,
        ),
        Entry(
            "aftercare.schedules",
            st.tuples(
                strategies.booster_schedules() | json_values,
                st.sampled_from(cc.Cadence) | json_values,
                _dates_or_junk,
                _dates_or_junk,
            ),
            _schedules,
        ),
        Entry("phases.replay", _histories(), phases.replay),
        Entry(
            "phases.transition",
            st.tuples(strategies.case_states() | json_values, _histories()),
            lambda v: [phases.transition(v[0], e) for e in _first_few(v[1])],
        ),
        Entry(
            "phases.allowed_events",
            st.tuples(strategies.case_states() | json_values, _dates_or_junk),
            lambda v: phases.allowed_events(v[0], on=v[1]),
        ),
        Entry(
            "rules.check_plan",
            st.tuples(strategies.treatment_plans() | json_values, json_values),
            lambda v: rules.check_plan(v[0], context=v[1] or None),
        ),
        Entry(
            "rules.evaluate",
            st.tuples(strategies.treatment_plans() | json_values, json_values),
            lambda v: rules.PLAN_COMPLETENESS.evaluate(v[0], v[1] or rules.PlanContext()),
        ),
        Entry(
            "modalities.Catalog.register",
            strategies.modalities() | json_values,
            cc.BUILTIN_CATALOG.register,
        ),
    ]


def entries() -> list[Entry]:
    """Every fuzzed entry point, in a stable order."""
    return [*_document_entries(), *_core_entries()]
