"""
The phase state machine: pure transitions, named guards, full-history replay, diagrams.

A case moves ``intake -> planning -> active <-> review -> termination -> maintenance ->
closed``; ``crisis`` interrupts any open phase and returns to the phase it interrupted.
Events drive it; each transition is checked by named guards (`PHASE_GUARDS`) whose
violations are returned as data.

Example:
    >>> import datetime as dt
    >>> from counselcore.examples import example_formulation, example_plan, example_safety_plan
    >>> history = [
    ...     IntakeCompleted(on=dt.date(2024, 1, 8), formulation=example_formulation()),
    ...     PlanAgreed(on=dt.date(2024, 1, 15), plan=example_plan()),
    ...     CrisisBegan(on=dt.date(2024, 1, 20)),
    ...     CrisisResolved(on=dt.date(2024, 1, 24), safety_plan=example_safety_plan()),
    ... ]
    >>> result = replay(history)
    >>> result.state.phase.value, result.rule_ids
    ('crisis', ('phases.crisis-exit-requires-risk-rescreen',))
"""

from counselcore.phases._diagram import to_dot, to_mermaid
from counselcore.phases._events import (
    EVENT_TYPES,
    AftercareStarted,
    BoosterHeld,
    CrisisBegan,
    CrisisResolved,
    Discharged,
    Disengaged,
    Event,
    EventKind,
    IntakeCompleted,
    LapseReported,
    MeasureRecorded,
    PlanAgreed,
    RelapseReported,
    ReReferred,
    ReviewHeld,
    SessionHeld,
    TerminationPlanned,
)
from counselcore.phases._guards import PHASE_GUARDS, SESSION_KINDS
from counselcore.phases._history import CaseHistory
from counselcore.phases._machine import (
    TRANSITIONS,
    AllowedEvents,
    EventOption,
    Outcome,
    PhaseTransition,
    allowed_events,
    event_option,
    transition,
)
from counselcore.phases._phase import DisengagementReason, Phase
from counselcore.phases._policy import (
    DEFAULT_PLAN_RULES,
    DEFAULT_POLICY,
    PhasePolicy,
    accept_any_plan,
    check_aftercare_hook,
    check_safety_plan_hook,
)
from counselcore.phases._replay import HistoryViolation, ReplayResult, replay
from counselcore.phases._revisions import ChangeKind, PlanChange, PlanDiff, PlanPart, diff_plans
from counselcore.phases._state import CaseState

__all__ = [
    "AftercareStarted",
    "AllowedEvents",
    "BoosterHeld",
    "CaseHistory",
    "CaseState",
    "ChangeKind",
    "CrisisBegan",
    "CrisisResolved",
    "DEFAULT_PLAN_RULES",
    "DEFAULT_POLICY",
    "Discharged",
    "Disengaged",
    "DisengagementReason",
    "EVENT_TYPES",
    "Event",
    "EventKind",
    "EventOption",
    "HistoryViolation",
    "IntakeCompleted",
    "LapseReported",
    "MeasureRecorded",
    "Outcome",
    "PHASE_GUARDS",
    "Phase",
    "PhasePolicy",
    "PhaseTransition",
    "PlanAgreed",
    "PlanChange",
    "PlanDiff",
    "PlanPart",
    "ReReferred",
    "RelapseReported",
    "ReplayResult",
    "ReviewHeld",
    "SESSION_KINDS",
    "SessionHeld",
    "TRANSITIONS",
    "TerminationPlanned",
    "accept_any_plan",
    "allowed_events",
    "check_aftercare_hook",
    "check_safety_plan_hook",
    "diff_plans",
    "event_option",
    "replay",
    "to_dot",
    "to_mermaid",
    "transition",
]
