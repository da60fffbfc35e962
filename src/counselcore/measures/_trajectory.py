"""
Trajectories: the time-ordered administrations of one instrument, and what they say.

Pure functions over them feed review, termination readiness and crisis checks.
"""

from collections.abc import Iterable

from attrs import frozen

from counselcore._internal.checks import (
    check_bool,
    check_identifier,
    check_instance,
    check_instances,
    check_int,
    check_number,
    fail,
)
from counselcore.measures._administer import Administration, as_administrations
from counselcore.measures._change import RciParameters, ReliableChange, classify_change
from counselcore.measures._instrument import Instrument, PointsThreshold
from counselcore.model import Direction, MetricKind, Objective

__all__ = [
    "ObjectiveProgress",
    "Trajectory",
    "is_reliably_deteriorated",
    "is_reliably_improved",
    "latest_risk_flags",
    "objective_progress",
    "trajectories",
    "trajectory",
]


@frozen(kw_only=True)
class Trajectory:
    """
    The administrations of one instrument in date order (ties keep their given order).

    Example:
        >>> import datetime as dt
        >>> from counselcore.measures import GAD_7, administer
        >>> t = trajectory(
        ...     [administer(GAD_7, (2,) * 7, on=dt.date(2024, 1, 8)),
        ...      administer(GAD_7, (1,) * 7, on=dt.date(2024, 2, 5))],
        ...     "gad-7",
        ... )
        >>> t.baseline.total, t.latest.total, t.change_from_baseline
        (14, 7, -7)
    """

    instrument_id: str
    administrations: tuple[Administration, ...]

    def __attrs_post_init__(self) -> None:
        check_identifier(self.instrument_id, ("instrument_id",))
        check_instances(self.administrations, Administration, ("administrations",))
        if not self.administrations:
            raise fail(("administrations",), "structure.non-empty", "must hold an administration")
        previous = None
        for index, item in enumerate(self.administrations):
            if item.instrument_id != self.instrument_id:
                raise fail(
                    ("administrations", index, "instrument_id"),
                    "structure.reference-resolves",
                    "must be the trajectory's instrument",
                )
            if previous is not None and item.administered_on < previous:
                raise fail(
                    ("administrations", index, "administered_on"),
                    "structure.date-order",
                    "must not be before the previous administration",
                )
            previous = item.administered_on

    @property
    def baseline(self) -> Administration:
        """The first administration."""
        return self.administrations[0]

    @property
    def latest(self) -> Administration:
        """The most recent administration."""
        return self.administrations[-1]

    @property
    def totals(self) -> tuple[int, ...]:
        """The totals in date order."""
        return tuple(a.total for a in self.administrations)

    @property
    def change_from_baseline(self) -> int:
        """Latest total minus baseline total (negative means the score fell)."""
        return self.latest.total - self.baseline.total

    def reliable_change(
        self, criterion: RciParameters | PointsThreshold, *, higher_is_worse: bool = True
    ) -> ReliableChange:
        """
        Classify baseline -> latest with *criterion* (an RCI or a published points threshold).

        Example:
            >>> import datetime as dt
            >>> from counselcore.measures import PHQ_9, administer
            >>> t = trajectory(
            ...     [administer(PHQ_9, (2,) * 9, on=dt.date(2024, 1, 8)),
            ...      administer(PHQ_9, (1,) * 9, on=dt.date(2024, 2, 5))],
            ...     "phq-9",
            ... )
            >>> t.reliable_change(PHQ_9.reliable_change).value
            'reliable-improvement'
        """
        return classify_change(
            self.baseline.total, self.latest.total, criterion, higher_is_worse=higher_is_worse
        )


def trajectory(administrations: Iterable[Administration], instrument_id: str) -> Trajectory:
    """
    Build the trajectory of *instrument_id* from *administrations* (others are ignored).

    Raises:
        counselcore.errors.InvalidValueError: If none of *administrations* is of that instrument.

    Example:
        >>> trajectory([], "phq-9")
        Traceback (most recent call last):
        ...
        counselcore.errors.InvalidValueError: 1 structural problem: administrations: must hold an
        administration [structure.non-empty]
    """
    given = as_administrations(administrations, ("administrations",))
    check_identifier(instrument_id, ("instrument_id",))
    chosen = [a for a in given if a.instrument_id == instrument_id]
    chosen.sort(key=lambda a: a.administered_on)
    return Trajectory(instrument_id=instrument_id, administrations=tuple(chosen))


