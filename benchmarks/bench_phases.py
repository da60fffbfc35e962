"""
Phase machine benchmark: counselcore.phases against `transitions` and `python-statemachine`.

Not part of the test suite. Run (about a minute on a 2-core box):

    .venv/bin/pip install -q -e '.[bench]' && .venv/bin/python benchmarks/bench_phases.py

Workloads (deterministic, seeded):
  1. one 100,000-event history (many episodes: crises, reviews, relapses, re-referrals) with
     about 2% injected faults that every contender must refuse;
  2. a batch of 100,000 short 20-event histories (1,000 distinct ones, cycled), some with a fault.

Timings are the best of a few runs with the cyclic garbage collector off (as `timeit` does)
and the workload frozen out of its reach, identically for every contender.

The peers get guards and effects equivalent to counselcore's (written here independently;
plan completeness calls `counselcore.rules.check_plan`, as a user of a generic FSM would).
Before anything is timed, every contender replays every history and must report the same
refused events and the same end state. Peers slower than ~50x are timed on a prefix of the
short-history batch (the rate is what is compared; the sample size is printed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import platform
import random
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import statemachine
import transitions
from attrs import evolve
from statemachine import State, StateMachine
from transitions import Machine, MachineError

import counselcore
from counselcore.examples import example_plan
from counselcore.model import SessionKind
from counselcore.phases import (
    BoosterHeld,
    CaseState,
    CrisisResolved,
    Event,
    EventKind,
    MeasureRecorded,
    Phase,
    PlanAgreed,
    ReReferred,
    ReviewHeld,
    allowed_events,
    event_option,
    replay,
    transition,
)
from counselcore.phases._policy import DEFAULT_PLAN_RULES, PhasePolicy, accept_any_plan
from counselcore.rules import check_plan
from counselcore.strategies._walk import iter_walk
from counselcore.violations import Severity

#: The peers' aftercare and crisis-exit guards only ask whether a plan is present, so
#: counselcore is timed with the equivalent presence-only hooks. The default policy runs the
#: full aftercare and safety-plan rule sets instead, which is work the peers do not do.
BENCH_POLICY = PhasePolicy(check_aftercare=accept_any_plan, check_safety_plan=accept_any_plan)

START = dt.date(2000, 1, 3)
OPEN = [p.value for p in Phase if p is not Phase.CLOSED]
SESSION_KINDS = {
    "intake": (SessionKind.INTAKE,),
    "planning": (SessionKind.INTAKE, SessionKind.INDIVIDUAL),
    "active": (SessionKind.INDIVIDUAL,),
    "review": (SessionKind.INDIVIDUAL,),
    "crisis": (SessionKind.CRISIS, SessionKind.INDIVIDUAL),
    "termination": (SessionKind.INDIVIDUAL,),
    "maintenance": (SessionKind.MAINTENANCE, SessionKind.BOOSTER),
    "closed": (),
}
KNOWN_MODALITIES = {"cbt", "dbt", "mi", "emdr"}
NO_CONSENT_PLAN = evolve(example_plan(), consent_recorded_on=None)


# -- workloads ---------------------------------------------------------------------------------


def fault_for(state: CaseState, on: dt.date, rng: random.Random) -> Event:
    """An event the machine must refuse in *state*, dated *on* (the last accepted date)."""
    kind = rng.random()
    if kind < 0.3 and on > START:
        return MeasureRecorded(on=on - dt.timedelta(days=3), instrument="phq-9", total=5)
    if kind < 0.6:
        if (
            state.phase is Phase.ACTIVE
            and not allowed_events(state, BENCH_POLICY, on=on).option(EventKind.REVIEW_HELD).allowed
        ):
            return ReviewHeld(on=on)
        if state.phase is Phase.CRISIS:
            return CrisisResolved(on=on, safety_plan=None, risk_screened_on=on)
        if state.phase is Phase.PLANNING:
            return PlanAgreed(on=on, plan=NO_CONSENT_PLAN)
    return BoosterHeld(on=on) if state.phase is Phase.CLOSED else ReReferred(on=on)


def build_history(seed: int, length: int, fault_rate: float) -> list[Event]:
    """A valid walk of *length* events with faults inserted at about *fault_rate*."""
    rng = random.Random(seed)
    faults = random.Random(seed + 1)
    walker = iter_walk(rng, start=START)
    state = CaseState.start(on=START)
    on = START
    events: list[Event] = []
    while len(events) < length:
        if events and faults.random() < fault_rate:
            events.append(fault_for(state, on, faults))
            continue
        event = next(walker)
        state = transition(state, event, BENCH_POLICY).state
        on = event.on
        events.append(event)
    return events


# -- the peers: one model of guards and effects, two FSM engines -------------------------------


class PeerModel:
    """Case data, guards and effects equivalent to counselcore.phases (default policy)."""

    def init_case(self) -> None:
        self.episode = 1
        self.interrupted: str | None = None
        self.crisis_began_on: dt.date | None = None
        self.formulation: Any = None
        self.plan: Any = None
        self.sessions_since_review = 0
        self.review_anchor_on: dt.date | None = None
        self.last_review_on: dt.date | None = None
        self.last_event_on: dt.date | None = None
        self.flags: dict[str, frozenset[str]] = {}
        self.safety_plan_present = False
        self.stabilization_met = False
        self.goals_met = False
        self.aftercare_plan_present = False
        self.booster_due = False
        self.disengagement_reason: Any = None
        self.review_every: int | None = None
        self.review_days: int | None = None
        self.modality_ok: set[str] = set()

    def phase_name(self) -> str:
        raise NotImplementedError

    # guards --------------------------------------------------------------------------------
    def date_ok(self, ev: Any) -> bool:
        return self.last_event_on is None or ev.on >= self.last_event_on

    def formulation_ok(self, ev: Any) -> bool:
        f = ev.formulation
        return bool(f.presenting_problems) and f.risk is not None and f.risk.screened_on <= ev.on

    def modality_ok_now(self, modality: str | None, in_crisis: bool) -> bool:
        if modality is None:
            return True
        if modality not in KNOWN_MODALITIES:
            return False
        if modality != "emdr" or self.formulation is None:
            return True
        return self.stabilization_met and not in_crisis

    def plan_ok(self, ev: Any) -> bool:
        plan = ev.plan
        if (
            plan.formulation_id is not None
            and self.formulation is not None
            and plan.formulation_id != self.formulation.formulation_id
        ):
            return False
        consent = plan.consent_recorded_on
        if consent is None or consent > ev.on:
            return False
        if any(v.severity is Severity.ERROR for v in check_plan(plan, ruleset=DEFAULT_PLAN_RULES)):
            return False
        modalities = {i.modality for _, o in plan.iter_objectives() for i in o.interventions}
        return bool(modalities) and all(self.modality_ok_now(m, False) for m in modalities)

    def session_ok(self, ev: Any) -> bool:
        phase = self.phase_name()
        session = ev.session
        return session.kind in SESSION_KINDS[phase] and self.modality_ok_now(
            session.modality, phase == "crisis"
        )

    def review_due(self, ev: Any) -> bool:
        every, days = self.review_every, self.review_days
        if every is None and days is None:
            return True
        if every is not None and self.sessions_since_review >= every:
            return True
        anchor = self.review_anchor_on
        return days is not None and anchor is not None and (ev.on - anchor).days >= days

    def termination_ok(self, ev: Any) -> bool:
        return (self.goals_met or ev.client_initiated) and ev.termination_plan_recorded

    def crisis_exit_ok(self, ev: Any) -> bool:
        screened = ev.risk_screened_on
        began = self.crisis_began_on
        return (
            ev.safety_plan is not None
            and screened is not None
            and (began is None or screened >= began)
            and screened <= ev.on
            and (not ev.replan or self.formulation is not None)
        )

    def to_planning(self, ev: Any) -> bool:
        return ev.replan or self.interrupted == "planning"

    def aftercare_ok(self, ev: Any) -> bool:
        return ev.aftercare_plan is not None

    # effects -------------------------------------------------------------------------------
    def touch(self, ev: Any) -> None:
        self.last_event_on = ev.on

    def refresh(self) -> None:
        review = None if self.plan is None else self.plan.review
        self.review_every = None if review is None else review.every_sessions
        self.review_days = None if review is None else review.every_days

    def fx_intake(self, ev: Any) -> None:
        self.formulation = ev.formulation
        self.stabilization_met = ev.stabilization_met

    def fx_plan(self, ev: Any, from_planning: bool) -> None:
        if from_planning:
            self.review_anchor_on = ev.on
        self.plan = ev.plan
        self.goals_met = False
        self.sessions_since_review = 0
        self.refresh()

    def fx_plan_from_planning(self, ev: Any) -> None:
        self.fx_plan(ev, True)

    def fx_plan_from_review(self, ev: Any) -> None:
        self.fx_plan(ev, False)

    def fx_count(self, ev: Any) -> None:  # noqa: ARG002 - the engines pass the event to every callback
        self.sessions_since_review += 1

    def fx_resume(self, ev: Any) -> None:  # noqa: ARG002 - the engines pass the event to every callback
        self.sessions_since_review = 1

    def fx_maintenance_session(self, ev: Any) -> None:
        if ev.session.kind is SessionKind.BOOSTER:
            self.booster_due = False

    def fx_review(self, ev: Any) -> None:
        self.sessions_since_review = 0
        self.last_review_on = ev.on
        self.review_anchor_on = ev.on
        self.goals_met = ev.goals_met
        if ev.stabilization_met is not None:
            self.stabilization_met = ev.stabilization_met

    def fx_measure(self, ev: Any) -> None:
        if ev.risk_flags:
            self.flags[ev.instrument] = ev.risk_flags
        else:
            self.flags.pop(ev.instrument, None)

    def fx_begin_crisis(self, ev: Any) -> None:
        self.interrupted = self.phase_name()
        self.crisis_began_on = ev.on
        self.stabilization_met = False

    def fx_resolve(self, ev: Any) -> None:  # noqa: ARG002 - the engines pass the event to every callback
        self.interrupted = None
        self.crisis_began_on = None
        self.safety_plan_present = True

    def fx_aftercare(self, ev: Any) -> None:  # noqa: ARG002 - the engines pass the event to every callback
        self.aftercare_plan_present = True
        self.booster_due = False

    def fx_discharge(self, ev: Any) -> None:
        if ev.aftercare_plan is not None:
            self.aftercare_plan_present = True

    def fx_disengage(self, ev: Any) -> None:
        self.disengagement_reason = ev.reason
        self.interrupted = None
        self.crisis_began_on = None

    def fx_relapse(self, ev: Any) -> None:
        self.sessions_since_review = 0
        self.review_anchor_on = ev.on
        self.goals_met = False
        self.booster_due = False

    def fx_lapse_maintenance(self, ev: Any) -> None:  # noqa: ARG002 - the engines pass the event to every callback
        self.booster_due = True

    def fx_booster(self, ev: Any) -> None:  # noqa: ARG002 - the engines pass the event to every callback
        self.booster_due = False

    def fx_rerefer(self, ev: Any) -> None:  # noqa: ARG002 - the engines pass the event to every callback
        episode = self.episode + 1
        last = self.last_event_on
        self.init_case()
        self.episode = episode
        self.last_event_on = last

    def snapshot(self) -> tuple[Any, ...]:
        return (
            self.phase_name(),
            self.episode,
            self.interrupted,
            self.crisis_began_on,
            None if self.formulation is None else self.formulation.formulation_id,
            None if self.plan is None else (self.plan.plan_id, self.plan.version),
            self.sessions_since_review,
            self.review_anchor_on,
            self.last_review_on,
            self.last_event_on,
            tuple(sorted((k, tuple(sorted(v))) for k, v in self.flags.items())),
            self.safety_plan_present,
            self.stabilization_met,
            self.goals_met,
            self.aftercare_plan_present,
            self.booster_due,
            self.disengagement_reason,
        )


def snapshot_of(state: CaseState) -> tuple[Any, ...]:
    """The same facts, from a counselcore state."""
    return (
        state.phase.value,
        state.episode,
        None if state.interrupted_phase is None else state.interrupted_phase.value,
        state.crisis_began_on,
        None if state.formulation is None else state.formulation.formulation_id,
        None if state.plan is None else (state.plan.plan_id, state.plan.version),
        state.sessions_since_review,
        state.review_anchor_on,
        state.last_review_on,
        state.last_event_on,
        state.flags_by_instrument,
        state.safety_plan_present,
        state.stabilization_met,
        state.goals_met,
        state.aftercare_plan_present,
        state.booster_due,
        state.disengagement_reason,
    )


# The transition table once, as data both engines are built from:
# (event, source, target, guard names, before, after); target None = stay (internal).
Row = tuple[str, str, str | None, tuple[str, ...], str | None, str | None]


def table() -> list[Row]:
    rows: list[Row] = [
        ("intake_completed", "intake", "planning", ("formulation_ok",), None, "fx_intake"),
        ("plan_agreed", "planning", "active", ("plan_ok",), None, "fx_plan_from_planning"),
        ("plan_agreed", "review", "active", ("plan_ok",), None, "fx_plan_from_review"),
        ("session_held", "active", None, ("session_ok",), None, "fx_count"),
        ("session_held", "review", "active", ("session_ok",), None, "fx_resume"),
        ("session_held", "maintenance", None, ("session_ok",), None, "fx_maintenance_session"),
        ("review_held", "active", "review", ("review_due",), None, "fx_review"),
        ("review_held", "review", None, (), None, "fx_review"),
        ("termination_planned", "review", "termination", ("termination_ok",), None, None),
        (
            "aftercare_started",
            "termination",
            "maintenance",
            ("aftercare_ok",),
            None,
            "fx_aftercare",
        ),
        ("discharged", "termination", "closed", ("aftercare_ok",), None, "fx_discharge"),
        ("discharged", "maintenance", "closed", (), None, "fx_discharge"),
        ("relapse_reported", "active", None, (), None, None),
        ("relapse_reported", "termination", "active", (), None, "fx_relapse"),
        ("relapse_reported", "maintenance", "active", (), None, "fx_relapse"),
        ("lapse_reported", "active", None, (), None, None),
        ("lapse_reported", "review", None, (), None, None),
        ("lapse_reported", "termination", None, (), None, None),
        ("lapse_reported", "maintenance", None, (), None, "fx_lapse_maintenance"),
        ("booster_held", "maintenance", None, (), None, "fx_booster"),
        ("re_referred", "closed", "intake", (), None, "fx_rerefer"),
        (
            "crisis_resolved",
            "crisis",
            "planning",
            ("crisis_exit_ok", "to_planning"),
            None,
            "fx_resolve",
        ),
    ]
    rows.extend(
        ("session_held", phase, None, ("session_ok",), None, None)
        for phase in ("intake", "planning", "crisis", "termination")
    )
    for phase in OPEN:
        rows.append(("measure_recorded", phase, None, (), None, "fx_measure"))
        rows.append(("disengaged", phase, "closed", (), None, "fx_disengage"))
        if phase != "crisis":
            rows.append(("crisis_began", phase, "crisis", (), "fx_begin_crisis", None))
        if phase not in ("crisis", "planning"):
            rows.append(
                (
                    "crisis_resolved",
                    "crisis",
                    phase,
                    ("crisis_exit_ok", f"back_to_{phase}"),
                    None,
                    "fx_resolve",
                )
            )
    return rows


for _phase in OPEN:

    def _back(self: PeerModel, ev: Any, _to: str = _phase) -> bool:
        return not ev.replan and self.interrupted == _to

    setattr(PeerModel, f"back_to_{_phase}", _back)

TRIGGERS = {kind: kind.value.replace("-", "_") for kind in EventKind}


class TransitionsCase(PeerModel):
    """A case driven by a `transitions.Machine` (one machine per case, as that library works)."""

    state: str

    def __init__(self) -> None:
        self.init_case()
        Machine(
            model=self,
            states=[p.value for p in Phase],
            transitions=[
                {
                    "trigger": event,
                    "source": source,
                    "dest": target,
                    "conditions": ["date_ok", *guards],
                    "before": before,
                    "after": [name for name in (after, "touch") if name],
                }
                for event, source, target, guards, before, after in table()
            ],
            initial="intake",
            auto_transitions=False,
            send_event=False,
        )

    def phase_name(self) -> str:
        return self.state

    def offer(self, event: Event) -> bool:
        try:
            return bool(self.trigger(TRIGGERS[event.kind], event))  # type: ignore[attr-defined]
        except MachineError:
            return False


def _psm_class(rows: list[Row] | None = None, base: type | None = None) -> type[StateMachine]:
    states = {p.value: State(p.value, value=p.value, initial=p is Phase.INTAKE) for p in Phase}
    namespace: dict[str, Any] = dict(states)
    events: dict[str, Any] = {}
    for event, source, target, guards, before, after in rows or table():
        callbacks = {"cond": ["date_ok", *guards]}
        if before:
            callbacks["before"] = before
        if after:
            callbacks["after"] = after
        if target is None:
            built = states[source].to.itself(internal=True, **callbacks)
        else:
            built = states[source].to(states[target], **callbacks)
        events[event] = built if event not in events else events[event] | built
    namespace.update(events)

    def after_transition(self: PsmCaseBase, ev: Any) -> None:
        self.last_event_on = ev.on

    namespace["after_transition"] = after_transition
    return type("PsmCase", (base or PsmCaseBase,), namespace)


class PsmCaseBase(PeerModel, StateMachine):
    """A case driven by a `python-statemachine` StateMachine."""

    def __init__(self) -> None:
        self.init_case()
        super().__init__()

    def phase_name(self) -> str:
        return self.current_state_value  # type: ignore[no-any-return]

    def offer(self, event: Event) -> bool:
        try:
            self.send(TRIGGERS[event.kind], ev=event)
        except self.TransitionNotAllowed:
            return False
        return True


PsmCase = _psm_class()


# -- running contenders --------------------------------------------------------------------------

Runner = Callable[[Sequence[Event]], tuple[tuple[int, ...], tuple[Any, ...]]]


def run_counselcore(events: Sequence[Event]) -> tuple[tuple[int, ...], tuple[Any, ...]]:
    result = replay(events, BENCH_POLICY)
    return result.refused_indices, snapshot_of(result.state)


def run_peer(factory: Callable[[], Any]) -> Runner:
    def run(events: Sequence[Event]) -> tuple[tuple[int, ...], tuple[Any, ...]]:
        case = factory()
        refused = tuple(i for i, event in enumerate(events) if not case.offer(event))
        return refused, case.snapshot()

    return run


def time_replay_only(events: Sequence[Event], contender: str) -> None:
    """The timed loop for one long history (no equivalence bookkeeping)."""
    if contender == "counselcore":
        replay(events, BENCH_POLICY)
        return
    case = TransitionsCase() if contender == "transitions" else PsmCase()
    offer = case.offer
    for event in events:
        offer(event)


def time_batch(histories: Sequence[Sequence[Event]], contender: str) -> None:
    if contender == "counselcore":
        for history in histories:
            replay(history, BENCH_POLICY)
        return
    factory = TransitionsCase if contender == "transitions" else PsmCase
    for history in histories:
        offer = factory().offer
        for event in history:
            offer(event)


def repeat(make: Callable[[], Any], times: int) -> None:
    """Call *make* *times* times, keeping nothing."""
    for _ in range(times):
        make()


def best_of(repeats: int, work: Callable[[], Any]) -> float:
    """The best of *repeats* timings, with the cyclic GC off (as `timeit` does), for everyone."""
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        gc.disable()
        try:
            began = time.perf_counter()
            work()
            best = min(best, time.perf_counter() - began)
        finally:
            gc.enable()
    return best


# -- "what may happen next": the guards that read only the case and the date ------------------

#: The peers' guards that, like counselcore's "known before the event" guards, read only the
#: case and the date (plus the crisis-exit target selectors, which read ev.replan).
MENU_GUARDS = frozenset({"review_due", "to_planning", *(f"back_to_{p}" for p in OPEN)})


def menu_table() -> list[Row]:
    return [
        (event, source, target, tuple(g for g in guards if g in MENU_GUARDS), before, after)
        for event, source, target, guards, before, after in table()
    ]


class Probe:
    """The event a menu query passes to the peers' conditions: a date, and no replanning."""

    __slots__ = ("on", "replan")

    def __init__(self, on: dt.date | None) -> None:
        self.on = on or START
        self.replan = False


