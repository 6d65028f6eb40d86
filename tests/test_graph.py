"""``load_graph``: the MultiDiGraph it builds, and how it follows edits across files."""

from __future__ import annotations

import gc
from pathlib import Path

import networkx as nx
import pytest
from conftest import GRAPH

from mechgraph import GraphDataError, load_graph
from mechgraph.cache import FileCache
from mechgraph.vocab import RELATION_SIGN


def public_api_graph(kg: object) -> nx.MultiDiGraph:
    """The graph ``load_graph`` should build, made with NetworkX's public API only."""
    g = nx.MultiDiGraph()
    g.graph.update(kg.graph.graph)
    for node_id, node in kg.nodes.items():
        g.add_node(node_id, **node.model_dump(), file=kg.locations["node", node_id].file)
    for key, edge in kg.edges.items():
        grade = kg.grades[key]
        g.add_edge(edge.source, edge.target, key=edge.relation, **edge.model_dump(),
                   sign=RELATION_SIGN[edge.relation], framework=kg.framework_of(edge),
                   evidence_level=grade.level, contested=grade.contested,
                   file=kg.locations["edge", key].file)
    return g


def assert_same(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True), key=repr) == sorted(
        b.edges(keys=True, data=True), key=repr)
    for n in a:
        assert set(a.predecessors(n)) == set(b.predecessors(n))
        assert sorted(a.in_edges(n, keys=True)) == sorted(b.in_edges(n, keys=True))
    assert a.graph == b.graph


def test_graph_is_what_the_public_api_builds() -> None:
    kg = load_graph(GRAPH, cache=False)
    assert_same(kg.graph, public_api_graph(kg))
    assert nx.is_isomorphic(kg.graph, nx.MultiDiGraph(kg.graph))


def test_edge_attributes_are_never_shared_between_graphs(graph_copy: Path,
                                                         tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "cache")
    first = load_graph(graph_copy, cache=cache)
    changed = graph_copy / "clinical.yaml"
    changed.write_text(changed.read_text() + "# edited\n")
    second = load_graph(graph_copy, cache=cache)
    key = ("acupuncture", "endorphins", "increases")
    second.graph.edges[key]["note"] = "changed in the second graph only"
    assert "note" not in first.graph.edges[key]


def test_parallel_edges_with_different_relations_both_survive(tmp_path: Path) -> None:
    (tmp_path / "g.yaml").write_text("""\
nodes:
  - {id: a, label: A, kind: treatment}
  - {id: b, label: B, kind: process}
edges:
  - {source: a, target: b, relation: increases, evidence: [{ref: r, stance: supports, finding: F.}]}
  - {source: a, target: b, relation: modulates, evidence: [{ref: r, stance: supports, finding: F.}]}
references:
  r: {title: T, year: 2000, design: rct, pmid: 1}
""")
    g = load_graph(tmp_path, cache=False).graph
    assert sorted(g["a"]["b"]) == ["increases", "modulates"]
    assert g.number_of_edges() == 2 and list(g.predecessors("b")) == ["a"]


def test_a_reference_edited_in_another_file_regrades_cached_edges(graph_copy: Path,
                                                                  tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "cache")
    key = ("acupuncture", "endorphins", "increases")
    before = load_graph(graph_copy, cache=cache)
    assert before.grades[key].level == "preclinical"
    refs = graph_copy / "references.yaml"
    text = refs.read_text()
    # han2004 becomes (wrongly, for the test) a meta-analysis of human studies.
    han = ("    design: narrative-review\n    subjects: animal\n"
           "    doi: 10.1016/j.neulet.2003.12.019")
    assert han in text
    refs.write_text(text.replace(han, han.replace("narrative-review", "meta-analysis")
                                 .replace("animal", "human")))
    after = load_graph(graph_copy, cache=cache)
    assert after.report.parsed == [str(refs)]
    assert after.grades[key].level == "high"
    assert after.graph.edges[key]["evidence_level"] == "high"
    fresh = load_graph(graph_copy, cache=False)
    assert after.grades == fresh.grades
    assert_same(after.graph, fresh.graph)


