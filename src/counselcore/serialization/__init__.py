"""
Lossless, deterministic conversion between counselcore values and plain data or JSON.

`to_dict` / `from_dict` and `to_json` / `from_json` cover every record. Top-level documents
(`CaseFormulation`, `TreatmentPlan`, `Session` and the modality `Catalog`) carry
``schema_version`` and ``type`` keys.
`make_converter` and `configure_converter` give you the cattrs converter behind them.
"""

from counselcore.serialization._api import (
    DOCUMENT_TYPES,
    SCHEMA_VERSION,
    from_dict,
    from_json,
    make_converter,
    to_dict,
    to_json,
)
from counselcore.serialization._hooks import configure_converter

__all__ = [
    "DOCUMENT_TYPES",
    "SCHEMA_VERSION",
    "configure_converter",
    "from_dict",
    "from_json",
    "make_converter",
    "to_dict",
    "to_json",
]
