"""
`Scenario`: who is treated, how, and how often things happen to them, as one immutable value.

Every number of the default scenario is either cited (a clinical fact the library already
encodes) or marked *illustrative*: a plausible value chosen to exercise the engine, not a
finding. `docs/simulation.md` lists each default with its status; the table there is rendered
from `DEFAULT_SOURCES` below, so the two cannot drift apart.
"""

import math
import types
from collections.abc import Mapping
from typing import Any

from attrs import field, frozen

from counselcore._internal.checks import (
    check_bool,
    check_enum,
    check_identifier,
    check_instance,
    check_int,
    check_number,
    check_tuple,
    fail,
)
from counselcore.aftercare import AFTERCARE_RULES, AftercareContext, AftercarePlan
from counselcore.errors import UnknownModalityError
from counselcore.modalities import BUILTIN_CATALOG
from counselcore.model import Cadence, ProblemDomain, ReadinessStage
from counselcore.phases import PhasePolicy
from counselcore.rules import RuleSet
from counselcore.violations import Violation

__all__ = [
    "DEFAULT_SCENARIO",
    "DEFAULT_SOURCES",
    "CareModel",
    "Effects",
    "Hazards",
    "Population",
    "ProblemShare",
    "ReadinessShare",
    "Scenario",
    "without_boosters_hook",
]

#: The longest horizon a scenario may run, in weeks (ten years).
MAX_HORIZON_WEEKS = 520
#: Maintenance every two weeks to monthly: what `AftercareContext` accepts by default.
_MAINTENANCE_CADENCES = AftercareContext().maintenance_cadences
#: Structural ceiling for counts in a care model (sessions, weeks, months).
_MAX_COUNT = 1000


def _check_probability(value: object, path: tuple[str, ...]) -> None:
    check_number(value, path, minimum=0.0, maximum=1.0)


def _check_weights(shares: tuple[Any, ...], path: tuple[str, ...]) -> None:
    check_tuple(shares, path)
    if not shares:
        raise fail(path, "structure.non-empty", "needs at least one share")
    if math.fsum(getattr(share, "weight", 0.0) for share in shares) <= 0:
        raise fail(path, "structure.range", "weights must add up to more than zero")


@frozen(kw_only=True)
class ProblemShare:
    """
    One presenting-problem domain of the population and its relative weight.

    Example:
        >>> ProblemShare(domain=ProblemDomain.DEPRESSION, weight=0.5).weight
        0.5
    """

    domain: ProblemDomain
    weight: float

    def __attrs_post_init__(self) -> None:
        check_enum(self.domain, ProblemDomain, ("domain",))
        check_number(self.weight, ("weight",), minimum=0.0)


@frozen(kw_only=True)
class ReadinessShare:
    """
    One readiness-for-change stage of the population and its relative weight.

    Example:
        >>> ReadinessShare(stage=ReadinessStage.PREPARATION, weight=2).stage.value
        'preparation'
    """

    stage: ReadinessStage
    weight: float

    def __attrs_post_init__(self) -> None:
        check_enum(self.stage, ReadinessStage, ("stage",))
        check_number(self.weight, ("weight",), minimum=0.0)


_D = ProblemDomain
_R = ReadinessStage


@frozen(kw_only=True)
class Population:
    """
    Who is referred: presenting problems, baseline severity, readiness, trauma and substance use.

    Baseline PHQ-9 and GAD-7 totals are drawn uniformly within *spread* points of the mean and
    clamped to each instrument's range (0-27 and 0-21, Kroenke 2001; Spitzer 2006).

    Example:
        >>> Population().phq9_mean
        15.0
        >>> Population(trauma_history_rate=1.5)
        Traceback (most recent call last):
        ...
        counselcore.errors.InvalidValueError: 1 structural problem: trauma_history_rate: must be at most 1.0 ...
    """

    problems: tuple[ProblemShare, ...] = (
        ProblemShare(domain=_D.DEPRESSION, weight=0.5),
        ProblemShare(domain=_D.ANXIETY, weight=0.35),
        ProblemShare(domain=_D.TRAUMA, weight=0.15),
    )
    readiness: tuple[ReadinessShare, ...] = (
        ReadinessShare(stage=_R.CONTEMPLATION, weight=0.2),
        ReadinessShare(stage=_R.PREPARATION, weight=0.4),
        ReadinessShare(stage=_R.ACTION, weight=0.4),
    )
    phq9_mean: float = 15.0
    phq9_spread: float = 5.0
    gad7_mean: float = 13.0
    gad7_spread: float = 4.0
    trauma_history_rate: float = 0.3
    substance_use_rate: float = 0.15

    def __attrs_post_init__(self) -> None:
        _check_weights(self.problems, ("problems",))
        for index, problem in enumerate(self.problems):
            check_instance(problem, ProblemShare, ("problems", index))
        _check_weights(self.readiness, ("readiness",))
        for index, stage in enumerate(self.readiness):
            check_instance(stage, ReadinessShare, ("readiness", index))
        check_number(self.phq9_mean, ("phq9_mean",), minimum=0.0, maximum=27.0)
        check_number(self.phq9_spread, ("phq9_spread",), minimum=0.0, maximum=27.0)
        check_number(self.gad7_mean, ("gad7_mean",), minimum=0.0, maximum=21.0)
        check_number(self.gad7_spread, ("gad7_spread",), minimum=0.0, maximum=21.0)
        _check_probability(self.trauma_history_rate, ("trauma_history_rate",))
        _check_probability(self.substance_use_rate, ("substance_use_rate",))


