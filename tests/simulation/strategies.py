"""Hypothesis strategies for valid scenarios (test helpers)."""

from hypothesis import strategies as st

from counselcore.model import Cadence
from counselcore.simulation import CareModel, Effects, Hazards, Scenario

probabilities = st.floats(min_value=0.0, max_value=0.2, allow_nan=False)


@st.composite
def scenarios(draw: st.DrawFn, *, max_horizon: int = 80) -> Scenario:
    """Valid scenarios: weekly hazards up to 0.2 each, effects up to 2, any care model."""
    effects = Effects(
        modality_match=draw(st.floats(min_value=0.5, max_value=2.0)),
        alliance=draw(st.floats(min_value=0.5, max_value=1.5)),
        good_alliance_rate=draw(st.floats(min_value=0.0, max_value=1.0)),
        booster=draw(st.floats(min_value=0.5, max_value=1.5)),
        response_improvement=draw(st.floats(min_value=0.0, max_value=1.0)),
        measure_noise=draw(st.floats(min_value=0.0, max_value=5.0)),
    )
    hazards = Hazards(
        dropout=draw(probabilities),
        response=draw(st.floats(min_value=0.0, max_value=0.3)),
        crisis=draw(st.floats(min_value=0.0, max_value=0.1)),
        lapse=draw(probabilities),
        relapse=draw(probabilities),
    )
    care = CareModel(
        session_every_weeks=draw(st.integers(min_value=1, max_value=3)),
        review_every_sessions=draw(st.integers(min_value=1, max_value=8)),
        max_sessions=draw(st.integers(min_value=1, max_value=24)),
        match_modality=draw(st.booleans()),
        default_modality=draw(st.sampled_from(("cbt", "mi", "dbt"))),
        boosters=draw(st.booleans()),
        booster_every_months=draw(st.integers(min_value=1, max_value=3)),
        aftercare_months=draw(st.integers(min_value=6, max_value=24)),
        maintenance_cadence=draw(st.sampled_from((Cadence.BIWEEKLY, Cadence.MONTHLY))),
    )
    return Scenario(
        name=draw(st.sampled_from(("a", "b", "arm-1"))),
        horizon_weeks=draw(st.integers(min_value=1, max_value=max_horizon)),
        care=care,
        hazards=hazards,
        effects=effects,
    )
