"""Simulation values are immutable all the way down."""

import datetime as dt

from hypothesis import given

from counselcore.simulation import DEFAULT_SCENARIO, compare_arms, simulate, summarize
from tests.immutability import assert_deeply_immutable

from .strategies import scenarios


@given(scenarios())
def test_scenarios_are_deeply_immutable(scenario):
    """Every scenario and its parts are frozen, slotted and hashable."""
    assert_deeply_immutable(scenario)


def test_results_and_summaries_are_deeply_immutable():
    """Client results, summaries and comparisons hold no mutable parts."""
    results = list(simulate(DEFAULT_SCENARIO, clients=3, seed=1, start=dt.date(2024, 1, 1)))
    rows = [r.client_record() for r in results]

    for result in results:
        assert_deeply_immutable(result)
    assert_deeply_immutable(summarize(rows))
    assert_deeply_immutable(compare_arms(rows, rows, metric="dropout_rate", resamples=5))
