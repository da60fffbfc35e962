"""
A built-in, fictional example case used by the demo, the docs and the benchmarks.

Every value is invented; nothing here describes a real person.

Example:
    >>> from counselcore.rules import check_plan
    >>> check_plan(example_plan())
    ()
    >>> from counselcore.aftercare import check_aftercare
    >>> check_aftercare(example_aftercare_plan())
    ()
"""

import datetime as dt

from counselcore.aftercare import (
    AftercarePlan,
    BoosterSchedule,
    ContactRole,
    PracticeCadence,
    RelapsePreventionPlan,
    SafetyPlan,
    SkillsRoutine,
    SupportContact,
    TriggerPlan,
)
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

__all__ = [
    "example_aftercare_plan",
    "example_formulation",
    "example_plan",
    "example_safety_plan",
    "example_sessions",
]

_START = dt.date(2024, 1, 15)

_PROBLEMS = (
    Problem(
        problem_id="p-mood",
        description="Low mood and withdrawal since a redundancy last autumn.",
        domain=ProblemDomain.DEPRESSION,
    ),
    Problem(
        problem_id="p-alcohol",
        description="Drinking most evenings to get to sleep.",
        domain=ProblemDomain.SUBSTANCE_USE,
    ),
    Problem(
        problem_id="p-worry",
        description="Persistent worry about money and the future.",
        domain=ProblemDomain.ANXIETY,
    ),
)


def example_formulation() -> CaseFormulation:
    """
    Return the example case formulation: depression with co-occurring alcohol use.

    Example:
        >>> f = example_formulation()
        >>> f.co_occurring, f.readiness.value, len(f.presenting_problems)
        (True, 'contemplation', 3)
    """
    return CaseFormulation(
        formulation_id="f-1",
        client=ClientRef("example-client-1"),
        formulated_on=dt.date(2024, 1, 8),
        presenting_problems=_PROBLEMS,
        diagnoses=(
            Diagnosis(code="F32.1"),
            Diagnosis(code="F10.20", specifier=SeveritySpecifier.MODERATE),
            Diagnosis(code="F41.1"),
        ),
        factors=FivePs(
            predisposing=("Family history of depression.",),
            precipitating=("Redundancy in October.",),
            perpetuating=("Avoidance of friends; evening drinking.",),
            protective=("Close sibling; keeps a daily walk.",),
        ),
        triggers=(
            Trigger(
                trigger_id="t-evenings",
                description="Evenings alone at home.",
                risk=RiskLevel.HIGH,
                category=TriggerCategory.NEGATIVE_EMOTION,
            ),
            Trigger(
                trigger_id="t-pub",
                description="Friday invitations to the pub.",
                risk=RiskLevel.MODERATE,
                category=TriggerCategory.SOCIAL_PRESSURE,
            ),
        ),
        strengths=("Reflective and curious.", "Keeps appointments."),
        supports=("Sibling nearby.",),
        risk=RiskAssessment(
            screened_on=dt.date(2024, 1, 8),
            suicide=RiskLevel.LOW,
            self_harm=RiskLevel.NONE,
            substance_use=RiskLevel.MODERATE,
        ),
        readiness=ReadinessStage.CONTEMPLATION,
        co_occurring=True,
    )


def _score(instrument: str) -> Metric:
    return Metric(kind=MetricKind.INSTRUMENT_SCORE, instrument=instrument)


def example_plan() -> TreatmentPlan:
    """
    Return the example treatment plan: three problems, three goals, integrated MI and CBT.

    Example:
        >>> plan = example_plan()
        >>> [g.goal_id for g in plan.goals]
        ['g-mood', 'g-alcohol', 'g-worry']
    """
    return TreatmentPlan(
        plan_id="tp-1",
        client=ClientRef("example-client-1"),
        formulation_id="f-1",
        starts_on=_START,
        problems=_PROBLEMS,
        goals=(
            Goal(
                goal_id="g-mood",
                description="Get back to the activities that mattered.",
                problem_ids=("p-mood",),
                objectives=(
                    Objective(
                        objective_id="o-phq9",
                        description="PHQ-9 below the caseness threshold.",
                        metric=_score("phq-9"),
                        baseline=17,
                        target=9,
                        direction=Direction.DECREASE,
                        due_on=dt.date(2024, 4, 15),
                        interventions=(
                            Intervention(modality="cbt", technique="behavioural-activation"),
                            Intervention(modality="cbt", technique="thought-record"),
                        ),
                    ),
                    Objective(
                        objective_id="o-activities",
                        description="Three valued activities a week.",
                        metric=Metric(
                            kind=MetricKind.COUNT, description="valued activities a week"
                        ),
                        baseline=0,
                        target=3,
                        direction=Direction.INCREASE,
                        due_on=dt.date(2024, 3, 15),
                        interventions=(
                            Intervention(modality="cbt", technique="activity-scheduling"),
                        ),
                    ),
                ),
            ),
            Goal(
                goal_id="g-alcohol",
                description="Drink within low-risk limits.",
                problem_ids=("p-alcohol",),
                objectives=(
                    Objective(
                        objective_id="o-audit-c",
                        description="AUDIT-C below the positive screen.",
                        metric=_score("audit-c"),
                        baseline=8,
                        target=3,
                        direction=Direction.DECREASE,
                        due_on=dt.date(2024, 5, 15),
                        interventions=(
                            Intervention(modality="mi", technique="decisional-balance"),
                            Intervention(modality="mi", technique="oars"),
                        ),
                    ),
                ),
            ),
            Goal(
                goal_id="g-worry",
                description="Worry less and sleep better.",
                problem_ids=("p-worry",),
                objectives=(
                    Objective(
                        objective_id="o-gad7",
                        description="GAD-7 below the caseness threshold.",
                        metric=_score("gad-7"),
                        baseline=12,
                        target=7,
                        direction=Direction.DECREASE,
                        due_on=dt.date(2024, 4, 15),
                        interventions=(
                            Intervention(modality="cbt", technique="cognitive-restructuring"),
                        ),
                    ),
                ),
            ),
        ),
        session_cadence=Cadence.WEEKLY,
        review=ReviewSchedule(every_sessions=6, every_days=42),
        consent_recorded_on=_START,
    )