class TransitionsMenu(PeerModel):
    """A case's data in a `transitions.Machine` whose conditions are the menu guards."""

    state: str

    def __init__(self, phase: str, data: dict[str, Any]) -> None:
        self.__dict__.update(data)
        self.machine = Machine(
            model=self,
            states=[p.value for p in Phase],
            transitions=[
                {
                    "trigger": event,
                    "source": source,
                    "dest": target,
                    "conditions": ["date_ok", *guards],
                }
                for event, source, target, guards, _, _ in menu_table()
            ],
            initial=phase,
            auto_transitions=False,
            send_event=False,
        )

    def phase_name(self) -> str:
        return self.state

    def menu(self) -> set[str]:
        probe = Probe(self.last_event_on)
        return {
            t for t in self.machine.get_triggers(self.state) if getattr(self, f"may_{t}")(probe)
        }


class PsmMenuBase(PeerModel, StateMachine):
    """A case's data in a `python-statemachine` StateMachine whose conditions are the menu guards."""

    def __init__(self, phase: str, data: dict[str, Any]) -> None:
        self.__dict__.update(data)
        StateMachine.__init__(self, start_value=phase)

    def phase_name(self) -> str:
        return self.current_state_value  # type: ignore[no-any-return]

    def menu(self) -> set[str]:
        return {e.id for e in self.enabled_events(ev=Probe(self.last_event_on))}


