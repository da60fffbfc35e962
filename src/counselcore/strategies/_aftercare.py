"""Strategies for `counselcore.aftercare` values; see the package docstring."""

import datetime as dt
from collections.abc import Callable

from attrs import evolve
from hypothesis import strategies as st

from counselcore.aftercare import (
    AftercarePlan,
    BoosterSchedule,
    ContactRole,
    PracticeCadence,
    RelapsePreventionPlan,
    SafetyPlan,
    SafetySection,
    SkillsRoutine,
    SupportContact,
    TerminationPlan,
    TerminationReason,
    TriggerPlan,
)
from counselcore.model import Cadence, RiskLevel, Trigger
from counselcore.strategies._core import client_refs, dates, identifiers, texts, triggers

_LATEST_START = dt.date(2090, 1, 1)
_PROFESSIONAL_ROLES = tuple(role for role in ContactRole if role.is_professional)
_PERSONAL_ROLES = tuple(role for role in ContactRole if not role.is_professional)
_WEEKLY_OR_MORE = (PracticeCadence.DAILY, PracticeCadence.WEEKLY)


def _texts(*, min_size: int = 1, max_size: int = 2) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(texts(max_size=20), min_size=min_size, max_size=max_size).map(tuple)


def support_contacts(
    *,
    roles: st.SearchStrategy[ContactRole] | None = None,
    reachable: st.SearchStrategy[bool] | None = None,
) -> st.SearchStrategy[SupportContact]:
    """Contacts with any role (or *roles*), reachable or not (or *reachable*); shrink to a reachable family member."""
    return st.builds(
        SupportContact,
        contact_id=identifiers(),
        role=st.sampled_from(ContactRole) if roles is None else roles,
        reachable=st.booleans().map(lambda b: not b) if reachable is None else reachable,
        name=st.just("") | texts(max_size=20),
        phone=st.just("") | texts(max_size=16),
    )


def _unique_contacts(
    first: st.SearchStrategy[SupportContact], *, max_size: int = 2
) -> st.SearchStrategy[tuple[SupportContact, ...]]:
    """At least one contact drawn from *first*, then any others, ids unique."""
    others = st.lists(support_contacts(), max_size=max_size - 1)

    @st.composite
    def build(draw: st.DrawFn) -> tuple[SupportContact, ...]:
        head = draw(first)
        rest = draw(others)
        seen = {head.contact_id}
        kept = [head]
        for contact in rest:
            if contact.contact_id not in seen:
                seen.add(contact.contact_id)
                kept.append(contact)
        return tuple(kept)

    return build()


def _prefixed(prefix: str, contacts: tuple[SupportContact, ...]) -> tuple[SupportContact, ...]:
    """Keep contact ids of two sections apart by giving each section its own prefix."""
    return tuple(evolve(c, contact_id=prefix + c.contact_id) for c in contacts)


def skills_routines(
    *, cadences: st.SearchStrategy[PracticeCadence] | None = None
) -> st.SearchStrategy[SkillsRoutine]:
    """Skills routines, practised daily or weekly unless *cadences* says otherwise; shrink to daily."""
    return st.builds(
        SkillsRoutine,
        skill=identifiers(),
        cadence=st.sampled_from(_WEEKLY_OR_MORE) if cadences is None else cadences,
    )


def booster_schedules(
    *,
    max_every_months: int = 3,
    min_horizon_months: int = 6,
    max_horizon_months: int = 24,
) -> st.SearchStrategy[BoosterSchedule]:
    """
    Booster schedules every 1-*max_every_months* months over the given horizon.

    The defaults meet the default policy (at most 3 months apart, 6-24 months);
    shrinks to monthly boosters over the shortest horizon.
    """
    return st.builds(
        BoosterSchedule,
        every_months=st.integers(1, max_every_months),
        horizon_months=st.integers(min_horizon_months, max_horizon_months),
    )


