"""The network picture: vis-network data, laid out in Python, and an offline page.

Positions are computed in Python (:mod:`mechgraph.layout`: layered left to right for
pathways, so the treatment stands on the left and the condition on the right) and
vis-network's physics is off, so even a few hundred nodes paint at once. What is drawn is
capped (:data:`MAX_NODES`).

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
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from itertools import islice
from typing import Any

import networkx as nx

from mechgraph.graph import MechGraph
from mechgraph.keys import EdgeKey, edge_ref
from mechgraph.layout import (
    FONT_SIZE,
    LABEL_INSIDE,
    LABEL_WIDTH,
    LAYER_GAP,
    layered_layout,
    node_height,
    wrap_lines,
)
from mechgraph.query import PathReport
from mechgraph.vocab import DEFINITIONAL, LEVEL_RANK, RELATION_STYLE, UNGRADED
from mechgraph.wording import EFFECT_QUALIFIER

__all__ = [
    "DASHES",
    "EDGE_COLOURS",
    "KIND_STYLE",
    "LABEL_COLOUR",
    "LEGEND_CSS",
    "MAX_NODES",
    "MAX_STEPS",
    "PICTURE_CSS",
    "PICTURE_JS",
    "RELATION_WORDS",
    "STEPS_HTML",
    "contrast_ratio",
    "layered_layout",
    "legend_html",
    "pathway_graph",
    "render_html",
    "shown_labels",
    "view_data",
    "vis_network_js",
    "wrap_lines",
]

MAX_NODES = 300
"""The most nodes drawn at once; a larger view is cut (and says so)."""

MAX_STEPS = 60
"""The most steps (pathways, or links) the picture's list in words holds."""

KIND_STYLE: dict[str, tuple[str, str]] = {
    "treatment": ("#2f5f8f", "box"),
    "mediator": ("#a84f00", "ellipse"),
    "process": ("#2e7d32", "ellipse"),
    "condition": ("#c62828", "box"),
    "outcome": ("#7b4f9d", "box"),
    "adverse_effect": ("#8c3b00", "box"),
    "concept": ("#7d5a44", "diamond"),
}
"""Fill colour and vis-network shape of each node kind (the legend uses the same).

Every colour is dark enough for white text on it and for itself as text on white
(contrast at least 4.5:1, WCAG AA): a node's label is white on its fill, and a traditional
node (white fill) has its label in its colour."""

LABEL_COLOUR = {"inside": "#ffffff", "outside": "#222222"}
"""Label colours: on the fill (box, ellipse), and on the page (a diamond's label is drawn
below it)."""

EDGE_COLOURS: dict[str, str] = {r: style.colour for r, style in RELATION_STYLE.items()}
"""Edge colour by relation (sign): blue +, red -, grey unknown, olive not causal; each at
least 4.5:1 against the white page."""

RELATION_WORDS: dict[str, str] = {r: f"{style.glyph} {style.words}"
                                  for r, style in RELATION_STYLE.items()}
"""Each relation as a sign and words, in tooltips, the legend and the list of steps (the
sign never rests on colour alone)."""

DASHES: dict[str, list[int]] = {
    "contested": [8, 5],
    "traditional": [2, 4],
    "both": [8, 4, 2, 4],
}
"""Dash patterns of links: contested (dashed), traditional framework (dotted), both."""

LEGEND_CSS = """.legend { margin: 4px 12px 6px; font-size: 14px; color: #333; line-height: 1.8; }
.legend span { white-space: nowrap; margin-right: 12px; }
.legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px;
  vertical-align: -1px; border: 1px solid #555; }
.legend svg { margin-right: 4px; vertical-align: 1px; }"""
"""Styles of :func:`legend_html` (both pages carry them)."""


