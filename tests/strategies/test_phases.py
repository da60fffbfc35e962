"""The phase strategies we ship keep their promises."""

from hypothesis import given
from hypothesis import strategies as st

from counselcore.phases import CaseState, Event, replay
from counselcore.strategies import (
    FaultyHistory,
    case_states,
    faulty_phase_histories,
    phase_histories,
)


class TestPhaseHistories:
    @given(phase_histories(min_events=5, max_events=40))
    def test_valid_histories_have_no_violation(self, events: tuple[Event, ...]) -> None:
        """Every generated history replays with zero violations."""
        assert 5 <= len(events) <= 40
        assert replay(events).violations == ()

    @given(faulty_phase_histories())
    def test_the_fault_is_found_where_it_was_put(self, faulty: FaultyHistory) -> None:
        """Replay reports the injected rule at the injected index, and nothing anywhere else."""
        result = replay(faulty.events)

        assert {v.index for v in result.violations} == {faulty.index}
        assert faulty.rule in result.rule_ids
        assert result.refused_indices == (faulty.index,)

    @given(case_states())
    def test_case_states_are_reachable(self, state: CaseState) -> None:
        """Generated states are valid CaseState values."""
        assert isinstance(state, CaseState)
        assert state.episode >= 1


class TestRegistration:
    @given(st.from_type(CaseState))
    def test_from_type_builds_case_states(self, state: CaseState) -> None:
        """The hypothesis entry point registers case_states for CaseState."""
        assert isinstance(state, CaseState)
