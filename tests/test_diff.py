"""``mechgraph diff``: items added, removed and changed, from folders and git revisions."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import GRAPH, run_cli

from mechgraph import load_graph
from mechgraph.diff import _pair_evidence, diff_graphs
from mechgraph.model import Evidence

OLD_FINDING = "In animal pain models, electroacupuncture acted in part through opioids."
NEW_FINDING = "In animal pain models, electroacupuncture acted partly through opioid pathways."
EXTRA_NODE = """
  - id: test_only_node
    label: A node only the old graph has
    kind: process
"""
NEW_EDGE = """
  - source: endorphins
    target: back_disability
    relation: decreases
    evidence:
      - ref: example2024
        stance: supports
        finding: A made-up finding for this test.
        comparison: sham
"""
NEW_REFERENCE = """
  example2024:
    title: A made-up reference for this test
    year: 2024
    design: rct
    url: https://example.org/example2024
"""


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def _change(folder: Path) -> None:
    """The new side: an edge with evidence, a changed finding, a new reference."""
    endorphins = folder / "mechanisms" / "endorphins.yaml"
    _append(endorphins, NEW_EDGE)
    _edit(endorphins, OLD_FINDING, NEW_FINDING)
    _append(folder / "references.yaml", NEW_REFERENCE)


@pytest.fixture
def two_graphs(graph_copy: Path, tmp_path: Path) -> tuple[Path, Path]:
    old = graph_copy
    _edit(old / "nodes.yaml", "\nedges:", EXTRA_NODE + "\nedges:")
    new = tmp_path / "new"
    shutil.copytree(GRAPH, new)
    _change(new)
    return old, new


def test_folders_text(two_graphs: tuple[Path, Path]) -> None:
    old, new = two_graphs
    result = run_cli("diff", str(old), str(new))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"""\
{old} -> {new}
nodes (-1)
  - test_only_node: A node only the old graph has (process)
edges (+1)
  + endorphins -decreases-> back_disability
      + example2024 supports vs sham: A made-up finding for this test.
evidence (~1)
  ~ acupuncture -increases-> endorphins: zhang2014 supports
      finding: changed: In animal pain models, electroacupuncture acted [-in part-] {{+partly+}} \
through [-opioids.-] {{+opioid pathways.+}}
references (+1)
  + example2024: A made-up reference for this test (2024, rct) https://example.org/example2024

