"""Each guard at its boundary: the last accepted value and the first refused one."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

import pytest
from attrs import evolve
from hypothesis import given

from counselcore.errors import InvalidValueError
from counselcore.examples import example_aftercare_plan, example_safety_plan
from counselcore.model import Cadence, ReviewSchedule, RiskAssessment, SessionKind
from counselcore.phases import (
    DEFAULT_PLAN_RULES,
    DEFAULT_POLICY,
    PHASE_GUARDS,
    SESSION_KINDS,
    AftercareStarted,
    CaseState,
    CrisisBegan,
    CrisisResolved,
    Discharged,
    Disengaged,
    DisengagementReason,
    Event,
    IntakeCompleted,
    LapseReported,
    MeasureRecorded,
    Outcome,
    Phase,
    PhasePolicy,
    PlanAgreed,
    ReviewHeld,
    TerminationPlanned,
    replay,
    transition,
)
from counselcore.phases._modalities import MODALITY_KNOWN
from counselcore.phases._state import _Work
from counselcore.rules import check_plan
from counselcore.strategies import treatment_plans
from counselcore.violations import Severity, Violation
from tests.phases.builders import (
    DAY0,
    day,
    formulation,
    history_to,
    last_day,
    plan,
    session,
    state_in,
)

SP = example_safety_plan()
AP = example_aftercare_plan()


def rules(outcome: Outcome) -> list[str]:
    return [v.rule for v in outcome.violations]


def last(state: CaseState) -> dt.date:
    assert state.last_event_on is not None
    return state.last_event_on


def after(events: Iterable[Event], policy: PhasePolicy = DEFAULT_POLICY) -> CaseState:
    result = replay(events, policy)
    assert result.violations == ()
    return result.state


class TestEventsInDateOrder:
    def test_same_day_is_accepted(self) -> None:
        """An event on the same day as the previous one is in order."""
        state = state_in(Phase.ACTIVE)

        outcome = transition(state, MeasureRecorded(on=last(state), instrument="phq-9", total=9))

        assert outcome.accepted

    def test_a_day_earlier_is_refused(self) -> None:
        """An event one day before the previous one is refused and the state is unchanged."""
        state = state_in(Phase.ACTIVE)
        earlier = last(state) - dt.timedelta(days=1)

        outcome = transition(state, MeasureRecorded(on=earlier, instrument="phq-9", total=9))

        assert rules(outcome) == ["phases.events-in-date-order"]
        assert outcome.violations[0].evidence == (("days_before", 1),)
        assert outcome.state is state


class TestEventAllowedInPhase:
    def test_an_event_without_transition_is_refused(self) -> None:
        """A review cannot be held at intake."""
        outcome = transition(CaseState.start(), ReviewHeld(on=DAY0))

        assert rules(outcome) == ["phases.event-allowed-in-phase"]
        assert outcome.violations[0].evidence == (("event", "review-held"), ("phase", "intake"))

    def test_every_reason_is_reported_at_once(self) -> None:
        """An event both out of order and without a transition reports both rules."""
        state = state_in(Phase.CLOSED)

        outcome = transition(state, ReviewHeld(on=DAY0))

        assert rules(outcome) == ["phases.events-in-date-order", "phases.event-allowed-in-phase"]


class TestIntakeRequiresFormulation:
    def test_no_presenting_problem_is_refused(self) -> None:
        """A formulation without presenting problems cannot complete intake."""
        event = IntakeCompleted(on=DAY0, formulation=formulation(presenting_problems=()))

        assert rules(transition(CaseState.start(), event)) == ["phases.intake-requires-formulation"]

    def test_one_presenting_problem_is_enough(self) -> None:
        """One presenting problem completes intake."""
        one = formulation().presenting_problems[:1]

        outcome = transition(
            CaseState.start(),
            IntakeCompleted(on=DAY0, formulation=formulation(presenting_problems=one)),
        )

        assert outcome.accepted
        assert outcome.state.phase is Phase.PLANNING


class TestIntakeRequiresRiskScreen:
    def test_no_risk_screen_is_refused(self) -> None:
        """A formulation without a risk screen cannot complete intake."""
        event = IntakeCompleted(on=DAY0, formulation=formulation(risk=None))

        assert rules(transition(CaseState.start(), event)) == ["phases.intake-requires-risk-screen"]

    def test_screen_on_the_day_is_accepted(self) -> None:
        """A risk screen done on the day intake completes is enough."""
        event = IntakeCompleted(
            on=DAY0, formulation=formulation(risk=RiskAssessment(screened_on=DAY0))
        )

        assert transition(CaseState.start(), event).accepted

    def test_screen_the_day_after_is_refused(self) -> None:
        """A risk screen dated after intake completed does not count."""
        event = IntakeCompleted(
            on=DAY0, formulation=formulation(risk=RiskAssessment(screened_on=day(1)))
        )

        outcome = transition(CaseState.start(), event)

        assert rules(outcome) == ["phases.intake-requires-risk-screen"]
        assert outcome.violations[0].path == ("formulation", "risk", "screened_on")


class TestPlanMatchesFormulation:
    @pytest.mark.parametrize("formulation_id", [None, "f-1"])
    def test_no_or_the_current_formulation_is_accepted(self, formulation_id: str | None) -> None:
        """A plan naming no formulation, or the case's, is accepted."""
        event = PlanAgreed(on=day(7), plan=plan(formulation_id=formulation_id))

        assert transition(state_in(Phase.PLANNING), event).accepted

    def test_another_formulation_is_refused(self) -> None:
        """A plan written for another formulation is refused."""
        event = PlanAgreed(on=day(7), plan=plan(formulation_id="f-other"))

        assert rules(transition(state_in(Phase.PLANNING), event)) == [
            "phases.plan-matches-formulation"
        ]


