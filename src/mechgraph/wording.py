"""Every phrase the explanations use, in one place.

Edit the wording here; :mod:`mechgraph.explain` only chooses among these phrases and
fills in names. Phrases are ``str.format`` templates; the fields they may use are named
in the comment above each table. Patient wording aims at a reading age of about 12:
short sentences, no jargon, and never more certainty than the evidence gives.
"""

from __future__ import annotations

from mechgraph.vocab import RELATION_STYLE

__all__ = ["COMPARED", "COMPARED_PLAIN", "DISPUTE", "EFFECT", "EFFECT_QUALIFIER", "ENDS",
           "KIND_WORDS", "OVERALL", "PATIENT", "PATIENT_EDGE", "PATIENT_EDGE_TITLE",
           "PATIENT_EDGE_TITLE_CONDITION", "PATIENT_EDGE_TITLE_MECHANISM", "PATIENT_HEDGE",
           "PATIENT_HEDGE_BRIEF", "PATIENT_MECHANISM", "PATIENT_NET", "PATIENT_NET_ANIMAL",
           "PATIENT_NET_BRIEF", "PATIENT_NET_BRIEF_MECHANISM", "PATIENT_NET_MECHANISM", "SHORT",
           "SHORT_EFFECT",
           "SHORT_EFFECT_MECHANISM", "SHORT_MECHANISM", "SHORT_PARTS", "SIGN_SYMBOL",
           "STANCE_WORDS", "STUDENT", "STUDENT_DISPUTE", "STUDENT_NET", "STUDY_KIND",
           "STUDY_KIND_SUBJECTS", "SUBJECTS_PLAIN", "VERDICT_PLAIN", "VERDICT_TEXT"]

# Two sets of patient words: a treatment's ("could work", "would ease") and, when the
# source is anything else (a disease mechanism, say), a mechanism's ("contributes to",
# "is part of how ... leads to"). The *_MECHANISM tables hold the mechanism's.

# How sure a patient is told to be, by the weakest evidence level on a pathway. 'high'
# means reviews or guidelines that pool many studies: it says nothing of how good those
# studies were, nor whether they were all in people with the condition, so the words do
# not claim it (the link's own plain words say what the studies covered).
PATIENT_HEDGE: dict[str, str] = {
    "high": "Reviews that pool many studies back this.",
    "moderate": "Studies in people back this, but not strongly.",
    "low": "Only small studies in people hint at this.",
    "preclinical": "This comes from studies in animals. It has not been shown in people.",
    "opinion": "This is an idea that has not been tested properly.",
    "none": "It is not known whether this happens.",
    "ungraded": "This is a traditional explanation, not something scientists have measured.",
    # A pathway whose weakest link was studied, but no study supports it (the results were
    # unclear, or against it): the other steps may well have been seen.
    "inconclusive": "Part of this was studied, but for at least one step the results did "
                    "not show that it works.",
    # The same said of one link.
    "inconclusive_link": "This was studied, but the results did not show that it happens.",
    # A link that holds by definition (pain signalling and felt pain): no study is needed.
    "definitional": "This holds by definition; it needs no study.",
    # A pathway whose weakest link a knowledge base asserts with no study. Fields: {source}.
    "curated": "Part of this is recorded in {source}, a curated database; no study is "
               "attached to it here.",
    # A 'low' level that rests only on studies whose design or subjects are not recorded.
    "unrecorded": "A published source backs this, but what kind of study it was, and in "
                  "whom, is not recorded.",
}

# The same, shorter, for the one-page handout (each pathway on one line). No more certain
# than the long wording.
PATIENT_HEDGE_BRIEF: dict[str, str] = {
    "high": "Backed by reviews that pool many studies.",
    "moderate": "Studies in people back this, not strongly.",
    "low": "Only small studies in people hint at this.",
    "preclinical": "From animal studies; not shown in people.",
    "opinion": "An idea not tested properly.",
    "none": "Not known whether this happens.",
    "ungraded": "A traditional explanation, not measured.",
    "inconclusive": "Studied, but one step was not shown to work.",
    "definitional": "Holds by definition; no study needed.",
    "curated": "Recorded in {source}, a curated database; no study attached.",
    "unrecorded": "Backed by a source; the kind of study is not recorded.",
}

