"""`validate_case` and `validate_cases`: every finding about whole case-history documents."""

from collections.abc import Iterable, Iterator
from typing import Any

from counselcore._internal.checks import check_instance, fail
from counselcore.phases import (
    DEFAULT_POLICY,
    TRANSITIONS,
    AftercareStarted,
    CaseState,
    CrisisResolved,
    Discharged,
    EventKind,
    Phase,
    PhasePolicy,
    PlanAgreed,
    replay,
    transition,
)
from counselcore.validation._load import LoadedDocument, LoadedEvent, load_document
from counselcore.validation._report import CaseFinding, CaseReport, Stage
from counselcore.violations import Path, Severity, Violation

__all__ = ["PHASE_REFUSALS", "validate_case", "validate_cases"]

#: The replay rules that refuse an event only because of the phase the case is in. After an
#: earlier problem left the case behind the chart, these are marked as its consequences.
PHASE_REFUSALS: frozenset[str] = frozenset(
    {"phases.event-allowed-in-phase", "phases.session-kind-fits-phase"}
)
#: The replay rule that folds in the plan rules' errors (each is reported by the plan rules).
_PLAN_GUARD = "phases.active-requires-plan"
_STAGE_RANK = {stage: rank for rank, stage in enumerate(Stage)}
#: The phases each (phase, event kind) can lead to, from the transition table.
_TARGETS: dict[tuple[Phase, EventKind], frozenset[Phase]] = {}
for _row in TRANSITIONS:
    _TARGETS[_row.source, _row.event] = _TARGETS.get(
        (_row.source, _row.event), frozenset()
    ) | frozenset(_row.targets)


class _Draft:
    """A finding being assembled: its sort key, its violation and, later, its cause."""

    __slots__ = ("cause", "event", "kind", "path", "seq", "stage", "violation")

    def __init__(  # noqa: PLR0917 - a private record built in one place
        self,
        violation: Violation,
        stage: Stage,
        path: Path,
        event: int | None,
        kind: EventKind | None,
        seq: int,
    ) -> None:
        self.violation = violation
        self.stage = stage
        self.path = path
        self.event = event
        self.kind = kind
        self.seq = seq
        self.cause: _Draft | None = None

    def key(self) -> tuple[int, int, int]:
        return (-1 if self.event is None else self.event, _STAGE_RANK[self.stage], self.seq)

    def root(self) -> "_Draft":
        draft = self
        while draft.cause is not None:
            draft = draft.cause
        return draft


def _envelope_report(document: LoadedDocument) -> CaseReport:
    findings = tuple(
        CaseFinding(
            rule=v.rule,
            severity=v.severity,
            stage=Stage.DOCUMENT,
            path=v.path,
            message=v.message,
            evidence=v.evidence,
        )
        for v in document.envelope
    )
    return CaseReport(findings=findings)


