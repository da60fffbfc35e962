"""
The four built-in modalities (CBT, DBT, MI, EMDR) and `BUILTIN_CATALOG`.

Facts come from the primary sources each descriptor lists and from the library's modality
comparison (docs page 'Design decisions'), written in our own words.
"""

from counselcore.modalities._catalog import Catalog
from counselcore.modalities._descriptor import (
    Indication,
    Modality,
    Prerequisite,
    Requirement,
    SequencePosition,
    Technique,
)
from counselcore.model import ProblemDomain
from counselcore.violations import Severity

__all__ = ["BUILTIN_CATALOG", "CBT", "DBT", "EMDR", "MI"]

_SEED = "counselcore docs, Design decisions: 'The modality comparison'"
_TTM = "Prochaska JO, DiClemente CC. J Consult Clin Psychol 1983;51:390-5; Prochaska et al. 1992"

CBT = Modality(
    id="cbt",
    name="Cognitive behavioural therapy",
    abbreviation="CBT",
    mechanism="Restructuring unhelpful thoughts and testing new ones in behaviour",
    clinical_targets=("Depression", "Anxiety", "Thinking that triggers substance use"),
    domains=(ProblemDomain.DEPRESSION, ProblemDomain.ANXIETY, ProblemDomain.SUBSTANCE_USE),
    indications=(Indication.ACTION_READINESS,),
    session_focus=(
        "Thought records",
        "Behavioural activation",
        "Structured sessions: mood check, agenda, homework review, new action plan",
    ),
    ideal_candidate="Holds unhelpful beliefs and is motivated for active skills practice",
    techniques=(
        Technique(
            id="thought-record",
            name="Thought record",
            description="Situation, automatic thought, emotion and its intensity, evidence for "
            "and against, a balanced thought, then the emotion re-rated",
        ),
        Technique(
            id="cognitive-restructuring",
            name="Cognitive restructuring",
            description="Spotting thinking distortions and replacing them with balanced thoughts",
        ),
        Technique(
            id="socratic-questioning",
            name="Socratic questioning",
            description="Guided questions that let the client examine a thought themselves",
        ),
        Technique(
            id="behavioural-activation",
            name="Behavioural activation",
            description="Activity monitoring, scheduling and graded tasks to rebuild "
            "rewarding activity",
        ),
        Technique(
            id="activity-scheduling",
            name="Activity scheduling",
            description="Planning specific activities into the week (part of behavioural "
            "activation)",
        ),
        Technique(
            id="exposure",
            name="Exposure",
            description="Graded hierarchy rated in SUDS 0-100; in vivo, imaginal or "
            "interoceptive, with response prevention",
        ),
        Technique(
            id="behavioural-experiment",
            name="Behavioural experiment",
            description="Testing a prediction in real life and comparing it with what happened",
        ),
        Technique(
            id="problem-solving",
            name="Problem solving",
            description="Defining a problem, generating options, choosing and reviewing one",
        ),
    ),
    prerequisites=(
        Prerequisite(requirement=Requirement.READY_FOR_ACTION, severity=Severity.WARNING),
    ),
    cautions=(
        (
            "Action-oriented: with readiness at precontemplation or contemplation, build "
            "motivation first"
        ),
    ),
    position=SequencePosition.ACTIVE,
    sources=(
        "Beck JS. Cognitive Behavior Therapy: Basics and Beyond, 3rd ed. 2020",
        "Burns DD. Feeling Good, 1980 (cognitive distortions)",
        "Wolpe J (SUDS scale for exposure hierarchies)",
        _TTM,
        _SEED,
    ),
)

DBT = Modality(
    id="dbt",
    name="Dialectical behaviour therapy",
    abbreviation="DBT",
    mechanism="Skills training in emotion regulation and distress tolerance",
    clinical_targets=(
        "Emotion dysregulation",
        "Self-harm risk",
        "Substance use disorder co-occurring with high emotional reactivity",
    ),
    domains=(ProblemDomain.EMOTION_DYSREGULATION, ProblemDomain.SELF_HARM),
    indications=(Indication.SELF_HARM_RISK, Indication.CO_OCCURRING_REACTIVITY),
    session_focus=("Skills coaching", "Chain analysis", "Diary card review"),
    ideal_candidate="High emotional reactivity and interpersonal conflict",
    techniques=(
        Technique(
            id="mindfulness",
            name="Mindfulness skills",
            description="Observing and describing the present moment without judging it",
        ),
        Technique(
            id="distress-tolerance",
            name="Distress tolerance skills",
            description="Getting through a crisis without making it worse",
        ),
        Technique(
            id="emotion-regulation",
            name="Emotion regulation skills",
            description="Naming emotions, lowering vulnerability and changing unwanted emotions",
        ),
        Technique(
            id="interpersonal-effectiveness",
            name="Interpersonal effectiveness skills",
            description="Asking for what one needs and saying no while keeping relationships "
            "and self-respect",
        ),
        Technique(
            id="chain-analysis",
            name="Chain analysis",
            description="Tracing a target behaviour link by link from vulnerability and trigger "
            "to consequences",
        ),
        Technique(
            id="diary-card",
            name="Diary card",
            description="Daily record of urges, behaviours, emotions and skills used",
        ),
    ),
    prerequisites=(Prerequisite(requirement=Requirement.RISK_SCREENED),),
    cautions=(
        (
            "Targets in order: life-threatening, therapy-interfering, then quality-of-life-"
            "interfering behaviour, then skills"
        ),
        (
            "The standard programme adds a weekly skills group, phone coaching between "
            "sessions and a therapist consultation team"
        ),
    ),
    position=SequencePosition.STABILIZATION,
    sources=("Linehan MM. DBT Skills Training Manual, 2nd ed. 2015", _SEED),
)

