"""What every export format shares: the selection of a graph view, stable ids, and the
flat records of nodes and edges that the tabular formats write.

Every format walks the graph in the same order (nodes by id, edges by source, target and
relation), so the same graph always gives byte-identical output that diffs well.

Examples
--------
>>> import mechgraph
>>> kg = mechgraph.load_graph("graph")
>>> edge_id("acupuncture", "endorphins", "increases")
'acupuncture.increases.endorphins'
>>> record = edge_record(kg.graph, ("acupuncture", "endorphins", "increases"))
>>> record["evidence_level"], record["supports"], record["refs"]
('preclinical', 3, ['han2004', 'zhang2014', 'zhao2008'])
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from mechgraph.errors import MechgraphError
from mechgraph.graph import MechGraph
from mechgraph.keys import EdgeKey, edge_id
from mechgraph.query import DIRECTIONS, Filter, QueryError, find_paths, focus
from mechgraph.vocab import RELATION_SIGN, STANCES

__all__ = [
    "EDGE_FIELDS",
    "NODE_FIELDS",
    "EdgeKey",
    "ExportError",
    "cited_references",
    "claim_records",
    "edge_id",
    "edge_record",
    "node_record",
    "relative_file",
    "select_view",
    "sorted_edges",
    "sorted_nodes",
]

NODE_FIELDS: tuple[tuple[str, str], ...] = (
    ("label", "string"), ("kind", "string"), ("framework", "string"),
    ("description", "string"), ("plain", "string"), ("synonyms", "list"),
    ("xrefs", "list"), ("module", "string"), ("evidence_count", "int"))
"""The fields of a flat node record after ``id``, with their types (``list``: of strings)."""

EDGE_FIELDS: tuple[tuple[str, str], ...] = (
    ("relation", "string"), ("sign", "int"), ("causal", "boolean"), ("framework", "string"),
    ("evidence_level", "string"), ("contested", "boolean"), ("evidence_count", "int"),
    ("supports", "int"), ("partial", "int"), ("refutes", "int"), ("inconclusive", "int"),
    ("refs", "list"), ("comparisons", "list"), ("description", "string"), ("plain", "string"),
    ("claimed_by", "string"), ("curated_in", "string"), ("basis", "string"),
    ("definitional", "boolean"), ("refuted", "boolean"))
"""The fields of a flat edge record after ``id``, ``source`` and ``target``."""

DIRECTION_ALIASES = {"up": "upstream", "down": "downstream"}


class ExportError(MechgraphError):
    """An export that cannot be made as asked: a format several files need no folder, an
    empty pathway, an output path that cannot be written."""


def sorted_nodes(graph: nx.MultiDiGraph) -> list[str]:
    """The node ids of ``graph``, sorted."""
    return sorted(graph.nodes)


def sorted_edges(graph: nx.MultiDiGraph) -> list[EdgeKey]:
    """The edge keys ``(source, target, relation)`` of ``graph``, sorted."""
    return sorted(graph.edges(keys=True))


def node_record(graph: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    """The node as a flat dict: ``id`` and :data:`NODE_FIELDS` (``None`` where unset)."""
    data = graph.nodes[node]
    return {"id": node, **{name: data.get(name) for name, _ in NODE_FIELDS},
            "evidence_count": len(data.get("evidence") or ())}


def edge_record(graph: nx.MultiDiGraph, key: EdgeKey) -> dict[str, Any]:
    """The edge as a flat dict: ``id``, ``source``, ``target`` and :data:`EDGE_FIELDS`.

    The evidence is flattened: how many items, how many of each stance, the reference
    keys in order of first citation, the comparisons made. ``sign`` is ``None`` for
    ``associated_with`` (not causal).
    """
    source, target, relation = key
    data = graph.edges[key]
    evidence = data.get("evidence") or []
    stances = {s: sum(1 for item in evidence if item["stance"] == s) for s in STANCES}
    return {
        "id": edge_id(source, target, relation), "source": source, "target": target,
        "relation": relation, "sign": RELATION_SIGN[relation],
        "causal": RELATION_SIGN[relation] is not None, "framework": data["framework"],
        "evidence_level": data["evidence_level"], "contested": data["contested"],
        "evidence_count": len(evidence), **stances,
        "refs": list(dict.fromkeys(item["ref"] for item in evidence)),
        "comparisons": sorted({item["comparison"] for item in evidence
                               if item.get("comparison")}),
        "description": data.get("description"), "plain": data.get("plain"),
        "claimed_by": data.get("claimed_by"), "curated_in": data.get("curated_in"),
        "basis": data.get("basis"), "definitional": bool(data.get("definitional")),
        "refuted": bool(data.get("refuted")),
    }


def cited_references(graph: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    """Every reference cited by an edge or a node of ``graph``, by key, sorted, in full."""
    refs = graph.graph.get("references", {})
    keys = {item["ref"] for _, _, data in graph.edges(data=True)
            for item in data.get("evidence") or []}
    keys |= {item["ref"] for _, data in graph.nodes(data=True)
             for item in data.get("evidence") or []}
    return {k: refs[k] for k in sorted(keys) if k in refs}


CLAIM_FIELDS: tuple[tuple[str, str], ...] = (
    ("source", "string"), ("claim", "string"), ("says", "string"), ("passage", "string"),
    ("edges", "list"), ("verdict", "string"), ("level", "string"),
    ("cites_described_as", "string"), ("cites_found", "boolean"), ("cites_ref", "string"),
    ("cites_closest", "string"), ("cites_differs", "string"), ("note", "string"))
"""The fields of a flat claim record after ``id`` (``source/claim``)."""

SOURCE_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "string"), ("kind", "string"), ("publisher", "string"), ("url", "string"),
    ("accessed", "string"), ("note", "string"))
"""The fields of a flat source record after ``key``."""


def claim_records(kg: MechGraph, graph: nx.MultiDiGraph,
                  ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The sources of claims and their claims in the view ``graph``, as flat records.

    A claim goes with the view when every edge it names is in it (a claim naming no edge
    always does); a source goes with it when one of its claims does. Each claim carries
    its verdict (:func:`mechgraph.claims.claim_verdicts`, on all the evidence) and its
    edges as export ids (``source.relation.target``).

    Examples
    --------
    >>> import mechgraph
    >>> kg = mechgraph.load_graph("graph")
    >>> sources, claims = claim_records(kg, kg.graph)
    >>> sources[0]["key"], claims[1]["id"], claims[1]["verdict"], claims[1]["edges"][0]
    ('clinic_article', 'clinic_article/endorphin_release', 'preclinical', \
'acupuncture.increases.endorphins')
    """
    from mechgraph.claims import claim_verdicts

    claims = []
    for v in claim_verdicts(kg):
        if not all(graph.has_edge(*e.edge) for e in v.edges):
            continue
        cites = v.cites or {}
        claims.append({"id": f"{v.source}/{v.claim}", "source": v.source, "claim": v.claim,
                       "says": v.says, "passage": v.where,
                       "edges": [edge_id(*e.edge) for e in v.edges], "verdict": v.verdict,
                       "level": v.level, "cites_described_as": cites.get("described_as"),
                       "cites_found": cites.get("found"), "cites_ref": cites.get("ref"),
                       "cites_closest": cites.get("closest"),
                       "cites_differs": cites.get("differs"), "note": v.note})
    kept = dict.fromkeys(c["source"] for c in claims)
    sources = [{"key": key, **{name: getattr(kg.sources[key], name) for name, _ in SOURCE_FIELDS}}
               for key in kept]
    return sources, claims


