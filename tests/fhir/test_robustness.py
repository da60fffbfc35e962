"""Whatever a sender puts in a resource, import returns a value or raises a CounselcoreError, never another exception."""

import copy
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counselcore.errors import CounselcoreError, ValidationError
from counselcore.examples import (
    example_aftercare_plan,
    example_formulation,
    example_plan,
    example_safety_plan,
    example_sessions,
)
from counselcore.fhir import (
    Imported,
    fhir_import,
    from_fhir_aftercare_plan,
    from_fhir_bundle,
    from_fhir_episode,
    from_fhir_formulation,
    from_fhir_goal,
    from_fhir_observation,
    from_fhir_questionnaire_response,
    from_fhir_safety_plan,
    from_fhir_session,
    from_fhir_treatment_plan,
    to_fhir_administration,
    to_fhir_aftercare_plan,
    to_fhir_bundle,
    to_fhir_formulation,
    to_fhir_observation,
    to_fhir_safety_plan,
    to_fhir_session,
    to_fhir_treatment_plan,
)
from counselcore.measures import PHQ_9, administer
from counselcore.model import ClientRef
from counselcore.phases import (
    CaseHistory,
    Discharged,
    IntakeCompleted,
    MeasureRecorded,
    PlanAgreed,
)

CLIENT = ClientRef("c-1")
_PLAN = to_fhir_treatment_plan(example_plan())
_FORMULATION = to_fhir_formulation(example_formulation())
_AFTERCARE = to_fhir_aftercare_plan(example_aftercare_plan(), contact_details=True)
_BUNDLE = to_fhir_bundle(
    CaseHistory(
        client=CLIENT,
        events=(
            IntakeCompleted(
                on=example_formulation().formulated_on, formulation=example_formulation()
            ),
            PlanAgreed(on=example_plan().starts_on, plan=example_plan()),
        ),
    )
)

_RESPONSE = to_fhir_administration(
    administer(PHQ_9, (1, 0, 2, 0, 3, 0, 1, 0, 0), on=example_plan().starts_on), CLIENT
)[1]

#: (name, the resource to damage, the importer reading it)
CASES: list[tuple[str, Any, Callable[[Any], object]]] = [
    (
        "observation",
        to_fhir_observation(
            MeasureRecorded(on=example_plan().starts_on, instrument="phq-9", total=3), CLIENT
        ),
        from_fhir_observation,
    ),
    ("session", to_fhir_session(example_sessions()[1], CLIENT), from_fhir_session),
    ("safety", to_fhir_safety_plan(example_safety_plan(), CLIENT), from_fhir_safety_plan),
    ("plan", _PLAN[0], lambda r: from_fhir_treatment_plan(r, _PLAN[1:])),
    ("plan-goal", _PLAN[-1], from_fhir_goal),
    ("formulation", _FORMULATION[0], lambda r: from_fhir_formulation(r, _FORMULATION[1:])),
    ("aftercare", _AFTERCARE[0], lambda r: from_fhir_aftercare_plan(r, _AFTERCARE[1:])),
    ("episode", _BUNDLE["entry"][0]["resource"], from_fhir_episode),
    ("questionnaire-response", _RESPONSE, from_fhir_questionnaire_response),
    ("bundle", _BUNDLE, from_fhir_bundle),
]

_JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=False, allow_infinity=False, width=16),
    st.sampled_from(["", "x", "12", "Patient/", "#p1", "urn:uuid:0", "2024-13-40", "onhold"]),
    st.just([]),
    st.just({}),
    st.just([{}]),
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_paths(item, (*prefix, index)))
    return found


def _damaged(resource: Any, path: tuple[Any, ...], junk: Any, *, delete: bool) -> Any:
    copied = copy.deepcopy(resource)
    parent = copied
    for step in path[:-1]:
        parent = parent[step]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = copy.deepcopy(junk)
    return copied


