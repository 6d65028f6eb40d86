"""Benchmark ``mechgraph export``: the time of each format, and of loading the Cypher
script into the embedded engine, against the cold ``load_graph`` of the same graph.

For each size, a synthetic graph is generated into a temporary folder (``generate.py``),
loaded once cold (no cache: the baseline, best of ``--repeat``), then each format is
rendered to text in memory (best of ``--repeat``) and, unless ``--no-engine``, the Cypher
script (``schema="ladybug"``) is run statement by statement into a new Ladybug database
(once: it is slow; ``--engine-limit`` stops it early and reports the rate). Figures are
reported as ratios to the cold load of the same run, so they compare across machines.

Usage::

    python benchmarks/bench_export.py                  # sizes 1000,10000,100000
    python benchmarks/bench_export.py --quick          # 1000 edges only
    python benchmarks/bench_export.py --sizes 5k --formats graphml,kgx --no-engine
    python benchmarks/bench_export.py --json results.json
"""

from __future__ import annotations

import argparse
import gc
import math
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_load import emit_report, format_table, log, parse_sizes
from generate import generate_graph

DEFAULT_SIZES = "1000,10000,100000"


def best_time(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Best wall time of ``repeat`` runs of ``run`` (``gc.collect()`` before each), and
    the last result."""
    best, result = math.inf, None
    for _ in range(repeat):
        result = None
        gc.collect()
        t0 = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - t0)
    return best, result


def load_into_engine(script: str, folder: Path, limit_s: float | None = None,
                     ) -> tuple[float, int, int, int]:
    """Run the Cypher script into a new Ladybug database in ``folder``, one statement at
    a time, the schema first and then the rest in one transaction (as ``cypher-shell``
    would with ``:begin`` and ``:commit``; one commit per statement is several times
    slower here). Stop after ``limit_s`` seconds if given. Return the seconds taken, the
    statements run, the statements in the script, and the nodes plus relationships then
    in the database."""
    import ladybug

    conn = ladybug.Connection(ladybug.Database(str(folder / "db")))
    statements = [line for line in script.splitlines() if line and not line.startswith("//")]
    t0 = last_log = time.perf_counter()
    schema = [s for s in statements if s.startswith("CREATE ")]
    for statement in schema:
        conn.execute(statement)
    conn.execute("BEGIN TRANSACTION")
    done = len(schema)
    for statement in statements[len(schema):]:
        conn.execute(statement)
        done += 1
        now = time.perf_counter()
        if now - last_log > 30:
            last_log = now
            log(f"  ... {done} of {len(statements)} statements in {now - t0:.0f} s")
            if limit_s is not None and now - t0 > limit_s:
                break
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    rows = sum(conn.execute(query).get_next()[0] for query in
               ("MATCH (n) RETURN count(*)", "MATCH ()-[r]->() RETURN count(*)"))
    return elapsed, done, len(statements), rows


def run_size(size: int, args: argparse.Namespace, formats: list[str]) -> dict[str, Any]:
    """Generate one graph and time the cold load, each format and the engine load."""
    from mechgraph import load_graph
    from mechgraph.export import render

    repeat = args.repeat or (3 if size < 100_000 else 1)
    with tempfile.TemporaryDirectory(prefix=f"mechgraph-export-{size}-", dir=args.tmpdir) as tmp:
        root = Path(tmp) / "graph"
        counts = generate_graph(root, size, seed=args.seed)
        log(f"[{size}] generated {counts['bytes'] / 1e6:.1f} MB: {counts['nodes']} nodes, "
            f"{counts['edges']} edges, {counts['evidence']} evidence items")
        load_s, kg = best_time(lambda: load_graph(root, cache=False), repeat)
        log(f"[{size}] load_graph cold: {load_s:.3f} s (best of {repeat})")
        times: dict[str, float] = {}
        sizes: dict[str, int] = {}
        script = ""
        for fmt in formats:
            options = {"schema": "ladybug"} if fmt == "cypher" else {}
            times[fmt], files = best_time(lambda f=fmt, o=options: render(kg, f, **o), repeat)
            sizes[fmt] = sum(len(text.encode()) for text in files.values())  # type: ignore[union-attr]
            if fmt == "cypher":
                script = next(iter(files.values()))  # type: ignore[union-attr]
            log(f"[{size}] {fmt}: {times[fmt]:.3f} s, {sizes[fmt] / 1e6:.1f} MB")
        engine_s, statements, total, rows = None, 0, 0, 0
        if not args.no_engine and script and size <= args.engine_max:
            engine_s, statements, total, rows = load_into_engine(script, Path(tmp),
                                                                 args.engine_limit)
            log(f"[{size}] cypher into ladybug: {engine_s:.1f} s ({statements} of {total} "
                f"statements, {rows} nodes and relationships)")
    return {"size": size, "counts": counts, "repeat": repeat, "load_s": load_s,
            "export_s": times, "export_bytes": sizes, "export_ratio":
            {k: v / load_s for k, v in times.items()}, "engine_s": engine_s,
            "engine_statements": statements, "engine_total_statements": total,
            "engine_rows": rows,
            "engine_complete": statements == total,
            "engine_ratio": None if engine_s is None else engine_s / load_s}


def render_tables(results: list[dict[str, Any]], formats: list[str]) -> str:
    """The time table: seconds and the ratio to the cold load, by size."""
    header = ["edges", "runs", "load_graph cold s"]
    for fmt in formats:
        header += [f"{fmt} s", "x load"]
    header += ["cypher into ladybug s", "x load", "statements", "rows/s"]
    rows = []
    for r in results:
        row = [str(r["size"]), str(r["repeat"]), f"{r['load_s']:.3f}"]
        for fmt in formats:
            row += [f"{r['export_s'][fmt]:.3f}", f"{r['export_ratio'][fmt]:.2f}x"]
        if r["engine_s"] is None:
            row += ["-", "-", "-", "-"]
        elif not r["engine_complete"]:  # stopped by --engine-limit: only the rate is known
            row += [f"stopped at {r['engine_statements']}/{r['engine_total_statements']}",
                    "-", str(r["engine_statements"]), f"{r['engine_rows'] / r['engine_s']:.0f}"]
        else:
            row += [f"{r['engine_s']:.1f}", f"{r['engine_ratio']:.1f}x",
                    str(r["engine_statements"]), f"{r['engine_rows'] / r['engine_s']:.0f}"]
        rows.append(row)
    out = ["Time: best of `runs` runs, seconds (the engine load runs once); x load = ratio to "
           "the cold load_graph of the same graph in the same run; rows/s = nodes and "
           "relationships in the database per second", format_table(header, rows)]
    header = ["edges", *(f"{fmt} MB" for fmt in formats)]
    rows = [[str(r["size"]), *(f"{r['export_bytes'][fmt] / 1e6:.1f}" for fmt in formats)]
            for r in results]
    out += ["", "Output size, MB", format_table(header, rows)]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    from mechgraph.export import FORMATS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES,
                        help=f"comma-separated edge counts, k/m allowed (default {DEFAULT_SIZES})")
    parser.add_argument("--quick", action="store_true", help="just 1000 edges")
    parser.add_argument("--repeat", type=int, default=None,
                        help="timed runs per figure, best kept (default 3; 1 from 100k)")
    parser.add_argument("--formats", default=",".join(FORMATS),
                        help=f"comma-separated formats (default {','.join(FORMATS)})")
    parser.add_argument("--no-engine", action="store_true",
                        help="skip loading the Cypher script into Ladybug")
    parser.add_argument("--engine-max", type=int, default=100_000, metavar="EDGES",
                        help="load into Ladybug only up to this size (default 100000)")
    parser.add_argument("--engine-limit", type=float, default=None, metavar="SECONDS",
                        help="stop the engine load after about this long and report its rate")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--json", nargs="?", const="-", default=None, metavar="PATH",
                        help="write results as JSON to PATH, or to stdout instead of tables")
    parser.add_argument("--tmpdir", default=None, help="where the temporary graphs go")
    args = parser.parse_args(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        parser.error(f"unknown format(s): {', '.join(unknown)}; known: {', '.join(FORMATS)}")
    if not args.no_engine:
        try:
            import ladybug  # noqa: F401
        except ImportError:
            log("ladybug is not installed (pip install -e '.[export-test]'): skipping the "
                "engine load")
            args.no_engine = True
    sizes = [1000] if args.quick else parse_sizes(args.sizes)
    results = [run_size(size, args, formats) for size in sizes]
    report = {"python": platform.python_version(), "platform": platform.platform(),
              "formats": formats, "results": results}
    emit_report(report, args.json, lambda: render_tables(results, formats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
