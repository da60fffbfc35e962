"""
NHS Talking Therapies (formerly IAPT) outcome classification for paired PHQ-9/GAD-7 scores.

Definitions follow the NHS Talking Therapies outcome definitions ([V] NHS Talking Therapies manual; NHS Digital 2016
via PMC8411661; Gyani 2013), in our own words. Scores compared are the first and the last of
an episode ([V] NHS England). Every threshold is inclusive: caseness is "10 or above" / "8 or
above", reliable change "6 or more" / "4 or more" points.
"""

import enum
from collections.abc import Iterable

from attrs import field, frozen

from counselcore._internal.checks import (
    check_bool,
    check_enum,
    check_identifier,
    check_instance,
    check_int,
    check_optional_bool,
    fail,
)
from counselcore.errors import ValidationError
from counselcore.measures._administer import Administration, as_administrations
from counselcore.measures._catalog import BUILTIN_INSTRUMENTS, InstrumentCatalog
from counselcore.measures._change import ReliableChange
from counselcore.measures._instrument import Instrument
from counselcore.violations import Violation

__all__ = [
    "DEFAULT_TALKING_THERAPIES_POLICY",
    "MixedChangeReading",
    "RecoveryStatus",
    "TalkingTherapiesOutcome",
    "TalkingTherapiesPolicy",
    "classify_episode",
    "classify_talking_therapies",
    "has_finished_treatment",
]


class MixedChangeReading(enum.Enum):
    """
    How to read a *mixed* change: one measure reliably improves while the other reliably worsens.

    Reliable improvement is false either way. Whether it is reliable deterioration is not
    pinned down by the sources ([?] the NHS manual text does not settle it), so both readings are offered.

    Example:
        >>> MixedChangeReading.DETERIORATION.value
        'deterioration'
    """

    #: The literal definition: a reliable rise on at least one measure is deterioration.
    DETERIORATION = "deterioration"
    #: Mixed change is neither reliable improvement nor reliable deterioration.
    NO_RELIABLE_CHANGE = "no-reliable-change"


class RecoveryStatus(enum.Enum):
    """
    Recovery for one episode; not applicable when the first scores were not at caseness.

    Example:
        >>> RecoveryStatus.NOT_AT_CASENESS.value
        'not-at-caseness'
    """

    RECOVERED = "recovered"
    NOT_RECOVERED = "not-recovered"
    NOT_AT_CASENESS = "not-at-caseness"


@frozen(kw_only=True)
class TalkingTherapiesPolicy:
    """
    The thresholds and choices of the classification, defaulting to the published ones.

    Caseness: depression measure 10 or above, anxiety measure 8 or above. Reliable change:
    6 points on the PHQ-9, 4 on the GAD-7 ([V] PMC8411661; ieso/IAPT analysis code).
    A service may swap in an anxiety-disorder-specific measure by setting *anxiety_instrument*
    and its thresholds (none are shipped: their thresholds are not verified here).
    *finished_treatment_sessions* is the attended-appointment count for a finished course (2).
    *instruments* defines the two measures (the built-in catalog by default): their ids must
    resolve there, and totals outside an instrument's range are refused.

    Example:
        >>> DEFAULT_TALKING_THERAPIES_POLICY.anxiety_caseness
        8
        >>> TalkingTherapiesPolicy(anxiety_caseness=22)
        Traceback (most recent call last):
        ...
        counselcore.errors.InvalidValueError: 1 structural problem: anxiety_caseness: must lie in
        1-21, the gad-7 totals above the lowest [structure.range]
    """

    depression_instrument: str = "phq-9"
    anxiety_instrument: str = "gad-7"
    depression_caseness: int = 10
    anxiety_caseness: int = 8
    depression_reliable_change: int = 6
    anxiety_reliable_change: int = 4
    mixed_change: MixedChangeReading = MixedChangeReading.DETERIORATION
    finished_treatment_sessions: int = 2
    instruments: InstrumentCatalog = field(default=BUILTIN_INSTRUMENTS, repr=False)

    def __attrs_post_init__(self) -> None:
        check_instance(self.instruments, InstrumentCatalog, ("instruments",))
        for side in ("depression", "anxiety"):
            instrument_id = getattr(self, f"{side}_instrument")
            check_identifier(instrument_id, (f"{side}_instrument",))
            if instrument_id not in self.instruments:
                raise fail(
                    (f"{side}_instrument",),
                    "structure.reference-resolves",
                    "names no instrument of the policy's catalog",
                )
            low, high = self.instruments.get(instrument_id).total_range
            check_int(getattr(self, f"{side}_caseness"), (f"{side}_caseness",), minimum=1)
            if not low < getattr(self, f"{side}_caseness") <= high:
                raise fail(
                    (f"{side}_caseness",),
                    "structure.range",
                    f"must lie in {low + 1}-{high}, the {instrument_id} totals above the lowest",
                )
            name = f"{side}_reliable_change"
            check_int(getattr(self, name), (name,), minimum=1, maximum=max(1, high - low))
        check_enum(self.mixed_change, MixedChangeReading, ("mixed_change",))
        check_int(self.finished_treatment_sessions, ("finished_treatment_sessions",), minimum=1)

    @property
    def depression(self) -> Instrument:
        """The depression measure's definition (PHQ-9 by default)."""
        return self.instruments.get(self.depression_instrument)

    @property
    def anxiety(self) -> Instrument:
        """The anxiety measure's definition (GAD-7 by default)."""
        return self.instruments.get(self.anxiety_instrument)


