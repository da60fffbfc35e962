"""
Loading a case-history document one part at a time, so a broken part never hides the rest.

Each event is loaded on its own. An event whose structural problems all sit inside list items
(one bad diagnosis among three, one goal with a bad target) is *repaired*: the broken items
are left out and the event is loaded from what remains, so the phase machine still sees that
the event happened. An event that cannot be repaired that way is skipped by the replay.
"""

from typing import Any

from attrs import evolve, frozen

from counselcore.errors import SchemaVersionError, ValidationError
from counselcore.phases import CaseHistory, Event, EventKind
from counselcore.serialization import from_dict
from counselcore.violations import Path, Violation

_KINDS = {kind.value: kind for kind in EventKind}

__all__ = ["LoadedDocument", "LoadedEvent", "load_document"]

#: How many rounds of leaving broken items out are tried before an event is skipped.
_REPAIR_ROUNDS = 3


@frozen(kw_only=True)
class LoadedEvent:
    """One input event: the loaded value (None when unrepairable) and what was wrong with it."""

    index: int
    kind: EventKind | None
    value: Event | None
    problems: tuple[Violation, ...] = ()
    #: The list paths (relative to the event) from which broken items were left out.
    pruned: tuple[Path, ...] = ()


@frozen(kw_only=True)
class LoadedDocument:
    """The document's envelope problems, its other problems, its client reference and events."""

    envelope: tuple[Violation, ...] = ()
    problems: tuple[Violation, ...] = ()
    client: str | None = None
    events: tuple[LoadedEvent, ...] = ()


def _at_client(violation: Violation) -> Violation:
    """The JSON holds the client id itself: ``client.value`` is ``client`` in the input."""
    if violation.path[:2] != ("client", "value"):
        return violation
    return evolve(violation, path=("client", *violation.path[2:]))


def load_document(data: Any) -> LoadedDocument:
    """
    Load *data* part by part; never raises for bad input.

    The envelope (``type``, ``schema_version``), the client reference and unknown keys are
    checked by loading a `counselcore.phases.CaseHistory` without its events; each event is
    then loaded on its own through the `counselcore.phases.Event` union.
    """
    if not isinstance(data, dict):
        envelope = (Violation(rule="structure.type", path=(), message="must be a JSON object"),)
        return LoadedDocument(envelope=envelope)
    raw = data.get("events", [])
    items = raw if isinstance(raw, list) else []
    try:
        history = from_dict(CaseHistory, {**data, "events": []} if items is raw else data)
    except SchemaVersionError as error:
        return LoadedDocument(envelope=error.violations)
    except ValidationError as error:
        problems = tuple(_at_client(v) for v in error.violations)
        client = None
    else:
        problems = ()
        client = history.client.value
    return LoadedDocument(
        problems=problems,
        client=client,
        events=tuple(load_event(index, item) for index, item in enumerate(items)),
    )


def _kind(data: Any) -> EventKind | None:
    if not isinstance(data, dict):
        return None
    kind = data.get("kind")
    return _KINDS.get(kind) if isinstance(kind, str) else None


def load_event(index: int, data: Any) -> LoadedEvent:
    """Load the event at *index*, repairing it by leaving broken list items out if it can."""
    try:
        value: Event = from_dict(Event, data)
    except ValidationError as error:
        problems = error.violations
    else:
        return LoadedEvent(index=index, kind=value.kind, value=value)
    kind = _kind(data)
    if kind is None:
        return LoadedEvent(index=index, kind=None, value=None, problems=problems)
    body = data
    pruned: list[Path] = []
    current = problems
    for _ in range(_REPAIR_ROUNDS):
        broken = _broken_items(current)
        if broken is None:
            break
        body = _without(body, broken)
        pruned.extend(dict.fromkeys(item[:-1] for item in broken))
        try:
            value = from_dict(Event, body)
        except ValidationError as error:
            current = error.violations
            problems = (*problems, *error.violations)
            continue
        return LoadedEvent(
            index=index, kind=kind, value=value, problems=problems, pruned=tuple(pruned)
        )
    return LoadedEvent(index=index, kind=kind, value=None, problems=problems)


def _broken_items(found: tuple[Violation, ...]) -> list[Path] | None:
    """The path of the list item holding each violation, or None if one is not in a list."""
    items: list[Path] = []
    for violation in found:
        last = max(
            (i for i, step in enumerate(violation.path) if isinstance(step, int)), default=-1
        )
        if last < 0:
            return None
        items.append(violation.path[: last + 1])
    return list(dict.fromkeys(items))


def _without(value: Any, paths: list[Path]) -> Any:
    """A copy of *value* without the list items at *paths* (only the touched parts are copied)."""
    if isinstance(value, list):
        gone = {path[0] for path in paths if len(path) == 1}
        deeper: dict[Any, list[Path]] = {}
        for path in paths:
            if len(path) > 1 and path[0] not in gone:
                deeper.setdefault(path[0], []).append(path[1:])
        return [
            _without(item, deeper[i]) if i in deeper else item
            for i, item in enumerate(value)
            if i not in gone
        ]
    if isinstance(value, dict):
        groups: dict[Any, list[Path]] = {}
        for path in paths:
            if len(path) > 1:
                groups.setdefault(path[0], []).append(path[1:])
        copy = dict(value)
        for key, rests in groups.items():
            if key in copy:
                copy[key] = _without(copy[key], rests)
        return copy
    return value
