"""
Every FHIR fact counselcore uses, declared once: systems, value sets, extensions and rule ids.

The export and import code, the docs tables and the tests all read these tables; nothing
else spells a system URI, a status code or an extension URL.
"""

import types
from collections.abc import Mapping

from attrs import frozen

from counselcore.aftercare import SafetySection
from counselcore.model import SessionKind
from counselcore.phases import Phase
from counselcore.violations import Severity

__all__ = [
    "BASE",
    "CODE_SYSTEMS",
    "CodeSystemSpec",
    "EXTENSIONS",
    "FHIR_RULES",
    "FHIR_VERSION",
    "MODEL_VERSION",
    "VALUE_SETS",
    "ExtensionSpec",
    "FhirRule",
    "extension_url",
]

#: The base of every counselcore extension and code system URL; it never changes.
BASE = "https://counselcore.dev/fhir"

#: The FHIR release the exported JSON conforms to.
FHIR_VERSION = "4.0.1"

#: The counselcore layout version stamped on exported resources (``model-version``).
MODEL_VERSION = "1"

ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CPT = "http://www.ama-assn.org/go/cpt"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
CONTACT_ROLE = "http://terminology.hl7.org/CodeSystem/v2-0131"
APPOINTMENT_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0276"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
DIAGNOSIS_ROLE = "http://terminology.hl7.org/CodeSystem/diagnosis-role"
GOAL_ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement"
GOAL_CATEGORY = "http://terminology.hl7.org/CodeSystem/goal-category"
GOAL_RELATIONSHIP_TYPE = "http://terminology.hl7.org/CodeSystem/goal-relationship-type"
GOAL_RELATIONSHIP = "http://hl7.org/fhir/StructureDefinition/goal-relationship"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CARE_TEAM_CATEGORY = LOINC

#: SNOMED CT care-plan categories (descendants of 734163000 "Care plan").
MENTAL_HEALTH_CARE_PLAN = "718347000"
MENTAL_HEALTH_CRISIS_PLAN = "736253002"

#: SNOMED CT codes verified for modalities (the rest travel as counselcore codes only).
MODALITY_SNOMED: Mapping[str, str] = types.MappingProxyType(
    {"cbt": "228557008", "dbt": "405780009"}
)

#: Condition severity (SNOMED CT, R4 condition-severity value set) for DSM-5 specifiers.
SEVERITY_SNOMED: Mapping[str, str] = types.MappingProxyType(
    {"mild": "255604002", "moderate": "6736007", "severe": "24484000"}
)


def code_system(name: str) -> str:
    """
    Return the URL of counselcore code system *name*.

    Example:
        >>> code_system("treatment-phase")
        'https://counselcore.dev/fhir/CodeSystem/treatment-phase'
    """
    return f"{BASE}/CodeSystem/{name}"


def identifier_system(name: str) -> str:
    """
    Return the identifier system URL for counselcore ids of kind *name*.

    Example:
        >>> identifier_system("plan")
        'https://counselcore.dev/fhir/identifier/plan'
    """
    return f"{BASE}/identifier/{name}"


def extension_url(name: str) -> str:
    """
    Return the URL of counselcore extension *name*.

    Example:
        >>> extension_url("treatment-phase")
        'https://counselcore.dev/fhir/StructureDefinition/treatment-phase'
    """
    return f"{BASE}/StructureDefinition/{name}"


@frozen(kw_only=True)
class CodeSystemSpec:
    """
    One counselcore code system: its name and what its codes are.

    Example:
        >>> CODE_SYSTEMS["modality"].url
        'https://counselcore.dev/fhir/CodeSystem/modality'
    """

    name: str
    codes: str

    @property
    def url(self) -> str:
        """The code system's full URL under `BASE`."""
        return code_system(self.name)


