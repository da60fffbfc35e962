import pytest

from counselcore.__main__ import main


class TestAftercareDemo:
    def test_the_demo_shows_the_aftercare_section(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Section 6 prints readiness reasons, booster dates and the at-risk violation."""
        code = main(["demo"])

        out = capsys.readouterr().out
        assert code == 0
        assert "8. Termination readiness and aftercare:" in out
        assert "2024-08-06, 2024-11-06, 2025-02-06, 2025-05-06" in out
        assert "[aftercare.safety-plan-when-at-risk]" in out
