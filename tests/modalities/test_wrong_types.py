"""Every public entry point of counselcore.modalities refuses wrong types with our errors."""

import pytest

from counselcore.examples import example_formulation
from counselcore.modalities import (
    BUILTIN_CATALOG,
    DEFAULT_MATCHING_POLICY,
    Modality,
    Prerequisite,
    Requirement,
    StabilityStatus,
    Technique,
    check_prerequisites,
    comparison_table,
    prerequisite_rules,
    recommend,
    sequence,
)
from tests.probing import Call, outcome, wrong_calls

FORMULATION = example_formulation()
EMDR = BUILTIN_CATALOG.get("emdr")
ACT = Modality(id="act", name="Acceptance and commitment therapy", abbreviation="ACT")

CALLS: list[Call] = [
    (
        "recommend",
        recommend,
        (FORMULATION,),
        {"catalog": BUILTIN_CATALOG, "policy": DEFAULT_MATCHING_POLICY},
    ),
    ("sequence", sequence, (FORMULATION, ["mi", "cbt"]), {"catalog": BUILTIN_CATALOG}),
    ("check_prerequisites", check_prerequisites, (EMDR, FORMULATION, StabilityStatus()), {}),
    ("prerequisite_rules", prerequisite_rules, (EMDR,), {}),
    ("comparison_table", comparison_table, (BUILTIN_CATALOG,), {}),
    ("catalog.get", BUILTIN_CATALOG.get, ("cbt",), {}),
    ("catalog.register", BUILTIN_CATALOG.register, (ACT,), {}),
    ("catalog.replace", BUILTIN_CATALOG.replace, (EMDR,), {}),
    ("catalog.without", BUILTIN_CATALOG.without, ("cbt",), {}),
    ("policy.weight", DEFAULT_MATCHING_POLICY.weight, ("match.problem-domain",), {}),
    ("policy.with_weight", DEFAULT_MATCHING_POLICY.with_weight, ("match.problem-domain", 1.0), {}),
    ("policy.without", DEFAULT_MATCHING_POLICY.without, ("match.problem-domain",), {}),
    ("modality.with_technique", ACT.with_technique, (Technique(id="defusion", name="D"),), {}),
    (
        "modality.with_prerequisite",
        ACT.with_prerequisite,
        (Prerequisite(requirement=Requirement.STABILIZED),),
        {},
    ),
    ("modality.prerequisite_rule_id", ACT.prerequisite_rule_id, (Requirement.STABILIZED,), {}),
    ("sequencing.step_of", sequence(FORMULATION, ["mi"]).step_of, ("mi",), {}),
]

#: Wrong-looking values that are valid: no modality chosen yet, and a weight of any number.
ACCEPTED = frozenset(
    {
        "sequence-1-[]",
        "sequence-1-()",
        "policy.with_weight-1-1.5",
    }
)


class TestWrongTypes:
    @pytest.mark.parametrize(
        ("function", "args", "kwargs", "valid"), wrong_calls(CALLS, accepted=ACCEPTED)
    )
    def test_refusals_are_ours_and_name_a_path(self, function, args, kwargs, valid):
        """A wrong type raises a CounselcoreError naming a structure.* rule and a path, never a bare TypeError."""
        result = outcome(function, args, kwargs)

        assert result == ("accepted" if valid else "refused")
