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
    ContactRole,
    SafetyPlan,
    SafetySection,
    SkillsRoutine,
    SupportContact,
)
from counselcore.errors import ValidationError
from counselcore.fhir._embed import unembed
from counselcore.fhir._export import CONTACT_ROLE_CODES, ROUTINE_TIMING
from counselcore.fhir._reader import Node, refuse
from counselcore.fhir._vocabulary import (
    CONDITION_CLINICAL,
    CONDITION_VERIFICATION,
    FHIR_RULES,
    GOAL_RELATIONSHIP,
    ICD10CM,
    LOINC,
    OBJECTIVE_LIFECYCLE,
    ROLE_CODE,
    SEVERITY_SNOMED,
    SNOMED,
    code_system,
    extension_url,
    identifier_system,
)
from counselcore.measures import BUILTIN_INSTRUMENTS, InstrumentCatalog
from counselcore.model import (
    CaseFormulation,
    ClientRef,
    Diagnosis,
    Direction,
    Goal,
    Intervention,
    MetricKind,
    Objective,
    ObjectiveStatus,
    Problem,
    ProblemDomain,
    Session,
    SessionKind,
    SeveritySpecifier,
    TreatmentPlan,
)
from counselcore.phases import EventKind, MeasureRecorded
from counselcore.serialization import from_dict
from counselcore.violations import Path, Violation

