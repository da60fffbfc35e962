"""The instrument and rule tables of the documentation, rendered from the data so they cannot drift."""

from counselcore._internal.checks import check_instance
from counselcore.measures._catalog import BUILTIN_INSTRUMENTS, InstrumentCatalog
from counselcore.measures._cssrs import COLUMBIA_TRIAGE
from counselcore.measures._instrument import Instrument
from counselcore.measures._mbc import DEFAULT_MBC_POLICY
from counselcore.measures._substance import (
    EARLY_REMISSION_MONTHS,
    SUD_DIAGNOSIS_RULES,
    SUD_SEVERITY_BANDS,
    SUSTAINED_REMISSION_MONTHS,
)
from counselcore.measures._triage import Triage

__all__ = ["instrument_table", "measures_rule_table"]

_INSTRUMENT_HEADER = (
    "| Id | Items | Item values | Total | Bands | Thresholds | Caseness | Reliable change "
    "| LOINC panel / total | Source |\n"
    "|---|---|---|---|---|---|---|---|---|---|"
)


def _span(numbers: tuple[int, ...] | list[int]) -> str:
    ordered = sorted(numbers)
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):  # noqa: PLR2004
        return f"{ordered[0]}-{ordered[-1]}"
    return ", ".join(map(str, ordered))


def _values(instrument: Instrument) -> str:
    groups: list[tuple[tuple[int, ...], list[int]]] = []
    for item in instrument.items:
        if groups and groups[-1][0] == item.options:
            groups[-1][1].append(item.number)
        else:
            groups.append((item.options, [item.number]))
    if len(groups) == 1:
        options = groups[0][0]
        text = f"{options[0]}-{options[-1]}" if len(options) > 2 else "/".join(map(str, options))  # noqa: PLR2004
        parts = [text]
    else:
        parts = []
        for options, numbers in groups:
            span = f"{numbers[0]}-{numbers[-1]}" if len(numbers) > 1 else str(numbers[0])
            parts.append(f"items {span}: {', '.join(map(str, options))}")
    reversed_items = [str(item.number) for item in instrument.items if item.reversed]
    if reversed_items:
        parts.append(f"item {', '.join(reversed_items)} reversed")
    unscored = [str(item.number) for item in instrument.items if not item.scored]
    if unscored:
        parts.append(f"item {', '.join(unscored)} not scored (gate)")
    parts.extend(
        f"item{'s' if len(skip.items) > 1 else ''} {_span(skip.items)} asked only if "
        f"item {skip.when_item} >= {skip.below}"
        for skip in instrument.skips
    )
    return "; ".join(parts)


def _triage(triage: Triage) -> str:
    rules = sorted(triage.rules, key=lambda rule: -rule.level.rank)
    text = "; ".join(f"{rule.level.value} if any of {_span(rule.items)}" for rule in rules)
    return f"triage: {text}; else none"


def _instrument_row(instrument: Instrument) -> str:
    low, high = instrument.total_range
    total = f"{low}-{high}"
    if instrument.triage is not None:
        bands = _triage(instrument.triage)
        total += " (level rank)"
    else:
        bands = ", ".join(
            f"{b.label} {b.low}" if b.low == b.high else f"{b.label} {b.low}-{b.high}"
            for b in instrument.bands
        )
    thresholds = ", ".join(f"{t.name} >= {t.at_least}" for t in instrument.thresholds)
    change = "-"
    if instrument.reliable_change is not None:
        approx = "~" if instrument.reliable_change.approximate else ""
        change = f"{approx}{instrument.reliable_change.points:g}"
    loinc = f"{instrument.loinc_panel or 'unverified'} / {instrument.loinc_total or 'unverified'}"
    cells = [
        f"`{instrument.id}`",
        str(instrument.item_count),
        _values(instrument),
        total,
        bands or "none published",
        thresholds or "-",
        instrument.caseness_threshold or "-",
        change,
        loinc,
        instrument.source.replace("|", "/"),
    ]
    return "| " + " | ".join(cells) + " |"


