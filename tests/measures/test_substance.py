"""DSM-5 substance use disorder severity, remission and diagnosis agreement, at every edge."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counselcore.errors import InvalidValueError, ValidationError
from counselcore.measures import (
    SUD_DIAGNOSIS_RULES,
    SubstanceUseCriterion,
    SubstanceUseRemission,
    check_sud_diagnosis,
    count_sud_criteria,
    diagnose_substance_use,
    substance_use_remission,
    substance_use_severity,
)
from counselcore.model import Diagnosis, SeveritySpecifier

MILD, MODERATE, SEVERE = (
    SeveritySpecifier.MILD,
    SeveritySpecifier.MODERATE,
    SeveritySpecifier.SEVERE,
)
# Hand-typed from DSM-5: 0-1 none, 2-3 mild, 4-5 moderate, 6+ severe.
EXPECTED = [
    None,
    None,
    MILD,
    MILD,
    MODERATE,
    MODERATE,
    SEVERE,
    SEVERE,
    SEVERE,
    SEVERE,
    SEVERE,
    SEVERE,
]


class TestSeverity:
    @pytest.mark.parametrize("count", range(12))
    def test_every_count_has_its_dsm5_severity(self, count):
        """Each count from 0 to 11 maps to the DSM-5 severity (edges 1/2, 3/4, 5/6)."""
        assert substance_use_severity(count) is EXPECTED[count]

    @pytest.mark.parametrize("count", [-1, 12])
    def test_counts_outside_0_to_11_are_refused(self, count):
        """There are eleven criteria: -1 and 12 are range errors naming the argument."""
        with pytest.raises(InvalidValueError) as info:
            substance_use_severity(count)

        assert info.value.paths == ("criteria_count",)
        assert info.value.rules == ("structure.range",)

    @given(st.integers(0, 11), st.integers(0, 11))
    def test_severity_is_monotone_in_the_count(self, a, b):
        """More criteria never give a lower severity."""
        rank = {None: 0, MILD: 1, MODERATE: 2, SEVERE: 3}
        low, high = sorted((a, b))

        assert rank[substance_use_severity(low)] <= rank[substance_use_severity(high)]


class TestCounting:
    def test_there_are_eleven_criteria(self):
        """DSM-5 lists eleven substance use disorder criteria."""
        assert len(SubstanceUseCriterion) == 11

    def test_medical_use_removes_tolerance_and_withdrawal_only(self):
        """Under appropriate medical use, tolerance and withdrawal do not count; the rest do."""
        every = list(SubstanceUseCriterion)

        assert count_sud_criteria(every) == 11
        assert count_sud_criteria(every, solely_medical_use=True) == 9

    def test_repeats_count_once(self):
        """A criterion listed twice is one criterion."""
        craving = SubstanceUseCriterion.CRAVING

        assert count_sud_criteria([craving, craving]) == 1

    def test_strings_are_refused(self):
        """A criterion's value string is not a criterion."""
        with pytest.raises(InvalidValueError) as info:
            count_sud_criteria(["craving"])  # type: ignore[list-item]

        assert info.value.paths == ("criteria[0]",)


class TestRemission:
    SINCE = dt.date(2024, 1, 31)

    @pytest.mark.parametrize(
        ("on", "expected"),
        [
            (dt.date(2024, 1, 31), SubstanceUseRemission.NOT_IN_REMISSION),
            (dt.date(2024, 4, 29), SubstanceUseRemission.NOT_IN_REMISSION),
            (dt.date(2024, 4, 30), SubstanceUseRemission.EARLY),
            (dt.date(2025, 1, 30), SubstanceUseRemission.EARLY),
            (dt.date(2025, 1, 31), SubstanceUseRemission.SUSTAINED),
        ],
    )
    def test_early_from_3_months_and_sustained_from_12(self, on, expected):
        """One day before three calendar months is not remission; twelve months is sustained."""
        assert substance_use_remission(criteria_free_since=self.SINCE, on=on) is expected

    def test_a_date_before_the_start_is_refused(self):
        """Asking about a day before the criteria stopped is a date-order error."""
        with pytest.raises(InvalidValueError) as info:
            substance_use_remission(criteria_free_since=self.SINCE, on=dt.date(2024, 1, 30))

        assert info.value.rules == ("structure.date-order",)