#: The published definitions, with mixed change read literally as deterioration.
DEFAULT_TALKING_THERAPIES_POLICY = TalkingTherapiesPolicy()


@frozen(kw_only=True)
class TalkingTherapiesOutcome:
    """
    The outcome of one episode by NHS Talking Therapies definitions.

    *recovery* is `RecoveryStatus.NOT_AT_CASENESS` when neither first score was at caseness;
    *reliable_recovery* is then None (not applicable). *mixed_change* records that one measure
    reliably improved and the other reliably worsened, whichever reading the policy chose.

    Example:
        >>> o = classify_talking_therapies(phq9_first=16, phq9_last=8, gad7_first=12, gad7_last=6)
        >>> o.recovery.value, o.reliable_improvement, o.reliable_recovery, o.change.value
        ('recovered', True, True, 'reliable-improvement')
    """

    caseness_at_start: bool
    caseness_at_end: bool
    recovery: RecoveryStatus
    reliable_improvement: bool
    reliable_deterioration: bool
    reliable_recovery: bool | None
    mixed_change: bool

    def __attrs_post_init__(self) -> None:
        for name in (
            "caseness_at_start",
            "caseness_at_end",
            "reliable_improvement",
            "reliable_deterioration",
            "mixed_change",
        ):
            check_bool(getattr(self, name), (name,))
        check_enum(self.recovery, RecoveryStatus, ("recovery",))
        check_optional_bool(self.reliable_recovery, ("reliable_recovery",))

    @property
    def recovered(self) -> bool | None:
        """True or False, or None when recovery does not apply (not at caseness at the start)."""
        if self.recovery is RecoveryStatus.NOT_AT_CASENESS:
            return None
        return self.recovery is RecoveryStatus.RECOVERED

    @property
    def no_reliable_change(self) -> bool:
        """Neither reliable improvement nor reliable deterioration."""
        return not self.reliable_improvement and not self.reliable_deterioration

    @property
    def change(self) -> ReliableChange:
        """The reliable-change verdict as one value."""
        if self.reliable_improvement:
            return ReliableChange.IMPROVEMENT
        if self.reliable_deterioration:
            return ReliableChange.DETERIORATION
        return ReliableChange.NO_CHANGE


def classify_talking_therapies(
    *,
    phq9_first: int,
    phq9_last: int,
    gad7_first: int,
    gad7_last: int,
    policy: TalkingTherapiesPolicy = DEFAULT_TALKING_THERAPIES_POLICY,
) -> TalkingTherapiesOutcome:
    """
    Classify an episode from its first and last depression (PHQ-9) and anxiety (GAD-7) totals.

    - Caseness: PHQ-9 >= 10 or GAD-7 >= 8 (either or both).
    - Recovery: at caseness first, and below both thresholds last; not applicable otherwise.
    - Reliable improvement: a fall of >= 6 (PHQ-9) or >= 4 (GAD-7) on at least one measure,
      and neither measure rose by its reliable-change amount.
    - Reliable deterioration: a rise of at least the reliable-change amount on at least one
      measure; a mixed change counts only under `MixedChangeReading.DETERIORATION` (default).
    - Reliable recovery: recovery and reliable improvement.
    - No reliable change: neither reliable improvement nor reliable deterioration.

    Raises:
        counselcore.errors.InvalidValueError: If a score is not an integer or lies outside its
            instrument's range (PHQ-9 0-27, GAD-7 0-21; rule ``structure.range``, the path is
            the argument's name).

    Example:
        >>> o = classify_talking_therapies(phq9_first=9, phq9_last=3, gad7_first=7, gad7_last=2)
        >>> o.recovery.value, o.reliable_improvement, o.reliable_recovery
        ('not-at-caseness', True, None)
        >>> mixed = dict(phq9_first=20, phq9_last=14, gad7_first=8, gad7_last=12)
        >>> classify_talking_therapies(**mixed).change.value
        'reliable-deterioration'
        >>> lenient = TalkingTherapiesPolicy(mixed_change=MixedChangeReading.NO_RELIABLE_CHANGE)
        >>> classify_talking_therapies(**mixed, policy=lenient).change.value
        'no-reliable-change'
    """
    check_instance(policy, TalkingTherapiesPolicy, ("policy",))
    d1 = policy.depression.require_total(phq9_first, name="phq9_first")
    d2 = policy.depression.require_total(phq9_last, name="phq9_last")
    a1 = policy.anxiety.require_total(gad7_first, name="gad7_first")
    a2 = policy.anxiety.require_total(gad7_last, name="gad7_last")
    p = policy
    case_start = d1 >= p.depression_caseness or a1 >= p.anxiety_caseness
    case_end = d2 >= p.depression_caseness or a2 >= p.anxiety_caseness
    improved = d1 - d2 >= p.depression_reliable_change or a1 - a2 >= p.anxiety_reliable_change
    worsened = d2 - d1 >= p.depression_reliable_change or a2 - a1 >= p.anxiety_reliable_change
    mixed = improved and worsened
    reliable_improvement = improved and not worsened
    reliable_deterioration = worsened and (
        not mixed or p.mixed_change is MixedChangeReading.DETERIORATION
    )
    if not case_start:
        recovery = RecoveryStatus.NOT_AT_CASENESS
        reliable_recovery = None
    else:
        recovery = RecoveryStatus.NOT_RECOVERED if case_end else RecoveryStatus.RECOVERED
        reliable_recovery = recovery is RecoveryStatus.RECOVERED and reliable_improvement
    return TalkingTherapiesOutcome(
        caseness_at_start=case_start,
        caseness_at_end=case_end,
        recovery=recovery,
        reliable_improvement=reliable_improvement,
        reliable_deterioration=reliable_deterioration,
        reliable_recovery=reliable_recovery,
        mixed_change=mixed,
    )


