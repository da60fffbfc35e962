"""Aftercare records -> FHIR R4: crisis and aftercare CarePlans, CareTeam, RelatedPersons, Appointments."""

from typing import Any

from counselcore.aftercare import AftercarePlan, ContactRole, PracticeCadence, SafetyPlan
from counselcore.fhir._embed import embed
from counselcore.fhir._export import (
    Links,
    Resource,
    concept,
    extensions,
    identifier,
    patient,
    pick,
    plain,
)
from counselcore.fhir._vocabulary import (
    AFTERCARE_PLAN_CODE,
    APPOINTMENT_TYPE,
    CARE_PLAN_KIND_SYSTEM,
    CARE_TEAM_CATEGORY,
    CONTACT_ROLE_SYSTEM,
    MENTAL_HEALTH_CRISIS_PLAN,
    ROLE_CODE,
    SAFETY_SECTION_SYSTEM,
    SKILL_SYSTEM,
    SNOMED,
    extension_url,
)
from counselcore.model import (
    ClientRef,
)

__all__ = ["CONTACT_ROLE_CODES", "ROUTINE_TIMING", "to_fhir_aftercare_plan", "to_fhir_safety_plan"]

#: Routine cadence -> Timing.repeat (frequency 1 per period).
ROUTINE_TIMING: dict[PracticeCadence, tuple[int, str]] = {
    PracticeCadence.DAILY: (1, "d"),
    PracticeCadence.WEEKLY: (1, "wk"),
    PracticeCadence.BIWEEKLY: (2, "wk"),
    PracticeCadence.MONTHLY: (1, "mo"),
}

#: Contact roles with a v3 RoleCode (personal relationships); all carry the counselcore code.
CONTACT_ROLE_CODES: dict[ContactRole, str] = {
    ContactRole.FAMILY: "FAMMEMB",
    ContactRole.FRIEND: "FRND",
}


def to_fhir_safety_plan(
    plan: SafetyPlan, client: ClientRef, *, links: Links | None = None
) -> Resource:
    """
    Return the crisis CarePlan (SNOMED 736253002) for *plan*: one activity per Stanley-Brown section, in order.

    Example:
        >>> from counselcore.examples import example_safety_plan
        >>> from counselcore.model import ClientRef
        >>> care_plan = to_fhir_safety_plan(example_safety_plan(), ClientRef("c-1"))
        >>> [a["detail"]["code"]["coding"][0]["code"] for a in care_plan["activity"]][:2]
        ['warning-signs', 'internal-coping']
    """
    from counselcore.aftercare import SafetySection

    links = links or Links(client=client.value, scope=f"safety/{plan.plan_id}")
    data = plain(plan)
    activities = []
    for section in SafetySection:
        detail: dict[str, Any] = {}
        carried = embed(extension_url("safety-section"), {"entries": data[section.field_name]})
        if carried is not None:
            detail["extension"] = [carried]
        detail["code"] = concept(SAFETY_SECTION_SYSTEM, section.value)
        detail["status"] = "in-progress"
        activities.append({"detail": detail})
    reasons = embed(
        extension_url("safety-section"), {"reasons_for_living": data["reasons_for_living"]}
    )
    return {
        "resourceType": "CarePlan",
        "id": links.rid("safety-plan", plan.plan_id),
        "extension": extensions(reasons),
        "identifier": identifier("safety-plan", plan.plan_id),
        "status": "active",
        "intent": "plan",
        "category": [concept(SNOMED, MENTAL_HEALTH_CRISIS_PLAN)],
        "subject": patient(client),
        "created": plan.written_on.isoformat(),
        "activity": activities,
    }


def _related_person(
    contact_data: dict[str, Any],
    role: ContactRole,
    client: ClientRef,
    links: Links,
    *,
    details: bool,
) -> Resource:
    coding = [{"system": CONTACT_ROLE_SYSTEM, "code": role.value}]
    if role in CONTACT_ROLE_CODES:
        coding.append({"system": ROLE_CODE, "code": CONTACT_ROLE_CODES[role]})
    person: Resource = {
        "resourceType": "RelatedPerson",
        "id": links.rid("contact", contact_data["contact_id"]),
        "extension": extensions(
            embed(
                extension_url("support-contact"),
                pick(contact_data, "contact_id", "reachable"),
            )
        ),
        "patient": patient(client),
        "relationship": [{"coding": coding}],
    }
    if details and contact_data["name"]:
        person["name"] = [{"text": contact_data["name"]}]
    if details and contact_data["phone"]:
        person["telecom"] = [{"system": "phone", "value": contact_data["phone"]}]
    return person


