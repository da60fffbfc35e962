"""
Prerequisite checks: each modality's prerequisites as a `counselcore.rules.RuleSet`.

A modality's rule set is built once per descriptor and cached, so `check_prerequisites` stays
cheap enough for state-machine guards.
"""

import functools
import types
from collections.abc import Callable, Iterator

from attrs import frozen

from counselcore._internal.checks import check_bool, check_instance
from counselcore.modalities._clinical import READY_FOR_ACTION, has_trauma_indication
from counselcore.modalities._descriptor import Modality, Prerequisite, Requirement
from counselcore.model import CaseFormulation
from counselcore.rules import Finding, Rule, RuleSet
from counselcore.violations import Violation

__all__ = ["StabilityStatus", "check_prerequisites", "prerequisite_rules"]


@frozen(kw_only=True)
class StabilityStatus:
    """
    What the case's current state says about stability, beside the formulation.

    The phase machine builds it from its case state: *in_crisis* while a crisis phase is open,
    *stabilized* once the stabilization criteria (grounding and affect-regulation skills in
    place) are recorded.

    Example:
        >>> StabilityStatus()
        StabilityStatus(in_crisis=False, stabilized=False)
        >>> StabilityStatus(stabilized=True).stabilized
        True
    """

    in_crisis: bool = False
    stabilized: bool = False

    def __attrs_post_init__(self) -> None:
        check_bool(self.in_crisis, ("in_crisis",))
        check_bool(self.stabilized, ("stabilized",))


_SOURCES = types.MappingProxyType(
    {
        Requirement.RISK_SCREENED: "counselcore docs, Design decisions: 'A risk screen completes intake'; "
        "DBT target hierarchy puts life-threatening behaviour first (Linehan 2015)",
        Requirement.STABILIZED: "Shapiro F. EMDR Therapy, 3rd ed. 2018: trauma processing only after "
        "preparation and stabilization",
        Requirement.NOT_IN_CRISIS: "Shapiro F. EMDR Therapy, 3rd ed. 2018: no trauma processing "
        "during an active crisis",
        Requirement.TRAUMA_INDICATED: "Shapiro F. EMDR Therapy, 3rd ed. 2018: EMDR targets "
        "PTSD and trauma-related memories and triggers",
        Requirement.READY_FOR_ACTION: "Prochaska & DiClemente 1983; Prochaska et al. 1992: "
        "action-oriented techniques fit preparation onwards",
    }
)

_DESCRIPTIONS = types.MappingProxyType(
    {
        Requirement.RISK_SCREENED: "A risk screen is recorded in the formulation.",
        Requirement.STABILIZED: "The client is stabilized (grounding and affect-regulation skills "
        "in place).",
        Requirement.NOT_IN_CRISIS: "The client is not in an active crisis.",
        Requirement.TRAUMA_INDICATED: "The formulation records trauma: a trauma history, a trauma "
        "problem or a trauma diagnosis (F43.0, F43.1x).",
        Requirement.READY_FOR_ACTION: "Readiness for change is preparation, action or maintenance.",
    }
)


def _risk_screened(
    modality_id: str, formulation: CaseFormulation, _status: StabilityStatus
) -> Iterator[Finding]:
    if formulation.risk is None:
        yield Finding(
            path=("risk",),
            message=f"modality {modality_id!r} needs a recorded risk screen",
            evidence=(("modality", modality_id),),
        )


def _stabilized(
    modality_id: str, _formulation: CaseFormulation, status: StabilityStatus
) -> Iterator[Finding]:
    if not status.stabilized:
        yield Finding(
            path=(),
            message=f"modality {modality_id!r} starts only once the client is stabilized",
            evidence=(("modality", modality_id), ("stabilized", False)),
        )


def _not_in_crisis(
    modality_id: str, _formulation: CaseFormulation, status: StabilityStatus
) -> Iterator[Finding]:
    if status.in_crisis:
        yield Finding(
            path=(),
            message=f"modality {modality_id!r} does not start during an active crisis",
            evidence=(("modality", modality_id), ("in_crisis", True)),
        )


def _trauma_indicated(
    modality_id: str, formulation: CaseFormulation, _status: StabilityStatus
) -> Iterator[Finding]:
    if not has_trauma_indication(formulation):
        path = ("risk",) if formulation.risk is None else ("risk", "trauma_history")
        yield Finding(
            path=path,
            message=f"modality {modality_id!r} targets trauma, but the formulation records "
            "no trauma history, trauma problem or trauma diagnosis",
            evidence=(("modality", modality_id),),
        )