_CODE_SYSTEM_LIST = (
    CodeSystemSpec(name="treatment-phase", codes="the `Phase` values (intake ... closed)"),
    CodeSystemSpec(name="modality", codes="modality ids of the catalog (cbt, dbt, mi, emdr ...)"),
    CodeSystemSpec(name="instrument", codes="instrument ids without a verified LOINC code"),
    CodeSystemSpec(name="metric-kind", codes="the `MetricKind` values of non-instrument metrics"),
    CodeSystemSpec(name="safety-plan-section", codes="the `SafetySection` values, in plan order"),
    CodeSystemSpec(name="skill", codes="technique ids practised as skills routines"),
    CodeSystemSpec(name="contact-role", codes="the `ContactRole` values"),
    CodeSystemSpec(
        name="care-plan-kind", codes="`aftercare` (treatment and crisis plans use SNOMED)"
    ),
)

#: The counselcore code systems, by name (read-only); the docs table is generated from it.
CODE_SYSTEMS: Mapping[str, CodeSystemSpec] = types.MappingProxyType(
    {spec.name: spec for spec in _CODE_SYSTEM_LIST}
)

PHASE_SYSTEM = CODE_SYSTEMS["treatment-phase"].url
MODALITY_SYSTEM = CODE_SYSTEMS["modality"].url
INSTRUMENT_SYSTEM = CODE_SYSTEMS["instrument"].url
METRIC_KIND_SYSTEM = CODE_SYSTEMS["metric-kind"].url
SAFETY_SECTION_SYSTEM = CODE_SYSTEMS["safety-plan-section"].url
SKILL_SYSTEM = CODE_SYSTEMS["skill"].url
CONTACT_ROLE_SYSTEM = CODE_SYSTEMS["contact-role"].url
CARE_PLAN_KIND_SYSTEM = CODE_SYSTEMS["care-plan-kind"].url
AFTERCARE_PLAN_CODE = "aftercare"

#: Condition categories: presenting problems and diagnoses.
PROBLEM_CATEGORY = "problem-list-item"
DIAGNOSIS_CATEGORY = "encounter-diagnosis"

#: UCUM code of a session length.
MINUTES = "min"


@frozen(kw_only=True)
class ExtensionSpec:
    """
    One counselcore extension: its name, where it goes, its value type and what it means.

    Example:
        >>> EXTENSIONS["treatment-phase"].url
        'https://counselcore.dev/fhir/StructureDefinition/treatment-phase'
    """

    name: str
    context: str
    value: str
    meaning: str

    @property
    def url(self) -> str:
        """The extension's full URL under `BASE`."""
        return extension_url(self.name)


