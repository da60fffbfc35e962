"""
A whole case history as one FHIR ``collection`` Bundle, and back.

The EpisodeOfCare carries the coarse status, the exact phase and the phase history (from the
phase machine's `transition`), and one ``case-event`` extension per chart event, in order,
pointing at the resource that holds its payload. References between entries are
``urn:uuid:`` fullUrls. A bundle without our extensions (a foreign EHR's) is read by resource:
Observations become measures, Encounters sessions, treatment CarePlans plans, with
violations for the rest.
"""

import datetime as dt  # noqa: TC003 - used in a runtime annotation of a local
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any, TypeVar

import attrs

from counselcore.aftercare import AftercarePlan, SafetyPlan
from counselcore.errors import ValidationError
from counselcore.fhir._embed import embed, unembed
from counselcore.fhir._export import (
    Links,
    plain,
    to_fhir_formulation,
    to_fhir_observation,
    to_fhir_session,
    to_fhir_treatment_plan,
)
from counselcore.fhir._export_aftercare import to_fhir_aftercare_plan, to_fhir_safety_plan
from counselcore.fhir._ids import resource_id
from counselcore.fhir._import import (
    Imported,
    Resolver,
    as_list,
    from_fhir_observation,
    from_fhir_session,
    read_client,
    read_date,
    structure,
    warning,
)
from counselcore.fhir._import_aftercare import from_fhir_aftercare_plan, from_fhir_safety_plan
from counselcore.fhir._import_plan import from_fhir_formulation, from_fhir_treatment_plan
from counselcore.fhir._reader import Node, refuse
from counselcore.fhir._vocabulary import (
    CARE_PLAN_KIND_SYSTEM,
    DIAGNOSIS_CATEGORY,
    DIAGNOSIS_ROLE,
    EPISODE_STATUS,
    MENTAL_HEALTH_CARE_PLAN,
    MENTAL_HEALTH_CRISIS_PLAN,
    MODEL_VERSION,
    PHASE_SYSTEM,
    SNOMED,
    STATUS_PHASE,
    extension_url,
)
from counselcore.measures import BUILTIN_INSTRUMENTS, InstrumentCatalog
from counselcore.model import CaseFormulation, ClientRef, TreatmentPlan
from counselcore.phases import (
    EVENT_TYPES,
    CaseHistory,
    CaseState,
    Event,
    EventKind,
    MeasureRecorded,
    Phase,
    PlanAgreed,
    SessionHeld,
    transition,
)
from counselcore.serialization import make_converter
from counselcore.serialization._api import _FAST_FAILURES
from counselcore.violations import Path, Violation

__all__ = ["from_fhir_bundle", "from_fhir_episode", "to_fhir_bundle", "to_fhir_episode"]

Resource = dict[str, Any]
T = TypeVar("T")

#: The event field holding each payload record (the measure's fields live in its Observation).
PAYLOAD_FIELDS: Mapping[EventKind, tuple[str, ...]] = {
    EventKind.INTAKE_COMPLETED: ("formulation",),
    EventKind.PLAN_AGREED: ("plan",),
    EventKind.SESSION_HELD: ("session",),
    EventKind.MEASURE_RECORDED: ("instrument", "total", "risk_flags"),
    EventKind.CRISIS_RESOLVED: ("safety_plan",),
    EventKind.AFTERCARE_STARTED: ("aftercare_plan",),
    EventKind.DISCHARGED: ("aftercare_plan",),
}


def _payload(
    event: Event,
    index: int,
    client: ClientRef,
    *,
    contact_details: bool,
    catalog: InstrumentCatalog,
) -> list[Resource]:
    links = Links(client=client.value, scope=f"event/{index}", bundle=True)
    if isinstance(event, MeasureRecorded):
        return [to_fhir_observation(event, client, links=links, catalog=catalog)]
    if isinstance(event, SessionHeld):
        return [to_fhir_session(event.session, client, links=links)]
    if isinstance(event, PlanAgreed):
        return to_fhir_treatment_plan(event.plan, links=links, catalog=catalog)
    value = getattr(event, "formulation", None)
    if isinstance(value, CaseFormulation):
        return to_fhir_formulation(value, links=links)
    value = getattr(event, "safety_plan", None)
    if isinstance(value, SafetyPlan):
        return [to_fhir_safety_plan(value, client, links=links)]
    value = getattr(event, "aftercare_plan", None)
    if isinstance(value, AftercarePlan):
        return to_fhir_aftercare_plan(value, links=links, contact_details=contact_details)
    return []


