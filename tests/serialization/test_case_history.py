"""The event format and the case-history document."""

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import counselcore as cc
from counselcore.examples import (
    example_aftercare_plan,
    example_formulation,
    example_plan,
    example_safety_plan,
    example_sessions,
)
from counselcore.phases import (
    EVENT_TYPES,
    AftercareStarted,
    CaseHistory,
    CrisisBegan,
    CrisisResolved,
    Disengaged,
    DisengagementReason,
    Event,
    EventKind,
    IntakeCompleted,
    MeasureRecorded,
    PlanAgreed,
    SessionHeld,
    replay,
)
from counselcore.strategies import case_histories, events

D = dt.date(2024, 1, 8)


def chart() -> CaseHistory:
    return CaseHistory(
        client=cc.ClientRef("c-1"),
        events=(
            IntakeCompleted(on=D, formulation=example_formulation()),
            PlanAgreed(on=dt.date(2024, 1, 15), plan=example_plan()),
            SessionHeld(session=example_sessions()[1]),
            MeasureRecorded(on=dt.date(2024, 1, 22), instrument="phq-9", total=14),
        ),
    )


def violations_of(cls: Any, data: Any) -> list[tuple[str, str]]:
    with pytest.raises(cc.ValidationError) as info:
        cc.from_dict(cls, data)
    return [(v.rule, v.where) for v in info.value.violations]


class TestEventFormat:
    def test_an_event_carries_its_kind_first(self) -> None:
        """to_dict of an event starts with its kind, then its own fields in order."""
        data = cc.to_dict(CrisisBegan(on=dt.date(2025, 3, 5)))

        assert data == {"kind": "crisis-began", "on": "2025-03-05"}
        assert list(data) == ["kind", "on"]

    def test_one_union_entry_reads_every_kind(self) -> None:
        """from_dict(Event, ...) picks the class by kind."""
        loaded = cc.from_dict(Event, {"kind": "crisis-began", "on": "2025-03-05"})

        assert loaded == CrisisBegan(on=dt.date(2025, 3, 5))

    @pytest.mark.parametrize("kind", list(EventKind))
    def test_the_events_strategy_covers_every_kind(self, kind: EventKind) -> None:
        """The events strategy builds every kind, so the round-trip property below sees them all."""

        @settings(max_examples=3)
        @given(events(kinds=st.just(kind)))
        def check(event: Any) -> None:
            assert type(event) is EVENT_TYPES[kind]

        check()

    @given(events())
    def test_every_event_round_trips_through_the_union_and_its_class(self, event: Any) -> None:
        """from_dict(Event, to_dict(e)) == e and from_json(type(e), to_json(e)) == e."""
        data = cc.to_dict(event)

        assert data["kind"] == event.kind.value
        assert cc.from_dict(Event, data) == event
        assert cc.from_json(type(event), cc.to_json(event)) == event

    def test_payload_records_have_no_envelope(self) -> None:
        """A nested plan uses the plan layout without type and schema_version."""
        data = cc.to_dict(PlanAgreed(on=D, plan=example_plan()))

        assert "type" not in data["plan"]
        assert "schema_version" not in data["plan"]
        assert data["plan"]["plan_id"] == "tp-1"

    def test_risk_flags_dump_as_a_sorted_list(self) -> None:
        """A frozenset field is written as a sorted array, so JSON is deterministic."""
        event = MeasureRecorded(on=D, instrument="phq-9", total=20, risk_flags={"z.b", "a.c"})

        assert cc.to_dict(event)["risk_flags"] == ["a.c", "z.b"]
        assert cc.to_json(event).endswith('"risk_flags":["a.c","z.b"]}')

    def test_a_string_is_never_a_set_of_characters(self) -> None:
        """ "abc" where flags belong is refused, not read as {'a', 'b', 'c'}."""
        data = cc.to_dict(MeasureRecorded(on=D, instrument="phq-9", total=20))
        data["risk_flags"] = "abc"

        assert violations_of(Event, data) == [("structure.type", "risk_flags")]

    def test_repeated_set_members_are_refused(self) -> None:
        """A set written with a repeat is corrupt, not silently collapsed."""
        data = cc.to_dict(MeasureRecorded(on=D, instrument="phq-9", total=20))
        data["risk_flags"] = ["a", "a"]

        assert violations_of(Event, data) == [("structure.id-unique", "risk_flags")]

    @pytest.mark.parametrize(
        ("data", "expected"),
        [
            ({"on": "2025-03-05"}, [("structure.required", "kind")]),
            ({"kind": "crisis-ended", "on": "2025-03-05"}, [("structure.enum", "kind")]),
            ({"kind": 3, "on": "2025-03-05"}, [("structure.enum", "kind")]),
            ("crisis-began", [("structure.type", "<root>")]),
            ({"kind": "crisis-began"}, [("structure.required", "on")]),
        ],
    )
    def test_bad_kinds_through_the_union(self, data: Any, expected: Any) -> None:
        """A missing or unknown kind is reported at the kind key."""
        assert violations_of(Event, data) == expected

    def test_a_class_entry_checks_the_kind_too(self) -> None:
        """Loading a LapseReported from a crisis-began document is refused at kind."""
        data = {"kind": "crisis-began", "on": "2025-03-05"}

        assert violations_of(EVENT_TYPES[EventKind.LAPSE_REPORTED], data) == [
            ("structure.enum", "kind")
        ]
        assert violations_of(CrisisBegan, {"on": "2025-03-05"}) == [("structure.required", "kind")]

    def test_enum_and_optional_payloads(self) -> None:
        """Disengagement reasons and optional plans load by value."""
        disengaged = Disengaged(on=D, reason=DisengagementReason.LOST_TO_CONTACT)
        resolved = CrisisResolved(on=D, safety_plan=example_safety_plan(), risk_screened_on=D)
        aftercare = AftercareStarted(on=D, aftercare_plan=example_aftercare_plan())

        for event in (disengaged, resolved, aftercare):
            assert cc.from_json(Event, cc.to_json(event)) == event


