"""Every public function, class and method of the record packages shows a doctest."""

import importlib
import inspect

import pytest

PACKAGES = [
    "counselcore.measures",
    "counselcore.modalities",
    "counselcore.aftercare",
    "counselcore.simulation",
    "counselcore.validation",
    "counselcore.fhir",
]


def _public_members(package: str) -> list[tuple[str, object]]:
    module = importlib.import_module(package)
    return [
        (f"{package}.{name}", getattr(module, name))
        for name in module.__all__
        if inspect.isclass(getattr(module, name)) or inspect.isfunction(getattr(module, name))
    ]


def _own(package: str) -> list[tuple[str, object]]:
    """Members defined in *package* itself (re-exports from the foundation are its own duty)."""
    return [(n, o) for n, o in _public_members(package) if o.__module__.startswith(package)]


@pytest.mark.parametrize(
    ("name", "member"), [pair for package in PACKAGES for pair in _own(package)]
)
def test_public_functions_and_classes_have_a_doctest(name, member):
    """The docstring of each public function and class holds a runnable example."""
    assert ">>>" in (inspect.getdoc(member) or ""), name


@pytest.mark.parametrize(
    ("name", "cls"),
    [pair for package in PACKAGES for pair in _own(package) if inspect.isclass(pair[1])],
)
def test_public_methods_are_shown_in_a_doctest(name, cls):
    """Each public method has its own example, or its class's example calls it."""
    class_doc = inspect.getdoc(cls) or ""
    missing = [
        method
        for method, value in vars(cls).items()
        if not method.startswith("_")
        and inspect.isfunction(value)
        and ">>>" not in (inspect.getdoc(value) or "")
        and f".{method}(" not in class_doc
    ]

    assert missing == [], f"{name}: {missing}"
