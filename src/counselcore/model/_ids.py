"""Opaque references to things that live in the host system."""

from attrs import field, frozen

from counselcore._internal.checks import check_identifier

__all__ = ["ClientRef"]


@frozen
class ClientRef:
    """
    An opaque client identifier; demographics stay in the host system.

    The id never appears in ``repr`` or error messages.

    Example:
        >>> ref = ClientRef("mrn-0042")
        >>> ref
        ClientRef(<redacted>)
        >>> ref.value
        'mrn-0042'
    """

    value: str = field()

    def __attrs_post_init__(self) -> None:
        check_identifier(self.value, ("value",))

    def __repr__(self) -> str:
        return "ClientRef(<redacted>)"
