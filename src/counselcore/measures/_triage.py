"""
Item-based triage: a risk level from which items were endorsed, not from a summed score.

The Columbia suicide-risk screener is scored this way ([V] Posner 2011; Columbia triage
guidance): the official method has no total. A `Triage` is the rule as data, so a service can
replace the convention without changing library code.
"""

from attrs import field, frozen

from counselcore._internal.checks import (
    check_distinct,
    check_enum,
    check_identifier,
    check_instance,
    check_instances,
    check_int,
    check_text,
    check_tuple,
    fail,
)
from counselcore.model import RiskLevel

__all__ = ["Triage", "TriageResult", "TriageRule"]

#: Most items a triage rule may name (as many as an instrument may have).
_MAX_ITEMS = 200


@frozen(kw_only=True)
class TriageRule:
    """
    If any of the items numbered *items* (1-based) is endorsed, the risk is at least *level*.

    Example:
        >>> TriageRule(level=RiskLevel.HIGH, items=(4, 5, 7))
        TriageRule(level=<RiskLevel.HIGH: 'high'>, items=(4, 5, 7))
    """

    level: RiskLevel
    items: tuple[int, ...]

    def __attrs_post_init__(self) -> None:
        check_enum(self.level, RiskLevel, ("level",))
        if self.level is RiskLevel.NONE:
            raise fail(("level",), "structure.range", "must be above none: no rule lowers risk")
        check_tuple(self.items, ("items",))
        if not self.items:
            raise fail(("items",), "structure.non-empty", "must list at least one item")
        for index, number in enumerate(self.items):
            check_int(number, ("items", index), minimum=1, maximum=_MAX_ITEMS)
        check_distinct(self.items, ("items",))


@frozen(kw_only=True)
class TriageResult:
    """
    A triage verdict: the risk *level* and the endorsed *items* that drove it (ascending).

    *items* is empty when the level is none.

    Example:
        >>> TriageResult(level=RiskLevel.MODERATE, items=(6,))
        TriageResult(level=<RiskLevel.MODERATE: 'moderate'>, items=(6,))
    """

    level: RiskLevel
    items: tuple[int, ...] = ()

    def __attrs_post_init__(self) -> None:
        check_enum(self.level, RiskLevel, ("level",))
        check_tuple(self.items, ("items",))
        for index, number in enumerate(self.items):
            check_int(number, ("items", index), minimum=1, maximum=_MAX_ITEMS)
        if (self.level is RiskLevel.NONE) != (not self.items):
            raise fail(("items",), "structure.invalid", "must be empty exactly when level is none")


@frozen(kw_only=True)
class Triage:
    """
    An item-based triage convention: the highest level any endorsed item reaches wins.

    An item is *endorsed* when it scores at least *endorsed_at* (1 = "yes" on a yes/no form).
    The verdict names the endorsed items of every rule at the winning level, so the record
    says why. When the level reaches *flag_from*, an administration raises *flag* (the
    library's suicide-risk flag for the Columbia screener, so aftercare and phase rules see it).

    Example:
        >>> t = Triage(rules=(TriageRule(level=RiskLevel.LOW, items=(1,)),
        ...                   TriageRule(level=RiskLevel.HIGH, items=(2,))))
        >>> t.classify((1, 0)).level, t.classify((1, 1)).items
        (<RiskLevel.LOW: 'low'>, (2,))
    """

    rules: tuple[TriageRule, ...]
    endorsed_at: int = 1
    flag: str | None = None
    flag_from: RiskLevel = RiskLevel.LOW
    source: str = field(default="", repr=False)

    def __attrs_post_init__(self) -> None:
        check_instances(self.rules, TriageRule, ("rules",))
        if not self.rules:
            raise fail(("rules",), "structure.non-empty", "must list at least one rule")
        check_int(self.endorsed_at, ("endorsed_at",), minimum=1)
        if self.flag is not None:
            check_identifier(self.flag, ("flag",))
        check_enum(self.flag_from, RiskLevel, ("flag_from",))
        if self.flag_from is RiskLevel.NONE:
            raise fail(("flag_from",), "structure.range", "must be above none")
        check_text(self.source, ("source",))

    @property
    def items(self) -> frozenset[int]:
        """Every item number a rule names."""
        return frozenset(number for rule in self.rules for number in rule.items)

    def classify(self, scores: tuple[int, ...]) -> TriageResult:
        """
        Return the level the item scores *scores* (in item order) reach, and why.

        Raises:
            counselcore.errors.InvalidValueError: If *scores* is not a tuple of non-negative
                ints (the bad one is named by its index).

        Example:
            >>> from counselcore.measures import COLUMBIA_TRIAGE
            >>> COLUMBIA_TRIAGE.classify((1, 1, 1, 0, 0, 1, 0))
            TriageResult(level=<RiskLevel.MODERATE: 'moderate'>, items=(3, 6))
        """
        check_tuple(scores, ("scores",))
        for index, score in enumerate(scores):
            check_int(score, ("scores", index), minimum=0)
        endorsed = {n for n, score in enumerate(scores, start=1) if score >= self.endorsed_at}
        level = RiskLevel.NONE
        drivers: set[int] = set()
        for rule in self.rules:
            hits = endorsed.intersection(rule.items)
            if not hits or rule.level < level:
                continue
            if rule.level > level:
                level, drivers = rule.level, set()
            drivers |= hits
        return TriageResult(level=level, items=tuple(sorted(drivers)))

    def flags(self, result: TriageResult) -> tuple[str, ...]:
        """
        The risk flags a verdict raises: *flag* when the level is at least *flag_from*.

        Example:
            >>> from counselcore.measures import COLUMBIA_TRIAGE
            >>> COLUMBIA_TRIAGE.flags(TriageResult(level=RiskLevel.LOW, items=(1,)))
            ('risk.suicidal_ideation',)
        """
        check_instance(result, TriageResult, ("result",))
        if self.flag is not None and result.level >= self.flag_from:
            return (self.flag,)
        return ()
