"""Explain mode, for patients: pick a treatment and a condition, read the answer at a
glance, see the pathways as a picture and a table, and take the handout away (HTML or PDF).

A graph with no treatment (disease mechanisms imported from a knowledge base, say) is
explained from any node with links out to any node it reaches: the page says which kinds of
node it shows the pathways between ("from a mechanism (a process) to a phenotype").
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import networkx as nx
import streamlit as st

import mechgraph
from mechgraph.app import state as session
from mechgraph.app.blocking import block_control
from mechgraph.app.common import (
    FOCUS_LIST,
    TWIN_CAPTION,
    Choices,
    choices,
    details,
    draw,
    memo,
    pick_node,
    select,
)
from mechgraph.app.links import links_panel
from mechgraph.app.pathways import pathways
from mechgraph.app.state import bound
from mechgraph.handout import render_handout, render_handout_pdf
from mechgraph.pdf import PdfError, chromium_path
from mechgraph.query import Filter, PathReport
from mechgraph.text import escape_markdown
from mechgraph.wording import ENDS

__all__ = ["Ends", "ends", "explain_mode", "handout_pdfs", "linked", "pdf_chromium",
           "reachable", "shows"]


@dataclass(frozen=True)
class Ends:
    """What the two pickers offer, made once per graph: treatments and conditions (or
    outcomes) when the graph has both; else any node with links out, and the nodes it
    reaches."""

    sources: list[str]
    source_names: list[str]
    treatments: bool
    """Whether the pickers are the treatment and condition pickers."""


def ends(kg: mechgraph.MechGraph, pick: Choices) -> Ends:
    def compute() -> Ends:
        if pick.treatments and pick.targets:
            return Ends(pick.treatments, pick.treatment_names, True)
        sources = [i for i in pick.by_label if kg.graph.out_degree(i)]
        return Ends(sources, [pick.name[i] for i in sources], False)

    return memo(kg, ("ends",), compute)


def reachable(kg: mechgraph.MechGraph, pick: Choices, source: str) -> list[str]:
    """The nodes ``source`` reaches, conditions and outcomes first, then by label."""
    def compute() -> list[str]:
        near = nx.descendants(kg.graph, source)
        return sorted((i for i in pick.by_label if i in near),
                      key=lambda i: kg.nodes[i].kind not in ("condition", "outcome"))

    return memo(kg, ("reachable", source), compute)


def shows(kg: mechgraph.MechGraph, source: str, target: str) -> str:
    """What the page shows, in words: 'Pathways from a mechanism (a process) to a phenotype
    or outcome: Alpha-synuclein aggregation to Motor symptoms.'"""
    return (f"Pathways from {ENDS[kg.nodes[source].kind]} to {ENDS[kg.nodes[target].kind]}: "
            f"**{escape_markdown(kg.nodes[source].label)}** to "
            f"**{escape_markdown(kg.nodes[target].label)}**.")


def explain_mode(kg: mechgraph.MechGraph) -> None:
    pick = choices(kg)
    offered = ends(kg, pick)
    if not offered.sources:
        st.info("This graph has no links to explain. Use explore mode to see its nodes.")
        return
    # One below the other: a row of widgets is a layout block, which costs every rerun
    # about what three widgets cost.
    now = session.view()
    names, title = linked(kg, pick, "source", now.target, now.source, offered)
    pick_node(st.selectbox, "source", title, names, pick, offered.sources[0])
    now = session.view()
    names, title = linked(kg, pick, "target", now.source, now.target, offered)
    if not names:  # a source outside the list (from the page address) that reaches nothing
        st.info("Nothing can be reached from this node. Choose another one to start from.")
        return
    pick_node(st.selectbox, "target", title, names, pick, pick.id_of[names[0]])
    state = session.view()
    source, target = state.source, state.target
    assert source is not None and target is not None
    st.caption(shows(kg, source, target))
    shown = pathways(kg, state, source, target, words=True)
    if shown is None:
        st.info("The filters hide this treatment or condition." if offered.treatments
                else "The filters hide the start or the end of these pathways.")
        return
    report, text = shown.report, shown.text
    st.info(shown.answer, icon=None)
    page = draw(kg, shown.data, shown.title, "explain-view", on_click=select, height=520)
    bound(st.selectbox, "path", "Highlight a pathway", shown.path_options,
          choices=shown.path_names, fallback=0, adopt=True, to_widget=_no_path,
          to_view=_path_or_none, format_func=shown.path_names.__getitem__)
    # Below the picture: the answer at a glance stays at the top of a patient's page.
    block_control(kg, state, shown.data, "view:explain-without")
    links_panel(shown.links, "explain-links", caption=TWIN_CAPTION)
    details(kg, session.view(), audience="patient")  # after the table: its reading order
    flt = state.filter()
    if shown.change is not None:  # the handout is the whole answer, never a what-if
        report = shown.change.before
        text = f"{text.rstrip()}\n\n## What changed\n\n{shown.change_words}\n"
        st.caption("The handout and its PDF show every pathway, with nothing blocked.")
    st.download_button("Printable handout (HTML, one page)",
                       lambda: render_handout(kg, report, filter=flt),
                       file_name=f"{source}-{target}-handout.html", mime="text/html",
                       type="primary", on_click="ignore")  # a download changes no view
    more = st.expander("Handout as PDF, the picture, the explanation", key="downloads",
                       on_change=session.touch)
    if more.open:  # made only when open: no widgets to pay for on every rerun
        row = more.container(horizontal=True)
        handout_pdfs(row, kg, report, flt)
        row.download_button("Download the picture (HTML, works offline)", page,
                            file_name=f"{source}-{target}.html", mime="text/html",
                            on_click="ignore")
        row.download_button("Download the explanation (Markdown)", text,
                            file_name=f"{source}-{target}.md", mime="text/markdown",
                            on_click="ignore")
    st.markdown(shown.sheet)


