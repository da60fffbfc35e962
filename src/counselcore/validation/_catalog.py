"""Every rule id the library ships, collected from the rule sets themselves (never listed by hand)."""

import importlib
import pkgutil
from collections.abc import Iterator
from typing import Any

from attrs import frozen

from counselcore.rules import RuleSet
from counselcore.violations import Severity

__all__ = ["RuleEntry", "rule_catalog"]


@frozen(kw_only=True)
class RuleEntry:
    """
    One rule of one rule set: its id, severity, description and source.

    Example:
        >>> entry = next(e for e in rule_catalog() if e.id == "phases.review-due")
        >>> entry.rule_set, entry.severity.value
        ('phase-guards', 'error')
    """

    rule_set: str
    id: str
    severity: Severity
    description: str
    source: str


def _public_rule_sets() -> Iterator[RuleSet[Any, Any]]:
    """Each `RuleSet` a public subpackage exports, package by package in name order."""
    import counselcore

    for info in sorted(pkgutil.iter_modules(counselcore.__path__), key=lambda i: i.name):
        if info.name.startswith("_") or not info.ispkg:
            continue
        try:
            package = importlib.import_module(f"counselcore.{info.name}")
        except ImportError:  # pragma: no cover - an optional extra is not installed
            continue
        for name in sorted(getattr(package, "__all__", ())):
            value = getattr(package, name, None)
            if isinstance(value, RuleSet):
                yield value


def _modality_rule_sets() -> Iterator[RuleSet[Any, Any]]:
    """The prerequisite rule set of each built-in modality (built per modality, not exported)."""
    from counselcore.modalities import BUILTIN_CATALOG, prerequisite_rules

    for modality in BUILTIN_CATALOG:
        yield prerequisite_rules(modality)


def rule_catalog() -> tuple[RuleEntry, ...]:
    """
    Return every rule of every rule set the library exports, and each built-in modality's prerequisites.

    Rule sets are found where they are declared: each public subpackage's exported `RuleSet`
    values (plan completeness, aftercare, safety-plan, termination readiness, matching, the
    phase guards, and any added later), plus the prerequisite rule set of every built-in
    modality. A rule that appears in two exported sets of the same name (the phase policy's
    default plan rules are a subset of the plan completeness rules) is listed once.

    Example:
        >>> entries = rule_catalog()
        >>> len({e.id for e in entries}) == len(entries)
        True
        >>> sorted({e.rule_set for e in entries})[:3]
        ['aftercare', 'modality-matching', 'modality.cbt.prerequisites']
    """
    seen: set[tuple[str, str]] = set()
    entries: list[RuleEntry] = []
    for rule_set in (*_public_rule_sets(), *_modality_rule_sets()):
        for rule in rule_set:
            if (rule_set.name, rule.id) in seen:
                continue
            seen.add((rule_set.name, rule.id))
            entries.append(
                RuleEntry(
                    rule_set=rule_set.name,
                    id=rule.id,
                    severity=rule.severity,
                    description=rule.description,
                    source=rule.source,
                )
            )
    return tuple(entries)
