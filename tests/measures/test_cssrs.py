"""The C-SSRS screener: skip logic, the Columbia triage at every rule edge, flags, a replaceable policy."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counselcore.errors import InvalidValueError, ValidationError
from counselcore.measures import (
    COLUMBIA_TRIAGE,
    CSSRS_SCREENER,
    PHQ_9,
    SUICIDAL_IDEATION_FLAG,
    Instrument,
    Item,
    Prorating,
    ScoringRule,
    Triage,
    TriageResult,
    TriageRule,
    administer,
    latest_risk_flags,
    triage,
)
from counselcore.model import RiskLevel
from counselcore.strategies import instrument_responses
from tests.measures.support import DAY

NOT_ASKED = None

# Hand-typed from the Columbia triage guidance (not derived from COLUMBIA_TRIAGE).
CASES = [
    # (responses 1-7, expected level, items that drove it)
    ((0, 0, NOT_ASKED, NOT_ASKED, NOT_ASKED, 0, NOT_ASKED), RiskLevel.NONE, ()),
    ((1, 0, NOT_ASKED, NOT_ASKED, NOT_ASKED, 0, NOT_ASKED), RiskLevel.LOW, (1,)),
    ((0, 1, 0, 0, 0, 0, NOT_ASKED), RiskLevel.LOW, (2,)),
    ((1, 1, 0, 0, 0, 0, NOT_ASKED), RiskLevel.LOW, (1, 2)),
    ((1, 1, 1, 0, 0, 0, NOT_ASKED), RiskLevel.MODERATE, (3,)),
    ((0, 0, NOT_ASKED, NOT_ASKED, NOT_ASKED, 1, 0), RiskLevel.MODERATE, (6,)),
    ((1, 1, 1, 0, 0, 1, 0), RiskLevel.MODERATE, (3, 6)),
    ((1, 1, 0, 1, 0, 0, NOT_ASKED), RiskLevel.HIGH, (4,)),
    ((1, 1, 0, 0, 1, 0, NOT_ASKED), RiskLevel.HIGH, (5,)),
    ((0, 0, NOT_ASKED, NOT_ASKED, NOT_ASKED, 1, 1), RiskLevel.HIGH, (7,)),
    ((1, 1, 1, 1, 1, 1, 1), RiskLevel.HIGH, (4, 5, 7)),
]


class TestColumbiaTriage:
    @pytest.mark.parametrize(("responses", "level", "drivers"), CASES)
    def test_level_and_drivers_follow_the_columbia_scheme(self, responses, level, drivers):
        """Each item decides its level: 1-2 low, 3 or lifetime behaviour moderate, 4-5 or recent behaviour high."""
        result = administer(CSSRS_SCREENER, responses, on=DAY)

        assert triage(result) == TriageResult(level=level, items=drivers)
        assert result.band == level.value
        assert result.total == level.rank

    def test_behaviour_more_than_three_months_ago_is_moderate_and_recent_is_high(self):
        """Item 6 alone is moderate; adding its past-3-months follow-up makes it high."""
        old = administer(CSSRS_SCREENER, (0, 0, None, None, None, 1, 0), on=DAY)
        recent = administer(CSSRS_SCREENER, (0, 0, None, None, None, 1, 1), on=DAY)

        assert (old.band, recent.band) == ("moderate", "high")

    def test_no_summed_score_is_formed(self):
        """Six yes answers of the low kind cannot add up to more than low: the total is a level rank."""
        many = administer(CSSRS_SCREENER, (1, 1, 0, 0, 0, 0, None), on=DAY)
        one = administer(CSSRS_SCREENER, (0, 0, None, None, None, 0, None), on=DAY)

        assert many.total == RiskLevel.LOW.rank
        assert one.total == RiskLevel.NONE.rank
        assert CSSRS_SCREENER.scoring is ScoringRule.TRIAGE
        assert CSSRS_SCREENER.total_range == (0, 3)

    @given(data=st.data())
    def test_another_yes_never_lowers_the_level(self, data):
        """Endorsing one more asked item keeps the level or raises it (the triage is monotone)."""
        responses = data.draw(instrument_responses(CSSRS_SCREENER))
        asked = [
            n
            for n in range(1, 8)
            if n not in CSSRS_SCREENER.skipped_items(responses) and responses[n - 1] == 0
        ]
        if not asked:
            return
        number = data.draw(st.sampled_from(asked))
        more = tuple(1 if n == number else r for n, r in enumerate(responses, start=1))
        more = tuple(
            0 if n in CSSRS_SCREENER.skipped_items(more) else r for n, r in enumerate(more, start=1)
        )

        before = administer(CSSRS_SCREENER, responses, on=DAY)
        after = administer(CSSRS_SCREENER, more, on=DAY)

        assert after.total >= before.total

    @given(instrument_responses(CSSRS_SCREENER))
    def test_drivers_are_endorsed_items_of_the_winning_level(self, responses):
        """The items named are all endorsed and all belong to a rule at the reported level."""
        result = triage(administer(CSSRS_SCREENER, responses, on=DAY))

        at_level = {
            n for rule in COLUMBIA_TRIAGE.rules if rule.level is result.level for n in rule.items
        }
        assert all(responses[n - 1] == 1 for n in result.items)
        assert set(result.items) <= at_level
        assert (result.level is RiskLevel.NONE) == (not any(responses))


class TestSkipLogic:
    def test_items_3_to_5_are_not_asked_after_a_no_to_item_2(self):
        """With item 2 no, None or 0 for items 3-5 is accepted and recorded as 0."""
        result = administer(CSSRS_SCREENER, (1, 0, None, 0, None, 0, None), on=DAY)

        assert result.responses == (1, 0, 0, 0, 0, 0, 0)

    @pytest.mark.parametrize("index", [2, 3, 4])
    def test_a_yes_to_an_unasked_item_is_refused_at_its_path(self, index):
        """Answering yes to item 3, 4 or 5 after a no to item 2 is a skip-logic error."""
        responses: list[int | None] = [1, 0, None, None, None, 0, None]
        responses[index] = 1

        with pytest.raises(ValidationError) as info:
            administer(CSSRS_SCREENER, responses, on=DAY)

        assert info.value.rules == ("structure.skip-logic",)
        assert info.value.violations[0].path == ("responses", index)

    def test_item_7_must_be_answered_after_a_yes_to_item_6(self):
        """The past-3-months follow-up is asked after a yes to item 6, so None is missing."""
        with pytest.raises(ValidationError) as info:
            administer(CSSRS_SCREENER, (0, 0, None, None, None, 1, None), on=DAY)

        assert info.value.rules == ("structure.missing-item",)

    def test_items_3_to_5_must_be_answered_after_a_yes_to_item_2(self):
        """With item 2 yes, items 3-5 are asked, so a gap is a missing item."""
        with pytest.raises(ValidationError) as info:
            administer(CSSRS_SCREENER, (0, 1, None, 0, 0, 0, None), on=DAY)

        assert info.value.paths == ("responses[2]",)

    def test_triage_items_are_never_prorated(self):
        """Even a prorating policy naming the screener cannot fill a triage item."""
        policy = Prorating(instruments=("c-ssrs-screener",), max_missing=1)

        with pytest.raises(ValidationError, match="triage item"):
            administer(CSSRS_SCREENER, (0, 1, 0, None, 0, 0, None), on=DAY, prorating=policy)

    def test_a_bool_for_an_unasked_item_is_refused(self):
        """True is not an answer, even where nothing is asked."""
        with pytest.raises(ValidationError):
            administer(CSSRS_SCREENER, (0, 0, True, None, None, 0, None), on=DAY)


class TestFlags:
    @pytest.mark.parametrize(("responses", "level", "drivers"), CASES)
    def test_any_positive_screen_raises_the_suicide_risk_flag(self, responses, level, drivers):
        """Low, moderate and high raise risk.suicidal_ideation; none raises nothing."""
        result = administer(CSSRS_SCREENER, responses, on=DAY)

        expected = () if level is RiskLevel.NONE else (SUICIDAL_IDEATION_FLAG,)
        assert result.risk_flags == expected
        assert drivers == triage(result).items

    def test_the_latest_screen_is_what_the_crisis_check_sees(self):
        """A later negative screen clears the flag in latest_risk_flags, as for the PHQ-9."""
        positive = administer(CSSRS_SCREENER, (1, 0, None, None, None, 0, None), on=DAY)
        later = administer(
            CSSRS_SCREENER, (0, 0, None, None, None, 0, None), on=DAY.replace(day=22)
        )

        assert latest_risk_flags([positive]) == (SUICIDAL_IDEATION_FLAG,)
        assert latest_risk_flags([positive, later]) == ()


class TestReplaceablePolicy:
    def test_a_service_convention_changes_the_level_not_the_form(self):
        """With a stricter triage, thoughts with a method are high; the skip logic is unchanged."""
        strict = CSSRS_SCREENER.with_triage(
            Triage(
                rules=(
                    TriageRule(level=RiskLevel.LOW, items=(1, 2)),
                    TriageRule(level=RiskLevel.HIGH, items=(3, 4, 5, 6)),
                ),
                flag=SUICIDAL_IDEATION_FLAG,
            )
        )
        responses = (1, 1, 1, 0, 0, 0, None)

        assert administer(strict, responses, on=DAY).band == "high"
        assert administer(CSSRS_SCREENER, responses, on=DAY).band == "moderate"
        assert strict.skips == CSSRS_SCREENER.skips

    def test_a_triage_without_a_flag_raises_none(self):
        """The flag is part of the policy: a convention with no flag raises none."""
        quiet = CSSRS_SCREENER.with_triage(
            Triage(rules=(TriageRule(level=RiskLevel.HIGH, items=(1,)),))
        )

        result = administer(quiet, (1, 0, None, None, None, 0, None), on=DAY)

        assert (result.band, result.risk_flags) == ("high", ())

    def test_flag_from_sets_the_lowest_flagged_level(self):
        """With flag_from=moderate a low screen raises no flag and a moderate one does."""
        policy = Triage(
            rules=COLUMBIA_TRIAGE.rules, flag=SUICIDAL_IDEATION_FLAG, flag_from=RiskLevel.MODERATE
        )
        ours = CSSRS_SCREENER.with_triage(policy)

        low = administer(ours, (1, 0, None, None, None, 0, None), on=DAY)
        moderate = administer(ours, (1, 1, 1, 0, 0, 0, None), on=DAY)

        assert (low.risk_flags, moderate.risk_flags) == ((), (SUICIDAL_IDEATION_FLAG,))


class TestStructure:
    def test_triage_scoring_needs_a_triage_and_no_bands(self):
        """Triage scoring without a triage, or a triage beside summed scoring, is refused."""
        items = (Item(number=1, topic="a", options=(0, 1)),)
        rule = Triage(rules=(TriageRule(level=RiskLevel.LOW, items=(1,)),))

        with pytest.raises(InvalidValueError) as missing:
            Instrument(id="x", name="X", version="1", items=items, scoring=ScoringRule.TRIAGE)
        with pytest.raises(InvalidValueError) as extra:
            Instrument(id="x", name="X", version="1", items=items, triage=rule)

        assert missing.value.paths == extra.value.paths == ("triage",)

    def test_a_triage_rule_must_name_existing_items(self):
        """A rule naming item 8 of a seven-item form is refused at its path."""
        bad = Triage(rules=(TriageRule(level=RiskLevel.HIGH, items=(8,)),))

        with pytest.raises(InvalidValueError) as info:
            CSSRS_SCREENER.with_triage(bad)

        assert info.value.paths == ("triage.rules[0].items[0]",)

    def test_no_rule_lowers_risk_and_verdicts_are_consistent(self):
        """A rule at level none, or a verdict with drivers but no level, is refused."""
        with pytest.raises(InvalidValueError):
            TriageRule(level=RiskLevel.NONE, items=(1,))
        with pytest.raises(InvalidValueError):
            TriageResult(level=RiskLevel.NONE, items=(1,))
        with pytest.raises(InvalidValueError):
            TriageResult(level=RiskLevel.LOW, items=())

    def test_triage_refuses_another_instrument_or_no_triage(self):
        """triage() names the mismatch: another instrument's administration or a summed instrument."""
        phq = administer(PHQ_9, (0,) * 9, on=DAY)
        screen = administer(CSSRS_SCREENER, (0, 0, None, None, None, 0, None), on=DAY)

        with pytest.raises(InvalidValueError) as other:
            triage(phq)
        with pytest.raises(InvalidValueError) as summed:
            triage(screen, PHQ_9)

        assert other.value.paths == ("administration.instrument_id",)
        assert summed.value.paths == ("instrument.triage",)

    def test_licence_is_recorded_as_not_public_domain(self):
        """The definition notes that the C-SSRS is copyrighted and not public domain."""
        assert "Not public domain" in CSSRS_SCREENER.licence
