"""The Streamlit app: it runs the real script, shows the graph, and lists data errors.

Browser tests of the full explorer come with it; these run the script with Streamlit's
own ``AppTest`` runner and start a real ``streamlit run`` server.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from mechgraph import load_graph

APP = str(ROOT / "app.py")


def run_app(monkeypatch: pytest.MonkeyPatch, graph: Path) -> AppTest:
    monkeypatch.setenv("MECHGRAPH_GRAPH", str(graph))
    monkeypatch.setattr(sys, "argv", ["app.py"])
    return AppTest.from_file(APP, default_timeout=60).run()


def test_app_shows_the_seed_graph(monkeypatch: pytest.MonkeyPatch) -> None:
    kg = load_graph(ROOT / "graph")
    at = run_app(monkeypatch, ROOT / "graph")
    assert not at.exception
    assert [m.value for m in at.metric][:3] == [str(len(kg.nodes)), str(len(kg.edges)),
                                                str(len(kg.references))]
    # The first link is shown with its evidence, refuting studies included.
    text = "\n".join(m.value for m in at.markdown)
    assert "**refutes**, vs sham" in text
    assert "https://doi.org/10.1001/archinte.167.17.1892" in text


def test_app_lists_errors_instead_of_crashing(monkeypatch: pytest.MonkeyPatch,
                                              graph_copy: Path) -> None:
    (graph_copy / "broken.yaml").write_text("edges:\n  - source: acupuncture\n")
    at = run_app(monkeypatch, graph_copy)
    assert not at.exception
    assert "has 2 error(s)" in at.error[0].value
    assert f"{graph_copy / 'broken.yaml'}:2:5: edges[0]: missing required field 'target'" \
        in at.code[0].value


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_streamlit_run_serves_the_app(graph_copy: Path) -> None:
    port = _free_port()
    streamlit = Path(sys.executable).with_name("streamlit")
    env = {k: v for k, v in os.environ.items() if k != "MECHGRAPH_GRAPH"}
    proc = subprocess.Popen(
        [str(streamlit), "run", APP, "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--", "--graph", str(graph_copy)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        body = ""
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health",
                                            timeout=2) as resp:
                    body = resp.read().decode()
                    break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.5)
        assert body == "ok", proc.stdout.read() if proc.poll() is not None else "no answer"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
