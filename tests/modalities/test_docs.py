"""The modality docs page shows tables generated from the catalog and rule sets, so it cannot drift."""

import re
from pathlib import Path

import pytest

from counselcore.modalities import (
    BUILTIN_CATALOG,
    DEFAULT_MATCHING_POLICY,
    MATCHING_RULES,
    SEQUENCING_RULE_IDS,
    Indication,
    comparison_table,
    prerequisite_rules,
)

PAGE = Path(__file__).resolve().parents[2] / "docs" / "modalities.md"


def block(name: str) -> str:
    """The text between ``<!-- begin NAME -->`` and ``<!-- end NAME -->`` on the docs page."""
    text = PAGE.read_text(encoding="utf-8")
    found = re.search(rf"<!-- begin {name} -->\n(.*?)\n<!-- end {name} -->", text, re.DOTALL)
    assert found is not None, name
    return found.group(1)


def matching_table() -> str:
    indications = {i.rule_id: i for i in Indication}
    rows = ["| Rule id | Default weight | Fires when | Built-in modalities |", "|---|---|---|---|"]
    for rule in MATCHING_RULES:
        indication = indications.get(rule.id)
        if indication is None:
            ids = [m.id for m in BUILTIN_CATALOG if m.domains]
        else:
            ids = [m.id for m in BUILTIN_CATALOG if indication in m.indications]
        weight = DEFAULT_MATCHING_POLICY.weight(rule.id)
        rows.append(f"| `{rule.id}` | {weight:g} | {rule.description} | {', '.join(ids)} |")
    return "\n".join(rows)


def prerequisite_table() -> str:
    rows = ["| Rule id | Severity | Requirement |", "|---|---|---|"]
    rows.extend(
        f"| `{rule.id}` | {rule.severity.value} | {rule.description} |"
        for modality in BUILTIN_CATALOG
        for rule in prerequisite_rules(modality)
    )
    return "\n".join(rows)


class TestGeneratedTables:
    @pytest.mark.parametrize(
        ("name", "render"),
        [
            ("comparison", comparison_table),
            ("matching-rules", matching_table),
            ("prerequisite-rules", prerequisite_table),
        ],
    )
    def test_docs_table_matches_the_data(self, name, render):
        """The table on the docs page is exactly what the data renders today."""

        shown = block(name)

        assert shown == render(), f"regenerate the {name} table in docs/modalities.md"

    def test_every_sequencing_rule_is_documented(self):
        """The sequencing table lists every sequencing rule id, in order."""

        shown = re.findall(r"^\| `(sequence\.[a-z-]+)` \|", block("sequencing-rules"), re.MULTILINE)

        assert tuple(shown) == SEQUENCING_RULE_IDS

    def test_the_two_phase_machine_rule_ids_are_documented(self):
        """The rule ids the phase machine relies on appear in the prerequisite table."""

        shown = block("prerequisite-rules")

        assert "`modality.emdr.requires_stabilization`" in shown
        assert "`modality.emdr.not_in_crisis`" in shown
