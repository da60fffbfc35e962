"""administer(): validation naming the item, scoring, risk flags, criteria and prorating."""

import datetime as dt

import pytest
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

from counselcore.errors import InvalidValueError, UnknownSubscaleError, ValidationError
from counselcore.measures import (
    AUDIT,
    BUILTIN_INSTRUMENTS,
    DAST_10,
    GAD_7,
    PCL_5,
    PHQ_2,
    PHQ_9,
    SUICIDAL_IDEATION_FLAG,
    Administration,
    Prorating,
    Subscore,
    administer,
)
from counselcore.strategies import instrument_responses
from tests.measures.support import DAY

INSTRUMENTS = list(BUILTIN_INSTRUMENTS)
ITEM_CASES = [(i, n) for i in INSTRUMENTS for n in range(i.item_count)]


def refusal(instrument, responses, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        administer(instrument, responses, on=DAY, **kwargs)
    return info.value


class TestItemCount:
    @pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: i.id)
    @pytest.mark.parametrize("delta", [-1, 1])
    def test_one_response_too_few_or_too_many_is_refused(self, instrument, delta):
        """A form with one response too few or too many is refused at the responses path."""
        responses = (instrument.items[0].options[0],) * (instrument.item_count + delta)

        error = refusal(instrument, responses)

        assert error.rules == ("structure.item-count",)
        assert error.violations[0].path == ("responses",)
        assert ("expected", instrument.item_count) in error.violations[0].evidence

    def test_empty_form_is_refused(self):
        """An empty form is refused."""
        error = refusal(PHQ_9, ())

        assert error.rules == ("structure.item-count",)

    @pytest.mark.parametrize("value", ["0" * 9, 123, None, {0: 1}])
    def test_responses_that_are_not_a_list_or_tuple_are_refused(self, value):
        """Text, numbers, None and mappings are not a list of responses."""
        with pytest.raises(InvalidValueError) as info:
            administer(PHQ_9, value, on=DAY)

        assert info.value.violations[0].path == ("responses",)
        assert info.value.rules == ("structure.type",)

    def test_a_list_is_accepted_and_stored_as_a_tuple(self):
        """Responses may come as a list; the administration stores a tuple."""
        result = administer(PHQ_9, [0] * 9, on=DAY)

        assert result.responses == (0,) * 9


