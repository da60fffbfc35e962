"""PhasePolicy: defaults, limits and hooks."""

import pytest

from counselcore.errors import InvalidValueError
from counselcore.phases import DEFAULT_PLAN_RULES, DEFAULT_POLICY, PhasePolicy, accept_any_plan
from counselcore.rules import PLAN_COMPLETENESS


class TestDefaults:
    def test_the_default_invents_no_numbers(self) -> None:
        """Reviews follow the plan and contact gaps are not flagged by default."""
        assert (
            DEFAULT_POLICY.review_every_sessions,
            DEFAULT_POLICY.review_every_days,
            DEFAULT_POLICY.max_days_without_contact,
            DEFAULT_POLICY.consent_required,
        ) == (None, None, None, True)

    def test_default_plan_rules_leave_out_what_guards_report(self) -> None:
        """Consent and modality ids are the guards' business, so each problem is reported once."""
        assert set(PLAN_COMPLETENESS.ids) - set(DEFAULT_PLAN_RULES.ids) == {
            "plan.consent-before-start",
            "plan.intervention-known-modality",
        }

    def test_default_hooks_accept_anything(self) -> None:
        """The default hooks accept any plan object."""
        assert DEFAULT_POLICY.check_aftercare("x") == DEFAULT_POLICY.check_safety_plan(3) == ()
        assert accept_any_plan(object()) == ()


class TestLimits:
    @pytest.mark.parametrize(
        ("changes", "path"),
        [
            ({"review_every_sessions": 0}, ("review_every_sessions",)),
            ({"review_every_sessions": 1001}, ("review_every_sessions",)),
            ({"review_every_days": 0}, ("review_every_days",)),
            ({"max_days_without_contact": 3661}, ("max_days_without_contact",)),
            ({"max_days_without_contact": 1.5}, ("max_days_without_contact",)),
            ({"consent_required": "yes"}, ("consent_required",)),
            ({"plan_rules": ()}, ("plan_rules",)),
            ({"plan_context": None}, ("plan_context",)),
            ({"check_aftercare": "not callable"}, ("check_aftercare",)),
            ({"check_safety_plan": None}, ("check_safety_plan",)),
        ],
    )
    def test_bad_values_are_refused(
        self, changes: dict[str, object], path: tuple[str, ...]
    ) -> None:
        """Out-of-range numbers and wrong types are refused, naming the field."""
        with pytest.raises(InvalidValueError) as info:
            PhasePolicy(**changes)  # type: ignore[arg-type]

        assert info.value.violations[0].path == path

    @pytest.mark.parametrize("days", [1, 3660])
    def test_the_edges_are_allowed(self, days: int) -> None:
        """One day and ten years are both acceptable limits."""
        assert (
            PhasePolicy(max_days_without_contact=days, review_every_days=days).review_every_days
            == days
        )
