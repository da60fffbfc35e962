"""``counselcore simulate``, run as a real process on real files."""

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

from counselcore.serialization import to_json
from counselcore.simulation import (
    CLIENT_FIELDS,
    WEEK_FIELDS,
    CareModel,
    RecordKind,
    Scenario,
    simulate_records,
    summarize,
)

START = dt.date(2025, 1, 6)  # the command's documented default week-0 date


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m counselcore simulate *args`` and capture its output as text."""
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "counselcore", "simulate", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=300,
    )


class TestSimulateCommand:
    def test_jsonl_client_records_equal_the_library(self):
        """The default output is one JSON line per client, the library's records exactly."""
        done = run("--clients", "12", "--seed", "5")

        rows = [json.loads(line) for line in done.stdout.splitlines()]
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
        assert rows == simulate_records(clients=12, seed=5, start=START)

    def test_csv_week_records_have_the_declared_header(self):
        """CSV output starts with the declared keys and has one row per client-week."""
        done = run("--clients", "3", "--seed", "5", "--records", "weeks", "--format", "csv")

        rows = list(csv.DictReader(io.StringIO(done.stdout)))
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[0] == ",".join(WEEK_FIELDS)
        expected = simulate_records(clients=3, seed=5, start=START, kind=RecordKind.WEEKS)
        assert len(rows) == len(expected) == 3 * 104
        assert [r["phase"] for r in rows] == [r["phase"] for r in expected]

    def test_a_scenario_file_is_used(self, tmp_path: Path):
        """--scenario reads a scenario document; its name is the records' arm."""
        arm = Scenario(name="no-boosters", horizon_weeks=30, care=CareModel(boosters=False))
        path = tmp_path / "arm.json"
        path.write_text(to_json(arm), encoding="utf-8")

        done = run(
            "--clients", "4", "--seed", "1", "--scenario", str(path), "--start", "2024-02-05"
        )

        rows = [json.loads(line) for line in done.stdout.splitlines()]
        assert done.returncode == 0, done.stderr
        assert rows == simulate_records(arm, clients=4, seed=1, start=dt.date(2024, 2, 5))
        assert {r["arm"] for r in rows} == {"no-boosters"}
        assert list(rows[0]) == list(CLIENT_FIELDS)

    def test_summary_prints_the_summary_table(self):
        """--summary prints every row of the library's summary table."""
        done = run("--clients", "30", "--seed", "2", "--summary")

        records = simulate_records(clients=30, seed=2, start=START)
        assert done.returncode == 0, done.stderr
        for name, value in summarize(records).rows():
            assert any(
                line.split() == [*name.split(), value] for line in done.stdout.splitlines()
            ), name

    def test_progress_goes_to_stderr_only(self):
        """--progress draws on stderr; stdout holds the records alone."""
        done = run("--clients", "5", "--seed", "2", "--progress")

        assert done.returncode == 0
        assert "5/5 clients" in done.stderr
        assert len(done.stdout.splitlines()) == 5

    def test_an_invalid_scenario_file_is_one_line_and_exit_2(self, tmp_path: Path):
        """A scenario with a probability above 1 is refused naming the field; no traceback."""
        data = json.loads(to_json(Scenario()))
        data["hazards"]["dropout"] = 1.5
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(data), encoding="utf-8")

        done = run("--clients", "1", "--seed", "1", "--scenario", str(path))

        assert done.returncode == 2
        assert "hazards.dropout" in done.stderr
        assert "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
        assert done.stdout == ""

    def test_a_missing_scenario_file_is_exit_2(self, tmp_path: Path):
        """An unreadable scenario file is an input error."""
        done = run("--clients", "1", "--seed", "1", "--scenario", str(tmp_path / "nope.json"))

        assert done.returncode == 2
        assert "Traceback" not in done.stderr

    def test_negative_clients_is_exit_2(self):
        """A negative cohort size is a command-line error."""
        done = run("--clients", "-3", "--seed", "1")

        assert done.returncode == 2
        assert done.stdout == ""

    def test_histories_are_case_history_documents(self):
        """--records histories writes one case-history document per line, valid as a chart."""
        from counselcore.validation import validate_case

        done = run("--clients", "3", "--seed", "4", "--records", "histories")

        documents = [json.loads(line) for line in done.stdout.splitlines()]
        assert done.returncode == 0, done.stderr
        assert [d["type"] for d in documents] == ["case-history"] * 3
        assert all(validate_case(d).findings == () for d in documents)

    def test_histories_as_csv_is_refused(self):
        """Nested documents have no CSV form: a one-line error and exit 2."""
        done = run("--clients", "1", "--seed", "1", "--records", "histories", "--format", "csv")

        assert done.returncode == 2
        assert done.stdout == ""
        assert len(done.stderr.strip().splitlines()) == 1
