"""
The fuzzed entry points: every public function that takes outside data, with what to feed it.

One registry serves both the short CI budget (``tests/fuzz/test_fuzz.py``) and the long run
(``scripts/fuzz.py``, at least a million inputs). The property is the same everywhere: an entry
point either returns or raises a `counselcore.errors.CounselcoreError`; a `ValidationError`
names at least one rule id. Anything else (a bare ``TypeError``, ``RecursionError``,
``OverflowError``, ``ValueError`` from the calendar...) is a defect.
"""

import atexit
import contextlib
import copy
import datetime as dt
import functools
import io
import json
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import attrs
from hypothesis import strategies as st

import counselcore as cc
from counselcore import aftercare, fhir, measures, phases, rules, simulation, strategies, validation
from counselcore.cli import main as cli_main
from counselcore.errors import CounselcoreError, ValidationError
from counselcore.serialization import DOCUMENT_TYPES
from tests.privacy import CLIENT_MARKER, MARKER, leaks, marked, violation_leaks

#: Keys that look like the library's field names, so generated dicts reach past the first check.
FIELD_NAMES: tuple[str, ...] = tuple(
    sorted(
        {
            field.name
            for record in DOCUMENT_TYPES
            for field in attrs.fields(record)
            if attrs.has(record)
        }
        | {"type", "schema_version", "kind", "on", "events", "client"}
    )
)

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([10**400, -(10**400), 2**63, -(2**63) - 1])
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["2024-01-15", "9999-12-31", "0001-01-01", "2024-02-30", "phq-9", "cbt"])
    | st.just(MARKER)
)

#: Any JSON-shaped value (Python floats include inf and NaN, which JSON text cannot carry).
json_values: st.SearchStrategy[Any] = st.recursive(
    _SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=16,
)


def deep(depth: int) -> Any:
    """A list nested *depth* levels deep: parsers must refuse it, not overflow the stack."""
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


#: Fresh each time: a later edit must never change a shared value.
_EDGE_VALUES = st.sampled_from(
    [lambda: deep(50), lambda: deep(2_000), lambda: [None] * 10_000, lambda: "x" * 100_000]
).map(lambda make: make())

#: Planted where a value was: an error message that quotes a bad value shows the marker. Only
#: the free-text marker is planted anywhere: record ids (a problem's, a goal's, a risk flag) are
#: structural and messages name them by design, so the client marker stays where a client id
#: belongs (the documents start marked, see `marked`).
_PLANTED = st.sampled_from([MARKER, [MARKER], {"text": MARKER}, {MARKER: 1}, f"{MARKER}-x"]).map(
    copy.deepcopy
)  # fresh each time, as later edits may change a planted container

#: Edits reach containers down to this depth (generated documents are shallower).
_EDIT_DEPTH = 12


def _container_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if isinstance(value, dict | list) else []
    if len(path) >= _EDIT_DEPTH:
        return found
    if isinstance(value, dict):
        for key, item in value.items():
            found += _container_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _container_paths(item, (*path, index))
    return found


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


@st.composite
def mutated(draw: st.DrawFn, documents: st.SearchStrategy[Any]) -> Any:
    """A valid document with one to three edits: a key dropped, added, or a value replaced."""
    document = copy.deepcopy(draw(documents))
    for _ in range(draw(st.integers(1, 3))):
        paths = _container_paths(document)
        if not paths:
            return draw(json_values)
        target = _at(document, draw(st.sampled_from(paths)))
        action = draw(st.sampled_from(["drop", "add", "replace", "edge", "plant"]))
        keys = list(target) if isinstance(target, dict) else list(range(len(target)))
        if action == "add":
            if isinstance(target, dict):
                target[draw(st.sampled_from(FIELD_NAMES) | st.text(max_size=8))] = draw(json_values)
            else:
                target.append(draw(json_values))
        elif not keys:
            continue
        elif action == "drop":
            del target[draw(st.sampled_from(keys))]
        else:
            pools = {"replace": json_values, "edge": _EDGE_VALUES, "plant": _PLANTED}
            replacement = draw(pools[action])
            target[draw(st.sampled_from(keys))] = replacement
    return document


@attrs.frozen
class Entry:
    """One public entry point and the inputs to throw at it."""

    name: str
    inputs: st.SearchStrategy[Any]
    call: Callable[[Any], object]
    #: The result is the decoded document itself (its text fields are the input's, by design),
    #: so only errors are checked for markers, not the result.
    result_is_payload: bool = False


