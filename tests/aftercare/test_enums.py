from counselcore.aftercare import ContactRole, PracticeCadence, SafetySection, TerminationReason


class TestSafetySection:
    def test_values_are_stable_and_in_stanley_brown_order(self) -> None:
        """The six sections keep their serialized values in the order they are used."""
        values = [section.value for section in SafetySection]

        assert values == [
            "warning-signs",
            "internal-coping",
            "social-distraction",
            "people-to-ask",
            "professionals-and-agencies",
            "environment-safety",
        ]

    def test_steps_number_the_sections_from_one(self) -> None:
        """Step numbers run 1 to 6 in section order."""
        steps = [section.step for section in SafetySection]

        assert steps == [1, 2, 3, 4, 5, 6]

    def test_field_names_match_the_safety_plan_fields(self) -> None:
        """Each section names the SafetyPlan field that holds it."""
        from counselcore.aftercare import SafetyPlan

        fields = [a.name for a in SafetyPlan.__attrs_attrs__]

        names = [section.field_name for section in SafetySection]

        assert names == [name for name in fields if name in names]


class TestContactRole:
    def test_values_are_stable(self) -> None:
        """Role values are public API."""
        values = [role.value for role in ContactRole]

        assert values == [
            "family",
            "friend",
            "peer-support",
            "community-group",
            "clinician",
            "crisis-line",
            "urgent-care",
            "other",
        ]

    def test_only_clinicians_and_crisis_services_are_professional(self) -> None:
        """Clinicians, crisis lines and urgent care are section-5 roles; the rest are personal."""
        professional = {role for role in ContactRole if role.is_professional}

        assert professional == {
            ContactRole.CLINICIAN,
            ContactRole.CRISIS_LINE,
            ContactRole.URGENT_CARE,
        }


class TestPracticeCadence:
    def test_values_and_days(self) -> None:
        """Practice cadences serialize by value and order by nominal days."""
        pairs = [(cadence.value, cadence.days) for cadence in PracticeCadence]

        assert pairs == [("daily", 1), ("weekly", 7), ("biweekly", 14), ("monthly", 30)]


class TestTerminationReason:
    def test_values_are_stable(self) -> None:
        """Reason values are public API."""
        values = [reason.value for reason in TerminationReason]

        assert values == ["goals-met", "client-initiated", "mutual", "referral", "other"]
