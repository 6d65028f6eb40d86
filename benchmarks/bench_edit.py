"""Benchmark ``mechgraph set`` (:mod:`mechgraph.change`) against a cold ``load_graph``.

A synthetic graph (default 10k edges, see ``generate.py``) is generated into a temporary
folder with a disk cache of the benchmark's own. Each round times, one after the other in
this process so that a busy moment falls on all alike:

* the baseline, a **cold** ``load_graph`` (nothing cached, in memory or on disk: the first
  load ever, as ``bench_load.py`` measures it);
* ``set_node`` changing one node's ``plain`` wording, written (it reads the graph, which
  the cache mostly holds, changes one file's text, checks the whole graph as it would be
  and writes the file atomically under the folder's lock);
* ``set_evidence`` changing one evidence item's finding, written;
* ``set_node`` as a dry run (everything but the lock and the write).

The figures are the medians of the rounds and each one's ratio to the baseline's median,
so they compare across machines.

Usage::

    python benchmarks/bench_edit.py                 # 10k edges, 11 rounds
    python benchmarks/bench_edit.py --edges 300 --repeat 1
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from generate import generate_graph

__all__ = ["main"]


def _timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edges", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=11, metavar="N")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be 1 or more")

    with tempfile.TemporaryDirectory(prefix="bench-edit-") as tmp:
        root = Path(tmp) / "graph"
        generate_graph(root, args.edges)
        os.environ["MECHGRAPH_CACHE_DIR"] = str(Path(tmp) / "cache")

        from mechgraph import load_graph
        from mechgraph.cache import FileCache
        from mechgraph.change import set_evidence, set_node

        kg = load_graph(root)
        node = sorted(kg.nodes)[len(kg.nodes) // 2]
        key = next(k for k, e in kg.edges.items() if e.evidence)
        ref = kg.edges[key].evidence[0].ref

        def cold() -> object:
            directory = Path(tmp) / "cold-cache"
            shutil.rmtree(directory, ignore_errors=True)
            return load_graph(root, cache=FileCache(directory))

        runs: dict[str, list[float]] = {"cold load_graph": [], "set node": [],
                                        "set evidence": [], "set node --dry-run": []}
        for n in range(args.repeat + 1):  # the first round is the warm-up
            times = {
                "cold load_graph": _timed(cold),
                "set node": _timed(lambda n=n: set_node(root, node, {"plain": f"Text {n}."})),
                "set evidence": _timed(lambda n=n: set_evidence(
                    root, *key, ref, {"finding": f"Finding {n}."}, index=0)),
                "set node --dry-run": _timed(lambda n=n: set_node(
                    root, node, {"plain": f"Dry {n}."}, dry_run=True)),
            }
            if n:
                for name, seconds in times.items():
                    runs[name].append(seconds)
        assert load_graph(root).nodes[node].plain == f"Text {args.repeat}."

    base = statistics.median(runs["cold load_graph"])
    print(f"set on a {args.edges}-edge graph, median of {args.repeat} rounds "
          f"(Python {sys.version.split()[0]})")
    print(f"{'operation':<28}{'median s':>10}{'x cold load':>13}")
    for name, times in runs.items():
        median = statistics.median(times)
        print(f"{name:<28}{median:>10.3f}{median / base:>12.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
