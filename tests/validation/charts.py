"""Chart exports as plain data (parsed JSON), built from the example case."""

import copy
import datetime as dt
import json
from typing import Any

from counselcore import to_dict
from counselcore.examples import example_formulation, example_plan
from counselcore.model import Session, SessionKind
from counselcore.phases import (
    Event,
    IntakeCompleted,
    MeasureRecorded,
    PlanAgreed,
    ReviewHeld,
    SessionHeld,
)

START = dt.date(2024, 1, 8)


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def event_data(event: Event) -> dict[str, Any]:
    """One event as the case-history document holds it: its kind, then its own fields."""
    plain: dict[str, Any] = json.loads(json.dumps(to_dict(event)))  # as read from a file
    return plain


def clean_events() -> list[Event]:
    """Intake, plan, eight weekly CBT sessions with PHQ-9 and GAD-7 scores, and a review after six."""
    events: list[Event] = [
        IntakeCompleted(on=START, formulation=example_formulation()),
        PlanAgreed(on=day(7), plan=example_plan()),
    ]
    for week in range(1, 9):
        on = day(7 * week)
        events.append(
            SessionHeld(
                session=Session(
                    session_id=f"s-{week}",
                    held_on=on,
                    kind=SessionKind.INDIVIDUAL,
                    duration_minutes=50,
                    modality="cbt",
                )
            )
        )
        events.append(MeasureRecorded(on=on, instrument="phq-9", total=max(4, 18 - week)))
        events.append(MeasureRecorded(on=on, instrument="gad-7", total=max(3, 14 - week)))
        if week == 6:
            events.append(ReviewHeld(on=on))
    return events


def chart(events: list[Event] | None = None, client: str = "c-1") -> dict[str, Any]:
    """A case-history document holding *events* (default: `clean_events`)."""
    return {
        "type": "case-history",
        "schema_version": 1,
        "client": client,
        "events": [event_data(e) for e in (clean_events() if events is None else events)],
    }


def three_problem_chart() -> dict[str, Any]:
    """
    The issue's chart: one bad diagnosis code, one out-of-order event, one review held too early.

    * events[0].formulation.diagnoses[0].code is not ICD-10-CM shaped;
    * events[6] (the second PHQ-9) is dated before the plan was agreed;
    * an extra review is held after the third session, before the plan's six sessions or 42 days
      (events[9]); the regular review after the sixth session stays.
    """
    data = chart()
    events = copy.deepcopy(data["events"])
    events[0]["formulation"]["diagnoses"][0]["code"] = "depression"
    events[6]["on"] = day(5).isoformat()
    review = next(e for e in events if e["kind"] == "review-held")
    early = {**review, "on": day(21).isoformat()}
    third_session = [i for i, e in enumerate(events) if e["kind"] == "session-held"][2]
    events.insert(third_session + 1, early)
    data["events"] = events
    return data
