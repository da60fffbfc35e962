"""
Therapeutic modalities as data: descriptors, a catalog, matching, sequencing and prerequisites.

`BUILTIN_CATALOG` holds CBT, DBT, MI and EMDR; `Catalog.register` adds your own. `recommend`
ranks a catalog's modalities for a formulation with the rules that fired as data; `sequence`
orders chosen modalities into steps and explains why; `check_prerequisites` reports what must
hold before a modality starts.

Example:
    >>> from counselcore.examples import example_formulation
    >>> f = example_formulation()
    >>> [r.modality for r in recommend(f)]
    ['mi', 'cbt']
    >>> sequence(f, ["cbt", "mi"]).order
    ('mi', 'cbt')
    >>> check_prerequisites(BUILTIN_CATALOG.get("cbt"), f)[0].rule
    'modality.cbt.requires_readiness_for_action'
"""

from counselcore.modalities._builtin import BUILTIN_CATALOG
from counselcore.modalities._catalog import Catalog
from counselcore.modalities._descriptor import (
    Indication,
    Modality,
    Prerequisite,
    Requirement,
    SequencePosition,
    Technique,
)
from counselcore.modalities._matching import (
    DEFAULT_MATCHING_POLICY,
    DEFAULT_WEIGHTS,
    DIAGNOSIS_DOMAINS,
    MATCHING_RULES,
    MatchContext,
    MatchingPolicy,
    Rationale,
    Recommendation,
    recommend,
)
from counselcore.modalities._prerequisites import (
    StabilityStatus,
    check_prerequisites,
    prerequisite_rules,
)
from counselcore.modalities._sequencing import (
    SEQUENCING_RULE_IDS,
    OrderingConstraint,
    Relation,
    SequenceStep,
    Sequencing,
    sequence,
)
from counselcore.modalities._table import comparison_table

__all__ = [
    "BUILTIN_CATALOG",
    "Catalog",
    "DEFAULT_MATCHING_POLICY",
    "DEFAULT_WEIGHTS",
    "DIAGNOSIS_DOMAINS",
    "Indication",
    "MATCHING_RULES",
    "MatchContext",
    "MatchingPolicy",
    "Modality",
    "OrderingConstraint",
    "Prerequisite",
    "Rationale",
    "Recommendation",
    "Relation",
    "Requirement",
    "SEQUENCING_RULE_IDS",
    "SequencePosition",
    "SequenceStep",
    "Sequencing",
    "StabilityStatus",
    "Technique",
    "check_prerequisites",
    "comparison_table",
    "prerequisite_rules",
    "recommend",
    "sequence",
]
