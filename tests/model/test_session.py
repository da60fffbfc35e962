import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import counselcore as cc

D = dt.date(2024, 1, 22)


def session(**changes: Any) -> cc.Session:
    fields: dict[str, object] = {
        "session_id": "s1",
        "held_on": D,
        "kind": cc.SessionKind.INDIVIDUAL,
        "duration_minutes": 50,
    }
    fields.update(changes)
    return cc.Session(**fields)  # type: ignore[arg-type]


def rule_and_path(info: pytest.ExceptionInfo[cc.ValidationError]) -> tuple[str, str]:
    (violation,) = info.value.violations
    return violation.rule, violation.where


class TestCptCodes:
    @pytest.mark.parametrize(
        ("minutes", "codes"),
        [
            (1, ()),
            (15, ()),
            (16, ("90832",)),
            (37, ("90832",)),
            (38, ("90834",)),
            (52, ("90834",)),
            (53, ("90837",)),
            (120, ("90837",)),
        ],
    )
    def test_psychotherapy_time_bands(self, minutes: int, codes: tuple[str, ...]) -> None:
        """16-37 min is 90832, 38-52 is 90834, 53 or more is 90837, under 16 has no code."""
        assert cc.cpt_codes(cc.SessionKind.INDIVIDUAL, minutes) == codes

    @pytest.mark.parametrize(
        ("minutes", "add_ons"),
        [(30, 0), (74, 0), (75, 1), (104, 1), (105, 2), (134, 2), (135, 3)],
    )
    def test_crisis_blocks(self, minutes: int, add_ons: int) -> None:
        """Crisis is 90839 for 30-74 min plus one 90840 per further block of up to 30 minutes."""
        assert cc.cpt_codes(cc.SessionKind.CRISIS, minutes) == ("90839", *("90840",) * add_ons)

    def test_short_crisis_uses_the_psychotherapy_band(self) -> None:
        """A 29-minute crisis session falls back to 90832."""
        assert cc.cpt_codes(cc.SessionKind.CRISIS, 29) == ("90832",)

    def test_intake_is_not_time_based(self) -> None:
        """Intake is 90791 whatever its length."""
        assert cc.cpt_codes(cc.SessionKind.INTAKE, 10) == ("90791",)
        assert session(kind=cc.SessionKind.INTAKE, duration_minutes=90).cpt_codes == ("90791",)

    @given(
        st.sampled_from(
            [cc.SessionKind.INDIVIDUAL, cc.SessionKind.MAINTENANCE, cc.SessionKind.BOOSTER]
        ),
        st.integers(1, 959),
    )
    def test_longer_sessions_never_get_a_shorter_code(
        self, kind: cc.SessionKind, minutes: int
    ) -> None:
        """The band is monotone in the duration."""
        order = {(): 0, ("90832",): 1, ("90834",): 2, ("90837",): 3}

        assert order[cc.cpt_codes(kind, minutes)] <= order[cc.cpt_codes(kind, minutes + 1)]


class TestSession:
    @pytest.mark.parametrize(("minutes", "ok"), [(0, False), (1, True), (960, True), (961, False)])
    def test_duration_bounds(self, minutes: int, ok: bool) -> None:
        """Durations run from 1 to 960 minutes."""
        if ok:
            assert session(duration_minutes=minutes).duration_minutes == minutes
        else:
            with pytest.raises(cc.InvalidValueError) as info:
                session(duration_minutes=minutes)
            assert rule_and_path(info) == ("structure.range", "duration_minutes")

    @pytest.mark.parametrize(
        ("alliance", "ok"), [(-0.1, False), (0.0, True), (40.0, True), (40.1, False)]
    )
    def test_alliance_is_a_session_rating_scale_total(self, alliance: float, ok: bool) -> None:
        """Alliance ratings lie between 0 and 40."""
        if ok:
            assert session(alliance=alliance).alliance == alliance
        else:
            with pytest.raises(cc.InvalidValueError) as info:
                session(alliance=alliance)
            assert rule_and_path(info) == ("structure.range", "alliance")

    def test_homework_cannot_be_due_before_the_session(self) -> None:
        """Homework is due on or after the session that set it."""
        due_same_day = cc.Homework(homework_id="h1", description="x", due_on=D)
        session(homework_assigned=(due_same_day,))
        early = cc.Homework(homework_id="h1", description="x", due_on=D - dt.timedelta(days=1))

        with pytest.raises(cc.InvalidValueError) as info:
            session(homework_assigned=(early,))

        assert rule_and_path(info) == ("structure.date-order", "homework_assigned[0].due_on")

    def test_homework_ids_are_unique(self) -> None:
        """Two pieces of homework in one session need different ids."""
        homework = cc.Homework(homework_id="h1", description="x")

        with pytest.raises(cc.InvalidValueError) as info:
            session(homework_assigned=(homework, homework))

        assert rule_and_path(info) == ("structure.id-unique", "homework_assigned[1].homework_id")

    def test_technique_ids_are_checked(self) -> None:
        """Each technique is an identifier."""
        with pytest.raises(cc.InvalidValueError) as info:
            session(techniques=("ok", ""))

        assert rule_and_path(info) == ("structure.identifier", "techniques[1]")

    def test_homework_text_is_not_in_repr(self) -> None:
        """Homework descriptions stay out of repr."""
        value = session(
            homework_assigned=(cc.Homework(homework_id="h1", description="Zebra-secret"),)
        )

        assert "Zebra-secret" not in repr(value)
