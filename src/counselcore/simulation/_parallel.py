"""
Splitting a cohort into chunks and turning results into records, for process pools and Dask.

Each client's random streams derive from (seed, client index) only, so simulating the chunks
anywhere, in any order, and concatenating their records gives exactly the single-process
records. `simulate_records` is a plain module-level function of picklable arguments that
returns plain data, so it crosses a process boundary as it is.
"""

import datetime as dt
import enum
from collections.abc import Iterable, Iterator
from typing import Any

from counselcore._internal.checks import check_enum, check_int
from counselcore.serialization import to_dict
from counselcore.simulation._engine import simulate
from counselcore.simulation._records import ClientResult
from counselcore.simulation._scenario import DEFAULT_SCENARIO, Scenario

__all__ = ["RecordKind", "chunks", "records", "simulate_records"]


class RecordKind(enum.Enum):
    """
    Which records to produce: flat ones per client, event or client-week, or documents.

    ``histories`` gives one case-history document per client
    (`counselcore.serialization.to_dict` of `ClientResult.history`, nested, as
    `counselcore.phases.CaseHistory` loads it); the others are flat.

    Example:
        >>> RecordKind("weeks")
        <RecordKind.WEEKS: 'weeks'>
    """

    CLIENTS = "clients"
    EVENTS = "events"
    WEEKS = "weeks"
    HISTORIES = "histories"


def records(results: Iterable[ClientResult], kind: RecordKind) -> Iterator[dict[str, Any]]:
    """
    Yield the flat records of *kind* for each result, streaming.

    Example:
        >>> from counselcore.simulation import simulate
        >>> results = simulate(clients=2, seed=1, start=dt.date(2024, 1, 1))
        >>> [r["index"] for r in records(results, RecordKind.CLIENTS)]
        [0, 1]
    """
    check_enum(kind, RecordKind, ("kind",))
    for result in results:
        if kind is RecordKind.CLIENTS:
            yield result.client_record()
        elif kind is RecordKind.EVENTS:
            yield from result.event_records()
        elif kind is RecordKind.WEEKS:
            yield from result.week_records()
        else:
            yield to_dict(result.history)


def simulate_records(
    scenario: Scenario = DEFAULT_SCENARIO,
    *,
    clients: int | range,
    seed: int,
    start: dt.date,
    kind: RecordKind = RecordKind.CLIENTS,
) -> list[dict[str, Any]]:
    """
    Simulate *clients* and return their records of *kind* as a list: one task of a pool.

    Example:
        >>> rows = simulate_records(clients=range(5, 7), seed=1, start=dt.date(2024, 1, 1))
        >>> [row["client"] for row in rows]
        ['sim-5', 'sim-6']
    """
    return list(records(simulate(scenario, clients=clients, seed=seed, start=start), kind))


def chunks(clients: int, *, size: int) -> tuple[range, ...]:
    """
    Split client indices ``0 .. clients - 1`` into consecutive ranges of at most *size*.

    Example:
        >>> chunks(10, size=4)
        (range(0, 4), range(4, 8), range(8, 10))
    """
    check_int(clients, ("clients",), minimum=0)
    check_int(size, ("size",), minimum=1)
    return tuple(range(low, min(low + size, clients)) for low in range(0, clients, size))
