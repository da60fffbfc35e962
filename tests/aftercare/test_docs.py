from pathlib import Path

from counselcore.aftercare import AFTERCARE_RULES, SAFETY_PLAN_RULES, TERMINATION_RULES

PAGE = Path(__file__).resolve().parents[2] / "docs" / "aftercare.md"


def rows_in_page() -> list[str]:
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.startswith("| `aftercare.")]


def expected_rows() -> list[str]:
    return [
        f"| `{rule.id}` | {rule.severity.value} | {rule.description} | {rule.source} |"
        for ruleset in (AFTERCARE_RULES, SAFETY_PLAN_RULES, TERMINATION_RULES)
        for rule in ruleset
    ]


class TestRuleReference:
    def test_the_tables_match_the_rule_sets(self) -> None:
        """Every rule appears once, in order, with its current severity, description and source."""
        rows = rows_in_page()

        assert rows == expected_rows()

    def test_each_table_follows_its_heading(self) -> None:
        """Each rule set's rows sit under the heading that names it."""
        text = PAGE.read_text(encoding="utf-8")

        positions = [
            text.index(f"`counselcore.aftercare.{name}`")
            for name in ("AFTERCARE_RULES", "SAFETY_PLAN_RULES", "TERMINATION_RULES")
        ]
        first_rows = [
            text.index(f"| `{ruleset.ids[0]}`")
            for ruleset in (AFTERCARE_RULES, SAFETY_PLAN_RULES, TERMINATION_RULES)
        ]

        assert (
            positions[0]
            < first_rows[0]
            < positions[1]
            < first_rows[1]
            < positions[2]
            < first_rows[2]
        )
