"""The modality descriptor: `Modality`, its `Technique` and `Prerequisite` parts, and their enums."""

import enum
import re
import types

from attrs import evolve, field, frozen

from counselcore._internal.checks import (
    check_bool,
    check_distinct,
    check_enum,
    check_identifier,
    check_instances,
    check_text,
    check_texts,
    check_tuple,
    check_unique,
    fail,
)
from counselcore.model import ProblemDomain
from counselcore.violations import Path, Severity

__all__ = [
    "Indication",
    "Modality",
    "Prerequisite",
    "Requirement",
    "SequencePosition",
    "Technique",
]

#: Modality ids: lower-case words joined by hyphens (``cbt``, ``tf-cbt``), at most 40 characters.
_MODALITY_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_MAX_MODALITY_ID = 40


class SequencePosition(enum.Enum):
    """
    Where a modality typically sits when several are sequenced, earliest first.

    * ``engagement``: builds motivation before action (MI).
    * ``stabilization``: safety and regulation skills (DBT).
    * ``active``: the main change work (CBT).
    * ``processing``: trauma processing, only once the client is stabilized (EMDR).

    Example:
        >>> SequencePosition.ENGAGEMENT.order < SequencePosition.PROCESSING.order
        True
    """

    ENGAGEMENT = "engagement"
    STABILIZATION = "stabilization"
    ACTIVE = "active"
    PROCESSING = "processing"

    @property
    def order(self) -> int:
        """1 for engagement up to 4 for processing."""
        return list(SequencePosition).index(self) + 1


class Indication(enum.Enum):
    """
    A finding in a formulation, beyond its problem domains, that a modality is suited to.

    Each value has one matching rule (``match.<value>``, see `counselcore.modalities.MATCHING_RULES`)
    that fires for every modality listing the indication.

    Example:
        >>> Indication.LOW_READINESS.rule_id
        'match.low-readiness'
    """

    #: Readiness is precontemplation or contemplation (ambivalence).
    LOW_READINESS = "low-readiness"
    #: Readiness is preparation: commitment still being firmed up.
    PREPARATION = "preparation"
    #: Readiness is preparation, action or maintenance: ready for action-oriented work.
    ACTION_READINESS = "action-readiness"
    #: The risk screen records self-harm risk.
    SELF_HARM_RISK = "self-harm-risk"
    #: Co-occurring substance use disorder together with emotion dysregulation.
    CO_OCCURRING_REACTIVITY = "co-occurring-reactivity"
    #: Trauma history with PTSD symptoms, or a PTSD diagnosis.
    TRAUMA_WITH_PTSD = "trauma-with-ptsd"

    @property
    def rule_id(self) -> str:
        """The id of the matching rule that looks for this indication."""
        return f"match.{self.value}"


class Requirement(enum.Enum):
    """
    What a formulation or the case's current state must show before a modality starts.

    Example:
        >>> Requirement.STABILIZED.rule_suffix
        'requires_stabilization'
    """

    #: A risk screen is recorded in the formulation.
    RISK_SCREENED = "risk-screened"
    #: The client is stabilized (grounding / affect-regulation skills in place).
    STABILIZED = "stabilized"
    #: The client is not in an active crisis.
    NOT_IN_CRISIS = "not-in-crisis"
    #: The formulation records trauma: a trauma history, a trauma problem or a trauma diagnosis.
    TRAUMA_INDICATED = "trauma-indicated"
    #: Readiness for change is preparation or later.
    READY_FOR_ACTION = "ready-for-action"

    @property
    def rule_suffix(self) -> str:
        """The last part of the rule id, e.g. ``not_in_crisis`` in ``modality.emdr.not_in_crisis``."""
        return _RULE_SUFFIXES[self]


