import datetime as dt
from typing import Any

import pytest
from attrs import evolve
from hypothesis import given

import counselcore as cc
from counselcore.strategies import case_formulations

D = dt.date(2024, 1, 8)


def problem(problem_id: str = "p1") -> cc.Problem:
    return cc.Problem(
        problem_id=problem_id, description="low mood", domain=cc.ProblemDomain.DEPRESSION
    )


def formulation(**changes: Any) -> cc.CaseFormulation:
    base = cc.CaseFormulation(formulation_id="f1", client=cc.ClientRef("c1"), formulated_on=D)
    return evolve(base, **changes)


def rule_and_path(info: pytest.ExceptionInfo[cc.ValidationError]) -> tuple[str, str]:
    (violation,) = info.value.violations
    return violation.rule, violation.where


class TestIdentifiers:
    @pytest.mark.parametrize("good", ["a", "x" * 128, "mrn-0042", "é"])
    def test_accepts_ids_up_to_128_printable_characters(self, good: str) -> None:
        """Ids of 1 to 128 printable characters without surrounding spaces are accepted."""
        assert cc.ClientRef(good).value == good

    @pytest.mark.parametrize("bad", ["", "x" * 129, " a", "a ", "a\nb", "tab\t"])
    def test_refuses_empty_long_padded_or_control_ids(self, bad: str) -> None:
        """Empty, over-long, padded and control-character ids are refused with structure.identifier."""
        with pytest.raises(cc.InvalidValueError) as info:
            cc.ClientRef(bad)

        assert rule_and_path(info) == ("structure.identifier", "value")

    def test_refuses_non_string_ids(self) -> None:
        """A number is not an id."""
        with pytest.raises(cc.InvalidValueError) as info:
            cc.ClientRef(42)  # type: ignore[arg-type]

        assert rule_and_path(info) == ("structure.type", "value")


class TestProblem:
    def test_refuses_blank_description(self) -> None:
        """A problem's description must say something."""
        with pytest.raises(cc.InvalidValueError) as info:
            cc.Problem(problem_id="p1", description="   ")

        assert rule_and_path(info) == ("structure.non-empty", "description")

    def test_text_length_boundary(self) -> None:
        """Free text may be 10,000 characters long but not 10,001."""
        cc.Problem(problem_id="p1", description="x" * 10_000)

        with pytest.raises(cc.InvalidValueError) as info:
            cc.Problem(problem_id="p1", description="x" * 10_001)

        assert rule_and_path(info) == ("structure.text-length", "description")

    def test_refuses_raw_enum_values(self) -> None:
        """The domain must be a ProblemDomain member, not its string value."""
        with pytest.raises(cc.InvalidValueError) as info:
            cc.Problem(problem_id="p1", description="x", domain="depression")  # type: ignore[arg-type]

        assert rule_and_path(info) == ("structure.type", "domain")


class TestDiagnosis:
    @pytest.mark.parametrize(
        "code", ["F32", "F32.1", "F10.20", "F33.40", "F17.200", "F32.A", "Z91.51", "R45.851"]
    )
    def test_accepts_icd10cm_shaped_codes(self, code: str) -> None:
        """Category-only and subcategory codes with 1-4 characters after the dot are accepted."""
        assert cc.Diagnosis(code=code).category == code[:3]

    @pytest.mark.parametrize(
        "code", ["", "F3", "f32.1", "F32.", "F32.12345", "32.1", "F321", "F32 .1"]
    )
    def test_refuses_malformed_codes(self, code: str) -> None:
        """Codes that do not have ICD-10-CM shape are refused."""
        with pytest.raises(cc.InvalidValueError) as info:
            cc.Diagnosis(code=code)

        assert rule_and_path(info) == ("structure.icd10cm-code", "code")

    @pytest.mark.parametrize(
        ("code", "expected"), [("F10.20", True), ("F19.10", True), ("F20.9", False), ("F09", False)]
    )
    def test_substance_use_is_f10_to_f19(self, code: str, expected: bool) -> None:
        """F10-F19 are substance-related; F09 and F20 are not."""
        assert cc.Diagnosis(code=code).is_substance_use is expected

    def test_code_is_not_in_repr(self) -> None:
        """The diagnosis code is health information and stays out of repr."""
        assert "F10" not in repr(cc.Diagnosis(code="F10.20"))


