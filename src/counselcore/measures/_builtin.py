"""
The built-in summed-score instruments.

Every number cites its primary source with a confidence tag: ``[V]`` cross-checked against an
independent public source, ``[K]`` standard reference knowledge, ``[?]`` uncertain (then
configurable or documented as such). Item topics are our own short labels, not the wording
of any form.
"""

from counselcore.measures._instrument import (
    CountRequirement,
    Criterion,
    Instrument,
    Item,
    PointsThreshold,
    RiskItem,
    ScoreBand,
    Skip,
    Subscale,
    Threshold,
)

__all__ = [
    "AUDIT",
    "AUDIT_C",
    "DAST_10",
    "GAD_2",
    "GAD_7",
    "PCL_5",
    "PC_PTSD_5",
    "PHQ_2",
    "PHQ_8",
    "PHQ_9",
    "SUICIDAL_IDEATION_FLAG",
    "WSAS",
]

#: The flag a PHQ-9 item 9 response of 1 or more raises, whatever the total.
SUICIDAL_IDEATION_FLAG = "risk.suicidal_ideation"

_FREQUENCY = (0, 1, 2, 3)  # PHQ/GAD anchors: not at all .. nearly every day [V] Kroenke 2001
_PCL = (0, 1, 2, 3, 4)  # PCL-5 anchors: not at all .. extremely [V] Weathers 2013
_AUDIT_5 = (0, 1, 2, 3, 4)
_AUDIT_3 = (0, 2, 4)  # AUDIT items 9-10 have three options [V] WHO 2001
_YES_NO = (0, 1)  # DAST-10: 0 = no, 1 = yes

_PHQ_TOPICS = (
    "anhedonia",
    "depressed-mood",
    "sleep",
    "fatigue",
    "appetite",
    "self-worth",
    "concentration",
    "psychomotor",
    "thoughts-of-death-or-self-harm",
)
_GAD_TOPICS = (
    "nervousness",
    "uncontrollable-worry",
    "worry-about-many-things",
    "trouble-relaxing",
    "restlessness",
    "irritability",
    "dread",
)
_PCL_TOPICS = (
    # B intrusion (items 1-5)
    "intrusive-memories",
    "nightmares",
    "flashbacks",
    "cue-distress",
    "cue-physical-reactions",
    # C avoidance (items 6-7)
    "avoid-internal-reminders",
    "avoid-external-reminders",
    # D negative cognition and mood (items 8-14)
    "amnesia",
    "negative-beliefs",
    "distorted-blame",
    "negative-emotions",
    "loss-of-interest",
    "detachment",
    "no-positive-emotions",
    # E arousal and reactivity (items 15-20)
    "irritability-aggression",
    "risk-taking",
    "hypervigilance",
    "startle",
    "concentration",
    "sleep",
)
_AUDIT_TOPICS = (
    "drinking-frequency",
    "typical-quantity",
    "heavy-episode-frequency",
    "impaired-control",
    "failed-expectations",
    "morning-drinking",
    "guilt-after-drinking",
    "blackouts",
    "alcohol-related-injury",
    "others-concerned",
)
_DAST_TOPICS = (
    "non-medical-drug-use",
    "more-than-one-drug",
    "able-to-stop",
    "blackouts-or-flashbacks",
    "guilt",
    "family-complaints",
    "neglected-family",
    "illegal-activities",
    "withdrawal",
    "medical-problems",
)

_PHQ_GAD_LICENCE = (
    "Free to reproduce, translate, display and distribute without permission "
    "(Pfizer statement, phqscreeners.com) [V]."
)


def _items(topics: tuple[str, ...], options: tuple[int, ...]) -> tuple[Item, ...]:
    return tuple(
        Item(number=number, topic=topic, options=options)
        for number, topic in enumerate(topics, start=1)
    )


_PHQ9_ITEMS = _items(_PHQ_TOPICS, _FREQUENCY)
_GAD7_ITEMS = _items(_GAD_TOPICS, _FREQUENCY)

