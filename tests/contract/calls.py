"""
The functions and methods of the error contract: one valid call each, whose arguments are then
replaced one at a time by the wrong values of ``inventory.WRONG``.

The valid call's own result is part of the contract too (its repr, which holds no clinical
text), so a changed answer on these inputs is a reviewed diff like a changed message.
"""

import datetime as dt
import inspect
from collections.abc import Callable, Iterator
from typing import Any

import attrs

from counselcore import aftercare, measures, modalities, phases, rules, simulation
from counselcore.errors import CounselcoreError
from counselcore.examples import (
    example_aftercare_plan,
    example_formulation,
    example_plan,
    example_safety_plan,
)
from counselcore.model import (
    Cadence,
    ClientRef,
    Diagnosis,
    Intervention,
    Metric,
    MetricKind,
    ReadinessStage,
    RiskLevel,
    SessionKind,
    SeveritySpecifier,
    TreatmentPlan,
    Trigger,
)
from counselcore.violations import Violation
from tests.contract.inventory import WRONG, describe
from tests.phases.builders import last_day, state_in

D0 = dt.date(2024, 1, 15)


def _administrations() -> tuple[measures.Administration, ...]:
    weeks = ((2, 2, 2, 2, 2, 2, 2, 1, 1), (1, 1, 1, 1, 1, 1, 1, 0, 0), (0, 0, 1, 0, 0, 0, 0, 0, 0))
    return tuple(
        measures.administer(measures.PHQ_9, responses, on=D0 + dt.timedelta(weeks=4 * n))
        for n, responses in enumerate(weeks)
    )


def _anxiety() -> tuple[measures.Administration, ...]:
    return tuple(
        measures.administer(measures.GAD_7, (score,) * 7, on=D0 + dt.timedelta(weeks=4 * n))
        for n, score in enumerate((2, 1, 0))
    )


def _slightly_worse() -> measures.Trajectory:
    """A PHQ-9 line 3 points worse: reliable deterioration at 1 point, not at the default 6."""
    first = measures.administer(measures.PHQ_9, (1, 1, 1, 1, 1, 0, 0, 0, 0), on=D0)
    later = measures.administer(
        measures.PHQ_9, (1, 1, 1, 1, 1, 1, 1, 1, 0), on=D0 + dt.timedelta(weeks=4)
    )
    return measures.trajectory((first, later), "phq-9")


@attrs.frozen
class Call:
    """One valid call: *function* with *args* and *kwargs*."""

    name: str
    function: Callable[..., Any]
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = attrs.field(factory=dict)
    #: False for a rule-break call: its point is the violations, and its arguments' wrong
    #: values are already in the contract through a valid call of the same function.
    vary: bool = True


def calls() -> list[Call]:
    """Every call in the contract, in a stable order."""
    return [*_valid_calls(), *branches(), *rule_breaks()]


