from collections.abc import Iterator
from typing import Any

import pytest

import counselcore as cc
from counselcore.errors import InvalidValueError
from counselcore.examples import example_plan
from counselcore.rules import PLAN_COMPLETENESS, PlanContext, RuleSet, evaluate


def never(subject: object, context: object) -> Iterator[cc.Finding]:
    return iter(())


def always(subject: object, context: object) -> Iterator[cc.Finding]:
    yield cc.Finding(path=("x",), message="always", evidence=(("n", 1),))


def rule(
    rule_id: str, check=always, severity: cc.Severity = cc.Severity.ERROR
) -> cc.Rule[object, object]:
    return cc.Rule(id=rule_id, description="d", check=check, severity=severity)


class TestRule:
    @pytest.mark.parametrize(
        "rule_id", ["plan", "Plan.x", "plan.", ".x", "plan x.y", "plan.x y", ""]
    )
    def test_ids_are_dotted_lower_case_words(self, rule_id: str) -> None:
        """Rule ids read <package>.<kebab-name>."""
        with pytest.raises(cc.InvalidValueError) as info:
            rule(rule_id)

        assert info.value.rules == ("structure.rule-id",)

    @pytest.mark.parametrize(
        "rule_id", ["plan.x", "modality.emdr.requires_stabilization", "a.b-c.d"]
    )
    def test_accepts_valid_ids(self, rule_id: str) -> None:
        """Dotted lower-case ids with hyphens or underscores are fine."""
        assert rule(rule_id).id == rule_id

    def test_findings_get_the_rule_id_and_severity(self) -> None:
        """A rule stamps its own id and severity on what its check finds."""
        (violation,) = rule("org.x", severity=cc.Severity.INFO).evaluate(None, None)

        assert (violation.rule, violation.severity, violation.path, violation.evidence) == (
            "org.x",
            cc.Severity.INFO,
            ("x",),
            (("n", 1),),
        )


class TestRuleSet:
    def test_ids_are_unique(self) -> None:
        """Two rules with one id cannot share a set."""
        with pytest.raises(cc.InvalidValueError) as info:
            cc.RuleSet(name="s", rules=(rule("a.b"), rule("a.b")))

        assert info.value.paths == ("rules[1].id",)

    def test_changes_return_new_sets(self) -> None:
        """with_rule, without, regrade, replace and merge leave the original untouched."""
        base = cc.RuleSet(name="s", rules=(rule("a.one"), rule("a.two")))

        grown = base.with_rule(rule("a.three"))
        shrunk = base.without("a.one")
        regraded = base.regrade("a.two", cc.Severity.WARNING)
        replaced = base.replace(rule("a.one", check=never))
        merged = base.merge(cc.RuleSet(name="t", rules=(rule("b.one"),)))

        assert base.ids == ("a.one", "a.two")
        assert grown.ids == ("a.one", "a.two", "a.three")
        assert shrunk.ids == ("a.two",)
        assert regraded["a.two"].severity is cc.Severity.WARNING
        assert replaced.evaluate(None, None).rule_ids == ("a.two",)
        assert (merged.name, merged.ids) == ("s+t", ("a.one", "a.two", "b.one"))

    def test_unknown_ids_raise_unknown_rule_error(self) -> None:
        """Asking for, removing or regrading a missing rule is a LookupError naming the id."""
        base = cc.RuleSet(name="s", rules=(rule("a.one"),))

        for action in (
            lambda: base["a.nope"],
            lambda: base.without("a.nope"),
            lambda: base.regrade("a.nope", cc.Severity.INFO),
        ):
            with pytest.raises(cc.UnknownRuleError) as info:
                action()
            assert info.value.rule_id == "a.nope"
            assert isinstance(info.value, LookupError)

    def test_adding_a_duplicate_is_refused(self) -> None:
        """with_rule will not add an id the set already has."""
        with pytest.raises(cc.InvalidValueError):
            cc.RuleSet(name="s", rules=(rule("a.one"),)).with_rule(rule("a.one"))

    def test_rule_sets_compare_and_hash(self) -> None:
        """Rule sets are values: equal when built from the same rules."""
        a = cc.RuleSet(name="s", rules=(rule("a.one"),))

        assert a == cc.RuleSet(name="s", rules=(rule("a.one"),))
        assert hash(a) == hash(cc.RuleSet(name="s", rules=(rule("a.one"),)))
        assert len(a) == 1
        assert "a.one" in a
        assert [r.id for r in a] == ["a.one"]


