"""PhasePolicy: defaults, limits and hooks."""

import pytest
from attrs import evolve

from counselcore.aftercare import SUICIDAL_IDEATION_FLAG
from counselcore.errors import InvalidValueError
from counselcore.examples import example_aftercare_plan, example_safety_plan
from counselcore.modalities import BUILTIN_CATALOG
from counselcore.phases import (
    DEFAULT_PLAN_RULES,
    DEFAULT_POLICY,
    AftercareStarted,
    CrisisBegan,
    CrisisResolved,
    MeasureRecorded,
    Phase,
    PhasePolicy,
    accept_any_plan,
    replay,
)
from counselcore.rules import PLAN_COMPLETENESS
from tests.phases.builders import day, history_to


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

    def test_default_hooks_run_the_aftercare_rules(self) -> None:
        """The default hooks are the aftercare and safety-plan rule sets; complete plans pass."""
        flags = frozenset({SUICIDAL_IDEATION_FLAG})

        assert DEFAULT_POLICY.check_aftercare(example_aftercare_plan(), flags) == ()
        assert DEFAULT_POLICY.check_safety_plan(example_safety_plan(), flags) == ()
        assert DEFAULT_POLICY.catalog is BUILTIN_CATALOG

    def test_the_aftercare_hook_sees_the_risk_flags(self) -> None:
        """Without its crisis plan an aftercare plan passes only while no risk flag is set."""
        plan = evolve(example_aftercare_plan(), crisis_plan=None)

        quiet = DEFAULT_POLICY.check_aftercare(plan, frozenset())
        flagged = DEFAULT_POLICY.check_aftercare(plan, frozenset({SUICIDAL_IDEATION_FLAG}))

        assert "aftercare.safety-plan-when-at-risk" not in {v.rule for v in quiet}
        assert "aftercare.safety-plan-when-at-risk" in {v.rule for v in flagged}

    def test_the_safety_plan_hook_refuses_an_incomplete_plan(self) -> None:
        """A safety plan with no professional contact section is refused by the default hook."""
        plan = evolve(example_safety_plan(), professionals_and_agencies=())

        found = DEFAULT_POLICY.check_safety_plan(plan, frozenset())

        assert "aftercare.safety-plan-professional-contact" in {v.rule for v in found}

    def test_accept_any_plan_is_the_permissive_hook(self) -> None:
        """accept_any_plan accepts anything, with or without flags."""
        assert accept_any_plan(object()) == accept_any_plan(object(), frozenset({"x"})) == ()


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


def test_a_policy_pickles() -> None:
    """A policy can be sent to a worker process (its derived instrument index included)."""
    import pickle

    from counselcore.phases import DEFAULT_POLICY

    again = pickle.loads(pickle.dumps(DEFAULT_POLICY))  # noqa: S301 - our own bytes

    assert again == DEFAULT_POLICY
    assert again.instrument_facts("gad-7") == DEFAULT_POLICY.instrument_facts("gad-7")


class TestHooksSeeTheCasesRiskFlags:
    """Both hooks are called with the risk flags of the latest measure of each instrument."""

    @staticmethod
    def recording_policy(seen: list[tuple[str, frozenset[str]]]) -> PhasePolicy:
        def aftercare(_plan: object, flags: frozenset[str]) -> tuple[()]:
            seen.append(("check_aftercare", flags))
            return ()

        def safety(_plan: object, flags: frozenset[str]) -> tuple[()]:
            seen.append(("check_safety_plan", flags))
            return ()

        return PhasePolicy(check_aftercare=aftercare, check_safety_plan=safety)

    def test_the_aftercare_hook(self) -> None:
        seen: list[tuple[str, frozenset[str]]] = []
        flagged = MeasureRecorded(
            on=day(46), instrument="phq-9", total=12, risk_flags={SUICIDAL_IDEATION_FLAG}
        )
        events = [
            *history_to(Phase.TERMINATION),
            flagged,
            AftercareStarted(on=day(50), aftercare_plan=example_aftercare_plan()),
        ]
        assert replay(events, self.recording_policy(seen)).ok
        assert seen == [("check_aftercare", frozenset({SUICIDAL_IDEATION_FLAG}))]

    def test_the_safety_plan_hook(self) -> None:
        seen: list[tuple[str, frozenset[str]]] = []
        flagged = MeasureRecorded(
            on=day(9), instrument="phq-9", total=12, risk_flags={SUICIDAL_IDEATION_FLAG}
        )
        events = [
            *history_to(Phase.ACTIVE),
            CrisisBegan(on=day(9)),
            flagged,
            CrisisResolved(on=day(12), safety_plan=example_safety_plan(), risk_screened_on=day(10)),
        ]
        assert replay(events, self.recording_policy(seen)).ok
        assert seen == [("check_safety_plan", frozenset({SUICIDAL_IDEATION_FLAG}))]