def validate_case(data: Any, *, policy: PhasePolicy = DEFAULT_POLICY) -> CaseReport:
    """
    Check the plain data of one case-history document and report every finding.

    The passes, in order: the document itself (``type``, ``schema_version``, ``client``); each
    event's structure, with the JSON path into *data*; the policy's rules on each payload (plan
    rules on agreed plans, the aftercare and safety-plan hooks on those plans); then the phase
    replay of the events that could be loaded. It never stops at the first
    broken part:

    * an event with structural problems inside list items (a bad diagnosis code) is repaired
      by leaving those items out, so the replay still sees that the event happened; an event
      that cannot be repaired is skipped, like an event the replay refuses;
    * a finding that only follows from an earlier one points at it (``consequence_of``):
      a refusal for the phase (`PHASE_REFUSALS`) while the case is still in the phase it was in
      when an earlier event was broken or refused (an event that would have moved it on);
      a replay finding that repeats a payload rule's finding (``phases.active-requires-plan``
      and the plan rule it names; the same aftercare or safety-plan rule at the same path); and
      a finding inside a list from which broken items were left out.

    Args:
        data: A case-history document as parsed JSON (dicts, lists, strings, numbers).
        policy: The organization's thresholds and hooks for the phase machine and plan rules.

    Returns:
        The report; the input is not a case-history document when ``report.readable`` is False.

    Raises:
        counselcore.errors.InvalidValueError: If *policy* is not a `PhasePolicy` (bad *data*
            never raises: it is what the report is about).

    Example:
        >>> data = {"type": "case-history", "schema_version": 1, "client": "c-1", "events": [
        ...     {"kind": "crisis-began", "on": "2024-01-08"},
        ...     {"kind": "review-held", "on": "2024-01-06"},
        ... ]}
        >>> report = validate_case(data)
        >>> report.phase, [f"{f.where} {f.rule}" for f in report.findings]
        ('crisis', ['events[1].on phases.events-in-date-order', 'events[1] phases.event-allowed-in-phase'])
        >>> validate_case([]).readable
        False
    """
    check_instance(policy, PhasePolicy, ("policy",))
    document = load_document(data)
    if document.envelope:
        return _envelope_report(document)
    drafts: list[_Draft] = []

    def add(v: Violation, stage: Stage, event: LoadedEvent | None) -> _Draft:
        if event is None:
            draft = _Draft(v, stage, v.path, None, None, len(drafts))
        else:
            draft = _Draft(
                v, stage, ("events", event.index, *v.path), event.index, event.kind, len(drafts)
            )
        drafts.append(draft)
        return draft

    for violation in document.problems:
        add(violation, Stage.STRUCTURE, None)
    structural: dict[int, list[_Draft]] = {}
    for event in document.events:
        structural[event.index] = [add(v, Stage.STRUCTURE, event) for v in event.problems]
    loaded = [event for event in document.events if event.value is not None]
    plan_drafts: dict[int, list[_Draft]] = {}
    for event in loaded:
        found_by_rules = _payload_rules(event.value, policy)
        if found_by_rules:
            plan_drafts[event.index] = [add(v, Stage.RULES, event) for v in found_by_rules]
    result = replay([event.value for event in loaded], policy)
    replayed: dict[int, list[_Draft]] = {}
    for found in result.violations:
        event = loaded[found.index]
        replayed.setdefault(event.index, []).append(add(found.violation, Stage.REPLAY, event))
    for event in loaded:
        if event.pruned or event.index in plan_drafts:
            _link_in_event(
                event,
                structural[event.index],
                plan_drafts.get(event.index, []),
                replayed.get(event.index, []),
            )
    skipped = len(loaded) < len(document.events)
    if skipped or any(d.violation.severity is Severity.ERROR for d in drafts):
        _link_phase_refusals(document, policy, structural, plan_drafts, replayed)
    drafts.sort(key=_Draft.key)
    position = {id(draft): index for index, draft in enumerate(drafts)}
    findings = []
    for draft in drafts:
        v = draft.violation
        root = draft.root()
        findings.append(
            CaseFinding(
                rule=v.rule,
                severity=v.severity,
                stage=draft.stage,
                path=draft.path,
                message=v.message,
                event=draft.event,
                kind=None if draft.kind is None else draft.kind.value,
                evidence=v.evidence,
                consequence_of=None if root is draft else position[id(root)],
            )
        )
    return CaseReport(
        client=document.client,
        events=len(document.events),
        phase=result.state.phase.value,
        findings=tuple(findings),
    )


def _payload_rules(event: Any, policy: PhasePolicy) -> tuple[Violation, ...]:
    """
    The rule sets run on an event's payload on its own, under the event's field.

    The plan rules on an agreed plan; the policy's aftercare hook on an aftercare plan and its
    safety-plan hook on a safety plan, without the case's risk flags (the replay runs the hooks
    again with them, and what it finds beyond this is its own finding).
    """
    cls = type(event)
    if cls is PlanAgreed:
        report = policy.plan_rules.evaluate(event.plan, policy.plan_context)
        return tuple(_prefixed(("plan",), v) for v in report.violations)
    if cls in (AftercareStarted, Discharged) and event.aftercare_plan is not None:
        found = policy.run_hook("check_aftercare", event.aftercare_plan, frozenset())
        return tuple(_prefixed(("aftercare_plan",), v) for v in found)
    if cls is CrisisResolved and event.safety_plan is not None:
        found = policy.run_hook("check_safety_plan", event.safety_plan, frozenset())
        return tuple(_prefixed(("safety_plan",), v) for v in found)
    return ()


