"""
Matching: rank the modalities of a catalog for a formulation, with the rules that fired as data.

Matching rules are `counselcore.rules.Rule` values checked against the formulation with a
`MatchContext` (the modality being scored and the policy); each finding's path is evidence
in the formulation. Weights are library defaults chosen to order the rules sensibly; they are
not clinical evidence and are meant to be tuned through `MatchingPolicy`.
"""

import math
import types
from collections.abc import Callable, Iterator

from attrs import evolve, field, frozen

from counselcore._internal.checks import (
    check_enum,
    check_identifier,
    check_identifiers,
    check_instance,
    check_instances,
    check_number,
    check_paths,
    check_tuple,
    fail,
)
from counselcore.errors import UnknownRuleError
from counselcore.modalities._builtin import BUILTIN_CATALOG
from counselcore.modalities._catalog import Catalog
from counselcore.modalities._clinical import (
    LOW_READINESS,
    PTSD_CODE_PREFIXES,
    READY_FOR_ACTION,
    problem_paths,
    substance_use_paths,
)
from counselcore.modalities._descriptor import Indication, Modality
from counselcore.model import CaseFormulation, ProblemDomain, ReadinessStage, RiskLevel
from counselcore.rules import Finding, Rule, RuleSet
from counselcore.violations import Path, Severity, render_path

__all__ = [
    "DEFAULT_MATCHING_POLICY",
    "DEFAULT_WEIGHTS",
    "DIAGNOSIS_DOMAINS",
    "MATCHING_RULES",
    "MatchContext",
    "MatchingPolicy",
    "Rationale",
    "Recommendation",
    "recommend",
]

_SEED = "counselcore docs, Design decisions: 'The modality comparison'"


@frozen(kw_only=True)
class MatchContext:
    """
    What a matching rule sees besides the formulation: the modality it scores and the policy.

    Example:
        >>> from counselcore.modalities import BUILTIN_CATALOG, DEFAULT_MATCHING_POLICY
        >>> MatchContext(modality=BUILTIN_CATALOG.get("mi"), policy=DEFAULT_MATCHING_POLICY).modality.id
        'mi'
    """

    modality: Modality
    policy: "MatchingPolicy"

    def __attrs_post_init__(self) -> None:
        check_instance(self.modality, Modality, ("modality",))
        check_instance(self.policy, MatchingPolicy, ("policy",))


def _problem_domain(formulation: CaseFormulation, context: MatchContext) -> Iterator[Finding]:
    wanted = context.modality.domains
    for index, problem in enumerate(formulation.presenting_problems):
        if problem.domain in wanted:
            yield Finding(
                path=("presenting_problems", index, "domain"),
                message=f"a presenting problem is in the {problem.domain.value} domain",
                evidence=(("domain", problem.domain.value),),
            )


def _diagnosis_domain(formulation: CaseFormulation, context: MatchContext) -> Iterator[Finding]:
    wanted = context.modality.domains
    table = context.policy.diagnosis_domains
    for index, diagnosis in enumerate(formulation.diagnoses):
        domain = next((d for prefix, d in table if diagnosis.code.startswith(prefix)), None)
        if domain is not None and domain in wanted:
            yield Finding(
                path=("diagnoses", index, "code"),
                message=f"a diagnosis falls in the {domain.value} domain",
                evidence=(("domain", domain.value),),
            )


def _readiness_in(
    stages: frozenset[ReadinessStage],
) -> Callable[[CaseFormulation, MatchContext], tuple[Path, ...]]:
    def find(formulation: CaseFormulation, _context: MatchContext) -> tuple[Path, ...]:
        return (("readiness",),) if formulation.readiness in stages else ()

    return find


def _self_harm_risk(formulation: CaseFormulation, context: MatchContext) -> tuple[Path, ...]:
    risk = formulation.risk
    if risk is not None and risk.self_harm >= context.policy.self_harm_level:
        return (("risk", "self_harm"),)
    return ()


