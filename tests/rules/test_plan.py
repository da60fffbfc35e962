import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve
from hypothesis import given

import counselcore as cc
from counselcore.errors import InvalidValueError
from counselcore.examples import example_plan
from counselcore.rules import BUILTIN_MODALITY_IDS, PLAN_COMPLETENESS, PlanContext, check_plan
from counselcore.strategies import treatment_plans

START = dt.date(2024, 1, 15)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def fired(plan: cc.TreatmentPlan, context: PlanContext | None = None) -> list[tuple[str, str]]:
    return [(v.rule, v.where) for v in check_plan(plan, context=context)]


def first_objective(plan: cc.TreatmentPlan, **changes: Any) -> cc.TreatmentPlan:
    goal = plan.goals[0]
    objective = evolve(goal.objectives[0], **changes)
    return evolve(
        plan, goals=(evolve(goal, objectives=(objective, *goal.objectives[1:])), *plan.goals[1:])
    )


class TestPlanCompleteness:
    def test_the_example_plan_is_complete(self) -> None:
        """The built-in example breaks no rule."""
        assert check_plan(example_plan()) == ()

    def test_a_draft_reports_what_is_missing(self) -> None:
        """An empty draft has no goals, consent, review schedule or cadence."""
        draft = cc.TreatmentPlan(plan_id="tp", client=cc.ClientRef("c"), starts_on=START)

        assert fired(draft) == [
            ("plan.has-goal", "goals"),
            ("plan.consent-before-start", "consent_recorded_on"),
            ("plan.review-interval-set", "review"),
            ("plan.session-cadence-set", "session_cadence"),
        ]

    def test_unaddressed_problem(self) -> None:
        """A problem that no goal names is reported at the problem."""
        plan = example_plan()
        orphan = cc.Problem(problem_id="p-sleep", description="poor sleep")

        assert fired(plan.with_problem(orphan)) == [("plan.problem-has-goal", "problems[3]")]

    @pytest.mark.parametrize("part", ["metric", "baseline", "target", "due_on"])
    def test_each_missing_measurement_part(self, part: str) -> None:
        """A missing part makes the objective unmeasurable; the goal keeps another measurable one."""
        plan = first_objective(example_plan(), **{part: None})

        assert fired(plan) == [("plan.objective-is-measurable", f"goals[0].objectives[0].{part}")]

    def test_goal_with_no_measurable_objective(self) -> None:
        """A goal whose only objective lacks a target has no measurable objective."""
        plan = example_plan()
        alcohol = plan.goals[1]
        broken = evolve(alcohol, objectives=(evolve(alcohol.objectives[0], target=None),))
        plan = evolve(plan, goals=(plan.goals[0], broken, plan.goals[2]))

        assert fired(plan) == [
            ("plan.goal-has-measurable-objective", "goals[1].objectives"),
            ("plan.objective-is-measurable", "goals[1].objectives[0].target"),
        ]

    @pytest.mark.parametrize(
        ("direction", "baseline", "target", "ok"),
        [
            (cc.Direction.DECREASE, 17, 16.9, True),
            (cc.Direction.DECREASE, 17, 17, False),
            (cc.Direction.DECREASE, 17, 18, False),
            (cc.Direction.INCREASE, 1, 1.5, True),
            (cc.Direction.INCREASE, 1, 1, False),
            (cc.Direction.INCREASE, 1, 0, False),
        ],
    )
    def test_target_direction_boundary(
        self, direction: cc.Direction, baseline: float, target: float, ok: bool
    ) -> None:
        """The target must lie strictly on the improving side of the baseline."""
        plan = first_objective(
            example_plan(), direction=direction, baseline=baseline, target=target
        )

        expected = (
            [] if ok else [("plan.objective-target-direction", "goals[0].objectives[0].target")]
        )
        assert fired(plan) == expected

    @pytest.mark.parametrize(("offset", "ok"), [(-30, True), (0, True), (1, False)])
    def test_consent_boundary(self, offset: int, ok: bool) -> None:
        """Consent on or before the start date passes; a day after does not."""
        plan = example_plan().with_consent(START + dt.timedelta(days=offset))

        violations = check_plan(plan)

        if ok:
            assert violations == ()
        else:
            (violation,) = violations
            assert violation.rule == "plan.consent-before-start"
            assert violation.evidence == (("days_late", offset),)

    def test_unknown_modality_and_custom_catalogs(self) -> None:
        """An intervention outside the catalog is reported; adding its id to the context accepts it."""
        plan = first_objective(
            example_plan(), interventions=(cc.Intervention(modality="act", technique="defusion"),)
        )

        assert fired(plan) == [
            ("plan.intervention-known-modality", "goals[0].objectives[0].interventions[0].modality")
        ]
        assert fired(plan, PlanContext(modalities=BUILTIN_MODALITY_IDS | {"act"})) == []

    def test_revision_without_reason(self) -> None:
        """Version 2 without a reason breaks plan.revision-has-reason; with one it passes."""
        unexplained = evolve(example_plan(), version=2)

        assert fired(unexplained) == [("plan.revision-has-reason", "revision_reason")]
        assert fired(example_plan().revise(on=START, reason="why")) == []

    @given(treatment_plans())
    def test_order_is_stable_and_paths_exist(self, plan: cc.TreatmentPlan) -> None:
        """Violations come in rule order, evaluation is repeatable, and every path points at something."""
        violations = check_plan(plan)

        assert check_plan(plan) == violations
        order = [PLAN_COMPLETENESS.ids.index(v.rule) for v in violations]
        assert order == sorted(order)
        for violation in violations:
            target: object = plan
            for step in violation.path:
                target = target[step] if isinstance(step, int) else getattr(target, step)  # type: ignore[index]

    @given(treatment_plans())
    def test_messages_quote_no_free_text(self, plan: cc.TreatmentPlan) -> None:
        """Violation messages never contain a description or revision reason from the plan."""
        texts = [p.description for p in plan.problems] + [g.description for g in plan.goals]
        texts += [o.description for _, o in plan.iter_objectives()]
        texts += [plan.revision_reason] if plan.revision_reason else []
        long_texts = [t for t in texts if len(t.strip()) >= 4]

        for violation in check_plan(plan):
            assert not any(t in violation.message for t in long_texts)


class TestRulesTable:
    def test_docs_table_matches_the_rule_set(self) -> None:
        """docs/rules.md lists every plan rule with its severity and description, in order."""
        rows = re.findall(
            r"^\| `(plan\.[a-z-]+)` \| (\w+) \| (.+?) \|$",
            DOCS.read_text(encoding="utf-8"),
            re.MULTILINE,
        )

        assert rows == [(r.id, r.severity.value, r.description) for r in PLAN_COMPLETENESS]

    def test_every_rule_has_a_source(self) -> None:
        """Each rule says where its requirement comes from."""
        assert all(rule.source for rule in PLAN_COMPLETENESS)


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"plan": None}, "plan"),
        ({"plan": "tp-1"}, "plan"),
        ({"ruleset": ()}, "ruleset"),
        ({"context": {"modality_ids": ["cbt"]}}, "context"),
    ],
)
def test_check_plan_refuses_wrong_argument_types(kwargs: dict[str, object], path: str) -> None:
    arguments: dict[str, object] = {"plan": example_plan(), **kwargs}
    plan = arguments.pop("plan")
    with pytest.raises(InvalidValueError) as info:
        check_plan(plan, **arguments)  # type: ignore[arg-type]
    assert info.value.paths == (path,)
    assert info.value.rules == ("structure.type",)
