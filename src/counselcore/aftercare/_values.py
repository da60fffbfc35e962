"""
The records of aftercare: contacts, routines, safety and relapse-prevention plans, the aftercare plan.

Structure is checked here (types, unique ids, dates in order). Whether a plan is clinically
acceptable (a crisis plan with a reachable contact, a booster horizon of 6-24 months...) is
checked by the rules in `counselcore.aftercare.AFTERCARE_RULES`, so drafts stay storable.
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from attrs import evolve, field, frozen

from counselcore._internal.checks import (
    check_bool,
    check_date,
    check_enum,
    check_identifier,
    check_instance,
    check_instances,
    check_optional_date,
    check_text,
    check_texts,
    check_unique_at,
    fail,
)
from counselcore.aftercare._enums import (
    ContactRole,
    PracticeCadence,
    SafetySection,
    TerminationReason,
)
from counselcore.aftercare._schedule import BoosterSchedule, booster_dates
from counselcore.model import Cadence, ClientRef, RiskLevel, Trigger
from counselcore.violations import Path

__all__ = [
    "AftercarePlan",
    "RelapsePreventionPlan",
    "SafetyPlan",
    "SkillsRoutine",
    "SupportContact",
    "TerminationPlan",
    "TriggerPlan",
]


@frozen(kw_only=True)
class SupportContact:
    """
    A person, group or service the client can turn to; name and phone stay out of ``repr``.

    *reachable* records whether the contact was confirmed reachable when the plan was made.

    Example:
        >>> SupportContact(contact_id="k1", role=ContactRole.FAMILY, name="Sam", phone="555-0100")
        SupportContact(contact_id='k1', role=<ContactRole.FAMILY: 'family'>, reachable=True)
    """

    contact_id: str
    role: ContactRole
    reachable: bool = True
    name: str = field(default="", repr=False)
    phone: str = field(default="", repr=False)

    def __attrs_post_init__(self) -> None:
        check_identifier(self.contact_id, ("contact_id",))
        check_enum(self.role, ContactRole, ("role",))
        check_bool(self.reachable, ("reachable",))
        check_text(self.name, ("name",))
        check_text(self.phone, ("phone",))


@frozen(kw_only=True)
class SkillsRoutine:
    """
    A skill the client keeps practising after treatment (a technique id) and how often.

    Example:
        >>> SkillsRoutine(skill="mindfulness", cadence=PracticeCadence.DAILY)
        SkillsRoutine(skill='mindfulness', cadence=<PracticeCadence.DAILY: 'daily'>)
    """

    skill: str
    cadence: PracticeCadence

    def __attrs_post_init__(self) -> None:
        check_identifier(self.skill, ("skill",))
        check_enum(self.cadence, PracticeCadence, ("cadence",))


@frozen(kw_only=True)
class SafetyPlan:
    """
    A Stanley-Brown safety plan: six prioritised sections, plus reasons for living.

    Text sections hold free text and never appear in ``repr``; sections 4 and 5 hold
    `SupportContact` records. A draft may leave any section empty; the
    `counselcore.aftercare.SAFETY_PLAN_RULES` say which sections a usable plan needs.

    Example:
        >>> plan = SafetyPlan(
        ...     plan_id="sp-1",
        ...     written_on=dt.date(2024, 6, 3),
        ...     warning_signs=("can't sleep",),
        ...     internal_coping=("walk the dog",),
        ... )
        >>> [section.value for section in plan.missing_sections]
        ['social-distraction', 'people-to-ask', 'professionals-and-agencies', 'environment-safety']
        >>> "sleep" in repr(plan)
        False
    """

    plan_id: str
    written_on: dt.date
    warning_signs: tuple[str, ...] = field(default=(), repr=False)
    internal_coping: tuple[str, ...] = field(default=(), repr=False)
    social_distraction: tuple[str, ...] = field(default=(), repr=False)
    people_to_ask: tuple[SupportContact, ...] = ()
    professionals_and_agencies: tuple[SupportContact, ...] = ()
    environment_safety: tuple[str, ...] = field(default=(), repr=False)
    reasons_for_living: tuple[str, ...] = field(default=(), repr=False)

    def __attrs_post_init__(self) -> None:
        check_identifier(self.plan_id, ("plan_id",))
        check_date(self.written_on, ("written_on",))
        check_texts(self.warning_signs, ("warning_signs",))
        check_texts(self.internal_coping, ("internal_coping",))
        check_texts(self.social_distraction, ("social_distraction",))
        check_instances(self.people_to_ask, SupportContact, ("people_to_ask",))
        check_instances(
            self.professionals_and_agencies, SupportContact, ("professionals_and_agencies",)
        )
        check_texts(self.environment_safety, ("environment_safety",))
        check_texts(self.reasons_for_living, ("reasons_for_living",))
        check_unique_at(((path, c.contact_id) for path, c in self.iter_contacts()), "contact_id")

    def count(self, section: SafetySection) -> int:
        """
        Return how many entries *section* holds.

        Example:
            >>> SafetyPlan(plan_id="sp-1", written_on=dt.date(2024, 6, 3)).count(SafetySection.WARNING_SIGNS)
            0
        """
        check_enum(section, SafetySection, ("section",))
        entries: tuple[object, ...] = getattr(self, section.field_name)
        return len(entries)

    @property
    def missing_sections(self) -> tuple[SafetySection, ...]:
        """The sections with no entry, in plan order."""
        return tuple(section for section in SafetySection if self.count(section) == 0)

    def iter_contacts(self) -> Iterator[tuple[Path, SupportContact]]:
        """
        Yield ``(path, contact)`` for every contact, people to ask first, then professionals.

        Example:
            >>> plan = SafetyPlan(
            ...     plan_id="sp-1",
            ...     written_on=dt.date(2024, 6, 3),
            ...     professionals_and_agencies=(
            ...         SupportContact(contact_id="988", role=ContactRole.CRISIS_LINE),
            ...     ),
            ... )
            >>> [(path, contact.contact_id) for path, contact in plan.iter_contacts()]
            [(('professionals_and_agencies', 0), '988')]
        """
        for name in ("people_to_ask", "professionals_and_agencies"):
            contacts: tuple[SupportContact, ...] = getattr(self, name)
            for index, contact in enumerate(contacts):
                yield (name, index), contact

    def with_section(
        self, section: SafetySection, entries: tuple[str, ...] | tuple[SupportContact, ...]
    ) -> "SafetyPlan":
        """
        Return a copy whose *section* holds *entries* (text, or contacts for sections 4 and 5).

        Raises:
            counselcore.errors.InvalidValueError: If *entries* do not fit the section.

        Example:
            >>> plan = SafetyPlan(plan_id="sp-1", written_on=dt.date(2024, 6, 3))
            >>> plan.with_section(SafetySection.ENVIRONMENT_SAFETY, ("medicines kept by a friend",)).count(
            ...     SafetySection.ENVIRONMENT_SAFETY
            ... )
            1
        """
        check_enum(section, SafetySection, ("section",))
        changes: dict[str, Any] = {section.field_name: entries}
        return evolve(self, **changes)


@frozen(kw_only=True)
class TriggerPlan:
    """
    A trigger (high-risk situation) with the coping responses rehearsed for it.

    A draft may list a trigger before its coping responses are worked out; the rule
    ``aftercare.high-risk-trigger-has-coping`` reports high-risk triggers without one.

    Example:
        >>> from counselcore.model import TriggerCategory
        >>> payday = Trigger(
        ...     trigger_id="t1", description="payday", risk=RiskLevel.HIGH, category=TriggerCategory.URGES
        ... )
        >>> TriggerPlan(trigger=payday, coping_responses=("urge surfing",))
        TriggerPlan(trigger=Trigger(trigger_id='t1', risk=<RiskLevel.HIGH: 'high'>, ...))
    """

    trigger: Trigger
    coping_responses: tuple[str, ...] = field(default=(), repr=False)

    def __attrs_post_init__(self) -> None:
        check_instance(self.trigger, Trigger, ("trigger",))
        check_texts(self.coping_responses, ("coping_responses",))


@frozen(kw_only=True)
class RelapsePreventionPlan:
    """
    Triggers with their coping responses, warning signs, and what to do after a lapse or a relapse.

    A lapse is a single slip; a relapse is a return to the former pattern (Marlatt & Gordon
    1985), so the plan keeps a separate response for each. Free text stays out of ``repr``.

    Example:
        >>> def trigger(trigger_id, risk):
        ...     return TriggerPlan(trigger=Trigger(trigger_id=trigger_id, description="x", risk=risk))
        >>> plan = RelapsePreventionPlan(
        ...     plan_id="rp-1",
        ...     written_on=dt.date(2024, 6, 3),
        ...     triggers=(trigger("t-low", RiskLevel.LOW), trigger("t-high", RiskLevel.HIGH)),
        ... )
        >>> [t.trigger.trigger_id for t in plan.ranked]
        ['t-high', 't-low']
    """

    plan_id: str
    written_on: dt.date
    triggers: tuple[TriggerPlan, ...] = ()
    warning_signs: tuple[str, ...] = field(default=(), repr=False)
    lapse_response: tuple[str, ...] = field(default=(), repr=False)
    relapse_response: tuple[str, ...] = field(default=(), repr=False)

    def __attrs_post_init__(self) -> None:
        check_identifier(self.plan_id, ("plan_id",))
        check_date(self.written_on, ("written_on",))
        check_instances(self.triggers, TriggerPlan, ("triggers",))
        check_unique_at(
            (
                (("triggers", i, "trigger"), t.trigger.trigger_id)
                for i, t in enumerate(self.triggers)
            ),
            "trigger_id",
        )
        check_texts(self.warning_signs, ("warning_signs",))
        check_texts(self.lapse_response, ("lapse_response",))
        check_texts(self.relapse_response, ("relapse_response",))

    @property
    def ranked(self) -> tuple[TriggerPlan, ...]:
        """The triggers from highest to lowest risk; equal risks keep their written order."""
        return tuple(sorted(self.triggers, key=lambda t: -t.trigger.risk.rank))

    def at_or_above(self, level: RiskLevel) -> tuple[TriggerPlan, ...]:
        """
        Return the triggers whose risk is *level* or higher, in written order.

        Example:
            >>> RelapsePreventionPlan(plan_id="rp-1", written_on=dt.date(2024, 6, 3)).at_or_above(RiskLevel.HIGH)
            ()
        """
        check_enum(level, RiskLevel, ("level",))
        return tuple(t for t in self.triggers if t.trigger.risk >= level)


@frozen(kw_only=True)
class AftercarePlan:
    """
    What keeps recovery going after termination.

    Boosters, support network, skills routines, a crisis plan (a `SafetyPlan`), a
    relapse-prevention plan, the maintenance cadence and an end date. Every part may be
    missing in a draft; `counselcore.aftercare.check_aftercare` reports what is.

    Example:
        >>> draft = AftercarePlan(plan_id="ac-1", client=ClientRef("c-1"), terminated_on=dt.date(2024, 1, 31))
        >>> draft.booster_dates
        ()
        >>> with_boosters = draft.with_boosters(BoosterSchedule(every_months=6, horizon_months=12))
        >>> with_boosters.booster_dates
        (datetime.date(2024, 7, 31), datetime.date(2025, 1, 31))
    """

    plan_id: str
    client: ClientRef
    terminated_on: dt.date
    treatment_plan_id: str | None = None
    boosters: BoosterSchedule | None = None
    support_network: tuple[SupportContact, ...] = ()
    routines: tuple[SkillsRoutine, ...] = ()
    crisis_plan: SafetyPlan | None = None
    relapse_prevention: RelapsePreventionPlan | None = None
    maintenance_cadence: Cadence | None = None
    ends_on: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        check_identifier(self.plan_id, ("plan_id",))
        check_instance(self.client, ClientRef, ("client",))
        check_date(self.terminated_on, ("terminated_on",))
        if self.treatment_plan_id is not None:
            check_identifier(self.treatment_plan_id, ("treatment_plan_id",))
        if self.boosters is not None:
            check_instance(self.boosters, BoosterSchedule, ("boosters",))
        check_instances(self.support_network, SupportContact, ("support_network",))
        check_unique_at(
            ((("support_network", i), c.contact_id) for i, c in enumerate(self.support_network)),
            "contact_id",
        )
        check_instances(self.routines, SkillsRoutine, ("routines",))
        check_unique_at(((("routines", i), r.skill) for i, r in enumerate(self.routines)), "skill")
        if self.crisis_plan is not None:
            check_instance(self.crisis_plan, SafetyPlan, ("crisis_plan",))
        if self.relapse_prevention is not None:
            check_instance(self.relapse_prevention, RelapsePreventionPlan, ("relapse_prevention",))
        if self.maintenance_cadence is not None:
            check_enum(self.maintenance_cadence, Cadence, ("maintenance_cadence",))
        check_optional_date(self.ends_on, ("ends_on",))
        if self.ends_on is not None and self.ends_on <= self.terminated_on:
            raise fail(("ends_on",), "structure.date-order", "must be after terminated_on")

    @property
    def booster_dates(self) -> tuple[dt.date, ...]:
        """The booster dates from the termination date, or ``()`` without a booster schedule."""
        if self.boosters is None:
            return ()
        return booster_dates(self.boosters, terminated_on=self.terminated_on)

    def with_boosters(self, schedule: BoosterSchedule) -> "AftercarePlan":
        """Return a copy with booster *schedule*."""
        return evolve(self, boosters=schedule)

    def with_contact(self, contact: SupportContact) -> "AftercarePlan":
        """
        Return a copy with *contact* added to the support network.

        Example:
            >>> draft = AftercarePlan(plan_id="ac-1", client=ClientRef("c-1"), terminated_on=dt.date(2024, 1, 31))
            >>> peer = SupportContact(contact_id="k1", role=ContactRole.PEER_SUPPORT)
            >>> [c.contact_id for c in draft.with_contact(peer).support_network], draft.support_network
            (['k1'], ())
        """
        return evolve(self, support_network=(*self.support_network, contact))

    def with_routine(self, routine: SkillsRoutine) -> "AftercarePlan":
        """
        Return a copy with skills *routine* added.

        Example:
            >>> draft = AftercarePlan(plan_id="ac-1", client=ClientRef("c-1"), terminated_on=dt.date(2024, 1, 31))
            >>> routine = SkillsRoutine(skill="mindfulness", cadence=PracticeCadence.DAILY)
            >>> draft.with_routine(routine).routines == (routine,)
            True
        """
        return evolve(self, routines=(*self.routines, routine))

    def with_crisis_plan(self, plan: SafetyPlan) -> "AftercarePlan":
        """
        Return a copy with *plan* as the crisis plan.

        Example:
            >>> draft = AftercarePlan(plan_id="ac-1", client=ClientRef("c-1"), terminated_on=dt.date(2024, 1, 31))
            >>> crisis = SafetyPlan(plan_id="sp-1", written_on=dt.date(2024, 1, 30))
            >>> draft.with_crisis_plan(crisis).crisis_plan.plan_id, draft.crisis_plan
            ('sp-1', None)
        """
        return evolve(self, crisis_plan=plan)

    def with_relapse_prevention(self, plan: RelapsePreventionPlan) -> "AftercarePlan":
        """
        Return a copy with *plan* as the relapse-prevention plan.

        Example:
            >>> draft = AftercarePlan(plan_id="ac-1", client=ClientRef("c-1"), terminated_on=dt.date(2024, 1, 31))
            >>> relapse = RelapsePreventionPlan(plan_id="rp-1", written_on=dt.date(2024, 1, 30))
            >>> draft.with_relapse_prevention(relapse).relapse_prevention.plan_id
            'rp-1'
        """
        return evolve(self, relapse_prevention=plan)


@frozen(kw_only=True)
class TerminationPlan:
    """
    How active treatment ends: when it was agreed, the last session, why, and what follows.

    *taper_cadence* is the cadence sessions step down to before the end, if any;
    *aftercare_plan_id* names the `AftercarePlan` that takes over. *notes* stay out of ``repr``.

    Example:
        >>> TerminationPlan(
        ...     plan_id="tm-1",
        ...     agreed_on=dt.date(2024, 5, 6),
        ...     final_session_on=dt.date(2024, 6, 3),
        ...     reason=TerminationReason.GOALS_MET,
        ...     taper_cadence=Cadence.BIWEEKLY,
        ... ).reason.value
        'goals-met'
    """

    plan_id: str
    agreed_on: dt.date
    final_session_on: dt.date
    reason: TerminationReason
    treatment_plan_id: str | None = None
    taper_cadence: Cadence | None = None
    aftercare_plan_id: str | None = None
    notes: str = field(default="", repr=False)

    def __attrs_post_init__(self) -> None:
        check_identifier(self.plan_id, ("plan_id",))
        check_date(self.agreed_on, ("agreed_on",))
        check_date(self.final_session_on, ("final_session_on",))
        if self.final_session_on < self.agreed_on:
            raise fail(
                ("final_session_on",), "structure.date-order", "must not be before agreed_on"
            )
        check_enum(self.reason, TerminationReason, ("reason",))
        if self.treatment_plan_id is not None:
            check_identifier(self.treatment_plan_id, ("treatment_plan_id",))
        if self.taper_cadence is not None:
            check_enum(self.taper_cadence, Cadence, ("taper_cadence",))
        if self.aftercare_plan_id is not None:
            check_identifier(self.aftercare_plan_id, ("aftercare_plan_id",))
        check_text(self.notes, ("notes",))