PHQ_9 = Instrument(
    id="phq-9",
    name="Patient Health Questionnaire-9",
    version="2001",
    items=_PHQ9_ITEMS,
    bands=(
        ScoreBand(label="minimal", low=0, high=4),
        ScoreBand(label="mild", low=5, high=9),
        ScoreBand(label="moderate", low=10, high=14),
        ScoreBand(label="moderately-severe", low=15, high=19),
        ScoreBand(label="severe", low=20, high=27),
    ),
    thresholds=(
        Threshold(name="screening", at_least=10, source="[V] Kroenke 2001"),
        Threshold(
            name="caseness", at_least=10, source="[V] NHS Talking Therapies; NHS Digital 2016"
        ),
    ),
    caseness_threshold="caseness",
    risk_items=(RiskItem(item=9, at_least=1, flag=SUICIDAL_IDEATION_FLAG),),
    criteria=(
        Criterion(
            id="major-depressive-syndrome",
            endorsed_at=2,
            overrides=((9, 1),),
            requirements=(
                CountRequirement(items=tuple(range(1, 10)), at_least=5),
                CountRequirement(items=(1, 2), at_least=1),
            ),
            source="[V] PHQ instruction manual",
        ),
        Criterion(
            id="other-depressive-syndrome",
            endorsed_at=2,
            overrides=((9, 1),),
            requirements=(
                CountRequirement(items=tuple(range(1, 10)), at_least=2, at_most=4),
                CountRequirement(items=(1, 2), at_least=1),
            ),
            source="[V] PHQ instruction manual",
        ),
    ),
    reliable_change=PointsThreshold(
        points=6, source="[V] NHS Talking Therapies; PMC8411661; ieso analysis code"
    ),
    recall_window="last 2 weeks",
    loinc_panel="44249-1",
    loinc_total="44261-6",
    licence=_PHQ_GAD_LICENCE,
    source="Kroenke K, Spitzer RL, Williams JBW. J Gen Intern Med 2001;16:606-13 [V]",
)
"""PHQ-9: nine depression items scored 0-3, total 0-27; item 9 of 1 or more is a risk flag.

Bands 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe
(cut points 5/10/15/20, [V] Kroenke 2001). Screening cut-off and NHS caseness both 10.
The optional diagnostic algorithm is the two criteria: items at 2 or more count, item 9 at 1 or
more ([V] PHQ instruction manual). Reliable change 6 points ([V] NHS Talking Therapies).
LOINC panel 44249-1, total 44261-6 ([V] US Core).
"""

PHQ_2 = Instrument(
    id="phq-2",
    name="Patient Health Questionnaire-2",
    version="2003",
    items=_PHQ9_ITEMS[:2],
    thresholds=(
        Threshold(name="positive-screen", at_least=3, source="[V] Kroenke 2003"),
        Threshold(name="sensitive-screen", at_least=2, source="[V] Arroll 2010"),
    ),
    caseness_threshold="positive-screen",
    recall_window="last 2 weeks",
    loinc_panel="55757-9",
    loinc_total="55758-7",
    licence=_PHQ_GAD_LICENCE,
    source="Kroenke K et al. Med Care 2003;41:1284-92 [V]",
)
"""PHQ-2: PHQ-9 items 1 and 2, total 0-6; positive at 3 or more (2 or more: more sensitive).

No severity bands are published. LOINC panel 55757-9, total 55758-7 ([V] code repositories).
"""

GAD_7 = Instrument(
    id="gad-7",
    name="Generalized Anxiety Disorder-7",
    version="2006",
    items=_GAD7_ITEMS,
    bands=(
        ScoreBand(label="minimal", low=0, high=4),
        ScoreBand(label="mild", low=5, high=9),
        ScoreBand(label="moderate", low=10, high=14),
        ScoreBand(label="severe", low=15, high=21),
    ),
    thresholds=(
        Threshold(name="screening", at_least=10, source="[V] Spitzer 2006"),
        Threshold(name="caseness", at_least=8, source="[V] NHS Talking Therapies; PMC8411661"),
    ),
    caseness_threshold="caseness",
    reliable_change=PointsThreshold(
        points=4, source="[V] NHS Talking Therapies; PMC8411661; ieso analysis code"
    ),
    recall_window="last 2 weeks",
    loinc_panel="69737-5",
    loinc_total="70274-6",
    licence=_PHQ_GAD_LICENCE,
    source="Spitzer RL et al. Arch Intern Med 2006;166:1092-7 [V]",
)
"""GAD-7: seven anxiety items scored 0-3, total 0-21.

Bands 0-4 minimal, 5-9 mild, 10-14 moderate, 15-21 severe ([V] Spitzer 2006). Two separate
named thresholds: ``screening`` at 10 (Spitzer 2006) and ``caseness`` at 8 (NHS Talking
Therapies); `Administration.caseness` uses the NHS one. Reliable change 4 points.
LOINC panel 69737-5, total 70274-6 ([V] HL7 PHR IG, US Core).
"""

