"""``mechgraph diff`` shows a renamed node or reference as a rename (:mod:`mechgraph.diffrename`):
its edges, evidence and claims follow it without showing as removed and added; two folders
made by hand (the seed graph, and a copy with the id rewritten in every file)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import GRAPH, run_cli

from mechgraph import load_graph
from mechgraph.diff import diff_graphs
from mechgraph.diffrename import find_renames

NEW_ID = "endogenous_opioids"
EMPTY = ("edges +0 -0 ~0 · evidence +0 -0 ~0 · references +0 -0 ~0 · sources +0 -0 ~0 · "
         "claims +0 -0 ~0 · expectations +0 -0 ~0")


def _rewrite(folder: Path, pattern: str, replacement: str) -> int:
    """Rewrite ``pattern`` in every graph file of ``folder``; the number of rewrites."""
    total = 0
    for path in sorted(folder.rglob("*.yaml")):
        text, n = re.subn(pattern, replacement, path.read_text())
        if n:
            path.write_text(text)
            total += n
    return total


def _rename_node(folder: Path, old: str, new: str) -> None:
    """A node renamed by hand: its id, and every edge and claim that names it."""
    n = _rewrite(folder, rf"(\b(?:id|source|target): ){old}\b", rf"\g<1>{new}")
    assert n >= 6  # the node, its edges in three files, two claim links


def _rename_reference(folder: Path, old: str, new: str) -> None:
    n = _rewrite(folder, rf"(?m)(^  |\bref: |\bclosest: ){old}\b", rf"\g<1>{new}")
    assert n >= 3


@pytest.fixture
def renamed(tmp_path: Path) -> tuple[Path, Path]:
    new = tmp_path / "new"
    shutil.copytree(GRAPH, new)
    _rename_node(new, "endorphins", NEW_ID)
    return GRAPH, new


def test_a_renamed_node_is_one_rename_in_text(renamed: tuple[Path, Path]) -> None:
    old, new = renamed
    result = run_cli("diff", str(old), str(new))
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"{old} -> {new}\nnodes (>1)\n"
                             f"  > renamed node endorphins -> {NEW_ID}\n\n"
                             f"summary: nodes +0 -0 ~0 >1 · {EMPTY}\n")


def test_a_renamed_node_in_json(renamed: tuple[Path, Path]) -> None:
    old, new = renamed
    data = json.loads(run_cli("diff", str(old), str(new), "--json").stdout)
    assert data["counts"]["nodes"] == {"added": 0, "removed": 0, "changed": 0, "renamed": 1}
    [node] = data["nodes"]
    assert (node["status"], node["id"], node["old_id"], node["changes"]) == (
        "renamed", NEW_ID, "endorphins", [])
    assert node["old"]["id"] == "endorphins" and node["new"]["id"] == NEW_ID
    assert data["edges"] == data["evidence"] == data["claims"] == []


def test_a_renamed_node_with_a_new_label_shows_the_change_under_it(
        renamed: tuple[Path, Path]) -> None:
    old, new = renamed
    assert _rewrite(new, r"label: Endorphins and other endogenous opioids",
                    "label: Endogenous opioids") == 1
    text = run_cli("diff", str(old), str(new)).stdout
    assert (f"nodes (>1)\n  > renamed node endorphins -> {NEW_ID}\n"
            "      label: 'Endorphins and other endogenous opioids' -> 'Endogenous opioids'\n"
            "\nsummary: nodes +0 -0 ~0 >1 · ") in text
    markdown = run_cli("diff", str(old), str(new), "--format", "markdown").stdout
    assert "| nodes | 0 | 0 | 0 |" in markdown  # the table keeps its columns
    assert (f"### Nodes\n\n- **renamed** node `endorphins` → `{NEW_ID}`\n"
            "  - `label`: `Endorphins and other endogenous opioids` → `Endogenous opioids`\n"
            ) in markdown


def test_an_edge_of_a_renamed_node_that_also_changed_is_a_change(
        renamed: tuple[Path, Path]) -> None:
    old, new = renamed
    n = _rewrite(new, r"(  - source: acupuncture\n    target: endogenous_opioids\n"
                      r"    relation: increases\n    description: >-\n)      Animal work",
                 r"\g<1>      Animal studies")
    assert n == 1
    d = diff_graphs(load_graph(old), load_graph(new))
    assert [(c.status, c.key) for c in d.items["edges"]] == [
        ("changed", ("acupuncture", NEW_ID, "increases"))]
    assert [c.field for c in d.items["edges"][0].changes] == ["description"]
    assert d.items["evidence"] == []


def test_a_renamed_reference_moves_its_evidence_and_claims(tmp_path: Path) -> None:
    new = tmp_path / "new"
    shutil.copytree(GRAPH, new)
    _rename_reference(new, "zhao2008", "zhao2008_review")
    _rename_reference(new, "vickers2018", "vickers2018_ipd")  # cited by a claim too
    result = run_cli("diff", str(GRAPH), str(new))
    assert result.stdout == (
        f"{GRAPH} -> {new}\nreferences (>2)\n"
        "  > renamed reference vickers2018 -> vickers2018_ipd\n"
        "  > renamed reference zhao2008 -> zhao2008_review\n\n"
        "summary: nodes +0 -0 ~0 · edges +0 -0 ~0 · evidence +0 -0 ~0 · references +0 -0 ~0 "
        ">2 · sources +0 -0 ~0 · claims +0 -0 ~0 · expectations +0 -0 ~0\n")
    data = json.loads(run_cli("diff", str(GRAPH), str(new), "--json").stdout)
    assert [(r["status"], r["key"], r["old_key"]) for r in data["references"]] == [
        ("renamed", "vickers2018_ipd", "vickers2018"),
        ("renamed", "zhao2008_review", "zhao2008")]


def test_a_node_and_a_reference_renamed_together(renamed: tuple[Path, Path]) -> None:
    old, new = renamed
    _rename_reference(new, "zhao2008", "zhao2008_review")
    renames = find_renames(load_graph(old), load_graph(new))
    assert renames.nodes == {"endorphins": NEW_ID}
    assert renames.references == {"zhao2008": "zhao2008_review"}
    d = diff_graphs(load_graph(old), load_graph(new))
    assert {s: c for s, c in d.counts().items() if any(c.values())} == {
        "nodes": {"added": 0, "removed": 0, "changed": 0, "renamed": 1},
        "references": {"added": 0, "removed": 0, "changed": 0, "renamed": 1}}


def test_a_different_node_is_still_a_removal_and_an_addition(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    node = "nodes:\n  - {{id: {}, label: {}, kind: concept}}\n"
    old.mkdir()
    new.mkdir()
    (old / "g.yaml").write_text(node.format("qi", "Qi"))
    (new / "g.yaml").write_text(node.format("shen", "Shen"))
    d = diff_graphs(load_graph(old), load_graph(new))
    assert [(c.status, c.key) for c in d.items["nodes"]] == [("added", ("shen",)),
                                                             ("removed", ("qi",))]
    # With the same fields and no edges, it is a rename.
    (new / "g.yaml").write_text(node.format("qi_energy", "Qi"))
    d = diff_graphs(load_graph(old), load_graph(new))
    assert [(c.status, c.key, c.old_key) for c in d.items["nodes"]] == [
        ("renamed", ("qi_energy",), ("qi",))]


def test_edges_that_do_not_follow_are_not_a_rename(renamed: tuple[Path, Path]) -> None:
    old, new = renamed
    # The new node loses an edge the old one had: not the same node moved.
    text = (new / "mechanisms" / "endorphins.yaml").read_text()
    start = text.index("  - source: acupuncture\n    target: endogenous_opioids")
    end = text.index("\n  - source:", start + 1)
    (new / "mechanisms" / "endorphins.yaml").write_text(text[:start] + text[end + 1:])
    _rewrite(new, r"          - \{source: acupuncture, target: endogenous_opioids, "
                  r"relation: increases\}\n", "")
    d = diff_graphs(load_graph(old), load_graph(new))
    assert not [c for c in d.items["nodes"] if c.status == "renamed"]
    assert {c.status for c in d.items["nodes"]} == {"added", "removed"}


def test_two_neighbours_renamed_together(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    graph = ("nodes:\n  - {{id: {a}, label: A, kind: concept}}\n"
             "  - {{id: {b}, label: B, kind: concept}}\n"
             "  - {{id: c, label: C, kind: concept}}\n"
             "edges:\n  - {{source: {a}, target: {b}, relation: increases, claimed_by: x}}\n"
             "  - {{source: {b}, target: c, relation: decreases, claimed_by: x}}\n")
    (old / "g.yaml").write_text(graph.format(a="a1", b="b1"))
    (new / "g.yaml").write_text(graph.format(a="a2", b="b2"))
    d = diff_graphs(load_graph(old), load_graph(new))
    assert [(c.status, c.key, c.old_key) for c in d.items["nodes"]] == [
        ("renamed", ("a2",), ("a1",)), ("renamed", ("b2",), ("b1",))]
    assert d.items["edges"] == []
