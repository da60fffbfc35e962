"""The phase graph as text: Mermaid and Graphviz DOT (no graphviz dependency)."""

from counselcore.phases._machine import TRANSITIONS
from counselcore.phases._phase import Phase

__all__ = ["to_dot", "to_mermaid"]


def _edges(*, self_loops: bool) -> list[tuple[Phase, Phase, str]]:
    """``(source, target, label)`` per pair of phases, labels joined in table order."""
    labels: dict[tuple[Phase, Phase], list[str]] = {}
    for row in TRANSITIONS:
        for target in row.targets:
            if target is row.source and not self_loops:
                continue
            labels.setdefault((row.source, target), []).append(row.event.value)
    return [(source, target, ", ".join(names)) for (source, target), names in labels.items()]


def to_mermaid(*, self_loops: bool = False) -> str:
    """
    Return the phase graph as a Mermaid state diagram.

    Each line is one pair of phases, labelled with the event kinds that lead from one to the
    other; events that leave the phase unchanged are left out unless *self_loops*.

    Example:
        >>> print(to_mermaid().splitlines()[2])
            intake --> planning : intake-completed
    """
    lines = ["stateDiagram-v2", f"    [*] --> {Phase.INTAKE.value}"]
    lines.extend(
        f"    {source.value} --> {target.value} : {label}"
        for source, target, label in _edges(self_loops=self_loops)
    )
    return "\n".join(lines) + "\n"


def to_dot(*, self_loops: bool = False) -> str:
    """
    Return the phase graph as Graphviz DOT text (render it with any DOT tool).

    Example:
        >>> print(to_dot().splitlines()[3])
          "intake" -> "planning" [label="intake-completed"];
    """
    lines = ["digraph phases {", "  rankdir=LR;", "  node [shape=box, style=rounded];"]
    lines.extend(
        f'  "{source.value}" -> "{target.value}" [label="{label}"];'
        for source, target, label in _edges(self_loops=self_loops)
    )
    lines.append("}")
    return "\n".join(lines) + "\n"