def _line_sample(colour: str, width: float = 3, dashes: list[int] | None = None) -> str:
    """A short line as the picture draws it (an SVG, hidden from screen readers: the words
    beside it say what it means)."""
    dash = f' stroke-dasharray="{" ".join(map(str, dashes))}"' if dashes else ""
    return (f'<svg width="26" height="8" aria-hidden="true" focusable="false">'
            f'<line x1="0" y1="4" x2="26" y2="4" stroke="{colour}" stroke-width="{width}"'
            f"{dash}/></svg>")


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
        f"<span>{_line_sample(colour)}{html.escape(RELATION_WORDS[relation])}</span>"
        for relation, colour in EDGE_COLOURS.items())
    grey = "#555555"
    lines = (f"<span>{_line_sample(grey, 1)}weak evidence</span>"
             f"<span>{_line_sample(grey, 5)}strong evidence</span>"
             f"<span>{_line_sample(grey, 2, DASHES['contested'])}contested (dashed)</span>"
             f"<span>{_line_sample(grey, 2, DASHES['traditional'])}traditional framework "
             "(dotted)</span>"
             '<span><i style="background:#fff;border-style:dashed"></i>traditional '
             "framework (Qi, meridians)</span>")
    return (f'<div class="legend" role="note" aria-label="legend">{kinds}<br>{relations}'
            f"<br>{lines}</div>")


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two ``#rrggbb`` (or ``#rgb``) colours (1 to 21).

    Examples
    --------
    >>> round(contrast_ratio("#ffffff", "#000000"), 1)
    21.0
    >>> contrast_ratio("#ffffff", KIND_STYLE["mediator"][0]) >= 4.5
    True
    """
    def luminance(colour: str) -> float:
        digits = colour.lstrip("#")
        digits = "".join(2 * d for d in digits) if len(digits) == 3 else digits
        channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                   for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def pathway_graph(kg: MechGraph, report: PathReport) -> nx.MultiDiGraph:
    """The subgraph made of the report's paths (only the edges on them)."""
    edges = {key for path in report.paths for key in path.edges}
    return kg.graph.edge_subgraph(edges) if edges else kg.graph.subgraph(
        [report.source, report.target])


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
    """A line's width by evidence level (a definitional link as thin as an ungraded one:
    no study stands behind it)."""
    return 1.0 if level in (UNGRADED, DEFINITIONAL) else 1.0 + 1.2 * LEVEL_RANK[level]


