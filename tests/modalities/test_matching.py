import itertools
import math
from collections.abc import Iterator
from typing import Any

import pytest
from attrs import evolve
from hypothesis import given

from counselcore.errors import InvalidValueError, UnknownRuleError
from counselcore.examples import example_formulation
from counselcore.modalities import (
    BUILTIN_CATALOG,
    DEFAULT_MATCHING_POLICY,
    MATCHING_RULES,
    Indication,
    MatchContext,
    MatchingPolicy,
    Modality,
    Recommendation,
    SequencePosition,
    recommend,
)
from counselcore.model import CaseFormulation, ProblemDomain, ReadinessStage, RiskLevel
from counselcore.rules import Finding, Rule
from counselcore.strategies import case_formulations, catalogs
from counselcore.violations import Path
from tests.modalities.builders import formulation, resolve, risk

D = ProblemDomain
R = ReadinessStage


def fired(case: CaseFormulation, modality_id: str, **options: Any) -> dict[str, tuple[Path, ...]]:
    """The rules that fired for *modality_id*, with their paths ({} when not recommended)."""
    for recommendation in recommend(case, **options):
        if recommendation.modality == modality_id:
            return {r.rule: r.paths for r in recommendation.rationale}
    return {}


class TestProblemDomain:
    RULE = "match.problem-domain"

    @pytest.mark.parametrize(
        ("domain", "modality"),
        [
            (D.DEPRESSION, "cbt"),
            (D.ANXIETY, "cbt"),
            (D.SUBSTANCE_USE, "cbt"),
            (D.SUBSTANCE_USE, "mi"),
            (D.EMOTION_DYSREGULATION, "dbt"),
            (D.SELF_HARM, "dbt"),
            (D.TRAUMA, "emdr"),
        ],
    )
    def test_a_problem_in_a_listed_domain_fires(self, domain, modality):
        """A presenting problem in one of the modality's domains fires, citing its domain path."""

        rules = fired(formulation(D.OTHER, domain), modality)

        assert rules[self.RULE] == (("presenting_problems", 1, "domain"),)

    @pytest.mark.parametrize("domain", [D.OTHER, D.GRIEF, D.RELATIONSHIP])
    def test_an_unlisted_domain_fires_nothing(self, domain):
        """A problem in no built-in modality's domains gives no recommendation."""

        found = recommend(formulation(domain))

        assert found == ()

    def test_fires_once_however_many_problems_match(self):
        """Several matching problems are listed as evidence but weigh once."""

        top = recommend(formulation(D.DEPRESSION, D.ANXIETY))[0]

        assert top.modality == "cbt"
        assert top.score == DEFAULT_MATCHING_POLICY.weight(self.RULE)
        assert len(top.rationale[0].paths) == 2


class TestDiagnosisDomain:
    RULE = "match.diagnosis-domain"

    @pytest.mark.parametrize(
        ("code", "modality"),
        [
            ("F32.1", "cbt"),
            ("F33.9", "cbt"),
            ("F34.1", "cbt"),
            ("F41.1", "cbt"),
            ("F40.10", "cbt"),
            ("F43.10", "emdr"),
            ("F43.0", "emdr"),
            ("F10.20", "mi"),
            ("F19.10", "cbt"),
        ],
    )
    def test_a_mapped_code_fires(self, code, modality):
        """A diagnosis whose ICD-10-CM prefix maps to one of the modality's domains fires."""

        rules = fired(formulation(codes=("Z00.0", code)), modality)

        assert rules[self.RULE] == (("diagnoses", 1, "code"),)

    @pytest.mark.parametrize("code", ["F34.0", "F42.2", "F43.20", "F20.9", "F31.0"])
    def test_an_unmapped_code_fires_nothing(self, code):
        """Codes beside the mapped prefixes (e.g. F34.0, F42.2, F43.20) match nothing."""

        found = recommend(formulation(codes=(code,)))

        assert found == ()

    def test_the_mapping_is_configurable(self):
        """A policy mapping F42 to anxiety makes an OCD code favour CBT."""
        policy = evolve(
            DEFAULT_MATCHING_POLICY,
            diagnosis_domains=(*DEFAULT_MATCHING_POLICY.diagnosis_domains, ("F42", D.ANXIETY)),
        )

        rules = fired(formulation(codes=("F42.2",)), "cbt", policy=policy)

        assert rules == {self.RULE: (("diagnoses", 0, "code"),)}


