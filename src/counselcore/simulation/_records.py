"""
What one simulated client yields: `ClientSummary`, `ClientResult`, and their flat records.

The flat records are plain dicts (strings, numbers, booleans, None) that
``pandas.DataFrame(records)`` takes directly. Their keys are declared once: the client
record's keys are `ClientSummary`'s fields (with ``phase_weeks`` spread into one
``weeks_<phase>`` key per phase), and `EVENT_FIELDS` / `WEEK_FIELDS` below.
"""

from collections.abc import Iterator
from typing import Any

from attrs import field, frozen

from counselcore.model import ClientRef
from counselcore.phases import CaseHistory, Event, MeasureRecorded, Phase

__all__ = [
    "CLIENT_FIELDS",
    "EVENT_FIELDS",
    "WEEK_FIELDS",
    "ClientResult",
    "ClientSummary",
]

_PHASES = tuple(Phase)


@frozen(kw_only=True)
class ClientSummary:
    """
    One simulated client, summarized: who they were, what care they had, how it went.

    Weeks count from the client's first week (week 0, intake). The NHS Talking Therapies
    fields (*recovery*, *reliable_improvement*) classify the first episode's first and last
    PHQ-9 and GAD-7 totals with `counselcore.measures.classify_talking_therapies`; they are
    None unless that episode finished treatment (two or more attended treatment sessions).

    Attributes:
        arm: The scenario's name.
        client: The client id (``sim-<index>``; simulated, not a real identifier).
        index: The client's index in the cohort (its random stream derives from it).
        horizon_weeks: The weeks simulated.
        domain: The presenting problem's domain.
        readiness: The readiness stage at intake.
        trauma_history: Whether the risk screen records a trauma history.
        substance_use: Whether a co-occurring substance use problem is present.
        good_alliance: Whether the client forms a good therapeutic alliance.
        baseline_phq9: PHQ-9 total at intake.
        baseline_gad7: GAD-7 total at intake.
        modality: The modality of the first plan.
        modality_matched: Whether that modality is the top match for the formulation.
        episodes: Episodes of care opened.
        sessions: Sessions held (every kind).
        crises: Crises begun.
        dropped_out: Whether the client was lost to contact during treatment.
        dropout_week: The week of that dropout.
        transferred: Whether treatment ended at the session limit without response.
        ended_week: The week active treatment first ended as planned (termination).
        relapse_week: The first week after *ended_week* with a relapse.
        final_phase: The phase at the end of the horizon.
        finished_treatment: Whether the first episode had two or more treatment sessions.
        first_phq9: First PHQ-9 total of the first episode.
        last_phq9: Last PHQ-9 total of the first episode.
        first_gad7: First GAD-7 total of the first episode.
        last_gad7: Last GAD-7 total of the first episode.
        recovery: NHS Talking Therapies recovery status, if treatment finished.
        reliable_improvement: NHS Talking Therapies reliable improvement, if treatment finished.
        phase_weeks: Weeks ended in each phase, in `counselcore.phases.Phase` order.

    Example:
        >>> import datetime as dt
        >>> from counselcore.simulation import simulate
        >>> result = next(simulate(clients=1, seed=1, start=dt.date(2024, 1, 1)))
        >>> summary = result.summary
        >>> summary.client, summary.horizon_weeks, sum(summary.phase_weeks)
        ('sim-0', 104, 104)
        >>> sorted(summary.to_record())[:3]
        ['arm', 'baseline_gad7', 'baseline_phq9']
    """

    arm: str
    client: str = field(repr=False)
    index: int
    horizon_weeks: int
    domain: str
    readiness: str
    trauma_history: bool
    substance_use: bool
    good_alliance: bool
    baseline_phq9: int
    baseline_gad7: int
    modality: str
    modality_matched: bool
    episodes: int
    sessions: int
    crises: int
    dropped_out: bool
    dropout_week: int | None
    transferred: bool
    ended_week: int | None
    relapse_week: int | None
    final_phase: str
    finished_treatment: bool
    first_phq9: int
    last_phq9: int
    first_gad7: int
    last_gad7: int
    recovery: str | None
    reliable_improvement: bool | None
    phase_weeks: tuple[int, ...]

    def to_record(self) -> dict[str, Any]:
        """
        This summary as one flat dict: `CLIENT_FIELDS` keys, in that order.

        Example:
            >>> import datetime as dt
            >>> from counselcore.simulation import simulate
            >>> record = next(simulate(clients=1, seed=1, start=dt.date(2024, 1, 1))).summary.to_record()
            >>> list(record) == list(CLIENT_FIELDS)
            True
        """
        record = {name: getattr(self, name) for name in _SCALAR_FIELDS}
        record.update(zip(_PHASE_KEYS, self.phase_weeks, strict=True))
        return record


