"""``load_graph``: the MultiDiGraph it builds, and how it follows edits across files."""

from __future__ import annotations

import gc
from pathlib import Path

import networkx as nx
import pytest
from conftest import GRAPH

from mechgraph import GraphDataError, load_graph
from mechgraph.cache import FileCache
from mechgraph.evidence import edge_basis
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
                   refuted=grade.refuted,
                   basis=edge_basis(edge, kg.framework_of(edge) == "traditional"),
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


def test_graphs_are_frozen_and_share_only_what_did_not_change(graph_copy: Path,
                                                              tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "cache")
    first = load_graph(graph_copy, cache=cache)
    changed = graph_copy / "mechanisms" / "endorphins.yaml"
    changed.write_text(changed.read_text() + "# edited\n")
    second = load_graph(graph_copy, cache=cache)
    assert second.report.updated and nx.is_frozen(first.graph) and nx.is_frozen(second.graph)
    with pytest.raises(nx.NetworkXError, match="Frozen graph can't be modified"):
        second.graph.add_edge("acupuncture", "qi", key="increases")
    # An edge of an unchanged file is shared; the changed file's edges are new dicts.
    kept = ("expectation_and_context", "chronic_low_back_pain", "decreases")
    assert second.locations["edge", kept].file == str(graph_copy / "nonspecific.yaml")
    assert second.graph.edges[kept] is first.graph.edges[kept]
    redone = ("acupuncture", "endorphins", "increases")
    assert second.locations["edge", redone].file == str(changed)
    assert second.graph.edges[redone] is not first.graph.edges[redone]
    assert second.graph.edges[redone] == first.graph.edges[redone]
    # A copy is the way to change one: its attribute dicts are its own.
    mine = nx.MultiDiGraph(second.graph)
    mine.edges[kept]["note"] = "changed in the copy only"
    assert "note" not in first.graph.edges[kept] and "note" not in second.graph.edges[kept]


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


@pytest.mark.parametrize("held", [True, False], ids=["old graphs held", "old graphs dropped"])
def test_a_reload_is_made_from_the_previous_graph_and_matches_a_fresh_build(
        graph_copy: Path, tmp_path: Path, held: bool) -> None:
    cache = FileCache(tmp_path / "cache")
    kg = load_graph(graph_copy, cache=cache)
    kept = [(kg, nx.MultiDiGraph(kg.graph))]
    for name, old, new in EDITS:
        path = graph_copy / name
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new) if old else text + new)
        if not held:
            kept.clear()
            del kg  # nothing but the cache holds it
        kg = load_graph(graph_copy, cache=cache)
        assert kg.report.updated, f"{name}: expected the graph made from the previous one"
        assert kg.report.parsed == [str(path)]
        fresh = load_graph(graph_copy, cache=False)
        assert_same(kg.graph, fresh.graph)
        assert kg.nodes == fresh.nodes and kg.grades == fresh.grades
        for before, snapshot in kept:  # every graph still held is as it was
            assert_same(before.graph, snapshot)
        if held:
            kept.append((kg, nx.MultiDiGraph(kg.graph)))


@pytest.mark.parametrize("held", [True, False], ids=["old graph held", "old graph dropped"])
def test_a_reload_after_an_edit_leaves_the_old_graph_as_it_was(graph_copy: Path, tmp_path: Path,
                                                              held: bool) -> None:
    cache = FileCache(tmp_path / "cache")
    first = load_graph(graph_copy, cache=cache)
    old_key = ("acupuncture", "adenosine", "increases")
    new_key = ("acupuncture", "adenosine", "modulates")
    assert first.graph.has_edge(*old_key) and not first.graph.has_edge(*new_key)
    snapshot = nx.MultiDiGraph(first.graph)
    old_edges = first.graph.number_of_edges()
    path = graph_copy / "mechanisms" / "adenosine.yaml"
    text = path.read_text()
    edge = "  - source: acupuncture\n    target: adenosine\n    relation: "
    assert edge + "increases\n" in text
    path.write_text(text.replace(edge + "increases\n", edge + "modulates\n"))
    if not held:
        del first
    second = load_graph(graph_copy, cache=cache)
    assert second.report.updated
    assert second.graph.has_edge(*new_key) and not second.graph.has_edge(*old_key)
    assert second.graph.number_of_edges() == old_edges
    assert set(second.graph["acupuncture"]["adenosine"]) == {"modulates"}
    assert list(second.graph.predecessors("adenosine")) == ["acupuncture"]
    assert_same(second.graph, load_graph(graph_copy, cache=False).graph)
    if held:
        assert first.graph.has_edge(*old_key) and not first.graph.has_edge(*new_key)
        assert set(first.graph["acupuncture"]["adenosine"]) == {"increases"}
        assert old_key in first.edges and new_key in second.edges
        assert_same(first.graph, snapshot)


