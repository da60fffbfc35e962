"""
Instrument definitions as immutable data: items, bands, thresholds, sub-scales, criteria.

Definitions hold item *topics* and numbers, never the wording of a form.
"""

import enum
from collections.abc import Iterable

from attrs import evolve, field, frozen

from counselcore._internal.checks import (
    check_bool,
    check_distinct,
    check_enum,
    check_identifier,
    check_instance,
    check_instances,
    check_int,
    check_number,
    check_optional_instance,
    check_text,
    check_tuple,
    check_unique,
    fail,
)
from counselcore.errors import UnknownThresholdError
from counselcore.measures._triage import Triage
from counselcore.model import RiskLevel
from counselcore.violations import Path

__all__ = [
    "CountRequirement",
    "Criterion",
    "Item",
    "Instrument",
    "PointsThreshold",
    "RiskItem",
    "ScoreBand",
    "ScoringRule",
    "Skip",
    "Subscale",
    "Threshold",
]

#: Largest response value an item may allow (WSAS-style 0-8 scales fit; keeps definitions sane).
MAX_ITEM_VALUE = 100
#: Most items an instrument may have.
MAX_ITEMS = 200


class ScoringRule(enum.Enum):
    """
    How item scores combine into the total.

    Example:
        >>> ScoringRule.SUM.value
        'sum'
    """

    #: The total is the sum of the item scores (after any item's reversal).
    SUM = "sum"
    #: No sum: a `Triage` rule turns the endorsed items into a risk level, and the total is
    #: that level's rank (0 none, 1 low, 2 moderate, 3 high). The Columbia screener's method.
    TRIAGE = "triage"


@frozen(kw_only=True)
class Item:
    """
    One item of an instrument: its number on the form, a topic id and the allowed responses.

    *number* is 1-based, as printed on the form; a response list is indexed from 0, so item
    *n* is ``responses[n - 1]``. *options* are the response values a form accepts, ascending.
    A *reversed* item scores ``min(options) + max(options) - response`` (DAST-10 item 3).
    An item that is not *scored* is asked and recorded but adds nothing to the total (the
    PC-PTSD-5 trauma-exposure gate); it may still decide, through a `Skip`, what is asked.

    Example:
        >>> item = Item(number=3, topic="able-to-stop", options=(0, 1), reversed=True)
        >>> item.score(0), item.score(1)
        (1, 0)
        >>> Item(number=9, topic="blackouts", options=(0, 2, 4)).max_score
        4
        >>> Item(number=1, topic="trauma-exposure", options=(0, 1), scored=False).score(1)
        0
    """

    number: int
    topic: str
    options: tuple[int, ...]
    reversed: bool = False
    scored: bool = True

    def __attrs_post_init__(self) -> None:
        check_int(self.number, ("number",), minimum=1, maximum=MAX_ITEMS)
        check_identifier(self.topic, ("topic",))
        check_tuple(self.options, ("options",))
        if not self.options:
            raise fail(("options",), "structure.non-empty", "must list at least one value")
        for index, value in enumerate(self.options):
            check_int(value, ("options", index), minimum=0, maximum=MAX_ITEM_VALUE)
        if list(self.options) != sorted(set(self.options)):
            raise fail(("options",), "structure.order", "must be strictly ascending")
        check_bool(self.reversed, ("reversed",))
        check_bool(self.scored, ("scored",))

    def score(self, response: int) -> int:
        """
        Return the points *response* earns (the caller has checked it is an option).

        Raises:
            counselcore.errors.InvalidValueError: If *response* is not a non-negative int
                (rule ``structure.type`` or ``structure.range`` at ``response``).
        """
        check_int(response, ("response",), minimum=0)
        if not self.scored:
            return 0
        if self.reversed:
            return self.options[0] + self.options[-1] - response
        return response

    @property
    def min_score(self) -> int:
        """The fewest points this item can earn (0 when it is not scored)."""
        return self.options[0] if self.scored else 0

    @property
    def max_score(self) -> int:
        """The most points this item can earn (0 when it is not scored)."""
        return self.options[-1] if self.scored else 0


