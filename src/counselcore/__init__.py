"""
counselcore: immutable, validated models of individual counseling and psychotherapy workflows.

The everyday names are re-exported here; subpackages hold the rest.

Example:
    >>> import counselcore as cc
    >>> cc.__version__ >= "0.1"
    True
"""

from counselcore._version import __version__
from counselcore.errors import (
    CounselcoreError,
    InvalidValueError,
    RulesFailedError,
    SchemaVersionError,
    TransitionRefusedError,
    UnknownEventError,
    UnknownRuleError,
    UnsupportedTypeError,
    ValidationError,
)
from counselcore.model import (
    Cadence,
    CaseFormulation,
    ClientRef,
    Diagnosis,
    Direction,
    FivePs,
    Goal,
    Homework,
    Intervention,
    Metric,
    MetricKind,
    Objective,
    ObjectiveStatus,
    Problem,
    ProblemDomain,
    ReadinessStage,
    ReviewSchedule,
    RiskAssessment,
    RiskLevel,
    Session,
    SessionKind,
    SeveritySpecifier,
    TreatmentPlan,
    Trigger,
    TriggerCategory,
)
from counselcore.rules import (
    PLAN_COMPLETENESS,
    Finding,
    PlanContext,
    Report,
    Rule,
    RuleSet,
    check_plan,
    evaluate,
)
from counselcore.serialization import from_dict, from_json, to_dict, to_json
from counselcore.violations import Severity, Violation, render_path

__all__ = [
    "Cadence",
    "CaseFormulation",
    "ClientRef",
    "CounselcoreError",
    "Diagnosis",
    "Direction",
    "Finding",
    "FivePs",
    "Goal",
    "Homework",
    "Intervention",
    "InvalidValueError",
    "Metric",
    "MetricKind",
    "Objective",
    "ObjectiveStatus",
    "PLAN_COMPLETENESS",
    "PlanContext",
    "Problem",
    "ProblemDomain",
    "ReadinessStage",
    "Report",
    "ReviewSchedule",
    "RiskAssessment",
    "RiskLevel",
    "Rule",
    "RuleSet",
    "RulesFailedError",
    "SchemaVersionError",
    "Session",
    "SessionKind",
    "Severity",
    "SeveritySpecifier",
    "TransitionRefusedError",
    "TreatmentPlan",
    "Trigger",
    "TriggerCategory",
    "UnknownEventError",
    "UnknownRuleError",
    "UnsupportedTypeError",
    "ValidationError",
    "Violation",
    "__version__",
    "check_plan",
    "evaluate",
    "from_dict",
    "from_json",
    "render_path",
    "to_dict",
    "to_json",
]
