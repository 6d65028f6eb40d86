"""``mechgraph import drugmechdb``: the installed command on a verbatim sample of
DrugMechDB (``tests/data/drugmechdb``), checked against what the sample itself says."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import yaml
from conftest import ROOT, run_cli

import mechgraph
from mechgraph.importers.biolink import (
    CLASS_KIND,
    PREDICATE_RELATION,
    UNMAPPED_PREDICATES,
    normal_curie,
)

SAMPLE = ROOT / "tests" / "data" / "drugmechdb" / "indication_paths_sample.yaml"
PATHS: list[dict[str, Any]] = yaml.safe_load(SAMPLE.read_text())
KEPT = [p for p in PATHS if not re.match(r"\s*contraindicated", str(p.get("comment", "")),
                                         re.I)]
FORMAT = (ROOT / "docs" / "format.md").read_text()


def node_id(curie: str) -> str:
    """The id rule of docs/format.md, written again here: lower case, other runs -> '_'."""
    slug = re.sub(r"[^a-z0-9]+", "_", curie.lower()).strip("_")
    return slug if slug[0].isalpha() else f"n_{slug}"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("dmdb") / "out"
    result = run_cli("import", "drugmechdb", str(SAMPLE), str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return out, result.stdout


@pytest.fixture(scope="module")
def kg(imported: tuple[Path, str]) -> mechgraph.MechGraph:
    return mechgraph.load_graph(imported[0])


def test_import_writes_a_graph_that_validates(imported: tuple[Path, str]) -> None:
    out, stdout = imported
    assert stdout.startswith(f"DrugMechDB: {len(PATHS)} records read -> ")
    assert f"wrote {out}; check it with: mechgraph validate {out}" in stdout
    result = run_cli("validate", str(out))
    assert result.returncode == 0, result.stdout
    assert result.stdout.endswith("no errors\n")


def test_one_node_per_curie_with_its_names_and_xrefs(kg: mechgraph.MechGraph) -> None:
    names: dict[str, Counter[str]] = {}
    for path in KEPT:
        here: set[str] = set()
        for node in path["nodes"]:  # a node listed twice in a path counts once
            name = " ".join(node["name"].split())
            names.setdefault(node["id"], Counter())[name] += node["id"] not in here
            here.add(node["id"])
    assert set(kg.graph.nodes) == {node_id(c) for c in names}
    for curie, counts in names.items():
        data = kg.graph.nodes[node_id(curie)]
        label = max(counts, key=lambda k: counts[k])  # most paths; first seen on a tie
        assert data["label"] == label
        folded, synonyms = {label.casefold()}, []
        for name, _ in counts.most_common():  # other names, most paths first
            if name.casefold() not in folded:
                folded.add(name.casefold())
                synonyms.append(name)
        assert data["synonyms"] == synonyms
        assert data["xrefs"][0] == normal_curie(curie)
        assert data.get("plain") is None  # never invented
    cox = kg.graph.nodes["uniprot_p23219"]
    assert (cox["label"], cox["synonyms"]) == ("Cox-1", ["COX", "COX Genes"])
    assert kg.graph.nodes["mesh_d000068877"]["xrefs"] == ["MESH:D000068877", "DRUGBANK:DB00619"]


def test_kinds_follow_the_biolink_class_table(kg: mechgraph.MechGraph) -> None:
    classes: dict[str, Counter[str]] = {}
    for path in KEPT:
        for node in path["nodes"]:
            classes.setdefault(node["id"], Counter())[node["label"]] += 1
    for curie, counts in classes.items():
        data = kg.graph.nodes[node_id(curie)]
        assert data["kind"] == CLASS_KIND[max(counts, key=lambda k: counts[k])]
        # The description says the class(es) and the source, nothing else.
        assert data["description"] == f"Biolink class: {', '.join(counts)} (DrugMechDB)."
    assert kg.graph.nodes["mesh_d015464"]["kind"] == "condition"
    assert kg.graph.nodes["ncbitaxon_622"]["kind"] == "concept"


def test_every_predicate_is_mapped_as_documented(imported: tuple[Path, str],
                                                kg: mechgraph.MechGraph) -> None:
    # The table in docs/format.md is the table in the code, row for row.
    rows = [(r, preds) for r, preds in re.findall(
        r"^\| `?([a-z_]+|\(left out\))`? \| (.+?) \| .+ \|$", FORMAT, re.M)
        if r in PREDICATE_RELATION.values() or r == "(left out)"]
    documented = {p: r for r, preds in rows for p in re.findall(r"`([^`]+)`", preds)
                  if r != "(left out)"}
    assert documented == PREDICATE_RELATION
    assert {p for r, preds in rows if r == "(left out)"
            for p in re.findall(r"`([^`]+)`", preds)} == set(UNMAPPED_PREDICATES)
    # Every link of the sample is an edge with its predicate's relation (or counted out).
    links = Counter()
    for path in KEPT:
        for link in path["links"]:
            key = link["key"]
            links[key] += 1
            if key in UNMAPPED_PREDICATES or link["source"] == link["target"]:
                continue
            edge = (node_id(link["source"]), node_id(link["target"]), PREDICATE_RELATION[key])
            assert kg.graph.has_edge(*edge), (link, edge)
            assert f'"{key}"' in kg.graph.edges[edge]["description"]
    report = imported[1]
    for key, n in links.items():
        if key in UNMAPPED_PREDICATES:
            assert f"{n:>7,}  a link with predicate '{key}'" in report
        else:
            assert f"{n:>7,}  predicate '{key}' -> relation {PREDICATE_RELATION[key]}" in report


def test_edges_are_curated_and_evidence_only_cites_what_drugmechdb_cites(
        kg: mechgraph.MechGraph) -> None:
    for _, _, data in kg.graph.edges(data=True):
        assert data["curated_in"] == "DrugMechDB"
        for item in data["evidence"] or []:
            assert item["stance"] == "supports"
            assert item["finding"].startswith("DrugMechDB cites this reference for ")
    refs = kg.graph.graph["references"]
    for ref in refs.values():
        assert (ref["year"], ref["design"], ref["subjects"]) == ("unknown",) * 3
        assert ref.get("title") is None and ref.get("authors") is None
    cited = {link for p in KEPT for field in [p.get("reference", "")]
             + [n.get("reference", "") for n in p["nodes"]]
             + [link.get("reference", "") for link in p["links"]] for link in field.split()}
    made = {f"https://pubmed.ncbi.nlm.nih.gov/{r['pmid']}/" if r.get("pmid") else r["url"]
            for r in refs.values()}
    assert made == cited
    # A link's own reference is evidence on that edge only.
    edge = kg.graph.edges["uniprot_p41180", "uniprot_o15528", "decreases"]
    assert {e["ref"] for e in edge["evidence"]} >= {"pmid_23566108"}
    assert "for this link ('decreases activity of')" in next(
        e["finding"] for e in edge["evidence"] if e["ref"] == "pmid_23566108")
    # No reference: no evidence, graded ungraded.
    imatinib = kg.graph.edges["mesh_d000068877", "uniprot_p00519", "decreases"]
    assert not imatinib["evidence"] and imatinib["evidence_level"] == "ungraded"


def test_left_out_and_counted(imported: tuple[Path, str], kg: mechgraph.MechGraph) -> None:
    report = imported[1]
    assert not kg.graph.has_node("mesh_d003320")  # medrysone -> Corneal ulcer: contraindicated
    assert "      1  a path whose comment marks it 'Contraindicated'" in report
    assert "      1  a path's comment (the format has no place" in report
    assert "      1  a link from a node to itself" in report
    assert not kg.graph.has_edge("uniprot_p01275", "uniprot_p01275")


def paths_from_sample(drug: str, disease: str) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Every drug -> disease path of at most 6 steps through the sample's links, computed
    from the sample alone (the mapping table is the one tested above)."""
    g = nx.MultiDiGraph()
    for path in KEPT:
        for link in path["links"]:
            relation = PREDICATE_RELATION.get(link["key"])
            if relation and link["source"] != link["target"]:
                g.add_edge(node_id(link["source"]), node_id(link["target"]), key=relation)
    found = set()
    for edges in nx.all_simple_edge_paths(g, drug, disease, cutoff=6):
        found.add(((drug, *(t for _, t, _ in edges)), tuple(k for _, _, k in edges)))
    return found


