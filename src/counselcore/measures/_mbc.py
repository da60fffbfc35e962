"""
US measurement-based care on the PHQ-9: response, remission and the CMS159 twelve-month measure.

Response is a fall of 50 % or more from the baseline, remission a total below 5 ([K] NCQA
HEDIS Depression Remission or Response; CMS159). CMS159 "Depression Remission at Twelve
Months" ([K] CMS eCQM CMS159v12, eCQI Resource Center): the index event is a PHQ-9 above 9 with
a diagnosis of major depression or dysthymia; the numerator is the most recent PHQ-9 twelve
months (plus or minus 60 days) after it being below 5. All numbers are policy fields.
"""

import datetime as dt
import enum
from collections.abc import Iterable

from attrs import field, frozen
from dateutil.relativedelta import relativedelta

from counselcore._internal.checks import (
    check_enum,
    check_identifier,
    check_instance,
    check_int,
    check_optional_date,
    check_tuple,
    fail,
    instances_of,
)
from counselcore.measures._administer import Administration
from counselcore.measures._builtin import PHQ_9
from counselcore.measures._instrument import Instrument
from counselcore.measures._trajectory import Trajectory, require_line_of
from counselcore.model import Diagnosis

__all__ = [
    "Cms159Result",
    "Cms159Status",
    "DEFAULT_MBC_POLICY",
    "MeasurementBasedCarePolicy",
    "cms159_remission",
    "has_responded",
    "is_in_remission",
]


@frozen(kw_only=True)
class MeasurementBasedCarePolicy:
    """
    The numbers of US measurement-based care on a depression measure, defaulting to the published ones.

    *response_percent*: a fall of at least this share of the baseline is a response (50).
    *remission_below*: a total below this is remission (5). *index_above*: a CMS159 index
    score is above this (9). The CMS159 assessment window is *window_months* after the index
    date, plus or minus *window_days* (12 months, 60 days), both ends included.
    *qualifying_diagnoses* are ICD-10-CM code prefixes for major depression (F32, F33) and
    dysthymia (F34.1); the measure's value set is the authority and changes by year ([?]:
    check it for your performance period).

    Example:
        >>> DEFAULT_MBC_POLICY.remission_below, DEFAULT_MBC_POLICY.window_days
        (5, 60)
        >>> MeasurementBasedCarePolicy(remission_below=28)
        Traceback (most recent call last):
        ...
        counselcore.errors.InvalidValueError: 1 structural problem: remission_below: must lie in
        1-27, within the phq-9 totals [structure.range]
    """

    instrument: Instrument = field(default=PHQ_9, repr=False)
    response_percent: int = 50
    remission_below: int = 5
    index_above: int = 9
    window_months: int = 12
    window_days: int = 60
    qualifying_diagnoses: tuple[str, ...] = ("F32", "F33", "F34.1")

    def __attrs_post_init__(self) -> None:
        check_instance(self.instrument, Instrument, ("instrument",))
        low, high = self.instrument.total_range
        check_int(self.response_percent, ("response_percent",), minimum=1, maximum=100)
        check_int(self.remission_below, ("remission_below",), minimum=0)
        if not low < self.remission_below <= high:
            raise fail(
                ("remission_below",),
                "structure.range",
                f"must lie in {low + 1}-{high}, within the {self.instrument.id} totals",
            )
        check_int(self.index_above, ("index_above",), minimum=0)
        if not low <= self.index_above < high:
            raise fail(
                ("index_above",),
                "structure.range",
                f"must lie in {low}-{high - 1}, within the {self.instrument.id} totals",
            )
        check_int(self.window_months, ("window_months",), minimum=1, maximum=120)
        check_int(self.window_days, ("window_days",), minimum=0, maximum=366)
        check_tuple(self.qualifying_diagnoses, ("qualifying_diagnoses",))
        for index, prefix in enumerate(self.qualifying_diagnoses):
            check_identifier(prefix, ("qualifying_diagnoses", index))

    def window(self, index_on: dt.date) -> tuple[dt.date, dt.date]:
        """
        The first and last day of the CMS159 assessment window after an index on *index_on*.

        Months are calendar months (31 January plus one month is 28 or 29 February).

        Example:
            >>> DEFAULT_MBC_POLICY.window(dt.date(2024, 1, 15))
            (datetime.date(2024, 11, 16), datetime.date(2025, 3, 16))
        """
        if type(index_on) is not dt.date:
            raise fail(("index_on",), "structure.type", "must be a datetime.date")
        middle = index_on + relativedelta(months=self.window_months)
        span = dt.timedelta(days=self.window_days)
        return middle - span, middle + span

    def qualifies(self, diagnosis: Diagnosis) -> bool:
        """
        Whether *diagnosis* is major depression or dysthymia by *qualifying_diagnoses*.

        Example:
            >>> DEFAULT_MBC_POLICY.qualifies(Diagnosis(code="F33.1"))
            True
            >>> DEFAULT_MBC_POLICY.qualifies(Diagnosis(code="F41.1"))
            False
        """
        check_instance(diagnosis, Diagnosis, ("diagnosis",))
        return diagnosis.code.startswith(self.qualifying_diagnoses)


