"""Explore mode, for students: search or pick a node, see its neighbourhood to a depth and
in a direction, its links in words with their references, and the paths to any other node
(the path finder).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

import mechgraph
from mechgraph.app import state as session
from mechgraph.app.blocking import block_control, blocked_words, grey_out
from mechgraph.app.common import (
    FOCUS_LIST,
    TWIN_CAPTION,
    Choices,
    choices,
    details,
    draw,
    memo,
    opened_first,
    pick_node,
    refocus,
    select,
    smaller_headings,
)
from mechgraph.app.links import Links, link_table, links_panel
from mechgraph.app.pathways import pathways
from mechgraph.app.state import bound
from mechgraph.app.viewstate import MAX_DEPTH
from mechgraph.explain import overall_words
from mechgraph.query import DIRECTIONS, focus
from mechgraph.text import escape_markdown
from mechgraph.view import view_data

__all__ = ["WORDS_OPEN", "explore_mode", "focus_picker", "node_words", "path_finder"]


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
    parts = state.blocked()

    def neighbourhood() -> tuple[dict[str, Any], str, Links] | None:
        view = state.filter().apply(kg.graph)
        if node not in view:
            return None
        sub = focus(kg, node, depth=depth, direction=direction, graph=view)
        data = grey_out(view_data(kg, sub, source=node), parts)
        return (data, smaller_headings(mechgraph.explain(kg, node, audience="student",
                                                         fmt="markdown", brief=True)),
                link_table(kg, data))

    shown = memo(kg, ("focus", node, depth, direction, state.filter(), parts), neighbourhood)
    if shown is None:
        st.info("The filters hide this node.")
        return
    block_control(kg, state, shown[0], "view:explore-without")
    if not parts.empty:
        st.caption(f"Blocked (what if?): {escape_markdown(blocked_words(kg, parts))}; drawn "
                   "grey and dashed, and left out of the path finder's pathways.")
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
        if found.change_words:
            st.markdown(f"**{escape_markdown(found.change_words)}**")
        if not found.report.paths:
            return
        st.dataframe(found.table, hide_index=True, width="stretch")
        numbers = list(range(1, len(found.report.paths) + 1))
        bound(st.selectbox, "path", "Show pathway", numbers, choices=numbers, fallback=1,
              adopt=True)
        found = pathways(kg, session.view(), start, end, words=False) or found
        draw(kg, found.data, f"{label[start]} → {label[end]}", "finder-view", on_click=select)
