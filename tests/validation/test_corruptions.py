"""Properties of validate_case on charts corrupted at random: it never raises and its links hold."""

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from counselcore.validation import CaseReport, Stage, validate_case
from tests.validation.charts import chart, three_problem_chart

CLEAN = chart()
BASES = [CLEAN, three_problem_chart()]

#: One corruption: (event index, what to do). Values are JSON, as a broken export would hold.
corruptions = st.tuples(
    st.integers(min_value=0, max_value=len(CLEAN["events"]) - 1),
    st.sampled_from(
        [
            ("on", "2024-13-01"),
            ("on", "2023-01-01"),
            ("on", None),
            ("kind", "no-such-kind"),
            ("kind", None),
            ("drop", "kind"),
            ("drop", "on"),
            ("extra", "zzz"),
            ("whole", "text"),
            ("whole", None),
        ]
    ),
)


def corrupt(data: dict[str, Any], changes: list[tuple[int, tuple[str, Any]]]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    events = data["events"]
    for index, (what, value) in changes:
        if what == "whole":
            events[index] = value
        elif not isinstance(events[index], dict):
            continue
        elif what == "drop":
            events[index].pop(value, None)
        elif what == "extra":
            events[index][value] = 1
        else:
            events[index][what] = value
    return data


def exists(data: Any, path: tuple[str | int, ...]) -> bool:
    """Whether *path* names something in *data* (its last step may be a missing, required key)."""
    for step in path[:-1]:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):  # noqa: PERF203 - a test helper
            return False
    return isinstance(data, (dict, list))


def check_links(report: CaseReport) -> None:
    for position, finding in enumerate(report.findings):
        if finding.consequence_of is not None:
            cause = report.findings[finding.consequence_of]
            assert finding.consequence_of < position
            assert cause.consequence_of is None
        if finding.event is not None:
            assert finding.path[:2] == ("events", finding.event)


@given(base=st.sampled_from(BASES), changes=st.lists(corruptions, max_size=4))
def test_any_corruption_gives_a_report_whose_paths_and_links_hold(base, changes):
    """validate_case never raises; paths point into the input; consequences point at earlier problems."""
    data = corrupt(base, changes)

    report = validate_case(data)

    assert report.readable
    assert report.events == len(data["events"])
    check_links(report)
    for finding in report.findings:
        assert exists(data, finding.path), finding.where
    broken = {index for index, _ in changes}
    structural = {f.event for f in report.findings if f.stage is Stage.STRUCTURE}
    assert structural <= broken | {0}  # base problems sit in event 0 (the bad code) only
