"""
The one declaration of the phase machine: every transition, with its effect (private).

Each row names a transition's source phase, event kind, the phases it can lead to, the ids of
the guards checked (declared in `_guards`), the checks delegated to other modules, and the
effect on the case. `_machine.Machine` compiles it; nothing else lists a transition.
Effects mutate the private working copy only after every guard has passed, so a refused event
never changes anything.
"""

from collections.abc import Callable
from typing import Any

from counselcore.model import SessionKind
from counselcore.phases import _guards as g
from counselcore.phases._events import EventKind
from counselcore.phases._phase import PHASES, Phase
from counselcore.phases._state import _Work

__all__: list[str] = []

Effect = Callable[[_Work, Any], None]
Check = Callable[[_Work, Any], tuple[Any, ...]]

_INTAKE = Phase.INTAKE.index
_PLANNING = Phase.PLANNING.index
_ACTIVE = Phase.ACTIVE.index
_REVIEW = Phase.REVIEW.index
_CRISIS = Phase.CRISIS.index
_TERMINATION = Phase.TERMINATION.index
_MAINTENANCE = Phase.MAINTENANCE.index
_CLOSED = Phase.CLOSED.index


# -- effects: each runs only after every guard passed ---------------------------------------


def nothing(_work: _Work, _event: Any) -> None:
    return


def _complete_intake(work: _Work, event: Any) -> None:
    work.pi = _PLANNING
    work.formulation = event.formulation
    work.stabilization_met = event.stabilization_met
    work.modality_ok.clear()


def _agree_plan(work: _Work, event: Any) -> None:
    if work.pi == _PLANNING:
        work.review_anchor_on = event.on
    work.pi = _ACTIVE
    work.plan = event.plan
    work.goals_met = False
    work.sessions_since_review = 0
    work.refresh_review()


def _count_session(work: _Work, _event: Any) -> None:
    work.sessions_since_review += 1


def _resume_with_session(work: _Work, _event: Any) -> None:
    work.pi = _ACTIVE
    work.sessions_since_review = 1


def _maintenance_session(work: _Work, event: Any) -> None:
    if event.session.kind is SessionKind.BOOSTER:
        work.booster_due = False


def _hold_review(work: _Work, event: Any) -> None:
    work.pi = _REVIEW
    work.sessions_since_review = 0
    work.last_review_on = event.on
    work.review_anchor_on = event.on
    work.goals_met = event.goals_met
    stabilized = event.stabilization_met
    if stabilized is not None and stabilized is not work.stabilization_met:
        work.stabilization_met = stabilized
        work.modality_ok.clear()
    work.refresh_review()


def _record_measure(work: _Work, event: Any) -> None:
    flags = event.risk_flags
    if flags:
        work.flags[event.instrument] = flags
    elif work.flags:
        work.flags.pop(event.instrument, None)


def _begin_crisis(work: _Work, event: Any) -> None:
    work.interrupted_phase = PHASES[work.pi]
    work.crisis_began_on = event.on
    work.pi = _CRISIS
    work.stabilization_met = False
    work.modality_ok.clear()


def _resolve_crisis(work: _Work, event: Any) -> None:
    interrupted = work.interrupted_phase
    work.pi = _PLANNING if event.replan or interrupted is None else interrupted.index
    work.interrupted_phase = None
    work.crisis_began_on = None
    work.safety_plan_present = True
    work.modality_ok.clear()


def _plan_termination(work: _Work, _event: Any) -> None:
    work.pi = _TERMINATION


def _start_aftercare(work: _Work, _event: Any) -> None:
    work.pi = _MAINTENANCE
    work.aftercare_plan_present = True
    work.booster_due = False


def _discharge(work: _Work, event: Any) -> None:
    work.pi = _CLOSED
    if event.aftercare_plan is not None:
        work.aftercare_plan_present = True


def _disengage(work: _Work, event: Any) -> None:
    work.pi = _CLOSED
    work.disengagement_reason = event.reason
    work.interrupted_phase = None
    work.crisis_began_on = None


def _resume_after_relapse(work: _Work, event: Any) -> None:
    work.pi = _ACTIVE
    work.sessions_since_review = 0
    work.review_anchor_on = event.on
    work.goals_met = False
    work.booster_due = False
    work.refresh_review()


