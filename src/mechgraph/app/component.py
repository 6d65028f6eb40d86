"""The network view as a Streamlit component, so that vis-network is sent once.

Embedding the standalone page (:func:`mechgraph.view.render_html`) would send vis-network's
470 kB again on every rerun. This component's page loads vis-network once, from files the
Streamlit server serves from a folder in the user's cache (the page and a copy of the script
shipped in the installed pyvis package); each rerun then sends only the view's data, as
JSON, which vis-network draws on a canvas and shows in plain-text tooltips.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import streamlit.components.v1 as components

from mechgraph import __version__
from mechgraph.cache import default_cache_dir
from mechgraph.files import atomic_write
from mechgraph.view import (
    LABEL_WIDTH,
    LEGEND_CSS,
    PICTURE_CSS,
    PICTURE_JS,
    STEPS_HTML,
    legend_html,
    vis_network_js,
)

__all__ = ["network_view"]


def _frontend_dir() -> Path:
    """The folder the component is served from (written once per version)."""
    base = default_cache_dir() or Path(os.environ.get("TMPDIR", "/tmp")) / "mechgraph"
    folder = base / f"frontend-{__version__}"
    page = (resources.files("mechgraph.app").joinpath("frontend.html").read_text("utf-8")
            .replace("<!--LEGEND-->", legend_html()).replace("/*LEGEND_CSS*/", LEGEND_CSS)
            .replace("<!--STEPS-->", STEPS_HTML).replace("/*PICTURE_CSS*/", PICTURE_CSS)
            .replace("/*PICTURE_JS*/", PICTURE_JS)
            .replace("LABEL_WIDTH", str(LABEL_WIDTH)))
    script = vis_network_js()
    if not (folder / "index.html").exists() or (folder / "index.html").read_text(
            "utf-8") != page:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in (("vis-network.min.js", script), ("index.html", page)):
            # Another app process never sees half a file.
            atomic_write(folder / name, text, durable=False)
    return folder


_component = components.declare_component("mechgraph_view", path=str(_frontend_dir()))


def network_view(data: dict[str, Any], *, title: str, height: int = 560,
                 key: str | None = None, on_change: Callable[[], None] | None = None,
                 legend: bool = True, shared: dict[str, float] | None = None,
                 ) -> dict[str, Any] | None:
    """Draw a view (from :func:`mechgraph.view.view_data`) with its title and legend.

    The frame fits the picture to its width and sets its own height (``height`` is only
    the height Streamlit reserves until then); where the picture would be too small to
    read, it shows the view's steps in words instead.

    Pictures drawn side by side leave out their legend (``legend=False``: the page shows
    one) and pass ``shared``, ``{"width": w, "height": h, "px": p}``: the largest extent
    among them (in the layout's units) and one height in pixels, so that all have the
    same scale and the same height (:func:`mechgraph.app.compare_page.shared_extent`).

    Returns the last click on the picture, ``{"kind": "node" | "edge", "id": ...,
    "click": c}`` (``c`` is new for every click, so clicking the same thing again is a
    change), or ``None`` before any click. ``on_change`` runs, before the next run of the
    script, when the picture was clicked (the value is then ``st.session_state[key]``).
    """
    value = _component(data=data, title=title, height=height, key=key, default=None,
                       on_change=on_change, legend=legend, shared=shared)
    return value if isinstance(value, dict) else None
