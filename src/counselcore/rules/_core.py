"""The rules machinery: `Finding`, `Rule`, `RuleSet`, `Report`, `evaluate`."""

import re
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Generic, TypeVar

from attrs import evolve, field, frozen

from counselcore._internal.words import with_article
from counselcore.errors import InvalidValueError, RulesFailedError, UnknownRuleError
from counselcore.violations import (
    Evidence,
    Path,
    Severity,
    Violation,
    check_violation_parts,
    has_errors,
    with_severity,
)

__all__ = ["Finding", "Report", "Rule", "RuleSet", "evaluate"]

S = TypeVar("S")
C = TypeVar("C")

_RULE_ID = re.compile(r"[a-z][a-z0-9_-]*(?:\.[a-z0-9][a-z0-9_-]*)+")


@frozen(kw_only=True)
class Finding:
    """
    What a rule's check reports: where, what (no clinical text), and the facts.

    The rule that ran it adds its id and severity to make a `Violation`.

    Example:
        >>> Finding(path=("review",), message="the plan has no review schedule")
        Finding(path=('review',), message='the plan has no review schedule', evidence=())
    """

    path: Path
    message: str
    evidence: Evidence = ()

    def __attrs_post_init__(self) -> None:
        problem = check_violation_parts(self.path, self.message, self.evidence)
        if problem is not None:
            raise InvalidValueError((problem[0],), "structure.type", problem[1])


def _check_rule_id(_instance: object, _attribute: object, value: str) -> None:
    if type(value) is not str or _RULE_ID.fullmatch(value) is None:
        raise InvalidValueError(
            ("id",),
            "structure.rule-id",
            "must be dotted lower-case words, e.g. 'plan.problem-has-goal'",
        )


@frozen(kw_only=True)
class Rule(Generic[S, C]):
    """
    A named, pure check: *check(subject, context)* yields `Finding` values.

    *id* is stable public API; *severity* is what each finding is reported as, and an
    organization may re-grade it in its own `RuleSet`.

    Example:
        >>> def needs_name(subject: dict, context: None):
        ...     if not subject.get("name"):
        ...         yield Finding(path=("name",), message="has no name")
        >>> rule = Rule(id="demo.has-name", description="Every thing has a name.", check=needs_name)
        >>> rule.evaluate({}, None)[0].rule
        'demo.has-name'
    """

    id: str = field(validator=_check_rule_id)
    description: str
    check: Callable[[S, C], Iterable[Finding]] = field(repr=False)
    severity: Severity = Severity.ERROR
    source: str = ""

    def __attrs_post_init__(self) -> None:
        if type(self.description) is not str:
            raise InvalidValueError(("description",), "structure.type", "must be a string")
        if not callable(self.check):
            raise InvalidValueError(("check",), "structure.type", "must be callable")
        if type(self.severity) is not Severity:
            raise InvalidValueError(("severity",), "structure.type", "must be a Severity member")
        if type(self.source) is not str:
            raise InvalidValueError(("source",), "structure.type", "must be a string")

    def evaluate(self, subject: S, context: C) -> tuple[Violation, ...]:
        """Run the check on *subject* and stamp each finding with this rule's id and severity."""
        rule_id, severity = self.id, self.severity
        return tuple(
            [
                Violation(
                    rule=rule_id,
                    path=finding.path,
                    message=finding.message,
                    severity=severity,
                    evidence=finding.evidence,
                )
                for finding in self.check(subject, context)
            ]
        )


