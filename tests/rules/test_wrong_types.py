# mypy: disable-error-code="arg-type"
"""Violation, Finding, Report, Rule, RuleSet and PlanContext store immutable, well-typed parts."""

from typing import Any

import pytest

from counselcore.errors import InvalidValueError
from counselcore.rules import Finding, PlanContext, Report, Rule, RuleSet
from counselcore.violations import Severity, Violation

V = Violation(rule="a.b", path=("x",), message="m")


def _never(_subject: object, _context: object) -> list[Finding]:
    return []


@pytest.mark.parametrize(
    ("build", "where"),
    [
        (lambda: Violation(rule="a.b", path=["x"], message="m"), "path"),
        (lambda: Violation(rule="a.b", path=(1.5,), message="m"), "path"),
        (lambda: Violation(rule="a.b", path=(), message=None), "message"),
        (lambda: Violation(rule=3, path=(), message="m"), "rule"),
        (lambda: Violation(rule="a.b", path=(), message="m", severity="error"), "severity"),
        (lambda: Violation(rule="a.b", path=(), message="m", evidence=[("n", 1)]), "evidence"),
        (lambda: Violation(rule="a.b", path=(), message="m", evidence=(("n", [1]),)), "evidence"),
        (
            lambda: Violation(rule="a.b", path=(), message="m", evidence=(("n", 1), ("n", 2))),
            "evidence",
        ),
        (lambda: Finding(path=["x"], message="m"), "path"),
        (lambda: Finding(path=(), message="m", evidence={"n": 1}), "evidence"),
        (lambda: Report(violations=[V]), "violations"),
        (lambda: Report(violations=("v",)), "violations[0]"),
        (lambda: Rule(id="a.b", description=None, check=_never), "description"),
        (lambda: Rule(id="a.b", description="d", check="f"), "check"),
        (lambda: Rule(id="a.b", description="d", check=_never, severity="warning"), "severity"),
        (lambda: RuleSet(name="s", rules=("a.b",)), "rules[0]"),
        (lambda: RuleSet(name="s", rules="a.b"), "rules"),
        (lambda: PlanContext(modalities="cbt"), "modalities"),
        (lambda: PlanContext(modalities={"cbt", 3}), "modalities"),
    ],
)
def test_wrong_parts_are_refused(build: Any, where: str) -> None:
    """A list, a wrong scalar or a repeated evidence name is refused at its field."""
    with pytest.raises(InvalidValueError) as info:
        build()

    assert info.value.paths == (where,)


def test_plan_context_freezes_its_modalities() -> None:
    """Any iterable of ids becomes a frozenset, so a caller's set cannot change it later."""
    ids = {"cbt", "act"}
    context = PlanContext(modalities=ids)
    ids.add("reiki")

    assert context.modalities == frozenset({"cbt", "act"})
    assert type(context.modalities) is frozenset


def test_valid_parts_are_kept() -> None:
    """Well-typed values construct as before."""
    violation = Violation(
        rule="a.b", path=("x", 0), message="m", severity=Severity.INFO, evidence=(("n", None),)
    )

    assert Report(violations=(violation,)).violations == (violation,)
