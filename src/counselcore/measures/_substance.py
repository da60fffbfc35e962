"""
DSM-5 substance use disorder: severity, remission, and a diagnosis that agrees with both.

Severity comes from the criteria count; remission from the months without criteria; two rules
keep a diagnosis's code and severity specifier in agreement with the count.

[V] APA DSM-5 (2013) and DSM-5-TR (2022) criteria text: eleven criteria over 12 months; 0-1
criteria no disorder, 2-3 mild, 4-5 moderate, 6 or more severe. Early remission: at least 3
and under 12 months with no criterion met except craving; sustained: 12 months or more.
Tolerance and withdrawal do not count when they occur solely under appropriate medical use.
ICD-10-CM ([V] for F10, [K] for F11-F19, CDC/CMS code set): ``.1x`` (abuse) is the DSM-5 mild
disorder, ``.2x`` (dependence) moderate or severe; tobacco ``F17.2xx`` is moderate or severe.
"""

import datetime as dt
import enum
from collections.abc import Iterable, Iterator

from dateutil.relativedelta import relativedelta

from counselcore._internal.checks import (
    check_bool,
    check_date,
    check_instance,
    check_int,
    fail,
    to_tuple,
)
from counselcore.errors import ValidationError
from counselcore.measures._instrument import ScoreBand
from counselcore.model import Diagnosis, SeveritySpecifier
from counselcore.rules import Finding, Rule, RuleSet
from counselcore.violations import Violation

__all__ = [
    "EARLY_REMISSION_MONTHS",
    "SUD_CRITERIA_COUNT",
    "SUD_DIAGNOSIS_RULES",
    "SUD_SEVERITY_BANDS",
    "SUSTAINED_REMISSION_MONTHS",
    "SubstanceUseCriterion",
    "SubstanceUseRemission",
    "check_sud_diagnosis",
    "count_sud_criteria",
    "diagnose_substance_use",
    "substance_use_remission",
    "substance_use_severity",
]

#: How many DSM-5 substance use disorder criteria there are.
SUD_CRITERIA_COUNT = 11
#: Months without criteria (craving aside) for early remission, and for sustained remission.
EARLY_REMISSION_MONTHS = 3
SUSTAINED_REMISSION_MONTHS = 12

#: Criteria count bands; every label but "none" is a `counselcore.model.SeveritySpecifier` value.
SUD_SEVERITY_BANDS = (
    ScoreBand(label="none", low=0, high=1),
    ScoreBand(label=SeveritySpecifier.MILD.value, low=2, high=3),
    ScoreBand(label=SeveritySpecifier.MODERATE.value, low=4, high=5),
    ScoreBand(label=SeveritySpecifier.SEVERE.value, low=6, high=SUD_CRITERIA_COUNT),
)

_SOURCE = "[V] APA DSM-5 (2013), DSM-5-TR (2022): substance use disorder criteria"
_CODE_SOURCE = "[V] ICD-10-CM F10 coding with DSM-5 ([K] F11-F19); CDC/CMS ICD-10-CM"


class SubstanceUseCriterion(enum.Enum):
    """
    The eleven DSM-5 substance use disorder criteria, as topics in our own words.

    Example:
        >>> len(SubstanceUseCriterion)
        11
    """

    LARGER_OR_LONGER = "larger-amounts-or-longer-than-intended"
    CANNOT_CUT_DOWN = "unsuccessful-efforts-to-cut-down"
    TIME_SPENT = "much-time-obtaining-using-recovering"
    CRAVING = "craving"
    ROLE_FAILURE = "failure-in-major-role-obligations"
    SOCIAL_PROBLEMS = "use-despite-social-problems"
    ACTIVITIES_GIVEN_UP = "activities-given-up"
    HAZARDOUS_USE = "use-in-physically-hazardous-situations"
    HEALTH_PROBLEMS = "use-despite-physical-or-psychological-problems"
    TOLERANCE = "tolerance"
    WITHDRAWAL = "withdrawal"


_MEDICAL_USE_EXEMPT = frozenset({SubstanceUseCriterion.TOLERANCE, SubstanceUseCriterion.WITHDRAWAL})


