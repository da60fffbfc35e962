"""Same inputs and seed give byte-identical output whatever the interpreter's hash seed."""

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import random
    import counselcore as cc
    from counselcore import examples, phases
    from counselcore.modalities import BUILTIN_CATALOG, recommend, sequence
    from counselcore.strategies._walk import iter_walk
    import datetime as dt

    parts = [
        cc.to_json(examples.example_formulation()),
        cc.to_json(examples.example_plan()),
        cc.to_json(examples.example_aftercare_plan()),
        cc.to_json(BUILTIN_CATALOG),
        repr([(r.modality, r.score) for r in recommend(examples.example_formulation())]),
        repr([s.modalities for s in sequence(examples.example_formulation(), ["emdr", "dbt", "mi", "cbt"]).steps]),
    ]
    walker = iter_walk(random.Random(7), start=dt.date(2024, 1, 1))
    history = [next(walker) for _ in range(300)]
    result = phases.replay(history)
    parts.append(cc.to_json(result.state))
    parts.append(repr([str(v) for v in result.violations]))
    print("\\n".join(parts))
    """
)


def run_with_hash_seed(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    completed = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, check=True
    )
    return completed.stdout


def test_output_does_not_depend_on_the_hash_seed() -> None:
    """JSON documents, recommendations, sequences and a replayed walk are identical under two hash seeds."""
    first = run_with_hash_seed("1")

    second = run_with_hash_seed("4242")

    assert first == second
    assert first.count("\n") >= 8
