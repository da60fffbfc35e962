"""The phases of a case and the reasons a case closes."""

import enum

__all__ = ["DisengagementReason", "Phase"]


class Phase(enum.Enum):
    """
    Where a case stands in its episode of care.

    ``intake`` -> ``planning`` -> ``active`` <-> ``review`` -> ``termination`` ->
    ``maintenance`` -> ``closed``; ``crisis`` interrupts any open phase and returns to the
    phase it interrupted. Every phase but ``closed`` is open.

    Example:
        >>> Phase.ACTIVE.value
        'active'
        >>> Phase.CLOSED.is_open, Phase.CRISIS.is_open
        (False, True)
    """

    INTAKE = "intake"
    PLANNING = "planning"
    ACTIVE = "active"
    REVIEW = "review"
    CRISIS = "crisis"
    TERMINATION = "termination"
    MAINTENANCE = "maintenance"
    CLOSED = "closed"

    #: The phase's position in declaration order, 0 for intake up to 7 for closed
    #: (a plain attribute, set below: reading it costs no enum hashing).
    index: int

    @property
    def is_open(self) -> bool:
        """Whether the case is open in this phase (every phase but ``closed``)."""
        return self is not Phase.CLOSED


#: The phases in declaration order; ``PHASES[p.index] is p``.
PHASES: tuple[Phase, ...] = tuple(Phase)
for _position, _phase in enumerate(PHASES):
    _phase.index = _position


class DisengagementReason(enum.Enum):
    """
    Why a case closed without a planned discharge.

    Example:
        >>> DisengagementReason("lost-to-contact")
        <DisengagementReason.LOST_TO_CONTACT: 'lost-to-contact'>
    """

    CLIENT_WITHDREW = "client-withdrew"
    LOST_TO_CONTACT = "lost-to-contact"
    MOVED_AWAY = "moved-away"
    TRANSFERRED = "transferred"
    OTHER = "other"
