"""
Strategies for the phase machine's results: outcomes, allowed events, replays, plan diffs.

Each result is made the way a user gets one, by running the real check on generated input, so
it is a value the library can actually produce (and `st.from_type` finds it for every type).
"""

from hypothesis import strategies as st

from counselcore.phases import (
    AllowedEvents,
    HistoryViolation,
    Outcome,
    PlanDiff,
    ReplayResult,
    allowed_events,
    diff_plans,
    replay,
    transition,
)
from counselcore.strategies._core import dates, treatment_plans
from counselcore.strategies._history import events
from counselcore.strategies._phases import case_states, faulty_phase_histories, phase_histories

__all__ = [
    "allowed_events_results",
    "history_violations",
    "outcomes",
    "plan_diffs",
    "replay_results",
]

#: Histories stay short: results are about shape, not length.
_EVENTS = 8


def history_violations() -> st.SearchStrategy[HistoryViolation]:
    """
    Violations from replaying histories with one planted fault.

    Example:
        >>> from hypothesis import find
        >>> find(history_violations(), lambda v: True).index >= 0
        True
    """
    return faulty_phase_histories(max_events=_EVENTS).flatmap(
        lambda faulty: st.sampled_from(replay(faulty.events).violations)
    )


def outcomes() -> st.SearchStrategy[Outcome]:
    """
    The outcome of offering a generated event to a reachable case state (often refused).

    Example:
        >>> from hypothesis import find
        >>> find(outcomes(), lambda outcome: outcome.accepted).accepted
        True
    """
    return st.builds(transition, case_states(max_events=_EVENTS), events())


def allowed_events_results() -> st.SearchStrategy[AllowedEvents]:
    """
    What may happen next in a reachable case state, asked on a generated date.

    Example:
        >>> from hypothesis import find
        >>> len(find(allowed_events_results(), lambda a: True).options) > 0
        True
    """
    return st.builds(
        lambda state, on: allowed_events(state, on=on), case_states(max_events=_EVENTS), dates()
    )


def replay_results() -> st.SearchStrategy[ReplayResult]:
    """
    Replays of valid histories and of histories with one planted fault.

    Example:
        >>> from hypothesis import find
        >>> bool(find(replay_results(), lambda result: bool(result.violations)).violations)
        True
    """
    valid = phase_histories(max_events=_EVENTS).map(replay)
    return valid | faulty_phase_histories(max_events=_EVENTS).map(lambda f: replay(f.events))


def plan_diffs() -> st.SearchStrategy[PlanDiff]:
    """
    Differences between two generated plans.

    Example:
        >>> from hypothesis import find
        >>> find(plan_diffs(), lambda diff: True).changes is not None
        True
    """
    return st.builds(diff_plans, treatment_plans(), treatment_plans())
