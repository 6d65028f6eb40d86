"""Tests for the benchmark harness in benchmarks/ (generator and bench_load smoke run)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

BENCH_DIR = Path(__file__).resolve().parent.parent / "benchmarks"


def _import_generate() -> ModuleType:
    """Import benchmarks/generate.py by path (benchmarks/ is not a package)."""
    path = BENCH_DIR / "generate.py"
    spec = importlib.util.spec_from_file_location("mechgraph_bench_generate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read_all(root: Path) -> tuple[list[dict], list[dict], dict[str, dict]]:
    """Nodes, edges and references of every *.yaml file under ``root``."""
    nodes: list[dict] = []
    edges: list[dict] = []
    refs: dict[str, dict] = {}
    for path in sorted(root.rglob("*.yaml")):
        doc = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader) or {}
        assert set(doc) <= {"nodes", "edges", "references"}, path
        nodes += doc.get("nodes", [])
        edges += doc.get("edges", [])
        refs.update(doc.get("references", {}))
    return nodes, edges, refs


def test_bench_load_quick_prints_ratio_row() -> None:
    env = {k: v for k, v in os.environ.items() if k != "MECHGRAPH_BENCH_LOADER"}
    proc = subprocess.run(
        [sys.executable, str(BENCH_DIR / "bench_load.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"^\s*1000\s+20\s.*\d+\.\d+x\s*$", proc.stdout, re.MULTILINE), proc.stdout
    for figure in ("load after one file changed vs cold",
                   "same, the old graph still held, vs cold"):
        assert re.search(rf"^\s*{figure}\s+\d+\.\d+x\s+<= 0\.2x", proc.stdout, re.MULTILINE), (
            proc.stdout)


def test_generated_graph_validates_with_load_graph(tmp_path: Path) -> None:
    from mechgraph import load_graph

    counts = _import_generate().generate_graph(tmp_path / "graph", 300)
    kg = load_graph(tmp_path / "graph")
    assert kg.graph.number_of_nodes() == counts["nodes"]
    assert kg.graph.number_of_edges() == counts["edges"] == 300


def test_generator_is_deterministic_and_well_formed(tmp_path: Path) -> None:
    generate_graph = _import_generate().generate_graph
    a = generate_graph(tmp_path / "a", 400, n_files=7, seed=3)
    b = generate_graph(tmp_path / "b", 400, n_files=7, seed=3)
    assert a == b
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yaml"))
    assert len(files_a) == 7
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()

    nodes, edges, refs = _read_all(tmp_path / "a")
    assert (len(nodes), len(edges), len(refs)) == (a["nodes"], a["edges"], a["references"])
    by_id = {n["id"]: n for n in nodes}
    assert len(by_id) == len(nodes)
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in [*by_id, *refs])
    assert len({(e["source"], e["target"], e["relation"]) for e in edges}) == len(edges)
    traditional = {i for i, n in by_id.items() if n.get("framework") == "traditional"}
    bare_edges = 0
    for e in edges:
        assert e["source"] in by_id and e["target"] in by_id
        if {e["source"], e["target"]} & traditional:
            bare_edges += "evidence" not in e
        else:
            assert 1 <= len(e["evidence"]) <= 3
        assert all(ev["ref"] in refs for ev in e.get("evidence", []))
    assert bare_edges > 0
    for ref in refs.values():
        assert {"doi", "pmid", "url"} & set(ref)
        assert "doi" not in ref or re.fullmatch(r"10\.\d{4,9}/\S+", ref["doi"])
        assert "pmid" not in ref or (isinstance(ref["pmid"], str) and ref["pmid"].isdigit())


def test_generator_refuses_a_folder_with_yaml(tmp_path: Path) -> None:
    generate_graph = _import_generate().generate_graph
    generate_graph(tmp_path, 10)
    with pytest.raises(FileExistsError):
        generate_graph(tmp_path, 10)


def test_app_benchmark_smoke_run() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH_DIR / "bench_app.py"), "--edges", "300", "--repeat", "1"],
        cwd=BENCH_DIR, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "rerun, nothing changed:" in result.stdout
    assert "new session, shared URL:" in result.stdout
    assert "bytes of JSON" in result.stdout


@pytest.mark.browser
def test_browser_benchmark_smoke_run() -> None:
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("needs Chromium at /usr/bin/chromium: apt-get install chromium")
    result = subprocess.run(
        [sys.executable, str(BENCH_DIR / "bench_browser.py"), "--edges", "300", "--nodes",
         "50", "--repeat", "1"],
        cwd=BENCH_DIR, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"app, seed graph .*: new visitor +\d+\.\d+ s +\d+\.\d+x the empty app",
                     result.stdout), result.stdout
    assert "standalone page, " in result.stdout


def test_cli_startup_benchmark_smoke_run() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH_DIR / "bench_cli.py"), "--repeat", "1"],
        capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in ("--version", "--help", "validate graph"):
        assert re.search(rf"^mechgraph {name} +\d+\.\d+ +\d+\.\d+x +\d\.\dx  (yes|no)$",
                         result.stdout, re.MULTILINE), result.stdout
    assert re.search(r"^mechgraph validate graph, no cache +\d+\.\d+ +\d+\.\d+x +-$",
                     result.stdout, re.MULTILINE), result.stdout


def test_import_benchmark_smoke_run() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH_DIR / "bench_import.py"), "--repeat", "1"],
        capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    for step in ("bare parse", "import", "cold load"):
        assert re.search(rf"  {step} +\d+\.\d+ +\d+\.\d+ +\d+\.\d+x$", result.stdout,
                         re.MULTILINE), result.stdout
    assert re.search(r"^dismech +4 ", result.stdout, re.MULTILINE), result.stdout


def test_edit_benchmark_smoke_run() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH_DIR / "bench_edit.py"), "--edges", "300", "--repeat", "1"],
        cwd=BENCH_DIR, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[2].startswith("cold load_graph")
    assert "set node" in result.stdout and "x" in result.stdout.splitlines()[3]
