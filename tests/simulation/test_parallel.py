"""One process, a process pool and a Dask cluster give identical records for the same seed."""

import datetime as dt
from concurrent.futures import ProcessPoolExecutor
from functools import partial

from counselcore.simulation import CareModel, RecordKind, Scenario, chunks, simulate_records

START = dt.date(2024, 1, 1)
SCENARIO = Scenario(name="no-boosters", horizon_weeks=60, care=CareModel(boosters=False))
CLIENTS = 24


def _single(kind: RecordKind) -> list[dict[str, object]]:
    return simulate_records(SCENARIO, clients=CLIENTS, seed=11, start=START, kind=kind)


def test_process_pool_gives_the_single_process_records():
    """Chunks simulated in two worker processes concatenate to the single-process records."""
    task = partial(simulate_records, SCENARIO, seed=11, start=START, kind=RecordKind.EVENTS)

    with ProcessPoolExecutor(max_workers=2) as pool:
        parts = list(pool.map(_by_range, [task] * 4, chunks(CLIENTS, size=6)))

    assert [row for part in parts for row in part] == _single(RecordKind.EVENTS)


def _by_range(task, clients):
    return task(clients=clients)


def test_dask_cluster_gives_the_single_process_records():
    """A real distributed.LocalCluster with two worker processes gives the same records."""
    import distributed

    with (
        distributed.LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        futures = [
            client.submit(
                simulate_records,
                SCENARIO,
                clients=part,
                seed=11,
                start=START,
                kind=RecordKind.WEEKS,
                pure=False,
            )
            for part in chunks(CLIENTS, size=5)
        ]
        parts = client.gather(futures)
        workers = set(client.run(lambda: 1))

    assert len(workers) == 2
    assert [row for part in parts for row in part] == _single(RecordKind.WEEKS)
