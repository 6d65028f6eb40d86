"""Explanations for a student: technical words, the sign reasoning, citation keys.

The paths from a treatment to a condition step by step (each link with its level, the count
of its evidence by stance and design, and what refutes it), a node with its links, and one
link's evidence item by item with its findings; each with a numbered reference list.
:func:`mechgraph.explain.explain` chooses the document.

Examples
--------
>>> import mechgraph
>>> kg = mechgraph.load_graph("graph")
>>> print(student_node(kg, "endorphins", "text", brief=True).title)
Endorphins and other endogenous opioids (endorphins; mediator, biomedical)
"""

from __future__ import annotations

from mechgraph.document import Document, in_text, reference_line
from mechgraph.graph import MechGraph
from mechgraph.query import EdgeKey, PathReport, Pathway, evidence_summary
from mechgraph.wording import COMPARED, SIGN_SYMBOL, STUDENT, STUDENT_NET

__all__ = ["edge_doc", "student_node", "student_paths"]


def _chain(path: Pathway, kg: MechGraph) -> str:
    parts = [path.nodes[0]]
    for (_, target, relation) in path.edges:
        parts.append(f"-[{relation} {SIGN_SYMBOL[relation]}]-> {target}")
    return " ".join(parts)


def _step(kg: MechGraph, key: EdgeKey, numbers: dict[str, int]) -> str:
    edge, grade = kg.edges[key], kg.grades[key]
    names = {"source": kg.nodes[key[0]].label, "relation": key[2],
             "target": kg.nodes[key[1]].label}
    if not edge.evidence:
        if edge.claimed_by:
            line = STUDENT["step_claim"].format(**names, claimed_by=edge.claimed_by)
            return f"{line}. {edge.description}" if edge.description else line
        return STUDENT["step_no_evidence"].format(**names)
    keys = list(dict.fromkeys(item.ref for item in edge.evidence))
    for k in keys:
        numbers.setdefault(k, len(numbers) + 1)
    line = STUDENT["step"].format(**names, citations="; ".join(keys))
    line += f" (level: {grade.level}{', contested' if grade.contested else ''})"
    if edge.description:
        line += f". {edge.description}"
    summary = evidence_summary(kg, [key])
    designs = ", ".join(f"{d} {n}" for d, n in sorted(summary.by_design.items()))
    line += "\n" + STUDENT["evidence_counts"].format(**summary.by_stance, designs=designs)
    refuting = [f"{item.ref}" + (f" (vs {item.comparison.replace('_', ' ')})"
                                 if item.comparison else "") + f": {item.finding.rstrip('.')}"
                for item in edge.evidence if item.stance == "refutes"]
    if refuting:
        line += "\n" + STUDENT["refuting"].format(items="; ".join(refuting))
    return line


def student_paths(kg: MechGraph, report: PathReport, fmt: str) -> Document:
    doc = Document(STUDENT["title"].format(source=report.source, target=report.target))
    doc.para(STUDENT["overall"].format(overall=report.overall))
    counts = {k: len(v) for k, v in report.by_effect.items()}
    doc.para(STUDENT["overall_detail"].format(
        **counts, traditional=sum(p.traditional for p in report.paths)))
    if report.truncated:
        doc.para(STUDENT["truncated"])
    if not report.paths:
        doc.para(STUDENT["no_paths"].format(length=report.max_length, source=report.source,
                                            target=report.target))
    numbers: dict[str, int] = {}
    for n, path in enumerate(report.paths, 1):
        doc.heading(STUDENT["path"].format(n=n, chain=_chain(path, kg)))
        doc.para(STUDENT["path_facts"].format(
            level=path.weakest_evidence,
            contested=STUDENT["contested"] if path.contested else "",
            frameworks=", ".join(path.frameworks)))
        signs = " x ".join(SIGN_SYMBOL[r] for r in path.relations)
        doc.para(STUDENT["net"].format(
            reasoning=STUDENT_NET[path.net_effect].format(signs=signs)))
        doc.items([_step(kg, key, numbers) for key in path.edges], numbered=True)
    if numbers:
        doc.heading(STUDENT["references"])
        doc.items([reference_line(k, kg.references[k], fmt) for k in numbers], numbered=True)
    return doc


def student_node(kg: MechGraph, node_id: str, fmt: str, *, brief: bool = False) -> Document:
    node = kg.nodes[node_id]
    doc = Document(f"{node.label} ({node_id}; {node.kind}, {node.framework})")
    doc.para(node.description or node.plain or "")
    if node.synonyms:
        doc.para(STUDENT["synonyms"].format(names="; ".join(node.synonyms)))
    if node.xrefs:
        doc.para(STUDENT["xrefs"].format(ids=", ".join(node.xrefs)))
    if brief:
        return doc
    numbers: dict[str, int] = {}
    edges = sorted(kg.graph.in_edges(node_id, keys=True)) + sorted(
        kg.graph.out_edges(node_id, keys=True))
    doc.items([_step(kg, key, numbers) for key in edges], numbered=True)
    if numbers:
        doc.heading(STUDENT["references"])
        doc.items([reference_line(k, kg.references[k], fmt) for k in numbers], numbered=True)
    return doc


def edge_doc(kg: MechGraph, key: EdgeKey, fmt: str) -> Document:
    edge, grade = kg.edges[key], kg.grades[key]
    doc = Document(STUDENT["edge_title"].format(source=kg.nodes[key[0]].label, relation=key[2],
                                            target=in_text(kg.nodes[key[1]].label)))
    doc.para(STUDENT["edge_facts"].format(
        level=grade.level, contested=", contested" if grade.contested else "",
        framework=kg.framework_of(edge)))
    for text in (edge.plain, edge.description):
        if text:
            doc.para(text)
    if edge.claimed_by:
        doc.para(STUDENT["step_claim"].format(source=kg.nodes[key[0]].label, relation=key[2],
                                              target=kg.nodes[key[1]].label,
                                              claimed_by=edge.claimed_by))
    if not edge.evidence:
        doc.para(STUDENT["edge_no_evidence"])
        return doc
    doc.heading(STUDENT["edge_items"])
    items = []
    for item in edge.evidence:
        ref = kg.references[item.ref]
        items.append(STUDENT["edge_item"].format(
            stance=item.stance,
            comparison=COMPARED.get(item.comparison or "", f" (vs {item.comparison})"),
            finding=item.finding.rstrip("."), key=item.ref, design=ref.design.replace("_", " "),
            subjects=ref.subjects, title=ref.title.rstrip("."), year=ref.year,
            links=" ".join(ref.urls.values())))
    doc.items(items)
    return doc
