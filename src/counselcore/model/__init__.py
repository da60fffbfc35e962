"""
The nouns of counselcore: formulations, plans, sessions and their parts.

Every record is a frozen, slotted attrs class; change means a new value.
"""

from counselcore.model._enums import (
    Cadence,
    Direction,
    MetricKind,
    ObjectiveStatus,
    ProblemDomain,
    ReadinessStage,
    RiskLevel,
    SessionKind,
    SeveritySpecifier,
    TriggerCategory,
)
from counselcore.model._formulation import (
    CaseFormulation,
    Diagnosis,
    FivePs,
    Problem,
    RiskAssessment,
    Trigger,
)
from counselcore.model._ids import ClientRef
from counselcore.model._plan import (
    Goal,
    Intervention,
    Metric,
    Objective,
    ReviewSchedule,
    TreatmentPlan,
)
from counselcore.model._session import Homework, Session, cpt_codes

__all__ = [
    "Cadence",
    "CaseFormulation",
    "ClientRef",
    "Diagnosis",
    "Direction",
    "FivePs",
    "Goal",
    "Homework",
    "Intervention",
    "Metric",
    "MetricKind",
    "Objective",
    "ObjectiveStatus",
    "Problem",
    "ProblemDomain",
    "ReadinessStage",
    "ReviewSchedule",
    "RiskAssessment",
    "RiskLevel",
    "Session",
    "SessionKind",
    "SeveritySpecifier",
    "TreatmentPlan",
    "Trigger",
    "TriggerCategory",
    "cpt_codes",
]
