"""
Pure summaries of simulated client records, and a comparison of two arms with a bootstrap interval.

Every function takes client records (`ClientSummary.to_record` dicts, or the rows of a
DataFrame built from them, as ``df.to_dict("records")``) and returns plain values. The outcome
definitions are the library's own: NHS Talking Therapies recovery and reliable improvement
come from `counselcore.measures.classify_talking_therapies` in the engine; relapse within 12
months counts a relapse within 52 weeks of the end of treatment.
"""

import math
import types
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from random import Random
from typing import Any

from attrs import field, frozen

from counselcore._internal.checks import check_int, check_number, fail
from counselcore.errors import InvalidValueError
from counselcore.phases import Phase

__all__ = [
    "METRICS",
    "ArmComparison",
    "CohortSummary",
    "Metric",
    "SurvivalRow",
    "compare_arms",
    "dropout_rate",
    "recovery_rate",
    "relapse_survival",
    "relapse_within_12_months",
    "reliable_improvement_rate",
    "summarize",
    "weeks_in_phase",
]

Record = Mapping[str, Any]
#: Weeks in 12 months, for relapse within 12 months of ending.
_YEAR_WEEKS = 52


class _Rows:
    """
    Iterate client records, checking each is a mapping; turn a bad record into our error.

    Use as ``for record in rows:`` inside ``try: ... except (KeyError, TypeError) as error:
    raise rows.refuse(error) from None``.
    """

    def __init__(self, records: object, name: str = "records") -> None:
        if isinstance(records, (str, bytes, Mapping)) or not isinstance(records, Iterable):
            raise fail((name,), "structure.type", "must be an iterable of client records")
        self.records: Iterable[object] = records
        self.name = name
        self.index = -1

    def __iter__(self) -> Iterator[Record]:
        for index, record in enumerate(self.records):
            self.index = index
            if not isinstance(record, Mapping):
                raise fail((self.name, index), "structure.type", "must be a client record")
            yield record

    def refuse(self, error: KeyError | TypeError) -> InvalidValueError:
        """The error for the current record: a missing key, or a value of the wrong type."""
        if isinstance(error, KeyError) and type(error.args[0]) is str:
            return fail((self.name, self.index, error.args[0]), "structure.required", "is required")
        return fail((self.name, self.index), "structure.type", "holds a value of the wrong type")


def _rate(hits: int, total: int) -> float | None:
    return None if total == 0 else hits / total


@frozen(kw_only=True)
class Metric:
    """
    A rate over client records: the share of the records *counted* in which *hit* holds.

    Both are plain functions of one client record, so a rate is computed in one streaming
    pass (`summarize`) and a bootstrap resamples per-client flags, not records.

    Example:
        >>> METRICS["dropout_rate"].rate([{"dropped_out": True}, {"dropped_out": False}])
        0.5
    """

    name: str
    description: str
    counted: Callable[[Record], bool] = field(repr=False)
    hit: Callable[[Record], bool] = field(repr=False)

    def flags(self, record: Record) -> tuple[bool, bool]:
        """
        Whether *record* is counted and whether it is a hit (only counted records are).

        Raises:
            counselcore.errors.InvalidValueError: If *record* is not a mapping, lacks a key
                the metric reads, or holds a value of the wrong type.

        Example:
            >>> METRICS["recovery_rate"].flags({"recovery": "not-at-caseness"})
            (False, False)
        """
        if not isinstance(record, Mapping):
            raise fail(("record",), "structure.type", "must be a client record")
        try:
            return self._flags(record)
        except KeyError as error:
            if type(error.args[0]) is str:
                raise fail(("record", error.args[0]), "structure.required", "is required") from None
            raise fail(("record",), "structure.type", "holds a value of the wrong type") from None
        except TypeError:
            raise fail(("record",), "structure.type", "holds a value of the wrong type") from None

    def _flags(self, record: Record) -> tuple[bool, bool]:
        counted = self.counted(record)
        return counted, counted and self.hit(record)

    def rate(self, records: Iterable[Record]) -> float | None:
        """
        The rate over *records*; None when no record is counted.

        Example:
            >>> METRICS["recovery_rate"].rate([])
        """
        hits = total = 0
        rows = _Rows(records)
        try:
            for record in rows:
                counted, hit = self._flags(record)
                total += counted
                hits += hit
        except (KeyError, TypeError) as error:
            raise rows.refuse(error) from None
        return _rate(hits, total)


def _always(_record: Record) -> bool:
    return True


def _dropped_out(record: Record) -> bool:
    return bool(record["dropped_out"])


def _recovery_applies(record: Record) -> bool:
    return record["recovery"] in ("recovered", "not-recovered")


