"""Trajectories, latest risk flags, reliable-change predicates and objective progress."""

import datetime as dt

import pytest
from attrs import evolve

from counselcore.errors import InvalidValueError
from counselcore.measures import (
    DAST_10,
    GAD_7,
    PHQ_9,
    RciParameters,
    ReliableChange,
    Trajectory,
    is_reliably_deteriorated,
    is_reliably_improved,
    latest_risk_flags,
    objective_progress,
    trajectories,
    trajectory,
)
from counselcore.model import Direction, Metric, MetricKind, Objective
from tests.measures.support import administer_total

D1, D2, D3 = dt.date(2024, 1, 8), dt.date(2024, 2, 5), dt.date(2024, 3, 4)


def phq9_objective(**changes) -> Objective:
    base = Objective(
        objective_id="o1",
        description="PHQ-9 below 10",
        metric=Metric(kind=MetricKind.INSTRUMENT_SCORE, instrument="phq-9"),
        baseline=18,
        target=9,
        due_on=dt.date(2024, 6, 1),
    )
    return evolve(base, **changes)


class TestTrajectory:
    def test_trajectory_sorts_by_date_and_ignores_other_instruments(self):
        """Administrations come out in date order; other instruments are left out."""
        given = [
            administer_total(PHQ_9, 10, D3),
            administer_total(GAD_7, 5, D1),
            administer_total(PHQ_9, 18, D1),
            administer_total(PHQ_9, 14, D2),
        ]

        line = trajectory(given, "phq-9")

        assert line.totals == (18, 14, 10)
        assert line.baseline.administered_on == D1
        assert line.latest.administered_on == D3
        assert line.change_from_baseline == -8

    def test_same_day_administrations_keep_their_order(self):
        """Two forms on one day stay in the order given."""
        line = trajectory([administer_total(GAD_7, 9, D1), administer_total(GAD_7, 3, D1)], "gad-7")

        assert line.totals == (9, 3)

    def test_trajectories_group_by_instrument(self):
        """One trajectory per instrument, ordered by instrument id."""
        given = [administer_total(PHQ_9, 10, D1), administer_total(GAD_7, 5, D1)]

        lines = trajectories(given)

        assert [line.instrument_id for line in lines] == ["gad-7", "phq-9"]

    def test_trajectory_refuses_dates_out_of_order(self):
        """A trajectory built by hand must be in date order."""
        with pytest.raises(InvalidValueError) as info:
            Trajectory(
                instrument_id="phq-9",
                administrations=(administer_total(PHQ_9, 10, D2), administer_total(PHQ_9, 9, D1)),
            )

        assert info.value.violations[0].path == ("administrations", 1, "administered_on")

    def test_trajectory_refuses_another_instrument(self):
        """Every administration of a trajectory is of its instrument."""
        with pytest.raises(InvalidValueError) as info:
            Trajectory(instrument_id="phq-9", administrations=(administer_total(GAD_7, 3, D1),))

        assert info.value.rules == ("structure.reference-resolves",)

    def test_empty_trajectory_is_refused(self):
        """A trajectory has at least one administration."""
        with pytest.raises(InvalidValueError):
            trajectory([administer_total(GAD_7, 3, D1)], "phq-9")


class TestReliableChangeStatus:
    @pytest.mark.parametrize(
        ("latest", "improved", "deteriorated"),
        [(12, True, False), (13, False, False), (24, False, True), (23, False, False)],
    )
    def test_phq9_predicates_at_the_six_point_boundary(self, latest, improved, deteriorated):
        """From 18, PHQ-9 12 is reliably improved, 13 not; 24 reliably worse, 23 not."""
        line = trajectory(
            [administer_total(PHQ_9, 18, D1), administer_total(PHQ_9, latest, D2)], "phq-9"
        )

        assert is_reliably_improved(line, PHQ_9) is improved
        assert is_reliably_deteriorated(line, PHQ_9) is deteriorated

    def test_rci_criterion_can_be_passed_explicitly(self):
        """An explicit RCI criterion overrides the published points."""
        line = trajectory(
            [administer_total(PHQ_9, 20, D1), administer_total(PHQ_9, 15, D2)], "phq-9"
        )
        tight = RciParameters(sd=2, reliability=0.9)

        assert is_reliably_improved(line, PHQ_9) is False
        assert is_reliably_improved(line, PHQ_9, criterion=tight) is True
        assert line.reliable_change(tight) is ReliableChange.IMPROVEMENT

    def test_instrument_without_published_threshold_needs_a_criterion(self):
        """DAST-10 publishes no reliable-change amount, so one must be given."""
        line = trajectory([administer_total(DAST_10, 8, D1)], "dast-10")

        with pytest.raises(InvalidValueError) as info:
            is_reliably_improved(line, DAST_10)

        assert info.value.rules == ("structure.required",)


