"""The built-in instruments reproduce the reference exactly, at both sides of every cut point."""

import pytest
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

from counselcore.errors import DuplicateInstrumentError, UnknownInstrumentError
from counselcore.measures import (
    AUDIT,
    AUDIT_C,
    BUILTIN_INSTRUMENTS,
    DAST_10,
    GAD_2,
    GAD_7,
    PC_PTSD_5,
    PCL_5,
    PHQ_2,
    PHQ_8,
    PHQ_9,
    WSAS,
    Instrument,
    InstrumentCatalog,
    administer,
)
from counselcore.strategies import instrument_responses
from tests.measures.support import DAY, administer_total

# Hand-typed from the published sources (not derived from the definitions under test).
# The C-SSRS screener has no summed score; tests/measures/test_cssrs.py covers it.
SHAPES = {
    "phq-9": (9, (0, 27)),
    "phq-8": (8, (0, 24)),
    "pc-ptsd-5": (6, (0, 5)),
    "wsas": (5, (0, 40)),
    "phq-2": (2, (0, 6)),
    "gad-7": (7, (0, 21)),
    "gad-2": (2, (0, 6)),
    "pcl-5": (20, (0, 80)),
    "audit": (10, (0, 40)),
    "audit-c": (3, (0, 12)),
    "dast-10": (10, (0, 10)),
}
BANDS = {
    "phq-9": (
        ("minimal", 0, 4),
        ("mild", 5, 9),
        ("moderate", 10, 14),
        ("moderately-severe", 15, 19),
        ("severe", 20, 27),
    ),
    "phq-8": (
        ("minimal", 0, 4),
        ("mild", 5, 9),
        ("moderate", 10, 14),
        ("moderately-severe", 15, 19),
        ("severe", 20, 24),
    ),
    "wsas": (
        ("subclinical", 0, 9),
        ("significant-impairment", 10, 20),
        ("moderately-severe-or-worse", 21, 40),
    ),
    "pc-ptsd-5": (),
    "gad-7": (("minimal", 0, 4), ("mild", 5, 9), ("moderate", 10, 14), ("severe", 15, 21)),
    "audit": (
        ("low-risk", 0, 7),
        ("hazardous", 8, 15),
        ("harmful", 16, 19),
        ("possible-dependence", 20, 40),
    ),
    "dast-10": (
        ("none", 0, 0),
        ("low", 1, 2),
        ("moderate", 3, 5),
        ("substantial", 6, 8),
        ("severe", 9, 10),
    ),
    "phq-2": (),
    "gad-2": (),
    "pcl-5": (),
    "audit-c": (),
}
THRESHOLDS = {
    "phq-9": (("screening", 10), ("caseness", 10)),
    "phq-2": (("positive-screen", 3), ("sensitive-screen", 2)),
    "phq-8": (("screening", 10),),
    "pc-ptsd-5": (("positive-screen", 3),),
    "wsas": (),
    "gad-7": (("screening", 10), ("caseness", 8)),
    "gad-2": (("positive-screen", 3),),
    "pcl-5": (("provisional-ptsd-cut-score", 33),),
    "audit": (("hazardous-or-harmful", 8), ("hazardous-or-harmful-sensitive", 7)),
    "audit-c": (("positive-men", 4), ("positive-women", 3)),
    "dast-10": (),
}
CASENESS = {
    "phq-9": "caseness",
    "phq-2": "positive-screen",
    "phq-8": None,
    "pc-ptsd-5": "positive-screen",
    "wsas": None,
    "gad-7": "caseness",
    "gad-2": "positive-screen",
    "pcl-5": "provisional-ptsd-cut-score",
    "audit": "hazardous-or-harmful",
    "audit-c": None,
    "dast-10": None,
}
LOINC = {
    "phq-9": ("44249-1", "44261-6"),
    "phq-2": ("55757-9", "55758-7"),
    "phq-8": (None, None),
    "pc-ptsd-5": (None, None),
    "wsas": (None, None),
    "gad-7": ("69737-5", "70274-6"),
    "gad-2": (None, None),
    "pcl-5": (None, None),
    "audit": ("72110-0", "75624-7"),
    "audit-c": ("72109-2", "75626-2"),
    "dast-10": ("82666-9", "82667-7"),
}
REVERSED_ITEMS = {"dast-10": {3}}
UNSCORED_ITEMS = {"pc-ptsd-5": {1}}