# What a whole pathway would do to the target, if it works. Fields: {target}.
PATIENT_NET: dict[str, str] = {
    "decreases": "If this works in people, it would ease {target}.",
    "increases": "If this works in people, it would make {target} worse.",
    "unknown": "It is not known whether this would make {target} better or worse.",
    "not_causal": "This is a link seen together, not a known cause of {target}.",
}

# The same when the source is a mechanism, not a treatment. Fields: {source}, {target}.
PATIENT_NET_MECHANISM: dict[str, str] = {
    "increases": "This is part of how {source} may lead to {target}.",
    "decreases": "This way, {source} would lessen {target}.",
    "unknown": "It is not known whether this adds to {target} or lessens it.",
    "not_causal": "This is a link seen together, not a known cause of {target}.",
}

# The same, shorter, for the one-page handout, where pathways with the same evidence and
# effect share a line. Fields: {target}; {It} and {it}: 'It'/'it', or 'Each'/'each'.
PATIENT_NET_BRIEF: dict[str, str] = {
    "decreases": "{It} could ease {target}, if it works in people.",
    "increases": "{It} could make {target} worse, if it works in people.",
    "unknown": "Whether {it} would make {target} better or worse is not known.",
    "not_causal": "{It} is seen together with {target}; not a known cause.",
}

PATIENT_NET_ANIMAL: dict[str, str] = {
    "decreases": "{n} could ease {target}",
    "increases": "{n} could make {target} worse",
    "unknown": "for {n}, whether they would make it better or worse is not known",
    "not_causal": "{n} only seen together with it, not a known cause",
}
"""The handout's one line for the pathways seen only in animals: how many of them do
what (field ``{n}``, a count)."""

PATIENT_NET_BRIEF_MECHANISM: dict[str, str] = {
    "increases": "{It} contributes to {target}.",
    "decreases": "{It} would lessen {target}.",
    "unknown": "Whether {it} adds to {target} or lessens it is not known.",
    "not_causal": "{It} is seen together with {target}; not a known cause.",
}

# Fields: {source}, {target}, {count}, {mechanism}, {n}, {label}. ``refuted_vs_sham`` is
# said of a treatment {source} (in lower case), e.g. acupuncture.
PATIENT: dict[str, str] = {
    "title": "How {source} may affect {target}",
    "intro": "This sheet explains what studies say about how {source} might affect "
             "{target}. How sure each part is depends on the studies behind it.",
    "short_answer": "The short answer",
    "direct_lead": "What happened to people in studies:",
    "contested": "Be aware: strong studies disagree about part of this.",
    "refuted": "Be aware: the stronger studies found no effect or the opposite.",
    "refuted_vs_sham": "Studies that compared real {source} with pretend (sham) "
                       "{source} found little or no difference between them: {studies}.",
    "refuted_other": "Some studies found no effect or the opposite: {studies}.",
    "no_direct": "No study in this sheet tested {source} on {target} directly.",
    "how": "How it might work",
    "how_intro": "Researchers have suggested several ways {source} could work. The "
                 "first ones listed have the best evidence.",
    "then": ", then ",
    "shared_tail": "each then {names}",
    "seen_with": ", seen together with ",
    "seen_first": "Seen together with {label}",
    "via_steps": "Via {n} steps: {names}",
    "relations": "{name} ({relations})",
    "seen_together": "{source} and {target} are seen together; that does not show that one "
                     "causes the other.",
    "node_fallback": "{label} ({kind}; no plain-language description yet).",
    "via_chain": "The idea: {chain}.",
    "unknown_heading": "What is not known",
    "animal_ways": "{n} more ways seen only in animals, not shown in people, through "
                   "{names}: {effects}.",
    "claim": "None of the studies we checked tested this.",
    "definitional": "That link holds by definition, so it needs no study.",
    "traditional_heading": "The traditional explanation",
    "traditional_note": "This is how traditional Chinese medicine explains it. It is a "
                        "way of explaining, not something measured in the body.",
    "no_paths": "We found no pathway from {source} to {target} in this sheet.",
    "ambiguous": "The possible pathways point in different directions, so the overall "
                 "effect is not clear.",
    "references": "Where this comes from",
    "footer": "This sheet sums up research; it is not medical advice. Ask your doctor or "
              "therapist what is right for you.",
}