class LeakFoundError(AssertionError):
    """A planted marker showed in an error, a violation or a report's message: a privacy defect."""


class CliDefectError(AssertionError):
    """The command line broke its contract: exit code 3 (or another), or a traceback on stderr."""


@attrs.frozen
class CliRun:
    """What one in-process run of the command line did: *stdout* is meant for the reader."""

    code: int
    stdout: str = attrs.field(repr=False)
    stderr: str = attrs.field(repr=False)
    #: The part of stdout that is messages (validate's report less the client id it names the
    #: case by); the rest of stdout is a payload meant for the reader (a FHIR export, records).
    messages: str = attrs.field(default="", repr=False)


def _messages(result: object) -> Iterable[str]:
    """The parts of a returned value that are messages, which must never show a marker."""
    if isinstance(result, CliRun):
        yield result.stderr
        yield result.messages
        return
    if isinstance(result, list | tuple):
        for item in result:
            yield from _messages(item)
        return
    if isinstance(result, fhir.Imported):
        yield repr(result)  # the imported value's repr hides its text like any record's
        yield from (str(v) for v in result.violations)
        return
    if isinstance(result, str):  # an export or import's payload, meant for its reader
        return
    for name in ("violations", "findings"):
        for item in getattr(result, name, ()):
            yield str(item)
            yield repr(item)
            yield repr(getattr(item, "evidence", ()))
    if attrs.has(type(result)):
        yield repr(result)


def outcome(entry: Entry, value: Any) -> str:
    """
    Call *entry* on *value* and name what happened: ``"ok"`` or the library error's class.

    Any exception outside the library's family propagates: that is the defect fuzzing looks for.
    So does `LeakFoundError` when a planted marker shows in an error, a violation, a finding or the
    repr of a result, and `CliDefectError` when the command line breaks its exit-code contract.
    """
    try:
        result = entry.call(value)
    except ValidationError as error:
        assert error.rules, f"{entry.name}: a ValidationError without a rule id"
        assert all(error.rules), f"{entry.name}: an empty rule id"
        if leaks(str(error)) or leaks(repr(error)) or any(map(violation_leaks, error.violations)):
            msg = f"{entry.name}: {type(error).__name__} {error.rules}"
            raise LeakFoundError(msg) from None
        return type(error).__name__
    except CounselcoreError as error:
        if leaks(str(error)) or leaks(repr(error)):
            msg = f"{entry.name}: {type(error).__name__}"
            raise LeakFoundError(msg) from None
        return type(error).__name__
    if not entry.result_is_payload and any(leaks(text) for text in _messages(result)):
        msg = f"{entry.name}: a marker in the result's messages"
        raise LeakFoundError(msg)
    return "ok"


def _dumps(value: Any) -> str:
    """JSON text of *value*; one too deep for the standard encoder becomes equally deep text."""
    try:
        return json.dumps(value, allow_nan=True)
    except RecursionError:
        return "[" * 2_000 + "]" * 2_000