def _lapse_in_maintenance(work: _Work, _event: Any) -> None:
    work.booster_due = True


def _hold_booster(work: _Work, _event: Any) -> None:
    work.booster_due = False


def _rerefer(work: _Work, event: Any) -> None:
    episode = work.episode + 1
    work.reset()  # every CaseState field back to a new case's value
    work.episode = episode
    work.opened_on = event.on
    work.refresh_review()


# -- the table ------------------------------------------------------------------------------

#: Delegated checks, by the name the transition table lists them under.
_DELEGATED: dict[str, g.Delegated] = {
    "modality-prerequisites": g.modality_check,
    "aftercare-hook": g.aftercare_hook,
    "safety-plan-hook": g.safety_plan_hook,
}


#: Expressions over ``work`` and ``event`` that imply a delegated check holds, for the fused
#: code (when false, the check itself decides): a session's modality already found usable.
DELEGATED_HOLDS: dict[tuple[str, EventKind], str] = {
    ("modality-prerequisites", EventKind.SESSION_HELD): (
        "event.session.modality is None or event.session.modality in work.modality_ok"
    ),
}


def delegated_check(name: str, kind: EventKind) -> g.Delegated:
    """The delegated check *name* for events of *kind* (the modality check depends on it)."""
    if name == "modality-prerequisites":
        if kind is EventKind.PLAN_AGREED:
            return g.plan_modality_prerequisites
        return g.session_modality_prerequisites
    return _DELEGATED[name]


_K = EventKind
_P = Phase
_START_PLAN = (
    "phases.revision-keeps-plan-id",
    "phases.revision-keeps-client",
    "phases.revision-version-increases",
    "phases.revision-version-consecutive",
    "phases.revision-date-in-order",
    "phases.plan-matches-formulation",
    "phases.active-requires-consent",
    "phases.active-requires-plan",
    "phases.active-requires-modality",
)
_KIND = ("phases.session-kind-fits-phase",)
_MEASURE = (
    "phases.measure-instrument-known",
    "phases.measure-total-in-range",
    "phases.measure-risk-flags-known",
)
_MOD = ("modality-prerequisites",)
_AFTERCARE = ("phases.aftercare-plan-required",)
_BACK_FROM_CRISIS = (_P.INTAKE, _P.PLANNING, _P.ACTIVE, _P.REVIEW, _P.TERMINATION, _P.MAINTENANCE)