@frozen(kw_only=True)
class CareModel:
    """
    How the service treats: cadence, reviews, modality choice, aftercare and maintenance.

    With *match_modality* the plan's modality is the catalog's best match for the client's
    formulation (`counselcore.modalities.recommend`) whose prerequisites hold; otherwise, and
    when nothing matches, *default_modality*. With *boosters* the aftercare plan schedules a
    booster every *booster_every_months* over *aftercare_months*; without, the scenario's
    policy drops the booster rules (see `Scenario.policy`).

    Example:
        >>> CareModel().review_every_sessions
        6
        >>> CareModel(default_modality="reiki")
        Traceback (most recent call last):
        ...
        counselcore.errors.InvalidValueError: 1 structural problem: default_modality: names a modality ...
    """

    session_every_weeks: int = 1
    review_every_sessions: int = 6
    max_sessions: int = 20
    match_modality: bool = True
    default_modality: str = "cbt"
    boosters: bool = True
    booster_every_months: int = 3
    aftercare_months: int = 12
    maintenance_cadence: Cadence = Cadence.MONTHLY

    def __attrs_post_init__(self) -> None:
        check_int(self.session_every_weeks, ("session_every_weeks",), minimum=1, maximum=52)
        check_int(
            self.review_every_sessions, ("review_every_sessions",), minimum=1, maximum=_MAX_COUNT
        )
        check_int(self.max_sessions, ("max_sessions",), minimum=1, maximum=_MAX_COUNT)
        check_bool(self.match_modality, ("match_modality",))
        check_identifier(self.default_modality, ("default_modality",))
        try:
            BUILTIN_CATALOG.get(self.default_modality)
        except UnknownModalityError:
            raise fail(
                ("default_modality",),
                "structure.reference-resolves",
                "names a modality that is not in the catalog",
            ) from None
        check_bool(self.boosters, ("boosters",))
        check_int(self.booster_every_months, ("booster_every_months",), minimum=1, maximum=24)
        check_int(self.aftercare_months, ("aftercare_months",), minimum=1, maximum=120)
        check_enum(self.maintenance_cadence, Cadence, ("maintenance_cadence",))
        if self.maintenance_cadence not in _MAINTENANCE_CADENCES:
            raise fail(
                ("maintenance_cadence",),
                "structure.range",
                "must be biweekly or monthly (the aftercare rules' maintenance cadences)",
            )


@frozen(kw_only=True)
class Hazards:
    """
    Weekly probabilities of what happens to a client; the engine draws one of them per week.

    *dropout*, *response* and *crisis* apply while in treatment; *lapse* and *relapse* after
    treatment ends (in maintenance and after discharge); *crisis* in every open phase.

    Example:
        >>> Hazards().response
        0.08
        >>> Hazards(dropout=-0.1)
        Traceback (most recent call last):
        ...
        counselcore.errors.InvalidValueError: 1 structural problem: dropout: must be at least 0.0 [structure.range]
    """

    dropout: float = 0.03
    response: float = 0.08
    crisis: float = 0.005
    lapse: float = 0.03
    relapse: float = 0.01

    def __attrs_post_init__(self) -> None:
        for name in ("dropout", "response", "crisis", "lapse", "relapse"):
            _check_probability(getattr(self, name), (name,))


