"""
The machine is compiled from one declaration: a guard added there is seen by every path.

The metamorphic property: for every row of the transition table, add a guard that always
refuses (and, separately, one that only warns) through the declaration, build the machine
from it, and check that `transition` folded over a history, `replay` and `allowed_events` /
`event_option` agree on every generated history, under the default and non-default policies.
"""

import datetime as dt
import functools
import inspect
import linecache
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counselcore.phases import (
    DEFAULT_POLICY,
    PHASE_GUARDS,
    TRANSITIONS,
    CaseState,
    Event,
    EventKind,
    HistoryViolation,
    Phase,
    PhasePolicy,
    ReplayResult,
    allowed_events,
    event_option,
    replay,
    transition,
)
from counselcore.phases import _guards as g
from counselcore.phases._machine import MACHINE, SLOTS, Machine
from counselcore.phases._replay import replay_on
from counselcore.phases._table import SPECS
from counselcore.rules import Finding, Rule
from counselcore.violations import Severity
from tests.phases.builders import day, history_to, session
from tests.phases.strategies import POLICIES, chaotic_histories, random_events

SRC = inspect.getfile(g).rsplit("/", 1)[0]
ADDED = "phases.test-added-guard"


def _always(_work: object, _event: object) -> tuple[Finding, ...]:
    return (Finding(path=(), message="the added test guard finds something"),)


@functools.cache
def machine_with(row: int, severity: Severity) -> Machine:
    """The default declaration with one more guard, of *severity*, on row *row*."""
    rule: Rule[Any, Any] = Rule(
        id=ADDED, description="Always finds something.", check=_always, severity=severity
    )
    source, kind, targets, guards, delegated, effect = SPECS[row]
    specs = (*SPECS[:row], (source, kind, targets, (*guards, ADDED), delegated, effect))
    specs += SPECS[row + 1 :]
    return Machine(specs, (*g.GUARD_DECLARATIONS, (rule, True, None)))


def fold(
    machine: Machine, events: list[Event], policy: PhasePolicy
) -> tuple[CaseState, list[HistoryViolation], list[CaseState]]:
    """Offer each event to the machine's transition; keep the state before each event."""
    state = CaseState.start()
    found: list[HistoryViolation] = []
    before: list[CaseState] = []
    for index, event in enumerate(events):
        before.append(state)
        outcome = machine.transition(state, event, policy)
        found.extend(
            HistoryViolation(index=index, kind=event.kind, violation=v) for v in outcome.violations
        )
        state = outcome.state
    return state, found, before


def check_agreement(machine: Machine, events: list[Event], policy: PhasePolicy) -> None:
    """Fold, replay and the menus agree on *events*."""
    state, found, before = fold(machine, events, policy)

    result = replay_on(machine, events, policy, None)

    assert result.state == state
    assert list(result.violations) == found
    for index, event in enumerate(events):
        slot = SLOTS[type(event)]
        menu = machine.options(before[index], policy, event.on, None)
        (single,) = machine.options(before[index], policy, event.on, range(slot, slot + 1))
        option = menu[slot]
        assert single == option
        at_event = {v.violation.rule for v in found if v.index == index}
        refused = any(v.index == index and v.violation.severity is Severity.ERROR for v in found)
        # What the menu says stands against the kind is found again when the event arrives.
        assert {v.rule for v in option.violations} <= at_event
        if not option.allowed:
            assert refused, "allowed_events refused what transition accepted"
        if not refused:
            assert option.allowed


ROWS = st.integers(0, len(SPECS) - 1)
SEVERITIES = st.sampled_from([Severity.ERROR, Severity.WARNING])


class TestAddedGuardReachesEveryPath:
    @given(ROWS, SEVERITIES, chaotic_histories(), POLICIES)
    def test_on_damaged_valid_histories(
        self, row: int, severity: Severity, events: list[Event], policy: PhasePolicy
    ) -> None:
        """With a guard added to any row, fold, replay and the menus agree."""
        check_agreement(machine_with(row, severity), events, policy)

    @given(ROWS, SEVERITIES, random_events(), POLICIES)
    def test_on_random_events(
        self, row: int, severity: Severity, events: list[Event], policy: PhasePolicy
    ) -> None:
        """The same holds for histories of arbitrary events."""
        check_agreement(machine_with(row, severity), events, policy)

    @given(chaotic_histories(), POLICIES)
    def test_the_default_machine_agrees_with_itself(
        self, events: list[Event], policy: PhasePolicy
    ) -> None:
        """Without any added guard the public functions agree too."""
        check_agreement(MACHINE, events, policy)

    @pytest.mark.parametrize("row", range(len(SPECS)))
    def test_every_row_reports_the_added_guard(self, row: int) -> None:
        """The added guard is reported by transition, replay and allowed_events on its row."""
        machine = machine_with(row, Severity.ERROR)
        source, kind = SPECS[row][0], SPECS[row][1]
        state = state_in_phase(source)
        slot = list(EventKind).index(kind)

        option = machine.options(state, DEFAULT_POLICY, None, None)[slot]

        assert not option.allowed
        assert ADDED in {v.rule for v in option.violations}

    def test_the_old_divergence_cannot_come_back(self) -> None:
        """A guard added to the active-phase session row refuses sessions in replay too."""
        row = next(
            i
            for i, spec in enumerate(SPECS)
            if spec[0] is Phase.ACTIVE and spec[1] is EventKind.SESSION_HELD
        )
        machine = machine_with(row, Severity.ERROR)
        events = [*history_to(Phase.ACTIVE), session(8), session(9)]

        result = replay_on(machine, events, DEFAULT_POLICY, None)

        assert result.refused_indices == (2, 3)
        assert result.state.sessions_since_review == 0
        assert ADDED in result.rule_ids


