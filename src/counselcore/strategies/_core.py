"""Strategy implementations; see the package docstring."""

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from counselcore.model import (
    Cadence,
    CaseFormulation,
    ClientRef,
    Diagnosis,
    Direction,
    FivePs,
    Goal,
    Homework,
    Intervention,
    Metric,
    MetricKind,
    Objective,
    ObjectiveStatus,
    Problem,
    ProblemDomain,
    ReadinessStage,
    ReviewSchedule,
    RiskAssessment,
    RiskLevel,
    Session,
    SessionKind,
    SeveritySpecifier,
    TreatmentPlan,
    Trigger,
    TriggerCategory,
)
from counselcore.model._session import MAX_SESSION_MINUTES
from counselcore.rules import BUILTIN_MODALITY_IDS, Report
from counselcore.violations import Severity, Violation

_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-_."
_MIN_DATE = dt.date(2000, 1, 1)
_MAX_DATE = dt.date(2099, 12, 31)


def identifiers() -> st.SearchStrategy[str]:
    """Ids: 1-24 characters of lower-case letters, digits, ``-``, ``_`` and ``.``; shrink to ``"a"``."""
    return st.text(_ID_ALPHABET, min_size=1, max_size=24).map(lambda s: "a" + s[1:])


def texts(*, max_size: int = 40) -> st.SearchStrategy[str]:
    """Non-blank free text, including non-ASCII characters; shrinks towards ``"0"``."""
    return st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=max_size).filter(
        lambda s: s.strip() != ""
    )


def dates(
    *, min_value: dt.date = _MIN_DATE, max_value: dt.date = _MAX_DATE
) -> st.SearchStrategy[dt.date]:
    """Calendar dates between *min_value* and *max_value*; shrinks towards *min_value*."""
    return st.dates(min_value=min_value, max_value=max_value)


def client_refs() -> st.SearchStrategy[ClientRef]:
    """Opaque client references."""
    return st.builds(ClientRef, identifiers())


def _unique_by_id(
    elements: st.SearchStrategy[Any], key: str, max_size: int
) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(elements, max_size=max_size, unique_by=lambda x: getattr(x, key)).map(tuple)


def problems(*, ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Problem]:
    """Presenting problems with any domain."""
    return st.builds(
        Problem,
        problem_id=identifiers() if ids is None else ids,
        description=texts(),
        domain=st.sampled_from(ProblemDomain),
    )


def diagnoses() -> st.SearchStrategy[Diagnosis]:
    """Diagnoses with ICD-10-CM-shaped codes (not necessarily real codes) and optional severity."""
    code = st.from_regex(r"[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?", fullmatch=True)
    return st.builds(Diagnosis, code=code, specifier=st.none() | st.sampled_from(SeveritySpecifier))


def triggers() -> st.SearchStrategy[Trigger]:
    """Triggers with any risk level and category."""
    return st.builds(
        Trigger,
        trigger_id=identifiers(),
        description=texts(),
        risk=st.sampled_from(RiskLevel),
        category=st.sampled_from(TriggerCategory),
    )


def risk_assessments(
    *, screened_on: st.SearchStrategy[dt.date] | None = None
) -> st.SearchStrategy[RiskAssessment]:
    """Completed risk screens."""
    level = st.sampled_from(RiskLevel)
    return st.builds(
        RiskAssessment,
        screened_on=dates() if screened_on is None else screened_on,
        suicide=level,
        self_harm=level,
        substance_use=level,
        trauma_history=st.booleans(),
        ptsd_symptoms=st.booleans(),
    )


_text_tuples = st.lists(texts(), max_size=3).map(tuple)


