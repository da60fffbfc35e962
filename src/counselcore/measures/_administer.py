"""Administering an instrument: validate the responses, score them, flag risk."""

import datetime as dt
from collections.abc import Sequence

from attrs import frozen

from counselcore._internal.checks import (
    check_bool,
    check_date,
    check_identifier,
    check_instance,
    check_instances,
    check_int,
    check_optional_bool,
    check_optional_instance,
    check_tuple,
    fail,
    instances_of,
)
from counselcore.errors import UnknownSubscaleError, ValidationError
from counselcore.measures._instrument import Instrument
from counselcore.violations import Path, Violation

__all__ = ["Administration", "Prorating", "Subscore", "administer"]


@frozen(kw_only=True)
class Subscore:
    """
    The score of one sub-scale in an administration.

    Example:
        >>> Subscore(subscale="cluster-c-avoidance", score=5)
        Subscore(subscale='cluster-c-avoidance', score=5)
    """

    subscale: str
    score: int

    def __attrs_post_init__(self) -> None:
        check_identifier(self.subscale, ("subscale",))
        check_int(self.score, ("score",), minimum=0)


@frozen(kw_only=True)
class Prorating:
    """
    A service policy that allows prorating the total when a few items are missing.

    None of the built-in instruments defines prorating in its primary source, so `administer`
    refuses incomplete forms unless a `Prorating` is passed ([?] no primary source defines it:
    some services prorate the PHQ-9 when one or two items are missing). The prorated total
    is the mean answered item score times the item count, rounded half up. An item that can
    raise a risk flag is never prorated: it must be answered. Sub-scales with a missing item
    are left out, and symptom-count criteria are not evaluated on incomplete forms.

    Example:
        >>> Prorating()
        Prorating(instruments=('phq-9',), max_missing=1)
    """

    instruments: tuple[str, ...] = ("phq-9",)
    max_missing: int = 1

    def __attrs_post_init__(self) -> None:
        check_tuple(self.instruments, ("instruments",))
        for index, instrument_id in enumerate(self.instruments):
            check_identifier(instrument_id, ("instruments", index))
        check_int(self.max_missing, ("max_missing",), minimum=1)

    def allows(self, instrument_id: str, missing: int) -> bool:
        """
        Whether *missing* items may be prorated on instrument *instrument_id*.

        Example:
            >>> Prorating().allows("phq-9", 1), Prorating().allows("phq-9", 2)
            (True, False)
            >>> Prorating().allows("gad-7", 1)
            False
        """
        check_identifier(instrument_id, ("instrument_id",))
        check_int(missing, ("missing",), minimum=0)
        return instrument_id in self.instruments and missing <= self.max_missing


@frozen(kw_only=True)
class Administration:
    """
    One completed instrument, scored: the immutable result of `administer`.

    *responses* are the raw answers in item order (``None`` for a prorated missing item);
    *total*, *band*, *thresholds_met*, *caseness*, *risk_flags*, *subscores* and *criteria_met*
    are derived from them by the instrument's definition. *caseness* is None when the
    instrument names no caseness threshold.

    Example:
        >>> from counselcore.measures import PHQ_9, administer
        >>> a = administer(PHQ_9, (0, 0, 1, 0, 0, 0, 0, 0, 1), on=dt.date(2024, 3, 4))
        >>> a.total, a.band, a.caseness, a.risk_flags
        (2, 'minimal', False, ('risk.suicidal_ideation',))
    """

    instrument_id: str
    instrument_version: str
    administered_on: dt.date
    responses: tuple[int | None, ...]
    total: int
    band: str | None = None
    thresholds_met: tuple[str, ...] = ()
    caseness: bool | None = None
    risk_flags: tuple[str, ...] = ()
    subscores: tuple[Subscore, ...] = ()
    criteria_met: tuple[str, ...] = ()
    prorated: bool = False

    def __attrs_post_init__(self) -> None:
        check_identifier(self.instrument_id, ("instrument_id",))
        check_identifier(self.instrument_version, ("instrument_version",))
        check_date(self.administered_on, ("administered_on",))
        check_tuple(self.responses, ("responses",))
        if not self.responses:
            raise fail(("responses",), "structure.non-empty", "must hold at least one response")
        for index, response in enumerate(self.responses):
            if response is not None:
                check_int(response, ("responses", index), minimum=0)
        check_int(self.total, ("total",), minimum=0)
        if self.band is not None:
            check_identifier(self.band, ("band",))
        self._check_results()

    def _check_results(self) -> None:
        for name in ("thresholds_met", "risk_flags", "criteria_met"):
            values = getattr(self, name)
            check_tuple(values, (name,))
            for index, value in enumerate(values):
                check_identifier(value, (name, index))
        check_optional_bool(self.caseness, ("caseness",))
        check_instances(self.subscores, Subscore, ("subscores",))
        check_bool(self.prorated, ("prorated",))
        if not self.prorated and None in self.responses:
            raise fail(
                ("responses",), "structure.missing-item", "has a missing item but is not prorated"
            )

    @property
    def has_risk_flags(self) -> bool:
        """Whether any risk flag was raised."""
        return bool(self.risk_flags)

    def meets(self, name: str) -> bool:
        """
        Whether the threshold or criterion called *name* was met.

        Example:
            >>> from counselcore.measures import PCL_5, administer
            >>> a = administer(PCL_5, (2, 0, 0, 0, 0, 2, 0, 2, 2, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0),
            ...                on=dt.date(2024, 3, 4))
            >>> a.total, a.meets("provisional-ptsd-cluster-rule"), a.meets("provisional-ptsd-cut-score")
            (12, True, False)
        """
        if type(name) is not str:
            raise fail(("name",), "structure.type", "must be a string")
        return name in self.thresholds_met or name in self.criteria_met

    def subscore(self, subscale: str) -> int:
        """
        Return the score of sub-scale *subscale*.

        Raises:
            counselcore.errors.UnknownSubscaleError: If the administration has no such
                sub-score (a `KeyError`).
            counselcore.errors.InvalidValueError: If *subscale* is not a string.

        Example:
            >>> from counselcore.measures import AUDIT, administer
            >>> a = administer(AUDIT, (4, 2, 1, 0, 0, 0, 0, 0, 2, 0), on=dt.date(2024, 3, 4))
            >>> a.subscore("consumption"), a.subscore("harm")
            (7, 2)
        """
        if type(subscale) is not str:
            raise fail(("subscale",), "structure.type", "must be a string")
        for item in self.subscores:
            if item.subscale == subscale:
                return item.score
        raise UnknownSubscaleError(self.instrument_id, subscale)