def _phase_coding(phase: Phase) -> dict[str, str]:
    return {"system": PHASE_SYSTEM, "code": phase.value}


def _phases(events: Sequence[Event]) -> tuple[Phase, list[dict[str, Any]]]:
    """
    Fold *events* with `transition`; return the final phase and the phase periods.

    The case opens at intake on the earliest event's day; each accepted event that changes the
    phase closes the current period and opens the next.
    """
    state = CaseState.start()
    periods: list[dict[str, Any]] = []
    if events:
        periods.append(
            {
                "phase": state.phase,
                "start": min(e.on for e in events),
                "event": None,
                "interrupted": None,
            }
        )
    for event in events:
        outcome = transition(state, event)
        if not outcome.accepted:
            continue
        new = outcome.state
        if new.phase is not state.phase:
            periods[-1]["end"] = event.on
            periods.append(
                {
                    "phase": new.phase,
                    "start": event.on,
                    "event": event.kind.value,
                    "interrupted": new.interrupted_phase,
                }
            )
        state = new
    return state.phase, periods


def to_fhir_episode(
    client: ClientRef,
    events: Sequence[Event],
    *,
    payload_refs: Sequence[str | None] = (),
    diagnosis_refs: Sequence[str] = (),
) -> Resource:
    """
    Return the EpisodeOfCare of *client*'s *events*: status, exact phase and phase history.

    *payload_refs* gives, per event, the fullUrl of the resource holding its payload;
    *diagnosis_refs* the diagnosis Conditions of the current formulation, principal first
    (role ``CC``, co-occurring ones ``CM``).

    Example:
        >>> import datetime as dt
        >>> from counselcore.examples import example_formulation
        >>> from counselcore.phases import IntakeCompleted
        >>> events = [IntakeCompleted(on=dt.date(2024, 1, 8), formulation=example_formulation())]
        >>> episode = to_fhir_episode(example_formulation().client, events)
        >>> episode["status"], episode["extension"][1]["valueCoding"]["code"]
        ('active', 'planning')
    """
    phase, periods = _phases(events)
    history = []
    for period in periods:
        parts: list[dict[str, Any]] = [
            {"url": "phase", "valueCoding": _phase_coding(period["phase"])},
            {
                "url": "period",
                "valuePeriod": {"start": period["start"].isoformat()}
                | ({"end": period["end"].isoformat()} if "end" in period else {}),
            },
        ]
        if period["event"] is not None:
            parts.append({"url": "event", "valueCode": period["event"]})
        if period["interrupted"] is not None:
            parts.append(
                {"url": "interrupted-phase", "valueCoding": _phase_coding(period["interrupted"])}
            )
        history.append({"url": extension_url("phase-history"), "extension": parts})
    case_events = []
    for index, event in enumerate(events):
        kind = event.kind
        data = plain(event)
        for name in PAYLOAD_FIELDS.get(kind, ()):
            data.pop(name, None)
        data.pop("on", None)
        data.pop("kind", None)
        parts = [
            {"url": "kind", "valueCode": kind.value},
            {"url": "on", "valueDate": event.on.isoformat()},
        ]
        ref = payload_refs[index] if index < len(payload_refs) else None
        if ref is not None:
            parts.append({"url": "resource", "valueReference": {"reference": ref}})
        fields = embed("fields", data)
        if fields is not None:
            parts.append(fields)
        case_events.append({"url": extension_url("case-event"), "extension": parts})
    status_history = [
        {
            "status": EPISODE_STATUS[period["phase"]],
            "period": {"start": period["start"].isoformat()}
            | ({"end": period["end"].isoformat()} if "end" in period else {}),
        }
        for period in periods
    ]
    episode: Resource = {
        "resourceType": "EpisodeOfCare",
        "id": resource_id(client.value, "episode"),
        "extension": [
            {"url": extension_url("model-version"), "valueString": MODEL_VERSION},
            {"url": extension_url("treatment-phase"), "valueCoding": _phase_coding(phase)},
            *history,
            *case_events,
        ],
        "status": EPISODE_STATUS[phase],
    }
    if status_history:
        episode["statusHistory"] = status_history
    if diagnosis_refs:
        episode["diagnosis"] = [
            {
                "condition": {"reference": ref},
                "role": {"coding": [{"system": DIAGNOSIS_ROLE, "code": "CM" if rank else "CC"}]},
                "rank": rank + 1,
            }
            for rank, ref in enumerate(diagnosis_refs)
        ]
    episode["patient"] = {"reference": f"Patient/{client.value}"}
    if events:
        span: dict[str, str] = {"start": min(e.on for e in events).isoformat()}
        if phase is Phase.CLOSED:
            span["end"] = max(e.on for e in events).isoformat()
        episode["period"] = span
    return episode