def safety_plans(
    *, written_on: st.SearchStrategy[dt.date] | None = None
) -> st.SearchStrategy[SafetyPlan]:
    """
    Complete Stanley-Brown safety plans: every section filled, so `check_safety_plan` finds nothing.

    Section 4 starts with a reachable personal contact and section 5 with a reachable
    professional one; contact ids are unique across both. Shrinks to one entry per section.
    """
    people = _unique_contacts(
        support_contacts(roles=st.sampled_from(_PERSONAL_ROLES), reachable=st.just(True))
    )
    services = _unique_contacts(
        support_contacts(roles=st.sampled_from(_PROFESSIONAL_ROLES), reachable=st.just(True))
    )
    entries, optional_entries = _texts(), _texts(min_size=0)
    plan_ids, days = identifiers(), dates() if written_on is None else written_on

    @st.composite
    def build(draw: st.DrawFn) -> SafetyPlan:
        return SafetyPlan(
            plan_id=draw(plan_ids),
            written_on=draw(days),
            warning_signs=draw(entries),
            internal_coping=draw(entries),
            social_distraction=draw(entries),
            people_to_ask=_prefixed("person-", draw(people)),
            professionals_and_agencies=_prefixed("service-", draw(services)),
            environment_safety=draw(entries),
            reasons_for_living=draw(optional_entries),
        )

    return build()


def broken_safety_plans() -> st.SearchStrategy[tuple[SafetyPlan, str]]:
    """
    Pairs ``(plan, rule_id)``: a complete safety plan broken in exactly the rule *rule_id*.

    Each pair breaks one rule of `counselcore.aftercare.SAFETY_PLAN_RULES`: an emptied
    section, or no reachable professional contact in section 5.
    """
    plans = safety_plans()

    @st.composite
    def build(draw: st.DrawFn) -> tuple[SafetyPlan, str]:
        plan = draw(plans)
        section = draw(st.sampled_from(SafetySection))
        if section is SafetySection.PROFESSIONALS_AND_AGENCIES and draw(st.booleans()):
            unreachable = tuple(evolve(c, reachable=False) for c in plan.professionals_and_agencies)
            return (
                evolve(plan, professionals_and_agencies=unreachable),
                "aftercare.safety-plan-professional-contact",
            )
        rule_id = (
            "aftercare.safety-plan-professional-contact"
            if section is SafetySection.PROFESSIONALS_AND_AGENCIES
            else f"aftercare.safety-plan-{section.value}"
        )
        return plan.with_section(section, ()), rule_id

    return build()


def trigger_plans(
    *, trigger: st.SearchStrategy[Trigger] | None = None
) -> st.SearchStrategy[TriggerPlan]:
    """Triggers of any risk, each with 1-3 coping responses; shrink to one response."""
    return st.builds(
        TriggerPlan,
        trigger=triggers() if trigger is None else trigger,
        coping_responses=_texts(),
    )


def relapse_prevention_plans(
    *, written_on: st.SearchStrategy[dt.date] | None = None, max_triggers: int = 3
) -> st.SearchStrategy[RelapsePreventionPlan]:
    """
    Relapse-prevention plans that pass the aftercare rules: every trigger has a coping response.

    Lapse and relapse responses are both written; trigger ids are unique. Shrinks to no triggers.
    """
    return st.builds(
        RelapsePreventionPlan,
        plan_id=identifiers(),
        written_on=dates() if written_on is None else written_on,
        triggers=st.lists(
            trigger_plans(), max_size=max_triggers, unique_by=lambda t: t.trigger.trigger_id
        ).map(tuple),
        warning_signs=_texts(min_size=0),
        lapse_response=_texts(),
        relapse_response=_texts(),
    )