class TestDiagnosisAgreement:
    @pytest.mark.parametrize(
        ("code", "count", "specifier"),
        [("F10.10", 2, MILD), ("F10.10", 3, MILD), ("F10.20", 4, MODERATE), ("F11.20", 6, SEVERE)],
    )
    def test_the_specifier_is_derived_from_the_count(self, code, count, specifier):
        """diagnose_substance_use() sets the specifier the count gives, so they cannot disagree."""
        diagnosis = diagnose_substance_use(code, criteria_count=count)

        assert diagnosis.specifier is specifier
        assert check_sud_diagnosis(diagnosis, criteria_count=count) == ()

    @pytest.mark.parametrize(("code", "count"), [("F10.10", 4), ("F10.20", 3), ("F12.21", 2)])
    def test_a_code_that_disagrees_with_the_count_is_refused(self, code, count):
        """An abuse (.1) code with 4+ criteria, or a dependence (.2) code with 2-3, is refused."""
        with pytest.raises(ValidationError) as info:
            diagnose_substance_use(code, criteria_count=count)

        assert info.value.rules == ("measures.sud-code-matches-severity",)

    def test_fewer_than_two_criteria_is_no_disorder(self):
        """With one criterion there is no disorder to diagnose."""
        with pytest.raises(ValidationError) as info:
            diagnose_substance_use("F10.10", criteria_count=1)

        assert info.value.rules == ("measures.sud-severity-matches-criteria",)

    def test_a_non_substance_code_is_refused(self):
        """Depression is not a substance use disorder."""
        with pytest.raises(InvalidValueError) as info:
            diagnose_substance_use("F32.1", criteria_count=5)

        assert info.value.paths == ("code",)

    def test_check_reports_a_wrong_specifier_with_evidence_and_no_code(self):
        """A stored moderate F10.20 with 6 criteria is reported; the message never shows the code."""
        stored = Diagnosis(code="F10.20", specifier=MODERATE)

        found = check_sud_diagnosis(stored, criteria_count=6)

        assert [v.rule for v in found] == ["measures.sud-severity-matches-criteria"]
        assert ("expected", "severe") in found[0].evidence
        assert "F10" not in found[0].message

    def test_without_a_count_only_the_code_is_compared(self):
        """A mild specifier on a dependence code is reported even without the count."""
        found = check_sud_diagnosis(Diagnosis(code="F17.200", specifier=MILD))

        assert [v.rule for v in found] == ["measures.sud-code-matches-severity"]

    def test_other_diagnoses_are_not_checked(self):
        """A depression diagnosis gives no substance use violation."""
        assert check_sud_diagnosis(Diagnosis(code="F33.1"), criteria_count=0) == ()

    def test_rule_ids_and_sources_are_declared_once(self):
        """The rule set names both rules, each with a source."""
        assert SUD_DIAGNOSIS_RULES.ids == (
            "measures.sud-severity-matches-criteria",
            "measures.sud-code-matches-severity",
        )
        assert all(rule.source for rule in SUD_DIAGNOSIS_RULES)

    @given(
        st.integers(2, 11),
        st.sampled_from(["F10", "F11", "F12", "F13", "F14", "F15", "F16", "F18", "F19"]),
    )
    def test_derived_diagnoses_always_pass_their_own_check(self, count, category):
        """Whatever the count, the matching code built by diagnose_substance_use() passes the check."""
        code = f"{category}.10" if count <= 3 else f"{category}.20"

        diagnosis = diagnose_substance_use(code, criteria_count=count)

        assert check_sud_diagnosis(diagnosis, criteria_count=count) == ()
