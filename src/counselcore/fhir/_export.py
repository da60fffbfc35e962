"""
counselcore records -> FHIR R4 resources (plain dicts), one function per record.

Every function is pure and deterministic: ids come from `resource_id`, element order is
fixed, dates are written exactly as stored. References are written by a `Links` value:
``Type/id`` for stand-alone resources, ``urn:uuid:id`` inside a bundle.
"""

from typing import Any

from attrs import field, frozen

from counselcore.fhir._embed import embed
from counselcore.fhir._ids import resource_id
from counselcore.fhir._vocabulary import (
    ACT_CODE,
    CONDITION_CATEGORY,
    CONDITION_CLINICAL,
    CONDITION_VERIFICATION,
    CPT,
    DIAGNOSIS_CATEGORY,
    ENCOUNTER_CLASS,
    GOAL_ACHIEVEMENT,
    GOAL_CATEGORY,
    GOAL_RELATIONSHIP,
    GOAL_RELATIONSHIP_TYPE,
    ICD10CM,
    INSTRUMENT_SYSTEM,
    LOINC,
    MENTAL_HEALTH_CARE_PLAN,
    METRIC_KIND_SYSTEM,
    MINUTES,
    MODALITY_SNOMED,
    MODALITY_SYSTEM,
    MODEL_VERSION,
    OBJECTIVE_LIFECYCLE,
    OBSERVATION_CATEGORY,
    PROBLEM_CATEGORY,
    SEVERITY_SNOMED,
    SNOMED,
    UCUM,
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
    MetricKind,
    Objective,
    Problem,
    Session,
    TreatmentPlan,
)
from counselcore.phases import MeasureRecorded
from counselcore.serialization import to_dict

__all__ = [
    "Links",
    "to_fhir_formulation",
    "to_fhir_observation",
    "to_fhir_session",
    "to_fhir_treatment_plan",
]

Resource = dict[str, Any]

_DOCUMENT_KEYS = ("schema_version", "type")


def plain(record: object) -> dict[str, Any]:
    """Return `to_dict` of *record* without the document envelope keys."""
    data = to_dict(record)
    for key in _DOCUMENT_KEYS:
        data.pop(key, None)
    return data


def pick(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {key: data[key] for key in keys}


@frozen(kw_only=True)
class Links:
    """
    How references are written: ``Type/id`` (stand-alone) or ``urn:uuid:id`` (in a bundle).

    *scope* is mixed into every id, so the same record exported for two events of one
    chart gets two different ids.

    Example:
        >>> Links().ref("Goal", "123")
        {'reference': 'Goal/123'}
        >>> Links(bundle=True).ref("Goal", "123")
        {'reference': 'urn:uuid:123'}
        >>> Links(client="c-1", scope="a").rid("goal", "g1") == Links(client="c-1", scope="b").rid("goal", "g1")
        False
    """

    #: The client id: an identifier, so never shown in the repr.
    client: str = field(default="", repr=False)
    scope: str = ""
    bundle: bool = False

    def ref(self, resource_type: str, rid: str) -> dict[str, str]:
        """Return a Reference to the resource of *resource_type* with id *rid*."""
        if self.bundle:
            return {"reference": f"urn:uuid:{rid}"}
        return {"reference": f"{resource_type}/{rid}"}

    def rid(self, *parts: str | int) -> str:
        """Return the deterministic id of the resource named by *parts* in this scope."""
        return resource_id(self.client, self.scope, *parts)


def patient(client: ClientRef) -> dict[str, str]:
    return {"reference": f"Patient/{client.value}"}


def _version() -> dict[str, str]:
    return {"url": extension_url("model-version"), "valueString": MODEL_VERSION}


def extensions(*items: dict[str, Any] | None) -> list[dict[str, Any]]:
    return [_version(), *(item for item in items if item is not None)]


def identifier(kind: str, value: str) -> list[dict[str, str]]:
    return [{"system": identifier_system(kind), "value": value}]


def concept(system: str, code: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code}]}


