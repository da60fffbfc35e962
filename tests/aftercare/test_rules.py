import datetime as dt
from typing import Any

import pytest
from attrs import evolve
from hypothesis import given

from counselcore.aftercare import (
    AFTERCARE_RULES,
    SAFETY_PLAN_RULES,
    SUICIDAL_IDEATION_FLAG,
    AftercareContext,
    AftercarePlan,
    BoosterSchedule,
    ContactRole,
    PracticeCadence,
    RelapsePreventionPlan,
    SafetyPlan,
    SkillsRoutine,
    SupportContact,
    TriggerPlan,
    check_aftercare,
    evaluate,
)
from counselcore.errors import InvalidValueError
from counselcore.examples import example_aftercare_plan, example_safety_plan
from counselcore.model import Cadence, RiskLevel, Trigger
from counselcore.rules import RuleSet
from counselcore.strategies import aftercare_plans, breakable_rule_ids, broken_aftercare_plans
from counselcore.violations import Severity, Violation

AT_RISK = AftercareContext(risk_flags=frozenset({SUICIDAL_IDEATION_FLAG}))


def rule_ids(violations: tuple[Violation, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.rule for v in violations))


def fired(plan: AftercarePlan, rule_id: str, context: AftercareContext | None = None) -> bool:
    return rule_id in rule_ids(check_aftercare(plan, context=context))


def only(plan: AftercarePlan, context: AftercareContext | None = None) -> tuple[str, ...]:
    return rule_ids(check_aftercare(plan, context=context))


