"""Measures inside histories: instrument known, total in range, risk flags the instrument defines."""

import pytest
from attrs import evolve

from counselcore.measures import BUILTIN_INSTRUMENTS, PHQ_9, SUICIDAL_IDEATION_FLAG
from counselcore.phases import MeasureRecorded, Phase, PhasePolicy, replay, transition
from tests.phases.builders import day, history_to, state_in


def rules(event: MeasureRecorded, policy: PhasePolicy | None = None) -> list[str]:
    outcome = transition(state_in(Phase.ACTIVE), event, policy or PhasePolicy())
    return [v.rule for v in outcome.violations]


class TestMeasureGuards:
    @pytest.mark.parametrize("total", [0, 27, 13.5])
    def test_totals_within_the_range_are_accepted(self, total: float) -> None:
        """PHQ-9 totals from 0 to 27 (both ends included) are fine."""
        assert rules(MeasureRecorded(on=day(8), instrument="phq-9", total=total)) == []

    @pytest.mark.parametrize("total", [-1, 28, 30])
    def test_totals_outside_the_range_are_refused(self, total: int) -> None:
        """A PHQ-9 total of 28 or more (or below 0) cannot be."""
        event = MeasureRecorded(on=day(8), instrument="phq-9", total=total)

        outcome = transition(state_in(Phase.ACTIVE), event)

        assert [v.rule for v in outcome.violations] == ["phases.measure-total-in-range"]
        assert dict(outcome.violations[0].evidence) == {"total": total, "low": 0, "high": 27}

    def test_an_unknown_instrument_is_a_violation_not_a_crash(self) -> None:
        """'PHQ9' is not an instrument id: one violation, and no range or flag check after it."""
        event = MeasureRecorded(
            on=day(8), instrument="PHQ9", total=99, risk_flags={SUICIDAL_IDEATION_FLAG}
        )

        assert rules(event) == ["phases.measure-instrument-known"]

    def test_an_invented_flag_is_refused(self) -> None:
        """Only flags the instrument's risk items raise may be recorded."""
        event = MeasureRecorded(
            on=day(8), instrument="phq-9", total=12, risk_flags={"risk.made-up"}
        )

        assert rules(event) == ["phases.measure-risk-flags-known"]

    def test_a_known_flag_of_another_instrument_is_refused(self) -> None:
        """GAD-7 has no risk item, so it raises no suicidal-ideation flag."""
        event = MeasureRecorded(
            on=day(8), instrument="gad-7", total=12, risk_flags={SUICIDAL_IDEATION_FLAG}
        )

        assert rules(event) == ["phases.measure-risk-flags-known"]

    def test_the_policy_catalog_decides(self) -> None:
        """An organization's own instrument is known under its policy only."""
        local = evolve(PHQ_9, id="phq-9-local")
        policy = PhasePolicy(instruments=BUILTIN_INSTRUMENTS.register(local))
        event = MeasureRecorded(on=day(8), instrument="phq-9-local", total=27)

        assert rules(event, policy) == []
        assert rules(event) == ["phases.measure-instrument-known"]

    def test_a_refused_measure_sets_no_flag(self) -> None:
        """A refused measure is as if absent: its flags are not kept."""
        events = [
            *history_to(Phase.ACTIVE),
            MeasureRecorded(
                on=day(8), instrument="phq-9", total=30, risk_flags={SUICIDAL_IDEATION_FLAG}
            ),
        ]

        result = replay(events)

        assert result.refused_indices == (2,)
        assert result.state.risk_flags == frozenset()
