"""Put a marker into every free-text field and client id of a value, to prove it never leaks."""

import typing
from typing import Any

import attrs

from counselcore.errors import CounselcoreError
from counselcore.model import ClientRef
from counselcore.violations import Violation

#: Found in no library text; the newline makes identifier checks refuse it, so only fields that
#: accept free text take it.
MARKER = "PHI-MARKER-7Q\nprivate note"
#: The marker's first line, which is what a leak would show.
MARKER_TAG = "PHI-MARKER-7Q"
#: A client identifier is an identifier, so it gets a marker without a newline.
CLIENT_MARKER = "PHI-MARKER-7Q-client"

_TEXT_TYPES = (str, str | None, typing.Optional[str])  # noqa: UP045 - both spellings occur

#: Modules whose records hold clinical free text (the chart); other records' text (rule
#: descriptions, violation messages, catalog and policy wording, simulation labels) is the
#: library's or its configurer's own, so `marked(..., clinical_only=True)` leaves it alone.
CLINICAL_MODULES = (
    "counselcore.model.",
    "counselcore.aftercare._values",
    "counselcore.phases._events",
    "counselcore.phases._history",
)


def _is_text_tuple(kind: object) -> bool:
    return typing.get_origin(kind) is tuple and typing.get_args(kind) == (str, ...)


def _accepts(value: Any, name: str, candidate: object) -> bool:
    try:
        attrs.evolve(value, **{name: candidate})
    except CounselcoreError:
        return False
    return True


def _clinical(record: type) -> bool:
    return record.__module__.startswith(CLINICAL_MODULES)


def _mark(value: Any, fill: bool, clinical_only: bool = False) -> Any:
    """Return *value* with the marker in every str field that accepts free text, recursively."""
    if isinstance(value, ClientRef):
        return ClientRef(CLIENT_MARKER)
    if isinstance(value, tuple):
        return tuple(_mark(item, fill, clinical_only) for item in value)
    if not attrs.has(type(value)):
        return value
    changes: dict[str, Any] = {}
    own_text = not clinical_only or _clinical(type(value))
    for field in attrs.fields(type(value)):
        current = getattr(value, field.name)
        if field.name == "client" and field.type in _TEXT_TYPES:
            if current is not None and _accepts(value, field.name, CLIENT_MARKER):
                changes[field.name] = CLIENT_MARKER
        elif field.type in _TEXT_TYPES:
            if not own_text:
                continue
            if (fill or current) and _accepts(value, field.name, MARKER):
                changes[field.name] = MARKER
        elif _is_text_tuple(field.type):
            if not own_text:
                continue
            marked = tuple(MARKER for _ in current) or ((MARKER,) if fill else ())
            if marked and _accepts(value, field.name, marked):
                changes[field.name] = marked
        else:
            marked_child = _mark(current, fill, clinical_only)
            if marked_child is not current:
                changes[field.name] = marked_child
    # Each field was tried alone; together they must still make a valid record.
    return attrs.evolve(value, **changes) if changes else value


def marked(value: Any, *, fill: bool = True, clinical_only: bool = False) -> Any:
    """
    *value* with the marker in every free-text field and client id it holds, recursively.

    With *fill* (the default) empty text fields get the marker too; without it only the text
    already there is replaced, so a draft that breaks a rule for want of text still breaks it.
    With *clinical_only* only the records of `CLINICAL_MODULES` (and client ids anywhere) are
    marked; records of the library's own wording are walked through but keep their text.
    """
    return _mark(value, fill, clinical_only)


def leaks(text: str) -> bool:
    """Whether *text* shows any part of a marker."""
    return MARKER_TAG in text or "private note" in text


def violation_leaks(violation: Violation) -> bool:
    """Whether a violation's message, rendered form or evidence shows a marker."""
    return leaks(str(violation)) or leaks(repr(violation)) or leaks(repr(violation.evidence))