# The patient's sheet when the source is a mechanism (a process, a mediator), not a
# treatment: it is part of how a condition comes about, it does not "work".
PATIENT_MECHANISM: dict[str, str] = {
    **PATIENT,
    "intro": "This sheet explains, step by step, how {source} is linked to {target} here. "
             "How sure each part is depends on the sources behind it.",
    "no_direct": "No single link here goes straight from {source} to {target}.",
    "how": "How it may come about",
    "how_intro": "These are the ways {source} may lead to {target}. The first ones listed "
                 "have the best evidence.",
}

# What a node is, said after its label when it has no plain words. Fields: none.
KIND_WORDS: dict[str, str] = {
    "treatment": "a treatment", "mediator": "a mediator", "process": "a process",
    "condition": "a condition", "outcome": "an outcome",
    "adverse_effect": "an adverse effect (a harm)", "concept": "a concept"}

# What explain mode shows, by the kinds of its two ends: 'from a treatment to a condition'.
ENDS: dict[str, str] = {
    "treatment": "a treatment", "mediator": "a mediator (a substance or receptor)",
    "process": "a mechanism (a process)", "condition": "a condition",
    "outcome": "a phenotype or outcome", "adverse_effect": "an adverse effect (a harm)",
    "concept": "a concept"}

# A stance in words, wherever stances are shown: 'partial' is never a plain 'supports'.
STANCE_WORDS: dict[str, str] = {"supports": "supports", "partial": "partly supports",
                                "refutes": "refutes", "inconclusive": "inconclusive"}

# The student's step-by-step sign reasoning. Fields: {signs}, {effect}.
STUDENT_NET: dict[str, str] = {
    "increases": "{signs} = (+): the path increases the target",
    "decreases": "{signs} = (-): the path decreases the target",
    "unknown": "{signs}: a 'modulates' step has no known sign, so the net effect is unknown",
    "not_causal": "{signs}: an 'associated_with' step is not causal, so the path is not "
                  "causal",
}