def _first_and_last(
    administrations: tuple[Administration, ...], instrument_id: str, name: str
) -> tuple[Administration, Administration]:
    chosen = [a for a in administrations if a.instrument_id == instrument_id]
    if not chosen:
        raise ValidationError(
            [
                Violation(
                    rule="structure.required",
                    path=(name,),
                    message=f"needs at least one {instrument_id} administration",
                    evidence=(("instrument", instrument_id),),
                )
            ]
        )
    ordered = sorted(chosen, key=lambda a: a.administered_on)
    return ordered[0], ordered[-1]


def classify_episode(
    administrations: Iterable[Administration],
    *,
    policy: TalkingTherapiesPolicy = DEFAULT_TALKING_THERAPIES_POLICY,
) -> TalkingTherapiesOutcome:
    """
    Classify an episode from all its administrations: the first and last of each paired measure.

    Administrations of other instruments are ignored; ties on a date keep the given order.

    Raises:
        counselcore.errors.ValidationError: If the depression or the anxiety measure was never
            administered (rule ``structure.required``), or a response total is invalid.

    Example:
        >>> import datetime as dt
        >>> from counselcore.measures import GAD_7, PHQ_9, administer
        >>> d1, d2 = dt.date(2024, 1, 8), dt.date(2024, 3, 4)
        >>> episode = [
        ...     administer(PHQ_9, (2, 2, 2, 2, 2, 1, 1, 1, 0), on=d1),
        ...     administer(GAD_7, (2, 2, 2, 1, 1, 1, 1), on=d1),
        ...     administer(PHQ_9, (1, 1, 1, 1, 1, 0, 0, 0, 0), on=d2),
        ...     administer(GAD_7, (1, 1, 1, 0, 0, 0, 0), on=d2),
        ... ]
        >>> classify_episode(episode).reliable_recovery
        True
    """
    given = as_administrations(administrations, ("administrations",))
    check_instance(policy, TalkingTherapiesPolicy, ("policy",))
    d_first, d_last = _first_and_last(given, policy.depression_instrument, "depression")
    a_first, a_last = _first_and_last(given, policy.anxiety_instrument, "anxiety")
    return classify_talking_therapies(
        phq9_first=d_first.total,
        phq9_last=d_last.total,
        gad7_first=a_first.total,
        gad7_last=a_last.total,
        policy=policy,
    )


def has_finished_treatment(
    attended_sessions: int, *, policy: TalkingTherapiesPolicy = DEFAULT_TALKING_THERAPIES_POLICY
) -> bool:
    """
    Whether a referral that ended after *attended_sessions* treatment appointments counts.

    Only episodes with at least 2 attended treatment appointments enter outcome rates
    ([V] PHE Fingertips glossary; NHS Digital).

    Example:
        >>> has_finished_treatment(1), has_finished_treatment(2)
        (False, True)
    """
    check_int(attended_sessions, ("attended_sessions",), minimum=0)
    check_instance(policy, TalkingTherapiesPolicy, ("policy",))
    return attended_sessions >= policy.finished_treatment_sessions
