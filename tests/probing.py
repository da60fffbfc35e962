"""Probe a public entry point with wrong types: every refusal is ours and names a path."""

from collections.abc import Callable
from typing import Any

import pytest

from counselcore.errors import CounselcoreError, ValidationError

#: Wrong values a caller passes by mistake: nothing, text for a number, a list for a tuple,
#: a bool for an int, a float, an empty tuple.
WRONG: tuple[object, ...] = (None, "x", [], True, 1.5, ())

#: (name, function, positional arguments, keyword arguments) that succeed as given.
Call = tuple[str, Callable[..., Any], tuple[Any, ...], dict[str, Any]]


def wrong_calls(calls: list[Call], *, accepted: frozenset[str] = frozenset()) -> list[Any]:
    """
    Each call with one argument swapped for each wrong value, as pytest params.

    A param's id reads ``name-slot-value``; ids in *accepted* are calls that are valid after
    all (an empty list of ids to sequence, ``None`` for an optional policy) and must succeed.
    """
    params: list[Any] = []
    for name, function, args, kwargs in calls:
        slots: list[int | str] = [*range(len(args)), *kwargs]
        for slot in slots:
            for wrong in WRONG:
                if isinstance(slot, int):
                    changed_args = (*args[:slot], wrong, *args[slot + 1 :])
                    changed_kwargs = kwargs
                else:
                    changed_args, changed_kwargs = args, {**kwargs, slot: wrong}
                case = f"{name}-{slot}-{wrong!r}"
                params.append(
                    pytest.param(function, changed_args, changed_kwargs, case in accepted, id=case)
                )
    return params


def outcome(function: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    """
    Call and classify: "accepted", or "refused" for a CounselcoreError whose violations (if any)
    all name a ``structure.*`` rule and a path. Any other exception propagates and fails the test.
    """
    try:
        function(*args, **kwargs)
    except ValidationError as error:
        sound = bool(error.violations) and all(
            v.rule.startswith("structure.") and v.path for v in error.violations
        )
        return "refused" if sound else f"refused without a structure.* rule and path: {error}"
    except CounselcoreError:
        return "refused"
    return "accepted"
