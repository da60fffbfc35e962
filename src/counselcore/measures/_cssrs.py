"""
The Columbia suicide-risk screener (C-SSRS screen version) and its triage convention.

Item topics are our own labels ([V] Posner 2011): the form's wording is copyrighted and not
reproduced. The official method has no summed score; the triage is item-based.
"""

from counselcore._internal.checks import check_instance, fail
from counselcore.measures._administer import Administration
from counselcore.measures._builtin import SUICIDAL_IDEATION_FLAG
from counselcore.measures._instrument import Instrument, Item, ScoringRule, Skip
from counselcore.measures._triage import Triage, TriageResult, TriageRule
from counselcore.model import RiskLevel

__all__ = ["COLUMBIA_TRIAGE", "CSSRS_SCREENER", "triage"]

_TOPICS = (
    "wish-to-be-dead",
    "non-specific-active-suicidal-thoughts",
    "thoughts-with-method",
    "intent-without-specific-plan",
    "intent-with-specific-plan",
    "suicidal-behaviour-lifetime",
    "suicidal-behaviour-past-3-months",
)

#: The Columbia triage colour scheme, as data ([V] Columbia triage guidance; Posner 2011).
COLUMBIA_TRIAGE = Triage(
    rules=(
        TriageRule(level=RiskLevel.LOW, items=(1, 2)),
        TriageRule(level=RiskLevel.MODERATE, items=(3, 6)),
        TriageRule(level=RiskLevel.HIGH, items=(4, 5, 7)),
    ),
    endorsed_at=1,
    flag=SUICIDAL_IDEATION_FLAG,
    flag_from=RiskLevel.LOW,
    source="[V] Columbia C-SSRS screener triage guidance; Posner K et al. 2011",
)
"""The Columbia triage: high for yes to item 4 or 5 or behaviour in the past 3 months (item 7);
moderate for yes to item 3 or behaviour only longer ago (item 6 without 7); low for yes to item
1 or 2 only; none otherwise. Any level from low up raises ``risk.suicidal_ideation``.

Vendors that sum "yes" answers do not follow the Columbia method ([?] vendor variation); a
service with another convention builds its own `Triage` and uses
``CSSRS_SCREENER.with_triage(...)``.
"""

CSSRS_SCREENER = Instrument(
    id="c-ssrs-screener",
    name="Columbia-Suicide Severity Rating Scale, screen version",
    version="2011",
    items=tuple(
        Item(number=number, topic=topic, options=(0, 1))
        for number, topic in enumerate(_TOPICS, start=1)
    ),
    scoring=ScoringRule.TRIAGE,
    triage=COLUMBIA_TRIAGE,
    skips=(
        Skip(when_item=2, below=1, items=(3, 4, 5)),
        Skip(when_item=6, below=1, items=(7,)),
    ),
    recall_window="past month (ideation); lifetime and past 3 months (behaviour)",
    loinc_panel=None,
    loinc_total=None,
    licence=(
        "(c) The Research Foundation for Mental Hygiene; free for clinical, community and "
        "government use without permission; commercial and trial use licensed. Not public "
        "domain [K] cssrs.columbia.edu."
    ),
    source="Posner K et al. Am J Psychiatry 2011;168:1266-77 [V]; https://cssrs.columbia.edu",
)
"""C-SSRS screener: six yes/no items (0 = no, 1 = yes) plus item 6's "past 3 months" follow-up.

Items: 1 wish to be dead; 2 non-specific active suicidal thoughts; 3 thoughts with a method; 4
intent without a specific plan; 5 intent with a specific plan (1-5: past month); 6 suicidal
behaviour, lifetime; 7 (the form's item 6 follow-up) behaviour within the past 3 months. Flow
([V] Columbia screener): if item 2 is no, items 3-5 are not asked; item 7 is asked only after a
yes to item 6. Scored by `COLUMBIA_TRIAGE`: the total is the risk level's rank (0 none, 1 low,
2 moderate, 3 high) and the band is the level. LOINC: not verified ([?]): None.
"""


def triage(administration: Administration, instrument: Instrument = CSSRS_SCREENER) -> TriageResult:
    """
    Return the risk level an administration of a triage *instrument* reaches, and the items that drove it.

    The verdict is read from the recorded responses under *instrument*'s `Triage`, so it names
    the items behind the level; the level's rank is also the administration's total when it
    was administered under the same convention.

    Raises:
        counselcore.errors.InvalidValueError: If *administration* is not of *instrument*
            (``structure.reference-resolves``), *instrument* has no triage
            (``structure.required``) or the response count differs from the item count
            (``structure.item-count``).

    Example:
        >>> import datetime as dt
        >>> from counselcore.measures import administer
        >>> a = administer(CSSRS_SCREENER, (1, 1, 0, 0, 0, 1, 0), on=dt.date(2024, 3, 4))
        >>> a.band, a.risk_flags
        ('moderate', ('risk.suicidal_ideation',))
        >>> triage(a)
        TriageResult(level=<RiskLevel.MODERATE: 'moderate'>, items=(6,))
    """
    check_instance(administration, Administration, ("administration",))
    check_instance(instrument, Instrument, ("instrument",))
    if instrument.triage is None:
        raise fail(("instrument", "triage"), "structure.required", "is required to triage")
    if administration.instrument_id != instrument.id:
        raise fail(
            ("administration", "instrument_id"),
            "structure.reference-resolves",
            "must be the triage instrument's id",
        )
    if len(administration.responses) != instrument.item_count:
        raise fail(
            ("administration", "responses"),
            "structure.item-count",
            f"must hold {instrument.item_count} responses, one per item",
        )
    scores = tuple(response or 0 for response in administration.responses)
    return instrument.triage.classify(scores)
