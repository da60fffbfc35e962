"""Every public entry point of counselcore.measures refuses wrong types with our errors."""

import pytest

from counselcore.errors import UnknownSubscaleError, UnknownThresholdError
from counselcore.measures import (
    AUDIT,
    BUILTIN_INSTRUMENTS,
    COLUMBIA_TRIAGE,
    CSSRS_SCREENER,
    DEFAULT_MBC_POLICY,
    GAD_7,
    PCL_5,
    PHQ_9,
    ClinicalCutoff,
    CountRequirement,
    CutoffCriterion,
    Norms,
    Prorating,
    RciParameters,
    SubstanceUseCriterion,
    TriageResult,
    administer,
    check_sud_diagnosis,
    classify_change,
    classify_episode,
    classify_talking_therapies,
    clinical_cutoff,
    cms159_remission,
    count_sud_criteria,
    diagnose_substance_use,
    has_finished_treatment,
    has_responded,
    instrument_table,
    is_in_remission,
    is_reliably_deteriorated,
    is_reliably_improved,
    jacobson_truax,
    latest_risk_flags,
    objective_progress,
    reliable_change_index,
    substance_use_remission,
    substance_use_severity,
    trajectories,
    trajectory,
    triage,
)
from counselcore.model import Diagnosis, Metric, MetricKind, Objective, RiskLevel
from tests.measures.support import DAY
from tests.probing import Call, outcome, wrong_calls

PHQ = administer(PHQ_9, (1,) * 9, on=DAY)
GAD = administer(GAD_7, (1,) * 7, on=DAY)
LINE = trajectory([PHQ], "phq-9")
OBJECTIVE = Objective(
    objective_id="o1",
    description="PHQ-9 below 10",
    metric=Metric(kind=MetricKind.INSTRUMENT_SCORE, instrument="phq-9"),
    baseline=18,
    target=9,
)
RCI = RciParameters(sd=5, reliability=0.84)
SCREEN = administer(CSSRS_SCREENER, (0, 0, None, None, None, 0, None), on=DAY)
DEPRESSION = Diagnosis(code="F33.1")
ALCOHOL = Diagnosis(code="F10.20")
CUT = ClinicalCutoff(value=10.5, criterion=CutoffCriterion.C)
NORMS = Norms(dysfunctional_mean=18, dysfunctional_sd=5, functional_mean=6, functional_sd=3)
SCORES = {"phq9_first": 10, "phq9_last": 2, "gad7_first": 9, "gad7_last": 1}
REQUIREMENT = CountRequirement(items=(1, 2), at_least=1)
ASSERT_RC = PHQ_9.reliable_change
assert ASSERT_RC is not None

CALLS: list[Call] = [
    ("administer", administer, (PHQ_9, (1,) * 9), {"on": DAY, "prorating": Prorating()}),
    ("classify_change", classify_change, (10, 4, ASSERT_RC), {"higher_is_worse": True}),
    ("classify_episode", classify_episode, ([PHQ, GAD],), {}),
    ("classify_talking_therapies", classify_talking_therapies, (), SCORES),
    ("clinical_cutoff", clinical_cutoff, (NORMS, CutoffCriterion.C), {}),
    ("has_finished_treatment", has_finished_treatment, (3,), {}),
    ("is_reliably_deteriorated", is_reliably_deteriorated, (LINE, PHQ_9), {}),
    ("is_reliably_improved", is_reliably_improved, (LINE, PHQ_9), {}),
    ("jacobson_truax", jacobson_truax, (20, 9), {"criterion": RCI, "cutoff": CUT}),
    ("latest_risk_flags", latest_risk_flags, ([PHQ],), {}),
    ("objective_progress", objective_progress, (OBJECTIVE, LINE), {}),
    ("reliable_change_index", reliable_change_index, (20, 12), {"sd": 5, "reliability": 0.84}),
    ("trajectories", trajectories, ([PHQ],), {}),
    ("trajectory", trajectory, ([PHQ], "phq-9"), {}),
    ("catalog.get", BUILTIN_INSTRUMENTS.get, ("phq-9",), {}),
    ("catalog.register", BUILTIN_INSTRUMENTS.without("phq-9").register, (PHQ_9,), {}),
    ("catalog.replace", BUILTIN_INSTRUMENTS.replace, (PHQ_9,), {}),
    ("catalog.get_by_loinc", BUILTIN_INSTRUMENTS.get_by_loinc, ("44261-6",), {}),
    ("instrument.threshold", PHQ_9.threshold, ("caseness",), {}),
    ("instrument.band_for", PHQ_9.band_for, (3,), {}),
    ("instrument.with_threshold", PHQ_9.with_threshold, ("caseness", 9), {}),
    ("item.score", PHQ_9.items[0].score, (1,), {}),
    ("threshold.is_met", PHQ_9.thresholds[0].is_met, (3,), {}),
    ("points.is_reached", ASSERT_RC.is_reached, (3,), {}),
    ("requirement.is_met", REQUIREMENT.is_met, (frozenset({1}),), {}),
    ("criterion.is_met", PCL_5.criteria[0].is_met, ((0,) * 20,), {}),
    ("criterion.endorsed", PCL_5.criteria[0].endorsed, ((0,) * 20,), {}),
    ("rci.index", RCI.index, (1, 2), {}),
    ("rci.is_reliable", RCI.is_reliable, (1, 2), {}),
    ("cutoff.is_functional", CUT.is_functional, (1,), {}),
    ("prorating.allows", Prorating().allows, ("phq-9", 1), {}),
    ("administration.meets", PHQ.meets, ("caseness",), {}),
    ("administration.subscore", administer(AUDIT, (0,) * 10, on=DAY).subscore, ("harm",), {}),
    ("trajectory.reliable_change", LINE.reliable_change, (ASSERT_RC,), {}),
    ("triage", triage, (SCREEN, CSSRS_SCREENER), {}),
    ("has_responded", has_responded, (LINE,), {"policy": DEFAULT_MBC_POLICY}),
    ("is_in_remission", is_in_remission, (LINE,), {"policy": DEFAULT_MBC_POLICY}),
    ("cms159_remission", cms159_remission, (LINE, [DEPRESSION]), {"policy": DEFAULT_MBC_POLICY}),
    ("mbc.window", DEFAULT_MBC_POLICY.window, (DAY,), {}),
    ("mbc.qualifies", DEFAULT_MBC_POLICY.qualifies, (DEPRESSION,), {}),
    ("substance_use_severity", substance_use_severity, (4,), {}),
    (
        "substance_use_remission",
        substance_use_remission,
        (),
        {"criteria_free_since": DAY, "on": DAY},
    ),
    ("count_sud_criteria", count_sud_criteria, ([SubstanceUseCriterion.CRAVING],), {}),
    ("check_sud_diagnosis", check_sud_diagnosis, (ALCOHOL,), {"criteria_count": 5}),
    ("diagnose_substance_use", diagnose_substance_use, ("F10.20",), {"criteria_count": 5}),
    ("instrument.require_total", PHQ_9.require_total, (3,), {"name": "total"}),
    ("instrument.skipped_items", CSSRS_SCREENER.skipped_items, ((0,) * 7,), {}),
    ("instrument.with_triage", CSSRS_SCREENER.with_triage, (COLUMBIA_TRIAGE,), {}),
    ("triage.classify", COLUMBIA_TRIAGE.classify, ((0,) * 7,), {}),
    ("triage.flags", COLUMBIA_TRIAGE.flags, (TriageResult(level=RiskLevel.LOW, items=(1,)),), {}),
    ("instrument_table", instrument_table, (BUILTIN_INSTRUMENTS,), {}),
    ("catalog.without", BUILTIN_INSTRUMENTS.without, ("audit",), {}),
]

