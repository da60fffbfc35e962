"""
Boundary values of the measures' checks and verdicts that no other test pinned down.

Each test answers a mutant the mutation run (``scripts/mutation``) left alive: a bound moved
by one, a comparison loosened, an accumulator overwritten, a path renamed, and nothing failed.
"""

import dataclasses
from typing import Any, cast

import attrs
import pytest

from counselcore.errors import InvalidValueError
from counselcore.measures import (
    BUILTIN_INSTRUMENTS,
    GAD_7,
    PHQ_9,
    SUD_CRITERIA_COUNT,
    SUD_SEVERITY_BANDS,
    CutoffCriterion,
    Instrument,
    Item,
    MeasurementBasedCarePolicy,
    Norms,
    ScoreBand,
    Skip,
    TalkingTherapiesPolicy,
    Triage,
    TriageResult,
    TriageRule,
    check_sud_diagnosis,
    classify_episode,
    classify_talking_therapies,
    clinical_cutoff,
    diagnose_substance_use,
    has_responded,
    trajectory,
)
from counselcore.model import RiskLevel
from tests.measures.support import DAY, administer_total


@dataclasses.dataclass(frozen=True)
class Refusal:
    path: tuple[object, ...]
    rule: str


def refusal(error: pytest.ExceptionInfo[InvalidValueError]) -> Refusal:
    (violation,) = error.value.violations
    return Refusal(violation.path, violation.rule)


def toy_instrument(low_option: int, count: int) -> Instrument:
    """An instrument whose totals run from ``low_option * count`` (not 0) upward by `count`."""
    options = (low_option, low_option + 1)
    low, high = low_option * count, (low_option + 1) * count
    return Instrument(
        id="toy",
        name="Toy",
        version="1",
        items=tuple(Item(number=n, topic=f"t{n}", options=options) for n in range(1, count + 1)),
        bands=(ScoreBand(label="all", low=low, high=high),),
    )


class TestMeasurementBasedCare:
    def test_a_fall_just_short_of_the_response_share_is_no_response(self):
        # 26 -> 1 is a 96.2 % fall: short of 97 %, though 1 % more weight would pass it.
        policy = MeasurementBasedCarePolicy(response_percent=97)
        short = trajectory(
            (administer_total(PHQ_9, 26), administer_total(PHQ_9, 1, DAY.replace(month=3))),
            "phq-9",
        )
        enough = trajectory(
            (administer_total(PHQ_9, 26), administer_total(PHQ_9, 0, DAY.replace(month=3))),
            "phq-9",
        )
        assert not has_responded(short, policy=policy)
        assert has_responded(enough, policy=policy)

    def test_remission_may_be_set_at_the_highest_total(self):
        assert MeasurementBasedCarePolicy(remission_below=27).remission_below == 27
        with pytest.raises(InvalidValueError) as error:
            MeasurementBasedCarePolicy(remission_below=28)
        assert refusal(error) == Refusal(("remission_below",), "structure.range")


class TestSubstanceUse:
    def test_the_severity_bands_cover_every_count_once(self):
        covered = [n for band in SUD_SEVERITY_BANDS for n in range(band.low, band.high + 1)]
        assert covered == list(range(SUD_CRITERIA_COUNT + 1))

    @pytest.mark.parametrize(
        "call",
        [
            lambda n: diagnose_substance_use("F10.20", criteria_count=n),
            lambda n: check_sud_diagnosis(
                diagnose_substance_use("F10.20", criteria_count=6), criteria_count=n
            ),
        ],
        ids=["diagnose_substance_use", "check_sud_diagnosis"],
    )
    def test_criteria_counts_stop_at_eleven(self, call):
        call(SUD_CRITERIA_COUNT)
        with pytest.raises(InvalidValueError) as error:
            call(SUD_CRITERIA_COUNT + 1)
        assert refusal(error) == Refusal(("criteria_count",), "structure.range")


class TestTriage:
    @pytest.mark.parametrize("record", [TriageRule, TriageResult])
    def test_item_numbers_stop_at_200(self, record):
        assert record(level=RiskLevel.HIGH, items=(200,)).items == (200,)
        with pytest.raises(InvalidValueError) as error:
            record(level=RiskLevel.HIGH, items=(201,))
        assert refusal(error) == Refusal(("items", 0), "structure.range")

    def test_every_rule_at_the_winning_level_names_its_items(self):
        triage = Triage(
            rules=(
                TriageRule(level=RiskLevel.LOW, items=(1,)),
                TriageRule(level=RiskLevel.HIGH, items=(2,)),
                TriageRule(level=RiskLevel.HIGH, items=(3,)),
                TriageRule(level=RiskLevel.LOW, items=(4,)),
            )
        )
        assert triage.classify((1, 1, 1, 1)) == TriageResult(level=RiskLevel.HIGH, items=(2, 3))

    @pytest.mark.parametrize(
        ("scores", "path"),
        [([1, 0], ("scores",)), ((1, "yes"), ("scores", 1)), ((1, -1), ("scores", 1))],
    )
    def test_bad_scores_are_named(self, scores, path):
        triage = Triage(rules=(TriageRule(level=RiskLevel.LOW, items=(1,)),))
        with pytest.raises(InvalidValueError) as error:
            triage.classify(scores)
        assert refusal(error).path == path

    def test_flags_names_a_result_of_the_wrong_type(self):
        triage = Triage(rules=(TriageRule(level=RiskLevel.LOW, items=(1,)),))
        with pytest.raises(InvalidValueError) as error:
            triage.flags(cast("Any", RiskLevel.LOW))
        assert refusal(error) == Refusal(("result",), "structure.type")