def _valid_calls() -> list[Call]:
    plan = example_plan()
    formulation = example_formulation()
    runs = _administrations()
    line = measures.trajectory(runs, "phq-9")
    objective = plan.goals[0].objectives[0]
    rci = measures.RciParameters(sd=5, reliability=0.84)
    norms = measures.Norms(
        dysfunctional_mean=15, dysfunctional_sd=5, functional_mean=4, functional_sd=3
    )
    cutoff = measures.clinical_cutoff(norms, measures.CutoffCriterion.C)
    prorating = measures.Prorating(instruments=("phq-9",), max_missing=1)
    history = phases.replay(()).state
    rule = rules.PLAN_COMPLETENESS.rules[0]
    cbt = modalities.BUILTIN_CATALOG.get("cbt")
    return [
        Call("measures.administer", measures.administer, (measures.GAD_7, (1,) * 7), {"on": D0}),
        Call(
            "measures.administer+prorating",
            measures.administer,
            (measures.PHQ_9, (None,) + (1,) * 8),
            {"on": D0, "prorating": prorating},
        ),
        Call(
            "Administration.subscore",
            measures.administer(measures.PCL_5, (2,) * 20, on=D0).subscore,
            ("cluster-c-avoidance",),
        ),
        Call("Administration.meets", runs[0].meets, ("caseness",)),
        Call("Instrument.threshold", measures.PHQ_9.threshold, ("caseness",)),
        Call("Instrument.band_for", measures.PHQ_9.band_for, (14,)),
        Call("Instrument.with_threshold", measures.PHQ_9.with_threshold, ("x", 3)),
        Call(
            "Instrument.with_triage",
            measures.CSSRS_SCREENER.with_triage,
            (measures.COLUMBIA_TRIAGE,),
        ),
        Call(
            "Instrument.with_triage+bands",
            measures.DAST_10.with_triage,
            (measures.COLUMBIA_TRIAGE,),
        ),
        Call("Prorating.allows", prorating.allows, ("phq-9", 1)),
        Call(
            "measures.triage",
            measures.triage,
            (measures.administer(measures.CSSRS_SCREENER, (1, 1, 0, 0, 0, 1, 1), on=D0),),
        ),
        Call(
            "measures.reliable_change_index",
            measures.reliable_change_index,
            (20, 12),
            {"sd": 5, "reliability": 0.84},
        ),
        Call("RciParameters.index", rci.index, (20, 12)),
        Call("measures.classify_change", measures.classify_change, (20, 12, rci)),
        Call(
            "measures.clinical_cutoff",
            measures.clinical_cutoff,
            (norms, measures.CutoffCriterion.C),
        ),
        Call(
            "measures.jacobson_truax",
            measures.jacobson_truax,
            (20, 3),
            {"criterion": rci, "cutoff": cutoff},
        ),
        Call("measures.trajectory", measures.trajectory, (runs, "phq-9")),
        Call("measures.trajectories", measures.trajectories, (runs,)),
        Call("measures.latest_risk_flags", measures.latest_risk_flags, (runs,)),
        Call(
            "measures.latest_risk_flags+subscores",
            measures.latest_risk_flags,
            ((measures.administer(measures.PCL_5, (2,) * 20, on=D0),),),
        ),
        Call("measures.objective_progress", measures.objective_progress, (objective, line)),
        Call(
            "measures.is_reliably_improved", measures.is_reliably_improved, (line, measures.PHQ_9)
        ),
        Call(
            "measures.is_reliably_deteriorated",
            measures.is_reliably_deteriorated,
            (line, measures.PHQ_9),
        ),
        Call("measures.has_responded", measures.has_responded, (line,)),
        Call("measures.is_in_remission", measures.is_in_remission, (line,)),
        Call("measures.cms159_remission", measures.cms159_remission, (line, formulation.diagnoses)),
        Call("measures.classify_episode", measures.classify_episode, ((*runs, *_anxiety()),)),
        Call(
            "measures.classify_talking_therapies",
            measures.classify_talking_therapies,
            (),
            {"phq9_first": 14, "phq9_last": 6, "gad7_first": 9, "gad7_last": 4},
        ),
        Call(
            "measures.has_finished_treatment",
            measures.has_finished_treatment,
            (2,),
            {"policy": measures.DEFAULT_TALKING_THERAPIES_POLICY},
        ),
        Call("MeasurementBasedCarePolicy.window", measures.DEFAULT_MBC_POLICY.window, (D0,)),
        Call(
            "measures.count_sud_criteria",
            measures.count_sud_criteria,
            (tuple(measures.SubstanceUseCriterion)[:3],),
        ),
        Call("measures.substance_use_severity", measures.substance_use_severity, (4,)),
        Call(
            "measures.diagnose_substance_use",
            measures.diagnose_substance_use,
            ("F10.20",),
            {"criteria_count": 4},
        ),
        Call(
            "measures.substance_use_remission",
            measures.substance_use_remission,
            (),
            {"criteria_free_since": D0, "on": dt.date(2025, 3, 1)},
        ),
        Call("rules.check_plan", rules.check_plan, (plan,)),
        Call(
            "rules.evaluate", rules.evaluate, (plan, rules.PLAN_COMPLETENESS, rules.PlanContext())
        ),
        Call(
            "RuleSet.merge",
            rules.PLAN_COMPLETENESS.without(rule.id).merge,
            (
                rules.RuleSet(
                    name="one",
                    rules=(rule,),
                    subject_types=rules.PLAN_COMPLETENESS.subject_types,
                    context_types=rules.PLAN_COMPLETENESS.context_types,
                ),
            ),
        ),
        Call("RuleSet.without", rules.PLAN_COMPLETENESS.without, (rule.id,)),
        Call("RuleSet.regrade", rules.PLAN_COMPLETENESS.regrade, (rule.id, rule.severity)),
        Call("aftercare.check_aftercare", aftercare.check_aftercare, (example_aftercare_plan(),)),
        Call(
            "aftercare.check_aftercare+context",
            aftercare.check_aftercare,
            (example_aftercare_plan(),),
            {
                "context": aftercare.AftercareContext(
                    risk_flags=frozenset({measures.SUICIDAL_IDEATION_FLAG})
                )
            },
        ),
        Call("aftercare.check_safety_plan", aftercare.check_safety_plan, (example_safety_plan(),)),
        Call(
            "aftercare.booster_dates",
            aftercare.booster_dates,
            (example_aftercare_plan().boosters,),
            {"terminated_on": D0},
        ),
        Call(
            "aftercare.maintenance_dates",
            aftercare.maintenance_dates,
            (Cadence.MONTHLY,),
            {"first_on": D0, "until": dt.date(2024, 6, 1)},
        ),
        Call(
            "aftercare.termination_readiness",
            aftercare.termination_readiness,
            (plan,),
            {"on": dt.date(2024, 6, 3), "treatment_started": D0},
        ),
        Call("modalities.recommend", modalities.recommend, (formulation,)),
        Call(
            "modalities.MATCHING_RULES.evaluate",
            modalities.MATCHING_RULES.evaluate,
            (
                formulation,
                modalities.MatchContext(modality=cbt, policy=modalities.DEFAULT_MATCHING_POLICY),
            ),
        ),
        Call("modalities.sequence", modalities.sequence, (formulation, ("mi", "cbt"))),
        Call("modalities.check_prerequisites", modalities.check_prerequisites, (cbt, formulation)),
        Call(
            "MatchingPolicy.with_weight",
            modalities.DEFAULT_MATCHING_POLICY.with_weight,
            ("match.problem-domain", 1.5),
        ),
        Call(
            "MatchingPolicy.with_rule",
            modalities.DEFAULT_MATCHING_POLICY.without("match.preparation").with_rule,
            (modalities.MATCHING_RULES["match.preparation"],),
            {"weight": 1.0},
        ),
        Call(
            "measures.substance_use_remission+order",
            measures.substance_use_remission,
            (),
            {"criteria_free_since": dt.date(2025, 3, 1), "on": D0},
        ),
        Call(
            "measures.is_reliably_deteriorated+criterion",
            measures.is_reliably_deteriorated,
            (_slightly_worse(), measures.PHQ_9),
            {"criterion": measures.PointsThreshold(points=1)},
        ),
        Call("phases.transition", phases.transition, (history, phases.ReviewHeld(on=D0))),
        Call(
            "phases.transition+measure",
            phases.transition,
            (
                history,
                phases.MeasureRecorded(on=D0, instrument="phq-9", total=12, risk_flags=frozenset()),
            ),
        ),
        Call("phases.allowed_events", phases.allowed_events, (history,), {"on": D0}),
        Call(
            "phases.event_option",
            phases.event_option,
            (history, phases.EventKind.REVIEW_HELD),
            {"on": D0},
        ),
        Call(
            "phases.diff_plans",
            phases.diff_plans,
            (plan, attrs.evolve(plan, version=2, revision_reason="x", revised_on=D0)),
        ),
        Call(
            "simulation.simulate",
            _simulate,
            (),
            {"clients": 1, "seed": 7, "start": D0},
        ),
    ]