class TestCaseFormulation:
    def test_a_draft_without_risk_or_readiness_is_constructible(self) -> None:
        """Missing clinical parts are for rules to report, not for the constructor."""
        draft = formulation()

        assert draft.risk is None
        assert draft.readiness is None
        assert not draft.has_risk_screen

    def test_refuses_repeated_problem_ids(self) -> None:
        """The second problem with the same id is reported at its own index."""
        with pytest.raises(cc.InvalidValueError) as info:
            formulation(presenting_problems=(problem("p1"), problem("p2"), problem("p1")))

        assert rule_and_path(info) == ("structure.id-unique", "presenting_problems[2].problem_id")

    def test_refuses_repeated_trigger_ids(self) -> None:
        """Trigger ids are unique within a formulation."""
        trigger = cc.Trigger(trigger_id="t", description="payday", risk=cc.RiskLevel.HIGH)

        with pytest.raises(cc.InvalidValueError) as info:
            formulation(triggers=(trigger, trigger))

        assert rule_and_path(info) == ("structure.id-unique", "triggers[1].trigger_id")

    def test_refuses_lists_where_tuples_belong(self) -> None:
        """Collections are tuples so values stay immutable and hashable."""
        with pytest.raises(cc.InvalidValueError) as info:
            formulation(presenting_problems=[problem()])

        assert rule_and_path(info) == ("structure.type", "presenting_problems")

    def test_refuses_datetimes_for_dates(self) -> None:
        """Times are not part of the model; a datetime is refused."""
        with pytest.raises(cc.InvalidValueError) as info:
            formulation(formulated_on=dt.datetime(2024, 1, 8, 9, 30))  # noqa: DTZ001

        assert rule_and_path(info) == ("structure.type", "formulated_on")

    def test_with_methods_return_new_values(self) -> None:
        """with_problem, with_risk and with_readiness leave the original unchanged."""
        original = formulation()
        risk = cc.RiskAssessment(screened_on=D, suicide=cc.RiskLevel.HIGH)

        changed = (
            original.with_problem(problem())
            .with_risk(risk)
            .with_readiness(cc.ReadinessStage.ACTION)
        )

        assert original == formulation()
        assert changed.domains == frozenset({cc.ProblemDomain.DEPRESSION})
        assert changed.risk is not None
        assert changed.risk.highest is cc.RiskLevel.HIGH
        assert changed.readiness is cc.ReadinessStage.ACTION

    def test_free_text_and_client_id_are_not_in_repr(self) -> None:
        """Descriptions, factors, strengths, supports and the client id never appear in repr."""
        secret = "Zebra-secret"
        value = formulation(
            client=cc.ClientRef("client-" + secret),
            presenting_problems=(cc.Problem(problem_id="p1", description=secret),),
            factors=cc.FivePs(predisposing=(secret,)),
            strengths=(secret,),
            supports=(secret,),
            triggers=(cc.Trigger(trigger_id="t1", description=secret, risk=cc.RiskLevel.LOW),),
        )

        assert secret not in repr(value)

    @given(case_formulations())
    def test_formulations_are_immutable_and_hashable(self, value: cc.CaseFormulation) -> None:
        """Every generated formulation is frozen and can be hashed."""
        with pytest.raises(AttributeError):
            value.formulation_id = "other"  # type: ignore[misc]

        assert hash(value) == hash(evolve(value))


class TestRiskLevel:
    def test_levels_are_ordered(self) -> None:
        """none < low < moderate < high."""
        assert cc.RiskLevel.NONE < cc.RiskLevel.LOW < cc.RiskLevel.MODERATE < cc.RiskLevel.HIGH
        assert max(cc.RiskLevel) is cc.RiskLevel.HIGH

    def test_comparison_with_other_types_is_refused(self) -> None:
        """Ordering a risk level against a string is a TypeError, not a silent answer."""
        with pytest.raises(TypeError):
            _ = cc.RiskLevel.LOW < "high"

    def test_readiness_orders_the_five_stages(self) -> None:
        """Stages run 1 (precontemplation) to 5 (maintenance)."""
        assert [s.order for s in cc.ReadinessStage] == [1, 2, 3, 4, 5]


class TestRiskAssessment:
    def test_refuses_non_bool_flags(self) -> None:
        """trauma_history must be a real bool."""
        with pytest.raises(cc.InvalidValueError) as info:
            cc.RiskAssessment(screened_on=D, trauma_history=1)  # type: ignore[arg-type]

        assert rule_and_path(info) == ("structure.type", "trauma_history")
