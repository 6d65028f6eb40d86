"""What the command line prints, as text for a terminal and as JSON records for scripts.

Each function turns a library result (a loaded graph, a :class:`~mechgraph.query.PathReport`,
search matches, an edit) into the exact text or JSON-ready dict a ``mechgraph`` command
prints, so the command line stays a few lines over one library call and the shapes can be
used and tested without it. Nothing here prints or imports a heavy library.

Examples
--------
>>> import mechgraph
>>> kg = mechgraph.load_graph("graph")
>>> print(node_text(kg, "qi").splitlines()[0])
Qi (free flow of vital energy) (qi) - concept, traditional
>>> edge_record(kg, ("acupuncture", "endorphins", "increases"))["evidence_level"]
'preclinical'
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for the annotations only: this module imports nothing heavy
    from collections.abc import Sequence

    from mechgraph.edit import EditResult
    from mechgraph.errors import Problem
    from mechgraph.graph import GraphCounts, MechGraph
    from mechgraph.keys import EdgeKey
    from mechgraph.query import PathReport, Pathway
    from mechgraph.search import Match

from mechgraph import wording
from mechgraph.vocab import RELATION_STYLE

__all__ = ["ARROW", "EFFECT", "chain", "columns", "edge_record", "edit_record", "edit_text",
           "matches_text", "node_record", "node_text", "paths_text", "plural", "stats_text",
           "validate_record", "validate_text"]

ARROW = {relation: style.symbol for relation, style in RELATION_STYLE.items()}
"""The sign of each relation in a chain: ``a -(+)-> b`` (from :data:`RELATION_STYLE`)."""
EFFECT = {**wording.EFFECT, "ambiguous": "↕ ambiguous", "none": "none"}
"""Each net or overall effect with its symbol: a pathway's in the words of the explanations
(:data:`mechgraph.wording.EFFECT`), and the two only a whole report has, kept short for a
table."""

_STATS_TABLES = (("nodes by kind", "nodes_by_kind"), ("nodes by framework", "nodes_by_framework"),
                 ("edges by relation", "edges_by_relation"),
                 ("edges by evidence level", "edges_by_evidence_level"),
                 ("edges by framework", "edges_by_framework"),
                 ("references by design", "references_by_design"))


def plural(n: int, word: str) -> str:
    """``n`` and ``word``, with an ``s`` unless ``n`` is 1.

    Examples
    --------
    >>> plural(1, "file"), plural(2, "error")
    ('1 file', '2 errors')
    """
    return f"{n} {word}" + ("" if n == 1 else "s")


def columns(header: list[str], rows: list[list[str]]) -> list[str]:
    """Left-aligned columns, two spaces apart (the last one is not padded).

    Examples
    --------
    >>> print("\\n".join(columns(["id", "label"], [["qi", "Qi"], ["endorphins", "E"]])))
    id          label
    qi          Qi
    endorphins  E
    """
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    return ["  ".join([*(c.ljust(w) for c, w in zip(r[:-1], widths, strict=True)), r[-1]])
            .rstrip() for r in [header, *rows]]


def validate_record(root: Path, counts: GraphCounts | None, problems: Sequence[Problem],
                    ) -> dict[str, Any]:
    """The JSON of ``mechgraph validate --json``: the counts (``None`` when the graph did
    not load) and every problem."""
    return {"graph": str(root), "ok": not problems, "error_count": len(problems),
            "problems": [p.to_dict() for p in problems],
            "counts": None if counts is None else dataclasses.asdict(counts)}


def validate_text(root: Path, counts: GraphCounts | None, problems: Sequence[Problem]) -> str:
    """What ``mechgraph validate`` prints: every problem and their count, or the counts of
    a clean graph.

    Examples
    --------
    >>> from mechgraph.errors import Problem
    >>> print(validate_text(Path("g"), None, [Problem("g/a.yaml", 1, 1, "", "bad",
    ...                                                "not-a-mapping")]))
    g/a.yaml:1:1: bad
    1 error in 1 file
    """
    if counts is None:
        files = len({p.file for p in problems})
        return "\n".join([*map(str, problems),
                          f"{plural(len(problems), 'error')} in {plural(files, 'file')}"])
    return (f"{root}: {plural(counts.files, 'file')}, {plural(counts.nodes, 'node')}, "
            f"{plural(counts.edges, 'edge')}, {plural(counts.references, 'reference')}: "
            "no errors")


def _table(title: str, counts: dict[str, int]) -> list[str]:
    width = max(len(k) for k in counts)
    return [f"{title}:", *(f"  {k:<{width}}  {v:>6}" for k, v in counts.items())]


def stats_text(root: Path, stats: dict[str, Any]) -> str:
    """What ``mechgraph stats`` prints: the totals, then a table per count of
    :meth:`MechGraph.stats <mechgraph.graph.MechGraph.stats>`."""
    lines = [f"{root}: {plural(stats['files'], 'file')}",
             f"  nodes {stats['nodes']}, edges {stats['edges']} "
             f"({stats['contested_edges']} contested), references {stats['references']}, "
             f"evidence items {stats['evidence_items']}", ""]
    for title, key in _STATS_TABLES:
        lines += [*_table(title, stats[key]), ""]
    return "\n".join(lines).rstrip()


def chain(path: Pathway) -> str:
    """The path as ``a -(+)-> b -(-)-> c``.

    Examples
    --------
    >>> import mechgraph
    >>> report = mechgraph.find_paths(mechgraph.load_graph("graph"), "acupuncture",
    ...                               "pain_signalling", max_length=2)
    >>> chain(report.paths[0])
    'acupuncture -(+)-> endorphins -(-)-> pain_signalling'
    """
    out = path.nodes[0]
    for (_, target, relation) in path.edges:
        out += f" -({ARROW[relation]})-> {target}"
    return out


def paths_text(report: PathReport) -> str:
    """What ``mechgraph paths`` prints: the overall effect, then a row per path."""
    lines = [f"{report.source} -> {report.target}: {plural(len(report.paths), 'path')} of at "
             f"most {report.max_length} steps; overall effect: {EFFECT[report.overall]}"
             + (" (search stopped early: more paths exist)" if report.truncated else "")]
    by_evidence = [wording.OVERALL[basis].format(n=n)
                   for basis, n in report.by_evidence.items() if n]
    if by_evidence:  # so that untested pathways are never read as if they weighed
        lines.append(f"pathways by evidence (weakest link): {', '.join(by_evidence)}")
    if report.paths:
        rows = [[str(n), EFFECT[p.net_effect], p.weakest_evidence,
                 "refuted" if p.refuted else "yes" if p.contested else "",
                 ", ".join(p.frameworks), chain(p)]
                for n, p in enumerate(report.paths, 1)]
        lines += columns(["#", "effect", "weakest", "contested", "frameworks", "path"], rows)
    return "\n".join(lines)


def edge_record(kg: MechGraph, key: EdgeKey) -> dict[str, Any]:
    """An edge as JSON: its ends, relation, grade and framework, and each evidence item with
    its reference's title, design and links (the edges of ``mechgraph show --json``)."""
    edge, grade = kg.edges[key], kg.grades[key]
    return {"source": key[0], "target": key[1], "relation": key[2],
            "evidence_level": grade.level, "contested": grade.contested,
            "refuted": grade.refuted, "definitional": edge.definitional,
            "framework": kg.framework_of(edge), "description": edge.description,
            "plain": edge.plain,
            "evidence": [{**item.model_dump(), "title": kg.references[item.ref].title,
                          "design": kg.references[item.ref].design,
                          "links": kg.references[item.ref].urls}
                         for item in edge.evidence]}


