"""
FHIR R4 (4.0.1) in and out: counselcore records to and from plain FHIR JSON dicts.

Pure functions, no FHIR package at runtime. Export writes deterministic resources (ids are
uuid5 of counselcore ids); import reads our own exports losslessly and what foreign EHRs
send with a `Violation` for everything it could not map.

Example:
    >>> from counselcore.examples import example_plan
    >>> resources = to_fhir_treatment_plan(example_plan())
    >>> from_fhir_treatment_plan(resources[0], resources[1:]).value == example_plan()
    True
"""

from counselcore.fhir._bundle import (
    from_fhir_bundle,
    from_fhir_episode,
    to_fhir_bundle,
    to_fhir_episode,
)
from counselcore.fhir._command import fhir_export, fhir_import
from counselcore.fhir._export import (
    Links,
    to_fhir_formulation,
    to_fhir_observation,
    to_fhir_session,
    to_fhir_treatment_plan,
)
from counselcore.fhir._export_aftercare import to_fhir_aftercare_plan, to_fhir_safety_plan
from counselcore.fhir._ids import NAMESPACE, resource_id
from counselcore.fhir._import import (
    Imported,
    Resolver,
    from_fhir_observation,
    from_fhir_session,
)
from counselcore.fhir._import_aftercare import from_fhir_aftercare_plan, from_fhir_safety_plan
from counselcore.fhir._import_plan import (
    from_fhir_formulation,
    from_fhir_goal,
    from_fhir_treatment_plan,
)
from counselcore.fhir._questionnaire import (
    LOINC_FREQUENCY_ANSWERS,
    from_fhir_questionnaire_response,
    questionnaire_url,
    to_fhir_administration,
)
from counselcore.fhir._tables import code_system_table, extension_table, rule_table
from counselcore.fhir._vocabulary import (
    BASE,
    CODE_SYSTEMS,
    EXTENSIONS,
    FHIR_RULES,
    FHIR_VERSION,
    VALUE_SETS,
    CodeSystemSpec,
    ExtensionSpec,
    FhirRule,
)

__all__ = [
    "BASE",
    "CODE_SYSTEMS",
    "CodeSystemSpec",
    "EXTENSIONS",
    "ExtensionSpec",
    "FHIR_RULES",
    "FHIR_VERSION",
    "FhirRule",
    "Imported",
    "LOINC_FREQUENCY_ANSWERS",
    "Links",
    "NAMESPACE",
    "Resolver",
    "VALUE_SETS",
    "code_system_table",
    "extension_table",
    "fhir_export",
    "fhir_import",
    "from_fhir_aftercare_plan",
    "from_fhir_bundle",
    "from_fhir_episode",
    "from_fhir_formulation",
    "from_fhir_goal",
    "from_fhir_observation",
    "from_fhir_questionnaire_response",
    "from_fhir_safety_plan",
    "from_fhir_session",
    "from_fhir_treatment_plan",
    "questionnaire_url",
    "resource_id",
    "rule_table",
    "to_fhir_administration",
    "to_fhir_aftercare_plan",
    "to_fhir_bundle",
    "to_fhir_episode",
    "to_fhir_formulation",
    "to_fhir_observation",
    "to_fhir_safety_plan",
    "to_fhir_session",
    "to_fhir_treatment_plan",
]
