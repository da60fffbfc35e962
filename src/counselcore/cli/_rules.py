"""``counselcore rules``: every rule id in every rule set and every phase guard."""

import argparse
import json
import sys

from counselcore.cli._common import EXIT_OK, Subcommands, add_command
from counselcore.serialization import to_dict
from counselcore.validation import RuleEntry, rule_catalog

__all__ = ["register", "render"]


def register(commands: Subcommands) -> None:
    """Add the ``rules`` subcommand."""
    parser = add_command(
        commands,
        "rules",
        summary="list every rule id with severity, description and source",
        description="List every rule of every rule set counselcore ships (plan completeness,\n"
        "aftercare, safety plan, termination readiness, modality matching and prerequisites)\n"
        "and every phase guard, read from the rule sets themselves.",
        examples="  counselcore rules\n  counselcore rules --format markdown > rules.md\n"
        "  counselcore rules --format json | jq '.[].id'",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="output format (default: text)",
    )
    parser.set_defaults(handler=_run)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(entries: tuple[RuleEntry, ...], output: str) -> str:
    """
    Render *entries* as *output* (``text``, ``json`` or ``markdown``).

    Example:
        >>> from counselcore.validation import rule_catalog
        >>> print(render(rule_catalog()[:1], "markdown").splitlines()[2])  # doctest: +ELLIPSIS
        | `aftercare.booster-schedule-set` | aftercare | error | The plan schedules booster ...
    """
    if output == "json":
        return json.dumps([to_dict(e) for e in entries], indent=2, ensure_ascii=False) + "\n"
    if output == "markdown":
        lines = [
            "| Rule id | Rule set | Severity | Description | Source |",
            "|---|---|---|---|---|",
        ]
        lines.extend(
            f"| `{e.id}` | {_cell(e.rule_set)} | {e.severity.value} | {_cell(e.description)} "
            f"| {_cell(e.source)} |"
            for e in entries
        )
        return "\n".join(lines) + "\n"
    width = max((len(e.id) for e in entries), default=0)
    lines = []
    for e in entries:
        lines.append(f"{e.id:<{width}}  {e.severity.value:<7}  {e.rule_set}: {e.description}")
        if e.source:
            lines.append(f"{'':<{width}}  {'':<7}  source: {e.source}")
    return "\n".join(lines) + "\n"


def _run(args: argparse.Namespace) -> int:
    sys.stdout.write(render(rule_catalog(), args.format))
    return EXIT_OK