INSTRUMENTS = {instrument.id: instrument for instrument in BUILTIN_INSTRUMENTS}
BAND_EDGES = [
    (instrument_id, index)
    for instrument_id, bands in BANDS.items()
    for index in range(len(bands) - 1)
]
CUTS = [
    (instrument_id, name, at_least)
    for instrument_id, pairs in THRESHOLDS.items()
    for name, at_least in pairs
]


def expected_total(instrument_id: str, responses: tuple[int, ...]) -> int:
    """The published scoring rule, written independently: a sum, with reversed yes/no items."""
    reversed_items = REVERSED_ITEMS.get(instrument_id, set())
    unscored = UNSCORED_ITEMS.get(instrument_id, set())
    return sum(
        (1 - response) if number in reversed_items else response
        for number, response in enumerate(responses, start=1)
        if number not in unscored
    )


class TestCatalog:
    def test_catalog_holds_the_instruments_in_reference_order(self):
        """The built-in catalog lists the twelve instruments, in reference order."""
        ids = [instrument.id for instrument in BUILTIN_INSTRUMENTS]

        assert ids == [
            "phq-9",
            "phq-8",
            "phq-2",
            "gad-7",
            "gad-2",
            "pcl-5",
            "pc-ptsd-5",
            "audit",
            "audit-c",
            "dast-10",
            "c-ssrs-screener",
            "wsas",
        ]
        assert BUILTIN_INSTRUMENTS.ids == frozenset(ids)

    def test_every_summed_instrument_has_hand_typed_expectations(self):
        """Each built-in except the triage-scored screener is in the hand-typed tables."""
        summed = {i.id for i in BUILTIN_INSTRUMENTS if i.triage is None}

        assert summed == set(SHAPES) == set(BANDS) == set(THRESHOLDS) == set(CASENESS)
        assert set(LOINC) == summed

    def test_module_constants_are_the_catalog_entries(self):
        """Each module constant is the catalog's instrument with that id."""
        constants = (PHQ_9, PHQ_8, PHQ_2, GAD_7, GAD_2, PCL_5, PC_PTSD_5, AUDIT, AUDIT_C, DAST_10)

        assert tuple(BUILTIN_INSTRUMENTS)[:10] == constants
        assert tuple(BUILTIN_INSTRUMENTS)[-1] is WSAS

    def test_unknown_id_raises_a_lookup_error(self):
        """Looking up an unknown id raises UnknownInstrumentError, a LookupError."""
        with pytest.raises(UnknownInstrumentError) as info:
            BUILTIN_INSTRUMENTS.get("phq-10")

        assert isinstance(info.value, LookupError)
        assert info.value.instrument_id == "phq-10"

    def test_replace_swaps_by_id_and_leaves_the_original(self):
        """replace() swaps the instrument with the same id in place, in a new catalog."""
        local = PCL_5.with_threshold("provisional-ptsd-cut-score", 31)

        ours = BUILTIN_INSTRUMENTS.replace(local)

        assert ours.get("pcl-5") is local
        assert list(ours.ids) == list(BUILTIN_INSTRUMENTS.ids)
        assert BUILTIN_INSTRUMENTS.get("pcl-5") is PCL_5

    def test_replace_refuses_an_unknown_id(self):
        """replace() is explicit: an id the catalog does not hold is a lookup error."""
        with pytest.raises(UnknownInstrumentError):
            BUILTIN_INSTRUMENTS.replace(evolve(PHQ_9, id="phq-9-local"))

    def test_register_adds_at_the_end_and_refuses_a_duplicate(self):
        """register() appends a new id and refuses one the catalog holds, naming its path."""
        local = evolve(PHQ_9, id="phq-9-local")

        ours = BUILTIN_INSTRUMENTS.register(local)
        with pytest.raises(DuplicateInstrumentError) as info:
            ours.register(local)

        assert tuple(ours)[-1] is local
        assert info.value.paths == ("instruments[13].id",)
        assert info.value.rules == ("structure.id-unique",)
        assert info.value.instrument_id == "phq-9-local"

    def test_without_removes_named_instruments_and_refuses_unknown_ones(self):
        """without() drops the named ids (each must exist)."""
        ours = BUILTIN_INSTRUMENTS.without("audit", "audit-c")

        with pytest.raises(UnknownInstrumentError):
            BUILTIN_INSTRUMENTS.without("phq-10")

        assert len(ours) == len(BUILTIN_INSTRUMENTS) - 2
        assert "audit" not in ours

    def test_construction_is_keyword_only(self):
        """Like the modality catalog, the instrument catalog is built with keywords only."""
        with pytest.raises(TypeError):
            InstrumentCatalog((PHQ_9,))  # type: ignore[call-arg]

        assert InstrumentCatalog().instruments == ()

    def test_catalog_refuses_duplicate_ids(self):
        """A catalog cannot hold two instruments with the same id; the second is named."""
        with pytest.raises(DuplicateInstrumentError) as info:
            InstrumentCatalog(instruments=(PHQ_9, GAD_7, PHQ_9))

        assert info.value.paths == ("instruments[2].id",)

    @pytest.mark.parametrize(
        ("code", "instrument_id"),
        [
            (code, i.id)
            for i in BUILTIN_INSTRUMENTS
            for code in (i.loinc_panel, i.loinc_total)
            if code
        ],
    )
    def test_every_verified_loinc_code_finds_its_instrument(self, code, instrument_id):
        """Looking up a panel or total LOINC code returns the instrument that carries it."""
        assert BUILTIN_INSTRUMENTS.get_by_loinc(code).id == instrument_id

    def test_loinc_lookup_finds_the_hand_typed_codes(self):
        """The verified codes from the reference resolve (AUDIT and AUDIT-C totals not swapped)."""
        found = {code: BUILTIN_INSTRUMENTS.get_by_loinc(code).id for code in ("75624-7", "75626-2")}

        assert found == {"75624-7": "audit", "75626-2": "audit-c"}

    def test_unknown_loinc_code_raises_a_lookup_error_naming_the_key(self):
        """An unknown or unverified code (PCL-5's disputed 91006-2) is a LookupError."""
        with pytest.raises(UnknownInstrumentError) as info:
            BUILTIN_INSTRUMENTS.get_by_loinc("91006-2")

        assert info.value.key == "LOINC code"
        assert "LOINC code" in str(info.value)

    def test_known_risk_flags_are_collected_from_the_instruments(self):
        """The catalog's known risk flags are the suicide-risk flag of PHQ-9 and C-SSRS."""
        assert BUILTIN_INSTRUMENTS.known_risk_flags == frozenset({"risk.suicidal_ideation"})
        assert (
            BUILTIN_INSTRUMENTS.without("phq-9", "c-ssrs-screener").known_risk_flags == frozenset()
        )

    def test_catalog_is_immutable(self):
        """The catalog cannot be changed in place."""
        with pytest.raises(AttributeError):
            BUILTIN_INSTRUMENTS.instruments = ()  # type: ignore[misc]

        assert "phq-9" in BUILTIN_INSTRUMENTS
        assert "nope" not in BUILTIN_INSTRUMENTS
        assert len(BUILTIN_INSTRUMENTS) == 12