def _prefixed(prefix: Path, v: Violation) -> Violation:
    return Violation(
        rule=v.rule,
        path=(*prefix, *v.path),
        message=v.message,
        severity=v.severity,
        evidence=v.evidence,
    )


def _starts_with(path: Path, prefix: Path) -> bool:
    return path[: len(prefix)] == prefix


def _link_in_event(
    event: LoadedEvent, structural: list[_Draft], plan: list[_Draft], replayed: list[_Draft]
) -> None:
    """
    Link findings within one event to what they follow from.

    Findings under a pruned list follow from its structural problem; a replay finding that
    repeats a payload rule's finding (the same rule, path and severity, or the plan guard
    naming the plan rule) follows from it.
    """
    for draft in (*plan, *replayed):
        relative = draft.path[2:]
        for pruned in event.pruned:
            if _starts_with(relative, pruned):
                draft.cause = next(
                    (s for s in structural if _starts_with(s.path[2:], pruned)), draft.cause
                )
                break
    for draft in replayed:
        if draft.cause is not None:
            continue
        v = draft.violation
        named = dict(v.evidence).get("plan_rule") if v.rule == _PLAN_GUARD else v.rule
        draft.cause = next(
            (
                p
                for p in plan
                if p.violation.rule == named
                and p.path == draft.path
                and (v.rule == _PLAN_GUARD or p.violation.severity is v.severity)
            ),
            None,
        )


def _moves_on(phase: Phase, kind: EventKind | None) -> bool:
    """Whether an event of *kind* in *phase* would take the case to another phase."""
    if kind is None:
        return True
    targets = _TARGETS.get((phase, kind))
    return targets is None or targets != {phase}


def _link_phase_refusals(
    document: LoadedDocument,
    policy: PhasePolicy,
    structural: dict[int, list[_Draft]],
    plan: dict[int, list[_Draft]],
    replayed: dict[int, list[_Draft]],
) -> None:
    """Mark refusals for the phase that only follow from an earlier broken or refused event."""
    state = CaseState.start()
    root: _Draft | None = None
    root_phase: Phase | None = None
    for event in document.events:
        phase = state.phase
        if root is not None and phase is not root_phase:
            root = None
        mine = replayed.get(event.index, [])
        if root is not None:
            for draft in mine:
                if draft.cause is None and draft.violation.rule in PHASE_REFUSALS:
                    draft.cause = root
        if root is None and _moves_on(phase, event.kind):
            first = next(
                (
                    d
                    for d in (*structural[event.index], *plan.get(event.index, ()), *mine)
                    if d.violation.severity is Severity.ERROR
                ),
                None,
            )
            root = None if first is None else first.root()
            root_phase = phase
        if event.value is not None:
            state = transition(state, event.value, policy).state


def validate_cases(
    cases: Iterable[Any], *, policy: PhasePolicy = DEFAULT_POLICY
) -> Iterator[CaseReport]:
    """
    Validate each case-history document of *cases* in turn, yielding one report per case.

    *cases* may be any iterable (a generator over a JSON Lines file or a database cursor): it
    is consumed lazily, one case at a time, so memory stays flat however long the batch is.

    Raises:
        counselcore.errors.InvalidValueError: At the call, if *cases* is not an iterable of
            documents (a string, bytes or a single dict is refused) or *policy* is not a
            `PhasePolicy`.

    Example:
        >>> cases = [{"type": "case-history", "schema_version": 1, "client": "c-1", "events": []}, 7]
        >>> [(report.readable, report.ok) for report in validate_cases(cases)]
        [(True, True), (False, False)]
    """
    check_instance(policy, PhasePolicy, ("policy",))
    if isinstance(cases, (str, bytes, dict)) or not isinstance(cases, Iterable):
        raise fail(("cases",), "structure.type", "must be an iterable of case-history documents")
    return _each(cases, policy)


def _each(cases: Iterable[Any], policy: PhasePolicy) -> Iterator[CaseReport]:
    for data in cases:
        yield validate_case(data, policy=policy)