class TestItemValues:
    @pytest.mark.parametrize(("instrument", "index"), ITEM_CASES, ids=str)
    def test_one_above_the_highest_option_names_the_item(self, instrument, index):
        """A value above an item's highest option is refused at that item's path."""
        responses = [item.options[-1] for item in instrument.items]
        responses[index] = instrument.items[index].options[-1] + 1

        error = refusal(instrument, tuple(responses))

        assert error.rules == ("structure.item-value",)
        assert error.violations[0].path == ("responses", index)
        assert ("item", index + 1) in error.violations[0].evidence

    @pytest.mark.parametrize(("instrument", "index"), ITEM_CASES, ids=str)
    def test_negative_value_names_the_item(self, instrument, index):
        """A negative value is refused at that item's path."""
        responses = [item.options[-1] for item in instrument.items]
        responses[index] = -1

        error = refusal(instrument, tuple(responses))

        assert error.violations[0].path == ("responses", index)

    @pytest.mark.parametrize("index", [8, 9])
    @pytest.mark.parametrize("value", [1, 3])
    def test_audit_items_9_and_10_refuse_1_and_3(self, index, value):
        """AUDIT items 9 and 10 accept only 0, 2 or 4."""
        responses = [0] * 10
        responses[index] = value

        error = refusal(AUDIT, tuple(responses))

        assert error.violations[0].path == ("responses", index)
        assert "must be one of 0, 2, 4" in error.violations[0].message

    @pytest.mark.parametrize("index", [0, 7])
    @pytest.mark.parametrize("value", [1, 3])
    def test_audit_items_1_to_8_accept_1_and_3(self, index, value):
        """AUDIT items 1-8 accept every value from 0 to 4."""
        responses = [0] * 10
        responses[index] = value

        result = administer(AUDIT, tuple(responses), on=DAY)

        assert result.total == value

    @pytest.mark.parametrize("value", [True, False, 1.0, 2.5, "1", b"1"])
    def test_non_integers_and_bools_name_the_item(self, value):
        """Bools, floats, text and bytes are refused with structure.type at the item."""
        responses: list[object] = [0] * 9
        responses[4] = value

        error = refusal(PHQ_9, responses)

        assert error.rules == ("structure.type",)
        assert error.violations[0].path == ("responses", 4)
        assert error.violations[0].where == "responses[4]"

    def test_every_bad_item_is_reported_in_item_order(self):
        """Several bad items are all reported, ordered by item, each at its own path."""
        responses: list[object] = [0] * 10
        responses[9] = 3
        responses[1] = True
        responses[4] = 7

        error = refusal(AUDIT, responses)

        assert [v.path for v in error.violations] == [
            ("responses", 1),
            ("responses", 4),
            ("responses", 9),
        ]

    def test_messages_do_not_echo_the_response(self):
        """The error message names the item and allowed values, not the given value."""
        error = refusal(DAST_10, (0, 0, 0, 0, 0, 0, 0, 0, 0, 987))

        assert "987" not in str(error)

    def test_instrument_and_date_are_checked(self):
        """A non-instrument or a datetime is refused with structure.type."""
        with pytest.raises(InvalidValueError, match="instrument"):
            administer("phq-9", (0,) * 9, on=DAY)  # type: ignore[arg-type]
        with pytest.raises(InvalidValueError, match="on"):
            administer(PHQ_9, (0,) * 9, on=dt.datetime(2024, 1, 8))  # noqa: DTZ001


class TestMissingItems:
    @pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: i.id)
    def test_missing_item_is_refused_by_default(self, instrument):
        """No built-in instrument prorates by default: a None response is refused at its item."""
        responses: list[int | None] = [item.options[-1] for item in instrument.items]
        responses[1] = None

        error = refusal(instrument, responses)

        assert error.rules == ("structure.missing-item",)
        assert error.violations[0].path == ("responses", 1)

    def test_prorating_policy_fills_one_missing_phq9_item(self):
        """With prorating, 8 answered items scoring 12 give 12 * 9 / 8 = 13.5, rounded to 14."""
        responses = (2, None, 2, 2, 2, 1, 1, 1, 1)

        result = administer(PHQ_9, responses, on=DAY, prorating=Prorating())

        assert result.total == 14
        assert result.prorated is True
        assert result.band == "moderate"
        assert result.criteria_met == ()

    def test_prorating_rounds_down_below_one_half(self):
        """Eight answered items scoring 3 give 3 * 9 / 8 = 3.375, rounded to 3."""
        result = administer(PHQ_9, (1, 1, 1, None, 0, 0, 0, 0, 0), on=DAY, prorating=Prorating())

        assert result.total == 3

    def test_prorating_refuses_more_missing_items_than_allowed(self):
        """Two missing items exceed the default allowance of one."""
        error = refusal(PHQ_9, (None, None, 1, 1, 1, 1, 1, 1, 1), prorating=Prorating())

        assert [v.path for v in error.violations] == [("responses", 0), ("responses", 1)]
        assert set(error.rules) == {"structure.missing-item"}

    def test_prorating_allows_two_when_the_policy_says_so(self):
        """A policy allowing two missing items prorates 7 answered items."""
        policy = Prorating(max_missing=2)

        result = administer(PHQ_9, (None, None, 1, 1, 1, 1, 1, 1, 1), on=DAY, prorating=policy)

        assert result.total == 9

    def test_a_risk_item_is_never_prorated(self):
        """PHQ-9 item 9 must be answered even when prorating is allowed."""
        error = refusal(PHQ_9, (1, 1, 1, 1, 1, 1, 1, 1, None), prorating=Prorating())

        assert error.violations[0].path == ("responses", 8)
        assert "risk item" in error.violations[0].message

    def test_prorating_applies_only_to_listed_instruments(self):
        """The default policy lists only the PHQ-9, so a GAD-7 gap is still refused."""
        error = refusal(GAD_7, (1, None, 1, 1, 1, 1, 1), prorating=Prorating())

        assert error.rules == ("structure.missing-item",)

    def test_incomplete_subscales_are_left_out(self):
        """A prorated PCL-5 reports only the clusters whose items were all answered."""
        policy = Prorating(instruments=("pcl-5",), max_missing=1)
        responses: list[int | None] = [1] * 20
        responses[6] = None

        result = administer(PCL_5, responses, on=DAY, prorating=policy)

        assert [s.subscale for s in result.subscores] == [
            "cluster-b-intrusion",
            "cluster-d-cognition-mood",
            "cluster-e-arousal-reactivity",
        ]
        assert result.total == 20

    def test_an_entirely_empty_form_is_never_prorated(self):
        """Prorating needs at least one answered item."""
        policy = Prorating(instruments=("phq-2",), max_missing=2)

        error = refusal(PHQ_2, (None, None), prorating=policy)

        assert len(error.violations) == 2


