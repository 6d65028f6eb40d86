"""Explanations for a student: technical words, the sign reasoning, citation keys.

The paths from one node to another step by step (each link with its level or what it rests
on, the count of its evidence by stance and design, and what refutes or only partly supports
it), a node with its own evidence and its links, and one link's evidence item by item with
its findings and quotes; each with a numbered reference list. Headings name nodes by their
labels (and modules), never by their ids.
:func:`mechgraph.explain.explain` chooses the document.

Examples
--------
>>> import mechgraph
>>> kg = mechgraph.load_graph("graph")
>>> print(student_node(kg, "endorphins", "text", brief=True).title)
Endorphins and other endogenous opioids: mediator, biomedical
"""

from __future__ import annotations

from mechgraph.document import (
    Document,
    design_words,
    in_text,
    node_name,
    reference_line,
    reference_title,
    short_cite,
    subjects_words,
    year_words,
)
from mechgraph.graph import MechGraph
from mechgraph.model import Evidence
from mechgraph.query import EdgeKey, PathReport, Pathway, evidence_summary
from mechgraph.wording import (
    COMPARED,
    KIND_WORDS,
    OVERALL,
    SIGN_SYMBOL,
    STANCE_WORDS,
    STUDENT,
    STUDENT_DISPUTE,
    STUDENT_NET,
)

__all__ = ["edge_doc", "evidence_item", "student_node", "student_paths"]


def _chain(path: Pathway, kg: MechGraph) -> str:
    """A path by its nodes' labels (never their ids) and its relations with their signs."""
    parts = [node_name(kg.nodes[path.nodes[0]])]
    for (_, target, relation) in path.edges:
        parts.append(f"-[{relation} {SIGN_SYMBOL[relation]}]-> {node_name(kg.nodes[target])}")
    return " ".join(parts)


def _findings(edge_evidence: list[Evidence], stance: str) -> str:
    """The findings of one stance: 'key (vs sham): finding (Quote: "...")'."""
    return "; ".join(f"{item.ref}" + (f" (vs {item.comparison.replace('_', ' ')})"
                                      if item.comparison else "")
                     + f": {item.finding.rstrip('.')}"
                     + (f" ({STUDENT['quote'].format(quote=item.quote)})" if item.quote else "")
                     for item in edge_evidence if item.stance == stance)


def _step(kg: MechGraph, key: EdgeKey, numbers: dict[str, int]) -> str:
    edge, grade = kg.edges[key], kg.grades[key]
    basis = kg.graph.edges[key]["basis"]
    names = {"source": kg.nodes[key[0]].label, "relation": key[2],
             "target": kg.nodes[key[1]].label}
    seen = STUDENT["not_causal_step"] if key[2] == "associated_with" else ""
    if not edge.evidence:
        if basis == "definitional":
            line = STUDENT["step_definitional"].format(**names) + seen
        elif basis == "curated":
            line = STUDENT["step_curated"].format(**names, curated_in=edge.curated_in) + seen
        elif basis == "claimed":
            line = STUDENT["step_claim"].format(**names, claimed_by=edge.claimed_by) + seen
        else:
            return STUDENT["step_no_evidence"].format(**names) + seen
        return f"{line}. {edge.description}" if edge.description else line
    keys = list(dict.fromkeys(item.ref for item in edge.evidence))
    for k in keys:
        numbers.setdefault(k, len(numbers) + 1)
    line = STUDENT["step"].format(**names, citations="; ".join(keys)) + seen
    line += (f" (level: {grade.level}"
             f"{', refuted' if grade.refuted else ', contested' if grade.contested else ''})")
    if edge.description:
        line += f". {edge.description}"
    if edge.curated_in:
        line += " " + STUDENT["also_curated"].format(curated_in=edge.curated_in)
    summary = evidence_summary(kg, [key])
    designs = ", ".join(f"{'design not recorded' if d == 'unknown' else d} {n}"
                        for d, n in sorted(summary.by_design.items()))
    counts = dict(summary.by_stance)
    partial = counts.pop("partial", 0)
    line += "\n" + STUDENT["evidence_counts"].format(
        **counts, designs=designs,
        partial=STUDENT["partial_count"].format(n=partial) if partial else "")
    for stance in ("partial", "refutes"):
        items = _findings(edge.evidence, stance)
        if items:
            line += "\n" + STUDENT["refuting" if stance == "refutes" else "partial"].format(
                items=items)
    dispute = _dispute(kg, key)
    return f"{line}\n{dispute}" if dispute else line


def _dispute(kg: MechGraph, key: EdgeKey) -> str:
    """Who contests or refutes a link, with each study's design and subjects, and how the
    strongest evidence on each side compares ('' when neither)."""
    grade = kg.grades[key]
    if not (grade.contested or grade.refuted):
        return ""
    refs = list(dict.fromkeys(item.ref for item in kg.edges[key].evidence
                              if item.stance == "refutes"))
    studies = "; ".join(STUDENT_DISPUTE["study"].format(
        key=r, cite=short_cite(kg.references[r]), design=design_words(kg.references[r]),
        subjects=subjects_words(kg.references[r])) for r in refs)
    return STUDENT_DISPUTE["refuted" if grade.refuted else "contested"].format(
        studies=studies, refute=grade.best_refute, support=grade.best_support)


