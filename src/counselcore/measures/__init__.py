"""
Measurement-based care: instruments, scoring, triage, risk flags, change, response and recovery.

Instrument definitions are immutable data (`Instrument`), holding item topics and numbers but
never the wording of a form. `administer` validates and scores one completed form (summed, or
triaged item by item like the Columbia screener); `Trajectory` follows an instrument over time;
`classify_change`, `jacobson_truax` and `classify_talking_therapies` say whether a change is
reliable, clinically significant, or a recovery by NHS Talking Therapies definitions;
`has_responded`, `is_in_remission` and `cms159_remission` follow US measurement-based care; and
`substance_use_severity` rates DSM-5 substance use disorder. Every number cites its primary
source as ``[V]`` (cross-checked), ``[K]`` (standard knowledge) or ``[?]`` (uncertain:
configurable or documented as such).

Example:
    >>> import datetime as dt
    >>> from counselcore.measures import PHQ_9, administer
    >>> a = administer(PHQ_9, (2, 2, 2, 2, 1, 1, 1, 0, 0), on=dt.date(2024, 1, 8))
    >>> a.total, a.band, a.caseness
    (11, 'moderate', True)
"""

from counselcore.measures._administer import Administration, Prorating, Subscore, administer
from counselcore.measures._builtin import (
    AUDIT,
    AUDIT_C,
    DAST_10,
    GAD_2,
    GAD_7,
    PC_PTSD_5,
    PCL_5,
    PHQ_2,
    PHQ_8,
    PHQ_9,
    SUICIDAL_IDEATION_FLAG,
    WSAS,
)
from counselcore.measures._catalog import BUILTIN_INSTRUMENTS, InstrumentCatalog
from counselcore.measures._change import (
    ClinicalCutoff,
    CutoffCriterion,
    JacobsonTruaxCategory,
    JacobsonTruaxResult,
    Norms,
    RciParameters,
    ReliableChange,
    classify_change,
    clinical_cutoff,
    jacobson_truax,
    reliable_change_index,
)
from counselcore.measures._cssrs import COLUMBIA_TRIAGE, CSSRS_SCREENER, triage
from counselcore.measures._instrument import (
    CountRequirement,
    Criterion,
    Instrument,
    Item,
    PointsThreshold,
    RiskItem,
    ScoreBand,
    ScoringRule,
    Skip,
    Subscale,
    Threshold,
)
from counselcore.measures._mbc import (
    DEFAULT_MBC_POLICY,
    Cms159Result,
    Cms159Status,
    MeasurementBasedCarePolicy,
    cms159_remission,
    has_responded,
    is_in_remission,
)
from counselcore.measures._substance import (
    EARLY_REMISSION_MONTHS,
    SUD_CRITERIA_COUNT,
    SUD_DIAGNOSIS_RULES,
    SUD_SEVERITY_BANDS,
    SUSTAINED_REMISSION_MONTHS,
    SubstanceUseCriterion,
    SubstanceUseRemission,
    check_sud_diagnosis,
    count_sud_criteria,
    diagnose_substance_use,
    substance_use_remission,
    substance_use_severity,
)
from counselcore.measures._table import instrument_table, measures_rule_table
from counselcore.measures._talking_therapies import (
    DEFAULT_TALKING_THERAPIES_POLICY,
    MixedChangeReading,
    RecoveryStatus,
    TalkingTherapiesOutcome,
    TalkingTherapiesPolicy,
    classify_episode,
    classify_talking_therapies,
    has_finished_treatment,
)
from counselcore.measures._trajectory import (
    ObjectiveProgress,
    Trajectory,
    is_reliably_deteriorated,
    is_reliably_improved,
    latest_risk_flags,
    objective_progress,
    trajectories,
    trajectory,
)
from counselcore.measures._triage import Triage, TriageResult, TriageRule

__all__ = [
    "AUDIT",
    "AUDIT_C",
    "Administration",
    "BUILTIN_INSTRUMENTS",
    "COLUMBIA_TRIAGE",
    "CSSRS_SCREENER",
    "ClinicalCutoff",
    "Cms159Result",
    "Cms159Status",
    "CountRequirement",
    "Criterion",
    "CutoffCriterion",
    "DAST_10",
    "DEFAULT_MBC_POLICY",
    "DEFAULT_TALKING_THERAPIES_POLICY",
    "EARLY_REMISSION_MONTHS",
    "GAD_2",
    "GAD_7",
    "Instrument",
    "InstrumentCatalog",
    "Item",
    "JacobsonTruaxCategory",
    "JacobsonTruaxResult",
    "MeasurementBasedCarePolicy",
    "MixedChangeReading",
    "Norms",
    "ObjectiveProgress",
    "PCL_5",
    "PC_PTSD_5",
    "PHQ_2",
    "PHQ_8",
    "PHQ_9",
    "PointsThreshold",
    "Prorating",
    "RciParameters",
    "RecoveryStatus",
    "ReliableChange",
    "RiskItem",
    "SUD_CRITERIA_COUNT",
    "SUD_DIAGNOSIS_RULES",
    "SUD_SEVERITY_BANDS",
    "SUICIDAL_IDEATION_FLAG",
    "SUSTAINED_REMISSION_MONTHS",
    "ScoreBand",
    "ScoringRule",
    "Skip",
    "Subscale",
    "Subscore",
    "SubstanceUseCriterion",
    "SubstanceUseRemission",
    "TalkingTherapiesOutcome",
    "TalkingTherapiesPolicy",
    "Threshold",
    "Trajectory",
    "Triage",
    "TriageResult",
    "TriageRule",
    "WSAS",
    "administer",
    "check_sud_diagnosis",
    "classify_change",
    "classify_episode",
    "classify_talking_therapies",
    "clinical_cutoff",
    "cms159_remission",
    "count_sud_criteria",
    "diagnose_substance_use",
    "has_finished_treatment",
    "has_responded",
    "instrument_table",
    "is_in_remission",
    "is_reliably_deteriorated",
    "is_reliably_improved",
    "jacobson_truax",
    "latest_risk_flags",
    "measures_rule_table",
    "objective_progress",
    "reliable_change_index",
    "substance_use_remission",
    "substance_use_severity",
    "trajectories",
    "trajectory",
    "triage",
]