GAD_2 = Instrument(
    id="gad-2",
    name="Generalized Anxiety Disorder-2",
    version="2007",
    items=_GAD7_ITEMS[:2],
    thresholds=(Threshold(name="positive-screen", at_least=3, source="[V] Plummer 2016"),),
    caseness_threshold="positive-screen",
    recall_window="last 2 weeks",
    loinc_panel=None,
    loinc_total=None,
    licence=_PHQ_GAD_LICENCE,
    source="Plummer F et al. Gen Hosp Psychiatry 2016 [V]",
)
"""GAD-2: GAD-7 items 1 and 2, total 0-6; positive at 3 or more ([V] Plummer 2016).

LOINC: the total 70272-0 has a single source and the panel is unverified ([?] sources disagree),
so both codes are left ``None``.
"""

PCL_5 = Instrument(
    id="pcl-5",
    name="PTSD Checklist for DSM-5",
    version="2013",
    items=_items(_PCL_TOPICS, _PCL),
    thresholds=(
        Threshold(
            name="provisional-ptsd-cut-score",
            at_least=33,
            source="[V]/[?] Bovin 2016; NC-PTSD: 31-33 by population, 33 a common default",
        ),
    ),
    caseness_threshold="provisional-ptsd-cut-score",
    subscales=(
        Subscale(id="cluster-b-intrusion", items=(1, 2, 3, 4, 5)),
        Subscale(id="cluster-c-avoidance", items=(6, 7)),
        Subscale(id="cluster-d-cognition-mood", items=(8, 9, 10, 11, 12, 13, 14)),
        Subscale(id="cluster-e-arousal-reactivity", items=(15, 16, 17, 18, 19, 20)),
    ),
    criteria=(
        Criterion(
            id="provisional-ptsd-cluster-rule",
            endorsed_at=2,
            requirements=(
                CountRequirement(items=(1, 2, 3, 4, 5), at_least=1),
                CountRequirement(items=(6, 7), at_least=1),
                CountRequirement(items=(8, 9, 10, 11, 12, 13, 14), at_least=2),
                CountRequirement(items=(15, 16, 17, 18, 19, 20), at_least=2),
            ),
            source="[V] NC-PTSD; VA CAPS-5 training; DSM-5",
        ),
    ),
    reliable_change=PointsThreshold(
        points=5, approximate=True, source="[V]/[?] NC-PTSD (secondary summary): about 5 points"
    ),
    meaningful_change=PointsThreshold(
        points=10, source="[V]/[?] NC-PTSD: 10 points clinically meaningful"
    ),
    recall_window="past month",
    loinc_panel=None,
    loinc_total=None,
    licence="Public domain (US Department of Veterans Affairs, National Center for PTSD) [V].",
    source="Weathers FW et al. PCL-5, National Center for PTSD 2013 [V]; Bovin MJ et al. 2016",
)
"""PCL-5: twenty PTSD items scored 0-4, total 0-80, with DSM-5 clusters B, C, D and E.

No severity bands exist ([V] comorbidityguidelines.org.au): none are invented. Provisional PTSD
two ways: the cluster rule (an item rated 2 or more is a symptom; at least 1 B, 1 C, 2 D, 2 E)
and the cut score, 33 by default ([?] 31-33 depending on population; change it with
`Instrument.with_threshold`). Reliable change about 5 points (approximate), clinically
meaningful 10 ([V]/[?] NC-PTSD). LOINC codes are not verified ([?] repositories disagree): None.
"""