PsmMenu = _psm_class(menu_table(), PsmMenuBase)


def case_data(case: PeerModel) -> dict[str, Any]:
    """The model's case facts (no engine internals), to seed a menu machine."""
    probe = PeerModel()
    probe.init_case()
    return {name: getattr(case, name) for name in vars(probe)}


def ours_menu(state: CaseState) -> set[str]:
    return {TRIGGERS[kind] for kind in allowed_events(state, BENCH_POLICY).allowed}


def menu_states(events: Sequence[Event], every: int) -> list[tuple[CaseState, str, dict[str, Any]]]:
    """Every *every*-th state along *events*: counselcore's state and the peer model's data."""
    state = CaseState.start()
    peer = TransitionsCase()
    found = []
    for index, event in enumerate(events):
        outcome = transition(state, event, BENCH_POLICY)
        state = outcome.state
        peer.offer(event)
        if index % every == 0:
            found.append((state, peer.state, case_data(peer)))
    return found


def demo_state() -> tuple[CaseState, str, dict[str, Any]]:
    """The final state of the command-line demo's chart history (a case back in active)."""
    from counselcore.examples import example_formulation, example_safety_plan, example_sessions
    from counselcore.phases import CrisisBegan, IntakeCompleted, SessionHeld

    formulation = example_formulation()
    plan = example_plan()
    first, second, third = example_sessions()
    history: list[Event] = [
        SessionHeld(session=first),
        IntakeCompleted(on=formulation.formulated_on, formulation=formulation),
        PlanAgreed(on=plan.starts_on, plan=plan),
        SessionHeld(session=second),
        ReviewHeld(on=second.held_on),
        CrisisBegan(on=dt.date(2024, 1, 18)),
        SessionHeld(session=third),
        CrisisResolved(on=dt.date(2024, 1, 25), safety_plan=example_safety_plan()),
        CrisisResolved(
            on=dt.date(2024, 1, 25),
            safety_plan=example_safety_plan(),
            risk_screened_on=dt.date(2024, 1, 24),
        ),
    ]
    state = replay(history, BENCH_POLICY).state
    peer = TransitionsCase()
    for event in history:
        peer.offer(event)
    return state, peer.state, case_data(peer)


