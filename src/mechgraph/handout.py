"""A printable patient handout: one page with a picture of the pathways, the brief patient
explanation and the references.

The picture is a static SVG drawn here from the same layout as the interactive view, so
the handout needs no script at all and prints as it shows. Every text is escaped; the page
loads nothing from anywhere.

Examples
--------
>>> import mechgraph
>>> from mechgraph.query import find_paths
>>> kg = mechgraph.load_graph("graph")
>>> page = render_handout(kg, find_paths(kg, "acupuncture", "chronic_low_back_pain"))
>>> page.count("<svg"), "<script" in page
(1, False)
"""

from __future__ import annotations

import html
import math

from mechgraph.explain import explain
from mechgraph.graph import MechGraph
from mechgraph.query import PathReport
from mechgraph.view import EDGE_COLOURS, KIND_STYLE, layered_layout, pathway_graph

__all__ = ["pathway_svg", "render_handout"]

_BOX_W, _BOX_H = 128, 22


def _lines(label: str, width: int = 24) -> list[str]:
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], lines[1][: width - 1] + "…"]
    return lines


def _box_edge(x1: float, y1: float, x2: float, y2: float) -> tuple[float, float]:
    """Where the line from (x1, y1) to the centre (x2, y2) of a box enters the box."""
    dx, dy = x2 - x1, y2 - y1
    t = min(_BOX_W / 2 / abs(dx) if dx else math.inf, _BOX_H / 2 / abs(dy) if dy else math.inf)
    t = min(t, 1.0)
    return x2 - dx * t, y2 - dy * t


def pathway_svg(kg: MechGraph, report: PathReport, *, width: int = 720) -> str:
    """A static SVG picture of the report's pathways, left to right.

    Nodes are boxes coloured by kind (dashed for the traditional framework); edges are
    arrows coloured by sign (dashed when contested or traditional), thicker for stronger
    evidence.
    """
    graph = pathway_graph(kg, report)
    pos = layered_layout(graph, source=report.source, target=report.target)
    if not pos:
        return ""
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    span_x = max(xs) - min(xs) or 1.0
    span_y = max(ys) - min(ys) or 1.0
    inner_w = width - _BOX_W - 20
    height = int(min(260, max(140, span_y / span_x * inner_w + _BOX_H + 40)))
    inner_h = height - _BOX_H - 20

    def at(node: str) -> tuple[float, float]:
        x, y = pos[node]
        return (10 + _BOX_W / 2 + (x - min(xs)) / span_x * inner_w,
                10 + _BOX_H / 2 + (y - min(ys)) / span_y * inner_h)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="pathways">',
             "<defs>" + "".join(
                 f'<marker id="arrow-{r}" viewBox="0 0 10 10" refX="10" refY="5" '
                 f'markerWidth="6" markerHeight="6" orient="auto-start-reverse">'
                 f'<path d="M 0 0 L 10 5 L 0 10 z" fill="{c}"/></marker>'
                 for r, c in EDGE_COLOURS.items()) + "</defs>"]
    for u, v, k in sorted(graph.edges(keys=True)):
        data = kg.graph.edges[u, v, k]
        (x1, y1), (x2, y2) = at(u), at(v)
        end_x, end_y = _box_edge(x1, y1, x2, y2)
        dashed = data["contested"] or data["framework"] == "traditional"
        level = data["evidence_level"]
        stroke = 1.0 if level in ("ungraded", "none") else 1.0 + {
            "high": 2.5, "moderate": 2.0, "low": 1.5, "preclinical": 1.0,
            "opinion": 0.5}[level]
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{end_x:.1f}" y2="{end_y:.1f}" '
                     f'stroke="{EDGE_COLOURS[k]}" stroke-width="{stroke:.1f}"'
                     + (' stroke-dasharray="6 4"' if dashed else "")
                     + f' marker-end="url(#arrow-{k})"/>')
    for node in sorted(graph.nodes):
        data = kg.graph.nodes[node]
        colour, _ = KIND_STYLE[data["kind"]]
        traditional = data["framework"] == "traditional"
        x, y = at(node)
        parts.append(
            f'<rect x="{x - _BOX_W / 2:.1f}" y="{y - _BOX_H / 2:.1f}" width="{_BOX_W}" '
            f'height="{_BOX_H}" rx="6" fill="{"#ffffff" if traditional else colour}" '
            f'stroke="{colour}" stroke-width="1.5"'
            + (' stroke-dasharray="5 3"' if traditional else "") + "/>")
        lines = _lines(data["label"])
        fill = colour if traditional else "#ffffff"
        for i, line in enumerate(lines):
            dy = (i - (len(lines) - 1) / 2) * 9
            parts.append(f'<text x="{x:.1f}" y="{y + dy + 3:.1f}" font-size="8" '
                         f'text-anchor="middle" fill="{fill}">{html.escape(line)}</text>')
    parts.append("</svg>")
    return "".join(parts)


_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
"""No script at all, and nothing loaded from anywhere."""

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<title>{title}</title>
<style>
@page {{ size: A4; margin: 12mm; }}
body {{ font-family: system-ui, sans-serif; font-size: 8.5pt; line-height: 1.2; margin: 0;
       color: #111; }}
h1 {{ font-size: 14pt; margin: 0 0 2pt; }}
h2 {{ font-size: 10pt; margin: 5pt 0 1pt; }}
p, li {{ margin: 2pt 0; }}
ol, ul {{ margin: 2pt 0; padding-left: 16pt; }}
.picture {{ text-align: center; margin: 4pt 0; }}
.picture svg {{ max-width: 100%; height: auto; }}
.refs {{ columns: 2; column-gap: 14pt; }}
.refs li {{ font-size: 6.5pt; break-inside: avoid; }}
a {{ color: #1f4e8c; text-decoration: none; word-break: break-all; }}
</style></head>
<body>
{body}
</body></html>
"""


def render_handout(kg: MechGraph, report: PathReport) -> str:
    """The printable one-page handout for the paths from a treatment to a condition.

    Parameters
    ----------
    kg : MechGraph
    report : PathReport
        From :func:`mechgraph.query.find_paths`.

    Returns
    -------
    str
        A standalone HTML page with no script: print it, or save it as PDF.
    """
    text = explain(kg, report, audience="patient", fmt="html", brief=True)
    title_end = text.index("</h1>") + len("</h1>")
    picture = f'<div class="picture">{pathway_svg(kg, report)}</div>'
    body = text[:title_end] + picture + text[title_end:]
    references = body.rfind("<ol>")
    body = body[:references] + '<ol class="refs">' + body[references + len("<ol>"):]
    title = text[len("<h1>"):text.index("</h1>")]
    return _PAGE.format(csp=_CSP, title=title, body=body)
