"""The mechgraph explorer (Streamlit): a thin layer over the ``mechgraph`` library.

Run it with ``streamlit run app.py`` (the bundled ``./graph``), ``streamlit run app.py --
--graph DIR`` or ``MECHGRAPH_GRAPH=DIR streamlit run app.py``. The whole view lives in the
URL (see :mod:`mechgraph.appstate`), so a view can be bookmarked or shared.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import streamlit as st

import mechgraph
from mechgraph.app.component import network_view
from mechgraph.appstate import MAX_DEPTH, MODES, ViewState
from mechgraph.cli import app_graph_dir
from mechgraph.explain import escape_markdown, sheet_title
from mechgraph.handout import render_handout
from mechgraph.query import DIRECTIONS, PathReport, find_paths, focus
from mechgraph.view import EDGE_COLOURS, KIND_STYLE, pathway_graph, render_html, view_data
from mechgraph.vocab import EVIDENCE_LEVELS, FILTER_FIELDS, VOCABULARIES

FILTER_TITLES = {"relation": "Relation", "stance": "Stance", "design": "Study design",
                 "comparison": "Comparison", "kind": "Node kind", "framework": "Framework"}
EFFECT = {"increases": "↑ increases", "decreases": "↓ decreases", "unknown": "? unknown",
          "not_causal": "~ not causal", "ambiguous": "↕ ambiguous", "none": "no pathway"}


@st.cache_resource(show_spinner="Loading the graph ...", max_entries=4)
def load(root: str, signature: tuple[object, ...]) -> tuple[mechgraph.MechGraph | None,
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


def legend() -> None:
    kinds = " · ".join(f"<span style='color:{colour}'>■</span> {kind}"
                       for kind, (colour, _) in KIND_STYLE.items())
    signs = " · ".join(f"<span style='color:{colour}'>━</span> {relation}"
                       for relation, colour in EDGE_COLOURS.items())
    st.caption(f"{kinds}<br>{signs} · thicker = stronger evidence · dashed = contested or "
               "traditional framework · dashed outline = traditional framework",
               unsafe_allow_html=True)  # fixed wording only: no graph text in it


def draw(data: dict[str, object], title: str, key: str, height: int = 560,
         ) -> Callable[[], str]:
    """Draw the view (vis-network is sent once; reruns send only the data). Returns what
    makes the standalone page, for a download button to call only when it is clicked."""
    st.markdown(f"**{escape_markdown(title)}**")
    network_view(data, title=title, height=height, key=key)
    if data.get("cut"):
        st.warning(f"Showing {data['shown']} of {data['total']} nodes. Focus on a node or "
                   "use the filters to see the rest.")
    return lambda: render_html(data, title=title, height=height)


def filters(kg: mechgraph.MechGraph, state: ViewState) -> ViewState:
    with st.sidebar.expander("Filters", expanded=bool(state.filter().active)):
        chosen = {name: st.multiselect(FILTER_TITLES[name], VOCABULARIES[name],
                                       getattr(state, name))
                  for name in FILTER_FIELDS}
        level = st.selectbox("Minimum evidence level", ["any", *EVIDENCE_LEVELS],
                             index=0 if state.level is None else
                             1 + EVIDENCE_LEVELS.index(state.level))
    return state.with_(**{k: tuple(v) for k, v in chosen.items()},
                       level=None if level == "any" else level)


def pathway_table(report: PathReport, kg: mechgraph.MechGraph) -> None:
    rows = [{"#": n, "effect": EFFECT[p.net_effect], "weakest evidence": p.weakest_evidence,
             "contested": "yes" if p.contested else "",
             "pathway": " → ".join(kg.nodes[i].label for i in p.nodes)}
            for n, p in enumerate(report.paths, 1)]
    st.dataframe(rows, hide_index=True, width="stretch")


def explain_mode(kg: mechgraph.MechGraph, state: ViewState) -> ViewState:
    treatments = sorted(i for i, n in kg.nodes.items() if n.kind == "treatment")
    targets = sorted(i for i, n in kg.nodes.items() if n.kind in ("condition", "outcome"))
    label = {i: n.label for i, n in kg.nodes.items()}
    left, right = st.columns(2)
    source = left.selectbox("Treatment", treatments, format_func=label.get,
                            index=treatments.index(state.source)
                            if state.source in treatments else 0)
    target = right.selectbox("Condition", targets, format_func=label.get,
                             index=targets.index(state.target) if state.target in targets else 0)
    state = state.with_(source=source, target=target)
    view = state.filter().apply(kg.graph)
    if source not in view or target not in view:
        st.info("The filters hide this treatment or condition.")
        return state
    report = find_paths(kg, source, target, graph=view)
    st.markdown(f"**Overall effect of {label[source]} on {label[target]}: "
                f"{EFFECT[report.overall]}** ({len(report.paths)} pathways)")
    text = mechgraph.explain(kg, report, audience="patient", fmt="markdown")
    title = sheet_title(kg, source, target)
    picture, words = st.columns([3, 2])
    with picture:
        highlight = (report.paths[state.path - 1].edges
                     if state.path and state.path <= len(report.paths) else ())
        data = view_data(kg, pathway_graph(kg, report), source=source, target=target,
                         highlight=highlight)
        page = draw(data, title, "explain-view")
        legend()
    with words:
        st.markdown(smaller_headings(text))
    st.subheader("The pathways")
    pathway_table(report, kg)
    choice = st.selectbox("Highlight a pathway", [0, *range(1, len(report.paths) + 1)],
                          index=state.path if state.path and state.path <= len(report.paths)
                          else 0, format_func=lambda n: "none" if n == 0 else f"#{n}")
    state = state.with_(path=choice or None)
    one, two, three = st.columns(3)
    one.download_button("Printable handout (one page)", lambda: render_handout(kg, report),
                        file_name=f"{source}-{target}-handout.html", mime="text/html")
    two.download_button("Download the picture (HTML, works offline)", page,
                        file_name=f"{source}-{target}.html", mime="text/html")
    three.download_button("Download the explanation (Markdown)", text,
                          file_name=f"{source}-{target}.md", mime="text/markdown")
    return state


def explore_mode(kg: mechgraph.MechGraph, state: ViewState) -> ViewState:
    label = {i: n.label for i, n in kg.nodes.items()}
    query = st.text_input("Search a node", placeholder="for example: endorphins")
    if query:
        matches = mechgraph.search(kg.nodes, query, limit=8)
        if matches:
            picked = st.radio("Matches", [m.id for m in matches], format_func=label.get,
                              horizontal=True)
            state = state.with_(focus=picked)
        else:
            st.info(f"No node matches '{query}'.")
    ids = sorted(kg.nodes, key=lambda i: label[i].lower())
    node = st.selectbox("Focus on", ids, format_func=label.get,
                        index=ids.index(state.focus) if state.focus in ids else 0)
    left, right = st.columns(2)
    depth = left.slider("Depth", 0, MAX_DEPTH, state.depth)
    direction = right.radio("Direction", DIRECTIONS, index=DIRECTIONS.index(state.direction),
                            horizontal=True)
    state = state.with_(focus=node, depth=depth, direction=direction)
    view = state.filter().apply(kg.graph)
    if node not in view:
        st.info("The filters hide this node.")
        return state
    sub = focus(kg, node, depth=depth, direction=direction, graph=view)
    picture, detail = st.columns([3, 2])
    with picture:
        page = draw(view_data(kg, sub, source=node), label[node], "explore-view")
        legend()
        st.download_button("Download the picture (HTML, works offline)", page,
                           file_name=f"{node}.html", mime="text/html")
    with detail:
        st.markdown(smaller_headings(mechgraph.explain(kg, node, audience="student",
                                                       fmt="markdown")))
    st.subheader("Path finder")
    a, b = st.columns(2)
    start = a.selectbox("From", ids, format_func=label.get,
                        index=ids.index(state.path_from) if state.path_from in ids else
                        ids.index(node))
    end = b.selectbox("To", ids, format_func=label.get,
                      index=ids.index(state.path_to) if state.path_to in ids else 0)
    state = state.with_(path_from=start, path_to=end)
    if start != end and start in view and end in view:
        report = find_paths(kg, start, end, graph=view)
        st.markdown(f"Overall effect: **{EFFECT[report.overall]}**")
        if report.paths:
            pathway_table(report, kg)
            n = st.selectbox("Show pathway", range(1, len(report.paths) + 1),
                             index=min(state.path or 1, len(report.paths)) - 1)
            draw(view_data(kg, pathway_graph(kg, report), source=start, target=end,
                           highlight=report.paths[n - 1].edges),
                 f"{label[start]} → {label[end]}", "finder-view")
            state = state.with_(path=n)
    return state


def main() -> None:
    st.set_page_config(page_title="mechgraph", layout="wide")
    root = app_graph_dir(sys.argv[1:])
    st.title("mechgraph")
    st.caption(f"How a treatment works, with the evidence for every link · graph: `{root}`")
    kg, problems = load(str(root), mechgraph.graph_signature(root))
    if kg is None:
        show_problems(root, problems)
        return
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    state, warnings = ViewState.from_params(current, kg)
    for warning in warnings:
        st.warning(warning)
    mode = st.sidebar.radio("Mode", MODES, index=MODES.index(state.mode),
                            format_func=lambda m: {"explain": "Explain (for patients)",
                                                   "explore": "Explore (for students)"}[m])
    state = filters(kg, state.with_(mode=mode))
    stats = kg.stats()
    st.sidebar.caption(f"{stats['nodes']} nodes · {stats['edges']} links · "
                       f"{stats['references']} references")
    state = explain_mode(kg, state) if mode == "explain" else explore_mode(kg, state)
    params = state.to_params()
    if {k: v if isinstance(v, list) else [v] for k, v in params.items()} != current:
        st.query_params.from_dict(params)


main()
