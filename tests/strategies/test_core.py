import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import counselcore as cc
from counselcore import strategies


@pytest.mark.parametrize(
    "record_type",
    [
        cc.ClientRef,
        cc.Problem,
        cc.Diagnosis,
        cc.Trigger,
        cc.RiskAssessment,
        cc.CaseFormulation,
        cc.Objective,
        cc.Goal,
        cc.TreatmentPlan,
        cc.Homework,
        cc.Session,
    ],
)
def test_from_type_works_through_the_entry_point(record_type: type) -> None:
    """The hypothesis entry point registers a strategy for every record type."""

    @settings(max_examples=5)
    @given(st.from_type(record_type))
    def check(value: object) -> None:
        assert isinstance(value, record_type)

    check()


@given(st.data())
def test_every_strategy_generates_values_that_round_trip(data: st.DataObject) -> None:
    """Each shipped strategy yields values that survive to_dict/from_dict."""
    name = data.draw(
        st.sampled_from(
            [
                "case_formulations",
                "diagnoses",
                "goals",
                "homework",
                "objectives",
                "problems",
                "risk_assessments",
                "sessions",
                "treatment_plans",
                "triggers",
            ]
        )
    )
    value = data.draw(getattr(strategies, name)())

    assert cc.from_dict(type(value), cc.to_dict(value)) == value


@given(strategies.case_formulations(draft=st.just(False)))
def test_non_draft_formulations_have_risk_and_readiness(value: cc.CaseFormulation) -> None:
    """draft=just(False) yields formulations with a risk screen and a readiness stage."""
    assert value.risk is not None
    assert value.readiness is not None


@given(strategies.identifiers())
def test_identifiers_are_valid_ids(value: str) -> None:
    """Generated ids pass the identifier check."""
    assert cc.ClientRef(value).value == value