_EXTENSION_LIST = (
    ExtensionSpec(
        name="model-version",
        context="every exported resource",
        value="valueString",
        meaning="the counselcore layout version that wrote the resource",
    ),
    ExtensionSpec(
        name="treatment-phase",
        context="EpisodeOfCare",
        value="valueCoding",
        meaning="the exact counselcore phase (status can only say active/finished)",
    ),
    ExtensionSpec(
        name="phase-history",
        context="EpisodeOfCare",
        value="complex: phase, period, event, interrupted-phase",
        meaning="one entry per phase the case went through, with its dates",
    ),
    ExtensionSpec(
        name="case-event",
        context="EpisodeOfCare",
        value="complex: kind, on, resource, fields",
        meaning="one entry per chart event, in order, pointing at the resource with its payload",
    ),
    ExtensionSpec(
        name="case-formulation",
        context="ClinicalImpression",
        value="complex (the formulation's fields FHIR has no element for)",
        meaning="5 Ps, triggers, strengths, supports, risk screen, readiness, co-occurring flag",
    ),
    ExtensionSpec(
        name="problem-domain",
        context="Condition",
        value="valueCode",
        meaning="the clinical domain of a presenting problem",
    ),
    ExtensionSpec(
        name="plan-revision",
        context="CarePlan",
        value="complex: number, reason, revised-on",
        meaning="plan version number, revision reason and date",
    ),
    ExtensionSpec(
        name="plan-settings",
        context="CarePlan",
        value="complex (session cadence, review schedule, consent date, formulation id)",
        meaning="treatment-plan fields FHIR has no element for",
    ),
    ExtensionSpec(
        name="objective-metric",
        context="Goal",
        value="complex (metric, baseline, direction)",
        meaning="what an objective measures, its baseline and which way it should move",
    ),
    ExtensionSpec(
        name="intervention-technique",
        context="CarePlan.activity.detail",
        value="valueCode",
        meaning="the technique of the modality in the activity's code",
    ),
    ExtensionSpec(
        name="session-details",
        context="Encounter",
        value="complex (kind, modality, techniques, homework, alliance)",
        meaning="session fields FHIR has no element for",
    ),
    ExtensionSpec(
        name="measure-flags",
        context="Observation",
        value="complex: flag (repeating valueCode)",
        meaning="risk flags the scoring raised, and the counselcore instrument id",
    ),
    ExtensionSpec(
        name="safety-section",
        context="CarePlan.activity.detail (safety plan)",
        value="complex (the section's entries)",
        meaning="the entries of one Stanley-Brown section",
    ),
    ExtensionSpec(
        name="aftercare-settings",
        context="CarePlan (aftercare)",
        value="complex (boosters, routines, relapse prevention, cadence, end date)",
        meaning="aftercare-plan fields FHIR has no element for",
    ),
    ExtensionSpec(
        name="support-contact",
        context="RelatedPerson",
        value="complex: contact-id, role, reachable",
        meaning="the counselcore contact id, role and reachability",
    ),
)

#: The extension registry, by name (read-only); the docs table is generated from it.
EXTENSIONS: Mapping[str, ExtensionSpec] = types.MappingProxyType(
    {spec.name: spec for spec in _EXTENSION_LIST}
)

#: R4 required value sets of the status and intent codes counselcore reads and writes.
VALUE_SETS: Mapping[str, tuple[str, ...]] = types.MappingProxyType(
    {
        "EpisodeOfCare.status": (
            "planned",
            "waitlist",
            "active",
            "onhold",
            "finished",
            "cancelled",
            "entered-in-error",
        ),
        "CarePlan.status": (
            "draft",
            "active",
            "on-hold",
            "revoked",
            "completed",
            "entered-in-error",
            "unknown",
        ),
        "CarePlan.intent": ("proposal", "plan", "order", "option"),
        "CarePlan.activity.detail.status": (
            "not-started",
            "scheduled",
            "in-progress",
            "on-hold",
            "completed",
            "cancelled",
            "stopped",
            "unknown",
            "entered-in-error",
        ),
        "Goal.lifecycleStatus": (
            "proposed",
            "planned",
            "accepted",
            "active",
            "on-hold",
            "completed",
            "cancelled",
            "entered-in-error",
            "rejected",
        ),
        "Encounter.status": (
            "planned",
            "arrived",
            "triaged",
            "in-progress",
            "onleave",
            "finished",
            "cancelled",
            "entered-in-error",
            "unknown",
        ),
        "Observation.status": (
            "registered",
            "preliminary",
            "final",
            "amended",
            "corrected",
            "cancelled",
            "entered-in-error",
            "unknown",
        ),
        "Appointment.status": (
            "proposed",
            "pending",
            "booked",
            "arrived",
            "fulfilled",
            "cancelled",
            "noshow",
            "entered-in-error",
            "checked-in",
            "waitlist",
        ),
        "CareTeam.status": ("proposed", "active", "suspended", "inactive", "entered-in-error"),
        "ClinicalImpression.status": ("in-progress", "completed", "entered-in-error"),
        "Condition.clinicalStatus": (
            "active",
            "recurrence",
            "relapse",
            "inactive",
            "remission",
            "resolved",
        ),
        "Condition.verificationStatus": (
            "unconfirmed",
            "provisional",
            "differential",
            "confirmed",
            "refuted",
            "entered-in-error",
        ),
        "Bundle.type": (
            "document",
            "message",
            "transaction",
            "transaction-response",
            "batch",
            "batch-response",
            "history",
            "searchset",
            "collection",
        ),
    }
)