def case_formulations(
    *, max_problems: int = 4, draft: st.SearchStrategy[bool] | None = None
) -> st.SearchStrategy[CaseFormulation]:
    """
    Case formulations with up to *max_problems* problems.

    With *draft* drawing True, risk screen and readiness may be missing.
    """

    @st.composite
    def build(draw: st.DrawFn) -> CaseFormulation:
        formulated_on = draw(dates())
        is_draft = draw(draft if draft is not None else st.booleans())
        risk = draw(risk_assessments(screened_on=st.just(formulated_on)))
        return CaseFormulation(
            formulation_id=draw(identifiers()),
            client=draw(client_refs()),
            formulated_on=formulated_on,
            presenting_problems=draw(_unique_by_id(problems(), "problem_id", max_problems)),
            diagnoses=draw(st.lists(diagnoses(), max_size=3).map(tuple)),
            factors=FivePs(
                predisposing=draw(_text_tuples),
                precipitating=draw(_text_tuples),
                perpetuating=draw(_text_tuples),
                protective=draw(_text_tuples),
            ),
            triggers=draw(_unique_by_id(triggers(), "trigger_id", 3)),
            strengths=draw(_text_tuples),
            supports=draw(_text_tuples),
            risk=None if is_draft and draw(st.booleans()) else risk,
            readiness=draw(st.none() | st.sampled_from(ReadinessStage))
            if is_draft
            else draw(st.sampled_from(ReadinessStage)),
            co_occurring=draw(st.booleans()),
        )

    return build()


def _metrics() -> st.SearchStrategy[Metric]:
    instrument = st.builds(
        Metric,
        kind=st.just(MetricKind.INSTRUMENT_SCORE),
        instrument=st.sampled_from(("phq-9", "gad-7", "pcl-5", "audit-c")),
        description=st.just(""),
    )
    other = st.builds(
        Metric,
        kind=st.sampled_from([k for k in MetricKind if k is not MetricKind.INSTRUMENT_SCORE]),
        description=texts(),
        unit=st.none() | identifiers(),
    )
    return instrument | other


_numbers = (
    st.none()
    | st.integers(-1000, 1000)
    | st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
)


def _interventions(modalities: tuple[str, ...]) -> st.SearchStrategy[Intervention]:
    return st.builds(Intervention, modality=st.sampled_from(modalities), technique=identifiers())


def objectives(
    *,
    due_after: dt.date = _MIN_DATE,
    modalities: tuple[str, ...] = tuple(sorted(BUILTIN_MODALITY_IDS)),
) -> st.SearchStrategy[Objective]:
    """Objectives, possibly incomplete (drafts), due no earlier than *due_after*."""
    return st.builds(
        Objective,
        objective_id=identifiers(),
        description=texts(),
        metric=st.none() | _metrics(),
        baseline=_numbers,
        target=_numbers,
        direction=st.sampled_from(Direction),
        due_on=st.none() | dates(min_value=due_after),
        interventions=st.lists(_interventions(modalities), max_size=3).map(tuple),
        status=st.sampled_from(ObjectiveStatus),
    )


def goals(
    *, problem_ids: tuple[str, ...] = (), due_after: dt.date = _MIN_DATE
) -> st.SearchStrategy[Goal]:
    """Goals referencing a subset of *problem_ids*, with objectives due after *due_after*."""
    refs = (
        st.lists(st.sampled_from(problem_ids), unique=True, max_size=len(problem_ids)).map(tuple)
        if problem_ids
        else st.just(())
    )
    return st.builds(
        Goal,
        goal_id=identifiers(),
        description=texts(),
        problem_ids=refs,
        objectives=st.lists(objectives(due_after=due_after), max_size=3).map(tuple),
    )


def treatment_plans(
    *, max_problems: int = 3, max_goals: int = 3
) -> st.SearchStrategy[TreatmentPlan]:
    """Structurally valid plans, complete or draft; ids are unique and every reference resolves."""

    @st.composite
    def build(draw: st.DrawFn) -> TreatmentPlan:
        starts_on = draw(dates(max_value=dt.date(2090, 1, 1)))
        plan_problems = draw(_unique_by_id(problems(), "problem_id", max_problems))
        problem_ids = tuple(p.problem_id for p in plan_problems)
        plan_goals = draw(
            _unique_by_id(goals(problem_ids=problem_ids, due_after=starts_on), "goal_id", max_goals)
        )
        plan_goals = _dedupe_objectives(plan_goals)
        version = draw(st.integers(1, 5))
        return TreatmentPlan(
            plan_id=draw(identifiers()),
            client=draw(client_refs()),
            starts_on=starts_on,
            version=version,
            formulation_id=draw(st.none() | identifiers()),
            revision_reason=draw(st.none() | texts()),
            revised_on=draw(st.none() | dates(min_value=starts_on)),
            problems=plan_problems,
            goals=plan_goals,
            session_cadence=draw(st.none() | st.sampled_from(Cadence)),
            review=draw(st.none() | _review_schedules()),
            consent_recorded_on=draw(st.none() | dates()),
        )

    return build()


