"""The app on imported curated knowledge (the committed dismech and DrugMechDB samples), in a
real Chromium: Explain mode draws a pathway at once, Explore mode finds a node by a typo and
by a cross-reference id, and nodes with the same label are told apart, each choice made
twice and back and checked on the page and in the URL.

Fixtures (``page``) are in conftest.py; the widget helpers in browser.py.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from browser import choose, click_radio, streamlit_server, url_params, wait_for_url
from conftest import ROOT

from mechgraph import load_graph
from mechgraph.importers.dismech import import_dismech
from mechgraph.importers.drugmechdb import import_drugmechdb
from mechgraph.text import with_module

pytestmark = pytest.mark.browser
TIMEOUT = 20_000
DISMECH = ROOT / "tests" / "data" / "dismech" / "kb" / "disorders"
DRUGMECHDB = ROOT / "tests" / "data" / "drugmechdb" / "indication_paths_sample.yaml"


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("imported")
    import_dismech(DISMECH, out / "dismech")
    import_drugmechdb(DRUGMECHDB, out / "drugmechdb")
    return {"dismech": out / "dismech", "drugmechdb": out / "drugmechdb"}


def drawn_nodes(page: Any) -> list[str]:
    """The node ids the first drawn picture of the page shows (waits until one is drawn)."""
    for _ in range(int(TIMEOUT / 250)):
        for frame in page.frames:
            if frame == page.main_frame:
                continue
            try:
                ids = frame.evaluate("""() => {
                    const net = window.mechgraphNetwork;
                    if (!net || document.body.dataset.drawn !== 'yes') { return null; }
                    return net.body.data.nodes.getIds().sort(); }""")
            except Exception:  # a frame being replaced by the rerun
                continue
            if ids:
                return ids
        page.wait_for_timeout(250)
    raise AssertionError("no picture was drawn")


def drawn_nodes_of(page: Any, node: str) -> list[str]:
    """The nodes of the drawn picture, once it shows ``node``."""
    for _ in range(int(TIMEOUT / 250)):
        ids = drawn_nodes(page)
        if node in ids:
            return ids
        page.wait_for_timeout(250)
    raise AssertionError(f"no picture with {node} was drawn")


def default_view(page: Any) -> dict[str, str]:
    """The URL's parameters once the first view has set its source and target."""
    page.wait_for_function("""() => { const q = new URLSearchParams(location.search);
        return q.has('source') && q.has('target'); }""", timeout=TIMEOUT)
    return {k: v[0] for k, v in url_params(page).items()}


def search_and_pick(page: Any, query: str, option: str, node: str) -> None:
    """Type ``query`` in the search box, pick the match that reads ``option``, and wait
    until the URL focuses ``node``."""
    search = page.get_by_label("Search a node")
    search.fill(query)
    search.press("Enter")
    click_radio(page, "Matches", option)
    wait_for_url(page, {"mode": "explore", "focus": node})
    page.get_by_role("heading", name=option.split(" · ")[0]).first.wait_for(timeout=TIMEOUT)


def test_dismech_sample(page: Any, graphs: dict[str, Path]) -> None:
    kg = load_graph(graphs["dismech"])
    with streamlit_server(graphs["dismech"]) as base_url:
        page.goto(base_url, wait_until="domcontentloaded", timeout=TIMEOUT)
        params = default_view(page)
        assert params["mode"] == "explain"
        nodes = drawn_nodes(page)
        assert params["source"] in nodes and params["target"] in nodes, (params, nodes)
        page.get_by_text("Pathways from").first.wait_for(timeout=TIMEOUT)  # says what it shows

        # Without treatments: "Start from" and "Leads to", each twice in a row and back.
        def option(node: str) -> str:
            return with_module(kg.nodes[node].label, kg.nodes[node].module)

        ad, pick = "alzheimers_disease", "pick_disease"
        for source in (ad, pick, ad):
            choose(page, "Start from", option(source))
            wait_for_url(page, {"mode": "explain", "source": source})
            assert source in drawn_nodes_of(page, source)
        reached = sorted(n for n in nx.descendants(kg.graph, ad)
                         if kg.nodes[n].kind == "outcome")[:2]
        for target in (*reached, reached[0]):
            choose(page, "Leads to", option(target))
            wait_for_url(page, {"source": ad, "target": target})
            assert {ad, target} <= set(drawn_nodes_of(page, target))

        page.goto(f"{base_url}/?mode=explore", wait_until="domcontentloaded", timeout=TIMEOUT)
        ad = "alzheimers_disease"
        mondo = next(x for x in kg.nodes[ad].xrefs if x.startswith("MONDO:"))
        pick = "pick_disease"
        for _ in range(2):  # a typo, then the MONDO id, twice and back
            search_and_pick(page, "alzheimr", kg.nodes[ad].label, ad)
            search_and_pick(page, "pick diseas", kg.nodes[pick].label, pick)
            search_and_pick(page, mondo.lower(), kg.nodes[ad].label, ad)

        # The same label in two disorders: both listed, each with its disorder.
        modules: dict[str, set[str]] = {}
        for n in kg.nodes.values():
            modules.setdefault(n.label, set()).add(n.module or "")
        label = next(lb for lb, _ in Counter(n.label for n in kg.nodes.values()).most_common()
                     if len(modules[lb]) >= 2)  # the sample repeats a label across disorders
        twins = sorted(i for i, n in kg.nodes.items() if n.label == label)[:2]
        options = {i: f"{label} · {kg.nodes[i].module}" for i in twins}
        assert len(set(options.values())) == 2, options
        for node in (*twins, twins[0]):
            search_and_pick(page, label, options[node], node)
        assert page.locator('[data-testid="stException"]').count() == 0


def test_drugmechdb_sample(page: Any, graphs: dict[str, Path]) -> None:
    kg = load_graph(graphs["drugmechdb"])
    imatinib, cml = "mesh_d000068877", "mesh_d015464"
    with streamlit_server(graphs["drugmechdb"]) as base_url:
        page.goto(base_url, wait_until="domcontentloaded", timeout=TIMEOUT)
        params = default_view(page)
        assert kg.nodes[params["source"]].kind == "treatment"
        nodes = drawn_nodes(page)
        assert params["source"] in nodes and params["target"] in nodes, (params, nodes)

        page.goto(f"{base_url}/?mode=explore", wait_until="domcontentloaded", timeout=TIMEOUT)
        drugbank = next(x for x in kg.nodes[imatinib].xrefs if x.startswith("DRUGBANK:"))
        mesh = next(x for x in kg.nodes[cml].xrefs if x.startswith("MESH:"))
        for _ in range(2):  # a typo, a DrugBank id, a MeSH id without its prefix
            search_and_pick(page, "imatinb", kg.nodes[imatinib].label, imatinib)
            search_and_pick(page, mesh.split(":")[1], kg.nodes[cml].label, cml)
            search_and_pick(page, drugbank, kg.nodes[imatinib].label, imatinib)
        assert page.locator('[data-testid="stException"]').count() == 0