class TestRiskFlags:
    def test_phq9_item9_of_1_flags_even_at_total_1(self):
        """PHQ-9 item 9 scored 1 raises the flag though the total is minimal."""
        result = administer(PHQ_9, (0, 0, 0, 0, 0, 0, 0, 0, 1), on=DAY)

        assert result.total == 1
        assert result.band == "minimal"
        assert result.risk_flags == (SUICIDAL_IDEATION_FLAG,)
        assert SUICIDAL_IDEATION_FLAG == "risk.suicidal_ideation"

    def test_phq9_item9_of_0_does_not_flag_even_at_total_24(self):
        """A severe total without item 9 raises no risk flag."""
        result = administer(PHQ_9, (3, 3, 3, 3, 3, 3, 3, 3, 0), on=DAY)

        assert result.band == "severe"
        assert result.risk_flags == ()
        assert result.has_risk_flags is False

    @given(responses=instrument_responses(PHQ_9))
    def test_flag_depends_on_item9_alone(self, responses):
        """The flag is raised exactly when item 9 is 1 or more, whatever the other items."""
        result = administer(PHQ_9, responses, on=DAY)

        assert result.has_risk_flags is (responses[8] >= 1)

    @pytest.mark.parametrize(
        "instrument", [i for i in INSTRUMENTS if not i.possible_risk_flags], ids=lambda i: i.id
    )
    def test_other_built_ins_raise_no_flags(self, instrument):
        """Instruments that declare no risk flag raise none, even at their highest answers."""
        result = administer(instrument, [i.options[-1] for i in instrument.items], on=DAY)

        assert result.risk_flags == ()