@pytest.mark.parametrize(("name", "resource", "importer"), CASES, ids=[c[0] for c in CASES])
@settings(
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_damaged_input_raises_only_counselcore_errors(name, resource, importer, data):
    """Replacing or deleting any one element gives a value or a ValidationError naming a path."""
    paths = _paths(resource)
    path = data.draw(st.sampled_from(paths), label="path")
    junk = data.draw(_JUNK, label="junk")
    delete = data.draw(st.booleans(), label="delete")

    try:
        result = importer(_damaged(resource, path, junk, delete=delete))
    except ValidationError as error:
        assert error.violations
        assert all(v.path for v in error.violations)
    else:
        assert isinstance(result, Imported)


@pytest.mark.parametrize("junk", [None, [], "text", 3, {"resourceType": 7}])
def test_not_a_resource_raises_validation_error(junk):
    """A value that is not a resource object is refused with a CounselcoreError."""
    for _, _, importer in CASES:
        with pytest.raises(CounselcoreError):
            importer(junk)


@pytest.mark.parametrize("resources", [[None], [_PLAN[1], 7], ["text"], 5, "text", {"a": 1}])
def test_resources_that_are_not_objects_are_refused(resources):
    """Found by fuzzing: a non-object among the resources raised a bare AttributeError."""
    with pytest.raises(ValidationError) as caught:
        from_fhir_treatment_plan(_PLAN[0], resources)
    assert caught.value.rules == ("fhir.json-shape",)


def test_a_bundle_nested_past_the_recursion_limit_is_read():
    """Found by fuzzing: the reference check recursed, so a deep resource hit RecursionError."""
    deep: Any = {"reference": "urn:uuid:nowhere"}
    for _ in range(5_000):
        deep = {"extension": [deep]}
    bundle = copy.deepcopy(_BUNDLE)
    bundle["entry"][0]["resource"]["extension"] = [deep]

    with pytest.raises(CounselcoreError):
        from_fhir_bundle(bundle)


def test_reference_warnings_come_in_document_order():
    """The iterative reference walk reports dangling references in document order."""
    bundle = copy.deepcopy(_BUNDLE)
    resource = bundle["entry"][0]["resource"]
    resource["note"] = [{"x": {"reference": "urn:uuid:a"}}, {"x": {"reference": "urn:uuid:b"}}]

    try:
        result = from_fhir_bundle(bundle)
    except ValidationError as error:
        found = error.violations
    else:
        found = result.violations
    dangling = [v.path for v in found if v.rule == "fhir.reference-resolves"]
    assert dangling[:2] == [
        ("Bundle", "entry", 0, "resource", "note", 0, "x", "reference"),
        ("Bundle", "entry", 0, "resource", "note", 1, "x", "reference"),
    ]


@pytest.mark.parametrize("text", ["[" * 5_000 + "]" * 5_000, '{"a":' * 5_000 + "1" + "}" * 5_000])
def test_fhir_import_of_text_nested_too_deeply_is_not_json(text):
    """Found by fuzzing: json.loads' RecursionError escaped fhir_import."""
    output, found = fhir_import(text)
    assert output == ""
    assert [v.rule for v in found] == ["fhir.not-json"]


def test_a_discharge_without_an_aftercare_plan_round_trips():
    """Found by the privacy sweep: an optional payload left out made the import refuse the bundle."""
    history = CaseHistory(client=CLIENT, events=(Discharged(on=dt.date(2024, 5, 6)),))

    result = from_fhir_bundle(to_fhir_bundle(history))

    assert result.ok
    assert result.value == history


def test_a_required_payload_without_its_resource_is_refused():
    """An event whose payload is required (a plan agreed) still needs its resource."""
    bundle = copy.deepcopy(_BUNDLE)
    for extension in bundle["entry"][0]["resource"]["extension"]:
        parts = extension.get("extension", [])
        if {"url": "kind", "valueCode": "plan-agreed"} in parts:
            extension["extension"] = [p for p in parts if p["url"] != "resource"]

    with pytest.raises(ValidationError) as caught:
        from_fhir_bundle(bundle)
    assert "fhir.reference-resolves" in caught.value.rules


@pytest.mark.parametrize("code", [[], {}, 7])
def test_a_foreign_care_plan_category_code_of_another_type_is_refused(code: Any) -> None:
    """Found by the million-input fuzz run: a list or object as a SNOMED category code raised
    TypeError (unhashable) while sorting a foreign bundle's care plans."""
    bundle = copy.deepcopy(_BUNDLE)
    bundle["entry"] = [
        e for e in bundle["entry"] if e["resource"]["resourceType"] != "EpisodeOfCare"
    ]
    plan = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "CarePlan"
    )
    plan["category"] = [{"coding": [{"system": "http://snomed.info/sct", "code": code}]}]

    with pytest.raises(ValidationError) as caught:
        from_fhir_bundle(bundle)
    assert "fhir.json-shape" in caught.value.rules


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
def test_a_non_finite_number_is_refused(number: float) -> None:
    """Found by the million-input fuzz run: a NaN timing period raised a bare ValueError
    (``int(nan)``); JSON has no NaN or infinity, so a dict carrying one is refused."""
    resource = copy.deepcopy(_AFTERCARE[0])
    activity = next(a for a in resource["activity"] if "detail" in a)
    activity["detail"]["scheduledTiming"]["repeat"]["period"] = number

    with pytest.raises(ValidationError) as caught:
        from_fhir_aftercare_plan(resource, _AFTERCARE[1:])
    assert caught.value.rules == ("fhir.json-shape",)
    assert caught.value.violations[0].path[-1] == "period"


def test_a_deeply_nested_phase_code_is_refused_without_recursing() -> None:
    """Found by the million-input fuzz run: the phase enum's own error message took the repr of
    a code nested thousands of levels deep and raised RecursionError."""
    episode = copy.deepcopy(_BUNDLE["entry"][0]["resource"])
    nested: Any = []
    for _ in range(5_000):
        nested = [nested]
    phase = next(e for e in episode["extension"] if "valueCoding" in e)
    phase["valueCoding"]["code"] = nested

    with pytest.raises(ValidationError) as caught:
        from_fhir_episode(episode)
    assert caught.value.rules == ("fhir.code-mapped",)


@pytest.mark.parametrize(("name", "resource", "importer"), CASES, ids=[c[0] for c in CASES])
def test_a_value_nested_past_the_recursion_limit_anywhere_is_a_library_error(
    name: str, resource: Any, importer: Callable[[Any], object]
) -> None:
    """At every path of every resource, a list nested 2,000 levels deep (past the interpreter's
    recursion limit, so any repr or recursive walk of it fails) ends in a library error or an
    import; the fuzz run found two places where it did not."""
    nested: Any = []
    for _ in range(2_000):
        nested = [nested]
    for path in _paths(resource)[1:]:
        damaged = copy.deepcopy(resource)
        parent = damaged
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = nested
        try:
            repr(importer(damaged))
        except CounselcoreError as error:
            assert str(error), (name, path)
