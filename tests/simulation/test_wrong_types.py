"""Every public entry point of counselcore.simulation refuses wrong types as its own error."""

import datetime as dt

import pytest

from counselcore.model import ProblemDomain, ReadinessStage
from counselcore.simulation import (
    CareModel,
    Effects,
    Hazards,
    Population,
    ProblemShare,
    ReadinessShare,
    RecordKind,
    Scenario,
    chunks,
    compare_arms,
    records,
    simulate,
    simulate_records,
)
from tests.probing import Call, outcome, wrong_calls

START = dt.date(2024, 1, 1)
SMALL = Scenario(horizon_weeks=2)
ROWS = [{"index": 0, "dropped_out": False}]


def _first(*args, **kwargs):
    """simulate is lazy: take one result so a refusal cannot hide behind the generator."""
    return next(iter(simulate(*args, **kwargs)), None)


def _first_record(*args, **kwargs):
    return next(records(simulate(SMALL, clients=1, seed=1, start=START), *args, **kwargs))


CALLS: list[Call] = [
    ("Scenario", Scenario, (), {"name": "arm", "horizon_weeks": 10}),
    (
        "Scenario.parts",
        Scenario,
        (),
        {
            "population": Population(),
            "care": CareModel(),
            "hazards": Hazards(),
            "effects": Effects(),
        },
    ),
    ("Population", Population, (), {"phq9_mean": 15.0, "trauma_history_rate": 0.2}),
    ("ProblemShare", ProblemShare, (), {"domain": ProblemDomain.ANXIETY, "weight": 1.0}),
    ("ReadinessShare", ReadinessShare, (), {"stage": ReadinessStage.ACTION, "weight": 1.0}),
    (
        "CareModel",
        CareModel,
        (),
        {"review_every_sessions": 4, "boosters": False, "default_modality": "mi"},
    ),
    ("Hazards", Hazards, (), {"dropout": 0.1, "relapse": 0.2}),
    ("Effects", Effects, (), {"modality_match": 1.1, "measure_noise": 1.0}),
    ("simulate", _first, (SMALL,), {"clients": 1, "seed": 1, "start": START}),
    (
        "simulate_records",
        simulate_records,
        (SMALL,),
        {"clients": 1, "seed": 1, "start": START, "kind": RecordKind.WEEKS},
    ),
    ("records", _first_record, (RecordKind.CLIENTS,), {}),
    ("chunks", chunks, (5,), {"size": 2}),
    (
        "compare_arms",
        compare_arms,
        (ROWS, ROWS),
        {"metric": "dropout_rate", "resamples": 5, "seed": 1, "confidence": 0.9},
    ),
]

#: Wrong-looking values that are valid: 1.5 is a fine effect, noise, mean or weight; True is
#: a bool field's value; a float is a fine probability-like number.
ACCEPTED = frozenset(
    {
        "Population-phq9_mean-1.5",
        "ProblemShare-weight-1.5",
        "ReadinessShare-weight-1.5",
        "CareModel-boosters-True",
        "Scenario-name-'x'",
        "Effects-modality_match-1.5",
        "Effects-measure_noise-1.5",
        # compare_arms takes any iterables of records: empty ones are empty arms
        "compare_arms-0-[]",
        "compare_arms-1-[]",
        "compare_arms-0-()",
        "compare_arms-1-()",
    }
)


class TestWrongTypes:
    @pytest.mark.parametrize(
        ("function", "args", "kwargs", "valid"), wrong_calls(CALLS, accepted=ACCEPTED)
    )
    def test_refusals_are_ours_and_name_a_path(self, function, args, kwargs, valid):
        """A wrong type raises a CounselcoreError naming a structure.* rule and a path, never a bare error."""
        result = outcome(function, args, kwargs)

        assert result == ("accepted" if valid else "refused")
