"""
What every check returns: `Violation`, its `Severity`, and `render_path`.

A broken rule is a result, not a crash. Checks return tuples of `Violation`
values; callers decide whether to raise, log or show them.
"""

import enum
from collections.abc import Iterable, Sequence

from attrs import frozen

__all__ = [
    "Evidence",
    "Path",
    "Scalar",
    "Severity",
    "Violation",
    "has_errors",
    "render_path",
    "with_severity",
]

#: A value that may appear as evidence: numbers, flags, ids and enum values only,
#: never free text from a clinical record.
Scalar = str | int | float | bool | None

#: A location inside a checked value, from the top down: ``("goals", 2, "target")``.
Path = tuple[str | int, ...]

#: The facts behind a violation as ``(name, value)`` pairs, in a fixed order.
Evidence = tuple[tuple[str, Scalar], ...]


class Severity(enum.Enum):
    """
    How much a broken rule matters.

    Example:
        >>> Severity.ERROR.value
        'error'
        >>> Severity.WARNING < Severity.ERROR
        True
    """

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error."""
        return _RANKS[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank


_RANKS = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


def render_path(path: Sequence[str | int]) -> str:
    """
    Render *path* the way users write it: ``goals[2].objectives[0].target``.

    Example:
        >>> render_path(("goals", 2, "objectives", 0, "target"))
        'goals[2].objectives[0].target'
        >>> render_path(())
        '<root>'
    """
    if not path:
        return "<root>"
    parts: list[str] = []
    for step in path:
        if isinstance(step, int):
            parts.append(f"[{step}]")
        elif parts:
            parts.append(f".{step}")
        else:
            parts.append(step)
    return "".join(parts)


@frozen(kw_only=True)
class Violation:
    """
    One rule, broken in one place.

    *message* is for people and is built from paths, ids and numbers only; never
    parse it. *evidence* holds the same facts as data.

    Example:
        >>> v = Violation(
        ...     rule="plan.review-interval-set",
        ...     path=("review",),
        ...     message="the plan has no review schedule",
        ... )
        >>> v.where
        'review'
        >>> v.severity
        <Severity.ERROR: 'error'>
    """

    rule: str
    path: Path
    message: str
    severity: Severity = Severity.ERROR
    evidence: Evidence = ()

    @property
    def where(self) -> str:
        """The path rendered as text, for example ``goals[2].objectives[0].target``."""
        return render_path(self.path)

    def __str__(self) -> str:
        return f"{self.where}: {self.message} [{self.rule}]"


def with_severity(violations: Iterable[Violation], severity: Severity) -> tuple[Violation, ...]:
    """
    Return the *violations* of exactly *severity*, in order.

    Example:
        >>> found = (
        ...     Violation(rule="a.x", path=(), message="m"),
        ...     Violation(rule="a.y", path=(), message="m", severity=Severity.WARNING),
        ... )
        >>> [v.rule for v in with_severity(found, Severity.WARNING)]
        ['a.y']
    """
    return tuple(v for v in violations if v.severity is severity)


def has_errors(violations: Iterable[Violation]) -> bool:
    """
    Whether any of *violations* has error severity (what refuses a move or fails a report).

    Example:
        >>> has_errors([Violation(rule="a.x", path=(), message="m", severity=Severity.INFO)])
        False
    """
    return any(v.severity is Severity.ERROR for v in violations)
