"""
Deterministic resource ids: uuid5 of counselcore ids under one documented namespace.

The same chart always gets the same ids, so the same input gives the same bytes.
"""

import uuid

from counselcore.fhir._vocabulary import BASE

__all__ = ["NAMESPACE", "resource_id"]

#: The uuid5 namespace of every exported id: ``uuid5(NAMESPACE_URL, BASE)``.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, BASE)


def resource_id(*parts: str | int) -> str:
    """
    Return the uuid5 (as text) of *parts* joined by ``/`` under `NAMESPACE`.

    Example:
        >>> resource_id("c-1", "plan", "tp-1") == resource_id("c-1", "plan", "tp-1")
        True
        >>> len(resource_id("c-1"))
        36
    """
    name = "/".join(str(part) for part in parts)
    return str(uuid.uuid5(NAMESPACE, name))
