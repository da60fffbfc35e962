import datetime as dt
import pickle
from collections import Counter
from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counselcore.errors import InvalidValueError, TransitionRefusedError
from counselcore.phases import (
    DEFAULT_POLICY,
    BoosterHeld,
    EventKind,
    MeasureRecorded,
    Phase,
    PhasePolicy,
    replay,
)
from counselcore.serialization import to_dict
from counselcore.simulation import (
    DEFAULT_SCENARIO,
    CareModel,
    ClientResult,
    Effects,
    Hazards,
    Scenario,
    client_seed,
    simulate,
)
from counselcore.validation import validate_case

from .strategies import scenarios

START = dt.date(2024, 1, 1)
#: A rough scenario: everything happens often, so every branch of the engine runs.
BUSY = Scenario(
    name="busy",
    horizon_weeks=80,
    care=CareModel(review_every_sessions=2, max_sessions=6, aftercare_months=6),
    hazards=Hazards(dropout=0.02, response=0.25, crisis=0.08, lapse=0.15, relapse=0.1),
    effects=Effects(modality_match=1.5, alliance=0.5, booster=0.5),
)
NO_BOOSTERS = Scenario(name="no-boosters", care=CareModel(boosters=False))


def _check_valid(scenario: Scenario, results: Iterable[ClientResult]) -> None:
    policy = scenario.policy()
    for result in results:
        replayed = replay(result.events, policy)
        assert replayed.violations == (), (result.summary.index, replayed.violations[:3])
        assert replayed.state.phase.value == result.summary.final_phase
        assert result.week_phases[-1] is replayed.state.phase


class TestValidity:
    @given(seed=st.integers(min_value=0, max_value=2**63 - 1))
    def test_every_history_replays_without_a_violation(self, seed):
        """Over many seeds, every simulated history replays with zero violations under its policy."""
        for scenario in (DEFAULT_SCENARIO, BUSY, NO_BOOSTERS):
            _check_valid(scenario, simulate(scenario, clients=3, seed=seed, start=START))

    @given(scenario=scenarios(), seed=st.integers(min_value=0, max_value=2**32))
    def test_every_valid_scenario_gives_valid_histories(self, scenario, seed):
        """Whatever the valid scenario, the histories satisfy the phase machine."""
        _check_valid(scenario, simulate(scenario, clients=3, seed=seed, start=START))

    @pytest.mark.parametrize(
        "scenario", [DEFAULT_SCENARIO, BUSY, NO_BOOSTERS], ids=lambda s: s.name
    )
    def test_whole_case_validation_finds_nothing(self, scenario):
        """As case-history documents, simulated charts pass every whole-case check, plan rules included."""
        for result in simulate(scenario, clients=15, seed=12, start=START):
            report = validate_case(to_dict(result.history), policy=scenario.policy())

            assert report.findings == (), (result.summary.index, report.rule_ids)

    def test_the_busy_scenario_reaches_every_phase_and_every_event_kind(self):
        """The validity property is not vacuous: the histories it checks visit every phase."""
        results = list(simulate(BUSY, clients=60, seed=1, start=START))

        phases = {phase for r in results for phase in r.week_phases}
        kinds = Counter(e.kind for r in results for e in r.events)
        assert phases == set(Phase)
        assert set(kinds) == set(EventKind)
        _check_valid(BUSY, results)

    def test_no_boosters_arm_holds_no_boosters_and_is_valid_only_under_its_policy(self):
        """An arm without boosters is valid under its policy and refused under the default one."""
        results = list(simulate(NO_BOOSTERS, clients=40, seed=2, start=START))
        aftercare = [r for r in results if r.summary.ended_week is not None]

        assert aftercare
        assert not any(isinstance(e, BoosterHeld) for r in results for e in r.events)
        _check_valid(NO_BOOSTERS, results)
        refused = [replay(r.events, DEFAULT_POLICY) for r in aftercare]
        assert all("aftercare.booster-schedule-set" in r.rule_ids for r in refused)

    def test_a_policy_stricter_than_the_care_model_raises(self, monkeypatch):
        """If the policy refuses what the care model calls for, the engine raises with the reasons."""
        monkeypatch.setattr(Scenario, "policy", lambda self: DEFAULT_POLICY)

        with pytest.raises(TransitionRefusedError) as info:
            list(simulate(NO_BOOSTERS, clients=40, seed=2, start=START))

        assert "aftercare.booster-schedule-set" in {v.rule for v in info.value.violations}

    def test_measures_stay_in_the_instruments_ranges(self):
        """Every generated PHQ-9 total is 0-27 and every GAD-7 total 0-21."""
        scenario = Scenario(effects=Effects(measure_noise=10.0))
        for result in simulate(scenario, clients=30, seed=3, start=START):
            for event in result.events:
                if isinstance(event, MeasureRecorded):
                    top = 27 if event.instrument == "phq-9" else 21
                    assert 0 <= event.total <= top
                    assert type(event.total) is int