@frozen(kw_only=True)
class ScoreBand:
    """
    A severity band: totals from *low* to *high*, both inclusive, share *label*.

    *action* is the published suggested response for the band, if the source gives one.

    Example:
        >>> band = ScoreBand(label="mild", low=5, high=9)
        >>> 5 in band, 10 in band
        (True, False)
    """

    label: str
    low: int
    high: int
    action: str = field(default="", repr=False)

    def __attrs_post_init__(self) -> None:
        check_identifier(self.label, ("label",))
        check_int(self.low, ("low",), minimum=0)
        check_int(self.high, ("high",), minimum=self.low)
        check_text(self.action, ("action",))

    def __contains__(self, total: object) -> bool:
        return type(total) is int and self.low <= total <= self.high


@frozen(kw_only=True)
class Threshold:
    """
    A named cut-off: a total *at_least* this value meets it (cut-offs are inclusive).

    *source* cites where the number comes from.

    Example:
        >>> t = Threshold(name="caseness", at_least=8, source="NHS Digital 2016")
        >>> t.is_met(8), t.is_met(7)
        (True, False)
    """

    name: str
    at_least: int
    source: str = field(default="", repr=False)

    def __attrs_post_init__(self) -> None:
        check_identifier(self.name, ("name",))
        check_int(self.at_least, ("at_least",), minimum=0)
        check_text(self.source, ("source",))

    def is_met(self, total: int) -> bool:
        """
        Whether *total* is at or above this cut-off.

        Raises:
            counselcore.errors.InvalidValueError: If *total* is not a non-negative int.
        """
        check_int(total, ("total",), minimum=0)
        return total >= self.at_least


@frozen(kw_only=True)
class Skip:
    """
    Skip logic: when item *when_item* scores below *below*, the items numbered *items* are not asked.

    Skipped items come later on the form than *when_item*. `administer` takes ``None`` or the
    item's lowest option for a skipped item and records the lowest option ("no"); any other
    answer is refused (rule ``structure.skip-logic``).

    Example:
        >>> Skip(when_item=2, below=1, items=(3, 4, 5))
        Skip(when_item=2, below=1, items=(3, 4, 5))
    """

    when_item: int
    below: int
    items: tuple[int, ...]

    def __attrs_post_init__(self) -> None:
        check_int(self.when_item, ("when_item",), minimum=1, maximum=MAX_ITEMS)
        check_int(self.below, ("below",), minimum=1, maximum=MAX_ITEM_VALUE)
        check_tuple(self.items, ("items",))
        if not self.items:
            raise fail(("items",), "structure.non-empty", "must list at least one item")
        for index, number in enumerate(self.items):
            check_int(number, ("items", index), minimum=self.when_item + 1, maximum=MAX_ITEMS)
        check_distinct(self.items, ("items",))


@frozen(kw_only=True)
class Subscale:
    """
    A sub-score: the sum of the scores of the items numbered *items* (1-based).

    Example:
        >>> Subscale(id="cluster-c", items=(6, 7))
        Subscale(id='cluster-c', items=(6, 7))
    """

    id: str
    items: tuple[int, ...]

    def __attrs_post_init__(self) -> None:
        check_identifier(self.id, ("id",))
        check_tuple(self.items, ("items",))
        if not self.items:
            raise fail(("items",), "structure.non-empty", "must list at least one item")
        for index, number in enumerate(self.items):
            check_int(number, ("items", index), minimum=1, maximum=MAX_ITEMS)
        check_distinct(self.items, ("items",))


@frozen(kw_only=True)
class RiskItem:
    """
    An item whose response at or above *at_least* raises the risk flag *flag*.

    The flag is raised whatever the total is.

    Example:
        >>> RiskItem(item=9, at_least=1, flag="risk.suicidal_ideation")
        RiskItem(item=9, at_least=1, flag='risk.suicidal_ideation')
    """

    item: int
    at_least: int
    flag: str

    def __attrs_post_init__(self) -> None:
        check_int(self.item, ("item",), minimum=1, maximum=MAX_ITEMS)
        check_int(self.at_least, ("at_least",), minimum=0, maximum=MAX_ITEM_VALUE)
        check_identifier(self.flag, ("flag",))