def _co_occurring_reactivity(
    formulation: CaseFormulation, _context: MatchContext
) -> tuple[Path, ...]:
    substance = substance_use_paths(formulation)
    reactivity = problem_paths(formulation, ProblemDomain.EMOTION_DYSREGULATION)
    if formulation.co_occurring and substance and reactivity:
        return (("co_occurring",), *substance, *reactivity)
    return ()


def _trauma_with_ptsd(formulation: CaseFormulation, _context: MatchContext) -> tuple[Path, ...]:
    risk = formulation.risk
    paths: list[Path] = []
    if risk is not None and risk.trauma_history and risk.ptsd_symptoms:
        paths += [("risk", "trauma_history"), ("risk", "ptsd_symptoms")]
    paths += [
        ("diagnoses", index, "code")
        for index, diagnosis in enumerate(formulation.diagnoses)
        if diagnosis.code.startswith(PTSD_CODE_PREFIXES)
    ]
    return tuple(paths)


_Finder = Callable[[CaseFormulation, MatchContext], tuple[Path, ...]]

_FINDERS: types.MappingProxyType[Indication, _Finder] = types.MappingProxyType(
    {
        Indication.LOW_READINESS: _readiness_in(LOW_READINESS),
        Indication.PREPARATION: _readiness_in(frozenset({ReadinessStage.PREPARATION})),
        Indication.ACTION_READINESS: _readiness_in(READY_FOR_ACTION),
        Indication.SELF_HARM_RISK: _self_harm_risk,
        Indication.CO_OCCURRING_REACTIVITY: _co_occurring_reactivity,
        Indication.TRAUMA_WITH_PTSD: _trauma_with_ptsd,
    }
)


@frozen
class _IndicationCheck:
    """Fires for modalities listing *indication* when the formulation shows it."""

    indication: Indication

    def __call__(self, formulation: CaseFormulation, context: MatchContext) -> Iterator[Finding]:
        if self.indication not in context.modality.indications:
            return
        for path in _FINDERS[self.indication](formulation, context):
            yield Finding(
                path=path,
                message=f"the formulation shows the {self.indication.value} indication",
                evidence=(("indication", self.indication.value),),
            )


def _indication_rule(
    indication: Indication, description: str, source: str
) -> Rule[CaseFormulation, MatchContext]:
    return Rule(
        id=indication.rule_id,
        description=description,
        check=_IndicationCheck(indication),
        severity=Severity.INFO,
        source=source,
    )


_TTM = "Prochaska & DiClemente 1983; Prochaska et al. 1992; Miller & Rollnick 2013"

#: The built-in matching rules, in evaluation order.
MATCHING_RULES: RuleSet[CaseFormulation, MatchContext] = RuleSet(
    name="modality-matching",
    subject_types=(CaseFormulation,),
    context_types=(MatchContext,),
    rules=(
        Rule(
            id="match.problem-domain",
            description="A presenting problem's domain is one of the modality's domains.",
            check=_problem_domain,
            severity=Severity.INFO,
            source=_SEED,
        ),
        Rule(
            id="match.diagnosis-domain",
            description="A diagnosis maps (by ICD-10-CM prefix) to one of the modality's domains.",
            check=_diagnosis_domain,
            severity=Severity.INFO,
            source="ICD-10-CM code set (CDC/CMS); " + _SEED,
        ),
        _indication_rule(
            Indication.LOW_READINESS,
            "Readiness is precontemplation or contemplation.",
            _TTM,
        ),
        _indication_rule(
            Indication.PREPARATION,
            "Readiness is preparation (commitment still being firmed up).",
            _TTM,
        ),
        _indication_rule(
            Indication.ACTION_READINESS,
            "Readiness is preparation, action or maintenance.",
            _TTM,
        ),
        _indication_rule(
            Indication.SELF_HARM_RISK,
            "The risk screen's self-harm level is at or above the policy's self_harm_level.",
            "Linehan MM. DBT Skills Training Manual, 2nd ed. 2015; " + _SEED,
        ),
        _indication_rule(
            Indication.CO_OCCURRING_REACTIVITY,
            "Co-occurring disorders with substance use (F10-F19 or a substance-use problem) "
            "and an emotion-dysregulation problem.",
            _SEED,
        ),
        _indication_rule(
            Indication.TRAUMA_WITH_PTSD,
            "Trauma history with PTSD symptoms in the risk screen, or a PTSD diagnosis (F43.1x).",
            "Shapiro F. EMDR Therapy, 3rd ed. 2018; " + _SEED,
        ),
    ),
)