def _json_text(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """
    Raw text, or a value the call writes as JSON text (see `as_text`).

    The value is written at call time, not in the strategy: the standard encoder's recursion
    limit depends on the stack depth at the time, which would make the drawing itself flaky.
    """
    raw = st.text(max_size=40) | st.sampled_from(["[" * 5_000, '{"a":' * 5_000, "1e999", "-"])
    return values | raw


def as_text(call: Callable[[str], object]) -> Callable[[Any], object]:
    """*call* on *value* if it is text, else on the JSON text of *value*."""
    return lambda value: call(value if isinstance(value, str) else _dumps(value))


def _document_entries() -> list[Entry]:
    found: list[Entry] = []
    for record in sorted(DOCUMENT_TYPES, key=lambda cls: DOCUMENT_TYPES[cls]):
        name = DOCUMENT_TYPES[record]
        valid = st.from_type(record).map(marked).map(cc.to_dict)
        data = json_values | mutated(valid)
        found.append(
            Entry(f"from_dict:{name}", data, functools.partial(cc.from_dict, record), True)
        )
        found.append(
            Entry(
                f"from_json:{name}",
                _json_text(data),
                as_text(functools.partial(cc.from_json, record)),
                result_is_payload=True,
            )
        )
    return found


_dates_or_junk = strategies.dates() | json_values | st.sampled_from([dt.date.min, dt.date.max])


def _administer(value: Any) -> object:
    instrument, responses, on = value
    return measures.administer(instrument, responses, on=on)


def _schedules(value: Any) -> object:
    schedule, cadence, first_on, until = value
    aftercare.booster_dates(schedule, terminated_on=first_on)
    return aftercare.maintenance_dates(cadence, first_on=first_on, until=until)


def _histories() -> st.SearchStrategy[Any]:
    faulty = strategies.faulty_phase_histories().map(lambda history: list(history.events))
    valid = strategies.phase_histories().map(list)
    return valid | faulty | json_values | st.lists(json_values, max_size=5)


def _first_few(value: Any) -> list[Any]:
    """Up to five events to offer one at a time (a non-list is offered as it is)."""
    return value[:5] if isinstance(value, list) else [value]


def _core_entries() -> list[Entry]:
    instruments = st.sampled_from(sorted(measures.BUILTIN_INSTRUMENTS, key=lambda i: i.id))
    responses = st.lists(st.integers(-2, 6) | st.none() | _SCALARS, max_size=12) | json_values
    return [
        Entry(
            "measures.administer",
            st.tuples(instruments | json_values, responses, _dates_or_junk),
            _administer,
        ),
        Entry(
            "aftercare.schedules",
            st.tuples(
                strategies.booster_schedules() | json_values,
                st.sampled_from(cc.Cadence) | json_values,
                _dates_or_junk,
                _dates_or_junk,
            ),
            _schedules,
        ),
        Entry("phases.replay", _histories(), phases.replay),
        Entry(
            "phases.transition",
            st.tuples(strategies.case_states() | json_values, _histories()),
            lambda v: [phases.transition(v[0], e) for e in _first_few(v[1])],
        ),
        Entry(
            "phases.allowed_events",
            st.tuples(strategies.case_states() | json_values, _dates_or_junk),
            lambda v: phases.allowed_events(v[0], on=v[1]),
        ),
        Entry(
            "rules.check_plan",
            st.tuples(strategies.treatment_plans() | json_values, json_values),
            lambda v: rules.check_plan(v[0], context=v[1] or None),
        ),
        Entry(
            "rules.evaluate",
            st.tuples(strategies.treatment_plans() | json_values, json_values),
            lambda v: rules.PLAN_COMPLETENESS.evaluate(v[0], v[1] or rules.PlanContext()),
        ),
        Entry(
            "modalities.Catalog.register",
            strategies.modalities() | json_values,
            cc.BUILTIN_CATALOG.register,
        ),
    ]


def _first_client(value: Any) -> object:
    """Simulate one client at most, whatever cohort size was drawn (the engine is lazy)."""
    clients, seed, start = value
    return next(iter(simulation.simulate(clients=clients, seed=seed, start=start)), None)


def _simulation_entries() -> list[Entry]:
    scenario = st.just(cc.to_dict(simulation.DEFAULT_SCENARIO))
    return [
        Entry(
            "simulation.from_dict:scenario",
            json_values | mutated(scenario),
            functools.partial(cc.from_dict, simulation.Scenario),
            result_is_payload=True,
        ),
        Entry(
            "simulation.simulate",
            st.tuples(
                st.integers(-2, 3) | json_values, st.integers() | json_values, _dates_or_junk
            ),
            _first_client,
        ),
        Entry("simulation.summarize", json_values, simulation.summarize),
        Entry(
            "simulation.compare_arms",
            st.tuples(json_values, json_values),
            lambda v: simulation.compare_arms(v[0], v[1], resamples=3),
        ),
    ]


#: Marked case histories, short enough that a bundle of one stays quick to build and mutate.
_HISTORIES = strategies.case_histories(max_events=8).map(marked)


def _case_documents() -> st.SearchStrategy[Any]:
    valid = _HISTORIES.map(cc.to_dict)
    return json_values | mutated(valid)


def _validation_entries() -> list[Entry]:
    documents = _case_documents()
    return [
        Entry("validation.validate_case", documents, validation.validate_case),
        Entry(
            "validation.validate_cases",
            st.lists(documents, max_size=3) | json_values,
            lambda v: list(validation.validate_cases(v)),
        ),
    ]


_CLIENT = cc.ClientRef(CLIENT_MARKER)


def _of_type(resources: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [r for r in resources if r.get("resourceType") == kind]


def _bundle_resources(kind: str) -> st.SearchStrategy[Any]:
    """Resources of type *kind* out of the bundle of a marked history (or the bundle itself)."""

    def pick(bundle: dict[str, Any]) -> st.SearchStrategy[Any]:
        found = _of_type([entry["resource"] for entry in bundle["entry"]], kind)
        return st.sampled_from(found) if found else st.just(bundle)

    return _HISTORIES.map(lambda h: fhir.to_fhir_bundle(h, contact_details=True)).flatmap(pick)


def _with_resources(importer: Callable[..., object]) -> Callable[[Any], object]:
    """Call *importer* on the first resource of a list and the rest as its resources."""

    def call(value: Any) -> object:
        if isinstance(value, list) and value:
            return importer(value[0], value[1:])
        return importer(value)

    return call


def _fhir_seeds() -> dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], object]]]:
    plans = st.from_type(cc.TreatmentPlan).map(marked).map(fhir.to_fhir_treatment_plan)
    administered = strategies.administrations().map(
        lambda a: fhir.to_fhir_administration(a, _CLIENT)
    )
    return {
        "from_fhir_bundle": (
            _HISTORIES.map(lambda h: fhir.to_fhir_bundle(h, contact_details=True)),
            fhir.from_fhir_bundle,
        ),
        "from_fhir_episode": (_bundle_resources("EpisodeOfCare"), fhir.from_fhir_episode),
        "from_fhir_treatment_plan": (plans, _with_resources(fhir.from_fhir_treatment_plan)),
        "from_fhir_goal": (
            plans.map(lambda rs: _of_type(rs, "Goal") or rs).flatmap(st.sampled_from),
            fhir.from_fhir_goal,
        ),
        "from_fhir_formulation": (
            st.from_type(cc.CaseFormulation).map(marked).map(fhir.to_fhir_formulation),
            _with_resources(fhir.from_fhir_formulation),
        ),
        "from_fhir_session": (
            st.from_type(cc.Session).map(marked).map(lambda s: fhir.to_fhir_session(s, _CLIENT)),
            fhir.from_fhir_session,
        ),
        "from_fhir_observation": (administered.map(lambda rs: rs[0]), fhir.from_fhir_observation),
        "from_fhir_questionnaire_response": (
            administered.map(lambda rs: rs[1]),
            fhir.from_fhir_questionnaire_response,
        ),
        "from_fhir_safety_plan": (
            strategies.safety_plans()
            .map(marked)
            .map(lambda p: fhir.to_fhir_safety_plan(p, _CLIENT)),
            fhir.from_fhir_safety_plan,
        ),
        "from_fhir_aftercare_plan": (
            strategies.aftercare_plans()
            .map(marked)
            .map(lambda p: fhir.to_fhir_aftercare_plan(p, contact_details=True)),
            _with_resources(fhir.from_fhir_aftercare_plan),
        ),
    }


