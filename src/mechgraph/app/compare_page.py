"""Compare mode, for patients: "should I try acupuncture, or exercise, or pills?".

Pick a condition and the treatments to weigh; the page shows what :func:`mechgraph.compare`
found, in this order: a table ranked by the clinical evidence (against placebo or sham,
against usual care, the mechanisms by what they rest on, the harms), the pathways of each
treatment as small pictures side by side (one scale, one height, one legend; each with its
list of steps in words and a button that opens it in Explain mode), then each treatment's
findings with their numbers and references, its weakest link and what is not known; and
the one-page comparison handout to take away.

The page only arranges what the library computes (:mod:`mechgraph.compare`, its words in
:mod:`mechgraph.compare_words` and :mod:`mechgraph.compare_text`, the handout in
:mod:`mechgraph.compare_handout`).
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pyarrow as pa
import streamlit as st

import mechgraph
from mechgraph.app import state as session
from mechgraph.app.common import Choices, choices, memo, pick_node
from mechgraph.app.component import network_view
from mechgraph.app.explain_page import pdf_chromium
from mechgraph.app.pathways import markdown_table
from mechgraph.app.state import bound
from mechgraph.compare import ClinicalEffect, Comparison, DirectEffect, Finding, TreatmentComparison
from mechgraph.compare_handout import render_comparison, render_comparison_pdf
from mechgraph.compare_text import GROUP_TITLES, clinical_words, comparison_text
from mechgraph.compare_words import cell_words, count_parts, harms_words
from mechgraph.document import in_text, reference_title
from mechgraph.layout import FONT_SIZE, LABEL_WIDTH, node_height
from mechgraph.pdf import PdfError
from mechgraph.query import Filter, QueryError, find_paths
from mechgraph.text import escape_markdown
from mechgraph.view import LEGEND_CSS, legend_html, pathway_graph, view_data

__all__ = ["COLUMNS", "COLUMN_WIDTH", "MAX_DEFAULT", "MECHANISM_CELL", "PICTURE_HEIGHT", "REACH",
           "READABLE", "SYMBOL", "Compared", "columns_for", "compare_mode", "comparison_table",
           "effect_cell", "mechanisms_cell", "offered_treatments", "open_explain",
           "reached_conditions", "shared_extent", "treatment_detail"]

COLUMNS = 2
"""The most pictures side by side in a row (more rows follow)."""

COLUMN_WIDTH = 480
"""About how wide each of two columns is on a screen 1440 pixels wide (the app's wide
layout, the sidebar open), in pixels: pictures go two in a row only when they stay readable
at that width; else one under another, still at one scale and height."""

READABLE = 12 / FONT_SIZE
"""The smallest scale at which a picture's labels are 12 pixels high on screen (the
component shows the steps in words below it)."""

PICTURE_HEIGHT = 720
"""The most height a small picture takes, in pixels (all take the same)."""

MAX_DEFAULT = 8
"""With no treatment chosen, the page compares at most this many (by name); the picker
offers every treatment that reaches the condition."""

REACH = 6
"""The longest pathway looked for (as :func:`mechgraph.compare` and Explain mode)."""

MECHANISM_CELL: dict[str, str] = {
    "human": "in people {n}", "animal_or_cell": "animal or cell only {n}",
    "untested": "untested {n}", "inconclusive": "not shown to work {n}",
    "unrecorded": "kind of study not recorded {n}", "traditional": "traditional idea {n}"}
"""The pathway counts of :func:`mechanisms_cell`, in order."""

SYMBOL: dict[str, str] = {
    "untested": "○",
    "refuted": "✗",
    "contested": "⚖",
    "unclear": "?",
    "supported": "✓",
}
"""The sign before a comparison cell's words (the words say it too; no colour is used):
not tested, no benefit found, studies disagree, tested with unclear results, supported."""

TREATMENTS_LABEL = "Treatments to compare"

TABLE_CSS = ".st-key-compare-table [data-testid=stMarkdownContainer] { overflow-x: auto; }"
"""A table wider than the screen (a phone's) scrolls sideways in its own box."""


def effect_cell(effect: ClinicalEffect) -> str:
    """A comparison group in the page's table: a sign, then the library's words.

    >>> from mechgraph.compare import ClinicalEffect
    >>> effect_cell(ClinicalEffect("placebo_or_sham", "high", "moderate", True, ("x",)))
    '⚖ high, contested'
    >>> effect_cell(ClinicalEffect("usual_care", "none", "none", False, ()))
    '○ not tested'
    """
    words = cell_words(effect)
    if not effect.tested:
        sign = SYMBOL["untested"]
    elif effect.best_support == "none" and effect.best_refute != "none":
        sign = SYMBOL["refuted"]
    elif effect.contested:
        sign = SYMBOL["contested"]
    elif effect.best_support == "none":
        sign = SYMBOL["unclear"]
    else:
        sign = SYMBOL["supported"]
    return f"{sign} {words}"


def comparison_table(result: Comparison) -> pa.Table:
    """The ranked table of the page (one row per treatment).

    >>> import mechgraph
    >>> kg = mechgraph.load_graph("graph")
    >>> row = comparison_table(mechgraph.compare(kg, "chronic_low_back_pain")).to_pylist()[0]
    >>> row["Treatment"], row["Against placebo or sham"], row["Mechanisms by evidence"]
    ('Exercise therapy', '? tested, results unclear', 'in people 2 · animal or cell only 1 · \
untested 0 · not shown to work 1')
    """
    rows = result.treatments
    return pa.table({
        "Rank": [r.rank for r in rows],
        "Treatment": [r.label for r in rows],
        "Direct evidence (decides the rank)": [clinical_words(r) for r in rows],
        "Against placebo or sham": [effect_cell(r.clinical["placebo_or_sham"]) for r in rows],
        "Against usual care or none": [effect_cell(r.clinical["usual_care"]) for r in rows],
        "Mechanisms by evidence": [mechanisms_cell(r) for r in rows],
        "Harms recorded": [harms_words(r) for r in rows],
    })


def mechanisms_cell(row: TreatmentComparison) -> str:
    """The mechanism pathways by what they rest on: 'in people 1 · animal or cell only 5 ·
    untested 3 · traditional idea 1' (the last only when there is one).

    >>> import mechgraph
    >>> kg = mechgraph.load_graph("graph")
    >>> mechanisms_cell(mechgraph.compare(kg, "chronic_low_back_pain").treatments[1])
    'in people 1 · animal or cell only 8 · untested 2 · not shown to work 1 · traditional idea 1'
    """
    return " · ".join(count_parts(row, MECHANISM_CELL))


def reached_conditions(kg: mechgraph.MechGraph, pick: Choices) -> list[str]:
    """The conditions and outcomes some treatment reaches, by label (once per graph)."""
    def compute() -> list[str]:
        seen = set(pick.treatments)
        todo = deque(seen)
        while todo:
            for nxt in kg.graph.successors(todo.popleft()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return [i for i in pick.targets if i in seen and kg.graph.in_degree(i)]

    return memo(kg, ("compare-conditions",), compute)


def offered_treatments(kg: mechgraph.MechGraph, pick: Choices, condition: str,
                       flt: Filter) -> list[str]:
    """The treatments that reach ``condition`` in the filtered view, by label."""
    def compute() -> list[str]:
        view = flt.apply(kg.graph)
        if condition not in view:
            return []
        reach = nx.single_source_shortest_path_length(view.reverse(copy=False), condition,
                                                      cutoff=REACH)
        return [t for t in pick.treatments if t in reach and t != condition]

    return memo(kg, ("compare-offered", condition, flt), compute)


@dataclass(frozen=True)
class Compared:
    """What the page shows, computed once per graph, condition, treatments and filter."""

    result: Comparison | None
    error: str = ""
    pictures: tuple[dict[str, Any], ...] = ()
    """The view data of each treatment's pathways, in rank order."""
    shared: dict[str, float] | None = None


def _node_width(label: str, shape: str) -> float:
    """About how wide a node is drawn, in canvas pixels (on the wide side, as
    :func:`~mechgraph.layout.wrap_lines` errs: a picture's own extent wins if larger)."""
    longest = max((len(line) for line in label.splitlines()), default=0)
    text = min(LABEL_WIDTH, 8.5 * longest)
    return text * (1.4 if shape == "ellipse" else 1.0) + 2 * 8 + 2


def shared_extent(pictures: Sequence[dict[str, Any]], height: int) -> dict[str, float]:
    """The largest extent among ``pictures`` (view data), in the layout's units, with the
    most height in pixels they may take: what
    :func:`~mechgraph.app.component.network_view` needs to draw them at one scale and one
    height.

    >>> a = {"nodes": [{"x": 0, "y": 0, "label": "A", "shape": "box"},
    ...                {"x": 400, "y": 90, "label": "B", "shape": "box"}]}
    >>> shared_extent([a], 300)
    {'width': 426.5, 'height': 131.0, 'px': 300}
    """
    width = tall = 1.0
    for data in pictures:
        nodes = data.get("nodes") or []
        if not nodes:
            continue
        half_w = [_node_width(n["label"], n["shape"]) / 2 for n in nodes]
        half_h = [node_height(n["label"], n["shape"]) / 2 for n in nodes]
        width = max(width, max(n["x"] + w for n, w in zip(nodes, half_w, strict=True))
                    - min(n["x"] - w for n, w in zip(nodes, half_w, strict=True)))
        tall = max(tall, max(n["y"] + h for n, h in zip(nodes, half_h, strict=True))
                   - min(n["y"] - h for n, h in zip(nodes, half_h, strict=True)))
    return {"width": float(width), "height": float(tall), "px": height}


def columns_for(shared: dict[str, float], count: int) -> int:
    """How many pictures go side by side: two when two fit a row readably, else one.

    >>> columns_for({"width": 500.0, "height": 100.0, "px": 720}, 4)
    2
    >>> columns_for({"width": 968.0, "height": 900.0, "px": 720}, 4)
    1
    """
    fits = shared["width"] * READABLE + 24 <= COLUMN_WIDTH
    return max(1, min(count, COLUMNS if fits else 1))


def _compared(kg: mechgraph.MechGraph, condition: str, asked: tuple[str, ...] | None,
              flt: Filter) -> Compared:
    def compute() -> Compared:
        try:
            result = mechgraph.compare(kg, condition, asked, flt)
        except QueryError as exc:
            return Compared(None, str(exc))
        view = flt.apply(kg.graph)
        pictures = []
        for row in result.treatments:
            report = find_paths(kg, row.id, condition, graph=view)
            pictures.append(view_data(kg, pathway_graph(kg, report), source=row.id,
                                      target=condition))
        return Compared(result, "", tuple(pictures), shared_extent(pictures, PICTURE_HEIGHT))

    return memo(kg, ("compare", condition, asked, flt), compute)


def open_explain(treatment: str, condition: str) -> None:
    """A click on "Open in Explain": the pathways of one treatment, in Explain mode."""
    session.update(mode="explain", source=treatment, target=condition)


def compare_mode(kg: mechgraph.MechGraph) -> None:
    pick = choices(kg)
    conditions = reached_conditions(kg, pick)
    if not conditions:
        st.info("No treatment in this graph reaches a condition or an outcome, so there is "
                "nothing to compare. Explain and Explore mode show what the graph holds.")
        return
    asked = session.view().target
    if asked is not None and asked not in conditions:  # from the URL, or from Explain mode
        node = kg.nodes[asked]
        what = ("no treatment reaches it" if node.kind in ("condition", "outcome")
                else f"it is a {node.kind}, not a condition")
        st.warning(f"Cannot compare treatments for '{escape_markdown(asked)}' ({what}); "
                   f"showing '{escape_markdown(conditions[0])}'.")
    pick_node(st.selectbox, "target", "Condition (those some treatment reaches)",
              [pick.name[i] for i in conditions], pick, conditions[0],
              key="view:compare-target")
    state = session.view()
    condition = state.target
    assert condition is not None
    flt = state.filter()
    offered = offered_treatments(kg, pick, condition, flt)
    if not offered:
        st.info("The filters hide every treatment of this condition (or the condition "
                "itself). Loosen the filters in the sidebar.")
        return
    # A control (sham, placebo) can be picked, but is not compared unless picked.
    default = [i for i in offered if not kg.nodes[i].control][:MAX_DEFAULT] or offered[:1]
    names = [pick.name[i] for i in offered]

    def to_widget(ids: tuple[str, ...]) -> list[str]:
        return [pick.name[i] for i in (ids or default) if i in offered]

    def to_view(chosen: list[str]) -> tuple[str, ...]:
        ids = tuple(pick.id_of[n] for n in chosen)
        return () if sorted(ids) == sorted(default) else ids  # all shown: a short URL

    bound(st.multiselect, "treatments", TREATMENTS_LABEL, names, to_widget=to_widget,
          to_view=to_view, placeholder="Choose treatments")
    state = session.view()
    if not state.treatments:
        real = [i for i in offered if not kg.nodes[i].control]
        more = (f"the first {MAX_DEFAULT} (by name) of the {len(real)} treatments that "
                "reach" if len(real) > MAX_DEFAULT else "every treatment that reaches")
        controls = [pick.name[i] for i in offered if kg.nodes[i].control]
        aside = (f" {escape_markdown(', '.join(controls))}: a sham or placebo used in trials, "
                 "compared only when picked." if controls else "")
        st.caption(f"Showing {more} "
                   f"{escape_markdown(in_text(kg.nodes[condition].label))}; remove some "
                   "above to compare fewer." + aside)
    shown = _compared(kg, condition, state.treatments or tuple(default), flt)
    if shown.result is None:
        st.info(f"Nothing to compare: {escape_markdown(shown.error)}.")
        return
    result = shown.result
    if result.left_out:
        st.warning("Not compared: " + "; ".join(
            f"{escape_markdown(x.label)} ({x.reason})" for x in result.left_out) + ".")
    _table(result)
    _downloads(kg, result)
    _pictures(kg, result, shown)
    st.subheader("The evidence, treatment by treatment")
    for row in result.treatments:
        with st.expander(f"{row.rank}. {escape_markdown(row.label)}: findings, weakest link, "
                         "what is not known"):
            st.markdown(treatment_detail(kg, row, result.condition_label))


def _table(result: Comparison) -> None:
    st.subheader(f"Treatments for {escape_markdown(in_text(result.condition_label))}, "
                 "ranked by studies in people")
    st.container(key="compare-table").markdown(markdown_table(comparison_table(result)))
    st.caption(f"{SYMBOL['supported']} supported · {SYMBOL['contested']} studies disagree · "
               f"{SYMBOL['refuted']} no benefit found · {SYMBOL['untested']} not tested. "
               f"Levels: high, moderate, low (studies in people), preclinical (animals or "
               f"cells), opinion, none. {escape_markdown(result.ranking_rule)} "
               "\"None recorded\" harms means no harm data was checked here, not that the "
               "treatment is safe.")


def _downloads(kg: mechgraph.MechGraph, result: Comparison) -> None:
    """The handout (HTML at once; PDF and Markdown behind one click: made only when open)."""
    name = f"{result.condition}-compare"
    st.download_button("Printable comparison (HTML, one page)",
                       lambda: render_comparison(kg, result), file_name=f"{name}-handout.html",
                       mime="text/html", type="primary", on_click="ignore")
    more = st.expander("The comparison as PDF or Markdown", key="compare-downloads",
                       on_change=session.touch)
    if not more.open:
        return
    row = more.container(horizontal=True)
    if pdf_chromium() is None:
        row.caption("PDF: open the HTML handout and print it (Save as PDF); the app makes "
                    "PDFs where Chromium is installed.")
    else:
        for paper, title in (("A4", "A4"), ("letter", "US Letter")):
            row.download_button(f"Comparison as PDF ({title})",
                                functools.partial(_pdf, kg, result, paper),
                                file_name=f"{name}-handout-{paper}.pdf",
                                mime="application/pdf", on_click="ignore")
    row.download_button("Download the comparison (Markdown)",
                        lambda: comparison_text(kg, result, fmt="markdown"),
                        file_name=f"{name}.md", mime="text/markdown", on_click="ignore")


def _pdf(kg: mechgraph.MechGraph, result: Comparison, paper: str) -> bytes:
    try:
        return render_comparison_pdf(kg, result, paper=paper)
    except PdfError as exc:  # shown instead of a file: the HTML handout still works
        st.toast(f"The PDF could not be made: {exc}", icon="⚠️")
        raise


def _pictures(kg: mechgraph.MechGraph, result: Comparison, shown: Compared) -> None:
    st.subheader("How each may work: its pathways, side by side")
    st.caption("Each picture shows the pathways from one treatment to "
               f"{escape_markdown(in_text(result.condition_label))}, all at one scale and "
               "height, with one key; under each, the same pathways in words.")
    # The key is made from the picture's own constant tables (no graph text): raw HTML, so
    # that its line samples (SVG) show as they do beside every picture.
    st.markdown(f"<style>{LEGEND_CSS}\n{TABLE_CSS}</style>{legend_html()}",
                unsafe_allow_html=True)
    rows = result.treatments
    shared = shown.shared or shared_extent(shown.pictures, PICTURE_HEIGHT)
    per_row = columns_for(shared, len(rows))
    for start in range(0, len(rows), per_row):
        columns = st.columns(per_row)
        for column, row, data in zip(columns, rows[start:start + per_row],
                                     shown.pictures[start:start + per_row], strict=False):
            with column:
                st.markdown(f"#### {row.rank}. {escape_markdown(row.label)}")
                network_view(data, title=f"{row.label} to {result.condition_label}",
                             height=PICTURE_HEIGHT, key=f"compare-view:{row.id}", legend=False,
                             shared=shared)
                st.button(f"Open in Explain: {escape_markdown(row.label)}",
                          key=f"open-explain:{row.id}", on_click=open_explain,
                          args=(row.id, result.condition),
                          help=f"Explain how {escape_markdown(row.label)} may affect "
                               f"{escape_markdown(in_text(result.condition_label))}, "
                               "step by step")
                with st.expander("The picture in words"):
                    st.markdown(_steps(data))


def _steps(data: dict[str, Any]) -> str:
    """The view's steps as a numbered Markdown list (its text twin)."""
    steps = data.get("steps") or []
    if not steps:
        return "No pathway to show."
    lines = [escape_markdown(str(data.get("steps_title", "")))]
    lines += [f"{n}. {escape_markdown(' → '.join(step))}" for n, step in enumerate(steps, 1)]
    return "\n".join(lines)


_COMPARED = {"sham": "against sham", "placebo": "against placebo",
             "usual_care": "against usual care", "no_treatment": "against no treatment",
             "active": "against another treatment", "none": "no comparison group",
             None: "comparison not said"}


def _safe(url: str) -> str:
    """An address inside Markdown's ``<...>``: its angle brackets and spaces escaped.

    >>> _safe("https://example.org/a b<c>")
    'https://example.org/a%20b%3Cc%3E'
    """
    return url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")


def _finding(kg: mechgraph.MechGraph, f: Finding) -> str:
    ref = kg.references[f.ref]
    names = [reference_title(ref), *list(ref.urls)[1:]]  # the title, then 'pmid', 'url'
    links = " · ".join(f"[{escape_markdown(name)}](<{_safe(url)}>)"
                       for name, url in zip(names, ref.urls.values(), strict=True))
    return (f"- **{escape_markdown(f.citation)}**, {f.stance} ({_COMPARED.get(f.comparison)}; "
            f"{escape_markdown(f.design.replace('_', ' '))}, level {f.level}): "
            f"{escape_markdown(f.finding)} {links}")


def _direct(kg: mechgraph.MechGraph, title: str, effect: DirectEffect) -> list[str]:
    lines = [f"**{escape_markdown(title)}** ({effect.relation.replace('_', ' ')}, evidence "
             f"{effect.level}{', contested' if effect.contested else ''})"]
    lines += [_finding(kg, f) for f in effect.findings]
    return lines


def treatment_detail(kg: mechgraph.MechGraph, row: TreatmentComparison,
                     condition_label: str) -> str:
    """One treatment's detail as Markdown: the findings by comparison group with their
    numbers and openable references, outcomes, the weakest link of its best pathway,
    harms, and what is not known.

    >>> import mechgraph
    >>> kg = mechgraph.load_graph("graph")
    >>> row = mechgraph.compare(kg, "chronic_low_back_pain", ["acupuncture"]).treatments[0]
    >>> text = treatment_detail(kg, row, "Chronic low back pain")
    >>> "](<https://" in text and "**What is not known**" in text
    True
    """
    out = [f"Direct evidence on {escape_markdown(in_text(condition_label))}: "
           f"**{clinical_words(row)}**."]
    for group, effect in row.clinical.items():
        if effect.tested:
            out += ["", f"**{GROUP_TITLES[group]}** ({effect_cell(effect)})"]
            out += [_finding(kg, f) for f in effect.findings]
    for outcome in row.outcomes:
        out += ["", *_direct(kg, f"On {in_text(outcome.target_label)}", outcome)]
    out += ["", "**Its best-studied mechanism**"]
    if row.best_pathway is not None and row.weakest_link is not None:
        label = {i: kg.nodes[i].label for i in row.best_pathway.nodes}
        s, t, r = row.weakest_link.edge
        out.append(f"{escape_markdown(' → '.join(label[i] for i in row.best_pathway.nodes))}."
                   f" Its weakest link: {escape_markdown(label[s])} {r.replace('_', ' ')} "
                   f"{escape_markdown(label[t])}, evidence {row.weakest_link.level}"
                   + (", contested" if row.weakest_link.contested else "") + ".")
    else:
        out.append("None recorded outside the traditional framework.")
    out += ["", "**Harms recorded**"]
    if row.harms:
        for harm in row.harms:
            out += _direct(kg, harm.target_label, harm)
    else:
        out.append("None recorded here (this does not mean it has none).")
    if row.unknowns:
        out += ["", "**What is not known**"]
        out += [f"- {escape_markdown(u)}" for u in row.unknowns]
    return "\n".join(out)
