"""docs/measures.md shows the instrument and rule tables rendered from the data (drift-proof)."""

from pathlib import Path

import pytest

from counselcore.measures import BUILTIN_INSTRUMENTS, instrument_table, measures_rule_table

DOCS = Path(__file__).resolve().parents[2] / "docs" / "measures.md"


def shown(name: str) -> str:
    text = DOCS.read_text(encoding="utf-8")
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    return text.split(start, 1)[1].split(end, 1)[0].strip()


@pytest.mark.parametrize(
    ("name", "render"),
    [("instrument-table", instrument_table), ("rule-table", measures_rule_table)],
)
def test_docs_tables_match_the_data(name, render):
    """Each table in docs/measures.md equals the one rendered from the definitions today."""
    assert shown(name) == render(), f"regenerate the {name} in docs/measures.md"


def test_every_builtin_instrument_has_a_row_with_its_source():
    """Each built-in instrument appears once in the table, with its source cited."""
    rows = instrument_table().splitlines()[2:]

    assert [row.split(" | ")[0] for row in rows] == [f"| `{i.id}`" for i in BUILTIN_INSTRUMENTS]
    assert all(
        i.source and i.source in row for i, row in zip(BUILTIN_INSTRUMENTS, rows, strict=True)
    )


def test_every_rule_row_names_a_source():
    """Each measurement-based care and substance use rule row cites a source with a tag."""
    rows = measures_rule_table().splitlines()[2:]

    assert rows
    assert all(row.rsplit(" | ", 1)[1].startswith("[") for row in rows)
