"""Test-only strategies: arbitrary (mostly invalid) events and chaotic histories."""

import datetime as dt
from collections.abc import Callable

from hypothesis import strategies as st

from counselcore.examples import example_aftercare_plan, example_safety_plan
from counselcore.model import SessionKind
from counselcore.phases import (
    AftercareStarted,
    BoosterHeld,
    CrisisBegan,
    CrisisResolved,
    Discharged,
    Disengaged,
    DisengagementReason,
    Event,
    IntakeCompleted,
    LapseReported,
    MeasureRecorded,
    PhasePolicy,
    PlanAgreed,
    RelapseReported,
    ReReferred,
    ReviewHeld,
    TerminationPlanned,
)
from counselcore.strategies import phase_histories
from tests.phases.builders import DAY0, formulation, plan, session

POLICIES = st.sampled_from(
    [
        PhasePolicy(),
        PhasePolicy(max_days_without_contact=14, review_every_sessions=4),
        PhasePolicy(review_every_days=21, consent_required=False),
    ]
)


Maker = Callable[[dt.date], Event]


def _n(on: dt.date) -> int:
    return (on - DAY0).days


#: One strategy, built once, of functions that make an event of any kind for a given day,
#: with payloads that pass or fail their guards.
EVENT_MAKERS: st.SearchStrategy[Maker] = st.one_of(
    st.tuples(st.sampled_from([{}, {"risk": None}]), st.booleans()).map(
        lambda a: (
            lambda on: IntakeCompleted(
                on=on, formulation=formulation(**a[0]), stabilization_met=a[1]
            )
        )
    ),
    st.sampled_from(
        [{}, {"consent_recorded_on": None}, {"modalities": ("emdr",)}, {"modalities": ("reiki",)}]
    ).map(lambda kw: lambda on: PlanAgreed(on=on, plan=plan(starts=_n(on), **kw))),  # type: ignore[arg-type]
    st.tuples(st.sampled_from(SessionKind), st.sampled_from([None, "cbt", "emdr", "reiki"])).map(
        lambda a: lambda on: session(_n(on), a[0], a[1])
    ),
    st.tuples(st.booleans(), st.sampled_from([None, True, False])).map(
        lambda a: lambda on: ReviewHeld(on=on, goals_met=a[0], stabilization_met=a[1])
    ),
    st.tuples(st.sampled_from(["phq-9", "gad-7"]), st.integers(0, 27), st.booleans()).map(
        lambda a: (
            lambda on: MeasureRecorded(
                on=on, instrument=a[0], total=a[1], risk_flags={"item-9"} if a[2] else ()
            )
        )
    ),
    st.tuples(
        st.sampled_from([None, example_safety_plan()]), st.sampled_from([None, 0, 5]), st.booleans()
    ).map(
        lambda a: (
            lambda on: CrisisResolved(
                on=on,
                safety_plan=a[0],
                risk_screened_on=None if a[1] is None else on - dt.timedelta(days=a[1]),
                replan=a[2],
            )
        )
    ),
    st.tuples(st.booleans(), st.booleans()).map(
        lambda a: (
            lambda on: TerminationPlanned(
                on=on, client_initiated=a[0], termination_plan_recorded=a[1]
            )
        )
    ),
    st.sampled_from([None, example_aftercare_plan()]).map(
        lambda p: lambda on: AftercareStarted(on=on, aftercare_plan=p)
    ),
    st.sampled_from([None, example_aftercare_plan()]).map(
        lambda p: lambda on: Discharged(on=on, aftercare_plan=p)
    ),
    st.sampled_from(DisengagementReason).map(lambda r: lambda on: Disengaged(on=on, reason=r)),
    st.sampled_from([CrisisBegan, LapseReported, RelapseReported, BoosterHeld, ReReferred]).map(
        lambda cls: lambda on: cls(on=on)
    ),
)


def random_events(max_size: int = 25) -> st.SearchStrategy[list[Event]]:
    """Events of any kind on roughly increasing days (sometimes going back a little)."""

    @st.composite
    def build(draw: st.DrawFn) -> list[Event]:
        count = draw(st.integers(0, max_size))
        on = DAY0
        events = []
        for _ in range(count):
            on = on + dt.timedelta(days=draw(st.integers(-2, 15)))
            on = max(on, DAY0)
            events.append(draw(EVENT_MAKERS)(on))
        return events

    return build()


def chaotic_histories() -> st.SearchStrategy[list[Event]]:
    """A valid history, then some events dropped, some inserted and some swapped."""

    @st.composite
    def build(draw: st.DrawFn) -> list[Event]:
        events = list(draw(phase_histories(max_events=25, start=st.just(DAY0))))
        for _ in range(draw(st.integers(0, 4))):
            if not events:
                break
            action = draw(st.sampled_from(["drop", "insert", "swap"]))
            index = draw(st.integers(0, len(events) - 1))
            if action == "drop":
                del events[index]
            elif action == "insert":
                shift = dt.timedelta(days=draw(st.integers(-3, 3)))
                events.insert(index, draw(EVENT_MAKERS)(max(DAY0, events[index].on + shift)))
            elif index + 1 < len(events):
                events[index], events[index + 1] = events[index + 1], events[index]
        return events

    return build()