def aftercare_plans() -> st.SearchStrategy[AftercarePlan]:
    """
    Aftercare plans that pass `AFTERCARE_RULES`, under the default context and with risk flags set.

    Every plan has boosters within the default policy, a reachable support contact, routines
    practised at least weekly, a complete safety plan as crisis plan, a relapse-prevention
    plan, a biweekly, monthly or no maintenance cadence, and an end date (if any) on or
    after the last booster. Shrinks towards the earliest dates and the fewest entries.
    """
    terminations, schedules = dates(max_value=_LATEST_START), booster_schedules()
    extra_days = st.none() | st.integers(0, 400)
    plan_ids, optional_ids, clients = identifiers(), st.none() | identifiers(), client_refs()
    networks = _unique_contacts(support_contacts(reachable=st.just(True)))
    routines = st.lists(skills_routines(), min_size=1, max_size=3, unique_by=lambda r: r.skill)
    crisis_plans, relapse_plans = safety_plans(), relapse_prevention_plans()
    cadences = st.sampled_from((None, Cadence.BIWEEKLY, Cadence.MONTHLY))

    @st.composite
    def build(draw: st.DrawFn) -> AftercarePlan:
        terminated_on = draw(terminations)
        boosters = draw(schedules)
        days_after_horizon = draw(extra_days)
        return AftercarePlan(
            plan_id=draw(plan_ids),
            client=draw(clients),
            terminated_on=terminated_on,
            treatment_plan_id=draw(optional_ids),
            boosters=boosters,
            support_network=draw(networks),
            routines=tuple(draw(routines)),
            crisis_plan=evolve(draw(crisis_plans), written_on=terminated_on),
            relapse_prevention=evolve(draw(relapse_plans), written_on=terminated_on),
            maintenance_cadence=draw(cadences),
            ends_on=None
            if days_after_horizon is None
            else boosters.ends_on(terminated_on) + dt.timedelta(days=days_after_horizon),
        )

    return build()


def termination_plans() -> st.SearchStrategy[TerminationPlan]:
    """Termination plans with the final session 0-120 days after agreement; shrink to the same day."""
    agreements, gaps = dates(max_value=_LATEST_START), st.integers(0, 120)
    plan_ids, optional_ids = identifiers(), st.none() | identifiers()
    reasons, tapers = st.sampled_from(TerminationReason), st.none() | st.sampled_from(Cadence)
    notes = st.just("") | texts()

    @st.composite
    def build(draw: st.DrawFn) -> TerminationPlan:
        agreed_on = draw(agreements)
        return TerminationPlan(
            plan_id=draw(plan_ids),
            agreed_on=agreed_on,
            final_session_on=agreed_on + dt.timedelta(days=draw(gaps)),
            reason=draw(reasons),
            treatment_plan_id=draw(optional_ids),
            taper_cadence=draw(tapers),
            aftercare_plan_id=draw(optional_ids),
            notes=draw(notes),
        )

    return build()


# -- plans broken in exactly one rule ----------------------------------------------------------

_Breaker = Callable[[st.DrawFn, AftercarePlan], AftercarePlan]


def _no_boosters(_draw: st.DrawFn, plan: AftercarePlan) -> AftercarePlan:
    return evolve(plan, boosters=None)


def _horizon_outside(draw: st.DrawFn, plan: AftercarePlan) -> AftercarePlan:
    horizon = draw(st.integers(1, 5) | st.integers(25, 120))
    assert plan.boosters is not None  # noqa: S101 - valid plans always have boosters
    boosters = evolve(plan.boosters, horizon_months=horizon)
    return evolve(plan, boosters=boosters, ends_on=None)


def _cadence_sparse(draw: st.DrawFn, plan: AftercarePlan) -> AftercarePlan:
    assert plan.boosters is not None  # noqa: S101 - valid plans always have boosters
    return evolve(plan, boosters=evolve(plan.boosters, every_months=draw(st.integers(4, 24))))