#: Default weight of each built-in rule: library defaults that order the rules, not clinical
#: evidence. Low readiness and trauma with PTSD weigh most because they decide what comes first.
DEFAULT_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("match.problem-domain", 2.0),
    ("match.diagnosis-domain", 1.0),
    ("match.low-readiness", 3.0),
    ("match.preparation", 1.0),
    ("match.action-readiness", 1.0),
    ("match.self-harm-risk", 2.0),
    ("match.co-occurring-reactivity", 2.0),
    ("match.trauma-with-ptsd", 3.0),
)

#: ICD-10-CM code prefixes and the problem domain each maps to (CDC/CMS code set):
#: F32/F33/F34.1 depression, F40/F41 anxiety, F43.0/F43.1 trauma, F10-F19 substance use.
DIAGNOSIS_DOMAINS: tuple[tuple[str, ProblemDomain], ...] = (
    ("F32", ProblemDomain.DEPRESSION),
    ("F33", ProblemDomain.DEPRESSION),
    ("F34.1", ProblemDomain.DEPRESSION),
    ("F40", ProblemDomain.ANXIETY),
    ("F41", ProblemDomain.ANXIETY),
    ("F43.0", ProblemDomain.TRAUMA),
    ("F43.1", ProblemDomain.TRAUMA),
    *((f"F1{digit}", ProblemDomain.SUBSTANCE_USE) for digit in range(10)),
)


def _is_pair(value: object, first: type, second: type | tuple[type, ...]) -> bool:
    """Whether *value* is a 2-tuple whose items have exactly the given types (no bools)."""
    seconds = second if isinstance(second, tuple) else (second,)
    return (
        type(value) is tuple
        and len(value) == 2  # noqa: PLR2004 - a pair
        and type(value[0]) is first
        and type(value[1]) in seconds
    )


def _check_weights(policy: "MatchingPolicy") -> None:
    check_tuple(policy.weights, ("weights",))
    seen: set[str] = set()
    for index, pair in enumerate(policy.weights):
        if not _is_pair(pair, str, (int, float)):
            raise fail(("weights", index), "structure.type", "must be a (rule id, weight) pair")
        rule_id, weight = pair
        if rule_id not in policy.rules:
            raise fail(
                ("weights", index, 0),
                "structure.reference-resolves",
                "names a rule id that is not in the policy's rules",
            )
        if rule_id in seen:
            raise fail(("weights", index, 0), "structure.id-unique", "repeats a rule id")
        seen.add(rule_id)
        if not math.isfinite(weight):
            raise fail(("weights", index, 1), "structure.finite", "must be a finite number")
    for index, rule_id in enumerate(policy.rules.ids):
        if rule_id not in seen:
            raise fail(("rules", index), "structure.required", "has no weight in the policy")


