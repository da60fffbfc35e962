import datetime as dt

import pytest
from attrs import evolve

from counselcore.aftercare import (
    AftercarePlan,
    BoosterSchedule,
    ContactRole,
    PracticeCadence,
    RelapsePreventionPlan,
    SafetyPlan,
    SafetySection,
    SkillsRoutine,
    SupportContact,
    TerminationPlan,
    TerminationReason,
    TriggerPlan,
)
from counselcore.errors import InvalidValueError
from counselcore.examples import example_aftercare_plan, example_safety_plan
from counselcore.model import Cadence, ClientRef, RiskLevel, Trigger

SECRET = "SECRET-clinical-text"
DAY = dt.date(2024, 6, 3)


def contact(contact_id: str = "k1", role: ContactRole = ContactRole.FRIEND) -> SupportContact:
    return SupportContact(contact_id=contact_id, role=role, name=SECRET, phone=SECRET)


def trigger(trigger_id: str, risk: RiskLevel, *coping: str) -> TriggerPlan:
    return TriggerPlan(
        trigger=Trigger(trigger_id=trigger_id, description=SECRET, risk=risk),
        coping_responses=coping,
    )


class TestSupportContact:
    def test_repr_hides_name_and_phone(self) -> None:
        """Names and phone numbers never appear in repr."""
        value = contact()

        text = repr(value)

        assert SECRET not in text
        assert "k1" in text

    def test_reachable_must_be_a_bool(self) -> None:
        """A truthy string is not a reachable flag."""
        with pytest.raises(InvalidValueError) as info:
            SupportContact(contact_id="k1", role=ContactRole.FRIEND, reachable="yes")  # type: ignore[arg-type]

        assert info.value.paths == ("reachable",)

    def test_role_must_be_an_enum_member(self) -> None:
        """The raw value 'friend' is refused."""
        with pytest.raises(InvalidValueError, match="role"):
            SupportContact(contact_id="k1", role="friend")  # type: ignore[arg-type]

    def test_error_messages_do_not_echo_text(self) -> None:
        """An over-long name is refused without repeating it."""
        with pytest.raises(InvalidValueError) as info:
            SupportContact(contact_id="k1", role=ContactRole.FRIEND, name=SECRET * 1000)

        assert SECRET not in str(info.value)


class TestSkillsRoutine:
    def test_skill_is_an_identifier(self) -> None:
        """A skill with surrounding spaces is refused."""
        with pytest.raises(InvalidValueError, match=r"structure\.identifier"):
            SkillsRoutine(skill=" mindfulness", cadence=PracticeCadence.DAILY)

    def test_cadence_must_be_a_practice_cadence(self) -> None:
        """A session Cadence is not a practice cadence."""
        with pytest.raises(InvalidValueError, match="cadence"):
            SkillsRoutine(skill="journaling", cadence=Cadence.WEEKLY)  # type: ignore[arg-type]