class TestActiveRequiresConsent:
    def test_no_consent_is_refused(self) -> None:
        """Treatment does not start without recorded consent."""
        event = PlanAgreed(on=day(7), plan=plan(consent_recorded_on=None))

        assert rules(transition(state_in(Phase.PLANNING), event)) == [
            "phases.active-requires-consent"
        ]

    def test_consent_on_the_day_is_accepted(self) -> None:
        """Consent recorded the day treatment starts is enough."""
        event = PlanAgreed(on=day(7), plan=plan(consent_recorded_on=day(7)))

        assert transition(state_in(Phase.PLANNING), event).accepted

    def test_consent_a_day_late_is_refused(self) -> None:
        """Consent recorded after treatment starts is refused, with the days late."""
        event = PlanAgreed(on=day(7), plan=plan(consent_recorded_on=day(8)))

        outcome = transition(state_in(Phase.PLANNING), event)

        assert rules(outcome) == ["phases.active-requires-consent"]
        assert outcome.violations[0].evidence == (("days_late", 1),)

    def test_a_policy_may_waive_consent(self) -> None:
        """With consent_required off, a plan without consent starts treatment."""
        event = PlanAgreed(on=day(7), plan=plan(consent_recorded_on=None))

        outcome = transition(state_in(Phase.PLANNING), event, PhasePolicy(consent_required=False))

        assert outcome.accepted


