"""
Loading a case-history document one part at a time, so a broken part never hides the rest.

Each event is loaded on its own. An event whose structural problems all sit inside list items
(one bad diagnosis among three, one goal with a bad target) is *repaired*: the broken items
are left out and the event is loaded from what remains, so the phase machine still sees that
the event happened. An event that cannot be repaired that way is skipped by the replay.
"""

from collections.abc import Iterator
from typing import Any

from attrs import frozen

from counselcore.errors import ValidationError
from counselcore.model import ClientRef
from counselcore.phases import EVENT_TYPES, Event, EventKind
from counselcore.serialization import from_dict
from counselcore.violations import Path, Violation

__all__ = ["LoadedDocument", "LoadedEvent", "load_document"]

#: What a case-history document is called in its ``type`` key, and the version read.
DOCUMENT_TYPE = "case-history"
_SCHEMA_VERSION = 1
_KEYS = ("schema_version", "type", "client", "events")
#: How many rounds of leaving broken items out are tried before an event is skipped.
_REPAIR_ROUNDS = 3
_KINDS = {kind.value: kind for kind in EventKind}


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
    """The document's envelope problems, its client reference and its events."""

    envelope: tuple[Violation, ...] = ()
    problems: tuple[Violation, ...] = ()
    client: str | None = None
    events: tuple[LoadedEvent, ...] = ()


def _violation(rule: str, path: Path, message: str) -> Violation:
    return Violation(rule=rule, path=path, message=message)


def _envelope(data: dict[str, Any]) -> tuple[Violation, ...]:
    version = data.get("schema_version")
    if type(version) is not int or version != _SCHEMA_VERSION:
        found = "is required" if version is None else "is not a version this release reads"
        return (
            _violation(
                "structure.schema-version",
                ("schema_version",),
                f"{found} (supported: {_SCHEMA_VERSION})",
            ),
        )
    if data.get("type") != DOCUMENT_TYPE:
        return (
            _violation(
                "structure.document-type", ("type",), f"must be {DOCUMENT_TYPE!r} for this document"
            ),
        )
    return ()


def load_document(data: Any) -> LoadedDocument:
    """Load *data* part by part; never raises for bad input."""
    if not isinstance(data, dict):
        return LoadedDocument(
            envelope=(_violation("structure.type", (), "must be a JSON object"),),
        )
    envelope = _envelope(data)
    if envelope:
        return LoadedDocument(envelope=envelope)
    problems: list[Violation] = [
        _violation("structure.unknown-key", (key,), "is not a field of CaseHistory")
        for key in sorted(k for k in data if k not in _KEYS)
        if isinstance(key, str) and key.isidentifier()
    ]
    client: Any = data.get("client")
    if "client" not in data:
        problems.append(_violation("structure.required", ("client",), "is required"))
        client = None
    else:
        try:
            client = ClientRef(client).value
        except ValidationError as error:
            # the JSON holds the id itself, so the path is ``client``, not ``client.value``
            problems.extend(_violation(v.rule, ("client",), v.message) for v in error.violations)
            client = None
    raw = data.get("events")
    if "events" not in data:
        problems.append(_violation("structure.required", ("events",), "is required"))
        raw = []
    elif not isinstance(raw, list):
        problems.append(_violation("structure.type", ("events",), "must be a list"))
        raw = []
    return LoadedDocument(
        problems=tuple(problems),
        client=client,
        events=tuple(load_event(index, item) for index, item in enumerate(raw)),
    )


def _under(prefix: Path, found: tuple[Violation, ...]) -> tuple[Violation, ...]:
    return tuple(
        Violation(
            rule=v.rule,
            path=(*prefix, *v.path),
            message=v.message,
            severity=v.severity,
            evidence=v.evidence,
        )
        for v in found
    )


def load_event(index: int, data: Any) -> LoadedEvent:
    """Load the event at *index*, repairing it by leaving broken list items out if it can."""
    if not isinstance(data, dict):
        return LoadedEvent(
            index=index,
            kind=None,
            value=None,
            problems=(_violation("structure.type", (), "must be a JSON object"),),
        )
    kind = _KINDS.get(data.get("kind"))  # type: ignore[arg-type]
    if kind is None:
        found = "is required" if "kind" not in data else "is not an event kind"
        rule = "structure.required" if "kind" not in data else "structure.enum"
        return LoadedEvent(
            index=index, kind=None, value=None, problems=(_violation(rule, ("kind",), found),)
        )
    cls = EVENT_TYPES[kind]
    body = {key: value for key, value in data.items() if key != "kind"}
    try:
        return LoadedEvent(index=index, kind=kind, value=from_dict(cls, body))
    except ValidationError as error:
        problems = error.violations
    pruned: list[Path] = []
    current = problems
    for _ in range(_REPAIR_ROUNDS):
        items = _broken_items(current)
        if items is None:
            break
        body = _without(body, items)
        pruned.extend(dict.fromkeys(item[:-1] for item in items))
        try:
            value = from_dict(cls, body)
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


def iter_events(document: LoadedDocument) -> Iterator[LoadedEvent]:
    """The document's events that could be loaded (repaired or not), in input order."""
    return (event for event in document.events if event.value is not None)
