"""Benchmark the start-up of the ``mechgraph`` command against a bare ``import yaml``.

Each round runs, one after another as new processes, ``python -c "import yaml"`` (the
baseline: the least a YAML tool in Python can start with) and the installed ``mechgraph``
command with ``--version``, ``--help`` and ``validate GRAPH`` (the repository's ``graph/``,
with a disk cache of the benchmark's own that the warm-up run fills, as a user's is: the
files were validated before, so their verdict is found and nothing is parsed), and
``validate GRAPH`` again with the cache off (every file parsed and validated: the cost of a
first check, or of one after an edit, which has no target). The figures are the median
wall times of the rounds and each command's median divided by the baseline's median of the
same run, so they compare across machines and busy moments.

Usage::

    python benchmarks/bench_cli.py                  # 21 rounds after one warm-up
    python benchmarks/bench_cli.py --repeat 5
    python benchmarks/bench_cli.py --command /path/to/mechgraph --graph my_graph
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["CASES", "TARGETS", "main", "measure"]

REPO = Path(__file__).resolve().parent.parent

CASES: dict[str, list[str]] = {
    "--version": ["--version"],
    "--help": ["--help"],
    "validate graph": ["validate", "{graph}"],
    "validate graph, no cache": ["validate", "{graph}"],
}
"""The commands timed: a name, and the ``mechgraph`` arguments (``{graph}``: the folder)."""

NO_CACHE = {"validate graph, no cache"}
"""The cases run with ``MECHGRAPH_CACHE_DIR=off``."""

TARGETS: dict[str, float | None] = {"--version": 2.0, "--help": 2.0, "validate graph": 6.0,
                                    "validate graph, no cache": None}
"""The most each command may take, as a multiple of the bare ``import yaml`` (``None``:
no target, shown for what it tells)."""


def _installed_command() -> str:
    """The ``mechgraph`` script beside this Python, else the one on ``PATH``."""
    beside = Path(sys.executable).with_name("mechgraph")
    found = str(beside) if beside.exists() else shutil.which("mechgraph")
    if not found:
        raise SystemExit("bench_cli: no installed 'mechgraph' command (pip install -e .)")
    return found


def _time(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=REPO, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"bench_cli: {' '.join(argv)} exited {done.returncode}:\n"
                         f"{done.stderr.decode(errors='replace')}")
    return elapsed


def measure(command: str, graph: Path, repeat: int) -> dict[str, list[float]]:
    """Wall seconds of every round: the baseline (``"import yaml"``) and each case."""
    runs: dict[str, list[str]] = {"import yaml": [sys.executable, "-c", "import yaml"]}
    for name, args in CASES.items():
        runs[name] = [command, *(a.format(graph=graph) for a in args)]
    times: dict[str, list[float]] = {name: [] for name in runs}
    with tempfile.TemporaryDirectory(prefix="bench-cli-cache-") as cache:
        env = {**os.environ, "MECHGRAPH_CACHE_DIR": cache}
        env.pop("MECHGRAPH_GRAPH", None)
        off = {**env, "MECHGRAPH_CACHE_DIR": "off"}
        for round_no in range(repeat + 1):  # the first round is the warm-up
            for name, argv in runs.items():
                elapsed = _time(argv, off if name in NO_CACHE else env)
                if round_no:
                    times[name].append(elapsed)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21, metavar="N",
                        help="rounds counted after one warm-up round (default 21)")
    parser.add_argument("--command", default=None, metavar="PATH",
                        help="the mechgraph script (default: the one beside this Python)")
    parser.add_argument("--graph", type=Path, default=REPO / "graph", metavar="DIR",
                        help="the folder 'validate' checks (default: the repository's graph/)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be 1 or more")
    times = measure(args.command or _installed_command(), args.graph, args.repeat)
    base = statistics.median(times["import yaml"])
    print(f"CLI start-up, median of {args.repeat} rounds (Python {sys.version.split()[0]})")
    print(f"{'command':<36}{'median s':>10}{'x import yaml':>15}{'target':>9}  met")
    baseline = 'python -c "import yaml"'
    print(f"{baseline:<36}{base:>10.3f}{1:>14.2f}x")
    for name in CASES:
        median = statistics.median(times[name])
        ratio, target = median / base, TARGETS[name]
        goal = f"{target:>8.1f}x  {'yes' if ratio <= target else 'no'}" if target else "       -"
        print(f"{'mechgraph ' + name:<36}{median:>10.3f}{ratio:>14.2f}x{goal}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