class TestActiveRequiresPlan:
    def test_a_plan_without_goals_is_refused(self) -> None:
        """A plan with no goals (and so no modality) cannot start treatment."""
        event = PlanAgreed(on=day(7), plan=plan(goals=(), problems=()))

        outcome = transition(state_in(Phase.PLANNING), event)

        assert rules(outcome) == ["phases.active-requires-plan", "phases.active-requires-modality"]
        assert outcome.violations[0].path == ("plan", "goals")
        assert outcome.violations[0].evidence == (("plan_rule", "plan.has-goal"),)

    def test_warning_findings_do_not_refuse(self) -> None:
        """A plan whose only findings are warnings (no cadence) starts treatment."""
        event = PlanAgreed(on=day(7), plan=plan(session_cadence=None))

        assert transition(state_in(Phase.PLANNING), event).accepted

    def test_a_missing_review_schedule_is_refused(self) -> None:
        """A plan without a review schedule cannot start treatment."""
        event = PlanAgreed(on=day(7), plan=plan(review=None))

        outcome = transition(state_in(Phase.PLANNING), event)

        assert [v.evidence[0] for v in outcome.violations] == [
            ("plan_rule", "plan.review-interval-set")
        ]

    @given(treatment_plans())
    def test_it_reports_exactly_the_error_part_of_check_plan(self, drawn: object) -> None:
        """The guard reports each error of check_plan with the policy's rules, in order."""
        from counselcore.model import TreatmentPlan

        assert isinstance(drawn, TreatmentPlan)
        expected = [
            (("plan", *v.path), v.rule)
            for v in check_plan(drawn, ruleset=DEFAULT_PLAN_RULES)
            if v.severity is Severity.ERROR
        ]
        event = PlanAgreed(on=drawn.starts_on, plan=drawn)

        found = transition(state_in(Phase.PLANNING), event).violations

        assert [
            (v.path, v.evidence[0][1]) for v in found if v.rule == "phases.active-requires-plan"
        ] == expected


class TestModalities:
    def test_an_unknown_modality_in_the_plan_is_refused(self) -> None:
        """A plan naming a modality the catalog does not know is refused."""
        event = PlanAgreed(on=day(7), plan=plan(modalities=("reiki",)))

        outcome = transition(state_in(Phase.PLANNING), event, PhasePolicy())

        assert rules(outcome) == ["phases.modality-known"]
        assert outcome.violations[0].path == ("plan", "interventions", "reiki", "modality")

    def test_emdr_before_stabilization_is_refused(self) -> None:
        """An EMDR plan is refused until stabilization criteria are met."""
        event = PlanAgreed(on=day(7), plan=plan(modalities=("emdr",)))

        assert rules(transition(state_in(Phase.PLANNING), event)) == [
            "modality.emdr.requires_stabilization"
        ]

    def test_emdr_after_stabilization_is_accepted(self) -> None:
        """An EMDR plan starts once the intake found stabilization criteria met."""
        state = after([IntakeCompleted(on=DAY0, formulation=formulation(), stabilization_met=True)])

        outcome = transition(state, PlanAgreed(on=day(7), plan=plan(modalities=("emdr",))))

        assert outcome.accepted

    def test_an_emdr_session_in_crisis_is_refused(self) -> None:
        """EMDR processing is not done during a crisis (and the crisis resets stabilization)."""
        state = after(
            [
                IntakeCompleted(on=DAY0, formulation=formulation(), stabilization_met=True),
                CrisisBegan(on=day(1)),
            ]
        )

        outcome = transition(state, session(2, modality="emdr"))

        assert rules(outcome) == [
            "modality.emdr.requires_stabilization",
            "modality.emdr.not_in_crisis",
        ]
        assert outcome.violations[0].path == ("session", "modality")

    def test_an_emdr_session_when_stabilized_is_accepted(self) -> None:
        """An EMDR session in active treatment is accepted once stabilized."""
        state = after(
            [
                IntakeCompleted(on=DAY0, formulation=formulation(), stabilization_met=True),
                PlanAgreed(on=day(7), plan=plan(modalities=("emdr",))),
            ]
        )

        assert transition(state, session(8, modality="emdr")).accepted

    def test_an_unknown_modality_in_a_session_is_refused(self) -> None:
        """A session under an unknown modality is refused."""
        outcome = transition(state_in(Phase.ACTIVE), session(8, modality="reiki"))

        assert rules(outcome) == ["phases.modality-known"]

    @pytest.mark.parametrize(
        ("phase", "event"),
        [
            (Phase.PLANNING, PlanAgreed(on=day(7), plan=plan(modalities=("reiki",)))),
            (Phase.PLANNING, PlanAgreed(on=day(7), plan=plan(modalities=("cbt", "reiki")))),
            (Phase.PLANNING, PlanAgreed(on=day(7), plan=plan(modalities=("cbt",)))),
            (Phase.ACTIVE, session(8, modality="reiki")),
            (Phase.ACTIVE, session(8, modality="emdr")),
            (Phase.ACTIVE, session(8)),
        ],
    )
    def test_the_declared_rule_explains_what_the_machine_reports(
        self, phase: Phase, event: object
    ) -> None:
        """
        The machine reaches phases.modality-known through the delegated modality check; the
        rule's own check, as `PHASE_GUARDS` declares it, must find the same places.
        """
        state = state_in(phase)
        declared = PHASE_GUARDS[MODALITY_KNOWN].evaluate(_Work(state, DEFAULT_POLICY), event)

        machine = transition(state, event).violations

        assert [(v.path, v.message, v.evidence) for v in declared if v.rule == MODALITY_KNOWN] == [
            (v.path, v.message, v.evidence) for v in machine if v.rule == MODALITY_KNOWN
        ]


