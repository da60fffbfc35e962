"""FHIR -> counselcore for assessment and plan: ClinicalImpression, Conditions, CarePlan, Goals."""

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from counselcore.errors import ValidationError
from counselcore.fhir._import import (
    Imported,
    Resolver,
    as_list,
    carried,
    code_in,
    codings,
    contained_leftovers,
    extension_string,
    open_care_plan,
    read_client,
    read_date,
    read_identifier,
    read_reference,
    read_version,
    resolve,
    structure,
    warning,
)
from counselcore.fhir._reader import Node, refuse
from counselcore.fhir._vocabulary import (
    CONDITION_CLINICAL,
    CONDITION_VERIFICATION,
    DIAGNOSIS_CATEGORY,
    GOAL_RELATIONSHIP,
    ICD10CM,
    LOINC,
    MODALITY_SYSTEM,
    OBJECTIVE_LIFECYCLE,
    PROBLEM_CATEGORY,
    SEVERITY_SNOMED,
    SNOMED,
    extension_url,
    identifier_system,
)
from counselcore.measures import BUILTIN_INSTRUMENTS, InstrumentCatalog
from counselcore.model import (
    CaseFormulation,
    Diagnosis,
    Direction,
    Goal,
    Intervention,
    MetricKind,
    Objective,
    ObjectiveStatus,
    Problem,
    ProblemDomain,
    SeveritySpecifier,
    TreatmentPlan,
)
from counselcore.violations import Violation

if TYPE_CHECKING:
    import datetime as dt

__all__ = ["from_fhir_formulation", "from_fhir_goal", "from_fhir_treatment_plan"]


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
    node.skip("category", "subject")
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
    node.skip("subject")
    if DIAGNOSIS_CATEGORY in categories or (
        code_in(node.child("code"), ICD10CM) is not None and PROBLEM_CATEGORY not in categories
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
    problems: list[Problem] = []
    diagnoses: list[Diagnosis] = []
    found: list[Violation] = []
    for ref in node.children("problem"):
        target = resolve(resolver, ref, "Condition", impression)
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
    node.skip("achievementStatus", "category", "subject", "addresses")
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


def from_fhir_treatment_plan(
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
    node, resolver = open_care_plan(care_plan, resources)
    found: list[Violation] = []
    client = read_client(node)
    revision = carried(node, "plan-revision")
    settings = carried(node, "plan-settings")
    for category in node.children("category"):
        codings(category)
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
        target = resolve(resolver, ref, "Condition", care_plan)
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
        modality = code_in(detail.child("code"), MODALITY_SYSTEM)
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
            goal_node.skip("category", "subject")
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
