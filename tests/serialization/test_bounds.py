"""Parsing is bounded and never escapes the error family: regression tests for the fuzzing finds."""

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import counselcore as cc
from counselcore.examples import example_plan
from counselcore.phases import CaseHistory, Event
from counselcore.serialization import MAX_INTEGER, MAX_ITEMS, MAX_STRING_LENGTH, MAX_VIOLATIONS


def rules_of(cls: Any, data: Any) -> list[tuple[str, str]]:
    with pytest.raises(cc.ValidationError) as info:
        cc.from_dict(cls, data)
    return [(v.rule, v.where) for v in info.value.violations]


class TestDepth:
    @pytest.mark.parametrize("text", ["[" * 1000, "[" * 100_000, "[" * 5000 + "]" * 5000])
    def test_deep_json_is_a_validation_error(self, text: str) -> None:
        """Deep nesting raised RecursionError; now it is refused with a rule id."""
        with pytest.raises(cc.ValidationError) as info:
            cc.from_json(cc.TreatmentPlan, text)

        assert info.value.rules[0] in {"structure.depth", "structure.json"}

    def test_nesting_past_the_types_is_a_type_error_at_its_path(self) -> None:
        """Data deeper than the record's shape stops at the first level that does not fit."""
        data = cc.to_dict(example_plan())
        deep: Any = "x"
        for _ in range(500):
            deep = [deep]
        data["goals"][0]["problem_ids"] = [deep]

        assert rules_of(cc.TreatmentPlan, data) == [("structure.type", "goals[0].problem_ids[0]")]


class TestNumbers:
    @pytest.mark.parametrize("value", [10**400, -(10**400), MAX_INTEGER + 1])
    def test_huge_integers_are_out_of_range(self, value: int) -> None:
        """10**400 in a number field raised OverflowError; now it is a range violation."""
        data = cc.to_dict(example_plan())
        data["goals"][0]["objectives"][0]["baseline"] = value
        data["version"] = value

        assert sorted(rules_of(cc.TreatmentPlan, data)) == [
            ("structure.range", "goals[0].objectives[0].baseline"),
            ("structure.range", "version"),
        ]

    def test_huge_integers_in_json_text(self) -> None:
        """The same through JSON text."""
        text = cc.to_json(example_plan()).replace('"version":1', '"version":1' + "0" * 400)

        with pytest.raises(cc.ValidationError) as info:
            cc.from_json(cc.TreatmentPlan, text)

        assert info.value.rules == ("structure.range",)

    def test_the_bound_itself_is_accepted(self) -> None:
        """MAX_INTEGER is inside the range (a float field keeps the int)."""
        data = cc.to_dict(example_plan())
        data["goals"][0]["objectives"][0]["baseline"] = MAX_INTEGER

        plan = cc.from_dict(cc.TreatmentPlan, data)

        assert plan.goals[0].objectives[0].baseline == MAX_INTEGER


class TestSizes:
    def test_a_million_bad_items_are_refused_at_once(self) -> None:
        """1,000,000 bad items took 17.8 s and 1.7 GB; the length bound refuses them first."""
        data = cc.to_dict(example_plan())
        data["goals"] = ["bad"] * 1_000_000

        assert rules_of(cc.TreatmentPlan, data) == [("structure.length", "goals")]

    def test_the_length_bound_is_inclusive(self) -> None:
        """MAX_ITEMS items are fine as far as length goes; one more is refused."""
        events = [{"kind": "crisis-began", "on": "2025-03-05"}] * MAX_ITEMS
        data: dict[str, Any] = {"schema_version": 1, "type": "case-history", "client": "c-1"}
        data["events"] = events

        assert len(cc.from_dict(CaseHistory, data).events) == MAX_ITEMS
        events.append(events[0])
        assert rules_of(CaseHistory, data) == [("structure.length", "events")]

    def test_violations_are_capped_with_a_count_of_the_rest(self) -> None:
        """Thousands of bad items give MAX_VIOLATIONS violations and one that counts the rest."""
        data: dict[str, Any] = {"schema_version": 1, "type": "case-history", "client": "c-1"}
        data["events"] = [{"kind": "crisis-began", "on": "bad"}] * 1000

        with pytest.raises(cc.ValidationError) as info:
            cc.from_dict(CaseHistory, data)

        found = info.value.violations
        assert len(found) == MAX_VIOLATIONS + 1
        assert found[-1].rule == "structure.too-many-problems"
        assert found[-1].evidence == (("not_listed", 1000 - MAX_VIOLATIONS),)

    def test_long_strings_are_refused(self) -> None:
        """A string longer than MAX_STRING_LENGTH is refused by the loader."""
        data: dict[str, Any] = {"kind": "measure-recorded", "on": "2025-03-05", "total": 1}
        data["instrument"] = "x" * (MAX_STRING_LENGTH + 1)

        assert rules_of(Event, data) == [("structure.text-length", "instrument")]


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=5)
    | st.sampled_from(["2024-01-15", "crisis-began", "session-held", "weekly", "c-1"]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["kind", "on", "goals", "plan_id", "client", "events", "x"]),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@given(
    st.sampled_from([cc.TreatmentPlan, CaseHistory, Event, cc.Session, cc.Violation]), json_values
)
@settings(max_examples=200)
def test_arbitrary_data_only_ever_raises_validation_errors(cls: Any, data: Any) -> None:
    """Fuzzed input either loads or raises a ValidationError with violations."""
    try:
        cc.from_dict(cls, data)
    except cc.ValidationError as error:
        assert error.violations


@given(st.text(max_size=30) | st.binary(max_size=30))
def test_arbitrary_text_only_ever_raises_validation_errors(text: str | bytes) -> None:
    """Fuzzed JSON text never escapes the error family."""
    with pytest.raises(cc.ValidationError):
        cc.from_json(cc.TreatmentPlan, text)


def test_the_error_family_names_json_problems() -> None:
    """Sanity: the JSON path reports its rule."""
    with pytest.raises(cc.ValidationError) as info:
        cc.from_json(cc.TreatmentPlan, json.dumps([1]))

    assert info.value.rules == ("structure.type",)
