"""The network picture: layered layout, styling, the node cap, and a page that is offline
and escapes whatever the YAML holds."""

from __future__ import annotations

import html
import itertools
import json
import re
from pathlib import Path

import networkx as nx
from conftest import GRAPH

from mechgraph import load_graph
from mechgraph.query import find_paths
from mechgraph.view import (
    DASHES,
    EDGE_COLOURS,
    KIND_STYLE,
    LABEL_COLOUR,
    LABEL_INSIDE,
    LEGEND_CSS,
    RELATION_WORDS,
    contrast_ratio,
    layered_layout,
    legend_html,
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
    assert direct["dashes"] == DASHES["contested"]
    assert "Acupuncture ↓ decreases Chronic low back pain" in direct["title"]
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


PAGE = "#ffffff"
"""The background of the picture and of the legend."""


def test_every_node_label_passes_wcag_aa_contrast() -> None:
    kg = load_graph(GRAPH)
    data = view_data(kg, kg.graph)
    failing = []
    for node in data["nodes"]:
        colour = node["color"]
        for state, fill in (("drawn", colour["background"]),
                            ("selected", colour["highlight"]["background"]),
                            ("hovered", colour["hover"]["background"])):
            # A label inside the shape is on its fill; a diamond's is below it, on the page.
            fill = fill if node["shape"] in LABEL_INSIDE else PAGE
            ratio = contrast_ratio(node["font"]["color"], fill)
            if ratio < 4.5:
                failing.append(f"{node['id']} ({state}): {node['font']['color']} on {fill} "
                               f"is {ratio:.2f}:1")
    assert not failing, "labels under 4.5:1:\n" + "\n".join(failing)


def test_every_kind_colour_reads_as_text_and_as_a_fill() -> None:
    for kind, (colour, _) in KIND_STYLE.items():
        # White labels on the fill, and the colour as text on white (traditional nodes).
        assert contrast_ratio(LABEL_COLOUR["inside"], colour) >= 4.5, kind
        assert contrast_ratio(colour, PAGE) >= 4.5, kind
    assert contrast_ratio(LABEL_COLOUR["outside"], PAGE) >= 4.5


def test_every_relation_line_and_legend_text_passes_contrast() -> None:
    for relation, colour in EDGE_COLOURS.items():
        assert contrast_ratio(colour, PAGE) >= 4.5, relation
    legend = legend_html()
    css = {m.group(1): m.group(2) for m in re.finditer(r"\.(\w+) \{[^}]*?color: (#\w+)",
                                                       LEGEND_CSS)}
    assert contrast_ratio(css["legend"], PAGE) >= 4.5
    for words in RELATION_WORDS.values():
        assert html.escape(words) in legend
    # Contested and traditional links are told apart, in the picture and the legend.
    assert DASHES["contested"] != DASHES["traditional"]
    assert "contested (dashed)" in legend and "traditional framework (dotted)" in legend
    for pattern in (DASHES["contested"], DASHES["traditional"]):
        assert f'stroke-dasharray="{" ".join(map(str, pattern))}"' in legend


def test_contrast_ratio_matches_wcag_examples() -> None:
    assert round(contrast_ratio("#777777", "#ffffff"), 2) == 4.48
    assert round(contrast_ratio("#f58518", "#ffffff"), 2) == 2.55  # the old mediator fill
    assert contrast_ratio("#000000", "#000000") == 1


def test_traditional_links_are_dotted_and_tooltips_say_the_sign_in_words() -> None:
    kg = load_graph(GRAPH)
    data = view_data(kg, kg.graph)
    for edge in data["edges"]:
        u, v, k = edge["id"].split("|")
        e = kg.graph.edges[u, v, k]
        words = f"{kg.graph.nodes[u]['label']} {RELATION_WORDS[k]} {kg.graph.nodes[v]['label']}"
        assert edge["title"].splitlines()[0] == words
        traditional = e["framework"] == "traditional"
        expected = (DASHES["both"] if e["contested"] and traditional else DASHES["contested"]
                    if e["contested"] else DASHES["traditional"] if traditional else False)
        assert edge["dashes"] == expected, edge["id"]
    assert any(edge["dashes"] == DASHES["traditional"] for edge in data["edges"])


def test_steps_say_each_pathway_in_words_and_the_summary_counts() -> None:
    data = seed_view()
    assert data["steps"][0] == ["Acupuncture", "↓ decreases",
                                "Chronic low back pain (studied in people)"]
    rests_on = set()
    for step in data["steps"]:
        assert step[0] == "Acupuncture" and step[-1].startswith("Chronic low back pain (")
        assert all(word in RELATION_WORDS.values() for word in step[1::2])
        rests_on.add(step[-1].removeprefix("Chronic low back pain "))
    # What each pathway rests on, so that no untested or traditional one reads as measured.
    assert rests_on == {"(studied in people)", "(animal or cell studies only)", "(untested)",
                        "(traditional idea, not measured)"}
    qi = next(step for step in data["steps"] if "Qi (free flow of vital energy)" in step)
    assert qi[-1].endswith("(traditional idea, not measured)")
    assert data["summary"].startswith(
        f"Picture of {len(data['nodes'])} mechanisms and {len(data['edges'])} links from "
        "Acupuncture to Chronic low back pain")
    kg = load_graph(GRAPH)
    around = view_data(kg, kg.graph.subgraph(["acupuncture", "endorphins"]),
                       source="acupuncture")
    assert around["steps"] == [["Acupuncture", "↑ increases",
                                "Endorphins and other endogenous opioids (animal or cell "
                                "studies only)"]]
    assert "around Acupuncture" in around["summary"]


def test_rows_of_a_layer_leave_room_for_tall_labels() -> None:
    data = seed_view()
    by_x: dict[float, list[dict]] = {}
    for node in data["nodes"]:
        by_x.setdefault(node["x"], []).append(node)
    for column in by_x.values():
        ys = sorted(n["y"] for n in column)
        assert all(b - a >= 40 for a, b in itertools.pairwise(ys))


def test_page_describes_the_picture_and_lists_its_steps() -> None:
    page = render_html(seed_view(), title="Seed")
    assert 'id="steps"' in page and "mechgraphPicture.describe" in page
    assert "<main>" in page and 'lang="en"' in page


MODULES = """\
nodes:
  - {id: pd, label: Parkinson's disease, kind: condition, module: Parkinson's disease}
  - {id: pd__inflam, label: Neuroinflammation, kind: process, module: Parkinson's disease}
  - {id: ad__inflam, label: Neuroinflammation, kind: process, module: Alzheimer's disease}
  - {id: pd__loss, label: Neuron loss, kind: process, module: Parkinson's disease}
edges:
  - {source: pd__inflam, target: pd__loss, relation: modulates, curated_in: dismech}
  - {source: ad__inflam, target: pd__loss, relation: associated_with, curated_in: dismech}
  - {source: pd__loss, target: pd, relation: modulates, curated_in: dismech}
"""


def test_same_labels_are_told_apart_by_their_module(tmp_path: Path) -> None:
    (tmp_path / "g.yaml").write_text(MODULES)
    kg = load_graph(tmp_path)
    data = view_data(kg, kg.graph)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["pd__inflam"]["label"] == "Neuroinflammation\n(Parkinson's disease)"
    assert nodes["ad__inflam"]["label"] == "Neuroinflammation\n(Alzheimer's disease)"
    assert nodes["pd__loss"]["label"] == "Neuron loss"  # unique: no module drawn
    assert "Neuron loss (process; Parkinson's disease)" in nodes["pd__loss"]["title"]
    words = [" ".join(step) for step in data["steps"]]
    assert any("Neuroinflammation (Alzheimer's disease)" in w for w in words), words
    edge = next(e for e in data["edges"] if e["from"] == "pd__inflam")
    assert "curated in dismech, no study attached" in edge["title"]
    # the app's table of links and its picker use the same words as the picture
    from mechgraph.app.links import link_table

    names = link_table(kg, data).names
    assert names["ad__inflam|pd__loss|associated_with"] == (
        "Neuroinflammation (Alzheimer's disease) ~ associated with Neuron loss")
    assert names["pd__inflam|pd__loss|modulates"].startswith(
        "Neuroinflammation (Parkinson's disease) ")