def _problem_condition(problem: Problem, client: ClientRef, links: Links) -> Resource:
    return {
        "resourceType": "Condition",
        "id": links.rid("problem", problem.problem_id),
        "extension": extensions(
            {"url": extension_url("problem-domain"), "valueCode": problem.domain.value}
        ),
        "identifier": identifier("problem", problem.problem_id),
        "clinicalStatus": concept(CONDITION_CLINICAL, "active"),
        "verificationStatus": concept(CONDITION_VERIFICATION, "provisional"),
        "category": [concept(CONDITION_CATEGORY, PROBLEM_CATEGORY)],
        "code": {"text": problem.description},
        "subject": patient(client),
    }


def _diagnosis_condition(
    diagnosis: Diagnosis, index: int, client: ClientRef, links: Links
) -> Resource:
    condition: Resource = {
        "resourceType": "Condition",
        "id": links.rid("diagnosis", index),
        "extension": extensions(),
        "clinicalStatus": concept(CONDITION_CLINICAL, "active"),
        "verificationStatus": concept(CONDITION_VERIFICATION, "confirmed"),
        "category": [concept(CONDITION_CATEGORY, DIAGNOSIS_CATEGORY)],
    }
    if diagnosis.specifier is not None:
        condition["severity"] = concept(SNOMED, SEVERITY_SNOMED[diagnosis.specifier.value])
    condition["code"] = concept(ICD10CM, diagnosis.code)
    condition["subject"] = patient(client)
    return condition


def to_fhir_formulation(
    formulation: CaseFormulation, *, links: Links | None = None
) -> list[Resource]:
    """
    Return a ClinicalImpression for *formulation*, then a Condition per problem and diagnosis.

    Problems are ``problem-list-item`` Conditions (text and domain), diagnoses
    ``encounter-diagnosis`` Conditions (ICD-10-CM, severity from the DSM-5 specifier); the
    rest of the formulation travels in the ``case-formulation`` extension.

    Example:
        >>> from counselcore.examples import example_formulation
        >>> [r["resourceType"] for r in to_fhir_formulation(example_formulation())][:3]
        ['ClinicalImpression', 'Condition', 'Condition']
    """
    client = formulation.client
    links = links or Links(client=client.value, scope=f"formulation/{formulation.formulation_id}")
    problems = [_problem_condition(p, client, links) for p in formulation.presenting_problems]
    diagnoses = [
        _diagnosis_condition(d, i, client, links) for i, d in enumerate(formulation.diagnoses)
    ]
    rest = plain(formulation)
    for key in ("formulation_id", "client", "formulated_on", "presenting_problems", "diagnoses"):
        del rest[key]
    impression: Resource = {
        "resourceType": "ClinicalImpression",
        "id": links.rid("formulation", formulation.formulation_id),
        "extension": extensions(embed(extension_url("case-formulation"), rest)),
        "identifier": identifier("formulation", formulation.formulation_id),
        "status": "completed",
        "subject": patient(client),
        "date": formulation.formulated_on.isoformat(),
    }
    refs = [links.ref("Condition", c["id"]) for c in (*problems, *diagnoses)]
    if refs:
        impression["problem"] = refs
    return [impression, *problems, *diagnoses]


def _measure(objective: Objective, catalog: InstrumentCatalog) -> dict[str, Any]:
    metric = objective.metric
    if metric is not None and metric.kind is MetricKind.INSTRUMENT_SCORE:
        instrument = metric.instrument or ""
        if instrument in catalog and (loinc := catalog.get(instrument).loinc_total):
            return concept(LOINC, loinc)
        return concept(INSTRUMENT_SYSTEM, instrument)
    kind = MetricKind.COUNT if metric is None else metric.kind
    return concept(METRIC_KIND_SYSTEM, kind.value)


