"""
Requirement-to-test traceability: every rule id and instrument cut point, its source, its tests.

The page ``docs/traceability.md`` is generated from the library's own declarations (the rule
catalog of `counselcore.validation.rule_catalog` and the built-in instruments) and from the test
files that name each rule id or instrument id. Regenerate it with ``python -m tests.traceability``;
``tests/test_traceability.py`` fails when the page drifts, when a rule or cut point has no source
or no test, or when a source points to a file a user of the package does not have.
"""

import sys
from collections.abc import Iterable
from pathlib import Path

from counselcore.measures import BUILTIN_INSTRUMENTS, Instrument
from counselcore.validation import rule_catalog

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "traceability.md"
#: Files that only list ids (this module, its test) do not count as tests of them.
_NOT_TESTS = {"traceability.py", "test_traceability.py"}
#: Phrases that point to files the package's users do not have.
FORBIDDEN_SOURCES = (
    "DESIGN.md",
    "seed document",
    "clinical-facts",
    "clinical reference",
    "shared/",
)

HEADER = """# Traceability

Every rule the library ships and every cut point of a built-in instrument, with its source and
the test files that exercise it (files that name the rule or instrument id). This page is
generated from the declarations and the test suite (`python -m tests.traceability`); a test
fails when it drifts, when a rule or cut point has no source or no test, or when a source points
to a file users of the package do not have. Sources are primary publications or a section of
{doc}`design-decisions`.
"""


def _test_files() -> dict[str, str]:
    files = sorted((ROOT / "tests").rglob("*.py"))
    return {
        path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
        for path in files
        if path.name not in _NOT_TESTS
    }


def files_naming(identifier: str, files: dict[str, str] | None = None) -> tuple[str, ...]:
    """The test files whose text names *identifier* (quoted, so ``phq-9`` is not ``phq-9x``)."""
    texts = files if files is not None else _test_files()
    quoted = (f'"{identifier}"', f"'{identifier}'")
    return tuple(name for name, text in texts.items() if any(q in text for q in quoted))


def cut_points(instrument: Instrument) -> tuple[str, ...]:
    """The instrument's band boundaries and thresholds, as ``name ≥ value`` strings."""
    bands = [f"{band.label} ≥ {band.low}" for band in instrument.bands[1:]]
    thresholds = [f"{t.name} ≥ {t.at_least}" for t in instrument.thresholds]
    return (*bands, *thresholds)


def _cell(values: Iterable[str]) -> str:
    return "<br>".join(f"`{value}`" for value in values) or "-"


def render() -> str:
    """The whole page, as it must stand in ``docs/traceability.md``."""
    files = _test_files()
    lines = [HEADER, "## Rules", "", "| Rule id | Rule set | Source | Tests |", "|---|---|---|---|"]
    for entry in rule_catalog():
        tests = _cell(files_naming(entry.id, files))
        lines.append(f"| `{entry.id}` | {entry.rule_set} | {entry.source} | {tests} |")
    lines += [
        "",
        "## Instrument cut points",
        "",
        "| Instrument | Cut points | Source | Tests |",
        "|---|---|---|---|",
    ]
    for instrument in BUILTIN_INSTRUMENTS:
        if not cut_points(instrument):
            continue
        tests = _cell(files_naming(instrument.id, files))
        points = "<br>".join(cut_points(instrument))
        lines.append(f"| `{instrument.id}` | {points} | {instrument.source} | {tests} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    PAGE.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {PAGE.relative_to(ROOT)}\n")
