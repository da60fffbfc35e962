"""Strategies for modality descriptors, catalogs and stability states; see the package docstring."""

from hypothesis import strategies as st

from counselcore.modalities import (
    BUILTIN_CATALOG,
    Catalog,
    Indication,
    Modality,
    Prerequisite,
    Requirement,
    SequencePosition,
    StabilityStatus,
    Technique,
)
from counselcore.model import ProblemDomain
from counselcore.strategies._core import identifiers, texts
from counselcore.violations import Severity

_text_tuples = st.lists(texts(), max_size=3).map(tuple)


def modality_ids() -> st.SearchStrategy[str]:
    """Modality ids: hyphen-joined lower-case words such as ``tf-cbt``; shrink towards ``"a"``."""
    return st.from_regex(r"[a-z][a-z0-9]{0,7}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)


def techniques() -> st.SearchStrategy[Technique]:
    """Techniques with any id, a name, an optional description and the trauma-processing flag."""
    return st.builds(
        Technique,
        id=identifiers(),
        name=texts(),
        description=st.just("") | texts(),
        trauma_processing=st.booleans(),
    )


def prerequisites() -> st.SearchStrategy[Prerequisite]:
    """Prerequisites with any requirement, at error or warning severity."""
    return st.builds(
        Prerequisite,
        requirement=st.sampled_from(Requirement),
        severity=st.sampled_from((Severity.ERROR, Severity.WARNING)),
    )


def _unique_enums(values: type) -> st.SearchStrategy[tuple[object, ...]]:
    return st.lists(st.sampled_from(values), unique=True, max_size=3).map(tuple)


def modalities(*, ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Modality]:
    """
    Valid modality descriptors; shrink towards few domains, no techniques and no prerequisites.

    Technique ids and prerequisite requirements are unique within each descriptor.

    Example:
        >>> from hypothesis import given, settings
        >>> from counselcore import from_dict, to_dict
        >>> @settings(max_examples=5, derandomize=True)
        ... @given(modalities())
        ... def test_round_trip(modality):
        ...     assert from_dict(Modality, to_dict(modality)) == modality
        >>> test_round_trip()
    """
    return st.builds(
        Modality,
        id=modality_ids() if ids is None else ids,
        name=texts(),
        abbreviation=texts(max_size=8),
        mechanism=st.just("") | texts(),
        clinical_targets=_text_tuples,
        domains=_unique_enums(ProblemDomain),
        indications=_unique_enums(Indication),
        session_focus=_text_tuples,
        ideal_candidate=st.just("") | texts(),
        techniques=st.lists(techniques(), max_size=4, unique_by=lambda t: t.id).map(tuple),
        prerequisites=st.lists(prerequisites(), max_size=3, unique_by=lambda p: p.requirement).map(
            tuple
        ),
        cautions=_text_tuples,
        position=st.sampled_from(SequencePosition),
        sources=_text_tuples,
    )


def catalogs(
    *, max_custom: int = 3, builtins: st.SearchStrategy[bool] | None = None
) -> st.SearchStrategy[Catalog]:
    """
    Catalogs of up to *max_custom* generated modalities, after the built-ins when *builtins* draws True.

    Custom ids never clash with each other or with the built-in ids. Shrinks towards the
    built-in catalog alone.

    Example:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, derandomize=True)
        ... @given(catalogs())
        ... def test_ids_are_unique(catalog):
        ...     assert len(catalog.ids) == len(catalog)
        >>> test_ids_are_unique()
    """
    custom_ids = modality_ids().filter(lambda i: i not in BUILTIN_CATALOG.ids)

    @st.composite
    def build(draw: st.DrawFn) -> Catalog:
        with_builtins = draw(st.booleans().map(lambda b: not b) if builtins is None else builtins)
        base = BUILTIN_CATALOG if with_builtins else Catalog()
        custom = draw(
            st.lists(modalities(ids=custom_ids), max_size=max_custom, unique_by=lambda m: m.id)
        )
        catalog = base
        for modality in custom:
            catalog = catalog.register(modality)
        return catalog

    return build()


def stability_statuses() -> st.SearchStrategy[StabilityStatus]:
    """Every combination of the crisis and stabilization flags."""
    return st.builds(StabilityStatus, in_crisis=st.booleans(), stabilized=st.booleans())