def resolve(value: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        value = value[step] if isinstance(step, int) else getattr(value, step)
    return value


def with_boosters(every: int, horizon: int) -> AftercarePlan:
    return evolve(
        example_aftercare_plan(),
        boosters=BoosterSchedule(every_months=every, horizon_months=horizon),
        ends_on=None,
    )


def with_crisis(**changes: Any) -> AftercarePlan:
    plan = example_aftercare_plan()
    return evolve(plan, crisis_plan=evolve(example_safety_plan(), **changes))


def with_relapse(**changes: Any) -> AftercarePlan:
    plan = example_aftercare_plan()
    assert plan.relapse_prevention is not None
    return evolve(plan, relapse_prevention=evolve(plan.relapse_prevention, **changes))


def bare_trigger(risk: RiskLevel, *coping: str) -> TriggerPlan:
    return TriggerPlan(
        trigger=Trigger(trigger_id="t-new", description="new trigger", risk=risk),
        coping_responses=coping,
    )


class TestTheRuleSet:
    def test_ids_are_stable(self) -> None:
        """The built-in rule ids, in evaluation order, are public API."""
        ids = AFTERCARE_RULES.ids

        assert ids == (
            "aftercare.booster-schedule-set",
            "aftercare.booster-horizon",
            "aftercare.booster-cadence",
            "aftercare.ends-after-last-booster",
            "aftercare.support-network-present",
            "aftercare.skills-routine-present",
            "aftercare.skills-routine-weekly",
            "aftercare.maintenance-cadence",
            "aftercare.relapse-prevention-plan-present",
            "aftercare.high-risk-trigger-has-coping",
            "aftercare.lapse-and-relapse-responses",
            "aftercare.crisis-plan-present",
            "aftercare.crisis-plan-reachable-contact",
            "aftercare.crisis-plan-immediate-strategy",
            "aftercare.safety-plan-when-at-risk",
        )

    @pytest.mark.parametrize(
        "ruleset", [AFTERCARE_RULES, SAFETY_PLAN_RULES], ids=["aftercare", "safety"]
    )
    def test_every_rule_has_a_description_and_a_source(self, ruleset: RuleSet[Any, Any]) -> None:
        """Each rule says what it requires and where that comes from."""
        rules = list(ruleset)

        assert all(rule.id.startswith("aftercare.") for rule in rules)
        assert all(rule.description.endswith(".") for rule in rules)
        assert all(rule.source for rule in rules)

    def test_the_example_plan_passes_with_and_without_risk_flags(self) -> None:
        """The example aftercare plan is acceptable under both contexts."""
        plan = example_aftercare_plan()

        assert check_aftercare(plan) == ()
        assert check_aftercare(plan, context=AT_RISK) == ()

    def test_evaluate_returns_a_report(self) -> None:
        """evaluate() is the foundation's evaluate, giving a Report."""
        plan = evolve(example_aftercare_plan(), crisis_plan=None)

        report = evaluate(plan, AFTERCARE_RULES, AftercareContext())

        assert not report.ok
        assert report.rule_ids == ("aftercare.crisis-plan-present",)
        assert report.violations == check_aftercare(plan)

    def test_messages_hold_no_free_text(self) -> None:
        """A plan broken everywhere reports ids and numbers, never its free text."""
        secret = "SECRET-text"
        plan = evolve(
            example_aftercare_plan(),
            support_network=(
                SupportContact(
                    contact_id="k1", role=ContactRole.FRIEND, reachable=False, name=secret
                ),
            ),
            routines=(SkillsRoutine(skill="journaling", cadence=PracticeCadence.MONTHLY),),
            maintenance_cadence=Cadence.WEEKLY,
            crisis_plan=SafetyPlan(plan_id="sp-1", written_on=dt.date(2024, 1, 1)),
            relapse_prevention=RelapsePreventionPlan(
                plan_id="rp-1",
                written_on=dt.date(2024, 1, 1),
                triggers=(
                    TriggerPlan(
                        trigger=Trigger(trigger_id="t1", description=secret, risk=RiskLevel.HIGH)
                    ),
                ),
                warning_signs=(secret,),
            ),
        )

        violations = check_aftercare(plan, context=AT_RISK)

        assert len(violations) >= 8
        assert not any(secret in str(v) or secret in repr(v.evidence) for v in violations)


class TestBoosterRules:
    def test_schedule_set_fires_without_boosters(self) -> None:
        """A plan without a booster schedule breaks exactly the schedule rule."""
        plan = evolve(example_aftercare_plan(), boosters=None)

        assert only(plan) == ("aftercare.booster-schedule-set",)

    def test_schedule_set_passes_with_boosters(self) -> None:
        """A schedule present satisfies the rule."""
        assert not fired(example_aftercare_plan(), "aftercare.booster-schedule-set")

    @pytest.mark.parametrize(
        ("horizon", "broken"), [(5, True), (6, False), (24, False), (25, True)]
    )
    def test_horizon_boundaries(self, horizon: int, broken: bool) -> None:
        """The horizon must lie within 6-24 months, both ends included."""
        plan = with_boosters(1, horizon)

        violations = [v for v in check_aftercare(plan) if v.rule == "aftercare.booster-horizon"]

        assert bool(violations) is broken
        if broken:
            assert violations[0].path == ("boosters", "horizon_months")
            assert dict(violations[0].evidence) == {
                "horizon_months": horizon,
                "minimum": 6,
                "maximum": 24,
            }

    @pytest.mark.parametrize(
        ("horizon", "broken"), [(2, True), (3, False), (36, False), (37, True)]
    )
    def test_horizon_follows_the_context(self, horizon: int, broken: bool) -> None:
        """An organization's own span (3-36 months) moves both boundaries."""
        context = AftercareContext(min_booster_horizon_months=3, max_booster_horizon_months=36)

        assert fired(with_boosters(1, horizon), "aftercare.booster-horizon", context) is broken

    @pytest.mark.parametrize(("every", "broken"), [(3, False), (4, True)])
    def test_cadence_boundary_under_the_default_policy(self, every: int, broken: bool) -> None:
        """Boosters may be at most 3 months apart by default."""
        assert fired(with_boosters(every, 12), "aftercare.booster-cadence") is broken

    @pytest.mark.parametrize(("every", "broken"), [(1, False), (2, True)])
    def test_cadence_boundary_under_a_stricter_policy(self, every: int, broken: bool) -> None:
        """A monthly-booster policy is a context value."""
        context = AftercareContext(max_booster_interval_months=1)

        assert fired(with_boosters(every, 12), "aftercare.booster-cadence", context) is broken

    @pytest.mark.parametrize(("days_before", "broken"), [(0, False), (1, True)])
    def test_plan_ends_on_or_after_the_last_booster(self, days_before: int, broken: bool) -> None:
        """Ending on the last booster's day is fine; a day earlier is not."""
        plan = example_aftercare_plan()
        ends_on = plan.booster_dates[-1] - dt.timedelta(days=days_before)

        violations = check_aftercare(evolve(plan, ends_on=ends_on))

        assert rule_ids(violations) == (("aftercare.ends-after-last-booster",) if broken else ())
        if broken:
            assert dict(violations[0].evidence)["days_short"] == 1

    def test_an_open_ended_plan_needs_no_end_date(self) -> None:
        """Without an end date the end rule has nothing to check."""
        plan = evolve(example_aftercare_plan(), ends_on=None)

        assert check_aftercare(plan) == ()


class TestSupportAndRoutineRules:
    def test_an_empty_network_fires(self) -> None:
        """No support contact at all breaks the network rule."""
        plan = evolve(example_aftercare_plan(), support_network=())

        assert only(plan) == ("aftercare.support-network-present",)

    def test_unreachable_contacts_only_fire(self) -> None:
        """Contacts that cannot be reached do not make a network."""
        plan = example_aftercare_plan()
        unreachable = tuple(evolve(c, reachable=False) for c in plan.support_network)

        assert only(evolve(plan, support_network=unreachable)) == (
            "aftercare.support-network-present",
        )

    def test_one_reachable_contact_is_enough(self) -> None:
        """One reachable contact among unreachable ones satisfies the rule."""
        plan = example_aftercare_plan()
        first, second = plan.support_network
        network = (evolve(first, reachable=False), second)

        assert check_aftercare(evolve(plan, support_network=network)) == ()

    def test_no_routine_fires(self) -> None:
        """A plan without any skills routine breaks the routine rule."""
        plan = evolve(example_aftercare_plan(), routines=())

        assert only(plan) == ("aftercare.skills-routine-present",)

    @pytest.mark.parametrize(
        ("cadence", "broken"),
        [
            (PracticeCadence.DAILY, False),
            (PracticeCadence.WEEKLY, False),
            (PracticeCadence.BIWEEKLY, True),
            (PracticeCadence.MONTHLY, True),
        ],
    )
    def test_routines_at_least_weekly(self, cadence: PracticeCadence, broken: bool) -> None:
        """Weekly is the sparsest practice the default policy allows."""
        plan = example_aftercare_plan()
        routines = (plan.routines[0], evolve(plan.routines[1], cadence=cadence))

        violations = check_aftercare(evolve(plan, routines=routines))

        assert rule_ids(violations) == (("aftercare.skills-routine-weekly",) if broken else ())
        if broken:
            assert violations[0].path == ("routines", 1, "cadence")

    def test_routine_limit_follows_the_context(self) -> None:
        """An organization that accepts fortnightly practice says so in the context."""
        plan = example_aftercare_plan()
        routines = (evolve(plan.routines[0], cadence=PracticeCadence.BIWEEKLY),)
        context = AftercareContext(max_practice_interval_days=14)

        assert check_aftercare(evolve(plan, routines=routines), context=context) == ()

    @pytest.mark.parametrize(
        ("cadence", "broken"),
        [
            (Cadence.TWICE_WEEKLY, True),
            (Cadence.WEEKLY, True),
            (Cadence.BIWEEKLY, False),
            (Cadence.MONTHLY, False),
            (None, False),
        ],
    )
    def test_maintenance_cadence(self, cadence: Cadence | None, broken: bool) -> None:
        """Maintenance is biweekly or monthly; no maintenance sessions at all is allowed."""
        plan = evolve(example_aftercare_plan(), maintenance_cadence=cadence)

        assert only(plan) == (("aftercare.maintenance-cadence",) if broken else ())

    def test_maintenance_cadence_follows_the_context(self) -> None:
        """An organization may allow weekly maintenance."""
        plan = evolve(example_aftercare_plan(), maintenance_cadence=Cadence.WEEKLY)
        context = AftercareContext(maintenance_cadences=frozenset(Cadence))

        assert check_aftercare(plan, context=context) == ()


class TestRelapsePreventionRules:
    def test_missing_relapse_plan_is_a_warning(self) -> None:
        """A plan without relapse prevention gets one warning and stays acceptable."""
        plan = evolve(example_aftercare_plan(), relapse_prevention=None)

        report = evaluate(plan, AFTERCARE_RULES, AftercareContext())

        assert report.rule_ids == ("aftercare.relapse-prevention-plan-present",)
        assert report.ok

    @pytest.mark.parametrize(
        ("risk", "coping", "broken"),
        [
            (RiskLevel.HIGH, (), True),
            (RiskLevel.HIGH, ("urge surfing",), False),
            (RiskLevel.MODERATE, (), False),
        ],
    )
    def test_high_risk_triggers_need_coping(
        self, risk: RiskLevel, coping: tuple[str, ...], broken: bool
    ) -> None:
        """Only triggers at the high-risk level need a coping response by default."""
        plan = example_aftercare_plan()
        assert plan.relapse_prevention is not None
        items = (*plan.relapse_prevention.triggers, bare_trigger(risk, *coping))

        violations = check_aftercare(with_relapse(triggers=items))

        assert rule_ids(violations) == (
            ("aftercare.high-risk-trigger-has-coping",) if broken else ()
        )
        if broken:
            assert violations[0].path == ("relapse_prevention", "triggers", 2, "coping_responses")
            assert dict(violations[0].evidence) == {"trigger_id": "t-new", "risk": "high"}

    def test_high_risk_level_follows_the_context(self) -> None:
        """With the level lowered to moderate, a moderate trigger needs coping too."""
        plan = with_relapse(triggers=(bare_trigger(RiskLevel.MODERATE),))
        context = AftercareContext(high_risk_level=RiskLevel.MODERATE)

        assert only(plan, context) == ("aftercare.high-risk-trigger-has-coping",)

    @pytest.mark.parametrize(
        ("lapse", "relapse", "paths"),
        [
            ((), ("book a booster",), [("relapse_prevention", "lapse_response")]),
            (("tell a friend",), (), [("relapse_prevention", "relapse_response")]),
            (
                (),
                (),
                [
                    ("relapse_prevention", "lapse_response"),
                    ("relapse_prevention", "relapse_response"),
                ],
            ),
            (("tell a friend",), ("book a booster",), []),
        ],
    )
    def test_lapse_and_relapse_responses(
        self, lapse: tuple[str, ...], relapse: tuple[str, ...], paths: list[tuple[str, ...]]
    ) -> None:
        """A lapse and a relapse each need a written response; each gap is one warning."""
        plan = with_relapse(lapse_response=lapse, relapse_response=relapse)

        violations = check_aftercare(plan)

        assert [v.path for v in violations] == paths
        assert all(v.severity is Severity.WARNING for v in violations)


class TestCrisisPlanRules:
    def test_a_missing_crisis_plan_fires_one_rule(self) -> None:
        """Without a crisis plan only the presence rule fires."""
        plan = evolve(example_aftercare_plan(), crisis_plan=None)

        assert only(plan) == ("aftercare.crisis-plan-present",)

    def test_no_reachable_contact_fires(self) -> None:
        """Contacts that are all unreachable do not count."""
        safety = example_safety_plan()
        people = tuple(evolve(c, reachable=False) for c in safety.people_to_ask)
        professionals = tuple(evolve(c, reachable=False) for c in safety.professionals_and_agencies)

        plan = with_crisis(people_to_ask=people, professionals_and_agencies=professionals)

        assert only(plan) == ("aftercare.crisis-plan-reachable-contact",)

    def test_no_contact_at_all_fires(self) -> None:
        """A crisis plan with no contact breaks the contact rule."""
        plan = with_crisis(people_to_ask=(), professionals_and_agencies=())

        assert only(plan) == ("aftercare.crisis-plan-reachable-contact",)

    @pytest.mark.parametrize("section", ["people_to_ask", "professionals_and_agencies"])
    def test_one_reachable_contact_in_either_section_is_enough(self, section: str) -> None:
        """A single reachable contact, personal or professional, satisfies the base rule."""
        safety = example_safety_plan()
        people = tuple(evolve(c, reachable=False) for c in safety.people_to_ask)
        professionals = tuple(evolve(c, reachable=False) for c in safety.professionals_and_agencies)
        if section == "people_to_ask":
            people = (evolve(people[0], reachable=True),)
        else:
            professionals = (evolve(professionals[0], reachable=True), *professionals[1:])

        plan = with_crisis(people_to_ask=people, professionals_and_agencies=professionals)

        assert not fired(plan, "aftercare.crisis-plan-reachable-contact")

    @pytest.mark.parametrize(
        ("coping", "broken"), [((), True), (("cold water on the face",), False)]
    )
    def test_immediate_strategy(self, coping: tuple[str, ...], broken: bool) -> None:
        """At least one internal coping strategy is needed."""
        plan = with_crisis(internal_coping=coping)

        violations = check_aftercare(plan)

        assert rule_ids(violations) == (
            ("aftercare.crisis-plan-immediate-strategy",) if broken else ()
        )
        if broken:
            assert violations[0].path == ("crisis_plan", "internal_coping")


class TestSafetyPlanWhenAtRisk:
    def test_without_flags_an_incomplete_safety_plan_is_acceptable(self) -> None:
        """The full Stanley-Brown plan is asked for only when a risk flag is set."""
        plan = with_crisis(warning_signs=(), environment_safety=())

        assert check_aftercare(plan) == ()

    def test_with_the_flag_a_missing_section_fires(self) -> None:
        """With suicidal ideation flagged, an empty section 6 breaks the at-risk rule at its path."""
        plan = with_crisis(environment_safety=())

        violations = check_aftercare(plan, context=AT_RISK)

        assert rule_ids(violations) == ("aftercare.safety-plan-when-at-risk",)
        assert violations[0].path == ("crisis_plan", "environment_safety")
        assert (
            dict(violations[0].evidence)["safety_plan_rule"]
            == "aftercare.safety-plan-environment-safety"
        )
        assert dict(violations[0].evidence)["risk_flags"] == SUICIDAL_IDEATION_FLAG

    def test_with_the_flag_a_missing_plan_fires_both_rules(self) -> None:
        """No crisis plan at all breaks the presence rule and the at-risk rule."""
        plan = evolve(example_aftercare_plan(), crisis_plan=None)

        assert only(plan, AT_RISK) == (
            "aftercare.crisis-plan-present",
            "aftercare.safety-plan-when-at-risk",
        )

    def test_with_the_flag_a_complete_plan_passes(self) -> None:
        """A complete safety plan satisfies the at-risk rule."""
        assert check_aftercare(example_aftercare_plan(), context=AT_RISK) == ()

    def test_warning_level_sections_do_not_fire(self) -> None:
        """Sections 3 and 4 are warnings in the safety-plan rules, so the at-risk rule ignores them."""
        plan = with_crisis(social_distraction=())

        assert check_aftercare(plan, context=AT_RISK) == ()

    def test_a_professional_contact_is_required(self) -> None:
        """With the flag set, reachable friends alone are not enough: section 5 needs a professional."""
        professionals = tuple(
            evolve(c, reachable=False) for c in example_safety_plan().professionals_and_agencies
        )
        plan = with_crisis(professionals_and_agencies=professionals)

        assert only(plan) == ()
        assert only(plan, AT_RISK) == ("aftercare.safety-plan-when-at-risk",)

    def test_other_flags_do_not_call_for_a_safety_plan(self) -> None:
        """A flag outside safety_plan_flags leaves the rule silent."""
        plan = with_crisis(environment_safety=())
        context = AftercareContext(risk_flags=frozenset({"risk.other"}))

        assert check_aftercare(plan, context=context) == ()

    def test_an_organization_can_add_flags(self) -> None:
        """Which flags call for a safety plan is a context value."""
        plan = with_crisis(environment_safety=())
        context = AftercareContext(
            risk_flags=frozenset({"risk.self_harm"}),
            safety_plan_flags=frozenset({SUICIDAL_IDEATION_FLAG, "risk.self_harm"}),
        )

        assert only(plan, context) == ("aftercare.safety-plan-when-at-risk",)

    def test_the_safety_plan_rules_come_from_the_context(self) -> None:
        """Re-grading a safety-plan rule in the context changes what the at-risk rule requires."""
        plan = with_crisis(environment_safety=())
        lenient = SAFETY_PLAN_RULES.regrade(
            "aftercare.safety-plan-environment-safety", Severity.WARNING
        )
        context = evolve(AT_RISK, safety_plan_rules=lenient)

        assert check_aftercare(plan, context=context) == ()


class TestAftercareContext:
    def test_defaults(self) -> None:
        """The defaults follow the sources: 6-24 months, weekly practice, biweekly or monthly maintenance."""
        context = AftercareContext()

        assert (context.min_booster_horizon_months, context.max_booster_horizon_months) == (6, 24)
        assert context.max_booster_interval_months == 3
        assert context.max_practice_interval_days == 7
        assert context.maintenance_cadences == {Cadence.BIWEEKLY, Cadence.MONTHLY}
        assert context.high_risk_level is RiskLevel.HIGH
        assert not context.at_risk

    def test_refuses_a_maximum_below_the_minimum(self) -> None:
        """A horizon span of 12-6 months is structurally invalid."""
        with pytest.raises(InvalidValueError) as info:
            AftercareContext(min_booster_horizon_months=12, max_booster_horizon_months=6)

        assert info.value.paths == ("max_booster_horizon_months",)

    def test_refuses_flags_that_are_not_a_frozenset_of_strings(self) -> None:
        """A plain set or a single string is refused."""
        with pytest.raises(InvalidValueError, match="risk_flags"):
            AftercareContext(risk_flags={"risk.suicidal_ideation"})  # type: ignore[arg-type]
        with pytest.raises(InvalidValueError, match="risk_flags"):
            AftercareContext(risk_flags=frozenset({1}))  # type: ignore[arg-type]

    def test_refuses_raw_cadence_values(self) -> None:
        """Allowed maintenance cadences are Cadence members."""
        with pytest.raises(InvalidValueError, match="maintenance_cadences"):
            AftercareContext(maintenance_cadences=frozenset({"monthly"}))  # type: ignore[arg-type]


class TestProperties:
    @given(aftercare_plans())
    def test_generated_plans_pass_with_and_without_flags(self, plan: AftercarePlan) -> None:
        """The valid-plan strategy meets every rule under both contexts."""
        assert check_aftercare(plan) == ()
        assert check_aftercare(plan, context=AT_RISK) == ()

    @given(broken_aftercare_plans())
    def test_a_plan_broken_in_one_rule_yields_exactly_that_rule(
        self, pair: tuple[AftercarePlan, str]
    ) -> None:
        """Without risk flags, a broken plan reports its rule id alone, stably, at paths that exist."""
        plan, rule_id = pair

        violations = check_aftercare(plan)

        assert rule_ids(violations) == (rule_id,)
        assert check_aftercare(plan) == violations
        for violation in violations:
            resolve(plan, violation.path)

    @given(broken_aftercare_plans(at_risk=True))
    def test_a_plan_broken_in_one_rule_yields_exactly_that_rule_when_at_risk(
        self, pair: tuple[AftercarePlan, str]
    ) -> None:
        """With the suicidal-ideation flag set, a broken plan reports only its rule, at paths that exist."""
        plan, rule_id = pair

        violations = check_aftercare(plan, context=AT_RISK)

        assert rule_ids(violations) == (rule_id,)
        for violation in violations:
            resolve(plan, violation.path)

    def test_the_two_modes_cover_every_rule(self) -> None:
        """Between them, the plain and at-risk modes can break every aftercare rule alone."""
        covered = set(breakable_rule_ids()) | set(breakable_rule_ids(at_risk=True))

        assert covered == set(AFTERCARE_RULES.ids)
