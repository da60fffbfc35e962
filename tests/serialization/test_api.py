import copy
import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import counselcore as cc
from counselcore.examples import example_formulation, example_plan, example_sessions
from counselcore.serialization import make_converter
from counselcore.strategies import case_formulations, sessions, treatment_plans


def problems_of(data: Any, cls: type = cc.TreatmentPlan) -> list[tuple[str, str]]:
    with pytest.raises(cc.ValidationError) as info:
        cc.from_dict(cls, data)
    return [(v.rule, v.where) for v in info.value.violations]


class TestRoundTrip:
    @given(treatment_plans())
    def test_plans_round_trip_through_dicts_and_json(self, plan: cc.TreatmentPlan) -> None:
        """from_dict(to_dict(x)) == x and from_json(to_json(x)) == x for every plan."""
        assert cc.from_dict(cc.TreatmentPlan, cc.to_dict(plan)) == plan
        assert cc.from_json(cc.TreatmentPlan, cc.to_json(plan)) == plan

    @given(case_formulations())
    def test_formulations_round_trip(self, formulation: cc.CaseFormulation) -> None:
        """Formulations, drafts included, survive JSON exactly."""
        assert cc.from_json(cc.CaseFormulation, cc.to_json(formulation)) == formulation

    @given(sessions())
    def test_sessions_round_trip(self, session: cc.Session) -> None:
        """Sessions survive JSON exactly."""
        assert cc.from_json(cc.Session, cc.to_json(session)) == session

    @given(treatment_plans())
    def test_json_is_deterministic_and_stable(self, plan: cc.TreatmentPlan) -> None:
        """The same value always gives the same text, and re-encoding a decoded value changes nothing."""
        text = cc.to_json(plan)

        assert cc.to_json(plan) == text
        assert cc.to_json(cc.from_json(cc.TreatmentPlan, text)) == text

    @given(treatment_plans())
    def test_the_detailed_converter_agrees_with_the_fast_path(self, plan: cc.TreatmentPlan) -> None:
        """make_converter() reads what to_dict writes (after the envelope) into the same value."""
        data = cc.to_dict(plan)
        del data["schema_version"], data["type"]

        assert make_converter().structure(data, cc.TreatmentPlan) == plan

    def test_documents_carry_schema_version_and_type_first(self) -> None:
        """Top-level documents start with schema_version and type; nested records do not."""
        data = cc.to_dict(example_formulation())

        assert list(data)[:2] == ["schema_version", "type"]
        assert data["type"] == "case-formulation"
        assert "schema_version" not in cc.to_dict(example_plan().goals[0])

    def test_non_ascii_text_is_kept(self) -> None:
        """Text is written as UTF-8 characters, not escapes, and read back unchanged."""
        problem = cc.Problem(problem_id="p1", description="tristesse – ça va ☂")

        assert "☂" in cc.to_json(problem)
        assert cc.from_json(cc.Problem, cc.to_json(problem).encode()) == problem

    def test_missing_optional_fields_take_their_defaults(self) -> None:
        """Fields with defaults may be left out of the input."""
        data = {
            "schema_version": 1,
            "type": "session",
            "session_id": "s1",
            "held_on": "2024-01-08",
            "kind": "intake",
            "duration_minutes": 60,
        }

        assert cc.from_dict(cc.Session, data) == example_sessions()[0].__class__(
            session_id="s1",
            held_on=dt.date(2024, 1, 8),
            kind=cc.SessionKind.INTAKE,
            duration_minutes=60,
        )

    def test_ints_are_accepted_for_floats(self) -> None:
        """A whole number in JSON is a fine baseline."""
        data = cc.to_dict(example_plan())
        data["goals"][0]["objectives"][0]["baseline"] = 17

        assert cc.from_dict(cc.TreatmentPlan, data) == example_plan()


