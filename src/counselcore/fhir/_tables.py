"""The docs tables of the FHIR edge, rendered from the declarations (a drift test keeps the docs equal)."""

from counselcore.fhir._vocabulary import CODE_SYSTEMS, EXTENSIONS, FHIR_RULES

__all__ = ["code_system_table", "extension_table", "rule_table"]


def code_system_table() -> str:
    """
    Return the counselcore code systems as a Markdown table: URL and what the codes are.

    Example:
        >>> code_system_table().splitlines()[0]
        '| code system | codes |'
    """
    lines = ["| code system | codes |", "|---|---|"]
    lines.extend(f"| `{spec.url}` | {spec.codes} |" for spec in CODE_SYSTEMS.values())
    return "\n".join(lines)


def extension_table() -> str:
    """
    Return the extension registry as a Markdown table: URL, where it goes, value type, meaning.

    Example:
        >>> extension_table().splitlines()[0]
        '| extension | on | value | meaning |'
    """
    lines = ["| extension | on | value | meaning |", "|---|---|---|---|"]
    lines.extend(
        f"| `{spec.url}` | {spec.context} | {spec.value} | {spec.meaning} |"
        for spec in EXTENSIONS.values()
    )
    return "\n".join(lines)


def rule_table() -> str:
    """
    Return the FHIR import rules as a Markdown table: id, severity, requirement.

    Example:
        >>> rule_table().splitlines()[2].startswith("| `fhir.not-json` | error |")
        True
    """
    lines = ["| rule | severity | requires |", "|---|---|---|"]
    lines.extend(
        f"| `{rule.id}` | {rule.severity.value} | {rule.description} |"
        for rule in FHIR_RULES.values()
    )
    return "\n".join(lines)