def to_fhir_aftercare_plan(
    plan: AftercarePlan,
    *,
    links: Links | None = None,
    contact_details: bool = False,
) -> list[Resource]:
    """
    Return the aftercare CarePlan, its CareTeam and RelatedPersons, booster Appointments and crisis plan.

    Boosters are one ``proposed`` Appointment per booster date (R4 has no recurrence);
    skills routines are activities with a daily or weekly Timing performed by the patient.
    Support contacts are third parties: their names and phone numbers are written only
    with *contact_details*.

    Example:
        >>> from counselcore.examples import example_aftercare_plan
        >>> resources = to_fhir_aftercare_plan(example_aftercare_plan())
        >>> [r["resourceType"] for r in resources][:5], len(resources)
        (['CarePlan', 'CareTeam', 'RelatedPerson', 'RelatedPerson', 'Appointment'], 9)
    """
    client = plan.client
    links = links or Links(client=client.value, scope=f"aftercare/{plan.plan_id}")
    data = plain(plan)
    people = [
        _related_person(c, contact.role, client, links, details=contact_details)
        for c, contact in zip(data["support_network"], plan.support_network, strict=True)
    ]
    appointments: list[Resource] = [
        {
            "resourceType": "Appointment",
            "id": links.rid("booster", day.isoformat()),
            "extension": extensions(),
            "status": "proposed",
            "appointmentType": concept(APPOINTMENT_TYPE, "FOLLOWUP"),
            "requestedPeriod": [{"start": day.isoformat(), "end": day.isoformat()}],
            "participant": [{"actor": patient(client), "status": "needs-action"}],
        }
        for day in plan.booster_dates
    ]
    crisis = (
        [to_fhir_safety_plan(plan.crisis_plan, client, links=links)]
        if plan.crisis_plan is not None
        else []
    )
    settings = pick(
        data, "treatment_plan_id", "boosters", "relapse_prevention", "maintenance_cadence"
    )
    activities: list[dict[str, Any]] = [
        {
            "detail": {
                "code": concept(SKILL_SYSTEM, routine.skill),
                "status": "in-progress",
                "scheduledTiming": {
                    "repeat": {
                        "frequency": 1,
                        "period": ROUTINE_TIMING[routine.cadence][0],
                        "periodUnit": ROUTINE_TIMING[routine.cadence][1],
                    }
                },
                "performer": [patient(client)],
            }
        }
        for routine in plan.routines
    ]
    activities.extend({"reference": links.ref("Appointment", a["id"])} for a in appointments)
    period = {"start": plan.terminated_on.isoformat()}
    if plan.ends_on is not None:
        period["end"] = plan.ends_on.isoformat()
    care_plan: Resource = {
        "resourceType": "CarePlan",
        "id": links.rid("aftercare-plan", plan.plan_id),
        "extension": extensions(embed(extension_url("aftercare-settings"), settings)),
        "identifier": identifier("aftercare-plan", plan.plan_id),
        "status": "active",
        "intent": "plan",
        "category": [concept(CARE_PLAN_KIND_SYSTEM, AFTERCARE_PLAN_CODE)],
        "subject": patient(client),
        "period": period,
    }
    team: list[Resource] = []
    if people:
        team = [
            {
                "resourceType": "CareTeam",
                "id": links.rid("care-team", plan.plan_id),
                "extension": extensions(),
                "status": "active",
                "category": [concept(CARE_TEAM_CATEGORY, "LA27977-0")],
                "subject": patient(client),
                "participant": [{"member": links.ref("RelatedPerson", p["id"])} for p in people],
            }
        ]
        care_plan["careTeam"] = [links.ref("CareTeam", team[0]["id"])]
    if crisis:
        care_plan["supportingInfo"] = [links.ref("CarePlan", crisis[0]["id"])]
    if activities:
        care_plan["activity"] = activities
    return [care_plan, *team, *people, *appointments, *crisis]
