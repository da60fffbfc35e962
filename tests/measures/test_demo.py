"""The command-line demo shows the measures section."""

from counselcore.__main__ import main


def test_demo_prints_the_measures_section(capsys):
    """`python -m counselcore demo` ends with scored forms and a Talking Therapies outcome."""
    code = main(["demo"])

    out = capsys.readouterr().out
    assert code == 0
    assert "7. Measures (PHQ-9, GAD-7):" in out
    assert "risk flags: risk.suicidal_ideation" in out
    assert "recovery recovered, reliable-improvement, reliable recovery True" in out
    assert "C-SSRS screener: moderate risk from items 3, 6; flags: risk.suicidal_ideation" in out
    assert "PHQ-9 response True, remission False" in out
    assert "alcohol use disorder with 5 DSM-5 criteria: moderate" in out
