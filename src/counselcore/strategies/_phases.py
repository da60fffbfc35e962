"""Strategies for phase histories: valid ones, and ones with exactly one injected fault."""

import datetime as dt
from collections.abc import Callable

from attrs import frozen
from hypothesis import strategies as st

from counselcore.model import (
    CaseFormulation,
    ClientRef,
    Problem,
    Session,
    SessionKind,
    TreatmentPlan,
)
from counselcore.phases import (
    AftercareStarted,
    BoosterHeld,
    CaseState,
    CrisisResolved,
    Event,
    EventKind,
    IntakeCompleted,
    MeasureRecorded,
    Phase,
    PlanAgreed,
    ReReferred,
    ReviewHeld,
    SessionHeld,
    TerminationPlanned,
    allowed_events,
    replay,
)
from counselcore.strategies._core import dates
from counselcore.strategies._walk import walk

__all__ = ["FaultyHistory", "case_states", "faulty_phase_histories", "phase_histories"]

_FIRST = dt.date(2000, 1, 1)
_LAST = dt.date(2090, 12, 31)
_CLIENT = ClientRef("fault-client")


def phase_histories(
    *,
    min_events: int = 0,
    max_events: int = 30,
    start: st.SearchStrategy[dt.date] | None = None,
) -> st.SearchStrategy[tuple[Event, ...]]:
    """
    Valid event histories: `counselcore.phases.replay` reports no violation for any of them.

    Histories start at intake on a day drawn from *start* and walk the phase machine under the
    default policy: sessions, measures, reviews when due, crises and their resolution,
    termination, aftercare, lapses, relapses, discharge, disengagement and re-referral. They
    shrink towards fewer events, smaller date gaps and the first choice at each step.

    Example:
        >>> from hypothesis import given, settings
        >>> from counselcore.phases import replay
        >>> @settings(max_examples=5, derandomize=True)
        ... @given(phase_histories(max_events=10))
        ... def test_valid(history):
        ...     assert replay(history).violations == ()
        >>> test_valid()
    """
    days = dates(min_value=_FIRST, max_value=_LAST) if start is None else start

    @st.composite
    def build(draw: st.DrawFn) -> tuple[Event, ...]:
        length = draw(st.integers(min_events, max_events))
        rng = draw(st.randoms(use_true_random=False))
        return tuple(walk(rng, start=draw(days), length=length))

    return build()


def case_states(*, max_events: int = 30) -> st.SearchStrategy[CaseState]:
    """
    Case states reachable from intake: the state after a valid history (see `phase_histories`).

    Example:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, derandomize=True)
        ... @given(case_states(max_events=10))
        ... def test_episode(state):
        ...     assert state.episode >= 1
        >>> test_episode()
    """
    return phase_histories(max_events=max_events).map(lambda events: replay(events).state)


@frozen(kw_only=True)
class FaultyHistory:
    """
    A valid history with one event inserted at *index* that replay must refuse under *rule*.

    Every other event stays valid: a refused event leaves the state unchanged, so the events
    after it replay exactly as before.

    Example:
        >>> fh = FaultyHistory(events=(ReReferred(on=dt.date(2024, 1, 2)),), index=0,
        ...                    rule="phases.event-allowed-in-phase")
        >>> replay(fh.events).violations[0].rule == fh.rule
        True
    """

    events: tuple[Event, ...]
    index: int
    rule: str


def _formulation_without_risk(on: dt.date) -> CaseFormulation:
    return CaseFormulation(
        formulation_id="f-fault",
        client=_CLIENT,
        formulated_on=on,
        presenting_problems=(Problem(problem_id="p-1", description="presenting problem"),),
    )


def _maintenance_fault(on: dt.date) -> tuple[Event, str]:
    session = Session(
        session_id="s-fault", held_on=on, kind=SessionKind.INDIVIDUAL, duration_minutes=50
    )
    return SessionHeld(session=session), "phases.session-kind-fits-phase"


#: Per phase, an event a guard refuses there, with the guard's rule id.
_GUARD_FAULTS: dict[Phase, Callable[[dt.date], tuple[Event, str]]] = {
    Phase.INTAKE: lambda on: (
        IntakeCompleted(on=on, formulation=_formulation_without_risk(on)),
        "phases.intake-requires-risk-screen",
    ),
    Phase.PLANNING: lambda on: (
        PlanAgreed(on=on, plan=TreatmentPlan(plan_id="tp-fault", client=_CLIENT, starts_on=on)),
        "phases.active-requires-consent",
    ),
    Phase.REVIEW: lambda on: (
        TerminationPlanned(on=on, client_initiated=True),
        "phases.termination-requires-plan",
    ),
    Phase.CRISIS: lambda on: (
        CrisisResolved(on=on, risk_screened_on=on),
        "phases.crisis-exit-requires-safety-plan",
    ),
    Phase.TERMINATION: lambda on: (AftercareStarted(on=on), "phases.aftercare-plan-required"),
    Phase.MAINTENANCE: _maintenance_fault,
}


def _guard_fault(state: CaseState, on: dt.date) -> tuple[Event, str] | None:
    """An event a guard refuses in *state* on *on*, with that guard's rule id (if one fits)."""
    if state.phase is Phase.ACTIVE:
        review = allowed_events(state, on=on).option(EventKind.REVIEW_HELD)
        return None if review.allowed else (ReviewHeld(on=on), "phases.review-due")
    make = _GUARD_FAULTS.get(state.phase)
    return None if make is None else make(on)


def faulty_phase_histories(*, max_events: int = 30) -> st.SearchStrategy[FaultyHistory]:
    """
    Valid histories with one injected fault; replay must report *rule* at *index*, and only there.

    The fault is one of: an event dated before the previous one
    (``phases.events-in-date-order``), an event the phase has no transition for
    (``phases.event-allowed-in-phase``), or an event a phase-specific guard refuses (for
    example ``phases.review-due`` while active, ``phases.crisis-exit-requires-safety-plan`` in a
    crisis). Shrinks towards short histories with the fault early.

    Example:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, derandomize=True)
        ... @given(faulty_phase_histories(max_events=10))
        ... def test_fault_found(fh):
        ...     found = replay(fh.events).violations
        ...     assert {v.index for v in found} == {fh.index}
        ...     assert fh.rule in {v.rule for v in found}
        >>> test_fault_found()
    """

    @st.composite
    def build(draw: st.DrawFn) -> FaultyHistory:
        first = draw(dates(min_value=_FIRST, max_value=_LAST))
        events = draw(phase_histories(max_events=max_events, start=st.just(first)))
        index = draw(st.integers(0, len(events)))
        state = replay(events[:index]).state
        on = events[index - 1].on if index else first
        choices = ["phase", "guard"] + (["date"] if index else [])
        kind = draw(st.sampled_from(choices))
        fault: tuple[Event, str] | None = None
        if kind == "date":
            earlier = on - dt.timedelta(days=draw(st.integers(1, 30)))
            fault = (
                MeasureRecorded(on=earlier, instrument="phq-9", total=10),
                "phases.events-in-date-order",
            )
        elif kind == "guard":
            fault = _guard_fault(state, on)
        if fault is None:
            event: Event = BoosterHeld(on=on) if state.phase is Phase.CLOSED else ReReferred(on=on)
            fault = (event, "phases.event-allowed-in-phase")
        return FaultyHistory(
            events=(*events[:index], fault[0], *events[index:]), index=index, rule=fault[1]
        )

    return build()
