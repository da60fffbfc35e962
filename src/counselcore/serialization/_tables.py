"""Markdown tables of the serialized layout, rendered from the declarations (for the docs page)."""

import attrs

from counselcore.phases import EVENT_TYPES
from counselcore.serialization._api import DOCUMENT_TYPES

__all__ = ["document_table", "event_table"]


def document_table() -> str:
    """
    Return the Markdown table of every document type: its ``type`` name and Python class.

    Example:
        >>> print(document_table().splitlines()[2])
        | `case-formulation` | `counselcore.model.CaseFormulation` |
    """
    rows = ["| `type` | Loaded with `from_dict(...)` |", "|---|---|"]
    for cls, name in DOCUMENT_TYPES.items():
        package = cls.__module__.rsplit("._", 1)[0]
        rows.append(f"| `{name}` | `{package}.{cls.__qualname__}` |")
    return "\n".join(rows)


def event_table() -> str:
    """
    Return the Markdown table of every event ``kind``, its class and the keys after ``kind``.

    Example:
        >>> print(event_table().splitlines()[7])
        | `crisis-began` | `CrisisBegan` | `on` |
    """
    rows = ["| `kind` | Class | Keys after `kind` |", "|---|---|---|"]
    for kind, cls in EVENT_TYPES.items():
        keys = ", ".join(f"`{field.name}`" for field in attrs.fields(cls))
        rows.append(f"| `{kind.value}` | `{cls.__name__}` | {keys} |")
    return "\n".join(rows)
