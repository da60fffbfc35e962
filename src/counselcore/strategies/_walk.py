"""
Random *valid* histories, for the Hypothesis strategies and the benchmarks (private).

`walk` takes a `random.Random` (a seeded one, or the shrinkable one Hypothesis hands out)
and produces events that the default policy accepts without any violation. It uses only the
public phase API: `counselcore.phases.allowed_events` says what may happen next, the walker
picks one of those kinds and builds its payload, and `counselcore.phases.transition` is asked
before a modality is used and after every event (the walker fails loudly if it disagrees).
"""

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from random import Random

from counselcore.examples import example_aftercare_plan, example_safety_plan
from counselcore.measures import SUICIDAL_IDEATION_FLAG
from counselcore.model import (
    Cadence,
    CaseFormulation,
    ClientRef,
    Goal,
    Intervention,
    Metric,
    MetricKind,
    Objective,
    Problem,
    ProblemDomain,
    ReviewSchedule,
    RiskAssessment,
    Session,
    SessionKind,
    TreatmentPlan,
)
from counselcore.phases import (
    DEFAULT_POLICY,
    AftercareStarted,
    BoosterHeld,
    CaseState,
    CrisisBegan,
    CrisisResolved,
    Discharged,
    Disengaged,
    DisengagementReason,
    Event,
    EventKind,
    IntakeCompleted,
    LapseReported,
    MeasureRecorded,
    Phase,
    PlanAgreed,
    RelapseReported,
    ReReferred,
    ReviewHeld,
    SessionHeld,
    TerminationPlanned,
    allowed_events,
    transition,
)

__all__ = ["walk"]

_GAPS = (0, 1, 2, 3, 4, 5, 7, 7, 7, 7, 14)
#: The modality ids plans draw from; `_modalities` says which may be used in the current state.
_MODALITIES = ("cbt", "dbt", "emdr", "mi")
_CLIENT = ClientRef("walk-client")
#: The plans the walker's aftercare and crisis-resolution events carry (they pass the rules).
_AFTERCARE_PLAN = example_aftercare_plan()
_SAFETY_PLAN = example_safety_plan()


def accepted(state: CaseState, event: Event) -> bool:
    """Whether the machine accepts *event* now without any violation (the default policy)."""
    return transition(state, event, DEFAULT_POLICY).violations == ()