# (source, event kind, targets, guard rule ids, delegated checks, effect)
Spec = tuple[Phase, EventKind, tuple[Phase, ...], tuple[str, ...], tuple[str, ...], Effect]
_SPECIFIC: tuple[Spec, ...] = (
    (
        _P.INTAKE,
        _K.INTAKE_COMPLETED,
        (_P.PLANNING,),
        ("phases.intake-requires-formulation", "phases.intake-requires-risk-screen"),
        (),
        _complete_intake,
    ),
    (_P.INTAKE, _K.SESSION_HELD, (_P.INTAKE,), _KIND, _MOD, nothing),
    (_P.PLANNING, _K.PLAN_AGREED, (_P.ACTIVE,), _START_PLAN, _MOD, _agree_plan),
    (_P.PLANNING, _K.SESSION_HELD, (_P.PLANNING,), _KIND, _MOD, nothing),
    (
        _P.ACTIVE,
        _K.SESSION_HELD,
        (_P.ACTIVE,),
        (*_KIND, "phases.review-on-time"),
        _MOD,
        _count_session,
    ),
    (_P.ACTIVE, _K.REVIEW_HELD, (_P.REVIEW,), ("phases.review-due",), (), _hold_review),
    (_P.ACTIVE, _K.LAPSE_REPORTED, (_P.ACTIVE,), (), (), nothing),
    (_P.ACTIVE, _K.RELAPSE_REPORTED, (_P.ACTIVE,), (), (), nothing),
    (_P.REVIEW, _K.SESSION_HELD, (_P.ACTIVE,), _KIND, _MOD, _resume_with_session),
    (_P.REVIEW, _K.PLAN_AGREED, (_P.ACTIVE,), _START_PLAN, _MOD, _agree_plan),
    (_P.REVIEW, _K.REVIEW_HELD, (_P.REVIEW,), (), (), _hold_review),
    (
        _P.REVIEW,
        _K.TERMINATION_PLANNED,
        (_P.TERMINATION,),
        ("phases.termination-requires-reason", "phases.termination-requires-plan"),
        (),
        _plan_termination,
    ),
    (_P.REVIEW, _K.LAPSE_REPORTED, (_P.REVIEW,), (), (), nothing),
    (_P.CRISIS, _K.SESSION_HELD, (_P.CRISIS,), _KIND, _MOD, nothing),
    (
        _P.CRISIS,
        _K.CRISIS_RESOLVED,
        _BACK_FROM_CRISIS,
        (
            "phases.crisis-exit-requires-safety-plan",
            "phases.crisis-exit-requires-risk-rescreen",
            "phases.replan-requires-formulation",
        ),
        ("safety-plan-hook",),
        _resolve_crisis,
    ),
    (_P.TERMINATION, _K.SESSION_HELD, (_P.TERMINATION,), _KIND, _MOD, nothing),
    (
        _P.TERMINATION,
        _K.AFTERCARE_STARTED,
        (_P.MAINTENANCE,),
        _AFTERCARE,
        ("aftercare-hook",),
        _start_aftercare,
    ),
    (
        _P.TERMINATION,
        _K.DISCHARGED,
        (_P.CLOSED,),
        _AFTERCARE,
        ("aftercare-hook",),
        _discharge,
    ),
    (_P.TERMINATION, _K.RELAPSE_REPORTED, (_P.ACTIVE,), (), (), _resume_after_relapse),
    (_P.TERMINATION, _K.LAPSE_REPORTED, (_P.TERMINATION,), (), (), nothing),
    (_P.MAINTENANCE, _K.SESSION_HELD, (_P.MAINTENANCE,), _KIND, _MOD, _maintenance_session),
    (_P.MAINTENANCE, _K.BOOSTER_HELD, (_P.MAINTENANCE,), (), (), _hold_booster),
    (_P.MAINTENANCE, _K.LAPSE_REPORTED, (_P.MAINTENANCE,), (), (), _lapse_in_maintenance),
    (_P.MAINTENANCE, _K.RELAPSE_REPORTED, (_P.ACTIVE,), (), (), _resume_after_relapse),
    (_P.MAINTENANCE, _K.DISCHARGED, (_P.CLOSED,), (), (), _discharge),
    (_P.CLOSED, _K.RE_REFERRED, (_P.INTAKE,), (), (), _rerefer),
)


def _common(phase: Phase) -> tuple[Spec, ...]:
    """Measures, crises and disengagement: possible in every open phase."""
    crisis: tuple[Spec, ...] = (
        ((phase, _K.CRISIS_BEGAN, (_P.CRISIS,), (), (), _begin_crisis),)
        if phase is not _P.CRISIS
        else ()
    )
    return (
        (phase, _K.MEASURE_RECORDED, (phase,), _MEASURE, (), _record_measure),
        *crisis,
        (phase, _K.DISENGAGED, (_P.CLOSED,), (), (), _disengage),
    )


def _ordered(specific: tuple[Spec, ...] = _SPECIFIC) -> tuple[Spec, ...]:
    specs = [*specific]
    for phase in PHASES:
        if phase.is_open:
            specs.extend(_common(phase))
    kinds = list(EventKind)
    return tuple(sorted(specs, key=lambda s: (s[0].index, kinds.index(s[1]))))


#: The whole declaration: every transition, ordered by source phase and then event kind.
SPECS: tuple[Spec, ...] = _ordered()

#: Events that count as contact with the client (all but measures, discharge, disengagement).
NOT_CONTACT = frozenset({_K.MEASURE_RECORDED, _K.DISCHARGED, _K.DISENGAGED})
#: Phases in which a long gap between contacts is flagged (maintenance is sparse by design).
GAP_PHASES = frozenset(PHASES) - {_P.MAINTENANCE, _P.CLOSED}
