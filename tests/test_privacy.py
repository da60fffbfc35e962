"""
Privacy sweep over every public record type: a marked value never shows its marker.

Every attrs class exported in the ``__all__`` of `counselcore` or one of its subpackages takes
part. A value is drawn for it (from the strategy the Hypothesis plugin registers, or from the
table below), the marker of `tests.privacy` is put into every free-text field and client id it
holds, and its ``repr`` and ``str`` must not show the marker; nor may the message, ``repr`` or
evidence of any violation or finding it carries. A new public record type without a strategy
fails `test_every_public_record_type_has_a_strategy`, so the sweep cannot silently shrink.
"""

import dataclasses
import datetime as dt
import importlib
import pkgutil
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import counselcore
from counselcore import fhir, measures, phases, rules, simulation, strategies, validation
from counselcore._hypothesis_plugin import strategy_names
from counselcore.examples import (
    example_aftercare_plan,
    example_formulation,
    example_plan,
    example_safety_plan,
    example_sessions,
)
from tests.privacy import leaks, marked


def _packages() -> list[Any]:
    names = ["counselcore"] + [
        f"counselcore.{m.name}"
        for m in pkgutil.iter_modules(counselcore.__path__)
        if not m.name.startswith("_")
    ]
    return [importlib.import_module(name) for name in names]


def _public_records() -> dict[type, str]:
    found: dict[type, str] = {}
    for package in _packages():
        for name in getattr(package, "__all__", ()):
            value = getattr(package, name)
            if isinstance(value, type) and attrs.has(value):
                found.setdefault(value, f"{package.__name__}.{name}")
    return found


PUBLIC = _public_records()


