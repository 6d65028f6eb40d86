"""``mechgraph import kgx``: a round trip through ``mechgraph export kgx`` gives back the
seed graph minus exactly the documented losses; other Biolink KGX files; bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, run_cli

import mechgraph
from mechgraph.importers.biolink import curie_id
from mechgraph.importers.kgx import FINDING, ROUND_TRIP_LOSSES

FORMAT = (ROOT / "docs" / "format.md").read_text()


def one_line(text: str | None) -> str | None:
    """A text as a TSV cell carries it: on one line, runs of spaces as one space."""
    return " ".join(text.split()) if text else None


def reference_key(ref: dict[str, Any]) -> str:
    return f"pmid_{ref['pmid']}" if ref.get("pmid") else curie_id(f"doi:{ref['doi']}")[:60]


def through_kgx(kg: mechgraph.MechGraph) -> tuple[dict[str, Any], dict[Any, Any],
                                                   dict[str, Any]]:
    """What the seed graph should become after the round trip, by ROUND_TRIP_LOSSES."""
    g = kg.graph
    refs = g.graph["references"]
    kept = {n for n, data in g.nodes(data=True) if data["framework"] != "traditional"}
    nodes = {}
    for n in kept:
        node = kg.nodes[n]
        kind = "condition" if node.kind == "adverse_effect" else node.kind
        nodes[n] = {"id": n, "label": one_line(node.label), "kind": kind,
                    "framework": "biomedical",
                    "description": one_line(node.description or node.plain), "plain": None,
                    "synonyms": [one_line(s.replace("|", "/")) for s in node.synonyms],
                    "xrefs": list(node.xrefs), "module": None, "evidence": [],
                    "control": False}
    edges, references = {}, {}
    for key, edge in kg.edges.items():
        s, t, _ = key
        if s not in kept or t not in kept or g.edges[key]["framework"] == "traditional":
            continue
        supporting = dict.fromkeys(e.ref for e in edge.evidence if e.stance == "supports")
        pubs = [refs[r] for r in supporting if refs[r].get("pmid") or refs[r].get("doi")]
        keys = list(dict.fromkeys(reference_key(r) for r in pubs))
        for r in pubs:
            ident = {"pmid": r["pmid"]} if r.get("pmid") else {"doi": r["doi"]}
            references[reference_key(r)] = {
                "title": None, "authors": None, "year": "unknown", "journal": None,
                "design": "unknown", "subjects": "unknown", "doi": None, "pmid": None,
                "url": None, "note": None, **ident}
        edges[key] = {
            "source": s, "target": t, "relation": edge.relation,
            # A definitional link travels as logical_entailment and comes back as one.
            "definitional": edge.definitional,
            "description": one_line(edge.description), "plain": None,
            "evidence": [{"ref": k, "stance": "supports", "finding": FINDING,
                          "comparison": None, "quote": None} for k in keys],
            "claimed_by": None,
            "curated_in": None if edge.definitional else "infores:mechgraph"}
    return nodes, edges, references


def as_dicts(kg: mechgraph.MechGraph) -> tuple[dict[str, Any], dict[Any, Any],
                                               dict[str, Any]]:
    nodes = {n: node.model_dump() for n, node in kg.nodes.items()}
    edges = {k: e.model_dump() for k, e in kg.edges.items()}
    refs = {k: (r.model_dump() if hasattr(r, "model_dump") else dict(r))
            for k, r in kg.references.items()}
    return nodes, edges, refs


def test_round_trip_loses_exactly_what_kgx_cannot_carry(tmp_path: Path) -> None:
    kgx = tmp_path / "kgx"
    out = tmp_path / "back"
    exported = run_cli("export", "kgx", "--out", str(kgx))
    assert exported.returncode == 0, exported.stderr
    result = run_cli("import", "kgx", str(kgx / "nodes.tsv"), str(kgx / "edges.tsv"), str(out))
    assert result.returncode == 0, result.stderr
    assert run_cli("validate", str(out)).returncode == 0
    seed = mechgraph.load_graph(ROOT / "graph")
    back = mechgraph.load_graph(out)
    expected = through_kgx(seed)
    got = as_dicts(back)
    assert got[0] == expected[0]
    assert got[1] == expected[1]
    assert {k: {f: v for f, v in r.items() if f in expected[2][k]} for k, r in
            got[2].items()} == expected[2]
    # The seed graph does lose something of each documented kind, so the list is not idle.
    assert any(d["framework"] == "traditional" for _, d in seed.graph.nodes(data=True))
    assert any(e.claimed_by for e in seed.edges.values())
    assert any(i.stance != "supports" for e in seed.edges.values() for i in e.evidence)
    # And the list is the one docs/format.md shows.
    assert any(d["kind"] == "adverse_effect" for _, d in seed.graph.nodes(data=True))
    assert len(ROUND_TRIP_LOSSES) == 8
    for loss in ("traditional framework", "plain", "module", "adverse_effect", "claimed_by",
                 "comparison", "quote", "runs of spaces"):
        assert loss in FORMAT.split("## Importing KGX", 1)[1].split("## Reading YAML")[0]


def write(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_other_biolink_kgx(tmp_path: Path) -> None:
    nodes = write(tmp_path / "nodes.tsv", [
        ["id", "category", "name", "xref", "iri"],
        ["CHEBI:6801", "biolink:SmallMolecule|biolink:ChemicalEntity", "metformin",
         "DRUGBANK:DB00331", "http://x"],
        ["MONDO:0005148", "biolink:Disease", "type 2 diabetes", "", ""],
        ["NCBIGene:5468", "biolink:Gene", "PPARG", "", ""],
        ["UBERON:0002107", "biolink:Spaceship", "", "not a curie", ""]])
    edges = write(tmp_path / "edges.tsv", [
        ["subject", "predicate", "object", "publications", "primary_knowledge_source"],
        ["CHEBI:6801", "biolink:treats", "MONDO:0005148", "PMID:12345678|doi:10.1000/xyz",
         "infores:example"],
        ["CHEBI:6801", "biolink:affects", "NCBIGene:5468", "", ""],
        ["NCBIGene:5468", "biolink:gene_associated_with_condition", "MONDO:0005148", "", ""],
        ["CHEBI:6801", "biolink:positively_correlated_with", "UBERON:0002107",
         "ISBN:123", ""],
        ["CHEBI:6801", "biolink:treats", "MONDO:9999999", "", ""]])
    out = tmp_path / "out"
    result = run_cli("import", "kgx", "--json", str(nodes), str(edges), str(out))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    kg = mechgraph.load_graph(out)
    assert kg.graph.nodes["chebi_6801"]["kind"] == "mediator"
    assert kg.graph.nodes["chebi_6801"]["xrefs"] == ["CHEBI:6801", "DRUGBANK:DB00331"]
    assert kg.graph.nodes["uberon_0002107"]["kind"] == "concept"  # unknown category
    assert kg.graph.nodes["uberon_0002107"]["label"] == "UBERON:0002107"  # no name
    treats = kg.graph.edges["chebi_6801", "mondo_0005148", "decreases"]
    assert treats["curated_in"] == "infores:example"
    assert [e["ref"] for e in treats["evidence"]] == ["pmid_12345678", "doi_10_1000_xyz"]
    assert kg.graph.edges["chebi_6801", "ncbigene_5468", "modulates"]["curated_in"] == "KGX"
    assert kg.graph.has_edge("chebi_6801", "uberon_0002107")
    dropped = {d["reason"]: d["count"] for d in report["dropped"]}
    assert dropped["an edge with predicate 'gene associated with condition', which the "
                   "mapping table does not have"] == 1
    assert dropped["an edge whose subject or object is not in the nodes file"] == 1
    assert dropped["a publication that is not a PMID, DOI or http(s) link"] == 1
    assert dropped["an xref that is not a CURIE (PREFIX:ID)"] == 1
    assert dropped["node column 'iri': the format has no place for it"] == 4
    for node in kg.nodes.values():
        assert node.plain is None
    for ref in kg.references.values():
        r = ref.model_dump() if hasattr(ref, "model_dump") else ref
        assert (r["year"], r["design"], r.get("title")) == ("unknown", "unknown", None)


@pytest.mark.parametrize(("nodes", "edges", "message"), [
    (None, [["subject", "predicate", "object"]], "no such file (give the KGX nodes file)"),
    ([["identifier", "name"], ["A:1", "a"]], [["subject", "predicate", "object"]],
     "is not a KGX nodes file: no column 'id' in its header line (identifier, name)"),
    ([["id"], ["A:1"]], [["subject", "object"]],
     "is not a KGX edges file: no column 'predicate'"),
    ([["id", "name"], ["A:1", "a", "extra"]], [["subject", "predicate", "object"]],
     "line 2: 3 cells, but the header has 2"),
    ([], [["subject", "predicate", "object"]], "is empty: a KGX nodes file starts with"),
])
def test_bad_tsv_fails_cleanly(tmp_path: Path, nodes: list[list[str]] | None,
                               edges: list[list[str]], message: str) -> None:
    node_file = tmp_path / "nodes.tsv"
    if nodes is not None:
        write(node_file, nodes)
    edge_file = write(tmp_path / "edges.tsv", edges)
    out = tmp_path / "out"
    result = run_cli("import", "kgx", str(node_file), str(edge_file), str(out))
    assert result.returncode == 1
    assert result.stderr.startswith("mechgraph: error: ")
    assert message in result.stderr
    assert not out.exists()


def test_not_utf8_fails_cleanly(tmp_path: Path) -> None:
    nodes = tmp_path / "nodes.tsv"
    nodes.write_bytes(b"id\tname\nA:1\t\xff\xfe\n")
    edges = write(tmp_path / "edges.tsv", [["subject", "predicate", "object"]])
    result = run_cli("import", "kgx", str(nodes), str(edges), str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr == (f"mechgraph: error: '{nodes}' is not UTF-8 text, so not a KGX "
                             "nodes file\n")


def test_non_empty_out_is_left_as_it_was(tmp_path: Path) -> None:
    nodes = write(tmp_path / "nodes.tsv", [["id", "category", "name"],
                                           ["A:1", "biolink:Disease", "a"]])
    edges = write(tmp_path / "edges.tsv", [["subject", "predicate", "object"]])
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.yaml").write_text("nodes: []\n")
    result = run_cli("import", "kgx", str(nodes), str(edges), str(out))
    assert result.returncode == 1
    assert "is not empty; give a new folder, or add --force to replace it" in result.stderr
    assert [p.name for p in out.iterdir()] == ["keep.yaml"]
    assert (out / "keep.yaml").read_text() == "nodes: []\n"
    forced = run_cli("import", "kgx", "--force", str(nodes), str(edges), str(out))
    assert forced.returncode == 0, forced.stderr
    assert not (out / "keep.yaml").exists()
    assert mechgraph.load_graph(out).graph.nodes["a_1"]["label"] == "a"


def test_a_large_kgx_file_is_spread_over_several_graph_files(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             ) -> None:
    from mechgraph.importers import kgx

    monkeypatch.setattr(kgx, "PER_FILE", 3)
    nodes = write(tmp_path / "nodes.tsv", [["id", "category", "name"]] + [
        [f"EX:{i}", "biolink:Disease", f"d{i}"] for i in range(7)])
    edges = write(tmp_path / "edges.tsv", [["subject", "predicate", "object", "publications"]]
                  + [[f"EX:{i}", "biolink:causes", f"EX:{i + 1}", f"PMID:{i + 1}"]
                     for i in range(6)])
    report = kgx.import_kgx(nodes, edges, tmp_path / "out")
    files = sorted(p.relative_to(tmp_path / "out").as_posix()
                   for p in (tmp_path / "out").rglob("*.yaml"))
    assert files == ["edges/e.yaml", "edges/e_2.yaml", "nodes/ex.yaml", "nodes/ex_2.yaml",
                     "nodes/ex_3.yaml", "references.yaml", "references_2.yaml"]
    assert (report.nodes, report.edges, report.references) == (7, 6, 6)