#: Coarse EpisodeOfCare.status for each phase (the exact phase is in ``treatment-phase``).
EPISODE_STATUS: Mapping[Phase, str] = types.MappingProxyType(
    {phase: "finished" if phase is Phase.CLOSED else "active" for phase in Phase}
)

#: EpisodeOfCare.status -> the phase it implies when no treatment-phase extension says more
#: (``onhold`` and ``entered-in-error`` have none).
STATUS_PHASE: Mapping[str, Phase] = types.MappingProxyType(
    {
        "planned": Phase.INTAKE,
        "waitlist": Phase.INTAKE,
        "active": Phase.ACTIVE,
        "finished": Phase.CLOSED,
        "cancelled": Phase.CLOSED,
    }
)

#: The v3 ActCode class of a session: every counselcore session is ambulatory.
ENCOUNTER_CLASS = "AMB"

#: ObjectiveStatus value -> Goal.lifecycleStatus.
OBJECTIVE_LIFECYCLE: Mapping[str, str] = types.MappingProxyType(
    {"open": "active", "met": "completed", "discontinued": "cancelled"}
)

#: SafetySection -> its step code in ``{BASE}/CodeSystem/safety-plan-section``.
SAFETY_SECTIONS: tuple[SafetySection, ...] = tuple(SafetySection)

#: SessionKind values, for the ``session-kind`` code system.
SESSION_KINDS: tuple[SessionKind, ...] = tuple(SessionKind)


@frozen(kw_only=True)
class FhirRule:
    """
    A rule the FHIR import checks: its id, severity and what it requires.

    Example:
        >>> FHIR_RULES["fhir.value-set"].severity.value
        'error'
    """

    id: str
    severity: Severity
    description: str


_RULE_LIST = (
    FhirRule(
        id="fhir.not-json",
        severity=Severity.ERROR,
        description="The command-line input is JSON text.",
    ),
    FhirRule(
        id="fhir.json-shape",
        severity=Severity.ERROR,
        description="Each element has the JSON type FHIR R4 gives it (object, array, string, number).",
    ),
    FhirRule(
        id="fhir.required",
        severity=Severity.ERROR,
        description="Elements counselcore needs to build its value are present.",
    ),
    FhirRule(
        id="fhir.value-set",
        severity=Severity.ERROR,
        description="Status and intent codes come from their R4 required value sets.",
    ),
    FhirRule(
        id="fhir.resource-type",
        severity=Severity.ERROR,
        description="The resource has the resourceType the importer expects.",
    ),
    FhirRule(
        id="fhir.code-mapped",
        severity=Severity.ERROR,
        description="Codes counselcore must understand (LOINC totals, phases, kinds) are known.",
    ),
    FhirRule(
        id="fhir.reference-resolves",
        severity=Severity.ERROR,
        description="A reference inside a bundle names an entry of that bundle.",
    ),
    FhirRule(
        id="fhir.element-not-mapped",
        severity=Severity.WARNING,
        description="An element counselcore does not model was ignored (named by its path).",
    ),
    FhirRule(
        id="fhir.episode-on-hold",
        severity=Severity.WARNING,
        description="An 'onhold' episode status has no counselcore phase; the phase before it is kept.",
    ),
    FhirRule(
        id="fhir.phase-inferred",
        severity=Severity.WARNING,
        description="Without the treatment-phase extension the phase is inferred from the status.",
    ),
    FhirRule(
        id="fhir.value-converted",
        severity=Severity.WARNING,
        description="A total sent as text or with a unit was read as a number.",
    ),
)

#: The rules of the FHIR import, by id (read-only); the docs table is generated from it.
FHIR_RULES: Mapping[str, FhirRule] = types.MappingProxyType({r.id: r for r in _RULE_LIST})
