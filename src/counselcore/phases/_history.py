"""
`CaseHistory`: one client's chart as a value, a client reference and its events in order.

It is the payload of the ``case-history`` document (see `counselcore.serialization`). The
constructor checks structure only: every event is a phase event. It does *not* require the
events to be in date order; an out-of-order event is reported by `counselcore.phases.replay`
(rule ``phases.events-in-date-order``), so such a chart can still be loaded and validated.
"""

from attrs import field, frozen

from counselcore._internal.checks import check_tuple, fail
from counselcore.model import ClientRef
from counselcore.phases._events import EVENT_TYPES, Event

__all__ = ["CaseHistory"]

_EVENT_CLASSES = frozenset(EVENT_TYPES.values())


@frozen(kw_only=True)
class CaseHistory:
    """
    One client's chart: *client* and its *events*, in the order they were recorded.

    Example:
        >>> import datetime as dt
        >>> from counselcore.phases import CrisisBegan, replay
        >>> chart = CaseHistory(client=ClientRef("c-1"), events=(CrisisBegan(on=dt.date(2025, 3, 5)),))
        >>> len(chart.events), chart.client
        (1, ClientRef(<redacted>))
        >>> replay(chart.events).state.phase.value
        'crisis'
    """

    client: ClientRef
    events: tuple[Event, ...] = field(default=(), repr=False)

    def __attrs_post_init__(self) -> None:
        if type(self.client) is not ClientRef:
            raise fail(("client",), "structure.type", "must be a ClientRef")
        check_tuple(self.events, ("events",))
        for index, event in enumerate(self.events):
            if type(event) not in _EVENT_CLASSES:
                raise fail(("events", index), "structure.type", "must be a phase event")

    def __repr__(self) -> str:
        return f"CaseHistory(<{len(self.events)} events>)"