_RULE_SUFFIXES = types.MappingProxyType(
    {
        Requirement.RISK_SCREENED: "requires_risk_screen",
        Requirement.STABILIZED: "requires_stabilization",
        Requirement.NOT_IN_CRISIS: "not_in_crisis",
        Requirement.TRAUMA_INDICATED: "requires_trauma_indication",
        Requirement.READY_FOR_ACTION: "requires_readiness_for_action",
    }
)


def _check_modality_id(value: object, path: Path) -> None:
    check_identifier(value, path)
    if not isinstance(value, str) or (
        len(value) > _MAX_MODALITY_ID or _MODALITY_ID.fullmatch(value) is None
    ):
        raise fail(
            path,
            "structure.identifier",
            f"must be lower-case letters and digits in hyphen-joined words, "
            f"at most {_MAX_MODALITY_ID} characters (e.g. 'tf-cbt')",
        )


def _check_unique_enums(values: tuple[enum.Enum, ...], enum_type: type, path: Path) -> None:
    check_tuple(values, path)
    for index, value in enumerate(values):
        check_enum(value, enum_type, (*path, index))
    check_distinct(values, path)


@frozen(kw_only=True)
class Technique:
    """
    A named technique of a modality; plans name it by *id* in `counselcore.model.Intervention`.

    *trauma_processing* marks techniques that reprocess traumatic memories (EMDR phases 3-6),
    which only start once the client is stabilized.

    Example:
        >>> Technique(id="thought-record", name="Thought record", description="...")
        Technique(id='thought-record', trauma_processing=False)
    """

    id: str
    name: str = field(repr=False)
    description: str = field(default="", repr=False)
    trauma_processing: bool = False

    def __attrs_post_init__(self) -> None:
        check_identifier(self.id, ("id",))
        check_text(self.name, ("name",), allow_empty=False)
        check_text(self.description, ("description",))
        check_bool(self.trauma_processing, ("trauma_processing",))


@frozen(kw_only=True, cache_hash=True)
class Prerequisite:
    """
    A requirement a modality has before it starts, reported at *severity* when unmet.

    Error severity means the modality should not start; warning severity is a caution.

    Example:
        >>> Prerequisite(requirement=Requirement.NOT_IN_CRISIS)
        Prerequisite(requirement=<Requirement.NOT_IN_CRISIS: 'not-in-crisis'>, severity=<Severity.ERROR: 'error'>)
    """

    requirement: Requirement
    severity: Severity = Severity.ERROR

    def __attrs_post_init__(self) -> None:
        check_enum(self.requirement, Requirement, ("requirement",))
        check_enum(self.severity, Severity, ("severity",))


