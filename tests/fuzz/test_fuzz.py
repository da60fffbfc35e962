"""
A short fuzzing budget for CI over every entry point in the registry (the long run is scripts/fuzz.py).

Each entry point gets JSON-shaped junk, mutated valid documents and values at the edges (deep
nesting, huge integers, calendar ends); it must return or raise a library error with a rule id.
"""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.entries import Entry, deep, entries, outcome

ENTRIES = entries()


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry.name for entry in ENTRIES])
@settings(max_examples=40, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_only_library_errors_escape(entry: Entry, data: st.DataObject) -> None:
    outcome(entry, data.draw(entry.inputs, label="input"))


DATA_ENTRIES = [entry for entry in ENTRIES if entry.name.startswith(("from_", "phases.replay"))]

#: (name, Python value, the same as JSON text), built as text: the standard encoder cannot
#: write thousands of levels itself.
EDGES = [
    ("deep", deep(5_000), "[" * 5_000 + "]" * 5_000),
    ("wide", [[None] * 3] * 1_000, json.dumps([[None] * 3] * 1_000)),
    ("nested", {"": deep(3_000)}, '{"":' + "[" * 3_000 + "]" * 3_000 + "}"),
]


@pytest.mark.parametrize("entry", DATA_ENTRIES, ids=[entry.name for entry in DATA_ENTRIES])
@pytest.mark.parametrize(("value", "text"), [e[1:] for e in EDGES], ids=[e[0] for e in EDGES])
def test_edge_values_are_refused_by_the_library(entry: Entry, value: object, text: str) -> None:
    outcome(entry, text if entry.name.startswith("from_json") else value)


def test_every_document_type_and_entry_point_is_fuzzed() -> None:
    from counselcore.serialization import DOCUMENT_TYPES

    names = {entry.name for entry in ENTRIES}
    for record_name in DOCUMENT_TYPES.values():
        assert {f"from_dict:{record_name}", f"from_json:{record_name}"} <= names
    assert len(names) == len(ENTRIES)