def _recovered(record: Record) -> bool:
    return bool(record["recovery"] == "recovered")


def _finished(record: Record) -> bool:
    return record["reliable_improvement"] is not None


def _improved(record: Record) -> bool:
    return bool(record["reliable_improvement"])


def _relapsed_within_year(record: Record) -> bool:
    ended, relapse = record["ended_week"], record["relapse_week"]
    return ended is not None and relapse is not None and relapse - ended <= _YEAR_WEEKS


def _year_known(record: Record) -> bool:
    ended = record["ended_week"]
    if ended is None:
        return False
    return _relapsed_within_year(record) or record["horizon_weeks"] - ended >= _YEAR_WEEKS


#: The comparable rates, by name, in the order tables show them.
METRICS: Mapping[str, Metric] = types.MappingProxyType(
    {
        metric.name: metric
        for metric in (
            Metric(
                name="dropout_rate",
                description="lost to contact during the first episode, among all clients",
                counted=_always,
                hit=_dropped_out,
            ),
            Metric(
                name="recovery_rate",
                description="NHS Talking Therapies recovery, among those who finished "
                "treatment at caseness",
                counted=_recovery_applies,
                hit=_recovered,
            ),
            Metric(
                name="reliable_improvement_rate",
                description="NHS Talking Therapies reliable improvement, among those who "
                "finished treatment",
                counted=_finished,
                hit=_improved,
            ),
            Metric(
                name="relapse_within_12_months",
                description="relapse within 52 weeks of ending treatment, among those whose "
                "first year after ending is known",
                counted=_year_known,
                hit=_relapsed_within_year,
            ),
        )
    }
)


def dropout_rate(records: Iterable[Record]) -> float | None:
    """
    The share of clients lost to contact during their first episode (None for no clients).

    Example:
        >>> dropout_rate([{"dropped_out": True}, {"dropped_out": False}])
        0.5
    """
    return METRICS["dropout_rate"].rate(records)


def recovery_rate(records: Iterable[Record]) -> float | None:
    """
    NHS Talking Therapies recovery: recovered among those who finished treatment at caseness.

    Clients who did not finish treatment, or were not at caseness at the start, are outside
    the denominator (None when it is empty).

    Example:
        >>> recovery_rate([{"recovery": "recovered"}, {"recovery": "not-recovered"}, {"recovery": None}])
        0.5
    """
    return METRICS["recovery_rate"].rate(records)


def reliable_improvement_rate(records: Iterable[Record]) -> float | None:
    """
    NHS Talking Therapies reliable improvement among those who finished treatment.

    Example:
        >>> reliable_improvement_rate([{"reliable_improvement": True}, {"reliable_improvement": None}])
        1.0
    """
    return METRICS["reliable_improvement_rate"].rate(records)


def relapse_within_12_months(records: Iterable[Record]) -> float | None:
    """
    The share relapsing within 52 weeks of ending treatment, among those whose outcome is known.

    Known means: relapsed within 52 weeks, or followed for at least 52 weeks after ending
    without relapse. Clients who never ended treatment as planned are outside it.

    Example:
        >>> rows = [
        ...     {"ended_week": 10, "relapse_week": 30, "horizon_weeks": 104},
        ...     {"ended_week": 10, "relapse_week": None, "horizon_weeks": 104},
        ...     {"ended_week": 90, "relapse_week": None, "horizon_weeks": 104},
        ... ]
        >>> relapse_within_12_months(rows)
        0.5
    """
    return METRICS["relapse_within_12_months"].rate(records)


class _PhaseWeeks:
    """Running totals of the weeks in each phase (one pass, constant memory)."""

    def __init__(self) -> None:
        self.keys = tuple((phase.value, f"weeks_{phase.value}") for phase in Phase)
        self.sums = [0] * len(self.keys)
        self.clients = 0

    def add(self, record: Record) -> None:
        self.clients += 1
        sums = self.sums
        for position, (_, key) in enumerate(self.keys):
            sums[position] += record[key]

    def means(self) -> tuple[tuple[str, float], ...]:
        count = self.clients
        return tuple(
            (name, total / count if count else 0.0)
            for (name, _), total in zip(self.keys, self.sums, strict=True)
        )


def weeks_in_phase(records: Iterable[Record]) -> tuple[tuple[str, float], ...]:
    """
    Mean weeks per client ended in each phase, in `counselcore.phases.Phase` order.

    Example:
        >>> rows = [{f"weeks_{p.value}": 1 for p in Phase}, {f"weeks_{p.value}": 3 for p in Phase}]
        >>> weeks_in_phase(rows)[0]
        ('intake', 2.0)
    """
    totals = _PhaseWeeks()
    rows = _Rows(records)
    try:
        for record in rows:
            totals.add(record)
    except (KeyError, TypeError) as error:
        raise rows.refuse(error) from None
    return totals.means()


