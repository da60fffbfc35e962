"""The modality comparison table, rendered from catalog data so documentation cannot drift."""

from counselcore._internal.checks import check_instance
from counselcore.modalities._builtin import BUILTIN_CATALOG
from counselcore.modalities._catalog import Catalog
from counselcore.modalities._descriptor import Modality
from counselcore.violations import Severity

__all__ = ["comparison_table"]

_HEADER = (
    "| Modality | Primary mechanism | Clinical targets | Session focus | Ideal candidate "
    "| Position | Prerequisites |\n"
    "|---|---|---|---|---|---|---|"
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or "-"


def _prerequisites(modality: Modality) -> str:
    return "; ".join(
        p.requirement.value + (" (warning)" if p.severity is Severity.WARNING else "")
        for p in modality.prerequisites
    )


def _row(modality: Modality) -> str:
    cells = (
        f"{modality.abbreviation} ({modality.name})",
        modality.mechanism,
        "; ".join(modality.clinical_targets),
        "; ".join(modality.session_focus),
        modality.ideal_candidate,
        modality.position.value,
        _prerequisites(modality),
    )
    return "| " + " | ".join(_cell(cell) for cell in cells) + " |"


def comparison_table(catalog: Catalog = BUILTIN_CATALOG) -> str:
    """
    Return a Markdown table comparing the modalities of *catalog*, one row each, in catalog order.

    Columns: modality, primary mechanism, clinical targets, session focus, ideal candidate,
    sequence position and prerequisites (warning-severity ones marked).

    Example:
        >>> rows = comparison_table().splitlines()
        >>> len(rows)
        6
        >>> print(rows[0])
        | Modality | Primary mechanism | Clinical targets | Session focus | Ideal candidate
        | Position | Prerequisites |
        >>> print(rows[4])
        | MI (Motivational interviewing) | Strengthening the client's own motivation through
        reflective listening | Ambivalence about change; Early-stage substance use disorder
        | Decisional balance; Eliciting change talk | Hesitant to commit to a sustained change
        effort | engagement | - |
    """
    check_instance(catalog, Catalog, ("catalog",))
    return "\n".join((_HEADER, *(_row(modality) for modality in catalog)))
