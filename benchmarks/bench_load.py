"""Benchmark ``mechgraph.load_graph`` against a bare libyaml parse of the same files.

For each size, a synthetic graph is generated into a temporary folder (see
``generate.py``), then every measurement in ``MEASUREMENTS`` is timed (best of
``--repeat`` runs, ``gc.collect()`` before each) and, in separate runs, its peak
memory is taken with ``tracemalloc``. Figures are reported as ratios against the
bare-parse baseline measured in the same run, so they compare across machines.

Usage::

    python benchmarks/bench_load.py                    # sizes 1000,10000,100000
    python benchmarks/bench_load.py --quick            # 1000 edges only
    python benchmarks/bench_load.py --sizes 5k,50k --repeat 5 --json results.json
    python benchmarks/bench_load.py --loader /tmp/stub.py:load_graph
"""

from __future__ import annotations

import argparse
import gc
import importlib
import importlib.util
import json
import math
import os
import platform
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from generate import generate_graph

REPO_ROOT = Path(__file__).resolve().parent.parent
SRC_DIR = REPO_ROOT / "src"
DEFAULT_LOADER = "mechgraph:load_graph"
LOADER_ENV = "MECHGRAPH_BENCH_LOADER"
DEFAULT_SIZES = "1000,10000,100000"


@dataclass
class Case:
    """One generated graph folder and what the measurements need to work on it."""

    size: int
    root: Path
    counts: dict[str, int]
    loader: Callable[[Path], Any]
    files: list[Path] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Measurement:
    """Something to time and memory-profile on a ``Case``.

    ``run`` is the measured call. ``prepare``, if given, runs untimed (and untraced)
    before every repetition: use it to prime a cache for a "second load" figure, or
    to load once and then rewrite one file for a "one file changed" figure.
    ``check`` runs once on the first result and returns a warning or ``None``.
    """

    key: str
    title: str
    run: Callable[[Case], object]
    prepare: Callable[[Case], None] | None = None
    check: Callable[[Case, object], str | None] | None = None
    memory: bool = True
    """Whether to measure its peak memory too."""
    cleanup: Callable[[Case], None] | None = None
    """Runs once after the last repetition, untimed: drops what ``prepare`` kept alive."""


def bare_parse(case: Case) -> list[Any]:
    """List, read and parse every ``*.yaml`` file with libyaml; keep all documents."""
    return [
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        for path in sorted(case.root.rglob("*.yaml"))
    ]


def bare_parse_nogc(case: Case) -> list[Any]:
    """``bare_parse`` with the cyclic garbage collector paused: the parsing floor."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return bare_parse(case)
    finally:
        if enabled:
            gc.enable()


def load(case: Case) -> object:
    """Call the loader under test on the case's folder."""
    return case.loader(case.root)


def check_graph(case: Case, result: object) -> str | None:
    """Compare the loaded graph's node and edge counts with what was generated."""
    graph = getattr(result, "graph", None)
    if graph is None:
        return f"loader result {type(result).__name__} has no .graph; counts not checked"
    got = (graph.number_of_nodes(), graph.number_of_edges())
    want = (case.counts["nodes"], case.counts["edges"])
    if got != want:
        return f"loaded {got[0]} nodes / {got[1]} edges, generated {want[0]} / {want[1]}"
    return None


# The cache measurements drive mechgraph.load_graph itself (they need its ``cache``
# argument), with a cache folder of the benchmark's own: the user's is never touched.


def _cache(case: Case, *, fresh: bool) -> Any:
    """A mechgraph FileCache on the case's cache folder (emptied first if ``fresh``)."""
    from mechgraph.cache import FileCache

    directory = case.root.parent / f"{case.root.name}-cache"
    if fresh and directory.exists():
        shutil.rmtree(directory)
    return FileCache(directory)


def _load_with(case: Case) -> object:
    from mechgraph import load_graph

    return load_graph(case.root, cache=case.state["cache"])


def prepare_cold(case: Case) -> None:
    """Nothing cached, in memory or on disk: the first load ever (it fills the cache)."""
    case.state["cache"] = _cache(case, fresh=True)


def prepare_warm(case: Case) -> None:
    """Loaded once already in this process; no file changed since."""
    case.state["cache"] = _cache(case, fresh=True)
    _load_with(case)


def prepare_disk(case: Case) -> None:
    """Loaded once by an earlier process: the disk cache is full, memory is empty."""
    case.state["cache"] = _cache(case, fresh=True)
    _load_with(case)
    case.state["cache"] = _cache(case, fresh=False)