@frozen(kw_only=True)
class SurvivalRow:
    """
    One step of a Kaplan-Meier table: at *week* after ending, *relapses* of *at_risk* clients.

    Example:
        >>> SurvivalRow(week=4, at_risk=10, relapses=1, censored=0, survival=0.9).survival
        0.9
    """

    week: int
    at_risk: int
    relapses: int
    censored: int
    survival: float


def relapse_survival(records: Iterable[Record]) -> tuple[SurvivalRow, ...]:
    """
    Kaplan-Meier estimate of staying relapse-free after treatment ends, week by week.

    Time runs from the week treatment ended to the first relapse; clients without a relapse
    are censored at the end of the horizon. One row per week with a relapse or a censoring.

    Example:
        >>> rows = [
        ...     {"ended_week": 0, "relapse_week": 2, "horizon_weeks": 10},
        ...     {"ended_week": 0, "relapse_week": None, "horizon_weeks": 10},
        ... ]
        >>> [(r.week, r.at_risk, r.relapses, r.survival) for r in relapse_survival(rows)]
        [(2, 2, 1, 0.5), (10, 1, 0, 0.5)]
    """
    times: dict[int, list[int]] = {}
    reader = _Rows(records)
    try:
        for r in reader:
            ended = r["ended_week"]
            if ended is None:
                continue
            relapse = r["relapse_week"]
            if relapse is None:
                times.setdefault(r["horizon_weeks"] - ended, [0, 0])[1] += 1
            else:
                times.setdefault(relapse - ended, [0, 0])[0] += 1
    except (KeyError, TypeError) as error:
        raise reader.refuse(error) from None
    at_risk = sum(events + censored for events, censored in times.values())
    survival = 1.0
    rows = []
    for week in sorted(times):
        relapses, censored = times[week]
        if relapses:
            survival *= 1.0 - relapses / at_risk
        rows.append(
            SurvivalRow(
                week=week, at_risk=at_risk, relapses=relapses, censored=censored, survival=survival
            )
        )
        at_risk -= relapses + censored
    return tuple(rows)


@frozen(kw_only=True)
class CohortSummary:
    """
    The headline numbers of a simulated cohort: one value per `METRICS` entry, and phase weeks.

    Example:
        >>> import datetime as dt
        >>> from counselcore.simulation import simulate
        >>> records = [r.client_record() for r in simulate(clients=50, seed=3, start=dt.date(2024, 1, 1))]
        >>> s = summarize(records)
        >>> s.clients, 0 <= s.dropout_rate <= 1
        (50, True)
        >>> s.rows()[0]
        ('clients', '50')
    """

    clients: int
    dropout_rate: float | None
    recovery_rate: float | None
    reliable_improvement_rate: float | None
    relapse_within_12_months: float | None
    weeks_in_phase: tuple[tuple[str, float], ...]

    def rows(self) -> tuple[tuple[str, str], ...]:
        """
        ``(measure, value)`` text rows for a table: counts, rates as percentages, mean weeks.

        Example:
            >>> CohortSummary(
            ...     clients=0, dropout_rate=None, recovery_rate=None, reliable_improvement_rate=None,
            ...     relapse_within_12_months=None, weeks_in_phase=(),
            ... ).rows()[1]
            ('dropout_rate', 'n/a')
        """
        rows = [("clients", str(self.clients))]
        for name in METRICS:
            value = getattr(self, name)
            rows.append((name, "n/a" if value is None else f"{100 * value:.1f}%"))
        rows.extend((f"mean weeks {phase}", f"{weeks:.1f}") for phase, weeks in self.weeks_in_phase)
        return tuple(rows)


def summarize(records: Iterable[Record]) -> CohortSummary:
    """
    Summarize client records in one streaming pass: every `METRICS` rate and the phase weeks.

    Memory does not grow with the number of records.

    Example:
        >>> summarize([]).clients
        0
    """
    metrics = tuple(METRICS.values())
    hits = [0] * len(metrics)
    totals = [0] * len(metrics)
    weeks = _PhaseWeeks()
    rows = _Rows(records)
    try:
        for record in rows:
            weeks.add(record)
            for position, metric in enumerate(metrics):
                counted, hit = metric.flags(record)
                totals[position] += counted
                hits[position] += hit
    except (KeyError, TypeError) as error:
        raise rows.refuse(error) from None
    rates = {
        metric.name: _rate(hits[position], totals[position])
        for position, metric in enumerate(metrics)
    }
    return CohortSummary(clients=weeks.clients, weeks_in_phase=weeks.means(), **rates)