def relative_file(kg: MechGraph, file: str | None) -> str | None:
    """A node's or edge's file relative to the graph folder, so output does not depend
    on where the folder was when it was loaded."""
    if file is None:
        return None
    root = Path(kg.root)
    try:
        return Path(file).relative_to(root).as_posix() if root.is_dir() else Path(file).name
    except ValueError:
        return Path(file).as_posix()


def select_view(kg: MechGraph, *, filter: Filter | None = None, focus_node: str | None = None,
           depth: int = 1, direction: str = "both", source: str | None = None,
           target: str | None = None, max_length: int = 6) -> nx.MultiDiGraph:
    """The part of the graph to export, as a read-only view.

    The filter applies first (exactly as for ``mechgraph paths``); then the focus (every
    node within ``depth`` steps of ``focus_node``); then, given ``source`` and
    ``target``, only the edges on their paths (the paths of
    :func:`~mechgraph.query.find_paths`).

    Parameters
    ----------
    kg : MechGraph
    filter : Filter, optional
    focus_node : str, optional
    depth : int, optional
    direction : str, optional
        ``both``, ``downstream`` (or ``down``) or ``upstream`` (or ``up``).
    source, target : str, optional
        Both or neither: the pathway from ``source`` to ``target``.
    max_length : int, optional
        The most steps on a pathway's path (default 6).

    Raises
    ------
    QueryError
        For an unknown node, direction or filter value.
    ExportError
        When only one of ``source`` and ``target`` is given, or they have no path.

    Examples
    --------
    >>> import mechgraph
    >>> kg = mechgraph.load_graph("graph")
    >>> view = select_view(kg, source="acupuncture", target="chronic_low_back_pain", max_length=2)
    >>> sorted(view.nodes)  # doctest: +NORMALIZE_WHITESPACE
    ['acupuncture', 'chronic_low_back_pain', 'expectation_and_context',
     'proinflammatory_cytokines', 'qi']
    """
    view = kg.graph if filter is None else filter.apply(kg.graph)
    if focus_node is not None:
        direction = DIRECTION_ALIASES.get(direction, direction)
        if direction not in DIRECTIONS:
            raise QueryError(f"unknown direction '{direction}'; allowed: both, up, down")
        view = focus(kg, focus_node, depth=depth, direction=direction, graph=view)
    if (source is None) != (target is None):
        raise ExportError("give both --source and --target for a pathway, or neither")
    if source is not None and target is not None:
        report = find_paths(kg, source, target, max_length=max_length, graph=view)
        if not report.paths:
            raise ExportError(f"no path from '{source}' to '{target}' of at most "
                              f"{max_length} steps in the selected graph")
        keys = dict.fromkeys(key for path in report.paths for key in path.edges)
        view = view.edge_subgraph(keys)
    return view

