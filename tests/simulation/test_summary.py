import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counselcore.errors import InvalidValueError
from counselcore.simulation import (
    METRICS,
    ArmComparison,
    CareModel,
    CohortSummary,
    Scenario,
    compare_arms,
    dropout_rate,
    recovery_rate,
    relapse_survival,
    relapse_within_12_months,
    reliable_improvement_rate,
    simulate,
    summarize,
    weeks_in_phase,
)

START = dt.date(2024, 1, 1)


def _row(**values: object) -> dict[str, object]:
    base = {
        "index": 0,
        "dropped_out": False,
        "recovery": None,
        "reliable_improvement": None,
        "ended_week": None,
        "relapse_week": None,
        "horizon_weeks": 104,
    }
    return {**base, **values}


class TestRates:
    def test_empty_cohorts_have_no_rates(self):
        """A rate over nobody is None, not zero."""
        assert dropout_rate([]) is None
        assert recovery_rate([_row()]) is None
        assert reliable_improvement_rate([_row()]) is None
        assert relapse_within_12_months([_row()]) is None

    def test_recovery_excludes_the_unfinished_and_those_not_at_caseness(self):
        """Only recovered / not-recovered count; not-at-caseness and unfinished are outside."""
        rows = [
            _row(recovery="recovered"),
            _row(recovery="not-recovered"),
            _row(recovery="not-at-caseness"),
            _row(recovery=None),
        ]

        assert recovery_rate(rows) == 0.5

    @pytest.mark.parametrize(
        ("relapse", "horizon", "counted", "hit"),
        [
            (None, 62, True, False),  # followed exactly 52 weeks: known, no relapse
            (None, 61, False, False),  # followed 51 weeks: unknown
            (62, 104, True, True),  # relapse at 52 weeks: within 12 months
            (63, 104, True, False),  # relapse at 53 weeks: after 12 months
        ],
    )
    def test_relapse_within_12_months_at_the_boundary(self, relapse, horizon, counted, hit):
        """52 weeks after ending is inside the year; 53 is outside; short follow-up is unknown."""
        row = _row(ended_week=10, relapse_week=relapse, horizon_weeks=horizon)

        rate = relapse_within_12_months([row, _row(ended_week=0, relapse_week=1)])

        assert rate == ((1 + hit) / 2 if counted else 1.0)


class TestSurvival:
    @given(
        st.lists(
            st.tuples(st.integers(0, 50), st.one_of(st.none(), st.integers(1, 60))),
            max_size=40,
        )
    )
    def test_survival_never_rises_and_counts_add_up(self, pairs):
        """Kaplan-Meier: survival is non-increasing in [0, 1], and every client leaves the risk set once."""
        rows = [
            _row(
                ended_week=ended,
                relapse_week=None if gap is None else ended + gap,
                horizon_weeks=120,
            )
            for ended, gap in pairs
        ]

        table = relapse_survival(rows)

        survivals = [r.survival for r in table]
        assert survivals == sorted(survivals, reverse=True)
        assert all(0.0 <= s <= 1.0 for s in survivals)
        assert sum(r.relapses + r.censored for r in table) == len(rows)
        if table:
            assert table[0].at_risk == len(rows)

    def test_without_censoring_it_is_the_share_still_relapse_free(self):
        """With every client relapsing, survival after week t is the share relapsing later."""
        rows = [_row(ended_week=0, relapse_week=w) for w in (1, 2, 2, 4)]

        assert [(r.week, r.survival) for r in relapse_survival(rows)] == [
            (1, 0.75),
            (2, 0.25),
            (4, 0.0),
        ]


class TestSummary:
    def test_summary_agrees_with_the_functions(self):
        """summarize reports exactly what each metric function computes."""
        rows = [r.client_record() for r in simulate(clients=60, seed=1, start=START)]

        summary = summarize(rows)

        assert summary.clients == 60
        for name, metric in METRICS.items():
            assert getattr(summary, name) == metric.rate(rows)
        assert summary.weeks_in_phase == weeks_in_phase(rows)
        assert sum(weeks for _, weeks in summary.weeks_in_phase) == pytest.approx(104)

    def test_rows_show_every_metric(self):
        """The summary table has a row per metric."""
        rows = summarize(
            [r.client_record() for r in simulate(clients=10, seed=1, start=START)]
        ).rows()

        assert [name for name, _ in rows[1 : 1 + len(METRICS)]] == list(METRICS)


def _width(comparison: ArmComparison) -> float:
    assert comparison.low is not None
    assert comparison.high is not None
    return comparison.high - comparison.low