def _no_path(n: int | None) -> int:
    return n or 0


def _path_or_none(n: int) -> int | None:
    return n or None


def linked(kg: mechgraph.MechGraph, pick: Choices, end: str, other: str | None,
           current: str | None, offered: Ends | None = None) -> tuple[list[str], str]:
    """The names the treatment (``end="source"``) or condition picker offers, and its title.

    Every treatment or condition, unless there are more than :data:`FOCUS_LIST` of them:
    then the ones linked to the other end (treatments that reach the condition,
    conditions the treatment reaches), and the current one. Streamlit sends every option
    on every rerun, and nobody scrolls a list of thousands. A graph without treatments
    offers any node with links out, then the nodes it reaches (:func:`ends`).
    """
    offered = offered or ends(kg, pick)
    if not offered.treatments and end == "target":
        if other not in kg.nodes:
            return [], "Leads to"
        ids = reachable(kg, pick, other)
        keep = [*ids[:FOCUS_LIST], current] if current in ids[FOCUS_LIST:] else ids[:FOCUS_LIST]
        title = ("Leads to" if len(ids) <= FOCUS_LIST else
                 f"Leads to (the first {FOCUS_LIST:,} of the {len(ids):,} nodes it reaches)")
        return [pick.name[i] for i in keep], title
    every = offered.source_names if end == "source" else pick.target_names
    word = ("Treatment" if end == "source" else "Condition") if offered.treatments \
        else "Start from"
    if len(every) <= FOCUS_LIST:
        return every, word
    if other not in kg.nodes:  # no other end yet: the first ones (and the current one)
        now = pick.name.get(current or "")
        first = every[:FOCUS_LIST]
        return ([*first, now] if now in every and now not in first else first,
                f"{word} (the first {FOCUS_LIST:,} of {len(every):,})")

    def compute() -> list[str]:
        ids = offered.sources if end == "source" else pick.targets
        near = (nx.ancestors if end == "source" else nx.descendants)(kg.graph, other)
        keep = [i for i in ids if i in near or i == current][:FOCUS_LIST]
        return [pick.name[i] for i in keep] or every[:1]

    names = memo(kg, ("linked", end, other, current), compute)
    how = ("that reach this condition" if end == "source" else "this treatment reaches") \
        if offered.treatments else "that reach this node"
    return names, f"{word} (the {len(names):,} {how}, of {len(every):,})"


def handout_pdfs(row: Any, kg: mechgraph.MechGraph, report: PathReport,
                 flt: Filter) -> None:
    """The handout as PDF (A4, US Letter), made by the system Chromium when clicked."""
    name = f"{report.source}-{report.target}-handout"
    if pdf_chromium() is None:
        row.caption("PDF: open the HTML handout and print it (Save as PDF); the app makes "
                    "PDFs where Chromium is installed.")
        return
    for paper, title in (("A4", "A4"), ("letter", "US Letter")):
        row.download_button(f"Handout as PDF ({title})",
                            functools.partial(_handout_pdf, kg, report, flt, paper),
                            file_name=f"{name}-{paper}.pdf", mime="application/pdf",
                            on_click="ignore")


@functools.lru_cache(maxsize=1)
def pdf_chromium() -> str | None:
    """The Chromium that makes PDFs, looked for once per app process."""
    return chromium_path()


def _handout_pdf(kg: mechgraph.MechGraph, report: PathReport, flt: Filter,
                 paper: str) -> bytes:
    try:
        return render_handout_pdf(kg, report, filter=flt, paper=paper)
    except PdfError as exc:  # shown instead of a file: the HTML handout still works
        st.toast(f"The PDF could not be made: {exc}", icon="⚠️")
        raise
