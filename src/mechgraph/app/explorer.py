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
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pyarrow as pa
import streamlit as st

import mechgraph
from mechgraph.app.component import network_view
from mechgraph.app.editor import edit_mode, saved_message
from mechgraph.appstate import MAX_DEPTH, MODES, ViewState
from mechgraph.cli import ENV_EDIT, ENV_GRAPH, app_edit_enabled, app_graph_dir
from mechgraph.explain import sheet_title
from mechgraph.handout import render_handout
from mechgraph.query import DIRECTIONS, PathReport, find_paths, focus
from mechgraph.view import pathway_graph, render_html, view_data
from mechgraph.vocab import EVIDENCE_LEVELS, FILTER_FIELDS, VOCABULARIES

FILTER_TITLES = {"relation": "Relation", "stance": "Stance", "design": "Study design",
                 "subjects": "Who was studied",
                 "comparison": "Comparison", "kind": "Node kind", "framework": "Framework"}
EFFECT = {"increases": "↑ increases", "decreases": "↓ decreases", "unknown": "? unknown",
          "not_causal": "~ not causal", "ambiguous": "↕ ambiguous", "none": "no pathway"}


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


def signature(root: Path) -> str:
    """A short digest of the files' sizes and times (cheap for Streamlit's cache to hash)."""
    return hashlib.blake2b(repr(mechgraph.graph_signature(root)).encode(),
                           digest_size=16).hexdigest()


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
    """An explanation beside the picture: its title as a sub-heading, sections smaller."""
    lines = markdown.splitlines()
    lines[0] = "### " + lines[0].removeprefix("# ")
    return "\n".join("##### " + line[3:] if line.startswith("## ") else line
                     for line in lines)


def draw(data: dict[str, Any], title: str, key: str, height: int = 560,
         ) -> tuple[Callable[[], str], dict[str, Any] | None]:
    """Draw the view with its title and legend (vis-network is sent once; reruns send only
    the data).

    Returns what makes the standalone page (for a download button to call only when it is
    clicked) and a new click on the picture (``{"kind": "node" | "edge", "id": ...}``), or
    ``None`` when nothing new was clicked.
    """
    clicked = network_view(data, title=title, height=height, key=key)
    if data.get("cut"):
        st.warning(f"Showing {data['shown']} of {data['total']} nodes. Focus on a node or "
                   "use the filters to see the rest.")
    seen = f"{key}-seen"
    if not isinstance(clicked, dict) or st.session_state.get(seen) == clicked:
        clicked = None
    else:
        st.session_state[seen] = clicked
    return (lambda: render_html(data, title=title, height=height)), clicked


def follow(state: ViewState) -> None:
    """Show ``state`` now: a click changed what the page should show."""
    st.query_params.from_dict(state.to_params())
    st.rerun()


def selection(kg: mechgraph.MechGraph, clicked: dict[str, Any]) -> str | None:
    """The ``selected`` value of a click: a node id, or ``SOURCE|TARGET|RELATION``."""
    ident = str(clicked.get("id", ""))
    if clicked.get("kind") == "node" and ident in kg.nodes:
        return ident
    if clicked.get("kind") == "edge" and tuple(ident.split("|")) in kg.edges:
        return ident
    return None


def details(kg: mechgraph.MechGraph, state: ViewState) -> None:
    """The selected node's or link's details: description, links, evidence item by item."""
    if not state.selected:
        return
    subject = state.selected_edge() or state.selected
    text = memo(kg, ("details", subject),
                lambda: smaller_headings(mechgraph.explain(kg, subject, audience="student",
                                                           fmt="markdown")))
    with st.container(border=True):
        st.markdown(text)


def filters(kg: mechgraph.MechGraph, state: ViewState) -> ViewState:
    active = state.filter().active
    panel = st.sidebar.expander("Filters (on)" if active else "Filters", expanded=active,
                                key="filters", on_change="rerun")
    if not panel.open:  # closed: its widgets are not made, the URL keeps the filters
        return state
    with panel:
        chosen = {name: st.multiselect(FILTER_TITLES[name], VOCABULARIES[name],
                                       getattr(state, name))
                  for name in FILTER_FIELDS}
        level = st.selectbox("Minimum evidence level", ["any", *EVIDENCE_LEVELS],
                             index=0 if state.level is None else
                             1 + EVIDENCE_LEVELS.index(state.level))
    return state.with_(**{k: tuple(v) for k, v in chosen.items()},
                       level=None if level == "any" else level)


def pathway_table(report: PathReport, kg: mechgraph.MechGraph) -> pa.Table:
    """The pathways as a table (built once per view: an Arrow table is sent as it is)."""
    return pa.table({
        "#": list(range(1, len(report.paths) + 1)),
        "effect": [EFFECT[p.net_effect] for p in report.paths],
        "weakest evidence": [p.weakest_evidence for p in report.paths],
        "contested": ["yes" if p.contested else "" for p in report.paths],
        "pathway": [" → ".join(kg.nodes[i].label for i in p.nodes) for p in report.paths]})


