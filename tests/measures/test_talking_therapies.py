"""NHS Talking Therapies outcome classification, exactly as the NHS Talking Therapies manual defines it."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counselcore.errors import InvalidValueError, ValidationError
from counselcore.measures import (
    DEFAULT_TALKING_THERAPIES_POLICY,
    GAD_7,
    PHQ_9,
    MixedChangeReading,
    RecoveryStatus,
    ReliableChange,
    TalkingTherapiesOutcome,
    TalkingTherapiesPolicy,
    classify_episode,
    classify_talking_therapies,
    has_finished_treatment,
)
from tests.measures.support import administer_total

LENIENT = TalkingTherapiesPolicy(mixed_change=MixedChangeReading.NO_RELIABLE_CHANGE)
phq = st.integers(min_value=0, max_value=27)
gad = st.integers(min_value=0, max_value=21)


def classify(
    d1: int,
    d2: int,
    a1: int,
    a2: int,
    policy: TalkingTherapiesPolicy = DEFAULT_TALKING_THERAPIES_POLICY,
) -> TalkingTherapiesOutcome:
    return classify_talking_therapies(
        phq9_first=d1, phq9_last=d2, gad7_first=a1, gad7_last=a2, policy=policy
    )


class TestCaseness:
    @pytest.mark.parametrize(
        ("d1", "a1", "expected"),
        [(9, 7, False), (10, 7, True), (9, 8, True), (10, 8, True), (0, 0, False)],
    )
    def test_caseness_is_phq9_10_or_gad7_8(self, d1, a1, expected):
        """Caseness: PHQ-9 of 10 or above, or GAD-7 of 8 or above (either or both)."""
        outcome = classify(d1, 0, a1, 0)

        assert outcome.caseness_at_start is expected

    def test_not_at_caseness_makes_recovery_not_applicable(self):
        """PHQ-9 9 and GAD-7 7 at the start: recovery and reliable recovery do not apply."""
        outcome = classify(9, 2, 7, 1)

        assert outcome.recovery is RecoveryStatus.NOT_AT_CASENESS
        assert outcome.recovered is None
        assert outcome.reliable_recovery is None
        assert outcome.reliable_improvement is True


class TestRecovery:
    @pytest.mark.parametrize(
        ("d2", "a2", "recovered"),
        [(9, 7, True), (10, 7, False), (9, 8, False), (0, 0, True)],
    )
    def test_recovery_needs_both_measures_below_threshold_at_the_end(self, d2, a2, recovered):
        """Recovered only when the last PHQ-9 is below 10 and the last GAD-7 below 8."""
        outcome = classify(15, d2, 12, a2)

        assert outcome.recovered is recovered
        assert outcome.caseness_at_end is not recovered

    def test_recovery_from_depression_caseness_only(self):
        """At caseness on the PHQ-9 alone, recovery still needs the GAD-7 below 8 at the end."""
        outcome = classify(12, 8, 3, 8)

        assert outcome.recovery is RecoveryStatus.NOT_RECOVERED


class TestReliableImprovement:
    @pytest.mark.parametrize(("d2", "expected"), [(14, True), (15, False)])
    def test_phq9_fall_of_6_is_reliable_and_5_is_not(self, d2, expected):
        """A PHQ-9 fall of 6 or more is reliable improvement; 5 is not."""
        outcome = classify(20, d2, 10, 10)

        assert outcome.reliable_improvement is expected

    @pytest.mark.parametrize(("a2", "expected"), [(6, True), (7, False)])
    def test_gad7_fall_of_4_is_reliable_and_3_is_not(self, a2, expected):
        """A GAD-7 fall of 4 or more is reliable improvement; 3 is not."""
        outcome = classify(10, 10, 10, a2)

        assert outcome.reliable_improvement is expected

    def test_reliable_worsening_of_the_other_measure_cancels_improvement(self):
        """PHQ-9 falls 6 while GAD-7 rises 4: not reliable improvement."""
        outcome = classify(20, 14, 8, 12)

        assert outcome.reliable_improvement is False
        assert outcome.mixed_change is True

    def test_sub_threshold_rise_on_the_other_measure_does_not_cancel(self):
        """PHQ-9 falls 6 while GAD-7 rises 3: still reliable improvement."""
        outcome = classify(20, 14, 8, 11)

        assert outcome.reliable_improvement is True
        assert outcome.mixed_change is False


class TestReliableDeterioration:
    @pytest.mark.parametrize(("d2", "expected"), [(16, True), (15, False)])
    def test_phq9_rise_of_6_is_deterioration_and_5_is_not(self, d2, expected):
        """A PHQ-9 rise of 6 or more is reliable deterioration; 5 is not."""
        outcome = classify(10, d2, 5, 5)

        assert outcome.reliable_deterioration is expected

    @pytest.mark.parametrize(("a2", "expected"), [(9, True), (8, False)])
    def test_gad7_rise_of_4_is_deterioration_and_3_is_not(self, a2, expected):
        """A GAD-7 rise of 4 or more is reliable deterioration; 3 is not."""
        outcome = classify(5, 5, 5, a2)

        assert outcome.reliable_deterioration is expected

    def test_mixed_change_is_deterioration_under_the_default_reading(self):
        """The default (literal) reading counts mixed change as reliable deterioration."""
        outcome = classify(20, 14, 8, 12)

        assert outcome.reliable_deterioration is True
        assert outcome.change is ReliableChange.DETERIORATION
        assert outcome.no_reliable_change is False

    def test_mixed_change_is_no_reliable_change_under_the_other_reading(self):
        """The alternative reading leaves mixed change as no reliable change."""
        outcome = classify(20, 14, 8, 12, LENIENT)

        assert outcome.reliable_deterioration is False
        assert outcome.reliable_improvement is False
        assert outcome.no_reliable_change is True
        assert outcome.mixed_change is True


class TestReliableRecovery:
    def test_reliable_recovery_needs_recovery_and_reliable_improvement(self):
        """PHQ-9 16 -> 8 and GAD-7 12 -> 6: recovered with reliable improvement."""
        outcome = classify(16, 8, 12, 6)

        assert outcome.reliable_recovery is True

    def test_recovery_without_reliable_improvement_is_not_reliable_recovery(self):
        """PHQ-9 10 -> 9 and GAD-7 8 -> 7: recovered, but no reliable change."""
        outcome = classify(10, 9, 8, 7)

        assert outcome.recovered is True
        assert outcome.reliable_improvement is False
        assert outcome.reliable_recovery is False
        assert outcome.change is ReliableChange.NO_CHANGE

    def test_reliable_improvement_without_recovery_is_not_reliable_recovery(self):
        """PHQ-9 22 -> 14: reliable improvement but still at caseness."""
        outcome = classify(22, 14, 5, 5)

        assert outcome.reliable_improvement is True
        assert outcome.recovered is False
        assert outcome.reliable_recovery is False


class TestLaws:
    @given(d1=phq, d2=phq, a1=gad, a2=gad)
    def test_definitions_hold_for_every_pair(self, d1, d2, a1, a2):
        """Each flag follows its definition, written here independently."""
        outcome = classify(d1, d2, a1, a2)

        fell = d1 - d2 >= 6 or a1 - a2 >= 4
        rose = d2 - d1 >= 6 or a2 - a1 >= 4
        start = d1 >= 10 or a1 >= 8
        end_below = d2 < 10 and a2 < 8
        assert outcome.caseness_at_start is start
        assert outcome.reliable_improvement is (fell and not rose)
        assert outcome.reliable_deterioration is rose
        assert outcome.recovered is (None if not start else end_below)
        assert outcome.reliable_recovery is (None if not start else end_below and fell and not rose)

    @given(d1=phq, d2=phq, a1=gad, a2=gad, reading=st.sampled_from(MixedChangeReading))
    def test_improvement_and_deterioration_exclude_each_other(self, d1, d2, a1, a2, reading):
        """Under either reading, an episode is never both reliably improved and deteriorated."""
        policy = TalkingTherapiesPolicy(mixed_change=reading)

        outcome = classify(d1, d2, a1, a2, policy)

        assert not (outcome.reliable_improvement and outcome.reliable_deterioration)
        assert outcome.no_reliable_change is (
            not outcome.reliable_improvement and not outcome.reliable_deterioration
        )

    @given(d1=phq, d2=phq, a1=gad, a2=gad)
    def test_readings_differ_only_on_mixed_change(self, d1, d2, a1, a2):
        """The two readings agree on every episode that is not a mixed change."""
        literal = classify(d1, d2, a1, a2)
        lenient = classify(d1, d2, a1, a2, LENIENT)

        if not literal.mixed_change:
            assert literal == lenient
        else:
            assert literal.reliable_deterioration
            assert not lenient.reliable_deterioration
            assert not literal.reliable_improvement
            assert not lenient.reliable_improvement


class TestPolicyDefaults:
    def test_default_policy_agrees_with_the_instrument_definitions(self):
        """The policy's caseness and reliable-change amounts equal the PHQ-9 and GAD-7 ones."""
        policy = DEFAULT_TALKING_THERAPIES_POLICY

        assert policy.depression_caseness == PHQ_9.threshold("caseness").at_least
        assert policy.anxiety_caseness == GAD_7.threshold("caseness").at_least
        assert PHQ_9.reliable_change is not None
        assert GAD_7.reliable_change is not None
        assert policy.depression_reliable_change == PHQ_9.reliable_change.points
        assert policy.anxiety_reliable_change == GAD_7.reliable_change.points
        assert policy.mixed_change is MixedChangeReading.DETERIORATION


