import datetime as dt

import pytest
from attrs import evolve

from counselcore.aftercare import (
    SAFETY_PLAN_RULES,
    ContactRole,
    SafetyPlan,
    SafetySection,
    SupportContact,
    check_safety_plan,
)
from counselcore.examples import example_safety_plan
from counselcore.violations import Severity


class TestCheckSafetyPlan:
    def test_the_example_plan_is_complete(self) -> None:
        """Every section is filled and a professional is reachable."""
        assert check_safety_plan(example_safety_plan()) == ()

    @pytest.mark.parametrize(
        ("section", "rule"),
        [
            (SafetySection.WARNING_SIGNS, "aftercare.safety-plan-warning-signs"),
            (SafetySection.INTERNAL_COPING, "aftercare.safety-plan-internal-coping"),
            (SafetySection.SOCIAL_DISTRACTION, "aftercare.safety-plan-social-distraction"),
            (SafetySection.PEOPLE_TO_ASK, "aftercare.safety-plan-people-to-ask"),
            (SafetySection.ENVIRONMENT_SAFETY, "aftercare.safety-plan-environment-safety"),
        ],
    )
    def test_each_text_or_people_section_needs_an_entry(
        self, section: SafetySection, rule: str
    ) -> None:
        """Emptying one section breaks exactly that section's rule (ids typed by hand)."""
        plan = example_safety_plan().with_section(section, ())

        violations = check_safety_plan(plan)

        assert [v.rule for v in violations] == [rule]
        assert violations[0].path == (section.field_name,)

    def test_section_severities(self) -> None:
        """Distraction and people to ask are warnings; the other sections are errors."""
        severities = {rule.id: rule.severity for rule in SAFETY_PLAN_RULES}

        assert [rid for rid, sev in severities.items() if sev is Severity.WARNING] == [
            "aftercare.safety-plan-social-distraction",
            "aftercare.safety-plan-people-to-ask",
        ]

    @pytest.mark.parametrize(
        ("role", "reachable", "broken"),
        [
            (ContactRole.CRISIS_LINE, True, False),
            (ContactRole.CLINICIAN, True, False),
            (ContactRole.URGENT_CARE, True, False),
            (ContactRole.CRISIS_LINE, False, True),
            (ContactRole.FRIEND, True, True),
        ],
    )
    def test_section_five_needs_a_reachable_professional(
        self, role: ContactRole, reachable: bool, broken: bool
    ) -> None:
        """Only a reachable clinician or crisis service satisfies section 5."""
        only_contact = SupportContact(contact_id="k-5", role=role, reachable=reachable)
        plan = evolve(example_safety_plan(), professionals_and_agencies=(only_contact,))

        found = [v.rule for v in check_safety_plan(plan)]

        assert found == (["aftercare.safety-plan-professional-contact"] if broken else [])

    def test_a_draft_breaks_every_rule_in_order(self) -> None:
        """An empty draft reports each rule once, in rule order."""
        draft = SafetyPlan(plan_id="sp-1", written_on=dt.date(2024, 1, 1))

        found = tuple(v.rule for v in check_safety_plan(draft))

        assert found == SAFETY_PLAN_RULES.ids