def student_paths(kg: MechGraph, report: PathReport, fmt: str) -> Document:
    ends = {"source": in_text(node_name(kg.nodes[report.source])),
            "target": in_text(node_name(kg.nodes[report.target]))}
    doc = Document(STUDENT["title"].format(**ends))
    doc.para(STUDENT["overall"].format(overall=report.overall))
    counts = {k: len(v) for k, v in report.by_effect.items()}
    doc.para(STUDENT["overall_detail"].format(
        **counts, traditional=sum(p.traditional for p in report.paths)))
    by_evidence = [OVERALL[basis].format(n=n) for basis, n in report.by_evidence.items() if n]
    if by_evidence:
        doc.para(STUDENT["by_evidence"].format(parts=", ".join(by_evidence)))
    if report.truncated:
        doc.para(STUDENT["truncated"])
    if not report.paths:
        doc.para(STUDENT["no_paths"].format(length=report.max_length, **ends))
    numbers: dict[str, int] = {}
    for n, path in enumerate(report.paths, 1):
        doc.heading(STUDENT["path"].format(n=n, chain=_chain(path, kg)))
        doc.para(STUDENT["path_facts"].format(
            level=path.weakest_evidence,
            contested=(STUDENT["refuted"] if path.refuted
                       else STUDENT["contested"] if path.contested else ""),
            frameworks=", ".join(path.frameworks)))
        signs = " x ".join(SIGN_SYMBOL[r] for r in path.relations)
        doc.para(STUDENT["net"].format(
            reasoning=STUDENT_NET[path.net_effect].format(signs=signs)))
        doc.items([_step(kg, key, numbers) for key in path.edges], numbered=True)
    if numbers:
        doc.heading(STUDENT["references"])
        doc.items([reference_line(k, kg.references[k], fmt) for k in numbers], numbered=True)
    return doc


def evidence_item(kg: MechGraph, item: Evidence) -> str:
    """One evidence item for a student: its stance in words ('partly supports'), the
    comparison, the finding, the source's own words marked as a quote, then the reference
    (its design, subjects, title or identifier, year, addresses)."""
    ref = kg.references[item.ref]
    quote = " " + STUDENT["quote"].format(quote=item.quote) if item.quote else ""
    return STUDENT["edge_item"].format(
        stance=STANCE_WORDS[item.stance],
        comparison=COMPARED.get(item.comparison or "", f" (vs {item.comparison})"),
        finding=item.finding.rstrip("."), quote=quote, key=item.ref,
        design=design_words(ref), subjects=subjects_words(ref), title=reference_title(ref),
        year=year_words(ref), links=" ".join(ref.urls.values())).rstrip()


def student_node(kg: MechGraph, node_id: str, fmt: str, *, brief: bool = False) -> Document:
    node = kg.nodes[node_id]
    doc = Document(STUDENT["node_title"].format(name=node_name(node), kind=node.kind,
                                                framework=node.framework))
    doc.para(node.description or node.plain or STUDENT["node_fallback"].format(
        label=node.label, kind=KIND_WORDS[node.kind]))
    doc.para(STUDENT["node_facts"].format(id=node_id))
    if node.synonyms:
        doc.para(STUDENT["synonyms"].format(names="; ".join(node.synonyms)))
    if node.xrefs:
        doc.para(STUDENT["xrefs"].format(ids=", ".join(node.xrefs)))
    if node.evidence:
        doc.heading(STUDENT["node_evidence"].format(label=node.label))
        doc.items([evidence_item(kg, item) for item in node.evidence])
    if brief:
        return doc
    numbers: dict[str, int] = {}
    edges = sorted(kg.graph.in_edges(node_id, keys=True)) + sorted(
        kg.graph.out_edges(node_id, keys=True))
    doc.items([_step(kg, key, numbers) for key in edges], numbered=True)
    for item in node.evidence:
        numbers.setdefault(item.ref, len(numbers) + 1)
    if numbers:
        doc.heading(STUDENT["references"])
        doc.items([reference_line(k, kg.references[k], fmt) for k in numbers], numbered=True)
    return doc


def edge_doc(kg: MechGraph, key: EdgeKey, fmt: str) -> Document:
    edge, grade = kg.edges[key], kg.grades[key]
    basis = kg.graph.edges[key]["basis"]
    doc = Document(STUDENT["edge_title"].format(source=kg.nodes[key[0]].label, relation=key[2],
                                            target=in_text(kg.nodes[key[1]].label)))
    doc.para(STUDENT["edge_facts"].format(
        level=grade.level,
        contested=", refuted" if grade.refuted else ", contested" if grade.contested else "",
        framework=kg.framework_of(edge)))
    if key[2] == "associated_with":
        doc.para(STUDENT["edge_not_causal"])
    for text in (edge.plain, edge.description):
        if text:
            doc.para(text)
    if edge.curated_in:
        doc.para(STUDENT["edge_curated"].format(curated_in=edge.curated_in)
                 if basis == "curated" else STUDENT["also_curated"].format(
                     curated_in=edge.curated_in))
    if edge.claimed_by:
        doc.para(STUDENT["step_claim"].format(source=kg.nodes[key[0]].label, relation=key[2],
                                              target=kg.nodes[key[1]].label,
                                              claimed_by=edge.claimed_by))
    if edge.definitional:
        doc.para(STUDENT["edge_definitional"])
    if not edge.evidence:
        if basis not in ("curated", "definitional"):  # their lines have said it
            doc.para(STUDENT["edge_no_evidence"])
        return doc
    dispute = _dispute(kg, key)
    if dispute:
        doc.para(dispute)
    doc.heading(STUDENT["edge_items"])
    doc.items([evidence_item(kg, item) for item in edge.evidence])
    return doc
