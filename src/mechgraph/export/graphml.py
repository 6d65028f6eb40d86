"""GraphML for Gephi, Cytoscape desktop, yEd and igraph: typed attributes, evidence
flattened.

Every attribute is declared once with its GraphML type (``string``, ``int``, ``boolean``),
in a fixed order; an attribute a node or edge does not have is left out (GraphML's way of
saying "no value"). Lists (synonyms, cross-references, reference keys, comparisons) are
joined with ``;``. Edge ids are ``source.relation.target``, so parallel edges (the same
two nodes, different relations) keep distinct keys when read back.

Examples
--------
>>> import io, networkx as nx, mechgraph
>>> kg = mechgraph.load_graph("graph")
>>> text = to_graphml(kg)
>>> back = nx.read_graphml(io.StringIO(text), force_multigraph=True)
>>> back.edges["acupuncture", "endorphins", "acupuncture.increases.endorphins"]["supports"]
3
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import networkx as nx

from mechgraph.export.common import (
    EDGE_FIELDS,
    NODE_FIELDS,
    edge_record,
    node_record,
    sorted_edges,
    sorted_nodes,
)
from mechgraph.graph import MechGraph

__all__ = ["LIST_SEPARATOR", "to_graphml"]

LIST_SEPARATOR = ";"
NS = "http://graphml.graphdrawing.org/xmlns"
_TYPE = {"string": "string", "list": "string", "int": "int", "boolean": "boolean"}


def _value(value: Any, kind: str) -> str | None:
    if value is None or (kind == "list" and not value):
        return None
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "list":
        return LIST_SEPARATOR.join(value)
    return str(value)


def _data(element: ET.Element, prefix: str, record: dict[str, Any],
          fields: tuple[tuple[str, str], ...]) -> None:
    for name, kind in fields:
        text = _value(record[name], kind)
        if text is not None:
            ET.SubElement(element, "data", key=f"{prefix}_{name}").text = text


def to_graphml(kg: MechGraph, graph: nx.MultiDiGraph | None = None) -> str:
    """The graph (or the view ``graph``) as a GraphML document.

    Parameters
    ----------
    kg : MechGraph
    graph : networkx.MultiDiGraph, optional
        A view of ``kg.graph`` to export instead (see :func:`mechgraph.export.select_view`).

    Returns
    -------
    str
        The document, UTF-8, ending with a newline.
    """
    g = kg.graph if graph is None else graph
    root = ET.Element("graphml", {"xmlns": NS})
    for prefix, target, fields in (("node", "node", NODE_FIELDS), ("edge", "edge", EDGE_FIELDS)):
        for name, kind in fields:
            ET.SubElement(root, "key", {"id": f"{prefix}_{name}", "for": target,
                                        "attr.name": name, "attr.type": _TYPE[kind]})
    body = ET.SubElement(root, "graph", id="mechgraph", edgedefault="directed")
    for node in sorted_nodes(g):
        _data(ET.SubElement(body, "node", id=node), "node", node_record(g, node), NODE_FIELDS)
    for key in sorted_edges(g):
        record = edge_record(g, key)
        element = ET.SubElement(body, "edge", id=record["id"], source=record["source"],
                                target=record["target"])
        _data(element, "edge", record, EDGE_FIELDS)
    ET.indent(root)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode") + "\n")