class TestInvalidInput:
    def test_wrong_scalar_type_names_the_deep_path(self) -> None:
        """A string target three levels down is reported at goals[2].objectives[0].target."""
        data = cc.to_dict(example_plan())
        data["goals"][2]["objectives"][0]["target"] = "seven"

        assert problems_of(data) == [("structure.type", "goals[2].objectives[0].target")]

    def test_every_problem_is_reported_not_only_the_first(self) -> None:
        """Three independent problems give three violations."""
        data = cc.to_dict(example_plan())
        data["goals"][0]["goal_id"] = 7
        data["review"]["every_sessions"] = "6"
        data["starts_on"] = "15/01/2024"

        assert sorted(problems_of(data)) == [
            ("structure.date", "starts_on"),
            ("structure.type", "goals[0].goal_id"),
            ("structure.type", "review.every_sessions"),
        ]

    def test_unknown_keys_are_refused_with_their_path(self) -> None:
        """An extra key is named when it looks like a field name."""
        data = cc.to_dict(example_plan())
        data["goals"][1]["objectives"][0]["colour"] = "blue"

        assert problems_of(data) == [("structure.unknown-key", "goals[1].objectives[0].colour")]

    def test_unknown_keys_that_look_like_text_are_not_echoed(self) -> None:
        """A key that could be clinical text is not copied into the error."""
        data = cc.to_dict(example_plan())
        data["Zebra secret words"] = 1

        with pytest.raises(cc.ValidationError) as info:
            cc.from_dict(cc.TreatmentPlan, data)

        assert "Zebra" not in str(info.value)
        assert info.value.paths == ("<unnamed key>",)

    def test_missing_required_field(self) -> None:
        """A missing required field is reported at its own path."""
        data = cc.to_dict(example_plan())
        del data["goals"][0]["objectives"][1]["objective_id"]

        assert problems_of(data) == [("structure.required", "goals[0].objectives[1].objective_id")]

    @pytest.mark.parametrize("value", ["fortnightly", 7, None.__class__.__name__, ["weekly"]])
    def test_bad_enum_values(self, value: object) -> None:
        """Only the enumeration's own values are accepted."""
        data = cc.to_dict(example_plan())
        data["session_cadence"] = value

        assert problems_of(data) == [("structure.enum", "session_cadence")]

    @pytest.mark.parametrize(
        "value", ["2024-02-30", "2024-1-15", "20240115", "2024-01-15T00:00:00", 20240115]
    )
    def test_bad_dates(self, value: object) -> None:
        """Only real YYYY-MM-DD calendar dates are dates."""
        data = cc.to_dict(example_plan())
        data["starts_on"] = value

        ((rule, where),) = problems_of(data)
        assert where == "starts_on"
        assert rule in {"structure.date", "structure.type"}

    @pytest.mark.parametrize("value", ["a string", {"0": "x"}, 3])
    def test_arrays_must_be_arrays(self, value: object) -> None:
        """A string is not a list of goals, even though it is iterable."""
        data = cc.to_dict(example_plan())
        data["goals"] = value

        assert problems_of(data) == [("structure.type", "goals")]

    def test_objects_must_be_objects(self) -> None:
        """A list where a record belongs is a type error at that path."""
        data = cc.to_dict(example_plan())
        data["review"] = [6, 42]

        assert problems_of(data) == [("structure.type", "review")]

    def test_booleans_are_not_numbers(self) -> None:
        """true is not a duration."""
        data = cc.to_dict(example_sessions()[0])
        data["duration_minutes"] = True

        assert problems_of(data, cc.Session) == [("structure.type", "duration_minutes")]

    def test_constructor_rules_report_the_full_path(self) -> None:
        """A structural rule raised inside a nested constructor gets the outer path in front."""
        data = cc.to_dict(example_plan())
        data["goals"][1]["problem_ids"] = ["p-unknown"]

        assert problems_of(data) == [("structure.reference-resolves", "goals[1].problem_ids[0]")]

    def test_range_errors_from_hooks_and_constructors(self) -> None:
        """An out-of-range value is reported where it is."""
        data = cc.to_dict(example_sessions()[1])
        data["alliance"] = 41

        assert problems_of(data, cc.Session) == [("structure.range", "alliance")]

    @pytest.mark.parametrize(
        ("version", "expected"),
        [
            (None, "structure.schema-version"),
            (2, "structure.schema-version"),
            ("1", "structure.schema-version"),
        ],
    )
    def test_schema_version_is_checked(self, version: object, expected: str) -> None:
        """A missing or unsupported schema_version raises SchemaVersionError."""
        data = cc.to_dict(example_plan())
        if version is None:
            del data["schema_version"]
        else:
            data["schema_version"] = version

        with pytest.raises(cc.SchemaVersionError) as info:
            cc.from_dict(cc.TreatmentPlan, data)

        assert info.value.rules == (expected,)

    def test_document_type_must_match(self) -> None:
        """A formulation document is not a plan."""
        with pytest.raises(cc.SchemaVersionError) as info:
            cc.from_dict(cc.TreatmentPlan, cc.to_dict(example_formulation()))

        assert info.value.paths == ("type",)

    def test_documents_must_be_objects(self) -> None:
        """A JSON array is not a document."""
        assert problems_of([1, 2]) == [("structure.type", "<root>")]

    @pytest.mark.parametrize("text", ["{", "", "[1,]", '{"a": NaN}', "\x00"])
    def test_invalid_json_text(self, text: str) -> None:
        """Text that is not JSON (NaN included) is refused with structure.json."""
        with pytest.raises(cc.ValidationError) as info:
            cc.from_json(cc.TreatmentPlan, text)

        assert info.value.rules == ("structure.json",)

    def test_invalid_utf8_bytes(self) -> None:
        """Bytes that are not UTF-8 are refused, not decoded with replacement characters."""
        with pytest.raises(cc.ValidationError) as info:
            cc.from_json(cc.TreatmentPlan, b"\xff\xfe")

        assert info.value.rules == ("structure.json",)

    def test_unsupported_types_are_refused(self) -> None:
        """to_dict and from_dict work on counselcore records only."""
        with pytest.raises(cc.UnsupportedTypeError):
            cc.to_dict({"a": 1})
        with pytest.raises(cc.UnsupportedTypeError):
            cc.from_dict(dict, {})

    def test_errors_do_not_quote_input_values(self) -> None:
        """Bad values, which may be clinical text, never appear in the message or the violations."""
        data = cc.to_dict(example_formulation())
        data["presenting_problems"][0]["domain"] = "Zebra-secret"
        data["readiness"] = "Zebra-secret-2"
        data["diagnoses"][0]["code"] = "Zebra"

        with pytest.raises(cc.ValidationError) as info:
            cc.from_dict(cc.CaseFormulation, data)

        assert "Zebra" not in str(info.value)
        assert "Zebra" not in repr(info.value.violations)
        assert info.value.__cause__ is None
        assert info.value.__suppress_context__

    @given(treatment_plans(), st.data())
    @example(plan=example_plan(), data=None)
    def test_any_single_corruption_is_a_validation_error(
        self, plan: cc.TreatmentPlan, data: st.DataObject | None
    ) -> None:
        """Replacing any one value in a valid plan's data with junk never crashes with a foreign exception."""
        document = cc.to_dict(plan)
        paths = list(_leaf_paths(document))
        if data is None:
            path = paths[0]
            junk: object = {"junk": True}
        else:
            path = data.draw(st.sampled_from(paths))
            junk = data.draw(
                st.one_of(
                    st.none(),
                    st.integers(),
                    st.text(max_size=3),
                    st.lists(st.integers(), max_size=1),
                    st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
                )
            )
        corrupted = copy.deepcopy(document)
        _set(corrupted, path, junk)

        try:
            result = cc.from_dict(cc.TreatmentPlan, corrupted)
        except cc.ValidationError as error:
            assert error.violations
        else:
            assert cc.to_dict(result) == json.loads(json.dumps(corrupted)) or result is not None


def _leaf_paths(value: Any, path: tuple[str | int, ...] = ()) -> Any:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaf_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaf_paths(item, (*path, index))
    yield path


def _set(document: Any, path: tuple[str | int, ...], junk: object) -> None:
    if not path:
        return
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = junk
