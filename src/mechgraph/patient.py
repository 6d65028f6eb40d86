"""Explanations for a patient: plain words, hedged by the evidence, honest about sham.

A patient sheet (the paths from a treatment to a condition), a node with its links, and one
link's evidence grouped into the studies that support it, found no effect or the opposite,
or were unclear, each in plain words with its links. The words come from
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

from mechgraph.document import Document, in_text, reference_line
from mechgraph.graph import MechGraph
from mechgraph.model import Reference
from mechgraph.query import EdgeKey, PathReport, Pathway
from mechgraph.wording import (
    COMPARED_PLAIN,
    PATIENT,
    PATIENT_EDGE,
    PATIENT_EDGE_TITLE,
    PATIENT_EDGE_TITLE_CONDITION,
    PATIENT_HEDGE,
    PATIENT_HEDGE_BRIEF,
    PATIENT_NET,
    PATIENT_NET_BRIEF,
    STUDY_KIND,
    STUDY_KIND_SUBJECTS,
    SUBJECTS_PLAIN,
)

__all__ = ["edge_title", "patient_edge", "patient_node", "patient_paths", "refuted_line",
           "sheet_title"]


def sheet_title(kg: MechGraph, source: str, target: str) -> str:
    """The title of a patient sheet: ``How acupuncture may affect chronic low back pain``."""
    return PATIENT["title"].format(source=in_text(kg.nodes[source].label),
                                   target=in_text(kg.nodes[target].label))


def _brief_reference_line(key: str, ref: Reference) -> str:
    """A handout's reference: authors, year, journal (or title) and one address; no key
    (the list numbers the references)."""
    who = f"{ref.authors} " if ref.authors else ""
    return f"{who}({ref.year}). {ref.journal or ref.title}. {next(iter(ref.urls.values()))}"


class _Told:
    """What a patient sheet has said already, so that no link is explained twice."""

    def __init__(self, kg: MechGraph):
        self.kg = kg
        self.edges: set[EdgeKey] = set()
        self.refs: dict[str, None] = {}
        self.shared: set[str] = set()

    def sentences(self, path: Pathway) -> list[str]:
        out = []
        for key in path.edges:
            for item in self.kg.edges[key].evidence:
                self.refs.setdefault(item.ref)
            if key in self.edges:
                continue
            self.edges.add(key)
            edge = self.kg.edges[key]
            if edge.plain:
                out.append(edge.plain)
        if any(self.kg.edges[key].claimed_by and self.kg.grades[key].level == "none"
               for key in path.edges):
            out.append(PATIENT["claim"])
        return out


def refuted_line(kg: MechGraph, key: EdgeKey) -> str:
    """What the refuting studies of an edge found, for a patient: the sham line when one
    compared the treatment (the edge's source) with sham."""
    refuting = [item for item in kg.edges[key].evidence if item.stance == "refutes"]
    if any(item.comparison == "sham" for item in refuting):
        return PATIENT["refuted_vs_sham"].format(source=in_text(kg.nodes[key[0]].label))
    return PATIENT["refuted_other"]


def _mechanism(kg: MechGraph, path: Pathway, shared: set[str]) -> str:
    """A name for the pathway: its first step, and the next one too when other pathways
    share the first (``shared``: such first steps)."""
    steps = path.nodes[1:-1] or path.nodes[:1]
    if steps[0] in shared and len(steps) > 1:
        return PATIENT["then"].format(first=kg.nodes[steps[0]].label,
                                      second=in_text(kg.nodes[steps[1]].label))
    return kg.nodes[steps[0]].label


def patient_paths(kg: MechGraph, report: PathReport, fmt: str, *, brief: bool = False,
                  ) -> Document:
    source = in_text(kg.nodes[report.source].label)
    target = in_text(kg.nodes[report.target].label)
    names = {"source": source, "target": target}
    doc = Document(sheet_title(kg, report.source, report.target))
    if not brief:
        doc.para(PATIENT["intro"].format(**names))
    told = _Told(kg)
    firsts = Counter(p.nodes[1] for p in report.paths if p.length > 1)
    told.shared = {n for n, count in firsts.items() if count > 1}
    if not report.paths:
        doc.para(PATIENT["no_paths"].format(**names))
    direct = [p for p in report.paths if p.length == 1 and not p.traditional]
    doc.heading(PATIENT["short_answer"])
    if not direct:
        doc.para(PATIENT["no_direct"].format(**names))
    for path in direct:
        doc.para(" ".join([*told.sentences(path), PATIENT_HEDGE[path.weakest_evidence]]))
        if path.contested:
            doc.para(f"{PATIENT['contested']} {refuted_line(kg, path.edges[0])}")
    if report.overall == "ambiguous":
        doc.para(PATIENT["ambiguous"])

    known = [p for p in report.paths if p.length > 1 and not p.traditional
             and p.net_effect in ("increases", "decreases") and p.weakest_evidence != "none"]
    if known:
        doc.heading(PATIENT["how"])
        if not brief:
            doc.para(PATIENT["how_intro"].format(**names))
        doc.items(_brief_items(kg, known, told, target) if brief else
                  [_patient_item(kg, p, told, target) for p in known], numbered=True)
    unknown = [p for p in report.paths if p.length > 1 and not p.traditional
               and p not in known]
    if unknown:
        doc.heading(PATIENT["unknown_heading"])
        doc.items(_brief_items(kg, unknown, told, target) if brief else
                  [_patient_item(kg, p, told, target) for p in unknown])
    traditional = [p for p in report.paths if p.traditional]
    if traditional:
        doc.heading(PATIENT["traditional_heading"])
        doc.para(" ".join(s for p in traditional for s in told.sentences(p)))
        if not brief:  # the handout's key says it once, beside the dotted line
            doc.para(PATIENT["traditional_note"])
    if brief and told.refs:
        doc.heading(PATIENT["references"])
        doc.items([_brief_reference_line(k, kg.references[k]) for k in told.refs],
                  numbered=True)
    else:
        _reference_list(kg, doc, list(told.refs), fmt)
    doc.para(PATIENT["footer"])
    return doc


def _patient_item(kg: MechGraph, path: Pathway, told: _Told, target: str) -> str:
    sentences = told.sentences(path)
    lines = [f"{_mechanism(kg, path, told.shared)}. {PATIENT_HEDGE[path.weakest_evidence]}"]
    if sentences:
        lines.append(" ".join(sentences))
    lines.append(PATIENT_NET[path.net_effect].format(target=target))
    return "\n".join(lines)


def _brief_items(kg: MechGraph, paths: list[Pathway], told: _Told, target: str) -> list[str]:
    """The handout's pathways: those with the same evidence, the same effect and the same
    untested-claim line share one line, in the order of the first of each."""
    groups: dict[tuple[str, bool, str], list[str]] = {}
    for path in paths:
        claim = PATIENT["claim"] in told.sentences(path)
        name = _mechanism(kg, path, told.shared)
        groups.setdefault((path.weakest_evidence, claim, path.net_effect), []).append(name)
    items = []
    for (level, claim, effect), names in groups.items():
        subject = ("It", "it") if len(names) == 1 else ("Each", "each")
        items.append(" ".join([
            "; ".join([names[0], *(in_text(n) for n in names[1:])]) + ".",
            PATIENT_HEDGE_BRIEF[level], *([PATIENT["claim"]] if claim else []),
            PATIENT_NET_BRIEF[effect].format(target=target, It=subject[0], it=subject[1])]))
    return items


def edge_title(kg: MechGraph, key: EdgeKey) -> str:
    """An edge as a hedged sentence: 'Acupuncture may ease chronic low back pain'."""
    titles = (PATIENT_EDGE_TITLE_CONDITION if kg.nodes[key[1]].kind in ("condition", "outcome")
              else PATIENT_EDGE_TITLE)
    return titles[key[2]].format(source=kg.nodes[key[0]].label,
                                 target=in_text(kg.nodes[key[1]].label))


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
    doc.para(PATIENT_HEDGE[grade.level])
    if grade.contested:
        doc.para(f"{PATIENT['contested']} {refuted_line(kg, key)}")
    doc.para(edge.plain or "")
    if traditional:
        doc.para(PATIENT["traditional_note"])
    if not edge.evidence:
        doc.para(PATIENT_EDGE["claimed"].format(claimed_by=edge.claimed_by)
                 if edge.claimed_by else PATIENT_EDGE["no_evidence"])
    elif edge.claimed_by and grade.level == "none":
        doc.para(PATIENT["claim"])
    for stance in ("supports", "refutes", "inconclusive"):
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
                kind=_study_kind(ref), compared=said, year=ref.year,
                links=" ".join(ref.urls.values())).rstrip())
        doc.items(items)
    return doc


def patient_node(kg: MechGraph, node_id: str, fmt: str, *, brief: bool = False) -> Document:
    node = kg.nodes[node_id]
    doc = Document(node.label)
    doc.para(node.plain or node.description or "")
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
        level = kg.grades[u, v, k].level
        items.append(" ".join(x for x in (PATIENT_HEDGE[level], edge.plain or "") if x))
    doc.items(items)
    _reference_list(kg, doc, list(told.refs), fmt)
    doc.para(PATIENT["footer"])
    return doc


def _reference_list(kg: MechGraph, doc: Document, keys: list[str], fmt: str) -> None:
    if keys:
        doc.heading(PATIENT["references"])
        doc.items([reference_line(k, kg.references[k], fmt) for k in keys], numbered=True)

