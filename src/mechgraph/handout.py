"""A printable patient handout: one page with a picture of the pathways, its legend, the
brief patient explanation and the numbered references.

The picture is a static SVG drawn here from the layers of the interactive view, so the
handout needs no script at all and prints as it shows. It is made for paper: every sign is
written as an arrow on its line (it survives black-and-white printing), contested and
traditional links have dash patterns of their own, every text has a contrast of at least
4.5:1 with what is behind it (the colours are this module's print tables, not the app's),
and no line runs under a box: a link that skips a layer is routed through the gaps
between the boxes. Each box shows the technical label and, under it, the start of the
node's plain wording.

The page sets margins but no paper size, and fits on one A4 page and on one US Letter
page; :func:`render_handout_pdf` prints it with the system Chromium. Every text is
escaped; the page loads nothing from anywhere.

Examples
--------
>>> import mechgraph
>>> from mechgraph.query import Filter, find_paths
>>> kg = mechgraph.load_graph("graph")
>>> page = render_handout(kg, find_paths(kg, "acupuncture", "chronic_low_back_pain"))
>>> page.count("<svg") > 1, "<script" in page, 'class="legend"' in page
(True, False, True)
>>> "Filtered view" in page
False
>>> note = filter_note(Filter(min_level="moderate", relations={"increases", "decreases"}))
>>> for part in note.split("; "):
...     print(part)
Filtered view: only links with evidence level at least moderate
relations: decreases, increases. Other links exist in the full graph.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from mechgraph.graph import MechGraph
from mechgraph.keys import EdgeKey
from mechgraph.layout import layered_layout
from mechgraph.pagefit import FITS, PAGE_MM, Fit, foreseen
from mechgraph.patient import patient_paths
from mechgraph.query import Filter, PathReport
from mechgraph.view import pathway_graph
from mechgraph.vocab import RELATION_STYLE
from mechgraph.wording import PATIENT, STANCE_WORDS

__all__ = [
    "KIND_PRINT",
    "RELATION_PRINT",
    "filter_note",
    "pathway_layout",
    "pathway_svg",
    "render_handout",
    "render_handout_pdf",
]

KIND_PRINT: dict[str, tuple[str, str]] = {
    "treatment": ("#24507a", "#dde8f4"),
    "mediator": ("#8a4500", "#fde6cf"),
    "process": ("#2d6a27", "#e0f0dc"),
    "condition": ("#a02629", "#fadcdc"),
    "outcome": ("#6d3a66", "#f1e1ee"),
    "adverse_effect": ("#7a2e00", "#fbe3d5"),
    "concept": ("#6a4b33", "#eee4da"),
}
"""Print colours of each node kind: (border and legend text, box fill). Box text is
:data:`TEXT`, dark on the light fill; traditional nodes have a white fill and a dashed
border."""

RELATION_PRINT: dict[str, tuple[str, str, str]] = {
    r: (style.print_colour, style.glyph, style.plain) for r, style in RELATION_STYLE.items()}
"""Per relation: line colour (dark enough for text on white), the sign written on the line,
and the words of the legend."""

LEVEL_WIDTH: dict[str, float] = {"high": 3.4, "moderate": 2.6, "low": 2.0,
                                 "preclinical": 1.5, "opinion": 1.2, "none": 1.0,
                                 "ungraded": 1.2, "definitional": 1.2}
"""Line width by evidence level: thicker for stronger evidence."""

DASH: dict[str, str | None] = {"plain": None, "contested": "8 3", "traditional": "1.5 3.5"}
"""Dash pattern of a line: solid, contested (long dashes), traditional framework (dots)."""

TEXT, MUTED, PAPER = "#111111", "#3d3d3d", "#ffffff"
"""Text colour, the colour of the plain words under a label, and the paper."""

WIDTH = 718
"""Width of the picture in CSS pixels: 190 mm, the text width of A4 with 10 mm margins,
so the picture prints at its own size (its text sizes are the printed ones)."""

_LABEL_PX, _PLAIN_PX, _LINE_GAP = 10.0, 9.2, 1.08
_PAD, _ROW_GAP, _MIN_GAP, _CHAR = 2.5, 4, 26, 0.45  # _CHAR: mean glyph width in em
_FONT = "'Liberation Sans Narrow', 'Arial Narrow', 'DejaVu Sans Condensed', sans-serif"


@dataclass(frozen=True)
class Box:
    """A node's box in the picture: its top left corner, size and lines of text."""

    x: float
    y: float
    w: float
    h: float
    label: tuple[str, ...]
    plain: tuple[str, ...]

    def contains(self, px: float, py: float, margin: float = 0.0) -> bool:
        """Whether the point is inside the box (shrunk by ``margin``)."""
        return (self.x + margin < px < self.x + self.w - margin
                and self.y + margin < py < self.y + self.h - margin)