class TestMetrics:
    def test_the_summary_has_one_field_per_metric(self):
        """CohortSummary's rate fields are exactly the METRICS names, in order."""
        fields = [a.name for a in CohortSummary.__attrs_attrs__]

        assert fields == ["clients", *METRICS, "weeks_in_phase"]

    def test_the_functions_are_the_declared_metrics(self):
        """Each rate function computes its METRICS entry."""
        rows = [r.client_record() for r in simulate(clients=30, seed=8, start=START)]
        functions = {
            "dropout_rate": dropout_rate,
            "recovery_rate": recovery_rate,
            "reliable_improvement_rate": reliable_improvement_rate,
            "relapse_within_12_months": relapse_within_12_months,
        }

        assert set(functions) == set(METRICS)
        assert all(functions[name](rows) == METRICS[name].rate(rows) for name in METRICS)

    def test_summarize_streams(self):
        """summarize consumes a generator once and needs nothing else."""
        results = simulate(clients=15, seed=8, start=START)

        assert summarize(r.client_record() for r in results).clients == 15


class TestCompareArms:
    def test_identical_arms_differ_by_zero_with_a_zero_width_interval(self):
        """Paired bootstrap of an arm against itself: difference and interval are exactly 0."""
        rows = [r.client_record() for r in simulate(clients=40, seed=2, start=START)]

        result = compare_arms(rows, rows, metric="dropout_rate", resamples=50)

        assert (result.difference, result.low, result.high, result.paired) == (0.0, 0.0, 0.0, True)

    def test_same_seed_same_interval(self):
        """The bootstrap is seeded: the same call gives the same interval."""
        a = [_row(index=i, dropped_out=i % 3 == 0) for i in range(30)]
        b = [_row(index=i, dropped_out=i % 5 == 0) for i in range(30)]

        assert compare_arms(a, b, metric="dropout_rate", seed=3) == compare_arms(
            a, b, metric="dropout_rate", seed=3
        )

    def test_unpaired_arms_are_resampled_separately(self):
        """Arms with different clients are not paired."""
        a = [_row(index=i, dropped_out=i % 2 == 0) for i in range(10)]
        b = [_row(index=i + 100, dropped_out=False) for i in range(12)]

        result = compare_arms(a, b, metric="dropout_rate", resamples=200)

        assert not result.paired
        assert result.difference == -0.5
        assert result.low is not None
        assert result.high is not None
        assert result.low <= result.difference <= result.high

    def test_common_random_numbers_narrow_the_interval(self):
        """Paired arms (common random numbers) give a narrower interval than the same arms unpaired."""
        boosters = Scenario(name="boosters")
        none = Scenario(name="none", care=CareModel(boosters=False))
        a = [r.client_record() for r in simulate(boosters, clients=150, seed=5, start=START)]
        b = [r.client_record() for r in simulate(none, clients=150, seed=5, start=START)]
        shuffled = [{**row, "index": row["index"] + 10_000} for row in b]

        paired = compare_arms(a, b, metric="relapse_within_12_months", resamples=300)
        unpaired = compare_arms(a, shuffled, metric="relapse_within_12_months", resamples=300)

        assert paired.paired
        assert not unpaired.paired
        assert paired.difference == unpaired.difference
        assert None not in (paired.low, paired.high, unpaired.low, unpaired.high)
        assert _width(paired) < _width(unpaired)

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"metric": "happiness"},
            {"resamples": 0},
            {"confidence": 1.0},
            {"confidence": 0},
            {"seed": "1"},
        ],
    )
    def test_bad_arguments_are_refused(self, kwargs):
        """Unknown metrics and out-of-range numbers raise InvalidValueError."""
        with pytest.raises(InvalidValueError):
            compare_arms([], [], **kwargs)

    def test_empty_arms_have_no_interval(self):
        """Nothing to resample: no difference and no interval."""
        result = compare_arms([], [], metric="dropout_rate")

        assert (result.difference, result.low, result.high) == (None, None, None)


class TestBadRecords:
    @pytest.mark.parametrize(
        "function",
        [
            dropout_rate,
            recovery_rate,
            reliable_improvement_rate,
            relapse_within_12_months,
            weeks_in_phase,
            relapse_survival,
            summarize,
        ],
    )
    def test_a_missing_key_names_the_record_and_key(self, function):
        """A record without a key the summary needs is refused at records[i].key."""
        with pytest.raises(InvalidValueError) as info:
            function([{}])

        assert info.value.rules == ("structure.required",)
        assert info.value.paths[0].startswith("records[0].")

    def test_a_wrong_value_type_names_the_record(self):
        """A value of the wrong type is refused at its record."""
        rows = [_row(), _row(ended_week="ten", relapse_week=3)]

        with pytest.raises(InvalidValueError) as info:
            relapse_survival(rows)

        assert info.value.paths == ("records[1]",)

    @pytest.mark.parametrize("records", ["clients", {"dropped_out": True}, 3, [3]])
    def test_not_records_is_refused(self, records):
        """Text, a single mapping, a number or a list of non-mappings are not records."""
        with pytest.raises(InvalidValueError):
            dropout_rate(records)