class TestLatestRiskFlags:
    def test_flag_on_the_latest_form_is_reported(self):
        """A PHQ-9 whose latest item 9 is 1 or more reports the suicidal-ideation flag."""
        earlier = administer_total(PHQ_9, 3, D1)
        latest = administer_total(PHQ_9, 25, D2)

        flags = latest_risk_flags([latest, earlier])

        assert flags == ("risk.suicidal_ideation",)

    def test_flag_cleared_by_a_later_form_is_not_reported(self):
        """An older flag is not reported once a later PHQ-9 no longer raises it."""
        earlier = administer_total(PHQ_9, 25, D1)
        latest = administer_total(PHQ_9, 3, D2)

        assert latest_risk_flags([earlier, latest]) == ()

    def test_other_instruments_do_not_clear_a_phq9_flag(self):
        """A later GAD-7 leaves the latest PHQ-9 flag standing."""
        given = [administer_total(PHQ_9, 25, D1), administer_total(GAD_7, 2, D2)]

        assert latest_risk_flags(given) == ("risk.suicidal_ideation",)

    def test_no_administrations_no_flags(self):
        """Nothing administered, nothing flagged."""
        assert latest_risk_flags([]) == ()


class TestObjectiveProgress:
    def test_progress_toward_a_lower_target(self):
        """Baseline 18, target 9, latest 12: two thirds of the way, not met."""
        line = trajectory(
            [administer_total(PHQ_9, 18, D1), administer_total(PHQ_9, 12, D2)], "phq-9"
        )

        progress = objective_progress(phq9_objective(), line)

        assert progress.fraction == pytest.approx(2 / 3)
        assert progress.met is False
        assert progress.latest == 12

    @pytest.mark.parametrize(("latest", "met"), [(9, True), (10, False), (4, True)])
    def test_target_is_met_at_the_target_and_beyond(self, latest, met):
        """Reaching 9 exactly meets a target of 9; 10 does not."""
        line = trajectory([administer_total(PHQ_9, latest, D2)], "phq-9")

        progress = objective_progress(phq9_objective(), line)

        assert progress.met is met

    def test_moving_away_gives_a_negative_fraction(self):
        """A rise from 18 to 21 is -1/3 of the way to 9."""
        line = trajectory([administer_total(PHQ_9, 21, D2)], "phq-9")

        progress = objective_progress(phq9_objective(), line)

        assert progress.fraction == pytest.approx(-1 / 3)

    def test_missing_baseline_falls_back_to_the_first_total(self):
        """Without a recorded baseline, the trajectory's first total is used."""
        line = trajectory(
            [administer_total(PHQ_9, 15, D1), administer_total(PHQ_9, 12, D2)], "phq-9"
        )

        progress = objective_progress(phq9_objective(baseline=None), line)

        assert progress.baseline == 15
        assert progress.fraction == pytest.approx(0.5)

    def test_increase_direction(self):
        """An increase objective is met at or above its target."""
        objective = phq9_objective(baseline=2, target=6, direction=Direction.INCREASE)
        line = trajectory([administer_total(PHQ_9, 6, D2)], "phq-9")

        progress = objective_progress(objective, line)

        assert (progress.met, progress.fraction) == (True, 1.0)

    @pytest.mark.parametrize(("latest", "met"), [(5, False), (6, True), (7, True)])
    def test_increase_objective_is_met_at_or_above_target(self, latest: int, met: bool):
        """At the boundary: one point short of an increase target is not met (unlike a decrease)."""
        objective = phq9_objective(baseline=2, target=6, direction=Direction.INCREASE)
        line = trajectory([administer_total(PHQ_9, latest, D2)], "phq-9")

        assert objective_progress(objective, line).met is met

    @pytest.mark.parametrize(("latest", "met"), [(8, True), (9, True), (10, False)])
    def test_decrease_objective_is_met_at_or_below_target(self, latest: int, met: bool):
        objective = phq9_objective(baseline=17, target=9)
        line = trajectory([administer_total(PHQ_9, latest, D2)], "phq-9")

        assert objective_progress(objective, line).met is met

    def test_equal_baseline_and_target_give_no_fraction(self):
        """When baseline equals target, the fraction is None."""
        line = trajectory([administer_total(PHQ_9, 9, D2)], "phq-9")

        progress = objective_progress(phq9_objective(baseline=9), line)

        assert progress.fraction is None
        assert progress.met is True

    def test_objective_on_another_instrument_is_refused(self):
        """An objective on the GAD-7 cannot be measured on a PHQ-9 trajectory."""
        objective = phq9_objective(
            metric=Metric(kind=MetricKind.INSTRUMENT_SCORE, instrument="gad-7")
        )
        line = trajectory([administer_total(PHQ_9, 9, D2)], "phq-9")

        with pytest.raises(InvalidValueError) as info:
            objective_progress(objective, line)

        assert info.value.violations[0].path == ("metric", "instrument")

    def test_objective_without_instrument_metric_is_refused(self):
        """A count objective is not an instrument score."""
        objective = phq9_objective(metric=Metric(kind=MetricKind.COUNT))
        line = trajectory([administer_total(PHQ_9, 9, D2)], "phq-9")

        with pytest.raises(InvalidValueError) as info:
            objective_progress(objective, line)

        assert info.value.rules == ("structure.forbidden",)

    def test_objective_without_target_is_refused(self):
        """Progress needs a target."""
        line = trajectory([administer_total(PHQ_9, 9, D2)], "phq-9")

        with pytest.raises(InvalidValueError) as info:
            objective_progress(phq9_objective(target=None), line)

        assert info.value.violations[0].path == ("target",)
