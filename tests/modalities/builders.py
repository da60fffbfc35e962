"""Small builders for modality tests: a minimal formulation changed field by field."""

import datetime as dt
from typing import Any

from attrs import evolve

from counselcore.model import (
    CaseFormulation,
    ClientRef,
    Diagnosis,
    Problem,
    ProblemDomain,
    RiskAssessment,
)

DAY = dt.date(2024, 1, 8)


def problem(index: int, domain: ProblemDomain) -> Problem:
    return Problem(problem_id=f"p{index}", description="a problem", domain=domain)


def formulation(
    *domains: ProblemDomain, codes: tuple[str, ...] = (), **changes: Any
) -> CaseFormulation:
    """A formulation with one problem per domain, one diagnosis per code, then *changes*."""
    base = CaseFormulation(
        formulation_id="f1",
        client=ClientRef("c1"),
        formulated_on=DAY,
        presenting_problems=tuple(problem(i, d) for i, d in enumerate(domains)),
        diagnoses=tuple(Diagnosis(code=code) for code in codes),
    )
    return evolve(base, **changes)


def risk(**levels: Any) -> RiskAssessment:
    return RiskAssessment(screened_on=DAY, **levels)


def resolve(formulation: CaseFormulation, path: tuple[str | int, ...]) -> object:
    """Follow *path* into *formulation*; raises if any step does not exist."""
    value: object = formulation
    for step in path:
        if isinstance(step, int):
            assert isinstance(value, tuple)
            value = value[step]
        else:
            assert hasattr(value, step), step
            value = getattr(value, step)
    return value