@frozen(kw_only=True)
class MatchingPolicy:
    """
    How `recommend` scores: the matching rules, a weight per rule, and the thresholds they use.

    The default weights are library defaults that order the rules sensibly, not clinical
    evidence; tune them for your service. *self_harm_level* is the lowest self-harm risk level
    that counts as self-harm risk (default: any recorded risk, ``low``); no published source
    gives a cut point. *diagnosis_domains* maps ICD-10-CM code prefixes to problem domains.

    Example:
        >>> p = DEFAULT_MATCHING_POLICY.with_weight("match.low-readiness", 5)
        >>> p.weight("match.low-readiness"), DEFAULT_MATCHING_POLICY.weight("match.low-readiness")
        (5, 3.0)
        >>> evolve(DEFAULT_MATCHING_POLICY, self_harm_level=RiskLevel.MODERATE).self_harm_level
        <RiskLevel.MODERATE: 'moderate'>
    """

    rules: RuleSet[CaseFormulation, MatchContext] = MATCHING_RULES
    weights: tuple[tuple[str, float], ...] = field(default=DEFAULT_WEIGHTS)
    self_harm_level: RiskLevel = RiskLevel.LOW
    diagnosis_domains: tuple[tuple[str, ProblemDomain], ...] = DIAGNOSIS_DOMAINS

    def __attrs_post_init__(self) -> None:
        check_instance(self.rules, RuleSet, ("rules",))
        _check_weights(self)
        check_enum(self.self_harm_level, RiskLevel, ("self_harm_level",))
        check_tuple(self.diagnosis_domains, ("diagnosis_domains",))
        for index, pair in enumerate(self.diagnosis_domains):
            if not _is_pair(pair, str, ProblemDomain) or not pair[0]:
                raise fail(
                    ("diagnosis_domains", index),
                    "structure.type",
                    "must be a (code prefix, ProblemDomain) pair",
                )

    def weight(self, rule_id: str) -> float:
        """
        The weight of *rule_id*.

        Raises:
            counselcore.errors.UnknownRuleError: If the policy has no such rule.

        Example:
            >>> DEFAULT_MATCHING_POLICY.weight("match.problem-domain")
            2.0
        """
        for known, weight in self.weights:
            if known == rule_id:
                return weight
        raise UnknownRuleError(rule_id)

    def with_weight(self, rule_id: str, weight: float) -> "MatchingPolicy":
        """
        Return a copy where *rule_id* weighs *weight* (zero silences it, negative counts against).

        Example:
            >>> DEFAULT_MATCHING_POLICY.with_weight("match.diagnosis-domain", 0).weight(
            ...     "match.diagnosis-domain"
            ... )
            0
        """
        self.weight(rule_id)
        return evolve(
            self,
            weights=tuple((r, weight if r == rule_id else w) for r, w in self.weights),
        )

    def with_rule(
        self, rule: Rule[CaseFormulation, MatchContext], *, weight: float
    ) -> "MatchingPolicy":
        """
        Return a copy with *rule* appended, weighing *weight*.

        Example:
            >>> def grief_ipt(formulation, context):
            ...     if context.modality.id == "ipt":
            ...         yield from ()
            >>> rule = Rule(id="acme.grief-ipt", description="Grief suits IPT.", check=grief_ipt)
            >>> DEFAULT_MATCHING_POLICY.with_rule(rule, weight=2).rules.ids[-1]
            'acme.grief-ipt'
        """
        check_instance(rule, Rule, ("rule",))
        return evolve(
            self, rules=self.rules.with_rule(rule), weights=(*self.weights, (rule.id, weight))
        )

    def without(self, *rule_ids: str) -> "MatchingPolicy":
        """
        Return a copy without the named rules and their weights.

        Example:
            >>> "match.diagnosis-domain" in DEFAULT_MATCHING_POLICY.without("match.diagnosis-domain").rules
            False
        """
        return evolve(
            self,
            rules=self.rules.without(*rule_ids),
            weights=tuple((r, w) for r, w in self.weights if r not in rule_ids),
        )


#: The policy `recommend` uses unless told otherwise.
DEFAULT_MATCHING_POLICY = MatchingPolicy()


