"""
Lossless, deterministic conversion between counselcore values and plain data or JSON.

`to_dict` / `from_dict` and `to_json` / `from_json` cover every record. Top-level documents
(`DOCUMENT_TYPES`: formulations, plans, sessions, case histories ...) carry
``schema_version`` and ``type`` keys; phase events carry their ``kind``.
`make_converter` and `configure_converter` give you the cattrs converter behind them.
"""

from counselcore.serialization._api import (
    DOCUMENT_TYPES,
    MAX_VIOLATIONS,
    SCHEMA_VERSION,
    from_dict,
    from_json,
    make_converter,
    to_dict,
    to_json,
)
from counselcore.serialization._hooks import (
    MAX_INTEGER,
    MAX_ITEMS,
    MAX_STRING_LENGTH,
    configure_converter,
)
from counselcore.serialization._schema import json_schema
from counselcore.serialization._tables import document_table, event_table

__all__ = [
    "DOCUMENT_TYPES",
    "MAX_INTEGER",
    "MAX_ITEMS",
    "MAX_STRING_LENGTH",
    "MAX_VIOLATIONS",
    "SCHEMA_VERSION",
    "configure_converter",
    "document_table",
    "event_table",
    "from_dict",
    "from_json",
    "json_schema",
    "make_converter",
    "to_dict",
    "to_json",
]