#: The published numbers: response 50 %, remission below 5, CMS159 index above 9, 12 months ± 60 days.
DEFAULT_MBC_POLICY = MeasurementBasedCarePolicy()


def _checked(line: Trajectory, policy: MeasurementBasedCarePolicy) -> None:
    check_instance(policy, MeasurementBasedCarePolicy, ("policy",))
    require_line_of(line, policy.instrument)


def has_responded(
    line: Trajectory, *, policy: MeasurementBasedCarePolicy = DEFAULT_MBC_POLICY
) -> bool:
    """
    Whether the latest total fell by at least half (the policy's share) of the baseline total.

    A baseline of 0 cannot fall, so it is never a response.

    Raises:
        counselcore.errors.InvalidValueError: If *line* is not the policy instrument's
            trajectory or holds an impossible total.

    Example:
        >>> from counselcore.measures import administer, trajectory
        >>> forms = [administer(PHQ_9, (2,) * 9, on=dt.date(2024, 1, 8)),
        ...          administer(PHQ_9, (1,) * 9, on=dt.date(2024, 3, 4))]
        >>> has_responded(trajectory(forms, "phq-9"))
        True
    """
    _checked(line, policy)
    baseline, latest = line.baseline.total, line.latest.total
    fall = baseline - latest
    return fall > 0 and 100 * fall >= policy.response_percent * baseline


def is_in_remission(
    line: Trajectory, *, policy: MeasurementBasedCarePolicy = DEFAULT_MBC_POLICY
) -> bool:
    """
    Whether the latest total is below the remission cut (PHQ-9 below 5).

    Raises:
        counselcore.errors.InvalidValueError: If *line* is not the policy instrument's
            trajectory or holds an impossible total.

    Example:
        >>> from counselcore.measures import administer, trajectory
        >>> forms = [administer(PHQ_9, (2,) * 9, on=dt.date(2024, 1, 8)),
        ...          administer(PHQ_9, (1, 1, 1, 1, 0, 0, 0, 0, 0), on=dt.date(2024, 3, 4))]
        >>> is_in_remission(trajectory(forms, "phq-9"))
        True
    """
    _checked(line, policy)
    return line.latest.total < policy.remission_below


class Cms159Status(enum.Enum):
    """
    Where a case stands on CMS159.

    Example:
        >>> Cms159Status.NO_ASSESSMENT.value
        'no-assessment-in-window'
    """

    #: No PHQ-9 above the index cut with a qualifying diagnosis: not in the denominator.
    NOT_ELIGIBLE = "not-eligible"
    #: The most recent score in the window is below the remission cut.
    REMISSION = "remission"
    #: The most recent score in the window is at or above the remission cut.
    NOT_IN_REMISSION = "not-in-remission"
    #: Eligible, but no score falls in the window (the measure counts it as not met).
    NO_ASSESSMENT = "no-assessment-in-window"


