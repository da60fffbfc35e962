"""``counselcore fhir export|import`` through a real process on real files."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from counselcore import to_json
from counselcore.examples import example_formulation, example_plan
from counselcore.phases import CaseHistory, IntakeCompleted, PlanAgreed

DATA = Path(__file__).parent / "data"


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "counselcore", "fhir", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


class TestFhirCommand:
    def test_export_then_import_gives_the_chart_back(self, tmp_path):
        """A chart exported to a Bundle file and imported again is the same document, exit 0 both ways."""
        chart = CaseHistory(
            client=example_plan().client,
            events=(
                IntakeCompleted(on=dt.date(2024, 1, 8), formulation=example_formulation()),
                PlanAgreed(on=dt.date(2024, 1, 15), plan=example_plan()),
            ),
        )
        source = tmp_path / "chart.json"
        source.write_text(to_json(chart), encoding="utf-8")

        exported = _run("export", str(source))
        bundle = tmp_path / "bundle.json"
        bundle.write_text(exported.stdout, encoding="utf-8")
        imported = _run("import", str(bundle))

        assert (exported.returncode, imported.returncode) == (0, 0)
        assert json.loads(imported.stdout) == json.loads(to_json(chart))

    def test_import_reports_warnings_on_stderr(self):
        """The US Core example imports from stdin with exit 0 and its warnings on stderr."""
        text = (DATA / "us-core-Observation-PHQ9-item-example-44261-6.json").read_text()

        result = _run("import", "-", stdin=text)

        assert result.returncode == 0
        assert json.loads(result.stdout)["events"][0]["total"] == 12
        assert "fhir.value-converted" in result.stderr

    def test_invalid_resource_exits_1(self):
        """A status outside the R4 value set exits 1 and names the path."""
        result = _run(
            "import", "-", stdin=json.dumps({"resourceType": "Observation", "status": "bogus"})
        )

        assert result.returncode == 1
        assert "Observation.status" in result.stderr

    def test_missing_file_exits_2(self, tmp_path):
        """An unreadable file exits 2."""
        assert _run("export", str(tmp_path / "missing.json")).returncode == 2

    def test_unusable_input_exits_2(self):
        """Text that is not JSON, or JSON that is not a resource or a case history, exits 2."""
        codes = (
            _run("import", "-", stdin="not json").returncode,
            _run("import", "-", stdin="[1, 2]").returncode,
            _run("export", "-", stdin='{"type": "treatment-plan", "schema_version": 1}').returncode,
        )

        assert codes == (2, 2, 2)