AUDIT = Instrument(
    id="audit",
    name="Alcohol Use Disorders Identification Test",
    version="2001",
    items=(
        *_items(_AUDIT_TOPICS[:8], _AUDIT_5),
        Item(number=9, topic=_AUDIT_TOPICS[8], options=_AUDIT_3),
        Item(number=10, topic=_AUDIT_TOPICS[9], options=_AUDIT_3),
    ),
    bands=(
        ScoreBand(label="low-risk", low=0, high=7, action="zone I: alcohol education"),
        ScoreBand(label="hazardous", low=8, high=15, action="zone II: simple advice"),
        ScoreBand(
            label="harmful",
            low=16,
            high=19,
            action="zone III: simple advice plus brief counselling and continued monitoring",
        ),
        ScoreBand(
            label="possible-dependence",
            low=20,
            high=40,
            action="zone IV: referral to a specialist for diagnostic evaluation and treatment",
        ),
    ),
    thresholds=(
        Threshold(name="hazardous-or-harmful", at_least=8, source="[V] WHO 2001"),
        Threshold(
            name="hazardous-or-harmful-sensitive",
            at_least=7,
            source="[V] WHO 2001: lower cut-off for women and adults over 65",
        ),
    ),
    caseness_threshold="hazardous-or-harmful",
    subscales=(
        Subscale(id="consumption", items=(1, 2, 3)),
        Subscale(id="dependence", items=(4, 5, 6)),
        Subscale(id="harm", items=(7, 8, 9, 10)),
    ),
    recall_window="past year",
    loinc_panel="72110-0",
    loinc_total="75624-7",
    licence=(
        "(c) WHO 2001; may be freely reviewed, reproduced and translated, "
        "not sold or used commercially [V]."
    ),
    source="Babor TF et al. AUDIT, 2nd ed. WHO/MSD/MSB/01.6a, 2001 [V]",
)
"""AUDIT: ten alcohol items, items 1-8 scored 0-4, items 9-10 only 0, 2 or 4; total 0-40.

Risk zones I 0-7, II 8-15, III 16-19, IV 20-40; cut-off 8 (7 for women and adults over 65)
([V] WHO 2001). Domains: consumption 1-3, dependence 4-6, harm 7-10. The WHO escalation note
on items 4-6 and 9-10 is ambiguous ([?] per item or combined) and not encoded.
LOINC panel 72110-0, total 75624-7 ([V] US Core labels 75626-2 as the AUDIT-C total).
"""

AUDIT_C = Instrument(
    id="audit-c",
    name="AUDIT-Consumption",
    version="1998",
    items=_items(_AUDIT_TOPICS[:3], _AUDIT_5),
    thresholds=(
        Threshold(name="positive-men", at_least=4, source="[V] Bradley 2003/2007"),
        Threshold(name="positive-women", at_least=3, source="[V] Bradley 2003/2007"),
    ),
    caseness_threshold=None,
    recall_window="past year",
    loinc_panel="72109-2",
    loinc_total="75626-2",
    licence="Public-domain use described by SAMHSA [V].",
    source="Bush K et al. Arch Intern Med 1998;158:1789-95; Bradley KA et al. 2003/2007 [V]",
)
"""AUDIT-C: AUDIT items 1-3, total 0-12; positive at 4 or more for men, 3 or more for women.

The threshold depends on sex, so no single caseness threshold is set; pick one of the two
named thresholds. Services using higher cut-offs (e.g. 5) can add their own with
`Instrument.with_threshold`. LOINC panel 72109-2, total 75626-2 ([V] HL7 US Core).
"""

DAST_10 = Instrument(
    id="dast-10",
    name="Drug Abuse Screening Test-10",
    version="1982",
    items=tuple(
        Item(number=number, topic=topic, options=_YES_NO, reversed=number == 3)  # noqa: PLR2004
        for number, topic in enumerate(_DAST_TOPICS, start=1)
    ),
    bands=(
        ScoreBand(label="none", low=0, high=0, action="none reported"),
        ScoreBand(label="low", low=1, high=2, action="monitor and re-assess"),
        ScoreBand(label="moderate", low=3, high=5, action="further investigation"),
        ScoreBand(label="substantial", low=6, high=8, action="intensive assessment"),
        ScoreBand(label="severe", low=9, high=10, action="intensive assessment"),
    ),
    recall_window="past 12 months",
    loinc_panel="82666-9",
    loinc_total="82667-7",
    licence="(c) Skinner 1982 / CAMH; non-commercial reproduction with credit to the author [V].",
    source="Skinner HA. Addict Behav 1982;7:363-71 [V]; NIDA CDE repository",
)
"""DAST-10: ten yes/no drug-use items (0 = no, 1 = yes), total 0-10.

Each "yes" scores 1 except item 3, where "no" scores 1, so answering "no" throughout scores 1.
Bands 0 none, 1-2 low, 3-5 moderate, 6-8 substantial, 9-10 severe ([V] comorbidityguidelines;
NIDA CDE). LOINC panel 82666-9, total 82667-7 ([V]/[?] the total is seen in one source).
"""

