"""
The aftercare rule set, on the foundation's `counselcore.rules` machinery.

Each rule is a pure check returning findings; `Rule` stamps them with a stable id and a
severity. An organization's stricter or looser policy is a different `AftercareContext`
(thresholds) or a different `RuleSet` (rules dropped, added or re-graded), never a code change.
"""

from collections.abc import Iterator

from attrs import frozen

from counselcore._internal.checks import (
    check_enum,
    check_instance,
    check_int,
    check_optional_instance,
    fail,
)
from counselcore.aftercare._safety import _STANLEY_BROWN, SAFETY_PLAN_RULES
from counselcore.aftercare._values import AftercarePlan, SafetyPlan
from counselcore.measures import SUICIDAL_IDEATION_FLAG
from counselcore.model import Cadence, RiskLevel
from counselcore.rules import Finding, Rule, RuleSet
from counselcore.violations import Severity, Violation

# SUICIDAL_IDEATION_FLAG is defined once, where the flag is raised (measures, PHQ-9 item 9),
# and re-exported here because AftercareContext defaults to it.
__all__ = ["AFTERCARE_RULES", "AftercareContext", "SUICIDAL_IDEATION_FLAG", "check_aftercare"]


_SEEDS = "counselcore docs, Design decisions: 'What an aftercare plan holds': "
_MARLATT = (
    "Marlatt GA, Gordon JR. Relapse Prevention, 1985; Larimer ME, Palmer RS, Marlatt GA. "
    "Alcohol Res Health 1999;23:151-60"
)

# -- the context -------------------------------------------------------------------------------


def _check_cadences(value: frozenset[Cadence]) -> None:
    if type(value) is not frozenset:
        raise fail(("maintenance_cadences",), "structure.type", "must be a frozenset")
    for cadence in value:
        check_enum(cadence, Cadence, ("maintenance_cadences",))


def _check_flags(value: frozenset[str], name: str) -> None:
    if type(value) is not frozenset or not all(type(flag) is str for flag in value):
        raise fail((name,), "structure.type", "must be a frozenset of flag id strings")


@frozen(kw_only=True)
class AftercareContext:
    """
    What the aftercare rules need besides the plan: the latest risk flags and policy thresholds.

    *risk_flags* are the flag ids the latest measurement raised (e.g.
    ``"risk.suicidal_ideation"`` for a positive PHQ-9 item 9); when any of them is in
    *safety_plan_flags*, the crisis plan must be a complete safety plan under
    *safety_plan_rules*. The thresholds default to the project's sources: a booster horizon
    of 6-24 months (a library default, not independently sourced), skills
    practised at least weekly, maintenance every two weeks or monthly, coping responses
    for high-risk triggers. *max_booster_interval_months* (3) is a library default of
    organizational policy, not a clinical fact: set your own.

    Example:
        >>> AftercareContext().at_risk
        False
        >>> AftercareContext(risk_flags=frozenset({SUICIDAL_IDEATION_FLAG})).at_risk
        True
        >>> strict = AftercareContext(max_booster_interval_months=1)
        >>> strict.max_booster_interval_months
        1
    """

    risk_flags: frozenset[str] = frozenset()
    safety_plan_flags: frozenset[str] = frozenset({SUICIDAL_IDEATION_FLAG})
    safety_plan_rules: RuleSet[SafetyPlan, None] = SAFETY_PLAN_RULES
    min_booster_horizon_months: int = 6
    max_booster_horizon_months: int = 24
    max_booster_interval_months: int = 3
    high_risk_level: RiskLevel = RiskLevel.HIGH
    max_practice_interval_days: int = 7
    maintenance_cadences: frozenset[Cadence] = frozenset({Cadence.BIWEEKLY, Cadence.MONTHLY})

    def __attrs_post_init__(self) -> None:
        _check_flags(self.risk_flags, "risk_flags")
        _check_flags(self.safety_plan_flags, "safety_plan_flags")
        check_instance(self.safety_plan_rules, RuleSet, ("safety_plan_rules",))
        check_int(self.min_booster_horizon_months, ("min_booster_horizon_months",), minimum=0)
        check_int(
            self.max_booster_horizon_months,
            ("max_booster_horizon_months",),
            minimum=self.min_booster_horizon_months,
        )
        check_int(self.max_booster_interval_months, ("max_booster_interval_months",), minimum=1)
        check_enum(self.high_risk_level, RiskLevel, ("high_risk_level",))
        check_int(self.max_practice_interval_days, ("max_practice_interval_days",), minimum=1)
        _check_cadences(self.maintenance_cadences)

    @property
    def at_risk(self) -> bool:
        """Whether a risk flag that calls for a safety plan is set."""
        return not self.risk_flags.isdisjoint(self.safety_plan_flags)


