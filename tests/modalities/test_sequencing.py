import pytest
from hypothesis import given
from hypothesis import strategies as st

from counselcore.errors import UnknownModalityError
from counselcore.examples import example_formulation
from counselcore.modalities import (
    BUILTIN_CATALOG,
    SEQUENCING_RULE_IDS,
    Modality,
    Prerequisite,
    Relation,
    Requirement,
    SequencePosition,
    Sequencing,
    sequence,
)
from counselcore.model import ReadinessStage
from counselcore.strategies import case_formulations
from tests.modalities.builders import formulation, resolve

R = ReadinessStage


def steps(result: Sequencing) -> list[tuple[str, ...]]:
    return [step.modalities for step in result.steps]


class TestEngagement:
    @pytest.mark.parametrize("stage", [R.PRECONTEMPLATION, R.CONTEMPLATION, None])
    def test_mi_comes_first_when_readiness_is_low_or_unknown(self, stage):
        """Before preparation (or unassessed) MI is a step of its own, before everything else."""

        result = sequence(formulation(readiness=stage), ["cbt", "mi", "emdr"])

        assert steps(result) == [("mi",), ("cbt",), ("emdr",)]
        first = result.constraints[0]
        assert (first.rule, first.modalities, first.relation, first.others, first.paths) == (
            "sequence.engagement-first",
            ("mi",),
            Relation.BEFORE,
            ("cbt", "emdr"),
            (("readiness",),),
        )

    @pytest.mark.parametrize("stage", [R.PREPARATION, R.ACTION, R.MAINTENANCE])
    def test_mi_runs_alongside_from_preparation_on(self, stage):
        """From preparation on MI joins the first step instead of delaying it."""

        result = sequence(formulation(readiness=stage), ["cbt", "mi"])

        assert steps(result) == [("mi", "cbt")]
        assert result.rule_ids == ("sequence.engagement-alongside",)
        assert result.steps[0].concurrent

    def test_explanation_names_the_stage(self):
        """The explanation says which stage decided, or that readiness was not assessed."""

        assessed = sequence(formulation(readiness=R.CONTEMPLATION), ["mi", "cbt"])
        unassessed = sequence(formulation(), ["mi", "cbt"])

        assert "contemplation" in assessed.constraints[0].explanation
        assert "not assessed" in unassessed.constraints[0].explanation

    @pytest.mark.parametrize("stage", [R.CONTEMPLATION, R.ACTION])
    def test_mi_alone_needs_no_constraint(self, stage):
        """A single engagement modality is one step with nothing to order."""

        result = sequence(formulation(readiness=stage), ["mi"])

        assert steps(result) == [("mi",)]
        assert result.constraints == ()

    def test_ready_mi_with_only_emdr_stays_before_processing(self):
        """With nothing to join, MI keeps its own step before trauma processing."""

        result = sequence(formulation(readiness=R.ACTION), ["emdr", "mi"])

        assert steps(result) == [("mi",), ("emdr",)]
        assert result.rule_ids == ("sequence.processing-after-stabilization",)


class TestStabilizationAndIntegration:
    def test_co_occurring_disorders_get_one_integrated_step(self):
        """With co-occurring disorders DBT and CBT run together, explained by co_occurring."""

        result = sequence(formulation(co_occurring=True, readiness=R.ACTION), ["cbt", "dbt"])

        assert steps(result) == [("dbt", "cbt")]
        assert result.integrated
        constraint = result.constraints[0]
        assert (constraint.rule, constraint.relation, constraint.paths) == (
            "sequence.integrated-co-occurring",
            Relation.WITH,
            (("co_occurring",),),
        )

    def test_otherwise_stabilization_comes_first(self):
        """Without co-occurring disorders DBT's stabilization work precedes CBT."""

        result = sequence(formulation(co_occurring=False, readiness=R.ACTION), ["cbt", "dbt"])

        assert steps(result) == [("dbt",), ("cbt",)]
        assert not result.integrated
        assert result.rule_ids == ("sequence.stabilization-before-active",)

    def test_ready_mi_joins_the_integrated_step(self):
        """At preparation, MI joins the integrated DBT and CBT step."""

        result = sequence(
            formulation(co_occurring=True, readiness=R.PREPARATION), ["mi", "cbt", "dbt"]
        )

        assert steps(result) == [("mi", "dbt", "cbt")]
        assert result.rule_ids == (
            "sequence.engagement-alongside",
            "sequence.integrated-co-occurring",
        )

    def test_integrated_is_reported_even_with_one_modality(self):
        """The integrated flag mirrors the formulation's co-occurring flag."""

        result = sequence(formulation(co_occurring=True), ["cbt"])

        assert result.integrated
        assert result.constraints == ()


