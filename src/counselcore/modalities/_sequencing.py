"""Sequencing: order chosen modalities into steps, explaining every ordering constraint."""

import enum
from collections.abc import Iterable

from attrs import field, frozen

from counselcore._internal.checks import (
    check_bool,
    check_enum,
    check_identifier,
    check_identifiers,
    check_instance,
    check_instances,
    check_paths,
    check_text,
    fail,
    to_tuple,
)
from counselcore.errors import UnknownModalityError
from counselcore.modalities._builtin import BUILTIN_CATALOG
from counselcore.modalities._catalog import Catalog
from counselcore.modalities._clinical import READY_FOR_ACTION
from counselcore.modalities._descriptor import Modality, SequencePosition
from counselcore.model import CaseFormulation
from counselcore.violations import Path

__all__ = [
    "OrderingConstraint",
    "Relation",
    "SEQUENCING_RULE_IDS",
    "SequenceStep",
    "Sequencing",
    "sequence",
]

#: The sequencing rule ids, in the order their constraints are reported (earliest step first).
SEQUENCING_RULE_IDS: tuple[str, ...] = (
    "sequence.engagement-first",
    "sequence.engagement-alongside",
    "sequence.stabilization-before-active",
    "sequence.integrated-co-occurring",
    "sequence.processing-after-stabilization",
)


class Relation(enum.Enum):
    """
    How a constraint's modalities stand to the others: before, after, or alongside them.

    Example:
        >>> Relation.WITH.value
        'with'
    """

    BEFORE = "before"
    AFTER = "after"
    WITH = "with"


@frozen(kw_only=True)
class OrderingConstraint:
    """
    One ordering decision: *modalities* stand in *relation* to *others*, and why.

    *rule* is a stable id (see the sequencing table in the docs); *paths* point at the
    formulation fields that decided it.

    Example:
        >>> c = OrderingConstraint(
        ...     rule="sequence.engagement-first", modalities=("mi",), relation=Relation.BEFORE,
        ...     others=("cbt",), explanation="build motivation first", paths=(("readiness",),),
        ... )
        >>> str(c)
        'mi before cbt: build motivation first [sequence.engagement-first]'
    """

    rule: str
    modalities: tuple[str, ...]
    relation: Relation
    others: tuple[str, ...]
    explanation: str = field(repr=False)
    paths: tuple[Path, ...] = ()

    def __attrs_post_init__(self) -> None:
        check_identifier(self.rule, ("rule",))
        check_identifiers(self.modalities, ("modalities",))
        check_enum(self.relation, Relation, ("relation",))
        check_identifiers(self.others, ("others",))
        check_text(self.explanation, ("explanation",))
        check_paths(self.paths, ("paths",))

    def __str__(self) -> str:
        others = f" {', '.join(self.others)}" if self.others else ""
        return (
            f"{', '.join(self.modalities)} {self.relation.value}{others}: "
            f"{self.explanation} [{self.rule}]"
        )


@frozen(kw_only=True)
class SequenceStep:
    """
    One step of a sequence: modalities that run together, and the prerequisite rules gating it.

    Example:
        >>> step = SequenceStep(modalities=("dbt", "cbt"), prerequisites=("modality.dbt.requires_risk_screen",))
        >>> step.concurrent
        True
    """

    modalities: tuple[str, ...]
    prerequisites: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        check_identifiers(self.modalities, ("modalities",))
        check_identifiers(self.prerequisites, ("prerequisites",))

    @property
    def concurrent(self) -> bool:
        """Whether more than one modality runs in this step."""
        return len(self.modalities) > 1


@frozen(kw_only=True)
class Sequencing:
    """
    Chosen modalities in order: steps run one after another, modalities within a step together.

    *integrated* is true for co-occurring disorders, where work on both runs concurrently.

    Example:
        >>> s = Sequencing(steps=(SequenceStep(modalities=("mi",)), SequenceStep(modalities=("cbt",))))
        >>> s.order, s.step_of("cbt")
        (('mi', 'cbt'), 1)
    """

    steps: tuple[SequenceStep, ...]
    constraints: tuple[OrderingConstraint, ...] = ()
    integrated: bool = False

    def __attrs_post_init__(self) -> None:
        check_instances(self.steps, SequenceStep, ("steps",))
        check_instances(self.constraints, OrderingConstraint, ("constraints",))
        check_bool(self.integrated, ("integrated",))

    @property
    def order(self) -> tuple[str, ...]:
        """Every modality id, step by step."""
        return tuple(modality for step in self.steps for modality in step.modalities)

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """The ids of the constraints that applied, in order."""
        return tuple(constraint.rule for constraint in self.constraints)

    def step_of(self, modality_id: str) -> int:
        """
        The index of the step holding *modality_id*.

        Raises:
            counselcore.errors.UnknownModalityError: If no step holds it.
        """
        for index, step in enumerate(self.steps):
            if modality_id in step.modalities:
                return index
        raise UnknownModalityError(modality_id)


def _ids(modalities: Iterable[Modality]) -> tuple[str, ...]:
    return tuple(m.id for m in modalities)


def _step(modalities: list[Modality]) -> SequenceStep:
    prerequisites = tuple(
        dict.fromkeys(rule for m in modalities for rule in m.prerequisite_rule_ids)
    )
    return SequenceStep(modalities=_ids(modalities), prerequisites=prerequisites)


