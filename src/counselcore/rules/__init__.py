"""
Rules as data: `Rule`, `RuleSet`, `Report`, and the built-in plan completeness rules.

Every check returns `counselcore.violations.Violation` values; callers decide whether to raise.
"""

from counselcore.rules._core import Finding, Report, Rule, RuleSet, evaluate
from counselcore.rules._plan import (
    BUILTIN_MODALITY_IDS,
    PLAN_COMPLETENESS,
    PlanContext,
    check_plan,
)

__all__ = [
    "BUILTIN_MODALITY_IDS",
    "Finding",
    "PLAN_COMPLETENESS",
    "PlanContext",
    "Report",
    "Rule",
    "RuleSet",
    "check_plan",
    "evaluate",
]
