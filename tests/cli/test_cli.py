"""The command line, run as a real process on real files in a temporary directory."""

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from counselcore import to_dict
from counselcore.cli import main
from counselcore.phases import PHASE_GUARDS, CaseHistory, to_dot, to_mermaid
from counselcore.rules import PLAN_COMPLETENESS
from counselcore.serialization import DOCUMENT_TYPES, json_schema
from counselcore.validation import rule_catalog, validate_case
from tests.validation.charts import chart, three_problem_chart

ROOT = Path(__file__).resolve().parents[2]
EMPTY_CASE = {"type": "case-history", "schema_version": 1, "client": "c-0", "events": []}


def run(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m counselcore *args`` and capture its output as text."""
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "counselcore", *args],
        input=stdin.decode("latin-1") if stdin is not None else None,
        capture_output=True,
        text=True,
        encoding="latin-1",
        cwd=cwd,
        check=False,
        timeout=120,
    )


def run_bytes(*args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "counselcore", *args],
        input=stdin,
        capture_output=True,
        check=False,
        timeout=120,
    )


def write_jsonl(path: Path, cases: Sequence[object]) -> Path:
    path.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    return path


def assert_one_line_error(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr


class TestValidate:
    def test_a_clean_file_exits_0_with_a_summary(self, tmp_path):
        """A clean chart: no finding lines, a summary, exit 0, nothing on stderr."""
        (tmp_path / "clean.json").write_text(json.dumps(chart(), indent=2), encoding="utf-8")

        done = run("validate", "clean.json", cwd=tmp_path)

        assert (done.returncode, done.stderr) == (0, "")
        assert done.stdout.splitlines() == [
            "1 case(s): 0 failed, 0 with warnings only, 1 clean; 0 finding(s), 0 marked as consequences"
        ]

    def test_the_issues_chart_exits_1_with_its_three_problems(self, tmp_path):
        """The pretty-printed chart with three problems: one line each, with paths and event indices."""
        (tmp_path / "bad.json").write_text(
            json.dumps(three_problem_chart(), indent=2), encoding="utf-8"
        )

        done = run("validate", "bad.json", cwd=tmp_path)

        assert done.returncode == 1
        lines = done.stdout.splitlines()
        assert [line.split(": ")[1] for line in lines[:-1]] == [
            "events[0].formulation.diagnoses[0].code (event 0, intake-completed)",
            "events[6].on (event 6, measure-recorded)",
            "events[9].on (event 9, review-held)",
        ]
        assert "structure.icd10cm-code" in lines[0]
        assert "phases.events-in-date-order" in lines[1]
        assert "phases.review-due" in lines[2]
        assert all(line.startswith("line 1: ") for line in lines[:-1])

    def test_text_output_names_no_client_and_no_clinical_text(self, tmp_path):
        """Text lines locate a finding by input line and path; the client id and free text stay out."""
        data = three_problem_chart()
        data["client"] = "mrn-secret-42"
        write_jsonl(tmp_path / "c.jsonl", [data])

        done = run("validate", "c.jsonl", cwd=tmp_path)

        assert done.returncode == 1
        assert "mrn-secret-42" not in done.stdout + done.stderr
        assert "redundancy" not in done.stdout  # words of the example's presenting problem
        assert '"depression"' not in done.stdout

    def test_consequences_are_marked_in_text(self, tmp_path):
        """A finding that follows from an earlier one names it."""
        data = chart()
        data["events"][0]["on"] = "2024-02-30"
        write_jsonl(tmp_path / "c.jsonl", [data])

        done = run("validate", "c.jsonl", cwd=tmp_path)

        assert done.returncode == 1
        assert "[consequence of events[0].on structure.date]" in done.stdout

    def test_json_format_writes_one_object_per_case(self, tmp_path):
        """--format json: one JSON object per line per case, with the input line number."""
        write_jsonl(tmp_path / "cases.jsonl", [chart(), three_problem_chart(), EMPTY_CASE])

        done = run("validate", "--format", "json", "cases.jsonl", cwd=tmp_path)

        assert done.returncode == 1
        records = [json.loads(line) for line in done.stdout.splitlines()]
        assert [r["line"] for r in records] == [1, 2, 3]
        assert [len(r["findings"]) for r in records] == [0, 3, 0]
        assert records[1]["findings"][2]["path"] == ["events", 9, "on"]
        assert records[1]["findings"][2]["event"] == 9
        # the command line and the Python call agree, case by case
        for record, case in zip(records, [chart(), three_problem_chart(), EMPTY_CASE], strict=True):
            assert {k: v for k, v in record.items() if k != "line"} == to_dict(validate_case(case))

    def test_stdin_is_read_with_a_dash(self):
        """``-`` reads the cases from stdin."""
        done = run("validate", "-", stdin=json.dumps(EMPTY_CASE).encode())

        assert done.returncode == 0
        assert done.stdout.startswith("1 case(s)")

    def test_strict_makes_warnings_fail(self, tmp_path):
        """A warning-only case passes, and fails with --strict."""
        data = chart()
        data["events"] = [e for e in data["events"] if e["kind"] != "review-held"]
        write_jsonl(tmp_path / "w.jsonl", [data])

        assert run("validate", "w.jsonl", cwd=tmp_path).returncode == 0
        assert run("validate", "--strict", "w.jsonl", cwd=tmp_path).returncode == 1

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"", "the input is empty"),
            (b"\n  \n", "the input is empty"),
            (b'{"type": "case-history",\n "schema_version": 1,\n', "is not valid JSON (line 3"),
            (b"\xff\xfe{}\n", "is not UTF-8 text"),
            (b"[1, 2]\n", "not a case-history document"),
            (b'{"type": "treatment-plan", "schema_version": 1}\n', "structure.document-type"),
            (b'{"type": "case-history", "schema_version": 7}\n', "structure.schema-version"),
            (b"[" * 100_000 + b"\n", "nested too deeply"),
            (b'{"a": NaN}\n', "not finite"),
        ],
        ids=[
            "empty",
            "blank",
            "malformed",
            "not-utf8",
            "array",
            "other-type",
            "version",
            "deep",
            "nan",
        ],
    )
    def test_unusable_input_exits_2_with_one_line(self, tmp_path, content, message):
        """Empty, malformed, non-UTF-8 or foreign input: exit 2 and one line on stderr, no traceback."""
        (tmp_path / "in.json").write_bytes(content)

        done = run("validate", "in.json", cwd=tmp_path)

        assert done.returncode == 2
        assert_one_line_error(done.stderr)
        assert message in done.stderr

    def test_a_missing_file_exits_2(self, tmp_path):
        """A file that cannot be opened: exit 2, one line naming it."""
        done = run("validate", "nope.json", cwd=tmp_path)

        assert done.returncode == 2
        assert_one_line_error(done.stderr)
        assert "cannot read nope.json" in done.stderr

    def test_a_bad_line_is_reported_and_the_rest_still_validated(self, tmp_path):
        """In JSON Lines, a malformed line is reported on stderr; the other cases are still checked."""
        path = tmp_path / "mixed.jsonl"
        path.write_bytes(
            json.dumps(three_problem_chart()).encode()
            + b"\n{oops\n\xff\n"
            + json.dumps(EMPTY_CASE).encode()
            + b"\n"
        )

        done = run_bytes("validate", "-", stdin=path.read_bytes())

        assert done.returncode == 2
        errors = done.stderr.decode().splitlines()
        assert errors == [
            "counselcore validate: line 2 is not valid JSON (line 1, column 2)",
            "counselcore validate: line 3 is not UTF-8 text (byte 1)",
        ]
        assert done.stdout.decode().splitlines()[-1].startswith("2 case(s): 1 failed")

    def test_a_large_json_lines_file_streams(self, tmp_path):
        """A generated file of many cases: one report per case, in order, from a real file."""
        cases = [three_problem_chart() if n % 500 == 0 else EMPTY_CASE for n in range(2_000)]
        write_jsonl(tmp_path / "big.jsonl", cases)

        done = run("validate", "--format", "json", "big.jsonl", cwd=tmp_path)

        assert done.returncode == 1
        lines = done.stdout.splitlines()
        assert len(lines) == 2_000
        failing = [json.loads(line)["line"] for line in lines if '"findings":[]' not in line]
        assert failing == list(range(1, 2_001, 500))

    def test_a_case_is_reported_before_the_next_line_is_written(self):
        """Streaming: the report of line 1 is out while stdin is still open (the file is never read whole)."""
        with subprocess.Popen(
            [sys.executable, "-u", "-m", "counselcore", "validate", "--format", "json", "-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        ) as process:
            assert process.stdin is not None
            assert process.stdout is not None
            process.stdin.write(json.dumps(EMPTY_CASE).encode() + b"\n")
            process.stdin.flush()
            first = process.stdout.readline()  # blocks until the child has written it
            process.stdin.write(json.dumps(three_problem_chart()).encode() + b"\n")
            process.stdin.close()
            rest = process.stdout.read()
            process.wait(timeout=60)

        assert json.loads(first)["line"] == 1
        assert json.loads(rest)["line"] == 2
        assert process.returncode == 1

    def test_progress_goes_to_stderr_only_on_a_terminal(self, tmp_path):
        """With stderr on a terminal a progress line is shown; piped, stderr stays empty."""
        write_jsonl(tmp_path / "many.jsonl", [EMPTY_CASE] * 1_000)
        master, slave = os.openpty()
        try:
            done = subprocess.run(
                [sys.executable, "-m", "counselcore", "validate", "many.jsonl"],
                cwd=tmp_path,
                stdout=subprocess.PIPE,
                stderr=slave,
                check=False,
                timeout=120,
            )
            os.close(slave)
            shown = os.read(master, 4096).decode()
        finally:
            os.close(master)

        assert done.returncode == 0
        assert "validated 1000 cases" in shown
        assert run("validate", "many.jsonl", cwd=tmp_path).stderr == ""


class TestOtherCommands:
    """Run in this process through main() (the validate tests above cover the real process)."""

    def test_rules_lists_every_rule_of_every_rule_set_and_guard(self, capsys):
        """``rules --format json`` lists the catalog, which holds every phase guard and plan rule."""
        assert main(["rules", "--format", "json"]) == 0

        entries = json.loads(capsys.readouterr().out)
        listed = [entry["id"] for entry in entries]
        assert listed == [entry.id for entry in rule_catalog()]
        assert set(PHASE_GUARDS.ids) <= set(listed)
        assert set(PLAN_COMPLETENESS.ids) <= set(listed)
        assert all(entry["description"] and entry["severity"] for entry in entries)

    @pytest.mark.parametrize("output", ["text", "markdown"])
    def test_rules_text_and_markdown_name_every_rule(self, capsys, output):
        """Text and markdown output name every rule id."""
        assert main(["rules", "--format", output]) == 0

        out = capsys.readouterr().out
        assert all(entry.id in out for entry in rule_catalog())

    @pytest.mark.parametrize(
        ("args", "expected"),
        [
            ([], to_mermaid()),
            (["--format", "dot"], to_dot()),
            (["--self-loops"], to_mermaid(self_loops=True)),
        ],
    )
    def test_diagram_prints_the_phase_graph(self, capsys, args, expected):
        """``diagram`` prints the same text as to_mermaid() and to_dot()."""
        assert main(["diagram", *args]) == 0

        assert capsys.readouterr().out == expected

    @pytest.mark.parametrize("command", ["validate", "schema", "rules", "diagram", "demo"])
    def test_each_command_has_help_with_an_example(self, capsys, command):
        """Each command's help says what it does and shows an example."""
        assert main([command, "--help"]) == 0

        out = capsys.readouterr().out
        assert "examples:" in out
        assert f"counselcore {command}" in out

    def test_version(self, capsys):
        """--version names the release."""
        assert main(["--version"]) == 0

        assert capsys.readouterr().out.startswith("counselcore ")

    @pytest.mark.parametrize("args", [["bogus"], ["validate"], ["rules", "--format", "yaml"], []])
    def test_a_wrong_command_line_exits_2_with_one_line(self, capsys, args):
        """An unknown command or option is one line on stderr and exit 2."""
        assert main(args) == 2

        assert_one_line_error(capsys.readouterr().err)

    def test_schema_prints_the_generated_schema_of_a_type_or_all(self, capsys):
        """``schema case-history`` is json_schema(CaseHistory); without a type, every document type."""
        assert main(["schema", "case-history"]) == 0
        assert json.loads(capsys.readouterr().out) == json_schema(CaseHistory)

        assert main(["schema"]) == 0
        every = json.loads(capsys.readouterr().out)
        assert sorted(every) == sorted(DOCUMENT_TYPES.values())
        assert all(every[name] == json_schema(cls) for cls, name in DOCUMENT_TYPES.items())

    def test_schema_of_an_unknown_type_exits_2(self, capsys):
        """An unknown document type is a usage error: one line, exit 2."""
        assert main(["schema", "chart"]) == 2

        assert_one_line_error(capsys.readouterr().err)

    def test_a_generated_chart_validates_against_the_case_history_schema(self):
        """The charts these tests feed the command line are valid case-history documents."""
        jsonschema = pytest.importorskip("jsonschema")

        jsonschema.validate(chart(), json_schema(CaseHistory))

    def test_demo_still_runs(self):
        """The demo walks the example case and exits 0 (as a real process)."""
        done = run("demo")

        assert done.returncode == 0
        assert "Phase machine" in done.stdout

    def test_the_console_script_is_installed(self):
        """The ``counselcore`` console script runs the same command line."""
        script = Path(sys.executable).parent / "counselcore"
        if not script.exists():
            pytest.skip("not installed as a package (no console script next to the interpreter)")

        done = subprocess.run(  # noqa: S603 - the installed console script
            [str(script), "--version"], capture_output=True, text=True, check=False
        )

        assert done.returncode == 0
        assert done.stdout.startswith("counselcore ")
