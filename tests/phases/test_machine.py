"""The transition table, `transition`, `Outcome` and `allowed_events`."""

import datetime as dt
from collections import deque

import pytest
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

from counselcore.errors import TransitionRefusedError, UnknownEventError, UnsupportedTypeError
from counselcore.examples import example_safety_plan
from counselcore.measures import SUICIDAL_IDEATION_FLAG
from counselcore.phases import (
    EVENT_TYPES,
    PHASE_GUARDS,
    TRANSITIONS,
    CaseState,
    CrisisBegan,
    CrisisResolved,
    EventKind,
    MeasureRecorded,
    Phase,
    PhasePolicy,
    ReReferred,
    ReviewHeld,
    allowed_events,
    transition,
)
from counselcore.phases._machine import MACHINE
from counselcore.strategies import case_states
from tests.phases.builders import DAY0, day, history_to, last_day, session, state_in


class TestTransitionTable:
    def test_one_row_per_source_and_event(self) -> None:
        """No phase has two rows for the same event kind."""
        keys = [(row.source, row.event) for row in TRANSITIONS]

        assert len(keys) == len(set(keys))

    def test_every_phase_is_reachable_from_intake(self) -> None:
        """Starting at intake, every phase can be reached."""
        seen = {Phase.INTAKE}
        queue = deque([Phase.INTAKE])
        while queue:
            phase = queue.popleft()
            for row in TRANSITIONS:
                if row.source is phase:
                    for target in row.targets:
                        if target not in seen:
                            seen.add(target)
                            queue.append(target)

        assert seen == set(Phase)

    def test_a_new_case_starts_at_intake(self) -> None:
        """The one starting phase is intake, episode 1."""
        assert CaseState.start().phase is Phase.INTAKE
        assert CaseState.start(on=DAY0).opened_on == DAY0

    def test_closed_is_left_only_by_re_referral(self) -> None:
        """The only way out of closed is re-referral, to intake."""
        rows = [row for row in TRANSITIONS if row.source is Phase.CLOSED]

        assert [(row.event, row.targets) for row in rows] == [
            (EventKind.RE_REFERRED, (Phase.INTAKE,))
        ]

    @pytest.mark.parametrize("phase", [p for p in Phase if p.is_open])
    def test_every_open_phase_can_disengage_and_record_measures(self, phase: Phase) -> None:
        """Disengagement and measures are possible in every open phase."""
        events = {row.event: row.targets for row in TRANSITIONS if row.source is phase}

        assert events[EventKind.DISENGAGED] == (Phase.CLOSED,)
        assert events[EventKind.MEASURE_RECORDED] == (phase,)
        assert (EventKind.CRISIS_BEGAN in events) is (phase is not Phase.CRISIS)

    def test_guards_named_in_the_table_exist(self) -> None:
        """Every guard id in the table is a rule of PHASE_GUARDS."""
        named = {guard for row in TRANSITIONS for guard in row.guards}

        assert named <= set(PHASE_GUARDS.ids)

    def test_every_guard_is_used(self) -> None:
        """Every guard is named by the table or applied by the machine itself."""
        named = {guard for row in TRANSITIONS for guard in row.guards}
        machine_level = {
            "phases.events-in-date-order",
            "phases.event-allowed-in-phase",
            "phases.contact-within-limit",
            "phases.modality-known",
        }

        assert set(PHASE_GUARDS.ids) == named | machine_level

    def test_compiled_rows_match_the_table(self) -> None:
        """The compiled rows hold a transition exactly where the table has a row."""
        kinds = list(EventKind)
        table = {(row.source, row.event) for row in TRANSITIONS}

        compiled = {
            (phase, kinds[slot])
            for phase in Phase
            for slot, edge in enumerate(MACHINE.rows[phase.index])
            if edge is not None
        }

        assert compiled == table

    def test_event_types_cover_every_kind(self) -> None:
        """Each event kind has exactly one class, whose kind is that kind."""
        assert list(EVENT_TYPES) == list(EventKind)
        assert all(cls.kind is kind for kind, cls in EVENT_TYPES.items())


