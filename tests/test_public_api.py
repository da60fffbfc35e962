"""Each public __all__ is sorted, complete, and documented in the API reference."""

import importlib
from pathlib import Path

import pytest

PUBLIC_MODULES = [
    "counselcore",
    "counselcore.errors",
    "counselcore.violations",
    "counselcore.model",
    "counselcore.measures",
    "counselcore.modalities",
    "counselcore.rules",
    "counselcore.aftercare",
    "counselcore.phases",
    "counselcore.serialization",
    "counselcore.validation",
    "counselcore.strategies",
    "counselcore.examples",
]
DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_is_sorted_and_every_name_exists(name: str) -> None:
    """__all__ lists names in sorted order and each one is importable."""
    module = importlib.import_module(name)

    exported = list(module.__all__)

    assert exported == sorted(exported)
    assert len(set(exported)) == len(exported)
    for item in exported:
        assert hasattr(module, item), f"{name}.{item} is missing"


@pytest.mark.parametrize("name", PUBLIC_MODULES[1:])
def test_every_public_module_is_in_the_api_reference(name: str) -> None:
    """docs/api.md documents every public module with automodule, which lists its __all__."""
    api = (DOCS / "api.md").read_text(encoding="utf-8")

    assert f"automodule:: {name}" in api


def test_top_level_names_come_from_documented_modules() -> None:
    """Every name re-exported at the top level is defined in a documented public module."""
    import counselcore

    documented = [importlib.import_module(n) for n in PUBLIC_MODULES[1:]]
    for item in counselcore.__all__:
        if item == "__version__":
            continue
        assert any(item in getattr(m, "__all__", ()) for m in documented), item