def median_of(repeats: int, number: int, work: Callable[[], Any]) -> float:
    """The median time of one call over *repeats* batches of *number* calls (GC off)."""
    times = sorted(best_of(1, lambda: repeat(work, number)) / number for _ in range(repeats))
    return times[len(times) // 2]


def bench_menu(history: Sequence[Event]) -> None:
    state, phase, data = demo_state()
    t_menu = TransitionsMenu(phase, data)
    p_menu = PsmMenu(phase, data)
    checked = [(state, phase, data), *menu_states(history, 50)]
    for case, peer_phase, peer_data in checked:
        expected = ours_menu(case)
        if TransitionsMenu(peer_phase, peer_data).menu() != expected:
            print(f"MISMATCH in allowed events (transitions) in phase {peer_phase}")
            raise SystemExit(1)
        if PsmMenu(peer_phase, peer_data).menu() != expected:
            print(f"MISMATCH in allowed events (python-statemachine) in phase {peer_phase}")
            raise SystemExit(1)
    print(
        f"\nwhat may happen next, on the demo's final state (phase {state.phase.value}); "
        f"equivalence checked on {len(checked):,} states first"
    )
    times = {
        "counselcore": median_of(9, 20_000, lambda: allowed_events(state, BENCH_POLICY)),
        "counselcore event_option": median_of(
            9, 20_000, lambda: event_option(state, EventKind.REVIEW_HELD, BENCH_POLICY)
        ),
        "transitions": median_of(5, 2_000, t_menu.menu),
        "python-statemachine": median_of(5, 500, p_menu.menu),
    }
    ours = times["counselcore"]
    for name, seconds in times.items():
        line = f"  {name:<26} {seconds * 1e6:9.2f} us/query (median)"
        if not name.startswith("counselcore"):
            line += f"   counselcore is {seconds / ours:5.1f}x faster"
        print(line)
    print(
        "  (counselcore: allowed_events() lists all 15 kinds with the reasons; event_option() asks "
        "about one; transitions: get_triggers() + may_<trigger>(); python-statemachine: "
        "enabled_events())"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--histories", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="a tenth of the sizes (smoke run)")
    parser.add_argument(
        "--menu-only", action="store_true", help='only "what may happen next" (20,000-event check)'
    )
    args = parser.parse_args(argv)
    n_events = args.events // (10 if args.quick else 1)
    n_histories = args.histories // (10 if args.quick else 1)

    print(
        f"counselcore {counselcore.__version__}, transitions {transitions.__version__}, "
        f"python-statemachine {statemachine.__version__}"
    )
    print(f"Python {platform.python_version()} on {platform.machine()}, {platform.system()}")

    if args.menu_only:
        bench_menu(build_history(seed=20261124, length=20_000, fault_rate=0.02))
        return 0

    # 1. starting a case, in a fresh process (before the large workloads exist)
    print("\nstarting a case (measured first, before the workloads are built)")
    starts = {
        "counselcore": best_of(5, lambda: [replay(()) for _ in range(50_000)]) / 50_000,
        "transitions": best_of(3, lambda: [TransitionsCase() for _ in range(300)]) / 300,
        "python-statemachine": best_of(3, lambda: [PsmCase() for _ in range(100)]) / 100,
    }
    ours = starts["counselcore"]
    for name, seconds in starts.items():
        line = f"  {name:<20} {seconds * 1e6:9.2f} us"
        if not name.startswith("counselcore"):
            line += f"   counselcore is {seconds / ours:5.0f}x faster"
        print(line)
    print(
        "  (counselcore: replay(()), a working copy and a result; peers: one model and its machine)\n"
    )
    began = time.perf_counter()
    history = build_history(seed=20261124, length=n_events, fault_rate=0.02)
    distinct = [build_history(seed=1000 + i, length=20, fault_rate=0.01) for i in range(1000)]
    batch = [distinct[i % len(distinct)] for i in range(n_histories)]
    print(f"built workloads in {time.perf_counter() - began:.1f} s")
    gc.collect()
    gc.freeze()  # the workloads live for the whole run: keep them out of every GC pass

    contenders: dict[str, Runner] = {
        "counselcore": run_counselcore,
        "transitions": run_peer(TransitionsCase),
        "python-statemachine": run_peer(PsmCase),
    }
    # 2. equivalence before timing
    reference = run_counselcore(history)
    refs_short = [run_counselcore(h) for h in distinct]
    for name, run in contenders.items():
        if run(history) != reference:
            print(f"MISMATCH on the long history: {name}")
            return 1
        for h, expected in zip(distinct, refs_short, strict=True):
            if run(h) != expected:
                print(f"MISMATCH on a short history: {name}")
                return 1
    refused_short = sum(len(r[0]) for r in refs_short)
    print(
        f"equivalence: all 3 contenders refuse the same {len(reference[0]):,} of {len(history):,} "
        f"events and reach the same end state; on the {len(distinct):,} distinct short histories "
        f"they agree on {refused_short:,} refusals and every end state"
    )

    # 3. one long history
    print(f"\nreplay of one {len(history):,}-event history")
    prefix = {"python-statemachine": min(len(history), 20_000)}
    long_times = {}
    for name, repeats in (
        ("counselcore", 5),
        ("transitions", 2),
        ("python-statemachine", 1),
    ):
        part = history[: prefix.get(name, len(history))]
        elapsed = best_of(repeats, lambda n=name, p=part: time_replay_only(p, n))
        long_times[name] = elapsed * len(history) / len(part)
        if len(part) < len(history):
            print(f"  ({name}: timed on the first {len(part):,} events, scaled)")
    report(long_times, len(history), "events")

    # 4. short histories
    print(f"\nbatch of {n_histories:,} short histories ({len(batch[0])} events each)")
    sample = {
        "counselcore": n_histories,
        "transitions": min(n_histories, 5_000),
        "python-statemachine": min(n_histories, 300),
    }
    short_times = {}
    for name, repeats in (
        ("counselcore", 3),
        ("transitions", 1),
        ("python-statemachine", 1),
    ):
        part = batch[: sample[name]]
        elapsed = best_of(repeats, lambda n=name, p=part: time_batch(p, n))
        short_times[name] = elapsed * n_histories / sample[name]
        if sample[name] < n_histories:
            print(f"  ({name}: timed on the first {sample[name]:,} histories, scaled)")
    report(short_times, n_histories * 20, "events", per=("history", n_histories))

    # 5. what may happen next
    bench_menu(history)

    return 0


def report(
    times: dict[str, float], count: int, unit: str, per: tuple[str, int] | None = None
) -> None:
    ours = times["counselcore"]
    for name, seconds in times.items():
        rate = count / seconds
        line = f"  {name:<20} {rate:14,.0f} {unit}/s"
        if per is not None:
            line += f"  {seconds / per[1] * 1e6:9.2f} us/{per[0]}"
        else:
            line += f"  {seconds / count * 1e6:7.3f} us/event"
        if not name.startswith("counselcore"):
            line += f"   counselcore is {seconds / ours:5.1f}x faster"
        print(line)


if __name__ == "__main__":
    sys.exit(main())
