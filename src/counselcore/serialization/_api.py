"""to_dict / from_dict / to_json / from_json on one configured cattrs converter."""

import json
import types
from collections.abc import Mapping
from typing import Any, TypeVar

import attrs
import cattrs

from counselcore.aftercare import AftercarePlan, RelapsePreventionPlan, SafetyPlan, TerminationPlan
from counselcore.errors import SchemaVersionError, UnsupportedTypeError, ValidationError
from counselcore.measures import Administration
from counselcore.modalities import Catalog
from counselcore.model import CaseFormulation, Session, TreatmentPlan
from counselcore.phases import CaseState
from counselcore.serialization._errors import violations_from
from counselcore.serialization._fast import make_fast_dumpers, make_fast_loaders
from counselcore.serialization._hooks import configure_converter
from counselcore.violations import Violation

__all__ = [
    "DOCUMENT_TYPES",
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
    }
)


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


_FAST = make_converter(detailed_validation=False)
_DETAILED = make_converter(detailed_validation=True)
_fast_loader = make_fast_loaders(_FAST.get_structure_hook)
_fast_dumper = make_fast_dumpers(_FAST.get_unstructure_hook)
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _reject_constant(_name: str) -> Any:
    raise ValueError


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def _is_record(cls: type) -> bool:
    """Whether *cls* is an attrs class (a plain bool, so mypy keeps *cls*'s own type)."""
    return attrs.has(cls)


def to_dict(value: Any) -> dict[str, Any]:
    """
    Return *value* as plain data: dicts, lists, strings, numbers, booleans and None.

    Documents (formulations, plans, sessions) start with ``schema_version`` and ``type``.
    Keys follow the field order of the record, so output is the same on every run.

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
    """
    cls = type(value)
    if not attrs.has(cls):
        raise UnsupportedTypeError(cls)
    data: dict[str, Any] = _fast_dumper(cls)(value)
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


def from_dict(cls: type[T], data: Any) -> T:
    """
    Build a *cls* from plain data, checking every field; the inverse of `to_dict`.

    Raises:
        counselcore.errors.ValidationError: Listing every problem with its field path,
            e.g. ``goals[2].objectives[0].target``; nothing is half-built.
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
    """
    if not _is_record(cls):
        raise UnsupportedTypeError(cls)
    name = DOCUMENT_TYPES.get(cls)
    if name is not None:
        data = _open_envelope(data, name)
    try:
        quick: T = _fast_loader(cls)(data)
    except Exception:  # noqa: BLE001, S110 - the next tiers handle or report it exactly
        pass
    else:
        return quick
    try:
        fast: T = _FAST.structure(data, cls)
    except Exception:  # noqa: BLE001, S110 - the detailed pass below reports it exactly
        pass
    else:
        return fast
    try:
        detailed: T = _DETAILED.structure(data, cls)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a ValidationError
        violations = list(violations_from(exc))
    else:
        return detailed
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


def from_json(cls: type[T], text: str | bytes) -> T:
    """
    Build a *cls* from JSON text; the inverse of `to_json`.

    Raises:
        counselcore.errors.ValidationError: If the text is not JSON (rule ``structure.json``,
            with line and column as evidence) or the data is not a valid *cls*.

    Example:
        >>> from counselcore.model import Intervention
        >>> from_json(Intervention, '{"modality":"cbt","technique":"exposure"}')
        Intervention(modality='cbt', technique='exposure')
    """
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        data = _DECODER.decode(text)
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