def _is_diagnosis(resource: Resource) -> bool:
    return resource["resourceType"] == "Condition" and any(
        coding.get("code") == DIAGNOSIS_CATEGORY
        for category in resource.get("category", ())
        for coding in category.get("coding", ())
    )


def from_fhir_episode(resource: Any) -> Imported[Phase]:
    """
    Read the phase of an EpisodeOfCare: exact from ``treatment-phase``, else inferred from the status.

    ``onhold`` has no counselcore phase: the phase of the last status before it is kept
    (``fhir.episode-on-hold``); an inferred phase is reported as ``fhir.phase-inferred``.

    Raises:
        counselcore.errors.ValidationError: If the status is not an R4 code, is
            ``entered-in-error`` (not a clinical history), or no phase can be found.

    Example:
        >>> result = from_fhir_episode({"resourceType": "EpisodeOfCare", "status": "finished",
        ...                             "patient": {"reference": "Patient/p1"}})
        >>> result.value.value, [v.rule for v in result.violations]
        ('closed', ['fhir.phase-inferred'])
    """
    node = Node.resource(resource, "EpisodeOfCare")
    found: list[Violation] = []
    status = node.code("status", required=True) or ""
    read_client(node, "patient")
    node.extensions(extension_url("model-version"))
    node.extensions(extension_url("phase-history"))
    node.extensions(extension_url("case-event"))
    history = []
    for item in node.children("statusHistory"):
        history.append(item.code("status", value_set="EpisodeOfCare.status"))
        item.skip("period")
    exact = node.extension(extension_url("treatment-phase"))
    if status == "entered-in-error":
        raise refuse(
            node.at("status"), "fhir.value-set", "entered-in-error is not a clinical history"
        )
    if exact is not None:
        path, extension = exact
        coding = extension.get("valueCoding")
        code = coding.get("code") if isinstance(coding, dict) else None
        try:
            # Only text can name a phase; the enum's own error would repr any other value.
            phase = Phase(code if isinstance(code, str) else "")
        except ValueError:
            raise refuse(
                (*path, "valueCoding"), "fhir.code-mapped", "is not a counselcore phase"
            ) from None
        node.skip("period", "diagnosis")  # derived from the case events on export
        return Imported(value=phase, violations=node.leftovers())
    if status == "onhold":
        earlier = [s for s in history if s is not None and s in STATUS_PHASE]
        if not earlier:
            raise refuse(
                node.at("status"), "fhir.code-mapped", "onhold with no earlier status has no phase"
            )
        phase = STATUS_PHASE[earlier[-1]]
        found.append(
            warning("fhir.episode-on-hold", node.at("status"), "the phase before the hold is kept")
        )
    else:
        phase = STATUS_PHASE[status]
    found.append(
        warning("fhir.phase-inferred", node.at("status"), "the phase is inferred from the status")
    )
    return Imported(value=phase, violations=(*found, *node.leftovers()))


def to_fhir_bundle(
    history: CaseHistory,
    *,
    contact_details: bool = False,
    catalog: InstrumentCatalog = BUILTIN_INSTRUMENTS,
) -> Resource:
    """
    Return a FHIR R4 ``collection`` Bundle of a whole case *history*.

    The first entry is the EpisodeOfCare; then each event's payload resources, in event
    order. Every fullUrl is ``urn:uuid:<uuid5>``; the same history gives the same bytes.

    Example:
        >>> import datetime as dt
        >>> from counselcore.examples import example_formulation, example_plan
        >>> from counselcore.phases import CaseHistory, IntakeCompleted, PlanAgreed
        >>> chart = CaseHistory(client=example_plan().client, events=(
        ...     IntakeCompleted(on=dt.date(2024, 1, 8), formulation=example_formulation()),
        ...     PlanAgreed(on=dt.date(2024, 1, 15), plan=example_plan()),
        ... ))
        >>> bundle = to_fhir_bundle(chart)
        >>> bundle["type"], bundle["entry"][0]["resource"]["resourceType"], len(bundle["entry"])
        ('collection', 'EpisodeOfCare', 19)
        >>> from_fhir_bundle(bundle).value == chart
        True
    """
    client = history.client
    events = history.events
    payloads = [
        _payload(e, i, client, contact_details=contact_details, catalog=catalog)
        for i, e in enumerate(events)
    ]
    refs = [f"urn:uuid:{resources[0]['id']}" if resources else None for resources in payloads]
    diagnoses = next(
        (
            [f"urn:uuid:{r['id']}" for r in resources if _is_diagnosis(r)]
            for event, resources in zip(reversed(events), reversed(payloads), strict=True)
            if event.kind is EventKind.INTAKE_COMPLETED and resources
        ),
        [],
    )
    episode = to_fhir_episode(client, events, payload_refs=refs, diagnosis_refs=diagnoses)
    entries = [episode, *(resource for resources in payloads for resource in resources)]
    return {
        "resourceType": "Bundle",
        "id": resource_id(client.value, "bundle"),
        "type": "collection",
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in entries],
    }


