"""
Whole-case validation: one call checks a case-history document and reports every finding.

`validate_case` takes the plain data of one case-history document (as parsed JSON) and returns
a `CaseReport`; `validate_cases` does the same lazily for a batch. Reports are values: they
compare equal, pickle, and dump to JSON with `counselcore.to_dict`.

Example:
    >>> from counselcore.validation import validate_case
    >>> report = validate_case({"type": "case-history", "schema_version": 1, "client": "c-1", "events": [
    ...     {"kind": "review-held", "on": "2024-01-08"}]})
    >>> report.ok, report.rule_ids
    (False, ('phases.event-allowed-in-phase',))
"""

from counselcore.validation._catalog import RuleEntry, rule_catalog
from counselcore.validation._report import CaseFinding, CaseReport, Stage
from counselcore.validation._validate import PHASE_REFUSALS, validate_case, validate_cases

__all__ = [
    "CaseFinding",
    "CaseReport",
    "PHASE_REFUSALS",
    "RuleEntry",
    "Stage",
    "rule_catalog",
    "validate_case",
    "validate_cases",
]