def view_data(kg: MechGraph, graph: nx.MultiDiGraph, *, source: str | None = None,
              target: str | None = None, highlight: Iterable[EdgeKey] = (),
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
        ``{"nodes": [...], "edges": [...], "shown": int, "total": int, "cut": bool,
        "steps": [[label, relation words, label, ...], ...], "steps_title": str,
        "summary": str}``: nodes and edges in vis-network's format, with plain-text
        ``title`` tooltips; the picture in words (each pathway from source to target, or
        each link), for narrow screens and screen readers; and what the picture shows,
        in one sentence (its ``aria-label``).
    """
    total = graph.number_of_nodes()
    keep = list(graph.nodes)
    if total > max_nodes:
        start = source if source in graph else (sorted(graph.nodes)[0] if total else None)
        order = list(nx.bfs_tree(graph.to_undirected(as_view=True), start)) if start else []
        order += [n for n in sorted(graph.nodes) if n not in set(order)]
        keep = order[:max_nodes]
        graph = graph.subgraph(keep)
    shown = shown_labels(kg, graph)
    heights = {n: node_height(shown[n], KIND_STYLE[kg.graph.nodes[n]["kind"]][1])
               for n in graph}
    pos = layered_layout(graph, source=source, target=target, heights=heights)
    highlight = set(highlight)
    nodes = []
    for n in sorted(graph.nodes):
        data = kg.graph.nodes[n]
        colour, shape = KIND_STYLE[data["kind"]]
        traditional = data["framework"] == "traditional"
        x, y = pos[n]
        nodes.append({
            "id": n, "label": shown[n], "x": x, "y": y, "shape": shape,
            "color": _node_colour("#ffffff" if traditional else colour, colour),
            "font": {"size": FONT_SIZE, "color": LABEL_COLOUR["outside"]
                     if shape not in LABEL_INSIDE else colour if traditional
                     else LABEL_COLOUR["inside"]},
            "borderWidth": 3 if n in (source, target) else 1,
            "shapeProperties": {"borderDashes": [6, 4] if traditional else False},
            "title": _tooltip(f"{data['label']} ({data['kind']}"
                              + (", traditional framework" if traditional else "")
                              + (f"; {data['module']})" if data.get("module") else ")"),
                              data.get("plain") or data.get("description")),
        })
    edges = []
    for u, v, k in sorted(graph.edges(keys=True)):
        data = kg.graph.edges[u, v, k]
        traditional = data["framework"] == "traditional"
        dashes = (DASHES["both"] if data["contested"] and traditional
                  else DASHES["contested"] if data["contested"]
                  else DASHES["traditional"] if traditional else False)
        faded = bool(highlight) and (u, v, k) not in highlight
        width = _width(data["evidence_level"]) * (2 if (u, v, k) in highlight else 1)
        edges.append({
            "id": edge_ref((u, v, k)), "from": u, "to": v, "arrows": "to",
            "color": {"color": EDGE_COLOURS[k], "highlight": EDGE_COLOURS[k],
                      "hover": EDGE_COLOURS[k], "inherit": False,
                      "opacity": 0.25 if faded else 1.0},
            "width": width, "dashes": dashes,
            "smooth": _smooth(graph, pos, u, v, k),
            "title": _tooltip(
                f"{kg.graph.nodes[u]['label']} {RELATION_WORDS[k]} "
                f"{kg.graph.nodes[v]['label']}",
                (f"curated in {data['curated_in']}, no study attached"
                 if data.get("basis") == "curated"
                 else "holds by definition, no study needed" if data.get("definitional")
                 else f"evidence: {data['evidence_level']}")
                + (", refuted" if data.get("refuted") else
                   ", contested" if data["contested"] else "")
                + (", traditional framework" if data["framework"] == "traditional" else "")
                + (f" (curated in {data['curated_in']}, no study attached)"
                   if data.get("basis") == "curated" else ""),
                data.get("plain") or data.get("description")),
        })
    label = {n: text.replace("\n", " ") for n, text in shown.items()}
    steps = _steps(graph, label, source, target)
    if source in label and target in label:
        where = f" from {label[source]} to {label[target]}"
    elif source in label:
        where = f" around {label[source]}"
    else:
        where = ""
    summary = (f"Picture of {len(nodes)} mechanisms and {len(edges)} links{where}; the list "
               "of steps after it says the same in words.")
    return {"nodes": nodes, "edges": edges, "shown": len(nodes), "total": total,
            "cut": len(nodes) < total, "steps": steps, "summary": summary,
            "steps_title": ("The picture in words, one pathway a line:"
                            if source in label and target in label
                            else "The picture in words, one link a line:")}


def shown_labels(kg: MechGraph, graph: nx.MultiDiGraph) -> dict[str, str]:
    """The label drawn for each node of ``graph``: its label, and on a second line its
    module when another node drawn has the same label, so the two can be told apart.

    Examples
    --------
    >>> import mechgraph
    >>> kg = mechgraph.load_graph("graph")
    >>> shown_labels(kg, kg.graph)["endorphins"]
    'Endorphins and other endogenous opioids'
    """
    labels = {n: kg.graph.nodes[n]["label"] for n in graph}
    seen = Counter(labels.values())
    return {n: (f"{label}\n({kg.graph.nodes[n]['module']})"
                if seen[label] > 1 and kg.graph.nodes[n].get("module") else label)
            for n, label in labels.items()}


def _steps(graph: nx.MultiDiGraph, label: Mapping[str, str], source: str | None,
           target: str | None) -> list[list[str]]:
    """The picture in words: each pathway from source to target (shortest first), or, with
    no target, each link; a step alternates node labels and relation words."""
    if source in graph and target in graph and source != target:
        paths = islice(nx.all_simple_edge_paths(graph, source, target), 10 * MAX_STEPS)
        chains = sorted(paths, key=lambda path: (len(path), path))[:MAX_STEPS]
    else:
        chains = [[edge] for edge in sorted(graph.edges(keys=True))[:MAX_STEPS]]
    steps = []
    for chain in chains:
        step = [label[chain[0][0]]]
        for _, v, k in chain:
            step += [RELATION_WORDS[k], label[v]]
        step[-1] += f" ({_rests_on(graph, chain)})"
        steps.append(step)
    return steps


def _rests_on(graph: nx.MultiDiGraph, chain: list[EdgeKey]) -> str:
    """What a pathway (or a link) rests on, by its weakest link, in words: a list of steps
    never shows an untested, curated or traditional pathway as if it were measured."""
    data = [graph.edges[key] for key in chain]
    if any(d["framework"] == "traditional" for d in data):
        return EFFECT_QUALIFIER["traditional"]
    if any(d["evidence_level"] == UNGRADED for d in data):  # a curated link, no study
        return EFFECT_QUALIFIER["curated"]
    graded = [d["evidence_level"] for d in data if d["evidence_level"] != DEFINITIONAL]
    if not graded:  # every link holds by definition
        return EFFECT_QUALIFIER[DEFINITIONAL]
    weakest = min(graded, key=LEVEL_RANK.__getitem__)
    return EFFECT_QUALIFIER[weakest] or "studied in people"


PICTURE_CSS = """#graph { width: 100%; height: 400px; }
#graph.offstage { position: absolute; left: -10000px; top: 0; height: 1px;
  visibility: hidden; }
