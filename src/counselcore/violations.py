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

    def __attrs_post_init__(self) -> None:
        problem = check_violation_parts(self.path, self.message, self.evidence)
        if type(self.rule) is not str:
            problem = ("rule", "must be a string")
        elif type(self.severity) is not Severity:
            problem = ("severity", "must be a Severity member")
        if problem is not None:
            _refuse(*problem)

    @property
    def where(self) -> str:
        """The path rendered as text, for example ``goals[2].objectives[0].target``."""
        return render_path(self.path)

    def __str__(self) -> str:
        return f"{self.where}: {self.message} [{self.rule}]"


_SCALARS = (str, int, float, bool, type(None))


def check_violation_parts(
    path: object, message: object, evidence: object
) -> tuple[str, str] | None:
    """
    The first structural problem of a violation's *path*, *message* and *evidence*, or None.

    Returns ``(field, message)``; `Violation` and `counselcore.rules.Finding` raise it.

    Example:
        >>> check_violation_parts(("goals", 0), "m", ()) is None
        True
        >>> check_violation_parts(["goals"], "m", ())
        ('path', 'must be a tuple of field names and indexes')
    """
    if type(path) is not tuple or not all(type(step) in (str, int) for step in path):
        return ("path", "must be a tuple of field names and indexes")
    if type(message) is not str:
        return ("message", "must be a string")
    if type(evidence) is not tuple or not all(
        type(pair) is tuple
        and len(pair) == 2  # noqa: PLR2004 - (name, value)
        and type(pair[0]) is str
        and type(pair[1]) in _SCALARS
        for pair in evidence
    ):
        return ("evidence", "must be a tuple of (name, scalar) pairs")
    if len({name for name, _ in evidence}) != len(evidence):
        return ("evidence", "must not name a fact twice")
    return None


def _refuse(name: str, message: str) -> None:
    from counselcore.errors import InvalidValueError  # here: errors imports this module

    raise InvalidValueError((name,), "structure.type", message)


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
