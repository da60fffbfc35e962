"""
Aftercare: relapse prevention, safety planning, booster and maintenance schedules, termination.

Values (`AftercarePlan`, `SafetyPlan`, `RelapsePreventionPlan`, ...) are structurally checked;
whether a plan is acceptable is decided by rule sets on the `counselcore.rules` machinery:
`AFTERCARE_RULES`, `SAFETY_PLAN_RULES` and `TERMINATION_RULES`. `evaluate` is
`counselcore.rules.evaluate`, re-exported for convenience.

Example:
    >>> import datetime as dt
    >>> from counselcore.model import ClientRef
    >>> draft = AftercarePlan(plan_id="ac-1", client=ClientRef("c-1"), terminated_on=dt.date(2024, 6, 3))
    >>> report = evaluate(draft, AFTERCARE_RULES, AftercareContext())
    >>> report.ok, report.rule_ids[0]
    (False, 'aftercare.booster-schedule-set')
"""

from counselcore.aftercare._enums import (
    ContactRole,
    PracticeCadence,
    SafetySection,
    TerminationReason,
)
from counselcore.aftercare._readiness import (
    TERMINATION_RULES,
    TerminationEvidence,
    TerminationPolicy,
    TerminationReadiness,
    termination_readiness,
)
from counselcore.aftercare._rules import (
    AFTERCARE_RULES,
    SUICIDAL_IDEATION_FLAG,
    AftercareContext,
    check_aftercare,
)
from counselcore.aftercare._safety import SAFETY_PLAN_RULES, check_safety_plan
from counselcore.aftercare._schedule import BoosterSchedule, booster_dates, maintenance_dates
from counselcore.aftercare._values import (
    AftercarePlan,
    RelapsePreventionPlan,
    SafetyPlan,
    SkillsRoutine,
    SupportContact,
    TerminationPlan,
    TriggerPlan,
)
from counselcore.rules import evaluate

__all__ = [
    "AFTERCARE_RULES",
    "AftercareContext",
    "AftercarePlan",
    "BoosterSchedule",
    "ContactRole",
    "PracticeCadence",
    "RelapsePreventionPlan",
    "SAFETY_PLAN_RULES",
    "SUICIDAL_IDEATION_FLAG",
    "SafetyPlan",
    "SafetySection",
    "SkillsRoutine",
    "SupportContact",
    "TERMINATION_RULES",
    "TerminationEvidence",
    "TerminationPlan",
    "TerminationPolicy",
    "TerminationReadiness",
    "TerminationReason",
    "TriggerPlan",
    "booster_dates",
    "check_aftercare",
    "check_safety_plan",
    "evaluate",
    "maintenance_dates",
    "termination_readiness",
]