@frozen(kw_only=True)
class CountRequirement:
    """
    Of the items numbered *items*, at least *at_least* (and at most *at_most*) are endorsed.

    Example:
        >>> CountRequirement(items=(1, 2), at_least=1)
        CountRequirement(items=(1, 2), at_least=1, at_most=None)
    """

    items: tuple[int, ...]
    at_least: int
    at_most: int | None = None

    def __attrs_post_init__(self) -> None:
        check_tuple(self.items, ("items",))
        if not self.items:
            raise fail(("items",), "structure.non-empty", "must list at least one item")
        for index, number in enumerate(self.items):
            check_int(number, ("items", index), minimum=1, maximum=MAX_ITEMS)
        check_distinct(self.items, ("items",))
        check_int(self.at_least, ("at_least",), minimum=0, maximum=len(self.items))
        if self.at_most is not None:
            check_int(self.at_most, ("at_most",), minimum=self.at_least, maximum=len(self.items))

    def is_met(self, endorsed: frozenset[int]) -> bool:
        """
        Whether the endorsed item numbers satisfy this requirement.

        Raises:
            counselcore.errors.InvalidValueError: If *endorsed* is not a frozenset.

        Example:
            >>> CountRequirement(items=(1, 2, 3), at_least=2).is_met(frozenset({1, 3, 7}))
            True
        """
        if type(endorsed) is not frozenset:
            raise fail(("endorsed",), "structure.type", "must be a frozenset of item numbers")
        count = sum(1 for number in self.items if number in endorsed)
        return count >= self.at_least and (self.at_most is None or count <= self.at_most)


@frozen(kw_only=True)
class Criterion:
    """
    A symptom-count rule, such as the DSM-5 cluster rule of the PCL-5.

    An item is *endorsed* when its score is at least *endorsed_at*, or at least the value an
    *overrides* pair ``(item, value)`` gives for that item. The criterion is met when every
    requirement is. Criteria are evaluated only on complete forms.

    Example:
        >>> c = Criterion(
        ...     id="two-of-three",
        ...     endorsed_at=2,
        ...     requirements=(CountRequirement(items=(1, 2, 3), at_least=2),),
        ... )
        >>> c.is_met((2, 0, 3)), c.is_met((2, 1, 1))
        (True, False)
    """

    id: str
    endorsed_at: int
    requirements: tuple[CountRequirement, ...]
    overrides: tuple[tuple[int, int], ...] = ()
    source: str = field(default="", repr=False)

    def __attrs_post_init__(self) -> None:
        check_identifier(self.id, ("id",))
        check_int(self.endorsed_at, ("endorsed_at",), minimum=0, maximum=MAX_ITEM_VALUE)
        check_instances(self.requirements, CountRequirement, ("requirements",))
        if not self.requirements:
            raise fail(("requirements",), "structure.non-empty", "must list a requirement")
        check_tuple(self.overrides, ("overrides",))
        for index, pair in enumerate(self.overrides):
            if type(pair) is not tuple or len(pair) != 2:  # noqa: PLR2004 - a pair
                raise fail(("overrides", index), "structure.type", "must be an (item, value) pair")
            check_int(pair[0], ("overrides", index, 0), minimum=1, maximum=MAX_ITEMS)
            check_int(pair[1], ("overrides", index, 1), minimum=0, maximum=MAX_ITEM_VALUE)
        check_text(self.source, ("source",))

    def endorsed(self, scores: tuple[int, ...]) -> frozenset[int]:
        """
        Return the 1-based numbers of the items endorsed in *scores* (item scores, in order).

        Raises:
            counselcore.errors.InvalidValueError: If *scores* is not a tuple of non-negative
                ints (the bad one is named by its index).

        Example:
            >>> c = Criterion(id="c", endorsed_at=2, overrides=((3, 1),),
            ...               requirements=(CountRequirement(items=(1, 2, 3), at_least=1),))
            >>> sorted(c.endorsed((2, 1, 1)))
            [1, 3]
        """
        _check_scores(scores)
        lower = dict(self.overrides)
        return frozenset(
            number
            for number, score in enumerate(scores, start=1)
            if score >= lower.get(number, self.endorsed_at)
        )

    def is_met(self, scores: tuple[int, ...]) -> bool:
        """Whether the item scores *scores* meet every requirement (checked as in `endorsed`)."""
        endorsed = self.endorsed(scores)
        return all(requirement.is_met(endorsed) for requirement in self.requirements)


