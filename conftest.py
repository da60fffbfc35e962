"""Hypothesis profiles for every test, doctest included: HYPOTHESIS_PROFILE=ci|dev|explore."""

import os

from hypothesis import HealthCheck, Phase, settings

# CI: reproducible and never flaky on noisy 2-core machines.
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    max_examples=100,  # Hypothesis' default: the issues ask for at least the default settings in CI
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
# Everyday local runs: quick, random.
settings.register_profile("dev", deadline=None, max_examples=30)
# Heavier local exploration; turn any failure it finds into an @example.
settings.register_profile(
    "explore", deadline=None, max_examples=2_000, suppress_health_check=[HealthCheck.too_slow]
)
# Mutation testing (scripts/mutation): mutmut runs each test from several executors, and a
# few derandomized examples per property keep one mutant's run short. No shrinking: any
# failing example kills the mutant, and shrinking one took half a minute per mutant.
settings.register_profile(
    "mutation",
    deadline=None,
    derandomize=True,
    max_examples=20,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    report_multiple_bugs=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))  # noqa: TID251 - test configuration
