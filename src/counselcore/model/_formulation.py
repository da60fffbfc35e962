"""The case formulation: what assessment found."""

import datetime as dt
import re

from attrs import evolve, field, frozen

from counselcore._internal.checks import (
    check_date,
    check_enum,
    check_identifier,
    check_instance,
    check_instances,
    check_optional_instance,
    check_text,
    check_texts,
    check_unique,
    fail,
)
from counselcore.model._enums import (
    ProblemDomain,
    ReadinessStage,
    RiskLevel,
    SeveritySpecifier,
    TriggerCategory,
)
from counselcore.model._ids import ClientRef

__all__ = [
    "CaseFormulation",
    "Diagnosis",
    "FivePs",
    "Problem",
    "RiskAssessment",
    "Trigger",
]

#: ICD-10-CM code shape: letter, two characters, then optionally a dot and 1-4 more.
_ICD10CM = re.compile(r"[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?")

#: ICD-10-CM categories of substance-related disorders (F10-F19).
_SUBSTANCE_CATEGORIES = frozenset(f"F1{digit}" for digit in range(10))


@frozen(kw_only=True)
class Problem:
    """
    A presenting problem (or a problem a plan addresses), with its clinical domain.

    Example:
        >>> Problem(problem_id="p1", description="low mood since job loss", domain=ProblemDomain.DEPRESSION)
        Problem(problem_id='p1', domain=<ProblemDomain.DEPRESSION: 'depression'>)
    """

    problem_id: str
    description: str = field(repr=False)
    domain: ProblemDomain = ProblemDomain.OTHER

    def __attrs_post_init__(self) -> None:
        check_identifier(self.problem_id, ("problem_id",))
        check_text(self.description, ("description",), allow_empty=False)
        check_enum(self.domain, ProblemDomain, ("domain",))


@frozen(kw_only=True)
class Diagnosis:
    """
    A diagnosis: an ICD-10-CM code and an optional DSM-5 severity specifier.

    ICD-10-CM cannot tell moderate from severe substance use disorder (both ``.20``),
    so the severity is stored beside the code. The code is hidden from ``repr``.

    Example:
        >>> d = Diagnosis(code="F10.20", specifier=SeveritySpecifier.SEVERE)
        >>> d.is_substance_use, d.category
        (True, 'F10')
        >>> Diagnosis(code="F32")
        Diagnosis(specifier=None)
    """

    code: str = field(repr=False)
    specifier: SeveritySpecifier | None = None

    def __attrs_post_init__(self) -> None:
        if type(self.code) is not str:
            raise fail(("code",), "structure.type", "must be a string")
        if _ICD10CM.fullmatch(self.code) is None:
            raise fail(
                ("code",),
                "structure.icd10cm-code",
                "must have ICD-10-CM shape: letter, digit, digit or letter, then optionally '.' and 1-4 characters",
            )
        if self.specifier is not None:
            check_enum(self.specifier, SeveritySpecifier, ("specifier",))

    @property
    def category(self) -> str:
        """The three-character ICD-10-CM category, e.g. ``F33``."""
        return self.code[:3]

    @property
    def is_substance_use(self) -> bool:
        """Whether the code is a substance-related disorder (F10-F19)."""
        return self.category in _SUBSTANCE_CATEGORIES


@frozen(kw_only=True)
class FivePs:
    """
    The factors of a "5 Ps" formulation; the fifth P, the presenting problem, is the formulation's problems.

    Every entry is free text and hidden from ``repr``.

    Example:
        >>> FivePs(predisposing=("early loss",), protective=("steady job",))
        FivePs(<4 factor lists>)
    """

    predisposing: tuple[str, ...] = field(default=())
    precipitating: tuple[str, ...] = field(default=())
    perpetuating: tuple[str, ...] = field(default=())
    protective: tuple[str, ...] = field(default=())

    def __attrs_post_init__(self) -> None:
        check_texts(self.predisposing, ("predisposing",))
        check_texts(self.precipitating, ("precipitating",))
        check_texts(self.perpetuating, ("perpetuating",))
        check_texts(self.protective, ("protective",))

    def __repr__(self) -> str:
        return "FivePs(<4 factor lists>)"


@frozen(kw_only=True)
class Trigger:
    """
    A high-risk situation with its risk level and category.

    Example:
        >>> Trigger(trigger_id="t1", description="payday", risk=RiskLevel.HIGH, category=TriggerCategory.URGES)
        Trigger(trigger_id='t1', risk=<RiskLevel.HIGH: 'high'>, category=<TriggerCategory.URGES: 'urges'>)
    """

    trigger_id: str
    description: str = field(repr=False)
    risk: RiskLevel
    category: TriggerCategory = TriggerCategory.OTHER

    def __attrs_post_init__(self) -> None:
        check_identifier(self.trigger_id, ("trigger_id",))
        check_text(self.description, ("description",), allow_empty=False)
        check_enum(self.risk, RiskLevel, ("risk",))
        check_enum(self.category, TriggerCategory, ("category",))


