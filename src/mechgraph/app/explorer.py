"""The explorer's pages: explain mode, explore mode, filters, downloads.

``app.py`` only calls :func:`main`; the code lives here so that Streamlit compiles a
two-line script on every rerun instead of this whole module (a rerun of the app then costs
what its widgets and views cost, nothing more).
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx
import pyarrow as pa
import streamlit as st

import mechgraph
from mechgraph.app import state as session
from mechgraph.app.component import network_view
from mechgraph.app.editor import edit_mode, saved_message
from mechgraph.app.links import Links, link_table, links_panel
from mechgraph.app.scroll import scroll_into_view
from mechgraph.app.settings import ENV_EDIT, ENV_GRAPH, app_edit_enabled, app_graph_dir
from mechgraph.app.state import bound
from mechgraph.app.viewstate import MAX_DEPTH, MODES, ViewState
from mechgraph.explain import (
    effect_words,
    overall_words,
    sheet_title,
    short_answer,
)
from mechgraph.handout import render_handout, render_handout_pdf
from mechgraph.keys import as_edge_key
from mechgraph.pdf import PdfError, chromium_path
from mechgraph.query import DIRECTIONS, Filter, PathReport, find_paths, focus
from mechgraph.text import escape_markdown
from mechgraph.view import pathway_graph, render_html, view_data
from mechgraph.vocab import EVIDENCE_LEVELS, FILTER_FIELDS, VOCABULARIES

FILTER_TITLES = {"relation": "Relation", "stance": "Stance", "design": "Study design",
                 "subjects": "Who was studied",
                 "comparison": "Comparison", "kind": "Node kind", "framework": "Framework"}

T = TypeVar("T")
_MEMO: OrderedDict[tuple[Hashable, ...], tuple[mechgraph.MechGraph, Any]] = OrderedDict()
_MEMO_LOCK = threading.Lock()
_MEMO_SIZE = 64


def memo(kg: mechgraph.MechGraph, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """What a view computes from the graph and the state, kept for the next rerun.

    A rerun that changes nothing (a click elsewhere, a second viewer of a shared link)
    then only draws. Entries are tied to the graph object: a reloaded graph computes
    afresh and drops the entries of the old one (so they do not keep it in memory); the
    oldest of 64 entries is dropped first.
    """
    full = (id(kg), *key)
    with _MEMO_LOCK:
        hit = _MEMO.get(full)
        if hit is not None and hit[0] is kg:
            _MEMO.move_to_end(full)
            return hit[1]  # type: ignore[no-any-return]
    value = compute()
    with _MEMO_LOCK:
        for stale in [k for k, (graph, _) in _MEMO.items() if graph is not kg]:
            del _MEMO[stale]
        _MEMO[full] = (kg, value)
        while len(_MEMO) > _MEMO_SIZE:
            _MEMO.popitem(last=False)
    return value


TWIN_CAPTION = "The links in this picture, as a table: choose a row to see its evidence"

MODE_NAMES = {"explain": "Explain (for patients)", "explore": "Explore (for students)",
              "edit": "Edit (add to the graph)"}


@functools.lru_cache(maxsize=8)
def edit_enabled(argv: tuple[str, ...], env: str | None) -> bool:
    """Whether edit mode is on (``--edit`` or ``MECHGRAPH_EDIT``), read once."""
    return app_edit_enabled(argv)


@functools.lru_cache(maxsize=8)
def graph_root(argv: tuple[str, ...], env: str | None) -> Path:
    """The graph folder from the ``streamlit run`` line or the environment (read once)."""
    return app_graph_dir(argv)


SIGNATURE_AGE = 1.0
"""Seconds a scan of the graph folder is trusted: a file changed in a terminal shows within
a second; an edit saved by the app itself shows at once (:func:`forget_signature`)."""
_SIGNATURES: dict[Path, tuple[float, str]] = {}


def signature(root: Path) -> str:
    """A short digest of the files' sizes and times (cheap for Streamlit's cache to hash),
    scanned at most once a second (a scan stats every file: reruns come faster)."""
    now = time.monotonic()
    seen = _SIGNATURES.get(root)
    if seen is not None and now - seen[0] < SIGNATURE_AGE:
        return seen[1]
    digest = hashlib.blake2b(repr(mechgraph.graph_signature(root)).encode(),
                             digest_size=16).hexdigest()
    _SIGNATURES[root] = (now, digest)
    return digest


def forget_signature(root: Path) -> None:
    """Scan the folder again on the next rerun (the app has just written to it)."""
    _SIGNATURES.pop(root, None)


@st.cache_resource(show_spinner="Loading the graph ...", max_entries=4)
def load(root: str, signature: str) -> tuple[mechgraph.MechGraph | None,
                                             list[mechgraph.Problem]]:
    """Load the graph; ``signature`` changes when a file changes, which reloads it."""
    try:
        return mechgraph.load_graph(root), []
    except mechgraph.GraphDataError as exc:
        return None, exc.problems


def show_problems(root: Path, problems: list[mechgraph.Problem]) -> None:
    st.error(f"The graph in `{root}` has {len(problems)} error(s). Fix them, then "
             "reload this page.")
    st.code("\n".join(str(p) for p in problems), language=None)


def smaller_headings(markdown: str) -> str:
    """An explanation on the page: its title one level under the page's title, its sections
    one more (headings in order, so a screen reader can walk them)."""
    lines = markdown.splitlines()
    lines[0] = "## " + lines[0].removeprefix("# ")
    return "\n".join("### " + line[3:] if line.startswith("## ") else line
                     for line in lines)


def draw(kg: mechgraph.MechGraph, data: dict[str, Any], title: str, key: str, *,
         on_click: Callable[[str, str], None], height: int = 560) -> Callable[[], str]:
    """Draw the view with its title and legend (vis-network is sent once; reruns send only
    the data).

    A click on a node or a link calls ``on_click(kind, selected)`` (``kind`` is ``node`` or
    ``edge``; ``selected`` a node id or ``SOURCE|TARGET|RELATION``) before the next run,
    so that the run already shows what the click asked for. Returns what makes the
    standalone page (for a download button to call only when it is clicked).
    """
    network_view(data, title=title, height=height, key=key,
                 on_change=functools.partial(_clicked, kg, key, on_click))
    if data.get("cut"):
        st.warning(f"Showing {data['shown']} of {data['total']} nodes. Focus on a node or "
                   "use the filters to see the rest.")
    return lambda: render_html(data, title=title, height=height)


def _clicked(kg: mechgraph.MechGraph, key: str, on_click: Callable[[str, str], None]) -> None:
    clicked = st.session_state.get(key)
    if isinstance(clicked, dict) and (picked := selection(kg, clicked)):
        on_click(str(clicked["kind"]), picked)


def follow(state: ViewState) -> None:
    """Show ``state`` now (after an edit was saved, for example)."""
    session.replace(state)
    session.publish()
    st.rerun()


def selection(kg: mechgraph.MechGraph, clicked: dict[str, Any]) -> str | None:
    """The ``selected`` value of a click: a node id, or ``SOURCE|TARGET|RELATION``."""
    ident = str(clicked.get("id", ""))
    if clicked.get("kind") == "node" and ident in kg.nodes:
        return ident
    if clicked.get("kind") == "edge" and as_edge_key(ident) in kg.edges:
        return ident
    return None


def select(kind: str, picked: str) -> None:
    """A click that shows the details of what was clicked."""
    session.update(selected=picked)


def refocus(kind: str, picked: str) -> None:
    """A click in explore mode: a node becomes the focus, a link shows its evidence."""
    session.update(**({"focus": picked} if kind == "node" else {"selected": picked}))


def details(kg: mechgraph.MechGraph, state: ViewState, *, audience: str = "student") -> None:
    """The selected node's or link's details (its evidence study by study), in a box that
    is brought into view when the selection is new: the eye is on the picture or table
    where it was chosen."""
    own = session.box()
    if not state.selected:
        own.pop("details-shown", None)
        return
    subject = state.selected_edge() or state.selected
    text = memo(kg, ("details", subject, audience),
                lambda: smaller_headings(mechgraph.explain(kg, subject, audience=audience,
                                                           fmt="markdown")))
    with st.container(border=True, key="details"):
        st.markdown(text)
    if own.get("details-shown") != state.selected:  # a new selection: bring it into view
        own["details-shown"] = state.selected
        scroll_into_view("details")


def opened_first(name: str, opened: bool) -> bool:
    """Whether a panel starts open: decided once per session (a panel whose ``expanded``
    changed would be a new panel to Streamlit, closed under the user's hand)."""
    return bool(session.box().setdefault(f"opened:{name}", opened))


def filter_words(state: ViewState) -> str:
    """The active filters in words: ``relation: decreases; minimum evidence: moderate``."""
    parts = [f"{FILTER_TITLES[name].lower()}: {', '.join(getattr(state, name))}"
             for name in FILTER_FIELDS if getattr(state, name)]
    if state.level:
        parts.append(f"minimum evidence level: {state.level}")
    return "; ".join(parts)


def filters(kg: mechgraph.MechGraph, state: ViewState) -> None:
    active = state.filter().active
    if active:
        st.sidebar.caption("Filters on: " + filter_words(state))
    panel = st.sidebar.expander("Filters", expanded=opened_first("filters", active),
                                key="filters", on_change=session.touch)
    if not panel.open:  # closed: its widgets are not made, the URL keeps the filters
        return
    with panel:
        for name in FILTER_FIELDS:
            bound(st.multiselect, name, FILTER_TITLES[name], VOCABULARIES[name],
                  to_widget=list, to_view=tuple)
        levels = ["any", *EVIDENCE_LEVELS]
        bound(st.selectbox, "level", "Minimum evidence level", levels,
              to_widget=lambda level: level or "any",
              to_view=lambda level: None if level == "any" else level)


def pathway_table(report: PathReport, kg: mechgraph.MechGraph) -> pa.Table:
    """The pathways as a table (built once per view: an Arrow table is sent as it is)."""
    return pa.table({
        "#": list(range(1, len(report.paths) + 1)),
        "effect": [effect_words(p) for p in report.paths],
        "weakest evidence": [p.weakest_evidence for p in report.paths],
        "contested": ["yes" if p.contested else "" for p in report.paths],
        "pathway": [" → ".join(kg.nodes[i].label for i in p.nodes) for p in report.paths]})


def markdown_table(table: pa.Table) -> str:
    """A small table as Markdown (an HTML table on the page: no widget to pay for on every
    rerun, and read by screen readers as a table).

    >>> print(markdown_table(pa.table({"#": [1], "pathway": ["a → b|c"]})))
    | \\# | pathway |
    | --- | --- |
    | 1 | a → b\\|c |
    """
    rows = [[escape_markdown(str(v)) for v in row.values()] for row in table.to_pylist()]
    head = [escape_markdown(name) for name in table.column_names]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


@dataclass(frozen=True)
class Pathways:
    """What a pathway view shows, computed once per graph and state."""

    report: PathReport
    data: dict[str, Any]
    table: pa.Table
    links: Links
    text: str = ""
    title: str = ""
    answer: str = ""
    sheet: str = ""
    path_names: dict[int, str] = field(default_factory=dict)
    """The highlight picker's words for each pathway number (``0``: none)."""
    path_options: list[int] = field(default_factory=list)


def pathways(kg: mechgraph.MechGraph, state: ViewState, source: str, target: str,
             *, words: bool) -> Pathways | None:
    """The paths from ``source`` to ``target`` under the state's filters (``None`` when the
    filters hide either end), drawn with the state's chosen path highlighted."""
    def compute() -> Pathways | None:
        view = state.filter().apply(kg.graph)
        if source not in view or target not in view:
            return None
        report = find_paths(kg, source, target, graph=view)
        chosen = state.path if state.path and state.path <= len(report.paths) else None
        highlight = report.paths[chosen - 1].edges if chosen else ()
        data = view_data(kg, pathway_graph(kg, report), source=source, target=target,
                         highlight=highlight)
        text = mechgraph.explain(kg, report, audience="patient", fmt="markdown") if words else ""
        title = sheet_title(kg, source, target) if words else ""
        answer = ""
        if words:  # the answer at a glance, above the picture
            answer = (f"**In short:** {short_answer(kg, report, fmt='markdown')}\n\n"
                      f"Overall, over the pathways below: "
                      f"{escape_markdown(overall_words(report))}.")
        table = pathway_table(report, kg)
        sheet = (f"{smaller_headings(text)}\n\n### The pathways\n\n{markdown_table(table)}"
                 if words else "")
        names = {0: "none"} | {n: f"#{n}: {name}" for n, name in enumerate(
            table.column("pathway").to_pylist(), 1)}
        return Pathways(report, data, table, link_table(kg, data), text, title, answer, sheet,
                        names, list(names))

    return memo(kg, ("pathways", source, target, state.path, state.filter(), words), compute)


@dataclass(frozen=True)
class Choices:
    """The lists the pickers offer, made once per graph.

    The pickers offer node names, not ids: Streamlit formats every option on every rerun,
    and a list of plain strings is the cheapest to format (a focus picker holds every
    node). A name is the node's label, with its id after it when labels repeat.
    """

    label: dict[str, str]
    name: dict[str, str]
    id_of: dict[str, str]
    treatments: list[str]
    targets: list[str]
    by_label: list[str]
    treatment_names: list[str]
    target_names: list[str]
    all_names: list[str]


def choices(kg: mechgraph.MechGraph) -> Choices:
    def compute() -> Choices:
        label = {i: n.label for i, n in kg.nodes.items()}
        repeated = {text for text, count in Counter(label.values()).items() if count > 1}
        name = {i: f"{text} ({i})" if text in repeated else text for i, text in label.items()}
        by_label = sorted(kg.nodes, key=lambda i: (label[i].lower(), i))
        treatments = [i for i in by_label if kg.nodes[i].kind == "treatment"]
        targets = [i for i in by_label if kg.nodes[i].kind in ("condition", "outcome")]
        return Choices(label, name, {v: k for k, v in name.items()}, treatments, targets,
                       by_label, [name[i] for i in treatments], [name[i] for i in targets],
                       [name[i] for i in by_label])

    return memo(kg, ("choices",), compute)


def pick_node(make: Callable[..., Any], field: str, title: str, names: list[str],
              pick: Choices, fallback: str | None, *, key: str | None = None,
              **kwargs: Any) -> None:
    """A picker of nodes (``names`` from ``pick``) bound to the state's ``field`` (a node
    id); ``fallback`` (an id) is shown, and taken, when the field names none of them."""
    # ``names`` itself as the choices: one value is looked up per rerun, which a list
    # answers faster than building a set of it would.
    bound(make, field, title, names, choices=names,
          fallback=None if fallback is None else pick.name[fallback],
          adopt=fallback is not None, to_widget=pick.name.get, to_view=pick.id_of.get,
          key=key, **kwargs)


def _no_path(n: int | None) -> int:
    return n or 0


def _path_or_none(n: int) -> int | None:
    return n or None


def explain_mode(kg: mechgraph.MechGraph) -> None:
    pick = choices(kg)
    treatments, targets = pick.treatments, pick.targets
    if not treatments or not targets:
        st.info("This graph has no treatment or no condition (or outcome) node to explain. "
                "Use explore mode to see its nodes and links.")
        return
    # One below the other: a row of widgets is a layout block, which costs every rerun
    # about what three widgets cost.
    now = session.view()
    names, title = linked(kg, pick, "source", now.target, now.source)
    pick_node(st.selectbox, "source", title, names, pick, treatments[0])
    now = session.view()
    names, title = linked(kg, pick, "target", now.source, now.target)
    pick_node(st.selectbox, "target", title, names, pick, targets[0])
    state = session.view()
    source, target = state.source, state.target
    assert source is not None and target is not None
    shown = pathways(kg, state, source, target, words=True)
    if shown is None:
        st.info("The filters hide this treatment or condition.")
        return
    report, text = shown.report, shown.text
    st.info(shown.answer, icon=None)
    page = draw(kg, shown.data, shown.title, "explain-view", on_click=select, height=520)
    bound(st.selectbox, "path", "Highlight a pathway", shown.path_options,
          choices=shown.path_names, fallback=0, adopt=True, to_widget=_no_path,
          to_view=_path_or_none, format_func=shown.path_names.__getitem__)
    links_panel(shown.links, "explain-links", caption=TWIN_CAPTION)
    details(kg, session.view(), audience="patient")  # after the table: its reading order
    flt = state.filter()
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


def explore_mode(kg: mechgraph.MechGraph) -> None:
    pick = choices(kg)
    label = pick.label
    query = st.text_input("Search a node", placeholder="for example: endorphins",
                          key="search", on_change=session.touch)
    if query:
        matches = [m.id for m in mechgraph.search(kg.nodes, query, limit=8)]
        if matches:
            pick_node(st.radio, "focus", "Matches", [pick.name[m] for m in matches], pick, None,
                      key="view:focus-match", index=None, horizontal=True)
        else:
            st.info(f"No node matches '{query}'.")
    focus_picker(kg, pick)
    bound(st.slider, "depth", "Depth", 0, MAX_DEPTH)
    bound(st.radio, "direction", "Direction", DIRECTIONS, horizontal=True)
    state = session.view()
    node, depth, direction = state.focus, state.depth, state.direction
    assert node is not None

    def neighbourhood() -> tuple[dict[str, Any], str, Links] | None:
        view = state.filter().apply(kg.graph)
        if node not in view:
            return None
        sub = focus(kg, node, depth=depth, direction=direction, graph=view)
        data = view_data(kg, sub, source=node)
        return (data, smaller_headings(mechgraph.explain(kg, node, audience="student",
                                                         fmt="markdown", brief=True)),
                link_table(kg, data))

    shown = memo(kg, ("focus", node, depth, direction, state.filter()), neighbourhood)
    if shown is None:
        st.info("The filters hide this node.")
        return
    page = draw(kg, shown[0], label[node], "explore-view", on_click=refocus)
    more = st.expander("Download the picture", key="explore-download",
                       on_change=session.touch)
    if more.open:
        more.download_button("Download the picture (HTML, works offline)", page,
                             file_name=f"{node}.html", mime="text/html", on_click="ignore")
    links_panel(shown[2], "explore-links", caption=TWIN_CAPTION)
    details(kg, session.view())
    st.markdown(shown[1])
    node_words(kg, node, shown[1])
    path_finder(kg, node)


WORDS_OPEN = 8
"""A focus with at most this many links shows them in words at first (about a screen of
text); a hub's (a page or more) wait in a closed panel."""


def node_words(kg: mechgraph.MechGraph, node: str, opening: str) -> None:
    """Every link of the focus in words, with its references, after the ``opening`` shown
    above (the node alone); made only when open.

    The panel is the focus's own (keyed by it): it starts open when the focus has few
    links, and stays as the user left it while the focus stays.
    """
    links = kg.graph.degree(node)
    if not links:
        return
    title = "Its link" if links == 1 else f"Its {links} links"
    panel = st.expander(f"{title} in words, with the references",
                        expanded=links <= WORDS_OPEN, key=f"node-words:{node}",
                        on_change=session.touch)
    if panel.open:
        def compute() -> str:
            full = smaller_headings(mechgraph.explain(kg, node, audience="student",
                                                      fmt="markdown"))
            return full.removeprefix(opening).lstrip()

        text = memo(kg, ("node-words", node), compute)
        panel.markdown(text)


def linked(kg: mechgraph.MechGraph, pick: Choices, end: str, other: str | None,
           current: str | None) -> tuple[list[str], str]:
    """The names the treatment (``end="source"``) or condition picker offers, and its title.

    Every treatment or condition, unless there are more than :data:`FOCUS_LIST` of them:
    then the ones linked to the other end (treatments that reach the condition,
    conditions the treatment reaches), and the current one. Streamlit sends every option
    on every rerun, and nobody scrolls a list of thousands.
    """
    every = pick.treatment_names if end == "source" else pick.target_names
    word = "Treatment" if end == "source" else "Condition"
    if len(every) <= FOCUS_LIST or other not in kg.nodes:
        return every, word

    def compute() -> list[str]:
        ids = pick.treatments if end == "source" else pick.targets
        near = (nx.ancestors if end == "source" else nx.descendants)(kg.graph, other)
        keep = [i for i in ids if i in near or i == current][:FOCUS_LIST]
        return [pick.name[i] for i in keep] or every[:1]

    names = memo(kg, ("linked", end, other, current), compute)
    how = "that reach this condition" if end == "source" else "this treatment reaches"
    return names, f"{word} (the {len(names):,} {how}, of {len(every):,})"


FOCUS_LIST = 100
"""The most nodes the focus picker lists (Streamlit sends every option on every rerun);
a larger graph lists the focus's neighbourhood, and the search finds any node."""


def focus_picker(kg: mechgraph.MechGraph, pick: Choices) -> None:
    state = session.view()
    if len(pick.by_label) <= FOCUS_LIST:
        pick_node(st.selectbox, "focus", "Focus on", pick.all_names, pick, pick.by_label[0])
        return

    def nearby() -> list[str]:
        node = state.focus or pick.by_label[0]
        near: dict[str, None] = {node: None}
        for depth in (1, 2):
            for n in focus(kg, node, depth=depth).nodes:
                near.setdefault(n)
            if len(near) >= FOCUS_LIST:
                break
        keep = set(list(near)[:FOCUS_LIST])
        return [pick.name[i] for i in pick.by_label if i in keep]

    names = memo(kg, ("nearby", state.focus), nearby)
    pick_node(st.selectbox, "focus", "Focus on (nearby nodes; search above for any of the "
              f"{len(pick.by_label):,})", names, pick, pick.by_label[0], key="view:focus")


def path_finder(kg: mechgraph.MechGraph, node: str) -> None:
    """Paths between any two nodes, the chosen one highlighted (made only when open)."""
    pick = choices(kg)
    ids, label = pick.by_label, pick.label
    state = session.view()
    opened = opened_first("finder", bool(state.path_from or state.path_to))
    panel = st.expander("Path finder", expanded=opened, key="finder",
                        on_change=session.touch)
    if not panel.open:
        return
    with panel:
        a, b = st.columns(2)
        pick_node(a.selectbox, "path_from", "From", pick.all_names, pick, node)
        pick_node(b.selectbox, "path_to", "To", pick.all_names, pick, ids[0])
        state = session.view()
        start, end = state.path_from, state.path_to
        assert start is not None and end is not None
        found = pathways(kg, state, start, end, words=False) if start != end else None
        if found is None:
            return
        st.markdown(f"Overall effect: **{escape_markdown(overall_words(found.report))}**")
        if not found.report.paths:
            return
        st.dataframe(found.table, hide_index=True, width="stretch")
        numbers = list(range(1, len(found.report.paths) + 1))
        bound(st.selectbox, "path", "Show pathway", numbers, choices=numbers, fallback=1,
              adopt=True)
        found = pathways(kg, session.view(), start, end, words=False) or found
        draw(kg, found.data, f"{label[start]} → {label[end]}", "finder-view", on_click=select)


def main() -> None:
    """Draw the whole app (one rerun)."""
    st.set_page_config(page_title="mechgraph", layout="wide")
    root = graph_root(tuple(sys.argv[1:]), os.environ.get(ENV_GRAPH))
    st.title("mechgraph", help="How a treatment works, with the evidence for every link")
    kg, problems = load(str(root), signature(root))
    if kg is None:
        show_problems(root, problems)
        return
    state, warnings = session.current(kg)
    editing = edit_enabled(tuple(sys.argv[1:]), os.environ.get(ENV_EDIT))
    modes = MODES if editing else tuple(m for m in MODES if m != "edit")
    if state.mode not in modes:
        warnings.append("editing is off in this app (start it with `streamlit run app.py -- "
                        "--edit` or MECHGRAPH_EDIT=1); showing explain mode")
        session.replace(state.with_(mode="explain"))
    session.publish()
    for warning in warnings:
        st.warning(warning)
    if editing:
        saved_message()
    bound(st.sidebar.radio, "mode", "Mode", modes, format_func=MODE_NAMES.get)
    state = session.view()
    if state.mode != "explain":  # for students and editors, not on the patients' page
        st.sidebar.caption(f"Graph **{escape_markdown(root.name)}**: {len(kg.nodes)} nodes · "
                           f"{len(kg.edges)} links · {len(kg.references)} references")
    if state.mode == "edit":
        shown = edit_mode(kg, root)
        if shown is not None:
            forget_signature(root)
            follow(state.with_(mode="explore", **{k: v for k, v in shown.items() if v}))
        return
    filters(kg, state)
    if state.mode == "explain":
        explain_mode(kg)
    else:
        explore_mode(kg)
    session.publish()