class TestDeterminism:
    def test_same_seed_same_records(self):
        """The same seed gives identical results, records included."""
        first = list(simulate(BUSY, clients=10, seed=5, start=START))
        second = list(simulate(BUSY, clients=10, seed=5, start=START))

        assert first == second
        assert [list(r.event_records()) for r in first] == [list(r.event_records()) for r in second]

    def test_another_seed_differs(self):
        """A different seed gives a different cohort."""
        first = [r.client_record() for r in simulate(clients=10, seed=5, start=START)]
        other = [r.client_record() for r in simulate(clients=10, seed=6, start=START)]

        assert first != other

    @given(low=st.integers(min_value=0, max_value=20), width=st.integers(min_value=0, max_value=4))
    @settings(max_examples=20)
    def test_a_client_does_not_depend_on_the_rest_of_the_cohort(self, low, width):
        """Simulating a range of indices gives the same clients as the whole cohort."""
        whole = list(simulate(BUSY, clients=low + width, seed=9, start=START))

        part = list(simulate(BUSY, clients=range(low, low + width), seed=9, start=START))

        assert part == whole[low:]

    def test_client_streams_are_seeded_by_seed_and_index(self):
        """Different clients and seeds give different stream seeds."""
        assert len({client_seed(s, i) for s in (0, 1, 10) for i in (0, 1, 10)}) == 9

    def test_results_pickle(self):
        """A ClientResult crosses a process boundary unchanged."""
        result = next(simulate(BUSY, clients=1, seed=1, start=START))

        assert pickle.loads(pickle.dumps(result)) == result  # noqa: S301 - our own bytes


class TestCommonRandomNumbers:
    def test_arms_share_each_clients_population_draws(self):
        """Two arms give each client the same profile (the same person under two care models)."""
        keys = (
            "domain",
            "readiness",
            "trauma_history",
            "substance_use",
            "baseline_phq9",
            "baseline_gad7",
        )
        a = [r.client_record() for r in simulate(DEFAULT_SCENARIO, clients=30, seed=4, start=START)]
        b = [r.client_record() for r in simulate(NO_BOOSTERS, clients=30, seed=4, start=START)]

        assert [[r[k] for k in keys] for r in a] == [[r[k] for k in keys] for r in b]

    def test_arms_share_the_weekly_draws(self):
        """Arms that differ only after treatment ends have identical courses until then."""
        a = list(simulate(DEFAULT_SCENARIO, clients=30, seed=4, start=START))
        b = list(simulate(NO_BOOSTERS, clients=30, seed=4, start=START))

        for left, right in zip(a, b, strict=True):
            ended = left.summary.ended_week
            assert ended == right.summary.ended_week
            until = len(left.week_phases) if ended is None else ended + 1
            assert left.week_phases[:until] == right.week_phases[:until]
            assert left.week_phq9[:until] == right.week_phq9[:until]


class TestArguments:
    @pytest.mark.parametrize(
        "kwargs",
        [
            {"clients": -1, "seed": 1, "start": START},
            {"clients": "3", "seed": 1, "start": START},
            {"clients": range(0, 10, 2), "seed": 1, "start": START},
            {"clients": 3, "seed": 1.5, "start": START},
            {"clients": 3, "seed": 1, "start": dt.datetime(2024, 1, 1)},  # noqa: DTZ001
            {"clients": 3, "seed": 1, "start": dt.date(9001, 1, 1)},
        ],
    )
    def test_bad_arguments_raise_before_anything_runs(self, kwargs):
        """Wrong types and ranges raise InvalidValueError naming the argument."""
        with pytest.raises(InvalidValueError):
            simulate(DEFAULT_SCENARIO, **kwargs)

    def test_a_wrong_scenario_type_is_refused(self):
        """The scenario must be a Scenario."""
        with pytest.raises(InvalidValueError):
            simulate(PhasePolicy(), clients=1, seed=1, start=START)  # type: ignore[arg-type]

    def test_the_last_start_year_runs_to_the_end(self):
        """A cohort starting in the last allowed year runs its whole horizon without overflow."""
        scenario = Scenario(horizon_weeks=520, care=CareModel(aftercare_months=24))

        results = list(simulate(scenario, clients=2, seed=1, start=dt.date(9000, 12, 31)))

        assert [len(r.week_phases) for r in results] == [520, 520]

    def test_zero_clients_is_an_empty_cohort(self):
        """No clients, no results."""
        assert list(simulate(clients=0, seed=1, start=START)) == []

    def test_results_stream(self):
        """simulate is lazy: a huge cohort costs nothing until iterated."""
        results = simulate(clients=10**12, seed=1, start=START)

        assert next(results).summary.index == 0


class TestPrivacy:
    def test_reprs_hold_no_identifier(self):
        """A result's repr shows neither the client id nor any history content."""
        result = next(simulate(clients=1, seed=1, start=START))

        assert "sim-0" not in repr(result)
        assert "simulated presenting problem" not in repr(result)