class TestProcessing:
    def test_emdr_comes_last_gated_by_its_prerequisites(self):
        """EMDR is the last step and carries its prerequisite rule ids as the gate."""

        result = sequence(example_formulation(), ["emdr", "dbt", "cbt", "mi"])

        assert steps(result) == [("mi",), ("dbt", "cbt"), ("emdr",)]
        assert result.steps[-1].prerequisites == BUILTIN_CATALOG.get("emdr").prerequisite_rule_ids
        last = result.constraints[-1]
        assert (last.rule, last.relation, last.others) == (
            "sequence.processing-after-stabilization",
            Relation.AFTER,
            ("mi", "dbt", "cbt"),
        )

    def test_emdr_alone_still_explains_its_gate(self):
        """EMDR chosen alone is one step, with the stabilization constraint and no others."""

        result = sequence(formulation(), ["emdr"])

        assert steps(result) == [("emdr",)]
        assert [(c.rule, c.others) for c in result.constraints] == [
            ("sequence.processing-after-stabilization", ())
        ]

    def test_a_custom_processing_modality_runs_with_emdr(self):
        """A custom processing modality (TF-CBT) shares the last step, with its own gate."""
        tf_cbt = Modality(
            id="tf-cbt",
            name="Trauma-focused CBT",
            abbreviation="TF-CBT",
            prerequisites=(Prerequisite(requirement=Requirement.STABILIZED),),
            position=SequencePosition.PROCESSING,
        )
        catalog = BUILTIN_CATALOG.register(tf_cbt)

        result = sequence(
            formulation(readiness=R.ACTION), ["tf-cbt", "emdr", "cbt"], catalog=catalog
        )

        assert steps(result) == [("cbt",), ("emdr", "tf-cbt")]
        assert "modality.tf-cbt.requires_stabilization" in result.steps[-1].prerequisites


class TestInputs:
    def test_unknown_ids_raise(self):
        """A chosen id outside the catalog raises UnknownModalityError naming it."""

        with pytest.raises(UnknownModalityError) as info:
            sequence(formulation(), ["cbt", "act"])

        assert info.value.modality_id == "act"

    def test_a_single_string_is_one_id(self):
        """sequence(f, "cbt") means the one modality, not its letters."""

        result = sequence(formulation(), "cbt")

        assert result.order == ("cbt",)

    def test_duplicates_and_order_of_choice_do_not_matter(self):
        """The result depends on the set of ids, not on repeats or the order given."""

        first = sequence(example_formulation(), ["emdr", "mi", "cbt", "mi"])
        second = sequence(example_formulation(), ("cbt", "mi", "emdr"))

        assert first == second

    def test_nothing_chosen_gives_no_steps(self):
        """An empty choice gives an empty sequence."""

        result = sequence(formulation(), [])

        assert result.steps == ()
        assert result.constraints == ()

    def test_step_of(self):
        """step_of finds a modality's step and raises for one not in the sequence."""
        result = sequence(example_formulation(), ["cbt", "mi"])

        index = result.step_of("cbt")

        assert index == 1
        with pytest.raises(UnknownModalityError):
            result.step_of("emdr")


class TestProperties:
    @given(case_formulations(), st.sets(st.sampled_from(sorted(BUILTIN_CATALOG.ids))))
    def test_sequences_respect_positions_and_explain_themselves(self, case, chosen):
        """Every chosen id appears once, positions never go backwards, and evidence resolves."""

        result = sequence(case, chosen)

        assert sorted(result.order) == sorted(chosen)
        assert all(step.modalities for step in result.steps)
        assert result == sequence(case, sorted(chosen))
        positions = [
            min(BUILTIN_CATALOG.get(m).position.order for m in step.modalities)
            for step in result.steps
        ]
        assert positions == sorted(positions)
        if "emdr" in chosen:
            assert result.steps[-1].modalities == ("emdr",)
        assert list(result.rule_ids) == [r for r in SEQUENCING_RULE_IDS if r in result.rule_ids]
        for constraint in result.constraints:
            assert set(constraint.modalities) <= chosen
            assert set(constraint.others) <= chosen
            for path in constraint.paths:
                resolve(case, path)