def _objective_goal(
    objective: Objective,
    client: ClientRef,
    links: Links,
    problem_refs: list[dict[str, str]],
    catalog: InstrumentCatalog,
) -> Resource:
    data = plain(objective)
    carried = {key: data[key] for key in ("metric", "baseline", "direction")}
    goal: Resource = {
        "resourceType": "Goal",
        "id": links.rid("objective", objective.objective_id),
        "extension": extensions(embed(extension_url("objective-metric"), carried)),
        "identifier": identifier("objective", objective.objective_id),
        "lifecycleStatus": OBJECTIVE_LIFECYCLE[objective.status.value],
    }
    if objective.status.value == "met":
        goal["achievementStatus"] = concept(GOAL_ACHIEVEMENT, "achieved")
    goal["category"] = [concept(GOAL_CATEGORY, "behavioral")]
    goal["description"] = {"text": objective.description}
    goal["subject"] = patient(client)
    target: dict[str, Any] = {}
    if objective.target is not None:
        target["measure"] = _measure(objective, catalog)
        comparator = "<=" if objective.direction is Direction.DECREASE else ">="
        target["detailQuantity"] = {"value": objective.target, "comparator": comparator}
    if objective.due_on is not None:
        target["dueDate"] = objective.due_on.isoformat()
    if target:
        goal["target"] = [target]
    if problem_refs:
        goal["addresses"] = problem_refs
    return goal


def _goal(
    goal: Goal,
    client: ClientRef,
    links: Links,
    problem_refs: list[dict[str, str]],
    objective_ids: list[str],
) -> Resource:
    relationships = [
        {
            "url": GOAL_RELATIONSHIP,
            "extension": [
                {
                    "url": "type",
                    "valueCodeableConcept": concept(GOAL_RELATIONSHIP_TYPE, "milestone"),
                },
                {"url": "target", "valueReference": links.ref("Goal", rid)},
            ],
        }
        for rid in objective_ids
    ]
    resource: Resource = {
        "resourceType": "Goal",
        "id": links.rid("goal", goal.goal_id),
        "extension": [*extensions(), *relationships],
        "identifier": identifier("goal", goal.goal_id),
        "lifecycleStatus": "active",
        "category": [concept(GOAL_CATEGORY, "behavioral")],
        "description": {"text": goal.description},
        "subject": patient(client),
    }
    if problem_refs:
        resource["addresses"] = problem_refs
    return resource


def _modality_code(modality: str) -> dict[str, Any]:
    coding = [{"system": MODALITY_SYSTEM, "code": modality}]
    if modality in MODALITY_SNOMED:
        coding.append({"system": SNOMED, "code": MODALITY_SNOMED[modality]})
    return {"coding": coding}


def to_fhir_treatment_plan(
    plan: TreatmentPlan,
    *,
    links: Links | None = None,
    catalog: InstrumentCatalog = BUILTIN_INSTRUMENTS,
) -> list[Resource]:
    """
    Return the CarePlan for *plan*, then its problem Conditions, then a Goal per goal and objective.

    Goals link to their objectives with the core ``goal-relationship`` extension
    (``milestone``); each intervention is an ``activity.detail`` whose ``code`` is the
    modality and whose ``goal`` is the objective. Objective targets use the instrument's
    LOINC total-score code from *catalog* where one is known.

    Example:
        >>> from counselcore.examples import example_plan
        >>> resources = to_fhir_treatment_plan(example_plan())
        >>> resources[0]["resourceType"], resources[0]["category"][0]["coding"][0]["code"]
        ('CarePlan', '718347000')
    """
    client = plan.client
    links = links or Links(client=client.value, scope=f"plan/{plan.plan_id}/{plan.version}")
    problems = {p.problem_id: _problem_condition(p, client, links) for p in plan.problems}
    goals: list[Resource] = []
    activities: list[dict[str, Any]] = []
    for goal in plan.goals:
        problem_refs = [links.ref("Condition", problems[p]["id"]) for p in goal.problem_ids]
        objectives = [
            _objective_goal(o, client, links, problem_refs, catalog) for o in goal.objectives
        ]
        goals.append(_goal(goal, client, links, problem_refs, [o["id"] for o in objectives]))
        goals.extend(objectives)
        for objective, resource in zip(goal.objectives, objectives, strict=True):
            activities.extend(
                {
                    "detail": {
                        "extension": [
                            {
                                "url": extension_url("intervention-technique"),
                                "valueString": intervention.technique,
                            }
                        ],
                        "code": _modality_code(intervention.modality),
                        "goal": [links.ref("Goal", resource["id"])],
                        "status": "in-progress",
                    }
                }
                for intervention in objective.interventions
            )
    data = plain(plan)
    revision = pick(data, "version", "revision_reason", "revised_on")
    settings = pick(data, "formulation_id", "session_cadence", "review", "consent_recorded_on")
    care_plan: Resource = {
        "resourceType": "CarePlan",
        "id": links.rid("plan", plan.plan_id, plan.version),
        "extension": extensions(
            embed(extension_url("plan-revision"), revision),
            embed(extension_url("plan-settings"), settings),
        ),
        "identifier": identifier("plan", plan.plan_id),
        "status": "active",
        "intent": "plan",
        "category": [concept(SNOMED, MENTAL_HEALTH_CARE_PLAN)],
        "subject": patient(client),
        "period": {"start": plan.starts_on.isoformat()},
    }
    if problems:
        care_plan["addresses"] = [links.ref("Condition", c["id"]) for c in problems.values()]
    if goals:
        care_plan["goal"] = [links.ref("Goal", g["id"]) for g in goals]
    if activities:
        care_plan["activity"] = activities
    return [care_plan, *problems.values(), *goals]


