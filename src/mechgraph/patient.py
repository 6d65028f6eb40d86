"""Explanations for a patient: plain words, hedged by the evidence, honest about sham.

A patient sheet (the paths from a treatment to a condition, or from any node to any other:
from a disease mechanism, the sheet says what it "contributes to", never that it "works"),
a node with its links, and one link's evidence grouped into the studies that support it,
partly support it, found no effect or the opposite, or were unclear, each in plain words
with its links. What a link rests on decides how sure the words are: a link a knowledge
base asserts with no study attached is said to be just that. The words come from
:mod:`mechgraph.wording`; :func:`mechgraph.explain.explain` chooses the document.

Examples
--------
>>> import mechgraph
>>> kg = mechgraph.load_graph("graph")
>>> sheet_title(kg, "acupuncture", "chronic_low_back_pain")
'How acupuncture may affect chronic low back pain'
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from mechgraph.claimtext import claims_section
from mechgraph.document import (
    Document,
    brief_reference_line,
    in_text,
    node_name,
    reference_line,
    short_cite,
    short_reference_line,
    year_words,
)
from mechgraph.evidence import SUPPORTING
from mechgraph.graph import MechGraph
from mechgraph.model import Reference
from mechgraph.query import EdgeKey, PathReport, Pathway
from mechgraph.vocab import DEFINITIONAL, LEVEL_RANK, PARTIAL_CAP, RELATION_STYLE, UNGRADED
from mechgraph.wording import (
    COMPARED_PLAIN,
    DISPUTE,
    KIND_WORDS,
    PATIENT,
    PATIENT_EDGE,
    PATIENT_EDGE_TITLE,
    PATIENT_EDGE_TITLE_CONDITION,
    PATIENT_EDGE_TITLE_MECHANISM,
    PATIENT_HEDGE,
    PATIENT_HEDGE_BRIEF,
    PATIENT_MECHANISM,
    PATIENT_NET,
    PATIENT_NET_ANIMAL,
    PATIENT_NET_BRIEF,
    PATIENT_NET_BRIEF_MECHANISM,
    PATIENT_NET_MECHANISM,
    STUDY_KIND,
    STUDY_KIND_SUBJECTS,
    SUBJECTS_PLAIN,
)

__all__ = ["curated_sources", "dispute_sentences", "edge_hedge", "edge_title", "is_treatment",
           "node_plain", "path_hedge", "path_name", "path_unrecorded", "patient_edge",
           "patient_node", "patient_paths", "refuted_line", "sheet_title", "studies_words"]

_MAX_NAMED_STEPS = 3
"""A pathway with more steps between its ends is named 'Via N steps: A, B, C, ...'."""


def is_treatment(kg: MechGraph, node_id: str) -> bool:
    """Whether a sheet from ``node_id`` speaks of a treatment ("could work", "would ease")
    or, for any other source, of a mechanism ("contributes to")."""
    return kg.nodes[node_id].kind == "treatment"


@dataclass(frozen=True)
class _Voice:
    """The words of a sheet: a treatment's, or a mechanism's."""

    words: dict[str, str]
    net: dict[str, str]
    net_brief: dict[str, str]


_TREATMENT = _Voice(PATIENT, PATIENT_NET, PATIENT_NET_BRIEF)
_MECHANISM = _Voice(PATIENT_MECHANISM, PATIENT_NET_MECHANISM, PATIENT_NET_BRIEF_MECHANISM)


def _voice(kg: MechGraph, source: str) -> _Voice:
    return _TREATMENT if is_treatment(kg, source) else _MECHANISM


def sheet_title(kg: MechGraph, source: str, target: str) -> str:
    """The title of a patient sheet: ``How acupuncture may affect chronic low back pain``."""
    return PATIENT["title"].format(source=in_text(node_name(kg.nodes[source])),
                                   target=in_text(node_name(kg.nodes[target])))


def node_plain(kg: MechGraph, node_id: str) -> str:
    """A node's plain words, or a clearly marked stand-in (its label and kind), never
    words made up: 'Coagulopathy (a process; no plain-language description yet).'"""
    node = kg.nodes[node_id]
    if node.plain:
        return node.plain
    return PATIENT["node_fallback"].format(label=node.label, kind=KIND_WORDS[node.kind])


def curated_sources(kg: MechGraph, keys: tuple[EdgeKey, ...] | list[EdgeKey]) -> str:
    """The knowledge bases that assert the ungraded links among ``keys``: 'dismech'."""
    names = list(dict.fromkeys(
        str(kg.edges[key].curated_in) for key in keys
        if kg.edges[key].curated_in and kg.grades[key].level == UNGRADED))
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def _curated(level: str, traditional: bool) -> bool:
    """Whether a link (or a pathway's weakest link) rests on a knowledge base alone: an
    ungraded link outside the traditional framework is curated with no study attached."""
    return level == UNGRADED and not traditional


def _unrecorded(kg: MechGraph, key: EdgeKey) -> bool:
    """Whether every study that gives a link its level is of a kind (design or subjects)
    its source did not record: its level then says nothing about studies in people (an
    animal study beside it, of a lower level, does not change that)."""
    level = LEVEL_RANK.get(kg.grades[key].level)
    top = [ref for item in kg.edges[key].evidence if item.stance in SUPPORTING
           for ref in (kg.references[item.ref],)
           if min(LEVEL_RANK[ref.level], LEVEL_RANK[PARTIAL_CAP] if item.stance == "partial"
                  else LEVEL_RANK[ref.level]) == level]
    return bool(top) and all("unknown" in (ref.design, ref.subjects) for ref in top)


def path_unrecorded(kg: MechGraph, path: Pathway) -> bool:
    """Whether one of a pathway's weakest links rests on studies of an unrecorded kind
    only: the pathway is then no better known than that link."""
    weakest = [k for k in path.edges if kg.grades[k].level == path.weakest_evidence]
    return path.weakest_evidence == "low" and any(_unrecorded(kg, k) for k in weakest)


def edge_hedge(kg: MechGraph, key: EdgeKey) -> str:
    """How sure a patient is told to be of one link: by its level, or, for a link a
    knowledge base asserts with no study, which knowledge base; a level that rests only on
    studies of an unrecorded kind never reads as studies in people."""
    level = kg.grades[key].level
    if _curated(level, kg.framework_of(kg.edges[key]) == "traditional"):
        return PATIENT_EDGE["curated"].format(source=kg.edges[key].curated_in)
    if level == "low" and _unrecorded(kg, key):
        return PATIENT_HEDGE["unrecorded"]
    if level == "none" and kg.edges[key].evidence:  # studied, and no study supports it
        return PATIENT_HEDGE["inconclusive_link"]
    return PATIENT_HEDGE[level]


def path_hedge(kg: MechGraph, path: Pathway, *, brief: bool = False) -> str:
    """How sure a patient is told to be of a pathway: by its weakest link."""
    table = PATIENT_HEDGE_BRIEF if brief else PATIENT_HEDGE
    if _curated(path.weakest_evidence, path.traditional):
        if path.length == 1 and not brief:
            return edge_hedge(kg, path.edges[0])
        return table["curated"].format(source=curated_sources(kg, path.edges))
    if path_unrecorded(kg, path):
        return table["unrecorded"]
    if path.evidence_basis in ("inconclusive", DEFINITIONAL):
        return table[path.evidence_basis]
    return table[path.weakest_evidence]


def _edge_sentences(kg: MechGraph, key: EdgeKey) -> list[str]:
    """One link in a patient's words: its curated plain words, or else its hedged title;
    a link seen together is always said to be no cause."""
    edge = kg.edges[key]
    out = [edge.plain or edge_title(kg, key) + "."]
    if key[2] == "associated_with" and edge.plain:
        out.append(PATIENT["seen_together"].format(
            source=kg.nodes[key[0]].label, target=in_text(kg.nodes[key[1]].label)))
    if edge.definitional:
        out.append(PATIENT["definitional"])
    return out


class _Told:
    """What a patient sheet has said already, so that no link is explained twice."""

    def __init__(self, kg: MechGraph):
        self.kg = kg
        self.edges: set[EdgeKey] = set()
        self.refs: dict[str, None] = {}

    def sentences(self, path: Pathway) -> list[str]:
        out = []
        for key in path.edges:
            for item in self.kg.edges[key].evidence:
                self.refs.setdefault(item.ref)
            if key in self.edges:
                continue
            self.edges.add(key)
            out.extend(_edge_sentences(self.kg, key))
        if any(self.kg.edges[key].claimed_by and self.kg.grades[key].level == "none"
               for key in path.edges):
            out.append(PATIENT["claim"])
        return out


def _refuting(kg: MechGraph, key: EdgeKey, *, comparison: str | None = None) -> list[str]:
    """The references that refute an edge (only those compared with ``comparison``, if
    given), strongest first, then by year."""
    keys = dict.fromkeys(item.ref for item in kg.edges[key].evidence
                         if item.stance == "refutes"
                         and (comparison is None or item.comparison == comparison))
    return sorted(keys, key=lambda k: (-LEVEL_RANK[kg.references[k].level],
                                       str(kg.references[k].year), k))


_MAX_NAMED = 3
"""The most studies named in one sentence; the rest are counted ('and 2 more')."""


def studies_words(kg: MechGraph, refs: list[str]) -> str:
    """Studies in a patient's words, each by its kind and who, when: 'a randomised trial
    (Haake 2007) and an opinion piece (Colquhoun 2013)'.

    Examples
    --------
    >>> import mechgraph
    >>> kg = mechgraph.load_graph("graph")
    >>> studies_words(kg, ["haake2007", "cherkin2009", "colquhoun2013"])
    'a randomised trial (Haake 2007), another (Cherkin 2009) and an opinion piece (Colquhoun 2013)'
    """
    named, before = [], None
    for r in refs[:_MAX_NAMED]:
        kind = _lower_first(_study_kind(kg.references[r]))
        cite = short_cite(kg.references[r])
        named.append(DISPUTE["another"].format(cite=cite) if kind == before
                     else DISPUTE["study"].format(kind=kind, cite=cite))
        before = kind
    if len(refs) > _MAX_NAMED:
        named.append(DISPUTE["more"].format(n=len(refs) - _MAX_NAMED))
    return ", ".join(named[:-1]) + DISPUTE["and"] + named[-1] if len(named) > 1 else named[0]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def refuted_line(kg: MechGraph, key: EdgeKey) -> str:
    """What the refuting studies of an edge found, for a patient, naming them: the sham
    line when one compared the treatment (the edge's source) with sham."""
    sham = _refuting(kg, key, comparison="sham")
    if sham:
        return PATIENT["refuted_vs_sham"].format(source=in_text(kg.nodes[key[0]].label),
                                                 studies=studies_words(kg, sham))
    return PATIENT["refuted_other"].format(studies=studies_words(kg, _refuting(kg, key)))


def _disputed_line(kg: MechGraph, key: EdgeKey) -> str:
    """The 'Be aware' line of a contested or refuted link, naming who disagrees."""
    lead = PATIENT["refuted" if kg.grades[key].refuted else "contested"]
    return f"{lead} {refuted_line(kg, key)}"


def dispute_sentences(kg: MechGraph, path: Pathway, *, brief: bool = False) -> list[str]:
    """For each link of a pathway that refuting studies contest or outweigh: who found
    no effect or the opposite (kind of study, first author, year) and whether that weighs
    as much as the support (disputed) or more (the stronger evidence is against it).

    Examples
    --------
    >>> import mechgraph
    >>> from mechgraph.query import find_paths
    >>> kg = mechgraph.load_graph("graph")
    >>> dispute_sentences(kg, find_paths(kg, "acupuncture", "endorphins").paths[0])
    []
    """
    out = []
    for key in path.edges:
        grade = kg.grades[key]
        if not (grade.contested or grade.refuted):
            continue
        kind = ("refuted" if grade.refuted else "contested") + ("_brief" if brief else "")
        out.append(DISPUTE[kind].format(studies=studies_words(kg, _refuting(kg, key)),
                                        step=_lower_first(edge_title(kg, key))))
    return out


def path_name(kg: MechGraph, path: Pathway, *, twins: bool = False) -> str:
    """A name for a pathway, made of every step between its ends: 'Endorphins, then pain
    signalling and perception'; a step reached by a link seen together says so (the first
    too: 'Seen together with A, then B'); with more
    than three steps, 'Via 5 steps: A, B, C, D, E'. ``twins``: other pathways pass the same
    nodes (by other links), so the relations are said too.

    Examples
    --------
    >>> import mechgraph
    >>> from mechgraph.query import find_paths
    >>> kg = mechgraph.load_graph("graph")
    >>> paths = find_paths(kg, "acupuncture", "chronic_low_back_pain").paths
    >>> path_name(kg, next(p for p in paths if p.nodes[1] == "endorphins"))
    'Endorphins and other endogenous opioids, then pain signalling and perception'
    """
    steps = path.nodes[1:-1] or path.nodes[:1]
    labels = [kg.nodes[n].label for n in steps]
    if len(steps) > _MAX_NAMED_STEPS:
        name = PATIENT["via_steps"].format(n=len(steps), names=", ".join(
            [labels[0], *(in_text(label) for label in labels[1:])]))
    else:
        name = (PATIENT["seen_first"].format(label=in_text(labels[0]))
                if path.relations[0] == "associated_with" and path.length > 1 else labels[0])
        for i, label in enumerate(labels[1:], 1):
            seen = path.relations[i] == "associated_with"
            name += (PATIENT["seen_with"] if seen else PATIENT["then"]) + in_text(label)
    if twins:
        name = PATIENT["relations"].format(name=name, relations=", then ".join(
            RELATION_STYLE[r].plain for r in path.relations))
    return name


def _names(kg: MechGraph, paths: tuple[Pathway, ...]) -> dict[Pathway, str]:
    """Each pathway's name; pathways through the same nodes are told apart by relation."""
    through = Counter(p.nodes for p in paths)
    return {p: path_name(kg, p, twins=through[p.nodes] > 1) for p in paths}


def patient_paths(kg: MechGraph, report: PathReport, fmt: str, *, brief: bool = False,
                  compact: bool = False) -> Document:
    """The patient sheet of a report; ``brief``: the handout's (a line per group of
    pathways); ``compact`` (with ``brief``): the pathways seen only in animals share one
    line, and each reference is its first author, year, journal and address."""
    source = in_text(kg.nodes[report.source].label)
    target = in_text(kg.nodes[report.target].label)
    names = {"source": source, "target": target}
    voice = _voice(kg, report.source)
    words = voice.words
    doc = Document(sheet_title(kg, report.source, report.target))
    if not brief:
        doc.para(words["intro"].format(**names))
    told = _Told(kg)
    named = _names(kg, report.paths)
    if not report.paths:
        doc.para(words["no_paths"].format(**names))
    direct = [p for p in report.paths if p.length == 1 and not p.traditional]
    doc.heading(words["short_answer"])
    if not direct:
        doc.para(words["no_direct"].format(**names))
    for path in direct:
        doc.para(" ".join([*told.sentences(path), path_hedge(kg, path)]))
        if path.contested or path.refuted:
            doc.para(_disputed_line(kg, path.edges[0]))
    if report.overall == "ambiguous":
        doc.para(PATIENT["ambiguous"])

    known = [p for p in report.paths if p.length > 1 and not p.traditional
             and p.net_effect in ("increases", "decreases") and p.weakest_evidence != "none"]
    animal = _animal_only(kg, [p for p in report.paths if p.length > 1 and not
                               p.traditional], told) if brief and compact else []
    known = [p for p in known if p not in animal]
    if known:
        doc.heading(words["how"])
        if not brief:
            doc.para(words["how_intro"].format(**names))
        doc.items(_brief_items(kg, known, told, voice, names, named) if brief else
                  [_patient_item(kg, p, told, voice, names, named) for p in known],
                  numbered=True)
    unknown = [p for p in report.paths if p.length > 1 and not p.traditional
               and p not in known and p not in animal]
    if unknown or animal:
        doc.heading(PATIENT["unknown_heading"])
        doc.items(_brief_items(kg, unknown, told, voice, names, named)
                  + ([_animal_line(kg, animal, told, names)] if animal else []) if brief
                  else [_patient_item(kg, p, told, voice, names, named) for p in unknown])
    traditional = [p for p in report.paths if p.traditional]
    if traditional:
        doc.heading(PATIENT["traditional_heading"])
        doc.para(" ".join(s for p in traditional for s in told.sentences(p)))
        if not brief:  # the handout's key says it once, beside the dotted line
            doc.para(PATIENT["traditional_note"])
    if brief and told.refs:
        doc.heading(PATIENT["references"])
        doc.items([(short_reference_line if compact else brief_reference_line)(
            kg.references[k]) for k in told.refs], numbered=True)
    else:
        _reference_list(kg, doc, list(told.refs), fmt)
    claims_section(kg, doc, report, brief=brief)  # what a source text claims, beside this
    doc.para(PATIENT["footer"])
    return doc


def _patient_item(kg: MechGraph, path: Pathway, told: _Told, voice: _Voice,
                  names: dict[str, str], named: dict[Pathway, str]) -> str:
    sentences = told.sentences(path) + dispute_sentences(kg, path)
    lines = [f"{named[path]}. {path_hedge(kg, path)}"]
    if sentences:
        lines.append(" ".join(sentences))
    lines.append(voice.net[path.net_effect].format(**names))
    return "\n".join(lines)


def _brief_items(kg: MechGraph, paths: list[Pathway], told: _Told, voice: _Voice,
                 names: dict[str, str], named: dict[Pathway, str]) -> list[str]:
    """The handout's pathways: those with the same evidence, the same effect, the same
    untested-claim line and the same disputed links share one line, in the order of the
    first of each."""
    members: dict[tuple[str, bool, tuple[str, ...], str], list[Pathway]] = {}
    for path in paths:
        claim = PATIENT["claim"] in told.sentences(path)
        hedge = path_hedge(kg, path, brief=True)
        disputes = tuple(dispute_sentences(kg, path, brief=True))
        members.setdefault((hedge, claim, disputes, path.net_effect), []).append(path)
    items = []
    for (hedge, claim, disputes, effect), group_paths in members.items():
        group = _shared_tail_names(kg, group_paths, named)
        subject = ("It", "it") if len(group_paths) == 1 else ("Each", "each")
        items.append(" ".join([
            "; ".join([group[0], *(in_text(n) for n in group[1:])]) + ".",
            hedge, *([PATIENT["claim"]] if claim else []), *disputes,
            voice.net_brief[effect].format(**names, It=subject[0], it=subject[1])]))
    return items


def _animal_only(kg: MechGraph, paths: list[Pathway], told: _Told) -> list[Pathway]:
    """The pathways of a treatment's sheet seen only in animals, with no disputed link and
    no untested claim (those keep their own lines): when there are two or more."""
    hedge = PATIENT_HEDGE_BRIEF["preclinical"]
    out = [p for p in paths if path_hedge(kg, p, brief=True) == hedge
           and not dispute_sentences(kg, p) and PATIENT["claim"] not in told.sentences(p)]
    return out if len(out) > 1 and is_treatment(kg, paths[0].nodes[0]) else []


def _animal_line(kg: MechGraph, paths: list[Pathway], told: _Told,
                 names: dict[str, str]) -> str:
    """One line for the pathways seen only in animals: how many, the first step of each
    (each named once) and how many of them would do what."""
    for path in paths:
        told.sentences(path)  # their references are listed
    firsts = list(dict.fromkeys(in_text(kg.nodes[p.nodes[1]].label) for p in paths))
    steps = ", ".join(firsts[:-1]) + " or " + firsts[-1] if len(firsts) > 1 else firsts[0]
    counts = Counter(p.net_effect for p in paths)
    effects = "; ".join(PATIENT_NET_ANIMAL[e].format(n=counts[e], **names)
                        for e in PATIENT_NET_ANIMAL if counts[e])
    return PATIENT["animal_ways"].format(n=len(paths), names=steps, effects=effects)


def _shared_tail_names(kg: MechGraph, paths: list[Pathway],
                       named: dict[Pathway, str]) -> list[str]:
    """The names of pathways that share one handout line. When they all end with the same
    steps before the target (through pain signalling, say), each is named by its own
    steps and the shared ones are said once, last: 'A; B, then C; each then D'. Every
    step is still named, once."""
    steps = [p.nodes[1:-1] for p in paths]
    tail: tuple[str, ...] = ()
    if len(paths) > 1:
        shortest = min(len(s) for s in steps)
        while (len(tail) < shortest - 1
               and len({s[len(s) - len(tail) - 1] for s in steps}) == 1):
            tail = (steps[0][len(steps[0]) - len(tail) - 1], *tail)
    causal = all("associated_with" not in p.relations for p in paths)
    if not tail or not causal or len(set(named[p] for p in paths)) < len(paths) or any(
            len(s) > _MAX_NAMED_STEPS for s in steps):
        return [named[p] for p in paths]
    names = []
    for i, s in enumerate(steps):
        labels = [kg.nodes[n].label for n in s[:len(s) - len(tail)]]
        first = labels[0] if i == 0 else in_text(labels[0])
        names.append(PATIENT["then"].join([first, *(in_text(x) for x in labels[1:])]))
    shared = PATIENT["then"].join(in_text(kg.nodes[n].label) for n in tail)
    names[-1] += "; " + PATIENT["shared_tail"].format(names=shared)
    return names


def edge_title(kg: MechGraph, key: EdgeKey) -> str:
    """An edge as a hedged sentence: 'Acupuncture may ease chronic low back pain'; from a
    mechanism, 'Neuroinflammation may contribute to motor symptoms'."""
    if kg.nodes[key[1]].kind not in ("condition", "outcome"):
        titles = PATIENT_EDGE_TITLE
    elif is_treatment(kg, key[0]):
        titles = PATIENT_EDGE_TITLE_CONDITION
    else:
        titles = PATIENT_EDGE_TITLE_MECHANISM
    title = titles[key[2]].format(source=kg.nodes[key[0]].label,
                                  target=in_text(kg.nodes[key[1]].label))
    return title[:1].upper() + title[1:]  # a label in lower case ('valganciclovir') starts it


def _study_kind(ref: Reference) -> str:
    """What kind of study a reference is, in plain words (from its design and subjects)."""
    if (ref.design, ref.subjects) in STUDY_KIND_SUBJECTS:
        return STUDY_KIND_SUBJECTS[ref.design, ref.subjects]
    if ref.design in ("animal", "in-vitro"):
        return STUDY_KIND[ref.design]
    return STUDY_KIND[ref.design] + SUBJECTS_PLAIN.get(ref.subjects, "")


def patient_edge(kg: MechGraph, key: EdgeKey, fmt: str) -> Document:
    """One edge's evidence for a patient: a hedged title, how sure, the plain words, then
    the studies grouped by what they found, each in plain words with its links (no
    findings in numbers, no citation keys)."""
    edge, grade = kg.edges[key], kg.grades[key]
    traditional = kg.framework_of(edge) == "traditional"
    title = edge_title(kg, key)
    doc = Document(PATIENT_EDGE["traditional_title"].format(title=title) if traditional
               else title)
    doc.para(edge_hedge(kg, key))
    if grade.contested or grade.refuted:
        doc.para(_disputed_line(kg, key))
    doc.para(edge.plain or "")
    if key[2] == "associated_with" and edge.plain:
        doc.para(PATIENT["seen_together"].format(
            source=kg.nodes[key[0]].label, target=in_text(kg.nodes[key[1]].label)))
    if traditional:
        doc.para(PATIENT["traditional_note"])
    if not edge.evidence:
        if edge.claimed_by:
            doc.para(PATIENT_EDGE["claimed"].format(claimed_by=edge.claimed_by))
        elif not edge.curated_in and not edge.definitional:  # their hedges have said it
            doc.para(PATIENT_EDGE["no_evidence"])
    elif edge.claimed_by and grade.level == "none":
        doc.para(PATIENT["claim"])
    for stance in ("supports", "partial", "refutes", "inconclusive"):
        compared: dict[str, list[str]] = {}
        for item in edge.evidence:
            if item.stance == stance:
                words = COMPARED_PLAIN.get(item.comparison or "none", "")
                seen = compared.setdefault(item.ref, [])
                if words and words not in seen:
                    seen.append(words)
        if not compared:
            continue
        # A traditional edge's references describe the tradition; they test nothing.
        heading = "traditional" if traditional and stance == "supports" else stance
        doc.heading(PATIENT_EDGE[heading].format(n=len(compared)))
        items = []
        for ref_key, comparisons in compared.items():
            ref = kg.references[ref_key]
            said = (PATIENT_EDGE["compared"].format(
                comparisons=PATIENT_EDGE["compared_and"].join(comparisons))
                    if comparisons else "")
            items.append(PATIENT_EDGE["study"].format(
                kind=_study_kind(ref), compared=said, year=year_words(ref),
                links=" ".join(ref.urls.values())).rstrip())
        doc.items(items)
    return doc


def patient_node(kg: MechGraph, node_id: str, fmt: str, *, brief: bool = False) -> Document:
    node = kg.nodes[node_id]
    doc = Document(node_name(node))
    doc.para(node_plain(kg, node_id))
    if node.framework == "traditional":
        doc.para(PATIENT["traditional_note"])
    if brief:
        return doc
    told = _Told(kg)
    items = []
    for u, v, k in sorted(kg.graph.in_edges(node_id, keys=True)) + sorted(
            kg.graph.out_edges(node_id, keys=True)):
        edge = kg.edges[u, v, k]
        for item in edge.evidence:
            told.refs.setdefault(item.ref)
        hedge = [] if edge.definitional else [edge_hedge(kg, (u, v, k))]  # said below
        items.append(" ".join([*hedge, *_edge_sentences(kg, (u, v, k))]))
    doc.items(items)
    _reference_list(kg, doc, list(told.refs), fmt)
    doc.para(PATIENT["footer"])
    return doc


def _reference_list(kg: MechGraph, doc: Document, keys: list[str], fmt: str) -> None:
    if keys:
        doc.heading(PATIENT["references"])
        doc.items([reference_line(k, kg.references[k], fmt) for k in keys], numbered=True)