class TestWorkedExamples:
    def test_dast10_all_no_scores_1(self):
        """Answering no to all ten DAST-10 items scores 1 (item 3 is reversed): low band."""
        result = administer(DAST_10, (0,) * 10, on=DAY)

        assert (result.total, result.band) == (1, "low")

    def test_dast10_all_yes_scores_9(self):
        """Answering yes to all ten DAST-10 items scores 9: severe band."""
        result = administer(DAST_10, (1,) * 10, on=DAY)

        assert (result.total, result.band) == (9, "severe")

    def test_dast10_zero_needs_yes_on_item_3(self):
        """A DAST-10 total of 0 means no to every item except yes to item 3."""
        result = administer(DAST_10, (0, 0, 1, 0, 0, 0, 0, 0, 0, 0), on=DAY)

        assert (result.total, result.band) == (0, "none")

    def test_pcl5_total_of_12_can_satisfy_the_cluster_rule(self):
        """Six items at 2 (1 B, 1 C, 2 D, 2 E) total 12: cluster rule met, cut score not."""
        responses = (2, 0, 0, 0, 0, 2, 0, 2, 2, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0)

        result = administer(PCL_5, responses, on=DAY)

        assert result.total == 12
        assert result.meets("provisional-ptsd-cluster-rule")
        assert not result.meets("provisional-ptsd-cut-score")
        assert result.caseness is False

    def test_pcl5_high_total_without_cluster_c_fails_the_cluster_rule(self):
        """All items at 4 except both C items at 1: total 74, cut score met, cluster rule not."""
        responses = (4, 4, 4, 4, 4, 1, 1, *(4,) * 13)

        result = administer(PCL_5, responses, on=DAY)

        assert result.total == 74
        assert result.meets("provisional-ptsd-cut-score")
        assert not result.meets("provisional-ptsd-cluster-rule")

    @pytest.mark.parametrize(
        ("d_items", "e_items", "met"),
        [((8,), (15, 16), False), ((8, 9), (15,), False), ((8, 9), (15, 16), True)],
    )
    def test_pcl5_cluster_rule_needs_two_d_and_two_e(self, d_items, e_items, met):
        """One D or one E symptom short of two fails the rule; two of each pass."""
        responses = [0] * 20
        for number in (1, 6, *d_items, *e_items):
            responses[number - 1] = 2

        result = administer(PCL_5, tuple(responses), on=DAY)

        assert result.meets("provisional-ptsd-cluster-rule") is met

    def test_pcl5_symptom_needs_a_rating_of_2(self):
        """Items rated 1 are not symptoms: the same pattern at 1 fails the rule."""
        responses = (1, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0)

        result = administer(PCL_5, responses, on=DAY)

        assert not result.meets("provisional-ptsd-cluster-rule")

    def test_pcl5_cluster_subscores(self):
        """Cluster sub-scores sum their items."""
        responses = (1, 1, 1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4)

        result = administer(PCL_5, responses, on=DAY)

        assert result.subscores == (
            Subscore(subscale="cluster-b-intrusion", score=5),
            Subscore(subscale="cluster-c-avoidance", score=4),
            Subscore(subscale="cluster-d-cognition-mood", score=21),
            Subscore(subscale="cluster-e-arousal-reactivity", score=24),
        )
        assert result.total == 54

    def test_phq9_major_depressive_syndrome(self):
        """Five items at 2 or more including item 1 meet the major depressive syndrome."""
        result = administer(PHQ_9, (2, 0, 2, 2, 2, 2, 0, 0, 0), on=DAY)

        assert result.criteria_met == ("major-depressive-syndrome",)

    def test_phq9_item9_counts_at_1_for_the_algorithm(self):
        """Item 9 counts as a symptom at 1: four items at 2 plus item 9 at 1 make five."""
        result = administer(PHQ_9, (0, 2, 2, 2, 2, 0, 0, 0, 1), on=DAY)

        assert result.criteria_met == ("major-depressive-syndrome",)

    def test_phq9_other_depressive_syndrome(self):
        """Two to four counted items including item 2 meet the other depressive syndrome."""
        result = administer(PHQ_9, (0, 3, 2, 0, 0, 0, 0, 0, 0), on=DAY)

        assert result.criteria_met == ("other-depressive-syndrome",)

    def test_phq9_high_total_without_core_item_meets_no_syndrome(self):
        """A severe total with items 1 and 2 at 1 meets neither syndrome."""
        result = administer(PHQ_9, (1, 1, 3, 3, 3, 3, 3, 3, 0), on=DAY)

        assert result.band == "severe"
        assert result.criteria_met == ()

    @pytest.mark.parametrize(
        ("responses", "expected"),
        [
            ((2, 2, 2, 2, 0, 0, 0, 0, 0), ("other-depressive-syndrome",)),
            ((2, 2, 2, 2, 2, 0, 0, 0, 0), ("major-depressive-syndrome",)),
            ((2, 1, 0, 0, 0, 0, 0, 0, 0), ()),
            ((2, 2, 0, 0, 0, 0, 0, 0, 0), ("other-depressive-syndrome",)),
        ],
    )
    def test_phq9_algorithm_boundaries(self, responses, expected):
        """Four counted items are the other syndrome, five the major one; one is neither."""
        result = administer(PHQ_9, responses, on=DAY)

        assert result.criteria_met == expected

    def test_phq9_item9_at_0_does_not_count(self):
        """Item 9 at 0 is not a symptom: four items at 2 stay the other syndrome."""
        result = administer(PHQ_9, (2, 2, 2, 2, 0, 0, 0, 0, 0), on=DAY)

        assert "major-depressive-syndrome" not in result.criteria_met

    def test_phq9_one_counted_item_is_not_other_syndrome(self):
        """A single counted core item is below the 2-4 range."""
        result = administer(PHQ_9, (3, 1, 1, 1, 1, 1, 1, 1, 0), on=DAY)

        assert result.criteria_met == ()

    def test_audit_domain_subscores(self):
        """AUDIT domains sum items 1-3, 4-6 and 7-10."""
        result = administer(AUDIT, (4, 3, 2, 1, 1, 0, 2, 1, 4, 2), on=DAY)

        assert [s.score for s in result.subscores] == [9, 2, 9]
        assert result.total == 20
        assert result.band == "possible-dependence"


