"""Small builders for phase tests: complete payloads and states reached through real histories."""

import datetime as dt

from attrs import evolve

from counselcore.examples import example_aftercare_plan, example_formulation, example_plan
from counselcore.model import (
    CaseFormulation,
    ReviewSchedule,
    Session,
    SessionKind,
    TreatmentPlan,
)
from counselcore.phases import (
    AftercareStarted,
    CaseState,
    CrisisBegan,
    Discharged,
    Event,
    IntakeCompleted,
    Phase,
    PlanAgreed,
    ReviewHeld,
    SessionHeld,
    TerminationPlanned,
    replay,
)

#: The day intake completes in every built history.
DAY0 = dt.date(2024, 1, 8)


def day(n: int) -> dt.date:
    """*n* days after DAY0."""
    return DAY0 + dt.timedelta(days=n)


def formulation(**changes: object) -> CaseFormulation:
    """The example formulation (problems, risk screened on DAY0), with *changes*."""
    return evolve(example_formulation(), **changes)  # type: ignore[arg-type]


def plan(*, starts: int = 7, modalities: tuple[str, ...] = (), **changes: object) -> TreatmentPlan:
    """
    The example plan starting day *starts* (consent that day), reviewed every 6 sessions or 42 days.

    Objectives fall due 90 days after the start; with *modalities*, every intervention uses
    the first one.
    """
    example = example_plan()
    goals = tuple(
        evolve(
            goal,
            objectives=tuple(
                evolve(
                    objective,
                    due_on=day(starts + 90),
                    interventions=tuple(
                        evolve(intervention, modality=modalities[0]) if modalities else intervention
                        for intervention in objective.interventions
                    ),
                )
                for objective in goal.objectives
            ),
        )
        for goal in example.goals
    )
    base = evolve(
        example,
        starts_on=day(starts),
        consent_recorded_on=day(starts),
        review=ReviewSchedule(every_sessions=6, every_days=42),
        goals=goals,
    )
    return evolve(base, **changes)  # type: ignore[arg-type]


def session(
    n: int, kind: SessionKind = SessionKind.INDIVIDUAL, modality: str | None = None
) -> SessionHeld:
    """A session held on day *n*."""
    return SessionHeld(
        session=Session(
            session_id=f"s-{n}-{kind.value}",
            held_on=day(n),
            kind=kind,
            duration_minutes=50,
            modality=modality,
        )
    )


def history_to(phase: Phase) -> list[Event]:
    """A valid history that ends in *phase* (closed: by discharge after maintenance)."""
    events: list[Event] = []
    if phase is Phase.INTAKE:
        return events
    events.append(IntakeCompleted(on=DAY0, formulation=formulation()))
    if phase is Phase.PLANNING:
        return events
    if phase is Phase.CRISIS:
        return [*events, CrisisBegan(on=day(1))]
    events.append(PlanAgreed(on=day(7), plan=plan()))
    if phase is Phase.ACTIVE:
        return events
    events.extend(session(7 + 6 * i) for i in range(1, 7))
    events.append(ReviewHeld(on=day(44), goals_met=True))
    if phase is Phase.REVIEW:
        return events
    events.append(TerminationPlanned(on=day(45), termination_plan_recorded=True))
    if phase is Phase.TERMINATION:
        return events
    events.append(AftercareStarted(on=day(50), aftercare_plan=example_aftercare_plan()))
    if phase is Phase.MAINTENANCE:
        return events
    events.append(Discharged(on=day(200)))
    return events


def state_in(phase: Phase) -> CaseState:
    """The state at the end of `history_to(phase)` (checked to be violation-free)."""
    result = replay(history_to(phase))
    assert result.violations == (), result.violations
    assert result.state.phase is phase
    return result.state


def last_day(phase: Phase) -> dt.date:
    """The date of the last event of `history_to(phase)` (DAY0 for intake)."""
    events = history_to(phase)
    return events[-1].on if events else DAY0
