"""
`simulate`: step each client through the phases, week by week, under the real phase machine.

Each client has its own random streams, derived from (seed, client index) alone, so a client's
history does not depend on which other clients are simulated, in which order, or where. The
engine draws a fixed number of random numbers every week, whatever happens, so two arms of a
comparison give each client the same numbers (common random numbers).

The engine *proposes* events as a service following the scenario's care model would record
them; the phase machine (`counselcore.phases.replay`) decides. Every week's events are
replayed from the machine's state, and the engine reads the next week's phase, review count
and stabilization from the state the machine returns. A refused event is never papered over:
it raises `counselcore.errors.TransitionRefusedError` with the machine's violations.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from random import Random
from typing import Any

from attrs import evolve

from counselcore._internal.checks import check_date, check_instance, check_int, fail
from counselcore.aftercare import BoosterSchedule, booster_dates
from counselcore.errors import TransitionRefusedError
from counselcore.examples import example_aftercare_plan, example_safety_plan
from counselcore.measures import SUICIDAL_IDEATION_FLAG, classify_talking_therapies
from counselcore.modalities import BUILTIN_CATALOG, StabilityStatus, check_prerequisites, recommend
from counselcore.model import (
    Cadence,
    CaseFormulation,
    ClientRef,
    Direction,
    Goal,
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
    TreatmentPlan,
)
from counselcore.phases import (
    EVENT_TYPES,
    TRANSITIONS,
    AftercareStarted,
    BoosterHeld,
    CaseState,
    CrisisBegan,
    CrisisResolved,
    Discharged,
    Disengaged,
    DisengagementReason,
    Event,
    IntakeCompleted,
    LapseReported,
    MeasureRecorded,
    Phase,
    PhasePolicy,
    PlanAgreed,
    RelapseReported,
    ReReferred,
    ReviewHeld,
    SessionHeld,
    TerminationPlanned,
    replay,
)
from counselcore.simulation._records import ClientResult, ClientSummary
from counselcore.simulation._scenario import DEFAULT_SCENARIO, Scenario
from counselcore.violations import Severity

__all__ = ["client_seed", "simulate"]

#: The largest cohort one call simulates (client indices are below this).
MAX_CLIENTS = 1 << 40
_WEEK = dt.timedelta(days=7)
#: The latest start year: a ten-year horizon plus ten years of aftercare stay within the calendar.
_LAST_START_YEAR = 9000
_PHQ9_MAX = 27
_GAD7_MAX = 21
_CADENCE_WEEKS = {Cadence.WEEKLY: 1, Cadence.BIWEEKLY: 2, Cadence.MONTHLY: 4}
_SESSION_CADENCE = {1: Cadence.WEEKLY, 2: Cadence.BIWEEKLY}
_SESSION_MINUTES = 50
_SAFETY_PLAN = example_safety_plan()
_AFTERCARE_TEMPLATE = example_aftercare_plan()
_PHASES = tuple(Phase)
_TREATMENT = frozenset({Phase.PLANNING, Phase.ACTIVE, Phase.REVIEW})
#: Per phase, the event classes that leave it unchanged, read from the machine's own table.
_STAYS: dict[Phase, frozenset[type]] = {
    phase: frozenset(
        EVENT_TYPES[row.event]
        for row in TRANSITIONS
        if row.source is phase and row.targets == (phase,)
    )
    for phase in Phase
}


def client_seed(seed: int, index: int) -> str:
    """
    The seed of client *index*'s random streams in a cohort simulated with *seed*.

    A string seeds `random.Random` through SHA-512, so it is the same on every platform and
    under every hash seed.

    Example:
        >>> client_seed(7, 3)
        'counselcore.simulation:7:3'
    """
    return f"counselcore.simulation:{seed}:{index}"


class _Profile:
    """Who one client is (drawn once, from the client's own profile stream)."""

    __slots__ = (
        "domain",
        "gad7",
        "good_alliance",
        "offset",
        "phq9",
        "readiness",
        "substance_use",
        "trauma_history",
    )

    def __init__(self, scenario: Scenario, rng: Random) -> None:
        population = scenario.population
        self.domain: ProblemDomain = rng.choices(
            [share.domain for share in population.problems],
            [share.weight for share in population.problems],
        )[0]
        self.readiness: ReadinessStage = rng.choices(
            [share.stage for share in population.readiness],
            [share.weight for share in population.readiness],
        )[0]
        trauma_draw = rng.random()
        self.trauma_history = (
            self.domain is ProblemDomain.TRAUMA or trauma_draw < population.trauma_history_rate
        )
        self.substance_use = rng.random() < population.substance_use_rate
        self.phq9 = _score(population.phq9_mean, population.phq9_spread, rng.random(), _PHQ9_MAX)
        self.gad7 = _score(population.gad7_mean, population.gad7_spread, rng.random(), _GAD7_MAX)
        self.good_alliance = rng.random() < scenario.effects.good_alliance_rate
        self.offset = rng.randrange(7)

    def key(self) -> tuple[object, ...]:
        return (self.domain, self.readiness, self.trauma_history, self.substance_use)


def _score(mean: float, spread: float, draw: float, top: int) -> int:
    return min(top, max(0, round(mean + (2.0 * draw - 1.0) * spread)))


def _formulation(
    profile: _Profile, client: ClientRef, on: dt.date, episode: int
) -> CaseFormulation:
    problems = [
        Problem(problem_id="p-1", description="simulated presenting problem", domain=profile.domain)
    ]
    if profile.substance_use:
        problems.append(
            Problem(
                problem_id="p-2",
                description="simulated substance use",
                domain=ProblemDomain.SUBSTANCE_USE,
            )
        )
    return CaseFormulation(
        formulation_id=f"f-{episode}",
        client=client,
        formulated_on=on,
        presenting_problems=tuple(problems),
        risk=RiskAssessment(
            screened_on=on,
            substance_use=RiskLevel.LOW if profile.substance_use else RiskLevel.NONE,
            trauma_history=profile.trauma_history,
            ptsd_symptoms=profile.domain is ProblemDomain.TRAUMA,
        ),
        readiness=profile.readiness,
        co_occurring=profile.substance_use,
    )


def _usable(modality: str, formulation: CaseFormulation) -> bool:
    found = check_prerequisites(
        BUILTIN_CATALOG.get(modality), formulation, StabilityStatus(stabilized=True)
    )
    return all(v.severity is not Severity.ERROR for v in found)


def _choose_modality(scenario: Scenario, formulation: CaseFormulation) -> tuple[str, bool]:
    """The plan's modality and whether it is the formulation's top match."""
    care = scenario.care
    if care.match_modality:
        ranked = recommend(formulation)
        for rank, recommendation in enumerate(ranked):
            if _usable(recommendation.modality, formulation):
                return recommendation.modality, rank == 0
    top = recommend(formulation)
    return care.default_modality, bool(top) and top[0].modality == care.default_modality


def _plan(
    scenario: Scenario,
    *,
    formulation: CaseFormulation,
    modality: str,
    baseline: int,
    on: dt.date,
    episode: int,
) -> TreatmentPlan:
    care = scenario.care
    technique = BUILTIN_CATALOG.get(modality).techniques[0].id
    if baseline > 0:
        metric = Metric(kind=MetricKind.INSTRUMENT_SCORE, instrument="phq-9")
        start, target, direction = baseline, baseline // 2, Direction.DECREASE
    else:  # nothing to reduce: the objective is attending the course
        metric = Metric(kind=MetricKind.COUNT, description="sessions attended")
        start, target, direction = 0, care.review_every_sessions, Direction.INCREASE
    return TreatmentPlan(
        plan_id=f"tp-{episode}",
        client=formulation.client,
        starts_on=on,
        formulation_id=formulation.formulation_id,
        problems=(formulation.presenting_problems[0],),
        goals=(
            Goal(
                goal_id="g-1",
                description="simulated goal",
                problem_ids=("p-1",),
                objectives=(
                    Objective(
                        objective_id="o-1",
                        description="simulated objective",
                        metric=metric,
                        baseline=start,
                        target=target,
                        direction=direction,
                        due_on=on + _WEEK * (care.max_sessions * care.session_every_weeks),
                        interventions=(Intervention(modality=modality, technique=technique),),
                    ),
                ),
            ),
        ),
        session_cadence=_SESSION_CADENCE.get(care.session_every_weeks, Cadence.MONTHLY),
        review=ReviewSchedule(every_sessions=care.review_every_sessions),
        consent_recorded_on=on,
    )


class _Client:
    """One client's simulation: its streams, latent state, the machine's state and the history."""

    def __init__(
        self,
        scenario: Scenario,
        *,
        policy: PhasePolicy,
        seed: int,
        index: int,
        start: dt.date,
        modality_cache: dict[tuple[object, ...], tuple[str, bool]],
    ) -> None:
        key = client_seed(seed, index)
        self.scenario = scenario
        self.policy = policy
        self.index = index
        self.client = ClientRef(f"sim-{index}")
        # Seeded streams for a reproducible simulation, not for secrets.
        self.profile = _Profile(scenario, Random(key + ":profile"))  # noqa: S311
        self.weeks = Random(key + ":weeks")  # noqa: S311
        self.day0 = start + dt.timedelta(days=self.profile.offset)
        self.cache = modality_cache
        self._state = CaseState.start(on=self.day0)
        self.phase = Phase.INTAKE
        self.pending: list[Event] = []
        self.pending_weeks: list[int] = []
        self.week = 0
        self.stays = _STAYS[Phase.INTAKE]
        self.moves = False  # whether a pending event may move the phase
        self.events: list[Event] = []
        self.event_weeks: list[int] = []
        # latent course
        self.responded = False
        self.episode_sessions = 0
        self.sessions = 0
        self.crises = 0
        self.episode = 0
        self.plan: TreatmentPlan | None = None
        self.modality = ""
        self.matched = False
        self.first_modality: tuple[str, bool] | None = None
        self.discharged = False
        self.lapse_pending = False
        self.booster_weeks: frozenset[int] = frozenset()
        self.maintenance_from = 0
        self.aftercare_until = 0
        self.phq9: int | None = None
        self.gad7: int | None = None
        # first-episode outcome
        self.first_scores: tuple[int, int] | None = None
        self.last_scores: tuple[int, int] = (self.profile.phq9, self.profile.gad7)
        self.treatment_sessions = 0
        self.first_episode_open = True
        self.dropout_week: int | None = None
        self.transferred = False
        self.ended_week: int | None = None
        self.relapse_week: int | None = None

    # -- measures ---------------------------------------------------------------------------

    def measure(self, on: dt.date, draws: tuple[float, float], *, flagged: bool = False) -> None:
        profile = self.profile
        effects = self.scenario.effects
        keep = 1.0 - effects.response_improvement if self.responded else 1.0
        noise = effects.measure_noise
        phq9 = _score(profile.phq9 * keep, noise, draws[0], _PHQ9_MAX)
        gad7 = _score(profile.gad7 * keep, noise, draws[1], _GAD7_MAX)
        if self.first_episode_open and self.episode <= 1:
            if self.first_scores is None:
                phq9, gad7 = profile.phq9, profile.gad7
                self.first_scores = (phq9, gad7)
            self.last_scores = (phq9, gad7)
        flags = frozenset({SUICIDAL_IDEATION_FLAG}) if flagged else frozenset()
        self.propose(MeasureRecorded(on=on, instrument="phq-9", total=phq9, risk_flags=flags))
        self.propose(MeasureRecorded(on=on, instrument="gad-7", total=gad7))
        self.phq9, self.gad7 = phq9, gad7

    # -- the week ---------------------------------------------------------------------------

    def propose(self, event: Event) -> None:
        self.pending.append(event)
        self.pending_weeks.append(self.week)
        if type(event) not in self.stays:
            self.moves = True

    @property
    def state(self) -> CaseState:
        """The machine's state after every event proposed so far (replaying what is pending)."""
        if self.pending:
            self.feed()
        return self._state

    def session(self, on: dt.date, kind: SessionKind, *, modality: str | None = None) -> None:
        self.sessions += 1
        session = Session(
            session_id=f"s-{self.sessions}",
            held_on=on,
            kind=kind,
            duration_minutes=_SESSION_MINUTES,
            modality=modality,
        )
        self.propose(SessionHeld(session=session))

    def run(self) -> ClientResult:
        scenario = self.scenario
        horizon = scenario.horizon_weeks
        random = self.weeks.random
        week_phases: list[Phase] = []
        week_phq9: list[int | None] = []
        week_gad7: list[int | None] = []
        for week in range(horizon):
            # A fixed number of draws every week: arms share each client's numbers.
            draws = (random(), random(), random())
            self.week = week
            self.step(week, self.day0 + _WEEK * week, draws)
            if self.moves:
                self.feed()
            # Otherwise the pending events cannot move the phase (the machine's own table says
            # so); they are replayed as soon as anything else about the state is read.
            phase = self.phase
            week_phases.append(phase)
            week_phq9.append(self.phq9)
            week_gad7.append(self.gad7)
            if phase is Phase.CLOSED and not self.discharged:
                # Closed for good (dropout or transfer): nothing more can happen to this
                # client, and the client's unused draws affect no one else.
                rest = horizon - week - 1
                week_phases.extend([phase] * rest)
                week_phq9.extend([self.phq9] * rest)
                week_gad7.extend([self.gad7] * rest)
                break
        if self.pending:
            self.feed()  # the last proposed events, if the phase never needed them
        counts = Counter(week_phases)
        phase_weeks = tuple(counts[phase] for phase in _PHASES)
        return ClientResult(
            client=self.client,
            summary=self.summary(phase_weeks),
            events=tuple(self.events),
            event_weeks=tuple(self.event_weeks),
            week_phases=tuple(week_phases),
            week_phq9=tuple(week_phq9),
            week_gad7=tuple(week_gad7),
        )

    def feed(self) -> None:
        """Replay the proposed events from the machine's last state; refuse loudly."""
        pending = self.pending
        result = replay(pending, self.policy, start=self._state)
        if not result.ok:
            errors = [hv.violation for hv in result.violations if hv.severity is Severity.ERROR]
            raise TransitionRefusedError(errors)
        self._state = result.state
        phase = result.state.phase
        if phase is not self.phase:
            self.phase = phase
            self.stays = _STAYS[phase]
        self.moves = False
        self.events.extend(pending)
        self.event_weeks.extend(self.pending_weeks)
        self.pending = []
        self.pending_weeks = []

    def step(self, week: int, on: dt.date, draws: tuple[float, float, float]) -> None:
        phase = self.phase
        hazards = self.scenario.hazards
        draw, scores = draws[0], (draws[1], draws[2])
        if phase is Phase.CLOSED:
            if self.discharged and draw < hazards.relapse:
                self.note_relapse(week)
                self.discharged = False
                self.propose(ReReferred(on=on))
            return
        if phase is Phase.CRISIS:
            self.propose(CrisisResolved(on=on, safety_plan=_SAFETY_PLAN, risk_screened_on=on))
            self.measure(on, scores)
            return
        if phase is Phase.INTAKE:
            self.intake(on, scores)
            return
        if phase in _TREATMENT:
            self.treat(week, on, draw, scores)
            return
        if phase is Phase.TERMINATION:
            self.start_aftercare(week, on)
            return
        self.maintain(week, on, draw, scores)

    def crisis(self, on: dt.date, scores: tuple[float, float]) -> None:
        self.crises += 1
        self.propose(CrisisBegan(on=on))
        self.session(on, SessionKind.CRISIS)
        self.measure(on, scores, flagged=True)

    def intake(self, on: dt.date, scores: tuple[float, float]) -> None:
        self.episode += 1
        if self.episode > 1:
            self.first_episode_open = False
        self.responded = False
        self.episode_sessions = 0
        formulation = _formulation(self.profile, self.client, on, self.episode)
        key = self.profile.key()
        chosen = self.cache.get(key)
        if chosen is None:
            chosen = self.cache[key] = _choose_modality(self.scenario, formulation)
        self.modality, self.matched = chosen
        if self.first_modality is None:
            self.first_modality = chosen
        self.session(on, SessionKind.INTAKE)
        self.measure(on, scores)
        self.propose(IntakeCompleted(on=on, formulation=formulation, stabilization_met=True))
        self.plan_formulation = formulation

    def treat(self, week: int, on: dt.date, draw: float, scores: tuple[float, float]) -> None:
        state = self.state
        scenario = self.scenario
        care, hazards, effects = scenario.care, scenario.hazards, scenario.effects
        if state.phase is Phase.PLANNING:
            baseline = self.phq9 if self.phq9 is not None else self.profile.phq9
            self.plan = _plan(
                scenario,
                formulation=self.plan_formulation,
                modality=self.modality,
                baseline=baseline,
                on=on,
                episode=self.episode,
            )
            self.plan_week = week
            self.propose(PlanAgreed(on=on, plan=self.plan))
            return
        dropout = hazards.dropout * (effects.alliance if self.profile.good_alliance else 1.0)
        response = hazards.response * (effects.modality_match if self.matched else 1.0)
        if draw < hazards.crisis:
            self.crisis(on, scores)
            return
        if draw < hazards.crisis + dropout:
            if self.first_episode_open and self.dropout_week is None:
                self.dropout_week = week
                self.first_episode_open = False
            self.propose(Disengaged(on=on, reason=DisengagementReason.LOST_TO_CONTACT))
            return
        if not self.responded and draw < hazards.crisis + dropout + response:
            self.responded = True
        if (week - self.plan_week) % care.session_every_weeks:
            return
        if state.phase is Phase.REVIEW:
            if state.goals_met:
                self.end_treatment(week, on)
                return
            if self.episode_sessions >= care.max_sessions:
                if self.first_episode_open:
                    self.transferred = True
                    self.first_episode_open = False
                self.propose(Disengaged(on=on, reason=DisengagementReason.TRANSFERRED))
                return
        elif state.sessions_since_review >= care.review_every_sessions:
            self.propose(ReviewHeld(on=on, goals_met=self.responded, stabilization_met=True))
            return
        self.episode_sessions += 1
        if self.first_episode_open:
            self.treatment_sessions += 1
        modality = self.modality if state.stabilization_met else None
        self.session(on, SessionKind.INDIVIDUAL, modality=modality)
        self.measure(on, scores)

    def end_treatment(self, week: int, on: dt.date) -> None:
        if self.ended_week is None:
            self.ended_week = week
        self.first_episode_open = False
        self.propose(TerminationPlanned(on=on, termination_plan_recorded=True))

    def start_aftercare(self, week: int, on: dt.date) -> None:
        care = self.scenario.care
        boosters = (
            BoosterSchedule(
                every_months=care.booster_every_months, horizon_months=care.aftercare_months
            )
            if care.boosters
            else None
        )
        plan = evolve(
            _AFTERCARE_TEMPLATE,
            plan_id=f"ac-{self.episode}",
            client=self.client,
            terminated_on=on,
            treatment_plan_id=None if self.plan is None else self.plan.plan_id,
            boosters=boosters,
            maintenance_cadence=care.maintenance_cadence,
            ends_on=None,
        )
        self.booster_weeks = frozenset(
            week + (day - on).days // 7
            for day in (() if boosters is None else booster_dates(boosters, terminated_on=on))
        )
        self.maintenance_from = week
        self.aftercare_until = week + round(care.aftercare_months * 52 / 12)
        self.propose(AftercareStarted(on=on, aftercare_plan=plan))

    def maintain(self, week: int, on: dt.date, draw: float, scores: tuple[float, float]) -> None:
        care, hazards, effects = self.scenario.care, self.scenario.hazards, self.scenario.effects
        relapse = hazards.relapse * (effects.booster if care.boosters else 1.0)
        if draw < hazards.crisis:
            self.crisis(on, scores)
            return
        if draw < hazards.crisis + relapse:
            self.note_relapse(week)
            self.responded = False
            self.episode_sessions = 0
            self.propose(RelapseReported(on=on))
            self.plan_week = week + 1
            return
        if draw < hazards.crisis + relapse + hazards.lapse:
            self.propose(LapseReported(on=on))
            self.lapse_pending = care.boosters
            return
        if week >= self.aftercare_until:
            self.discharged = True
            self.propose(Discharged(on=on))
            return
        if self.lapse_pending or week in self.booster_weeks:
            self.lapse_pending = False
            self.propose(BoosterHeld(on=on))
            self.measure(on, scores)
            return
        every = _CADENCE_WEEKS[care.maintenance_cadence]
        if (week - self.maintenance_from) % every == 0:
            self.session(on, SessionKind.MAINTENANCE)
            self.measure(on, scores)

    def note_relapse(self, week: int) -> None:
        if self.ended_week is not None and self.relapse_week is None:
            self.relapse_week = week

    # -- the summary ------------------------------------------------------------------------

    def summary(self, phase_weeks: tuple[int, ...]) -> ClientSummary:
        profile = self.profile
        modality, matched = self.first_modality or ("", False)
        first = self.first_scores or (profile.phq9, profile.gad7)
        last = self.last_scores
        finished = self.treatment_sessions >= 2  # noqa: PLR2004 - NHS Talking Therapies
        recovery: str | None = None
        improved: bool | None = None
        if finished:
            outcome = classify_talking_therapies(
                phq9_first=first[0], phq9_last=last[0], gad7_first=first[1], gad7_last=last[1]
            )
            recovery = outcome.recovery.value
            improved = outcome.reliable_improvement
        return ClientSummary(
            arm=self.scenario.name,
            client=self.client.value,
            index=self.index,
            horizon_weeks=self.scenario.horizon_weeks,
            domain=profile.domain.value,
            readiness=profile.readiness.value,
            trauma_history=profile.trauma_history,
            substance_use=profile.substance_use,
            good_alliance=profile.good_alliance,
            baseline_phq9=profile.phq9,
            baseline_gad7=profile.gad7,
            modality=modality,
            modality_matched=matched,
            episodes=self.episode,
            sessions=self.sessions,
            crises=self.crises,
            dropped_out=self.dropout_week is not None,
            dropout_week=self.dropout_week,
            transferred=self.transferred,
            ended_week=self.ended_week,
            relapse_week=self.relapse_week,
            final_phase=self.phase.value,
            finished_treatment=finished,
            first_phq9=first[0],
            last_phq9=last[0],
            first_gad7=first[1],
            last_gad7=last[1],
            recovery=recovery,
            reliable_improvement=improved,
            phase_weeks=phase_weeks,
        )


def _indices(clients: Any) -> range:
    if type(clients) is range:
        if clients.step != 1 or clients.start < 0 or clients.stop > MAX_CLIENTS:
            raise fail(("clients",), "structure.range", "must be a step-1 range of indices")
        return clients
    check_int(clients, ("clients",), minimum=0, maximum=MAX_CLIENTS)
    return range(clients)


def simulate(
    scenario: Scenario = DEFAULT_SCENARIO,
    *,
    clients: int | range,
    seed: int,
    start: dt.date,
) -> Iterator[ClientResult]:
    """
    Simulate a cohort under *scenario*, one client at a time, lazily.

    Client *i* draws only from streams seeded by ``client_seed(seed, i)``, so the same
    client comes out the same whichever *clients* range it is simulated in, in one process or
    many. Nothing holds more than one client: collect the results if you need them all.

    Args:
        scenario: Population, care model, hazards and effects.
        clients: How many clients (indices ``0 .. clients - 1``), or a range of indices
            (a chunk of a larger cohort).
        seed: The cohort's seed.
        start: The week-0 date; each client starts on one of the seven days from it.

    Returns:
        An iterator of `ClientResult`, in index order.

    Raises:
        counselcore.errors.InvalidValueError: If an argument has the wrong type or range.
        counselcore.errors.TransitionRefusedError: If the scenario's policy refuses an event
            the care model calls for (for example a policy stricter than the care model).

    Example:
        >>> import datetime as dt
        >>> results = list(simulate(clients=3, seed=7, start=dt.date(2024, 1, 1)))
        >>> [r.summary.index for r in results]
        [0, 1, 2]
        >>> again = list(simulate(clients=range(1, 3), seed=7, start=dt.date(2024, 1, 1)))
        >>> again == results[1:]
        True
    """
    check_instance(scenario, Scenario, ("scenario",))
    indices = _indices(clients)
    check_int(seed, ("seed",), minimum=-(1 << 63), maximum=(1 << 63) - 1)
    check_date(start, ("start",))
    if start.year > _LAST_START_YEAR:
        raise fail(("start",), "structure.range", f"must be in year {_LAST_START_YEAR} or earlier")
    return _run(scenario, indices, seed, start)


def _run(scenario: Scenario, indices: range, seed: int, start: dt.date) -> Iterator[ClientResult]:
    policy = scenario.policy()
    cache: dict[tuple[object, ...], tuple[str, bool]] = {}
    for index in indices:
        yield _Client(
            scenario, policy=policy, seed=seed, index=index, start=start, modality_cache=cache
        ).run()