def count_sud_criteria(
    criteria: Iterable[SubstanceUseCriterion], *, solely_medical_use: bool = False
) -> int:
    """
    Count the distinct criteria met; with *solely_medical_use*, tolerance and withdrawal do not count.

    Pass *solely_medical_use* when tolerance or withdrawal occur only under appropriate medical
    supervision (prescribed opioids, sedatives or stimulants).

    Raises:
        counselcore.errors.InvalidValueError: If *criteria* is not an iterable of
            `SubstanceUseCriterion` members (the bad one is named by its index).

    Example:
        >>> met = [SubstanceUseCriterion.TOLERANCE, SubstanceUseCriterion.WITHDRAWAL,
        ...        SubstanceUseCriterion.CRAVING]
        >>> count_sud_criteria(met), count_sud_criteria(met, solely_medical_use=True)
        (3, 1)
    """
    given = to_tuple(criteria, ("criteria",))
    for index, criterion in enumerate(given):
        if type(criterion) is not SubstanceUseCriterion:
            raise fail(("criteria", index), "structure.type", "must be a SubstanceUseCriterion")
    check_bool(solely_medical_use, ("solely_medical_use",))
    counted = set(given)
    if solely_medical_use:
        counted -= _MEDICAL_USE_EXEMPT
    return len(counted)


def substance_use_severity(criteria_count: int) -> SeveritySpecifier | None:
    """
    Return the DSM-5 severity for *criteria_count* criteria met, or None below 2 (no disorder).

    The answer is the model's `counselcore.model.SeveritySpecifier`, so it goes straight
    onto a `counselcore.model.Diagnosis`.

    Raises:
        counselcore.errors.InvalidValueError: If *criteria_count* is not an int from 0 to 11
            (``structure.type`` / ``structure.range`` at ``criteria_count``).

    Example:
        >>> [getattr(substance_use_severity(n), "value", None) for n in (0, 1, 2, 3, 4, 5, 6, 11)]
        [None, None, 'mild', 'mild', 'moderate', 'moderate', 'severe', 'severe']
    """
    check_int(criteria_count, ("criteria_count",), minimum=0, maximum=SUD_CRITERIA_COUNT)
    # The bands are contiguous over 0-11 (a test holds them to it), so one always matches.
    band = next(band for band in SUD_SEVERITY_BANDS if criteria_count in band)
    return None if band.label == "none" else SeveritySpecifier(band.label)


class SubstanceUseRemission(enum.Enum):
    """
    DSM-5 remission specifier for a substance use disorder.

    Example:
        >>> SubstanceUseRemission.EARLY.value
        'early-remission'
    """

    NOT_IN_REMISSION = "not-in-remission"
    EARLY = "early-remission"
    SUSTAINED = "sustained-remission"


def substance_use_remission(*, criteria_free_since: dt.date, on: dt.date) -> SubstanceUseRemission:
    """
    Return the DSM-5 remission specifier on the day *on*.

    *criteria_free_since* is the first day with no criterion met except craving, after full
    criteria were met. Early remission starts 3 calendar months later and lasts until 12
    months; from 12 months it is sustained (both edges included).

    Raises:
        counselcore.errors.InvalidValueError: If a date is not a `datetime.date`, or *on* is
            before *criteria_free_since* (``structure.date-order`` at ``on``).

    Example:
        >>> since = dt.date(2024, 1, 31)
        >>> [substance_use_remission(criteria_free_since=since, on=d).value
        ...  for d in (dt.date(2024, 4, 29), dt.date(2024, 4, 30), dt.date(2025, 1, 31))]
        ['not-in-remission', 'early-remission', 'sustained-remission']
    """
    check_date(criteria_free_since, ("criteria_free_since",))
    check_date(on, ("on",))
    if on < criteria_free_since:
        raise fail(("on",), "structure.date-order", "must not be before criteria_free_since")
    if on >= criteria_free_since + relativedelta(months=SUSTAINED_REMISSION_MONTHS):
        return SubstanceUseRemission.SUSTAINED
    if on >= criteria_free_since + relativedelta(months=EARLY_REMISSION_MONTHS):
        return SubstanceUseRemission.EARLY
    return SubstanceUseRemission.NOT_IN_REMISSION


def _code_kind(diagnosis: Diagnosis) -> str | None:
    """'mild' for an F1x.1 code, 'moderate-or-severe' for F1x.2, None otherwise."""
    if not diagnosis.is_substance_use or len(diagnosis.code) < 5:  # noqa: PLR2004 - "F10.1"
        return None
    return {"1": "mild", "2": "moderate-or-severe"}.get(diagnosis.code[4])


def _severity_matches_criteria(
    diagnosis: Diagnosis, criteria_count: int | None
) -> Iterator[Finding]:
    if criteria_count is None or not diagnosis.is_substance_use:
        return
    expected = substance_use_severity(criteria_count)
    if expected is None:
        yield Finding(
            path=("specifier",),
            message=(
                f"{criteria_count} of {SUD_CRITERIA_COUNT} criteria met; "
                "a substance use disorder needs 2 or more"
            ),
            evidence=(("criteria_count", criteria_count),),
        )
    elif diagnosis.specifier is not expected:
        given = "none" if diagnosis.specifier is None else diagnosis.specifier.value
        yield Finding(
            path=("specifier",),
            message=f"the specifier is {given} but {criteria_count} criteria give {expected.value}",
            evidence=(
                ("criteria_count", criteria_count),
                ("specifier", given),
                ("expected", expected.value),
            ),
        )


