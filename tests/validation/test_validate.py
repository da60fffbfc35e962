"""validate_case / validate_cases: every finding, with input paths, and consequences marked."""

import copy
import pickle
from collections.abc import Iterator
from typing import Any

import pytest
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

from counselcore import from_json, to_json
from counselcore.errors import InvalidValueError
from counselcore.examples import example_aftercare_plan, example_safety_plan
from counselcore.phases import CrisisBegan, CrisisResolved, Discharged, PhasePolicy, replay
from counselcore.validation import PHASE_REFUSALS, CaseReport, Stage, validate_case, validate_cases
from counselcore.violations import Severity
from tests.phases.strategies import chaotic_histories
from tests.validation.charts import chart, clean_events, day, three_problem_chart


def located(report: CaseReport) -> list[tuple[str, str]]:
    return [(f.where, f.rule) for f in report.problems]


class TestValidateCase:
    def test_a_clean_chart_has_no_findings(self):
        """Intake, plan, eight sessions with scores and a due review: nothing to report."""
        report = validate_case(chart())

        assert report.findings == ()
        assert (report.ok, report.readable, report.phase, report.events) == (
            True,
            True,
            "active",
            27,
        )

    def test_the_issues_chart_yields_exactly_its_three_problems(self):
        """One bad diagnosis code, one out-of-order event, one early review: three findings at their paths."""
        report = validate_case(three_problem_chart())

        assert located(report) == [
            ("events[0].formulation.diagnoses[0].code", "structure.icd10cm-code"),
            ("events[6].on", "phases.events-in-date-order"),
            ("events[9].on", "phases.review-due"),
        ]
        assert [f.event for f in report.findings] == [0, 6, 9]
        assert [f.stage for f in report.findings] == [Stage.STRUCTURE, Stage.REPLAY, Stage.REPLAY]
        assert report.phase == "active"  # the repaired intake still moved the case on

    def test_an_unrepairable_intake_makes_later_phase_refusals_its_consequences(self):
        """A bad intake date cannot be repaired; every later refusal for the phase points at it."""
        data = chart()
        data["events"][0]["on"] = "2024-13-01"

        report = validate_case(data)

        assert located(report) == [("events[0].on", "structure.date")]
        assert report.consequences
        assert all(f.consequence_of == 0 for f in report.consequences)
        assert {f.rule for f in report.consequences} <= PHASE_REFUSALS
        assert report.phase == "intake"

    def test_a_refused_plan_folds_the_plan_guard_into_the_plan_rules(self):
        """The replay's plan guard repeats the plan rules' errors: each points at the rule it repeats."""
        data = chart()
        data["events"][1]["plan"]["goals"] = []

        report = validate_case(data)

        guard = [f for f in report.findings if f.rule == "phases.active-requires-plan"]
        assert guard
        for finding in guard:
            cause = report.findings[finding.consequence_of]  # type: ignore[index]
            assert cause.stage is Stage.RULES
            assert cause.path == finding.path
        # the review held later is refused only because treatment never started
        review = next(f for f in report.findings if f.kind == "review-held")
        assert report.findings[review.consequence_of].rule == "plan.has-goal"  # type: ignore[index]

    def test_a_broken_list_item_is_left_out_and_the_event_still_counts(self):
        """A bad objective target is reported at its path; the plan without it is agreed."""
        data = chart()
        data["events"][1]["plan"]["goals"][0]["objectives"][0]["target"] = "nine"

        report = validate_case(data)

        assert located(report) == [
            ("events[1].plan.goals[0].objectives[0].target", "structure.type")
        ]
        assert report.phase == "active"

    def test_findings_under_a_pruned_list_follow_from_the_broken_item(self):
        """When the only presenting problem is broken, the guard that misses it is its consequence."""
        data = chart()
        formulation = data["events"][0]["formulation"]
        formulation["presenting_problems"] = formulation["presenting_problems"][:1]
        formulation["presenting_problems"][0]["domain"] = "no-such-domain"

        report = validate_case(data)

        first = report.findings[0]
        assert (first.where, first.rule) == (
            "events[0].formulation.presenting_problems[0].domain",
            "structure.enum",
        )
        assert all(f.consequence_of is not None for f in report.findings[1:])

    def test_structural_problems_of_the_document_and_events(self):
        """Unknown keys, a bad client, an unknown kind and a non-object event are all reported."""
        data = chart()
        data["extra"] = 1
        data["client"] = ""
        data["events"][3] = {"kind": "coffee-break", "on": "2024-01-15"}
        data["events"][4] = "session"
        del data["events"][5]["kind"]

        report = validate_case(data)

        assert located(report)[:5] == [
            ("client", "structure.identifier"),
            ("extra", "structure.unknown-key"),
            ("events[3].kind", "structure.enum"),
            ("events[4]", "structure.type"),
            ("events[5].kind", "structure.required"),
        ]
        assert report.client is None

    def test_events_must_be_a_list_and_the_client_is_required(self):
        """A missing client or an events object is a structural finding, not a crash."""
        assert located(validate_case({"type": "case-history", "schema_version": 1})) == [
            ("client", "structure.required"),
        ]
        bad = {"type": "case-history", "schema_version": 1, "client": "c", "events": {}}
        assert located(validate_case(bad)) == [("events", "structure.type")]
        assert validate_case(bad).events == 0

    def test_input_that_is_not_a_case_history_is_unreadable(self):
        """Not an object, another document type, or another schema version: one document finding."""
        for data, rule in [
            ([], "structure.type"),
            ({"type": "treatment-plan", "schema_version": 1}, "structure.document-type"),
            ({"type": "case-history", "schema_version": 2}, "structure.schema-version"),
            ({"type": "case-history"}, "structure.schema-version"),
        ]:
            report = validate_case(data)

            assert not report.readable
            assert [(f.rule, f.stage) for f in report.findings] == [(rule, Stage.DOCUMENT)]

    def test_the_input_is_not_changed(self):
        """Repairing works on copies: the caller's data stays as it was."""
        data = three_problem_chart()
        before = copy.deepcopy(data)

        validate_case(data)

        assert data == before

    def test_no_clinical_text_or_client_id_in_the_repr(self):
        """The report's repr names neither the client nor any free text."""
        data = three_problem_chart()
        data["client"] = "mrn-secret-42"

        text = repr(validate_case(data))

        assert "mrn-secret-42" not in text
        assert "depression" not in text