def test_a_node_moved_to_another_file_stays_with_its_edges(graph_copy: Path,
                                                          tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "cache")
    first = load_graph(graph_copy, cache=cache)
    nodes = graph_copy / "nodes.yaml"
    text = nodes.read_text()
    block = text[text.index("  - id: acupuncture\n"):text.index("  - id: sham_acupuncture\n")]
    nodes.write_text(text.replace(block, ""))
    (graph_copy / "moved.yaml").write_text("nodes:\n" + block)
    second = load_graph(graph_copy, cache=cache)
    assert second.report.updated
    assert second.graph.nodes["acupuncture"]["file"] == str(graph_copy / "moved.yaml")
    assert first.graph.nodes["acupuncture"]["file"] == str(nodes)
    assert second.graph.out_degree("acupuncture") == first.graph.out_degree("acupuncture") > 0
    assert_same(second.graph, load_graph(graph_copy, cache=False).graph)


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


def test_a_folder_without_graph_files_is_a_problem_unless_allowed(tmp_path: Path) -> None:
    from mechgraph import check_graph

    (tmp_path / ".hidden.yaml").write_text("nodes: []\n")  # hidden files are not read
    (tmp_path / "sub").mkdir()
    with pytest.raises(GraphDataError) as caught:
        load_graph(tmp_path, cache=False)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.code) == (str(tmp_path), None, "no-graph-files")
    assert problem.message.startswith("no graph files (*.yaml) in this folder or its "
                                      "subfolders; point --graph at the folder")
    assert check_graph(tmp_path) == [problem]
    empty = load_graph(tmp_path, allow_empty=True)
    assert (empty.files, empty.graph.number_of_nodes()) == ([], 0)
    assert check_graph(tmp_path, allow_empty=True) == []
    # A file to be written counts: this is how the first edit of a new graph is checked.
    first = b"nodes:\n  - {id: a, label: A, kind: treatment}\n"
    assert check_graph(tmp_path, overrides={tmp_path / "nodes.yaml": first}) == []
    (tmp_path / "sub" / "nodes.yaml").write_bytes(first)
    assert list(load_graph(tmp_path).nodes) == ["a"]


def test_a_cold_load_keeps_the_positions_but_not_the_parse_trees(graph_copy: Path,
                                                                 tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "cache")
    first = load_graph(graph_copy, cache=cache)
    located = first.locations._located  # type: ignore[attr-defined]
    # The items point at documents that read positions from the file when asked ...
    assert all(loc.doc.data is None for kind in located.values() for loc in kind.values())
    assert str(first.locations["node", "acupuncture"]) == f"{graph_copy / 'nodes.yaml'}:7:5"
    # ... and are what the next load takes for every unchanged file.
    path = graph_copy / "clinical.yaml"
    path.write_text(path.read_text() + "# edited\n")
    second = load_graph(graph_copy, cache=cache)
    again = second.locations._located  # type: ignore[attr-defined]
    assert again["node"]["acupuncture"] is located["node"]["acupuncture"]
    edge = ("acupuncture", "chronic_low_back_pain", "decreases")
    assert again["edge"][edge] is not located["edge"][edge]  # clinical.yaml was read again