class TestReviewDue:
    def active_after(self, sessions: int, gap: int = 1) -> CaseState:
        return after(
            history_to(Phase.ACTIVE) + [session(7 + gap * i) for i in range(1, sessions + 1)]
        )

    def test_five_of_six_sessions_is_too_early(self) -> None:
        """With a review every 6 sessions, a review after 5 is refused."""
        state = self.active_after(5)

        outcome = transition(state, ReviewHeld(on=last(state)))

        assert rules(outcome) == ["phases.review-due"]
        assert ("sessions_since_review", 5) in outcome.violations[0].evidence

    def test_six_sessions_make_it_due(self) -> None:
        """After 6 sessions the review is due and resets the count."""
        state = self.active_after(6)

        outcome = transition(state, ReviewHeld(on=last(state)))

        assert outcome.accepted
        assert outcome.state.phase is Phase.REVIEW
        assert outcome.state.sessions_since_review == 0

    def test_day_41_is_too_early(self) -> None:
        """With a review every 42 days, one on day 41 after the start is refused."""
        outcome = transition(state_in(Phase.ACTIVE), ReviewHeld(on=day(7 + 41)))

        assert rules(outcome) == ["phases.review-due"]
        assert ("days_until_due", 1) in outcome.violations[0].evidence

    def test_day_42_is_due(self) -> None:
        """On day 42 after the start the review is due."""
        assert transition(state_in(Phase.ACTIVE), ReviewHeld(on=day(7 + 42))).accepted

    def test_a_stricter_policy_brings_it_forward(self) -> None:
        """An organization's 3-session maximum makes a review due before the plan's 6."""
        policy = PhasePolicy(review_every_sessions=3)
        state = after([*history_to(Phase.ACTIVE), session(8), session(9), session(10)], policy)

        assert transition(state, ReviewHeld(on=day(10)), policy).accepted
        assert not transition(state, ReviewHeld(on=day(10))).accepted

    def test_without_any_schedule_a_review_is_always_allowed(self) -> None:
        """A plan without schedule (rule dropped by the policy) lets a review happen any time."""
        policy = PhasePolicy(plan_rules=DEFAULT_PLAN_RULES.without("plan.review-interval-set"))
        state = after(
            [
                IntakeCompleted(on=DAY0, formulation=formulation()),
                PlanAgreed(on=day(7), plan=plan(review=None)),
            ],
            policy,
        )

        assert transition(state, ReviewHeld(on=day(7)), policy).accepted


class TestReviewOnTime:
    def test_a_session_on_the_due_day_is_flagged_in_days(self) -> None:
        """A session on the day a date-based review falls due is flagged with the days overdue."""
        outcome = transition(state_in(Phase.ACTIVE), session(7 + 42))

        assert outcome.violations[0].evidence == (("days_overdue", 0),)
        assert outcome.violations[0].message == "a review has been due for 0 day(s)"

    def test_the_sixth_session_is_not_flagged(self) -> None:
        """The sixth session since the last review is on time."""
        state = after(history_to(Phase.ACTIVE) + [session(8 + i) for i in range(5)])

        assert transition(state, session(20)).violations == ()

    def test_a_seventh_session_is_flagged_but_accepted(self) -> None:
        """A session held while the review is due gives a warning and still counts."""
        state = after(history_to(Phase.ACTIVE) + [session(8 + i) for i in range(6)])

        outcome = transition(state, session(20))

        assert outcome.accepted
        assert rules(outcome) == ["phases.review-on-time"]
        assert outcome.violations[0].severity is Severity.WARNING
        assert outcome.state.sessions_since_review == 7