def _ends_too_early(draw: st.DrawFn, plan: AftercarePlan) -> AftercarePlan:
    last = plan.booster_dates[-1]
    days_short = draw(st.integers(1, (last - plan.terminated_on).days - 1))
    return evolve(plan, ends_on=last - dt.timedelta(days=days_short))


def _no_reachable_support(draw: st.DrawFn, plan: AftercarePlan) -> AftercarePlan:
    if draw(st.booleans()):
        return evolve(plan, support_network=())
    return evolve(
        plan, support_network=tuple(evolve(c, reachable=False) for c in plan.support_network)
    )


def _no_routines(_draw: st.DrawFn, plan: AftercarePlan) -> AftercarePlan:
    return evolve(plan, routines=())


def _sparse_routine(draw: st.DrawFn, plan: AftercarePlan) -> AftercarePlan:
    index = draw(st.integers(0, len(plan.routines) - 1))
    cadence = draw(st.sampled_from((PracticeCadence.BIWEEKLY, PracticeCadence.MONTHLY)))
    routines = list(plan.routines)
    routines[index] = evolve(routines[index], cadence=cadence)
    return evolve(plan, routines=tuple(routines))


def _dense_maintenance(draw: st.DrawFn, plan: AftercarePlan) -> AftercarePlan:
    cadence = draw(st.sampled_from((Cadence.WEEKLY, Cadence.TWICE_WEEKLY)))
    return evolve(plan, maintenance_cadence=cadence)


def _no_relapse_plan(_draw: st.DrawFn, plan: AftercarePlan) -> AftercarePlan:
    return evolve(plan, relapse_prevention=None)


def _relapse_plan(plan: AftercarePlan) -> RelapsePreventionPlan:
    assert plan.relapse_prevention is not None  # noqa: S101 - valid plans always have one
    return plan.relapse_prevention


def _uncoped_trigger(draw: st.DrawFn, plan: AftercarePlan) -> AftercarePlan:
    relapse = _relapse_plan(plan)
    trigger = draw(triggers())
    # Generated ids start with "a", so the prefix keeps this id apart from the others.
    bare = TriggerPlan(
        trigger=evolve(trigger, trigger_id="uncoped-" + trigger.trigger_id, risk=RiskLevel.HIGH)
    )
    position = draw(st.integers(0, len(relapse.triggers)))
    items = (*relapse.triggers[:position], bare, *relapse.triggers[position:])
    return evolve(plan, relapse_prevention=evolve(relapse, triggers=items))


def _no_lapse_or_relapse_response(draw: st.DrawFn, plan: AftercarePlan) -> AftercarePlan:
    relapse = _relapse_plan(plan)
    lapse_empty, relapse_empty = draw(st.sampled_from(((True, False), (False, True), (True, True))))
    changed = evolve(
        relapse,
        lapse_response=() if lapse_empty else relapse.lapse_response,
        relapse_response=() if relapse_empty else relapse.relapse_response,
    )
    return evolve(plan, relapse_prevention=changed)


def _crisis(plan: AftercarePlan) -> SafetyPlan:
    assert plan.crisis_plan is not None  # noqa: S101 - valid plans always have one
    return plan.crisis_plan


def _no_crisis_plan(_draw: st.DrawFn, plan: AftercarePlan) -> AftercarePlan:
    return evolve(plan, crisis_plan=None)


def _unreachable_crisis_contacts(_draw: st.DrawFn, plan: AftercarePlan) -> AftercarePlan:
    crisis = _crisis(plan)
    return evolve(
        plan,
        crisis_plan=evolve(
            crisis,
            people_to_ask=tuple(evolve(c, reachable=False) for c in crisis.people_to_ask),
            professionals_and_agencies=tuple(
                evolve(c, reachable=False) for c in crisis.professionals_and_agencies
            ),
        ),
    )


def _no_internal_coping(_draw: st.DrawFn, plan: AftercarePlan) -> AftercarePlan:
    return evolve(plan, crisis_plan=evolve(_crisis(plan), internal_coping=()))