def _item_violations(
    instrument: Instrument, responses: Sequence[object], skipped: frozenset[int]
) -> tuple[list[Violation], list[int]]:
    """Check each response; return violations and the 0-based indexes of missing items."""
    violations: list[Violation] = []
    missing: list[int] = []
    for index, (item, response) in enumerate(zip(instrument.items, responses, strict=True)):
        evidence = (("item", item.number),)
        if item.number in skipped:
            if response is not None and not (type(response) is int and response == item.options[0]):
                violations.append(
                    Violation(
                        rule="structure.skip-logic",
                        path=("responses", index),
                        message=f"item {item.number} is not asked after the answer to an earlier "
                        "item: leave it None or give its lowest option",
                        evidence=evidence,
                    )
                )
        elif response is None:
            missing.append(index)
        elif type(response) is not int:
            violations.append(
                Violation(
                    rule="structure.type",
                    path=("responses", index),
                    message=f"item {item.number} must be an integer (not a bool, float or text)",
                    evidence=evidence,
                )
            )
        elif response not in item.options:
            allowed = ", ".join(str(option) for option in item.options)
            violations.append(
                Violation(
                    rule="structure.item-value",
                    path=("responses", index),
                    message=f"item {item.number} must be one of {allowed}",
                    evidence=(*evidence, ("allowed", allowed)),
                )
            )
    return violations, missing


def _missing_violations(
    instrument: Instrument, missing: list[int], prorating: Prorating | None
) -> list[Violation]:
    risk_numbers = {risk.item for risk in instrument.risk_items}
    triage_numbers = frozenset() if instrument.triage is None else instrument.triage.items
    allowed = (
        prorating is not None
        and prorating.allows(instrument.id, len(missing))
        and len(missing) < instrument.item_count
    )
    violations: list[Violation] = []
    for index in missing:
        number = index + 1
        if not allowed:
            message = (
                f"item {number} is missing and prorating is not allowed for this instrument"
                if prorating is None or instrument.id not in prorating.instruments
                else f"item {number} is missing: more items are missing than prorating allows"
            )
        elif number in risk_numbers:
            message = f"item {number} is missing: a risk item is never prorated"
        elif number in triage_numbers:
            message = f"item {number} is missing: a triage item is never prorated"
        else:
            continue
        violations.append(
            Violation(
                rule="structure.missing-item",
                path=("responses", index),
                message=message,
                evidence=(("item", number), ("missing", len(missing))),
            )
        )
    return violations


def as_administrations(values: object, path: Path) -> tuple[Administration, ...]:
    """The administrations an API call was given, as a tuple; anything else is refused."""
    return instances_of(values, Administration, path)


def _round_half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