class TestSessionKindFitsPhase:
    @pytest.mark.parametrize("phase", [p for p in Phase if p.is_open])
    @pytest.mark.parametrize("kind", list(SessionKind))
    def test_each_kind_in_each_open_phase(self, phase: Phase, kind: SessionKind) -> None:
        """A session kind is accepted exactly in the phases whose table lists it."""
        state = state_in(phase)
        held = (last_day(phase) - DAY0).days

        outcome = transition(state, session(held, kind))

        assert outcome.accepted is (kind in SESSION_KINDS[phase])
        if not outcome.accepted:
            assert rules(outcome) == ["phases.session-kind-fits-phase"]

    def test_no_session_while_closed(self) -> None:
        """A closed case takes no session at all."""
        outcome = transition(state_in(Phase.CLOSED), session(300))

        assert rules(outcome) == ["phases.event-allowed-in-phase"]


class TestTermination:
    def in_review(self, *, goals_met: bool) -> CaseState:
        events = history_to(Phase.REVIEW)
        events[-1] = ReviewHeld(on=day(44), goals_met=goals_met)
        return after(events)

    def test_goals_not_met_and_not_client_initiated_is_refused(self) -> None:
        """Without goals met or the client's wish, termination is refused."""
        event = TerminationPlanned(on=day(45), termination_plan_recorded=True)

        outcome = transition(self.in_review(goals_met=False), event)

        assert rules(outcome) == ["phases.termination-requires-reason"]

    @pytest.mark.parametrize(("goals_met", "client"), [(True, False), (False, True)])
    def test_either_reason_is_enough(self, goals_met: bool, client: bool) -> None:
        """Goals met at review, or a client-initiated end, allows termination."""
        event = TerminationPlanned(
            on=day(45), client_initiated=client, termination_plan_recorded=True
        )

        outcome = transition(self.in_review(goals_met=goals_met), event)

        assert outcome.state.phase is Phase.TERMINATION

    def test_no_termination_plan_is_refused(self) -> None:
        """A termination without a recorded plan is refused."""
        event = TerminationPlanned(on=day(45))

        assert rules(transition(self.in_review(goals_met=True), event)) == [
            "phases.termination-requires-plan"
        ]


class TestCrisisExit:
    def test_no_safety_plan_is_refused(self) -> None:
        """A crisis is not resolved without a safety plan."""
        event = CrisisResolved(on=day(3), risk_screened_on=day(3))

        assert rules(transition(state_in(Phase.CRISIS), event)) == [
            "phases.crisis-exit-requires-safety-plan"
        ]

    def test_the_safety_plan_hook_can_refuse(self) -> None:
        """The policy's safety-plan hook reports under its own rule id, below safety_plan."""
        problem = Violation(
            rule="aftercare.safety-contact", path=("contacts",), message="no reachable contact"
        )
        policy = PhasePolicy(check_safety_plan=lambda _plan, _flags: (problem,))
        event = CrisisResolved(on=day(3), safety_plan=SP, risk_screened_on=day(3))

        outcome = transition(state_in(Phase.CRISIS), event, policy)

        assert rules(outcome) == ["aftercare.safety-contact"]
        assert outcome.violations[0].path == ("safety_plan", "contacts")

    def test_no_rescreen_is_refused(self) -> None:
        """A crisis is not resolved without a fresh risk screen."""
        event = CrisisResolved(on=day(3), safety_plan=SP)

        assert rules(transition(state_in(Phase.CRISIS), event)) == [
            "phases.crisis-exit-requires-risk-rescreen"
        ]

    @pytest.mark.parametrize(
        ("screened", "accepted"), [(0, False), (1, True), (3, True), (4, False)]
    )
    def test_the_rescreen_falls_within_the_crisis(self, screened: int, accepted: bool) -> None:
        """The re-screen counts from the day the crisis began to the day it is resolved."""
        event = CrisisResolved(on=day(3), safety_plan=SP, risk_screened_on=day(screened))

        assert transition(state_in(Phase.CRISIS), event).accepted is accepted

    @pytest.mark.parametrize("phase", [p for p in Phase if p.is_open and p is not Phase.CRISIS])
    def test_the_case_returns_to_the_interrupted_phase(self, phase: Phase) -> None:
        """A resolved crisis goes back to the phase it interrupted."""
        began = last_day(phase)
        state = after([*history_to(phase), CrisisBegan(on=began)])

        outcome = transition(
            state, CrisisResolved(on=began, safety_plan=SP, risk_screened_on=began)
        )

        assert outcome.state.phase is phase
        assert outcome.state.interrupted_phase is None
        assert outcome.state.safety_plan_present

    def test_replan_goes_to_planning(self) -> None:
        """With replan, a resolved crisis goes to planning."""
        state = after([*history_to(Phase.ACTIVE), CrisisBegan(on=day(8))])

        outcome = transition(
            state, CrisisResolved(on=day(9), safety_plan=SP, risk_screened_on=day(9), replan=True)
        )

        assert outcome.state.phase is Phase.PLANNING

    def test_replan_from_intake_is_refused(self) -> None:
        """A crisis during intake cannot go to planning: there is no formulation yet."""
        state = after([CrisisBegan(on=DAY0)])

        outcome = transition(
            state, CrisisResolved(on=day(1), safety_plan=SP, risk_screened_on=day(1), replan=True)
        )

        assert rules(outcome) == ["phases.replan-requires-formulation"]


