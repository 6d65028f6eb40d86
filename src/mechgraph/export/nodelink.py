"""NetworkX node-link JSON with everything: every field of every node and edge, the
evidence items in full, and every cited reference in full.

``networkx.node_link_graph(data, edges="edges")`` reads it back into a
``MultiDiGraph`` shaped like ``MechGraph.graph``: edges keyed by relation, the
references under ``graph["references"]``. The sources of claims are under
``graph["sources"]`` (each source's fields, and its claims with their edges as
``{source, target, relation}`` and their derived ``verdict`` and ``level``); a claim is
written when every edge it names is in the export. Paths are written relative to the
graph folder.

Examples
--------
>>> import json, networkx as nx, mechgraph
>>> kg = mechgraph.load_graph("graph")
>>> back = nx.node_link_graph(json.loads(to_json(kg)), edges="edges")
>>> back.edges["acupuncture", "endorphins", "increases"]["evidence"][0]["ref"]
'han2004'
>>> back.graph["references"]["han2004"]["pmid"]
'15135942'
>>> back.graph["sources"]["clinic_article"]["claims"][0]["verdict"]
'traditional'
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from mechgraph.export.common import (
    cited_references,
    claim_records,
    edge_id,
    relative_file,
    sorted_edges,
    sorted_nodes,
)
from mechgraph.graph import MechGraph

__all__ = ["node_link_data", "to_json"]


def node_link_data(kg: MechGraph, graph: nx.MultiDiGraph | None = None) -> dict[str, Any]:
    """The node-link dict that :func:`to_json` writes (edges under ``"edges"``)."""
    g = kg.graph if graph is None else graph
    nodes = [{"id": n, **{k: v for k, v in g.nodes[n].items() if k not in ("id", "file")},
              "file": relative_file(kg, g.nodes[n].get("file"))} for n in sorted_nodes(g)]
    edges = []
    for key in sorted_edges(g):
        data = g.edges[key]
        edges.append({"source": key[0], "target": key[1], "key": key[2], "id": edge_id(*key),
                      **{k: v for k, v in data.items() if k not in ("source", "target")},
                      "file": relative_file(kg, data.get("file"))})
    return {"directed": True, "multigraph": True,
            "graph": {"name": "mechgraph", "references": cited_references(g),
                      "sources": _sources(kg, g)},
            "nodes": nodes, "edges": edges}


def _sources(kg: MechGraph, g: nx.MultiDiGraph) -> dict[str, Any]:
    """The sources of claims, each with its claims in the view, nested."""
    sources, claims = claim_records(kg, g)
    out: dict[str, Any] = {}
    for record in sources:
        text = kg.sources[record["key"]]
        out[record["key"]] = {**{k: v for k, v in record.items() if k != "key"}, "claims": []}
        by_id = {c.id: c for c in text.claims}
        for c in claims:
            if c["source"] == record["key"]:
                claim = by_id[c["claim"]]
                out[record["key"]]["claims"].append({
                    "id": claim.id, "says": claim.says, "where": claim.where,
                    "edges": [e.model_dump() for e in claim.edges],
                    "cites": claim.cites.model_dump() if claim.cites else None,
                    "note": claim.note, "verdict": c["verdict"], "level": c["level"]})
    return out


def to_json(kg: MechGraph, graph: nx.MultiDiGraph | None = None) -> str:
    """The graph (or the view ``graph``) as NetworkX node-link JSON, indented, sorted.

    Parameters
    ----------
    kg : MechGraph
    graph : networkx.MultiDiGraph, optional
        A view of ``kg.graph`` to export instead (see :func:`mechgraph.export.select_view`).
    """
    return json.dumps(node_link_data(kg, graph), indent=2, ensure_ascii=False) + "\n"