def instrument_table(catalog: InstrumentCatalog = BUILTIN_INSTRUMENTS) -> str:
    """
    Return a Markdown table of the instruments of *catalog*, one row each, in catalog order.

    Columns: id, item count, item values (with reversed and unscored items and skip logic),
    total range, bands or triage rule, thresholds, caseness threshold, reliable change,
    LOINC codes and source.

    Example:
        >>> rows = instrument_table().splitlines()
        >>> len(rows)
        14
        >>> print(rows[12].split(" | ")[4])
        triage: high if any of 4, 5, 7; moderate if any of 3, 6; low if any of 1, 2; else none
    """
    check_instance(catalog, InstrumentCatalog, ("catalog",))
    rows = "\n".join(_instrument_row(instrument) for instrument in catalog)
    return f"{_INSTRUMENT_HEADER}\n{rows}"


def _rule_rows() -> list[tuple[str, str, str]]:
    p = DEFAULT_MBC_POLICY
    last = SUD_SEVERITY_BANDS[-1]
    bands = ", ".join(
        [f"{b.low}-{b.high} {b.label}" for b in SUD_SEVERITY_BANDS[:-1]]
        + [f"{last.low} or more {last.label}"]
    )
    return [
        (
            "PHQ-9 response (`has_responded`)",
            f"latest total at least {p.response_percent} % below the baseline",
            "[K] NCQA HEDIS Depression Remission or Response; CMS159",
        ),
        (
            "PHQ-9 remission (`is_in_remission`)",
            f"latest total below {p.remission_below}",
            "[K] NCQA HEDIS Depression Remission or Response; CMS159",
        ),
        (
            "CMS159 index (`cms159_remission`)",
            (
                f"first PHQ-9 above {p.index_above}, with a diagnosis coded "
                f"{', '.join(p.qualifying_diagnoses)} ([?] check the value set)"
            ),
            "[K] CMS eCQM CMS159v12, Depression Remission at Twelve Months",
        ),
        (
            "CMS159 remission (`cms159_remission`)",
            (
                f"most recent PHQ-9 from {p.window_months} months - {p.window_days} days to "
                f"{p.window_months} months + {p.window_days} days after the index is below "
                f"{p.remission_below}"
            ),
            "[K] CMS eCQM CMS159v12, Depression Remission at Twelve Months",
        ),
        (
            "C-SSRS screener triage (`COLUMBIA_TRIAGE`)",
            _triage(COLUMBIA_TRIAGE),
            COLUMBIA_TRIAGE.source,
        ),
        (
            "SUD severity (`substance_use_severity`)",
            f"criteria met: {bands}",
            SUD_DIAGNOSIS_RULES["measures.sud-severity-matches-criteria"].source,
        ),
        (
            "SUD remission (`substance_use_remission`)",
            (
                f"no criterion but craving for {EARLY_REMISSION_MONTHS} to under "
                f"{SUSTAINED_REMISSION_MONTHS} months: early; {SUSTAINED_REMISSION_MONTHS} months "
                "or more: sustained"
            ),
            SUD_DIAGNOSIS_RULES["measures.sud-severity-matches-criteria"].source,
        ),
        *((f"`{rule.id}`", rule.description, rule.source) for rule in SUD_DIAGNOSIS_RULES),
    ]


def measures_rule_table() -> str:
    """
    Return a Markdown table of the measurement-based care and substance use rules with their sources.

    Every number in it is read from the default policies and rule sets.

    Example:
        >>> rows = measures_rule_table().splitlines()
        >>> print(rows[3])
        | PHQ-9 remission (`is_in_remission`) | latest total below 5 | [K] NCQA HEDIS Depression
        Remission or Response; CMS159 |
    """
    header = "| Rule | Definition | Source |\n|---|---|---|"
    rows = "\n".join(f"| {name} | {text} | {source} |" for name, text, source in _rule_rows())
    return f"{header}\n{rows}"