@frozen(kw_only=True)
class Report:
    """
    The outcome of evaluating a rule set: violations in rule order, then path order.

    Example:
        >>> Report().ok
        True
        >>> v = Violation(rule="plan.has-goal", path=("goals",), message="no goals", severity=Severity.WARNING)
        >>> r = Report(violations=(v,))
        >>> r.ok, len(r.warnings), r.rule_ids
        (True, 1, ('plan.has-goal',))
    """

    violations: tuple[Violation, ...] = ()

    def __attrs_post_init__(self) -> None:
        if type(self.violations) is not tuple:
            raise InvalidValueError(("violations",), "structure.type", "must be a tuple")
        for index, violation in enumerate(self.violations):
            if type(violation) is not Violation:
                raise InvalidValueError(
                    ("violations", index), "structure.type", "must be a Violation"
                )

    @property
    def ok(self) -> bool:
        """True when no violation has error severity."""
        return not has_errors(self.violations)

    @property
    def errors(self) -> tuple[Violation, ...]:
        """The error-severity violations."""
        return with_severity(self.violations, Severity.ERROR)

    @property
    def warnings(self) -> tuple[Violation, ...]:
        """The warning-severity violations."""
        return with_severity(self.violations, Severity.WARNING)

    @property
    def infos(self) -> tuple[Violation, ...]:
        """The info-severity violations."""
        return with_severity(self.violations, Severity.INFO)

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """The distinct rule ids that fired, in report order."""
        return tuple(dict.fromkeys(v.rule for v in self.violations))

    def by_rule(self) -> Mapping[str, tuple[Violation, ...]]:
        """The violations grouped by rule id, in report order (a read-only mapping)."""
        grouped: dict[str, list[Violation]] = {}
        for violation in self.violations:
            grouped.setdefault(violation.rule, []).append(violation)
        return types.MappingProxyType({key: tuple(value) for key, value in grouped.items()})

    def raise_if_failed(self) -> None:
        """
        Raise `counselcore.errors.RulesFailedError` if any violation has error severity.

        Raises:
            counselcore.errors.RulesFailedError: Holding the error-severity violations.
        """
        if not self.ok:
            raise RulesFailedError(self.errors)


_EMPTY_REPORT = Report()


def _to_rules(value: Iterable[Rule[S, C]]) -> tuple[Rule[S, C], ...]:
    if isinstance(value, (str, bytes, dict)) or not isinstance(value, Iterable):
        raise InvalidValueError(("rules",), "structure.type", "must be an iterable of rules")
    return tuple(value)


