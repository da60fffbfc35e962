"""The demo's phase section runs and shows the violations it is meant to show."""

import pytest

from counselcore.__main__ import main


def test_the_demo_shows_the_phase_machine(capsys: pytest.CaptureFixture[str]) -> None:
    """Section 6 replays a history and reports its two refused events."""
    assert main(["demo"]) == 0

    out = capsys.readouterr().out

    assert "9. Phase machine" in out
    assert "[phases.review-due]" in out
    assert "[phases.crisis-exit-requires-risk-rescreen]" in out