def _walk(value: Any, seen: set[int]) -> Iterator[Any]:
    """Every attrs instance reachable from *value* (fields, tuples, lists, dicts, sets)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, str | bytes | int | float | dt.date | type):
            continue
        seen.add(id(item))
        if attrs.has(type(item)):
            yield item
            stack.extend(getattr(item, f.name) for f in attrs.fields(type(item)))
        elif dataclasses.is_dataclass(item):
            stack.extend(getattr(item, f.name) for f in dataclasses.fields(item))
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)


def _library_values() -> list[Any]:
    """Values the library itself builds: its public constants, and results of its functions."""
    roots: list[Any] = [
        getattr(package, name) for package in _packages() for name in package.__all__
    ]
    plan = example_plan()
    clients = list(simulation.simulate(clients=3, seed=1, start=dt.date(2025, 1, 6)))
    history = max((c.history for c in clients), key=lambda h: len(h.events))
    bundle = fhir.to_fhir_bundle(history, contact_details=True)
    roots += [
        example_formulation(),
        plan,
        example_sessions(),
        example_safety_plan(),
        example_aftercare_plan(),
        history,
        rules.check_plan(plan),
        validation.validate_case(counselcore.to_dict(history)),
        phases.replay(history.events),
        fhir.from_fhir_bundle(bundle),
        clients,
        simulation.summarize(c.client_record() for c in clients),
        measures.administer(measures.PHQ_9, (1,) * 9, on=dt.date(2024, 3, 4)),
        validation.rule_catalog(),
        counselcore.aftercare.AftercareContext(),
        counselcore.aftercare.TerminationPolicy(),
        measures.Norms(),
        measures.Prorating(),
        counselcore.aftercare.termination_readiness(
            plan, on=dt.date(2024, 6, 3), treatment_started=plan.starts_on
        ),
        counselcore.modalities.recommend(example_formulation()),
        counselcore.modalities.sequence(example_formulation(), ["dbt", "cbt", "emdr"]),
        phases.diff_plans(plan, attrs.evolve(plan, goals=plan.goals[:1])),
        simulation.relapse_survival(c.client_record() for c in clients),
        measures.triage(
            measures.administer(measures.CSSRS_SCREENER, (1, 0, 0, 0, 0, 0, 0), on=plan.starts_on)
        ),
        measures.trajectories(
            measures.administer(measures.PHQ_9, (score,) * 9, on=dt.date(2024, 3, week))
            for week, score in ((4, 2), (11, 1))
        ),
    ]
    return roots


def _harvest() -> dict[type, list[Any]]:
    seen: set[int] = set()
    found: dict[type, list[Any]] = {}
    for root in _library_values():
        for item in _walk(root, seen):
            found.setdefault(type(item), []).append(item)
    return found


HARVEST = _harvest()


def harvested(record: type) -> st.SearchStrategy[Any]:
    """The values of *record* the library itself built (its constants, its results)."""
    return st.sampled_from(HARVEST.get(record, [])) if HARVEST.get(record) else st.nothing()


#: Strategies for the public record types the plugin registers none for: derived from the type
#: hints where Hypothesis can (`st.from_type`), else the values the library builds itself.
_DERIVED = (
    counselcore.CaseReport,
    measures.JacobsonTruaxResult,
    measures.TalkingTherapiesOutcome,
    phases.AftercareStarted,
    phases.BoosterHeld,
    phases.CrisisBegan,
    phases.CrisisResolved,
    phases.Discharged,
    phases.Disengaged,
    phases.EventOption,
    phases.IntakeCompleted,
    phases.LapseReported,
    phases.PhaseTransition,
    phases.PlanAgreed,
    phases.ReReferred,
    phases.RelapseReported,
    phases.ReviewHeld,
    phases.TerminationPlanned,
    simulation.ArmComparison,
    simulation.ClientSummary,
    simulation.CohortSummary,
    simulation.Metric,
    counselcore.aftercare.TerminationReadiness,
    fhir.CodeSystemSpec,
    fhir.ExtensionSpec,
    fhir.FhirRule,
    fhir.Links,
)
EXTRA: dict[type, st.SearchStrategy[Any]] = {
    record: st.from_type(record) | harvested(record) for record in _DERIVED
}


def _broken(document: dict[str, Any]) -> dict[str, Any]:
    """*document* with a review before any intake first: the validator always finds something."""
    early = {"kind": "review-held", "on": "1990-01-01"}
    return {**document, "events": [early, *document["events"]]}


_BUILT: dict[type, st.SearchStrategy[Any]] = {
    validation.CaseFinding: strategies.case_histories(max_events=8)
    .map(lambda h: validation.validate_case(_broken(counselcore.to_dict(marked(h)))).findings)
    .flatmap(st.sampled_from),
    fhir.Imported: st.from_type(counselcore.TreatmentPlan)
    .map(marked)
    .map(fhir.to_fhir_treatment_plan)
    .map(lambda resources: fhir.from_fhir_treatment_plan(resources[0], resources[1:])),
    phases.SessionHeld: st.from_type(counselcore.Session).map(
        lambda s: phases.SessionHeld(on=s.held_on, session=s)
    ),
    phases.MeasureRecorded: harvested(phases.MeasureRecorded),
    strategies.FaultyHistory: strategies.faulty_phase_histories(),
    counselcore.aftercare.TerminationEvidence: st.from_type(counselcore.TreatmentPlan).map(
        lambda p: counselcore.aftercare.TerminationEvidence(
            plan=p, on=p.starts_on + dt.timedelta(weeks=12), treatment_started=p.starts_on
        )
    ),
    measures.ClinicalCutoff: st.builds(
        measures.ClinicalCutoff,
        value=st.floats(0, 100),
        criterion=st.sampled_from(measures.CutoffCriterion),
    ),
    measures.ObjectiveProgress: st.builds(
        measures.ObjectiveProgress,
        objective_id=strategies.identifiers(),
        baseline=st.floats(0, 30),
        target=st.floats(0, 30),
        latest=st.integers(0, 30),
        fraction=st.none() | st.floats(0, 1),
        met=st.booleans(),
    ),
    measures.RciParameters: st.builds(
        measures.RciParameters, sd=st.floats(0.1, 20), reliability=st.floats(0.1, 0.99)
    ),
    measures.Subscore: st.builds(
        measures.Subscore, subscale=strategies.identifiers(), score=st.integers(0, 40)
    ),
    counselcore.Finding: st.builds(
        counselcore.Finding, path=st.just(()), message=st.text(max_size=20), evidence=st.just(())
    ),
    measures.Cms159Result: st.builds(
        measures.Cms159Result, status=st.sampled_from(measures.Cms159Status)
    ),
    counselcore.modalities.MatchContext: st.builds(
        counselcore.modalities.MatchContext,
        modality=st.from_type(counselcore.Modality),
        policy=harvested(counselcore.modalities.MatchingPolicy),
    ),
    simulation.ClientResult: st.integers(0, 2**32).map(
        lambda seed: next(
            iter(simulation.simulate(clients=1, seed=seed, start=dt.date(2025, 1, 6)))
        )
    ),
}
EXTRA.update(_BUILT)
for _record in PUBLIC:
    if _record not in EXTRA and _record not in strategy_names():
        EXTRA[_record] = harvested(_record)


def values_of(record: type) -> st.SearchStrategy[Any]:
    """A value of *record*: the plugin's strategy if it registers one, else `EXTRA`'s."""
    return st.from_type(record) if record in strategy_names() else EXTRA[record]


RECORDS = sorted(PUBLIC, key=PUBLIC.__getitem__)


def test_every_public_record_type_has_a_strategy():
    """A public record type with no strategy (plugin, derived, built here or harvested) fails."""
    explicit = set(strategy_names()) | set(_DERIVED) | set(_BUILT)
    missing = [PUBLIC[r] for r in RECORDS if r not in explicit and not HARVEST.get(r)]
    assert not missing, f"no strategy and no library-built value: {missing}"


def _texts(value: Any) -> Iterator[str]:
    yield repr(value)
    yield str(value)
    for name in ("violations", "findings"):
        for item in getattr(value, name, ()) or ():
            yield str(item)
            yield repr(item)
            yield repr(getattr(item, "evidence", ()))


@pytest.mark.parametrize("record", RECORDS, ids=[PUBLIC[r] for r in RECORDS])
@settings(max_examples=8, suppress_health_check=list(HealthCheck), deadline=None)
@given(data=st.data())
def test_repr_and_str_never_show_a_marker(record: type, data: st.DataObject) -> None:
    value = marked(data.draw(values_of(record), label="value"), clinical_only=True)
    leaked = [text for text in _texts(value) if leaks(text)]
    assert not leaked, leaked[0][:300]


@pytest.mark.parametrize(
    "record",
    [
        counselcore.CaseFormulation,
        counselcore.TreatmentPlan,
        counselcore.CaseHistory,
        counselcore.aftercare.SafetyPlan,
        counselcore.aftercare.AftercarePlan,
    ],
)
@settings(max_examples=5, suppress_health_check=list(HealthCheck), deadline=None)
@given(data=st.data())
def test_the_marker_is_planted_in_clinical_records(record: type, data: st.DataObject) -> None:
    """The sweep is not vacuous: the marked value's data does carry the marker."""
    value = marked(data.draw(values_of(record), label="value"), clinical_only=True)
    assert leaks(str(counselcore.to_dict(value)))