class TestInputs:
    @pytest.mark.parametrize("bad", [-1, 1.5, True, "10"])
    def test_scores_must_be_non_negative_integers(self, bad):
        """A score that is not a non-negative int is refused naming the argument."""
        with pytest.raises(InvalidValueError) as info:
            classify(bad, 0, 0, 0)

        assert info.value.violations[0].path == ("phq9_first",)

    def test_policy_fields_are_checked(self):
        """A policy with a zero threshold cannot be built."""
        with pytest.raises(InvalidValueError):
            TalkingTherapiesPolicy(depression_reliable_change=0)


class TestClassifyEpisode:
    def test_uses_first_and_last_of_each_measure_whatever_the_input_order(self):
        """The first and last administrations by date are compared; the middle ones are not."""
        days = [dt.date(2024, 1, 8) + dt.timedelta(weeks=w) for w in range(3)]
        episode = [
            administer_total(PHQ_9, 8, days[2]),
            administer_total(GAD_7, 12, days[0]),
            administer_total(PHQ_9, 25, days[1]),
            administer_total(PHQ_9, 16, days[0]),
            administer_total(GAD_7, 6, days[2]),
        ]

        outcome = classify_episode(episode)

        assert outcome == classify(16, 8, 12, 6)

    def test_missing_measure_is_reported(self):
        """An episode with no GAD-7 cannot be classified."""
        with pytest.raises(ValidationError) as info:
            classify_episode([administer_total(PHQ_9, 12)])

        assert info.value.violations[0].path == ("anxiety",)

    def test_non_administrations_are_refused(self):
        """Only administrations may be passed."""
        with pytest.raises(InvalidValueError):
            classify_episode([12, 8])  # type: ignore[list-item]


class TestFinishedTreatment:
    @pytest.mark.parametrize(("attended", "expected"), [(0, False), (1, False), (2, True)])
    def test_two_attended_appointments_finish_a_course(self, attended, expected):
        """A course counts as finished from 2 attended treatment appointments."""
        assert has_finished_treatment(attended) is expected