def prepare_one_changed(case: Case, *, held: bool = False) -> None:
    """Loaded once in this process, then one file of the twenty was edited.

    ``held``: the graph of that first load is kept (as the app's cache keeps the graph it
    shows) while the changed folder is loaded again; otherwise only mechgraph's own cache
    refers to it.
    """
    case.state.pop("held", None)
    case.state["cache"] = _cache(case, fresh=True)
    first = _load_with(case)
    if held:
        case.state["held"] = first
    del first
    target = case.files[len(case.files) // 2]
    case.state["edits"] = case.state.get("edits", 0) + 1
    with target.open("a", encoding="utf-8") as out:
        out.write(f"# edited {case.state['edits']}\n")


def prepare_paths(case: Case, *, dense: bool = False) -> None:
    """Load the graph (not timed) and pick two well-connected nodes to search between.

    ``dense``: a graph of the same number of edges on 20 times fewer nodes (an average of
    about 40 edges per node), generated once, where paths of six steps run into millions.
    """
    from mechgraph import load_graph

    root = case.root
    if dense:
        root = case.root.parent / f"{case.root.name}-dense"
        if not root.exists():
            generate_graph(root, case.size, seed=1, n_nodes=max(50, case.size // 80))
    kg = load_graph(root, cache=False)
    g = kg.graph
    source = max(g.nodes, key=lambda n: (g.out_degree(n), n))
    target = max((n for n in g.nodes if n != source), key=lambda n: (g.in_degree(n), n))
    case.state["paths"] = (kg, source, target)


def search_paths(case: Case) -> object:
    """Paths of up to 6 steps between the two nodes, at most 1,000 of them."""
    from mechgraph.query import find_paths

    kg, source, target = case.state["paths"]
    report = find_paths(kg, source, target, max_length=6, limit=1000)
    case.state["paths_found"] = (len(report.paths), report.truncated)
    return report


# Every known measurement; the first is the baseline every other figure is divided by
# and always runs. ``prepare`` runs untimed before each repetition.
MEASUREMENTS: list[Measurement] = [
    Measurement("bare", "bare parse", bare_parse),
    Measurement("bare_nogc", "bare parse gc off", bare_parse_nogc),
    Measurement("load_cold", "load_graph cold", _load_with, prepare=prepare_cold,
                check=check_graph),
    Measurement("load_warm", "2nd load, unchanged", _load_with, prepare=prepare_warm,
                memory=False),
    Measurement("load_changed", "load, 1 file changed", _load_with,
                prepare=prepare_one_changed, memory=False),
    Measurement("load_changed_held", "same, old graph held", _load_with,
                prepare=lambda case: prepare_one_changed(case, held=True), memory=False,
                cleanup=lambda case: case.state.pop("held", None)),
    Measurement("load_disk", "new process, disk cache", _load_with, prepare=prepare_disk,
                memory=False),
    Measurement("load_plain", "load_graph (--loader)", load, check=check_graph),
    Measurement("paths", "paths <= 6 steps, <= 1000", search_paths, prepare=prepare_paths,
                memory=False),
    Measurement("paths_dense", "same, dense graph", search_paths,
                prepare=lambda case: prepare_paths(case, dense=True), memory=False),
]
DEFAULT_MEASUREMENTS = ("bare,load_cold,load_warm,load_changed,load_changed_held,load_disk,"
                        "paths,paths_dense")

TARGETS: list[tuple[str, str, str, float | None]] = [
    # (figure, measurement, divided by, target ratio or None to report only)
    ("cold load_graph vs bare parse", "load_cold", "bare", 0.5),
    ("second load, unchanged, vs cold", "load_warm", "load_cold", 0.05),
    ("load after one file changed vs cold", "load_changed", "load_cold", 0.2),
    ("same, the old graph still held, vs cold", "load_changed_held", "load_cold", 0.2),
    ("new process, warm disk cache, vs cold", "load_disk", "load_cold", None),
]


def time_best(m: Measurement, case: Case, repeat: int) -> tuple[float, str | None]:
    """Best wall time of ``repeat`` runs of ``m``, and the check's warning if any."""
    best = math.inf
    warning = None
    for i in range(repeat):
        if m.prepare is not None:
            m.prepare(case)
        gc.collect()
        t0 = time.perf_counter()
        result = m.run(case)
        elapsed = time.perf_counter() - t0
        if i == 0 and m.check is not None:
            warning = m.check(case, result)
        del result
        best = min(best, elapsed)
    if m.cleanup is not None:
        m.cleanup(case)
    return best, warning


def peak_memory(m: Measurement, case: Case) -> tuple[int, int]:
    """Peak and retained (result still alive) bytes traced by tracemalloc during one run."""
    if m.prepare is not None:
        m.prepare(case)
    gc.collect()
    tracemalloc.start()
    try:
        result = m.run(case)
        retained, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    if m.cleanup is not None:
        m.cleanup(case)
    gc.collect()
    return peak, retained


def resolve_loader(spec: str) -> Callable[[Path], Any]:
    """Import ``module:function`` or ``path/to/file.py:function``.

    If ``mechgraph`` is not installed, the repository's ``src/`` is put on ``sys.path``.
    """
    module_name, sep, func_name = spec.rpartition(":")
    if not sep or not module_name or not func_name:
        raise ValueError(f"loader must look like module:function, got {spec!r}")
    if module_name.endswith(".py"):
        path = Path(module_name).resolve()
        import_spec = importlib.util.spec_from_file_location(f"_bench_loader_{path.stem}", path)
        if import_spec is None or import_spec.loader is None:
            raise ImportError(f"cannot import {path}")
        module = importlib.util.module_from_spec(import_spec)
        sys.modules[import_spec.name] = module
        import_spec.loader.exec_module(module)
    else:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name.split(".")[0] or not SRC_DIR.is_dir():
                raise
            sys.path.insert(0, str(SRC_DIR))
            module = importlib.import_module(module_name)
    return getattr(module, func_name)


def parse_sizes(text: str) -> list[int]:
    """Parse ``1000,10k,0.1m`` into edge counts."""
    sizes = []
    for item in text.split(","):
        item = item.strip().lower().replace("_", "")
        scale = {"k": 1_000, "m": 1_000_000}.get(item[-1:], 1)
        sizes.append(int(float(item[:-1] if scale > 1 else item) * scale))
    return sizes


def run_size(
    size: int,
    loader: Callable[[Path], Any],
    args: argparse.Namespace,
    measurements: list[Measurement],
) -> dict[str, Any]:
    """Generate one graph and take every measurement on it; return the results."""
    repeat = args.repeat or (3 if size < 100_000 else 1)
    baseline = measurements[0].key
    with tempfile.TemporaryDirectory(prefix=f"mechgraph-bench-{size}-", dir=args.tmpdir) as tmp:
        root = Path(tmp) / "graph"
        t0 = time.perf_counter()
        counts = generate_graph(root, size, n_files=args.files, seed=args.seed)
        gen_s = time.perf_counter() - t0
        log(
            f"[{size}] generated {counts['bytes'] / 1e6:.1f} MB in {counts['files']} files "
            f"in {gen_s:.2f} s"
        )
        case = Case(size, root, counts, loader, sorted(root.rglob("*.yaml")))
        times: dict[str, float] = {}
        warnings: dict[str, str] = {}
        for m in measurements:
            times[m.key], warning = time_best(m, case, repeat)
            log(f"[{size}] {m.title}: {times[m.key]:.3f} s (best of {repeat})")
            if warning:
                warnings[m.key] = warning
                log(f"[{size}] WARNING {m.title}: {warning}")
        peaks: dict[str, int] = {}
        retained: dict[str, int] = {}
        if not args.no_memory:
            for m in (m for m in measurements if m.memory):
                peaks[m.key], retained[m.key] = peak_memory(m, case)
                log(f"[{size}] {m.title}: peak {peaks[m.key] / 1e6:.1f} MB")
    return {
        "size": size,
        "files": counts["files"],
        "bytes": counts["bytes"],
        "counts": counts,
        "generate_s": gen_s,
        "repeat": repeat,
        "time_s": times,
        "time_ratio": {k: v / times[baseline] for k, v in times.items() if k != baseline},
        "peak_bytes": peaks,
        "peak_ratio": {k: v / peaks[baseline] for k, v in peaks.items() if k != baseline},
        "retained_bytes": retained,
        "warnings": warnings,
    }


def format_table(header: list[str], rows: list[list[str]]) -> str:
    """Right-aligned plain-text table."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True))
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def render(results: list[dict[str, Any]], measurements: list[Measurement]) -> str:
    """Time table and (if measured) peak-memory table; "x bare" = ratio to the baseline."""
    base, others = measurements[0], measurements[1:]
    header = ["edges", "files", "MB", "runs", f"{base.title} s"]
    for m in others:
        header += [f"{m.title} s", f"x {base.key}"]
    rows = []
    for r in results:
        row = [
            str(r["size"]),
            str(r["files"]),
            f"{r['bytes'] / 1e6:.1f}",
            str(r["repeat"]),
            f"{r['time_s'][base.key]:.3f}",
        ]
        for m in others:
            row += [f"{r['time_s'][m.key]:.3f}", f"{r['time_ratio'][m.key]:.2f}x"]
        rows.append(row)
    out = [
        f"Time: best of `runs` runs, seconds; x {base.key} = ratio to {base.title} in the same run",
        format_table(header, rows),
    ]
    targets = [t for t in TARGETS if t[1] in results[0]["time_s"] and t[2] in results[0]["time_s"]]
    if results and targets:
        header = ["figure", *(str(r["size"]) for r in results), "target", "met"]
        rows = []
        for title, key, over, target in targets:
            ratios = [r["time_s"][key] / r["time_s"][over] for r in results]
            met = "-" if target is None else ("yes" if ratios[-1] <= target else "no")
            rows.append([title, *(f"{x:.3f}x" for x in ratios),
                         "report" if target is None else f"<= {target}x", met])
        out += ["", "Targets: ratios of times measured in the same run, by graph size (edges); "
                "'met' is judged at the largest size",
                format_table(header, rows)]
    if results and results[0]["peak_bytes"]:
        others = [m for m in others if m.memory]
        header = ["edges", f"{base.title} MB"]
        for m in others:
            header += [f"{m.title} MB", f"x {base.key}"]
        rows = []
        for r in results:
            row = [str(r["size"]), f"{r['peak_bytes'][base.key] / 1e6:.1f}"]
            for m in others:
                row += [f"{r['peak_bytes'][m.key] / 1e6:.1f}", f"{r['peak_ratio'][m.key]:.2f}x"]
            rows.append(row)
        out += [
            "",
            "Peak memory: tracemalloc peak, MB, separate runs from the timing ones",
            format_table(header, rows),
        ]
    return "\n".join(out)


def log(message: str) -> None:
    """Progress to stderr, so stdout stays a clean table or JSON."""
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default=DEFAULT_SIZES,
        help=f"comma-separated edge counts, k/m suffixes allowed (default {DEFAULT_SIZES})",
    )
    parser.add_argument("--quick", action="store_true", help="just 1000 edges")
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="timed runs per measurement, best kept (default 3; 1 from 100k)",
    )
    parser.add_argument("--files", type=int, default=20, help="files per graph (default 20)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument(
        "--loader",
        default=os.environ.get(LOADER_ENV, DEFAULT_LOADER),
        help=f"module:function or file.py:function to benchmark (default "
        f"${LOADER_ENV} or {DEFAULT_LOADER})",
    )
    parser.add_argument(
        "--measure",
        default=DEFAULT_MEASUREMENTS,
        help=f"comma-separated measurements (default {DEFAULT_MEASUREMENTS}; "
        f"known: {', '.join(m.key for m in MEASUREMENTS)}; "
        f"{MEASUREMENTS[0].key} always runs as the baseline)",
    )
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    parser.add_argument(
        "--json",
        nargs="?",
        const="-",
        default=None,
        metavar="PATH",
        help="write results as JSON to PATH, or to stdout instead of the tables",
    )
    parser.add_argument("--tmpdir", default=None, help="where to create the temporary graphs")
    args = parser.parse_args(argv)

    sizes = [1000] if args.quick else parse_sizes(args.sizes)
    keys = {k.strip() for k in args.measure.split(",") if k.strip()}
    unknown = keys - {m.key for m in MEASUREMENTS}
    if unknown:
        parser.error(f"unknown measurement(s): {', '.join(sorted(unknown))}")
    measurements = [MEASUREMENTS[0]] + [m for m in MEASUREMENTS[1:] if m.key in keys]
    try:
        loader = resolve_loader(args.loader)
    except (ImportError, AttributeError, ValueError) as exc:
        log(f"error: cannot use loader {args.loader!r}: {exc} (see --loader)")
        return 2

    results = []
    for size in sizes:
        try:
            results.append(run_size(size, loader, args, measurements))
        except Exception as exc:
            problems = getattr(exc, "problems", None)
            if problems is None:
                raise
            log(
                f"error: the loader rejected the generated {size}-edge graph "
                f"({len(problems)} problems):"
            )
            for problem in problems[:20]:
                log(f"  {problem}")
            return 1

    report = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "pyyaml": yaml.__version__,
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
        "loader": args.loader,
        "seed": args.seed,
        "baseline": measurements[0].key,
        "measurements": [{"key": m.key, "title": m.title} for m in measurements],
        "results": results,
    }
    emit_report(report, args.json, lambda: render(results, measurements))
    return 0


def emit_report(report: dict[str, Any], json_arg: str | None, tables: Callable[[], str]) -> None:
    """Write the report as JSON to the ``--json`` path, or print it as JSON for ``--json``
    alone (``-``); print the tables unless the JSON went to stdout."""
    if json_arg and json_arg != "-":
        Path(json_arg).write_text(json.dumps(report, indent=2) + "\n")
    if json_arg == "-":
        print(json.dumps(report, indent=2))
    else:
        print(tables())


if __name__ == "__main__":
    sys.exit(main())
