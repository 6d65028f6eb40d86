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
(False, 1, 2)
"""

from __future__ import annotations

import html

from mechgraph.compare import (
    ClinicalEffect,
    Comparison,
    Finding,
    TreatmentComparison,
    level_rank,
)
from mechgraph.compare_words import plain_cell, plain_harms, plain_mechanisms
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
    pathway_svg,
)
from mechgraph.query import PathReport, Pathway
from mechgraph.view import pathway_graph
from mechgraph.wording import PATIENT, PATIENT_HEDGE_BRIEF

__all__ = ["COMPARE_CSS", "HANDOUT", "TABLE_SAYS", "render_comparison", "render_comparison_pdf"]

HANDOUT: dict[str, str] = {
    "title": "Treatments for {condition}: what studies found",
    "intro": "Treatments are listed by how strong the studies of them in people are, not by "
             "how many ways they might work. \u201cPretend treatment\u201d means a placebo "
             "(dummy) pill or a sham (simulated) procedure.",
    "header": "#|Treatment|Against pretend treatment|Against usual care or none|"
              "How it may work|Harms recorded",
    "no_picture": "No pathway to draw.",
    "unknown": "Not known: ",
    "weakest": "Weakest step of its best-studied way of working, {source} \u2192 {target}: "
               "{hedge}",
    "left_out": "Not compared (nothing links them to {condition} here): {names}.",
    "table_note": "\u201cNot tested\u201d against a pretend treatment: how much of any benefit "
                  "comes from the treatment itself is not known. \u201cNone recorded\u201d: "
                  "no harm data was checked here; it does not mean the treatment is safe.",
    "no_active": "No treatment here was compared head to head with another treatment.",
}
"""The handout's own words (the hedges and the footer are :mod:`mechgraph.wording`'s)."""

COMPARE_CSS = """
table.compare { border-collapse: collapse; width: 100%; margin: 2pt 0; }
table.compare th, table.compare td { border: 1px solid #6b6b6b; padding: 1pt 3pt;
  vertical-align: top; text-align: left; font-size: 11pt; line-height: 1.05; }
