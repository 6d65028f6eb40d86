"""The printable one-page comparison handout for patients: a table of the treatments in
rank order, then a short part per treatment with a small picture of its direct link and its
best-evidenced mechanism, a few findings with their numbers, and what is not known; one
shared key and numbered references.

The same rules as :mod:`mechgraph.handout` (its CSS, key, drawing and reference style): no
script, nothing loaded, text of at least 11 pt (9 pt for the key and the references), and
one A4 or US Letter page. The small pictures are :func:`mechgraph.handout.pathway_svg`
drawings all of the same width and font sizes (one scale), each of the treatment's direct
link and its best pathway outside the traditional framework.

Examples
--------
>>> import mechgraph
>>> from mechgraph.compare import compare
>>> kg = mechgraph.load_graph("graph")
>>> page = render_comparison(kg, compare(kg, "chronic_low_back_pain"))
>>> "<script" in page, page.count('class="legend"'), page.count('class="picture small"')
(False, 1, 4)
>>> "Not compared: Sham (simulated) acupuncture (a pretend treatment used in" in page
True
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

from mechgraph.compare import (
    CONTROL_LEFT_OUT,
    ClinicalEffect,
    Comparison,
    Finding,
    TreatmentComparison,
    level_rank,
)
from mechgraph.compare_words import plain_cell, plain_harm_lines, plain_mechanisms
from mechgraph.document import brief_reference_line, in_text, linked
from mechgraph.graph import MechGraph
from mechgraph.handout import (
    _CSP,
    _LINK,
    _PAGE,
    KIND_PRINT,
    PAPER,
    TEXT,
    WIDTH,
    _breakable,
    filter_note,
    legend_html,
    pathway_layout,
    pathway_svg,
)
from mechgraph.pagefit import CHARS as _CHARS
from mechgraph.pagefit import LINE as _LINE
from mechgraph.pagefit import PT as _PT
from mechgraph.pagefit import REF_CHARS as _REF_CHARS
from mechgraph.pagefit import SMALL as _SMALL
from mechgraph.pagefit import lines as _lines
from mechgraph.query import PathReport, Pathway, compose_signs
from mechgraph.view import pathway_graph
from mechgraph.wording import PATIENT, PATIENT_HEDGE_BRIEF

__all__ = ["COLUMNS", "COMPARE_CSS", "FITS", "HANDOUT", "PAGE_MM", "PICTURE_WIDTH", "TABLE_SAYS",
           "Fit", "render_comparison", "render_comparison_pdf"]

HANDOUT: dict[str, str] = {
    "title": "Treatments for {condition}: what studies found",
    "intro": "Ranked by the strength of studies in people, not by how many ways a "
             "treatment might work. \u201cPretend treatment\u201d: a dummy pill or a sham "
             "(simulated) procedure.",
    "header": "Treatment|Against pretend treatment|Against usual care or none|"
              "Ways it may work|Harms recorded",
    "no_picture": "No pathway to draw.",
    "hidden": "Hidden by the filter",
    "unknown": "Not known: ",
    "weakest": "Weakest step of its best-studied way of working, {source} \u2192 {target}: "
               "{hedge}",
    "left_out": "Not compared: {names}.",
    "control": "a pretend treatment used in trials, not offered to patients",
    "table_note": "\u201cWays it may work\u201d: suggested ways, by how they were "
                  "studied (lab-only: animals or cells, not people). \u201cNot "
                  "tested\u201d: no study here made that comparison. "
                  "\u201cNone recorded\u201d: no harm data checked here, not proof of "
                  "safety.",
    "no_active": "No treatment here was compared head to head with another treatment.",
    "some_active": "Compared head to head with another treatment: only {names}.",
}
"""The handout's own words (the hedges and the footer are :mod:`mechgraph.wording`'s)."""

COMPARE_CSS = """
table.compare { border-collapse: collapse; width: 100%; margin: 2pt 0; table-layout: fixed; }
table.compare th, table.compare td { border: 1px solid #6b6b6b; padding: 0.5pt 3pt;
  vertical-align: top; text-align: left; font-size: 11pt; line-height: 1.05; }