def example_sessions() -> tuple[Session, ...]:
    """
    Return the first sessions of the example case: intake, then weekly individual sessions.

    Example:
        >>> [s.cpt_codes for s in example_sessions()]
        [('90791',), ('90834',), ('90837',)]
    """
    return (
        Session(
            session_id="s-1",
            held_on=dt.date(2024, 1, 8),
            kind=SessionKind.INTAKE,
            duration_minutes=60,
        ),
        Session(
            session_id="s-2",
            held_on=dt.date(2024, 1, 15),
            kind=SessionKind.INDIVIDUAL,
            duration_minutes=50,
            modality="mi",
            techniques=("oars", "decisional-balance"),
            homework_assigned=(
                Homework(
                    homework_id="hw-1",
                    description="Drinking diary for one week.",
                    technique="self-monitoring",
                    due_on=dt.date(2024, 1, 22),
                ),
            ),
            alliance=36.5,
        ),
        Session(
            session_id="s-3",
            held_on=dt.date(2024, 1, 22),
            kind=SessionKind.INDIVIDUAL,
            duration_minutes=55,
            modality="cbt",
            techniques=("behavioural-activation",),
            homework_reviewed=("hw-1",),
            alliance=38.0,
        ),
    )


_TERMINATED = dt.date(2024, 5, 6)


def example_safety_plan() -> SafetyPlan:
    """
    Return the example case's Stanley-Brown safety plan, every section filled.

    Example:
        >>> from counselcore.aftercare import check_safety_plan
        >>> plan = example_safety_plan()
        >>> plan.missing_sections, check_safety_plan(plan)
        ((), ())
    """
    return SafetyPlan(
        plan_id="sp-1",
        written_on=_TERMINATED,
        warning_signs=("Lying awake going over money worries.", "Cancelling plans with friends."),
        internal_coping=("Walk the canal path.", "Five minutes of paced breathing."),
        social_distraction=("The climbing wall on Tuesdays.", "Coffee with a neighbour."),
        people_to_ask=(
            SupportContact(
                contact_id="k-sibling",
                role=ContactRole.FAMILY,
                name="Fictional Sibling",
                phone="555-0100",
            ),
        ),
        professionals_and_agencies=(
            SupportContact(
                contact_id="k-therapist",
                role=ContactRole.CLINICIAN,
                name="Clinic front desk",
                phone="555-0199",
            ),
            SupportContact(contact_id="k-988", role=ContactRole.CRISIS_LINE, phone="988"),
        ),
        environment_safety=("Spare medicines kept at the sibling's flat.",),
        reasons_for_living=("Nephew's football matches.",),
    )


def example_aftercare_plan() -> AftercarePlan:
    """
    Return the example case's aftercare plan: quarterly boosters for a year, monthly maintenance.

    Example:
        >>> plan = example_aftercare_plan()
        >>> [d.isoformat() for d in plan.booster_dates]
        ['2024-08-06', '2024-11-06', '2025-02-06', '2025-05-06']
    """
    formulation = example_formulation()
    evenings, pub = formulation.triggers
    return AftercarePlan(
        plan_id="ac-1",
        client=formulation.client,
        terminated_on=_TERMINATED,
        treatment_plan_id="tp-1",
        boosters=BoosterSchedule(every_months=3, horizon_months=12),
        support_network=(
            SupportContact(
                contact_id="k-sibling", role=ContactRole.FAMILY, name="Fictional Sibling"
            ),
            SupportContact(
                contact_id="k-group", role=ContactRole.PEER_SUPPORT, name="Tuesday group"
            ),
        ),
        routines=(
            SkillsRoutine(skill="mindfulness", cadence=PracticeCadence.DAILY),
            SkillsRoutine(skill="activity-scheduling", cadence=PracticeCadence.WEEKLY),
        ),
        crisis_plan=example_safety_plan(),
        relapse_prevention=RelapsePreventionPlan(
            plan_id="rp-1",
            written_on=_TERMINATED,
            triggers=(
                TriggerPlan(
                    trigger=evenings,
                    coping_responses=("Plan the evening by 5 pm.", "Call the sibling."),
                ),
                TriggerPlan(trigger=pub, coping_responses=("Suggest the climbing wall instead.",)),
            ),
            warning_signs=("Skipping the morning walk.",),
            lapse_response=("Tell the sibling; restart the drinking diary the next day.",),
            relapse_response=("Book a booster session within a week.",),
        ),
        maintenance_cadence=Cadence.MONTHLY,
        ends_on=dt.date(2025, 5, 6),
    )
