"""Helpers shared by the measures tests."""

import datetime as dt

from counselcore.measures import Administration, Instrument, administer

DAY = dt.date(2024, 1, 8)


def responses_for_total(instrument: Instrument, total: int) -> tuple[int, ...]:
    """Return raw responses whose item scores add up to *total* (greedy, item by item)."""
    remaining = total
    responses = []
    for item in instrument.items:
        # Ties (an unscored gate item) go to the highest option, so later items are asked.
        reachable = [option for option in item.options if item.score(option) <= remaining]
        best = max(reachable, key=lambda option: (item.score(option), option))
        responses.append(best)
        remaining -= item.score(best)
    assert remaining == 0, f"cannot reach {total} on {instrument.id}"
    return tuple(responses)


def administer_total(instrument: Instrument, total: int, on: dt.date = DAY) -> Administration:
    """Administer *instrument* with responses that score exactly *total*."""
    return administer(instrument, responses_for_total(instrument, total), on=on)