class TestReadiness:
    @pytest.mark.parametrize(
        ("stage", "fires"),
        [
            (R.PRECONTEMPLATION, True),
            (R.CONTEMPLATION, True),
            (R.PREPARATION, False),
            (R.ACTION, False),
            (None, False),
        ],
    )
    def test_low_readiness_favours_mi(self, stage, fires):
        """match.low-readiness fires for precontemplation and contemplation only."""

        rules = fired(formulation(readiness=stage), "mi")

        assert ("match.low-readiness" in rules) is fires
        if fires:
            assert rules["match.low-readiness"] == (("readiness",),)

    @pytest.mark.parametrize(
        ("stage", "fires"),
        [(R.CONTEMPLATION, False), (R.PREPARATION, True), (R.ACTION, False)],
    )
    def test_preparation_favours_mi(self, stage, fires):
        """match.preparation fires at preparation only, to firm up commitment."""

        rules = fired(formulation(readiness=stage), "mi")

        assert ("match.preparation" in rules) is fires

    @pytest.mark.parametrize(
        ("stage", "fires"),
        [
            (R.CONTEMPLATION, False),
            (R.PREPARATION, True),
            (R.ACTION, True),
            (R.MAINTENANCE, True),
            (None, False),
        ],
    )
    def test_action_readiness_favours_cbt(self, stage, fires):
        """match.action-readiness fires from preparation on."""

        rules = fired(formulation(readiness=stage), "cbt")

        assert ("match.action-readiness" in rules) is fires


class TestSelfHarmRisk:
    RULE = "match.self-harm-risk"

    @pytest.mark.parametrize(
        ("level", "fires"),
        [
            (RiskLevel.NONE, False),
            (RiskLevel.LOW, True),
            (RiskLevel.MODERATE, True),
            (RiskLevel.HIGH, True),
        ],
    )
    def test_any_recorded_self_harm_risk_favours_dbt(self, level, fires):
        """By default self-harm risk from low upwards fires, citing risk.self_harm."""

        rules = fired(formulation(risk=risk(self_harm=level)), "dbt")

        assert rules.get(self.RULE) == ((("risk", "self_harm"),) if fires else None)

    @pytest.mark.parametrize(
        ("level", "fires"),
        [(RiskLevel.LOW, False), (RiskLevel.MODERATE, True)],
    )
    def test_the_threshold_is_configurable(self, level, fires):
        """With self_harm_level moderate, low no longer fires and moderate does."""
        policy = evolve(DEFAULT_MATCHING_POLICY, self_harm_level=RiskLevel.MODERATE)

        rules = fired(formulation(risk=risk(self_harm=level)), "dbt", policy=policy)

        assert (self.RULE in rules) is fires

    def test_no_risk_screen_fires_nothing(self):
        """Without a risk screen there is no self-harm evidence."""

        rules = fired(formulation(), "dbt")

        assert rules == {}

    def test_suicide_risk_alone_does_not_fire(self):
        """The rule reads self-harm risk, not suicide risk."""

        rules = fired(formulation(risk=risk(suicide=RiskLevel.HIGH)), "dbt")

        assert rules == {}


class TestCoOccurringReactivity:
    RULE = "match.co-occurring-reactivity"

    def test_co_occurring_substance_use_with_dysregulation_favours_dbt(self):
        """Co-occurring flag, substance use and dysregulation together fire, citing each."""
        case = formulation(D.SUBSTANCE_USE, D.EMOTION_DYSREGULATION, codes=("F10.20",))

        rules = fired(evolve(case, co_occurring=True), "dbt")

        assert rules[self.RULE] == (
            ("co_occurring",),
            ("diagnoses", 0, "code"),
            ("presenting_problems", 0, "domain"),
            ("presenting_problems", 1, "domain"),
        )

    def test_a_substance_diagnosis_alone_counts_as_substance_use(self):
        """An F1x diagnosis without a substance-use problem is enough substance evidence."""
        case = formulation(D.EMOTION_DYSREGULATION, codes=("F12.10",), co_occurring=True)

        rules = fired(case, "dbt")

        assert self.RULE in rules

    @pytest.mark.parametrize(
        "case",
        [
            formulation(D.SUBSTANCE_USE, D.EMOTION_DYSREGULATION, co_occurring=False),
            formulation(D.DEPRESSION, D.EMOTION_DYSREGULATION, co_occurring=True),
            formulation(D.SUBSTANCE_USE, D.DEPRESSION, co_occurring=True),
        ],
        ids=["not-co-occurring", "no-substance-use", "no-dysregulation"],
    )
    def test_each_part_is_needed(self, case):
        """Without the flag, the substance use or the dysregulation the rule stays silent."""

        rules = fired(case, "dbt")

        assert self.RULE not in rules


