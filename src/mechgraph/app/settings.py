"""The app's settings: which graph folder it shows and whether it may edit it.

Read from the app's own options after ``--`` on the ``streamlit run`` line (``--graph DIR``,
``--edit``), else from the environment (``MECHGRAPH_GRAPH``, ``MECHGRAPH_EDIT``). The
command line takes its default graph folder from :func:`default_graph` too, so the two
agree. Nothing here imports Streamlit.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path

__all__ = ["ENV_EDIT", "ENV_GRAPH", "app_edit_enabled", "app_graph_dir", "default_graph"]

ENV_GRAPH = "MECHGRAPH_GRAPH"
"""The environment variable naming the graph folder (CLI and app)."""
ENV_EDIT = "MECHGRAPH_EDIT"
"""The environment variable that turns the app's edit mode on."""


def default_graph() -> str:
    """``$MECHGRAPH_GRAPH`` if set, else ``./graph``.

    Examples
    --------
    >>> import os
    >>> default_graph() == (os.environ.get("MECHGRAPH_GRAPH") or "graph")
    True
    """
    return os.environ.get(ENV_GRAPH) or "graph"


def _app_args(argv: Sequence[str]) -> argparse.Namespace:
    """The app's own options after ``--`` on the ``streamlit run`` line (others ignored)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--graph", default=None)
    parser.add_argument("--edit", action="store_true")
    return parser.parse_known_args(list(argv))[0]


def app_graph_dir(argv: Sequence[str]) -> Path:
    """The app's graph folder: ``--graph DIR`` after ``--`` on the ``streamlit run`` line,
    else ``$MECHGRAPH_GRAPH``, else ``./graph``.

    Examples
    --------
    >>> app_graph_dir(["--graph", "my_graph"])
    PosixPath('my_graph')
    """
    return Path(_app_args(argv).graph or default_graph())


def app_edit_enabled(argv: Sequence[str]) -> bool:
    """Whether the app may edit the graph: ``--edit`` after ``--`` on the ``streamlit run``
    line, or ``MECHGRAPH_EDIT`` set to ``1``/``true``/``yes``/``on``. Off by default, so a
    public deployment stays read-only.

    Examples
    --------
    >>> app_edit_enabled(["--graph", "g", "--edit"])
    True
    """
    flag = os.environ.get(ENV_EDIT, "").strip().lower() in ("1", "true", "yes", "on")
    return bool(_app_args(argv).edit or flag)