@frozen(kw_only=True)
class Rationale:
    """
    One matching rule that fired for a modality: its id, its weight, and the evidence paths.

    Each path points into the formulation, e.g. ``("presenting_problems", 0, "domain")``.

    Example:
        >>> r = Rationale(rule="match.low-readiness", weight=3.0, paths=(("readiness",),))
        >>> r.where
        ('readiness',)
    """

    rule: str
    weight: float
    paths: tuple[Path, ...]

    def __attrs_post_init__(self) -> None:
        check_identifier(self.rule, ("rule",))
        check_number(self.weight, ("weight",))
        check_paths(self.paths, ("paths",))

    @property
    def where(self) -> tuple[str, ...]:
        """The paths rendered as text, e.g. ``presenting_problems[0].domain``."""
        return tuple(render_path(path) for path in self.paths)


@frozen(kw_only=True)
class Recommendation:
    """
    A modality suggested for a formulation: its score and why.

    *score* is the sum of the weights in *rationale* (each fired rule counts once, however many
    paths it found). *prerequisites* are the rule ids `check_prerequisites` will check before
    the modality starts.

    Example:
        >>> from counselcore.examples import example_formulation
        >>> top = recommend(example_formulation())[0]
        >>> top.modality, top.score, top.rule_ids
        ('mi', 6.0, ('match.problem-domain', 'match.diagnosis-domain', 'match.low-readiness'))
    """

    modality: str
    score: float
    rationale: tuple[Rationale, ...]
    prerequisites: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        check_identifier(self.modality, ("modality",))
        check_number(self.score, ("score",))
        check_instances(self.rationale, Rationale, ("rationale",))
        check_identifiers(self.prerequisites, ("prerequisites",))

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """The ids of the rules that fired, in rule order."""
        return tuple(r.rule for r in self.rationale)


def _score(
    formulation: CaseFormulation, modality: Modality, policy: MatchingPolicy
) -> Recommendation | None:
    report = policy.rules.evaluate(formulation, MatchContext(modality=modality, policy=policy))
    rationale = tuple(
        Rationale(rule=rule_id, weight=policy.weight(rule_id), paths=tuple(v.path for v in found))
        for rule_id, found in report.by_rule().items()
    )
    score = math.fsum(r.weight for r in rationale)
    if score <= 0:
        return None
    return Recommendation(
        modality=modality.id,
        score=score,
        rationale=rationale,
        prerequisites=modality.prerequisite_rule_ids,
    )


def recommend(
    formulation: CaseFormulation,
    *,
    catalog: Catalog = BUILTIN_CATALOG,
    policy: MatchingPolicy = DEFAULT_MATCHING_POLICY,
) -> tuple[Recommendation, ...]:
    """
    Rank the modalities of *catalog* for *formulation*, best first.

    Every modality is scored with every rule of *policy*; a modality is recommended when at
    least one rule fires and its score is above zero. Ties keep catalog order, so the result is
    deterministic.

    Args:
        formulation: The case formulation.
        catalog: The modalities to choose from.
        policy: The rules, weights and thresholds.

    Returns:
        Recommendations sorted by score, highest first.

    Example:
        >>> from counselcore.examples import example_formulation
        >>> [(r.modality, r.score) for r in recommend(example_formulation())]
        [('mi', 6.0), ('cbt', 3.0)]
        >>> recommend(example_formulation())[1].rationale[0].where
        ('presenting_problems[0].domain', 'presenting_problems[1].domain', 'presenting_problems[2].domain')
    """
    check_instance(formulation, CaseFormulation, ("formulation",))
    check_instance(catalog, Catalog, ("catalog",))
    check_instance(policy, MatchingPolicy, ("policy",))
    ranked: list[tuple[float, int, Recommendation]] = []
    for order, modality in enumerate(catalog):
        recommendation = _score(formulation, modality, policy)
        if recommendation is not None:
            ranked.append((-recommendation.score, order, recommendation))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return tuple(recommendation for _, _, recommendation in ranked)
