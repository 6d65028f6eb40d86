"""Controlled vocabularies and the evidence-level table, declared once.

Every allowed value of every enumerated field of the format lives here, as a
``Literal`` alias (used by the models and the JSON Schema) and as a tuple (used in
messages and by the CLI). The evidence grading rules live here too, so that an
editor can read and change them in one place.

Examples
--------
>>> RELATION_SIGN["decreases"]
-1
>>> RELATION_STYLE["modulates"].glyph, RELATION_STYLE["associated_with"].words
('?', 'associated with')
>>> design_level("rct")
'moderate'
>>> design_level("narrative-review", subjects="animal")
'preclinical'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

__all__ = [
    "BASES",
    "COMPARISONS",
    "CONTESTED_MARGIN",
    "DEFINITIONAL",
    "DERIVED_VOCABULARIES",
    "DESIGNS",
    "DESIGN_LEVEL",
    "EFFECTS",
    "EVIDENCE_LEVELS",
    "FILTER_FIELDS",
    "FILTER_VOCABULARIES",
    "FRAMEWORKS",
    "LEVEL_RANK",
    "NODE_KINDS",
    "OVERALL_EFFECTS",
    "PARTIAL_CAP",
    "QUANTIFIERS",
    "RELATIONS",
    "RELATION_SIGN",
    "RELATION_STYLE",
    "SOURCE_KINDS",
    "STANCES",
    "SUBJECTS",
    "SUBJECT_CAP",
    "UNGRADED",
    "VERDICTS",
    "VERDICT_STYLE",
    "VOCABULARIES",
    "Basis",
    "Comparison",
    "Design",
    "Effect",
    "EvidenceLevel",
    "Framework",
    "NodeKind",
    "OverallEffect",
    "Quantifier",
    "Relation",
    "RelationStyle",
    "SourceKind",
    "Stance",
    "Subjects",
    "Verdict",
    "VerdictStyle",
    "design_level",
]

NodeKind = Literal["treatment", "mediator", "process", "condition", "outcome", "adverse_effect",
                   "concept"]
"""What a node stands for: a treatment, a mediator (a substance or receptor), a process
(blood flow, pain signalling), a condition (a disease, whose severity edges change), an
outcome (a measured result such as disability), an adverse effect (a harm a treatment may
cause, such as stomach bleeding: an edge from a treatment to it is a harm) or a concept
(an idea, e.g. Qi)."""

Framework = Literal["biomedical", "traditional"]
"""The framework of explanation a node belongs to. ``traditional`` marks ideas of
traditional Chinese medicine (Qi, meridians): explanations, not measured biology."""

Relation = Literal["increases", "decreases", "modulates", "associated_with"]
"""How the source acts on the target: ``increases`` (+), ``decreases`` (-),
``modulates`` (causal, sign unknown), ``associated_with`` (correlation, not causal)."""

Stance = Literal["supports", "partial", "refutes", "inconclusive"]
"""Whether a study supports the edge, supports only part of it, refutes it, or neither."""

Comparison = Literal["sham", "placebo", "usual_care", "no_treatment", "active", "none"]
"""For clinical evidence, what the treatment was compared with: ``sham`` (a simulated
procedure), ``placebo`` (a dummy pill or injection), ``usual_care``, ``no_treatment``,
``active`` (another treatment) or ``none`` (no comparison group)."""

Design = Literal[
    "meta-analysis",
    "systematic-review",
    "guideline",
    "rct",
    "cohort",
    "human-mechanistic",
    "animal",
    "in-vitro",
    "narrative-review",
    "hypothesis",
    "opinion",
    "consensus",
    "unknown",
]
"""The study design of a reference (``unknown`` when the source does not say: never a
guess)."""

Subjects = Literal["human", "animal", "cell", "unknown"]
"""Who or what was studied (for a review: in the studies it reviews); ``unknown`` when
the source does not say."""

Basis = Literal["studied", "curated", "claimed", "definitional", "traditional"]
"""What an edge rests on, derived from its fields: ``studied`` (evidence items cite
references and set its level), ``curated`` (a knowledge base asserts it, ``curated_in``,
and no evidence supports it), ``claimed`` (someone claims it, ``claimed_by``, and no
evidence supports it), ``definitional`` (it holds by definition, ``definitional: true``,
and needs no study), ``traditional`` (it touches a node of the traditional framework)."""

SourceKind = Literal["web-page", "leaflet", "article", "book", "video", "other"]
"""What sort of text a source of claims is (a clinic web page, a leaflet, ...)."""

Verdict = Literal["supported", "contested", "preclinical", "untested", "traditional",
                  "contradicted", "outside"]
"""What the evidence in the graph says of a claim a source makes (derived, never written
by hand; see :mod:`mechgraph.claims`), strongest first: ``supported`` (with its level),
``contested`` (studies of comparable weight disagree), ``preclinical`` (only in animals
or cells), ``untested`` (no checked study backs it), ``traditional`` (a belief of a
traditional framework, not a measured effect), ``contradicted`` (the best evidence
refutes it); ``outside``: the claim names no link of the graph."""

EvidenceLevel = Literal["high", "moderate", "low", "preclinical", "opinion", "none"]
"""The derived evidence level of an edge, strongest first."""

Effect = Literal["increases", "decreases", "unknown", "not_causal"]
"""The net effect of one pathway: the product of its links' signs (``unknown`` when a link
``modulates``; ``not_causal`` when a link is only ``associated_with``)."""

OverallEffect = Literal["increases", "decreases", "ambiguous", "unknown", "not_causal", "none"]
"""The overall effect of a source on a target over its biomedical pathways: as
:data:`Effect`, or ``ambiguous`` when pathways point both ways, ``none`` when there is no
biomedical pathway (see :class:`mechgraph.query.PathReport`)."""

Quantifier = Literal["some", "every", "none"]
"""How many pathways an expectation speaks of: at least one, every one, or none."""

NODE_KINDS: tuple[str, ...] = get_args(NodeKind)
FRAMEWORKS: tuple[str, ...] = get_args(Framework)
RELATIONS: tuple[str, ...] = get_args(Relation)
STANCES: tuple[str, ...] = get_args(Stance)
COMPARISONS: tuple[str, ...] = get_args(Comparison)
DESIGNS: tuple[str, ...] = get_args(Design)
SUBJECTS: tuple[str, ...] = get_args(Subjects)
BASES: tuple[str, ...] = get_args(Basis)
EVIDENCE_LEVELS: tuple[str, ...] = get_args(EvidenceLevel)
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)
VERDICTS: tuple[str, ...] = get_args(Verdict)
EFFECTS: tuple[str, ...] = get_args(Effect)
OVERALL_EFFECTS: tuple[str, ...] = get_args(OverallEffect)
QUANTIFIERS: tuple[str, ...] = get_args(Quantifier)

VOCABULARIES: dict[str, tuple[str, ...]] = {
    "kind": NODE_KINDS,
    "framework": FRAMEWORKS,
    "relation": RELATIONS,
    "stance": STANCES,
    "comparison": COMPARISONS,
    "design": DESIGNS,
    "subjects": SUBJECTS,
}
# A source's ``kind`` shares its field name with a node's: messages list the allowed
# values of the model at hand (see mechgraph.validate).
"""The allowed values of each enumerated field, by field name."""

DERIVED_VOCABULARIES: dict[str, tuple[str, ...]] = {"basis": BASES}
"""The values of each derived edge attribute a view can be filtered by (no file holds
them: they follow from the edge's fields)."""

FILTER_VOCABULARIES: dict[str, tuple[str, ...]] = {**VOCABULARIES, **DERIVED_VOCABULARIES}
"""The allowed values of each filter field (:data:`FILTER_FIELDS`)."""

FILTER_FIELDS: tuple[str, ...] = ("relation", "stance", "design", "subjects", "comparison",
                                  "kind", "framework", "basis")
"""The vocabularies a view can be filtered by (with the minimum evidence level). Each is
also the name of a command-line option (``--subjects``) and of a URL parameter; the
matching attribute of :class:`mechgraph.query.Filter` is in
:data:`mechgraph.query.FILTER_ATTRIBUTES`."""

UNGRADED = "ungraded"
"""The evidence level given to every edge of the traditional framework: such an edge
describes a traditional explanation and never gets a biomedical evidence level."""

DEFINITIONAL = "definitional"
"""The evidence level of an edge that holds by definition (``definitional: true``): no
study is needed or attached, it is never counted as support, and a pathway's weakest
evidence is taken over its other links."""

@dataclass(frozen=True)
class RelationStyle:
    """How one relation is shown, everywhere it is shown (one row per relation).

    Attributes
    ----------
    sign : int or None
        +1, -1, 0 (causal, sign unknown), ``None`` (not causal).
    symbol : str
        The sign in plain ASCII, for the terminal and Mermaid (``+``, ``-``, ``?``, ``~``).
    glyph : str
        The sign as drawn beside words in the picture, explanations and the handout
        (``↑``, ``↓``, ``?``, ``~``): an unknown sign has the glyph of an unknown net
        effect, and ``↕`` means only pathways that point different ways.
    words : str
        The relation in words (``associated with``).
    plain : str
        The relation in a patient's words, for the printed handout.
    colour : str
        Its lines on screen, each at least 4.5:1 against the white page.
    print_colour : str
        Its lines on paper (darker: dark enough for text on white).
    """

    sign: int | None
    symbol: str
    glyph: str
    words: str
    plain: str
    colour: str
    print_colour: str


RELATION_STYLE: dict[str, RelationStyle] = {
    "increases": RelationStyle(sign=1, symbol="+", glyph="↑", words="increases",
                               plain="increases", colour="#1f77b4", print_colour="#1d4f91"),
    "decreases": RelationStyle(sign=-1, symbol="-", glyph="↓", words="decreases",
                               plain="decreases", colour="#d62728", print_colour="#a3161c"),
    "modulates": RelationStyle(sign=0, symbol="?", glyph="?", words="modulates",
                               plain="changes (way unknown)", colour="#6b6b6b",
                               print_colour="#4a4a4a"),
    "associated_with": RelationStyle(sign=None, symbol="~", glyph="~", words="associated with",
                                     plain="seen together", colour="#7a6a00",
                                     print_colour="#5c5c00"),
}
"""Sign, symbols, words and colours of each relation, in :data:`RELATIONS` order. Every
display table by relation (the picture's colours and words, the handout's, Mermaid's
labels, the explanations' signs) is made from this one."""

RELATION_SIGN: dict[str, int | None] = {r: style.sign for r, style in RELATION_STYLE.items()}
"""The sign of each relation: +1, -1, 0 (causal, sign unknown), ``None`` (not causal)."""

@dataclass(frozen=True)
class VerdictStyle:
    """How one verdict on a claim is shown, everywhere (never by colour alone).

    Attributes
    ----------
    word : str
        The verdict in one word, as printed beside the symbol.
    symbol : str
        One character beside the word (text, terminal and app).
    colour : str
        Its colour on screen, at least 4.5:1 against the white page.
    """

    word: str
    symbol: str
    colour: str


VERDICT_STYLE: dict[str, VerdictStyle] = {
    "supported": VerdictStyle("supported", "\u2713", "#1a6b2f"),      # check mark
    "contested": VerdictStyle("contested", "\u00b1", "#8a4b00"),      # plus-minus
    "preclinical": VerdictStyle("preclinical", "\u25d4", "#5b3a8c"),  # quarter circle
    "untested": VerdictStyle("untested", "?", "#555555"),
    "traditional": VerdictStyle("traditional", "\u25c7", "#7a5c00"),  # white diamond
    "contradicted": VerdictStyle("contradicted", "\u2717", "#b0141c"),  # ballot x
    "outside": VerdictStyle("outside the graph", "\u2205", "#555555"),  # empty set
}
"""Word, symbol and colour of each verdict, in :data:`VERDICTS` order."""

LEVEL_RANK: dict[str, int] = {level: len(EVIDENCE_LEVELS) - 1 - i
                              for i, level in enumerate(EVIDENCE_LEVELS)}
"""Rank of each evidence level: ``high`` is 5, ``none`` is 0."""

DESIGN_LEVEL: dict[str, str] = {
    # Syntheses of many trials, and guidelines built on them.
    "meta-analysis": "high",
    "systematic-review": "high",
    "guideline": "high",
    # Single randomised trials.
    "rct": "moderate",
    # Observational and mechanistic studies in people; narrative reviews of them.
    "cohort": "low",
    "human-mechanistic": "low",
    "narrative-review": "low",
    # Animals and cells.
    "animal": "preclinical",
    "in-vitro": "preclinical",
    # Ideas and judgements, not data.
    "hypothesis": "opinion",
    "opinion": "opinion",
    "consensus": "opinion",
    # Not said by the source: no more than a single weak study would give.
    "unknown": "low",
}
"""The best evidence level a reference of each design can give."""

SUBJECT_CAP: dict[str, str] = {"human": "high", "animal": "preclinical", "cell": "preclinical",
                               "unknown": "low"}
"""The best evidence level a reference can give, by who was studied: work in animals
or cells (and reviews of it) is preclinical evidence, whatever its design; when the
source does not say who was studied, at most low."""

PARTIAL_CAP = "low"
"""The best level evidence of stance ``partial`` gives an edge: a study that backs only
part of a link is weak support for the whole link."""

CONTESTED_MARGIN = 1
"""An edge is *contested* when its strongest refuting reference is at most this many
levels below its strongest supporting reference (or above it)."""


def design_level(design: str, subjects: str = "human") -> str:
    """Return the evidence level a reference of this design and these subjects gives.

    Parameters
    ----------
    design : str
        One of :data:`DESIGNS`.
    subjects : str, optional
        One of :data:`SUBJECTS` (default ``"human"``).

    Examples
    --------
    >>> design_level("meta-analysis")
    'high'
    >>> design_level("animal")
    'preclinical'
    >>> design_level("consensus", subjects="animal")
    'opinion'
    """
    level = DESIGN_LEVEL[design]
    cap = SUBJECT_CAP[subjects]
    return level if LEVEL_RANK[level] <= LEVEL_RANK[cap] else cap
