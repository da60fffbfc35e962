from pathlib import Path

from counselcore.fhir import code_system_table, extension_table, rule_table

DOCS = Path(__file__).resolve().parents[2] / "docs"


class TestGeneratedTables:
    def test_export_page_shows_the_extension_registry(self):
        """The export how-to holds the registry table exactly as the code renders it."""
        assert extension_table() in (DOCS / "fhir-export.md").read_text(encoding="utf-8")

    def test_import_page_shows_the_rule_table(self):
        """The import how-to holds the rule table exactly as the code renders it."""
        assert rule_table() in (DOCS / "fhir-import.md").read_text(encoding="utf-8")

    def test_export_page_shows_the_code_systems(self):
        """The export how-to holds the code-system table exactly as the code renders it."""
        assert code_system_table() in (DOCS / "fhir-export.md").read_text(encoding="utf-8")
