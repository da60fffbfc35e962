"""`replay`: every violation with its index, the continuation rule, streaming."""

import datetime as dt
import gc
import weakref
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counselcore.errors import UnknownEventError, UnsupportedTypeError
from counselcore.phases import (
    CaseState,
    Event,
    EventKind,
    HistoryViolation,
    IntakeCompleted,
    MeasureRecorded,
    Phase,
    PhasePolicy,
    PlanAgreed,
    ReplayResult,
    ReviewHeld,
    replay,
    transition,
)
from counselcore.strategies import phase_histories
from counselcore.violations import Severity, Violation
from tests.phases.builders import DAY0, day, history_to, session
from tests.phases.strategies import POLICIES, chaotic_histories, random_events


def fold(events: list[Event], policy: PhasePolicy) -> tuple[CaseState, list[HistoryViolation]]:
    """Replay by hand: offer each event to `transition` and keep the refused ones out."""
    state = CaseState.start()
    found: list[HistoryViolation] = []
    for index, event in enumerate(events):
        outcome = transition(state, event, policy)
        found.extend(
            HistoryViolation(index=index, kind=event.kind, violation=v) for v in outcome.violations
        )
        state = outcome.state
    return state, found


class TestReplayEqualsFold:
    @given(random_events(), POLICIES)
    def test_on_random_events(self, events: list[Event], policy: PhasePolicy) -> None:
        """replay gives the same state and violations as offering each event to transition."""
        state, found = fold(events, policy)

        result = replay(events, policy)

        assert result.state == state
        assert list(result.violations) == found
        assert result.events == len(events)
        assert result.refused == len({v.index for v in found if v.severity is Severity.ERROR})

    @given(chaotic_histories(), POLICIES)
    def test_on_damaged_valid_histories(self, events: list[Event], policy: PhasePolicy) -> None:
        """The same holds for valid histories with events dropped, inserted or swapped."""
        state, found = fold(events, policy)

        result = replay(events, policy)

        assert (result.state, list(result.violations)) == (state, found)


class TestContinuationRule:
    @given(chaotic_histories())
    def test_refused_events_are_as_if_absent(self, events: list[Event]) -> None:
        """Replaying only the accepted events gives the same state and no errors."""
        result = replay(events)
        refused = set(result.refused_indices)

        kept = [event for index, event in enumerate(events) if index not in refused]
        again = replay(kept)

        assert again.state == result.state
        assert again.refused == 0

    def test_one_bad_event_does_not_hide_the_next(self) -> None:
        """Two faults in one history are both reported, each at its own index."""
        events = [
            *history_to(Phase.ACTIVE),
            ReviewHeld(on=day(8)),
            session(9),
            MeasureRecorded(on=day(1), instrument="phq-9", total=3),
        ]

        result = replay(events)

        assert [(v.index, v.rule) for v in result.violations] == [
            (2, "phases.review-due"),
            (4, "phases.events-in-date-order"),
        ]
        assert result.refused_indices == (2, 4)
        assert result.rule_ids == ("phases.review-due", "phases.events-in-date-order")
        assert result.state.sessions_since_review == 1
        assert not result.ok


class TestReplayInputs:
    def test_a_generator_is_consumed_once_and_lazily(self) -> None:
        """replay streams: it pulls events one at a time and keeps none of them."""
        alive: list[weakref.ref[Event]] = []

        def stream() -> Iterator[Event]:
            count = len(history_to(Phase.CLOSED))
            for index in range(count):
                event = history_to(Phase.CLOSED)[index]  # a fresh object nobody else holds
                if index >= 2:
                    gc.collect()
                    assert alive[index - 2]() is None, "an event was kept after it was replayed"
                alive.append(weakref.ref(event))
                yield event

        result = replay(stream())

        assert result.state.phase is Phase.CLOSED
        assert result.events == len(alive)

    def test_a_non_event_raises_with_its_index(self) -> None:
        """Malformed input raises UnknownEventError naming the position."""
        events = [*history_to(Phase.PLANNING), {"kind": "session-held"}]

        with pytest.raises(UnknownEventError) as info:
            replay(events)

        assert info.value.index == 1
        assert "history index 1" in str(info.value)

    def test_a_start_state_can_be_given(self) -> None:
        """Replay can continue from a stored state."""
        middle = replay(history_to(Phase.ACTIVE)).state

        result = replay([session(8), session(9)], start=middle)

        assert result.state.sessions_since_review == 2

    @pytest.mark.parametrize("events", [None, 5, "session-held", {"on": "2024-01-08"}])
    def test_something_that_is_not_a_history_raises_naming_it(self, events: object) -> None:
        """replay(None), replay(5) ... raise a library error naming the argument."""
        from counselcore.errors import InvalidValueError

        with pytest.raises(InvalidValueError) as info:
            replay(events)  # type: ignore[arg-type]

        assert info.value.paths == ("events",)

    def test_a_wrong_start_type_raises(self) -> None:
        """The start state must be a CaseState."""
        with pytest.raises(UnsupportedTypeError):
            replay([], start=Phase.ACTIVE)  # type: ignore[arg-type]

    def test_an_empty_history_is_a_new_case(self) -> None:
        """Nothing happened: a new case, no violations."""
        result = replay(iter(()))

        assert (result.state, result.violations, result.events, result.ok) == (
            CaseState.start(),
            (),
            0,
            True,
        )


