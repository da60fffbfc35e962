"""
Enumerations of aftercare: safety-plan sections, contact roles, practice cadences, reasons to end.

Values are stable lower-case strings: they are what gets serialized, so they are public API.
"""

import enum
import types

__all__ = ["ContactRole", "PracticeCadence", "SafetySection", "TerminationReason"]


class SafetySection(enum.Enum):
    """
    The six sections of a Stanley-Brown safety plan, in the order they are used.

    The plan is prioritised: a person starts at the first section and moves on when a
    step does not help (Stanley & Brown 2012).

    Example:
        >>> [section.step for section in SafetySection]
        [1, 2, 3, 4, 5, 6]
        >>> SafetySection.INTERNAL_COPING.field_name
        'internal_coping'
    """

    WARNING_SIGNS = "warning-signs"
    INTERNAL_COPING = "internal-coping"
    SOCIAL_DISTRACTION = "social-distraction"
    PEOPLE_TO_ASK = "people-to-ask"
    PROFESSIONALS_AND_AGENCIES = "professionals-and-agencies"
    ENVIRONMENT_SAFETY = "environment-safety"

    @property
    def step(self) -> int:
        """The section's place in the plan: 1 (warning signs) to 6 (making the environment safe)."""
        return _SECTION_STEPS[self]

    @property
    def field_name(self) -> str:
        """The name of the `SafetyPlan` field holding this section's entries."""
        return self.value.replace("-", "_")


_SECTION_STEPS = types.MappingProxyType(
    {section: index for index, section in enumerate(SafetySection, start=1)}
)


class ContactRole(enum.Enum):
    """
    Who a support or crisis contact is; professional roles are clinicians and crisis services.

    Example:
        >>> ContactRole.CRISIS_LINE.is_professional, ContactRole.FRIEND.is_professional
        (True, False)
    """

    FAMILY = "family"
    FRIEND = "friend"
    PEER_SUPPORT = "peer-support"
    COMMUNITY_GROUP = "community-group"
    CLINICIAN = "clinician"
    CRISIS_LINE = "crisis-line"
    URGENT_CARE = "urgent-care"
    OTHER = "other"

    @property
    def is_professional(self) -> bool:
        """Whether the role is a professional or agency (Stanley-Brown section 5)."""
        return self in _PROFESSIONAL_ROLES


_PROFESSIONAL_ROLES = frozenset(
    {ContactRole.CLINICIAN, ContactRole.CRISIS_LINE, ContactRole.URGENT_CARE}
)


class PracticeCadence(enum.Enum):
    """
    How often a client practises a skill between or after sessions.

    Example:
        >>> PracticeCadence.WEEKLY.days
        7
        >>> PracticeCadence.DAILY.days < PracticeCadence.BIWEEKLY.days
        True
    """

    DAILY = "daily"
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"

    @property
    def days(self) -> int:
        """The nominal number of days between practices (a month counts as 30)."""
        return _PRACTICE_DAYS[self]


_PRACTICE_DAYS = types.MappingProxyType(
    {
        PracticeCadence.DAILY: 1,
        PracticeCadence.WEEKLY: 7,
        PracticeCadence.BIWEEKLY: 14,
        PracticeCadence.MONTHLY: 30,
    }
)


class TerminationReason(enum.Enum):
    """
    Why active treatment ends.

    Example:
        >>> TerminationReason("client-initiated")
        <TerminationReason.CLIENT_INITIATED: 'client-initiated'>
    """

    GOALS_MET = "goals-met"
    CLIENT_INITIATED = "client-initiated"
    MUTUAL = "mutual"
    REFERRAL = "referral"
    OTHER = "other"