table.compare th { background: #eeeeee; }
.treatment .row { display: flex; align-items: center; gap: 4pt; margin: 1.5pt 0 0; }
.treatment .picture { margin: 0; }
.treatment h2 { margin: 0; width: 31mm; flex: none; }
.treatment h2.rank { width: auto; }
.treatment ul { margin: 0; }
.treatment li { margin: 0; }
.picture.small > svg { display: block; max-width: 100%; height: auto; }
sup.r { font-size: 9pt; line-height: 0; }
"""
"""What the comparison adds to :mod:`mechgraph.handout`'s style."""

COLUMNS = (16, 17, 13, 20, 34)
"""The table's column widths, in per cent (fixed, so that the page's height can be
foreseen)."""

PICTURE_WIDTH = WIDTH - 124
"""The width of every small picture (one scale for all): the text width less the column
of the treatment's name beside it (on a crowded page, its rank alone: the picture's first
box names it)."""

TABLE_SAYS = frozenset({"no_sham", "sham_contested", "sham_refuted", "no_usual", "no_harms",
                        "no_pathways", "animal_only", "untested_only", "traditional"})
"""The kinds of unknowns (:data:`mechgraph.compare_words.UNKNOWN`) the table and its note
already say: a treatment's part leaves them out."""


@dataclass(frozen=True)
class Fit:
    """How much of each treatment's part the page shows."""

    findings: int
    """The most findings of each treatment (a contested group's supporting and refuting
    findings always come as a pair)."""
    weakest: bool
    """Whether the weakest step of the best mechanism has a line."""
    plain_lines: int = 2
    """The lines of plain wording under each label of the pictures (0: labels only)."""
    harms: bool = True
    """Whether each harm has a line with its finding (the table names every harm and how
    sure it is in any case)."""


FITS = (Fit(3, True), Fit(2, True), Fit(2, False), Fit(2, False, harms=False),
        Fit(2, False, 0, harms=False), Fit(1, False, 0, harms=False),
        Fit(0, False, 0, harms=False))
"""From the fullest page to the shortest: the first whose foreseen height fits is used."""

PAGE_MM = 272.0
"""The foreseen height the page's content may take. US Letter, the shorter paper, has
269 mm inside its margins; the foresight errs on the long side (by 2 to 4% on the seed
graph's four and five treatments), so a page foreseen at 272 mm takes at most about
266 mm."""

_H2_CHARS = 11  # characters of a treatment's name beside its picture


def _picked(row: TreatmentComparison, most: int) -> list[Finding]:
    """The findings the page shows: per tested group the best supporting item and, beside
    it, the best refuting one; placebo and sham first, at most ``most``, but a group's pair
    is never split, and the best supporting and the best refuting findings of all are
    always there (neither side is left out where the other is shown)."""
    out: list[Finding] = []
    for effect in row.clinical.values():
        pair = _best(effect)
        if not most or (out and len(out) + len(pair) > most):
            break
        out += pair
    everything = [(f, n) for n, effect in enumerate(row.clinical.values())
                  for f in effect.findings]
    for stances in (("supports", "partial"), ("refutes",)):
        side = [(f, n) for f, n in everything if f.stance in stances]
        if side and not any(f.stance in stances for f in out):
            out.append(max(side, key=lambda x: (level_rank(x[0].level), -x[1],
                                                -len(x[0].finding)))[0])
    return out


def _strongest_short(finding: Finding) -> tuple[int, int]:
    """The strongest finding first, the shorter of two equally strong ones next."""
    return level_rank(finding.level), -len(finding.finding)


def _best(effect: ClinicalEffect) -> list[Finding]:
    picked = []
    for stances in (("supports", "partial"), ("refutes",)):
        items = [f for f in effect.findings if f.stance in stances]
        if items:
            picked.append(max(items, key=_strongest_short))
    return picked


def _paths(kg: MechGraph, row: TreatmentComparison) -> list[Pathway]:
    """What a treatment's picture shows: its direct links and its best pathway."""
    paths = [_direct_path(kg, d.edge) for d in row.direct]
    return paths + ([row.best_pathway] if row.best_pathway is not None else [])


def _picture(kg: MechGraph, row: TreatmentComparison, plain_lines: int) -> tuple[str, float]:
    """A treatment's small picture and its height in mm."""
    paths = _paths(kg, row)
    if not paths:
        return f"<p>{HANDOUT['no_picture']}</p>", _LINE
    report = PathReport.of(paths)
    svg = pathway_svg(kg, report, width=PICTURE_WIDTH, plain_lines=plain_lines)
    height = pathway_layout(kg, report, width=PICTURE_WIDTH, plain_lines=plain_lines).height
    return f'<div class="picture small">{svg}</div>', height * 0.2646


def _direct_path(kg: MechGraph, key: tuple[str, str, str]) -> Pathway:
    data = kg.graph.edges[key]
    return Pathway((key,), (key[0], key[1]), (key[2],), compose_signs([key[2]]),
                   data["evidence_level"], data["contested"], (data["framework"],))


def _kinds(kg: MechGraph, result: Comparison) -> list[str]:
    used: set[str] = set()
    for row in result.treatments:
        paths = _paths(kg, row)
        if paths:
            used |= {kg.nodes[n].kind for n in pathway_graph(kg, PathReport.of(paths)).nodes}
    return [k for k in KIND_PRINT if k in used]


def _items(kg: MechGraph, row: TreatmentComparison, fit: Fit, said: frozenset[str],
           ) -> list[tuple[str, str | None]]:
    """A treatment's lines: (plain text, the reference it cites or None)."""
    items: list[tuple[str, str | None]] = [(f.finding, f.ref)
                                           for f in _picked(row, fit.findings)]
    for harm in row.harms if fit.harms else ():
        best = max(harm.findings, key=lambda f: level_rank(f.level), default=None)
        if best is not None:
            items.append((f"Harm, {in_text(harm.target_label)}: {best.finding}", best.ref))
    if fit.weakest and row.weakest_link is not None:
        s, t, _ = row.weakest_link.edge
        items.append((HANDOUT["weakest"].format(
            source=in_text(kg.nodes[s].label), target=in_text(kg.nodes[t].label),
            hedge=PATIENT_HEDGE_BRIEF.get(row.weakest_link.level, "")), None))
    unsaid = [text for code, text in zip(row.unknown_codes, row.unknowns, strict=True)
              if code not in said]
    if unsaid:
        items.append((HANDOUT["unknown"] + " ".join(unsaid), None))
    return items


def _section(row: TreatmentComparison, picture: str, items: list[tuple[str, str | None]],
             number: dict[str, int], *, named: bool = True) -> str:
    lines = []
    for text, ref in items:
        cite = ""
        if ref is not None:
            cite = f'<sup class="r">[{number.setdefault(ref, len(number) + 1)}]</sup>'
        if text.startswith(HANDOUT["unknown"]):
            body = (f"<b>{HANDOUT['unknown']}</b>"
                    + html.escape(text[len(HANDOUT["unknown"]):]))
        else:
            body = html.escape(text)
        lines.append(f"<li>{body}{cite}</li>")
    heading = (f"<h2>{row.rank}. {html.escape(row.label)}</h2>" if named else
               f'<h2 class="rank" aria-label="{row.rank}. {html.escape(row.label)}">'
               f"{row.rank}.</h2>")
    return (f'<div class="treatment"><div class="row">{heading}{picture}</div>'
            f"<ul>{''.join(lines)}</ul></div>")


def _cell(column: int, lines: list[str]) -> str:
    """A table cell: its lines one under another (a harm's group line in italics), the
    treatment's name in bold."""
    if column == 0:
        return "<b>" + html.escape(" ".join(lines)) + "</b>"
    return "<br>".join(f"<i>{html.escape(x)}</i>" if x.endswith(":") else html.escape(x)
                       for x in lines)


def _height(head: list[str], rows: list[list[list[str]]], sections: list[tuple[str, float, int]],
            refs: list[str]) -> float:
    """The foreseen height in mm of the page's content: texts by their length, the
    table's rows by their tallest cell, each treatment's part by its picture or name and
    its lines, the references in two columns, and the key."""
    total = 7.0 + 13.0  # the title; the key (three lines of 9 pt)
    total += sum(_lines(text, _CHARS) * _LINE for text in head)
    for row in rows:
        tallest = max(sum(_lines(line, pct * _CHARS / 100 - 1.5) for line in cell)
                      for cell, pct in zip(row, COLUMNS, strict=True))
        total += tallest * 11 * 1.05 * _PT + 0.9
    for name, picture_mm, chars in sections:
        named = _lines(name, _H2_CHARS) * 11.5 * 1.05 * _PT if name else 0.0
        total += max(picture_mm, named) + 0.6
        total += chars
    if refs:
        ref_lines = sum(_lines(r, _REF_CHARS) for r in refs)
        total += 6.0 + math.ceil(ref_lines / 2) * _SMALL
    return total


def render_comparison(kg: MechGraph, result: Comparison, *, paper: str | None = None) -> str:
    """The printable one-page comparison of treatments for a patient.

    Each treatment's part shows as much as the page has room for (:data:`FITS`): up to
    three findings and the weakest step of its best mechanism, or fewer when many
    treatments are compared. The table names every harm and how sure it is, and what is
    not known is always shown.

    Parameters
    ----------
    kg : MechGraph
    result : Comparison
        From :func:`mechgraph.compare.compare`.
    paper : {"A4", "letter"}, optional
        Fix the paper size; by default the page fits on one A4 and one Letter page.

    Returns
    -------
    str
        A standalone HTML page with no script.
    """
    condition = in_text(result.condition_label)
    title = HANDOUT["title"].format(condition=condition)
    head = [HANDOUT["intro"]]
    note = filter_note(result.filter)
    if note:
        head.append(note)
    header = [[h] for h in HANDOUT["header"].split("|")]
    rows = [[[f"{row.rank}. {row.label}"],
             *(([HANDOUT["hidden"]],) * 2 if row.direct_hidden else
               ([plain_cell(row.clinical["placebo_or_sham"])],
                [plain_cell(row.clinical["usual_care"])])),
             plain_mechanisms(row).split(", "), plain_harm_lines(row)]
            for row in result.treatments]
    said = TABLE_SAYS
    table_note = HANDOUT["table_note"]
    tried = [row.label for row in result.treatments if row.clinical["active"].tested]
    if len(tried) < len(result.treatments):  # said once for all
        said |= {"no_active"}
        table_note += " " + (HANDOUT["some_active"].format(names=", ".join(tried)) if tried
                             else HANDOUT["no_active"])
    head.append(table_note)
    if result.left_out:  # in the same paragraph
        table_note += " " + HANDOUT["left_out"].format(names="; ".join(
            f"{x.label} ({HANDOUT['control'] if x.reason == CONTROL_LEFT_OUT else x.reason})"
            for x in result.left_out))
    head[-1] = table_note
    head.append(PATIENT["footer"])
    drawn: dict[int, list[tuple[str, float]]] = {}
    for fit in FITS:
        if fit.plain_lines not in drawn:
            drawn[fit.plain_lines] = [_picture(kg, row, fit.plain_lines)
                                      for row in result.treatments]
        items = [_items(kg, row, fit, said) for row in result.treatments]
        keys = list(dict.fromkeys(ref for part in items for _, ref in part if ref))
        refs = [brief_reference_line(kg.references[k]) for k in keys]
        sections = [(f"{row.rank}. {row.label}" if fit.plain_lines else "", mm,
                     sum(_lines(text, _CHARS - 4) * _LINE for text, _ in part))
                    for row, (_, mm), part in zip(result.treatments, drawn[fit.plain_lines],
                                                  items, strict=True)]
        if _height(head, [header, *rows], sections, refs) <= PAGE_MM:
            break
    pictures = [svg for svg, _ in drawn[fit.plain_lines]]
    parts = [f"<h1>{html.escape(title)}</h1>"]
    if note:
        parts.append(f'<p class="filter">{html.escape(note)}</p>')
    parts.append(f"<p>{html.escape(HANDOUT['intro'])}</p>")
    cols = "".join(f'<col style="width:{pct}%">' for pct in COLUMNS)
    cells = "".join(f"<th>{html.escape(h)}</th>" for h, in header)
    body = "".join("<tr>" + "".join(f"<td>{_cell(i, c)}</td>" for i, c in enumerate(r))
                   + "</tr>" for r in rows)
    parts.append(f'<table class="compare"><colgroup>{cols}</colgroup><tr>{cells}</tr>'
                 f"{body}</table>")
    parts.append(f'<p class="note">{html.escape(table_note)}</p>')
    parts.append(legend_html(_kinds(kg, result)))
    number: dict[str, int] = {}
    parts += [_section(row, picture, part, number, named=bool(fit.plain_lines))
              for row, picture, part in zip(result.treatments, pictures, items, strict=True)]
    if number:
        listed = "".join(
            f'<li><b class="n">{n}.</b>&nbsp;'
            f"{_LINK.sub(_breakable, linked(brief_reference_line(kg.references[key])))}"
            for key, n in number.items())
        parts.append(f"<h2>{PATIENT['references']}</h2><ol class=\"refs\">{listed}</ol>")
    parts.append(f"<p>{html.escape(PATIENT['footer'])}</p>")
    page = _PAGE.format(csp=_CSP, title=html.escape(title), body="\n".join(parts), text=TEXT,
                        paper=PAPER)
    page = page.replace("</style>", COMPARE_CSS + "</style>", 1)
    if paper is not None:
        from mechgraph.pdf import _with_paper
        page = _with_paper(page, paper)
    return page


def render_comparison_pdf(kg: MechGraph, result: Comparison, *, paper: str = "A4") -> bytes:
    """The comparison handout as a one-page PDF, printed by the system Chromium.

    Raises
    ------
    mechgraph.pdf.PdfError
        When there is no Chromium, the paper is unknown, or printing fails.
    """
    from mechgraph.pdf import html_to_pdf
    return html_to_pdf(render_comparison(kg, result), paper=paper)
