"""Every public entry point of counselcore.phases refuses wrong types with our errors."""

import pytest

from counselcore.examples import example_plan
from counselcore.phases import (
    DEFAULT_POLICY,
    CaseState,
    EventKind,
    Phase,
    allowed_events,
    diff_plans,
    event_option,
    replay,
    transition,
)
from tests.phases.builders import history_to, session, state_in
from tests.probing import Call, outcome, wrong_calls

ACTIVE = state_in(Phase.ACTIVE)
PLAN = example_plan()

CALLS: list[Call] = [
    ("transition", transition, (ACTIVE, session(8), DEFAULT_POLICY), {}),
    ("replay", replay, (history_to(Phase.ACTIVE), DEFAULT_POLICY), {"start": CaseState.start()}),
    ("allowed_events", allowed_events, (ACTIVE, DEFAULT_POLICY), {"on": None}),
    ("event_option", event_option, (ACTIVE, EventKind.SESSION_HELD, DEFAULT_POLICY), {"on": None}),
    ("diff_plans", diff_plans, (PLAN, PLAN), {}),
]

#: Wrong-looking values that are valid: an empty history (a list or a tuple), no start state,
#: and no day (the default) for the menus.
ACCEPTED = frozenset(
    {
        "replay-0-[]",
        "replay-0-()",
        "replay-start-None",
        "allowed_events-on-None",
        "event_option-on-None",
    }
)


class TestWrongTypes:
    @pytest.mark.parametrize(
        ("function", "args", "kwargs", "valid"), wrong_calls(CALLS, accepted=ACCEPTED)
    )
    def test_refusals_are_ours_and_name_a_path(self, function, args, kwargs, valid):
        """A wrong type raises a CounselcoreError (naming a structure.* rule and a path if it is a validation error)."""
        result = outcome(function, args, kwargs)

        assert result == ("accepted" if valid else "refused")
