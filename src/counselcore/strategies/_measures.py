"""Strategies for instruments, their responses and administrations."""

import datetime as dt

from hypothesis import strategies as st

from counselcore.measures import (
    BUILTIN_INSTRUMENTS,
    Administration,
    Instrument,
    Item,
    RiskItem,
    ScoreBand,
    Skip,
    Subscale,
    Threshold,
    administer,
)
from counselcore.strategies._core import dates


def instrument_responses(instrument: Instrument) -> st.SearchStrategy[tuple[int, ...]]:
    """
    Complete, valid raw responses to *instrument*, one per item.

    An item the instrument's skip logic leaves unasked gets its lowest option, as `administer`
    records it. Shrinks towards each item's lowest option.

    Example:
        >>> from hypothesis import find
        >>> from counselcore.measures import AUDIT, CSSRS_SCREENER
        >>> find(instrument_responses(AUDIT), lambda r: r[8] > 0)
        (0, 0, 0, 0, 0, 0, 0, 0, 2, 0)
        >>> find(instrument_responses(CSSRS_SCREENER), lambda r: r[4] > 0)
        (0, 1, 0, 0, 1, 0, 0)
    """
    drawn = st.tuples(*(st.sampled_from(item.options) for item in instrument.items))
    if not instrument.skips:
        return drawn

    def asked_only(responses: tuple[int, ...]) -> tuple[int, ...]:
        skipped = instrument.skipped_items(responses)
        return tuple(
            item.options[0] if item.number in skipped else response
            for item, response in zip(instrument.items, responses, strict=True)
        )

    return drawn.map(asked_only)


@st.composite
def _custom_instrument(draw: st.DrawFn, max_items: int) -> Instrument:
    count = draw(st.integers(min_value=1, max_value=max_items))
    items = []
    for number in range(1, count + 1):
        options = draw(
            st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=5, unique=True)
        )
        items.append(
            Item(
                number=number,
                topic=f"topic-{number}",
                options=tuple(sorted(options)),
                reversed=draw(st.booleans()),
                scored=draw(st.integers(min_value=0, max_value=4)) > 0,
            )
        )
    skips: tuple[Skip, ...] = ()
    if count > 1 and draw(st.booleans()):
        when = draw(st.integers(min_value=1, max_value=count - 1))
        skipped = draw(st.sets(st.integers(min_value=when + 1, max_value=count), min_size=1))
        below = draw(st.integers(min_value=1, max_value=max(1, items[when - 1].options[-1])))
        skips = (Skip(when_item=when, below=below, items=tuple(sorted(skipped))),)
    low = sum(item.min_score for item in items)
    high = sum(item.max_score for item in items)
    cuts: list[int] = []
    if high > low:
        cuts = sorted(draw(st.sets(st.integers(min_value=low + 1, max_value=high), max_size=4)))
    edges = [low, *cuts, high + 1]
    bands: tuple[ScoreBand, ...] = ()
    if draw(st.booleans()):
        bands = tuple(
            ScoreBand(label=f"band-{i}", low=edges[i], high=edges[i + 1] - 1)
            for i in range(len(edges) - 1)
        )
    thresholds = tuple(Threshold(name=f"cut-{i}", at_least=cut) for i, cut in enumerate(cuts))
    numbers = st.integers(min_value=1, max_value=count)
    subscales = tuple(
        Subscale(id=f"sub-{i}", items=tuple(sorted(chosen)))
        for i, chosen in enumerate(
            draw(st.lists(st.sets(numbers, min_size=1, max_size=count), max_size=2))
        )
    )
    risk_items = tuple(
        RiskItem(item=n, at_least=items[n - 1].options[-1], flag=f"risk.item-{n}")
        for n in sorted(draw(st.sets(numbers, max_size=2)))
    )
    return Instrument(
        id="custom",
        name="A generated instrument",
        version="1",
        items=tuple(items),
        bands=bands,
        thresholds=thresholds,
        caseness_threshold=thresholds[0].name if thresholds else None,
        subscales=subscales,
        risk_items=risk_items,
        skips=skips,
    )


def instruments(*, custom: bool = True, max_items: int = 12) -> st.SearchStrategy[Instrument]:
    """
    The built-in instruments and, with *custom*, generated ones of up to *max_items* items.

    Generated instruments have random options (some items reversed, some not scored), bands,
    thresholds, sub-scales, risk items and sometimes a skip rule; they shrink towards the first
    built-in instrument.

    Example:
        >>> from hypothesis import find
        >>> find(instruments(custom=False), lambda i: i.item_count == 20).id
        'pcl-5'
    """
    builtin = st.sampled_from(BUILTIN_INSTRUMENTS.instruments)
    if not custom:
        return builtin
    return builtin | _custom_instrument(max_items)


def administrations(
    *,
    instruments: st.SearchStrategy[Instrument] | None = None,
    on: st.SearchStrategy[dt.date] | None = None,
) -> st.SearchStrategy[Administration]:
    """
    Administrations of complete, valid forms (built-in instruments by default).

    Shrinks towards the first built-in instrument, lowest responses and earliest date.

    Example:
        >>> from hypothesis import find
        >>> from counselcore.measures import PHQ_9
        >>> find(administrations(instruments=st.just(PHQ_9)), lambda a: a.risk_flags).responses
        (0, 0, 0, 0, 0, 0, 0, 0, 1)
    """
    chosen = (
        st.sampled_from(BUILTIN_INSTRUMENTS.instruments) if instruments is None else instruments
    )
    when = dates() if on is None else on

    @st.composite
    def build(draw: st.DrawFn) -> Administration:
        instrument = draw(chosen)
        return administer(instrument, draw(instrument_responses(instrument)), on=draw(when))

    return build()