class TestReport:
    def test_ok_depends_on_error_severity_only(self) -> None:
        """Warnings and infos do not make a report fail."""
        soft = cc.RuleSet(
            name="s",
            rules=(
                rule("a.w", severity=cc.Severity.WARNING),
                rule("a.i", severity=cc.Severity.INFO),
            ),
        )

        report = soft.evaluate(None, None)

        assert report.ok
        assert (len(report.warnings), len(report.infos), len(report.errors)) == (1, 1, 0)
        report.raise_if_failed()

    def test_raise_if_failed_carries_the_errors(self) -> None:
        """A failing report raises RulesFailedError holding its error-severity violations."""
        report = cc.RuleSet(
            name="s", rules=(rule("a.e"), rule("a.w", severity=cc.Severity.WARNING))
        ).evaluate(None, None)

        with pytest.raises(cc.RulesFailedError) as info:
            report.raise_if_failed()

        assert info.value.violations == report.errors
        assert [v.rule for v in info.value.violations] == ["a.e"]

    def test_by_rule_groups_in_report_order(self) -> None:
        """by_rule() maps each rule id to its violations and cannot be changed."""
        draft = cc.TreatmentPlan(
            plan_id="tp",
            client=cc.ClientRef("c"),
            starts_on=__import__("datetime").date(2024, 1, 1),
        )

        grouped = cc.evaluate(draft, PLAN_COMPLETENESS, PlanContext()).by_rule()

        assert list(grouped) == [
            "plan.has-goal",
            "plan.consent-before-start",
            "plan.review-interval-set",
            "plan.session-cadence-set",
        ]
        with pytest.raises(TypeError):
            grouped["x"] = ()  # type: ignore[index]


class TestViolation:
    @pytest.mark.parametrize(
        ("path", "text"),
        [
            ((), "<root>"),
            (("a",), "a"),
            (("a", 0), "a[0]"),
            (("goals", 2, "objectives", 0, "target"), "goals[2].objectives[0].target"),
            ((0, "a"), "[0].a"),
        ],
    )
    def test_render_path(self, path: tuple[str | int, ...], text: str) -> None:
        """Paths render the way users write them."""
        assert cc.render_path(path) == text

    def test_severities_are_ordered(self) -> None:
        """info < warning < error."""
        assert sorted([cc.Severity.ERROR, cc.Severity.INFO, cc.Severity.WARNING]) == [
            cc.Severity.INFO,
            cc.Severity.WARNING,
            cc.Severity.ERROR,
        ]

    def test_validation_error_summarises_at_most_five(self) -> None:
        """Long error lists are cut in the message but kept whole on the exception."""
        violations = [
            cc.Violation(rule="structure.type", path=("f", i), message="m") for i in range(7)
        ]

        error = cc.ValidationError(violations)

        assert "and 2 more" in str(error)
        assert len(error.violations) == 7


class TestDeclaredTypes:
    """A rule set that declares its subject and context types refuses others before any rule runs."""

    @pytest.mark.parametrize(
        ("subject", "context", "path"),
        [
            (None, PlanContext(), "subject"),
            ("tp-1", PlanContext(), "subject"),
            (example_plan(), None, "context"),
            (example_plan(), {"modalities": ["cbt"]}, "context"),
        ],
    )
    def test_built_in_rule_sets_refuse_other_types(
        self, subject: object, context: object, path: str
    ) -> None:
        with pytest.raises(InvalidValueError) as info:
            evaluate(subject, PLAN_COMPLETENESS, context)  # type: ignore[misc]
        assert info.value.paths == (path,)
        assert info.value.rules == ("structure.type",)

    def test_evaluate_refuses_a_ruleset_that_is_not_one(self) -> None:
        with pytest.raises(InvalidValueError) as info:
            evaluate(example_plan(), None, PlanContext())  # type: ignore[arg-type]
        assert info.value.paths == ("ruleset",)

    def test_every_built_in_rule_set_declares_its_types(self) -> None:
        from counselcore.aftercare import AFTERCARE_RULES, SAFETY_PLAN_RULES, TERMINATION_RULES
        from counselcore.measures import SUD_DIAGNOSIS_RULES
        from counselcore.modalities import BUILTIN_CATALOG, MATCHING_RULES, prerequisite_rules

        built_in: list[RuleSet[Any, Any]] = [
            PLAN_COMPLETENESS,
            AFTERCARE_RULES,
            SAFETY_PLAN_RULES,
            TERMINATION_RULES,
            SUD_DIAGNOSIS_RULES,
            MATCHING_RULES,
            *(prerequisite_rules(m) for m in BUILTIN_CATALOG),
        ]
        for ruleset in built_in:
            assert ruleset.subject_types, ruleset.name
            assert ruleset.context_types, ruleset.name

    def test_derived_sets_keep_the_declared_types(self) -> None:
        lenient = PLAN_COMPLETENESS.without("plan.has-goal").merge(
            RuleSet(
                name="extra",
                subject_types=PLAN_COMPLETENESS.subject_types,
                context_types=PLAN_COMPLETENESS.context_types,
            )
        )
        assert (lenient.subject_types, lenient.context_types) == (
            PLAN_COMPLETENESS.subject_types,
            PLAN_COMPLETENESS.context_types,
        )
        with pytest.raises(InvalidValueError) as raised:
            PLAN_COMPLETENESS.merge(RuleSet(name="untyped"))
        assert str(raised.value.violations[0]) == (
            "other: checks other subject or context types [structure.type]"
        )

    def test_undeclared_types_are_not_checked(self) -> None:
        untyped = RuleSet(name="any", rules=PLAN_COMPLETENESS.rules[:1])
        assert untyped.evaluate(example_plan(), PlanContext()).ok