def _entries(bundle: Any) -> tuple[Node, list[tuple[Node, dict[str, Any]]]]:
    node = Node.resource(bundle, "Bundle")
    node.code("type", required=True)
    entries = []
    for entry in node.children("entry"):
        resource = entry.get("resource")
        entry.string("fullUrl")
        entry.skip("search", "request", "response")
        if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
            raise refuse(entry.at("resource"), "fhir.required", "must be a resource")
        entries.append((entry, resource))
    return node, entries


#: A step of the reference walk: the key that led here and the step before (None at the top).
_Step = tuple[str | int, "_Step | None"]


def _path_of(step: _Step | None, prefix: Path) -> Path:
    keys: list[str | int] = []
    while step is not None:
        key, step = step
        keys.append(key)
    return (*prefix, *reversed(keys))


def _check_references(entries: list[tuple[Node, dict[str, Any]]], found: list[Violation]) -> None:
    """Warn for each ``urn:`` reference that names no entry; iterative and linear at any depth."""
    urls = {e.data.get("fullUrl") for e, _ in entries}
    for entry, resource in entries:
        prefix = (*entry.path, "resource")
        stack: list[tuple[Any, _Step | None]] = [(resource, None)]
        while stack:
            value, step = stack.pop()
            if type(value) is dict:
                reference = value.get("reference")
                if (
                    type(reference) is str
                    and reference.startswith("urn:")
                    and reference not in urls
                ):
                    found.append(
                        warning(
                            "fhir.reference-resolves",
                            (*_path_of(step, prefix), "reference"),
                            "names no entry of this bundle",
                        )
                    )
                items: list[tuple[Any, Any]] = list(value.items())
            else:
                items = list(enumerate(value))
            # Reversed, so the warnings come in document order, as a recursive walk gives them.
            stack.extend(
                (item, (key, step))
                for key, item in reversed(items)
                if type(item) is dict or type(item) is list
            )


def from_fhir_bundle(
    bundle: Any, *, catalog: InstrumentCatalog = BUILTIN_INSTRUMENTS
) -> Imported[CaseHistory]:
    """
    Read a Bundle as a `CaseHistory`: exactly, from our own export; by resource, from others.

    Raises:
        counselcore.errors.ValidationError: If the bundle or a resource it needs is malformed.

    Example:
        >>> bundle = {"resourceType": "Bundle", "type": "collection", "entry": [
        ...     {"fullUrl": "urn:uuid:1", "resource": {"resourceType": "Observation", "status": "final",
        ...      "code": {"coding": [{"system": "http://loinc.org", "code": "70274-6"}]},
        ...      "subject": {"reference": "Patient/p1"}, "effectiveDateTime": "2024-02-01", "valueInteger": 8}}]}
        >>> result = from_fhir_bundle(bundle)
        >>> chart = result.value
        >>> chart.client.value, chart.events[0].instrument, chart.events[0].total
        ('p1', 'gad-7', 8)
    """
    node, entries = _entries(bundle)
    found: list[Violation] = []
    _check_references(entries, found)
    full_urls = {e.data["fullUrl"]: r for e, r in entries if isinstance(e.data.get("fullUrl"), str)}
    resources = [r for _, r in entries]
    resolver = Resolver(resources, full_urls=full_urls)
    places = {id(r): (*e.path, "resource") for e, r in entries}
    episodes = [(e, r) for e, r in entries if r["resourceType"] == "EpisodeOfCare"]
    if episodes and any(
        isinstance(x, dict) and x.get("url") == extension_url("treatment-phase")
        for x in as_list(episodes[0][1].get("extension"))
    ):
        client, events = _our_events(episodes[0], resolver, catalog, found, places)
    else:
        client, events = _foreign_events(entries, resources, catalog, found, places)
    found.extend(node.leftovers())
    return Imported(value=CaseHistory(client=client, events=events), violations=tuple(found))


