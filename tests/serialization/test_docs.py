"""The serialization page shows tables generated from the declarations, so it cannot drift."""

import re
from pathlib import Path

import pytest

from counselcore.serialization import document_table, event_table

PAGE = Path(__file__).resolve().parents[2] / "docs" / "serialization.md"


def block(name: str) -> str:
    text = PAGE.read_text(encoding="utf-8")
    found = re.search(rf"<!-- begin {name} -->\n(.*?)\n<!-- end {name} -->", text, re.DOTALL)
    assert found is not None, name
    return found.group(1)


@pytest.mark.parametrize(
    ("name", "render"), [("documents", document_table), ("events", event_table)]
)
def test_the_page_tables_match_the_declarations(name: str, render: object) -> None:
    """Each generated table on the page equals what the code renders now."""
    assert callable(render)

    assert block(name) == render()
