"""
FHIR R4 resources (plain dicts) -> counselcore records, with violations for whatever does not map.

Importers read our own exports losslessly and tolerate what foreign EHRs send: totals as
``valueQuantity``, ``valueInteger``, ``valueDecimal`` or a numeric ``valueString``, extra
categories, unknown extensions. Each returns an `Imported` value: the record plus a
``fhir.element-not-mapped`` warning for every element it ignored. Input that cannot become
a record raises `ValidationError` with the FHIR path.
"""

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any, Generic, TypeVar

from attrs import frozen

from counselcore.aftercare import (
    AftercarePlan,
    SafetyPlan,
)
from counselcore.errors import ValidationError
from counselcore.fhir._embed import unembed
from counselcore.fhir._reader import Node, refuse
from counselcore.fhir._vocabulary import (
    FHIR_RULES,
    INSTRUMENT_SYSTEM,
    LOINC,
    MINUTES,
    extension_url,
    identifier_system,
)
from counselcore.measures import BUILTIN_INSTRUMENTS, InstrumentCatalog
from counselcore.model import (
    CaseFormulation,
    ClientRef,
    Session,
    SessionKind,
    TreatmentPlan,
    cpt_codes,
)
from counselcore.phases import EventKind, MeasureRecorded
from counselcore.serialization import from_dict
from counselcore.violations import Path, Violation

__all__ = ["Imported", "Resolver", "from_fhir_observation", "from_fhir_session"]

T = TypeVar("T")

_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DOCUMENT_TYPES = {
    CaseFormulation: "case-formulation",
    TreatmentPlan: "treatment-plan",
    Session: "session",
    AftercarePlan: "aftercare-plan",
    SafetyPlan: "safety-plan",
}


@frozen(kw_only=True)
class Imported(Generic[T]):
    """
    What an import produced: the counselcore *value* and every *violation* found on the way.

    Example:
        >>> Imported(value=1, violations=()).ok
        True
    """

    value: T
    violations: tuple[Violation, ...] = ()

    @property
    def ok(self) -> bool:
        """True when nothing was lost or refused (no violations at all)."""
        return not self.violations


def warning(rule_id: str, path: Path, message: str) -> Violation:
    """Return a violation of FHIR rule *rule_id* with the rule's declared severity."""
    return Violation(
        rule=rule_id, path=path, message=message, severity=FHIR_RULES[rule_id].severity
    )


def structure(cls: type[T], data: dict[str, Any], path: Path) -> T:
    """Build *cls* from *data* carried at *path*; errors get the FHIR path in front."""
    name = _DOCUMENT_TYPES.get(cls)
    if name is not None:
        data = {"schema_version": 1, "type": name, **data}
    kind = getattr(cls, "kind", None)
    if isinstance(kind, EventKind):
        data = {"kind": kind.value, **data}
    try:
        return from_dict(cls, data)
    except ValidationError as error:
        raise ValidationError(
            [
                Violation(rule=v.rule, path=(*path, *v.path), message=v.message)
                for v in error.violations
            ]
        ) from None


def read_date(node: Node, key: str, *, required: bool = False) -> dt.date | None:
    """Return the calendar day of the date or dateTime at *key* (the day as written)."""
    value = node.string(key, required=required)
    if value is None:
        return None
    if _DATE.match(value) is None:
        raise refuse(node.at(key), "fhir.json-shape", "must be a full date (YYYY-MM-DD...)")
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise refuse(node.at(key), "fhir.json-shape", "is not a real calendar date") from None


def read_client(node: Node, key: str = "subject") -> ClientRef:
    """Return the client of a ``Patient/<id>`` reference at *key*."""
    ref = node.child(key, required=True)
    if ref is None:  # pragma: no cover - required
        raise AssertionError
    reference = ref.string("reference", required=True) or ""
    ref.skip("display")
    if not reference.startswith("Patient/") or len(reference) == len("Patient/"):
        raise refuse(ref.at("reference"), "fhir.required", "must be a Patient/<id> reference")
    return ClientRef(reference.removeprefix("Patient/"))


def read_identifier(node: Node, kind: str, fallback: str) -> str:
    """Return the counselcore id of *kind* from ``identifier``, else the resource id, else *fallback*."""
    system = identifier_system(kind)
    first: str | None = None
    for item in node.children("identifier"):
        value = item.string("value")
        found = item.string("system")
        item.skip("use", "type", "period", "assigner")
        if found == system and value:
            return value
        first = first or value
    rid = node.data.get("id")
    if isinstance(rid, str) and rid:
        return rid
    return first or fallback


def codings(node: Node | None) -> list[tuple[str | None, str | None]]:
    """Return ``(system, code)`` of every coding of a CodeableConcept node (read in full)."""
    if node is None:
        return []
    node.skip("text")
    found = []
    for coding in node.children("coding"):
        found.append((coding.string("system"), coding.string("code")))
        coding.skip("display", "version", "userSelected")
    return found