class TestSafetyPlan:
    def test_a_draft_with_no_sections_is_constructible(self) -> None:
        """Every section may be empty in a draft; rules report it."""
        plan = SafetyPlan(plan_id="sp-1", written_on=DAY)

        assert plan.missing_sections == tuple(SafetySection)

    def test_repr_hides_every_text_section(self) -> None:
        """Free text in any section stays out of repr."""
        plan = SafetyPlan(
            plan_id="sp-1",
            written_on=DAY,
            warning_signs=(SECRET,),
            internal_coping=(SECRET,),
            social_distraction=(SECRET,),
            people_to_ask=(contact(),),
            environment_safety=(SECRET,),
            reasons_for_living=(SECRET,),
        )

        text = repr(plan)

        assert SECRET not in text

    def test_count_and_missing_sections(self) -> None:
        """count() reports each section's entries and missing_sections lists the empty ones in order."""
        plan = example_safety_plan().with_section(SafetySection.SOCIAL_DISTRACTION, ())

        counts = [plan.count(section) for section in SafetySection]

        assert counts == [2, 2, 0, 1, 2, 1]
        assert plan.missing_sections == (SafetySection.SOCIAL_DISTRACTION,)

    def test_contact_ids_are_unique_across_sections(self) -> None:
        """A contact id repeated in section 5 is refused at its own path."""
        with pytest.raises(InvalidValueError) as info:
            SafetyPlan(
                plan_id="sp-1",
                written_on=DAY,
                people_to_ask=(contact("k1"),),
                professionals_and_agencies=(contact("k1", ContactRole.CLINICIAN),),
            )

        assert info.value.rules == ("structure.id-unique",)
        assert info.value.paths == ("professionals_and_agencies[0].contact_id",)

    def test_blank_entries_are_refused(self) -> None:
        """An entry of spaces is not an entry."""
        with pytest.raises(InvalidValueError) as info:
            SafetyPlan(plan_id="sp-1", written_on=DAY, internal_coping=("walk", "  "))

        assert info.value.paths == ("internal_coping[1]",)

    def test_contact_sections_hold_contacts_only(self) -> None:
        """Text in a contact section is refused, and a contact in a text section too."""
        plan = SafetyPlan(plan_id="sp-1", written_on=DAY)

        with pytest.raises(InvalidValueError, match=r"people_to_ask\[0\]"):
            plan.with_section(SafetySection.PEOPLE_TO_ASK, ("call Sam",))
        with pytest.raises(InvalidValueError, match=r"warning_signs\[0\]"):
            plan.with_section(SafetySection.WARNING_SIGNS, (contact(),))

    def test_iter_contacts_yields_paths_in_section_order(self) -> None:
        """People to ask come before professionals, each with its path."""
        plan = example_safety_plan()

        paths = [path for path, _contact in plan.iter_contacts()]

        assert paths == [
            ("people_to_ask", 0),
            ("professionals_and_agencies", 0),
            ("professionals_and_agencies", 1),
        ]


class TestTriggerPlan:
    def test_a_draft_trigger_without_coping_is_constructible(self) -> None:
        """Missing coping responses are a rule matter, not a structural one."""
        item = trigger("t1", RiskLevel.HIGH)

        assert item.coping_responses == ()

    def test_trigger_must_be_a_trigger(self) -> None:
        """A plain id is not a trigger."""
        with pytest.raises(InvalidValueError, match="trigger"):
            TriggerPlan(trigger="t1")  # type: ignore[arg-type]

    def test_repr_hides_coping_responses(self) -> None:
        """Coping responses are free text."""
        item = trigger("t1", RiskLevel.LOW, SECRET)

        assert SECRET not in repr(item)


class TestRelapsePreventionPlan:
    def test_ranked_orders_by_risk_and_keeps_ties_stable(self) -> None:
        """Highest risk first; equal risks keep their written order."""
        plan = RelapsePreventionPlan(
            plan_id="rp-1",
            written_on=DAY,
            triggers=(
                trigger("a", RiskLevel.MODERATE),
                trigger("b", RiskLevel.HIGH),
                trigger("c", RiskLevel.MODERATE),
                trigger("d", RiskLevel.NONE),
                trigger("e", RiskLevel.HIGH),
            ),
        )

        ranked = [t.trigger.trigger_id for t in plan.ranked]

        assert ranked == ["b", "e", "a", "c", "d"]

    @pytest.mark.parametrize(
        ("level", "expected"),
        [
            (RiskLevel.HIGH, ["b"]),
            (RiskLevel.MODERATE, ["a", "b"]),
            (RiskLevel.NONE, ["a", "b", "c"]),
        ],
    )
    def test_at_or_above_includes_the_level_itself(
        self, level: RiskLevel, expected: list[str]
    ) -> None:
        """at_or_above(level) keeps triggers of that level and higher, in written order."""
        plan = RelapsePreventionPlan(
            plan_id="rp-1",
            written_on=DAY,
            triggers=(
                trigger("a", RiskLevel.MODERATE),
                trigger("b", RiskLevel.HIGH),
                trigger("c", RiskLevel.NONE),
            ),
        )

        found = [t.trigger.trigger_id for t in plan.at_or_above(level)]

        assert found == expected

    def test_trigger_ids_are_unique(self) -> None:
        """A repeated trigger id is refused at the second trigger."""
        with pytest.raises(InvalidValueError) as info:
            RelapsePreventionPlan(
                plan_id="rp-1",
                written_on=DAY,
                triggers=(trigger("t", RiskLevel.LOW), trigger("t", RiskLevel.HIGH)),
            )

        assert info.value.paths == ("triggers[1].trigger.trigger_id",)

    def test_repr_hides_free_text(self) -> None:
        """Warning signs and lapse and relapse responses stay out of repr."""
        plan = RelapsePreventionPlan(
            plan_id="rp-1",
            written_on=DAY,
            warning_signs=(SECRET,),
            lapse_response=(SECRET,),
            relapse_response=(SECRET,),
        )

        assert SECRET not in repr(plan)


