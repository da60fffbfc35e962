"""A FHIR export is byte-identical whatever the interpreter's hash seed."""

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import datetime as dt
    import json
    import random
    from counselcore.fhir import to_fhir_bundle
    from counselcore.phases import CaseHistory
    from counselcore.strategies._walk import iter_walk
    from counselcore.model import ClientRef

    walker = iter_walk(random.Random(11), start=dt.date(2024, 1, 1))
    chart = CaseHistory(client=ClientRef("c-1"), events=tuple(next(walker) for _ in range(200)))
    print(json.dumps(to_fhir_bundle(chart, contact_details=True), ensure_ascii=False))
    """
)


def _export_with_hash_seed(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    completed = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, check=True
    )
    return completed.stdout


def test_bundle_bytes_do_not_depend_on_the_hash_seed():
    """A 200-event walked history exports to the same bytes under two hash seeds."""
    first = _export_with_hash_seed("1")

    second = _export_with_hash_seed("4242")

    assert first == second
    assert first.count('"fullUrl"') > 50
