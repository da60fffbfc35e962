"""The modality prerequisites as the phase machine sees them: catalog lookup and error-severity findings."""

import pytest

from counselcore.phases._modalities import modality_violations
from tests.phases.builders import formulation


class TestModalityViolations:
    @pytest.mark.parametrize("modality", ["cbt", "dbt", "mi"])
    def test_modalities_without_prerequisites(self, modality: str) -> None:
        """CBT, DBT and MI have no prerequisites, even in a crisis."""
        assert modality_violations(modality, formulation(), in_crisis=True, stabilized=False) == ()

    @pytest.mark.parametrize(
        ("in_crisis", "stabilized", "rules"),
        [
            (False, True, []),
            (False, False, ["modality.emdr.requires_stabilization"]),
            (True, True, ["modality.emdr.not_in_crisis"]),
            (True, False, ["modality.emdr.requires_stabilization", "modality.emdr.not_in_crisis"]),
        ],
    )
    def test_emdr_needs_stabilization_and_no_crisis(
        self, in_crisis: bool, stabilized: bool, rules: list[str]
    ) -> None:
        """EMDR processing needs stabilization and no active crisis."""
        found = modality_violations(
            "emdr", formulation(), in_crisis=in_crisis, stabilized=stabilized
        )

        assert [v.rule for v in found] == rules

    def test_before_intake_only_the_catalog_is_checked(self) -> None:
        """Without a formulation, a known modality passes and an unknown one does not."""
        assert modality_violations("emdr", None, in_crisis=True, stabilized=False) == ()
        assert [
            v.rule for v in modality_violations("tfa", None, in_crisis=False, stabilized=True)
        ] == ["phases.modality-known"]

    def test_unknown_modality_evidence(self) -> None:
        """An unknown modality is named in the evidence (an id, not clinical text)."""
        (found,) = modality_violations("reiki", formulation(), in_crisis=False, stabilized=True)

        assert found.evidence == (("modality", "reiki"),)


def test_answers_kept_for_a_formulation_respect_the_policy_catalog() -> None:
    """An answer remembered for one catalog is not reused under a policy with another catalog."""
    from counselcore.modalities import BUILTIN_CATALOG, Modality
    from counselcore.phases import Phase, PhasePolicy, transition
    from tests.phases.builders import session, state_in

    act = Modality(id="act", name="Acceptance and commitment therapy", abbreviation="ACT")
    ours = PhasePolicy(catalog=BUILTIN_CATALOG.register(act))
    state = state_in(Phase.ACTIVE)
    event = session(8, modality="act")

    first = transition(state, event)
    with_act = transition(state, event, ours)
    again = transition(state, event)

    assert [v.rule for v in first.violations] == ["phases.modality-known"]
    assert with_act.violations == ()
    assert again.violations == first.violations
