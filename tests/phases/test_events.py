"""Event records: structure is checked when they are built."""

import datetime as dt

import pytest

from counselcore.errors import InvalidValueError
from counselcore.examples import example_plan, example_safety_plan
from counselcore.model import Session, SessionKind
from counselcore.phases import (
    EVENT_TYPES,
    CrisisResolved,
    Disengaged,
    DisengagementReason,
    EventKind,
    IntakeCompleted,
    MeasureRecorded,
    Phase,
    PlanAgreed,
    ReviewHeld,
    SessionHeld,
    TerminationPlanned,
)
from tests.phases.builders import DAY0, formulation

D = DAY0


class TestEnums:
    def test_phase_values_are_stable(self) -> None:
        """Phase values are public API."""
        assert [p.value for p in Phase] == [
            "intake",
            "planning",
            "active",
            "review",
            "crisis",
            "termination",
            "maintenance",
            "closed",
        ]
        assert [p.index for p in Phase] == list(range(8))

    def test_event_kind_values_are_stable(self) -> None:
        """Event kind values are public API."""
        assert [k.value for k in EventKind] == [
            "intake-completed",
            "plan-agreed",
            "session-held",
            "review-held",
            "measure-recorded",
            "crisis-began",
            "crisis-resolved",
            "termination-planned",
            "aftercare-started",
            "lapse-reported",
            "relapse-reported",
            "booster-held",
            "discharged",
            "disengaged",
            "re-referred",
        ]

    def test_disengagement_reasons_are_stable(self) -> None:
        """Disengagement reason values are public API."""
        assert [r.value for r in DisengagementReason] == [
            "client-withdrew",
            "lost-to-contact",
            "moved-away",
            "transferred",
            "other",
        ]


class TestStructure:
    @pytest.mark.parametrize("kind", [k for k in EventKind if k is not EventKind.SESSION_HELD])
    def test_every_event_refuses_a_datetime(self, kind: EventKind) -> None:
        """Dates are calendar dates: a datetime is refused (SessionHeld: see below)."""
        cls = EVENT_TYPES[kind]
        extras: dict[type, dict[str, object]] = {
            IntakeCompleted: {"formulation": formulation()},
            PlanAgreed: {"plan": example_plan()},
            MeasureRecorded: {"instrument": "phq-9", "total": 1},
            Disengaged: {"reason": DisengagementReason.OTHER},
        }
        extra = extras.get(cls, {})

        with pytest.raises(InvalidValueError) as info:
            cls(on=dt.datetime(2024, 1, 8, 9, 0, tzinfo=dt.timezone.utc), **extra)  # type: ignore[arg-type]

        assert info.value.violations[0].path == ("on",)

    def test_session_held_takes_the_session_date(self) -> None:
        """SessionHeld's date defaults to the session's and must match it."""
        session = Session(
            session_id="s", held_on=D, kind=SessionKind.INDIVIDUAL, duration_minutes=50
        )

        with pytest.raises(InvalidValueError) as info:
            SessionHeld(session=session, on=D + dt.timedelta(days=1))

        assert SessionHeld(session=session).on == D
        assert info.value.rules == ("structure.invalid",)

    @pytest.mark.parametrize(
        ("changes", "path"),
        [
            ({"instrument": " phq-9"}, ("instrument",)),
            ({"total": float("nan")}, ("total",)),
            ({"total": True}, ("total",)),
            ({"total": "9"}, ("total",)),
            ({"risk_flags": "item-9"}, ("risk_flags",)),
            ({"risk_flags": [3]}, ("risk_flags",)),
        ],
    )
    def test_measure_structure(self, changes: dict[str, object], path: tuple[str, ...]) -> None:
        """A measure has an instrument id, a finite numeric total and flag ids."""
        values: dict[str, object] = {"on": D, "instrument": "phq-9", "total": 9, **changes}

        with pytest.raises(InvalidValueError) as info:
            MeasureRecorded(**values)  # type: ignore[arg-type]

        assert info.value.violations[0].path == path

    def test_measure_flags_accept_any_iterable(self) -> None:
        """Risk flags may be given as any iterable of ids and are kept as a frozenset."""
        assert MeasureRecorded(
            on=D, instrument="phq-9", total=9, risk_flags=["a", "b"]
        ).risk_flags == frozenset({"a", "b"})

    @pytest.mark.parametrize(
        ("build", "path"),
        [
            (lambda: IntakeCompleted(on=D, formulation="f"), ("formulation",)),  # type: ignore[arg-type]
            (
                lambda: IntakeCompleted(on=D, formulation=formulation(), stabilization_met=1),  # type: ignore[arg-type]
                ("stabilization_met",),
            ),
            (lambda: PlanAgreed(on=D, plan="tp"), ("plan",)),  # type: ignore[arg-type]
            (lambda: SessionHeld(session="s", on=D), ("session",)),  # type: ignore[arg-type]
            (lambda: ReviewHeld(on=D, goals_met="yes"), ("goals_met",)),  # type: ignore[arg-type]
            (lambda: ReviewHeld(on=D, stabilization_met=0), ("stabilization_met",)),  # type: ignore[arg-type]
            (lambda: CrisisResolved(on=D, risk_screened_on="2024-01-08"), ("risk_screened_on",)),  # type: ignore[arg-type]
            (lambda: CrisisResolved(on=D, replan=None), ("replan",)),  # type: ignore[arg-type]
            (lambda: TerminationPlanned(on=D, client_initiated="no"), ("client_initiated",)),  # type: ignore[arg-type]
            (lambda: Disengaged(on=D, reason="other"), ("reason",)),  # type: ignore[arg-type]
        ],
    )
    def test_payload_types_are_checked(self, build: object, path: tuple[str, ...]) -> None:
        """Each payload field refuses a wrong type, naming its path."""
        with pytest.raises(InvalidValueError) as info:
            build()  # type: ignore[operator]

        assert info.value.violations[0].path == path

    def test_clinical_payloads_stay_out_of_reprs(self) -> None:
        """Formulations, plans, sessions and plan objects are not shown in reprs."""
        text = repr(IntakeCompleted(on=D, formulation=formulation())) + repr(
            CrisisResolved(on=D, safety_plan=example_safety_plan())
        )

        assert "private" not in text
        assert "Low mood" not in text