def administer(
    instrument: Instrument,
    responses: Sequence[int | None],
    *,
    on: dt.date,
    prorating: Prorating | None = None,
) -> Administration:
    """
    Validate *responses* to *instrument*, score them and return the `Administration`.

    *responses* holds one raw answer per item, in item order: item *n* is ``responses[n - 1]``.
    DAST-10 answers are 0 for no and 1 for yes; the instrument reverses item 3 itself.
    ``None`` marks a missing item, which is refused unless *prorating* allows it; an item the
    instrument's skip logic leaves unasked may be ``None`` and is recorded as its lowest option.
    Risk flags come from single items, whatever the total (PHQ-9 item 9 of 1 or more raises
    ``risk.suicidal_ideation``, [V] PHQ instruction manual).

    Raises:
        counselcore.errors.ValidationError: Listing every problem, each at the path of the
            item (``("responses", 8)`` is item 9) with the item number as evidence: rules
            ``structure.item-count``, ``structure.type`` (not an int, or a bool),
            ``structure.item-value`` (not one of the item's options, e.g. 1 or 3 on AUDIT
            items 9-10), ``structure.skip-logic`` (an answer to an item that is not asked) and
            ``structure.missing-item``.

    Example:
        >>> from counselcore.measures import DAST_10, PHQ_9
        >>> administer(DAST_10, (0,) * 10, on=dt.date(2024, 3, 4)).total
        1
        >>> administer(PHQ_9, (3, 3, 3, 3, 3, 3, 3, 3, 4), on=dt.date(2024, 3, 4))
        Traceback (most recent call last):
        ...
        counselcore.errors.ValidationError: 1 structural problem: responses[8]: item 9 must be one of
        0, 1, 2, 3 [structure.item-value]
    """
    check_instance(instrument, Instrument, ("instrument",))
    check_date(on, ("on",))
    check_optional_instance(prorating, Prorating, ("prorating",))
    if type(responses) is not tuple and type(responses) is not list:
        raise fail(("responses",), "structure.type", "must be a list or tuple of responses")
    count = instrument.item_count
    if len(responses) != count:
        raise ValidationError(
            [
                Violation(
                    rule="structure.item-count",
                    path=("responses",),
                    message=f"must hold {count} responses, one per item (got {len(responses)})",
                    evidence=(("expected", count), ("got", len(responses))),
                )
            ]
        )
    skipped = instrument.skipped_items(tuple(responses))
    violations, missing = _item_violations(instrument, responses, skipped)
    violations.extend(_missing_violations(instrument, missing, prorating))
    if violations:
        violations.sort(key=lambda v: v.path[1])
        raise ValidationError(violations)
    answers: tuple[int | None, ...] = tuple(
        item.options[0] if item.number in skipped else response
        for item, response in zip(instrument.items, responses, strict=True)
    )
    return _score(instrument, answers, on)


def _score(instrument: Instrument, answers: tuple[int | None, ...], on: dt.date) -> Administration:
    scores = tuple(
        None if answer is None else item.score(answer)
        for item, answer in zip(instrument.items, answers, strict=True)
    )
    answered = [score for score in scores if score is not None]
    complete = len(answered) == len(scores)
    # Prorated: the mean answered item score times the item count, rounded half up.
    prorated = _round_half_up(sum(answered) * len(scores), len(answered)) if answered else 0
    total = sum(answered) if complete else prorated
    flags: list[str] = []
    if instrument.triage is not None:
        verdict = instrument.triage.classify(tuple(answer or 0 for answer in answers))
        total = verdict.level.rank
        flags.extend(instrument.triage.flags(verdict))
    band = instrument.band_for(total)
    met = tuple(t.name for t in instrument.thresholds if t.is_met(total))
    caseness = None
    if instrument.caseness_threshold is not None:
        caseness = instrument.caseness_threshold in met
    for risk in instrument.risk_items:
        answer = answers[risk.item - 1]
        if answer is not None and answer >= risk.at_least and risk.flag not in flags:
            flags.append(risk.flag)
    subscores = tuple(
        Subscore(subscale=s.id, score=sum(scores[n - 1] or 0 for n in s.items))
        for s in instrument.subscales
        if all(scores[n - 1] is not None for n in s.items)
    )
    criteria: tuple[str, ...] = ()
    if complete:
        full = tuple(score or 0 for score in scores)
        criteria = tuple(c.id for c in instrument.criteria if c.is_met(full))
    return Administration(
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        administered_on=on,
        responses=answers,
        total=total,
        band=None if band is None else band.label,
        thresholds_met=met,
        caseness=caseness,
        risk_flags=tuple(flags),
        subscores=subscores,
        criteria_met=criteria,
        prorated=not complete,
    )
