"""
The one place where the phase machine learns whether a modality's prerequisites hold.

``counselcore.modalities`` is being written in parallel. At merge the lead switches this
module to it, keeping the signature of `modality_violations`::

    try:
        modality = BUILTIN_CATALOG.get(modality_id)
    except UnknownModalityError:
        return (<phases.modality-known violation>,)
    if formulation is None:   # a session before intake is complete: catalog lookup only
        return ()
    return check_prerequisites(
        modality, formulation, StabilityStatus(in_crisis=in_crisis, stabilized=stabilized)
    )

The phase machine calls it for every modality a plan names when treatment starts or resumes,
and for the modality of every session held once the formulation exists (it passes the
formulation, or None before intake is complete). Its violations are reported as they are,
under their own rule ids.

Until then a minimal local version stands in: the four built-in modality ids are known, and
EMDR trauma processing needs stabilization and no active crisis (Shapiro 2018; see
``reference/clinical-facts.md`` section 13), under the rule ids the modality module uses.
Nothing else in `counselcore.phases` knows how prerequisites are computed.
"""

import types
from collections.abc import Mapping

from counselcore.model import CaseFormulation
from counselcore.violations import Violation

__all__ = ["MODALITY_KNOWN", "modality_violations"]

#: The rule id reported for a modality id the catalog does not know.
MODALITY_KNOWN = "phases.modality-known"

_NONE: tuple[Violation, ...] = ()

_EMDR_NEEDS_STABILIZATION = Violation(
    rule="modality.emdr.requires_stabilization",
    path=("modality",),
    message="EMDR trauma processing needs stabilization criteria met first",
    evidence=(("modality", "emdr"),),
)
_EMDR_NOT_IN_CRISIS = Violation(
    rule="modality.emdr.not_in_crisis",
    path=("modality",),
    message="EMDR trauma processing is not started or continued during an active crisis",
    evidence=(("modality", "emdr"),),
)

#: Known modality ids and whether each has prerequisites (only EMDR, for now).
_KNOWN: Mapping[str, bool] = types.MappingProxyType(
    {"cbt": False, "dbt": False, "mi": False, "emdr": True}
)


def modality_violations(
    modality_id: str, formulation: CaseFormulation | None, *, in_crisis: bool, stabilized: bool
) -> tuple[Violation, ...]:
    """
    Return why *modality_id* may not be used now for a case with *formulation*; ``()`` if it may.

    Args:
        modality_id: The modality id a plan or session names (``"emdr"``).
        formulation: The case's current formulation; None before intake is complete, when
            only the catalog lookup applies.
        in_crisis: Whether the case is in an active crisis.
        stabilized: Whether the case's stabilization criteria are met.

    Example:
        >>> modality_violations("cbt", None, in_crisis=False, stabilized=False)
        ()
        >>> from counselcore.examples import example_formulation
        >>> f = example_formulation()
        >>> [v.rule for v in modality_violations("emdr", f, in_crisis=True, stabilized=False)]
        ['modality.emdr.requires_stabilization', 'modality.emdr.not_in_crisis']
        >>> modality_violations("reiki", None, in_crisis=False, stabilized=True)[0].rule
        'phases.modality-known'
    """
    has_prerequisites = _KNOWN.get(modality_id)
    if has_prerequisites is None:
        return (
            Violation(
                rule=MODALITY_KNOWN,
                path=("modality",),
                message=f"modality {modality_id!r} is not in the catalog",
                evidence=(("modality", modality_id),),
            ),
        )
    if not has_prerequisites or formulation is None:
        return _NONE
    found: tuple[Violation, ...] = ()
    if not stabilized:
        found += (_EMDR_NEEDS_STABILIZATION,)
    if in_crisis:
        found += (_EMDR_NOT_IN_CRISIS,)
    return found