def _code_matches_severity(diagnosis: Diagnosis, _criteria_count: int | None) -> Iterator[Finding]:
    kind = _code_kind(diagnosis)
    specifier = diagnosis.specifier
    if kind is None or specifier is None:
        return
    mild = specifier is SeveritySpecifier.MILD
    if (kind == "mild") != mild:
        yield Finding(
            path=("specifier",),
            message=f"a {kind} code cannot carry the {specifier.value} specifier",
            evidence=(("code_severity", kind), ("specifier", specifier.value)),
        )


#: The rules that keep a substance use diagnosis, its specifier and the criteria count agreeing.
SUD_DIAGNOSIS_RULES: RuleSet[Diagnosis, int | None] = RuleSet(
    name="sud-diagnosis",
    subject_types=(Diagnosis,),
    context_types=(int, type(None)),
    rules=(
        Rule(
            id="measures.sud-severity-matches-criteria",
            description="A substance use diagnosis's severity specifier is the one its DSM-5 "
            "criteria count gives (`SUD_SEVERITY_BANDS`); fewer than 2 criteria is no disorder.",
            check=_severity_matches_criteria,
            source=_SOURCE,
        ),
        Rule(
            id="measures.sud-code-matches-severity",
            description="An ICD-10-CM F1x.1 code carries the mild specifier and an F1x.2 code "
            "moderate or severe.",
            check=_code_matches_severity,
            source=_CODE_SOURCE,
        ),
    ),
)


def check_sud_diagnosis(
    diagnosis: Diagnosis, *, criteria_count: int | None = None
) -> tuple[Violation, ...]:
    """
    Report where a substance use diagnosis, its specifier and its criteria count disagree.

    Without *criteria_count* only the code and specifier are compared. For a code in
    remission (``.11``, ``.21``) pass the count from when the criteria were last met. A
    diagnosis that is not a substance use disorder (outside F10-F19) gives ``()``.

    Raises:
        counselcore.errors.InvalidValueError: If *diagnosis* is not a `Diagnosis` or
            *criteria_count* is not None or an int from 0 to 11.

    Example:
        >>> d = Diagnosis(code="F10.20", specifier=SeveritySpecifier.MILD)
        >>> [v.rule for v in check_sud_diagnosis(d, criteria_count=4)]
        ['measures.sud-severity-matches-criteria', 'measures.sud-code-matches-severity']
        >>> check_sud_diagnosis(Diagnosis(code="F10.20", specifier=SeveritySpecifier.MODERATE),
        ...                     criteria_count=5)
        ()
    """
    check_instance(diagnosis, Diagnosis, ("diagnosis",))
    if criteria_count is not None:
        check_int(criteria_count, ("criteria_count",), minimum=0, maximum=SUD_CRITERIA_COUNT)
    return SUD_DIAGNOSIS_RULES.evaluate(diagnosis, criteria_count).violations


def diagnose_substance_use(code: str, *, criteria_count: int) -> Diagnosis:
    """
    Build a substance use `Diagnosis` whose specifier is derived from *criteria_count*.

    The specifier cannot disagree with the count, and a code that disagrees with it (an
    F1x.1 code with 4 or more criteria, an F1x.2 code with 2-3) is refused.

    Raises:
        counselcore.errors.ValidationError: With the violations of `SUD_DIAGNOSIS_RULES`
            (e.g. fewer than 2 criteria); `counselcore.errors.InvalidValueError` when *code*
            is not an ICD-10-CM substance-related code (F10-F19, ``structure.invalid``).

    Example:
        >>> diagnose_substance_use("F10.20", criteria_count=6).specifier
        <SeveritySpecifier.SEVERE: 'severe'>
        >>> diagnose_substance_use("F10.10", criteria_count=4)
        Traceback (most recent call last):
        ...
        counselcore.errors.ValidationError: 1 structural problem: specifier: a mild code cannot carry
        the moderate specifier [measures.sud-code-matches-severity]
    """
    check_int(criteria_count, ("criteria_count",), minimum=0, maximum=SUD_CRITERIA_COUNT)
    diagnosis = Diagnosis(code=code, specifier=substance_use_severity(criteria_count))
    if not diagnosis.is_substance_use:
        raise fail(("code",), "structure.invalid", "must be a substance-related code (F10-F19)")
    found = check_sud_diagnosis(diagnosis, criteria_count=criteria_count)
    if found:
        raise ValidationError(found)
    return diagnosis