@frozen(kw_only=True)
class PointsThreshold:
    """
    A published change threshold in raw points; a change of at least *points* counts.

    *approximate* marks thresholds the source gives only roughly (PCL-5 "about 5 points").

    Example:
        >>> PointsThreshold(points=6, source="NHS Talking Therapies").is_reached(-6)
        True
        >>> PointsThreshold(points=6).is_reached(5)
        False
    """

    points: float
    approximate: bool = False
    source: str = field(default="", repr=False)

    def __attrs_post_init__(self) -> None:
        check_number(self.points, ("points",), minimum=0)
        if self.points == 0:
            raise fail(("points",), "structure.range", "must be greater than 0")
        check_bool(self.approximate, ("approximate",))
        check_text(self.source, ("source",))

    def is_reached(self, change: float) -> bool:
        """
        Whether a change of *change* points (either sign) is at least this threshold.

        Raises:
            counselcore.errors.InvalidValueError: If *change* is not a finite number.
        """
        check_number(change, ("change",))
        return abs(change) >= self.points


def _check_scores(scores: object) -> None:
    check_tuple(scores, ("scores",))
    assert isinstance(scores, tuple)  # noqa: S101 - narrowed by check_tuple
    for index, score in enumerate(scores):
        check_int(score, ("scores", index), minimum=0)


def _numbers_exist(numbers: Iterable[int], count: int, path: Path) -> None:
    for index, number in enumerate(numbers):
        if number > count:
            raise fail(
                (*path, index),
                "structure.reference-resolves",
                f"names item {number}, but the instrument has {count} items",
            )


