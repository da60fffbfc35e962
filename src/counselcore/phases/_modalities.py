"""
The one place where the phase machine learns whether a modality's prerequisites hold.

It asks `counselcore.modalities`: the catalog in the policy says which modality ids exist, and
`counselcore.modalities.check_prerequisites` says whether a modality's prerequisites hold for
the case's formulation, crisis state and stabilization. The phase machine calls this for every
modality a plan names when treatment starts or resumes, and for the modality of every session
held once the formulation exists (before intake is complete only the catalog lookup applies).

Only error-severity prerequisite violations reach the phase history: they are what refuses a
move. Advisory warnings (such as ``modality.cbt.requires_readiness_for_action``) would repeat at
every session; ask `counselcore.modalities.check_prerequisites` directly for them.
"""

from attrs import evolve

from counselcore.errors import UnknownModalityError
from counselcore.modalities import BUILTIN_CATALOG, Catalog, StabilityStatus, check_prerequisites
from counselcore.model import CaseFormulation
from counselcore.violations import Severity, Violation

__all__ = ["MODALITY_KNOWN", "modality_violations"]

#: The rule id reported for a modality id the catalog does not know.
MODALITY_KNOWN = "phases.modality-known"

_NONE: tuple[Violation, ...] = ()
_AT_MODALITY = ("modality",)
_STATUSES = {
    (in_crisis, stabilized): StabilityStatus(in_crisis=in_crisis, stabilized=stabilized)
    for in_crisis in (False, True)
    for stabilized in (False, True)
}


def modality_violations(
    modality_id: str,
    formulation: CaseFormulation | None,
    *,
    in_crisis: bool,
    stabilized: bool,
    catalog: Catalog = BUILTIN_CATALOG,
) -> tuple[Violation, ...]:
    """
    Return why *modality_id* may not be used now for a case with *formulation*; ``()`` if it may.

    Args:
        modality_id: The modality id a plan or session names (``"emdr"``).
        formulation: The case's current formulation; None before intake is complete, when
            only the catalog lookup applies.
        in_crisis: Whether the case is in an active crisis.
        stabilized: Whether the case's stabilization criteria are met.
        catalog: The modality catalog in force (the policy's).

    Example:
        >>> modality_violations("cbt", None, in_crisis=False, stabilized=False)
        ()
        >>> from counselcore.examples import example_formulation
        >>> f = example_formulation()
        >>> found = modality_violations("emdr", f, in_crisis=True, stabilized=False)
        >>> [(v.rule, v.where) for v in found]
        [('modality.emdr.requires_stabilization', 'modality'), ('modality.emdr.not_in_crisis', 'modality')]
        >>> modality_violations("reiki", None, in_crisis=False, stabilized=True)[0].rule
        'phases.modality-known'
    """
    # No cache here: a process-wide memo would keep formulations alive after the call. The
    # phase machine memoizes answers for the length of one call (`_Work.memo`).
    try:
        modality = catalog.get(modality_id)
    except UnknownModalityError:
        return (
            Violation(
                rule=MODALITY_KNOWN,
                path=("modality",),
                message=f"modality {modality_id!r} is not in the catalog",
                evidence=(("modality", modality_id),),
            ),
        )
    if formulation is None:
        return _NONE
    found = check_prerequisites(modality, formulation, _STATUSES[in_crisis, stabilized])
    # In a phase event the fault lies with the modality chosen, whatever part of the
    # formulation or status the prerequisite looked at; the rule id and evidence say which.
    return tuple(evolve(v, path=_AT_MODALITY) for v in found if v.severity is Severity.ERROR)
