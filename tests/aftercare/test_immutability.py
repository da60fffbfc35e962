"""Aftercare values are immutable all the way down, and changes return new values."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counselcore.aftercare import (
    AFTERCARE_RULES,
    SAFETY_PLAN_RULES,
    TERMINATION_RULES,
    AftercareContext,
    ContactRole,
    SafetySection,
    SupportContact,
    TerminationReadiness,
    termination_readiness,
)
from counselcore.errors import InvalidValueError
from counselcore.strategies import (
    aftercare_plans,
    relapse_prevention_plans,
    safety_plans,
    termination_plans,
    treatment_plans,
)
from tests.immutability import assert_deeply_immutable


class TestImmutability:
    @given(
        aftercare_plans(),
        safety_plans(),
        relapse_prevention_plans(),
        termination_plans(),
        treatment_plans(),
    )
    def test_values_are_frozen_slotted_and_hashable(self, plan, safety, relapse, ending, course):
        """Every aftercare record, the rule sets and readiness results hold no mutable part."""
        readiness = termination_readiness(
            course, on=course.starts_on + dt.timedelta(days=50), treatment_started=course.starts_on
        )

        values = (plan, safety, relapse, ending, readiness, AftercareContext())

        assert_deeply_immutable(values)
        assert_deeply_immutable((AFTERCARE_RULES, SAFETY_PLAN_RULES, TERMINATION_RULES))

    @given(aftercare_plans(), st.sampled_from(ContactRole))
    def test_with_methods_return_new_plans(self, plan, role):
        """with_contact and with_section leave the plan they were called on untouched."""
        contact = SupportContact(contact_id="k-new", role=role)
        before = plan.support_network

        changed = plan.with_contact(contact)

        assert plan.support_network == before
        assert changed.support_network == (*before, contact)
        if plan.crisis_plan is not None:
            signs = plan.crisis_plan.warning_signs
            plan.crisis_plan.with_section(SafetySection.WARNING_SIGNS, ("new sign",))
            assert plan.crisis_plan.warning_signs == signs

    def test_readiness_refuses_a_list_of_reasons(self):
        """A readiness result built by hand with a list is refused."""
        with pytest.raises(InvalidValueError) as info:
            TerminationReadiness(ready=True, reasons=[])  # type: ignore[arg-type]

        assert info.value.paths == ("reasons",)
