"""
Cohort simulation for researchers: seeded scenarios run through the real phase machine.

A `Scenario` says who is referred, how the service treats them and how often things happen;
`simulate` steps each client through the phases week by week, proposing the events a service
following the care model would record and letting `counselcore.phases.replay` accept them.
Results stream one client at a time, as histories and as flat records that
``pandas.DataFrame(records)`` takes directly.

Example:
    >>> import datetime as dt
    >>> results = list(simulate(clients=20, seed=1, start=dt.date(2024, 1, 1)))
    >>> len(results), results[0].summary.arm
    (20, 'default')
"""

from counselcore.simulation._engine import client_seed, simulate
from counselcore.simulation._parallel import RecordKind, chunks, records, simulate_records
from counselcore.simulation._records import (
    CLIENT_FIELDS,
    EVENT_FIELDS,
    WEEK_FIELDS,
    ClientResult,
    ClientSummary,
)
from counselcore.simulation._scenario import (
    DEFAULT_SCENARIO,
    DEFAULT_SOURCES,
    CareModel,
    Effects,
    Hazards,
    Population,
    ProblemShare,
    ReadinessShare,
    Scenario,
    without_boosters_hook,
)
from counselcore.simulation._summary import (
    METRICS,
    ArmComparison,
    CohortSummary,
    Metric,
    SurvivalRow,
    compare_arms,
    dropout_rate,
    recovery_rate,
    relapse_survival,
    relapse_within_12_months,
    reliable_improvement_rate,
    summarize,
    weeks_in_phase,
)

__all__ = [
    "ArmComparison",
    "CLIENT_FIELDS",
    "CareModel",
    "ClientResult",
    "ClientSummary",
    "CohortSummary",
    "DEFAULT_SCENARIO",
    "DEFAULT_SOURCES",
    "EVENT_FIELDS",
    "Effects",
    "Hazards",
    "METRICS",
    "Metric",
    "Population",
    "ProblemShare",
    "ReadinessShare",
    "RecordKind",
    "Scenario",
    "SurvivalRow",
    "WEEK_FIELDS",
    "chunks",
    "client_seed",
    "compare_arms",
    "dropout_rate",
    "records",
    "recovery_rate",
    "relapse_survival",
    "relapse_within_12_months",
    "reliable_improvement_rate",
    "simulate",
    "simulate_records",
    "summarize",
    "weeks_in_phase",
    "without_boosters_hook",
]