def _incomplete_safety_plan(draw: st.DrawFn, plan: AftercarePlan) -> AftercarePlan:
    crisis = _crisis(plan)
    section = draw(
        st.sampled_from(
            (
                SafetySection.WARNING_SIGNS,
                SafetySection.PROFESSIONALS_AND_AGENCIES,
                SafetySection.ENVIRONMENT_SAFETY,
            )
        )
    )
    if section is SafetySection.PROFESSIONALS_AND_AGENCIES:
        unreachable = tuple(evolve(c, reachable=False) for c in crisis.professionals_and_agencies)
        changed = crisis.with_section(section, unreachable)
    else:
        changed = crisis.with_section(section, ())
    return evolve(plan, crisis_plan=changed)


#: rule id -> (breaker, breakable without risk flags, breakable with risk flags)
_BREAKERS: dict[str, tuple[_Breaker, bool, bool]] = {
    "aftercare.booster-schedule-set": (_no_boosters, True, True),
    "aftercare.booster-horizon": (_horizon_outside, True, True),
    "aftercare.booster-cadence": (_cadence_sparse, True, True),
    "aftercare.ends-after-last-booster": (_ends_too_early, True, True),
    "aftercare.support-network-present": (_no_reachable_support, True, True),
    "aftercare.skills-routine-present": (_no_routines, True, True),
    "aftercare.skills-routine-weekly": (_sparse_routine, True, True),
    "aftercare.maintenance-cadence": (_dense_maintenance, True, True),
    "aftercare.relapse-prevention-plan-present": (_no_relapse_plan, True, True),
    "aftercare.high-risk-trigger-has-coping": (_uncoped_trigger, True, True),
    "aftercare.lapse-and-relapse-responses": (_no_lapse_or_relapse_response, True, True),
    "aftercare.crisis-plan-present": (_no_crisis_plan, True, False),
    "aftercare.crisis-plan-reachable-contact": (_unreachable_crisis_contacts, True, False),
    "aftercare.crisis-plan-immediate-strategy": (_no_internal_coping, True, False),
    "aftercare.safety-plan-when-at-risk": (_incomplete_safety_plan, False, True),
}


def breakable_rule_ids(*, at_risk: bool = False) -> tuple[str, ...]:
    """
    The `AFTERCARE_RULES` ids that `broken_aftercare_plans` can break alone, in rule order.

    Without risk flags the safety-plan-when-at-risk rule cannot fire; with them, the three
    crisis-plan rules cannot break without also breaking it.

    Example:
        >>> "aftercare.safety-plan-when-at-risk" in breakable_rule_ids(at_risk=True)
        True
        >>> "aftercare.crisis-plan-present" in breakable_rule_ids(at_risk=True)
        False
    """
    return tuple(
        rule_id
        for rule_id, (_breaker, plain, flagged) in _BREAKERS.items()
        if (flagged if at_risk else plain)
    )


def broken_aftercare_plans(
    *, at_risk: bool = False
) -> st.SearchStrategy[tuple[AftercarePlan, str]]:
    """
    Pairs ``(plan, rule_id)``: a valid aftercare plan changed to break exactly *rule_id*.

    Evaluate the plan under ``AftercareContext()``, or with *at_risk* under a context whose
    risk flags include ``SUICIDAL_IDEATION_FLAG``; `breakable_rule_ids` lists the rules each
    mode covers (together, every rule of `AFTERCARE_RULES`). Shrinks towards the first rule.
    """
    plans, rule_ids = aftercare_plans(), st.sampled_from(breakable_rule_ids(at_risk=at_risk))

    @st.composite
    def build(draw: st.DrawFn) -> tuple[AftercarePlan, str]:
        plan = draw(plans)
        rule_id = draw(rule_ids)
        breaker = _BREAKERS[rule_id][0]
        return breaker(draw, plan), rule_id

    return build()