class TestClinicalCutoff:
    def test_criterion_c_names_the_missing_functional_mean(self):
        norms = Norms(dysfunctional_mean=15, dysfunctional_sd=5, functional_sd=3)
        with pytest.raises(InvalidValueError) as error:
            clinical_cutoff(norms, CutoffCriterion.C)
        assert refusal(error) == Refusal(("functional_mean",), "structure.required")


class TestTalkingTherapiesPolicy:
    def test_caseness_may_be_the_highest_total(self):
        assert TalkingTherapiesPolicy(anxiety_caseness=21).anxiety_caseness == 21

    def test_caseness_must_lie_above_an_instruments_lowest_total(self):
        catalog = BUILTIN_INSTRUMENTS.register(toy_instrument(low_option=1, count=3))  # 3-6
        policy = TalkingTherapiesPolicy(
            depression_instrument="toy",
            depression_caseness=4,
            depression_reliable_change=3,
            instruments=catalog,
        )
        assert policy.depression_caseness == 4
        with pytest.raises(InvalidValueError) as error:
            TalkingTherapiesPolicy(
                depression_instrument="toy",
                depression_caseness=3,
                depression_reliable_change=3,
                instruments=catalog,
            )
        assert refusal(error) == Refusal(("depression_caseness",), "structure.range")

    def test_reliable_change_stops_at_the_width_of_the_range(self):
        catalog = BUILTIN_INSTRUMENTS.register(toy_instrument(low_option=1, count=3))  # 3-6
        settings: dict[str, Any] = {"depression_instrument": "toy", "depression_caseness": 4}
        assert (
            TalkingTherapiesPolicy(
                **settings, depression_reliable_change=3, instruments=catalog
            ).depression_reliable_change
            == 3
        )
        with pytest.raises(InvalidValueError) as error:
            TalkingTherapiesPolicy(**settings, depression_reliable_change=4, instruments=catalog)
        assert refusal(error) == Refusal(("depression_reliable_change",), "structure.range")

    def test_a_one_point_range_allows_a_one_point_reliable_change_only(self):
        catalog = BUILTIN_INSTRUMENTS.register(toy_instrument(low_option=0, count=1))  # 0-1
        settings: dict[str, Any] = {"depression_instrument": "toy", "depression_caseness": 1}
        TalkingTherapiesPolicy(**settings, depression_reliable_change=1, instruments=catalog)
        with pytest.raises(InvalidValueError) as error:
            TalkingTherapiesPolicy(**settings, depression_reliable_change=2, instruments=catalog)
        assert refusal(error) == Refusal(("depression_reliable_change",), "structure.range")


class TestClassifyEpisode:
    def test_the_policy_reaches_the_classification(self):
        # PHQ-9 9 -> 3, GAD-7 5 -> 1: below the default caseness (10 and 8), at a caseness of 9.
        episode = (
            administer_total(PHQ_9, 9),
            administer_total(GAD_7, 5),
            administer_total(PHQ_9, 3, DAY.replace(month=3)),
            administer_total(GAD_7, 1, DAY.replace(month=3)),
        )
        lenient = TalkingTherapiesPolicy(depression_caseness=9)
        assert classify_episode(episode) == classify_talking_therapies(
            phq9_first=9, phq9_last=3, gad7_first=5, gad7_last=1
        )
        assert classify_episode(episode, policy=lenient) == classify_talking_therapies(
            phq9_first=9, phq9_last=3, gad7_first=5, gad7_last=1, policy=lenient
        )
        assert classify_episode(episode) != classify_episode(episode, policy=lenient)


class TestChainedSkips:
    def test_an_unasked_item_counts_as_its_lowest_option_for_the_next_skip(self):
        chained = attrs.evolve(
            toy_instrument(low_option=0, count=3),
            skips=(
                Skip(when_item=1, below=1, items=(2,)),
                Skip(when_item=2, below=1, items=(3,)),
            ),
        )
        assert chained.skipped_items((0, None, None)) == frozenset({2, 3})
        assert chained.skipped_items((1, 1, None)) == frozenset()


class TestRequireTotal:
    def test_the_name_it_reports_under_must_be_an_identifier(self):
        with pytest.raises(InvalidValueError) as error:
            PHQ_9.require_total(5, name=cast("Any", None))
        assert refusal(error) == Refusal(("name",), "structure.type")


class TestTrajectoryOrder:
    def test_administrations_out_of_date_order_are_refused(self):
        first = administer_total(PHQ_9, 10)
        later = administer_total(PHQ_9, 5, DAY.replace(month=3))
        line = trajectory((first, later), "phq-9")
        with pytest.raises(InvalidValueError) as error:
            attrs.evolve(line, administrations=(later, first))
        assert refusal(error) == Refusal(
            ("administrations", 1, "administered_on"), "structure.date-order"
        )
        assert error.value.violations[0].message == "must not be before the previous administration"