# -- the aftercare rules -----------------------------------------------------------------------


def _booster_schedule_set(plan: AftercarePlan, _context: AftercareContext) -> Iterator[Finding]:
    if plan.boosters is None:
        yield Finding(path=("boosters",), message="the aftercare plan has no booster schedule")


def _booster_horizon(plan: AftercarePlan, context: AftercareContext) -> Iterator[Finding]:
    if plan.boosters is None:
        return
    horizon = plan.boosters.horizon_months
    low, high = context.min_booster_horizon_months, context.max_booster_horizon_months
    if not low <= horizon <= high:
        yield Finding(
            path=("boosters", "horizon_months"),
            message=f"a booster horizon of {horizon} months is outside {low}-{high} months",
            evidence=(("horizon_months", horizon), ("minimum", low), ("maximum", high)),
        )


def _booster_cadence(plan: AftercarePlan, context: AftercareContext) -> Iterator[Finding]:
    if plan.boosters is None:
        return
    every, limit = plan.boosters.every_months, context.max_booster_interval_months
    if every > limit:
        yield Finding(
            path=("boosters", "every_months"),
            message=f"boosters every {every} months are sparser than the policy's "
            f"every {limit} months",
            evidence=(("every_months", every), ("maximum", limit)),
        )


def _ends_after_last_booster(plan: AftercarePlan, _context: AftercareContext) -> Iterator[Finding]:
    dates = plan.booster_dates
    if plan.ends_on is not None and dates and dates[-1] > plan.ends_on:
        yield Finding(
            path=("ends_on",),
            message="the aftercare plan ends before its last booster session",
            evidence=(
                ("days_short", (dates[-1] - plan.ends_on).days),
                ("boosters", len(dates)),
            ),
        )


def _support_network(plan: AftercarePlan, _context: AftercareContext) -> Iterator[Finding]:
    if not any(contact.reachable for contact in plan.support_network):
        yield Finding(
            path=("support_network",),
            message=f"the support network has no reachable contact "
            f"({len(plan.support_network)} listed)",
            evidence=(("contacts", len(plan.support_network)),),
        )


def _routine_present(plan: AftercarePlan, _context: AftercareContext) -> Iterator[Finding]:
    if not plan.routines:
        yield Finding(path=("routines",), message="the plan has no skills-maintenance routine")


def _routine_weekly(plan: AftercarePlan, context: AftercareContext) -> Iterator[Finding]:
    limit = context.max_practice_interval_days
    for index, routine in enumerate(plan.routines):
        if routine.cadence.days > limit:
            yield Finding(
                path=("routines", index, "cadence"),
                message=f"skill {routine.skill!r} is practised {routine.cadence.value}, "
                f"less often than every {limit} days",
                evidence=(
                    ("skill", routine.skill),
                    ("cadence", routine.cadence.value),
                    ("days", routine.cadence.days),
                    ("maximum_days", limit),
                ),
            )


def _maintenance_cadence(plan: AftercarePlan, context: AftercareContext) -> Iterator[Finding]:
    cadence = plan.maintenance_cadence
    if cadence is not None and cadence not in context.maintenance_cadences:
        allowed = ", ".join(c.value for c in Cadence if c in context.maintenance_cadences)
        yield Finding(
            path=("maintenance_cadence",),
            message=f"maintenance cadence {cadence.value} is not one of: {allowed}",
            evidence=(("cadence", cadence.value), ("allowed", allowed)),
        )


def _relapse_plan_present(plan: AftercarePlan, _context: AftercareContext) -> Iterator[Finding]:
    if plan.relapse_prevention is None:
        yield Finding(
            path=("relapse_prevention",), message="the plan has no relapse-prevention plan"
        )


def _trigger_has_coping(plan: AftercarePlan, context: AftercareContext) -> Iterator[Finding]:
    if plan.relapse_prevention is None:
        return
    for index, item in enumerate(plan.relapse_prevention.triggers):
        trigger = item.trigger
        if trigger.risk >= context.high_risk_level and not item.coping_responses:
            yield Finding(
                path=("relapse_prevention", "triggers", index, "coping_responses"),
                message=f"trigger {trigger.trigger_id!r} has {trigger.risk.value} risk "
                "but no coping response",
                evidence=(("trigger_id", trigger.trigger_id), ("risk", trigger.risk.value)),
            )