@dataclass(frozen=True)
class Pathways:
    """What a pathway view shows, computed once per graph and state."""

    report: PathReport
    data: dict[str, Any]
    table: pa.Table
    text: str = ""
    title: str = ""


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
        return Pathways(report, data, pathway_table(report, kg), text, title)

    return memo(kg, ("pathways", source, target, state.path, state.filter(), words), compute)


@dataclass(frozen=True)
class Choices:
    """The lists the pickers offer, made once per graph."""

    label: dict[str, str]
    treatments: list[str]
    targets: list[str]
    by_label: list[str]


def choices(kg: mechgraph.MechGraph) -> Choices:
    def compute() -> Choices:
        label = {i: n.label for i, n in kg.nodes.items()}
        return Choices(label,
                       sorted(i for i, n in kg.nodes.items() if n.kind == "treatment"),
                       sorted(i for i, n in kg.nodes.items()
                              if n.kind in ("condition", "outcome")),
                       sorted(kg.nodes, key=lambda i: label[i].lower()))

    return memo(kg, ("choices",), compute)


def explain_mode(kg: mechgraph.MechGraph, state: ViewState) -> ViewState:
    pick = choices(kg)
    treatments, targets, label = pick.treatments, pick.targets, pick.label
    row = st.container(horizontal=True)
    source = row.selectbox("Treatment", treatments, format_func=label.get,
                           index=treatments.index(state.source)
                           if state.source in treatments else 0)
    target = row.selectbox("Condition", targets, format_func=label.get,
                           index=targets.index(state.target) if state.target in targets else 0)
    if (source, target) != (state.source, state.target):  # another question: start afresh
        state = state.with_(source=source, target=target, path=None, selected=None)
    shown = pathways(kg, state, source, target, words=True)
    if shown is None:
        st.info("The filters hide this treatment or condition.")
        return state
    report, text = shown.report, shown.text
    st.markdown(f"**Overall effect of {label[source]} on {label[target]}: "
                f"{EFFECT[report.overall]}** ({len(report.paths)} pathways)")
    page, clicked = draw(shown.data, shown.title, "explain-view", height=520)
    if clicked and (picked := selection(kg, clicked)):
        follow(state.with_(selected=picked))
    details(kg, state)
    names = shown.table.column("pathway").to_pylist()
    choice = st.selectbox("Highlight a pathway", [0, *range(1, len(report.paths) + 1)],
                          index=state.path if state.path and state.path <= len(report.paths)
                          else 0,
                          format_func=lambda n: "none" if n == 0 else f"#{n}: {names[n - 1]}")
    state = state.with_(path=choice or None)
    row = st.container(horizontal=True)
    row.download_button("Printable handout (one page)", lambda: render_handout(kg, report),
                        file_name=f"{source}-{target}-handout.html", mime="text/html",
                        type="primary")
    row.download_button("Download the picture (HTML, works offline)", page,
                        file_name=f"{source}-{target}.html", mime="text/html")
    row.download_button("Download the explanation (Markdown)", text,
                        file_name=f"{source}-{target}.md", mime="text/markdown")
    st.markdown(smaller_headings(text) + "\n\n### The pathways")
    st.dataframe(shown.table, hide_index=True, width="stretch")
    return state


def link_picker(kg: mechgraph.MechGraph, state: ViewState, node: str) -> ViewState:
    """Pick one of the focused node's links to see its evidence (or click it)."""
    def compute() -> tuple[list[str], dict[str, str]]:
        keys = sorted(kg.graph.in_edges(node, keys=True)) + sorted(
            kg.graph.out_edges(node, keys=True))
        names = {"|".join(k): f"{kg.nodes[k[0]].label} {k[2]} {kg.nodes[k[1]].label}"
                 for k in keys}
        return ["", *names], names

    options, names = memo(kg, ("links", node), compute)
    current = state.selected if state.selected in names else ""
    picked = st.selectbox("Evidence for a link (or click a link in the picture)", options,
                          index=options.index(current),
                          format_func=lambda k: names.get(k, "none"))
    if picked != current:
        return state.with_(selected=picked or None)
    return state