# Fields: {source}, {target}, {n}, {length}, {overall}, {level}, {count}, {summary}.
STUDENT: dict[str, str] = {
    "title": "Mechanisms linking {source} to {target}",
    "node_title": "{name}: {kind}, {framework}",
    "overall": "Overall effect over the biomedical paths: {overall}.",
    "overall_detail": "{increases} path(s) increase, {decreases} decrease, {unknown} of "
                      "unknown sign, {not_causal} not causal; {traditional} path(s) through "
                      "the traditional framework are listed but not counted.",
    "by_evidence": "Paths by what their weakest link rests on: {parts}.",
    "truncated": "The search stopped early: more paths exist than are listed.",
    "path": "Path {n}: {chain}",
    "path_facts": "Weakest evidence: {level}. {contested}Frameworks: {frameworks}.",
    "contested": "Contested (refuting evidence of comparable weight). ",
    "refuted": "Refuted on a step (refuting evidence outranks the support). ",
    "net": "Net sign: {reasoning}.",
    "step": "{source} {relation} {target} [{citations}]",
    "step_no_evidence": "{source} {relation} {target} (traditional framework; no "
                        "biomedical evidence)",
    "step_claim": "{source} {relation} {target} (claimed by {claimed_by}; no checked "
                  "study supports it; level: none)",
    "step_definitional": "{source} {relation} {target} (holds by definition, so no study "
                         "is needed; level: definitional, never counted as support)",
    "edge_definitional": "This link holds by definition, so no study is needed: it is never "
                         "counted as support, and a pathway's grade is that of its other "
                         "links.",
    "evidence_counts": "Evidence (distinct references): {supports} supporting, {partial}"
                       "{refutes} refuting, {inconclusive} inconclusive; designs: {designs}.",
    "partial_count": "{n} partly supporting, ",
    "refuting": "Refuting: {items}.",
    "partial": "Partly supporting: {items}.",
    "step_curated": "{source} {relation} {target} (curated in {curated_in}, no study "
                    "attached; level: ungraded)",
    "also_curated": "Also curated in {curated_in}.",
    "not_causal_step": " (seen together, not a cause)",
    "edge_curated": "Curated in {curated_in}, no study attached.",
    "edge_not_causal": "A link seen together (an association), not a cause.",
    "quote": "Quote: \u201c{quote}\u201d",
    "node_facts": "Id: {id}.",
    "node_fallback": "{label} ({kind}; no description yet).",  # kind: KIND_WORDS
    "node_evidence": "Evidence about {label} itself",
    "no_paths": "No path of at most {length} steps from {source} to {target}.",
    "references": "References",
    "synonyms": "Also called: {names}.",
    "xrefs": "Cross-references: {ids}.",
    "edge_title": "{source} {relation} {target}",
    "edge_facts": "Evidence level: {level}{contested}; framework: {framework}.",
    "edge_items": "The evidence, study by study",
    "edge_item": "{stance}{comparison}: {finding}.{quote} {key} ({design}, {subjects}): "
                 "{title} ({year}). {links}",
    "edge_no_evidence": "No checked study tests this link.",
}

# What a pathway's words add for a link on it that refuting studies contest (comparable
# weight) or refute (they outweigh its support). Fields: {studies}: who found it, from
# ``study`` and ``and``; {step}: the link as a hedged title, in lower case.
DISPUTE: dict[str, str] = {
    "contested": "But {studies} found no effect or the opposite, so the step \u201c{step}\u201d "
                 "is disputed.",
    "refuted": "But {studies} found no effect or the opposite, and that weighs more than the "
               "studies that back it: the stronger evidence is against the step "
               "\u201c{step}\u201d.",
    # The same, shorter, for the handout.
    "contested_brief": "Disputed by {studies}.",
    "refuted_brief": "The stronger evidence is against one step ({studies}).",
    # One study: its kind in plain words (STUDY_KIND, in lower case) and who, when. Fields:
    # {kind}, {cite} ('Vickers 2018').
    "study": "{kind} ({cite})",
    # A study of the same kind as the one named before it.
    "another": "another ({cite})",
    "and": " and ",
    "more": "{n} more",
}

# The same for a student, after the link's evidence counts. Fields: {studies} (each 'Smith
# 2021: meta-analysis, animal'), {refute} and {support}: the best levels on each side.
STUDENT_DISPUTE: dict[str, str] = {
    "contested": "Contested by {studies}: the strongest refuting evidence ({refute}) is "
                 "within one level of the strongest support ({support}).",
    "refuted": "Refuted by {studies}: the strongest refuting evidence ({refute}) outranks the "
               "strongest support ({support}).",
    "study": "{cite} ({design}, {subjects}; {key})",
}

COMPARED: dict[str, str] = {
    "": "", "sham": " (vs sham)", "placebo": " (vs placebo)", "usual_care": " (vs usual care)",
    "no_treatment": " (vs no treatment)", "active": " (vs another treatment)",
    "none": " (no comparison group)"}
"""How an evidence item's comparison is said after its stance."""

SIGN_SYMBOL: dict[str, str] = {r: f"({style.symbol})" for r, style in RELATION_STYLE.items()}


