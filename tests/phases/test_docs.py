"""The phase docs show what the code does: the diagram and the tables are checked here."""

from pathlib import Path

import attrs

from counselcore.phases import (
    PHASE_GUARDS,
    SESSION_KINDS,
    TRANSITIONS,
    Phase,
    PhasePolicy,
    to_mermaid,
)
from counselcore.phases._guards import STATE_ONLY

DOCS = Path(__file__).resolve().parents[2] / "docs"


def guard_table() -> str:
    header = "| Rule id | Severity | Requirement | Known before the event | Source |\n"
    header += "|---|---|---|---|---|\n"
    return header + "".join(
        f"| `{rule.id}` | {rule.severity.value} | {rule.description} | "
        f"{'yes' if rule.id in STATE_ONLY else 'no'} | {rule.source} |\n"
        for rule in PHASE_GUARDS
    )


def transition_table() -> str:
    header = "| From | Event | To | Guards | Delegated checks |\n|---|---|---|---|---|\n"
    rows = []
    for row in TRANSITIONS:
        targets = ", ".join(t.value for t in row.targets)
        guards = ", ".join(f"`{g}`" for g in row.guards) or "-"
        delegated = ", ".join(row.delegated) or "-"
        rows.append(
            f"| {row.source.value} | {row.event.value} | {targets} | {guards} | {delegated} |\n"
        )
    return header + "".join(rows)


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

    def test_the_transition_table_matches_the_declaration(self) -> None:
        """The transition table lists TRANSITIONS row by row."""
        assert transition_table() in self.page

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


class TestPolicyHowTo:
    page = (DOCS / "how-to" / "organization-policy.md").read_text(encoding="utf-8")

    def test_every_policy_field_is_named(self) -> None:
        """The how-to's list of policy settings names every field a PhasePolicy takes."""
        fields = [f.name for f in attrs.fields(PhasePolicy) if f.init]

        missing = [name for name in fields if f"`{name}`" not in self.page]

        assert fields
        assert missing == []
