"""FHIR -> counselcore for aftercare: the crisis CarePlan, the aftercare CarePlan, the support network."""

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from counselcore.aftercare import (
    AftercarePlan,
    ContactRole,
    SafetyPlan,
    SafetySection,
    SkillsRoutine,
    SupportContact,
)
from counselcore.fhir._export_aftercare import CONTACT_ROLE_CODES, ROUTINE_TIMING
from counselcore.fhir._import import (
    Imported,
    carried,
    code_in,
    codings,
    contained_leftovers,
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
    CONTACT_ROLE_SYSTEM,
    ROLE_CODE,
    SAFETY_SECTION_SYSTEM,
    SKILL_SYSTEM,
)

if TYPE_CHECKING:
    from counselcore.violations import Violation

__all__ = ["from_fhir_aftercare_plan", "from_fhir_safety_plan"]


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
    node, _ = open_care_plan(resource)
    node.skip("subject", "category")
    data: dict[str, Any] = carried(node, "safety-section")
    sections = {section.value: section for section in SafetySection}
    for activity in node.children("activity"):
        detail = activity.child("detail")
        if detail is None:
            continue
        detail.code("status", required=True, value_set="CarePlan.activity.detail.status")
        code = code_in(detail.child("code"), SAFETY_SECTION_SYSTEM)
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
    node, resolver = open_care_plan(care_plan, resources)
    found: list[Violation] = []
    client = read_client(node)
    settings = carried(node, "aftercare-settings")
    node.skip("category")
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
        skill = code_in(detail.child("code"), SKILL_SYSTEM)
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
        team = resolve(resolver, team_ref, "CareTeam", care_plan)
        if team is None:
            found.append(
                warning("fhir.reference-resolves", team_ref.path, "the care team was not found")
            )
            continue
        read_version(team)
        team.code("status")
        team.skip("category", "subject")
        for participant in team.children("participant"):
            member = participant.child("member", required=True)
            if member is None:  # pragma: no cover - required
                raise AssertionError
            person = resolve(resolver, member, "RelatedPerson", care_plan)
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
    node.skip("patient")
    carried_data = carried(node, "support-contact")
    role = ContactRole.OTHER
    for relationship in node.children("relationship"):
        for system, code in codings(relationship):
            if system == CONTACT_ROLE_SYSTEM and code is not None:
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