__all__ = [
    "Imported",
    "Resolver",
    "from_fhir_aftercare_plan",
    "from_fhir_formulation",
    "from_fhir_goal",
    "from_fhir_observation",
    "from_fhir_safety_plan",
    "from_fhir_session",
    "from_fhir_treatment_plan",
]

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
        for resource in resources:
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
    node.skip("subject", "meta", "text")
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
            (code for system, code in codes if system == code_system("instrument") and code),
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
    node.skip("subject", "meta", "text", "class")
    cpt = [code for item in node.children("type") for _, code in codings(item)]
    if "kind" not in details:
        kind = (
            SessionKind.INTAKE
            if "90791" in cpt
            else SessionKind.CRISIS
            if "90839" in cpt
            else SessionKind.INDIVIDUAL
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
    unit = length.string("code") or length.string("unit") or "min"
    length.skip("system", "unit")
    if unit != "min":
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


def _condition_statuses(node: Node) -> None:
    """Check clinicalStatus and verificationStatus codes against their R4 required value sets."""
    systems = {"clinicalStatus": CONDITION_CLINICAL, "verificationStatus": CONDITION_VERIFICATION}
    for key, system in systems.items():
        concept = node.child(key)
        if concept is None:
            continue
        concept.skip("text")
        for coding in concept.children("coding"):
            coding.skip("display", "version", "userSelected")
            if coding.string("system") == system:
                coding.code("code", value_set=f"Condition.{key}")


def _problem(node: Node) -> Problem:
    read_version(node)
    _condition_statuses(node)
    node.skip("category", "subject", "meta", "text")
    domain = node.extension(extension_url("problem-domain"))
    code = node.child("code", required=True)
    if code is None:  # pragma: no cover - required
        raise AssertionError
    code.skip("coding")
    text = code.string("text", required=True)
    domain_code = (
        ProblemDomain.OTHER.value if domain is None else extension_string(domain, "valueCode")
    )
    return structure(
        Problem,
        {
            "problem_id": read_identifier(node, "problem", "problem"),
            "description": text or "",
            "domain": domain_code,
        },
        node.path,
    )


def _condition_kind(node: Node) -> str:
    categories = [code for item in node.children("category") for _, code in codings(item)]
    _condition_statuses(node)
    node.skip("subject", "meta", "text")
    if "encounter-diagnosis" in categories or (
        code_in(node.child("code"), ICD10CM) is not None and "problem-list-item" not in categories
    ):
        return "diagnosis"
    return "problem"


def _diagnosis(node: Node) -> Diagnosis:
    read_version(node)
    code = code_in(node.child("code", required=True), ICD10CM)
    if code is None:
        raise refuse(node.at("code"), "fhir.code-mapped", "needs an ICD-10-CM coding")
    severity = code_in(node.child("severity"), SNOMED)
    by_snomed = {v: k for k, v in SEVERITY_SNOMED.items()}
    specifier = SeveritySpecifier(by_snomed[severity]) if severity in by_snomed else None
    return structure(
        Diagnosis,
        {"code": code, "specifier": None if specifier is None else specifier.value},
        node.path,
    )


def _resolve(
    resolver: Resolver, ref: Node, resource_type: str, container: Mapping[str, Any]
) -> Node | None:
    reference = read_reference(ref)
    target = resolver.find(reference, container)
    if target is None:
        return None
    return Node.resource(target, resource_type, ref.path)


def from_fhir_formulation(
    impression: Any, resources: Iterable[Mapping[str, Any]] = ()
) -> Imported[CaseFormulation]:
    """
    Read a ClinicalImpression and the Conditions it lists as problems as a `CaseFormulation`.

    Example:
        >>> from counselcore.examples import example_formulation
        >>> from counselcore.fhir import to_fhir_formulation
        >>> exported = to_fhir_formulation(example_formulation())
        >>> from_fhir_formulation(exported[0], exported[1:]).value == example_formulation()
        True
    """
    node = Node.resource(impression, "ClinicalImpression")
    resolver = Resolver(resources)
    read_version(node)
    node.code("status", required=True)
    rest = carried(node, "case-formulation")
    client = read_client(node)
    node.skip("meta", "text")
    problems: list[Problem] = []
    diagnoses: list[Diagnosis] = []
    found: list[Violation] = []
    for ref in node.children("problem"):
        target = _resolve(resolver, ref, "Condition", impression)
        if target is None:
            found.append(warning("fhir.reference-resolves", ref.path, "the problem was not found"))
            continue
        if _condition_kind(target) == "diagnosis":
            diagnoses.append(_diagnosis(target))
        else:
            problems.append(_problem(target))
        found.extend(target.leftovers())
    formulated_on = read_date(node, "date", required=True)
    data = {
        "formulation_id": read_identifier(node, "formulation", "formulation"),
        "client": client.value,
        "formulated_on": formulated_on.isoformat() if formulated_on else None,
        **rest,
    }
    found.extend(contained_leftovers(node, resolver))
    formulation = structure(CaseFormulation, data, node.path)
    from attrs import evolve

    formulation = evolve(
        formulation, presenting_problems=tuple(problems), diagnoses=tuple(diagnoses)
    )
    return Imported(value=formulation, violations=(*found, *node.leftovers()))


_LIFECYCLE_STATUS = {v: ObjectiveStatus(k) for k, v in OBJECTIVE_LIFECYCLE.items()}


def _objective(
    node: Node,
    interventions: tuple[Intervention, ...],
    catalog: InstrumentCatalog,
    found: list[Violation],
) -> Objective:
    read_version(node)
    lifecycle = node.code("lifecycleStatus", required=True) or ""
    status = _LIFECYCLE_STATUS.get(lifecycle)
    if status is None:
        found.append(
            warning(
                "fhir.element-not-mapped",
                node.at("lifecycleStatus"),
                "this lifecycle status has no objective status; read as open",
            )
        )
        status = ObjectiveStatus.OPEN
    node.skip("achievementStatus", "category", "subject", "addresses", "meta", "text")
    metric_data = carried(node, "objective-metric")
    description = node.child("description", required=True)
    if description is None:  # pragma: no cover - required
        raise AssertionError
    description.skip("coding")
    text = description.string("text", required=True) or ""
    targets = node.children("target")
    target_value: float | None = None
    due_on: dt.date | None = None
    comparator: str | None = None
    measure_codes: list[tuple[str | None, str | None]] = []
    if targets:
        first = targets[0]
        measure_codes = codings(first.child("measure"))
        quantity = first.child("detailQuantity")
        if quantity is not None:
            target_value = quantity.number("value")
            comparator = quantity.string("comparator")
            quantity.skip("unit", "system", "code")
        due_on = read_date(first, "dueDate")
        for extra in targets[1:]:
            found.append(
                warning("fhir.element-not-mapped", extra.path, "only the first target is mapped")
            )
            extra.skip(*extra.data)
    if "metric" not in metric_data and measure_codes:
        by_loinc = {i.loinc_total: i.id for i in catalog if i.loinc_total}
        instrument = next(
            (by_loinc[c] for s, c in measure_codes if s == LOINC and c in by_loinc), None
        )
        if instrument is not None:
            metric_data["metric"] = {
                "kind": MetricKind.INSTRUMENT_SCORE.value,
                "instrument": instrument,
            }
    if "direction" not in metric_data and comparator is not None:
        metric_data["direction"] = (
            Direction.INCREASE.value if comparator.startswith(">") else Direction.DECREASE.value
        )
    objective = structure(
        Objective,
        {
            "objective_id": read_identifier(node, "objective", "objective"),
            "description": text,
            "target": target_value,
            "due_on": due_on.isoformat() if due_on else None,
            "status": status.value,
            **metric_data,
        },
        node.path,
    )
    from attrs import evolve

    return evolve(objective, interventions=interventions)


def from_fhir_goal(
    resource: Any, *, catalog: InstrumentCatalog = BUILTIN_INSTRUMENTS
) -> Imported[Objective]:
    """
    Read a measurable Goal (one with a target) as an `Objective`.

    Example:
        >>> goal = {"resourceType": "Goal", "lifecycleStatus": "active",
        ...         "description": {"text": "PHQ-9 below 10"}, "subject": {"reference": "Patient/p1"},
        ...         "target": [{"measure": {"coding": [{"system": "http://loinc.org", "code": "44261-6"}]},
        ...                     "detailQuantity": {"value": 9, "comparator": "<="}, "dueDate": "2024-04-01"}]}
        >>> o = from_fhir_goal(goal).value
        >>> o.metric.instrument, o.target, o.direction.value, o.due_on.isoformat()
        ('phq-9', 9, 'decrease', '2024-04-01')
    """
    node = Node.resource(resource, "Goal")
    found: list[Violation] = []
    objective = _objective(node, (), catalog, found)
    return Imported(value=objective, violations=(*found, *node.leftovers()))


def from_fhir_treatment_plan(  # noqa: PLR0915 - one flat walk over the CarePlan's elements
    care_plan: Any,
    resources: Iterable[Mapping[str, Any]] = (),
    *,
    catalog: InstrumentCatalog = BUILTIN_INSTRUMENTS,
) -> Imported[TreatmentPlan]:
    """
    Read a treatment CarePlan with the Conditions and Goals it references as a `TreatmentPlan`.

    Goals with ``goal-relationship`` milestones become goals with those objectives; a Goal
    that is nobody's milestone becomes a goal of its own (with its target as its only
    objective when it has one).

    Example:
        >>> from counselcore.examples import example_plan
        >>> from counselcore.fhir import to_fhir_treatment_plan
        >>> exported = to_fhir_treatment_plan(example_plan())
        >>> from_fhir_treatment_plan(exported[0], exported[1:]).value == example_plan()
        True
    """
    node = Node.resource(care_plan, "CarePlan")
    resolver = Resolver(resources)
    found: list[Violation] = []
    read_version(node)
    node.code("status", required=True)
    node.code("intent", required=True)
    client = read_client(node)
    revision = carried(node, "plan-revision")
    settings = carried(node, "plan-settings")
    for category in node.children("category"):
        codings(category)
    node.skip("meta", "text")
    period = node.child("period")
    starts_on = read_date(period, "start") if period is not None else None
    if period is not None:
        period.skip("end")
    if starts_on is None:
        starts_on = read_date(node, "created")
    if starts_on is None:
        raise refuse(node.at("period", "start"), "fhir.required", "the plan needs a start date")
    problems: dict[str, Problem] = {}
    for ref in node.children("addresses"):
        target = _resolve(resolver, ref, "Condition", care_plan)
        if target is None:
            found.append(
                warning(
                    "fhir.reference-resolves", ref.path, "the addressed condition was not found"
                )
            )
            continue
        problem = _problem(target)
        problems[read_reference(ref)] = problem
        found.extend(target.leftovers())
    interventions: dict[str, list[Intervention]] = {}
    for activity in node.children("activity"):
        detail = activity.child("detail")
        if detail is None:
            found.append(
                warning(
                    "fhir.element-not-mapped", activity.path, "only inline activities are mapped"
                )
            )
            activity.skip("reference")
            continue
        detail.code("status", required=True, value_set="CarePlan.activity.detail.status")
        modality = code_in(detail.child("code"), code_system("modality"))
        technique = detail.extension(extension_url("intervention-technique"))
        goal_refs = [read_reference(g) for g in detail.children("goal")]
        if modality is None or technique is None or not goal_refs:
            found.append(
                warning(
                    "fhir.element-not-mapped",
                    detail.path,
                    "an activity without a counselcore modality, technique and goal was ignored",
                )
            )
            detail.skip(*detail.data)
            continue
        intervention = Intervention(
            modality=modality, technique=extension_string(technique, "valueString")
        )
        for reference in goal_refs:
            interventions.setdefault(reference, []).append(intervention)
    goals, goal_violations = _goals(node, resolver, care_plan, problems, interventions, catalog)
    found.extend(goal_violations)
    data = {
        "plan_id": read_identifier(node, "plan", "plan"),
        "client": client.value,
        "starts_on": starts_on.isoformat(),
        **revision,
        **settings,
    }
    found.extend(contained_leftovers(node, resolver))
    plan = structure(TreatmentPlan, data, node.path)
    from attrs import evolve

    try:
        plan = evolve(plan, problems=tuple(problems.values()), goals=tuple(goals))
    except ValidationError as error:
        raise ValidationError(
            [
                Violation(rule=v.rule, path=(*node.path, *v.path), message=v.message)
                for v in error.violations
            ]
        ) from None
    return Imported(value=plan, violations=(*found, *node.leftovers()))


def _goals(  # noqa: PLR0915, PLR0917 - one flat walk over the plan's Goals
    node: Node,
    resolver: Resolver,
    care_plan: Mapping[str, Any],
    problems: Mapping[str, Problem],
    interventions: Mapping[str, list[Intervention]],
    catalog: InstrumentCatalog,
) -> tuple[list[Goal], list[Violation]]:
    found: list[Violation] = []
    targets: dict[str, tuple[Node, Mapping[str, Any]]] = {}
    order: list[str] = []
    for ref in node.children("goal"):
        reference = read_reference(ref)
        target = resolver.find(reference, care_plan)
        if target is None:
            found.append(warning("fhir.reference-resolves", ref.path, "the goal was not found"))
            continue
        targets[reference] = (ref, target)
        order.append(reference)
    milestones: dict[str, list[str]] = {}
    for reference in order:
        ref, target = targets[reference]
        for extension in as_list(target.get("extension")):
            if isinstance(extension, dict) and extension.get("url") == GOAL_RELATIONSHIP:
                for part in as_list(extension.get("extension")):
                    if isinstance(part, dict) and part.get("url") == "target":
                        value = part.get("valueReference")
                        linked = value.get("reference") if isinstance(value, dict) else None
                        if isinstance(linked, str):
                            milestones.setdefault(reference, []).append(linked)
    is_milestone = {m for ms in milestones.values() for m in ms}
    goals: list[Goal] = []
    for reference in order:
        if reference in is_milestone:
            continue
        ref, target = targets[reference]
        goal_node = Node.resource(target, "Goal", ref.path)
        problem_ids = tuple(
            problems[r].problem_id
            for r in (read_reference(a) for a in goal_node.children("addresses"))
            if r in problems
        )
        objectives: list[Objective] = []
        if reference in milestones or _has_identifier(target, "goal"):
            read_version(goal_node)
            goal_node.extensions(GOAL_RELATIONSHIP)
            goal_node.code("lifecycleStatus", required=True)
            goal_node.skip("category", "subject", "meta", "text")
            description = goal_node.child("description", required=True)
            if description is None:  # pragma: no cover - required
                raise AssertionError
            description.skip("coding")
            text = description.string("text", required=True) or ""
            goal_id = read_identifier(goal_node, "goal", "goal")
            for linked in milestones.get(reference, ()):
                if linked not in targets:
                    found.append(
                        warning(
                            "fhir.reference-resolves",
                            goal_node.path,
                            "a milestone goal is not in the plan",
                        )
                    )
                    continue
                m_ref, m_target = targets[linked]
                m_node = Node.resource(m_target, "Goal", m_ref.path)
                objectives.append(
                    _objective(m_node, tuple(interventions.get(linked, ())), catalog, found)
                )
                found.extend(m_node.leftovers())
        else:
            objective = _objective(
                goal_node, tuple(interventions.get(reference, ())), catalog, found
            )
            goal_id = objective.objective_id
            text = objective.description
            if objective.target is not None or objective.due_on is not None:
                objectives.append(objective)
        found.extend(goal_node.leftovers())
        goals.append(
            Goal(
                goal_id=goal_id,
                description=text,
                problem_ids=problem_ids,
                objectives=tuple(objectives),
            )
        )
    return goals, found


def _has_identifier(resource: Mapping[str, Any], kind: str) -> bool:
    system = identifier_system(kind)
    return any(
        isinstance(item, dict) and item.get("system") == system
        for item in resource.get("identifier") or ()
    )


def from_fhir_safety_plan(resource: Any) -> Imported[SafetyPlan]:
    """
    Read a crisis CarePlan (one activity per Stanley-Brown section) as a `SafetyPlan`.

    Example:
        >>> from counselcore.examples import example_safety_plan
        >>> from counselcore.fhir import to_fhir_safety_plan
        >>> from counselcore.model import ClientRef
        >>> exported = to_fhir_safety_plan(example_safety_plan(), ClientRef("c-1"))
        >>> from_fhir_safety_plan(exported).value == example_safety_plan()
        True
    """
    node = Node.resource(resource, "CarePlan")
    read_version(node)
    node.code("status", required=True)
    node.code("intent", required=True)
    node.skip("subject", "category", "meta", "text")
    data: dict[str, Any] = carried(node, "safety-section")
    sections = {section.value: section for section in SafetySection}
    for activity in node.children("activity"):
        detail = activity.child("detail")
        if detail is None:
            continue
        detail.code("status", required=True, value_set="CarePlan.activity.detail.status")
        code = code_in(detail.child("code"), code_system("safety-plan-section"))
        if code not in sections:
            continue
        entries = carried(detail, "safety-section").get("entries", [])
        data[sections[code].field_name] = entries
    written_on = read_date(node, "created", required=True)
    data["plan_id"] = read_identifier(node, "safety-plan", "safety-plan")
    data["written_on"] = written_on.isoformat() if written_on else None
    plan = structure(SafetyPlan, data, node.path)
    return Imported(value=plan, violations=node.leftovers())


_TIMING_CADENCE = {timing: cadence for cadence, timing in ROUTINE_TIMING.items()}
_ROLE_BY_CODE = {code: role for role, code in CONTACT_ROLE_CODES.items()}


def from_fhir_aftercare_plan(  # noqa: PLR0915 - one flat walk over the CarePlan's elements
    care_plan: Any, resources: Iterable[Mapping[str, Any]] = ()
) -> Imported[AftercarePlan]:
    """
    Read an aftercare CarePlan with its CareTeam, RelatedPersons and crisis plan as an `AftercarePlan`.

    Booster Appointments are derived from the booster schedule and only checked for presence.

    Example:
        >>> from counselcore.examples import example_aftercare_plan
        >>> from counselcore.fhir import to_fhir_aftercare_plan
        >>> exported = to_fhir_aftercare_plan(example_aftercare_plan(), contact_details=True)
        >>> from_fhir_aftercare_plan(exported[0], exported[1:]).value == example_aftercare_plan()
        True
    """
    node = Node.resource(care_plan, "CarePlan")
    resolver = Resolver(resources)
    found: list[Violation] = []
    read_version(node)
    node.code("status", required=True)
    node.code("intent", required=True)
    client = read_client(node)
    settings = carried(node, "aftercare-settings")
    node.skip("category", "meta", "text")
    period = node.child("period", required=True)
    if period is None:  # pragma: no cover - required
        raise AssertionError
    terminated_on = read_date(period, "start", required=True)
    ends_on = read_date(period, "end")
    routines: list[SkillsRoutine] = []
    for activity in node.children("activity"):
        if activity.has("reference"):
            activity.skip("reference")
            continue
        detail = activity.child("detail", required=True)
        if detail is None:  # pragma: no cover - required
            raise AssertionError
        detail.code("status", required=True, value_set="CarePlan.activity.detail.status")
        detail.skip("performer")
        skill = code_in(detail.child("code"), code_system("skill"))
        timing = detail.child("scheduledTiming")
        repeat = timing.child("repeat") if timing is not None else None
        cadence = None
        if repeat is not None:
            repeat.skip("frequency")
            key = (repeat.number("period"), repeat.string("periodUnit"))
            cadence = _TIMING_CADENCE.get((int(key[0] or 0), key[1] or ""))
        if skill is None or cadence is None:
            found.append(
                warning(
                    "fhir.element-not-mapped",
                    detail.path,
                    "an activity that is not a skills routine was ignored",
                )
            )
            detail.skip(*detail.data)
            continue
        routines.append(SkillsRoutine(skill=skill, cadence=cadence))
    contacts: list[SupportContact] = []
    for team_ref in node.children("careTeam"):
        team = _resolve(resolver, team_ref, "CareTeam", care_plan)
        if team is None:
            found.append(
                warning("fhir.reference-resolves", team_ref.path, "the care team was not found")
            )
            continue
        read_version(team)
        team.code("status")
        team.skip("category", "subject", "meta", "text")
        for participant in team.children("participant"):
            member = participant.child("member", required=True)
            if member is None:  # pragma: no cover - required
                raise AssertionError
            person = _resolve(resolver, member, "RelatedPerson", care_plan)
            if person is None:
                found.append(
                    warning("fhir.reference-resolves", member.path, "the contact was not found")
                )
                continue
            contacts.append(_contact(person))
            found.extend(person.leftovers())
        found.extend(team.leftovers())
    crisis: SafetyPlan | None = None
    for info in node.children("supportingInfo"):
        target = resolver.find(read_reference(info), care_plan)
        if target is None:
            found.append(
                warning("fhir.reference-resolves", info.path, "the crisis plan was not found")
            )
            continue
        result = from_fhir_safety_plan(target)
        crisis = result.value
        found.extend(result.violations)
    data = {
        "plan_id": read_identifier(node, "aftercare-plan", "aftercare-plan"),
        "client": client.value,
        "terminated_on": terminated_on.isoformat() if terminated_on else None,
        "ends_on": ends_on.isoformat() if ends_on else None,
        **settings,
    }
    found.extend(contained_leftovers(node, resolver))
    plan = structure(AftercarePlan, data, node.path)
    from attrs import evolve

    plan = evolve(
        plan, support_network=tuple(contacts), routines=tuple(routines), crisis_plan=crisis
    )
    return Imported(value=plan, violations=(*found, *node.leftovers()))


def _contact(node: Node) -> SupportContact:
    read_version(node)
    node.skip("patient", "meta", "text")
    carried_data = carried(node, "support-contact")
    role = ContactRole.OTHER
    for relationship in node.children("relationship"):
        for system, code in codings(relationship):
            if system == code_system("contact-role") and code is not None:
                try:
                    role = ContactRole(code)
                except ValueError:
                    raise refuse(
                        relationship.path, "fhir.code-mapped", "is not a counselcore contact role"
                    ) from None
                break
            if system == ROLE_CODE and code in _ROLE_BY_CODE:
                role = _ROLE_BY_CODE[code]
    names = node.children("name")
    name = names[0].string("text") or "" if names else ""
    for item in names:
        item.skip(*item.data)
    phone = ""
    for telecom in node.children("telecom"):
        if telecom.string("system") == "phone":
            phone = telecom.string("value") or ""
        telecom.skip("use", "rank", "period", "value")
    return structure(
        SupportContact,
        {
            "contact_id": carried_data.get("contact_id")
            or read_identifier(node, "contact", "contact"),
            "role": role.value,
            "reachable": carried_data.get("reachable", True),
            "name": name,
            "phone": phone,
        },
        node.path,
    )
