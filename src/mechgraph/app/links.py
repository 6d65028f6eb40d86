"""The text twin of every picture: a table of the links it draws, a picker of those links,
and the chosen link's evidence, brought into view.

A picture on a canvas gives nothing to a screen reader or a keyboard. Beside each picture
the explorer shows the same links as a table (sortable; a row chosen with the mouse or the
keyboard shows that link's evidence, as a click on the picture does) and as a picker.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import streamlit as st

import mechgraph
from mechgraph.app import state as session
from mechgraph.keys import parse_edge_ref
from mechgraph.view import RELATION_WORDS
from mechgraph.vocab import UNGRADED

__all__ = ["Links", "link_rows", "link_table", "links_panel"]

COLUMNS = ("from", "link", "to", "evidence", "contested", "supporting", "partly supporting",
           "refuting")


def link_rows(kg: mechgraph.MechGraph, data: dict[str, Any]) -> dict[str, list[Any]]:
    """The links a view draws (``data`` from :func:`mechgraph.view.view_data`), by column.

    Examples
    --------
    >>> from mechgraph.query import find_paths
    >>> from mechgraph.view import pathway_graph, view_data
    >>> kg = mechgraph.load_graph("graph")
    >>> report = find_paths(kg, "acupuncture", "chronic_low_back_pain")
    >>> rows = link_rows(kg, view_data(kg, pathway_graph(kg, report)))
    >>> i = rows["key"].index("acupuncture|chronic_low_back_pain|decreases")
    >>> [rows[c][i] for c in ("from", "link", "to", "evidence", "contested")]
    ['Acupuncture', '↓ decreases', 'Chronic low back pain', 'high', 'yes']
    >>> rows["supporting"][i] > 0 and rows["refuting"][i] > 0
    True
    """
    out: dict[str, list[Any]] = {name: [] for name in (*COLUMNS, "key")}
    # the labels the picture draws: two nodes with one label carry their modules
    label = {n["id"]: n["label"].replace("\n", " ") for n in data["nodes"]}
    for edge in data["edges"]:
        key = parse_edge_ref(edge["id"])
        source, target, relation = key
        grade = kg.grades[key]
        refs = {s: {i.ref for i in kg.edges[key].evidence if i.stance == s}
                for s in ("supports", "partial", "refutes")}
        out["from"].append(label.get(source, kg.nodes[source].label))
        out["link"].append(RELATION_WORDS[relation]
                           + (" (blocked)" if edge.get("blocked") else ""))
        out["to"].append(label.get(target, kg.nodes[target].label))
        out["evidence"].append(_rests_on(kg, key))
        out["contested"].append("yes" if grade.contested else "")
        out["supporting"].append(len(refs["supports"]))
        out["partly supporting"].append(len(refs["partial"]))
        out["refuting"].append(len(refs["refutes"]))
        out["key"].append(edge["id"])
    return out


def _rests_on(kg: mechgraph.MechGraph, key: tuple[str, str, str]) -> str:
    """A link's evidence level, or, for an ungraded one, what it rests on instead."""
    level = kg.grades[key].level
    if level != UNGRADED:
        return level
    basis = kg.graph.edges[key]["basis"]
    return {"curated": "curated, no study", "studied": "curated, no supporting study"}.get(
        basis, level)


TITLES = {"from": "From", "link": "Link", "to": "To", "evidence": "Evidence level",
          "contested": "Contested", "supporting": "Supporting studies",
          "partly supporting": "Partly supporting studies", "refuting": "Refuting studies"}
"""The table's column titles (the Arrow columns carry them: no column configuration to
process on every rerun)."""


@dataclass(frozen=True)
class Links:
    """A view's links, made once per view: the table, its edge keys, their names."""

    table: pa.Table
    keys: list[str]
    names: dict[str, str]
    """The picker's words for each key (``""``: none)."""
    options: list[str]
    """The picker's options: ``""`` (none), then the keys."""


def link_table(kg: mechgraph.MechGraph, data: dict[str, Any]) -> Links:
    """:func:`link_rows` as an Arrow table (sent to the page as it is), with the keys and
    names the picker shows."""
    rows = link_rows(kg, data)
    names = {"": "none"} | {k: f"{a} {r} {b}" for k, a, r, b in zip(
        rows["key"], rows["from"], rows["link"], rows["to"], strict=True)}
    table = pa.table({TITLES[c]: rows[c] for c in COLUMNS})
    return Links(table, rows["key"], names, ["", *rows["key"]])


def _chosen(key: str, keys: list[str]) -> None:
    rows = st.session_state[key].selection.rows
    if rows:
        session.update(selected=keys[rows[0]])


def _no_link(selected: str | None) -> str:
    return selected or ""


def _link_or_none(key: str) -> str | None:
    return key or None


def links_panel(links: Links, key: str, *, caption: str) -> None:
    """The table of a picture's links and a picker of them; choosing one selects it."""
    st.markdown(f"**{caption}.** With the keyboard: Tab into the table, arrow keys to a "
                "link, Shift+Space to choose it. Click a column's title to sort.")
    st.dataframe(links.table, key=key, hide_index=True, width="stretch",
                 selection_mode="single-row",
                 on_select=functools.partial(_chosen, key, links.keys))
    session.bound(st.selectbox, "selected", "Evidence for a link (or click a link in the "
                  "picture, or a row of the table)", links.options, choices=links.names,
                  fallback="", to_widget=_no_link, to_view=_link_or_none, key=f"{key}-picker",
                  format_func=links.names.__getitem__)