@pytest.mark.parametrize("instrument_id", list(SHAPES))
class TestDefinitions:
    def test_item_count_and_total_range_match_the_reference(self, instrument_id):
        """Item count and total range are the published ones."""
        instrument = INSTRUMENTS[instrument_id]

        shape = (instrument.item_count, instrument.total_range)

        assert shape == SHAPES[instrument_id]

    def test_bands_match_the_reference_exactly(self, instrument_id):
        """Band labels and inclusive limits are the published ones (none for PCL-5)."""
        instrument = INSTRUMENTS[instrument_id]

        bands = tuple((b.label, b.low, b.high) for b in instrument.bands)

        assert bands == BANDS[instrument_id]

    def test_thresholds_and_caseness_match_the_reference(self, instrument_id):
        """Named thresholds and the caseness threshold are the published ones."""
        instrument = INSTRUMENTS[instrument_id]

        thresholds = tuple((t.name, t.at_least) for t in instrument.thresholds)

        assert thresholds == THRESHOLDS[instrument_id]
        assert instrument.caseness_threshold == CASENESS[instrument_id]

    def test_loinc_codes_are_the_verified_ones_or_none(self, instrument_id):
        """LOINC codes are set only where the reference marks them verified."""
        instrument = INSTRUMENTS[instrument_id]

        codes = (instrument.loinc_panel, instrument.loinc_total)

        assert codes == LOINC[instrument_id]

    def test_every_built_in_scale_is_higher_is_worse_and_has_a_licence_note(self, instrument_id):
        """All built-ins score higher as worse and carry a licence note and a source."""
        instrument = INSTRUMENTS[instrument_id]

        assert instrument.higher_is_worse is True
        assert instrument.licence
        assert instrument.source

    @given(data=st.data())
    def test_total_equals_the_published_rule(self, instrument_id, data):
        """The total of any valid form is the published scoring rule applied to it."""
        instrument = INSTRUMENTS[instrument_id]
        responses = data.draw(instrument_responses(instrument))

        result = administer(instrument, responses, on=DAY)

        assert result.total == expected_total(instrument_id, responses)
        low, high = instrument.total_range
        assert low <= result.total <= high

    @given(data=st.data())
    def test_band_is_monotone_in_the_total(self, instrument_id, data):
        """A higher total never falls in a lower band, and the band contains the total."""
        instrument = INSTRUMENTS[instrument_id]
        first = administer(instrument, data.draw(instrument_responses(instrument)), on=DAY)
        second = administer(instrument, data.draw(instrument_responses(instrument)), on=DAY)
        labels = [band.label for band in instrument.bands]

        lower, higher = sorted((first, second), key=lambda a: a.total)

        if not labels:
            assert lower.band is None
            assert higher.band is None
        else:
            assert lower.band is not None
            assert higher.band is not None
            assert labels.index(lower.band) <= labels.index(higher.band)
            assert higher.total in instrument.bands[labels.index(higher.band)]

    @given(data=st.data())
    def test_thresholds_met_are_monotone_in_the_total(self, instrument_id, data):
        """Every threshold a lower total meets is met by a higher total too."""
        instrument = INSTRUMENTS[instrument_id]
        first = administer(instrument, data.draw(instrument_responses(instrument)), on=DAY)
        second = administer(instrument, data.draw(instrument_responses(instrument)), on=DAY)

        lower, higher = sorted((first, second), key=lambda a: a.total)

        assert set(lower.thresholds_met) <= set(higher.thresholds_met)


