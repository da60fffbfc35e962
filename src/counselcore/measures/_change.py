"""
Reliable and clinically significant change (Jacobson & Truax 1991).

Formulas follow Jacobson & Truax 1991 ([V] J Consult Clin Psychol 1991;59:12-19, with the
Christensen & Mendoza 1986 correction): SE = SD * sqrt(1 - r); S_diff = sqrt(2 * SE^2);
RC = (x2 - x1) / S_diff; a change is reliable when ``|RC| > 1.96`` (strict, as JT wrote it; [?] some tools use ">=", see
Maassen 2004). Published raw-point thresholds (PHQ-9 6, GAD-7 4) are inclusive instead:
"6 or more" points ([V] NHS Talking Therapies; PMC8411661).
"""

import enum
import math

from attrs import frozen

from counselcore._internal.checks import (
    check_bool,
    check_enum,
    check_instance,
    check_number,
    fail,
)
from counselcore.measures._instrument import PointsThreshold

__all__ = [
    "ClinicalCutoff",
    "CutoffCriterion",
    "JacobsonTruaxCategory",
    "JacobsonTruaxResult",
    "Norms",
    "ReliableChange",
    "RciParameters",
    "classify_change",
    "clinical_cutoff",
    "jacobson_truax",
    "reliable_change_index",
]


def _check_pair(pre: object, post: object) -> None:
    check_number(pre, ("pre",))
    check_number(post, ("post",))


#: The two-tailed p < .05 critical value Jacobson & Truax use.
Z_95 = 1.96


class ReliableChange(enum.Enum):
    """
    Whether a change between two scores is reliable, and which way.

    Example:
        >>> ReliableChange.IMPROVEMENT.value
        'reliable-improvement'
    """

    IMPROVEMENT = "reliable-improvement"
    DETERIORATION = "reliable-deterioration"
    NO_CHANGE = "no-reliable-change"


@frozen(kw_only=True)
class RciParameters:
    """
    The parameters of the Jacobson & Truax reliable change index.

    *sd* is the standard deviation of the reference (pre-treatment or normative) group,
    *reliability* the test-retest or internal-consistency coefficient r, and *z* the critical
    value (1.96 for p < .05, two-tailed), compared strictly: ``|RC| > z``.

    Example:
        Hand-worked: SD 5 and r .84 give SE = 5 * sqrt(.16) = 2 and
        S_diff = sqrt(2 * 2^2) = 2.828..., so 1.96 * S_diff = 5.543... points.

        >>> p = RciParameters(sd=5, reliability=0.84)
        >>> round(p.standard_error, 6), round(p.standard_error_of_difference, 4)
        (2.0, 2.8284)
        >>> round(p.threshold_points, 3)
        5.544
    """

    sd: float
    reliability: float
    z: float = Z_95

    def __attrs_post_init__(self) -> None:
        check_number(self.sd, ("sd",), minimum=0)
        if self.sd == 0:
            raise fail(("sd",), "structure.range", "must be greater than 0")
        check_number(self.reliability, ("reliability",), minimum=0, maximum=1)
        if self.reliability == 1:
            raise fail(("reliability",), "structure.range", "must be below 1")
        check_number(self.z, ("z",), minimum=0)

    @property
    def standard_error(self) -> float:
        """SE = SD * sqrt(1 - r)."""
        return self.sd * math.sqrt(1 - self.reliability)

    @property
    def standard_error_of_difference(self) -> float:
        """S_diff = sqrt(2 * SE^2) = SD * sqrt(2 * (1 - r))."""
        return math.sqrt(2 * self.standard_error**2)

    @property
    def threshold_points(self) -> float:
        """The raw change that corresponds to ``|RC| = z``: z * S_diff (must be exceeded)."""
        return self.z * self.standard_error_of_difference

    def index(self, pre: float, post: float) -> float:
        """
        Return RC = (post - pre) / S_diff.

        Example:
            >>> round(RciParameters(sd=5, reliability=0.84).index(20, 12), 4)
            -2.8284
        """
        _check_pair(pre, post)
        return (post - pre) / self.standard_error_of_difference

    def is_reliable(self, pre: float, post: float) -> bool:
        """
        Whether ``|RC| > z`` (strict: exactly at z is not reliable, as Jacobson & Truax wrote it).

        Example:
            >>> p = RciParameters(sd=5, reliability=0.84)
            >>> p.is_reliable(20, 15), p.is_reliable(20, 14)
            (False, True)
        """
        return abs(self.index(pre, post)) > self.z


def reliable_change_index(pre: float, post: float, *, sd: float, reliability: float) -> float:
    """
    Return the Jacobson & Truax reliable change index for a move from *pre* to *post*.

    Example:
        >>> round(reliable_change_index(20, 12, sd=5, reliability=0.84), 4)
        -2.8284
    """
    return RciParameters(sd=sd, reliability=reliability).index(pre, post)