def _ready_for_action(
    modality_id: str, formulation: CaseFormulation, _status: StabilityStatus
) -> Iterator[Finding]:
    stage = formulation.readiness
    if stage is None:
        yield Finding(
            path=("readiness",),
            message=f"modality {modality_id!r} is action-oriented, but readiness for change "
            "is not assessed",
            evidence=(("modality", modality_id),),
        )
    elif stage not in READY_FOR_ACTION:
        yield Finding(
            path=("readiness",),
            message=f"modality {modality_id!r} is action-oriented, but readiness is "
            f"{stage.value} (preparation or later fits)",
            evidence=(("modality", modality_id), ("readiness", stage.value)),
        )


_CheckFunction = Callable[[str, CaseFormulation, StabilityStatus], Iterator[Finding]]

_CHECKS: types.MappingProxyType[Requirement, _CheckFunction] = types.MappingProxyType(
    {
        Requirement.RISK_SCREENED: _risk_screened,
        Requirement.STABILIZED: _stabilized,
        Requirement.NOT_IN_CRISIS: _not_in_crisis,
        Requirement.TRAUMA_INDICATED: _trauma_indicated,
        Requirement.READY_FOR_ACTION: _ready_for_action,
    }
)


@frozen
class _RequirementCheck:
    """The check of one requirement for one modality: a frozen callable that prints well."""

    requirement: Requirement
    modality_id: str

    def __call__(self, formulation: CaseFormulation, status: StabilityStatus) -> Iterator[Finding]:
        return _CHECKS[self.requirement](self.modality_id, formulation, status)


def _rule(modality_id: str, prerequisite: Prerequisite) -> Rule[CaseFormulation, StabilityStatus]:
    requirement = prerequisite.requirement
    return Rule(
        id=f"modality.{modality_id}.{requirement.rule_suffix}",
        description=_DESCRIPTIONS[requirement],
        check=_RequirementCheck(requirement, modality_id),
        severity=prerequisite.severity,
        source=_SOURCES[requirement],
    )


@functools.lru_cache(maxsize=256)
def _cached_rules(
    modality_id: str, prerequisites: tuple[Prerequisite, ...]
) -> RuleSet[CaseFormulation, StabilityStatus]:
    return RuleSet(
        name=f"modality.{modality_id}.prerequisites",
        rules=tuple(_rule(modality_id, prerequisite) for prerequisite in prerequisites),
        subject_types=(CaseFormulation,),
        context_types=(StabilityStatus,),
    )


def prerequisite_rules(modality: Modality) -> RuleSet[CaseFormulation, StabilityStatus]:
    """
    Return *modality*'s prerequisites as a rule set, one rule per prerequisite, in order.

    Rule ids read ``modality.<modality id>.<requirement>``, for example
    ``modality.emdr.requires_stabilization``. Add your own rules with ``with_rule`` and evaluate
    the result with `counselcore.rules.evaluate`.

    Example:
        >>> from counselcore.modalities import BUILTIN_CATALOG
        >>> prerequisite_rules(BUILTIN_CATALOG.get("emdr")).ids
        ('modality.emdr.requires_risk_screen', 'modality.emdr.requires_stabilization',
         'modality.emdr.not_in_crisis', 'modality.emdr.requires_trauma_indication')
    """
    check_instance(modality, Modality, ("modality",))
    return _cached_rules(modality.id, modality.prerequisites)


def check_prerequisites(
    modality: Modality,
    formulation: CaseFormulation,
    status: StabilityStatus = StabilityStatus(),
) -> tuple[Violation, ...]:
    """
    Return every unmet prerequisite of *modality* for *formulation* in *status*; ``()`` means met.

    Pure and cheap: no I/O, and the rule set is built once per descriptor. Error-severity
    violations mean the modality should not start; warnings are cautions.

    Args:
        modality: The modality about to start.
        formulation: The case formulation.
        status: Crisis and stabilization state of the case (default: not in crisis,
            not stabilized).

    Returns:
        The violations in prerequisite order.

    Example:
        >>> import datetime as dt
        >>> from counselcore.examples import example_formulation
        >>> from counselcore.modalities import BUILTIN_CATALOG
        >>> emdr = BUILTIN_CATALOG.get("emdr")
        >>> f = example_formulation()
        >>> [v.rule for v in check_prerequisites(emdr, f, StabilityStatus(in_crisis=True))]
        ['modality.emdr.requires_stabilization', 'modality.emdr.not_in_crisis',
         'modality.emdr.requires_trauma_indication']
        >>> check_prerequisites(BUILTIN_CATALOG.get("mi"), f)
        ()
    """
    rules = prerequisite_rules(modality)
    check_instance(formulation, CaseFormulation, ("formulation",))
    check_instance(status, StabilityStatus, ("status",))
    return rules.evaluate(formulation, status).violations