class TestBandBoundaries:
    @pytest.mark.parametrize(("instrument_id", "index"), BAND_EDGES)
    def test_cut_point_separates_adjacent_bands(self, instrument_id, index):
        """One point below a cut point is in the lower band; the cut point itself in the upper."""
        instrument = INSTRUMENTS[instrument_id]
        below_label, _, below_high = BANDS[instrument_id][index]
        above_label, above_low, _ = BANDS[instrument_id][index + 1]

        below = administer_total(instrument, below_high)
        at = administer_total(instrument, above_low)

        assert above_low == below_high + 1
        assert below.band == below_label
        assert at.band == above_label

    @pytest.mark.parametrize("instrument_id", [k for k, v in BANDS.items() if v])
    def test_lowest_and_highest_totals_are_banded(self, instrument_id):
        """The extreme totals fall in the first and last bands."""
        instrument = INSTRUMENTS[instrument_id]
        low, high = SHAPES[instrument_id][1]

        first = administer_total(instrument, low)
        last = administer_total(instrument, high)

        assert first.band == BANDS[instrument_id][0][0]
        assert last.band == BANDS[instrument_id][-1][0]

    @pytest.mark.parametrize("instrument_id", ["pcl-5", "phq-2", "gad-2", "audit-c", "pc-ptsd-5"])
    def test_instruments_without_published_bands_report_no_band(self, instrument_id):
        """No band is invented where none is published."""
        instrument = INSTRUMENTS[instrument_id]

        result = administer_total(instrument, SHAPES[instrument_id][1][1])

        assert result.band is None