@frozen(kw_only=True)
class RuleSet(Generic[S, C]):
    """
    An immutable, ordered collection of rules with unique ids.

    Every change returns a new rule set, so an organization builds its policy from ours
    without touching library code. *subject_types* and *context_types*, when given, are the
    exact types `evaluate` accepts (``type(None)`` for "no context"); a subject or context of
    another type is refused with `counselcore.errors.InvalidValueError` (``structure.type``)
    before any rule runs, instead of failing inside a rule.

    Example:
        >>> from counselcore.rules import PLAN_COMPLETENESS, PlanContext
        >>> lenient = PLAN_COMPLETENESS.without("plan.session-cadence-set").regrade(
        ...     "plan.review-interval-set", Severity.WARNING
        ... )
        >>> "plan.session-cadence-set" in lenient, lenient["plan.review-interval-set"].severity
        (False, <Severity.WARNING: 'warning'>)
        >>> len(PLAN_COMPLETENESS) - len(lenient)
        1
        >>> lenient.evaluate(None, PlanContext())
        Traceback (most recent call last):
        counselcore.errors.InvalidValueError: 1 structural problem: subject: must be a TreatmentPlan [structure.type]
    """

    name: str
    rules: tuple[Rule[S, C], ...] = field(default=(), converter=_to_rules)
    subject_types: tuple[type, ...] = ()
    context_types: tuple[type, ...] = ()

    def __attrs_post_init__(self) -> None:
        if type(self.name) is not str:
            raise InvalidValueError(("name",), "structure.type", "must be a string")
        for name in ("subject_types", "context_types"):
            declared = getattr(self, name)
            if type(declared) is not tuple or not all(isinstance(t, type) for t in declared):
                raise InvalidValueError((name,), "structure.type", "must be a tuple of types")
        seen: set[str] = set()
        for index, rule in enumerate(self.rules):
            if type(rule) is not Rule:
                raise InvalidValueError(("rules", index), "structure.type", "must be a Rule")
            if rule.id in seen:
                raise InvalidValueError(
                    ("rules", index, "id"), "structure.id-unique", "repeats a rule id in this set"
                )
            seen.add(rule.id)

    def __iter__(self) -> Iterator[Rule[S, C]]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def __contains__(self, rule_id: object) -> bool:
        return any(rule.id == rule_id for rule in self.rules)

    def __getitem__(self, rule_id: str) -> Rule[S, C]:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise UnknownRuleError(rule_id)

    @property
    def ids(self) -> tuple[str, ...]:
        """The rule ids, in evaluation order."""
        return tuple(rule.id for rule in self.rules)

    def with_rule(self, rule: Rule[S, C]) -> "RuleSet[S, C]":
        """Return a copy with *rule* appended (its id must be new)."""
        return evolve(self, rules=(*self.rules, rule))

    def replace(self, rule: Rule[S, C]) -> "RuleSet[S, C]":
        """Return a copy where the rule with *rule*'s id is swapped for *rule*."""
        if not isinstance(rule, Rule):
            raise InvalidValueError(("rule",), "structure.type", "must be a Rule")
        self[rule.id]
        return evolve(self, rules=tuple(rule if r.id == rule.id else r for r in self.rules))

    def without(self, *rule_ids: str) -> "RuleSet[S, C]":
        """Return a copy without the named rules (each must exist)."""
        for rule_id in rule_ids:
            self[rule_id]
        return evolve(self, rules=tuple(r for r in self.rules if r.id not in rule_ids))

    def regrade(self, rule_id: str, severity: Severity) -> "RuleSet[S, C]":
        """Return a copy where *rule_id* reports at *severity*."""
        return self.replace(evolve(self[rule_id], severity=severity))

    def merge(self, other: "RuleSet[S, C]", *, name: str | None = None) -> "RuleSet[S, C]":
        """Return the rules of this set followed by *other*'s (ids must not clash)."""
        if not isinstance(other, RuleSet):
            raise InvalidValueError(("other",), "structure.type", "must be a RuleSet")
        if (self.subject_types, self.context_types) != (other.subject_types, other.context_types):
            raise InvalidValueError(
                ("other",), "structure.type", "checks other subject or context types"
            )
        return RuleSet(
            name=f"{self.name}+{other.name}" if name is None else name,
            rules=(*self.rules, *other.rules),
            subject_types=self.subject_types,
            context_types=self.context_types,
        )

    def evaluate(self, subject: S, context: C) -> Report:
        """Run every rule on *subject* in order and collect a `Report`."""
        for name, value, declared in (
            ("subject", subject, self.subject_types),
            ("context", context, self.context_types),
        ):
            if declared and type(value) not in declared:
                expected = " or ".join("None" if t is type(None) else t.__name__ for t in declared)
                raise InvalidValueError(
                    (name,), "structure.type", f"must be {with_article(expected)}"
                )
        violations: list[Violation] = []
        for rule in self.rules:
            found = rule.evaluate(subject, context)
            if found:
                violations.extend(found)
        return Report(violations=tuple(violations)) if violations else _EMPTY_REPORT


def evaluate(subject: S, ruleset: RuleSet[S, C], context: C) -> Report:
    """
    Evaluate *ruleset* on *subject* with *context*; the same as ``ruleset.evaluate(subject, context)``.

    Example:
        >>> import datetime as dt
        >>> from counselcore.model import ClientRef, TreatmentPlan
        >>> from counselcore.rules import PLAN_COMPLETENESS, PlanContext
        >>> draft = TreatmentPlan(plan_id="tp-1", client=ClientRef("c-1"), starts_on=dt.date(2024, 1, 15))
        >>> report = evaluate(draft, PLAN_COMPLETENESS, PlanContext())
        >>> report.ok
        False
        >>> report.rule_ids
        ('plan.has-goal', 'plan.consent-before-start', 'plan.review-interval-set', 'plan.session-cadence-set')
    """
    if type(ruleset) is not RuleSet:
        raise InvalidValueError(("ruleset",), "structure.type", "must be a RuleSet")
    return ruleset.evaluate(subject, context)