def code_in(node: Node | None, system: str) -> str | None:
    """Return the first code of *system* in a CodeableConcept node."""
    return next((code for sys, code in codings(node) if sys == system and code), None)


def extension_string(found: tuple[Path, dict[str, Any]], key: str) -> str:
    """Return the non-empty string *key* (``valueCode``, ``valueString``...) of an extension."""
    path, extension = found
    value = extension.get(key)
    if not isinstance(value, str) or not value:
        raise refuse((*path, key), "fhir.json-shape", "must be a non-empty string")
    return value


def as_list(value: Any) -> list[Any]:
    """Return *value* if it is a JSON array, else ``[]`` (for lenient look-ups only)."""
    return value if isinstance(value, list) else []


def carried(node: Node, name: str) -> dict[str, Any]:
    """Return the plain data of counselcore extension *name* on *node* (``{}`` when absent)."""
    found = node.extension(extension_url(name))
    if found is None:
        return {}
    path, extension = found
    return unembed(extension, path)


def read_version(node: Node) -> None:
    """Read (accept) the model-version stamp if present."""
    node.extensions(extension_url("model-version"))


class Resolver:
    """
    Finds the resources references point at: by ``Type/id``, by fullUrl, or contained ``#id``.

    Example:
        >>> r = Resolver([{"resourceType": "Goal", "id": "g1"}])
        >>> r.find("Goal/g1")["id"]
        'g1'
        >>> r.find("Goal/nope") is None
        True
    """

    def __init__(
        self,
        resources: Iterable[Mapping[str, Any]],
        *,
        full_urls: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        self._by_key: dict[str, Mapping[str, Any]] = dict(full_urls or {})
        self.contained_used: set[str] = set()
        if isinstance(resources, str | bytes | Mapping) or not isinstance(resources, Iterable):
            raise refuse(("resources",), "fhir.json-shape", "must be a list of resources")
        for index, resource in enumerate(resources):
            if not isinstance(resource, Mapping):
                raise refuse(("resources", index), "fhir.json-shape", "must be a JSON object")
            kind, rid = resource.get("resourceType"), resource.get("id")
            if isinstance(kind, str) and isinstance(rid, str):
                self._by_key.setdefault(f"{kind}/{rid}", resource)
                self._by_key.setdefault(f"urn:uuid:{rid}", resource)

    def find(self, reference: str, container: Mapping[str, Any] | None = None) -> Any:
        """Return the resource *reference* names (``#id`` looks in *container*), or None."""
        if reference.startswith("#") and container is not None:
            for item in as_list(container.get("contained")):
                if isinstance(item, dict) and item.get("id") == reference[1:]:
                    self.contained_used.add(reference[1:])
                    return item
            return None
        return self._by_key.get(reference)


def open_care_plan(
    resource: Any, resources: Iterable[Mapping[str, Any]] = ()
) -> tuple[Node, Resolver]:
    """
    Open a CarePlan: its node, a resolver over *resources*, and the header every reader needs.

    Reads the model-version stamp and the required ``status`` and ``intent``; the caller reads
    the subject (a safety plan has none of its own) and everything after.

    Example:
        >>> node, resolver = open_care_plan({"resourceType": "CarePlan", "status": "active"})
        Traceback (most recent call last):
        ...
        counselcore.errors.ValidationError: 1 structural problem: CarePlan.intent: is required [fhir.required]
    """
    node = Node.resource(resource, "CarePlan")
    resolver = Resolver(resources)
    read_version(node)
    node.code("status", required=True)
    node.code("intent", required=True)
    return node, resolver


def contained_leftovers(node: Node, resolver: Resolver) -> list[Violation]:
    """Mark ``contained`` read and return a warning for each contained resource nothing used."""
    contained = node.get("contained") or []
    if not isinstance(contained, list):
        raise refuse(node.at("contained"), "fhir.json-shape", "must be a JSON array")
    return [
        warning(
            "fhir.element-not-mapped",
            node.at("contained", index),
            "a contained resource counselcore does not map was ignored",
        )
        for index, item in enumerate(contained)
        if not (isinstance(item, dict) and item.get("id") in resolver.contained_used)
    ]


def read_reference(node: Node) -> str:
    """Return the ``reference`` string of a Reference node (display is accepted)."""
    node.skip("display", "type", "identifier")
    return node.string("reference", required=True) or ""


def from_fhir_observation(
    resource: Any, *, catalog: InstrumentCatalog = BUILTIN_INSTRUMENTS
) -> Imported[MeasureRecorded]:
    """
    Read a total-score Observation as a `MeasureRecorded` (instrument by LOINC total code).

    Accepts the total as ``valueQuantity``, ``valueInteger``, ``valueDecimal`` or a numeric
    ``valueString`` (warning ``fhir.value-converted``).

    Raises:
        counselcore.errors.ValidationError: If the code is not a known total score, the
            status is not an R4 observation status, or no numeric total or date is present.

    Example:
        >>> obs = {"resourceType": "Observation", "status": "final",
        ...        "code": {"coding": [{"system": "http://loinc.org", "code": "44261-6"}]},
        ...        "effectiveDateTime": "2024-01-22", "valueString": "12"}
        >>> result = from_fhir_observation(obs)
        >>> result.value.instrument, result.value.total, [v.rule for v in result.violations]
        ('phq-9', 12, ['fhir.value-converted'])
    """
    node = Node.resource(resource, "Observation")
    found: list[Violation] = []
    read_version(node)
    node.code("status", required=True)
    flags = carried(node, "measure-flags")
    node.skip("subject")
    for category in node.children("category"):
        codings(category)
    codes = codings(node.child("code", required=True))
    by_loinc = {i.loinc_total: i.id for i in catalog if i.loinc_total}
    instrument = flags.get("instrument")
    if instrument is None:
        instrument = next(
            (by_loinc[code] for system, code in codes if system == LOINC and code in by_loinc),
            None,
        ) or next(
            (code for system, code in codes if system == INSTRUMENT_SYSTEM and code),
            None,
        )
    if instrument is None:
        raise refuse(node.at("code"), "fhir.code-mapped", "is not a total score counselcore knows")
    on = read_date(node, "effectiveDateTime", required=True)
    total = _total(node, found)
    event = structure(
        MeasureRecorded,
        {
            "on": on.isoformat() if on else None,
            "instrument": instrument,
            "total": total,
            "risk_flags": flags.get("risk_flags", []),
        },
        node.path,
    )
    return Imported(value=event, violations=(*found, *node.leftovers()))


def _total(node: Node, found: list[Violation]) -> int | float:
    if node.has("valueQuantity"):
        quantity = node.child("valueQuantity")
        if quantity is None:  # pragma: no cover - has() checked
            raise AssertionError
        value = quantity.number("value", required=True)
        quantity.skip("system", "code", "unit", "comparator")
        if value is None:  # pragma: no cover - required
            raise AssertionError
        return value
    for key in ("valueInteger", "valueDecimal"):
        if node.has(key):
            number = node.number(key)
            if number is not None:
                return number
    if node.has("valueString"):
        text = node.string("valueString") or ""
        if _NUMBER.fullmatch(text.strip()) is None:
            raise refuse(node.at("valueString"), "fhir.json-shape", "is not a numeric total")
        found.append(
            warning("fhir.value-converted", node.at("valueString"), "a total sent as text was read")
        )
        number = float(text)
        return int(number) if number.is_integer() and "." not in text else number
    raise refuse(node.at("value[x]"), "fhir.required", "needs a numeric total score")


#: Session kinds a CPT code identifies (their first code for an hour-long session, from
#: `counselcore.model.cpt_codes`); other codes read as individual sessions.
_CPT_KINDS = (SessionKind.INTAKE, SessionKind.CRISIS)
_HOUR = 60


def from_fhir_session(resource: Any) -> Imported[Session]:
    """
    Read an Encounter as a `Session` (kind from the session-details extension, else from CPT).

    Example:
        >>> from counselcore.examples import example_sessions
        >>> from counselcore.fhir import to_fhir_session
        >>> from counselcore.model import ClientRef
        >>> session = example_sessions()[1]
        >>> from_fhir_session(to_fhir_session(session, ClientRef("c-1"))).value == session
        True
    """
    node = Node.resource(resource, "Encounter")
    read_version(node)
    node.code("status", required=True)
    details = carried(node, "session-details")
    node.skip("subject", "class")
    cpt = [code for item in node.children("type") for _, code in codings(item)]
    if "kind" not in details:
        kind = next(
            (k for k in _CPT_KINDS if cpt_codes(k, _HOUR)[0] in cpt), SessionKind.INDIVIDUAL
        )
        details["kind"] = kind.value
    period = node.child("period", required=True)
    if period is None:  # pragma: no cover - required
        raise AssertionError
    held_on = read_date(period, "start", required=True)
    period.skip("end")
    length = node.child("length", required=True)
    if length is None:  # pragma: no cover - required
        raise AssertionError
    minutes = length.number("value", required=True)
    unit = length.string("code") or length.string("unit") or MINUTES
    length.skip("system", "unit")
    if unit != MINUTES:
        raise refuse(length.at("code"), "fhir.code-mapped", "must be a length in minutes (min)")
    session_id = read_identifier(node, "session", "session")
    data = {
        "session_id": session_id,
        "held_on": held_on.isoformat() if held_on else None,
        "duration_minutes": minutes,
        **details,
    }
    session = structure(Session, data, node.path)
    return Imported(value=session, violations=node.leftovers())


def resolve(
    resolver: Resolver, ref: Node, resource_type: str, container: Mapping[str, Any]
) -> Node | None:
    reference = read_reference(ref)
    target = resolver.find(reference, container)
    if target is None:
        return None
    return Node.resource(target, resource_type, ref.path)