def trajectories(administrations: Iterable[Administration]) -> tuple[Trajectory, ...]:
    """
    Group *administrations* into one trajectory per instrument, ordered by instrument id.

    Example:
        >>> trajectories([])
        ()
    """
    given = as_administrations(administrations, ("administrations",))
    ids = sorted({a.instrument_id for a in given})
    return tuple(trajectory(given, instrument_id) for instrument_id in ids)


def latest_risk_flags(administrations: Iterable[Administration]) -> tuple[str, ...]:
    """
    Return the risk flags raised by the latest administration of each instrument, sorted.

    An older flag that a later administration of the same instrument no longer raises is not
    returned: the latest form is the current picture. Use it for the crisis check.

    Example:
        >>> import datetime as dt
        >>> from counselcore.measures import PHQ_9, administer
        >>> first = administer(PHQ_9, (1, 1, 1, 1, 1, 1, 1, 1, 1), on=dt.date(2024, 1, 8))
        >>> later = administer(PHQ_9, (1, 1, 1, 1, 1, 1, 1, 1, 0), on=dt.date(2024, 1, 15))
        >>> latest_risk_flags([first]), latest_risk_flags([first, later])
        (('risk.suicidal_ideation',), ())
    """
    flags: set[str] = set()
    for line in trajectories(as_administrations(administrations, ("administrations",))):
        flags.update(line.latest.risk_flags)
    return tuple(sorted(flags))


def require_line_of(line: Trajectory, instrument: Instrument) -> None:
    """
    Refuse *line* unless it is *instrument*'s trajectory and every total is in its range.

    Raises:
        counselcore.errors.InvalidValueError: ``structure.reference-resolves`` at
            ``line.instrument_id`` for another instrument; ``structure.range`` at
            ``line.administrations[i].total`` for an impossible total (an administration
            built by hand, not by `administer`).
    """
    check_instance(line, Trajectory, ("line",))
    check_instance(instrument, Instrument, ("instrument",))
    if line.instrument_id != instrument.id:
        raise fail(
            ("line", "instrument_id"),
            "structure.reference-resolves",
            "must be the id of the instrument passed with it",
        )
    low, high = instrument.total_range
    for index, administration in enumerate(line.administrations):
        if not low <= administration.total <= high:
            raise fail(
                ("line", "administrations", index, "total"),
                "structure.range",
                f"must be a {instrument.id} total, {low}-{high}",
            )


def _baseline_to_latest(
    line: Trajectory,
    instrument: Instrument,
    criterion: RciParameters | PointsThreshold | None,
) -> ReliableChange:
    """Classify *line* from baseline to latest with *criterion*, or the instrument's own."""
    require_line_of(line, instrument)
    chosen = instrument.reliable_change if criterion is None else criterion
    if chosen is None:
        raise fail(
            ("criterion",),
            "structure.required",
            "is required: the instrument has no published reliable-change threshold",
        )
    return line.reliable_change(chosen, higher_is_worse=instrument.higher_is_worse)


def is_reliably_improved(
    line: Trajectory,
    instrument: Instrument,
    *,
    criterion: RciParameters | PointsThreshold | None = None,
) -> bool:
    """
    Whether baseline -> latest is a reliable improvement on *instrument*.

    *criterion* defaults to the instrument's published threshold (PHQ-9 6, GAD-7 4 points).

    Raises:
        counselcore.errors.InvalidValueError: If no criterion is given and the instrument
            publishes none (rule ``structure.required``).

    Example:
        >>> import datetime as dt
        >>> from counselcore.measures import GAD_7, administer
        >>> line = trajectory([administer(GAD_7, (2,) * 7, on=dt.date(2024, 1, 8)),
        ...                    administer(GAD_7, (2, 2, 2, 1, 1, 1, 1), on=dt.date(2024, 2, 5))],
        ...                   "gad-7")
        >>> is_reliably_improved(line, GAD_7), is_reliably_deteriorated(line, GAD_7)
        (True, False)
    """
    return _baseline_to_latest(line, instrument, criterion) is ReliableChange.IMPROVEMENT


