from typing import Any

import pytest
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

from counselcore.errors import InvalidValueError
from counselcore.modalities import (
    BUILTIN_CATALOG,
    Modality,
    Prerequisite,
    Requirement,
    SequencePosition,
    StabilityStatus,
    check_prerequisites,
    prerequisite_rules,
)
from counselcore.model import ProblemDomain, ReadinessStage
from counselcore.rules import Finding, Rule, RuleSet
from counselcore.strategies import case_formulations, modalities, stability_statuses
from counselcore.violations import Severity, Violation
from tests.modalities.builders import formulation, resolve, risk

EMDR = BUILTIN_CATALOG.get("emdr")
DBT = BUILTIN_CATALOG.get("dbt")
CBT = BUILTIN_CATALOG.get("cbt")
MI = BUILTIN_CATALOG.get("mi")

READY = StabilityStatus(stabilized=True)
ONE: Any = 1
#: A formulation meeting every built-in prerequisite.
MET = formulation(
    ProblemDomain.TRAUMA, risk=risk(trauma_history=True), readiness=ReadinessStage.PREPARATION
)


def rules_of(violations: tuple[Violation, ...]) -> list[str]:
    return [v.rule for v in violations]


class TestStabilityStatus:
    def test_defaults_are_not_in_crisis_and_not_stabilized(self):
        """StabilityStatus() means no crisis and no stabilization recorded yet."""

        status = StabilityStatus()

        assert (status.in_crisis, status.stabilized) == (False, False)

    @pytest.mark.parametrize("field", ["in_crisis", "stabilized"])
    def test_flags_must_be_bools(self, field):
        """Each flag refuses anything but True or False."""

        with pytest.raises(InvalidValueError) as info:
            StabilityStatus(**{field: ONE})

        assert info.value.paths == (field,)


class TestEmdrStabilization:
    def test_unstabilized_is_refused(self):
        """EMDR before stabilization reports modality.emdr.requires_stabilization as an error."""

        found = check_prerequisites(EMDR, MET, StabilityStatus(stabilized=False))

        assert rules_of(found) == ["modality.emdr.requires_stabilization"]
        assert found[0].severity is Severity.ERROR
        assert found[0].evidence == (("modality", "emdr"), ("stabilized", False))

    def test_stabilized_passes(self):
        """Once stabilized (and not in crisis) EMDR's prerequisites are met."""

        found = check_prerequisites(EMDR, MET, READY)

        assert found == ()


class TestEmdrCrisis:
    def test_in_crisis_is_refused(self):
        """EMDR during a crisis reports modality.emdr.not_in_crisis as an error."""

        found = check_prerequisites(EMDR, MET, StabilityStatus(stabilized=True, in_crisis=True))

        assert rules_of(found) == ["modality.emdr.not_in_crisis"]
        assert found[0].severity is Severity.ERROR

    def test_not_in_crisis_passes(self):
        """Without a crisis the rule stays silent."""

        found = check_prerequisites(EMDR, MET, StabilityStatus(stabilized=True, in_crisis=False))

        assert "modality.emdr.not_in_crisis" not in rules_of(found)


class TestRiskScreen:
    @pytest.mark.parametrize(
        ("modality", "rule"),
        [(EMDR, "modality.emdr.requires_risk_screen"), (DBT, "modality.dbt.requires_risk_screen")],
        ids=["emdr", "dbt"],
    )
    def test_missing_screen_is_refused(self, modality, rule):
        """EMDR and DBT need a recorded risk screen; its absence is reported at 'risk'."""

        found = check_prerequisites(modality, evolve(MET, risk=None), READY)

        assert [(v.rule, v.path) for v in found if v.rule == rule] == [(rule, ("risk",))]

    @pytest.mark.parametrize("modality", [EMDR, DBT], ids=["emdr", "dbt"])
    def test_a_recorded_screen_passes(self, modality):
        """Any recorded screen, even one finding no risk, meets the requirement."""

        found = check_prerequisites(modality, evolve(MET, risk=risk()), READY)

        assert f"modality.{modality.id}.requires_risk_screen" not in rules_of(found)