class TestTransition:
    def test_an_accepted_event_gives_the_new_state(self) -> None:
        """A session in active treatment counts towards the next review."""
        outcome = transition(state_in(Phase.ACTIVE), session(8))

        assert outcome.accepted
        assert outcome.state.sessions_since_review == 1
        assert outcome.state.last_event_on == day(8)
        assert outcome.unwrap() is outcome.state

    def test_a_refused_event_leaves_the_state_alone(self) -> None:
        """A refused event returns the very same state and raises only on unwrap."""
        state = state_in(Phase.INTAKE)

        outcome = transition(state, ReviewHeld(on=DAY0))

        assert not outcome.accepted
        assert outcome.state is state
        with pytest.raises(TransitionRefusedError) as info:
            outcome.unwrap()
        assert info.value.violations == outcome.errors

    def test_warnings_do_not_refuse(self) -> None:
        """An accepted event with warnings lists them separately from errors."""
        state = state_in(Phase.ACTIVE)

        outcome = transition(state, session(7 + 50))

        assert outcome.accepted
        assert outcome.errors == ()
        assert [v.rule for v in outcome.warnings] == ["phases.review-on-time"]

    @pytest.mark.parametrize("bad", [None, 5, "session-held", {"on": "2024-01-08"}, DAY0])
    def test_something_that_is_not_an_event_raises(self, bad: object) -> None:
        """Malformed input is an error, not a refusal."""
        with pytest.raises(UnknownEventError) as info:
            transition(CaseState.start(), bad)

        assert info.value.value_type is type(bad)
        assert info.value.index is None

    def test_a_wrong_state_type_raises(self) -> None:
        """The state must be a CaseState."""
        with pytest.raises(UnsupportedTypeError):
            transition(Phase.INTAKE, ReReferred(on=DAY0))  # type: ignore[arg-type]

    def test_a_wrong_policy_type_raises(self) -> None:
        """The policy must be a PhasePolicy."""
        with pytest.raises(UnsupportedTypeError):
            transition(CaseState.start(), ReReferred(on=DAY0), policy={})  # type: ignore[arg-type]


class TestReReferral:
    def test_re_referral_opens_a_fresh_episode(self) -> None:
        """A new episode starts at intake with nothing carried over but the dates."""
        closed = state_in(Phase.CLOSED)
        on = last_day(Phase.CLOSED) + dt.timedelta(days=30)

        state = transition(closed, ReReferred(on=on)).unwrap()

        assert state == CaseState(episode=2, opened_on=on, last_event_on=on, last_contact_on=on)


