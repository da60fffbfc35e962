"""Check that a value is immutable all the way down: frozen, slotted, hashable, no mutable parts."""

import types
from typing import Any

import attrs
import pytest

#: The only collections a record may hold.
_IMMUTABLE_COLLECTIONS = (tuple, frozenset, types.MappingProxyType)
_MUTABLE = (list, set, dict, bytearray)


def assert_deeply_immutable(value: Any, where: str = "value") -> None:
    """*value* and everything it holds is frozen, slotted and hashable, with no list, set or dict."""
    assert not isinstance(value, _MUTABLE), f"{where} is a {type(value).__name__}"
    if isinstance(value, _IMMUTABLE_COLLECTIONS):
        items = value.values() if isinstance(value, types.MappingProxyType) else value
        for index, item in enumerate(items):
            assert_deeply_immutable(item, f"{where}[{index}]")
        return
    if not attrs.has(type(value)):
        return
    hash(value)
    assert not hasattr(value, "__dict__"), f"{where} is not slotted"
    first = attrs.fields(type(value))[0]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(value, first.name, getattr(value, first.name))
    for field in attrs.fields(type(value)):
        assert_deeply_immutable(getattr(value, field.name), f"{where}.{field.name}")