@pytest.mark.parametrize(("drug", "disease"), [
    ("mesh_d000068877", "mesh_d015464"),  # imatinib -> CML (ph+)
    ("mesh_d000082", "mesh_d010146"),  # acetaminophen -> Pain
    ("mesh_d001241", "mesh_d013927"),  # acetylsalicylic acid -> Thrombosis
])
def test_paths_match_the_sample(imported: tuple[Path, str], drug: str, disease: str) -> None:
    result = run_cli("paths", "--graph", str(imported[0]), "--json", drug, disease)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert not answer["truncated"]
    got = {(tuple(p["nodes"]), tuple(p["relations"])) for p in answer["paths"]}
    expected = paths_from_sample(drug, disease)
    assert expected and got == expected
    # The indication's own path is among them.
    own = next(p for p in KEPT if node_id(p["graph"]["disease_mesh"]) == disease
               and node_id(p["graph"]["drug_mesh"]) == drug)
    first = own["links"][0]
    assert any(nodes[1] == node_id(first["target"]) for nodes, _ in got)


def test_missing_file_fails_cleanly(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("import", "drugmechdb", str(tmp_path / "nope.yaml"), str(out))
    assert result.returncode == 1
    assert result.stderr == (f"mechgraph: error: '{tmp_path / 'nope.yaml'}': no such file "
                             "(give DrugMechDB's indication_paths.yaml)\n")
    assert not out.exists()


@pytest.mark.parametrize(("text", "message"), [
    ("nodes:\n- id: a\n", "is not DrugMechDB indication paths: expected a list of paths"),
    ("- graph: {}\n  nodes: []\n", "is not DrugMechDB indication paths: item 1 is not a path"),
    ("- [unclosed\n", "is not YAML:"),
])
def test_not_drugmechdb_fails_cleanly(tmp_path: Path, text: str, message: str) -> None:
    source = tmp_path / "paths.yaml"
    source.write_text(text)
    out = tmp_path / "out"
    result = run_cli("import", "drugmechdb", str(source), str(out))
    assert result.returncode == 1
    assert result.stderr.startswith(f"mechgraph: error: '{source}' {message}")
    assert not out.exists()


def test_non_empty_out_is_left_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.yaml").write_text("nodes: []\n")
    result = run_cli("import", "drugmechdb", str(SAMPLE), str(out))
    assert result.returncode == 1
    assert result.stderr == (f"mechgraph: error: the folder '{out}' is not empty; give a new "
                             "folder, or add --force to replace it\n")
    assert [p.name for p in out.iterdir()] == ["mine.yaml"]
    assert (out / "mine.yaml").read_text() == "nodes: []\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left behind
    forced = run_cli("import", "drugmechdb", "--force", "--json", str(SAMPLE), str(out))
    assert forced.returncode == 0, forced.stderr
    assert json.loads(forced.stdout)["records"] == len(PATHS)
    assert not (out / "mine.yaml").exists()


def test_the_newer_layout_of_references_and_comments(tmp_path: Path) -> None:
    """DrugMechDB at a5c984c: reference lists, DOI: identifiers, a 'references' field and
    misspelt comment fields, all read; nothing is dropped for its layout."""
    sample = SAMPLE.with_name("indication_paths_a5c984c_sample.yaml")
    out = tmp_path / "graph"
    result = run_cli("import", "drugmechdb", str(sample), str(out), "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["records"] == 4
    dropped = {d["reason"]: d["count"] for d in report["dropped"]}
    assert not any("not an http(s) link" in r or "path field" in r for r in dropped), dropped
    refs = mechgraph.load_graph(out).references
    source = yaml.safe_load(sample.read_text(encoding="utf-8"))
    cited = [word for p in source for key in ("reference", "references")
             for item in (p.get(key) if isinstance(p.get(key), list) else [p.get(key)])
             for word in str(item or "").split()]
    assert len(refs) == len(set(cited))
    assert sum(1 for r in refs.values() if r.doi) == sum(
        1 for c in set(cited) if c.lower().startswith("doi:"))
    assert sum(1 for r in refs.values() if r.pmid) == sum(1 for c in set(cited) if "pubmed" in c)
    assert all(r.year == "unknown" and r.design == "unknown" and r.title is None
               for r in refs.values())