@frozen(kw_only=True)
class Effects:
    """
    Effect sizes, as multipliers on weekly hazards, and how measures respond.

    *modality_match* multiplies the response hazard when the plan's modality is the top match
    for the formulation; *alliance* multiplies the dropout hazard for clients with a good
    alliance (a share *good_alliance_rate* of them); *booster* multiplies the relapse hazard
    while a booster schedule is in force. *response_improvement* is the share of baseline
    severity a responder loses; *measure_noise* the half-width, in points, of the week-to-week
    noise on each total.

    Example:
        >>> Effects().modality_match
        1.25
    """

    modality_match: float = 1.25
    alliance: float = 0.7
    good_alliance_rate: float = 0.7
    booster: float = 0.7
    response_improvement: float = 0.6
    measure_noise: float = 2.0

    def __attrs_post_init__(self) -> None:
        check_number(self.modality_match, ("modality_match",), minimum=0.0, maximum=10.0)
        check_number(self.alliance, ("alliance",), minimum=0.0, maximum=10.0)
        _check_probability(self.good_alliance_rate, ("good_alliance_rate",))
        check_number(self.booster, ("booster",), minimum=0.0, maximum=10.0)
        _check_probability(self.response_improvement, ("response_improvement",))
        check_number(self.measure_noise, ("measure_noise",), minimum=0.0, maximum=10.0)


def without_boosters_hook(
    plan: AftercarePlan, risk_flags: frozenset[str], /
) -> tuple[Violation, ...]:
    """
    An aftercare hook for care models without boosters: the aftercare rules minus ``booster-*``.

    A scenario whose care model has no boosters uses it (`Scenario.policy`); every other
    aftercare rule still applies.

    Example:
        >>> import datetime as dt
        >>> from counselcore.examples import example_aftercare_plan
        >>> from attrs import evolve
        >>> plan = evolve(example_aftercare_plan(), boosters=None)
        >>> without_boosters_hook(plan, frozenset())
        ()
    """
    return _NO_BOOSTER_RULES.evaluate(plan, AftercareContext(risk_flags=risk_flags)).violations


_NO_BOOSTER_RULES: RuleSet[AftercarePlan, AftercareContext] = AFTERCARE_RULES.without(
    *(rule.id for rule in AFTERCARE_RULES if rule.id.startswith("aftercare.booster-"))
)


def _check_hazard_total(hazards: Hazards, effects: Effects) -> None:
    # The hazards competing in one week, at their largest after the effects.
    in_treatment = (
        hazards.dropout * max(1.0, effects.alliance)
        + hazards.response * max(1.0, effects.modality_match)
        + hazards.crisis
    )
    after_treatment = hazards.lapse + hazards.relapse * max(1.0, effects.booster) + hazards.crisis
    if in_treatment > 1.0 or after_treatment > 1.0:
        raise fail(
            ("hazards",),
            "simulation.hazards-total",
            "weekly hazards competing in one week (after the effects) add up to more than 1",
        )


@frozen(kw_only=True)
class Scenario:
    """
    A whole simulation set-up: population, care model, weekly hazards, effects and horizon.

    Scenarios are values: compare, hash, pickle and serialize them
    (`counselcore.serialization.to_dict` / ``from_dict(Scenario, data)``). Two arms of a
    comparison are two scenarios.

    Example:
        >>> s = Scenario(name="no-boosters", care=CareModel(boosters=False))
        >>> s.horizon_weeks, s.care.boosters
        (104, False)
        >>> "aftercare.booster-schedule-set" in [r.id for r in AFTERCARE_RULES]
        True
        >>> s.policy().check_aftercare is without_boosters_hook
        True
        >>> Scenario(horizon_weeks=0)
        Traceback (most recent call last):
        ...
        counselcore.errors.InvalidValueError: 1 structural problem: horizon_weeks: must be at least 1 [structure.range]
    """

    name: str = "default"
    horizon_weeks: int = 104
    population: Population = field(factory=Population)
    care: CareModel = field(factory=CareModel)
    hazards: Hazards = field(factory=Hazards)
    effects: Effects = field(factory=Effects)

    def __attrs_post_init__(self) -> None:
        check_identifier(self.name, ("name",))
        check_int(self.horizon_weeks, ("horizon_weeks",), minimum=1, maximum=MAX_HORIZON_WEEKS)
        check_instance(self.population, Population, ("population",))
        check_instance(self.care, CareModel, ("care",))
        check_instance(self.hazards, Hazards, ("hazards",))
        check_instance(self.effects, Effects, ("effects",))
        _check_hazard_total(self.hazards, self.effects)

    def policy(self) -> PhasePolicy:
        """
        The phase policy this scenario's histories are checked under.

        The default policy, except that a care model without boosters uses
        `without_boosters_hook` for aftercare (the booster rules do not apply to it).

        Example:
            >>> from counselcore.phases import DEFAULT_POLICY
            >>> DEFAULT_SCENARIO.policy() == DEFAULT_POLICY
            True
        """
        if self.care.boosters:
            return _DEFAULT_POLICY
        return _NO_BOOSTER_POLICY


