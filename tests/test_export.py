"""The exports: the registry, the selection, the CLI, and the formats read back by their
real consumers (GraphML by NetworkX, node-link JSON by NetworkX, Cytoscape.js JSON by the
``cytoscape`` npm package under Node)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import pytest
from conftest import ROOT, run_cli
from nodejs import node_packages, run_node

import mechgraph
from mechgraph.export import FORMATS, ExportError, export_graph, render, select_view
from mechgraph.export.common import EDGE_FIELDS, NODE_FIELDS, edge_record, node_record
from mechgraph.query import Filter, QueryError, find_paths

TRICKY = '''
nodes:
  - id: tricky_mediator
    label: 'He said "no" [sic] #1; {a} (b) <c> a\\\\b'
    kind: mediator
    description: "Line one\\nline two, with a tab\\there and a quote ' and a backtick `"
    synonyms:
      - "semi;colon"
      - "pipe|bar"
edges:
  - source: acupuncture
    target: endorphins
    relation: modulates
    evidence:
      - ref: han2004
        stance: inconclusive
        finding: A parallel edge to the increases one, made up for the export tests.
  - source: tricky_mediator
    target: pain_signalling
    relation: decreases
    evidence:
      - ref: example_ref
        stance: supports
        finding: 'A made-up finding with "quotes", a backslash \\\\ and a newline.'
references:
  example_ref:
    title: A made-up reference for the export tests
    year: 2020
    design: animal
    subjects: animal
    url: https://example.org/export-tests
'''


@pytest.fixture
def kg() -> mechgraph.MechGraph:
    return mechgraph.load_graph(ROOT / "graph")


@pytest.fixture
def tricky(graph_copy: Path) -> Path:
    """The seed graph plus a parallel edge and a node whose text needs escaping."""
    (graph_copy / "tricky.yaml").write_text(TRICKY, encoding="utf-8")
    return graph_copy


def _records(g: nx.MultiDiGraph) -> tuple[dict, dict]:
    nodes = {n: node_record(g, n) for n in g.nodes}
    edges = {edge_record(g, k)["id"]: edge_record(g, k) for k in g.edges(keys=True)}
    return nodes, edges


# --- the registry and the selection -------------------------------------------------


def test_every_format_renders_the_whole_graph_deterministically(kg: mechgraph.MechGraph,
                                                                ) -> None:
    for name in FORMATS:
        first = render(kg, name)
        again = render(mechgraph.load_graph(ROOT / "graph", cache=False), name)
        assert first == again, f"{name} is not deterministic"
        assert all(text.endswith("\n") for text in first.values())


def test_select_view_composes_filter_focus_and_pathway(kg: mechgraph.MechGraph) -> None:
    low = Filter(min_level="low")
    view = select_view(kg, filter=low)
    assert set(view.edges(keys=True)) == set(low.apply(kg.graph).edges(keys=True))
    up = select_view(kg, focus_node="pain_signalling", depth=1, direction="up")
    assert set(up.nodes) == {"pain_signalling", *kg.graph.predecessors("pain_signalling")}
    assert set(select_view(kg, focus_node="pain_signalling", direction="upstream").nodes) \
        == set(up.nodes)
    pathway = select_view(kg, source="acupuncture", target="chronic_low_back_pain")
    report = find_paths(kg, "acupuncture", "chronic_low_back_pain")
    assert set(pathway.edges(keys=True)) == {e for p in report.paths for e in p.edges}
    with pytest.raises(ExportError, match="give both --source and --target"):
        select_view(kg, source="acupuncture")
    with pytest.raises(ExportError, match="no path from 'chronic_low_back_pain'"):
        select_view(kg, source="chronic_low_back_pain", target="acupuncture")
    with pytest.raises(QueryError, match="did you mean 'endorphins'"):
        select_view(kg, focus_node="endorphin")


def test_export_graph_writes_files_or_refuses_clearly(kg: mechgraph.MechGraph,
                                                      tmp_path: Path) -> None:
    out = tmp_path / "g.graphml"
    assert export_graph(kg, "graphml", out) == [out]
    assert out.read_text() == export_graph(kg, "graphml")
    with pytest.raises(ExportError, match="is a folder; give a file name"):
        export_graph(kg, "graphml", tmp_path)
    with pytest.raises(ExportError, match=r"the folder '.*missing' does not exist"):
        export_graph(kg, "json", tmp_path / "missing" / "g.json")
    with pytest.raises(ExportError, match="unknown format 'gexf'"):
        render(kg, "gexf")
    with pytest.raises(ExportError, match="does not take neo4j_csv"):
        render(kg, "json", neo4j_csv=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.graphml"]


# --- GraphML --------------------------------------------------------------------------


def test_graphml_reads_back_with_networkx(tricky: Path) -> None:
    kg = mechgraph.load_graph(tricky)
    text = mechgraph.to_graphml(kg)
    back = nx.read_graphml(io.StringIO(text), force_multigraph=True)
    nodes, edges = _records(kg.graph)
    assert set(back.nodes) == set(nodes)
    assert {k for _, _, k in back.edges(keys=True)} == set(edges)
    # The parallel edges keep distinct keys.
    assert sorted(back["acupuncture"]["endorphins"]) == [
        "acupuncture.increases.endorphins", "acupuncture.modulates.endorphins"]
    for n, data in back.nodes(data=True):
        for name, kind in NODE_FIELDS:
            want = nodes[n][name]
            if kind == "list":
                want = ";".join(want) if want else None
            assert data.get(name) == want, (n, name)
    for u, v, key, data in back.edges(keys=True, data=True):
        record = edges[key]
        assert (u, v) == (record["source"], record["target"])
        for name, kind in EDGE_FIELDS:
            want = record[name]
            if kind == "list":
                want = ";".join(want) if want else None
            assert data.get(name) == want, (key, name)
    # Typed attributes: ints, booleans and text come back as such.
    decrease = back.edges["acupuncture", "chronic_low_back_pain",
                          "acupuncture.decreases.chronic_low_back_pain"]
    assert decrease["sign"] == -1 and decrease["contested"] is True
    assert decrease["refutes"] == 3 and isinstance(decrease["evidence_count"], int)
    assert 'attr.name="evidence_count" attr.type="int"' in text
    assert 'attr.name="contested" attr.type="boolean"' in text
    assert back.nodes["tricky_mediator"]["label"] == kg.nodes["tricky_mediator"].label
    assert kg.nodes["tricky_mediator"].label.startswith('He said "no" [sic] #1;')


# --- node-link JSON -------------------------------------------------------------------


def test_json_holds_everything_and_reads_back(tricky: Path) -> None:
    kg = mechgraph.load_graph(tricky)
    data = json.loads(mechgraph.to_json(kg))
    back = nx.node_link_graph(data, edges="edges")
    assert isinstance(back, nx.MultiDiGraph)
    assert set(back.edges(keys=True)) == set(kg.graph.edges(keys=True))
    for key in kg.graph.edges(keys=True):
        # node-link keeps an edge's ends as its "source" and "target", not as attributes.
        want = {k: v for k, v in kg.graph.edges[key].items()
                if k not in ("file", "source", "target")}
        got = {k: v for k, v in back.edges[key].items() if k not in ("file", "id")}
        assert got == want
        assert back.edges[key]["id"] == ".".join((key[0], key[2], key[1]))
    for n in kg.graph.nodes:
        assert {k: v for k, v in back.nodes[n].items() if k != "file"} == \
            {k: v for k, v in kg.graph.nodes[n].items() if k not in ("file", "id")}
    assert back.nodes["acupuncture"]["file"] == "nodes.yaml"
    assert back.graph["references"] == kg.graph.graph["references"]


def test_json_of_a_filtered_view_has_only_the_cited_references(kg: mechgraph.MechGraph,
                                                               ) -> None:
    view = select_view(kg, filter=Filter(designs=["rct"]))
    data = json.loads(mechgraph.to_json(kg, view))
    cited = {item["ref"] for e in data["edges"] for item in e["evidence"]}
    assert set(data["graph"]["references"]) == cited
    assert len(data["edges"]) == view.number_of_edges() < kg.graph.number_of_edges()


# --- Cytoscape.js -----------------------------------------------------------------------

CYTOSCAPE_SCRIPT = r"""
import cytoscape from "cytoscape";
import { readFileSync } from "node:fs";
const doc = JSON.parse(readFileSync(process.argv[2], "utf8"));
const cy = cytoscape({ headless: true, elements: doc.elements });
const edge = (id) => cy.getElementById(id);
const out = {
  nodes: cy.nodes().length,
  edges: cy.edges().length,
  negative: cy.edges(".sign-negative").map((e) => e.id()).sort(),
  mediators: cy.nodes(".kind-mediator").map((n) => n.id()).sort(),
  traditional: cy.nodes(".framework-traditional").length,
  decrease: edge("acupuncture.decreases.chronic_low_back_pain").data(),
  decrease_ends: [edge("acupuncture.decreases.chronic_low_back_pain").source().id(),
                  edge("acupuncture.decreases.chronic_low_back_pain").target().id()],
  parallel: cy.getElementById("acupuncture").edgesTo(cy.getElementById("endorphins"))
             .map((e) => e.id()).sort(),
  tricky_label: cy.getElementById("tricky_mediator").data("label"),
};
console.log(JSON.stringify(out));
"""


def test_cytoscape_loads_in_the_real_cytoscape_package(tricky: Path, tmp_path: Path) -> None:
    node_packages("cytoscape@3")
    kg = mechgraph.load_graph(tricky)
    path = tmp_path / "graph.cyjs"
    path.write_text(mechgraph.to_cytoscape(kg), encoding="utf-8")
    got = run_node(CYTOSCAPE_SCRIPT, str(path))
    g = kg.graph
    assert (got["nodes"], got["edges"]) == (g.number_of_nodes(), g.number_of_edges())
    assert got["negative"] == sorted(f"{u}.{k}.{v}" for u, v, k in g.edges(keys=True)
                                     if k == "decreases")
    assert got["mediators"] == sorted(n for n, d in g.nodes(data=True) if d["kind"] == "mediator")
    assert got["traditional"] == 2
    record = edge_record(g, ("acupuncture", "chronic_low_back_pain", "decreases"))
    assert got["decrease"] == {k: v for k, v in record.items() if v is not None}
    assert got["decrease_ends"] == ["acupuncture", "chronic_low_back_pain"]
    assert got["parallel"] == ["acupuncture.increases.endorphins",
                               "acupuncture.modulates.endorphins"]
    assert got["tricky_label"] == g.nodes["tricky_mediator"]["label"]


# --- the command line -----------------------------------------------------------------


def test_cli_export_to_stdout_matches_the_library(kg: mechgraph.MechGraph) -> None:
    for name in ("graphml", "json", "cytoscape"):
        result = run_cli("export", name)
        assert result.returncode == 0, result.stderr
        assert result.stdout == export_graph(kg, name)
        assert result.stderr == ""


def test_cli_export_with_filters_focus_and_out(kg: mechgraph.MechGraph, graph_copy: Path,
                                               tmp_path: Path) -> None:
    out = tmp_path / "focus.cyjs"
    result = run_cli("export", "cytoscape", "--graph", str(graph_copy), "--focus",
                     "endorphins", "--depth", "2", "--direction", "down", "--min-level",
                     "preclinical", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {out}\n"
    view = select_view(kg, filter=Filter(min_level="preclinical"), focus_node="endorphins",
                       depth=2, direction="downstream")
    assert out.read_text() == mechgraph.to_cytoscape(kg, view)
    assert json.loads(out.read_text())["elements"]["nodes"]


@pytest.mark.parametrize(("args", "message"), [
    (["json", "--focus", "endorphin"], "unknown node 'endorphin' (did you mean 'endorphins'?)"),
    (["json", "--source", "acupuncture"], "give both --source and --target"),
    (["graphml", "--out", "nowhere/g.graphml"], "the folder 'nowhere' does not exist"),
    (["gexf"], "invalid choice: 'gexf'"),
])
def test_cli_export_bad_requests_exit_1(args: list[str], message: str) -> None:
    result = run_cli("export", *args)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