class TestAllowedEvents:
    def test_at_intake(self) -> None:
        """At intake: complete it, hold intake sessions, measure, crisis or disengage."""
        menu = allowed_events(CaseState.start())

        assert menu.phase is Phase.INTAKE
        assert [k.value for k in menu.allowed] == [
            "intake-completed",
            "session-held",
            "measure-recorded",
            "crisis-began",
            "disengaged",
        ]
        assert set(menu.refused) == set(EventKind) - set(menu.allowed)

    def test_review_not_due_is_refused_with_its_reason(self) -> None:
        """While active and no review is due, a review is refused with phases.review-due."""
        menu = allowed_events(state_in(Phase.ACTIVE))

        assert [v.rule for v in menu.reasons(EventKind.REVIEW_HELD)] == ["phases.review-due"]
        assert menu.option(EventKind.SESSION_HELD).allowed

    def test_asking_about_a_later_day(self) -> None:
        """On the day the review falls due, it becomes allowed and sessions are flagged."""
        menu = allowed_events(state_in(Phase.ACTIVE), on=day(7 + 42))

        assert menu.option(EventKind.REVIEW_HELD).allowed
        assert [v.rule for v in menu.reasons(EventKind.SESSION_HELD)] == ["phases.review-on-time"]
        assert menu.option(EventKind.SESSION_HELD).allowed

    def test_asking_about_an_earlier_day_refuses_everything(self) -> None:
        """Nothing can happen before the last accepted event."""
        menu = allowed_events(state_in(Phase.ACTIVE), on=DAY0)

        assert menu.allowed == ()
        assert all(
            option.violations[0].rule == "phases.events-in-date-order" for option in menu.options
        )

    def test_a_crisis_can_return_or_go_to_planning(self) -> None:
        """A crisis that interrupted active treatment leads back to it, or to planning."""
        state = transition(state_in(Phase.ACTIVE), CrisisBegan(on=day(8))).unwrap()

        option = allowed_events(state).option(EventKind.CRISIS_RESOLVED)

        assert option.targets == (Phase.ACTIVE, Phase.PLANNING)

    def test_a_crisis_during_intake_can_only_return(self) -> None:
        """Without a formulation a crisis can only return to intake."""
        state = transition(CaseState.start(), CrisisBegan(on=DAY0)).unwrap()

        assert allowed_events(state).option(EventKind.CRISIS_RESOLVED).targets == (Phase.INTAKE,)

    def test_contact_gap_is_reported(self) -> None:
        """A policy's contact limit shows up as a warning on contact events."""
        policy = PhasePolicy(max_days_without_contact=10)
        state = transition(state_in(Phase.ACTIVE), session(8), policy).unwrap()

        menu = allowed_events(state, policy, on=day(30))

        assert [v.rule for v in menu.reasons(EventKind.SESSION_HELD)] == [
            "phases.contact-within-limit"
        ]
        assert menu.reasons(EventKind.MEASURE_RECORDED) == ()

    @given(case_states(max_events=15), st.sampled_from(EventKind))
    def test_allowed_kinds_have_a_transition(self, state: CaseState, kind: EventKind) -> None:
        """A kind is listed as allowed only if the phase has a transition for it."""
        option = allowed_events(state).option(kind)

        has_row = any(row.source is state.phase and row.event is kind for row in TRANSITIONS)
        assert option.allowed <= has_row
        assert option.kind is kind

    def test_wrong_types_raise(self) -> None:
        """allowed_events checks its arguments like transition does."""
        with pytest.raises(UnsupportedTypeError):
            allowed_events("intake")  # type: ignore[arg-type]

    @pytest.mark.parametrize("on", ["2024-01-01", dt.datetime(2024, 1, 1, tzinfo=dt.UTC), 5])
    def test_a_day_that_is_not_a_date_raises_naming_it(self, on: object) -> None:
        """allowed_events(state, on="2024-01-01") is a library error at path ``on``."""
        from counselcore.errors import InvalidValueError
        from counselcore.phases import event_option

        with pytest.raises(InvalidValueError) as info:
            allowed_events(CaseState.start(), on=on)  # type: ignore[arg-type]
        with pytest.raises(InvalidValueError) as single:
            event_option(CaseState.start(), EventKind.SESSION_HELD, on=on)  # type: ignore[arg-type]

        assert info.value.paths == single.value.paths == ("on",)

    def test_a_kind_that_is_not_an_event_kind_raises_naming_it(self) -> None:
        """event_option needs an EventKind."""
        from counselcore.errors import InvalidValueError
        from counselcore.phases import event_option

        with pytest.raises(InvalidValueError) as info:
            event_option(CaseState.start(), "session-held")  # type: ignore[arg-type]

        assert info.value.paths == ("kind",)


class TestMeasures:
    def test_latest_flags_per_instrument(self) -> None:
        """Each instrument's latest measure decides its risk flags."""
        events = [
            *history_to(Phase.ACTIVE),
            MeasureRecorded(
                on=day(8), instrument="phq-9", total=20, risk_flags={SUICIDAL_IDEATION_FLAG}
            ),
            MeasureRecorded(on=day(8), instrument="gad-7", total=12),
        ]
        state = CaseState.start()
        for event in events:
            state = transition(state, event).unwrap()

        cleared = transition(
            state, MeasureRecorded(on=day(9), instrument="phq-9", total=9)
        ).unwrap()

        assert state.risk_flags == frozenset({SUICIDAL_IDEATION_FLAG})
        assert state.flags_by_instrument == (("phq-9", (SUICIDAL_IDEATION_FLAG,)),)
        assert cleared.risk_flags == frozenset()


class TestCrisisAndStabilization:
    def test_a_crisis_resets_stabilization(self) -> None:
        """Stabilization found before a crisis must be found again after it."""
        state = evolve(state_in(Phase.ACTIVE), stabilization_met=True)

        in_crisis = transition(state, CrisisBegan(on=last_day(Phase.ACTIVE))).unwrap()
        back = transition(
            in_crisis,
            CrisisResolved(on=day(9), safety_plan=example_safety_plan(), risk_screened_on=day(9)),
        ).unwrap()

        assert in_crisis.interrupted_phase is Phase.ACTIVE
        assert in_crisis.crisis_began_on == last_day(Phase.ACTIVE)
        assert not back.stabilization_met
