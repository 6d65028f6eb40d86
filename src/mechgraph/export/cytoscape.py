"""Cytoscape.js elements JSON: ``{"elements": {"nodes": [...], "edges": [...]}}``.

Each element's ``data`` holds its flat record (see :func:`~mechgraph.export.common.
edge_record`); ``classes`` name its kind and framework (nodes: ``kind-mediator
framework-biomedical``) or its relation, sign, evidence level and framework (edges:
``relation-decreases sign-negative level-high framework-biomedical contested``), so a
stylesheet can colour by them: ``edge.sign-negative { line-color: blue }``.

Examples
--------
>>> import json, mechgraph
>>> kg = mechgraph.load_graph("graph")
>>> doc = json.loads(to_cytoscape(kg))
>>> edge = next(e for e in doc["elements"]["edges"]
...             if e["data"]["id"] == "acupuncture.decreases.chronic_low_back_pain")
>>> edge["classes"]
'relation-decreases sign-negative level-high framework-biomedical contested'
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from mechgraph.export.common import edge_record, node_record, sorted_edges, sorted_nodes
from mechgraph.graph import MechGraph

__all__ = ["SIGN_CLASS", "cytoscape_elements", "to_cytoscape"]

SIGN_CLASS = {1: "sign-positive", -1: "sign-negative", 0: "sign-unknown", None: "sign-none"}
"""The class of each relation sign: ``sign-none`` is an association, not causal."""


def _node(record: dict[str, Any]) -> dict[str, Any]:
    data = {k: v for k, v in record.items() if v is not None}
    return {"data": data, "classes": f"kind-{record['kind']} framework-{record['framework']}"}


def _edge(record: dict[str, Any]) -> dict[str, Any]:
    classes = [f"relation-{record['relation']}", SIGN_CLASS[record["sign"]],
               f"level-{record['evidence_level']}", f"framework-{record['framework']}"]
    if record["contested"]:
        classes.append("contested")
    if record.get("refuted"):
        classes.append("refuted")
    return {"data": {k: v for k, v in record.items() if v is not None},
            "classes": " ".join(classes)}


def cytoscape_elements(kg: MechGraph, graph: nx.MultiDiGraph | None = None,
                       ) -> dict[str, Any]:
    """The ``{"elements": {"nodes", "edges"}}`` dict that :func:`to_cytoscape` writes."""
    g = kg.graph if graph is None else graph
    return {"elements": {
        "nodes": [_node(node_record(g, n)) for n in sorted_nodes(g)],
        "edges": [_edge(edge_record(g, key)) for key in sorted_edges(g)]}}


def to_cytoscape(kg: MechGraph, graph: nx.MultiDiGraph | None = None) -> str:
    """The graph (or the view ``graph``) as Cytoscape.js elements JSON.

    Parameters
    ----------
    kg : MechGraph
    graph : networkx.MultiDiGraph, optional
        A view of ``kg.graph`` to export instead (see :func:`mechgraph.export.select_view`).
    """
    return json.dumps(cytoscape_elements(kg, graph), indent=2, ensure_ascii=False) + "\n"
