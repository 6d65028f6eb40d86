"""The network picture: vis-network data with a layout computed here, and an offline page.

Positions are computed in Python (layered left to right for pathways, so the treatment
stands on the left and the condition on the right) and vis-network's physics is off, so
even a few hundred nodes paint at once. What is drawn is capped (:data:`MAX_NODES`).

Safety: every label, tooltip and title comes from YAML anyone may edit. Labels are drawn
on a canvas and tooltips are given to vis-network as plain strings (vis-network 9 shows a
string tooltip as text), never as HTML; the page's own HTML escapes what it shows, and the
graph data travels as JSON inside a ``<script type="application/json">`` block with every
``<`` escaped, so no value can close the block. The page loads nothing from the network:
vis-network's script, shipped inside the installed ``pyvis`` package, is inlined.

Examples
--------
>>> import mechgraph
>>> from mechgraph.query import find_paths
>>> kg = mechgraph.load_graph("graph")
>>> report = find_paths(kg, "acupuncture", "chronic_low_back_pain")
>>> data = view_data(kg, pathway_graph(kg, report), source="acupuncture",
...                  target="chronic_low_back_pain")
>>> first = {n["id"]: n["x"] for n in data["nodes"]}
>>> first["acupuncture"] < first["endorphins"] < first["chronic_low_back_pain"]
True
>>> page = render_html(data, title="Acupuncture <and> back pain")
>>> "Acupuncture &lt;and&gt; back pain" in page and "https://cdn" not in page
True
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

import networkx as nx

from mechgraph.graph import MechGraph
from mechgraph.query import PathReport
from mechgraph.vocab import LEVEL_RANK, UNGRADED

__all__ = [
    "EDGE_COLOURS",
    "KIND_STYLE",
    "LEGEND_CSS",
    "MAX_NODES",
    "layered_layout",
    "legend_html",
    "pathway_graph",
    "render_html",
    "view_data",
    "vis_network_js",
]

MAX_NODES = 300
"""The most nodes drawn at once; a larger view is cut (and says so)."""

KIND_STYLE: dict[str, tuple[str, str]] = {
    "treatment": ("#4c78a8", "box"),
    "mediator": ("#f58518", "ellipse"),
    "process": ("#54a24b", "ellipse"),
    "condition": ("#e45756", "box"),
    "outcome": ("#b279a2", "box"),
    "concept": ("#9d755d", "diamond"),
}
"""Fill colour and vis-network shape of each node kind (the legend uses the same)."""

EDGE_COLOURS: dict[str, str] = {
    "increases": "#1f77b4",
    "decreases": "#d62728",
    "modulates": "#7f7f7f",
    "associated_with": "#bcbd22",
}
"""Edge colour by relation (sign): blue +, red -, grey unknown, olive not causal."""

LAYER_GAP, ROW_GAP = 260, 90

LEGEND_CSS = """.legend { margin: 4px 12px 6px; font-size: 13px; color: #333; line-height: 1.7; }
.legend span { white-space: nowrap; margin-right: 10px; }
.legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px;
  vertical-align: -1px; border: 1px solid #555; }
.legend b { display: inline-block; width: 22px; margin-right: 4px; vertical-align: 3px;
  border-top: 3px solid; }
.legend b.dash { border-top-style: dashed; }
.legend b.thin { border-top-width: 1px; }
.legend b.thick { border-top-width: 5px; }"""
"""Styles of :func:`legend_html` (both pages carry them)."""


def legend_html() -> str:
    """The legend of the picture as HTML, from the same tables that style the drawing.

    Examples
    --------
    >>> "decreases" in legend_html() and KIND_STYLE["treatment"][0] in legend_html()
    True
    """
    shapes = {"box": "2px", "ellipse": "50%", "diamond": "1px"}
    kinds = "".join(
        f'<span><i style="background:{colour};border-radius:{shapes[shape]}"></i>'
        f"{html.escape(kind)}</span>" for kind, (colour, shape) in KIND_STYLE.items())
    relations = "".join(
        f'<span><b style="border-color:{colour}"></b>{html.escape(relation)}</span>'
        for relation, colour in EDGE_COLOURS.items())
    lines = ('<span><b class="thin" style="border-color:#555"></b>weak evidence</span>'
             '<span><b class="thick" style="border-color:#555"></b>strong evidence</span>'
             '<span><b class="dash" style="border-color:#555"></b>contested, or traditional '
             "framework</span>"
             '<span><i style="background:#fff;border-style:dashed"></i>traditional '
             "framework (Qi, meridians)</span>")
    return (f'<div class="legend" role="note" aria-label="legend">{kinds}<br>{relations}'
            f"<br>{lines}</div>")


def pathway_graph(kg: MechGraph, report: PathReport) -> nx.MultiDiGraph:
    """The subgraph made of the report's paths (only the edges on them)."""
    edges = {key for path in report.paths for key in path.edges}
    return kg.graph.edge_subgraph(edges) if edges else kg.graph.subgraph(
        [report.source, report.target])


def layered_layout(graph: nx.MultiDiGraph, *, source: str | None = None,
                   target: str | None = None) -> dict[str, tuple[float, float]]:
    """Positions in layers from left to right.

    A node's layer is its longest distance from the source (or from the nodes nothing
    points to) along edges, ignoring edges that close a cycle; the target is put in the
    last layer. Within a layer, nodes are ordered by the mean row of their predecessors,
    which keeps most edges from crossing.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("a", "c")])
    >>> pos = layered_layout(g, source="a", target="c")
    >>> [pos[n][0] for n in "abc"]
    [0.0, 260.0, 520.0]
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
        for i, n in enumerate(members):
            rows[n] = i - (len(members) - 1) / 2
            pos[n] = (float(depth * LAYER_GAP), rows[n] * ROW_GAP)
    return pos


def _smooth(graph: nx.MultiDiGraph, pos: dict[str, tuple[float, float]], u: str, v: str,
            k: str) -> dict[str, Any] | bool:
    """Straight edges between neighbouring layers; a curve for parallel edges and for
    edges that jump over a layer (so that they do not run through the nodes between)."""
    parallel = sorted(graph[u][v])
    if len(parallel) > 1:
        return {"type": "curvedCW", "roundness": 0.12 * (1 + parallel.index(k))}
    if abs(pos[v][0] - pos[u][0]) > LAYER_GAP:
        return {"type": "curvedCW", "roundness": 0.25}
    return False


def _node_colour(background: str, border: str) -> dict[str, Any]:
    """The same colours when selected or hovered, so that labels stay readable."""
    same = {"background": background, "border": border}
    return {**same, "highlight": same, "hover": same}


def _tooltip(*lines: str | None) -> str:
    return "\n".join(line for line in lines if line)


def _width(level: str) -> float:
    return 1.0 if level == UNGRADED else 1.0 + 1.2 * LEVEL_RANK[level]


def view_data(kg: MechGraph, graph: nx.MultiDiGraph, *, source: str | None = None,
              target: str | None = None, highlight: Iterable[tuple[str, str, str]] = (),
              max_nodes: int = MAX_NODES) -> dict[str, Any]:
    """The vis-network nodes and edges of ``graph``, laid out and styled.

    Parameters
    ----------
    kg : MechGraph
    graph : networkx.MultiDiGraph
        What to draw: a pathway, focus or filtered view of ``kg.graph``.
    source, target : str, optional
        Put the source on the left and the target on the right.
    highlight : iterable of (source, target, relation)
        Edges to draw thicker (a chosen path); the others are faded.
    max_nodes : int
        Draw at most this many nodes (the closest to the source first).

    Returns
    -------
    dict
        ``{"nodes": [...], "edges": [...], "shown": int, "total": int, "cut": bool}``;
        nodes and edges in vis-network's format, with plain-text ``title`` tooltips.
    """
    total = graph.number_of_nodes()
    keep = list(graph.nodes)
    if total > max_nodes:
        start = source if source in graph else (sorted(graph.nodes)[0] if total else None)
        order = list(nx.bfs_tree(graph.to_undirected(as_view=True), start)) if start else []
        order += [n for n in sorted(graph.nodes) if n not in set(order)]
        keep = order[:max_nodes]
        graph = graph.subgraph(keep)
    pos = layered_layout(graph, source=source, target=target)
    highlight = set(highlight)
    nodes = []
    for n in sorted(graph.nodes):
        data = kg.graph.nodes[n]
        colour, shape = KIND_STYLE[data["kind"]]
        traditional = data["framework"] == "traditional"
        x, y = pos[n]
        nodes.append({
            "id": n, "label": data["label"], "x": x, "y": y, "shape": shape,
            "color": _node_colour("#ffffff" if traditional else colour, colour),
            "font": {"size": 16, "color": colour if traditional else "#ffffff"
                     if shape == "box" else "#222222"},
            "borderWidth": 3 if n in (source, target) else 1,
            "shapeProperties": {"borderDashes": [6, 4] if traditional else False},
            "title": _tooltip(f"{data['label']} ({data['kind']}"
                              + (", traditional framework)" if traditional else ")"),
                              data.get("plain") or data.get("description")),
        })
    edges = []
    for u, v, k in sorted(graph.edges(keys=True)):
        data = kg.graph.edges[u, v, k]
        dashed = data["contested"] or data["framework"] == "traditional"
        faded = bool(highlight) and (u, v, k) not in highlight
        width = _width(data["evidence_level"]) * (2 if (u, v, k) in highlight else 1)
        edges.append({
            "id": f"{u}|{v}|{k}", "from": u, "to": v, "arrows": "to",
            "color": {"color": EDGE_COLOURS[k], "highlight": EDGE_COLOURS[k],
                      "hover": EDGE_COLOURS[k], "inherit": False,
                      "opacity": 0.25 if faded else 1.0},
            "width": width, "dashes": dashed,
            "smooth": _smooth(graph, pos, u, v, k),
            "title": _tooltip(
                f"{kg.graph.nodes[u]['label']} {k} {kg.graph.nodes[v]['label']}",
                f"evidence: {data['evidence_level']}"
                + (", contested" if data["contested"] else "")
                + (", traditional framework" if data["framework"] == "traditional" else ""),
                data.get("plain") or data.get("description")),
        })
    return {"nodes": nodes, "edges": edges, "shown": len(nodes), "total": total,
            "cut": len(nodes) < total}


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """vis-network's script, from the installed pyvis package (no network needed)."""
    path = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
    script = path.read_text(encoding="utf-8")
    script = re.sub(r"^//# sourceMappingURL=.*$", "", script, flags=re.M)
    return script.replace("</script", "<\\/script")


def _json_for_script(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: no ``<`` can end it early."""
    return (json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        "img-src data:")
"""The page may run only its own inline scripts and load nothing from anywhere."""

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<title>{title}</title>
<style>
body {{ margin: 0; font-family: system-ui, sans-serif; }}
h1 {{ font-size: 18px; margin: 8px 12px; }}
#note {{ margin: 0 12px; color: #555; font-size: 14px; }}
#graph {{ width: 100%; height: {height}px; border-top: 1px solid #ddd; }}
.vis-tooltip {{ position: absolute; visibility: hidden; padding: 6px 8px; white-space: pre-wrap;
  max-width: 420px; font-size: 14px; background: #fffbe6; border: 1px solid #999;
  border-radius: 4px; box-shadow: 2px 2px 6px rgba(0,0,0,.2); pointer-events: none; }}
{legend_css}
</style></head>
<body>
<h1>{title}</h1>
<p id="note">{note}</p>
{legend}
<div id="graph"></div>
<script type="application/json" id="graph-data">{data}</script>
<script>{vis}</script>
<script>
(function () {{
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var container = document.getElementById("graph");
  var network = new vis.Network(container,
    {{nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges)}},
    {{physics: false, interaction: {{hover: true, tooltipDelay: 150}},
      nodes: {{margin: 8, widthConstraint: {{maximum: 180}}}},
      edges: {{arrows: {{to: {{scaleFactor: 0.6}}}}}}}});
  window.mechgraphNetwork = network;
  network.once("afterDrawing", function () {{ document.body.dataset.drawn = "yes"; }});
}})();
</script>
</body></html>
"""


def render_html(data: dict[str, Any], *, title: str, note: str = "",
                height: int = 640) -> str:
    """A standalone page that draws ``data`` (from :func:`view_data`) with no network.

    Parameters
    ----------
    data : dict
        The view's nodes and edges.
    title, note : str
        Shown above the picture (escaped).
    height : int
        Height of the picture in pixels.

    Returns
    -------
    str
        The whole page: it works offline, saved to a file or embedded in the app.
    """
    if data.get("cut") and not note:
        note = (f"Showing {data['shown']} of {data['total']} nodes: focus on a node or use "
                "the filters to see the rest.")
    return _PAGE.format(csp=_CSP, title=html.escape(title), note=html.escape(note),
                        height=int(height), legend=legend_html(), legend_css=LEGEND_CSS,
                        data=_json_for_script(data), vis=vis_network_js())
