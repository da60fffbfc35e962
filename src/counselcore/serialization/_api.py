"""to_dict / from_dict / to_json / from_json on converters built from the one hook table."""

import itertools
import json
import types
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar, overload

import attrs
import cattrs
from cattrs.errors import CattrsError

from counselcore.aftercare import AftercarePlan, RelapsePreventionPlan, SafetyPlan, TerminationPlan
from counselcore.errors import (
    CounselcoreError,
    SchemaVersionError,
    UnsupportedTypeError,
    ValidationError,
)
from counselcore.measures import Administration
from counselcore.modalities import Catalog
from counselcore.model import CaseFormulation, Session, TreatmentPlan
from counselcore.phases import (
    AllowedEvents,
    CaseHistory,
    CaseState,
    Event,
    Outcome,
    ReplayResult,
)
from counselcore.rules import Report
from counselcore.serialization._errors import violations_from
from counselcore.serialization._fast import install_fast_dumpers, install_fast_loaders
from counselcore.serialization._hooks import configure_converter
from counselcore.violations import Violation

__all__ = [
    "DOCUMENT_TYPES",
    "MAX_VIOLATIONS",
    "SCHEMA_VERSION",
    "from_dict",
    "from_json",
    "make_converter",
    "to_dict",
    "to_json",
]

T = TypeVar("T")

#: The version of the serialized layout this release writes and reads.
SCHEMA_VERSION = 1

#: Most violations one failed load reports; one more violation counts the rest.
MAX_VIOLATIONS = 100

#: Records written as top-level documents, with the ``type`` name each carries.
DOCUMENT_TYPES: Mapping[type, str] = types.MappingProxyType(
    {
        CaseFormulation: "case-formulation",
        TreatmentPlan: "treatment-plan",
        Session: "session",
        Administration: "administration",
        Catalog: "modality-catalog",
        AftercarePlan: "aftercare-plan",
        SafetyPlan: "safety-plan",
        RelapsePreventionPlan: "relapse-prevention-plan",
        TerminationPlan: "termination-plan",
        CaseState: "case-state",
        CaseHistory: "case-history",
        Report: "report",
        Outcome: "phase-outcome",
        AllowedEvents: "allowed-events",
        ReplayResult: "replay-result",
    }
)

#: Unions that load through one entry, read by a tag key (``from_dict(Event, data)``).
UNION_TYPES: frozenset[Any] = frozenset({Event})


def make_converter(*, detailed_validation: bool = True) -> cattrs.Converter:
    """
    Return a new cattrs converter configured the way counselcore serializes.

    It forbids unknown keys, reads and writes ISO dates and enum values, and refuses
    loosely typed scalars. With *detailed_validation* (the default) errors carry paths.

    Example:
        >>> from counselcore.model import Intervention
        >>> c = make_converter()
        >>> c.unstructure(Intervention(modality="cbt", technique="exposure"))
        {'modality': 'cbt', 'technique': 'exposure'}
    """
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed_validation)
    configure_converter(converter)
    return converter


# Two converters from the same hook table: the quick one builds valid input without
# collecting errors; when it fails, the detailed one runs to report every problem with its path.
_FAST = make_converter(detailed_validation=False)
install_fast_loaders(_FAST)
install_fast_dumpers(_FAST)
_DETAILED = make_converter(detailed_validation=True)
#: What the quick pass may raise on bad input: our own errors, cattrs' errors, and the
#: ``KeyError`` cattrs' generated code raises for a missing field without detailed validation.
_FAST_FAILURES = (CounselcoreError, CattrsError, KeyError)
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _reject_constant(_name: str) -> Any:
    raise ValueError


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def _is_loadable(cls: object) -> bool:
    """Whether *cls* is a counselcore record or a tagged union of them."""
    return cls in UNION_TYPES or (isinstance(cls, type) and attrs.has(cls))


def to_dict(value: Any) -> dict[str, Any]:
    """
    Return *value* as plain data: dicts, lists, strings, numbers, booleans and None.

    Documents (formulations, plans, sessions, case histories ...) start with
    ``schema_version`` and ``type``; events carry their ``kind``. Keys follow the field
    order of the record and sets are sorted, so output is the same on every run.

    Raises:
        counselcore.errors.UnsupportedTypeError: If *value* is not a counselcore record.

    Example:
        >>> import datetime as dt
        >>> from counselcore.model import ClientRef, TreatmentPlan
        >>> plan = TreatmentPlan(plan_id="tp-1", client=ClientRef("c-1"), starts_on=dt.date(2024, 1, 15))
        >>> data = to_dict(plan)
        >>> data["schema_version"], data["type"], data["starts_on"]
        (1, 'treatment-plan', '2024-01-15')
        >>> from_dict(TreatmentPlan, data) == plan
        True
        >>> from counselcore.phases import CrisisBegan
        >>> to_dict(CrisisBegan(on=dt.date(2025, 3, 5)))
        {'kind': 'crisis-began', 'on': '2025-03-05'}
    """
    cls = type(value)
    if not attrs.has(cls):
        raise UnsupportedTypeError(cls)
    data: dict[str, Any] = _FAST.unstructure(value, cls)
    name = DOCUMENT_TYPES.get(cls)
    if name is None:
        return data
    return {"schema_version": SCHEMA_VERSION, "type": name, **data}


