"""The generated loaders agree with the hook table they are generated from."""

import datetime as dt
import linecache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import counselcore as cc
from counselcore.serialization import make_converter
from counselcore.serialization._api import _FAST
from counselcore.serialization._hooks import INLINE_ACCEPT, INLINE_DUMP
from counselcore.strategies import case_histories, treatment_plans

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=3)
    | st.just("x" * 10_001)
    | st.integers(-(2**60), 2**60)
)


@given(st.sampled_from(sorted(INLINE_ACCEPT, key=str)), scalars)
def test_each_inline_condition_implies_its_hook_keeps_the_value(type_: Any, value: Any) -> None:
    """Where a generated loader skips the hook, the hook would have returned the value unchanged."""
    converter = make_converter()
    hook = converter.get_structure_hook(type_)
    accepted = eval(INLINE_ACCEPT[type_].format(v="value"))  # noqa: S307 - our own condition

    if accepted:
        assert hook(value, type_) is value


@given(treatment_plans())
@settings(max_examples=25)
def test_generated_and_cattrs_loaders_agree(plan: cc.TreatmentPlan) -> None:
    """The generated loader and the detailed cattrs path build the same plan."""
    data = cc.to_dict(plan)
    del data["schema_version"], data["type"]

    assert _FAST.structure(data, cc.TreatmentPlan) == make_converter().structure(
        data, cc.TreatmentPlan
    )


@given(case_histories(max_events=8))
def test_generated_loaders_handle_events(history: cc.CaseHistory) -> None:
    """Events, with their kind key, go through generated loaders too."""
    data = cc.to_dict(history)
    del data["schema_version"], data["type"]

    assert _FAST.structure(data, cc.CaseHistory) == history


def test_generated_source_is_registered_for_tracebacks() -> None:
    """The generated code is in linecache, as attrs and cattrs do it."""
    names = [name for name in linecache.cache if "counselcore generated loader" in name]

    assert any("TreatmentPlan" in name for name in names)


@given(
    st.sampled_from(sorted(INLINE_DUMP, key=str)),
    st.data(),
)
def test_each_inline_dump_equals_its_hook(type_: Any, data: st.DataObject) -> None:
    """Where a generated dumper inlines a type, it writes what the table's hook writes."""
    from counselcore.strategies import client_refs, dates

    values = {
        str: st.text(max_size=3),
        int: st.integers(),
        float: st.floats(allow_nan=False),
        bool: st.booleans(),
        dt.date: dates(),
        cc.ClientRef: client_refs(),
    }
    value = data.draw(values[type_])
    hook = make_converter().get_unstructure_hook(type_)

    assert eval(INLINE_DUMP[type_].format(v="value")) == hook(value)  # noqa: S307 - our own expression


def test_evidence_keeps_its_own_hook_in_generated_code() -> None:
    """Evidence is a tuple type with its own layout (an object); generated code must not treat it as a list."""
    violation = cc.Violation(rule="a.b", path=(), message="m", evidence=(("n", 1),))

    assert cc.to_dict(violation)["evidence"] == {"n": 1}
    with pytest.raises(cc.ValidationError):
        cc.from_dict(cc.Violation, {**cc.to_dict(violation), "evidence": [["n", 1]]})
