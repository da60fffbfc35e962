"""docs/measures.md shows the instrument table generated from the definitions (drift-proof)."""

from pathlib import Path

from counselcore.measures import BUILTIN_INSTRUMENTS, Instrument

DOCS = Path(__file__).resolve().parents[2] / "docs" / "measures.md"
START = "<!-- instrument-table:start -->"
END = "<!-- instrument-table:end -->"


def _values(instrument: Instrument) -> str:
    groups: list[tuple[tuple[int, ...], list[int]]] = []
    for item in instrument.items:
        if groups and groups[-1][0] == item.options:
            groups[-1][1].append(item.number)
        else:
            groups.append((item.options, [item.number]))
    if len(groups) == 1:
        options = groups[0][0]
        text = f"{options[0]}-{options[-1]}" if len(options) > 2 else "/".join(map(str, options))
        parts = [text]
    else:
        parts = []
        for options, numbers in groups:
            span = f"{numbers[0]}-{numbers[-1]}" if len(numbers) > 1 else str(numbers[0])
            parts.append(f"items {span}: {', '.join(map(str, options))}")
    reversed_items = [str(item.number) for item in instrument.items if item.reversed]
    if reversed_items:
        parts.append(f"item {', '.join(reversed_items)} reversed")
    return "; ".join(parts)


def render_row(instrument: Instrument) -> str:
    low, high = instrument.total_range
    bands = ", ".join(
        f"{b.label} {b.low}" if b.low == b.high else f"{b.label} {b.low}-{b.high}"
        for b in instrument.bands
    )
    bands = bands or "none published"
    thresholds = ", ".join(f"{t.name} >= {t.at_least}" for t in instrument.thresholds) or "-"
    caseness = instrument.caseness_threshold or "-"
    change = "-"
    if instrument.reliable_change is not None:
        approx = "~" if instrument.reliable_change.approximate else ""
        change = f"{approx}{instrument.reliable_change.points:g}"
    loinc = f"{instrument.loinc_panel or 'unverified'} / {instrument.loinc_total or 'unverified'}"
    cells = [
        f"`{instrument.id}`",
        str(instrument.item_count),
        _values(instrument),
        f"{low}-{high}",
        bands,
        thresholds,
        caseness,
        change,
        loinc,
    ]
    return "| " + " | ".join(cells) + " |"


def render_table() -> str:
    header = (
        "| Id | Items | Item values | Total | Bands | Thresholds | Caseness | "
        "Reliable change | LOINC panel / total |\n"
        "|---|---|---|---|---|---|---|---|---|"
    )
    rows = "\n".join(render_row(instrument) for instrument in BUILTIN_INSTRUMENTS)
    return f"{header}\n{rows}"


def test_docs_table_matches_the_definitions():
    """The instrument table in docs/measures.md equals the one rendered from the catalog."""
    text = DOCS.read_text(encoding="utf-8")

    shown = text.split(START, 1)[1].split(END, 1)[0].strip()

    assert shown == render_table(), (
        "regenerate with: python -c 'from tests.measures.test_docs import render_table; print(render_table())'"
    )
