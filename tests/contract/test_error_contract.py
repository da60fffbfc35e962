"""
The error contract: what every public record says when a field gets a wrong value.

Each line is the outcome of giving one field (or, for the functions and methods in
``calls.py``, one argument) one wrong value (see ``inventory.py``): the
error class with each violation's path, rule and message, or ``accepted``. The approved lines
live in ``__snapshots__/``; a change to a path, rule, message or bound fails here until it is
reviewed and approved with ``pytest tests/contract --snapshot-update``. This is what lets the
mutation run (``scripts/mutation``) see a changed message or bound, not only a missing error.
"""

import pytest
from syrupy.assertion import SnapshotAssertion

from tests.contract.calls import Call, calls, outcomes
from tests.contract.inventory import (
    contract,
    public_records,
    record_name,
    seeds,
)
from tests.contract.inventory import (
    outcomes as record_outcomes,
)
from tests.privacy import leaks

# The seeds and calls are built while collecting; their outcomes are computed inside each test,
# so that a mutation run sees (and credits) the library code each test exercises.
SEEDS = {record_name(cls): (cls, seed) for cls, seed in seeds().items()}
CALLS = calls()


@pytest.mark.parametrize("record", sorted(SEEDS))
def test_errors_match_the_approved_contract(record: str, snapshot: SnapshotAssertion) -> None:
    """What each field of the record says to each wrong value."""
    assert "\n".join(record_outcomes(*SEEDS[record])) == snapshot


@pytest.mark.parametrize("call", CALLS, ids=[call.name for call in CALLS])
def test_calls_match_the_approved_contract(call: Call, snapshot: SnapshotAssertion) -> None:
    """A valid call's answer, and what each argument's wrong values raise."""
    assert "\n".join(outcomes(call)) == snapshot


def test_every_public_record_is_in_the_contract() -> None:
    """A new public record joins the contract (a published value, a call, or a strategy)."""
    missing = sorted(cls.__qualname__ for cls in public_records() - set(seeds()))
    assert missing == [], f"no seed: {missing}"


def test_the_contract_shows_no_clinical_text() -> None:
    assert not any(leaks(line) for lines in contract().values() for line in lines)