def state_in_phase(phase: Phase) -> CaseState:
    """A state in *phase* (crisis: one that interrupted intake)."""
    if phase is Phase.CRISIS:
        return CaseState(phase=phase, interrupted_phase=Phase.INTAKE, crisis_began_on=day(0))
    return CaseState(phase=phase)


class TestGuardIdsAreDeclaredOnce:
    def test_every_guard_is_declared_once_and_named_only_by_the_table(self) -> None:
        """Each guard id is written once where guards are declared; only the table names it again."""
        import pathlib

        files = {p.name: p.read_text(encoding="utf-8") for p in pathlib.Path(SRC).glob("*.py")}
        # the machine looks up the three guards it applies to every event, once each
        machine_level = {"phases.events-in-date-order", "phases.event-allowed-in-phase"}
        machine_level |= {"phases.contact-within-limit"}

        for rule in PHASE_GUARDS:
            literal = f'"{rule.id}"'
            declared = files["_guards.py"].count(literal) + files["_modalities.py"].count(literal)
            assert declared == 1, rule.id
            assert files["_machine.py"].count(literal) == (rule.id in machine_level), rule.id
            others = {"_guards.py", "_modalities.py", "_machine.py", "_table.py"}
            assert [name for name in files if name not in others and literal in files[name]] == []

    def test_the_table_is_the_transitions(self) -> None:
        """The public table is read from the compiled machine."""
        assert TRANSITIONS == MACHINE.transitions
        assert len(TRANSITIONS) == len(SPECS)


class TestGeneratedCode:
    def test_runners_are_registered_with_linecache(self) -> None:
        """The fused runners' source is shown in tracebacks."""
        edge = MACHINE.rows[Phase.ACTIVE.index][list(EventKind).index(EventKind.SESSION_HELD)]
        assert edge is not None

        filename = edge.run.__code__.co_filename
        source = "".join(linecache.getlines(filename))

        assert filename.startswith("<counselcore generated run_active_session_held")
        assert "phases.session-kind-fits-phase" in source
        assert "phases.review-on-time" in source

    def test_the_working_copy_is_generated_from_the_fields(self) -> None:
        """A new case state survives the working copy's generated init and to_state."""
        from attrs import fields

        from counselcore.phases._state import FIELDS, _Work

        state = CaseState.start(on=day(0))

        assert _Work(state, DEFAULT_POLICY).to_state() == state
        assert FIELDS == tuple(a.name for a in fields(CaseState))
        assert "to_state" in "".join(linecache.getlines(_Work.to_state.__code__.co_filename))


class TestSingleQuestion:
    @given(chaotic_histories(), st.sampled_from(EventKind), st.integers(-3, 60))
    def test_event_option_is_the_menu_entry(
        self, events: list[Event], kind: EventKind, days: int
    ) -> None:
        """event_option answers exactly what allowed_events says for that kind."""
        state = replay(events).state
        on = None if state.last_event_on is None else state.last_event_on + dt.timedelta(days)

        assert event_option(state, kind, on=on) == allowed_events(state, on=on).option(kind)

    def test_a_menu_from_an_accepted_event(self) -> None:
        """An accepted event's kind was allowed beforehand."""
        state = replay(history_to(Phase.ACTIVE)).state

        outcome = transition(state, session(8))

        assert outcome.accepted
        assert event_option(state, EventKind.SESSION_HELD, on=day(8)).allowed
        assert isinstance(replay([]), ReplayResult)


class TestGeneratedChecks:
    """A guard declared with *holds* gets a generated check that reads like a written one."""

    @pytest.mark.parametrize(
        ("rule_id", "name", "explain"),
        [
            ("phases.review-due", "check_phases_review_due", g.review_due),
            ("phases.review-on-time", "check_phases_review_on_time", g.review_on_time),
            (
                "phases.session-kind-fits-phase",
                "check_phases_session_kind_fits_phase",
                g.session_kind_fits_phase,
            ),
        ],
    )
    def test_named_after_the_rule_and_documented_by_its_explainer(self, rule_id, name, explain):
        (rule,) = [rule for rule, _, holds in g.GUARD_DECLARATIONS if rule.id == rule_id]
        assert rule.check.__name__ == name
        assert rule.check.__doc__ == explain.__doc__
        assert rule.check.__doc__

    def test_exactly_the_guards_with_holds_are_generated(self):
        generated = sorted(rule.id for rule, _, holds in g.GUARD_DECLARATIONS if holds)
        assert generated == [
            "phases.review-due",
            "phases.review-on-time",
            "phases.session-kind-fits-phase",
        ]
