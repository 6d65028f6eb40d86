"""What if a node or a link were blocked? The explorer's block control, and the blocked
parts drawn greyed out (grey, dashed, still in the picture) and marked in its text twin.

The control lists the nodes and links of the picture as it is with nothing blocked (so a
part stays in the list, and in the picture, once blocked), and the parts already blocked.
The state keeps them as ``without`` (:class:`~mechgraph.app.viewstate.ViewState`), and
the URL as ``without=a,b``.

Examples
--------
>>> import mechgraph
>>> from mechgraph.query import find_paths
>>> from mechgraph.view import pathway_graph, view_data
>>> from mechgraph.whatif import Blocked
>>> kg = mechgraph.load_graph("graph")
>>> report = find_paths(kg, "acupuncture", "pain_signalling", max_length=2)
>>> data = grey_out(view_data(kg, pathway_graph(kg, report)), Blocked(frozenset({"endorphins"})))
>>> [n["label"] for n in data["nodes"] if n.get("blocked")]
['Endorphins and other endogenous opioids (blocked)']
>>> sorted(e["id"] for e in data["edges"] if e.get("blocked"))
['acupuncture|endorphins|increases', 'endorphins|pain_signalling|decreases']
"""

from __future__ import annotations

import copy
from typing import Any

import streamlit as st

import mechgraph
from mechgraph.app.state import bound
from mechgraph.app.viewstate import ViewState
from mechgraph.keys import as_edge_key, parse_edge_ref
from mechgraph.view import RELATION_WORDS
from mechgraph.whatif import Blocked

__all__ = ["BLOCKED_STYLE", "BLOCK_LABEL", "block_control", "blocked_words", "grey_out"]

BLOCK_LABEL = "Block (what if?)"
BLOCKED_STYLE = {"fill": "#e6e6e6", "line": "#8a8a8a", "text": "#4d4d4d", "dashes": [4, 4]}
"""How a blocked part is drawn: grey fill, grey dashed line and border, dark grey label
(#4d4d4d on #e6e6e6 is 6.9:1, on white 8.5:1)."""
MARK = " (blocked)"


def grey_out(data: dict[str, Any], parts: Blocked) -> dict[str, Any]:
    """A copy of the picture ``data`` (:func:`mechgraph.view.view_data`) with the blocked
    nodes and links drawn grey and dashed, their labels, tooltips and the steps in words
    marked "(blocked)", and ``"blocked": True`` on each (the text twin marks them too)."""
    if parts.empty:
        return data
    out = copy.deepcopy(data)
    grey = {"background": BLOCKED_STYLE["fill"], "border": BLOCKED_STYLE["line"]}
    names: dict[str, str] = {}
    for node in out["nodes"]:
        names[node["label"].replace("\n", " ")] = node["id"]
        if node["id"] in parts.nodes:
            node.update(blocked=True, label=node["label"] + MARK,
                        color={**grey, "highlight": grey, "hover": grey},
                        font={**node["font"], "color": BLOCKED_STYLE["text"]},
                        shapeProperties={"borderDashes": BLOCKED_STYLE["dashes"]},
                        title="Blocked (what if?)\n" + node["title"])
    line = BLOCKED_STYLE["line"]
    for edge in out["edges"]:
        if parts.blocks(parse_edge_ref(edge["id"])):
            edge.update(blocked=True, dashes=BLOCKED_STYLE["dashes"], width=1.5,
                        color={"color": line, "highlight": line, "hover": line,
                               "inherit": False, "opacity": 1.0},
                        title="Blocked (what if?)\n" + edge["title"])
    out["steps"] = [_mark_step(step, names, parts) for step in out["steps"]]
    return out


def _mark_step(step: list[str], names: dict[str, str], parts: Blocked) -> list[str]:
    """A step of the picture in words (labels and relation words alternating; the last
    label followed by what the pathway rests on) with its blocked parts marked."""
    relation = {words: r for r, words in RELATION_WORDS.items()}

    def node_of(text: str) -> tuple[str | None, str]:
        for label, ident in names.items():
            if text == label or text.startswith(label + " ("):
                return ident, label
        return None, text

    ids = [node_of(text) for text in step[::2]]
    marked = list(step)
    for i, (ident, label) in enumerate(ids):
        if ident in parts.nodes:
            marked[2 * i] = label + MARK + step[2 * i][len(label):]
    for i in range(1, len(step), 2):
        (u, _), (v, _) = ids[(i - 1) // 2], ids[(i + 1) // 2]
        if u and v and relation.get(step[i]) and (u, v, relation[step[i]]) in parts.edges:
            marked[i] = step[i] + MARK
    return marked


def blocked_words(kg: mechgraph.MechGraph, parts: Blocked) -> str:
    """The blocked parts by name: node labels, then links as "A ↑ increases B".

    >>> import mechgraph
    >>> kg = mechgraph.load_graph("graph")
    >>> parts = Blocked(frozenset({"qi"}), frozenset({("acupuncture", "qi", "increases")}))
    >>> blocked_words(kg, parts)
    'Qi (free flow of vital energy) and Acupuncture ↑ increases Qi (free flow of vital energy)'
    """
    names = [kg.nodes[n].label for n in sorted(parts.nodes)]
    names += [f"{kg.nodes[u].label} {RELATION_WORDS[r]} {kg.nodes[v].label}"
              for u, v, r in sorted(parts.edges)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _name(kg: mechgraph.MechGraph, item: str) -> str:
    key = as_edge_key(item)
    if key is None:
        return kg.nodes[item].label if item in kg.nodes else item
    u, v, r = key
    if u in kg.nodes and v in kg.nodes and r in RELATION_WORDS:
        return f"{kg.nodes[u].label} {RELATION_WORDS[r]} {kg.nodes[v].label}"
    return item


def block_control(kg: mechgraph.MechGraph, state: ViewState, data: dict[str, Any],
                  key: str) -> None:
    """A multiselect of the picture's nodes (but the view's own) and links, and the parts
    already blocked, bound to the state's ``without``."""
    ends = set(state.shown_ends())
    options = [n["id"] for n in data["nodes"] if n["id"] not in ends]
    options += [e["id"] for e in data["edges"]]
    options += [x for x in state.without if x not in options]
    names = {item: _name(kg, item) for item in options}
    bound(st.multiselect, "without", BLOCK_LABEL, options, to_widget=list, to_view=tuple,
          key=key, format_func=names.__getitem__,
          placeholder="Choose nodes or links to block",
          help="Ask what if these were blocked (as a drug that blocks a receptor would): "
               "the pathways through them are left out, and the page says what changed. "
               "Blocked parts stay in the picture, grey and dashed.")
