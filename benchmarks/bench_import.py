"""Benchmark ``mechgraph import``: the time per 1,000 source records, and the cold
``load_graph`` of the graph it writes, beside a bare parse of the source files.

For each source given (by default the samples committed under ``tests/data/``; point it at
the full data to measure that), one run times, best of ``--repeat``:

* **bare parse**: reading every source file with PyYAML's C loader (``CSafeLoader``) and
  nothing else: the least any importer of these YAML files must do (the baseline);
* **import**: ``import_dismech`` / ``import_drugmechdb`` into a new folder, writing and
  validating included (as ``mechgraph import`` does);
* **cold load**: ``load_graph`` of the written folder with no cache.

Each is printed in seconds, per 1,000 source records, and as a ratio to the bare parse of
the same run, so the figures compare across machines and busy moments.

Usage::

    python benchmarks/bench_import.py                      # the committed samples
    python benchmarks/bench_import.py --dismech ~/dismech/kb/disorders \\
        --drugmechdb ~/DrugMechDB/indication_paths.yaml --repeat 3
"""

from __future__ import annotations

import argparse
import gc
import math
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SAMPLES = {"dismech": REPO / "tests" / "data" / "dismech" / "kb" / "disorders",
           "drugmechdb": REPO / "tests" / "data" / "drugmechdb" / "indication_paths_sample.yaml"}
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

__all__ = ["main", "measure"]


def _source_files(source: str, path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.glob("*.yaml") if not p.name.endswith(".history.yaml"))


def _best(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    best, result = math.inf, None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def measure(source: str, path: Path, repeat: int) -> dict[str, float]:
    """Seconds of the bare parse, the import and the cold load of one source, and its
    record count."""
    import importlib

    import mechgraph

    files = _source_files(source, path)

    def parse() -> object:
        return [yaml.load(f.read_bytes(), Loader=LOADER) for f in files]

    bare, _ = _best(parse, repeat)
    importer = getattr(importlib.import_module(f"mechgraph.importers.{source}"),
                       f"import_{source}")
    with tempfile.TemporaryDirectory(prefix=f"bench-import-{source}-") as tmp:
        out = Path(tmp) / "graph"

        def run_import() -> object:
            if out.exists():
                shutil.rmtree(out)
            return importer(path, out)

        seconds, report = _best(run_import, repeat)
        load, kg = _best(lambda: mechgraph.load_graph(out, cache=False), repeat)
        return {"records": report.records, "bare": bare, "import": seconds, "load": load,
                "edges": len(kg.edges), "nodes": len(kg.nodes)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dismech", type=Path, default=SAMPLES["dismech"], metavar="DIR",
                        help="dismech's kb/disorders (default: the committed sample)")
    parser.add_argument("--drugmechdb", type=Path, default=SAMPLES["drugmechdb"],
                        metavar="YAML", help="DrugMechDB's indication_paths.yaml (default: "
                                             "the committed sample)")
    parser.add_argument("--repeat", type=int, default=3, metavar="N",
                        help="runs of each step; the best counts (default 3)")
    parser.add_argument("--only", choices=tuple(SAMPLES), default=None,
                        help="one source only")
    args = parser.parse_args(argv)
    print(f"mechgraph import, best of {args.repeat} (Python {sys.version.split()[0]})")
    print(f"{'source':<11}{'records':>9}{'nodes':>8}{'edges':>8}  {'step':<12}{'seconds':>9}"
          f"{'per 1k rec':>12}{'x bare parse':>14}")
    for source in SAMPLES:
        path = getattr(args, source)
        if (args.only and source != args.only) or not path.exists():
            if not args.only or source == args.only:
                print(f"{source:<11} skipped: {path} not found")
            continue
        m = measure(source, path, args.repeat)
        per = 1000 / max(m["records"], 1)
        for step in ("bare", "import", "load"):
            name = {"bare": "bare parse", "import": "import", "load": "cold load"}[step]
            head = (f"{source:<11}{m['records']:>9,}{m['nodes']:>8,}{m['edges']:>8,}"
                    if step == "bare" else " " * 36)
            print(f"{head}  {name:<12}{m[step]:>9.3f}{m[step] * per:>12.3f}"
                  f"{m[step] / m['bare']:>13.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