def explore_mode(kg: mechgraph.MechGraph, state: ViewState) -> ViewState:
    pick = choices(kg)
    label = pick.label
    query = st.text_input("Search a node", placeholder="for example: endorphins")
    if query:
        matches = mechgraph.search(kg.nodes, query, limit=8)
        if matches:
            picked = st.radio("Matches", [m.id for m in matches], format_func=label.get,
                              horizontal=True)
            state = state.with_(focus=picked)
        else:
            st.info(f"No node matches '{query}'.")
    ids = pick.by_label
    node = st.selectbox("Focus on", ids, format_func=label.get,
                        index=ids.index(state.focus) if state.focus in ids else 0)
    left, right = st.columns(2)
    depth = left.slider("Depth", 0, MAX_DEPTH, state.depth)
    direction = right.radio("Direction", DIRECTIONS, index=DIRECTIONS.index(state.direction),
                            horizontal=True)
    if node != state.focus and state.selected not in (None, node):
        state = state.with_(selected=None)  # the old selection belonged to the old focus
    state = state.with_(focus=node, depth=depth, direction=direction)

    def neighbourhood() -> tuple[dict[str, Any], str] | None:
        view = state.filter().apply(kg.graph)
        if node not in view:
            return None
        sub = focus(kg, node, depth=depth, direction=direction, graph=view)
        return (view_data(kg, sub, source=node),
                smaller_headings(mechgraph.explain(kg, node, audience="student",
                                                   fmt="markdown")))

    shown = memo(kg, ("focus", node, depth, direction, state.filter()), neighbourhood)
    if shown is None:
        st.info("The filters hide this node.")
        return state
    picture, detail = st.columns([3, 2])
    with picture:
        page, clicked = draw(shown[0], label[node], "explore-view")
        if clicked and (picked := selection(kg, clicked)):
            follow(state.with_(focus=picked) if clicked["kind"] == "node"
                   else state.with_(selected=picked))
        state = link_picker(kg, state, node)
        details(kg, state)
        st.download_button("Download the picture (HTML, works offline)", page,
                           file_name=f"{node}.html", mime="text/html")
    with detail:
        st.markdown(shown[1])
    return path_finder(kg, state, node)


def path_finder(kg: mechgraph.MechGraph, state: ViewState, node: str) -> ViewState:
    """Paths between any two nodes, the chosen one highlighted (made only when open)."""
    pick = choices(kg)
    ids, label = pick.by_label, pick.label
    opened = bool(state.path_from or state.path_to)
    panel = st.expander("Path finder", expanded=opened, key="finder", on_change="rerun")
    if not panel.open:
        return state
    with panel:
        a, b = st.columns(2)
        start = a.selectbox("From", ids, format_func=label.get,
                            index=ids.index(state.path_from) if state.path_from in ids else
                            ids.index(node))
        end = b.selectbox("To", ids, format_func=label.get,
                          index=ids.index(state.path_to) if state.path_to in ids else 0)
        state = state.with_(path_from=start, path_to=end)
        found = pathways(kg, state, start, end, words=False) if start != end else None
        if found is None:
            return state
        st.markdown(f"Overall effect: **{EFFECT[found.report.overall]}**")
        if not found.report.paths:
            return state
        st.dataframe(found.table, hide_index=True, width="stretch")
        count = len(found.report.paths)
        n = st.selectbox("Show pathway", range(1, count + 1),
                         index=min(state.path or 1, count) - 1)
        state = state.with_(path=n)
        found = pathways(kg, state, start, end, words=False) or found
        _, clicked = draw(found.data, f"{label[start]} → {label[end]}", "finder-view")
        if clicked and (picked := selection(kg, clicked)):
            follow(state.with_(selected=picked))
    return state


def main() -> None:
    """Draw the whole app (one rerun)."""
    st.set_page_config(page_title="mechgraph", layout="wide")
    root = graph_root(tuple(sys.argv[1:]), os.environ.get(ENV_GRAPH))
    st.title("mechgraph", help="How a treatment works, with the evidence for every link")
    kg, problems = load(str(root), signature(root))
    if kg is None:
        show_problems(root, problems)
        return
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    state, warnings = ViewState.from_params(current, kg)
    editing = edit_enabled(tuple(sys.argv[1:]), os.environ.get(ENV_EDIT))
    modes = MODES if editing else tuple(m for m in MODES if m != "edit")
    if state.mode not in modes:
        warnings.append("editing is off in this app (start it with `streamlit run app.py -- "
                        "--edit` or MECHGRAPH_EDIT=1); showing explain mode")
        state = state.with_(mode="explain")
    for warning in warnings:
        st.warning(warning)
    if editing:
        saved_message()
    mode = st.sidebar.radio("Mode", modes, index=modes.index(state.mode),
                            format_func=MODE_NAMES.get)
    st.sidebar.caption(f"graph `{root}`: {len(kg.nodes)} nodes · {len(kg.edges)} links · "
                       f"{len(kg.references)} references")
    if mode == "edit":
        state = state.with_(mode=mode)
        shown = edit_mode(kg, root)
        if shown is not None:
            follow(state.with_(mode="explore", **{k: v for k, v in shown.items() if v}))
        return
    state = filters(kg, state.with_(mode=mode))
    state = explain_mode(kg, state) if mode == "explain" else explore_mode(kg, state)
    params = state.to_params()
    if {k: v if isinstance(v, list) else [v] for k, v in params.items()} != current:
        st.query_params.from_dict(params)

