import pickle

import pytest
from attrs import evolve
from hypothesis import given

from counselcore.aftercare import AFTERCARE_RULES, check_aftercare
from counselcore.errors import InvalidValueError, ValidationError
from counselcore.examples import example_aftercare_plan
from counselcore.model import Cadence, ProblemDomain
from counselcore.phases import DEFAULT_POLICY
from counselcore.serialization import from_dict, from_json, to_dict, to_json
from counselcore.simulation import (
    DEFAULT_SCENARIO,
    DEFAULT_SOURCES,
    CareModel,
    Effects,
    Hazards,
    Population,
    ProblemShare,
    Scenario,
    without_boosters_hook,
)
from counselcore.simulation._scenario import _default_paths, default_rows, defaults_table

from .strategies import scenarios


class TestValidation:
    @pytest.mark.parametrize("name", ["dropout", "response", "crisis", "lapse", "relapse"])
    @pytest.mark.parametrize("value", [-0.01, 1.01, float("nan"), "0.1", True])
    def test_a_hazard_outside_0_1_names_the_field(self, name, value):
        """A weekly hazard outside [0, 1] (or not a number) is refused with its name as the path."""
        with pytest.raises(InvalidValueError) as info:
            Hazards(**{name: value})

        assert info.value.paths == (name,)

    @pytest.mark.parametrize("value", [0.0, 1.0])
    def test_hazards_at_the_bounds_are_accepted(self, value):
        """0 and 1 are probabilities."""
        assert (
            Hazards(dropout=value, response=0.0, crisis=0.0, lapse=0.0, relapse=0.0).dropout
            == value
        )

    def test_hazards_summing_past_one_are_refused(self):
        """Hazards that compete in one week may not add up to more than 1."""
        with pytest.raises(InvalidValueError) as info:
            Scenario(hazards=Hazards(dropout=0.5, response=0.4, crisis=0.2))

        assert info.value.rules == ("simulation.hazards-total",)
        assert info.value.paths == ("hazards",)

    def test_the_sum_counts_the_effects(self):
        """A response hazard that fits alone but not after the modality-match effect is refused."""
        hazards = Hazards(dropout=0.0, response=0.6, crisis=0.0)

        assert Scenario(hazards=hazards, effects=Effects(modality_match=1.0)).hazards == hazards
        with pytest.raises(InvalidValueError):
            Scenario(hazards=hazards, effects=Effects(modality_match=2.0))

    def test_a_sum_of_exactly_one_is_accepted(self):
        """The boundary: competing hazards adding up to exactly 1 are fine."""
        hazards = Hazards(dropout=0.25, response=0.5, crisis=0.25, lapse=0.0, relapse=0.0)

        assert (
            Scenario(hazards=hazards, effects=Effects(modality_match=1.0, alliance=1.0)).hazards
            == hazards
        )

    @pytest.mark.parametrize("weeks", [0, -1, 521])
    def test_a_horizon_out_of_range_is_refused(self, weeks):
        """The horizon is 1-520 weeks."""
        with pytest.raises(InvalidValueError) as info:
            Scenario(horizon_weeks=weeks)

        assert info.value.paths == ("horizon_weeks",)

    def test_an_unknown_modality_is_refused(self):
        """The default modality must be in the catalog."""
        with pytest.raises(InvalidValueError) as info:
            CareModel(default_modality="reiki")

        assert info.value.rules == ("structure.reference-resolves",)

    def test_population_weights_must_add_up(self):
        """A population needs at least one share with a positive weight."""
        with pytest.raises(InvalidValueError):
            Population(problems=())
        with pytest.raises(InvalidValueError):
            Population(problems=(ProblemShare(domain=ProblemDomain.DEPRESSION, weight=0.0),))

    @pytest.mark.parametrize("cadence", [Cadence.TWICE_WEEKLY, Cadence.WEEKLY])
    def test_maintenance_more_often_than_biweekly_is_refused(self, cadence):
        """Maintenance is biweekly or monthly, as the aftercare rules require."""
        with pytest.raises(InvalidValueError) as info:
            CareModel(maintenance_cadence=cadence)

        assert info.value.paths == ("maintenance_cadence",)

    def test_messages_never_echo_the_value(self):
        """Errors name the field and the rule, not the value given."""
        with pytest.raises(InvalidValueError) as info:
            Scenario(name="x" * 200)

        assert "xxxx" not in str(info.value)


class TestSerialization:
    @given(scenarios())
    def test_round_trip(self, scenario):
        """to_dict then from_dict gives the same scenario; so does JSON text."""
        assert from_dict(Scenario, to_dict(scenario)) == scenario
        assert from_json(Scenario, to_json(scenario)) == scenario

    def test_pickles(self):
        """A scenario crosses a process boundary, and so does its policy."""
        arm = Scenario(care=CareModel(boosters=False))

        assert pickle.loads(pickle.dumps(arm)) == arm  # noqa: S301 - our own bytes
        assert pickle.loads(pickle.dumps(arm.policy())) == arm.policy()  # noqa: S301

    def test_an_invalid_document_names_the_nested_field(self):
        """A bad probability in a scenario document is reported at its path."""
        data = to_dict(DEFAULT_SCENARIO)
        data["hazards"]["relapse"] = 2

        with pytest.raises(ValidationError) as info:
            from_dict(Scenario, data)

        assert info.value.paths == ("hazards.relapse",)


class TestPolicy:
    def test_the_default_scenario_uses_the_default_policy(self):
        """With boosters the scenario's histories are checked under the default policy."""
        assert DEFAULT_SCENARIO.policy() == DEFAULT_POLICY

    def test_without_boosters_only_the_booster_rules_are_dropped(self):
        """The no-booster hook accepts a plan without boosters but still applies every other rule."""
        plan = evolve(example_aftercare_plan(), boosters=None)
        default_rules = {v.rule for v in check_aftercare(plan)}
        broken = evolve(plan, support_network=())

        assert default_rules == {"aftercare.booster-schedule-set"}
        assert without_boosters_hook(plan, frozenset()) == ()
        assert [v.rule for v in without_boosters_hook(broken, frozenset())] == [
            "aftercare.support-network-present"
        ]
        dropped = {r.id for r in AFTERCARE_RULES} - {
            r.id for r in AFTERCARE_RULES if not r.id.startswith("aftercare.booster-")
        }
        assert dropped == {
            "aftercare.booster-schedule-set",
            "aftercare.booster-horizon",
            "aftercare.booster-cadence",
        }


class TestDefaults:
    def test_every_default_has_a_source_or_is_marked_illustrative(self):
        """DEFAULT_SOURCES covers exactly the scenario's parameters: none undocumented, none stale."""
        assert list(DEFAULT_SOURCES) == list(_default_paths())

    def test_the_docs_table_is_rendered_from_the_declaration(self):
        """docs/simulation.md shows each default with its status, as default_rows() renders it."""
        from pathlib import Path

        page = (Path(__file__).resolve().parents[2] / "docs" / "simulation.md").read_text(
            encoding="utf-8"
        )

        assert defaults_table() in page
        assert len(default_rows()) == len(DEFAULT_SOURCES)

    def test_defaults_hold_the_reference_values_they_cite(self):
        """The cited defaults: weekly sessions, monthly maintenance, boosters every 3 months within 6-24."""
        care = DEFAULT_SCENARIO.care

        assert care.session_every_weeks == 1
        assert care.maintenance_cadence is Cadence.MONTHLY
        assert care.booster_every_months == 3
        assert 6 <= care.aftercare_months <= 24