# --- the answer at a glance (explain.short_answer) ------------------------------------

# Sentences of the short answer. Fields: {source}, {target} (in lower case); {count}: a
# number of pathways; {ways}: 'way'/'ways'; {parts}: the counts by evidence, from
# SHORT_PARTS; {names}: the traditional ideas (e.g. 'Qi').
SHORT: dict[str, str] = {
    "no_paths": "This graph has no pathway from {source} to {target}, so it cannot say "
                "how {source} might affect {target}.",
    "no_direct": "No study here tested {source} on {target} directly.",
    "mechanisms": "Of the {count} suggested {ways} it could work, {parts}.",
    "mechanisms_truncated": "Of at least {count} suggested ways it could work (the search "
                            "stopped early), {parts}.",
    "mechanism_one": "There is one suggested way it could work: it {parts}.",
    "traditional": "The traditional explanation ({names}) is a way of explaining, not "
                   "something measured.",
    "traditional_unnamed": "The traditional explanation is a way of explaining, not "
                           "something measured.",
    "effect_all": "If {they} {work} in people, {they} {effect}.",
    "effect_mixed": "If they work in people, {effects}.",
    "and": " and ",
    "not_causal": "{n} of them pass through a link only seen together, not a known cause.",
    "not_causal_one": "{n} of them passes through a link only seen together, not a known "
                      "cause.",
    "not_causal_lone": "It passes through a link only seen together, not a known cause.",
}

# The same when the source is a mechanism, not a treatment (it "leads to", never "works").
SHORT_MECHANISM: dict[str, str] = {
    **SHORT,
    "no_direct": "No single link here goes straight from {source} to {target}.",
    "mechanisms": "Of the {count} {ways} here from {source} to {target}, {parts}.",
    "mechanisms_truncated": "Of at least {count} ways here from {source} to {target} (the "
                            "search stopped early), {parts}.",
    "mechanism_one": "There is one way here from {source} to {target}: it {parts}.",
    "effect_all": "If {they} {work} in people, {they} {effect}.",
    "effect_mixed": "If they hold in people, {effects}.",
}

# The parts of SHORT["mechanisms"], by what the pathway's weakest link rests on.
# Fields: {n}; the '_one' forms are used when {n} is 1. ``mechanism_one`` uses ``lone``.
SHORT_PARTS: dict[str, str] = {
    "human": "{n} have been studied in people",
    "human_one": "{n} has been studied in people",
    "human_lone": "has been studied in people",
    "preclinical": "{n} only in animals or cells",
    "preclinical_one": "{n} only in animals or cells",
    "preclinical_lone": "has been studied only in animals or cells",
    "untested": "{n} have not been tested",
    "untested_one": "{n} has not been tested",
    "untested_lone": "has not been tested",
    "curated": "{n} rest on links recorded in {sources} with no study attached",
    "curated_one": "{n} rests on links recorded in {sources} with no study attached",
    "curated_lone": "rests on links recorded in {sources}, with no study attached",
    "unrecorded": "{n} rest on sources whose kind of study is not recorded",
    "unrecorded_one": "{n} rests on sources whose kind of study is not recorded",
    "unrecorded_lone": "rests on sources whose kind of study is not recorded",
    "inconclusive": "{n} were studied without showing that every step works",
    "inconclusive_one": "{n} was studied without showing that every step works",
    "inconclusive_lone": "was studied without showing that every step works",
    "definitional": "{n} hold by definition alone",
    "definitional_one": "{n} holds by definition alone",
    "definitional_lone": "holds by definition alone",
}

# What the studied pathways would do, if they work in people. Fields: {target} (the
# condition's name the first time, 'it' after); modal verbs, so one form fits 1 and many.
SHORT_EFFECT: dict[str, str] = {
    "decreases": "would ease {target}",
    "increases": "would make {target} worse",
    "unknown": "might make {target} better or worse (it is not known which)",
    "not_causal": "would only go along with {target}, not cause it",
}