@frozen(kw_only=True)
class Instrument:
    """
    A standardized measure as data: items, scoring, bands, cut-offs, sub-scales and codes.

    Structure is checked on construction: items are numbered 1..n, bands are ascending,
    contiguous and cover the total range exactly (or there are none), every threshold lies
    in the total range, and sub-scales, risk items and criteria name existing items.

    *caseness_threshold* names the threshold reported as `Administration.caseness`.
    LOINC codes are given only where verified; ``None`` means not verified, not "none exists".
    *higher_is_worse* is False for measures where a higher total is better. *skips* is the
    form's skip logic. With ``scoring=ScoringRule.TRIAGE`` the *triage* rule decides a risk
    level, the total is its rank (0-3) and the bands are the `counselcore.model.RiskLevel`
    values; no summed score is formed. Free-text fields
    (*name*, *recall_window*, *licence*, *source*) are left out of ``repr``, as everywhere.

    Example:
        A user-defined instrument uses the same API as the built-ins:

        >>> import datetime as dt
        >>> from counselcore.measures import administer
        >>> toy = Instrument(
        ...     id="toy-3",
        ...     name="Toy three-item scale",
        ...     version="1",
        ...     items=tuple(Item(number=n, topic=f"topic-{n}", options=(0, 1, 2)) for n in (1, 2, 3)),
        ...     bands=(ScoreBand(label="low", low=0, high=2), ScoreBand(label="high", low=3, high=6)),
        ...     thresholds=(Threshold(name="caseness", at_least=3),),
        ...     caseness_threshold="caseness",
        ...     risk_items=(RiskItem(item=3, at_least=2, flag="risk.toy"),),
        ... )
        >>> toy.total_range
        (0, 6)
        >>> result = administer(toy, (1, 0, 2), on=dt.date(2024, 2, 1))
        >>> result.total, result.band, result.caseness, result.risk_flags
        (3, 'high', True, ('risk.toy',))
    """

    id: str
    name: str = field(repr=False)
    version: str
    items: tuple[Item, ...] = field(repr=False)
    scoring: ScoringRule = ScoringRule.SUM
    bands: tuple[ScoreBand, ...] = ()
    thresholds: tuple[Threshold, ...] = ()
    caseness_threshold: str | None = None
    subscales: tuple[Subscale, ...] = field(default=(), repr=False)
    risk_items: tuple[RiskItem, ...] = field(default=(), repr=False)
    criteria: tuple[Criterion, ...] = field(default=(), repr=False)
    skips: tuple[Skip, ...] = field(default=(), repr=False)
    triage: Triage | None = field(default=None, repr=False)
    reliable_change: PointsThreshold | None = None
    meaningful_change: PointsThreshold | None = None
    higher_is_worse: bool = True
    recall_window: str = field(default="", repr=False)
    loinc_panel: str | None = None
    loinc_total: str | None = None
    licence: str = field(default="", repr=False)
    source: str = field(default="", repr=False)

    def __attrs_post_init__(self) -> None:
        check_identifier(self.id, ("id",))
        check_text(self.name, ("name",), allow_empty=False)
        check_identifier(self.version, ("version",))
        self._check_items()
        check_enum(self.scoring, ScoringRule, ("scoring",))
        self._check_triage()
        self._check_bands()
        self._check_thresholds()
        self._check_references()
        check_optional_instance(self.reliable_change, PointsThreshold, ("reliable_change",))
        check_optional_instance(self.meaningful_change, PointsThreshold, ("meaningful_change",))
        check_bool(self.higher_is_worse, ("higher_is_worse",))
        check_text(self.recall_window, ("recall_window",))
        for name in ("loinc_panel", "loinc_total"):
            value = getattr(self, name)
            if value is not None:
                check_identifier(value, (name,))
        check_text(self.licence, ("licence",))
        check_text(self.source, ("source",))

    def _check_items(self) -> None:
        check_instances(self.items, Item, ("items",))
        if not self.items:
            raise fail(("items",), "structure.non-empty", "must list at least one item")
        for index, item in enumerate(self.items):
            if item.number != index + 1:
                raise fail(
                    ("items", index, "number"),
                    "structure.order",
                    f"must be {index + 1}: items are numbered 1..n in order",
                )

    def _check_triage(self) -> None:
        check_optional_instance(self.triage, Triage, ("triage",))
        if (self.scoring is ScoringRule.TRIAGE) != (self.triage is not None):
            raise fail(
                ("triage",),
                "structure.required",
                "is required with triage scoring and refused otherwise",
            )
        if self.triage is not None:
            if self.bands:
                raise fail(
                    ("bands",), "structure.forbidden", "must be empty: triage levels are the bands"
                )
            for r_index, rule in enumerate(self.triage.rules):
                _numbers_exist(rule.items, len(self.items), ("triage", "rules", r_index, "items"))

    def _check_bands(self) -> None:
        low, high = self.total_range
        expected = low
        check_instances(self.bands, ScoreBand, ("bands",))
        for index, band in enumerate(self.bands):
            if band.low != expected:
                raise fail(
                    ("bands", index, "low"),
                    "structure.band-coverage",
                    f"must be {expected}: bands are contiguous from the lowest total",
                )
            expected = band.high + 1
        if self.bands and expected != high + 1:
            raise fail(
                ("bands", len(self.bands) - 1, "high"),
                "structure.band-coverage",
                f"must be {high}: the last band ends at the highest total",
            )
        check_unique([b.label for b in self.bands], ("bands",), "label")

    def _check_thresholds(self) -> None:
        low, high = self.total_range
        check_instances(self.thresholds, Threshold, ("thresholds",))
        for index, threshold in enumerate(self.thresholds):
            if not low < threshold.at_least <= high:
                raise fail(
                    ("thresholds", index, "at_least"),
                    "structure.range",
                    f"must lie in {low + 1}-{high} so both sides of the cut-off exist",
                )
        check_unique([t.name for t in self.thresholds], ("thresholds",), "name")
        if self.caseness_threshold is not None:
            check_identifier(self.caseness_threshold, ("caseness_threshold",))
            if self.caseness_threshold not in {t.name for t in self.thresholds}:
                raise fail(
                    ("caseness_threshold",),
                    "structure.reference-resolves",
                    "names no threshold of this instrument",
                )

    def _check_references(self) -> None:
        count = len(self.items)
        check_instances(self.subscales, Subscale, ("subscales",))
        for index, subscale in enumerate(self.subscales):
            _numbers_exist(subscale.items, count, ("subscales", index, "items"))
        check_unique([s.id for s in self.subscales], ("subscales",), "id")
        check_instances(self.risk_items, RiskItem, ("risk_items",))
        for index, risk in enumerate(self.risk_items):
            _numbers_exist((risk.item,), count, ("risk_items", index, "item"))
        check_instances(self.criteria, Criterion, ("criteria",))
        for index, criterion in enumerate(self.criteria):
            for r_index, requirement in enumerate(criterion.requirements):
                _numbers_exist(
                    requirement.items, count, ("criteria", index, "requirements", r_index, "items")
                )
            _numbers_exist(
                (item for item, _ in criterion.overrides), count, ("criteria", index, "overrides")
            )
        check_unique([c.id for c in self.criteria], ("criteria",), "id")
        check_instances(self.skips, Skip, ("skips",))
        for index, skip in enumerate(self.skips):
            _numbers_exist((skip.when_item,), count, ("skips", index, "when_item"))
            _numbers_exist(skip.items, count, ("skips", index, "items"))

    @property
    def item_count(self) -> int:
        """How many items the form has."""
        return len(self.items)

    @property
    def total_range(self) -> tuple[int, int]:
        """
        The lowest and highest possible totals (a triage instrument's are its level ranks).

        Example:
            >>> from counselcore.measures import CSSRS_SCREENER, WSAS
            >>> WSAS.total_range, CSSRS_SCREENER.total_range
            ((0, 40), (0, 3))
        """
        if self.scoring is ScoringRule.TRIAGE:
            return (RiskLevel.NONE.rank, RiskLevel.HIGH.rank)
        return (
            sum(item.min_score for item in self.items),
            sum(item.max_score for item in self.items),
        )

    @property
    def severity_bands(self) -> tuple[ScoreBand, ...]:
        """
        The bands totals fall in: *bands*, or for triage scoring one band per risk level.

        Example:
            >>> from counselcore.measures import CSSRS_SCREENER
            >>> [(b.label, b.low) for b in CSSRS_SCREENER.severity_bands]
            [('none', 0), ('low', 1), ('moderate', 2), ('high', 3)]
        """
        if self.scoring is ScoringRule.TRIAGE:
            return tuple(
                ScoreBand(label=level.value, low=level.rank, high=level.rank) for level in RiskLevel
            )
        return self.bands

    @property
    def possible_risk_flags(self) -> frozenset[str]:
        """
        Every risk flag an administration of this instrument can raise.

        Example:
            >>> from counselcore.measures import CSSRS_SCREENER, PHQ_9, WSAS
            >>> sorted(PHQ_9.possible_risk_flags), sorted(CSSRS_SCREENER.possible_risk_flags), WSAS.possible_risk_flags
            (['risk.suicidal_ideation'], ['risk.suicidal_ideation'], frozenset())
        """
        flags = {risk.flag for risk in self.risk_items}
        if self.triage is not None and self.triage.flag is not None:
            flags.add(self.triage.flag)
        return frozenset(flags)

    def require_total(self, total: object, *, name: str = "total") -> int:
        """
        Return *total* if it is a possible total of this instrument; refuse it otherwise.

        Every function that takes an instrument total checks it with this, so a PHQ-9 total
        of 28 or a GAD-7 total of 22 never gets classified.

        Raises:
            counselcore.errors.InvalidValueError: If *total* is not an int (``structure.type``)
                or lies outside `total_range` (``structure.range``); the path is *name*, which
                must itself be an identifier string.

        Example:
            >>> from counselcore.measures import PHQ_9
            >>> PHQ_9.require_total(27)
            27
            >>> PHQ_9.require_total(28, name="phq9_first")
            Traceback (most recent call last):
            ...
            counselcore.errors.InvalidValueError: 1 structural problem: phq9_first: must be a
            phq-9 total, 0-27 [structure.range]
        """
        check_identifier(name, ("name",))
        low, high = self.total_range
        if type(total) is not int:
            raise fail((name,), "structure.type", "must be an integer")
        if not low <= total <= high:
            raise fail((name,), "structure.range", f"must be a {self.id} total, {low}-{high}")
        return total

    def band_for(self, total: int) -> ScoreBand | None:
        """
        Return the severity band *total* falls in, or None if the instrument has no bands.

        Raises:
            counselcore.errors.InvalidValueError: If *total* is not a total of this
                instrument (see `require_total`).

        Example:
            >>> from counselcore.measures import PHQ_9
            >>> PHQ_9.band_for(10).label
            'moderate'
        """
        self.require_total(total)
        for band in self.severity_bands:
            if total in band:
                return band
        return None

    def skipped_items(self, responses: tuple[int | None, ...]) -> frozenset[int]:
        """
        The numbers of the items the skip logic leaves unasked, given *responses* in item order.

        Items are read in form order; an unasked item counts as its lowest option, so one skip
        can follow from another. A missing (``None``) deciding item skips nothing.

        Raises:
            counselcore.errors.InvalidValueError: If *responses* is not a tuple with one entry
                per item (``structure.type`` / ``structure.item-count``).

        Example:
            >>> from counselcore.measures import CSSRS_SCREENER
            >>> sorted(CSSRS_SCREENER.skipped_items((1, 0, None, None, None, 0, None)))
            [3, 4, 5, 7]
        """
        check_tuple(responses, ("responses",))
        if len(responses) != self.item_count:
            raise fail(("responses",), "structure.item-count", "must hold one response per item")
        skipped: set[int] = set()
        for skip in sorted(self.skips, key=lambda s: s.when_item):
            index = skip.when_item - 1
            answer = responses[index]
            if skip.when_item in skipped:
                answer = self.items[index].options[0]
            if type(answer) is int and answer < skip.below:
                skipped.update(skip.items)
        return frozenset(skipped)

    def threshold(self, name: str) -> Threshold:
        """
        Return the threshold called *name*.

        Raises:
            counselcore.errors.UnknownThresholdError: If the instrument has no such threshold
                (a `KeyError`).
            counselcore.errors.InvalidValueError: If *name* is not a string.

        Example:
            >>> from counselcore.measures import GAD_7
            >>> GAD_7.threshold("caseness").at_least, GAD_7.threshold("screening").at_least
            (8, 10)
        """
        if type(name) is not str:
            raise fail(("name",), "structure.type", "must be a string")
        for threshold in self.thresholds:
            if threshold.name == name:
                return threshold
        raise UnknownThresholdError(self.id, name)

    def with_threshold(self, name: str, at_least: int, *, source: str = "") -> "Instrument":
        """
        Return a copy with threshold *name* set to *at_least* (replaced in place, or added).

        Use it to pick a local cut-off where the literature gives a range.

        Example:
            >>> from counselcore.measures import PCL_5
            >>> PCL_5.with_threshold("provisional-ptsd-cut-score", 31).threshold(
            ...     "provisional-ptsd-cut-score"
            ... ).at_least
            31
        """
        new = Threshold(name=name, at_least=at_least, source=source)
        names = [t.name for t in self.thresholds]
        if name in names:
            index = names.index(name)
            thresholds = (*self.thresholds[:index], new, *self.thresholds[index + 1 :])
        else:
            thresholds = (*self.thresholds, new)
        return evolve(self, thresholds=thresholds)

    def with_triage(self, triage: Triage) -> "Instrument":
        """
        Return a copy scored by *triage* instead of this instrument's triage convention.

        Raises:
            counselcore.errors.InvalidValueError: If *triage* is not a `Triage`, or names an
                item the instrument does not have.

        Example:
            >>> from counselcore.measures import CSSRS_SCREENER, Triage, TriageRule
            >>> from counselcore.model import RiskLevel
            >>> strict = Triage(rules=(TriageRule(level=RiskLevel.HIGH, items=(3, 4, 5, 6)),))
            >>> CSSRS_SCREENER.with_triage(strict).triage.rules[0].level
            <RiskLevel.HIGH: 'high'>
        """
        check_instance(triage, Triage, ("triage",))
        return evolve(self, scoring=ScoringRule.TRIAGE, triage=triage, bands=())
