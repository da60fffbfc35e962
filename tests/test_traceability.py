"""Every rule and cut point has a source users can read and a test; the traceability page matches."""

import pytest

from counselcore.measures import BUILTIN_INSTRUMENTS
from counselcore.validation import rule_catalog
from tests.traceability import FORBIDDEN_SOURCES, PAGE, cut_points, files_naming, render

RULES = rule_catalog()
INSTRUMENTS = [i for i in BUILTIN_INSTRUMENTS if cut_points(i)]


@pytest.mark.parametrize("entry", RULES, ids=[f"{e.rule_set}:{e.id}" for e in RULES])
def test_every_rule_has_a_source_and_a_test(entry: object) -> None:
    rule_id, source = entry.id, entry.source  # type: ignore[attr-defined]
    assert source.strip(), f"{rule_id} has no source"
    assert not any(phrase in source for phrase in FORBIDDEN_SOURCES), f"{rule_id}: {source}"
    assert files_naming(rule_id), f"no test names {rule_id}"


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=[i.id for i in INSTRUMENTS])
def test_every_cut_point_has_a_source_and_a_test(instrument: object) -> None:
    instrument_id, source = instrument.id, instrument.source  # type: ignore[attr-defined]
    assert source.strip(), f"{instrument_id} has no source"
    assert not any(phrase in source for phrase in FORBIDDEN_SOURCES), source
    assert "tests/measures/test_builtin.py" in files_naming(instrument_id), (
        f"{instrument_id}: its cut points have no hand-typed expectation"
    )


def test_the_page_is_generated_from_the_declarations() -> None:
    assert PAGE.read_text(encoding="utf-8") == render(), "run: python -m tests.traceability"