def _simulate(**arguments: Any) -> tuple[simulation.ClientResult, ...]:
    return tuple(simulation.simulate(**arguments))


def _phq8_line() -> measures.Trajectory:
    runs = (
        measures.administer(measures.PHQ_8, (2,) * 8, on=D0),
        measures.administer(measures.PHQ_8, (1,) * 8, on=D0 + dt.timedelta(weeks=4)),
    )
    return measures.trajectory(runs, "phq-8")


def _highest_line() -> measures.Trajectory:
    """PHQ-9 at its highest total (27) twice: the top of the range is a valid total."""
    runs = tuple(
        measures.administer(measures.PHQ_9, (3,) * 9, on=D0 + dt.timedelta(weeks=4 * n))
        for n in range(2)
    )
    return measures.trajectory(runs, "phq-9")


def branches() -> list[Call]:
    """
    Calls that take the branches a valid call does not: a refusal with its own message, the
    better-is-higher direction, a boundary between two answers.
    """
    plan = example_plan()
    objective = plan.goals[0].objectives[0]
    line = measures.trajectory(_administrations(), "phq-9")
    rising = attrs.evolve(measures.PHQ_9, higher_is_worse=False)
    norms_up = measures.Norms(
        dysfunctional_mean=4,
        dysfunctional_sd=3,
        functional_mean=15,
        functional_sd=5,
        higher_is_worse=False,
    )
    cutoff_up = measures.clinical_cutoff(norms_up, measures.CutoffCriterion.C)
    cutoff_b_up = measures.clinical_cutoff(norms_up, measures.CutoffCriterion.B)
    rci = measures.RciParameters(sd=5, reliability=0.84)
    sud = measures.check_sud_diagnosis
    screener = measures.administer(measures.CSSRS_SCREENER, (1, 1, 0, 0, 0, 1, 1), on=D0)
    spec = SeveritySpecifier
    return [
        Call(
            "RciParameters(reliability=1)", measures.RciParameters, (), {"sd": 5, "reliability": 1}
        ),
        Call("Prorating(instruments=(''))", measures.Prorating, (), {"instruments": ("",)}),
        Call("ClinicalCutoff.is_functional", cutoff_up.is_functional, (cutoff_up.value,)),
        Call(
            "ClinicalCutoff.is_functional+above", cutoff_up.is_functional, (cutoff_up.value + 0.5,)
        ),
        Call("ClinicalCutoff.is_functional+b", cutoff_b_up.is_functional, (cutoff_b_up.value,)),
        Call(
            "ClinicalCutoff.is_functional+b-below",
            cutoff_b_up.is_functional,
            (cutoff_b_up.value - 0.5,),
        ),
        Call(
            "measures.clinical_cutoff+higher-is-better",
            measures.clinical_cutoff,
            (norms_up, measures.CutoffCriterion.A),
        ),
        Call(
            "measures.jacobson_truax+higher-is-better",
            measures.jacobson_truax,
            (4, 16),
            {"criterion": rci, "cutoff": cutoff_up},
        ),
        Call(
            "Trajectory.reliable_change+higher-is-better",
            line.reliable_change,
            (rci,),
            {"higher_is_worse": False},
        ),
        Call(
            "measures.is_reliably_improved+higher-is-better",
            measures.is_reliably_improved,
            (line, rising),
        ),
        Call(
            "measures.is_reliably_improved+no-threshold",
            measures.is_reliably_improved,
            (_phq8_line(), measures.PHQ_8),
        ),
        Call("measures.triage+other-instrument", measures.triage, (_administrations()[0],)),
        Call("measures.triage+no-triage", measures.triage, (screener, measures.PHQ_9)),
        Call(
            "measures.triage+item-count",
            measures.triage,
            (attrs.evolve(screener, responses=screener.responses[:6]),),
        ),
        Call(
            "measures.check_sud_diagnosis+too-many",
            sud,
            (Diagnosis(code="F10.20"),),
            {"criteria_count": 12},
        ),
        Call(
            "measures.diagnose_substance_use+not-sud",
            measures.diagnose_substance_use,
            ("F32.1",),
            {"criteria_count": 3},
        ),
        Call(
            "measures.is_reliably_improved+highest-total",
            measures.is_reliably_improved,
            (_highest_line(), measures.PHQ_9),
        ),
        Call(
            "measures.is_reliably_improved+other-line",
            measures.is_reliably_improved,
            (line, measures.GAD_7),
        ),
        Call("PointsThreshold.is_reached", measures.PointsThreshold(points=6).is_reached, (6,)),
        Call(
            "MeasurementBasedCarePolicy.qualifies",
            measures.DEFAULT_MBC_POLICY.qualifies,
            (Diagnosis(code="F33.1"),),
        ),
        Call(
            "measures.classify_episode+policy",
            measures.classify_episode,
            (_administrations(),),
            {"policy": measures.DEFAULT_TALKING_THERAPIES_POLICY},
        ),
        Call(
            "Instrument.with_threshold+replace",
            measures.PHQ_9.with_threshold,
            ("screening", 11),
            {"source": "x"},
        ),
        Call(
            "measures.diagnose_substance_use+too-many",
            measures.diagnose_substance_use,
            ("F10.20",),
            {"criteria_count": measures.SUD_CRITERIA_COUNT + 1},
        ),
        Call(
            "measures.diagnose_substance_use+all",
            measures.diagnose_substance_use,
            ("F10.20",),
            {"criteria_count": measures.SUD_CRITERIA_COUNT},
        ),
        Call(
            "measures.check_sud_diagnosis+mild-code",
            sud,
            (Diagnosis(code="F10.1", specifier=spec.SEVERE),),
        ),
        Call(
            "measures.check_sud_diagnosis+severe-code",
            sud,
            (Diagnosis(code="F10.20", specifier=spec.MILD),),
            {"criteria_count": 3},
        ),
        Call(
            "measures.check_sud_diagnosis+no-specifier",
            sud,
            (Diagnosis(code="F10.20"),),
            {"criteria_count": 5},
        ),
        Call(
            "measures.check_sud_diagnosis+too-few",
            sud,
            (Diagnosis(code="F10.20", specifier=spec.MODERATE),),
            {"criteria_count": 1},
        ),
        Call(
            "measures.check_sud_diagnosis+not-sud",
            sud,
            (Diagnosis(code="F32.1", specifier=spec.SEVERE),),
            {"criteria_count": 1},
        ),
        Call(
            "measures.objective_progress+count",
            measures.objective_progress,
            (attrs.evolve(objective, metric=Metric(kind=MetricKind.COUNT)), line),
        ),
        Call(
            "measures.objective_progress+other-instrument",
            measures.objective_progress,
            (
                attrs.evolve(
                    objective, metric=Metric(kind=MetricKind.INSTRUMENT_SCORE, instrument="gad-7")
                ),
                line,
            ),
        ),
        Call(
            "measures.objective_progress+no-target",
            measures.objective_progress,
            (attrs.evolve(objective, target=None), line),
        ),
        Call(
            "modalities.prerequisite_rules",
            modalities.prerequisite_rules,
            (modalities.BUILTIN_CATALOG.get("emdr"),),
        ),
        Call(
            "modalities.prerequisite_rules.evaluate",
            modalities.prerequisite_rules(modalities.BUILTIN_CATALOG.get("emdr")).evaluate,
            (example_formulation(), modalities.StabilityStatus(in_crisis=True, stabilized=False)),
        ),
    ]