class _Maker:
    """Builds the next valid event for a state (one instance per history)."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.sessions = 0
        self.plans = 0

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def formulation(self, state: CaseState, on: dt.date) -> CaseFormulation:
        return CaseFormulation(
            formulation_id=f"f-{state.episode}",
            client=_CLIENT,
            formulated_on=on,
            presenting_problems=(
                Problem(
                    problem_id="p-1",
                    description="presenting problem",
                    domain=ProblemDomain.DEPRESSION,
                ),
            ),
            risk=RiskAssessment(screened_on=on),
        )

    def plan(self, state: CaseState, on: dt.date) -> TreatmentPlan:
        """A plan the machine accepts now: a new one, or the next version of the one in force."""
        rng = self.rng
        self.plans += 1
        modalities = [
            name
            for name in _MODALITIES
            if accepted(state, PlanAgreed(on=on, plan=self.draft(state, on, (name,), None)))
        ]
        chosen = tuple(sorted(set(rng.sample(modalities, rng.randint(1, 2)))))
        return self.draft(state, on, chosen, rng.choice((None, 28, 42, 84)))

    def draft(
        self, state: CaseState, on: dt.date, modalities: Sequence[str], every_days: int | None
    ) -> TreatmentPlan:
        goals = (
            Goal(
                goal_id="g-1",
                description="goal",
                problem_ids=("p-1",),
                objectives=(
                    Objective(
                        objective_id="o-1",
                        description="objective",
                        metric=Metric(kind=MetricKind.INSTRUMENT_SCORE, instrument="phq-9"),
                        baseline=18,
                        target=9,
                        due_on=on + dt.timedelta(days=90),
                        interventions=tuple(
                            Intervention(modality=m, technique="core") for m in modalities
                        ),
                    ),
                ),
            ),
        )
        review = ReviewSchedule(every_sessions=self.rng.randint(3, 8), every_days=every_days)
        if state.plan is not None:  # a revision of the plan in force
            return state.plan.revise(on=on, reason="revised", goals=goals, review=review)
        return TreatmentPlan(
            plan_id=f"tp-{state.episode}-{self.plans}",
            client=_CLIENT,
            starts_on=on,
            formulation_id=None if state.formulation is None else state.formulation.formulation_id,
            problems=(Problem(problem_id="p-1", description="presenting problem"),),
            goals=goals,
            session_cadence=Cadence.WEEKLY,
            review=review,
            consent_recorded_on=on,
        )

    def session(self, state: CaseState, on: dt.date, kind: SessionKind) -> SessionHeld:
        self.sessions += 1
        plan = state.plan
        duration = self.rng.choice((45, 50, 53, 60))
        if kind is SessionKind.INDIVIDUAL and plan is not None and self.chance(0.8):
            names = sorted({i.modality for _, o in plan.iter_objectives() for i in o.interventions})
            usable = [
                held
                for held in (self.held(on, kind, duration, name) for name in names)
                if accepted(state, held)
            ]
            if usable:
                return self.rng.choice(usable)
        return self.held(on, kind, duration, None)

    def held(
        self, on: dt.date, kind: SessionKind, duration: int, modality: str | None
    ) -> SessionHeld:
        session = Session(
            session_id=f"s-{self.sessions}",
            held_on=on,
            kind=kind,
            duration_minutes=duration,
            modality=modality,
        )
        return SessionHeld(session=session)

    def measure(self, on: dt.date) -> MeasureRecorded:
        if self.chance(0.5):  # PHQ-9 (totals 0-27) may raise the item-9 risk flag
            flags = frozenset({SUICIDAL_IDEATION_FLAG}) if self.chance(0.2) else frozenset()
            return MeasureRecorded(
                on=on, instrument="phq-9", total=self.rng.randint(0, 27), risk_flags=flags
            )
        return MeasureRecorded(on=on, instrument="gad-7", total=self.rng.randint(0, 21))

    def disengaged(self, on: dt.date) -> Disengaged:
        return Disengaged(on=on, reason=self.rng.choice(tuple(DisengagementReason)))

    def pick(self, table: list[tuple[float, Callable[[], Event]]]) -> Event:
        """Call one of the *table*'s makers, chosen with the given weights."""
        roll = self.rng.random() * sum(weight for weight, _ in table)
        for weight, make in table:
            roll -= weight
            if roll < 0:
                return make()
        return table[-1][1]()

    def next_event(self, state: CaseState, on: dt.date) -> Event:
        """
        Return a valid next event on *on*.

        Ask `allowed_events` what may happen, pick one of those kinds (weighted by phase) and
        build its payload.
        """
        allowed = set(allowed_events(state, on=on).allowed)
        if state.phase is Phase.ACTIVE and EventKind.REVIEW_HELD in allowed:
            return ReviewHeld(  # a review is due: hold it rather than let sessions run over
                on=on,
                goals_met=self.chance(0.4),
                stabilization_met=self.rng.choice((None, True, False)),
            )
        return self.pick(
            [(weight, make) for weight, kind, make in self.table(state, on) if kind in allowed]
        )

    def table(
        self, state: CaseState, on: dt.date
    ) -> list[tuple[float, EventKind, Callable[[], Event]]]:
        """The kinds the walker may choose in *state*, with weights and payload makers."""
        k = EventKind
        individual = SessionKind.INDIVIDUAL
        common: list[tuple[float, EventKind, Callable[[], Event]]] = [
            (1, k.DISENGAGED, lambda: self.disengaged(on)),
            (8, k.MEASURE_RECORDED, lambda: self.measure(on)),
            (3, k.CRISIS_BEGAN, lambda: CrisisBegan(on=on)),
        ]
        tables: dict[Phase, list[tuple[float, EventKind, Callable[[], Event]]]] = {
            Phase.INTAKE: [
                (40, k.SESSION_HELD, lambda: self.session(state, on, SessionKind.INTAKE)),
                (
                    40,
                    k.INTAKE_COMPLETED,
                    lambda: IntakeCompleted(
                        on=on,
                        formulation=self.formulation(state, on),
                        stabilization_met=self.chance(0.5),
                    ),
                ),
            ],
            Phase.PLANNING: [
                (30, k.SESSION_HELD, lambda: self.session(state, on, individual)),
                (60, k.PLAN_AGREED, lambda: PlanAgreed(on=on, plan=self.plan(state, on))),
            ],
            Phase.ACTIVE: [
                (84, k.SESSION_HELD, lambda: self.session(state, on, individual)),
                (2, k.LAPSE_REPORTED, lambda: LapseReported(on=on)),
                (2, k.RELAPSE_REPORTED, lambda: RelapseReported(on=on)),
            ],
            Phase.REVIEW: [
                (
                    60 if state.goals_met else 0,
                    k.TERMINATION_PLANNED,
                    lambda: self.termination(client=False, on=on),
                ),
                (8, k.TERMINATION_PLANNED, lambda: self.termination(client=True, on=on)),
                (12, k.PLAN_AGREED, lambda: PlanAgreed(on=on, plan=self.plan(state, on))),
                (60, k.SESSION_HELD, lambda: self.session(state, on, individual)),
            ],
            Phase.CRISIS: [
                (30, k.SESSION_HELD, lambda: self.session(state, on, SessionKind.CRISIS)),
                (20, k.SESSION_HELD, lambda: self.session(state, on, individual)),
                (50, k.CRISIS_RESOLVED, lambda: self.resolve(state, on)),
            ],
            Phase.TERMINATION: [
                (30, k.SESSION_HELD, lambda: self.session(state, on, individual)),
                (5, k.RELAPSE_REPORTED, lambda: RelapseReported(on=on)),
                (
                    45,
                    k.AFTERCARE_STARTED,
                    lambda: AftercareStarted(on=on, aftercare_plan=_AFTERCARE_PLAN),
                ),
                (20, k.DISCHARGED, lambda: Discharged(on=on, aftercare_plan=_AFTERCARE_PLAN)),
            ],
            Phase.MAINTENANCE: [
                (1000 if state.booster_due else 15, k.BOOSTER_HELD, lambda: BoosterHeld(on=on)),
                (30, k.SESSION_HELD, lambda: self.session(state, on, SessionKind.MAINTENANCE)),
                (15, k.LAPSE_REPORTED, lambda: LapseReported(on=on)),
                (10, k.RELAPSE_REPORTED, lambda: RelapseReported(on=on)),
                (30, k.DISCHARGED, lambda: Discharged(on=on)),
            ],
            Phase.CLOSED: [(1, k.RE_REFERRED, lambda: ReReferred(on=on))],
        }
        return [*common, *tables[state.phase]]

    def termination(self, *, client: bool, on: dt.date) -> TerminationPlanned:
        return TerminationPlanned(on=on, client_initiated=client, termination_plan_recorded=True)

    def resolve(self, state: CaseState, on: dt.date) -> CrisisResolved:
        began = state.crisis_began_on or on
        return CrisisResolved(
            on=on,
            safety_plan=_SAFETY_PLAN,
            risk_screened_on=self.rng.choice((began, on)),
            replan=state.formulation is not None and self.chance(0.2),
        )


def iter_walk(rng: Random, *, start: dt.date) -> Iterator[Event]:
    """Yield an endless valid history starting *start* (checked event by event)."""
    maker = _Maker(rng)
    state = CaseState.start(on=start)
    on = start
    while True:
        on = on + dt.timedelta(days=rng.choice(_GAPS))
        event = maker.next_event(state, on)
        outcome = transition(state, event)
        if outcome.violations:  # pragma: no cover - a bug in the walker or the machine
            message = f"walk produced a refused event: {outcome.violations}"
            raise AssertionError(message)
        state = outcome.state
        yield event


def walk(rng: Random, *, start: dt.date, length: int) -> list[Event]:
    """
    Return *length* events of a valid history starting *start*, drawn from *rng*.

    Example:
        >>> from counselcore.phases import replay
        >>> history = walk(Random(7), start=dt.date(2024, 1, 1), length=50)
        >>> len(history), replay(history).violations
        (50, ())
    """
    events = iter_walk(rng, start=start)
    return [next(events) for _ in range(length)]