def _fhir_entries() -> list[Entry]:
    found = [
        Entry(f"fhir.{name}", json_values | mutated(valid), call)
        for name, (valid, call) in _fhir_seeds().items()
    ]
    bundles = _fhir_seeds()["from_fhir_bundle"][0]
    texts = _json_text(json_values | mutated(bundles) | mutated(_bundle_resources("Observation")))
    found.append(Entry("fhir.fhir_import", texts, as_text(fhir.fhir_import)))
    found.append(
        Entry("fhir.fhir_export", _json_text(_case_documents()), as_text(fhir.fhir_export))
    )
    return found


#: A scratch folder for the command line's input files, one per process, reused.
_SCRATCH = Path(tempfile.mkdtemp(prefix="counselcore-fuzz-"))
atexit.register(shutil.rmtree, _SCRATCH, ignore_errors=True)


def report_messages(stdout: str) -> str:
    """
    The messages of ``validate``'s report: every line, less the ``client`` of a JSON report.

    A JSON report names its case by the client id (an identifier the reader needs to find the
    chart); everything else in the report is ids, rule ids, paths and the library's messages.
    """
    lines = []
    for line in stdout.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            record = line
        if isinstance(record, dict):
            record.pop("client", None)
        lines.append(line if isinstance(record, str) else json.dumps(record, ensure_ascii=False))
    return "\n".join(lines)