class TestThresholdBoundaries:
    @pytest.mark.parametrize(("instrument_id", "name", "at_least"), CUTS)
    def test_threshold_is_met_at_the_cut_and_not_one_below(self, instrument_id, name, at_least):
        """Each named cut-off is inclusive: met at the cut, not met one point below."""
        instrument = INSTRUMENTS[instrument_id]

        below = administer_total(instrument, at_least - 1)
        at = administer_total(instrument, at_least)

        assert not below.meets(name)
        assert at.meets(name)

    @pytest.mark.parametrize(
        ("instrument_id", "at_least"),
        [(k, dict(THRESHOLDS[k])[v]) for k, v in CASENESS.items() if v is not None],
    )
    def test_caseness_flips_at_its_threshold(self, instrument_id, at_least):
        """Administration.caseness is false one point below the caseness cut and true at it."""
        instrument = INSTRUMENTS[instrument_id]

        below = administer_total(instrument, at_least - 1)
        at = administer_total(instrument, at_least)

        assert below.caseness is False
        assert at.caseness is True

    @pytest.mark.parametrize("instrument", [AUDIT_C, DAST_10, PHQ_8, WSAS], ids=lambda i: i.id)
    def test_caseness_is_none_without_a_caseness_threshold(self, instrument: Instrument):
        """Instruments with no single caseness cut report caseness as None."""
        result = administer_total(instrument, instrument.total_range[1])

        assert result.caseness is None

    def test_gad7_keeps_nhs_caseness_and_screening_apart(self):
        """A GAD-7 total of 8 or 9 is NHS caseness but below the screening cut-off."""
        result = administer_total(GAD_7, 9)

        assert result.caseness is True
        assert result.thresholds_met == ("caseness",)

    def test_pcl5_cut_score_is_configurable_within_the_published_range(self):
        """A service can set the PCL-5 cut score to 31; 30 stays below it."""
        local = PCL_5.with_threshold("provisional-ptsd-cut-score", 31)

        below = administer_total(local, 30)
        at = administer_total(local, 31)

        assert (below.caseness, at.caseness) == (False, True)
        assert administer_total(PCL_5, 31).caseness is False


class TestReliableChangeThresholds:
    def test_published_reliable_change_points(self):
        """PHQ-9 6, GAD-7 4, PCL-5 about 5 (approximate) and 10 meaningful; others none."""
        found = {
            i.id: (i.reliable_change.points, i.reliable_change.approximate)
            for i in BUILTIN_INSTRUMENTS
            if i.reliable_change is not None
        }

        assert found == {"phq-9": (6, False), "gad-7": (4, False), "pcl-5": (5, True)}
        assert PCL_5.meaningful_change is not None
        assert PCL_5.meaningful_change.points == 10


class TestItemOptions:
    def test_audit_items_9_and_10_allow_only_0_2_4(self):
        """AUDIT items 9-10 have three options; items 1-8 have five."""
        options = [item.options for item in AUDIT.items]

        assert options[:8] == [(0, 1, 2, 3, 4)] * 8
        assert options[8:] == [(0, 2, 4)] * 2

    def test_dast10_reverses_only_item_3(self):
        """Only DAST-10 item 3 is reverse scored."""
        reversed_numbers = [item.number for item in DAST_10.items if item.reversed]

        assert reversed_numbers == [3]

    def test_phq2_and_gad2_are_the_first_two_items_of_their_parents(self):
        """PHQ-2 and GAD-2 use the first two items of the PHQ-9 and GAD-7."""
        assert PHQ_2.items == PHQ_9.items[:2]
        assert GAD_2.items == GAD_7.items[:2]
        assert AUDIT_C.items == AUDIT.items[:3]

    def test_pcl5_clusters_are_the_dsm5_item_groups(self):
        """PCL-5 clusters B 1-5, C 6-7, D 8-14, E 15-20."""
        clusters = [s.items for s in PCL_5.subscales]

        assert clusters == [
            (1, 2, 3, 4, 5),
            (6, 7),
            (8, 9, 10, 11, 12, 13, 14),
            (15, 16, 17, 18, 19, 20),
        ]

    def test_audit_domains_are_consumption_dependence_harm(self):
        """AUDIT domains: items 1-3, 4-6 and 7-10."""
        domains = [(s.id, s.items) for s in AUDIT.subscales]

        assert domains == [
            ("consumption", (1, 2, 3)),
            ("dependence", (4, 5, 6)),
            ("harm", (7, 8, 9, 10)),
        ]