PHQ_8 = Instrument(
    id="phq-8",
    name="Patient Health Questionnaire-8",
    version="2009",
    items=_PHQ9_ITEMS[:8],
    bands=(
        *PHQ_9.bands[:-1],
        ScoreBand(label=PHQ_9.bands[-1].label, low=PHQ_9.bands[-1].low, high=24),
    ),
    thresholds=(Threshold(name="screening", at_least=10, source="[V] Kroenke 2009"),),
    recall_window="last 2 weeks",
    loinc_panel=None,
    loinc_total=None,
    licence=_PHQ_GAD_LICENCE,
    source="Kroenke K et al. J Affect Disord 2009;114:163-73 [V]",
)
"""PHQ-8: the PHQ-9 without item 9, total 0-24, with the PHQ-9's cut points 5/10/15/20.

Used where the self-harm item cannot be followed up, so it raises no risk flag. The bands are
the PHQ-9's, derived from `PHQ_9` with the last band ending at 24 ([V] Kroenke 2009); screening
cut-off 10. No caseness threshold is set: NHS Talking Therapies caseness is defined on the
PHQ-9. LOINC codes are not verified here: None.
"""

_PC_PTSD_TOPICS = (
    "trauma-exposure",
    "nightmares-or-intrusions",
    "avoidance",
    "on-guard-or-startled",
    "numb-or-detached",
    "guilt-or-blame",
)

PC_PTSD_5 = Instrument(
    id="pc-ptsd-5",
    name="Primary Care PTSD Screen for DSM-5",
    version="2016",
    items=(
        Item(number=1, topic=_PC_PTSD_TOPICS[0], options=_YES_NO, scored=False),
        *(
            Item(number=number, topic=topic, options=_YES_NO)
            for number, topic in enumerate(_PC_PTSD_TOPICS[1:], start=2)
        ),
    ),
    thresholds=(
        Threshold(
            name="positive-screen",
            at_least=3,
            source="[V] Prins 2016 (4 or more in some veteran samples: change it locally)",
        ),
    ),
    caseness_threshold="positive-screen",
    skips=(Skip(when_item=1, below=1, items=(2, 3, 4, 5, 6)),),
    recall_window="past month",
    loinc_panel=None,
    loinc_total=None,
    licence="Public domain (US Department of Veterans Affairs, National Center for PTSD) [V].",
    source="Prins A et al. J Gen Intern Med 2016;31:1206-11 [V]",
)
"""PC-PTSD-5: a trauma-exposure gate, then five yes/no symptom items; total 0-5.

Item 1 is the gate (lifetime exposure to a traumatic event): recorded but not scored; when it
is "no" the five symptom items (items 2-6 here, 1-5 on the form) are not asked and the total
is 0. Positive screen at 3 or more ([V] Prins 2016); some veteran samples use 4, so set your
own with `Instrument.with_threshold`. LOINC codes are not verified here: None.
"""

WSAS = Instrument(
    id="wsas",
    name="Work and Social Adjustment Scale",
    version="2002",
    items=_items(
        ("work", "home-management", "social-leisure", "private-leisure", "close-relationships"),
        tuple(range(9)),
    ),
    bands=(
        ScoreBand(label="subclinical", low=0, high=9),
        ScoreBand(label="significant-impairment", low=10, high=20),
        ScoreBand(label="moderately-severe-or-worse", low=21, high=40),
    ),
    recall_window="current",
    loinc_panel=None,
    loinc_total=None,
    licence="Freely used in NHS practice; formal licence status not verified [?].",
    source="Mundt JC et al. Br J Psychiatry 2002;180:461-4 [K]",
)
"""WSAS: five functioning domains scored 0-8, total 0-40 (used beside PHQ-9/GAD-7 in NHS
Talking Therapies).

Bands: below 10 subclinical, 10-20 significant impairment but less severe, above 20
moderately severe impairment or worse ([K] Mundt 2002). The work item may be "not
applicable" for people not in work; no rule for scoring that is shipped ([?]): a service
that prorates it passes a `Prorating` policy naming ``wsas``.
"""