def to_fhir_session(session: Session, client: ClientRef, *, links: Links | None = None) -> Resource:
    """
    Return the Encounter for *session* of *client*: CPT type, length in minutes, details in an extension.

    Example:
        >>> from counselcore.examples import example_sessions
        >>> from counselcore.model import ClientRef
        >>> encounter = to_fhir_session(example_sessions()[1], ClientRef("c-1"))
        >>> encounter["type"][0]["coding"][0]["code"], encounter["length"]["value"]
        ('90834', 50)
    """
    links = links or Links(client=client.value, scope="session")
    data = plain(session)
    details = pick(
        data,
        "kind",
        "modality",
        "techniques",
        "homework_assigned",
        "homework_reviewed",
        "alliance",
    )
    encounter: Resource = {
        "resourceType": "Encounter",
        "id": links.rid("session", session.session_id),
        "extension": extensions(embed(extension_url("session-details"), details)),
        "identifier": identifier("session", session.session_id),
        "status": "finished",
        "class": {"system": ACT_CODE, "code": ENCOUNTER_CLASS},
    }
    if session.cpt_codes:
        encounter["type"] = [concept(CPT, code) for code in session.cpt_codes]
    encounter["subject"] = patient(client)
    day = session.held_on.isoformat()
    encounter["period"] = {"start": day, "end": day}
    encounter["length"] = {
        "value": session.duration_minutes,
        "unit": MINUTES,
        "system": UCUM,
        "code": MINUTES,
    }
    return encounter


def to_fhir_observation(
    measure: MeasureRecorded,
    client: ClientRef,
    *,
    links: Links | None = None,
    catalog: InstrumentCatalog = BUILTIN_INSTRUMENTS,
) -> Resource:
    """
    Return the total-score Observation (LOINC, ``survey``) for *measure* of *client*.

    Example:
        >>> import datetime as dt
        >>> from counselcore.model import ClientRef
        >>> from counselcore.phases import MeasureRecorded
        >>> obs = to_fhir_observation(
        ...     MeasureRecorded(on=dt.date(2024, 1, 22), instrument="phq-9", total=14), ClientRef("c-1")
        ... )
        >>> obs["code"]["coding"][0]["code"], obs["valueQuantity"]["value"]
        ('44261-6', 14)
    """
    links = links or Links(client=client.value, scope="measure")
    instrument = measure.instrument
    loinc = catalog.get(instrument).loinc_total if instrument in catalog else None
    code = concept(LOINC, loinc) if loinc else concept(INSTRUMENT_SYSTEM, instrument)
    flags = {"instrument": instrument, "risk_flags": sorted(measure.risk_flags)}
    return {
        "resourceType": "Observation",
        "id": links.rid("measure", instrument, measure.on.isoformat()),
        "extension": extensions(embed(extension_url("measure-flags"), flags)),
        "status": "final",
        "category": [concept(OBSERVATION_CATEGORY, "survey")],
        "code": code,
        "subject": patient(client),
        "effectiveDateTime": measure.on.isoformat(),
        "valueQuantity": {
            "value": measure.total,
            "unit": "{score}",
            "system": UCUM,
            "code": "{score}",
        },
    }