def _open_envelope(data: Any, name: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValidationError(
            [Violation(rule="structure.type", path=(), message="must be a JSON object")]
        )
    version = data.get("schema_version")
    if version != SCHEMA_VERSION or type(version) is not int:
        found = "is required" if version is None else "is not a version this release reads"
        raise SchemaVersionError(
            [
                Violation(
                    rule="structure.schema-version",
                    path=("schema_version",),
                    message=f"{found} (supported: {SCHEMA_VERSION})",
                    evidence=(("supported", SCHEMA_VERSION),),
                )
            ]
        )
    if data.get("type") != name:
        raise SchemaVersionError(
            [
                Violation(
                    rule="structure.document-type",
                    path=("type",),
                    message=f"must be {name!r} for this document",
                    evidence=(("expected", name),),
                )
            ]
        )
    body = dict(data)
    del body["schema_version"], body["type"]
    return body


def _capped(found: Iterable[Violation]) -> list[Violation]:
    """The first `MAX_VIOLATIONS` of *found*, plus one violation counting the rest."""
    iterator = iter(found)
    kept = list(itertools.islice(iterator, MAX_VIOLATIONS))
    rest = sum(1 for _ in iterator)
    if rest:
        kept.append(
            Violation(
                rule="structure.too-many-problems",
                path=(),
                message=f"{rest} more problems were found and not listed",
                evidence=(("not_listed", rest),),
            )
        )
    return kept


@overload
def from_dict(cls: type[T], data: Any) -> T: ...


@overload
def from_dict(cls: Any, data: Any) -> Any: ...


def from_dict(cls: Any, data: Any) -> Any:
    """
    Build a *cls* from plain data, checking every field; the inverse of `to_dict`.

    *cls* is a record class or `counselcore.phases.Event`, which reads any event by its
    ``kind``.

    Raises:
        counselcore.errors.ValidationError: Listing every problem with its field path,
            e.g. ``goals[2].objectives[0].target`` (at most `MAX_VIOLATIONS`, then a count
            of the rest); nothing is half-built.
        counselcore.errors.SchemaVersionError: If a document's ``schema_version`` or
            ``type`` is missing or unsupported.

    Example:
        >>> from counselcore.model import ReviewSchedule
        >>> from_dict(ReviewSchedule, {"every_sessions": 6, "every_days": None})
        ReviewSchedule(every_sessions=6, every_days=None)
        >>> from_dict(ReviewSchedule, {"every_sessions": "6", "every_days": None})
        Traceback (most recent call last):
        ...
        counselcore.errors.ValidationError: 1 structural problem: every_sessions: must be an integer [structure.type]
        >>> from counselcore.phases import Event
        >>> from_dict(Event, {"kind": "crisis-began", "on": "2025-03-05"})
        CrisisBegan(on=datetime.date(2025, 3, 5))
    """
    if not _is_loadable(cls):
        raise UnsupportedTypeError(cls if isinstance(cls, type) else type(cls))
    name = DOCUMENT_TYPES.get(cls)
    if name is not None:
        data = _open_envelope(data, name)
    try:
        return _FAST.structure(data, cls)
    except _FAST_FAILURES:
        pass
    try:
        return _DETAILED.structure(data, cls)
    except (CounselcoreError, CattrsError) as exc:
        violations = _capped(violations_from(exc))
    raise ValidationError(violations) from None


def to_json(value: Any) -> str:
    """
    Return *value* as compact, deterministic JSON text (UTF-8 characters kept as they are).

    Example:
        >>> from counselcore.model import Intervention
        >>> to_json(Intervention(modality="cbt", technique="exposure"))
        '{"modality":"cbt","technique":"exposure"}'
    """
    return _ENCODER.encode(to_dict(value))


@overload
def from_json(cls: type[T], text: str | bytes) -> T: ...


@overload
def from_json(cls: Any, text: str | bytes) -> Any: ...


def from_json(cls: Any, text: str | bytes) -> Any:
    """
    Build a *cls* from JSON text; the inverse of `to_json`.

    Raises:
        counselcore.errors.ValidationError: If the text is not JSON (rule ``structure.json``,
            with line and column as evidence), is nested too deeply to decode (rule
            ``structure.depth``), or the data is not a valid *cls*.

    Example:
        >>> from counselcore.model import Intervention
        >>> from_json(Intervention, '{"modality":"cbt","technique":"exposure"}')
        Intervention(modality='cbt', technique='exposure')
    """
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        data = _DECODER.decode(text)
    except RecursionError:
        raise ValidationError(
            [
                Violation(
                    rule="structure.depth",
                    path=(),
                    message="is nested deeper than the JSON decoder follows",
                )
            ]
        ) from None
    except (ValueError, TypeError) as exc:
        evidence: tuple[tuple[str, int], ...] = ()
        if isinstance(exc, json.JSONDecodeError):
            evidence = (("line", exc.lineno), ("column", exc.colno))
        raise ValidationError(
            [
                Violation(
                    rule="structure.json",
                    path=(),
                    message="is not valid JSON text",
                    evidence=evidence,
                )
            ]
        ) from None
    return from_dict(cls, data)
