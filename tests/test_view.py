"""The network picture: layered layout, styling, the node cap, and a page that is offline
and escapes whatever the YAML holds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
from conftest import GRAPH

from mechgraph import load_graph
from mechgraph.query import find_paths
from mechgraph.view import (
    EDGE_COLOURS,
    KIND_STYLE,
    layered_layout,
    pathway_graph,
    render_html,
    view_data,
)

HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>"\'\n&'


def seed_view() -> dict:
    kg = load_graph(GRAPH)
    report = find_paths(kg, "acupuncture", "chronic_low_back_pain")
    return view_data(kg, pathway_graph(kg, report), source="acupuncture",
                     target="chronic_low_back_pain", highlight=report.paths[0].edges)


def test_pathways_run_left_to_right() -> None:
    data = seed_view()
    x = {n["id"]: n["x"] for n in data["nodes"]}
    assert x["acupuncture"] == min(x.values())
    assert x["chronic_low_back_pain"] == max(x.values())
    for e in data["edges"]:
        assert x[e["from"]] < x[e["to"]], e["id"]


def test_layout_survives_cycles_and_keeps_every_node() -> None:
    g = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("e", "e")])
    pos = layered_layout(g, source="a", target="d")
    assert set(pos) == set(g.nodes)
    assert pos["a"][0] < pos["b"][0] < pos["c"][0] < pos["d"][0]
    assert len(set(pos.values())) == len(pos)  # no two nodes on one spot


def test_styles_follow_kind_sign_evidence_and_framework() -> None:
    data = seed_view()
    nodes = {n["id"]: n for n in data["nodes"]}
    edges = {e["id"]: e for e in data["edges"]}
    assert nodes["acupuncture"]["shape"] == KIND_STYLE["treatment"][1]
    assert nodes["qi"]["shapeProperties"]["borderDashes"]  # traditional: dashed outline
    direct = edges["acupuncture|chronic_low_back_pain|decreases"]
    assert direct["color"]["color"] == EDGE_COLOURS["decreases"]
    assert direct["dashes"] is True  # contested
    animal = edges["acupuncture|endorphins|increases"]
    assert animal["width"] < direct["width"]  # preclinical is thinner than high
    assert animal["color"]["opacity"] < 1  # not on the highlighted path
    assert "evidence: preclinical" in animal["title"]


def test_large_views_are_cut_and_say_so(tmp_path: Path) -> None:
    kg = load_graph(GRAPH)
    data = view_data(kg, kg.graph, source="acupuncture", max_nodes=5)
    assert data["shown"] == 5 and data["total"] == len(kg.nodes) and data["cut"]
    assert "acupuncture" in {n["id"] for n in data["nodes"]}
    page = render_html(data, title="t")
    assert f"Showing 5 of {len(kg.nodes)} nodes" in page


def test_the_page_loads_nothing_from_the_network() -> None:
    page = render_html(seed_view(), title="Seed")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"<(script|img|link|iframe)[^>]+(src|href)=", page, re.I)
    assert "sourceMappingURL" not in page
    assert "vis.Network" in page


def test_hostile_text_cannot_break_out(tmp_path: Path) -> None:
    kg = load_graph(GRAPH)
    data = view_data(kg, kg.graph.subgraph(["acupuncture", "qi"]))
    data["nodes"][0]["label"] = HOSTILE
    data["nodes"][0]["title"] = HOSTILE
    page = render_html(data, title=HOSTILE, note=HOSTILE)
    block = page[page.index('id="graph-data">'):page.index("</script>", page.index(
        'id="graph-data">'))]
    assert "<" not in block.removeprefix('id="graph-data">') and "&" not in block
    assert json.loads(block.removeprefix('id="graph-data">'))["nodes"][0]["label"] == HOSTILE
    head = page[:page.index("<script")]
    assert "<img" not in head and "&lt;img src=x" in head


def test_layout_of_a_tangled_graph_with_many_cycles() -> None:
    g = nx.MultiDiGraph(nx.gnm_random_graph(400, 1600, seed=3, directed=True))
    g = nx.relabel_nodes(g, {n: f"n{n}" for n in g})
    pos = layered_layout(g, source="n0")
    assert set(pos) == set(g.nodes)
    assert pos["n0"][0] == min(x for x, _ in pos.values())
