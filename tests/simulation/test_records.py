import datetime as dt
import json

import pandas as pd  # type: ignore[import-untyped]
import pytest

from counselcore.phases import CaseHistory, Phase, replay
from counselcore.serialization import from_dict
from counselcore.simulation import (
    CLIENT_FIELDS,
    EVENT_FIELDS,
    WEEK_FIELDS,
    ClientSummary,
    RecordKind,
    chunks,
    records,
    simulate,
    simulate_records,
)

START = dt.date(2024, 1, 1)
KEYS = {
    RecordKind.CLIENTS: CLIENT_FIELDS,
    RecordKind.EVENTS: EVENT_FIELDS,
    RecordKind.WEEKS: WEEK_FIELDS,
}


class TestRecords:
    @pytest.mark.parametrize("kind", [k for k in RecordKind if k is not RecordKind.HISTORIES])
    def test_pandas_takes_them_without_glue(self, kind):
        """pandas.DataFrame(records) gives one column per declared key, in order."""
        rows = simulate_records(clients=8, seed=1, start=START, kind=kind)

        frame = pd.DataFrame(rows)

        assert list(frame.columns) == list(KEYS[kind])
        assert len(frame) == len(rows) > 0

    @pytest.mark.parametrize("kind", list(RecordKind))
    def test_records_are_plain_json_data(self, kind):
        """Every value is a string, number, boolean or None: JSON round-trips it unchanged."""
        rows = simulate_records(clients=5, seed=2, start=START, kind=kind)

        assert json.loads(json.dumps(rows)) == rows

    def test_client_fields_come_from_the_summary(self):
        """The client record's keys are ClientSummary's fields, phase weeks spread per phase."""
        names = [a.name for a in ClientSummary.__attrs_attrs__ if a.name != "phase_weeks"]

        assert list(CLIENT_FIELDS) == [*names, *(f"weeks_{p.value}" for p in Phase)]

    def test_one_week_record_per_client_week(self):
        """Every client contributes one record per week of the horizon, weeks without contact included."""
        rows = simulate_records(clients=4, seed=3, start=START, kind=RecordKind.WEEKS)

        assert len(rows) == 4 * 104
        assert [r["week"] for r in rows[:104]] == list(range(104))

    def test_event_records_match_the_history(self):
        """One event record per event, numbered and dated as in the history."""
        result = next(simulate(clients=1, seed=3, start=START))

        rows = list(result.event_records())

        assert [r["kind"] for r in rows] == [e.kind.value for e in result.events]
        assert [r["on"] for r in rows] == [e.on.isoformat() for e in result.events]
        assert [r["event"] for r in rows] == list(range(len(rows)))

    def test_phase_weeks_add_up_to_the_horizon(self):
        """Each client's weeks in phases add up to the horizon and match the week records."""
        for result in simulate(clients=10, seed=4, start=START):
            record = result.client_record()
            by_phase = {p.value: 0 for p in Phase}
            for week in result.week_records():
                by_phase[week["phase"]] += 1

            assert sum(record[f"weeks_{p}"] for p in by_phase) == 104
            assert all(record[f"weeks_{p}"] == n for p, n in by_phase.items())

    def test_records_stream(self):
        """records() is lazy over a lazy simulation."""
        stream = records(simulate(clients=10**9, seed=1, start=START), RecordKind.WEEKS)

        assert next(stream)["week"] == 0

    def test_history_documents_load_back_and_replay_cleanly(self):
        """Each history document loads as a CaseHistory equal to the result's, with no violations."""
        results = list(simulate(clients=5, seed=6, start=START))
        documents = simulate_records(clients=5, seed=6, start=START, kind=RecordKind.HISTORIES)

        for result, document in zip(results, documents, strict=True):
            loaded = from_dict(CaseHistory, document)
            assert loaded == result.history
            assert replay(loaded.events).violations == ()


class TestChunks:
    @pytest.mark.parametrize(("clients", "size"), [(0, 3), (1, 3), (9, 3), (10, 3), (10, 100)])
    def test_chunks_cover_every_index_once_in_order(self, clients, size):
        """Chunks are consecutive, at most size long, and cover 0 .. clients - 1."""
        parts = chunks(clients, size=size)

        assert [i for part in parts for i in part] == list(range(clients))
        assert all(0 < len(part) <= size for part in parts)

    def test_chunked_records_equal_one_run(self):
        """Concatenated chunk records are the single-run records."""
        whole = simulate_records(clients=7, seed=5, start=START, kind=RecordKind.EVENTS)
        parts = [
            simulate_records(clients=c, seed=5, start=START, kind=RecordKind.EVENTS)
            for c in chunks(7, size=3)
        ]

        assert [row for part in parts for row in part] == whole
