"""Strategies for single events of every kind and for whole case histories."""

import datetime as dt
from collections.abc import Mapping

from hypothesis import strategies as st

from counselcore.phases import (
    AftercareStarted,
    BoosterHeld,
    CaseHistory,
    CrisisBegan,
    CrisisResolved,
    Discharged,
    Disengaged,
    DisengagementReason,
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
from counselcore.strategies._aftercare import aftercare_plans, safety_plans
from counselcore.strategies._core import (
    case_formulations,
    client_refs,
    dates,
    identifiers,
    sessions,
    treatment_plans,
)
from counselcore.strategies._phases import phase_histories

__all__ = ["case_histories", "events"]


def _payloads(on: st.SearchStrategy[dt.date]) -> Mapping[EventKind, st.SearchStrategy[Event]]:
    """One strategy per event kind (a test checks that every kind has one)."""
    return {
        EventKind.INTAKE_COMPLETED: st.builds(
            IntakeCompleted,
            on=on,
            formulation=case_formulations(max_problems=2),
            stabilization_met=st.booleans(),
        ),
        EventKind.PLAN_AGREED: st.builds(
            PlanAgreed, on=on, plan=treatment_plans(max_problems=2, max_goals=2)
        ),
        EventKind.SESSION_HELD: st.builds(SessionHeld, session=sessions()),
        EventKind.REVIEW_HELD: st.builds(
            ReviewHeld, on=on, goals_met=st.booleans(), stabilization_met=st.none() | st.booleans()
        ),
        EventKind.MEASURE_RECORDED: st.builds(
            MeasureRecorded,
            on=on,
            instrument=identifiers(),
            total=st.integers(0, 100) | st.floats(0, 100, allow_nan=False),
            risk_flags=st.frozensets(identifiers(), max_size=3),
        ),
        EventKind.CRISIS_BEGAN: st.builds(CrisisBegan, on=on),
        EventKind.CRISIS_RESOLVED: st.builds(
            CrisisResolved,
            on=on,
            safety_plan=st.none() | safety_plans(),
            risk_screened_on=st.none() | on,
            replan=st.booleans(),
        ),
        EventKind.TERMINATION_PLANNED: st.builds(
            TerminationPlanned,
            on=on,
            client_initiated=st.booleans(),
            termination_plan_recorded=st.booleans(),
        ),
        EventKind.AFTERCARE_STARTED: st.builds(
            AftercareStarted, on=on, aftercare_plan=st.none() | aftercare_plans()
        ),
        EventKind.LAPSE_REPORTED: st.builds(LapseReported, on=on),
        EventKind.RELAPSE_REPORTED: st.builds(RelapseReported, on=on),
        EventKind.BOOSTER_HELD: st.builds(BoosterHeld, on=on),
        EventKind.DISCHARGED: st.builds(
            Discharged, on=on, aftercare_plan=st.none() | aftercare_plans()
        ),
        EventKind.DISENGAGED: st.builds(
            Disengaged, on=on, reason=st.sampled_from(DisengagementReason)
        ),
        EventKind.RE_REFERRED: st.builds(ReReferred, on=on),
    }


def events(*, kinds: st.SearchStrategy[EventKind] | None = None) -> st.SearchStrategy[Event]:
    """
    Single events of the kinds *kinds* draws (default: every `EventKind`), with valid payloads.

    Each is structurally valid (it was constructed), not necessarily clinically acceptable
    anywhere: use `phase_histories` for histories that replay cleanly. Shrinks towards the
    first kind (intake completed) and the smallest payloads.

    Example:
        >>> from hypothesis import given, settings
        >>> import counselcore as cc
        >>> from counselcore.phases import Event
        >>> @settings(max_examples=10, derandomize=True)
        ... @given(events())
        ... def test_round_trip(event):
        ...     assert cc.from_dict(Event, cc.to_dict(event)) == event
        >>> test_round_trip()
    """
    payloads = _payloads(dates())
    drawn = st.sampled_from(EventKind) if kinds is None else kinds
    return drawn.flatmap(lambda kind: payloads[kind])


def case_histories(
    *,
    max_events: int = 30,
    events: st.SearchStrategy[tuple[Event, ...]] | None = None,
) -> st.SearchStrategy[CaseHistory]:
    """
    Case histories of one client; by default the events replay without violation.

    *events* draws the event tuple instead (for example
    ``st.lists(events()).map(tuple)`` for arbitrary, possibly out-of-order, charts).
    Shrinks towards short histories.

    Example:
        >>> from hypothesis import given, settings
        >>> from counselcore.phases import replay
        >>> @settings(max_examples=5, derandomize=True)
        ... @given(case_histories(max_events=10))
        ... def test_valid(chart):
        ...     assert replay(chart.events).violations == ()
        >>> test_valid()
    """
    drawn = phase_histories(max_events=max_events) if events is None else events
    return st.builds(CaseHistory, client=client_refs(), events=drawn)
