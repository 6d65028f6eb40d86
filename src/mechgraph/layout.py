"""Where the picture puts each node: in layers from left to right, rows stacked by the
height of their labels.

The label sizes are estimated here (the canvas measures the real font), erring on the tall
side, so that labels do not overlap; :mod:`mechgraph.view` draws with the same sizes.

Examples
--------
>>> g = nx.MultiDiGraph([("a", "b"), ("a", "c")])
>>> layered_layout(g, source="a", heights={"a": 40, "b": 40, "c": 80})
{'a': (0.0, 0.0), 'b': (200.0, -49.0), 'c': (200.0, 29.0)}
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

__all__ = ["FONT_SIZE", "LABEL_INSIDE", "LABEL_WIDTH", "LAYER_GAP", "NODE_GAP", "ROW_GAP",
           "layered_layout", "node_height", "wrap_lines"]

LABEL_INSIDE = frozenset({"box", "ellipse", "circle", "database", "text"})
"""vis-network shapes that draw their label inside; the others draw it below."""

LAYER_GAP, ROW_GAP = 200, 90
LABEL_WIDTH, FONT_SIZE = 150, 16
"""Widest label (vis-network wraps longer ones) and label font size, in canvas pixels."""
NODE_GAP = 18
"""The least room between two nodes of one layer, in canvas pixels."""


def layered_layout(graph: nx.MultiDiGraph, *, source: str | None = None,
                   target: str | None = None, heights: Mapping[str, float] | None = None,
                   ) -> dict[str, tuple[float, float]]:
    """Positions in layers from left to right.

    A node's layer is its longest distance from the source (or from the nodes nothing
    points to) along edges, ignoring edges that close a cycle; the target is put in the
    last layer. Within a layer, nodes are ordered by the mean row of their predecessors,
    which keeps most edges from crossing. Rows are ``ROW_GAP`` apart, or, given the
    ``heights`` of the nodes, stacked with ``NODE_GAP`` between them (so that tall labels
    do not overlap).

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("a", "c")])
    >>> pos = layered_layout(g, source="a", target="c")
    >>> [pos[n][0] for n in "abc"]
    [0.0, 200.0, 400.0]
    """
    nodes = sorted(graph.nodes)
    if not nodes:
        return {}
    simple = nx.DiGraph((u, v) for u, v in graph.edges() if u != v)
    simple.add_nodes_from(nodes)
    # Break cycles: order the strongly connected components topologically (the source
    # first within its own), and keep only the edges that go forward in that order.
    condensed = nx.condensation(simple)
    order: dict[str, int] = {}
    for component in nx.lexicographical_topological_sort(
            condensed, key=lambda c: min(condensed.nodes[c]["members"])):
        for n in sorted(condensed.nodes[component]["members"], key=lambda m: (m != source, m)):
            order[n] = len(order)
    dag = nx.DiGraph((u, v) for u, v in simple.edges() if order[u] < order[v])
    dag.add_nodes_from(nodes)
    layer = {n: 0 for n in nodes}
    for n in nx.topological_sort(dag):
        for m in dag.successors(n):
            layer[m] = max(layer[m], layer[n] + 1)
    if target in layer:
        last = max(layer.values())
        if any(layer[n] >= layer[target] and n != target for n in nodes):
            layer[target] = last + (1 if any(layer[n] == last and n != target
                                             for n in nodes) else 0)
    rows: dict[str, float] = {}
    pos: dict[str, tuple[float, float]] = {}
    for depth in sorted(set(layer.values())):
        members = [n for n in nodes if layer[n] == depth]

        def order(n: str) -> tuple[float, str]:
            preds = [rows[p] for p in graph.predecessors(n) if p in rows]
            return (sum(preds) / len(preds) if preds else 0.0, n)

        members.sort(key=order)
        if heights is None:
            ys = [(i - (len(members) - 1) / 2) * ROW_GAP for i in range(len(members))]
        else:
            tops, top = [], 0.0
            for n in members:
                tops.append(top + heights[n] / 2)
                top += heights[n] + NODE_GAP
            ys = [y - (top - NODE_GAP) / 2 for y in tops]
        for i, n in enumerate(members):
            rows[n] = i - (len(members) - 1) / 2
            pos[n] = (float(depth * LAYER_GAP), round(ys[i], 1))
    return pos


def wrap_lines(label: str, width: int = LABEL_WIDTH) -> int:
    """About how many lines vis-network wraps ``label`` into, at most ``width`` pixels wide.

    An estimate (the canvas measures the real font): an average letter is taken as 8.5
    pixels wide, a little more than it is, so that the estimate errs on the tall side.

    Examples
    --------
    >>> wrap_lines("Acupuncture"), wrap_lines("Endorphins and other endogenous opioids")
    (1, 4)
    """
    per_line = max(1, int((width - 16) / 8.5))
    lines, used = 1, 0
    for word in label.split():
        if used and used + 1 + len(word) > per_line:
            lines, used = lines + 1, len(word)
        else:
            used += (1 if used else 0) + len(word)
    return lines


def node_height(label: str, shape: str) -> float:
    """About how tall a node is drawn, label included, in canvas pixels."""
    text = wrap_lines(label) * (FONT_SIZE + 3)
    return text + (2 * 8 + 6 if shape in LABEL_INSIDE else 50 + 6)