class TestAftercarePlan:
    def test_a_bare_draft_is_constructible(self) -> None:
        """Only id, client and termination date are required."""
        plan = AftercarePlan(plan_id="ac-1", client=ClientRef("c-1"), terminated_on=DAY)

        assert plan.booster_dates == ()

    @pytest.mark.parametrize(("days", "ok"), [(0, False), (1, True)])
    def test_ends_after_termination(self, days: int, ok: bool) -> None:
        """The end date must be at least one day after termination."""
        ends_on = DAY + dt.timedelta(days=days)

        if ok:
            plan = AftercarePlan(
                plan_id="ac-1", client=ClientRef("c-1"), terminated_on=DAY, ends_on=ends_on
            )
            assert plan.ends_on == ends_on
        else:
            with pytest.raises(InvalidValueError, match=r"structure\.date-order"):
                AftercarePlan(
                    plan_id="ac-1", client=ClientRef("c-1"), terminated_on=DAY, ends_on=ends_on
                )

    def test_support_contact_ids_are_unique(self) -> None:
        """A repeated contact id in the support network is refused."""
        plan = example_aftercare_plan()

        with pytest.raises(InvalidValueError) as info:
            plan.with_contact(contact("k-sibling"))

        assert info.value.paths == ("support_network[2].contact_id",)

    def test_routine_skills_are_unique(self) -> None:
        """The same skill cannot have two routines."""
        plan = example_aftercare_plan()

        with pytest.raises(InvalidValueError) as info:
            plan.with_routine(SkillsRoutine(skill="mindfulness", cadence=PracticeCadence.WEEKLY))

        assert info.value.paths == ("routines[2].skill",)

    def test_parts_must_have_their_types(self) -> None:
        """A relapse-prevention plan is not a crisis plan."""
        plan = example_aftercare_plan()

        with pytest.raises(InvalidValueError, match="crisis_plan"):
            evolve(plan, crisis_plan=plan.relapse_prevention)  # type: ignore[arg-type]

    def test_with_methods_return_new_values(self) -> None:
        """Each with_* method leaves the original unchanged."""
        draft = AftercarePlan(plan_id="ac-1", client=ClientRef("c-1"), terminated_on=DAY)
        full = example_aftercare_plan()

        built = (
            draft.with_boosters(BoosterSchedule(every_months=3, horizon_months=12))
            .with_contact(full.support_network[0])
            .with_routine(full.routines[0])
            .with_crisis_plan(example_safety_plan())
            .with_relapse_prevention(full.relapse_prevention)  # type: ignore[arg-type]
        )

        assert draft.boosters is None
        assert draft.support_network == ()
        assert built.crisis_plan == example_safety_plan()
        assert len(built.booster_dates) == 4

    def test_repr_hides_client_and_free_text(self) -> None:
        """The example plan's repr shows ids and enums, not client ids, names or text."""
        plan = example_aftercare_plan()

        text = repr(plan)

        assert "example-client-1" not in text
        assert "Fictional Sibling" not in text
        assert "canal" not in text


class TestTerminationPlan:
    @pytest.mark.parametrize(("days", "ok"), [(-1, False), (0, True)])
    def test_final_session_not_before_agreement(self, days: int, ok: bool) -> None:
        """The final session may fall on the day termination is agreed, not before."""
        final = DAY + dt.timedelta(days=days)

        if ok:
            plan = TerminationPlan(
                plan_id="tm-1",
                agreed_on=DAY,
                final_session_on=final,
                reason=TerminationReason.MUTUAL,
            )
            assert plan.final_session_on == final
        else:
            with pytest.raises(InvalidValueError, match="final_session_on"):
                TerminationPlan(
                    plan_id="tm-1",
                    agreed_on=DAY,
                    final_session_on=final,
                    reason=TerminationReason.MUTUAL,
                )

    def test_notes_stay_out_of_repr(self) -> None:
        """Notes are free text."""
        plan = TerminationPlan(
            plan_id="tm-1",
            agreed_on=DAY,
            final_session_on=DAY,
            reason=TerminationReason.GOALS_MET,
            notes=SECRET,
        )

        assert SECRET not in repr(plan)
