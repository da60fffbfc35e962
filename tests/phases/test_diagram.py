"""Mermaid and DOT text for the phase graph."""

import re

from counselcore.phases import TRANSITIONS, Phase, to_dot, to_mermaid


class TestMermaid:
    def test_it_starts_at_intake(self) -> None:
        """The diagram is a Mermaid state diagram entering at intake."""
        lines = to_mermaid().splitlines()

        assert lines[:2] == ["stateDiagram-v2", "    [*] --> intake"]

    def test_every_phase_changing_row_is_drawn(self) -> None:
        """Each (source, target, event) that changes phase appears on some line."""
        text = to_mermaid()

        for row in TRANSITIONS:
            for target in row.targets:
                if target is not row.source:
                    line = re.search(
                        rf"^    {row.source.value} --> {target.value} : (.*)$", text, re.MULTILINE
                    )
                    assert line is not None
                    assert row.event.value in line.group(1).split(", ")

    def test_self_loops_on_request(self) -> None:
        """Events that keep the phase are drawn only when asked for."""
        assert "active --> active" not in to_mermaid()
        assert "    active --> active : session-held, measure-recorded" in to_mermaid(
            self_loops=True
        )


class TestDot:
    def test_it_is_a_digraph_with_every_phase(self) -> None:
        """The DOT text is one digraph naming every phase."""
        text = to_dot()

        assert text.startswith("digraph phases {")
        assert text.rstrip().endswith("}")
        for phase in Phase:
            assert f'"{phase.value}"' in text

    def test_it_draws_the_same_edges_as_mermaid(self) -> None:
        """DOT and Mermaid draw the same pairs with the same labels."""
        dot = re.findall(r'"(\w+)" -> "(\w+)" \[label="([^"]*)"\]', to_dot())
        mermaid = re.findall(r"^    (\w+) --> (\w+) : (.*)$", to_mermaid(), re.MULTILINE)

        assert dot == mermaid
