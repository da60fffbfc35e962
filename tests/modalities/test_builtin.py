import pytest

from counselcore.examples import example_plan, example_sessions
from counselcore.modalities import BUILTIN_CATALOG, SequencePosition
from counselcore.model import ProblemDomain


class TestBuiltinCatalog:
    @pytest.mark.parametrize(
        ("modality_id", "required"),
        [
            (
                "cbt",
                {"thought-record", "behavioural-activation", "exposure", "cognitive-restructuring"},
            ),
            (
                "dbt",
                {
                    "mindfulness",
                    "distress-tolerance",
                    "emotion-regulation",
                    "interpersonal-effectiveness",
                    "chain-analysis",
                    "diary-card",
                },
            ),
            (
                "mi",
                {
                    "oars",
                    "decisional-balance",
                    "eliciting-change-talk",
                    "engaging",
                    "focusing",
                    "evoking",
                    "planning",
                },
            ),
            ("emdr", {"resourcing", "grounding", "bilateral-stimulation"}),
        ],
    )
    def test_each_modality_lists_the_techniques_the_issue_names(self, modality_id, required):
        """Every technique the issue lists for a modality is in its descriptor."""

        ids = set(BUILTIN_CATALOG.get(modality_id).technique_ids)

        assert required <= ids

    def test_emdr_lists_its_eight_phases_in_order(self):
        """EMDR's phases 1-8 appear in Shapiro's order."""

        ids = BUILTIN_CATALOG.get("emdr").technique_ids[:8]

        assert ids == (
            "history-taking",
            "preparation",
            "assessment",
            "desensitisation",
            "installation",
            "body-scan",
            "closure",
            "re-evaluation",
        )

    def test_positions_give_mi_cbt_emdr_order(self):
        """MI engages, DBT stabilizes, CBT is the active work and EMDR processes trauma."""

        positions = {m.id: m.position for m in BUILTIN_CATALOG}

        assert positions == {
            "mi": SequencePosition.ENGAGEMENT,
            "dbt": SequencePosition.STABILIZATION,
            "cbt": SequencePosition.ACTIVE,
            "emdr": SequencePosition.PROCESSING,
        }

    def test_domains_follow_the_seed_targets(self):
        """Clinical target domains: CBT mood, anxiety and substance use; DBT dysregulation and self-harm."""

        domains = {m.id: set(m.domains) for m in BUILTIN_CATALOG}

        assert domains == {
            "cbt": {ProblemDomain.DEPRESSION, ProblemDomain.ANXIETY, ProblemDomain.SUBSTANCE_USE},
            "dbt": {ProblemDomain.EMOTION_DYSREGULATION, ProblemDomain.SELF_HARM},
            "mi": {ProblemDomain.SUBSTANCE_USE},
            "emdr": {ProblemDomain.TRAUMA},
        }

    def test_every_builtin_cites_sources_and_describes_itself(self):
        """Each built-in has a mechanism, targets, session focus, ideal candidate and sources."""

        incomplete = [
            m.id
            for m in BUILTIN_CATALOG
            if not (
                m.mechanism
                and m.clinical_targets
                and m.session_focus
                and m.ideal_candidate
                and m.sources
            )
        ]

        assert incomplete == []

    def test_the_example_case_uses_known_techniques(self):
        """Every technique the example plan and sessions name belongs to its modality."""
        plan = example_plan()
        used = {
            (i.modality, i.technique) for _, o in plan.iter_objectives() for i in o.interventions
        }
        used |= {(s.modality, t) for s in example_sessions() if s.modality for t in s.techniques}

        unknown = {(m, t) for m, t in used if t not in BUILTIN_CATALOG.get(m).technique_ids}

        assert unknown == set()