def is_reliably_deteriorated(
    line: Trajectory,
    instrument: Instrument,
    *,
    criterion: RciParameters | PointsThreshold | None = None,
) -> bool:
    """
    Whether baseline -> latest is a reliable deterioration on *instrument*.

    Example:
        >>> import datetime as dt
        >>> from counselcore.measures import PHQ_9, administer
        >>> line = trajectory([administer(PHQ_9, (0,) * 9, on=dt.date(2024, 1, 8)),
        ...                    administer(PHQ_9, (1, 1, 1, 1, 1, 1, 0, 0, 0), on=dt.date(2024, 2, 5))],
        ...                   "phq-9")
        >>> is_reliably_deteriorated(line, PHQ_9)
        True
    """
    return _baseline_to_latest(line, instrument, criterion) is ReliableChange.DETERIORATION


@frozen(kw_only=True)
class ObjectiveProgress:
    """
    How far an instrument-score objective has moved from its baseline toward its target.

    *fraction* is ``(baseline - latest) / (baseline - target)``: 0 at the baseline, 1 at the
    target, above 1 beyond it, negative when the score moved away. It is None when baseline
    and target are equal. *met* compares *latest* with the target in the objective's direction
    (reaching the target exactly counts).

    Example:
        >>> ObjectiveProgress(objective_id="o1", baseline=18, target=9, latest=12,
        ...                   fraction=2 / 3, met=False).met
        False
    """

    objective_id: str
    baseline: float
    target: float
    latest: int
    fraction: float | None
    met: bool

    def __attrs_post_init__(self) -> None:
        check_identifier(self.objective_id, ("objective_id",))
        check_number(self.baseline, ("baseline",))
        check_number(self.target, ("target",))
        check_int(self.latest, ("latest",), minimum=0)
        if self.fraction is not None:
            check_number(self.fraction, ("fraction",))
        check_bool(self.met, ("met",))


def objective_progress(objective: Objective, line: Trajectory) -> ObjectiveProgress:
    """
    Measure *objective*'s progress on *line*, the trajectory of its instrument.

    The baseline is the objective's own when recorded, else the trajectory's first total.

    Raises:
        counselcore.errors.InvalidValueError: If the objective's metric is not an instrument
            score (``structure.forbidden``), names another instrument
            (``structure.reference-resolves``) or has no target (``structure.required``).

    Example:
        >>> import datetime as dt
        >>> from counselcore.measures import PHQ_9, administer
        >>> from counselcore.model import Metric, MetricKind, Objective
        >>> goal = Objective(objective_id="o1", description="PHQ-9 below 10",
        ...                  metric=Metric(kind=MetricKind.INSTRUMENT_SCORE, instrument="phq-9"),
        ...                  baseline=18, target=9)
        >>> line = trajectory([administer(PHQ_9, (2,) * 9, on=dt.date(2024, 1, 8)),
        ...                    administer(PHQ_9, (2, 2, 2, 1, 1, 1, 1, 1, 1), on=dt.date(2024, 3, 4))],
        ...                   "phq-9")
        >>> p = objective_progress(goal, line)
        >>> p.latest, round(p.fraction, 3), p.met
        (12, 0.667, False)
    """
    check_instance(objective, Objective, ("objective",))
    check_instance(line, Trajectory, ("line",))
    metric = objective.metric
    if metric is None or metric.kind is not MetricKind.INSTRUMENT_SCORE:
        raise fail(("metric", "kind"), "structure.forbidden", "must be an instrument score")
    if metric.instrument != line.instrument_id:
        raise fail(
            ("metric", "instrument"),
            "structure.reference-resolves",
            "must name the trajectory's instrument",
        )
    if objective.target is None:
        raise fail(("target",), "structure.required", "is required to measure progress")
    baseline = float(line.baseline.total) if objective.baseline is None else objective.baseline
    target = objective.target
    latest = line.latest.total
    span = baseline - target
    fraction = None if span == 0 else (baseline - latest) / span
    met = latest <= target if objective.direction is Direction.DECREASE else latest >= target
    return ObjectiveProgress(
        objective_id=objective.objective_id,
        baseline=baseline,
        target=target,
        latest=latest,
        fraction=fraction,
        met=met,
    )
