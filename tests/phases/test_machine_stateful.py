"""A stateful walk through the phase machine, checking its promises after every event."""

import datetime as dt
from random import Random

from attrs import evolve
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from counselcore.phases import (
    CaseState,
    CrisisResolved,
    EventKind,
    Phase,
    ReReferred,
    ReviewHeld,
    allowed_events,
    replay,
    transition,
)
from counselcore.strategies._walk import _Maker
from counselcore.violations import Severity
from tests.phases.builders import DAY0
from tests.phases.strategies import EVENT_MAKERS, Maker


class CaseWalk(RuleBasedStateMachine):
    """Offer random events (mostly invalid) and valid next steps to one case."""

    def __init__(self) -> None:
        super().__init__()
        self.state = CaseState.start()
        self.on = DAY0
        self.accepted: list[object] = []

    def offer(self, event: object) -> None:
        before = self.state
        outcome = transition(before, event)
        menu = allowed_events(before, on=event.on)  # type: ignore[attr-defined]
        kind = event.kind  # type: ignore[attr-defined]
        if not menu.option(kind).allowed:
            assert not outcome.accepted, "allowed_events refused what transition accepted"
        if not outcome.accepted:
            assert outcome.state is before
            assert any(v.severity is Severity.ERROR for v in outcome.violations)
            return
        after = outcome.state
        self.check_step(before, event, after)
        self.state = after
        self.on = event.on  # type: ignore[attr-defined]
        self.accepted.append(event)

    def check_step(self, before: CaseState, event: object, after: CaseState) -> None:
        if before.phase is Phase.CLOSED:
            assert isinstance(event, ReReferred), "closed is terminal until re-referral"
        if isinstance(event, ReReferred):
            assert (after.phase, after.episode) == (Phase.INTAKE, before.episode + 1)
        else:
            assert after.episode == before.episode
        if isinstance(event, CrisisResolved):
            expected = Phase.PLANNING if event.replan else before.interrupted_phase
            assert after.phase is expected, "a crisis returns to the phase it interrupted"
        if isinstance(event, ReviewHeld):
            assert after.sessions_since_review == 0, "a review resets the session count"
            assert after.last_review_on == event.on
        if after.phase is Phase.CRISIS and before.phase is not Phase.CRISIS:
            assert after.interrupted_phase is before.phase
            assert not after.stabilization_met
        assert after.last_event_on == event.on  # type: ignore[attr-defined]
        assert before.last_event_on is None or after.last_event_on >= before.last_event_on

    @rule(make=EVENT_MAKERS, gap=st.integers(-3, 20))
    def random_event(self, make: Maker, gap: int) -> None:
        self.offer(make(max(DAY0, self.on + dt.timedelta(days=gap))))

    @rule(seed=st.integers(0, 2**32 - 1), gap=st.sampled_from([0, 1, 3, 7, 14]))
    def valid_step(self, seed: int, gap: int) -> None:
        on = self.on + dt.timedelta(days=gap)
        maker = _Maker(Random(seed))  # noqa: S311 - test data, not secrets
        event = maker.next_event(self.state, on)

        outcome = transition(self.state, event)

        assert outcome.violations == (), "the walker's steps are valid"
        self.offer(event)

    @invariant()
    def crisis_fields_go_together(self) -> None:
        in_crisis = self.state.phase is Phase.CRISIS
        assert (self.state.interrupted_phase is not None) is in_crisis
        assert (self.state.crisis_began_on is not None) is in_crisis

    @invariant()
    def state_is_structurally_valid(self) -> None:
        assert evolve(self.state) == self.state  # re-runs every structural check

    @invariant()
    def closed_menu_offers_only_re_referral(self) -> None:
        if self.state.phase is Phase.CLOSED:
            assert allowed_events(self.state).allowed == (EventKind.RE_REFERRED,)

    @invariant()
    def accepted_events_replay_to_the_same_state(self) -> None:
        result = replay(self.accepted)
        assert result.state == self.state
        assert result.refused == 0


TestCaseWalk = CaseWalk.TestCase