def classify_change(
    pre: float,
    post: float,
    criterion: RciParameters | PointsThreshold,
    *,
    higher_is_worse: bool = True,
) -> ReliableChange:
    """
    Classify the change from *pre* to *post* as reliable improvement, deterioration or neither.

    With `RciParameters` the change is reliable when ``|RC| > z``; with a `PointsThreshold`
    (a published raw-point amount) when ``|post - pre| >= points``. On a scale where higher is
    worse, a fall is an improvement.

    Example:
        >>> from counselcore.measures import PHQ_9
        >>> classify_change(18, 12, PHQ_9.reliable_change)
        <ReliableChange.IMPROVEMENT: 'reliable-improvement'>
        >>> classify_change(18, 13, PHQ_9.reliable_change)
        <ReliableChange.NO_CHANGE: 'no-reliable-change'>
        >>> classify_change(20, 12, RciParameters(sd=5, reliability=0.84))
        <ReliableChange.IMPROVEMENT: 'reliable-improvement'>
    """
    _check_pair(pre, post)
    check_bool(higher_is_worse, ("higher_is_worse",))
    if type(criterion) is RciParameters:
        reliable = criterion.is_reliable(pre, post)
    elif type(criterion) is PointsThreshold:
        reliable = criterion.is_reached(post - pre)
    else:
        raise fail(
            ("criterion",), "structure.type", "must be an RciParameters or a PointsThreshold"
        )
    if not reliable or post == pre:
        return ReliableChange.NO_CHANGE
    improved = (post < pre) == higher_is_worse
    return ReliableChange.IMPROVEMENT if improved else ReliableChange.DETERIORATION


class CutoffCriterion(enum.Enum):
    """
    Jacobson & Truax's three cut-offs for clinically significant change ([K] JT 1991).

    Example:
        >>> CutoffCriterion.C.value
        'c'
    """

    #: Beyond 2 SD from the dysfunctional mean, toward health.
    A = "a"
    #: Within 2 SD of the functional mean.
    B = "b"
    #: Closer to the functional than the dysfunctional mean, weighted by the SDs.
    C = "c"


@frozen(kw_only=True)
class Norms:
    """
    Means and SDs of a dysfunctional (clinical) and a functional (normative) population.

    Criterion a needs only the dysfunctional norms; b only the functional ones; c both.

    Example:
        >>> Norms(dysfunctional_mean=18, dysfunctional_sd=5, functional_mean=6, functional_sd=3)
        Norms(dysfunctional_mean=18, dysfunctional_sd=5, functional_mean=6, functional_sd=3, higher_is_worse=True)
    """

    dysfunctional_mean: float | None = None
    dysfunctional_sd: float | None = None
    functional_mean: float | None = None
    functional_sd: float | None = None
    higher_is_worse: bool = True

    def __attrs_post_init__(self) -> None:
        for name in ("dysfunctional_mean", "functional_mean"):
            value = getattr(self, name)
            if value is not None:
                check_number(value, (name,))
        for name in ("dysfunctional_sd", "functional_sd"):
            value = getattr(self, name)
            if value is not None:
                check_number(value, (name,), minimum=0)
        check_bool(self.higher_is_worse, ("higher_is_worse",))


@frozen(kw_only=True)
class ClinicalCutoff:
    """
    A clinical-significance cut-off and the side of it that counts as functional.

    Criterion a is "beyond" the cut-off, so a score must pass it strictly; b is "within 2 SD",
    so a score equal to the cut-off is functional; c is "closer to the functional mean", so a
    score exactly at the weighted midpoint is not.

    Example:
        >>> cut = ClinicalCutoff(value=10.5, criterion=CutoffCriterion.C)
        >>> cut.is_functional(10), cut.is_functional(10.5), cut.is_functional(11)
        (True, False, False)
    """

    value: float
    criterion: CutoffCriterion
    higher_is_worse: bool = True

    def __attrs_post_init__(self) -> None:
        check_number(self.value, ("value",))
        check_enum(self.criterion, CutoffCriterion, ("criterion",))
        check_bool(self.higher_is_worse, ("higher_is_worse",))

    def is_functional(self, score: float) -> bool:
        """Whether *score* lies on the functional (healthy) side of the cut-off."""
        check_number(score, ("score",))
        if self.criterion is CutoffCriterion.B:
            return score <= self.value if self.higher_is_worse else score >= self.value
        return score < self.value if self.higher_is_worse else score > self.value


def _need(value: float | None, name: str) -> float:
    if value is None:
        raise fail((name,), "structure.required", "is required by this cut-off criterion")
    return value


