"""The immutable modality registry: `Catalog`."""

from collections.abc import Iterator

from attrs import evolve, frozen

from counselcore._internal.checks import check_instance, check_instances
from counselcore.errors import DuplicateModalityError, UnknownModalityError
from counselcore.modalities._descriptor import Modality
from counselcore.rules import PlanContext

__all__ = ["Catalog"]


@frozen(kw_only=True, cache_hash=True)
class Catalog:
    """
    An immutable, ordered set of modalities with unique ids.

    Iteration follows registration order. Registering returns a new catalog, so a service adds
    its own modalities (ACT, behavioural activation, TF-CBT...) without changing library code.

    Example:
        >>> from counselcore.modalities import BUILTIN_CATALOG, Modality
        >>> [m.id for m in BUILTIN_CATALOG]
        ['cbt', 'dbt', 'mi', 'emdr']
        >>> ours = BUILTIN_CATALOG.register(
        ...     Modality(id="act", name="Acceptance and commitment therapy", abbreviation="ACT")
        ... )
        >>> "act" in ours, "act" in BUILTIN_CATALOG, len(ours)
        (True, False, 5)
        >>> ours.get("act").abbreviation
        'ACT'
        >>> ours.get("ipt")
        Traceback (most recent call last):
        counselcore.errors.UnknownModalityError: no modality with id 'ipt' in this catalog
    """

    modalities: tuple[Modality, ...] = ()

    def __attrs_post_init__(self) -> None:
        check_instances(self.modalities, Modality, ("modalities",))
        seen: set[str] = set()
        for index, modality in enumerate(self.modalities):
            if modality.id in seen:
                raise DuplicateModalityError(modality.id, path=("modalities", index, "id"))
            seen.add(modality.id)

    def __iter__(self) -> Iterator[Modality]:
        return iter(self.modalities)

    def __len__(self) -> int:
        return len(self.modalities)

    def __contains__(self, modality_id: object) -> bool:
        return any(modality.id == modality_id for modality in self.modalities)

    @property
    def ids(self) -> frozenset[str]:
        """
        The modality ids in this catalog.

        Example:
            >>> from counselcore.modalities import BUILTIN_CATALOG
            >>> sorted(BUILTIN_CATALOG.ids)
            ['cbt', 'dbt', 'emdr', 'mi']
        """
        return frozenset(modality.id for modality in self.modalities)

    def get(self, modality_id: str) -> Modality:
        """
        Return the modality with *modality_id*.

        Raises:
            counselcore.errors.UnknownModalityError: If the catalog holds no such modality.

        Example:
            >>> from counselcore.modalities import BUILTIN_CATALOG
            >>> BUILTIN_CATALOG.get("emdr").abbreviation
            'EMDR'
        """
        for modality in self.modalities:
            if modality.id == modality_id:
                return modality
        raise UnknownModalityError(modality_id)

    def register(self, modality: Modality) -> "Catalog":
        """
        Return a new catalog with *modality* added at the end.

        Raises:
            counselcore.errors.DuplicateModalityError: If the catalog already holds its id.

        Example:
            >>> from counselcore.modalities import BUILTIN_CATALOG
            >>> BUILTIN_CATALOG.register(BUILTIN_CATALOG.get("cbt"))
            Traceback (most recent call last):
            counselcore.errors.DuplicateModalityError: 1 structural problem: modalities[4].id:
            modality id 'cbt' is already in the catalog [structure.id-unique]
        """
        check_instance(modality, Modality, ("modality",))
        if modality.id in self:
            raise DuplicateModalityError(modality.id, path=("modalities", len(self), "id"))
        return evolve(self, modalities=(*self.modalities, modality))

    def replace(self, modality: Modality) -> "Catalog":
        """
        Return a new catalog where the modality with *modality*'s id is swapped for *modality*.

        Raises:
            counselcore.errors.UnknownModalityError: If the catalog holds no such id.

        Example:
            >>> from attrs import evolve
            >>> from counselcore.modalities import BUILTIN_CATALOG
            >>> cbt = evolve(BUILTIN_CATALOG.get("cbt"), name="Cognitive behavioral therapy")
            >>> BUILTIN_CATALOG.replace(cbt).get("cbt").name
            'Cognitive behavioral therapy'
        """
        check_instance(modality, Modality, ("modality",))
        self.get(modality.id)
        return evolve(
            self,
            modalities=tuple(modality if m.id == modality.id else m for m in self.modalities),
        )

    def without(self, *modality_ids: str) -> "Catalog":
        """
        Return a new catalog without the named modalities (each must exist).

        Raises:
            counselcore.errors.UnknownModalityError: If a named id is not in the catalog.

        Example:
            >>> from counselcore.modalities import BUILTIN_CATALOG
            >>> [m.id for m in BUILTIN_CATALOG.without("emdr", "dbt")]
            ['cbt', 'mi']
        """
        for modality_id in modality_ids:
            self.get(modality_id)
        return evolve(
            self, modalities=tuple(m for m in self.modalities if m.id not in modality_ids)
        )

    def plan_context(self) -> PlanContext:
        """
        Return the plan-rule context whose known modalities are this catalog's ids.

        Plans name modalities by id; with this context ``plan.intervention-known-modality``
        accepts exactly the modalities of this catalog.

        Example:
            >>> from counselcore.modalities import BUILTIN_CATALOG
            >>> from counselcore.rules import PlanContext
            >>> BUILTIN_CATALOG.plan_context() == PlanContext()
            True
        """
        return PlanContext(modalities=self.ids)
