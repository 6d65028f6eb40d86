"""Every phrase the explanations use, in one place.

Edit the wording here; :mod:`mechgraph.explain` only chooses among these phrases and
fills in names. Phrases are ``str.format`` templates; the fields they may use are named
in the comment above each table. Patient wording aims at a reading age of about 12:
short sentences, no jargon, and never more certainty than the evidence gives.
"""

from __future__ import annotations

__all__ = ["PATIENT", "PATIENT_HEDGE", "PATIENT_HEDGE_BRIEF", "PATIENT_NET", "PATIENT_NET_BRIEF",
           "STUDENT", "STUDENT_NET"]

# How sure a patient is told to be, by the weakest evidence level on a pathway.
PATIENT_HEDGE: dict[str, str] = {
    "high": "Good evidence from many studies backs this.",
    "moderate": "Studies in people back this, but not strongly.",
    "low": "Only small studies in people hint at this.",
    "preclinical": "This comes from studies in animals. It has not been shown in people "
                   "with back pain.",
    "opinion": "This is an idea that has not been tested properly.",
    "none": "It is not known whether this happens.",
    "ungraded": "This is a traditional explanation, not something scientists have measured.",
}

# The same, shorter, for the one-page handout (each pathway on one line). No more certain
# than the long wording.
PATIENT_HEDGE_BRIEF: dict[str, str] = {
    "high": "Good evidence from many studies.",
    "moderate": "Studies in people back this, not strongly.",
    "low": "Only small studies in people hint at this.",
    "preclinical": "From animal studies; not shown in people with back pain.",
    "opinion": "An idea not tested properly.",
    "none": "Not known whether this happens.",
    "ungraded": "A traditional explanation, not measured.",
}

# What a whole pathway would do to the target, if it works. Fields: {target}.
PATIENT_NET: dict[str, str] = {
    "decreases": "If this works in people, it would ease {target}.",
    "increases": "If this works in people, it would make {target} worse.",
    "unknown": "It is not known whether this would make {target} better or worse.",
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

# Fields: {source}, {target}, {count}, {mechanism}, {n}, {label}.
PATIENT: dict[str, str] = {
    "title": "How {source} may affect {target}",
    "intro": "This sheet explains what studies say about how {source} might affect "
             "{target}. How sure each part is depends on the studies behind it.",
    "short_answer": "The short answer",
    "direct_lead": "What happened to people in studies:",
    "contested": "Be aware: strong studies disagree about part of this.",
    "refuted_vs_sham": "Studies that compared real acupuncture with pretend (sham) "
                       "acupuncture found little or no difference between them.",
    "refuted_other": "Some studies found no effect.",
    "no_direct": "No study in this sheet tested {source} on {target} directly.",
    "how": "How it might work",
    "how_intro": "Researchers have suggested several ways {source} could work. The "
                 "first ones listed have the best evidence.",
    "then": "{first}, then {second}",
    "via_chain": "The idea: {chain}.",
    "unknown_heading": "What is not known",
    "claim": "None of the studies we checked tested this.",
    "traditional_heading": "The traditional explanation",
    "traditional_note": "This is how traditional Chinese medicine explains it. It is a "
                        "way of explaining, not something measured in the body.",
    "no_paths": "We found no pathway from {source} to {target} in this sheet.",
    "ambiguous": "The possible pathways point in different directions, so the overall "
                 "effect is not clear.",
    "references": "Where this comes from",
    "footer": "This sheet sums up research; it is not medical advice. Talk with your "
              "doctor or therapist about what is right for you.",
}

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
    "overall": "Overall effect over the biomedical paths: {overall}.",
    "overall_detail": "{increases} path(s) increase, {decreases} decrease, {unknown} of "
                      "unknown sign, {not_causal} not causal; {traditional} path(s) through "
                      "the traditional framework are listed but not counted.",
    "truncated": "The search stopped early: more paths exist than are listed.",
    "path": "Path {n}: {chain}",
    "path_facts": "Weakest evidence: {level}. {contested}Frameworks: {frameworks}.",
    "contested": "Contested (refuting evidence of comparable weight). ",
    "net": "Net sign: {reasoning}.",
    "step": "{source} {relation} {target} [{citations}]",
    "step_no_evidence": "{source} {relation} {target} (traditional framework; no "
                        "biomedical evidence)",
    "step_claim": "{source} {relation} {target} (claimed by {claimed_by}; no checked "
                  "study supports it; level: none)",
    "evidence_counts": "Evidence (distinct references): {supports} supporting, {refutes} "
                       "refuting, {inconclusive} inconclusive; designs: {designs}.",
    "refuting": "Refuting: {items}.",
    "no_paths": "No path of at most {length} steps from {source} to {target}.",
    "references": "References",
    "synonyms": "Also called: {names}.",
    "xrefs": "Cross-references: {ids}.",
    "edge_title": "{source} {relation} {target}",
    "edge_facts": "Evidence level: {level}{contested}; framework: {framework}.",
    "edge_items": "The evidence, study by study",
    "edge_item": "{stance}{comparison}: {finding}. {key} ({design}, {subjects}): {title} "
                 "({year}). {links}",
    "edge_no_evidence": "No checked study tests this link.",
}

COMPARED: dict[str, str] = {
    "": "", "sham": " (vs sham)", "usual_care": " (vs usual care)",
    "no_treatment": " (vs no treatment)", "active": " (vs another treatment)",
    "none": " (no comparison group)"}
"""How an evidence item's comparison is said after its stance."""

SIGN_SYMBOL: dict[str, str] = {"increases": "(+)", "decreases": "(-)", "modulates": "(?)",
                               "associated_with": "(~)"}
