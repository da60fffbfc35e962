"""No free text or client id reaches a repr or a message of the aftercare package."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from counselcore.aftercare import (
    SUICIDAL_IDEATION_FLAG,
    AftercareContext,
    TerminationEvidence,
    check_aftercare,
    check_safety_plan,
    termination_readiness,
)
from counselcore.examples import example_aftercare_plan
from counselcore.strategies import (
    aftercare_plans,
    broken_aftercare_plans,
    relapse_prevention_plans,
    safety_plans,
    termination_plans,
    treatment_plans,
)
from tests.privacy import leaks, marked, violation_leaks

AT_RISK = AftercareContext(risk_flags=frozenset({SUICIDAL_IDEATION_FLAG}))


class TestNoFreeTextLeaks:
    @given(
        st.one_of(
            aftercare_plans(), safety_plans(), relapse_prevention_plans(), termination_plans()
        )
    )
    def test_records_show_no_text_in_repr(self, value):
        """Every aftercare record with the marker in each text field and client id hides them."""
        assert not leaks(repr(marked(value)))

    @given(st.one_of(aftercare_plans(), broken_aftercare_plans().map(lambda pair: pair[0])))
    def test_rule_messages_quote_no_text(self, plan):
        """Aftercare and safety-plan violations name paths, ids and numbers only."""
        value = marked(plan, fill=False)

        found = check_aftercare(value, context=AT_RISK)
        crisis = () if value.crisis_plan is None else check_safety_plan(value.crisis_plan)

        assert not any(violation_leaks(v) for v in (*found, *crisis))

    @given(treatment_plans(), st.booleans())
    def test_termination_reasons_quote_no_text(self, plan, fill):
        """Termination readiness reasons name objective ids and numbers only."""
        value = marked(plan, fill=fill)

        result = termination_readiness(
            value,
            on=value.starts_on + dt.timedelta(days=3),
            treatment_started=value.starts_on,
            reliable_improvement=False,
        )

        evidence = TerminationEvidence(
            plan=value, on=value.starts_on, treatment_started=value.starts_on
        )

        assert not any(violation_leaks(v) for v in result.reasons)
        assert not leaks(repr(result))
        assert not leaks(repr(evidence))

    def test_the_marker_reaches_names_phones_and_sections(self):
        """The marking helper does put the marker into contacts, sections and the client id."""
        plan = marked(example_aftercare_plan())

        assert plan.crisis_plan is not None
        assert leaks(plan.crisis_plan.warning_signs[0])
        assert leaks(plan.support_network[0].name)
        assert leaks(plan.support_network[0].phone)
        assert leaks(plan.client.value)