SHORT_EFFECT_MECHANISM: dict[str, str] = {
    **SHORT_EFFECT,
    "decreases": "would lessen {target}",
    "increases": "would contribute to {target}",
    "unknown": "might add to {target} or lessen it (it is not known which)",
}

# --- effects in a table cell (explain.effect_words, explain.overall_words) --------------

# A pathway's or a report's net effect: a symbol and words.
EFFECT: dict[str, str] = {
    "increases": "↑ increases",
    "decreases": "↓ decreases",
    "unknown": "? sign unknown",
    "not_causal": "~ not causal",
}

# What a pathway's effect rests on, said after it, by its weakest evidence level (empty:
# studies in people). ``traditional`` is used for every pathway through the traditional
# framework.
EFFECT_QUALIFIER: dict[str, str] = {
    "high": "", "moderate": "", "low": "",
    "preclinical": "animal or cell studies only",
    "opinion": "untested",
    "none": "untested",
    "ungraded": "traditional idea, not measured",
    "traditional": "traditional idea, not measured",
    "curated": "curated, no study attached",
    "unrecorded": "kind of study not recorded",
    "inconclusive": "a step not shown to work",
    "definitional": "by definition",
}

# The overall effect line. ``counts``: after the effect; fields {count}, {pathways}
# ('pathway'/'pathways') and {details} (the parts of ``details``, joined by ', '): how many
# pathways rest on each kind of evidence, by their weakest link, so that untested ones are
# never read as if they weighed.
OVERALL: dict[str, str] = {
    "ambiguous": "↕ mixed: the pathways point different ways",
    "none": "no biomedical pathway",
    "no_paths": "no pathway found",
    "counts": "{effect} ({count} {pathways}{details})",
    "details": ": {parts}",
    "human": "{n} studied in people",
    "preclinical": "{n} only in animals or cells",
    "inconclusive": "{n} with a step not shown to work",
    "untested": "{n} untested",
    "definitional": "{n} by definition only",
    "curated": "{n} curated, no study attached",
    "unrecorded": "{n} on studies of an unrecorded kind",
    "traditional": "{n} traditional",
}

# --- one edge's evidence for a patient (explain(kg, (s, t, relation))) ------------------

# The title, by relation. Fields: {source} (as a label), {target} (in lower case).
PATIENT_EDGE_TITLE: dict[str, str] = {
    "increases": "{source} may raise {target}",
    "decreases": "{source} may lower {target}",
    "modulates": "{source} may change {target}",
    "associated_with": "{source} is seen together with {target} (not shown to cause it)",
}

# The same when the target is a condition or an outcome (pain, disability).
PATIENT_EDGE_TITLE_CONDITION: dict[str, str] = {
    **PATIENT_EDGE_TITLE,
    "increases": "{source} may make {target} worse",
    "decreases": "{source} may ease {target}",
}

# The same when the source is a mechanism (not a treatment) and the target a condition
# or an outcome: a disease mechanism contributes to a phenotype, it does not "ease" it.
PATIENT_EDGE_TITLE_MECHANISM: dict[str, str] = {
    **PATIENT_EDGE_TITLE,
    "increases": "{source} may contribute to {target}",
    "decreases": "{source} may lessen {target}",
}

# Headings and lines of the patient's edge page. Fields: {n}, a number of studies;
# {claimed_by}: who claims an untested link.
PATIENT_EDGE: dict[str, str] = {
    "supports": "✔ Studies that support this ({n})",
    "partial": "◐ Studies that partly support this ({n})",
    "refutes": "✘ Studies that found no effect or the opposite ({n})",
    "inconclusive": "? Studies that were unclear ({n})",
    "no_evidence": "No study we checked tested this link.",
    "claimed": "This is claimed by {claimed_by}; no study we checked tested it.",
    "curated": "This link is recorded in {source}, a curated database; no study is "
               "attached to it here.",
    "traditional": "Where this traditional explanation is described ({n})",
    "traditional_title": "The traditional view: {title}",
    "study": "{kind}{compared} ({year}). {links}",
    "compared": ", compared with {comparisons}",
    "compared_and": " and with ",
}