class TestNoClinicalDataOutlivesACall:
    def test_formulations_and_plans_are_released(self) -> None:
        """After replay, transition and allowed_events return, nothing keeps the case's records."""
        from counselcore.phases import allowed_events
        from tests.phases.builders import formulation, plan

        def run() -> list[weakref.ref[object]]:
            f = formulation(formulation_id="f-gc")
            p = plan(formulation_id="f-gc", modalities=("emdr",))
            events = [
                IntakeCompleted(on=DAY0, formulation=f),
                PlanAgreed(on=day(7), plan=p),
                session(8, modality="cbt"),
            ]
            result = replay(events)
            allowed_events(result.state)
            transition(result.state, session(9, modality="cbt"))
            return [weakref.ref(f), weakref.ref(p)]

        refs = run()
        gc.collect()

        assert [ref() for ref in refs] == [None, None]


class TestReplayResult:
    def test_it_pickles_and_compares_by_value(self) -> None:
        """A result survives a pickle round trip (a process pool or Dask worker sends it back)."""
        import pickle

        events = [*history_to(Phase.ACTIVE), ReviewHeld(on=day(8)), session(9)]
        result = replay(events)

        again = pickle.loads(pickle.dumps(result))  # noqa: S301 - our own bytes

        assert again == result
        assert hash(again) == hash(result)
        assert again.violations[0].rule == "phases.review-due"

    @given(chaotic_histories())
    def test_any_result_pickles(self, events: list[Event]) -> None:
        """Every replay result, violations and all, round-trips through pickle."""
        import pickle

        result = replay(events)

        assert pickle.loads(pickle.dumps(result)) == result  # noqa: S301 - our own bytes

    def test_a_malformed_result_is_refused(self) -> None:
        """Building a result by hand checks its fields."""
        from counselcore.errors import InvalidValueError

        with pytest.raises(InvalidValueError):
            ReplayResult(state=CaseState.start(), events=1, refused=2)
        with pytest.raises(InvalidValueError):
            ReplayResult(state=None)  # type: ignore[arg-type]

    def test_equal_results_compare_and_hash_equal(self) -> None:
        """A replayed result equals one built directly from the same values."""
        result = replay(history_to(Phase.ACTIVE))

        built = ReplayResult(state=result.state, events=2)

        assert result == built
        assert hash(result) == hash(built)
        other: object = "something else"
        assert result != other
        assert repr(built).startswith("ReplayResult(state=CaseState(phase=<Phase.ACTIVE")

    def test_it_is_immutable(self) -> None:
        """Results cannot be changed."""
        from attrs.exceptions import FrozenInstanceError

        result = replay([])

        with pytest.raises(FrozenInstanceError):
            result.events = 3  # type: ignore[misc]
        with pytest.raises(FrozenInstanceError):
            del result.events

    def test_history_violation_reads_well(self) -> None:
        """A history violation carries the index and kind, and prints both."""
        found = HistoryViolation(
            index=3,
            kind=EventKind.REVIEW_HELD,
            violation=Violation(
                rule="phases.review-due", path=("on",), message="no review is due yet"
            ),
        )

        assert str(found) == "#3 review-held: on: no review is due yet [phases.review-due]"
        assert found.severity is Severity.ERROR


class TestValidHistories:
    @given(phase_histories(max_events=40))
    def test_valid_histories_replay_clean(self, events: tuple[Event, ...]) -> None:
        """The shipped strategy's histories have no violations (the walker's own promise)."""
        result = replay(events)

        assert result.violations == ()
        assert result.state.last_event_on == (events[-1].on if events else None)

    @given(phase_histories(max_events=20), st.integers(1, 30))
    def test_every_event_moved_before_its_predecessor_is_caught(
        self, events: tuple[Event, ...], back: int
    ) -> None:
        """A measure dated before the last event is refused with the date-order rule."""
        if not events:
            return
        late = MeasureRecorded(
            on=events[-1].on - dt.timedelta(days=back), instrument="phq-9", total=1
        )

        result = replay([*events, late])

        assert [v.index for v in result.violations] == [len(events)] * len(result.violations)
        assert "phases.events-in-date-order" in result.rule_ids


def test_dates_before_intake_are_fine() -> None:
    """The first event may be on any day: there is nothing to be out of order with."""
    assert replay(
        [MeasureRecorded(on=DAY0 - dt.timedelta(days=365), instrument="phq-9", total=1)]
    ).ok
