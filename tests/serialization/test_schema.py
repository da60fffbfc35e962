"""The generated JSON Schema: valid draft 2020-12, accepts what we write, rejects what we refuse."""

import copy
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import counselcore as cc
from counselcore.examples import (
    example_aftercare_plan,
    example_formulation,
    example_plan,
    example_sessions,
)
from counselcore.phases import Event
from counselcore.serialization import DOCUMENT_TYPES, json_schema
from tests.serialization.test_round_trip import ROOTS, nested_records

_VALIDATORS: dict[Any, jsonschema.Draft202012Validator] = {}


def validator(cls: Any) -> jsonschema.Draft202012Validator:
    if cls not in _VALIDATORS:
        _VALIDATORS[cls] = jsonschema.Draft202012Validator(
            json_schema(cls), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
    return _VALIDATORS[cls]


def schema_accepts(cls: Any, data: Any) -> bool:
    return bool(validator(cls).is_valid(data))


def library_accepts(cls: Any, data: Any) -> bool:
    return not library_rules(cls, data)


@pytest.mark.parametrize(
    "cls", [*DOCUMENT_TYPES, Event], ids=lambda c: getattr(c, "__name__", "Event")
)
def test_every_schema_is_valid_draft_2020_12(cls: Any) -> None:
    """Each generated schema passes the draft 2020-12 meta-schema."""
    jsonschema.Draft202012Validator.check_schema(json_schema(cls))


def test_documents_name_their_envelope() -> None:
    """Documents require schema_version and type with their constant values."""
    schema = json_schema(cc.CaseHistory)

    assert schema["properties"]["type"] == {"const": "case-history"}
    assert schema["required"] == ["schema_version", "type", "client"]
    assert schema["additionalProperties"] is False


def test_non_records_are_refused() -> None:
    """Only records and the event union have a schema."""
    with pytest.raises(cc.UnsupportedTypeError):
        json_schema(dict)


@given(st.data())
@settings(max_examples=60)
def test_everything_we_write_validates(data: st.DataObject) -> None:
    """to_dict of every drawn value, and of every record inside it, validates against its schema."""
    value = data.draw(ROOTS[data.draw(st.sampled_from(sorted(ROOTS)))])

    for record in nested_records(value):
        assert schema_accepts(type(record), cc.to_dict(record))


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> Any:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    if path:
        yield path


def _replacement(value: Any) -> Any:
    """A value of a different JSON type than *value*."""
    if isinstance(value, bool):
        return "yes"
    if isinstance(value, int | float):
        return "12"
    if isinstance(value, str):
        return [value]
    if value is None:
        return {"junk": 1}
    return "text"


def _corruptions(document: dict[str, Any]) -> Any:
    """Every single corruption of *document*: each value's type changed, an unknown key, a key dropped."""
    for path in _leaves(document):
        for kind in ("retype", "extra", "drop"):
            corrupted = copy.deepcopy(document)
            parent = corrupted
            for step in path[:-1]:
                parent = parent[step]
            last = path[-1]
            if kind == "retype":
                parent[last] = _replacement(parent[last])
            elif kind == "extra" and isinstance(parent[last], dict):
                parent[last]["unexpected_key"] = 1
            elif kind == "drop" and isinstance(parent, dict):
                del parent[last]
            else:
                continue
            yield f"{kind}:{path}", corrupted


def _corpus() -> list[Any]:
    from counselcore.aftercare import AftercarePlan

    documents = [
        (cc.TreatmentPlan, example_plan()),
        (cc.CaseFormulation, example_formulation()),
        (cc.Session, example_sessions()[1]),
        (AftercarePlan, example_aftercare_plan()),
    ]
    params = []
    for cls, value in documents:
        for name, corrupted in _corruptions(cc.to_dict(value)):
            params.append(pytest.param(cls, corrupted, id=f"{cls.__name__}-{name}"))
    return params


#: What only the library checks (listed on the serialization page): identifier syntax, codes,
#: non-blank text, ranges, unique ids, references, date order and conditional requirements.
LIBRARY_ONLY = {
    "structure.identifier",
    "structure.icd10cm-code",
    "structure.non-empty",
    "structure.range",
    "structure.id-unique",
    "structure.reference-resolves",
    "structure.date-order",
    "structure.required",
    "structure.forbidden",
}


def library_rules(cls: Any, data: Any) -> set[str]:
    try:
        cc.from_dict(cls, data)
    except cc.ValidationError as error:
        return set(error.rules)
    return set()


@pytest.mark.parametrize(("cls", "corrupted"), _corpus())
def test_single_corruptions_are_judged_alike(cls: type, corrupted: Any) -> None:
    """The schema never refuses what from_dict accepts; it accepts a refused value only for library-only rules."""
    by_schema = schema_accepts(cls, corrupted)
    rules = library_rules(cls, corrupted)

    if not rules:
        assert by_schema
    elif by_schema:
        assert rules <= LIBRARY_ONLY


def test_the_corpus_mostly_rejects() -> None:
    """The corruptions are real: nearly all of them are refused by both."""
    params = _corpus()
    refused = sum(not library_accepts(p.values[0], p.values[1]) for p in params)

    refused_by_schema = sum(not schema_accepts(p.values[0], p.values[1]) for p in params)

    assert refused > 0.7 * len(params)
    assert refused_by_schema > 0.7 * len(params)