class TestAftercarePlanRequired:
    @pytest.mark.parametrize("event_type", [AftercareStarted, Discharged])
    def test_leaving_termination_without_aftercare_is_refused(self, event_type: type) -> None:
        """Maintenance or discharge from termination needs an aftercare plan."""
        outcome = transition(state_in(Phase.TERMINATION), event_type(on=day(50)))

        assert rules(outcome) == ["phases.aftercare-plan-required"]

    @pytest.mark.parametrize(
        ("event_type", "phase"), [(AftercareStarted, Phase.MAINTENANCE), (Discharged, Phase.CLOSED)]
    )
    def test_with_aftercare_it_is_accepted(self, event_type: type, phase: Phase) -> None:
        """With an aftercare plan the case leaves termination."""
        outcome = transition(state_in(Phase.TERMINATION), event_type(on=day(50), aftercare_plan=AP))

        assert outcome.state.phase is phase
        assert outcome.state.aftercare_plan_present

    def test_discharge_from_maintenance_needs_nothing_more(self) -> None:
        """Aftercare is already in place in maintenance."""
        assert transition(state_in(Phase.MAINTENANCE), Discharged(on=day(300))).accepted

    def test_the_default_policy_applies_the_aftercare_rules(self) -> None:
        """With the default policy an aftercare plan with no support network is refused."""
        incomplete = evolve(AP, support_network=())

        outcome = transition(
            state_in(Phase.TERMINATION), AftercareStarted(on=day(50), aftercare_plan=incomplete)
        )

        assert not outcome.accepted
        assert "aftercare.support-network-present" in rules(outcome)
        assert all(v.path[0] == "aftercare_plan" for v in outcome.errors)

    def test_the_aftercare_hook_can_refuse(self) -> None:
        """The policy's aftercare hook reports under its own rule id."""
        problem = Violation(rule="aftercare.booster-window", path=("boosters",), message="too late")
        policy = PhasePolicy(check_aftercare=lambda _plan, _flags: (problem,))

        outcome = transition(
            state_in(Phase.TERMINATION), AftercareStarted(on=day(50), aftercare_plan=AP), policy
        )

        assert rules(outcome) == ["aftercare.booster-window"]
        assert outcome.violations[0].path == ("aftercare_plan", "boosters")

    @pytest.mark.parametrize("answer", ["fine", None, True, ("not a violation",), b"x"])
    def test_a_hook_answering_without_violations_is_a_configuration_error(
        self, answer: Any
    ) -> None:
        """A hook's wrong answer is named as the hook's error, not an AttributeError deep inside."""
        policy = PhasePolicy(check_aftercare=lambda _plan, _flags: answer)
        event = AftercareStarted(on=day(50), aftercare_plan=AP)

        with pytest.raises(InvalidValueError) as raised:
            transition(state_in(Phase.TERMINATION), event, policy)

        assert raised.value.violations[0].path == ("check_aftercare",)
        assert raised.value.violations[0].rule == "structure.type"

    def test_a_hook_name_must_be_a_hook(self) -> None:
        with pytest.raises(InvalidValueError, match=r"hook: must be check_aftercare or check_sa"):
            PhasePolicy().run_hook("plan_rules", AP)


