"""The phase docs show what the code does: the diagram and the tables are checked here."""

from pathlib import Path

from counselcore.phases import PHASE_GUARDS, SESSION_KINDS, Phase, to_mermaid

DOCS = Path(__file__).resolve().parents[2] / "docs"


def guard_table() -> str:
    header = "| Rule id | Severity | Requirement |\n|---|---|---|\n"
    return header + "".join(
        f"| `{rule.id}` | {rule.severity.value} | {rule.description} |\n" for rule in PHASE_GUARDS
    )


def session_table() -> str:
    header = "| Phase | Session kinds that fit |\n|---|---|\n"
    rows = []
    for phase in Phase:
        kinds = sorted(kind.value for kind in SESSION_KINDS[phase])
        rows.append(f"| {phase.value} | {', '.join(kinds) or '(none)'} |\n")
    return header + "".join(rows)


class TestPhasesPage:
    page = (DOCS / "phases.md").read_text(encoding="utf-8")

    def test_the_guard_table_matches_the_rule_set(self) -> None:
        """The guard table lists PHASE_GUARDS in order, with severities and descriptions."""
        assert guard_table() in self.page

    def test_the_session_table_matches_the_data(self) -> None:
        """The session-kind table matches SESSION_KINDS."""
        assert session_table() in self.page

    def test_the_diagram_is_the_one_the_code_draws(self) -> None:
        """The embedded Mermaid diagram is exactly to_mermaid()."""
        assert f"```mermaid\n{to_mermaid()}```\n" in self.page

    def test_every_guard_is_in_the_changelog(self) -> None:
        """Every guard id is listed in the changelog."""
        changelog = (DOCS.parent / "CHANGELOG.md").read_text(encoding="utf-8")

        missing = [rule.id for rule in PHASE_GUARDS if f"`{rule.id}`" not in changelog]

        assert missing == []