class TestReports:
    def test_reports_pickle_and_dump_deterministically(self):
        """A report survives pickling unchanged and dumps to the same JSON every time."""
        report = validate_case(three_problem_chart())

        assert pickle.loads(pickle.dumps(report)) == report  # noqa: S301 - our own bytes
        assert from_json(CaseReport, to_json(report)) == report
        assert to_json(report) == to_json(validate_case(three_problem_chart()))

    def test_failed_counts_warnings_only_when_strict(self):
        """A chart whose only finding is a warning passes, and fails under strict."""
        data = chart()
        review = next(i for i, e in enumerate(data["events"]) if e["kind"] == "review-held")
        del data["events"][review]  # the seventh and eighth sessions come while a review is due

        report = validate_case(data)

        assert {f.severity for f in report.findings} == {Severity.WARNING}
        assert (report.failed(), report.failed(strict=True)) == (False, True)


class TestValidateCases:
    def test_reports_come_one_per_case_and_lazily(self):
        """The batch is consumed one case at a time: a report is out before the next case is read."""
        read: list[int] = []

        def cases() -> Iterator[dict[str, Any]]:
            for n in range(3):
                read.append(n)
                yield chart() if n != 1 else three_problem_chart()

        reports = validate_cases(cases())

        assert next(reports).ok
        assert read == [0]
        assert [r.ok for r in reports] == [False, True]
        assert read == [0, 1, 2]


@given(events=chaotic_histories(), client=st.sampled_from(["c-1", "c-2"]))
def test_replay_findings_equal_the_replay_of_a_structurally_valid_chart(events, client):
    """For a chart that loads cleanly, the replay findings are exactly replay()'s violations."""
    report = validate_case(chart(events, client=client))
    expected = [
        (("events", v.index, *v.violation.path), v.rule, v.severity)
        for v in replay(events).violations
    ]

    found = [(f.path, f.rule, f.severity) for f in report.findings if f.stage is Stage.REPLAY]

    assert found == expected
    assert report.phase == replay(events).state.phase.value
    for finding in report.findings:
        if finding.consequence_of is not None:
            assert finding.consequence_of < report.findings.index(finding)
            assert report.findings[finding.consequence_of].consequence_of is None


class TestWrongArguments:
    @pytest.mark.parametrize("cases", [None, 5, "cases", b"cases", {"type": "case-history"}])
    def test_a_batch_that_is_not_an_iterable_of_documents_is_refused_at_the_call(self, cases):
        """validate_cases refuses a non-iterable, a string or a single document, naming the argument."""
        with pytest.raises(InvalidValueError) as info:
            validate_cases(cases)

        assert info.value.paths == ("cases",)

    @pytest.mark.parametrize("policy", [None, "default", object()])
    def test_a_policy_of_the_wrong_type_is_refused(self, policy):
        """Both entry points refuse a policy that is not a PhasePolicy, naming the argument."""
        with pytest.raises(InvalidValueError) as info:
            validate_case(chart(), policy=policy)
        assert info.value.paths == ("policy",)

        with pytest.raises(InvalidValueError):
            validate_cases([], policy=policy)

    def test_a_policy_is_applied(self):
        """An organization's policy is used by the replay: a stricter review cadence flags sessions."""
        report = validate_case(chart(), policy=PhasePolicy(review_every_sessions=2))

        assert "phases.review-on-time" in report.rule_ids
        assert report.ok  # a warning, not an error


class TestPayloadRules:
    def test_a_safety_plan_is_checked_on_its_own_and_the_replay_hook_folds_into_it(self):
        """A resolved crisis whose safety plan lacks a section: the rule once, the hook as its consequence."""
        safety = evolve(example_safety_plan(), environment_safety=())
        events = [
            *clean_events()[:2],
            CrisisBegan(on=day(8)),
            CrisisResolved(on=day(9), safety_plan=safety, risk_screened_on=day(9)),
        ]

        report = validate_case(chart(events))

        rules = [f for f in report.findings if f.stage is Stage.RULES]
        replayed = [f for f in report.findings if f.stage is Stage.REPLAY]
        assert rules
        assert all(f.where.startswith("events[3].safety_plan") for f in rules)
        assert [f.rule for f in report.problems] == [f.rule for f in rules]
        assert all(report.findings[f.consequence_of] in rules for f in replayed)  # type: ignore[index]

    def test_an_aftercare_plan_is_checked_even_when_the_event_is_refused_for_its_phase(self):
        """A discharge in active treatment is refused, and its aftercare plan's own problems are still shown."""
        aftercare = evolve(example_aftercare_plan(), boosters=None)
        events = [*clean_events()[:2], Discharged(on=day(9), aftercare_plan=aftercare)]

        report = validate_case(chart(events))

        assert "phases.event-allowed-in-phase" in report.rule_ids
        assert any(
            f.stage is Stage.RULES and f.where.startswith("events[2].aftercare_plan")
            for f in report.findings
        )