@frozen(kw_only=True)
class Cms159Result:
    """
    The CMS159 verdict for one trajectory, with the dates and totals it rests on.

    *index_on* and *index_total* describe the index score (None when not eligible); the
    window is ``(window_start, window_end)``; *assessed_on* and *assessed_total* describe the
    most recent score in it, if any.

    Example:
        >>> r = Cms159Result(status=Cms159Status.NOT_ELIGIBLE)
        >>> r.meets_numerator is None
        True
    """

    status: Cms159Status
    index_on: dt.date | None = None
    index_total: int | None = None
    window_start: dt.date | None = None
    window_end: dt.date | None = None
    assessed_on: dt.date | None = None
    assessed_total: int | None = None

    def __attrs_post_init__(self) -> None:
        check_enum(self.status, Cms159Status, ("status",))
        for name in ("index_on", "window_start", "window_end", "assessed_on"):
            check_optional_date(getattr(self, name), (name,))
        for name in ("index_total", "assessed_total"):
            value = getattr(self, name)
            if value is not None:
                check_int(value, (name,), minimum=0)

    @property
    def meets_numerator(self) -> bool | None:
        """True for remission, False for an eligible case without it, None when not eligible."""
        if self.status is Cms159Status.NOT_ELIGIBLE:
            return None
        return self.status is Cms159Status.REMISSION


def _index(line: Trajectory, policy: MeasurementBasedCarePolicy) -> Administration | None:
    for administration in line.administrations:
        if administration.total > policy.index_above:
            return administration
    return None


def cms159_remission(
    line: Trajectory,
    diagnoses: Iterable[Diagnosis],
    *,
    policy: MeasurementBasedCarePolicy = DEFAULT_MBC_POLICY,
) -> Cms159Result:
    """
    Evaluate CMS159 "Depression Remission at Twelve Months" on a PHQ-9 trajectory.

    The index is the first score above 9 when *diagnoses* include major depression or
    dysthymia; the outcome is the most recent score from 12 months minus 60 days to 12
    months plus 60 days after it (both ends included), remission when below 5. The measure's
    age bands, encounter rules and denominator exclusions (bipolar disorder, hospice and
    others) are not modelled: apply them before calling.

    Raises:
        counselcore.errors.InvalidValueError: If *line* is not the policy instrument's
            trajectory, holds an impossible total, or *diagnoses* is not an iterable of
            `Diagnosis` values.

    Example:
        >>> from counselcore.measures import administer, trajectory
        >>> forms = [administer(PHQ_9, (2, 2, 2, 2, 1, 1, 1, 1, 0), on=dt.date(2024, 1, 15)),
        ...          administer(PHQ_9, (1, 1, 0, 0, 0, 0, 0, 0, 0), on=dt.date(2025, 2, 1))]
        >>> result = cms159_remission(trajectory(forms, "phq-9"), [Diagnosis(code="F32.1")])
        >>> result.status.value, result.index_total, result.assessed_total
        ('remission', 12, 2)
    """
    _checked(line, policy)
    given = instances_of(diagnoses, Diagnosis, ("diagnoses",))
    qualified = any(policy.qualifies(diagnosis) for diagnosis in given)
    index_event = _index(line, policy)
    if index_event is None or not qualified:
        return Cms159Result(status=Cms159Status.NOT_ELIGIBLE)
    start, end = policy.window(index_event.administered_on)
    inside = [a for a in line.administrations if start <= a.administered_on <= end]
    latest = inside[-1] if inside else None
    if latest is None:
        status = Cms159Status.NO_ASSESSMENT
    elif latest.total < policy.remission_below:
        status = Cms159Status.REMISSION
    else:
        status = Cms159Status.NOT_IN_REMISSION
    return Cms159Result(
        status=status,
        index_on=index_event.administered_on,
        index_total=index_event.total,
        window_start=start,
        window_end=end,
        assessed_on=None if latest is None else latest.administered_on,
        assessed_total=None if latest is None else latest.total,
    )