def clinical_cutoff(norms: Norms, criterion: CutoffCriterion) -> ClinicalCutoff:
    """
    Compute Jacobson & Truax cut-off *criterion* from *norms* ([K] Jacobson & Truax 1991).

    For a scale where higher is worse: a = M_dys - 2 SD_dys; b = M_func + 2 SD_func;
    c = (SD_func * M_dys + SD_dys * M_func) / (SD_func + SD_dys). Signs flip when higher is better.

    Raises:
        counselcore.errors.InvalidValueError: If a mean or SD the criterion needs is missing
            (rule ``structure.required``).

    Example:
        Hand-worked with M_dys 18, SD_dys 5, M_func 6, SD_func 3: a = 18 - 10 = 8,
        b = 6 + 6 = 12, c = (3 * 18 + 5 * 6) / (3 + 5) = 84 / 8 = 10.5.

        >>> norms = Norms(dysfunctional_mean=18, dysfunctional_sd=5, functional_mean=6, functional_sd=3)
        >>> [clinical_cutoff(norms, c).value for c in CutoffCriterion]
        [8, 12, 10.5]
    """
    check_instance(norms, Norms, ("norms",))
    check_enum(criterion, CutoffCriterion, ("criterion",))
    sign = 1 if norms.higher_is_worse else -1
    if criterion is CutoffCriterion.A:
        mean = _need(norms.dysfunctional_mean, "dysfunctional_mean")
        value = mean - sign * 2 * _need(norms.dysfunctional_sd, "dysfunctional_sd")
    elif criterion is CutoffCriterion.B:
        mean = _need(norms.functional_mean, "functional_mean")
        value = mean + sign * 2 * _need(norms.functional_sd, "functional_sd")
    else:
        m_dys = _need(norms.dysfunctional_mean, "dysfunctional_mean")
        sd_dys = _need(norms.dysfunctional_sd, "dysfunctional_sd")
        m_func = _need(norms.functional_mean, "functional_mean")
        sd_func = _need(norms.functional_sd, "functional_sd")
        if sd_dys + sd_func == 0:
            raise fail(("functional_sd",), "structure.range", "the two SDs must not both be 0")
        value = (sd_func * m_dys + sd_dys * m_func) / (sd_func + sd_dys)
    return ClinicalCutoff(value=value, criterion=criterion, higher_is_worse=norms.higher_is_worse)


class JacobsonTruaxCategory(enum.Enum):
    """
    Jacobson & Truax outcome categories ([K]/[V] Jacobson & Truax 1991).

    Example:
        >>> [c.value for c in JacobsonTruaxCategory]
        ['recovered', 'improved', 'unchanged', 'deteriorated']
    """

    RECOVERED = "recovered"
    IMPROVED = "improved"
    UNCHANGED = "unchanged"
    DETERIORATED = "deteriorated"


@frozen(kw_only=True)
class JacobsonTruaxResult:
    """
    The reliable-change and clinical-significance verdict for one pre/post pair.

    Example:
        >>> r = JacobsonTruaxResult(change=ReliableChange.IMPROVEMENT, crossed_cutoff=True,
        ...                         category=JacobsonTruaxCategory.RECOVERED)
        >>> r.category.value
        'recovered'
    """

    change: ReliableChange
    crossed_cutoff: bool
    category: JacobsonTruaxCategory

    def __attrs_post_init__(self) -> None:
        check_enum(self.change, ReliableChange, ("change",))
        check_bool(self.crossed_cutoff, ("crossed_cutoff",))
        check_enum(self.category, JacobsonTruaxCategory, ("category",))


def jacobson_truax(
    pre: float,
    post: float,
    *,
    criterion: RciParameters | PointsThreshold,
    cutoff: ClinicalCutoff,
) -> JacobsonTruaxResult:
    """
    Classify a pre/post pair: recovered, improved, unchanged or deteriorated.

    *Recovered*: reliable improvement and the cut-off crossed (*pre* on the dysfunctional side,
    *post* on the functional side). *Improved*: reliable improvement without crossing.
    *Unchanged*: no reliable change. *Deteriorated*: reliable worsening. The scale direction
    comes from *cutoff*.

    Example:
        Hand-worked: SD 5, r .84 give S_diff 2.828; 20 -> 12 is RC = -8 / 2.828 = -2.83,
        beyond -1.96, so reliable improvement; cut-off c = 10.5, so 12 has not crossed it.

        >>> params = RciParameters(sd=5, reliability=0.84)
        >>> cut = ClinicalCutoff(value=10.5, criterion=CutoffCriterion.C)
        >>> jacobson_truax(20, 12, criterion=params, cutoff=cut).category
        <JacobsonTruaxCategory.IMPROVED: 'improved'>
        >>> jacobson_truax(20, 9, criterion=params, cutoff=cut).category
        <JacobsonTruaxCategory.RECOVERED: 'recovered'>
    """
    check_instance(cutoff, ClinicalCutoff, ("cutoff",))
    change = classify_change(pre, post, criterion, higher_is_worse=cutoff.higher_is_worse)
    crossed = not cutoff.is_functional(pre) and cutoff.is_functional(post)
    if change is ReliableChange.DETERIORATION:
        category = JacobsonTruaxCategory.DETERIORATED
    elif change is ReliableChange.NO_CHANGE:
        category = JacobsonTruaxCategory.UNCHANGED
    elif crossed:
        category = JacobsonTruaxCategory.RECOVERED
    else:
        category = JacobsonTruaxCategory.IMPROVED
    return JacobsonTruaxResult(change=change, crossed_cutoff=crossed, category=category)
