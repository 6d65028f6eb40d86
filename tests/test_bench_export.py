"""Smoke test of benchmarks/bench_export.py at its smallest size (1000 edges)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent.parent / "benchmarks"


def test_bench_export_quick_run_reports_every_format_and_the_engine(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, str(BENCH_DIR / "bench_export.py"), "--quick", "--repeat", "1",
         "--json", str(out)],
        cwd=BENCH_DIR, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "load_graph cold s" in result.stdout and "cypher into ladybug s" in result.stdout
    report = json.loads(out.read_text())
    (row,) = report["results"]
    assert row["size"] == 1000 and row["counts"]["edges"] == 1000
    assert set(row["export_s"]) == set(report["formats"]) == {
        "graphml", "json", "cytoscape", "kgx", "mermaid", "cypher"}
    assert all(ratio > 0 for ratio in row["export_ratio"].values())
    assert all(size > 10_000 for size in row["export_bytes"].values())
    assert row["engine_s"] is not None and row["engine_complete"]
    # Every node, edge, evidence item (a node and its CITES) and cited reference landed.
    counts = row["counts"]
    least = counts["nodes"] + counts["edges"] + 2 * counts["evidence"]
    assert least < row["engine_rows"] <= least + counts["references"]