class TestCaseHistoryDocument:
    def test_layout(self) -> None:
        """The document is an envelope, the client id, and the events with their kinds."""
        data = cc.to_dict(chart())

        assert list(data) == ["schema_version", "type", "client", "events"]
        assert data["schema_version"] == 1
        assert data["type"] == "case-history"
        assert data["client"] == "c-1"
        assert [e["kind"] for e in data["events"]] == [
            "intake-completed",
            "plan-agreed",
            "session-held",
            "measure-recorded",
        ]
        assert list(data["events"][0]) == ["kind", "on", "formulation", "stabilization_met"]
        assert data["events"][3] == {
            "kind": "measure-recorded",
            "on": "2024-01-22",
            "instrument": "phq-9",
            "total": 14,
            "risk_flags": [],
        }

    def test_the_agreed_example_loads(self) -> None:
        """A hand-written document in the agreed format loads."""
        text = json.dumps(
            {
                "type": "case-history",
                "schema_version": 1,
                "client": "c-1",
                "events": [
                    {"kind": "crisis-began", "on": "2025-03-05"},
                    {
                        "kind": "measure-recorded",
                        "on": "2025-03-06",
                        "instrument": "phq-9",
                        "total": 14,
                        "risk_flags": [],
                    },
                ],
            }
        )

        loaded = cc.from_json(CaseHistory, text)

        assert loaded.client == cc.ClientRef("c-1")
        assert [e.kind for e in loaded.events] == [
            EventKind.CRISIS_BEGAN,
            EventKind.MEASURE_RECORDED,
        ]

    def test_out_of_order_events_load_and_replay_reports_them(self) -> None:
        """Date order is the replay's business: the chart loads, replay flags the event."""
        events_ = chart().events
        swapped = CaseHistory(client=cc.ClientRef("c-1"), events=(*events_[:2], events_[3]))
        data = cc.to_dict(swapped)
        data["events"][2]["on"] = "2024-01-01"

        loaded = cc.from_dict(CaseHistory, data)

        assert "phases.events-in-date-order" in replay(loaded.events).rule_ids

    def test_structural_errors_point_into_the_input(self) -> None:
        """A bad target deep inside the second event is reported at its full path."""
        data = cc.to_dict(chart())
        data["events"][1]["plan"]["goals"][0]["objectives"][1]["target"] = "seven"
        data["events"][3]["risk_flags"] = "abc"

        assert violations_of(CaseHistory, data) == [
            ("structure.type", "events[1].plan.goals[0].objectives[1].target"),
            ("structure.type", "events[3].risk_flags"),
        ]

    def test_an_unknown_kind_inside_a_history(self) -> None:
        """An event of no known kind is reported at events[i].kind."""
        data = cc.to_dict(chart())
        data["events"][2]["kind"] = "session-hold"

        assert violations_of(CaseHistory, data) == [("structure.enum", "events[2].kind")]

    @given(case_histories(max_events=15))
    def test_valid_histories_round_trip(self, history: CaseHistory) -> None:
        """Every generated chart survives JSON exactly."""
        assert cc.from_json(CaseHistory, cc.to_json(history)) == history

    @given(case_histories(events=st.lists(events(), max_size=4).map(tuple)))
    def test_arbitrary_charts_round_trip(self, history: CaseHistory) -> None:
        """Charts of any events in any order survive JSON exactly."""
        assert cc.from_dict(CaseHistory, cc.to_dict(history)) == history


SCRIPT = textwrap.dedent(
    """
    import random, datetime as dt
    import counselcore as cc
    from counselcore.phases import CaseHistory, MeasureRecorded
    from counselcore.strategies._walk import iter_walk
    walker = iter_walk(random.Random(11), start=dt.date(2024, 1, 1))
    events = [next(walker) for _ in range(200)]
    events.append(MeasureRecorded(on=dt.date(2030, 1, 1), instrument="phq-9", total=3,
                                  risk_flags={"f-%d" % i for i in range(30)}))
    print(cc.to_json(CaseHistory(client=cc.ClientRef("c-9"), events=tuple(events))))
    """
)


def test_case_history_json_is_identical_under_two_hash_seeds() -> None:
    """Sets inside a chart are sorted, so the bytes do not depend on the hash seed."""
    outputs = [
        subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", SCRIPT],
            capture_output=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "4242")
    ]

    assert outputs[0] == outputs[1]
    assert b'"risk_flags":["f-0","f-1","f-10"' in outputs[0]