class TestContactWithinLimit:
    policy = PhasePolicy(max_days_without_contact=30)

    def test_thirty_days_is_within_the_limit(self) -> None:
        """A contact 30 days after the last one is not flagged."""
        state = after(history_to(Phase.ACTIVE), self.policy)

        assert transition(state, session(7 + 30), self.policy).violations == ()

    def test_thirty_one_days_is_flagged_but_accepted(self) -> None:
        """A contact 31 days after the last one is flagged as a warning."""
        state = after(history_to(Phase.ACTIVE), self.policy)

        outcome = transition(state, session(7 + 31), self.policy)

        assert outcome.accepted
        assert rules(outcome) == ["phases.contact-within-limit"]
        (warning,) = outcome.violations
        assert warning.evidence == (("days_without_contact", 31), ("limit", 30))
        assert warning.where == "on"
        assert warning.message == (
            "comes 31 days after the last contact (limit 30): consider disengagement"
        )

    def test_measures_do_not_count_as_contact(self) -> None:
        """A measure in between does not reset the contact clock, nor is it flagged."""
        state = after(
            [*history_to(Phase.ACTIVE), MeasureRecorded(on=day(30), instrument="phq-9", total=5)],
            self.policy,
        )

        assert rules(transition(state, session(7 + 31), self.policy)) == [
            "phases.contact-within-limit"
        ]

    def test_disengagement_and_maintenance_are_not_flagged(self) -> None:
        """Closing for lack of contact, and sparse maintenance contact, are not flagged."""
        active = after(history_to(Phase.ACTIVE), self.policy)
        maintenance = after(history_to(Phase.MAINTENANCE), self.policy)

        closing = transition(
            active, Disengaged(on=day(200), reason=DisengagementReason.LOST_TO_CONTACT), self.policy
        )
        lapse = transition(maintenance, LapseReported(on=day(200)), self.policy)

        assert closing.violations == ()
        assert lapse.violations == ()

    def test_the_default_policy_flags_nothing(self) -> None:
        """Without a limit no gap is flagged."""
        assert transition(state_in(Phase.ACTIVE), session(7 + 40)).violations == ()


class TestGuardTable:
    def test_every_rule_id_is_a_phases_id(self) -> None:
        """Every guard id is ``phases.<kebab-name>``."""
        assert all(rule.id.startswith("phases.") for rule in PHASE_GUARDS)

    def test_warnings_are_exactly_the_three_flags(self) -> None:
        """Only review-on-time, contact-gap and a skipped plan version warn; every other guard refuses."""
        warnings = [rule.id for rule in PHASE_GUARDS if rule.severity is Severity.WARNING]

        assert warnings == [
            "phases.review-on-time",
            "phases.contact-within-limit",
            "phases.revision-version-consecutive",
        ]

    def test_cadence_is_irrelevant_to_the_machine(self) -> None:
        """A plan's cadence does not change what the machine accepts."""
        event = PlanAgreed(
            on=day(7),
            plan=plan(session_cadence=Cadence.BIWEEKLY, review=ReviewSchedule(every_days=30)),
        )

        assert transition(state_in(Phase.PLANNING), event).accepted

    def test_evolved_plan_keeps_its_identity(self) -> None:
        """The builders make a complete plan (sanity check for the tests above)."""
        assert [v for v in check_plan(evolve(plan())) if v.severity is Severity.ERROR] == []