def _middle(
    formulation: CaseFormulation,
    stabilization: list[Modality],
    active: list[Modality],
    constraints: list[OrderingConstraint],
) -> list[list[Modality]]:
    """Stabilization and active work: together when co-occurring, otherwise stabilization first."""
    if not (stabilization and active):
        return [group for group in (stabilization, active) if group]
    if formulation.co_occurring:
        constraints.append(
            OrderingConstraint(
                rule="sequence.integrated-co-occurring",
                modalities=_ids(stabilization),
                relation=Relation.WITH,
                others=_ids(active),
                explanation="co-occurring disorders are treated together in one integrated "
                "step rather than one after the other",
                paths=(("co_occurring",),),
            )
        )
        return [stabilization + active]
    constraints.append(
        OrderingConstraint(
            rule="sequence.stabilization-before-active",
            modalities=_ids(stabilization),
            relation=Relation.BEFORE,
            others=_ids(active),
            explanation="safety and regulation skills come first: life-threatening behaviour "
            "is targeted before quality-of-life problems",
            paths=(("co_occurring",),),
        )
    )
    return [stabilization, active]


def _engagement(
    formulation: CaseFormulation,
    engagement: list[Modality],
    steps: list[list[Modality]],
    later: list[Modality],
    constraints: list[OrderingConstraint],
) -> list[list[Modality]]:
    """Motivation work: first when readiness is low or unknown, otherwise alongside step one."""
    stage = formulation.readiness
    if stage not in READY_FOR_ACTION:
        if steps or later:
            reading = "not assessed" if stage is None else stage.value
            constraints.append(
                OrderingConstraint(
                    rule="sequence.engagement-first",
                    modalities=_ids(engagement),
                    relation=Relation.BEFORE,
                    others=_ids([m for step in steps for m in step] + later),
                    explanation=f"readiness for change is {reading}: build motivation before "
                    "action-oriented work",
                    paths=(("readiness",),),
                )
            )
        return [engagement, *steps]
    if not steps:
        return [engagement]
    constraints.append(
        OrderingConstraint(
            rule="sequence.engagement-alongside",
            modalities=_ids(engagement),
            relation=Relation.WITH,
            others=_ids(steps[0]),
            explanation=f"readiness for change is {stage.value}: motivation work continues "
            "alongside the first step instead of delaying it",
            paths=(("readiness",),),
        )
    )
    return [engagement + steps[0], *steps[1:]]


def sequence(
    formulation: CaseFormulation,
    chosen: Iterable[str],
    *,
    catalog: Catalog = BUILTIN_CATALOG,
) -> Sequencing:
    """
    Order the *chosen* modality ids into steps, by each modality's typical position.

    The constraints, each reported with its reason:

    * ``sequence.engagement-first``: engagement modalities (MI) form the first step when
      readiness is precontemplation, contemplation or not assessed;
    * ``sequence.engagement-alongside``: from preparation on they join the first step instead;
    * ``sequence.integrated-co-occurring``: for co-occurring disorders, stabilization (DBT) and
      active (CBT) modalities share one concurrent step;
    * ``sequence.stabilization-before-active``: otherwise stabilization comes first;
    * ``sequence.processing-after-stabilization``: processing modalities (EMDR) come last, gated
      by their prerequisites (stabilized, not in crisis).

    Within a step modalities are ordered by position, then catalog order. A single id string is
    read as one id.

    Raises:
        counselcore.errors.UnknownModalityError: If a chosen id is not in *catalog*.

    Example:
        >>> from counselcore.examples import example_formulation
        >>> plan = sequence(example_formulation(), ["emdr", "cbt", "mi"])
        >>> [step.modalities for step in plan.steps]
        [('mi',), ('cbt',), ('emdr',)]
        >>> for constraint in plan.constraints:
        ...     print(constraint)
        mi before cbt, emdr: readiness for change is contemplation: build motivation before
          action-oriented work [sequence.engagement-first]
        emdr after mi, cbt: trauma processing starts only once the client is stabilized and
          not in crisis [sequence.processing-after-stabilization]
    """
    check_instance(formulation, CaseFormulation, ("formulation",))
    check_instance(catalog, Catalog, ("catalog",))
    given = (chosen,) if isinstance(chosen, str) else to_tuple(chosen, ("chosen",))
    wanted: set[str] = set()
    for index, modality_id in enumerate(given):
        if not isinstance(modality_id, str):
            raise fail(("chosen", index), "structure.type", "must be a modality id string")
        wanted.add(modality_id)
    for modality_id in sorted(wanted):
        catalog.get(modality_id)
    picked = [m for m in catalog if m.id in wanted]
    by_position = {
        position: [m for m in picked if m.position is position] for position in SequencePosition
    }
    constraints: list[OrderingConstraint] = []
    steps = _middle(
        formulation,
        by_position[SequencePosition.STABILIZATION],
        by_position[SequencePosition.ACTIVE],
        constraints,
    )
    processing = by_position[SequencePosition.PROCESSING]
    if by_position[SequencePosition.ENGAGEMENT]:
        steps = _engagement(
            formulation, by_position[SequencePosition.ENGAGEMENT], steps, processing, constraints
        )
    if processing:
        constraints.append(
            OrderingConstraint(
                rule="sequence.processing-after-stabilization",
                modalities=_ids(processing),
                relation=Relation.AFTER,
                others=_ids(m for step in steps for m in step),
                explanation="trauma processing starts only once the client is stabilized and "
                "not in crisis",
            )
        )
        steps = [*steps, processing]
    return Sequencing(
        steps=tuple(_step(step) for step in steps),
        constraints=tuple(sorted(constraints, key=lambda c: SEQUENCING_RULE_IDS.index(c.rule))),
        integrated=formulation.co_occurring,
    )
