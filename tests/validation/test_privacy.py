"""No free text or client id from a chart reaches a finding's message, evidence or a report's repr."""

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import counselcore as cc
from counselcore.strategies import case_histories
from tests.privacy import leaks, marked


def _corrupt(data: dict[str, Any], choice: int) -> dict[str, Any]:
    """One structural fault beside the planted markers, so findings are produced."""
    events = data["events"]
    if choice == 0 and events:
        events[0]["on"] = "not a date"
    elif choice == 1:
        events.append({"kind": "no-such-kind", "on": "2024-01-01"})
    elif choice == 2 and events:
        events.insert(0, events.pop())  # out of order
    else:
        data["events"] = [*events, {"kind": "review-held", "on": "2024-01-01", "note": "x"}]
    data["events"].append({"kind": "no-such-kind", "on": "2024-01-01"})  # always one finding
    return data


@settings(max_examples=40)
@given(case_histories(), st.integers(0, 3))
def test_findings_never_show_chart_text_or_the_client_id(history: Any, choice: int) -> None:
    data = _corrupt(cc.to_dict(marked(history)), choice)
    assert leaks(json.dumps(data))  # the markers are in the chart

    report = cc.validate_case(data)

    assert report.findings
    for finding in report.findings:
        assert not leaks(finding.message), finding.rule
        assert not leaks(repr(finding.evidence)), finding.rule
        assert not leaks(repr(finding)), finding.rule
    assert not leaks(repr(report))