def _choice(value: Any, choices: tuple[str, ...]) -> str:
    """*value* as a command-line option if it is one of *choices*, else the first choice.

    Options come from the user, not from a file: only the file's content is fuzzed freely.
    """
    text = str(value) if isinstance(value, int | str) else ""
    return text if text in choices else choices[0]


def _run_cli(argv: list[str], *, report: bool = False, echo: bool = False) -> CliRun:
    """Run the command line in-process; exit code 3 or a traceback is a `CliDefectError`."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(argv)
    stdout = out.getvalue()
    # With *echo*, stderr may quote the user's own argument (argparse names a bad choice).
    stderr = err.getvalue()
    messages = report_messages(stdout) if report else ""
    run = CliRun(code, stdout, "" if echo else stderr, messages)
    if code not in {0, 1, 2}:
        msg = f"counselcore {' '.join(argv[:2])}: exit code {code}"
        raise CliDefectError(msg)
    if "Traceback" in stderr or any(
        line and not line.startswith("counselcore") for line in stderr.split("\n")
    ):
        msg = f"counselcore {' '.join(argv[:2])}: stderr is not one line per error"
        raise CliDefectError(msg)
    return run


def _on_file(argv: list[str], value: Any, **options: bool) -> CliRun:
    """Run the command line on a file holding *value* (text as it is, anything else as JSON)."""
    path = _SCRATCH / "input.json"
    text = value if isinstance(value, str) else _dumps(value)
    content = text.encode("utf-8", "surrogatepass")
    path.write_bytes(content)
    run = _run_cli([*argv, str(path)], **options)
    lines = content.count(b"\n") + 1
    if argv[0] == "validate" and run.stderr.count("\n") > lines:
        message = f"counselcore {argv[0]}: more stderr lines than input lines"
        raise CliDefectError(message)
    return run


@attrs.frozen
class JsonLines:
    """Documents the call writes one per line."""

    documents: list[Any]

    def text(self) -> str:
        """The JSON Lines text (a newline inside raw text becomes a space)."""
        lines = (d if isinstance(d, str) else _dumps(d) for d in self.documents)
        return "\n".join(line.replace("\n", " ") for line in lines)


def _json_lines(documents: st.SearchStrategy[Any]) -> st.SearchStrategy[JsonLines]:
    return st.lists(_json_text(documents), min_size=1, max_size=4).map(JsonLines)


def _cli_entries() -> list[Entry]:
    cases = _case_documents()
    scenario = st.just(cc.to_dict(simulation.DEFAULT_SCENARIO))
    fhir_texts = _json_text(
        json_values
        | mutated(_fhir_seeds()["from_fhir_bundle"][0])
        | mutated(_bundle_resources("Observation"))
    )
    schema_names = st.sampled_from(sorted(DOCUMENT_TYPES.values())) | st.text(max_size=12)
    return [
        Entry(
            "cli.validate",
            st.tuples(st.sampled_from(["text", "json"]), _json_text(cases) | _json_lines(cases)),
            lambda v: _on_file(
                ["validate", "--format", _choice(v[0], ("text", "json"))],
                v[1].text() if isinstance(v[1], JsonLines) else v[1],
                report=True,
            ),
        ),
        Entry("cli.fhir-import", fhir_texts, lambda v: _on_file(["fhir", "import"], v)),
        Entry("cli.fhir-export", _json_text(cases), lambda v: _on_file(["fhir", "export"], v)),
        Entry(
            "cli.simulate-scenario",
            st.tuples(st.integers(0, 3), _json_text(json_values | mutated(scenario))),
            lambda v: _on_file(
                [
                    "simulate",
                    "--clients",
                    _choice(v[0], ("0", "1", "2", "3")),
                    "--seed",
                    "7",
                    "--scenario",
                ],
                v[1],
            ),
        ),
        # The name is typed by the user, not read from a chart: argparse may quote a bad one.
        Entry("cli.schema", schema_names, lambda v: _run_cli(["schema", str(v)], echo=True)),
    ]


def entries() -> list[Entry]:
    """Every fuzzed entry point, in a stable order."""
    return [
        *_document_entries(),
        *_core_entries(),
        *_simulation_entries(),
        *_validation_entries(),
        *_fhir_entries(),
        *_cli_entries(),
    ]
