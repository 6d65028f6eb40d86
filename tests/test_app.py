"""The Streamlit app: it runs the real script, shows the graph, and lists data errors.

These run the script with Streamlit's own ``AppTest`` runner and start a real ``streamlit
run`` server; test_browser.py drives the served app in Chromium.
"""

from __future__ import annotations

import sys
import urllib.request
from pathlib import Path

import pytest
from browser import streamlit_server
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


def test_streamlit_run_serves_the_app(graph_copy: Path) -> None:
    with streamlit_server(graph_copy) as base_url, \
            urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=10) as resp:
        body = resp.read().decode()
    assert body == "ok"