class TestTraumaWithPtsd:
    RULE = "match.trauma-with-ptsd"

    def test_trauma_history_with_ptsd_symptoms_favours_emdr(self):
        """Both risk-screen flags together fire, citing both."""

        rules = fired(formulation(risk=risk(trauma_history=True, ptsd_symptoms=True)), "emdr")

        assert rules == {self.RULE: (("risk", "trauma_history"), ("risk", "ptsd_symptoms"))}

    @pytest.mark.parametrize(
        "flags",
        [{"trauma_history": True}, {"ptsd_symptoms": True}, {}],
        ids=["history-only", "symptoms-only", "neither"],
    )
    def test_one_flag_alone_fires_nothing(self, flags):
        """A trauma history without PTSD symptoms, or symptoms without history, does not fire."""

        rules = fired(formulation(risk=risk(**flags)), "emdr")

        assert rules == {}

    @pytest.mark.parametrize(("code", "fires"), [("F43.12", True), ("F43.0", False)])
    def test_a_ptsd_diagnosis_fires(self, code, fires):
        """An F43.1x code fires; acute stress reaction (F43.0) does not."""

        rules = fired(formulation(codes=(code,)), "emdr")

        assert (self.RULE in rules) is fires

    def test_a_custom_trauma_focused_cbt_is_matched_too(self):
        """A catalog modality listing the indication (TF-CBT) is recommended beside EMDR."""
        tf_cbt = Modality(
            id="tf-cbt",
            name="Trauma-focused CBT",
            abbreviation="TF-CBT",
            indications=(Indication.TRAUMA_WITH_PTSD,),
            position=SequencePosition.PROCESSING,
        )
        case = formulation(risk=risk(trauma_history=True, ptsd_symptoms=True))

        found = recommend(case, catalog=BUILTIN_CATALOG.register(tf_cbt))

        assert [r.modality for r in found] == ["emdr", "tf-cbt"]


class TestRanking:
    def test_example_case_ranks_mi_before_cbt(self):
        """The example (contemplation, alcohol, low mood, worry) ranks MI 6 and CBT 3."""

        found = recommend(example_formulation())

        assert [(r.modality, r.score) for r in found] == [("mi", 6.0), ("cbt", 3.0)]

    def test_ties_keep_catalog_order(self):
        """Two modalities with equal scores appear in catalog order."""
        act = Modality(id="act", name="ACT", abbreviation="ACT", domains=(D.DEPRESSION,))

        found = recommend(formulation(D.DEPRESSION), catalog=BUILTIN_CATALOG.register(act))

        assert [r.modality for r in found] == ["cbt", "act"]

    def test_recommendations_name_the_prerequisites_to_check(self):
        """A recommendation carries the modality's prerequisite rule ids."""

        top = recommend(formulation(risk=risk(trauma_history=True, ptsd_symptoms=True)))[0]

        assert top.prerequisites == BUILTIN_CATALOG.get("emdr").prerequisite_rule_ids

    def test_an_empty_catalog_recommends_nothing(self):
        """No modalities, no recommendations."""

        found = recommend(
            example_formulation(), catalog=BUILTIN_CATALOG.without(*BUILTIN_CATALOG.ids)
        )

        assert found == ()


def _always(case: CaseFormulation, context: MatchContext) -> Iterator[Finding]:
    if context.modality.id == "dbt":
        yield Finding(path=("co_occurring",), message="house rule")


