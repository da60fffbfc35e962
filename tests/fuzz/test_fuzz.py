"""
A short fuzzing budget for CI over every entry point in the registry (the long run is scripts/fuzz.py).

Each entry point gets JSON-shaped junk, mutated valid documents and values at the edges (deep
nesting, huge integers, calendar ends); it must return or raise a library error with a rule id.
"""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counselcore.errors import CounselcoreError
from counselcore.violations import Violation
from tests.fuzz.entries import Entry, LeakFoundError, _run_cli, deep, entries, outcome
from tests.privacy import MARKER

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


def test_the_validator_every_fhir_importer_and_the_file_commands_are_fuzzed() -> None:
    from counselcore import fhir

    names = {entry.name for entry in ENTRIES}
    importers = {f"fhir.{name}" for name in fhir.__all__ if name.startswith("from_fhir_")}
    expected = importers | {
        "fhir.fhir_import",
        "fhir.fhir_export",
        "validation.validate_case",
        "validation.validate_cases",
        "cli.validate",
        "cli.fhir-import",
        "cli.fhir-export",
        "cli.simulate-scenario",
        "cli.schema",
    }
    assert expected <= names


def test_a_message_quoting_its_input_is_caught_as_a_leak() -> None:
    """The privacy property is not vacuous: an error that quotes a planted marker fails it."""

    def quoting(value: object) -> object:
        message = f"bad value {value!r}"
        raise CounselcoreError(message)

    def reporting(value: object) -> object:
        return Violation(rule="x.y", path=(), message=str(value))

    for call in (quoting, reporting, lambda v: [reporting(v)]):
        with pytest.raises(LeakFoundError):
            outcome(Entry("quoting", st.just(MARKER), call), MARKER)


def test_the_cli_contract_is_checked() -> None:
    """Exit code 2 with one line on stderr passes; the property names the run's outcome."""
    run = _run_cli(["schema", "no-such-type"])
    assert run.code == 2
    assert run.stderr.count("\n") == 1