.steps { margin: 4px 12px 8px; font-size: 16px; line-height: 1.5; color: #222; }
.steps p { margin: 4px 0; }
body[data-shows="list"] .legend { display: none; }
.steps ol { margin: 0; padding-left: 24px; }
.steps li { margin: 2px 0 6px; }
.steps.offstage { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
.vis-tooltip { position: absolute; visibility: hidden; padding: 6px 8px; white-space: pre-wrap;
  max-width: 420px; font-size: 14px; color: #222; background: #fffbe6; border: 1px solid #999;
  border-radius: 4px; box-shadow: 2px 2px 6px rgba(0,0,0,.2); pointer-events: none; }"""
"""Styles of the picture and of its list of steps (both pages carry them)."""

STEPS_HTML = '<div id="steps" class="steps offstage"><p></p><ol></ol></div>'

"""Where the list of steps goes (filled by :data:`PICTURE_JS`, as text)."""

PICTURE_JS = """/* The picture or, where it would be too small to read, its steps in words.
   Shared by the app's component and the standalone page. */
var mechgraphPicture = (function () {
  var FONT = FONT_SIZE, MIN_FONT = 12, PAD = 12, MIN_HEIGHT = 160, MAX_HEIGHT = 1600;
  function describe(graph, box, data) {
    graph.setAttribute("role", "img");
    graph.setAttribute("aria-label", String(data.summary || "Picture of the mechanisms"));
    box.querySelector("p").textContent = String(data.steps_title || "");
    var list = box.querySelector("ol");
    list.replaceChildren();
    (data.steps || []).forEach(function (step) {
      var item = document.createElement("li");
      item.textContent = step.map(String).join(" \\u2192 ");
      list.appendChild(item);
    });
  }
  function extent(network) {
    var box = null;
    network.body.data.nodes.getIds().forEach(function (id) {
      var b = network.getBoundingBox(id);
      if (!b) { return; }
      box = box === null ? {left: b.left, right: b.right, top: b.top, bottom: b.bottom}
        : {left: Math.min(box.left, b.left), right: Math.max(box.right, b.right),
           top: Math.min(box.top, b.top), bottom: Math.max(box.bottom, b.bottom)};
    });
    return box;
  }
  /* Size the picture to `width` pixels: labels at least MIN_FONT pixels on screen, never
     larger than drawn (scale 1), and only as tall as the picture needs. Where that cannot
     be, hide the picture and show the list. Returns "picture" or "list". Pictures drawn
     side by side, each as wide as the others, pass `shared` ({width, height, px}: the
     largest extent among them, and the most height in pixels), and are sized as that
     extent would be: each gets the same scale and the same height. */
  function fit(network, graph, box, width, shared) {
    var area = extent(network);
    var scale = 1, height = MIN_HEIGHT, most = MAX_HEIGHT;
    if (area !== null) {
      var w = Math.max(1, area.right - area.left), h = Math.max(1, area.bottom - area.top);
      if (shared) {
        w = Math.max(w, shared.width);
        h = Math.max(h, shared.height);
        most = shared.px;
      }
      scale = Math.min(1, (width - 2 * PAD) / w);
      height = Math.max(MIN_HEIGHT, Math.min(most, Math.ceil(h * scale + 2 * PAD)));
      scale = Math.min(scale, (height - 2 * PAD) / h);
    }
    var list = area !== null && FONT * scale < MIN_FONT;
    graph.classList.toggle("offstage", list);
    box.classList.toggle("offstage", !list);
    document.body.dataset.shows = list ? "list" : "picture";
    if (list) { return "list"; }
    graph.style.height = height + "px";
    network.setSize("100%", height + "px");
    if (area !== null) {
      network.moveTo({position: {x: (area.left + area.right) / 2,
                                 y: (area.top + area.bottom) / 2},
                      scale: scale, animation: false});
    }
    network.redraw();
    return "picture";
  }
  return {describe: describe, fit: fit, extent: extent};
})();""".replace("FONT_SIZE", str(FONT_SIZE))
"""The script both pages use to describe the picture, list its steps, and size it (or
show the list instead) for the width it has."""


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
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<title>{title}</title>
<style>
body {{ margin: 0; font-family: system-ui, sans-serif; color: #222; }}
h1 {{ font-size: 18px; margin: 8px 12px; }}
#note {{ margin: 0 12px; color: #555; font-size: 14px; }}
{picture_css}
#graph {{ height: {height}px; border-top: 1px solid #ddd; }}
{legend_css}
</style></head>
<body>
<main>
<h1>{title}</h1>
<p id="note">{note}</p>
{legend}
<div id="graph"></div>
{steps}
</main>
<script type="application/json" id="graph-data">{data}</script>
<script>{vis}</script>
<script>{picture_js}</script>
<script>
(function () {{
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var container = document.getElementById("graph");
  var steps = document.getElementById("steps");
  mechgraphPicture.describe(container, steps, data);
  var network = new vis.Network(container,
    {{nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges)}},
    {{physics: false, interaction: {{hover: true, tooltipDelay: 150}},
      nodes: {{margin: 8, widthConstraint: {{maximum: {label_width}}}}},
      edges: {{arrows: {{to: {{scaleFactor: 0.6}}}}}}}});
  window.mechgraphNetwork = network;
  var width = 0;
  function place() {{
    var now = document.body.clientWidth;
    if (now !== width) {{ width = now; mechgraphPicture.fit(network, container, steps, now); }}
  }}
  network.once("afterDrawing", function () {{
    place();
    document.body.dataset.drawn = "yes";
    window.addEventListener("resize", place);
  }});
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
        Height of the picture, in pixels, until it is fitted to the page's width.

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
                        picture_css=PICTURE_CSS, picture_js=PICTURE_JS, steps=STEPS_HTML,
                        label_width=LABEL_WIDTH, data=_json_for_script(data),
                        vis=vis_network_js())