def _moved(violation: Violation, resource: Mapping[str, Any], place: Path) -> Violation:
    path = violation.path
    if path and path[0] == resource.get("resourceType"):
        return attrs.evolve(violation, path=(*place, *path[1:]))
    return violation


def _in_bundle(
    read: Callable[[], Imported[T]], resource: Mapping[str, Any], places: Mapping[int, Path]
) -> Imported[T]:
    """Run importer *read* on *resource*, with every path pointing into the bundle."""
    place = places.get(id(resource))
    if place is None:
        return read()
    try:
        result = read()
    except ValidationError as error:
        raise ValidationError([_moved(v, resource, place) for v in error.violations]) from None
    return Imported(
        value=result.value,
        violations=tuple(_moved(v, resource, place) for v in result.violations),
    )


def _our_events(
    episode: tuple[Node, dict[str, Any]],
    resolver: Resolver,
    catalog: InstrumentCatalog,
    found: list[Violation],
    places: Mapping[int, Path],
) -> tuple[ClientRef, tuple[Event, ...]]:
    entry, resource = episode
    node = Node.resource(resource, "EpisodeOfCare", (*entry.path, "resource"))
    node.code("status", required=True)
    client = read_client(node, "patient")
    node.extensions(extension_url("model-version"))
    node.extensions(extension_url("treatment-phase"))
    node.extensions(extension_url("phase-history"))
    node.skip("statusHistory", "period", "diagnosis")  # derived from the events
    events: list[Event] = []
    for path, extension in node.extensions(extension_url("case-event")):
        data = unembed(extension, path)
        kind_code = data.pop("kind", None)
        try:
            kind = EventKind(kind_code if isinstance(kind_code, str) else "")
        except ValueError:
            raise refuse(
                (*path, "kind"), "fhir.code-mapped", "is not a counselcore event kind"
            ) from None
        cls = EVENT_TYPES[kind]
        fields = dict(data.pop("fields", {}))
        fields["on"] = data.pop("on", None)
        reference = data.pop("resource", None)
        target = (
            resolver.find(reference["reference"])
            if isinstance(reference, dict) and isinstance(reference.get("reference"), str)
            else None
        )
        # An optional payload left out (a discharge without an aftercare plan) has no resource.
        if target is None and (reference is not None or _payload_required(cls)):
            raise refuse(
                (*path, "resource"), "fhir.reference-resolves", "names no entry of this bundle"
            )
        payload = _read_payload(kind, target, resolver, catalog, found, places) if target else {}
        events.append(_event(cls, fields, payload, path))
    found.extend(node.leftovers())
    return client, tuple(events)


def _payload_required(cls: type[Event]) -> bool:
    """Whether events of *cls* must carry a payload resource (a payload field has no default)."""
    names = PAYLOAD_FIELDS.get(cls.kind, ())
    return any(f.default is attrs.NOTHING for f in attrs.fields(cls) if f.name in names)


#: Structures an event's scalar fields (dates, flags, reasons) one by one.
_CONVERTER = make_converter(detailed_validation=False)


def _event(cls: type[Event], fields: dict[str, Any], payload: dict[str, Any], path: Path) -> Event:
    """Build event *cls* from carried *fields* and already-imported *payload* records."""
    names = {f.name: f.type for f in attrs.fields(cls)}
    if set(fields) <= set(names):
        try:
            kwargs = {
                name: _CONVERTER.structure(value, names[name]) for name, value in fields.items()
            }
            return cls(**kwargs, **payload)
        # The failures from_dict's quick pass falls back on, and cls(...)'s missing-field TypeError.
        except (*_FAST_FAILURES, TypeError):
            pass  # the exact pass below reports it with paths
    carried = {k: plain(v) if attrs.has(type(v)) else v for k, v in payload.items()}
    return structure(cls, {**fields, **carried}, path)


