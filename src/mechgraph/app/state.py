"""One home for what the explorer shows: the session's :class:`~mechgraph.app.viewstate.ViewState`,
the widgets bound to it, and the page's URL that mirrors it.

Why: a widget whose default was computed from the URL and written back to the URL at the end
of the run disagrees with its own state for one rerun: Streamlit sees a new default, makes
a new widget and drops the user's next change (a second click on *Explain* was lost, and the
URL lagged one change behind). Here the view state lives in the session, each widget has a
fixed key and changes the state in its ``on_change`` callback (which Streamlit runs before
the script), and the script only reads the state. So everything drawn in a run, whatever
its order on the page, shows the same, current state, and the URL is written from it.

The URL is read only when it changed from outside the session: a new session opening a
shared link, or the browser's back and forward buttons (Streamlit reruns the script with
the URL of that history entry). A rerun that a widget asked for is never such a change,
even when its URL differs from the one written last: the browser may have asked for it
before the last URL reached it (quick clicks), and reading that URL would undo the clicks
in between. So every widget of the explorer marks its change (:func:`touch`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from mechgraph.app.viewstate import ViewState
from mechgraph.graph import MechGraph

__all__ = ["bound", "box", "current", "publish", "replace", "touch", "update", "view"]

BOX = "mechgraph"
"""Session key of the explorer's own bookkeeping: one plain dict (each access to
``st.session_state`` costs more than a dict's, and every rerun makes dozens):

``view``
    the :class:`ViewState` shown;
``url``
    the URL parameters this session wrote last;
``published``
    the state they were written from (the object itself);
``graph``
    the ``id`` of the graph the state was checked against;
``touched``
    set when a widget of this session asked for the coming run.
"""
_MISSING = object()


def box() -> dict[str, Any]:
    """The explorer's bookkeeping in this session (made on first use).

    The dict lives in ``st.session_state``; the session's script-run context (one per
    session, kept across its runs) holds it too, so that the many calls of a run skip
    Streamlit's session-state machinery.
    """
    ctx = get_script_run_ctx(suppress_warning=True)
    found = getattr(ctx, "_mechgraph_box", None)
    if found is not None:
        return found  # type: ignore[no-any-return]
    ss = st.session_state
    try:
        found = ss[BOX]
    except KeyError:
        ss[BOX] = found = {}
    if ctx is not None:
        ctx._mechgraph_box = found  # type: ignore[attr-defined]
    return found  # type: ignore[no-any-return]


def _url() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def _as_url(params: dict[str, str | list[str]]) -> dict[str, list[str]]:
    return {k: v if isinstance(v, list) else [v] for k, v in params.items()}


def current(kg: MechGraph) -> tuple[ViewState, list[str]]:
    """The state to show in this run, and warnings about a URL that named unknown values.

    The session's state, unless the URL changed from outside (then the URL's), or the graph
    was reloaded (then the state checked again against the new graph).
    """
    own = box()
    url = _url()
    touched = own.pop("touched", False)
    if "view" in own and (touched or own.get("url") == url):
        if own.get("graph") == id(kg):
            return own["view"], []
        state, warnings = ViewState.from_params(own["view"].to_params(), kg)
    else:
        state, warnings = ViewState.from_params(url, kg)
    own["view"], own["graph"] = state, id(kg)
    return state, warnings


def view() -> ViewState:
    """The session's state (as :func:`current` set it and the widgets changed it)."""
    return box()["view"]  # type: ignore[no-any-return]


def touch() -> None:
    """Mark the coming run as asked for by a widget of this session (a callback)."""
    box()["touched"] = True


def replace(state: ViewState) -> None:
    """Make ``state`` the session's state (the URL follows when the run publishes)."""
    own = box()
    own["view"], own["touched"] = state, True


def update(**changes: Any) -> None:
    """Change fields of the session's state as a user's change does (see
    :meth:`ViewState.changed`)."""
    own = box()
    own["view"], own["touched"] = own["view"].changed(**changes), True


def publish() -> None:
    """Write the session's state to the URL (only when it differs from what was written)."""
    own = box()
    state = own["view"]
    if own.get("published") is state:
        return
    params = _as_url(state.to_params())
    if params != _url():
        st.query_params.from_dict(params)
    own["url"], own["published"] = params, state


def _changed(key: str, field: str, to_view: Callable[[Any], Any]) -> None:
    update(**{field: to_view(st.session_state[key])})


def _same(value: Any) -> Any:
    return value


def bound(make: Callable[..., Any], field: str, *args: Any,
          choices: Collection[Any] | None = None, fallback: Any = _MISSING,
          adopt: bool = False, to_view: Callable[[Any], Any] = _same,
          to_widget: Callable[[Any], Any] = _same, key: str | None = None,
          **kwargs: Any) -> Any:
    """Make the widget ``make(*args, **kwargs)`` show the state's ``field`` and change it.

    Parameters
    ----------
    make : callable
        A Streamlit widget function (``st.selectbox``, ``row.radio``, ...).
    field : str
        The :class:`ViewState` field the widget shows and changes.
    *args
        The widget's positional arguments (label, options, ...).
    choices : collection, optional
        The values the widget can show; another value shows ``fallback`` instead.
    fallback
        What the widget shows when the state's value is not among ``choices``.
    adopt : bool
        Whether the state then takes ``fallback`` (what the page shows is what the URL
        says), or keeps its value (a selection the widget cannot show, for example).
    to_view, to_widget : callable
        Convert a widget value to the field's value, and back.
    key : str, optional
        The widget's key (default ``view:FIELD``); it identifies the widget for good.

    Returns
    -------
    The widget's value (as the widget gives it).
    """
    ss = st.session_state
    own = box()
    key = key or f"view:{field}"
    value = to_widget(getattr(own["view"], field))
    if choices is not None and fallback is not _MISSING:
        inside = (all(v in choices for v in value) if isinstance(value, list)
                  else value in choices)
        if not inside:
            value = fallback
            if adopt:
                own["view"] = own["view"].with_(**{field: to_view(fallback)})
    if ss.get(key, _MISSING) != value:
        ss[key] = value
    return make(*args, key=key, on_change=functools.partial(_changed, key, field, to_view),
                **kwargs)