class TestPolicy:
    def test_weights_change_scores(self):
        """Raising a weight raises the score of every recommendation where the rule fired."""
        policy = DEFAULT_MATCHING_POLICY.with_weight("match.problem-domain", 10)

        found = recommend(example_formulation(), policy=policy)

        assert [(r.modality, r.score) for r in found] == [("mi", 14.0), ("cbt", 11.0)]

    def test_zero_weight_can_drop_a_modality(self):
        """A modality whose only fired rules weigh zero is not recommended."""
        policy = DEFAULT_MATCHING_POLICY.with_weight("match.problem-domain", 0)

        found = recommend(formulation(D.DEPRESSION), policy=policy)

        assert found == ()

    def test_negative_weights_count_against(self):
        """A negative weight lowers the score; a total of zero or less drops the modality."""
        policy = DEFAULT_MATCHING_POLICY.with_weight("match.diagnosis-domain", -2.5)

        found = recommend(formulation(D.DEPRESSION, codes=("F32.1",)), policy=policy)

        assert found == ()

    def test_without_removes_a_rule(self):
        """A policy without a rule never reports it."""
        policy = DEFAULT_MATCHING_POLICY.without("match.low-readiness")

        found = recommend(example_formulation(), policy=policy)

        assert all("match.low-readiness" not in r.rule_ids for r in found)

    def test_custom_rules_join_the_ranking(self):
        """A house rule added with its weight fires like a built-in one."""
        rule = Rule(id="acme.house", description="House rule.", check=_always)
        policy = DEFAULT_MATCHING_POLICY.with_rule(rule, weight=1.5)

        found = recommend(formulation(), policy=policy)

        assert [(r.modality, r.score, r.rule_ids) for r in found] == [("dbt", 1.5, ("acme.house",))]

    def test_weight_of_an_unknown_rule_raises(self):
        """Asking for or setting a weight of an unknown rule raises UnknownRuleError."""

        with pytest.raises(UnknownRuleError):
            DEFAULT_MATCHING_POLICY.weight("match.nope")
        with pytest.raises(UnknownRuleError):
            DEFAULT_MATCHING_POLICY.with_weight("match.nope", 1)

    @pytest.mark.parametrize(
        ("weights", "where", "rule", "message"),
        [
            (
                (("match.nope", 1.0),),
                "weights[0][0]",
                "structure.reference-resolves",
                "names a rule id that is not in the policy's rules",
            ),
            (
                (("match.problem-domain", 1.0), ("match.problem-domain", 2.0)),
                "weights[1][0]",
                "structure.id-unique",
                "repeats a rule id",
            ),
            (
                (("match.problem-domain", math.nan),),
                "weights[0][1]",
                "structure.finite",
                "must be a finite number",
            ),
            (
                (("match.problem-domain", True),),
                "weights[0]",
                "structure.type",
                "must be a (rule id, weight) pair",
            ),
            (
                (("match.problem-domain", 1.0),),
                "rules[1]",
                "structure.required",
                "has no weight in the policy",
            ),
        ],
        ids=["unknown-rule", "repeated", "nan", "bool", "missing"],
    )
    def test_weights_are_checked(self, weights, where, rule, message):
        """Every rule needs exactly one finite weight, and every weight names a rule."""

        with pytest.raises(InvalidValueError) as info:
            MatchingPolicy(weights=weights)

        assert info.value.paths == (where,)
        assert info.value.rules == (rule,)
        assert [v.message for v in info.value.violations] == [message]

    def test_diagnosis_domains_are_checked(self):
        """A diagnosis mapping entry must be a (non-empty prefix, ProblemDomain) pair."""

        with pytest.raises(InvalidValueError) as info:
            MatchingPolicy(diagnosis_domains=(("", D.ANXIETY),))

        assert info.value.paths == ("diagnosis_domains[0]",)

    def test_default_policy_covers_the_builtin_rules(self):
        """Every built-in matching rule has a default weight, in rule order."""

        ids = tuple(rule_id for rule_id, _ in DEFAULT_MATCHING_POLICY.weights)

        assert ids == MATCHING_RULES.ids
        assert all(rule.id.startswith("match.") for rule in MATCHING_RULES)


class TestProperties:
    @given(case_formulations(), catalogs())
    def test_recommendations_are_deterministic_sorted_and_grounded(self, case, catalog):
        """Same input, same output; scores fall; every rationale path exists in the formulation."""

        found = recommend(case, catalog=catalog)

        assert found == recommend(case, catalog=catalog)
        scores = [r.score for r in found]
        assert scores == sorted(scores, reverse=True)
        assert len({r.modality for r in found}) == len(found)
        for recommendation in found:
            _check_recommendation(case, recommendation, catalog.get(recommendation.modality))

    @given(case_formulations())
    def test_ties_follow_catalog_order(self, case):
        """Among equal scores, recommendations keep the catalog's order."""
        order = [m.id for m in BUILTIN_CATALOG]

        found = recommend(case)

        for first, second in itertools.pairwise(found):
            if first.score == second.score:
                assert order.index(first.modality) < order.index(second.modality)


def _check_recommendation(
    case: CaseFormulation, recommendation: Recommendation, modality: Modality
) -> None:
    assert recommendation.score > 0
    assert recommendation.score == math.fsum(r.weight for r in recommendation.rationale)
    assert recommendation.prerequisites == modality.prerequisite_rule_ids
    assert list(recommendation.rule_ids) == [
        rule_id for rule_id in MATCHING_RULES.ids if rule_id in recommendation.rule_ids
    ]
    for rationale in recommendation.rationale:
        assert rationale.weight == DEFAULT_MATCHING_POLICY.weight(rationale.rule)
        assert rationale.paths
        for path in rationale.paths:
            resolve(case, path)