_SCALAR_FIELDS = tuple(a.name for a in ClientSummary.__attrs_attrs__ if a.name != "phase_weeks")
_PHASE_KEYS = tuple(f"weeks_{phase.value}" for phase in _PHASES)

#: The keys of a client record, in order.
CLIENT_FIELDS: tuple[str, ...] = (*_SCALAR_FIELDS, *_PHASE_KEYS)
#: The keys of an event record, in order.
EVENT_FIELDS: tuple[str, ...] = (
    "arm",
    "client",
    "index",
    "event",
    "week",
    "on",
    "kind",
    "instrument",
    "total",
)
#: The keys of a client-week record, in order.
WEEK_FIELDS: tuple[str, ...] = ("arm", "client", "index", "week", "phase", "phq9", "gad7")


@frozen(kw_only=True)
class ClientResult:
    """
    Everything simulated for one client: the history, what each week looked like, the summary.

    *events* is the whole history, in the order the phase machine accepted it; *client* the
    reference the history belongs to (`history` gives both as a case-history document).
    *event_weeks* gives the week each event fell in; *week_phases*, *week_phq9* and
    *week_gad7* give, per week, the phase at its end and the latest totals (None before the
    first measure).

    Example:
        >>> import datetime as dt
        >>> from counselcore.simulation import simulate
        >>> result = next(simulate(clients=1, seed=1, start=dt.date(2024, 1, 1)))
        >>> result.events[0].kind.value, len(result.week_phases)
        ('session-held', 104)
        >>> rows = list(result.event_records())
        >>> rows[0]["kind"], rows[0]["week"]
        ('session-held', 0)
        >>> len(list(result.week_records()))
        104
        >>> result.client
        ClientRef(<redacted>)
    """

    client: ClientRef
    summary: ClientSummary
    events: tuple[Event, ...] = field(repr=False)
    event_weeks: tuple[int, ...] = field(repr=False)
    week_phases: tuple[Phase, ...] = field(repr=False)
    week_phq9: tuple[int | None, ...] = field(repr=False)
    week_gad7: tuple[int | None, ...] = field(repr=False)

    @property
    def history(self) -> CaseHistory:
        """
        The client's history as a `counselcore.phases.CaseHistory` (the case-history document).

        Example:
            >>> import datetime as dt
            >>> from counselcore.serialization import to_dict
            >>> from counselcore.simulation import simulate
            >>> result = next(simulate(clients=1, seed=1, start=dt.date(2024, 1, 1)))
            >>> document = to_dict(result.history)
            >>> document["type"], document["client"], document["events"][0]["kind"]
            ('case-history', 'sim-0', 'session-held')
        """
        return CaseHistory(client=self.client, events=self.events)

    def client_record(self) -> dict[str, Any]:
        """
        The client's flat record (`ClientSummary.to_record`).

        Example:
            >>> import datetime as dt
            >>> from counselcore.simulation import simulate
            >>> next(simulate(clients=1, seed=1, start=dt.date(2024, 1, 1))).client_record()["index"]
            0
        """
        return self.summary.to_record()

    def event_records(self) -> Iterator[dict[str, Any]]:
        """
        One flat record per event: `EVENT_FIELDS` keys (dates as ISO strings).

        Example:
            >>> import datetime as dt
            >>> from counselcore.simulation import simulate
            >>> first = next(next(simulate(clients=1, seed=1, start=dt.date(2024, 1, 1))).event_records())
            >>> list(first) == list(EVENT_FIELDS)
            True
        """
        summary = self.summary
        arm, client, index = summary.arm, summary.client, summary.index
        for number, (event, week) in enumerate(zip(self.events, self.event_weeks, strict=True)):
            measure = event if isinstance(event, MeasureRecorded) else None
            yield {
                "arm": arm,
                "client": client,
                "index": index,
                "event": number,
                "week": week,
                "on": event.on.isoformat(),
                "kind": event.kind.value,
                "instrument": None if measure is None else measure.instrument,
                "total": None if measure is None else measure.total,
            }

    def week_records(self) -> Iterator[dict[str, Any]]:
        """
        One flat record per client-week: `WEEK_FIELDS` keys.

        Example:
            >>> import datetime as dt
            >>> from counselcore.simulation import simulate
            >>> week = next(next(simulate(clients=1, seed=1, start=dt.date(2024, 1, 1))).week_records())
            >>> week["week"], week["phase"]
            (0, 'planning')
        """
        summary = self.summary
        arm, client, index = summary.arm, summary.client, summary.index
        for week, (phase, phq9, gad7) in enumerate(
            zip(self.week_phases, self.week_phq9, self.week_gad7, strict=True)
        ):
            yield {
                "arm": arm,
                "client": client,
                "index": index,
                "week": week,
                "phase": phase.value,
                "phq9": phq9,
                "gad7": gad7,
            }
