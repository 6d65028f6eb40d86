"""The Cypher export loaded into a real embedded openCypher engine (Ladybug, the
maintained successor of Kùzu, from PyPI): idempotent, escaped, and answering a path query
with the same paths as ``mechgraph paths``; the neo4j-admin CSV files checked for shape."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, run_cli
from test_export import TRICKY

import mechgraph
from mechgraph.export.common import claim_records
from mechgraph.export.cypher import cypher_string, evidence_records, to_cypher, to_neo4j_csv

ladybug = pytest.importorskip("ladybug", reason="the embedded engine of the Cypher tests: "
                              "pip install -e '.[export-test]'")

PATHS = ("MATCH p = (a:Treatment {id: 'acupuncture'})"
         "-[:INCREASES|DECREASES|MODULATES|ASSOCIATED_WITH* ACYCLIC 1..6]->"
         "(b:Condition {id: 'chronic_low_back_pain'}) "
         "RETURN properties(nodes(p), 'id'), properties(rels(p), 'relation')")


def _rows(conn: Any, query: str) -> list[list[Any]]:
    result = conn.execute(query)
    rows = []
    while result.has_next():
        rows.append(result.get_next())
    return rows


def _engine(tmp_path: Path) -> Any:
    return ladybug.Connection(ladybug.Database(str(tmp_path / "db")))


def _counts(conn: Any) -> dict[str, int]:
    nodes = _rows(conn, "MATCH (n) RETURN label(n), count(*)")
    rels = _rows(conn, "MATCH ()-[r]->() RETURN label(r), count(*)")
    return {**{f"node {k}": v for k, v in nodes}, **{f"rel {k}": v for k, v in rels}}


def test_cypher_string_escapes_everything_that_could_end_a_literal() -> None:
    assert cypher_string("it's") == "'it\\'s'"
    assert cypher_string("a\\b") == "'a\\\\b'"
    assert cypher_string("two\nlines\r\tand\x00") == "'two\\nlines\\r\\tand\\u0000'"
    assert cypher_string('"double" `tick` {brace}; // not a comment') == \
        "'\"double\" `tick` {brace}; // not a comment'"


def test_script_loads_twice_with_the_same_counts_and_text_intact(graph_copy: Path,
                                                                 tmp_path: Path) -> None:
    (graph_copy / "tricky.yaml").write_text(TRICKY, encoding="utf-8")
    kg = mechgraph.load_graph(graph_copy)
    script = to_cypher(kg, schema="ladybug")
    assert all(line.endswith(";") for line in script.splitlines()
               if not line.startswith("//"))
    conn = _engine(tmp_path)
    conn.execute(script)
    first = _counts(conn)
    conn.execute(script)
    assert _counts(conn) == first
    g = kg.graph
    sources, claims = claim_records(kg, g)
    assert first["node Claim"] == len(claims) == 21 and first["rel MAKES"] == len(claims)
    assert sum(v for k, v in first.items() if k.startswith("node ")) == \
        g.number_of_nodes() + len(kg.references) + len(evidence_records(g)) + len(sources) \
        + len(claims)
    assert first["rel DECREASES"] == sum(1 for *_, k in g.edges(keys=True) if k == "decreases")
    found = [c for c in claims if c["cites_found"]]  # a claim's citation that was found
    assert first["rel CITES"] == len(evidence_records(g)) + len(found) == \
        len(evidence_records(g)) + 1
    # Quotes, backslashes, brackets and newlines survive the trip.
    tricky = kg.nodes["tricky_mediator"]
    assert _rows(conn, "MATCH (n:Mediator {id: 'tricky_mediator'}) "
                       "RETURN n.label, n.description, n.synonyms") == [
        [tricky.label, tricky.description, tricky.synonyms]]
    finding = kg.edges["tricky_mediator", "pain_signalling", "decreases"].evidence[0].finding
    assert _rows(conn, "MATCH (e:Evidence)-[:CITES]->(r:Reference {key: 'example_ref'}) "
                       "RETURN e.finding, e.edge, r.url") == [
        [finding, "tricky_mediator.decreases.pain_signalling",
         "https://example.org/export-tests"]]
    # The parallel edges stay two relationships.
    assert sorted(r[0] for r in _rows(
        conn, "MATCH (:Treatment {id: 'acupuncture'})-[r]->(:Mediator {id: 'endorphins'}) "
              "RETURN r.id")) == ["acupuncture.increases.endorphins",
                                  "acupuncture.modulates.endorphins"]


def test_path_query_in_the_engine_finds_the_paths_of_mechgraph_paths(tmp_path: Path) -> None:
    conn = _engine(tmp_path)
    conn.execute(to_cypher(mechgraph.load_graph(ROOT / "graph"), schema="ladybug"))
    assert _paths(conn, PATHS) == _listed()
    assert len(_listed()) > 5
    # The evidence on the relationships filters paths there as --min-level does here.
    strong = PATHS.replace("RETURN", "WHERE all(r IN rels(p) WHERE r.evidence_level IN "
                           "['high', 'moderate']) RETURN")
    assert _paths(conn, strong) == _listed("--min-level", "moderate")
    assert 0 < len(_listed("--min-level", "moderate")) < len(_listed())


def _paths(conn: Any, query: str) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    return {(tuple(nodes), tuple(relations)) for nodes, relations in _rows(conn, query)}


def _listed(*options: str) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    result = run_cli("paths", "acupuncture", "chronic_low_back_pain", "--json", *options)
    assert result.returncode == 0, result.stderr
    return {(tuple(p["nodes"]), tuple(p["relations"]))
            for p in json.loads(result.stdout)["paths"]}


def test_neo4j_schema_script_and_cli(tmp_path: Path) -> None:
    script = run_cli("export", "cypher").stdout
    # One per node kind, and for references, evidence, sources and claims.
    assert script.count("CREATE CONSTRAINT") == 11
    assert "IF NOT EXISTS FOR (n:Mediator) REQUIRE n.id IS UNIQUE;" in script
    assert "CREATE NODE TABLE" not in script
    assert run_cli("export", "cypher", "--cypher-schema", "none").stdout.count("CREATE") == 0


def test_neo4j_csv_files_have_import_headers_and_resolve(tmp_path: Path) -> None:
    out = tmp_path / "import"
    result = run_cli("export", "cypher", "--neo4j-csv", "--out", str(out))
    assert result.returncode == 0, result.stderr
    kg = mechgraph.load_graph(ROOT / "graph")
    files = to_neo4j_csv(kg)
    assert sorted(p.name for p in out.iterdir()) == sorted(files)
    tables = {name: list(csv.reader(io.StringIO((out / name).read_text())))
              for name in files}
    assert tables["nodes.csv"][0][:2] == ["id:ID(Node)", ":LABEL"]
    assert tables["edges.csv"][0][:3] == [":START_ID(Node)", ":END_ID(Node)", ":TYPE"]
    assert "sign:int" in tables["edges.csv"][0] and "refs:string[]" in tables["edges.csv"][0]
    assert tables["cites.csv"][0] == [":START_ID(Evidence)", ":END_ID(Reference)", ":TYPE"]
    node_ids = {row[0] for row in tables["nodes.csv"][1:]}
    ref_ids = {row[0] for row in tables["references.csv"][1:]}
    evidence_ids = {row[0] for row in tables["evidence.csv"][1:]}
    assert node_ids == set(kg.nodes) and len(tables["edges.csv"]) - 1 == len(kg.edges)
    assert all(r[0] in node_ids and r[1] in node_ids for r in tables["edges.csv"][1:])
    assert all(r[0] in evidence_ids and r[1] in ref_ids for r in tables["cites.csv"][1:])
    header = tables["edges.csv"][0]
    decrease = next(r for r in tables["edges.csv"][1:]
                    if r[3] == "acupuncture.decreases.chronic_low_back_pain")
    row = dict(zip(header, decrease, strict=True))
    assert row[":TYPE"] == "DECREASES" and row["sign:int"] == "-1"
    assert row["contested:boolean"] == "true" and "vickers2018" in row["refs:string[]"].split("|")
    # Without --out the files cannot be printed: a clear error, nothing written.
    refused = run_cli("export", "cypher", "--neo4j-csv")
    assert refused.returncode == 1 and "give a folder with --out DIR" in refused.stderr


def test_small_batches_load_the_same_database_as_the_default(tmp_path: Path) -> None:
    kg = mechgraph.load_graph(ROOT / "graph")
    default, small = to_cypher(kg, schema="ladybug"), to_cypher(kg, schema="ladybug",
                                                                 batch_size=3)
    # Rows go in batches: by default a statement per label and relationship type.
    rows = (kg.graph.number_of_nodes() + kg.graph.number_of_edges() + len(kg.references)
            + len(evidence_records(kg.graph)))
    assert len(_unwinds(default)) < rows / 3 <= len(_unwinds(small))
    contents = []
    for name, script in (("default", default), ("small", small)):
        (tmp_path / name).mkdir()
        conn = _engine(tmp_path / name)
        conn.execute(script)
        contents.append((_counts(conn), sorted(map(str, _rows(
            conn, "MATCH (a)-[r]->(b) RETURN a.id, r.id, r.sign, r.refs, b.id"))),
            sorted(map(str, _rows(conn, "MATCH (e:Evidence)-[:CITES]->(r:Reference) "
                                        "RETURN e.id, e.comparison, r.key")))))
    assert contents[0] == contents[1]
    with pytest.raises(mechgraph.export.ExportError, match="batch size"):
        to_cypher(kg, batch_size=0)


def _unwinds(script: str) -> list[str]:
    return [line for line in script.splitlines() if line.startswith("UNWIND [")]