def _read_payload(  # noqa: PLR0917 - private, called once
    kind: EventKind,
    target: dict[str, Any],
    resolver: Resolver,
    catalog: InstrumentCatalog,
    found: list[Violation],
    places: Mapping[int, Path],
) -> dict[str, Any]:
    everything = list(resolver._by_key.values())  # noqa: SLF001 - same package
    if kind is EventKind.MEASURE_RECORDED:
        measure = _in_bundle(lambda: from_fhir_observation(target, catalog=catalog), target, places)
        found.extend(measure.violations)
        value = measure.value
        return {
            "instrument": value.instrument,
            "total": value.total,
            "risk_flags": value.risk_flags,
        }
    read: Callable[[], Imported[Any]]
    if kind is EventKind.SESSION_HELD:
        read, name = partial(from_fhir_session, target), "session"
    elif kind is EventKind.PLAN_AGREED:
        read, name = partial(from_fhir_treatment_plan, target, everything, catalog=catalog), "plan"
    elif kind is EventKind.INTAKE_COMPLETED:
        read, name = partial(from_fhir_formulation, target, everything), "formulation"
    elif kind is EventKind.CRISIS_RESOLVED:
        read, name = partial(from_fhir_safety_plan, target), "safety_plan"
    else:
        read, name = partial(from_fhir_aftercare_plan, target, everything), "aftercare_plan"
    result: Imported[Any] = _in_bundle(read, target, places)
    found.extend(result.violations)
    return {name: result.value}


def _foreign_events(
    entries: list[tuple[Node, dict[str, Any]]],
    resources: list[dict[str, Any]],
    catalog: InstrumentCatalog,
    found: list[Violation],
    places: Mapping[int, Path],
) -> tuple[ClientRef, tuple[Event, ...]]:
    dated: list[tuple[dt.date, int, Event]] = []
    client: ClientRef | None = None
    used: set[int] = set()
    for index, (_entry, resource) in enumerate(entries):
        kind = resource["resourceType"]
        event: Event | None = None
        if kind == "Observation":
            measure = _in_bundle(
                partial(from_fhir_observation, resource, catalog=catalog), resource, places
            )
            found.extend(measure.violations)
            event = measure.value
        elif kind == "Encounter":
            session = _in_bundle(partial(from_fhir_session, resource), resource, places)
            found.extend(session.violations)
            event = SessionHeld(session=session.value)
        elif kind == "EpisodeOfCare":
            phase = _in_bundle(partial(from_fhir_episode, resource), resource, places)
            found.extend(phase.violations)
        elif kind == "CarePlan" and _is_treatment_plan(resource):
            plan = _in_bundle(
                partial(from_fhir_treatment_plan, resource, resources, catalog=catalog),
                resource,
                places,
            )
            found.extend(plan.violations)
            event = PlanAgreed(on=plan.value.revised_on or plan.value.starts_on, plan=plan.value)
            client = client or plan.value.client
        if event is not None:
            used.add(index)
            dated.append((event.on, index, event))
            if client is None and isinstance(resource.get("subject"), dict):
                client = _in_bundle(partial(_subject, resource), resource, places).value
    referenced = {
        i for i, (_, r) in enumerate(entries) if r["resourceType"] in {"Goal", "Condition"}
    }
    for index, (entry, _resource) in enumerate(entries):
        if index not in used and index not in referenced:
            found.append(
                warning(
                    "fhir.element-not-mapped",
                    (*entry.path, "resource"),
                    "an entry of a type counselcore does not import was ignored",
                )
            )
    if client is None:
        raise refuse(("Bundle", "entry"), "fhir.required", "no entry names the patient")
    dated.sort(key=lambda item: (item[0], item[1]))
    return client, tuple(event for _, _, event in dated)


def _subject(resource: dict[str, Any]) -> Imported[ClientRef]:
    return Imported(value=read_client(Node.resource(resource, resource["resourceType"])))


def _is_treatment_plan(resource: dict[str, Any]) -> bool:
    codes = {
        coding.get("code")
        for category in as_list(resource.get("category"))
        if isinstance(category, dict)
        for coding in as_list(category.get("coding"))
        if isinstance(coding, dict)
        and coding.get("system") == SNOMED
        and isinstance(coding.get("code"), str)  # a code of another JSON type means nothing here
    }
    if MENTAL_HEALTH_CRISIS_PLAN in codes:
        return False
    aftercare = CARE_PLAN_KIND_SYSTEM
    return MENTAL_HEALTH_CARE_PLAN in codes or not any(
        isinstance(category, dict)
        and any(
            isinstance(c, dict) and c.get("system") == aftercare
            for c in as_list(category.get("coding"))
        )
        for category in as_list(resource.get("category"))
    )


_ = TreatmentPlan, read_date