def _neighbours(kg: MechGraph, node_id: str) -> tuple[list[EdgeKey], list[EdgeKey]]:
    return (sorted(kg.graph.in_edges(node_id, keys=True)),
            sorted(kg.graph.out_edges(node_id, keys=True)))


def node_record(kg: MechGraph, node_id: str) -> dict[str, Any]:
    """A node as JSON with where it is defined and its edges in and out
    (``mechgraph show --json``)."""
    incoming, outgoing = _neighbours(kg, node_id)
    return {"node": kg.nodes[node_id].model_dump(),
            "location": str(kg.locations["node", node_id]),
            "in": [edge_record(kg, k) for k in incoming],
            "out": [edge_record(kg, k) for k in outgoing]}


def node_text(kg: MechGraph, node_id: str) -> str:
    """What ``mechgraph show`` prints: the node, then its edges in and out, each with its
    grade and evidence."""
    node = kg.nodes[node_id]
    lines = [f"{node.label} ({node_id}) - {node.kind}, {node.framework}",
             f"  defined at {kg.locations['node', node_id]}"]
    for title, value in (("description", node.description), ("plain", node.plain),
                         ("synonyms", ", ".join(node.synonyms)),
                         ("xrefs", ", ".join(node.xrefs))):
        if value:
            lines.append(f"  {title}: {value}")
    for title, keys in zip(("in", "out"), _neighbours(kg, node_id), strict=True):
        lines.append(f"{title} ({len(keys)}):")
        for key in keys:
            grade = kg.grades[key]
            lines.append(f"  {key[0]} -({ARROW[key[2]]} {key[2]})-> {key[1]}  "
                         f"[{grade.level}{', contested' if grade.contested else ''}]")
            for item in kg.edges[key].evidence:
                ref = kg.references[item.ref]
                vs = f" vs {item.comparison}" if item.comparison else ""
                link = next(iter(ref.urls.values()))
                design = "design not recorded" if ref.design == "unknown" else ref.design
                lines.append(f"    {wording.STANCE_WORDS[item.stance]}{vs}: {item.ref} "
                             f"({design}) {link}")
                lines.append(f"      {item.finding}")
    return "\n".join(lines)


def matches_text(matches: Sequence[Match], text: str) -> str:
    """What ``mechgraph search`` prints: a row per match (its label with its module beside
    it, so that nodes with the same label can be told apart), or that nothing matched."""
    if not matches:
        return f"no node matches '{text}'"
    rows = [[f"{m.score:.0f}", m.id, m.name,
             f"{m.field}: {m.matched}" if m.field != "label" else ""] for m in matches]
    return "\n".join(columns(["score", "id", "label", "matched"], rows))


def edit_record(result: EditResult) -> dict[str, Any]:
    """The JSON of ``mechgraph add ... --json``."""
    return {"file": str(result.path), "line": result.line, "added": result.added,
            "created": result.created, "written": result.written,
            "warnings": list(result.warnings)}


def edit_text(result: EditResult) -> str:
    """What ``mechgraph add`` prints: where the item went, or for a dry run, the text it
    would add and where."""
    if result.written:
        return f"{result.path}:{result.line}: {result.summary}"
    what = result.summary.removeprefix("added ")
    return (f"{result.path}:{result.line}: would add {what} (dry run, nothing written):"
            f"\n{result.added.strip(chr(10) + chr(13))}")
