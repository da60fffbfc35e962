"""Independent validation of exported resources with fhir.resources' R4B models (never the R5 top level)."""

from typing import Any

from fhir.resources.R4B import get_fhir_model_class


def validate_r4b(resource: dict[str, Any]) -> None:
    """Validate *resource* (and, for a bundle, every entry) with the R4B model of its type."""
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    for entry in resource.get("entry", ()):
        inner = entry["resource"]
        get_fhir_model_class(inner["resourceType"]).model_validate(inner)
