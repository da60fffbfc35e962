"""The documented Dask recipe, run on a real two-process LocalCluster: the same reports as one process."""

import json
from pathlib import Path

import pytest

from counselcore.validation import CaseReport, validate_cases
from tests.validation.charts import chart, three_problem_chart

pytest.importorskip("distributed")


def recipe(pattern: str) -> list[CaseReport]:
    """docs/validate-chart.md, "A backfill on Dask": JSON Lines files -> one report per case."""
    import dask.bag as db

    bag = db.read_text(pattern, blocksize=None).map(json.loads)  # type: ignore[no-untyped-call]
    reports: list[CaseReport] = bag.map_partitions(
        lambda cases: list(validate_cases(cases))
    ).compute()
    return reports


def test_a_two_worker_cluster_gives_the_reports_of_one_process(tmp_path: Path) -> None:
    """Reports computed on two worker processes equal validate_cases() in this process, in order."""
    from dask.distributed import Client, LocalCluster

    cases = [three_problem_chart() if n % 3 == 0 else chart(client=f"c-{n}") for n in range(24)]
    for part in range(4):
        (tmp_path / f"charts-{part}.jsonl").write_text(
            "".join(json.dumps(case) + "\n" for case in cases[part * 6 : part * 6 + 6]),
            encoding="utf-8",
        )

    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        Client(cluster),  # type: ignore[no-untyped-call]
    ):
        reports = recipe(str(tmp_path / "charts-*.jsonl"))

    assert reports == list(validate_cases(cases))
    assert [r.client for r in reports] == [c["client"] for c in cases]