class TestAdministrationRecord:
    def test_administration_is_immutable_and_keeps_the_instrument_version(self):
        """An administration cannot be changed in place and records the instrument version."""
        result = administer(GAD_7, (1,) * 7, on=DAY)

        with pytest.raises(AttributeError):
            result.total = 3  # type: ignore[misc]
        assert (result.instrument_id, result.instrument_version) == ("gad-7", "2006")
        assert result.administered_on == DAY

    def test_subscore_lookup_raises_key_error_when_absent(self):
        """Asking for a sub-score the instrument lacks raises UnknownSubscaleError, a KeyError."""
        result = administer(GAD_7, (1,) * 7, on=DAY)

        with pytest.raises(UnknownSubscaleError) as info:
            result.subscore("cluster-b-intrusion")

        assert isinstance(info.value, KeyError)
        assert info.value.subscale == "cluster-b-intrusion"

    def test_missing_response_requires_the_prorated_flag(self):
        """A stored administration with a None response must say it was prorated."""
        result = administer(PHQ_9, (1, None, 1, 1, 1, 1, 1, 1, 1), on=DAY, prorating=Prorating())

        with pytest.raises(InvalidValueError) as info:
            evolve(result, prorated=False)

        assert info.value.rules == ("structure.missing-item",)

    @pytest.mark.parametrize(
        ("field", "value", "path"),
        [
            ("responses", (), ("responses",)),
            ("responses", (1, -1), ("responses", 1)),
            ("total", -1, ("total",)),
            ("caseness", 1, ("caseness",)),
            ("risk_flags", ("",), ("risk_flags", 0)),
            ("subscores", ({"subscale": "x", "score": 1},), ("subscores", 0)),
            ("prorated", 0, ("prorated",)),
            ("administered_on", "2024-01-08", ("administered_on",)),
        ],
    )
    def test_constructor_checks_structure(self, field, value, path):
        """Structurally impossible administrations cannot be built."""
        base = administer(GAD_7, (1,) * 7, on=DAY)

        with pytest.raises(InvalidValueError) as info:
            evolve(base, **{field: value})

        assert info.value.violations[0].path == path

    @given(data=st.data())
    def test_administering_is_deterministic(self, data):
        """The same responses and date give an equal administration."""
        instrument = data.draw(st.sampled_from(INSTRUMENTS))
        responses = data.draw(instrument_responses(instrument))

        first = administer(instrument, responses, on=DAY)
        second = administer(instrument, list(responses), on=DAY)

        assert first == second
        assert isinstance(first, Administration)
