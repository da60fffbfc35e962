"""
Enumerations of the model.

Values are stable lower-case strings: they are what gets serialized, so they are public API.
"""

import enum

__all__ = [
    "Cadence",
    "Direction",
    "MetricKind",
    "ObjectiveStatus",
    "ProblemDomain",
    "ReadinessStage",
    "RiskLevel",
    "SessionKind",
    "SeveritySpecifier",
    "TriggerCategory",
]


class RiskLevel(enum.Enum):
    """
    How much risk a screen found, ordered from none to high.

    Example:
        >>> RiskLevel.MODERATE >= RiskLevel.LOW
        True
    """

    NONE = "none"
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"

    @property
    def rank(self) -> int:
        """0 for none up to 3 for high."""
        return _RISK_RANKS[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, RiskLevel):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, RiskLevel):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, RiskLevel):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, RiskLevel):
            return NotImplemented
        return self.rank >= other.rank


_RISK_RANKS = {RiskLevel.NONE: 0, RiskLevel.LOW: 1, RiskLevel.MODERATE: 2, RiskLevel.HIGH: 3}


class ReadinessStage(enum.Enum):
    """
    Transtheoretical stage of change (Prochaska & DiClemente 1983; Prochaska et al. 1992).

    The rarely used sixth stage ("termination") is not modelled.

    Example:
        >>> ReadinessStage.CONTEMPLATION.order
        2
    """

    PRECONTEMPLATION = "precontemplation"
    CONTEMPLATION = "contemplation"
    PREPARATION = "preparation"
    ACTION = "action"
    MAINTENANCE = "maintenance"

    @property
    def order(self) -> int:
        """1 for precontemplation up to 5 for maintenance."""
        return list(ReadinessStage).index(self) + 1


class ProblemDomain(enum.Enum):
    """The clinical area a presenting problem belongs to (drives modality matching)."""

    DEPRESSION = "depression"
    ANXIETY = "anxiety"
    TRAUMA = "trauma"
    SUBSTANCE_USE = "substance-use"
    EMOTION_DYSREGULATION = "emotion-dysregulation"
    SELF_HARM = "self-harm"
    RELATIONSHIP = "relationship"
    GRIEF = "grief"
    OTHER = "other"


class TriggerCategory(enum.Enum):
    """High-risk situation categories after Marlatt & Gordon (1985)."""

    NEGATIVE_EMOTION = "negative-emotion"
    INTERPERSONAL_CONFLICT = "interpersonal-conflict"
    SOCIAL_PRESSURE = "social-pressure"
    NEGATIVE_PHYSICAL_STATE = "negative-physical-state"
    POSITIVE_EMOTION = "positive-emotion"
    TESTING_CONTROL = "testing-control"
    URGES = "urges"
    OTHER = "other"


class SeveritySpecifier(enum.Enum):
    """DSM-5 severity specifier, e.g. for substance use disorder (2-3 mild, 4-5 moderate, 6+ severe)."""

    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


class Direction(enum.Enum):
    """Which way an objective's metric should move."""

    DECREASE = "decrease"
    INCREASE = "increase"


class MetricKind(enum.Enum):
    """What an objective measures."""

    INSTRUMENT_SCORE = "instrument-score"
    COUNT = "count"
    RATING = "rating"
    PERCENTAGE = "percentage"
    BINARY = "binary"


class ObjectiveStatus(enum.Enum):
    """Where an objective stands."""

    OPEN = "open"
    MET = "met"
    DISCONTINUED = "discontinued"


class Cadence(enum.Enum):
    """
    How often sessions are held: weekly in the active phase, every two weeks to monthly in maintenance.

    Example:
        >>> Cadence.BIWEEKLY.days
        14
    """

    TWICE_WEEKLY = "twice-weekly"
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"

    @property
    def days(self) -> int:
        """The nominal number of days between sessions (a month counts as 30)."""
        return _CADENCE_DAYS[self]


_CADENCE_DAYS = {
    Cadence.TWICE_WEEKLY: 3,
    Cadence.WEEKLY: 7,
    Cadence.BIWEEKLY: 14,
    Cadence.MONTHLY: 30,
}


class SessionKind(enum.Enum):
    """The kind of a session."""

    INTAKE = "intake"
    INDIVIDUAL = "individual"
    MAINTENANCE = "maintenance"
    BOOSTER = "booster"
    CRISIS = "crisis"