class TestTraumaIndication:
    RULE = "modality.emdr.requires_trauma_indication"

    @pytest.mark.parametrize(
        "case",
        [
            formulation(risk=risk(trauma_history=True)),
            formulation(ProblemDomain.TRAUMA, risk=risk()),
            formulation(codes=("F43.10",), risk=risk()),
            formulation(codes=("F43.0",), risk=risk()),
        ],
        ids=["trauma-history", "trauma-problem", "ptsd-code", "acute-stress-code"],
    )
    def test_any_trauma_record_meets_it(self, case):
        """A trauma history, trauma problem, or F43.0 / F43.1x diagnosis indicates trauma."""

        found = check_prerequisites(EMDR, case, READY)

        assert self.RULE not in rules_of(found)

    @pytest.mark.parametrize(
        ("case", "path"),
        [
            (
                formulation(codes=("F43.20",), risk=risk(ptsd_symptoms=True)),
                ("risk", "trauma_history"),
            ),
            (formulation(ProblemDomain.DEPRESSION), ("risk",)),
        ],
        ids=["adjustment-code", "no-screen"],
    )
    def test_no_trauma_record_is_a_warning(self, case, path):
        """Without any trauma record EMDR gets a warning pointing at the trauma history."""

        found = [v for v in check_prerequisites(EMDR, case, READY) if v.rule == self.RULE]

        assert [(v.path, v.severity) for v in found] == [(path, Severity.WARNING)]


class TestCbtReadiness:
    RULE = "modality.cbt.requires_readiness_for_action"

    @pytest.mark.parametrize(
        "stage", [ReadinessStage.PRECONTEMPLATION, ReadinessStage.CONTEMPLATION, None]
    )
    def test_before_preparation_is_a_warning(self, stage):
        """Precontemplation, contemplation or no assessment gives a warning at 'readiness'."""

        found = check_prerequisites(CBT, formulation(readiness=stage))

        assert [(v.rule, v.path, v.severity) for v in found] == [
            (self.RULE, ("readiness",), Severity.WARNING)
        ]

    @pytest.mark.parametrize(
        "stage", [ReadinessStage.PREPARATION, ReadinessStage.ACTION, ReadinessStage.MAINTENANCE]
    )
    def test_preparation_onwards_passes(self, stage):
        """From preparation on CBT's prerequisites are met."""

        found = check_prerequisites(CBT, formulation(readiness=stage))

        assert found == ()


class TestRuleSets:
    def test_rules_are_a_cached_rule_set(self):
        """prerequisite_rules returns the same RuleSet for the same descriptor."""

        first = prerequisite_rules(EMDR)

        assert isinstance(first, RuleSet)
        assert prerequisite_rules(EMDR) is first
        assert first.ids == EMDR.prerequisite_rule_ids

    def test_rules_carry_severity_source_and_description(self):
        """Each rule has the descriptor's severity, a source and a description."""

        rules = list(prerequisite_rules(EMDR))

        assert [r.severity for r in rules] == [p.severity for p in EMDR.prerequisites]
        assert all(r.source and r.description for r in rules)

    def test_mi_has_no_prerequisites(self):
        """MI fits every stage and state: nothing to check."""

        found = check_prerequisites(MI, formulation(), StabilityStatus(in_crisis=True))

        assert found == ()

    def test_a_custom_modality_gets_its_own_rule_ids(self):
        """TF-CBT declaring stabilization reports modality.tf-cbt.requires_stabilization."""
        tf_cbt = Modality(
            id="tf-cbt",
            name="Trauma-focused CBT",
            abbreviation="TF-CBT",
            prerequisites=(Prerequisite(requirement=Requirement.STABILIZED),),
            position=SequencePosition.PROCESSING,
        )

        found = check_prerequisites(tf_cbt, formulation())

        assert rules_of(found) == ["modality.tf-cbt.requires_stabilization"]

    def test_an_organization_can_add_a_rule(self):
        """The rule set takes extra rules like any other, and evaluates them in order."""

        def needs_supports(case, _status):
            if not case.supports:
                yield Finding(path=("supports",), message="no supports recorded")

        ours = prerequisite_rules(EMDR).with_rule(
            Rule(id="acme.emdr-supports", description="Supports first.", check=needs_supports)
        )

        assert ours.evaluate(MET, READY).rule_ids == ("acme.emdr-supports",)


class TestProperties:
    @given(
        st.sampled_from(list(BUILTIN_CATALOG)) | modalities(),
        case_formulations(),
        stability_statuses(),
    )
    def test_violations_come_from_the_descriptor_and_point_into_the_formulation(
        self, modality, case, status
    ):
        """Every violation is one of the modality's prerequisite rules, with a resolvable path."""

        found = check_prerequisites(modality, case, status)

        assert set(rules_of(found)) <= set(modality.prerequisite_rule_ids)
        assert found == check_prerequisites(modality, case, status)
        for violation in found:
            resolve(case, violation.path)

    @given(case_formulations(), stability_statuses())
    def test_order_follows_the_descriptor(self, case, status):
        """Violations come in the descriptor's prerequisite order."""

        found = rules_of(check_prerequisites(EMDR, case, status))

        assert found == [r for r in EMDR.prerequisite_rule_ids if r in found]
