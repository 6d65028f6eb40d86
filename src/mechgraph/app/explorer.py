"""The explorer: one rerun of the whole app (:func:`main`): the graph loaded (again when a
file changes), the mode chosen, the filters, then the mode's page.

The pages are their own modules: explain mode :mod:`mechgraph.app.explain_page`, compare
mode :mod:`mechgraph.app.compare_page`, explore mode :mod:`mechgraph.app.explore_page`,
claims mode :mod:`mechgraph.app.claims_page`, edit mode :mod:`mechgraph.app.editor`, and
what they share :mod:`mechgraph.app.common`.

``app.py`` only calls :func:`main`; the code lives here so that Streamlit compiles a
two-line script on every rerun instead of this whole module (a rerun of the app then costs
what its widgets and views cost, nothing more).
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import time
from pathlib import Path

import streamlit as st

import mechgraph
from mechgraph.app import scroll
from mechgraph.app import state as session
from mechgraph.app.claims_page import claims_mode
from mechgraph.app.common import opened_first
from mechgraph.app.compare_page import compare_mode
from mechgraph.app.editor import edit_mode, saved_message
from mechgraph.app.explain_page import explain_mode
from mechgraph.app.explore_page import explore_mode
from mechgraph.app.settings import ENV_EDIT, ENV_GRAPH, app_edit_enabled, app_graph_dir
from mechgraph.app.state import bound
from mechgraph.app.viewstate import MODES, ViewState
from mechgraph.text import escape_markdown
from mechgraph.vocab import EVIDENCE_LEVELS, FILTER_FIELDS, FILTER_VOCABULARIES

__all__ = ["FILTER_TITLES", "MODE_NAMES", "SIGNATURE_AGE", "edit_enabled", "filter_words",
           "filters", "follow", "forget_signature", "graph_root", "load", "main", "show_problems",
           "signature"]


FILTER_TITLES = {"relation": "Relation", "stance": "Stance", "design": "Study design",
                 "subjects": "Who was studied",
                 "comparison": "Comparison", "kind": "Node kind", "framework": "Framework",
                 "basis": "What the link rests on"}

MODE_NAMES = {"explain": "Explain (for patients)", "compare": "Compare treatments",
              "explore": "Explore (for students)",
              "claims": "Claims (what a source says, and the studies)",
              "edit": "Edit (add, change, remove)"}


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


def follow(state: ViewState) -> None:
    """Show ``state`` now (after an edit was saved, for example)."""
    session.replace(state)
    session.publish()
    st.rerun()


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
            bound(st.multiselect, name, FILTER_TITLES[name], FILTER_VOCABULARIES[name],
                  to_widget=list, to_view=tuple)
        levels = ["any", *EVIDENCE_LEVELS]
        bound(st.selectbox, "level", "Minimum evidence level", levels,
              to_widget=lambda level: level or "any",
              to_view=lambda level: None if level == "any" else level)


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
    scroll.new_run()
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
    if state.mode not in ("explain", "compare"):  # for students and editors, not patients
        st.sidebar.caption(f"Graph **{escape_markdown(root.name)}**: {len(kg.nodes)} nodes · "
                           f"{len(kg.edges)} links · {len(kg.references)} references")
    if state.mode == "edit":
        shown = edit_mode(kg, root)
        if shown is not None:
            forget_signature(root)
            follow(state.with_(**{"mode": "explore", **shown}))
        return
    filters(kg, state)
    if state.mode == "explain":
        explain_mode(kg)
    elif state.mode == "claims":
        claims_mode(kg)
    elif state.mode == "compare":
        compare_mode(kg)
    else:
        explore_mode(kg)
    session.publish()