def _lapse_and_relapse(plan: AftercarePlan, _context: AftercareContext) -> Iterator[Finding]:
    relapse_plan = plan.relapse_prevention
    if relapse_plan is None:
        return
    if not relapse_plan.lapse_response:
        yield Finding(
            path=("relapse_prevention", "lapse_response"),
            message="the relapse-prevention plan says nothing about responding to a lapse",
        )
    if not relapse_plan.relapse_response:
        yield Finding(
            path=("relapse_prevention", "relapse_response"),
            message="the relapse-prevention plan says nothing about responding to a relapse",
        )


def _crisis_plan_present(plan: AftercarePlan, _context: AftercareContext) -> Iterator[Finding]:
    if plan.crisis_plan is None:
        yield Finding(path=("crisis_plan",), message="the aftercare plan has no crisis plan")


def _crisis_reachable_contact(plan: AftercarePlan, _context: AftercareContext) -> Iterator[Finding]:
    crisis = plan.crisis_plan
    if crisis is None:
        return
    contacts = [contact for _path, contact in crisis.iter_contacts()]
    if not any(contact.reachable for contact in contacts):
        yield Finding(
            path=("crisis_plan",),
            message=f"the crisis plan has no reachable contact ({len(contacts)} listed)",
            evidence=(("contacts", len(contacts)),),
        )


def _crisis_immediate_strategy(
    plan: AftercarePlan, _context: AftercareContext
) -> Iterator[Finding]:
    crisis = plan.crisis_plan
    if crisis is not None and not crisis.internal_coping:
        yield Finding(
            path=("crisis_plan", "internal_coping"),
            message="the crisis plan has no immediate (internal coping) strategy",
        )


def _safety_plan_when_at_risk(plan: AftercarePlan, context: AftercareContext) -> Iterator[Finding]:
    if not context.at_risk:
        return
    flags = ",".join(sorted(context.risk_flags & context.safety_plan_flags))
    if plan.crisis_plan is None:
        yield Finding(
            path=("crisis_plan",),
            message="a risk flag is set but there is no safety plan",
            evidence=(("risk_flags", flags),),
        )
        return
    for violation in context.safety_plan_rules.evaluate(plan.crisis_plan, None).errors:
        yield Finding(
            path=("crisis_plan", *violation.path),
            message=f"a risk flag is set and the safety plan breaks {violation.rule}",
            evidence=(
                ("safety_plan_rule", violation.rule),
                ("risk_flags", flags),
                *violation.evidence,
            ),
        )


