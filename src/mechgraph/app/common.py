"""What the explorer's pages share: the memo of computed views, the picture with its
details, the node pickers, and the panels that open once.

Explain mode (:mod:`mechgraph.app.explain_page`) and explore mode
(:mod:`mechgraph.app.explore_page`) draw with these; :mod:`mechgraph.app.explorer` runs the
app.
"""

from __future__ import annotations

import functools
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

import streamlit as st

import mechgraph
from mechgraph.app import state as session
from mechgraph.app.component import network_view
from mechgraph.app.scroll import scroll_into_view
from mechgraph.app.state import bound
from mechgraph.app.viewstate import ViewState
from mechgraph.keys import as_edge_key
from mechgraph.text import with_module
from mechgraph.view import render_html

__all__ = ["FOCUS_LIST", "TWIN_CAPTION", "Choices", "choices", "details", "draw", "memo",
           "opened_first", "pick_node", "refocus", "select", "selection", "smaller_headings"]


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

FOCUS_LIST = 100
"""The most nodes the focus picker lists (Streamlit sends every option on every rerun);
a larger graph lists the focus's neighbourhood, and the search finds any node."""


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


@dataclass(frozen=True)
class Choices:
    """The lists the pickers offer, made once per graph.

    The pickers offer node names, not ids: Streamlit formats every option on every rerun,
    and a list of plain strings is the cheapest to format (a focus picker holds every
    node). A name is the node's label with its module beside it, if it has one
    ("Neuroinflammation · Parkinson's disease", :func:`mechgraph.text.with_module`), and
    its id after that when names still repeat.
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
        shown = {i: with_module(n.label, n.module) for i, n in kg.nodes.items()}
        repeated = {text for text, count in Counter(shown.values()).items() if count > 1}
        name = {i: f"{text} ({i})" if text in repeated else text for i, text in shown.items()}
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