@frozen(kw_only=True)
class RiskAssessment:
    """
    A completed risk screen.

    Example:
        >>> r = RiskAssessment(screened_on=dt.date(2024, 1, 8), suicide=RiskLevel.LOW)
        >>> r.highest
        <RiskLevel.LOW: 'low'>
    """

    screened_on: dt.date
    suicide: RiskLevel = RiskLevel.NONE
    self_harm: RiskLevel = RiskLevel.NONE
    substance_use: RiskLevel = RiskLevel.NONE
    trauma_history: bool = False
    ptsd_symptoms: bool = False

    def __attrs_post_init__(self) -> None:
        check_date(self.screened_on, ("screened_on",))
        check_enum(self.suicide, RiskLevel, ("suicide",))
        check_enum(self.self_harm, RiskLevel, ("self_harm",))
        check_enum(self.substance_use, RiskLevel, ("substance_use",))
        if type(self.trauma_history) is not bool:
            raise fail(("trauma_history",), "structure.type", "must be a bool")
        if type(self.ptsd_symptoms) is not bool:
            raise fail(("ptsd_symptoms",), "structure.type", "must be a bool")

    @property
    def highest(self) -> RiskLevel:
        """The highest of the suicide, self-harm and substance-use levels."""
        return max(self.suicide, self.self_harm, self.substance_use)


@frozen(kw_only=True, cache_hash=True)
class CaseFormulation:
    """
    What assessment found: problems, diagnoses, 5 Ps, triggers, strengths, risk and readiness.

    A formulation may be a draft: a missing risk screen or readiness stage is reported by rules,
    not refused here. Structural invariants (unique problem and trigger ids) are enforced.

    Example:
        >>> f = CaseFormulation(
        ...     formulation_id="f1",
        ...     client=ClientRef("c-1"),
        ...     formulated_on=dt.date(2024, 1, 8),
        ...     presenting_problems=(
        ...         Problem(problem_id="p1", description="low mood", domain=ProblemDomain.DEPRESSION),
        ...     ),
        ... )
        >>> f.has_risk_screen
        False
        >>> f.with_readiness(ReadinessStage.PREPARATION).readiness
        <ReadinessStage.PREPARATION: 'preparation'>
    """

    formulation_id: str
    client: ClientRef
    formulated_on: dt.date
    presenting_problems: tuple[Problem, ...] = ()
    diagnoses: tuple[Diagnosis, ...] = ()
    factors: FivePs = field(factory=FivePs)
    triggers: tuple[Trigger, ...] = ()
    strengths: tuple[str, ...] = field(default=(), repr=False)
    supports: tuple[str, ...] = field(default=(), repr=False)
    risk: RiskAssessment | None = None
    readiness: ReadinessStage | None = None
    co_occurring: bool = False

    def __attrs_post_init__(self) -> None:
        check_identifier(self.formulation_id, ("formulation_id",))
        if type(self.client) is not ClientRef:
            raise fail(("client",), "structure.type", "must be a ClientRef")
        check_date(self.formulated_on, ("formulated_on",))
        check_instances(self.presenting_problems, Problem, ("presenting_problems",))
        check_instances(self.diagnoses, Diagnosis, ("diagnoses",))
        check_instance(self.factors, FivePs, ("factors",))
        check_instances(self.triggers, Trigger, ("triggers",))
        check_texts(self.strengths, ("strengths",))
        check_texts(self.supports, ("supports",))
        check_unique(
            [p.problem_id for p in self.presenting_problems], ("presenting_problems",), "problem_id"
        )
        check_unique([t.trigger_id for t in self.triggers], ("triggers",), "trigger_id")
        check_optional_instance(self.risk, RiskAssessment, ("risk",))
        if self.readiness is not None:
            check_enum(self.readiness, ReadinessStage, ("readiness",))
        if type(self.co_occurring) is not bool:
            raise fail(("co_occurring",), "structure.type", "must be a bool")

    @property
    def has_risk_screen(self) -> bool:
        """Whether a risk screen has been recorded."""
        return self.risk is not None

    @property
    def domains(self) -> frozenset[ProblemDomain]:
        """The domains of the presenting problems."""
        return frozenset(p.domain for p in self.presenting_problems)

    def with_risk(self, risk: RiskAssessment) -> "CaseFormulation":
        """Return a copy with *risk* as the current risk screen."""
        return evolve(self, risk=risk)

    def with_readiness(self, stage: ReadinessStage) -> "CaseFormulation":
        """Return a copy with readiness *stage*."""
        return evolve(self, readiness=stage)

    def with_problem(self, problem: Problem) -> "CaseFormulation":
        """Return a copy with *problem* added at the end."""
        return evolve(self, presenting_problems=(*self.presenting_problems, problem))
