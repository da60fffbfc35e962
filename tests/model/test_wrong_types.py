# mypy: disable-error-code="arg-type"
"""Every model constructor refuses a value of the wrong type with our error, naming the field."""

import datetime as dt
import types
import typing
from typing import Any

import attrs
import pytest

from counselcore.examples import example_formulation, example_plan, example_sessions
from counselcore.model import (
    CaseFormulation,
    ClientRef,
    Diagnosis,
    FivePs,
    Goal,
    Homework,
    Intervention,
    Metric,
    MetricKind,
    Problem,
    ReviewSchedule,
    RiskAssessment,
    RiskLevel,
    Session,
    SessionKind,
    TreatmentPlan,
    Trigger,
)
from tests.probing import WRONG, outcome

DAY = dt.date(2024, 1, 8)
PLAN = example_plan()
GOAL = PLAN.goals[0]
OBJECTIVE = GOAL.objectives[0]

#: One valid instance of every model record, built with every field given explicitly.
VALID: list[Any] = [
    ClientRef("c-1"),
    Problem(problem_id="p1", description="low mood"),
    Diagnosis(code="F32.1"),
    FivePs(predisposing=("a",)),
    Trigger(trigger_id="t1", description="payday", risk=RiskLevel.HIGH),
    RiskAssessment(screened_on=DAY),
    example_formulation(),
    Metric(kind=MetricKind.INSTRUMENT_SCORE, instrument="phq-9"),
    Intervention(modality="cbt", technique="exposure"),
    OBJECTIVE,
    GOAL,
    ReviewSchedule(every_sessions=6),
    PLAN,
    Homework(homework_id="h1", description="thought record", due_on=DAY),
    example_sessions()[1],
    Session(session_id="s1", held_on=DAY, kind=SessionKind.INTAKE, duration_minutes=60),
]


def _matches(value: object, annotation: Any) -> bool:
    """Whether *value* has the declared type (then a constructor may accept or refuse it)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_matches(value, arg) for arg in typing.get_args(annotation))
    if origin is tuple:
        return type(value) is tuple and not value
    if annotation is type(None):
        return value is None
    if annotation is float:
        return type(value) in (int, float)
    return isinstance(annotation, type) and type(value) is annotation


def _params() -> list[Any]:
    params = []
    for record in VALID:
        cls = type(record)
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            for wrong in WRONG:
                may_accept = _matches(wrong, hints[field.name])
                params.append(
                    pytest.param(
                        record,
                        field.name,
                        wrong,
                        may_accept,
                        id=f"{cls.__name__}-{field.name}-{wrong!r}",
                    )
                )
    return params


@pytest.mark.parametrize(("record", "name", "wrong", "may_accept"), _params())
def test_wrong_types_are_refused(record: Any, name: str, wrong: object, may_accept: bool) -> None:
    """A wrong type is refused with structure.* at a path; a well-typed one raises nothing foreign."""
    kwargs = {f.alias: getattr(record, f.name) for f in attrs.fields(type(record))}
    kwargs[attrs.fields_dict(type(record))[name].alias] = wrong
    found = (
        outcome(ClientRef, (wrong,), {})
        if type(record) is ClientRef
        else outcome(type(record), (), kwargs)
    )

    if may_accept:
        assert found == "accepted" or found.startswith("refused")
    else:
        assert found == "refused"


@pytest.mark.parametrize(
    ("build", "where"),
    [
        (lambda: Goal(goal_id="g", description="d", objectives=("x",)), "objectives[0]"),
        (lambda: attrs.evolve(PLAN, goals=("x",)), "goals[0]"),
        (lambda: attrs.evolve(PLAN, review=[6, 30]), "review"),
        (lambda: attrs.evolve(OBJECTIVE, metric=["phq-9"]), "metric"),
        (lambda: attrs.evolve(example_formulation(), risk=[]), "risk"),
        (lambda: attrs.evolve(example_formulation(), factors=["a"]), "factors"),
        (
            lambda: attrs.evolve(example_sessions()[1], homework_assigned=("h1",)),
            "homework_assigned[0]",
        ),
        (lambda: attrs.evolve(OBJECTIVE, interventions=("cbt",)), "interventions[0]"),
    ],
)
def test_element_and_record_types_are_checked(build: Any, where: str) -> None:
    """Items of record tuples and nested records are checked, never trusted."""
    from counselcore.errors import InvalidValueError

    with pytest.raises(InvalidValueError) as info:
        build()

    assert info.value.paths == (where,)
    assert info.value.rules == ("structure.type",)


def test_every_model_record_is_probed() -> None:
    """The probe list covers every attrs class the model package exports."""
    from counselcore import model

    exported = {getattr(model, name) for name in model.__all__}
    records = {cls for cls in exported if isinstance(cls, type) and attrs.has(cls)}

    assert records == {type(record) for record in VALID}
    assert CaseFormulation in records
    assert TreatmentPlan in records