MI = Modality(
    id="mi",
    name="Motivational interviewing",
    abbreviation="MI",
    mechanism="Strengthening the client's own motivation through reflective listening",
    clinical_targets=("Ambivalence about change", "Early-stage substance use disorder"),
    domains=(ProblemDomain.SUBSTANCE_USE,),
    indications=(Indication.LOW_READINESS, Indication.PREPARATION),
    session_focus=("Decisional balance", "Eliciting change talk"),
    ideal_candidate="Hesitant to commit to a sustained change effort",
    techniques=(
        Technique(
            id="oars",
            name="OARS",
            description="Open questions, affirmations, reflective listening and summaries",
        ),
        Technique(
            id="decisional-balance",
            name="Decisional balance",
            description="Weighing the pros and cons of changing and of staying the same",
        ),
        Technique(
            id="eliciting-change-talk",
            name="Eliciting change talk",
            description="Drawing out desire, ability, reasons and need, then commitment, "
            "activation and steps taken (DARN-CAT)",
        ),
        Technique(
            id="engaging",
            name="Engaging",
            description="First process: building a working relationship",
        ),
        Technique(
            id="focusing",
            name="Focusing",
            description="Second process: agreeing a direction for the conversation",
        ),
        Technique(
            id="evoking",
            name="Evoking",
            description="Third process: drawing out the client's own reasons for change",
        ),
        Technique(
            id="planning",
            name="Planning",
            description="Fourth process: turning commitment into a concrete plan",
        ),
    ),
    cautions=("Paired with the stages of change in practice, but not derived from that model",),
    position=SequencePosition.ENGAGEMENT,
    sources=(
        "Miller WR, Rollnick S. Motivational Interviewing, 3rd ed. 2013",
        "Amrhein PC et al. J Consult Clin Psychol 2003;71:862-78 (change talk)",
        _TTM,
        _SEED,
    ),
)

EMDR = Modality(
    id="emdr",
    name="Eye movement desensitization and reprocessing",
    abbreviation="EMDR",
    mechanism="Bilateral stimulation while holding a traumatic memory in mind, to reprocess it",
    clinical_targets=("PTSD", "Trauma-related triggers for substance use"),
    domains=(ProblemDomain.TRAUMA,),
    indications=(Indication.TRAUMA_WITH_PTSD,),
    session_focus=(
        "Trauma processing after stabilization",
        "Three-pronged targets: past memories, present triggers, future template",
    ),
    ideal_candidate="Trauma history, with grounding skills in place",
    techniques=(
        Technique(
            id="history-taking",
            name="Phase 1: history taking and treatment planning",
            description="Gathering history and choosing targets",
        ),
        Technique(
            id="preparation",
            name="Phase 2: preparation",
            description="Explaining the method and building stabilizing resources",
        ),
        Technique(
            id="assessment",
            name="Phase 3: assessment",
            description="Activating the target memory; baseline SUD (0-10) and VoC (1-7)",
            trauma_processing=True,
        ),
        Technique(
            id="desensitisation",
            name="Phase 4: desensitisation",
            description="Sets of bilateral stimulation until the SUD falls towards 0",
            trauma_processing=True,
        ),
        Technique(
            id="installation",
            name="Phase 5: installation",
            description="Strengthening the positive belief towards a VoC of 7",
            trauma_processing=True,
        ),
        Technique(
            id="body-scan",
            name="Phase 6: body scan",
            description="Checking for remaining body tension linked to the memory",
            trauma_processing=True,
        ),
        Technique(
            id="closure",
            name="Phase 7: closure",
            description="Returning to a calm state at the end of every session",
        ),
        Technique(
            id="re-evaluation",
            name="Phase 8: re-evaluation",
            description="Reviewing earlier targets at the start of the next session",
        ),
        Technique(
            id="resourcing",
            name="Resourcing",
            description="Calm or safe place and resource development and installation",
        ),
        Technique(
            id="grounding",
            name="Grounding",
            description="Skills that bring attention back to the present when distressed",
        ),
        Technique(
            id="bilateral-stimulation",
            name="Bilateral stimulation",
            description="Eye movements, taps or tones alternating left and right",
        ),
    ),
    prerequisites=(
        Prerequisite(requirement=Requirement.RISK_SCREENED),
        Prerequisite(requirement=Requirement.STABILIZED),
        Prerequisite(requirement=Requirement.NOT_IN_CRISIS),
        Prerequisite(requirement=Requirement.TRAUMA_INDICATED, severity=Severity.WARNING),
    ),
    cautions=(
        (
            "Trauma processing (phases 3-6) only after preparation and stabilization: "
            "resourcing, affect-regulation skills and no active crisis"
        ),
    ),
    position=SequencePosition.PROCESSING,
    sources=("Shapiro F. EMDR Therapy, 3rd ed. 2018", _SEED),
)

#: The modalities the library ships, in this order: CBT, DBT, MI, EMDR.
BUILTIN_CATALOG = Catalog(modalities=(CBT, DBT, MI, EMDR))