@frozen(kw_only=True)
class ArmComparison:
    """
    Arm *b* minus arm *a* on one metric, with a percentile bootstrap interval.

    *paired* says whether clients were resampled in pairs (same index in both arms: common
    random numbers make the pairs comparable, and the interval narrower).

    Example:
        >>> ArmComparison(
        ...     metric="dropout_rate", a=0.2, b=0.1, difference=-0.1, low=-0.15, high=-0.05,
        ...     confidence=0.95, resamples=1000, paired=True,
        ... ).difference
        -0.1
    """

    metric: str
    a: float | None
    b: float | None
    difference: float | None
    low: float | None
    high: float | None
    confidence: float
    resamples: int
    paired: bool


def _flagged(
    rate: Metric, records: object, name: str
) -> tuple[list[Record], list[tuple[bool, bool]]]:
    rows = _Rows(records, name)
    found: list[Record] = []
    flags: list[tuple[bool, bool]] = []
    try:
        for record in rows:
            found.append(record)
            flags.append(rate.flags(record))
    except (KeyError, TypeError) as error:
        raise rows.refuse(error) from None
    return found, flags


def _flag_rate(flags: Sequence[tuple[bool, bool]]) -> float | None:
    return _rate(sum(hit for _, hit in flags), sum(counted for counted, _ in flags))


def _quantile(ordered: Sequence[float], q: float) -> float:
    position = q * (len(ordered) - 1)
    lower = math.floor(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def compare_arms(
    a: Iterable[Record],
    b: Iterable[Record],
    *,
    metric: str = "recovery_rate",
    resamples: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
) -> ArmComparison:
    """
    Compare two arms on *metric*: the difference b - a and a percentile bootstrap interval.

    When both arms hold the same client indices (the same cohort under two care models) the
    bootstrap resamples clients in pairs; otherwise each arm is resampled on its own.
    Resamples where the metric is undefined in either arm are left out.

    Args:
        a: Client records of the reference arm.
        b: Client records of the other arm.
        metric: A `METRICS` name.
        resamples: Bootstrap resamples (1-100,000).
        seed: Seed of the bootstrap's own `random.Random`.
        confidence: Interval coverage, between 0 and 1.

    Raises:
        counselcore.errors.InvalidValueError: If *metric* is unknown or a number is out of range.

    Example:
        >>> a = [{"dropped_out": i % 4 == 0, "index": i} for i in range(40)]
        >>> b = [{"dropped_out": i % 8 == 0, "index": i} for i in range(40)]
        >>> c = compare_arms(a, b, metric="dropout_rate", resamples=200)
        >>> c.a, c.b, c.difference, c.paired
        (0.25, 0.125, -0.125, True)
        >>> c.low < c.difference < c.high
        True
    """
    if type(metric) is not str or metric not in METRICS:
        raise fail(("metric",), "structure.reference-resolves", "is not a known metric")
    check_int(resamples, ("resamples",), minimum=1, maximum=100_000)
    check_int(seed, ("seed",), minimum=-(1 << 63), maximum=(1 << 63) - 1)
    check_number(confidence, ("confidence",), minimum=0.0, maximum=1.0)
    if not 0 < confidence < 1:
        raise fail(("confidence",), "structure.range", "must be between 0 and 1 (exclusive)")
    rate = METRICS[metric]
    rows_a, flags_a = _flagged(rate, a, "a")
    rows_b, flags_b = _flagged(rate, b, "b")
    value_a, value_b = _flag_rate(flags_a), _flag_rate(flags_b)
    difference = None if value_a is None or value_b is None else value_b - value_a
    ids_a = [r.get("index") for r in rows_a]
    paired = ids_a == [r.get("index") for r in rows_b] and None not in ids_a
    rng = Random(seed)  # noqa: S311 - a seeded stream for a reproducible bootstrap
    diffs: list[float] = []
    n_a, n_b = len(rows_a), len(rows_b)
    for _ in range(resamples if n_a and n_b else 0):
        picks_a = [rng.randrange(n_a) for _ in range(n_a)]
        picks_b = picks_a if paired else [rng.randrange(n_b) for _ in range(n_b)]
        got_a = _flag_rate([flags_a[i] for i in picks_a])
        got_b = _flag_rate([flags_b[i] for i in picks_b])
        if got_a is not None and got_b is not None:
            diffs.append(got_b - got_a)
    low = high = None
    if diffs:
        diffs.sort()
        tail = (1.0 - confidence) / 2.0
        low, high = _quantile(diffs, tail), _quantile(diffs, 1.0 - tail)
    return ArmComparison(
        metric=metric,
        a=value_a,
        b=value_b,
        difference=difference,
        low=low,
        high=high,
        confidence=confidence,
        resamples=resamples,
        paired=paired,
    )