EDITS = [
    # (file, old text, new text; every occurrence replaced): each leaves a valid graph.
    ("mechanisms/adenosine.yaml", "relation: increases", "relation: modulates"),
    ("mechanisms/adenosine.yaml", "label: Adenosine\n", "label: Adenosine (ATP product)\n"),
    ("mechanisms/connective_tissue.yaml", "", "\n"),  # whitespace only: same items
    ("mechanisms/blood_flow.yaml", "skin_blood_flow", "skin_flow"),  # a node renamed
    ("nodes.yaml", "label: Back-related disability", "label: Back-related disability (function)"),
]


def test_an_unreferenced_graph_is_updated_in_place_and_matches_a_fresh_build(
        graph_copy: Path, tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "cache")
    load_graph(graph_copy, cache=cache)  # kept by the cache only
    for name, old, new in EDITS:
        path = graph_copy / name
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new) if old else text + new)
        kg = load_graph(graph_copy, cache=cache)
        assert kg.report.updated, f"{name}: expected an update in place"
        assert kg.report.parsed == [str(path)]
        fresh = load_graph(graph_copy, cache=False)
        assert_same(kg.graph, fresh.graph)
        assert kg.nodes == fresh.nodes and kg.grades == fresh.grades
        del kg  # nothing but the cache holds it, so the next load may update it


def test_a_graph_someone_holds_is_never_changed(graph_copy: Path, tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "cache")
    first = load_graph(graph_copy, cache=cache)
    snapshot = nx.MultiDiGraph(first.graph)
    path = graph_copy / "mechanisms" / "adenosine.yaml"
    path.write_text(path.read_text().replace("relation: increases", "relation: modulates", 1))
    second = load_graph(graph_copy, cache=cache)
    assert not second.report.updated and second.graph is not first.graph
    assert_same(first.graph, snapshot)


def test_a_change_of_grading_basis_builds_anew(graph_copy: Path, tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "cache")
    load_graph(graph_copy, cache=cache)
    refs = graph_copy / "references.yaml"
    refs.write_text(refs.read_text().replace("design: meta-analysis", "design: rct", 1))
    kg = load_graph(graph_copy, cache=cache)
    assert not kg.report.updated
    assert_same(kg.graph, load_graph(graph_copy, cache=False).graph)


def test_the_garbage_collector_is_restored_whatever_happens(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("nodes: [\n")
    was = gc.isenabled()
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            load_graph(GRAPH, cache=False)
            assert gc.isenabled() is enabled
            with pytest.raises(GraphDataError):
                load_graph(tmp_path, cache=False)
            assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_check_graph_with_overrides_checks_bytes_that_are_not_on_disk(graph_copy: Path,
                                                                       ) -> None:
    from mechgraph import check_graph

    nodes = graph_copy / "nodes.yaml"
    before = nodes.read_bytes()
    broken = before.replace(b"kind: treatment", b"kind: treatmnt", 1)
    line = broken[:broken.index(b"treatmnt")].count(b"\n") + 1
    problems = check_graph(graph_copy, overrides={nodes: broken})
    assert [(p.file, p.line, p.code) for p in problems] == [(str(nodes), line, "unknown-value")]
    # A new file counts too; problems in it are positioned in the bytes given.
    new = graph_copy / "mechanisms" / "new.yaml"
    text = b"# new\nedges:\n  - {source: acupuncture, target: endorphin, relation: increases}\n"
    [problem] = [p for p in check_graph(graph_copy, overrides={new: text})
                 if p.code == "unknown-node"]
    assert (problem.file, problem.line, problem.path) == (str(new), 3, "edges[0].target")
    assert "did you mean 'endorphins'?" in problem.message
    # Nothing was written, and the graph on disk is unaffected.
    assert nodes.read_bytes() == before and not new.exists()
    assert check_graph(graph_copy) == []
    assert load_graph(graph_copy).nodes["acupuncture"].kind == "treatment"
    with pytest.raises(ValueError, match="not a graph file inside"):
        check_graph(graph_copy, overrides={graph_copy.parent / "x.yaml": b""})
