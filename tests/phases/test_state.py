"""CaseState: structure, helpers, and the machine's working copy round trip."""

import datetime as dt

import pytest
from attrs import evolve
from hypothesis import given

from counselcore.errors import InvalidValueError
from counselcore.phases import DEFAULT_POLICY, CaseState, DisengagementReason, Phase
from counselcore.phases._state import _Work
from counselcore.strategies import case_states
from tests.phases.builders import DAY0, state_in


class TestStructure:
    @pytest.mark.parametrize(
        ("changes", "path"),
        [
            ({"phase": "active"}, ("phase",)),
            ({"episode": 0}, ("episode",)),
            ({"sessions_since_review": -1}, ("sessions_since_review",)),
            (
                {"last_event_on": dt.datetime(2024, 1, 1, 8, tzinfo=dt.timezone.utc)},
                ("last_event_on",),
            ),
            ({"goals_met": 1}, ("goals_met",)),
            ({"interrupted_phase": Phase.ACTIVE}, ("interrupted_phase",)),
            ({"phase": Phase.CRISIS}, ("interrupted_phase",)),
            (
                {"phase": Phase.CRISIS, "interrupted_phase": Phase.CLOSED, "crisis_began_on": DAY0},
                ("interrupted_phase",),
            ),
            ({"phase": Phase.CRISIS, "interrupted_phase": Phase.ACTIVE}, ("crisis_began_on",)),
            ({"formulation": "f"}, ("formulation",)),
            ({"plan": "tp"}, ("plan",)),
            ({"flags_by_instrument": [("phq-9", ("x",))]}, ("flags_by_instrument",)),
            ({"flags_by_instrument": (("phq-9",),)}, ("flags_by_instrument", 0)),
            ({"flags_by_instrument": (("phq-9", ()),)}, ("flags_by_instrument", 0, 1)),
            (
                {"flags_by_instrument": (("phq-9", frozenset({"x"})),)},
                ("flags_by_instrument", 0, 1),
            ),
            ({"flags_by_instrument": (("phq-9", ("y", "x")),)}, ("flags_by_instrument", 0, 1)),
            (
                {"flags_by_instrument": (("phq-9", (" x",)),)},
                ("flags_by_instrument", 0, 1),
            ),
            (
                {"flags_by_instrument": (("phq-9", ("x",)), ("gad-7", ("x",)))},
                ("flags_by_instrument", 1, 0),
            ),
            ({"disengagement_reason": "other"}, ("disengagement_reason",)),
        ],
    )
    def test_malformed_states_are_refused(
        self, changes: dict[str, object], path: tuple[object, ...]
    ) -> None:
        """Each structural invariant names its field."""
        with pytest.raises(InvalidValueError) as info:
            CaseState(**changes)  # type: ignore[arg-type]

        assert info.value.violations[0].path == path

    def test_a_crisis_state_can_be_built(self) -> None:
        """A state in crisis names the interrupted phase and the day it began."""
        state = CaseState(phase=Phase.CRISIS, interrupted_phase=Phase.REVIEW, crisis_began_on=DAY0)

        assert state.is_open

    def test_a_closed_state_records_why(self) -> None:
        """A disengaged case keeps the reason."""
        state = CaseState(phase=Phase.CLOSED, disengagement_reason=DisengagementReason.MOVED_AWAY)

        assert not state.is_open


class TestHelpers:
    def test_plan_version(self) -> None:
        """The plan version is None before a plan and the plan's version after."""
        assert CaseState.start().plan_version is None
        assert state_in(Phase.ACTIVE).plan_version == 1

    def test_start_without_a_day_is_shared(self) -> None:
        """A new case without a date is one shared immutable value."""
        assert CaseState.start() is CaseState.start()
        assert CaseState.start() == CaseState()


class TestWorkingCopy:
    @given(case_states())
    def test_round_trip(self, state: CaseState) -> None:
        """The working copy freezes back into an equal state."""
        assert _Work(state, DEFAULT_POLICY).to_state() == state

    def test_frozen_state_is_complete(self) -> None:
        """A frozen working copy has every field set (no attribute left unset)."""
        state = _Work(state_in(Phase.MAINTENANCE), DEFAULT_POLICY).to_state()

        assert evolve(state) == state


class TestSerialization:
    @given(case_states())
    def test_json_round_trip(self, state: CaseState) -> None:
        """A state survives a JSON round trip, so a replay can resume from a stored state."""
        from counselcore.serialization import from_json, to_json

        assert from_json(CaseState, to_json(state)) == state

    def test_flags_serialize_deterministically(self) -> None:
        """Flags are sorted tuples, so the JSON text does not depend on hashing."""
        from counselcore.serialization import to_json

        state = CaseState(flags_by_instrument=(("phq-9", ("a", "item-9")),))

        text = to_json(state)

        assert '"flags_by_instrument":[["phq-9",["a","item-9"]]]' in text
        assert '"type":"case-state"' in text