#: The built-in aftercare rules, in evaluation order (docs/aftercare.md lists them).
AFTERCARE_RULES: RuleSet[AftercarePlan, AftercareContext] = RuleSet(
    name="aftercare",
    subject_types=(AftercarePlan,),
    context_types=(AftercareContext,),
    rules=(
        Rule(
            id="aftercare.booster-schedule-set",
            description="The plan schedules booster sessions after termination.",
            check=_booster_schedule_set,
            source=_SEEDS + "periodic booster sessions to reinforce skills and revise plans",
        ),
        Rule(
            id="aftercare.booster-horizon",
            description="Booster sessions span 6-24 months after termination "
            "(context: min_booster_horizon_months, max_booster_horizon_months).",
            check=_booster_horizon,
            source=_SEEDS + "booster sessions over 6-24 months (a configurable library default, "
            "not independently sourced)",
        ),
        Rule(
            id="aftercare.booster-cadence",
            description="Boosters are no sparser than the policy allows "
            "(context: max_booster_interval_months, default 3).",
            check=_booster_cadence,
            source="Organizational policy; the default of 3 months is a library default, "
            "not a clinical fact",
        ),
        Rule(
            id="aftercare.ends-after-last-booster",
            description="A plan with an end date ends on or after its last booster session.",
            check=_ends_after_last_booster,
            source="counselcore docs, Design decisions: 'An aftercare plan ends after its last booster'",
        ),
        Rule(
            id="aftercare.support-network-present",
            description="The support network names at least one reachable person, group or "
            "service.",
            check=_support_network,
            source=_SEEDS + "structured peer and community support networks",
        ),
        Rule(
            id="aftercare.skills-routine-present",
            description="The plan names at least one skills-maintenance routine.",
            check=_routine_present,
            source=_SEEDS + "daily or weekly skills-maintenance routines",
        ),
        Rule(
            id="aftercare.skills-routine-weekly",
            description="Every skills routine is practised at least weekly "
            "(context: max_practice_interval_days, default 7).",
            check=_routine_weekly,
            source=_SEEDS + "daily or weekly skills-maintenance routines",
        ),
        Rule(
            id="aftercare.maintenance-cadence",
            description="Maintenance sessions, if planned, are biweekly or monthly "
            "(context: maintenance_cadences).",
            check=_maintenance_cadence,
            source=_SEEDS + "maintenance counseling every two weeks to monthly",
        ),
        Rule(
            id="aftercare.relapse-prevention-plan-present",
            description="The plan includes a relapse-prevention plan.",
            check=_relapse_plan_present,
            severity=Severity.WARNING,
            source=_SEEDS + "relapse-prevention plans revised at booster sessions",
        ),
        Rule(
            id="aftercare.high-risk-trigger-has-coping",
            description="Every trigger at or above the high-risk level has at least one "
            "coping response (context: high_risk_level).",
            check=_trigger_has_coping,
            source=_MARLATT,
        ),
        Rule(
            id="aftercare.lapse-and-relapse-responses",
            description="The relapse-prevention plan says how to respond to a lapse and to "
            "a relapse.",
            check=_lapse_and_relapse,
            severity=Severity.WARNING,
            source=_MARLATT,
        ),
        Rule(
            id="aftercare.crisis-plan-present",
            description="The plan includes a written crisis plan.",
            check=_crisis_plan_present,
            source=_STANLEY_BROWN + "; " + _SEEDS + "written crisis action plans",
        ),
        Rule(
            id="aftercare.crisis-plan-reachable-contact",
            description="The crisis plan lists at least one reachable contact.",
            check=_crisis_reachable_contact,
            source=_STANLEY_BROWN + "; " + _SEEDS + "written crisis action plans",
        ),
        Rule(
            id="aftercare.crisis-plan-immediate-strategy",
            description="The crisis plan lists at least one immediate strategy the client "
            "can use alone (internal coping).",
            check=_crisis_immediate_strategy,
            source=_STANLEY_BROWN + "; " + _SEEDS + "written crisis action plans",
        ),
        Rule(
            id="aftercare.safety-plan-when-at-risk",
            description="When the latest risk flag calls for it, the crisis plan passes "
            "every error-level safety-plan rule (context: risk_flags, safety_plan_flags, "
            "safety_plan_rules).",
            check=_safety_plan_when_at_risk,
            source=_STANLEY_BROWN + "; PHQ-9 item 9 (Kroenke et al. 2001)",
        ),
    ),
)


def check_aftercare(
    plan: AftercarePlan,
    *,
    context: AftercareContext | None = None,
    ruleset: RuleSet[AftercarePlan, AftercareContext] = AFTERCARE_RULES,
) -> tuple[Violation, ...]:
    """
    Return every violation of *ruleset* in *plan* under *context* (defaults: built-in policy).

    Args:
        plan: The aftercare plan to check.
        context: Risk flags and policy thresholds; ``AftercareContext()`` when omitted.
        ruleset: The rules to apply; an organization passes its own set here.

    Returns:
        The violations in rule order, then path order; ``()`` means acceptable.

    Example:
        >>> import datetime as dt
        >>> from counselcore.model import ClientRef
        >>> from counselcore.aftercare import BoosterSchedule
        >>> draft = AftercarePlan(
        ...     plan_id="ac-1",
        ...     client=ClientRef("c-1"),
        ...     terminated_on=dt.date(2024, 6, 3),
        ...     boosters=BoosterSchedule(every_months=4, horizon_months=12),
        ... )
        >>> [v.rule for v in check_aftercare(draft)][:2]
        ['aftercare.booster-cadence', 'aftercare.support-network-present']

        A looser organization allows boosters every four months: a context value, not code.

        >>> looser = AftercareContext(max_booster_interval_months=4)
        >>> "aftercare.booster-cadence" in [v.rule for v in check_aftercare(draft, context=looser)]
        False

        Another one does not require maintenance-cadence checks and treats a missing crisis
        plan as a warning: a different rule set.

        >>> ours = AFTERCARE_RULES.without("aftercare.maintenance-cadence").regrade(
        ...     "aftercare.crisis-plan-present", Severity.WARNING
        ... )
        >>> found = check_aftercare(draft, ruleset=ours)
        >>> [v.severity.value for v in found if v.rule == "aftercare.crisis-plan-present"]
        ['warning']
    """
    check_instance(plan, AftercarePlan, ("plan",))
    check_optional_instance(context, AftercareContext, ("context",))
    check_instance(ruleset, RuleSet, ("ruleset",))
    return ruleset.evaluate(plan, AftercareContext() if context is None else context).violations
