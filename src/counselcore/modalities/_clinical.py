"""
Small readings of a formulation shared by matching, prerequisites and sequencing.

Each helper returns evidence paths into the formulation, so callers can explain what they used.
"""

from counselcore.model import CaseFormulation, ProblemDomain, ReadinessStage
from counselcore.violations import Path

#: Readiness stages where MI is the first-line approach (Miller & Rollnick 2013; Prochaska & DiClemente 1983).
LOW_READINESS: frozenset[ReadinessStage] = frozenset(
    {ReadinessStage.PRECONTEMPLATION, ReadinessStage.CONTEMPLATION}
)

#: Readiness stages that fit action-oriented work: preparation onwards (section 7).
READY_FOR_ACTION: frozenset[ReadinessStage] = frozenset(
    {ReadinessStage.PREPARATION, ReadinessStage.ACTION, ReadinessStage.MAINTENANCE}
)

#: ICD-10-CM prefixes read as a trauma diagnosis: F43.0 acute stress reaction, F43.1x PTSD
#: (section 14.1).
TRAUMA_CODE_PREFIXES: tuple[str, ...] = ("F43.0", "F43.1")

#: ICD-10-CM prefix of PTSD: F43.10 unspecified, F43.11 acute, F43.12 chronic (section 14.1).
PTSD_CODE_PREFIXES: tuple[str, ...] = ("F43.1",)


def problem_paths(formulation: CaseFormulation, domain: ProblemDomain) -> tuple[Path, ...]:
    """The ``domain`` path of every presenting problem in *domain*."""
    return tuple(
        ("presenting_problems", index, "domain")
        for index, problem in enumerate(formulation.presenting_problems)
        if problem.domain is domain
    )


def diagnosis_paths(formulation: CaseFormulation, prefixes: tuple[str, ...]) -> tuple[Path, ...]:
    """The ``code`` path of every diagnosis whose code starts with one of *prefixes*."""
    return tuple(
        ("diagnoses", index, "code")
        for index, diagnosis in enumerate(formulation.diagnoses)
        if diagnosis.code.startswith(prefixes)
    )


def substance_use_paths(formulation: CaseFormulation) -> tuple[Path, ...]:
    """Paths to substance use: substance-related diagnoses (F10-F19) and substance-use problems."""
    diagnoses = tuple(
        ("diagnoses", index, "code")
        for index, diagnosis in enumerate(formulation.diagnoses)
        if diagnosis.is_substance_use
    )
    return diagnoses + problem_paths(formulation, ProblemDomain.SUBSTANCE_USE)


def has_trauma_indication(formulation: CaseFormulation) -> bool:
    """Whether *formulation* records a trauma history, a trauma problem or a trauma diagnosis."""
    return (
        (formulation.risk is not None and formulation.risk.trauma_history)
        or ProblemDomain.TRAUMA in formulation.domains
        or any(d.code.startswith(TRAUMA_CODE_PREFIXES) for d in formulation.diagnoses)
    )