_DEFAULT_POLICY = PhasePolicy()
_NO_BOOSTER_POLICY = PhasePolicy(check_aftercare=without_boosters_hook)

#: The default scenario: every parameter at its documented default.
DEFAULT_SCENARIO = Scenario()

_ILLUSTRATIVE = "*illustrative*"

#: Where each default comes from: ``(parameter path, status and source)``, in field order.
DEFAULT_SOURCES: Mapping[str, str] = types.MappingProxyType(
    {
        "horizon_weeks": _ILLUSTRATIVE + ": two years, long enough to see relapse within 12 months",
        "population.problems": _ILLUSTRATIVE,
        "population.readiness": _ILLUSTRATIVE,
        "population.phq9_mean": _ILLUSTRATIVE + " (at caseness: PHQ-9 10 or above, NHS "
        "Talking Therapies; range 0-27, Kroenke 2001)",
        "population.phq9_spread": _ILLUSTRATIVE,
        "population.gad7_mean": _ILLUSTRATIVE + " (at caseness: GAD-7 8 or above, NHS "
        "Talking Therapies; range 0-21, Spitzer 2006)",
        "population.gad7_spread": _ILLUSTRATIVE,
        "population.trauma_history_rate": _ILLUSTRATIVE,
        "population.substance_use_rate": _ILLUSTRATIVE,
        "care.session_every_weeks": "weekly sessions in active treatment (standard practice; "
        "J. Beck 2020)",
        "care.review_every_sessions": _ILLUSTRATIVE,
        "care.max_sessions": _ILLUSTRATIVE,
        "care.match_modality": "the catalog's matching rules (counselcore.modalities.recommend)",
        "care.default_modality": _ILLUSTRATIVE,
        "care.boosters": "booster sessions after termination, as the aftercare rules expect "
        "(``aftercare.booster-schedule-set``)",
        "care.booster_every_months": "the aftercare rules' default maximum interval (3 months): "
        "an organizational choice, not a clinical fact",
        "care.aftercare_months": "inside the aftercare rules' 6-24 month booster horizon "
        "(not independently sourced; see the Aftercare page)",
        "care.maintenance_cadence": "one of the aftercare rules' maintenance cadences "
        "(every two weeks to monthly)",
        "hazards.dropout": _ILLUSTRATIVE,
        "hazards.response": _ILLUSTRATIVE,
        "hazards.crisis": _ILLUSTRATIVE,
        "hazards.lapse": _ILLUSTRATIVE,
        "hazards.relapse": _ILLUSTRATIVE,
        "effects.modality_match": _ILLUSTRATIVE,
        "effects.alliance": _ILLUSTRATIVE,
        "effects.good_alliance_rate": _ILLUSTRATIVE,
        "effects.booster": _ILLUSTRATIVE,
        "effects.response_improvement": _ILLUSTRATIVE,
        "effects.measure_noise": _ILLUSTRATIVE,
    }
)


def _default_paths() -> tuple[str, ...]:
    """Every leaf parameter path of a scenario except its name (for the drift test)."""
    paths: list[str] = []
    for attribute in Scenario.__attrs_attrs__:
        if attribute.name == "name":
            continue
        value = getattr(DEFAULT_SCENARIO, attribute.name)
        inner = getattr(type(value), "__attrs_attrs__", None)
        if inner is None:
            paths.append(attribute.name)
        else:
            paths.extend(f"{attribute.name}.{a.name}" for a in inner)
    return tuple(paths)


def default_rows() -> tuple[tuple[str, str, str], ...]:
    """``(parameter, default value, source)`` rows for the docs table, in field order."""
    rows = []
    for path in _default_paths():
        value: Any = DEFAULT_SCENARIO
        for part in path.split("."):
            value = getattr(value, part)
        rows.append((path, _show(value), DEFAULT_SOURCES[path]))
    return tuple(rows)


def defaults_table() -> str:
    """The docs' table of defaults (Markdown), rendered from `default_rows`."""
    lines = ["| Parameter | Default | Source |", "|---|---|---|"]
    lines.extend(f"| `{path}` | {value} | {source} |" for path, value, source in default_rows())
    return "\n".join(lines) + "\n"


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return ", ".join(_show(item) for item in value)
    if isinstance(value, ProblemShare):
        return f"{value.domain.value} {value.weight:g}"
    if isinstance(value, ReadinessShare):
        return f"{value.stage.value} {value.weight:g}"
    if isinstance(value, Cadence):
        return value.value
    if isinstance(value, float) and math.isfinite(value):
        return f"{value:g}"
    return str(value)