@dataclass(frozen=True)
class Line:
    """An edge's route: the points of a polyline from its source's box to its target's."""

    key: EdgeKey
    points: tuple[tuple[float, float], ...]

    def samples(self, step: float = 2.0) -> list[tuple[float, float]]:
        """Points along the route, about ``step`` pixels apart."""
        out = []
        for (x1, y1), (x2, y2) in zip(self.points, self.points[1:], strict=False):
            n = max(1, int(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5 / step))
            out += [(x1 + (x2 - x1) * i / n, y1 + (y2 - y1) * i / n) for i in range(n)]
        return [*out, self.points[-1]]

    def middle(self) -> tuple[float, float]:
        """The point halfway along the route."""
        points = self.samples(1.0)
        return points[len(points) // 2]

    def sign_at(self, boxes: list[Box], clearance: float = 8.0) -> tuple[float, float]:
        """Where the sign goes: the point nearest the middle of the route that is at least
        ``clearance`` away from every box (the middle itself when there is none)."""
        points = self.samples(1.0)
        half = len(points) // 2
        for offset in range(half):
            for i in (half - offset, half + offset):
                x, y = points[i]
                if not any(box.contains(x, y, margin=-clearance) for box in boxes):
                    return x, y
        return points[half]


@dataclass(frozen=True)
class Layout:
    """Where everything of the picture is: boxes, routes and the picture's size."""

    boxes: dict[str, Box]
    lines: list[Line]
    width: float
    height: float


def _wrap(text: str, chars: int, max_lines: int) -> tuple[str, ...]:
    """Words in lines of at most ``chars`` characters; the last line ends in "…" when
    text is left over."""
    lines: list[str] = []
    line = ""
    words = text.split()
    for i, word in enumerate(words):
        if line and len(line) + 1 + len(word) > chars:
            lines.append(line)
            line = word
            if len(lines) == max_lines:
                last = lines[-1].split()
                while len(last) > 1 and len(" ".join(last)) + 1 > chars:
                    last.pop()  # cut between words, never inside one
                lines[-1] = " ".join(last).rstrip(",;:") + "…"
                return tuple(lines)
        else:
            line = f"{line} {word}".strip()
        if i == len(words) - 1:
            lines.append(line)
    return tuple(lines)


def short_plain(text: str | None) -> str:
    """The first sentence of a node's plain wording (the box shows its start).

    >>> short_plain("Natural pain-relieving chemicals made by the body. In animals, more.")
    'Natural pain-relieving chemicals made by the body.'
    """
    if not text:
        return ""
    match = re.match(r"(.+?[.!?])(\s|$)", " ".join(text.split()))
    return match.group(1) if match else " ".join(text.split())


def pathway_layout(kg: MechGraph, report: PathReport, *, width: float = WIDTH,
                   plain_lines: int = 2, crowded_plain: int = 1) -> Layout:
    """Boxes in layers from left to right and a route for every edge of the report.

    Every box of a layer has the layer's width, so a line between neighbouring layers
    crosses only the empty column between them; a line that skips layers passes each
    layer in a gap between its boxes (or above or below them), and a line going back runs
    below every box. No route enters a box other than its own two ends. ``plain_lines``:
    the most lines of plain wording under a label (0: the label alone); ``crowded_plain``:
    the most in a crowded layer (more than four boxes).
    """
    graph = pathway_graph(kg, report)
    pos = layered_layout(graph, source=report.source, target=report.target)
    if not pos:
        return Layout({}, [], width, 0)
    depths = sorted({x for x, _ in pos.values()})
    layer_of = {n: depths.index(x) for n, (x, _) in pos.items()}
    members = [sorted((n for n in pos if layer_of[n] == i), key=lambda n: pos[n][1])
               for i in range(len(depths))]
    # Column widths: room for the longest label, shrunk together until the gaps are wide
    # enough for the lines and their signs.
    want = [max(min(len(kg.nodes[n].label), 52 if len(layer) > 4 else 18) * _LABEL_PX * _CHAR
                + 2 * _PAD + 4 for n in layer) for layer in members]
    want = [max(64.0, min(270.0, w)) for w in want]
    gaps = len(members) - 1
    scale = min(1.0, (width - 4 - gaps * _MIN_GAP) / sum(want))
    cols = [w * scale for w in want]
    gap = (width - 4 - sum(cols)) / gaps if gaps else 0.0
    lefts = [2 + sum(cols[:i]) + i * gap for i in range(len(cols))]
    text: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for i, layer in enumerate(members):
        for n in layer:
            node = kg.nodes[n]
            label_chars = int((cols[i] - 2 * _PAD) / (_LABEL_PX * _CHAR))
            plain_chars = int((cols[i] - 2 * _PAD) / (_PLAIN_PX * _CHAR))
            crowded = len(layer) > 4
            most = min(plain_lines, crowded_plain if crowded else 2)
            text[n] = (_wrap(node.label, label_chars, 2),
                       _wrap(short_plain(node.plain), plain_chars, most) if most else ())

    def height(n: str) -> float:
        label, plain = text[n]
        return (len(label) * _LABEL_PX + len(plain) * _PLAIN_PX) * _LINE_GAP + 2 * _PAD

    stacks = [sum(height(n) for n in layer) + _ROW_GAP * (len(layer) - 1)
              for layer in members]
    lane = 6.0  # above and below the boxes: room for the lines routed around them
    total = max(stacks) + 2 * lane
    boxes: dict[str, Box] = {}
    for i, layer in enumerate(members):
        y = lane + (max(stacks) - stacks[i]) / 2
        for n in layer:
            boxes[n] = Box(lefts[i], y, cols[i], height(n), *text[n])
            y += height(n) + _ROW_GAP

    edges = sorted(graph.edges(keys=True))

    def ports(side: str) -> dict[EdgeKey, float]:
        """Where each edge leaves (``out``) or enters (``in``) its box, spread over the
        box's side in the order of the other ends."""
        out: dict[EdgeKey, float] = {}
        end = 0 if side == "out" else 1
        for n, box in boxes.items():
            mine = [e for e in edges if e[end] == n]
            mine.sort(key=lambda e: (boxes[e[1 - end]].y, e))
            for k, e in enumerate(mine):
                out[e] = box.y + box.h * (k + 1) / (len(mine) + 1)
        return out

    leave, enter = ports("out"), ports("in")

    def free_gaps(i: int) -> list[tuple[float, float]]:
        tops = [(boxes[n].y, boxes[n].y + boxes[n].h) for n in members[i]]
        edges_y = [0.0] + [y for top, bottom in tops for y in (top, bottom)] + [total]
        return [(edges_y[j] + 3, edges_y[j + 1] - 3) for j in range(0, len(edges_y), 2)]

    wanted: dict[tuple[EdgeKey, int], tuple[float, float]] = {}
    for e in edges:
        a, b = layer_of[e[0]], layer_of[e[1]]
        if b <= a + 1:
            continue
        y1, y2 = leave[e], enter[e]
        for i in range(a + 1, b):
            ideal = y1 + (y2 - y1) * (i - a) / (b - a)
            wanted[e, i] = min(free_gaps(i), key=lambda g: (
                0 if g[0] <= ideal <= g[1] else min(abs(ideal - g[0]), abs(ideal - g[1]))))
    lanes: dict[tuple[EdgeKey, int], float] = {}
    for (e, i), g in wanted.items():
        sharing = sorted(k for k, v in wanted.items() if v == g and k[1] == i)
        lanes[e, i] = g[0] + (g[1] - g[0]) * (sharing.index((e, i)) + 1) / (len(sharing) + 1)
    lines = []
    for e in edges:
        u, v = boxes[e[0]], boxes[e[1]]
        a, b = layer_of[e[0]], layer_of[e[1]]
        start, finish = (u.x + u.w, leave[e]), (v.x, enter[e])
        if b > a:
            points = [start]
            for i in range(a + 1, b):
                y = lanes[e, i]
                points += [(lefts[i] - 2, y), (lefts[i] + cols[i] + 2, y)]
            points.append(finish)
        else:  # back to an earlier layer: down the gap after u, under everything, up
            out_x, in_x = u.x + u.w + gap / 3, v.x - gap / 3
            low = total - 4
            points = [start, (out_x, start[1]), (out_x, low), (in_x, low), (in_x, finish[1]),
                      finish]
        lines.append(Line(e, tuple(points)))
    return Layout(boxes, lines, width, total)


def _edge_style(kg: MechGraph, key: EdgeKey) -> tuple[str, float, str | None]:
    """Colour, width and dash pattern of an edge's line."""
    data = kg.graph.edges[key]
    if data["framework"] == "traditional":
        dash = DASH["traditional"]
    else:
        dash = DASH["contested"] if data["contested"] else DASH["plain"]
    return RELATION_PRINT[key[2]][0], LEVEL_WIDTH[data["evidence_level"]], dash


def pathway_svg(kg: MechGraph, report: PathReport, *, width: int = WIDTH,
                plain_lines: int = 2, crowded_plain: int = 1) -> str:
    """A static SVG picture of the report's pathways, left to right, made for print.

    Boxes are tinted by kind (white with a dashed border for the traditional framework)
    and show the label and the start of the plain wording; lines carry their sign as an
    arrow in a circle halfway, are thicker for stronger evidence, dashed when contested and
    dotted for the traditional framework. See :func:`legend_html` for the key.
    """
    layout = pathway_layout(kg, report, width=width, plain_lines=plain_lines,
                            crowded_plain=crowded_plain)
    if not layout.boxes:
        return ""
    h = int(layout.height + 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{h}" '
             f'viewBox="0 0 {width} {h}" role="img" aria-label="pathways" '
             f'font-family="{_FONT}">',
             "<defs>" + "".join(
                 f'<marker id="arrow-{r}" viewBox="0 0 10 10" refX="9" refY="5" '
                 f'markerWidth="5" markerHeight="5" markerUnits="userSpaceOnUse" '
                 f'orient="auto"><path d="M 0 0 L 10 5 L 0 10 z" fill="{c}"/></marker>'
                 for r, (c, _, _) in RELATION_PRINT.items()) + "</defs>"]
    signs = []
    for line in layout.lines:
        colour, stroke, dash = _edge_style(kg, line.key)
        d = " ".join(f"{'M' if i == 0 else 'L'} {x:.1f} {y:.1f}"
                     for i, (x, y) in enumerate(line.points))
        parts.append(f'<path class="edge" d="{d}" fill="none" stroke="{colour}" '
                     f'stroke-width="{stroke:.1f}" stroke-linejoin="round"'
                     + (f' stroke-dasharray="{dash}" stroke-linecap="round"' if dash else "")
                     + f' marker-end="url(#arrow-{line.key[2]})"/>')
        mx, my = line.sign_at(list(layout.boxes.values()))
        glyph = RELATION_PRINT[line.key[2]][1]
        signs.append(f'<g class="sign"><circle cx="{mx:.1f}" cy="{my:.1f}" r="6" '
                     f'fill="{PAPER}" stroke="{colour}" stroke-width="1"/>'
                     f'<text x="{mx:.1f}" y="{my + 3.8:.1f}" font-size="10.5" '
                     f'font-weight="bold" text-anchor="middle" fill="{colour}" '
                     f'font-family="DejaVu Sans, sans-serif">{glyph}</text></g>')
    parts += signs
    for node, box in sorted(layout.boxes.items()):
        data = kg.graph.nodes[node]
        border, fill = KIND_PRINT[data["kind"]]
        traditional = data["framework"] == "traditional"
        parts.append(
            f'<rect class="node" x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" '
            f'height="{box.h:.1f}" rx="4" fill="{PAPER if traditional else fill}" '
            f'stroke="{border}" stroke-width="1.4"'
            + (' stroke-dasharray="4 2.5"' if traditional else "") + "/>")
        y = box.y + _PAD + _LABEL_PX * 0.9
        cx = box.x + box.w / 2
        for text in box.label:
            parts.append(f'<text x="{cx:.1f}" y="{y:.1f}" font-size="{_LABEL_PX}" '
                         f'font-weight="bold" text-anchor="middle" fill="{TEXT}">'
                         f"{html.escape(text)}</text>")
            y += _LABEL_PX * _LINE_GAP
        y += (_PLAIN_PX - _LABEL_PX) * 0.9
        for text in box.plain:
            parts.append(f'<text class="plain" x="{cx:.1f}" y="{y:.1f}" '
                         f'font-size="{_PLAIN_PX}" text-anchor="middle" fill="{MUTED}">'
                         f"{html.escape(text)}</text>")
            y += _PLAIN_PX * _LINE_GAP
    parts.append("</svg>")
    return "".join(parts)


def _swatch_line(colour: str, width: float, dash: str | None, glyph: str = "") -> str:
    mark = (f'<circle cx="17" cy="7" r="6" fill="{PAPER}" stroke="{colour}"/>'
            f'<text x="17" y="10.8" font-size="10.5" font-weight="bold" text-anchor="middle" '
            f'fill="{colour}" font-family="DejaVu Sans, sans-serif">{glyph}</text>'
            if glyph else "")
    return (f'<svg class="swatch" width="34" height="14" viewBox="0 0 34 14" aria-hidden="true">'
            f'<line x1="1" y1="7" x2="33" y2="7" stroke="{colour}" stroke-width="{width}"'
            + (f' stroke-dasharray="{dash}" stroke-linecap="round"' if dash else "")
            + f"/>{mark}</svg>")


def legend_html(kinds: list[str] | None = None) -> str:
    """The key to the picture: node kinds, the sign of each relation, and what the line
    styles mean. ``kinds``: the node kinds to list (all by default).

    >>> "↑ increases" in legend_html() and "contested" in legend_html()
    True
    """
    kinds = list(KIND_PRINT) if kinds is None else kinds
    boxes = "".join(
        f'<span><i style="background:{KIND_PRINT[k][1]};border-color:{KIND_PRINT[k][0]}">'
        f"</i>{html.escape(k)}</span>" for k in kinds)
    boxes += ('<span><i style="background:#fff;border:1.4px dashed #6a4b33"></i>'
              "traditional idea</span>")
    signs = "".join(f"<span>{_swatch_line(c, 1.5, None, g)}{g} {html.escape(words)}</span>"
                    for c, g, words in RELATION_PRINT.values())
    styles = (f'<span>{_swatch_line(TEXT, LEVEL_WIDTH["high"], None)}strong evidence</span>'
              f'<span>{_swatch_line(TEXT, LEVEL_WIDTH["none"], None)}weak or none</span>'
              f'<span>{_swatch_line(TEXT, 1.5, DASH["contested"])}contested (studies '
              "disagree)</span>"
              f'<span>{_swatch_line(TEXT, 1.5, DASH["traditional"])}traditional</span>')
    return (f'<div class="legend" role="note" aria-label="legend"><b>Key:</b> {boxes}'
            f" {signs} {styles}</div>")


_FILTER_WORDS: dict[str, str] = {
    "relations": "relations", "stances": "evidence that", "designs": "study designs",
    "comparisons": "compared with", "kinds": "kinds of steps", "frameworks": "frameworks",
    "bases": "links that rest on"}


def filter_note(view: Filter | None) -> str:
    """One line naming what a filter hides, or "" when nothing is hidden."""
    if view is None or not view.active:
        return ""
    parts = []
    if view.min_level is not None:
        parts.append(f"only links with evidence level at least {view.min_level}")
    for name, words in _FILTER_WORDS.items():
        chosen = getattr(view, name)
        if chosen is not None:
            values = ", ".join(sorted(STANCE_WORDS.get(v, v).replace("_", " ")
                                      for v in chosen))
            parts.append(f"{words}: {values}")
    return f"Filtered view: {'; '.join(parts)}. Other links exist in the full graph."


_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
"""No script at all, and nothing loaded from anywhere."""

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<title>{title}</title>
<style>
@page {{ margin: 5mm 10mm; }}
html {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{ font-family: 'Liberation Sans', Arial, Helvetica, sans-serif; font-size: 11pt;
       line-height: 1.05; margin: 0; color: {text}; background: {paper}; max-width: 190mm; }}
h1 {{ font-size: 14pt; margin: 0 0 1pt; }}
h2 {{ font-size: 11.5pt; margin: 2pt 0 0; }}
p, li {{ margin: 0.5pt 0; }}
ol, ul {{ margin: 1pt 0; padding-left: 15pt; }}
.filter {{ border: 1.5px solid {text}; padding: 2pt 4pt; font-weight: bold; }}
.picture {{ margin: 3pt 0 0; }}
.picture > svg {{ display: block; max-width: 100%; height: auto; }}
.legend {{ font-size: 9pt; line-height: 1.3; color: {text}; margin: 1pt 0 2pt; }}
.legend span {{ white-space: nowrap; margin-right: 8pt; }}
.legend i {{ display: inline-block; width: 10pt; height: 8pt; border: 1.4px solid;
            vertical-align: -1pt; margin-right: 3pt; border-radius: 2px; }}
.legend .swatch {{ vertical-align: -2pt; margin-right: 3pt; }}
ol.refs {{ list-style: none; padding: 0; margin: 1pt 0; columns: 2; column-gap: 14pt;
          font-size: 9pt; line-height: 1.15; text-align: left; }}
ol.refs li {{ display: inline; font-size: 9pt; margin: 0 5pt 0 0; }}
.u {{ white-space: nowrap; }}
a {{ color: #1a4480; text-decoration: none; word-break: normal; overflow-wrap: normal; }}
</style></head>
<body>
{body}
</body></html>
"""

_LINK = re.compile(r'(<a href="[^"]*">)([^<]*)(</a>)')


def _breakable(match: re.Match[str]) -> str:
    """A link that shows its address without ``https://`` and may break only after a
    ``/``."""
    start, url, end = match.groups()
    rest = url.partition("://")[2] or url
    parts = rest.split("/")
    shown = "/<wbr>".join(f'<span class="u">{part}</span>' if part else "" for part in parts)
    return start + shown + end


def render_handout(kg: MechGraph, report: PathReport, *, filter: Filter | None = None,
                   paper: str | None = None) -> str:
    """The printable one-page handout for the paths from a treatment to a condition,
    showing as much as the page has room for (:data:`mechgraph.pagefit.FITS`).

    Parameters
    ----------
    kg : MechGraph
    report : PathReport
        From :func:`mechgraph.query.find_paths` (on the filtered view, if any).
    filter : Filter, optional
        The filter the report was found under; when it hides anything, the handout says
        so in a line of its own, naming what it keeps.
    paper : {"A4", "letter"}, optional
        Fix the paper size in the page's ``@page`` rule; by default the printer's paper is
        used (the page fits on one A4 and on one Letter page).

    Returns
    -------
    str
        A standalone HTML page with no script: print it, or save it as PDF.
    """
    note = filter_note(filter)
    tried: list[tuple[float, int, Fit, str]] = []
    for i, fit in enumerate(FITS):
        text = patient_paths(kg, report, "html", brief=True, compact=fit.compact).render("html")
        drawn = pathway_layout(kg, report, plain_lines=fit.plain_lines,
                               crowded_plain=fit.crowded_plain)
        mm = foreseen(f"<p>{note}</p>{text}" if note else text, drawn.height * 0.2646)
        tried.append((round(mm, 1), i, fit, text))
        if mm <= PAGE_MM:
            break
    _, _, fit, text = min(tried)
    title_end = text.index("</h1>") + len("</h1>")
    kinds = [k for k in KIND_PRINT if any(kg.nodes[n].kind == k
                                          for n in pathway_graph(kg, report).nodes)]
    svg = pathway_svg(kg, report, plain_lines=fit.plain_lines, crowded_plain=fit.crowded_plain)
    picture = (f'<div class="picture">{svg}</div>{legend_html(kinds)}'
               if report.paths else "")
    body = (text[:title_end] + (f'<p class="filter">{html.escape(note)}</p>' if note else "")
            + picture + text[title_end:])
    references = body.rfind("<ol>")
    if references >= 0 and body[:references].endswith(f"<h2>{PATIENT['references']}</h2>\n"):
        end = body.index("</ol>", references)
        items = body[references + len("<ol>"):end].split("<li>")[1:]
        numbered = "".join(f'<li><b class="n">{i}.</b>&nbsp;{_LINK.sub(_breakable, item)}'
                           for i, item in enumerate(items, 1))
        body = body[:references] + f'<ol class="refs">{numbered}' + body[end:]
    title = text[len("<h1>"):text.index("</h1>")]
    page = _PAGE.format(csp=_CSP, title=title, body=body, text=TEXT, paper=PAPER)
    if paper is not None:
        from mechgraph.pdf import _with_paper
        page = _with_paper(page, paper)
    return page


def render_handout_pdf(kg: MechGraph, report: PathReport, *, filter: Filter | None = None,
                       paper: str = "A4") -> bytes:
    """The handout as a one-page PDF, printed by the system Chromium.

    Parameters
    ----------
    kg, report, filter
        As for :func:`render_handout`.
    paper : {"A4", "letter"}

    Returns
    -------
    bytes
        The PDF.

    Raises
    ------
    mechgraph.pdf.PdfError
        When there is no Chromium, the paper is unknown, or printing fails.
    """
    from mechgraph.pdf import html_to_pdf
    return html_to_pdf(render_handout(kg, report, filter=filter), paper=paper)