# What kind of study a reference is, in plain words, by its design (for studies in people,
# and designs that name their subjects).
STUDY_KIND: dict[str, str] = {
    "meta-analysis": "A combined analysis of many trials",
    "systematic-review": "A review of many studies",
    "guideline": "A clinical guideline",
    "rct": "A randomised trial",
    "cohort": "A study following a group of people over time",
    "human-mechanistic": "A study of how the body responds, in people",
    "animal": "A study in animals",
    "in-vitro": "A laboratory study in cells",
    "narrative-review": "A review of studies",
    "hypothesis": "An idea put forward by researchers, not a test of it",
    "opinion": "An opinion piece",
    "consensus": "A statement agreed by a panel of experts",
    "unknown": "A source whose kind of study is not recorded",
}

# Designs whose words change with the subjects (work in animals or cells).
STUDY_KIND_SUBJECTS: dict[tuple[str, str], str] = {
    ("meta-analysis", "animal"): "A combined analysis of many animal studies",
    ("meta-analysis", "cell"): "A combined analysis of many laboratory studies in cells",
    ("systematic-review", "animal"): "A review of many animal studies",
    ("systematic-review", "cell"): "A review of many laboratory studies in cells",
    ("narrative-review", "animal"): "A review of animal studies",
    ("narrative-review", "cell"): "A review of laboratory studies in cells",
}

# Said after any other design whose subjects are not people.
SUBJECTS_PLAIN: dict[str, str] = {"human": "", "animal": " (in animals)",
                                  "cell": " (in cells)", "unknown": ""}

# What a study compared the treatment with, in plain words, said after
# PATIENT_EDGE["compared"] ('none': nothing is said).
COMPARED_PLAIN: dict[str, str] = {
    "sham": "pretend (sham) treatment",
    "placebo": "a dummy pill or injection (placebo)",
    "usual_care": "usual care",
    "no_treatment": "no treatment",
    "active": "another treatment",
    "none": "",
}


# What the evidence in the graph says of a claim a source makes, for a patient, by verdict
# (see mechgraph.claims). Never more certain than the verdict. Fields: none.
VERDICT_PLAIN: dict[str, str] = {
    "supported_high": "Good evidence from many studies in people backs this.",
    "supported_moderate": "Studies in people back this, but not strongly.",
    "supported_low": "Only small studies in people back this, weakly.",
    "contested": "Studies disagree about this: good studies back it, but others of "
                 "similar weight did not find it.",
    "preclinical": "This was seen only in animals or cells. It has not been shown in "
                   "people.",
    "untested": "None of the studies we checked tested this.",
    "traditional": "This is a belief of traditional Chinese medicine, not an effect that "
                   "was measured.",
    "contradicted": "The best studies we checked found the opposite or no effect.",
    "outside": "No link in this graph stands for this claim, so the studies here neither "
               "back it nor rule it out.",
}

# What a claim's citation adds to its verdict. Fields: {described_as}, {closest},
# {differs}, {ref}.
VERDICT_TEXT: dict[str, str] = {
    "not_found": "The study it cites ({described_as}) could not be found.",
    "closest": "The closest study we checked is {closest}.",
    "closest_differs": "The closest study we checked is {closest}: {differs}",
    "found": "It cites {ref}, a study we checked.",
    "chain": "It rests on {n} links, and is only as strong as the weakest of them.",
    "section_heading": "What the article claims, and what the studies say",
    "section_heading_many": "What these sources claim, and what the studies say",
    "section_intro": "\u201c{title}\u201d ({kind}) makes these claims. After each: what "
                     "the studies we checked say about it.",
}
