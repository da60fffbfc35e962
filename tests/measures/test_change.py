"""Jacobson & Truax reliable change, clinical cut-offs and categories."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counselcore.errors import InvalidValueError
from counselcore.measures import (
    GAD_7,
    PCL_5,
    PHQ_9,
    ClinicalCutoff,
    CutoffCriterion,
    JacobsonTruaxCategory,
    Norms,
    PointsThreshold,
    RciParameters,
    ReliableChange,
    classify_change,
    clinical_cutoff,
    jacobson_truax,
    reliable_change_index,
)

WORKED = RciParameters(sd=5, reliability=0.84)
NORMS = Norms(dysfunctional_mean=18, dysfunctional_sd=5, functional_mean=6, functional_sd=3)
scores = st.integers(min_value=0, max_value=80)


class TestRciFormula:
    def test_worked_example_by_hand(self):
        """
        Reproduces a hand-worked example.

        SD = 5, r = .84: SE = 5 * sqrt(1 - .84) = 5 * .4 = 2.
        S_diff = sqrt(2 * 2^2) = sqrt(8) = 2.8284.
        Pre 20, post 12: RC = (12 - 20) / 2.8284 = -2.8284, |RC| > 1.96: reliable improvement.
        Raw threshold 1.96 * 2.8284 = 5.5437 points.
        """
        se = WORKED.standard_error
        s_diff = WORKED.standard_error_of_difference
        rc = WORKED.index(20, 12)

        assert se == pytest.approx(2.0)
        assert s_diff == pytest.approx(math.sqrt(8))
        assert rc == pytest.approx(-8 / math.sqrt(8))
        assert rc == pytest.approx(-2.8284, abs=1e-4)
        assert WORKED.threshold_points == pytest.approx(5.5437, abs=1e-4)
        assert classify_change(20, 12, WORKED) is ReliableChange.IMPROVEMENT

    def test_function_form_matches_the_parameters(self):
        """reliable_change_index() equals RciParameters.index()."""
        value = reliable_change_index(20, 12, sd=5, reliability=0.84)

        assert value == WORKED.index(20, 12)

    def test_rc_of_exactly_1_96_is_not_reliable(self):
        """
        The criterion is strict, as Jacobson & Truax wrote it.

        SD = 1, r = .5: S_diff = sqrt(2 * .5) = 1, so a change of 1.96 gives RC = 1.96 exactly.
        """
        params = RciParameters(sd=1, reliability=0.5)

        at = params.index(0, 1.96)

        assert at == 1.96
        assert not params.is_reliable(0, 1.96)
        assert params.is_reliable(0, 1.97)
        assert classify_change(1.96, 0, params) is ReliableChange.NO_CHANGE
        assert classify_change(1.97, 0, params) is ReliableChange.IMPROVEMENT

    @pytest.mark.parametrize(
        ("kwargs", "path"),
        [
            ({"sd": 0, "reliability": 0.8}, ("sd",)),
            ({"sd": -1, "reliability": 0.8}, ("sd",)),
            ({"sd": 5, "reliability": 1}, ("reliability",)),
            ({"sd": 5, "reliability": 1.2}, ("reliability",)),
            ({"sd": 5, "reliability": -0.1}, ("reliability",)),
            ({"sd": float("nan"), "reliability": 0.8}, ("sd",)),
            ({"sd": True, "reliability": 0.8}, ("sd",)),
        ],
    )
    def test_parameters_are_checked(self, kwargs, path):
        """SD must be positive and reliability in [0, 1)."""
        with pytest.raises(InvalidValueError) as info:
            RciParameters(**kwargs)

        assert info.value.violations[0].path == path

    @given(pre=scores, post=scores)
    def test_rc_is_antisymmetric(self, pre, post):
        """Swapping pre and post flips the sign of RC."""
        forward = WORKED.index(pre, post)
        backward = WORKED.index(post, pre)

        assert forward == pytest.approx(-backward)

    @given(pre=scores, post=scores)
    def test_improvement_and_deterioration_swap_with_direction(self, pre, post):
        """On a higher-is-better scale, the same change reads the other way."""
        worse = classify_change(pre, post, WORKED, higher_is_worse=True)
        better = classify_change(pre, post, WORKED, higher_is_worse=False)

        swapped = {
            ReliableChange.IMPROVEMENT: ReliableChange.DETERIORATION,
            ReliableChange.DETERIORATION: ReliableChange.IMPROVEMENT,
            ReliableChange.NO_CHANGE: ReliableChange.NO_CHANGE,
        }
        assert better is swapped[worse]


class TestPublishedPointThresholds:
    @pytest.mark.parametrize(
        ("instrument", "points"),
        [(PHQ_9, 6), (GAD_7, 4), (PCL_5, 5)],
        ids=["phq-9", "gad-7", "pcl-5"],
    )
    def test_fall_of_the_threshold_is_reliable_and_one_less_is_not(self, instrument, points):
        """Published raw-point thresholds are inclusive: 'N or more' points."""
        criterion = instrument.reliable_change

        at = classify_change(20, 20 - points, criterion)
        below = classify_change(20, 20 - points + 1, criterion)
        rise = classify_change(10, 10 + points, criterion)
        small_rise = classify_change(10, 10 + points - 1, criterion)

        assert at is ReliableChange.IMPROVEMENT
        assert below is ReliableChange.NO_CHANGE
        assert rise is ReliableChange.DETERIORATION
        assert small_rise is ReliableChange.NO_CHANGE

    def test_pcl5_threshold_is_marked_approximate(self):
        """The PCL-5 five-point threshold is documented as approximate."""
        assert PCL_5.reliable_change is not None
        assert PCL_5.reliable_change.approximate is True

    def test_no_change_is_never_reliable(self):
        """Equal scores are no reliable change, even with a tiny threshold."""
        assert classify_change(7, 7, PointsThreshold(points=0.5)) is ReliableChange.NO_CHANGE

    @pytest.mark.parametrize("points", [0, -1, float("inf")])
    def test_threshold_must_be_positive_and_finite(self, points):
        """A points threshold is a positive finite number."""
        with pytest.raises(InvalidValueError):
            PointsThreshold(points=points)


class TestClinicalCutoffs:
    def test_worked_cutoffs_by_hand(self):
        """
        Reproduces hand-worked cut-offs.

        M_dys = 18, SD_dys = 5, M_func = 6, SD_func = 3 (higher is worse):
        a = 18 - 2 * 5 = 8; b = 6 + 2 * 3 = 12;
        c = (3 * 18 + 5 * 6) / (3 + 5) = (54 + 30) / 8 = 10.5.
        """
        values = [clinical_cutoff(NORMS, c).value for c in CutoffCriterion]

        assert values == [8, 12, 10.5]

    def test_higher_is_better_flips_the_signs(self):
        """
        On a higher-is-better scale a and b move the other way; c is unchanged.

        M_dys = 20, SD_dys = 4, M_func = 30, SD_func = 6:
        a = 20 + 8 = 28; b = 30 - 12 = 18; c = (6 * 20 + 4 * 30) / 10 = 24.
        """
        norms = Norms(
            dysfunctional_mean=20,
            dysfunctional_sd=4,
            functional_mean=30,
            functional_sd=6,
            higher_is_worse=False,
        )

        values = [clinical_cutoff(norms, c).value for c in CutoffCriterion]

        assert values == [28, 18, 24]

    def test_equal_sds_give_the_midpoint(self):
        """With equal SDs, c is the midpoint of the two means."""
        norms = Norms(dysfunctional_mean=16, dysfunctional_sd=4, functional_mean=4, functional_sd=4)

        cut = clinical_cutoff(norms, CutoffCriterion.C)

        assert cut.value == 10

    @pytest.mark.parametrize(
        ("criterion", "missing"),
        [
            (CutoffCriterion.A, "dysfunctional_mean"),
            (CutoffCriterion.B, "functional_mean"),
            (CutoffCriterion.C, "dysfunctional_mean"),
        ],
    )
    def test_missing_norms_are_reported(self, criterion, missing):
        """A criterion without the norms it needs raises structure.required."""
        norms = Norms(dysfunctional_mean=None, functional_mean=None)

        with pytest.raises(InvalidValueError) as info:
            clinical_cutoff(norms, criterion)

        assert info.value.violations[0].path == (missing,)
        assert info.value.rules == ("structure.required",)

    @pytest.mark.parametrize(
        ("criterion", "missing"),
        [
            (CutoffCriterion.A, "dysfunctional_sd"),
            (CutoffCriterion.B, "functional_sd"),
            (CutoffCriterion.C, "dysfunctional_sd"),
        ],
    )
    def test_missing_sds_are_reported(self, criterion, missing):
        """With the means given, a criterion still needs its SDs, named in the error."""
        norms = Norms(dysfunctional_mean=18, functional_mean=4)

        with pytest.raises(InvalidValueError) as info:
            clinical_cutoff(norms, criterion)

        assert (info.value.violations[0].path, info.value.rules) == (
            (missing,),
            ("structure.required",),
        )
        assert info.value.violations[0].message == "is required by this cut-off criterion"

    def test_criterion_c_names_a_missing_functional_sd(self):
        norms = Norms(dysfunctional_mean=18, dysfunctional_sd=5, functional_mean=4)

        with pytest.raises(InvalidValueError) as info:
            clinical_cutoff(norms, CutoffCriterion.C)

        assert info.value.violations[0].path == ("functional_sd",)

    def test_criterion_c_refuses_two_zero_sds(self):
        """Criterion c weighs the means by the SDs: both 0 leaves no weighting (structure.range)."""
        norms = Norms(dysfunctional_mean=18, dysfunctional_sd=0, functional_mean=4, functional_sd=0)

        with pytest.raises(InvalidValueError) as info:
            clinical_cutoff(norms, CutoffCriterion.C)

        assert info.value.violations[0].path == ("functional_sd",)
        assert info.value.rules == ("structure.range",)
        assert info.value.violations[0].message == "the two SDs must not both be 0"

    @pytest.mark.parametrize(("sd_dys", "sd_func", "value"), [(1, 0, 4), (0, 1, 18), (1, 1, 11)])
    def test_criterion_c_with_one_zero_sd_is_the_other_mean(self, sd_dys, sd_func, value):
        """The weighted mean leans wholly to the group with no spread (sum of SDs 1 is fine)."""
        norms = Norms(
            dysfunctional_mean=18, dysfunctional_sd=sd_dys, functional_mean=4, functional_sd=sd_func
        )

        assert clinical_cutoff(norms, CutoffCriterion.C).value == value

    def test_criterion_a_needs_only_dysfunctional_norms(self):
        """Criterion a works without functional norms."""
        norms = Norms(dysfunctional_mean=18, dysfunctional_sd=5)

        assert clinical_cutoff(norms, CutoffCriterion.A).value == 8

    @pytest.mark.parametrize(
        ("criterion", "value", "at", "inside", "outside"),
        [
            (CutoffCriterion.A, 8, False, 7.9, 8.1),
            (CutoffCriterion.B, 12, True, 11.9, 12.1),
            (CutoffCriterion.C, 10.5, False, 10.4, 10.6),
        ],
    )
    def test_functional_side_at_and_around_the_cutoff(self, criterion, value, at, inside, outside):
        """a and c need the score strictly past the cut-off; b includes it ('within 2 SD')."""
        cut = ClinicalCutoff(value=value, criterion=criterion)

        assert cut.is_functional(value) is at
        assert cut.is_functional(inside) is True
        assert cut.is_functional(outside) is False

    def test_functional_side_on_a_higher_is_better_scale(self):
        """On a higher-is-better scale, scores above the cut-off are functional."""
        cut = ClinicalCutoff(value=25, criterion=CutoffCriterion.C, higher_is_worse=False)

        assert (cut.is_functional(24), cut.is_functional(25), cut.is_functional(26)) == (
            False,
            False,
            True,
        )


class TestJacobsonTruaxCategories:
    CUT = ClinicalCutoff(value=10.5, criterion=CutoffCriterion.C)

    @pytest.mark.parametrize(
        ("pre", "post", "category", "crossed"),
        [
            # RC = -11 / 2.83 = -3.89 and 9 < 10.5: recovered.
            (20, 9, JacobsonTruaxCategory.RECOVERED, True),
            # RC = -8 / 2.83 = -2.83 but 12 > 10.5: improved.
            (20, 12, JacobsonTruaxCategory.IMPROVED, False),
            # RC = -5 / 2.83 = -1.77: unchanged, although 10 crossed the cut-off.
            (15, 10, JacobsonTruaxCategory.UNCHANGED, True),
            # RC = +6 / 2.83 = 2.12: deteriorated.
            (10, 16, JacobsonTruaxCategory.DETERIORATED, False),
            # Started functional, improved reliably: improved, not recovered.
            (10, 2, JacobsonTruaxCategory.IMPROVED, False),
        ],
    )
    def test_categories_on_hand_worked_pairs(self, pre, post, category, crossed):
        """Each pair lands in the category computed by hand with SD 5, r .84, c = 10.5."""
        result = jacobson_truax(pre, post, criterion=WORKED, cutoff=self.CUT)

        assert result.category is category
        assert result.crossed_cutoff is crossed

    @given(pre=scores, post=scores)
    def test_category_agrees_with_reliable_change(self, pre, post):
        """Recovered and improved need reliable improvement; deteriorated reliable worsening."""
        result = jacobson_truax(pre, post, criterion=WORKED, cutoff=self.CUT)

        expected = {
            JacobsonTruaxCategory.RECOVERED: ReliableChange.IMPROVEMENT,
            JacobsonTruaxCategory.IMPROVED: ReliableChange.IMPROVEMENT,
            JacobsonTruaxCategory.UNCHANGED: ReliableChange.NO_CHANGE,
            JacobsonTruaxCategory.DETERIORATED: ReliableChange.DETERIORATION,
        }
        assert result.change is expected[result.category]
        if result.category is JacobsonTruaxCategory.RECOVERED:
            assert result.crossed_cutoff

    def test_points_threshold_works_as_the_criterion(self):
        """A published points threshold can replace the RCI."""
        cut = ClinicalCutoff(value=10, criterion=CutoffCriterion.B)
        assert PHQ_9.reliable_change is not None

        result = jacobson_truax(16, 10, criterion=PHQ_9.reliable_change, cutoff=cut)

        assert result.category is JacobsonTruaxCategory.RECOVERED
