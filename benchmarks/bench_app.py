"""Benchmark the explorer's reruns against an empty Streamlit app, with ``AppTest``.

Measured side by side in one process, with a synthetic graph (default 10k edges) loaded
and cached first:

* **rerun**: a rerun of the app that changes nothing, vs a rerun of an empty app (the
  default explain view is the target's measure; the explore view is shown beside it);
* **new session**: a new session opening a shared URL (``?mode=explore&focus=ID``), vs a
  new session of an empty app;
* **bytes per rerun** for a 100-node view: what the page receives for the picture, as the
  view's JSON (what the app sends) and as the standalone page with vis-network inlined
  (what embedding the page would send).

Usage::

    python benchmarks/bench_app.py                 # 10k edges
    python benchmarks/bench_app.py --edges 1000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from generate import generate_graph

REPO = Path(__file__).resolve().parent.parent
EMPTY_APP = "import streamlit as st\nst.title('empty')\n"


def _paired(run: Callable[[], object], baseline: Callable[[], object], repeat: int,
            ) -> tuple[float, float]:
    """Median times of ``run`` and ``baseline``, taken in turns so that a busy moment of
    the machine falls on both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for func, out in ((run, times[0]), (baseline, times[1])):
            start = time.perf_counter()
            func()
            out.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edges", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=101)
    args = parser.parse_args(argv)

    from streamlit.testing.v1 import AppTest

    import mechgraph
    from mechgraph.view import render_html, view_data

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "graph"
        generate_graph(root, args.edges)
        os.environ["MECHGRAPH_GRAPH"] = str(root)
        os.environ["MECHGRAPH_CACHE_DIR"] = str(Path(tmp) / "cache")
        sys.argv = ["app.py"]
        empty = Path(tmp) / "empty.py"
        empty.write_text(EMPTY_APP)
        kg = mechgraph.load_graph(root)
        focus = max(kg.graph.nodes, key=lambda n: (kg.graph.degree(n), n))

        app = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
        app.run()  # warm: the graph is loaded and cached
        blank = AppTest.from_file(str(empty), default_timeout=60).run()
        rerun_app, rerun_empty = _paired(app.run, blank.run, args.repeat)
        explore = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
        explore.query_params["mode"] = "explore"
        explore.query_params["focus"] = focus
        explore.run()
        explore.run()
        rerun_explore, rerun_empty2 = _paired(explore.run, blank.run, args.repeat)

        def new_app_session() -> None:
            at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
            at.query_params["mode"] = "explore"
            at.query_params["focus"] = focus
            at.run()

        def new_empty_session() -> None:
            AppTest.from_file(str(empty), default_timeout=60).run()

        session_app, session_empty = _paired(new_app_session, new_empty_session,
                                             max(3, args.repeat // 10))

        nodes = sorted(mechgraph.focus(kg, focus, depth=2))[:100]
        data = view_data(kg, kg.graph.subgraph(nodes), source=focus)
        data_bytes = len(json.dumps(data).encode())
        page_bytes = len(render_html(data, title="view").encode())

    print(f"graph: {args.edges} edges, {len(kg.nodes)} nodes; medians of {args.repeat} "
          f"reruns and {max(3, args.repeat // 10)} sessions, each beside an empty app run")
    print(f"rerun, nothing changed:    app {rerun_app * 1000:7.1f} ms   empty app "
          f"{rerun_empty * 1000:7.1f} ms   ratio {rerun_app / rerun_empty:5.2f}x "
          "(target <= 3x)")
    print(f"rerun, explore mode:       app {rerun_explore * 1000:7.1f} ms   empty app "
          f"{rerun_empty2 * 1000:7.1f} ms   ratio {rerun_explore / rerun_empty2:5.2f}x")
    print(f"new session, shared URL:   app {session_app * 1000:7.1f} ms   empty app "
          f"{session_empty * 1000:7.1f} ms   ratio {session_app / session_empty:5.2f}x "
          "(target <= 3x)")
    print(f"picture of a {data['shown']}-node view per rerun: {data_bytes:,} bytes of JSON "
          f"(standalone page with vis-network inlined: {page_bytes:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