def _with_goal(plan: TreatmentPlan, index: int, **changes: Any) -> TreatmentPlan:
    """*plan* with every objective of goal *index* changed by *changes*."""
    goal = plan.goals[index]
    goal = attrs.evolve(goal, objectives=tuple(attrs.evolve(o, **changes) for o in goal.objectives))
    return attrs.evolve(plan, goals=(*plan.goals[:index], goal, *plan.goals[index + 1 :]))


def _first_objective(plan: TreatmentPlan, **changes: Any) -> TreatmentPlan:
    goal = plan.goals[0]
    objective = attrs.evolve(goal.objectives[0], **changes)
    goal = attrs.evolve(goal, objectives=(objective, *goal.objectives[1:]))
    return attrs.evolve(plan, goals=(goal, *plan.goals[1:]))


def rule_breaks() -> list[Call]:
    """
    Rule checks on subjects that break rules: each violation's path, rule, message and
    evidence in full, so a changed message or evidence key is a reviewed diff.
    """
    plan = example_plan()
    start = plan.starts_on
    draft = TreatmentPlan(plan_id="tp", client=ClientRef("c"), starts_on=start)
    unknown = Intervention(modality="act", technique="defusion")
    rule = rules.PLAN_COMPLETENESS.rules[0]

    def breaks(label: str, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Call:
        return Call(f"{label}!breaks", function, args, kwargs, vary=False)

    return [
        breaks("rules.check_plan+draft", rules.check_plan, draft),
        breaks(
            "rules.check_plan+late-consent",
            rules.check_plan,
            plan.with_consent(start + dt.timedelta(days=3)),
        ),
        breaks(
            "rules.check_plan+unknown-modality",
            rules.check_plan,
            _first_objective(plan, interventions=(unknown,)),
        ),
        breaks(
            "rules.check_plan+unmeasurable",
            rules.check_plan,
            _first_objective(plan, target=None, due_on=None),
        ),
        breaks(
            "rules.check_plan+goal-unmeasurable",
            rules.check_plan,
            _with_goal(plan, 1, target=None),
        ),
        breaks(
            "rules.check_plan+wrong-direction",
            rules.check_plan,
            _first_objective(plan, target=plan.goals[0].objectives[0].baseline),
        ),
        breaks(
            "rules.check_plan+unexplained-revision",
            rules.check_plan,
            attrs.evolve(plan, version=2),
        ),
        breaks("RuleSet+repeated-rule", rules.RuleSet, name="x", rules=(rule, rule)),
        breaks(
            "RuleSet.evaluate+context-of-neither-type",
            rules.RuleSet(
                name="x",
                rules=(),
                subject_types=(TreatmentPlan,),
                context_types=(rules.PlanContext, type(None)),
            ).evaluate,
            plan,
            "x",
        ),
        *_aftercare_breaks(breaks),
        *_phase_menus(breaks),
        *_phase_refusals(breaks),
        *_prerequisite_breaks(breaks),
        *_matching_breaks(breaks),
    ]


def _matching_breaks(breaks: Callable[..., Call]) -> list[Call]:
    """The matching rules' findings on a traumatized client, and the ranking they give."""
    formulation = example_formulation()
    assert formulation.risk is not None
    traumatized = attrs.evolve(
        formulation,
        risk=attrs.evolve(formulation.risk, trauma_history=True, ptsd_symptoms=True),
        diagnoses=(*formulation.diagnoses, Diagnosis(code="F43.10")),
    )
    policy = modalities.DEFAULT_MATCHING_POLICY
    return [
        breaks("modalities.recommend+trauma", modalities.recommend, traumatized),
        *(
            breaks(
                f"modalities.MATCHING_RULES.evaluate+trauma+{modality.id}",
                modalities.MATCHING_RULES.evaluate,
                traumatized,
                modalities.MatchContext(modality=modality, policy=policy),
            )
            for modality in modalities.BUILTIN_CATALOG
        ),
    ]


def _prerequisite_breaks(breaks: Callable[..., Call]) -> list[Call]:
    """Every built-in modality's prerequisites, unmet: no risk screen, in crisis, unready."""
    unready = attrs.evolve(
        example_formulation(), risk=None, readiness=ReadinessStage.PRECONTEMPLATION
    )
    unscreened = attrs.evolve(example_formulation(), risk=None, readiness=None)
    crisis = modalities.StabilityStatus(in_crisis=True, stabilized=False)
    return [
        breaks(
            f"modalities.check_prerequisites+{modality.id}+{label}",
            modalities.check_prerequisites,
            modality,
            formulation,
            crisis,
        )
        for modality in modalities.BUILTIN_CATALOG
        for label, formulation in (("unready", unready), ("unscreened", unscreened))
    ]


def _phase_refusals(breaks: Callable[..., Call]) -> list[Call]:
    """Histories whose last event breaks a phase guard: each guard's own words."""
    from tests.phases import builders as b

    phase = phases.Phase
    safety = example_safety_plan()
    intake, planning, active = (
        b.history_to(phase.INTAKE),
        b.history_to(phase.PLANNING),
        b.history_to(phase.ACTIVE),
    )
    review, termination = b.history_to(phase.REVIEW), b.history_to(phase.TERMINATION)
    agreed = b.plan()
    risk = b.formulation().risk
    assert risk is not None
    late_risk = b.formulation(risk=attrs.evolve(risk, screened_on=b.day(3)))
    cases: dict[str, list[phases.Event]] = {
        "date-order": [*active, b.session(2)],
        "not-in-phase": [*intake, phases.ReviewHeld(on=b.day(1))],
        "no-problem": [
            phases.IntakeCompleted(on=b.DAY0, formulation=b.formulation(presenting_problems=()))
        ],
        "no-risk-screen": [phases.IntakeCompleted(on=b.DAY0, formulation=b.formulation(risk=None))],
        "late-risk-screen": [phases.IntakeCompleted(on=b.DAY0, formulation=late_risk)],
        "other-formulation": [
            *planning,
            phases.PlanAgreed(on=b.day(7), plan=b.plan(formulation_id="f-other")),
        ],
        "no-consent": [
            *planning,
            phases.PlanAgreed(on=b.day(7), plan=b.plan(consent_recorded_on=None)),
        ],
        "late-consent": [
            *planning,
            phases.PlanAgreed(on=b.day(7), plan=b.plan(consent_recorded_on=b.day(9))),
        ],
        "empty-plan": [*planning, phases.PlanAgreed(on=b.day(7), plan=b.plan(goals=()))],
        "unknown-modality": [
            *planning,
            phases.PlanAgreed(on=b.day(7), plan=b.plan(modalities=("act",))),
        ],
        "review-early": [*active, phases.ReviewHeld(on=b.day(8))],
        "review-overdue": [*active, *(b.session(7 + 6 * i) for i in range(1, 9))],
        "booster-in-active": [*active, b.session(9, SessionKind.BOOSTER)],
        "termination-unplanned": [*review, phases.TerminationPlanned(on=b.day(45))],
        "crisis-unresolved": [
            *active,
            phases.CrisisBegan(on=b.day(9)),
            phases.CrisisResolved(on=b.day(10)),
        ],
        "crisis-stale-screen": [
            *active,
            phases.CrisisBegan(on=b.day(9)),
            phases.CrisisResolved(on=b.day(12), safety_plan=safety, risk_screened_on=b.day(8)),
        ],
        "crisis-future-screen": [
            *active,
            phases.CrisisBegan(on=b.day(9)),
            phases.CrisisResolved(on=b.day(12), safety_plan=safety, risk_screened_on=b.day(14)),
        ],
        "crisis-replan-in-intake": [
            phases.CrisisBegan(on=b.DAY0),
            phases.CrisisResolved(
                on=b.day(3), safety_plan=safety, risk_screened_on=b.day(2), replan=True
            ),
        ],
        "no-aftercare-plan": [*termination, phases.AftercareStarted(on=b.day(50))],
        "gap": [*active, b.session(7 + 200)],
        "termination-without-reason": [
            *review[:-1],
            phases.ReviewHeld(on=b.day(44), goals_met=False),
            phases.TerminationPlanned(on=b.day(45), termination_plan_recorded=True),
        ],
        "revision-other-id": [
            *review,
            phases.PlanAgreed(on=b.day(46), plan=_revised(agreed, plan_id="tp-x")),
        ],
        "revision-other-client": [
            *review,
            phases.PlanAgreed(on=b.day(46), plan=_revised(agreed, client=ClientRef("c-x"))),
        ],
        "revision-same-version": [*review, phases.PlanAgreed(on=b.day(46), plan=agreed)],
        "revision-skips-a-version": [
            *review,
            phases.PlanAgreed(on=b.day(46), plan=_revised(agreed, version=3)),
        ],
        "revision-backdated": [
            *review,
            phases.PlanAgreed(
                on=b.day(46),
                plan=_revised(
                    agreed, starts_on=b.day(1), consent_recorded_on=b.day(1), revised_on=b.day(2)
                ),
            ),
        ],
        "measure-unknown": [*active, phases.MeasureRecorded(on=b.day(9), instrument="x", total=1)],
        "measure-out-of-range": [
            *active,
            phases.MeasureRecorded(on=b.day(9), instrument="phq-9", total=28),
        ],
        "measure-unknown-flag": [
            *active,
            phases.MeasureRecorded(
                on=b.day(9), instrument="phq-9", total=3, risk_flags=frozenset({"risk.x"})
            ),
        ],
    }
    watchful = phases.PhasePolicy(max_days_without_contact=30)
    return [
        *(breaks(f"phases.replay+{name}", phases.replay, events) for name, events in cases.items()),
        breaks("phases.replay+gap-watched", phases.replay, cases["gap"], watchful),
    ]


def _revised(plan: TreatmentPlan, **changes: Any) -> TreatmentPlan:
    """*plan* as version 2, revised on day 9 with a reason, then *changes*."""
    revised = attrs.evolve(
        plan, version=2, revised_on=plan.starts_on + dt.timedelta(days=2), revision_reason="r"
    )
    return attrs.evolve(revised, **changes)


def _phase_menus(breaks: Callable[..., Call]) -> list[Call]:
    """What may happen next in each phase: the day after its last event, and 200 days on."""
    found = []
    for phase in phases.Phase:
        state = state_in(phase)
        for days in (1, 200):
            on = last_day(phase) + dt.timedelta(days=days)
            label = f"phases.allowed_events+{phase.value}+{days}d"
            found.append(breaks(label, phases.allowed_events, state, on=on))
    return found


def _termination_cases() -> dict[str, tuple[TreatmentPlan, int, int, dict[str, Any]]]:
    """Termination readiness: plan, start and end day (after D0), other keyword arguments."""
    lenient = aftercare.TerminationPolicy(min_weeks_in_treatment=2, min_objectives_met_fraction=0.0)
    return {
        "early": (example_plan(), 0, 20, {"reliable_improvement": False}),
        "no-objectives": (aftercare_draft(), 0, 90, {}),
        "ends-before-it-starts": (example_plan(), 1, 0, {}),
        "lenient": (example_plan(), 0, 20, {"reliable_improvement": None, "policy": lenient}),
    }


def _instrument_breaks(breaks: Callable[..., Call]) -> list[Call]:
    """Instrument definitions whose parts disagree: each check's own words."""
    phq, audit, pc = measures.PHQ_9, measures.AUDIT, measures.PC_PTSD_5
    criterion = phq.criteria[0]
    relabelled = tuple(attrs.evolve(band, label="same") for band in phq.bands)
    cases: dict[str, tuple[Any, dict[str, Any]]] = {
        "triage-and-bands": (measures.CSSRS_SCREENER, {"bands": phq.bands}),
        "bands-stop-short": (phq, {"bands": phq.bands[:-1]}),
        "bands-share-a-label": (phq, {"bands": relabelled}),
        "subscales-share-an-id": (audit, {"subscales": (audit.subscales[0],) * 2}),
        "override-of-a-missing-item": (
            phq,
            {"criteria": (attrs.evolve(criterion, overrides=((99, 1),)), *phq.criteria[1:])},
        ),
        "skip-from-a-missing-item": (
            pc,
            {"skips": (attrs.evolve(pc.skips[0], when_item=9, items=(10,)),)},
        ),
        "skip-of-a-missing-item": (pc, {"skips": (attrs.evolve(pc.skips[0], items=(9,)),)}),
    }
    on = {"on": D0}
    skipped = (0, 1, 0, 0, 0, 0)  # item 1 "no": items 2-6 are skipped, yet item 2 is answered
    answers: dict[str, tuple[Any, tuple[Any, ...], dict[str, Any]]] = {
        "not-an-option": (phq, (4, *(0,) * 8), on),
        "answered-though-skipped": (pc, skipped, on),
        "two-missing": (phq, (None, None, *(1,) * 7), on),
        "not-an-integer": (phq, (True, *(0,) * 8), on),
        "two-missing-one-prorated": (
            phq,
            (None, None, *(1,) * 7),
            {**on, "prorating": measures.Prorating()},
        ),
        "risk-item-missing-prorated": (
            phq,
            (None, *(1,) * 7, None),
            {**on, "prorating": measures.Prorating(max_missing=2)},
        ),
        "one-missing-prorated": (phq, (None, *(1,) * 8), {**on, "prorating": measures.Prorating()}),
        "one-missing-other-instrument": (
            phq,
            (None, *(1,) * 8),
            {**on, "prorating": measures.Prorating(instruments=("gad-7",))},
        ),
    }
    return [
        *(
            breaks(f"Instrument+{name}", attrs.evolve, instrument, **changes)
            for name, (instrument, changes) in cases.items()
        ),
        *(
            breaks(f"measures.administer+{name}", measures.administer, instrument, given, **kwargs)
            for name, (instrument, given, kwargs) in answers.items()
        ),
    ]


def aftercare_draft() -> TreatmentPlan:
    """A plan with no goals, so no objective to judge attainment by."""
    plan = example_plan()
    return TreatmentPlan(plan_id="tp", client=plan.client, starts_on=plan.starts_on)


def _aftercare_breaks(breaks: Callable[..., Call]) -> list[Call]:
    """Aftercare and safety-plan rules, each broken at least once."""
    full = example_aftercare_plan()
    safety = example_safety_plan()
    relapse = full.relapse_prevention
    assert relapse is not None
    bare = aftercare.AftercarePlan(
        plan_id="ac", client=full.client, terminated_on=full.terminated_on
    )
    unreachable = aftercare.SupportContact(
        contact_id="k-x", role=aftercare.ContactRole.FAMILY, reachable=False
    )
    high = aftercare.TriggerPlan(
        trigger=Trigger(trigger_id="t-x", description="d", risk=RiskLevel.HIGH)
    )
    sparse = attrs.evolve(
        full,
        boosters=aftercare.BoosterSchedule(every_months=7, horizon_months=30),
        routines=(aftercare.SkillsRoutine(skill="s", cadence=aftercare.PracticeCadence.MONTHLY),),
        support_network=(unreachable,),
        maintenance_cadence=Cadence.WEEKLY,
        ends_on=full.terminated_on + dt.timedelta(days=200),
    )
    hollow = attrs.evolve(
        full,
        relapse_prevention=attrs.evolve(
            relapse, triggers=(high,), lapse_response=(), relapse_response=()
        ),
        crisis_plan=aftercare.SafetyPlan(
            plan_id="sp", written_on=safety.written_on, people_to_ask=(unreachable,)
        ),
    )
    at_risk = aftercare.AftercareContext(risk_flags=frozenset({aftercare.SUICIDAL_IDEATION_FLAG}))
    empty_safety = aftercare.SafetyPlan(plan_id="sp", written_on=safety.written_on)
    two_flags = aftercare.AftercareContext(
        risk_flags=frozenset({aftercare.SUICIDAL_IDEATION_FLAG, "risk.a", "risk.other"}),
        safety_plan_flags=frozenset({aftercare.SUICIDAL_IDEATION_FLAG, "risk.a"}),
    )
    plans: dict[str, tuple[aftercare.AftercarePlan, aftercare.AftercareContext | None]] = {
        "bare": (bare, None),
        "bare-at-risk": (bare, at_risk),
        "sparse": (sparse, None),
        "hollow": (hollow, None),
        "hollow-at-risk": (hollow, at_risk),
        "two-safety-flags": (bare, two_flags),
    }
    return [
        *(
            breaks(f"aftercare.check_aftercare+{name}", aftercare.check_aftercare, p, context=c)
            for name, (p, c) in plans.items()
        ),
        breaks("aftercare.check_safety_plan+empty", aftercare.check_safety_plan, empty_safety),
        *(
            breaks(
                f"aftercare.termination_readiness+{name}",
                aftercare.termination_readiness,
                plan,
                on=D0 + dt.timedelta(days=ends),
                treatment_started=D0 + dt.timedelta(days=starts),
                **kwargs,
            )
            for name, (plan, starts, ends, kwargs) in _termination_cases().items()
        ),
        *_instrument_breaks(breaks),
    ]


def _result(value: Any) -> str:
    """A short repr; a rule check's violations in full, one per line (what a user reads)."""
    if isinstance(value, phases.AllowedEvents):
        return f"{value.phase.value}:" + "".join(_option(o) for o in value.options)
    if isinstance(value, phases.EventOption):
        return _option(value)
    if isinstance(value, tuple) and value and isinstance(value[0], modalities.Recommendation):
        return "ranking:" + "".join(
            f"\n    {r.modality} {r.score} prerequisites={r.prerequisites}"
            + "".join(f"\n      {why.rule} x{why.weight} at {why.paths}" for why in r.rationale)
            for r in value
        )
    violations = getattr(value, "violations", getattr(value, "reasons", value))
    if isinstance(value, phases.ReplayResult):  # each refused event's violations, by index
        return f"{value.state.phase.value}, violations:" + "".join(
            f"\n    #{h.index} {h.kind.value}: {_violation(h.violation)}" for h in violations
        )
    if (
        isinstance(violations, tuple)
        and violations
        and all(isinstance(v, Violation) for v in violations)
    ):
        head = f"ready={value.ready}, " if hasattr(value, "ready") else ""
        return head + "violations:" + "".join(f"\n    {_violation(v)}" for v in violations)
    text = repr(value)
    return text if len(text) <= 400 else text[:400] + "..."


def _option(option: phases.EventOption) -> str:
    targets = ",".join(t.value for t in option.targets)
    head = f"\n  {option.kind.value} {'allowed' if option.allowed else 'refused'}"
    head += f" -> {targets}" if targets else ""
    return head + "".join(f"\n    {_violation(v)}" for v in option.violations)


def _violation(v: Violation) -> str:
    return f"{v.severity.value} {v.where} [{v.rule}] {v.message}" + (
        f" {v.evidence}" if v.evidence else ""
    )


def _run(call: Call, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    try:
        value = call.function(*args, **kwargs)
    except CounselcoreError as error:
        return describe(error)
    return f"returned {_result(value)}"


def outcomes(call: Call) -> Iterator[str]:
    """The valid call's result, then one line per argument and wrong value."""
    yield f"valid: {_run(call, call.args, call.kwargs)}"
    if not call.vary:
        return
    for index in range(len(call.args)):
        for label, wrong in WRONG:
            args = (*call.args[:index], wrong, *call.args[index + 1 :])
            yield f"arg{index}={label}: {_run(call, args, call.kwargs)}"
    for key in (*call.kwargs, *_defaulted(call)):
        for label, wrong in WRONG:
            yield f"{key}={label}: {_run(call, call.args, {**call.kwargs, key: wrong})}"


def _defaulted(call: Call) -> list[str]:
    """The keyword parameters the valid call leaves at their defaults (a policy, a catalog)."""
    parameters = list(inspect.signature(call.function).parameters.values())
    return [
        parameter.name
        for position, parameter in enumerate(parameters)
        if parameter.default is not inspect.Parameter.empty
        and parameter.kind in {parameter.KEYWORD_ONLY, parameter.POSITIONAL_OR_KEYWORD}
        and position >= len(call.args)
        and parameter.name not in call.kwargs
    ]