def _dedupe_objectives(plan_goals: tuple[Goal, ...]) -> tuple[Goal, ...]:
    seen: set[str] = set()
    result = []
    for goal in plan_goals:
        kept = []
        for objective in goal.objectives:
            if objective.objective_id not in seen:
                seen.add(objective.objective_id)
                kept.append(objective)
        result.append(
            Goal(
                goal_id=goal.goal_id,
                description=goal.description,
                problem_ids=goal.problem_ids,
                objectives=tuple(kept),
            )
        )
    return tuple(result)


def _review_schedules() -> st.SearchStrategy[ReviewSchedule]:
    sessions_ = st.none() | st.integers(1, 52)
    days = st.none() | st.integers(7, 365)
    return (
        st.tuples(sessions_, days)
        .filter(lambda t: t != (None, None))
        .map(lambda t: ReviewSchedule(every_sessions=t[0], every_days=t[1]))
    )


def homework(*, due_after: dt.date = _MIN_DATE) -> st.SearchStrategy[Homework]:
    """Homework due no earlier than *due_after* (or with no due date)."""
    return st.builds(
        Homework,
        homework_id=identifiers(),
        description=texts(),
        technique=st.none() | identifiers(),
        due_on=st.none() | dates(min_value=due_after),
    )


def sessions() -> st.SearchStrategy[Session]:
    """Sessions of every kind; durations 1-960 minutes; alliance 0-40 or absent."""

    @st.composite
    def build(draw: st.DrawFn) -> Session:
        held_on = draw(dates())
        return Session(
            session_id=draw(identifiers()),
            held_on=held_on,
            kind=draw(st.sampled_from(SessionKind)),
            duration_minutes=draw(st.integers(1, MAX_SESSION_MINUTES)),
            modality=draw(st.none() | st.sampled_from(sorted(BUILTIN_MODALITY_IDS))),
            techniques=tuple(draw(st.lists(identifiers(), max_size=3))),
            homework_assigned=draw(_unique_by_id(homework(due_after=held_on), "homework_id", 2)),
            homework_reviewed=tuple(draw(st.lists(identifiers(), max_size=2))),
            alliance=draw(st.none() | st.floats(0, 40, allow_nan=False)),
        )

    return build()


def violations() -> st.SearchStrategy[Violation]:
    """
    Violations with dotted rule ids, paths of field names and indexes, and scalar evidence.

    Shrinks towards an error at the root with no evidence.

    Example:
        >>> from hypothesis import given, settings
        >>> import counselcore as cc
        >>> @settings(max_examples=5, derandomize=True)
        ... @given(violations())
        ... def test_round_trip(v):
        ...     assert cc.from_dict(cc.Violation, cc.to_dict(v)) == v
        >>> test_round_trip()
    """
    names = st.from_regex(r"[a-z][a-z_]{0,11}", fullmatch=True)
    scalars = (
        st.none()
        | st.booleans()
        | st.integers(-(2**53) + 1, 2**53 - 1)
        | st.floats(allow_nan=False, allow_infinity=False)
        | identifiers()
    )
    return st.builds(
        Violation,
        rule=st.from_regex(r"[a-z]{1,8}\.[a-z][a-z-]{0,15}", fullmatch=True),
        path=st.lists(names | st.integers(0, 50), max_size=4).map(tuple),
        message=texts(),
        severity=st.sampled_from(Severity),
        evidence=st.dictionaries(names, scalars, max_size=3).map(lambda d: tuple(d.items())),
    )


def reports(*, max_violations: int = 5) -> st.SearchStrategy[Report]:
    """
    Rule reports holding up to *max_violations* violations; shrinks towards an empty report.

    Example:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, derandomize=True)
        ... @given(reports())
        ... def test_ok_means_no_errors(report):
        ...     assert report.ok == (not report.errors)
        >>> test_ok_means_no_errors()
    """
    return st.builds(Report, violations=st.lists(violations(), max_size=max_violations).map(tuple))