@frozen(kw_only=True, cache_hash=True)
class Modality:
    """
    A therapeutic modality as inspectable data: what it does, for whom, how, and when.

    *domains* and *indications* drive `counselcore.modalities.recommend`; *prerequisites*
    drive `counselcore.modalities.check_prerequisites`; *position* drives
    `counselcore.modalities.sequence`. Every free-text field (the name included) is left out
    of ``repr``: the built-in texts are library data, but a service's own descriptors are free
    text like any other, and the rule is one rule.

    Example:
        >>> act = Modality(
        ...     id="act",
        ...     name="Acceptance and commitment therapy",
        ...     abbreviation="ACT",
        ...     mechanism="Acceptance, defusion and values-based action",
        ...     domains=(ProblemDomain.ANXIETY, ProblemDomain.DEPRESSION),
        ...     techniques=(Technique(id="defusion", name="Cognitive defusion"),),
        ... )
        >>> act
        Modality(id='act', position=<SequencePosition.ACTIVE: 'active'>)
        >>> act.technique_ids, act.prerequisite_rule_ids
        (('defusion',), ())
    """

    id: str
    name: str = field(repr=False)
    abbreviation: str = field(repr=False)
    mechanism: str = field(default="", repr=False)
    clinical_targets: tuple[str, ...] = field(default=(), repr=False)
    domains: tuple[ProblemDomain, ...] = field(default=(), repr=False)
    indications: tuple[Indication, ...] = field(default=(), repr=False)
    session_focus: tuple[str, ...] = field(default=(), repr=False)
    ideal_candidate: str = field(default="", repr=False)
    techniques: tuple[Technique, ...] = field(default=(), repr=False)
    prerequisites: tuple[Prerequisite, ...] = field(default=(), repr=False)
    cautions: tuple[str, ...] = field(default=(), repr=False)
    position: SequencePosition = SequencePosition.ACTIVE
    sources: tuple[str, ...] = field(default=(), repr=False)

    def __attrs_post_init__(self) -> None:
        _check_modality_id(self.id, ("id",))
        check_text(self.name, ("name",), allow_empty=False)
        check_text(self.abbreviation, ("abbreviation",), allow_empty=False)
        check_text(self.mechanism, ("mechanism",))
        check_texts(self.clinical_targets, ("clinical_targets",))
        _check_unique_enums(self.domains, ProblemDomain, ("domains",))
        _check_unique_enums(self.indications, Indication, ("indications",))
        check_texts(self.session_focus, ("session_focus",))
        check_text(self.ideal_candidate, ("ideal_candidate",))
        check_instances(self.techniques, Technique, ("techniques",))
        check_unique([t.id for t in self.techniques], ("techniques",), "id")
        check_instances(self.prerequisites, Prerequisite, ("prerequisites",))
        check_unique(
            [p.requirement.value for p in self.prerequisites], ("prerequisites",), "requirement"
        )
        check_texts(self.cautions, ("cautions",))
        check_enum(self.position, SequencePosition, ("position",))
        check_texts(self.sources, ("sources",))

    @property
    def technique_ids(self) -> tuple[str, ...]:
        """The ids of the techniques, in order."""
        return tuple(technique.id for technique in self.techniques)

    @property
    def trauma_processing_techniques(self) -> tuple[str, ...]:
        """The ids of the techniques that reprocess traumatic memories (gated by stabilization)."""
        return tuple(t.id for t in self.techniques if t.trauma_processing)

    @property
    def prerequisite_rule_ids(self) -> tuple[str, ...]:
        """The rule id of each prerequisite, e.g. ``modality.emdr.not_in_crisis``, in order."""
        return tuple(self.prerequisite_rule_id(p.requirement) for p in self.prerequisites)

    def prerequisite_rule_id(self, requirement: Requirement) -> str:
        """
        The rule id this modality reports an unmet *requirement* under.

        Example:
            >>> m = Modality(id="tf-cbt", name="Trauma-focused CBT", abbreviation="TF-CBT")
            >>> m.prerequisite_rule_id(Requirement.STABILIZED)
            'modality.tf-cbt.requires_stabilization'
        """
        check_enum(requirement, Requirement, ("requirement",))
        return f"modality.{self.id}.{requirement.rule_suffix}"

    def with_prerequisite(self, prerequisite: Prerequisite) -> "Modality":
        """
        Return a copy with *prerequisite* added at the end.

        Example:
            >>> m = Modality(id="tf-cbt", name="Trauma-focused CBT", abbreviation="TF-CBT")
            >>> m.with_prerequisite(Prerequisite(requirement=Requirement.STABILIZED)).prerequisite_rule_ids
            ('modality.tf-cbt.requires_stabilization',)
            >>> m.prerequisites
            ()
        """
        return evolve(self, prerequisites=(*self.prerequisites, prerequisite))

    def with_technique(self, technique: Technique) -> "Modality":
        """
        Return a copy with *technique* added at the end.

        Example:
            >>> m = Modality(id="act", name="Acceptance and commitment therapy", abbreviation="ACT")
            >>> m.with_technique(Technique(id="defusion", name="Cognitive defusion")).technique_ids
            ('defusion',)
        """
        return evolve(self, techniques=(*self.techniques, technique))