summary: nodes +0 -1 ~0 · edges +1 -0 ~0 · evidence +0 -0 ~1 · references +1 -0 ~0 \
· sources +0 -0 ~0 · claims +0 -0 ~0 · expectations +0 -0 ~0
"""


def test_folders_json(two_graphs: tuple[Path, Path]) -> None:
    old, new = two_graphs
    data = json.loads(run_cli("diff", str(old), str(new), "--json").stdout)
    assert data["old"] == str(old) and data["new"] == str(new) and data["different"] is True
    assert data["counts"] == {
        "nodes": {"added": 0, "removed": 1, "changed": 0, "renamed": 0},
        "edges": {"added": 1, "removed": 0, "changed": 0, "renamed": 0},
        "evidence": {"added": 0, "removed": 0, "changed": 1, "renamed": 0},
        "references": {"added": 1, "removed": 0, "changed": 0, "renamed": 0},
        "sources": {"added": 0, "removed": 0, "changed": 0, "renamed": 0},
        "claims": {"added": 0, "removed": 0, "changed": 0, "renamed": 0},
        "expectations": {"added": 0, "removed": 0, "changed": 0, "renamed": 0}}
    assert data["nodes"] == [{
        "status": "removed", "id": "test_only_node", "new": None, "changes": [],
        "old": {"id": "test_only_node", "label": "A node only the old graph has",
                "kind": "process", "framework": "biomedical", "description": None,
                "plain": None, "synonyms": [], "xrefs": [], "module": None, "evidence": [],
                "control": False}}]
    [edge] = data["edges"]
    assert (edge["status"], edge["source"], edge["target"], edge["relation"]) == (
        "added", "endorphins", "back_disability", "decreases")
    assert edge["new"]["evidence"] == [{"ref": "example2024", "stance": "supports",
                                        "finding": "A made-up finding for this test.",
                                        "comparison": "sham", "quote": None}]
    [evidence] = data["evidence"]
    assert evidence["status"] == "changed" and evidence["ref"] == "zhang2014"
    assert evidence["changes"] == [{"field": "finding", "old": OLD_FINDING,
                                    "new": NEW_FINDING}]
    assert [(r["status"], r["key"], r["new"]["url"]) for r in data["references"]] == [
        ("added", "example2024", "https://example.org/example2024")]


def test_markdown_shape_and_links(two_graphs: tuple[Path, Path]) -> None:
    old, new = two_graphs
    _edit(new / "references.yaml", "    note: Review of animal work with electroacupuncture.",
          "    note: A review of animal work.")
    result = run_cli("diff", str(old), str(new), "--format", "markdown")
    assert result.returncode == 0
    md = result.stdout
    assert md.startswith(f"## Graph changes: `{old}` → `{new}`\n\n"
                         "| | added | removed | changed |\n|---|---:|---:|---:|\n"
                         "| nodes | 0 | 1 | 0 |\n| edges | 1 | 0 | 0 |\n"
                         "| evidence | 0 | 0 | 1 |\n| references | 1 | 0 | 1 |\n")
    for heading in ("### Nodes", "### Edges", "### Evidence", "### References"):
        assert f"\n{heading}\n\n- **" in md
    assert ("- **changed** [`han2004`](https://doi.org/10.1016/j.neulet.2003.12.019): "
            "Acupuncture and endorphins (2004, narrative-review) — DOI "
            "[10.1016/j.neulet.2003.12.019](https://doi.org/10.1016/j.neulet.2003.12.019), "
            "PMID [15135942](https://pubmed.ncbi.nlm.nih.gov/15135942/)\n"
            "  - `note`: `Review of animal work with electroacupuncture.` → "
            "`A review of animal work.`\n") in md
    assert ("  - evidence: [`example2024`](https://example.org/example2024) supports vs sham: "
            "A made-up finding for this test.\n") in md
    assert "acted ~~in part~~ **partly** through ~~opioids.~~ **opioid pathways.**" in md
    assert "- **removed** `test\\_only\\_node`" not in md  # ids are code, not escaped text
    assert "- **removed** `test_only_node`: A node only the old graph has (process)\n" in md


def test_no_differences_and_exit_code(two_graphs: tuple[Path, Path], tmp_path: Path) -> None:
    shutil.copytree(GRAPH, tmp_path / "same")
    same = run_cli("diff", str(GRAPH), str(tmp_path / "same"), "--exit-code")
    assert same.returncode == 0
    assert same.stdout.splitlines()[1:] == [
        "no differences", "",
        "summary: nodes +0 -0 ~0 · edges +0 -0 ~0 · evidence +0 -0 ~0 · references +0 -0 ~0 "
        "· sources +0 -0 ~0 · claims +0 -0 ~0 · expectations +0 -0 ~0"]
    old, new = two_graphs
    assert run_cli("diff", str(old), str(new), "--exit-code").returncode == 1
    assert run_cli("diff", str(old), str(new)).returncode == 0


def test_reformatting_and_moving_items_is_no_change(graph_copy: Path) -> None:
    # Moving a reference to another file and reordering keys changes no item.
    refs = graph_copy / "references.yaml"
    _edit(refs, "  han2004:\n    title: Acupuncture and endorphins\n    authors: Han JS\n",
          "  han2004:\n    authors: Han JS\n    title: Acupuncture and endorphins\n")
    assert not diff_graphs(load_graph(GRAPH), load_graph(graph_copy))


def test_evidence_pairing_keeps_repeated_citations_apart() -> None:
    def ev(stance: str, comparison: str | None, finding: str = "f") -> Evidence:
        return Evidence(ref="r", stance=stance, comparison=comparison, finding=finding)

    old = [ev("supports", "usual_care"), ev("refutes", "sham")]
    new = [ev("refutes", "sham", "g"), ev("supports", "usual_care"), ev("inconclusive", None)]
    pairs, removed, added = _pair_evidence(old, new)
    assert pairs == [(old[0], new[1]), (old[1], new[0])]
    assert (removed, added) == ([], [new[2]])
    # A changed stance is a change of the same item, not a removal and an addition.
    pairs, removed, added = _pair_evidence([ev("supports", "sham")], [ev("refutes", "sham")])
    assert len(pairs) == 1 and not removed and not added


# --- git revisions ---------------------------------------------------------------------

def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=Test",
                           "-c", "user.email=test@example.org", *args],
                          capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(GRAPH, repo / "data" / "graph")
    _git(repo.parent, "init", "-q", "-b", "main", str(repo))
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "seed")
    _change(repo / "data" / "graph")
    _git(repo, "commit", "-q", "-am", "change")
    return repo


def test_two_revisions(repo: Path) -> None:
    graph = repo / "data" / "graph"
    head = _git(repo, "rev-parse", "HEAD")
    (graph / "nodes.yaml").write_text((graph / "nodes.yaml").read_text() + "# local edit\n")
    status = _git(repo, "status", "--porcelain")
    result = run_cli("diff", "HEAD~1", "HEAD", "--graph", str(graph), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["old"], data["new"]) == ("HEAD~1:data/graph", "HEAD:data/graph")
    assert data["counts"]["edges"]["added"] == 1
    assert data["counts"]["evidence"]["changed"] == 1
    assert data["counts"]["references"]["added"] == 1
    # Work tree, index and HEAD are untouched.
    assert _git(repo, "rev-parse", "HEAD") == head
    assert _git(repo, "status", "--porcelain") == status
    # One revision: against the graph folder as it is on disk (cwd inside the repository).
    one = run_cli("diff", "HEAD~1", "--graph", "data/graph", cwd=repo)
    assert one.returncode == 0, one.stderr
    assert one.stdout.startswith("HEAD~1:data/graph -> data/graph\n")
    assert "  + endorphins -decreases-> back_disability\n" in one.stdout
    assert run_cli("diff", "--graph", str(graph), "--exit-code").returncode == 0  # HEAD = disk


def test_bad_revision_and_not_in_git(repo: Path, graph_copy: Path) -> None:
    bad = run_cli("diff", "no-such-branch", "--graph", str(repo / "data" / "graph"))
    assert bad.returncode == 1 and bad.stdout == ""
    assert bad.stderr == (f"mechgraph: error: 'no-such-branch' is neither a folder nor a git "
                          f"revision of {repo} (try a branch, a tag, a commit or HEAD~1)\n")
    outside = run_cli("diff", "HEAD", "--graph", str(graph_copy))
    assert outside.returncode == 1
    assert "is not in a git repository" in outside.stderr
    missing = run_cli("diff", "HEAD", "--graph", str(repo / "other"))
    assert missing.returncode == 1
    assert missing.stderr.startswith("mechgraph: error: the graph folder 'other' does not "
                                     "exist at revision ")


def test_invalid_revision_is_reported_with_its_name(repo: Path) -> None:
    graph = repo / "data" / "graph"
    (graph / "bad.yaml").write_text("nodes:\n  - id: x\n    label: X\n    kind: thing\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "bad")
    result = run_cli("diff", "HEAD~1", "HEAD", "--graph", str(graph))
    assert result.returncode == 1
    assert result.stderr.startswith("HEAD:data/graph/bad.yaml:4:11: nodes[0].kind: unknown "
                                    "kind 'thing'")
    assert "Traceback" not in result.stderr


def test_readme_output_is_real(graph_copy: Path) -> None:
    readme = (GRAPH.parent / "README.md").read_text()
    shown = readme.split("$ mechgraph diff\n", 1)[1].split("```", 1)[0]
    endorphins = graph_copy / "mechanisms" / "endorphins.yaml"
    _edit(endorphins, "Natural pain-relieving chemicals made by the body. In animal studies, "
          "needles with a\n      small electric current made the body release them.",
          "Natural painkillers made by the body. In animal studies, needles carrying a small\n"
          "      electric current made the body release them.")
    _edit(endorphins, "      - dynorphin\n", "      - dynorphin\n      - endorphin\n")
    result = run_cli("diff", "graph", str(graph_copy))
    assert result.stdout.splitlines()[1:] == shown.splitlines()[1:]
    assert shown.splitlines()[0] == "HEAD:graph -> graph"


def test_removed_edge_evidence_and_changed_fields(graph_copy: Path) -> None:
    (graph_copy / "mechanisms" / "cortical_remapping.yaml").unlink()
    clinical = graph_copy / "clinical.yaml"
    _edit(clinical, "      - ref: vickers2012\n        stance: supports\n        finding: >-\n"
          "          For back and neck pain analysed together (not low back pain alone), "
          "acupuncture\n          was 0.23 SD better than sham, a gap the authors called "
          "relatively modest.\n        comparison: sham\n", "")
    _edit(clinical, ", a small difference.\n        comparison: sham\n",
          ", a small difference.\n        comparison: usual_care\n")
    _edit(clinical, "      The back-pain-specific syntheses are weaker",
          "      The back-pain-specific syntheses are feebler")
    new = load_graph(graph_copy)
    diff = diff_graphs(load_graph(GRAPH), new)
    assert diff.counts() == {
        "nodes": {"added": 0, "removed": 1, "changed": 0, "renamed": 0},
        "edges": {"added": 0, "removed": 1, "changed": 1, "renamed": 0},
        "evidence": {"added": 0, "removed": 1, "changed": 1, "renamed": 0},
        "references": {"added": 0, "removed": 0, "changed": 0, "renamed": 0},
        "sources": {"added": 0, "removed": 0, "changed": 0, "renamed": 0},
        "claims": {"added": 0, "removed": 0, "changed": 0, "renamed": 0},
        "expectations": {"added": 0, "removed": 0, "changed": 0, "renamed": 0}}
    text = diff.to_text()
    assert "  - acupuncture -modulates-> s1_cortical_remapping\n      - maeda2017 " in text
    edge = "acupuncture -decreases-> chronic_low_back_pain"
    assert f"  ~ {edge}\n      description: changed: " in text
    assert "[-weaker-] {+feebler+}" in text
    assert (f"evidence (-1 ~1)\n  - {edge}: vickers2012 supports vs sham: For back and neck "
            "pain analysed together (not low back pain alone), acupuncture was 0.23 SD "
            "better than sham, a gap the authors called "
            f"relatively modest.\n  ~ {edge}: vickers2018 supports vs usual_care\n"
            "      comparison: 'sham' -> 'usual_care'\n") in text


def test_diff_shows_an_edge_added_with_mechgraph_add(graph_copy: Path) -> None:
    added = run_cli("add", "edge", "--graph", str(graph_copy), "--source", "endorphins",
                    "--target", "back_disability", "--relation", "decreases", "--ref",
                    "han2004", "--stance", "inconclusive", "--finding",
                    "A made-up finding for this test.")
    assert added.returncode == 0, added.stderr
    data = json.loads(run_cli("diff", str(GRAPH), str(graph_copy), "--json").stdout)
    assert {s: c for s, c in data["counts"].items() if any(c.values())} == {
        "edges": {"added": 1, "removed": 0, "changed": 0, "renamed": 0}}
    [edge] = data["edges"]
    assert (edge["source"], edge["target"], edge["relation"]) == (
        "endorphins", "back_disability", "decreases")
    assert edge["new"]["evidence"] == [{"ref": "han2004", "stance": "inconclusive",
                                        "finding": "A made-up finding for this test.",
                                        "comparison": None, "quote": None}]


def test_expectations_are_compared_and_follow_a_renamed_node(graph_copy: Path,
                                                             tmp_path: Path) -> None:
    new = tmp_path / "new"
    shutil.copytree(graph_copy, new)
    path = new / "expectations.yaml"
    text = path.read_text()
    assert text.count("    overall: decreases\n") == 3
    path.write_text(text.replace("    overall: decreases\n", "    overall: ambiguous\n", 1)
                    .replace("  - id: sham_no_direct_link\n", "  - id: sham_has_no_direct_link\n"))
    result = run_cli("diff", str(graph_copy), str(new))
    assert result.returncode == 0, result.stderr
    assert ("expectations (+1 -1 ~1)\n"
            "  + expectation sham_has_no_direct_link: sham_acupuncture -> chronic_low_back_pain\n"
            "  - expectation sham_no_direct_link: sham_acupuncture -> chronic_low_back_pain\n"
            "  ~ expectation acupuncture_overall_decreases\n"
            "      overall: 'decreases' -> 'ambiguous'\n") in result.stdout
    assert result.stdout.rstrip().endswith("· expectations +1 -1 ~1")
    data = json.loads(run_cli("diff", str(graph_copy), str(new), "--json").stdout)
    assert data["counts"]["expectations"] == {"added": 1, "removed": 1, "changed": 1,
                                              "renamed": 0}
    assert data["expectations"][2]["id"] == "acupuncture_overall_decreases"
    # A node renamed with mechgraph rename: its expectations followed it, no change.
    assert run_cli("rename", "node", "qi", "vital_energy", "--graph", str(new),
                   "--author", "T").returncode == 0
    after = diff_graphs(load_graph(graph_copy), load_graph(new))
    assert after.counts()["expectations"]["changed"] == 1  # the overall above, only
