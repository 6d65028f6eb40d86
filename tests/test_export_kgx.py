"""The KGX export checked against the Biolink model (``bmt`` over the model YAML that the
``biolink-model`` package ships, so it runs offline): every category, predicate,
qualifier, enum value, association class and CURIE prefix exists, and the predicates are
those of the mapping table in ``docs/export.md``."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, run_cli

import mechgraph
from mechgraph.export.kgx import CATEGORY, EDGE_CATEGORY, PREDICATE, to_kgx

bmt = pytest.importorskip("bmt", reason="the Biolink model toolkit: pip install -e "
                          "'.[export-test]'")
biolink_model = pytest.importorskip("biolink_model", reason="the Biolink model YAML: pip "
                                    "install -e '.[export-test]'")

MODEL_DIR = Path(next(iter(biolink_model.__path__)))  # a namespace package: no __file__


@pytest.fixture(scope="module")
def toolkit() -> Any:
    # The local model, and an empty predicate map: bmt would download both otherwise.
    return bmt.Toolkit(schema=str(MODEL_DIR / "schema" / "biolink_model.yaml"),
                       predicate_map={"predicate mappings": []})


@pytest.fixture(scope="module")
def prefixes() -> set[str]:
    return set(json.loads((MODEL_DIR / "prefixmaps" / "biolink_model_prefix_map.json")
                          .read_text()))


def _table(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))


def _split(value: str) -> list[str]:
    return value.split("|") if value else []


def test_kgx_files_are_valid_biolink(toolkit: Any, prefixes: set[str], tmp_path: Path) -> None:
    result = run_cli("export", "kgx", "--out", str(tmp_path / "kgx"))
    assert result.returncode == 0, result.stderr
    nodes = _table((tmp_path / "kgx" / "nodes.tsv").read_text())
    edges = _table((tmp_path / "kgx" / "edges.tsv").read_text())
    assert nodes and edges
    # Every column is a Biolink slot.
    for column in [*nodes[0], *edges[0]]:
        assert toolkit.get_element(column) is not None, f"{column} is not a Biolink slot"
    node_ids = {n["id"] for n in nodes}
    for n in nodes:
        assert toolkit.is_category(n["category"]), n
        assert n["id"].startswith("mechgraph:") and n["name"]
        for xref in _split(n["xref"]):
            assert xref.split(":")[0] in prefixes, xref
    levels = toolkit.view.get_enum("KnowledgeLevelEnum").permissible_values
    agents = toolkit.view.get_enum("AgentTypeEnum").permissible_values
    for e in edges:
        assert e["subject"] in node_ids and e["object"] in node_ids, e["id"]
        assert toolkit.is_predicate(e["predicate"]), e
        assert e["predicate"] != "biolink:positively_correlated_with"
        if e["qualified_predicate"]:
            assert toolkit.is_predicate(e["qualified_predicate"]), e
            assert toolkit.validate_qualifier("biolink:object_direction_qualifier",
                                              e["object_direction_qualifier"]), e
        association = toolkit.get_element(e["category"])
        assert association is not None, e["category"]
        assert "biolink:Association" in toolkit.get_ancestors(e["category"], formatted=True)
        assert e["knowledge_level"] in levels and e["agent_type"] in agents, e
        assert e["primary_knowledge_source"].startswith("infores:")
        for publication in _split(e["publications"]):
            prefix, _, local = publication.partition(":")
            assert prefix in prefixes and prefix in ("PMID", "doi") and local, publication
        assert int(e["evidence_count"]) >= 0


def test_kgx_leaves_out_the_traditional_framework_and_keeps_the_rest() -> None:
    kg = mechgraph.load_graph(ROOT / "graph")
    files = to_kgx(kg)
    nodes = {n["id"] for n in _table(files["nodes.tsv"])}
    edges = {e["id"]: e for e in _table(files["edges.tsv"])}
    biomedical = {n for n, node in kg.nodes.items() if node.framework == "biomedical"}
    assert nodes == {f"mechgraph:{n}" for n in biomedical}
    assert len(edges) == sum(1 for e in kg.edges.values() if kg.framework_of(e) == "biomedical")
    assert not any("qi" in key for key in edges)
    decrease = edges["mechgraph:acupuncture.decreases.chronic_low_back_pain"]
    assert decrease["category"] == "biolink:EntityToDiseaseAssociation"
    assert decrease["knowledge_level"] == "knowledge_assertion"
    supporting = [item.ref for item in kg.edges["acupuncture", "chronic_low_back_pain",
                                                "decreases"].evidence
                  if item.stance == "supports"]
    assert _split(decrease["publications"]) == [
        f"PMID:{kg.references[r].pmid}" for r in dict.fromkeys(supporting)]
    assert decrease["evidence_count"] == str(
        len(kg.edges["acupuncture", "chronic_low_back_pain", "decreases"].evidence))


def test_mapping_table_in_the_docs_matches_the_code() -> None:
    doc = (ROOT / "docs" / "export.md").read_text()
    rows = {m.group(1): m.group(2) for m in
            re.finditer(r"^\| (?:kind|relation) `([a-z_]+)` \| ([^|]+?) \|", doc, re.M)}
    for kind, category in CATEGORY.items():
        assert rows[kind] == f"`{category}`", kind
    for relation, mapping in PREDICATE.items():
        for value in mapping.values():
            assert value in rows[relation], (relation, value)
    for category in EDGE_CATEGORY.values():
        assert f"`{category}`" in doc