#: Wrong-looking values that are valid: optional arguments given None, a float where any
#: number will do, True for a flag, an empty collection, and "x" where any name will do.
ACCEPTED = frozenset(
    {
        "administer-prorating-None",
        "classify_change-0-1.5",
        "classify_change-1-1.5",
        "is_reliably_deteriorated-criterion-None",
        "is_reliably_improved-criterion-None",
        "jacobson_truax-0-1.5",
        "jacobson_truax-1-1.5",
        "reliable_change_index-0-1.5",
        "reliable_change_index-1-1.5",
        "reliable_change_index-sd-1.5",
        "points.is_reached-0-1.5",
        "rci.index-0-1.5",
        "rci.index-1-1.5",
        "rci.is_reliable-0-1.5",
        "rci.is_reliable-1-1.5",
        "cutoff.is_functional-0-1.5",
        "classify_change-higher_is_worse-True",
        "latest_risk_flags-0-[]",
        "latest_risk_flags-0-()",
        "trajectories-0-[]",
        "trajectories-0-()",
        "instrument.with_threshold-0-'x'",
        "criterion.is_met-0-()",
        "criterion.endorsed-0-()",
        "prorating.allows-0-'x'",
        "administration.meets-0-'x'",
        "cms159_remission-1-[]",
        "cms159_remission-1-()",
        "count_sud_criteria-0-[]",
        "count_sud_criteria-0-()",
        "check_sud_diagnosis-criteria_count-None",
        "instrument.require_total-name-'x'",
        "triage.classify-0-()",
    }
)


class TestWrongTypes:
    @pytest.mark.parametrize(
        ("function", "args", "kwargs", "valid"), wrong_calls(CALLS, accepted=ACCEPTED)
    )
    def test_refusals_are_ours_and_name_a_path(self, function, args, kwargs, valid):
        """A wrong type raises a CounselcoreError naming a structure.* rule and a path, never a bare TypeError."""
        result = outcome(function, args, kwargs)

        assert result == ("accepted" if valid else "refused")

    def test_unknown_names_raise_lookup_errors_that_are_still_key_errors(self):
        """Unknown threshold and sub-score names raise our errors, which stay KeyErrors."""
        audit = administer(AUDIT, (0,) * 10, on=DAY)

        with pytest.raises(UnknownThresholdError) as threshold:
            PHQ_9.threshold("remission")
        with pytest.raises(UnknownSubscaleError) as subscale:
            audit.subscore("cluster-b-intrusion")

        assert isinstance(threshold.value, KeyError)
        assert (threshold.value.instrument_id, threshold.value.name) == ("phq-9", "remission")
        assert isinstance(subscale.value, KeyError)
        assert subscale.value.subscale == "cluster-b-intrusion"