table.compare th { background: #eeeeee; }
.treatment .row { display: flex; align-items: center; gap: 4pt; margin: 3pt 0 0; }
.treatment h2 { margin: 0; width: 25mm; flex: none; }
.treatment ul { margin: 0; }
.picture.small > svg { display: block; max-width: 100%; height: auto; }
sup.r { font-size: 9pt; }
"""
"""What the comparison adds to :mod:`mechgraph.handout`'s style."""

_MAX_FINDINGS = 3

PICTURE_WIDTH = WIDTH - 100
"""The width of every small picture (one scale for all): the text width less the column
of the treatment's name beside it."""

TABLE_SAYS = frozenset({"no_sham", "sham_contested", "no_usual", "no_harms"})
"""The kinds of unknowns (:data:`mechgraph.compare_words.UNKNOWN`) the table and its note
already say: a treatment's part leaves them out."""


def _picked(row: TreatmentComparison) -> list[Finding]:
    """The findings the page shows: per tested group the best supporting item, and beside
    it the best refuting one (refuting evidence is never left out where support is shown);
    at most :data:`_MAX_FINDINGS`, placebo and sham first."""
    out: list[Finding] = []
    for effect in row.clinical.values():
        out += _best(effect)
    return out[:_MAX_FINDINGS]


def _best(effect: ClinicalEffect) -> list[Finding]:
    picked = []
    for stances in (("supports", "partial"), ("refutes",)):
        items = [f for f in effect.findings if f.stance in stances]
        if items:
            picked.append(max(items, key=lambda f: level_rank(f.level)))
    return picked


def _picture(kg: MechGraph, row: TreatmentComparison) -> str:
    paths: list[Pathway] = []
    for d in row.direct:
        paths.append(_direct_path(kg, d.edge))
    if row.best_pathway is not None:
        paths.append(row.best_pathway)
    if not paths:
        return f"<p>{HANDOUT['no_picture']}</p>"
    svg = pathway_svg(kg, PathReport.of(paths), width=PICTURE_WIDTH)
    return f'<div class="picture small">{svg}</div>'


def _direct_path(kg: MechGraph, key: tuple[str, str, str]) -> Pathway:
    from mechgraph.query import compose_signs

    data = kg.graph.edges[key]
    return Pathway((key,), (key[0], key[1]), (key[2],), compose_signs([key[2]]),
                   data["evidence_level"], data["contested"], (data["framework"],))


def _kinds(kg: MechGraph, result: Comparison) -> list[str]:
    used: set[str] = set()
    for row in result.treatments:
        paths = [_direct_path(kg, d.edge) for d in row.direct]
        paths += [row.best_pathway] if row.best_pathway is not None else []
        if paths:
            used |= {kg.nodes[n].kind for n in pathway_graph(kg, PathReport.of(paths)).nodes}
    return [k for k in KIND_PRINT if k in used]


def _section(kg: MechGraph, row: TreatmentComparison, number: dict[str, int],
             said: frozenset[str]) -> str:
    def cite(ref: str) -> str:
        n = number.setdefault(ref, len(number) + 1)
        return f'<sup class="r">[{n}]</sup>'

    items = []
    for f in _picked(row):
        items.append(f"<li>{html.escape(f.finding)}{cite(f.ref)}</li>")
    for harm in row.harms:
        best = max(harm.findings, key=lambda f: level_rank(f.level), default=None)
        if best is not None:
            items.append(f"<li>Harm, {html.escape(in_text(harm.target_label))}: "
                         f"{html.escape(best.finding)}{cite(best.ref)}</li>")
    if row.weakest_link is not None:
        s, t, _ = row.weakest_link.edge
        hedge = PATIENT_HEDGE_BRIEF.get(row.weakest_link.level, "")
        items.append("<li>" + html.escape(HANDOUT["weakest"].format(
            source=in_text(kg.nodes[s].label), target=in_text(kg.nodes[t].label),
            hedge=hedge)) + "</li>")
    unsaid = [text for code, text in zip(row.unknown_codes, row.unknowns, strict=True)
              if code not in said]
    if unsaid:
        items.append(f"<li><b>{HANDOUT['unknown']}</b>"
                     + html.escape(" ".join(unsaid)) + "</li>")
    return (f'<div class="treatment"><div class="row"><h2>{row.rank}. '
            f"{html.escape(row.label)}</h2>{_picture(kg, row)}</div>"
            f"<ul>{''.join(items)}</ul></div>")


def render_comparison(kg: MechGraph, result: Comparison, *, paper: str | None = None) -> str:
    """The printable one-page comparison of treatments for a patient.

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
    parts = [f"<h1>{html.escape(title)}</h1>"]
    note = filter_note(result.filter)
    if note:
        parts.append(f'<p class="filter">{html.escape(note)}</p>')
    parts.append(f"<p>{html.escape(HANDOUT['intro'])}</p>")
    header = "".join(f"<th>{html.escape(h)}</th>" for h in HANDOUT["header"].split("|"))
    rows = "".join(
        f"<tr><td>{row.rank}</td><td><b>{html.escape(row.label)}</b></td>"
        f"<td>{html.escape(plain_cell(row.clinical['placebo_or_sham']))}</td>"
        f"<td>{html.escape(plain_cell(row.clinical['usual_care']))}</td>"
        f"<td>{html.escape(plain_mechanisms(row))}</td>"
        f"<td>{html.escape(plain_harms(row))}</td></tr>" for row in result.treatments)
    parts.append(f'<table class="compare"><tr>{header}</tr>{rows}</table>')
    said = TABLE_SAYS
    table_note = HANDOUT["table_note"]
    if all("no_active" in row.unknown_codes for row in result.treatments):
        said |= {"no_active"}  # said once for all
        table_note += " " + HANDOUT["no_active"]
    parts.append(f'<p class="note">{html.escape(table_note)}</p>')
    if result.left_out:
        parts.append("<p>" + html.escape(HANDOUT["left_out"].format(
            condition=condition, names=", ".join(x.label for x in result.left_out)))
            + "</p>")
    parts.append(legend_html(_kinds(kg, result)))
    number: dict[str, int] = {}
    parts += [_section(kg, row, number, said) for row in result.treatments]
    if number:
        refs = "".join(
            f'<li><b class="n">{n}.</b>&nbsp;'
            f"{_LINK.sub(_breakable, linked(brief_reference_line(kg.references[key])))}"
            for key, n in number.items())
        parts.append(f"<h2>{PATIENT['references']}</h2><ol class=\"refs\">{refs}</ol>")
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
