"""
The safety-plan rule set: what a usable Stanley-Brown safety plan needs, checked on its own.

The phase machine calls `check_safety_plan` before a case leaves crisis; the aftercare rule
``aftercare.safety-plan-when-at-risk`` applies the same rules when a risk flag is set.
"""

from collections.abc import Callable, Iterator

from counselcore._internal.checks import check_instance
from counselcore.aftercare._enums import SafetySection
from counselcore.aftercare._values import SafetyPlan
from counselcore.rules import Finding, Rule, RuleSet
from counselcore.violations import Severity, Violation

__all__ = ["SAFETY_PLAN_RULES", "check_safety_plan"]

_STANLEY_BROWN = (
    "Stanley B, Brown GK. Safety Planning Intervention. Cogn Behav Pract 2012;19:256-64"
)


def _section_filled(section: SafetySection) -> Callable[[SafetyPlan, None], Iterator[Finding]]:
    def check(plan: SafetyPlan, _context: None) -> Iterator[Finding]:
        if plan.count(section) == 0:
            yield Finding(
                path=(section.field_name,),
                message=f"section {section.step} ({section.value}) has no entry",
                evidence=(("section", section.value), ("step", section.step)),
            )

    return check


def _professional_contact(plan: SafetyPlan, _context: None) -> Iterator[Finding]:
    contacts = plan.professionals_and_agencies
    if not any(c.reachable and c.role.is_professional for c in contacts):
        yield Finding(
            path=("professionals_and_agencies",),
            message="section 5 lists no reachable professional or crisis contact",
            evidence=(("contacts", len(contacts)),),
        )


def _section_rule(
    section: SafetySection, description: str, severity: Severity = Severity.ERROR
) -> Rule[SafetyPlan, None]:
    return Rule(
        id=f"aftercare.safety-plan-{section.value}",
        description=description,
        check=_section_filled(section),
        severity=severity,
        source=_STANLEY_BROWN,
    )


#: What a usable Stanley-Brown safety plan needs, checked on a `SafetyPlan` alone.
SAFETY_PLAN_RULES: RuleSet[SafetyPlan, None] = RuleSet(
    name="safety-plan",
    subject_types=(SafetyPlan,),
    context_types=(type(None),),
    rules=(
        _section_rule(
            SafetySection.WARNING_SIGNS,
            "Section 1 lists at least one warning sign that a crisis is building.",
        ),
        _section_rule(
            SafetySection.INTERNAL_COPING,
            "Section 2 lists at least one internal coping strategy the person can use alone.",
        ),
        _section_rule(
            SafetySection.SOCIAL_DISTRACTION,
            "Section 3 lists at least one person or social setting for distraction.",
            Severity.WARNING,
        ),
        _section_rule(
            SafetySection.PEOPLE_TO_ASK,
            "Section 4 lists at least one person the client can ask for help.",
            Severity.WARNING,
        ),
        Rule(
            id="aftercare.safety-plan-professional-contact",
            description="Section 5 lists at least one reachable professional or crisis contact "
            "(clinician, crisis line or urgent care).",
            check=_professional_contact,
            source=_STANLEY_BROWN,
        ),
        _section_rule(
            SafetySection.ENVIRONMENT_SAFETY,
            "Section 6 says how the environment is made safe (lethal-means counselling).",
        ),
    ),
)


def check_safety_plan(
    safety_plan: SafetyPlan, *, ruleset: RuleSet[SafetyPlan, None] = SAFETY_PLAN_RULES
) -> tuple[Violation, ...]:
    """
    Return every violation of *ruleset* (the safety-plan rules by default); ``()`` means fine.

    Example:
        >>> import datetime as dt
        >>> from counselcore.aftercare import ContactRole, SupportContact
        >>> plan = SafetyPlan(
        ...     plan_id="sp-1",
        ...     written_on=dt.date(2024, 6, 3),
        ...     warning_signs=("not sleeping",),
        ...     internal_coping=("cold shower",),
        ...     professionals_and_agencies=(SupportContact(contact_id="988", role=ContactRole.CRISIS_LINE),),
        ... )
        >>> for violation in check_safety_plan(plan):
        ...     print(violation.rule, violation.severity.value)
        aftercare.safety-plan-social-distraction warning
        aftercare.safety-plan-people-to-ask warning
        aftercare.safety-plan-environment-safety error
    """
    check_instance(safety_plan, SafetyPlan, ("safety_plan",))
    check_instance(ruleset, RuleSet, ("ruleset",))
    return ruleset.evaluate(safety_plan, None).violations
