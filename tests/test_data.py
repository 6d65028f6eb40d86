"""Data tests over every file in ``graph/``: valid, honest, and complete enough to explain.

A failure names the record and the fix.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
import yaml
from conftest import GRAPH, SHARED
from references import allowed_urls, confirmed_identifiers, to_yaml

from mechgraph import UNGRADED, find_files, load_graph
from mechgraph.source import read_file
from mechgraph.validate import validate_document

FILES = find_files(GRAPH)
KG = load_graph(GRAPH)
REFERENCES_MD = SHARED / "REFERENCES.md"
CONFIRMED_YAML = Path(__file__).resolve().parent / "data" / "confirmed_identifiers.yaml"
CONFIRMED = yaml.safe_load(CONFIRMED_YAML.read_text(encoding="utf-8"))


def test_there_are_graph_files() -> None:
    assert len(FILES) >= 5


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(GRAPH)))
def test_file_is_valid_on_its_own(path: Path) -> None:
    doc = read_file(path)
    assert doc.problems == []
    items = validate_document(doc)
    assert [str(p) for p in items.problems] == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(GRAPH)))
def test_file_starts_with_a_comment_saying_what_it_covers(path: Path) -> None:
    assert path.read_text().startswith("# "), f"{path}: add a header comment"


def test_seed_graph_size() -> None:
    # 38 nodes and 67 edges with the three other treatments (graph/treatments/), more since
    # the article's untested claims (graph/claims/) are links of their own (brain dopamine,
    # mood, stress, well-being, sciatica, arthritis, ...).
    assert 30 <= len(KG.nodes) <= 60
    assert 55 <= len(KG.edges) <= 110


@pytest.mark.parametrize("node_id", sorted(KG.nodes))
def test_every_node_has_student_and_patient_wording(node_id: str) -> None:
    node, where = KG.nodes[node_id], KG.locations["node", node_id]
    assert node.description, f"node '{node_id}' ({where}): add a description"
    assert node.plain, f"node '{node_id}' ({where}): add 'plain' wording"


@pytest.mark.parametrize("key", sorted(KG.edges), ids="-".join)
def test_every_edge_is_explained_and_evidenced(key: tuple[str, str, str]) -> None:
    edge = KG.edges[key]
    where = KG.locations["edge", key]
    assert edge.description, f"edge {key} ({where}): add a description"
    assert edge.plain, f"edge {key} ({where}): add 'plain' wording"
    if KG.framework_of(edge) == "biomedical":
        assert edge.evidence or edge.claimed_by or edge.definitional, (
            f"edge {key} ({where}): add evidence")


def test_every_clinical_evidence_item_says_what_it_was_compared_with() -> None:
    for key, edge in KG.edges.items():
        target = KG.nodes[edge.target]
        if KG.nodes[edge.source].kind != "treatment" or target.kind not in ("condition",
                                                                             "outcome"):
            continue
        if KG.framework_of(edge) == "traditional":
            continue
        for i, item in enumerate(edge.evidence):
            assert item.comparison, (f"edge {key} evidence[{i}] ({KG.locations['edge', key]}):"
                                     " add 'comparison' (sham, usual_care, ...)")


def test_clinical_edge_shows_refuting_sham_evidence_beside_support() -> None:
    edge = KG.edges["acupuncture", "chronic_low_back_pain", "decreases"]
    stances = {(e.stance, e.comparison) for e in edge.evidence}
    assert ("supports", "usual_care") in stances
    assert ("refutes", "sham") in stances
    assert KG.grades[edge.key].contested


def test_traditional_framework_is_labelled_and_ungraded() -> None:
    traditional = {i for i, n in KG.nodes.items() if n.framework == "traditional"}
    assert {"qi", "meridians"} <= traditional
    for key, edge in KG.edges.items():
        if KG.framework_of(edge) == "traditional":
            assert KG.grades[key].level == UNGRADED
            assert {e.ref for e in edge.evidence} <= {"nih1997"}
        else:
            assert KG.grades[key].level != UNGRADED


@pytest.mark.parametrize("via", ["endorphins", "proinflammatory_cytokines", "serotonin",
                                 "muscle_blood_flow", "adenosine", "expectation_and_context",
                                 "qi"])
def test_each_mechanism_reaches_back_pain(via: str) -> None:
    g = nx.DiGraph(KG.graph)
    assert nx.has_path(g, "acupuncture", via) and nx.has_path(g, via, "chronic_low_back_pain")


def test_blood_flow_claims_are_shown_as_untested_claims() -> None:
    assert KG.grades["acupuncture", "muscle_blood_flow", "increases"].level == "low"
    for claim in ("muscle_tension", "tissue_repair"):
        for key in [*KG.graph.in_edges(claim, keys=True), *KG.graph.out_edges(claim, keys=True)]:
            edge = KG.edges[key]
            assert edge.claimed_by and not edge.evidence, f"{key}: a claim, not evidence"
            assert KG.grades[key].level == "none"


def test_claims_carry_no_evidence_level() -> None:
    for key, edge in KG.edges.items():
        if edge.claimed_by and not any(e.stance == "supports" for e in edge.evidence):
            assert KG.grades[key].level == "none", key


def test_every_reference_is_cited() -> None:
    cited = {item.ref for edge in KG.edges.values() for item in edge.evidence}
    unused = sorted(set(KG.references) - cited)
    assert not unused, f"references never cited (cite or remove them): {unused}"


def test_identifiers_are_the_confirmed_ones() -> None:
    """Every DOI, PMID and URL in graph/ is one confirmed for its reference: never invent one."""
    for key, ref in KG.references.items():
        where = KG.locations["reference", key]
        assert key in CONFIRMED, (
            f"{where}: reference '{key}' has no confirmed identifiers; confirm it in "
            "../shared/REFERENCES.md, then regenerate tests/data/confirmed_identifiers.yaml")
        confirmed = CONFIRMED[key]
        assert ref.doi is None or ref.doi.lower() == confirmed.get("doi", "").lower(), (
            f"{where}: DOI {ref.doi} is not the confirmed one ({confirmed.get('doi', 'none')})")
        assert ref.pmid is None or ref.pmid == confirmed.get("pmid"), (
            f"{where}: PMID {ref.pmid} is not the confirmed one ({confirmed.get('pmid', 'none')})")
        assert ref.url is None or ref.url in allowed_urls(confirmed), (
            f"{where}: URL {ref.url} is not confirmed; allowed: {sorted(allowed_urls(confirmed))}")


@pytest.mark.skipif(not REFERENCES_MD.exists(), reason="../shared/REFERENCES.md is not here "
                    "(the confirmed identifiers are checked from tests/data/ all the same)")
def test_confirmed_identifiers_are_in_step_with_references_md() -> None:
    expected = to_yaml(confirmed_identifiers(REFERENCES_MD.read_text(encoding="utf-8")))
    assert CONFIRMED_YAML.read_text(encoding="utf-8") == expected, (
        "tests/data/confirmed_identifiers.yaml differs from ../shared/REFERENCES.md; "
        "regenerate it: python tests/references.py ../shared/REFERENCES.md > "
        "tests/data/confirmed_identifiers.yaml")
