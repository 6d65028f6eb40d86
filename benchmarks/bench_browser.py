"""First paint in a real Chromium: the app on the seed graph, the app on a large synthetic
graph (its view capped at ``MAX_NODES``), and a standalone 500-node page.

Each figure is the time from asking for the page to vis-network's first drawing of the
picture (``body[data-drawn=yes]`` in the page or the app's component frame), measured with
the system Chromium (``/usr/bin/chromium``) through Playwright. The first app load of a
server also loads the graph; a new visitor then gets the page with an empty browser
cache (Streamlit's scripts and vis-network are fetched once), a reload uses the cache.

Usage::

    python benchmarks/bench_browser.py              # 500-node page, 10k-edge app graph
    python benchmarks/bench_browser.py --edges 1000 --repeat 1
    python benchmarks/bench_browser.py --graph dismech_graph --graph drugmechdb_graph
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from generate import generate_graph

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from browser import CHROMIUM, launch_browser, streamlit_server  # noqa: E402

TIMEOUT = 120_000  # ms


def _first_paint(page: object, url: str) -> float:
    start = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded", timeout=TIMEOUT)  # type: ignore[attr-defined]
    frame = page.frame_locator("iframe").first  # type: ignore[attr-defined]
    frame.locator("body[data-drawn='yes']").wait_for(timeout=TIMEOUT)
    return time.perf_counter() - start


def _empty_paint(page: object, url: str) -> float:
    start = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded", timeout=TIMEOUT)  # type: ignore[attr-defined]
    page.get_by_role("heading", name="empty").wait_for(timeout=TIMEOUT)  # type: ignore[attr-defined]
    return time.perf_counter() - start


def _page_paint(page: object, url: str) -> float:
    start = time.perf_counter()
    page.goto(url, timeout=TIMEOUT)  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "document.body.dataset.drawn === 'yes'", timeout=TIMEOUT)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edges", type=int, default=10_000,
                        help="edges of the synthetic graph the app loads")
    parser.add_argument("--nodes", type=int, default=500,
                        help="nodes of the standalone page")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--graph", type=Path, action="append", default=[], metavar="DIR",
                        help="also the app on this graph folder, its default view (an "
                             "imported graph, say); repeat for several")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"needs Chromium at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    import mechgraph
    from mechgraph.view import render_html, view_data

    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = launch_browser(playwright)
        big = Path(tmp) / "graph"
        generate_graph(big, args.edges)
        kg = mechgraph.load_graph(big)
        hub = max(kg.graph.nodes, key=lambda n: (kg.graph.degree(n), n))
        sub = mechgraph.focus(kg, hub, depth=3)
        data = view_data(kg, sub, source=hub, max_nodes=args.nodes)
        page_file = Path(tmp) / "view.html"
        page_file.write_text(render_html(data, title="benchmark"), encoding="utf-8")

        def visit(url: str, paint: object, repeat: int) -> list[float]:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            times = [paint(page, url) for _ in range(repeat)]  # type: ignore[operator]
            context.close()
            return times

        def measure(name: str, url: str, paint: object, server: bool) -> None:
            if server:  # the server's very first page: it loads the graph
                rows.append((f"{name}: server's first visitor", visit(url, paint, 1)[0]))
            times = visit(url, paint, args.repeat)  # a new visitor: empty browser cache
            rows.append((f"{name}: new visitor" if server else name, times[0]))
            if len(times) > 1:
                rows.append((f"{name}: reload", statistics.median(times[1:])))

        empty = Path(tmp) / "empty.py"
        empty.write_text("import streamlit as st\nst.title('empty')\n")
        with streamlit_server(REPO / "graph", script=empty) as url:
            measure("empty Streamlit app (baseline)", url, _empty_paint, True)
        with streamlit_server(REPO / "graph") as url:
            measure("app, seed graph (15-node pathway)", url, _first_paint, True)
        with streamlit_server(big) as url:
            shown = len(view_data(kg, sub, source=hub)["nodes"])
            measure(f"app, {args.edges}-edge graph, {shown}-node view",
                    f"{url}/?mode=explore&focus={hub}&depth=3", _first_paint, True)
        for folder in args.graph:
            other = mechgraph.load_graph(folder)
            with streamlit_server(folder) as url:
                measure(f"app, {folder.name} ({len(other.nodes):,} nodes, "
                        f"{len(other.edges):,} edges), default view", url, _first_paint, True)
        measure(f"standalone page, {data['shown']} nodes", page_file.as_uri(), _page_paint,
                False)
        browser.close()

    print(f"time to the first drawing of the picture in Chromium (reload: median of "
          f"{args.repeat - 1}); target < 3 s")
    base = {name.split(": ")[-1]: seconds for name, seconds in rows[:3]}
    for name, seconds in rows:
        kind = name.split(": ")[-1]
        ratio = (f"  {seconds / base[kind]:5.2f}x the empty app"
                 if name.startswith("app") and kind in base else "")
        print(f"  {name:62s} {seconds:6.2f} s{ratio}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
