"""What validating one case returns: `CaseReport`, made of `CaseFinding` values."""

import enum

from attrs import field, frozen

from counselcore.violations import Evidence, Path, Severity, has_errors, render_path

__all__ = ["CaseFinding", "CaseReport", "Stage"]


class Stage(enum.Enum):
    """
    Which pass of `validate_case` found a problem, in the order the passes run.

    Example:
        >>> [stage.value for stage in Stage]
        ['document', 'structure', 'rules', 'replay']
    """

    #: The input is not a case-history document this release reads (not an object, wrong
    #: ``type`` or ``schema_version``): nothing else could be checked.
    DOCUMENT = "document"
    #: A field of the document or of one event cannot be built (a wrong type, a bad code).
    STRUCTURE = "structure"
    #: A rule set checked a payload on its own (the plan rules on each agreed plan).
    RULES = "rules"
    #: The phase machine refused or flagged an event while replaying the history.
    REPLAY = "replay"


@frozen(kw_only=True)
class CaseFinding:
    """
    One problem in a case-history document, located by its JSON path into the input.

    *path* starts at the document root (``("events", 12, "plan", "goals", 0)``); *event* is the
    index of the event it concerns (None for the document itself); *consequence_of* is the
    position in `CaseReport.findings` of the earlier finding this one only follows from
    (None for a problem of its own). *message* holds ids and numbers only, never clinical text.

    Example:
        >>> f = CaseFinding(
        ...     rule="phases.review-due", severity=Severity.ERROR, stage=Stage.REPLAY,
        ...     path=("events", 5, "on"), message="no review is due yet", event=5,
        ...     kind="review-held",
        ... )
        >>> f.where, f.is_consequence
        ('events[5].on', False)
        >>> str(f)
        'events[5].on: no review is due yet [phases.review-due]'
    """

    rule: str
    severity: Severity
    stage: Stage
    path: Path
    message: str
    event: int | None = None
    kind: str | None = None
    evidence: Evidence = ()
    consequence_of: int | None = None

    @property
    def where(self) -> str:
        """The path rendered as text: ``events[12].plan.goals[0].objectives[1].target``."""
        return render_path(self.path)

    @property
    def is_consequence(self) -> bool:
        """Whether this finding only follows from an earlier one."""
        return self.consequence_of is not None

    def __str__(self) -> str:
        return f"{self.where}: {self.message} [{self.rule}]"


@frozen(kw_only=True)
class CaseReport:
    """
    Every finding about one case-history document, in input order.

    Findings are ordered by event (document-level ones first), then by pass (`Stage`), then
    as each pass reports them. *client* is the document's client reference (kept out of the
    repr); *events* counts the events in the input; *phase* is the phase the replay ended in
    (None when the document could not be read).

    Example:
        >>> report = CaseReport(client="c-1", events=0, phase="intake")
        >>> report
        CaseReport(events=0, phase='intake', findings=())
        >>> report.ok, report.readable, report.failed(strict=True)
        (True, True, False)
    """

    client: str | None = field(default=None, repr=False)
    events: int = 0
    phase: str | None = None
    findings: tuple[CaseFinding, ...] = ()

    @property
    def ok(self) -> bool:
        """True when no finding has error severity (warnings allowed)."""
        return not has_errors(self.findings)  # type: ignore[arg-type]

    @property
    def readable(self) -> bool:
        """False when the input is not a case-history document this release reads."""
        return all(f.stage is not Stage.DOCUMENT for f in self.findings)

    @property
    def problems(self) -> tuple[CaseFinding, ...]:
        """The findings that are problems of their own (not consequences of another)."""
        return tuple(f for f in self.findings if f.consequence_of is None)

    @property
    def consequences(self) -> tuple[CaseFinding, ...]:
        """The findings that only follow from an earlier one."""
        return tuple(f for f in self.findings if f.consequence_of is not None)

    @property
    def errors(self) -> tuple[CaseFinding, ...]:
        """The error-severity findings."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[CaseFinding, ...]:
        """The warning-severity findings."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """The distinct rule ids found, in order of first appearance."""
        return tuple(dict.fromkeys(f.rule for f in self.findings))

    def failed(self, *, strict: bool = False) -> bool:
        """
        Whether the case fails: any error, or with *strict* any warning too.

        Example:
            >>> warning = CaseFinding(
            ...     rule="phases.review-on-time", severity=Severity.WARNING, stage=Stage.REPLAY,
            ...     path=("events", 3, "on"), message="a review is due", event=3,
            ... )
            >>> report = CaseReport(events=4, phase="active", findings=(warning,))
            >>> report.failed(), report.failed(strict=True)
            (False, True)
        """
        if strict:
            return any(f.severity is not Severity.INFO for f in self.findings)
        return not self.ok
