"""``mechgraph claims``, run as the installed command."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import GRAPH, run_cli

from mechgraph.vocab import VERDICT_STYLE


def test_text_lists_every_claim_with_where_verdict_and_references() -> None:
    result = run_cli("claims", "--graph", str(GRAPH))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Exploring the Science Behind How Acupuncture Relieves Back Pain "
                          "(web page)\n")
    assert "14. journal_of_pain_2015  [\u00b1 contested]" in out
    assert "   Where: Scientific Evidence, first item" in out
    assert "The study it cites (a 2015 meta-analysis in the Journal of Pain) could not be " \
           "found." in out
    assert "11. blood_flow_to_area  [\u2713 supported (low)]" in out
    assert "for: sandberg2003, sandberg2005" in out
    assert "20. holistic  [\u2205 outside the graph]" in out


def test_json_shape_and_markdown() -> None:
    result = run_cli("claims", "clinic_article", "--graph", str(GRAPH), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["graph", "source", "sources", "claims"]
    assert data["source"] == "clinic_article"
    assert data["sources"]["clinic_article"]["kind"] == "web-page"
    first = data["claims"][0]
    assert (first["claim"], first["verdict"], first["word"], first["symbol"]) == (
        "qi_flow", "traditional", "traditional", VERDICT_STYLE["traditional"].symbol)
    assert len(data["claims"]) == 21
    md = run_cli("claims", "--graph", str(GRAPH), "--format", "markdown")
    assert md.returncode == 0 and md.stdout.startswith("## Exploring the Science")


def test_a_filter_changes_what_counts() -> None:
    result = run_cli("claims", "--graph", str(GRAPH), "--json", "--stance", "supports")
    verdicts = {c["claim"]: c["verdict"] for c in json.loads(result.stdout)["claims"]}
    assert verdicts["evidence_supports_efficacy"] == "supported"


def test_an_unknown_source_is_a_bad_request_with_a_suggestion() -> None:
    result = run_cli("claims", "clinic_artcle", "--graph", str(GRAPH))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == ("mechgraph: error: unknown source 'clinic_artcle' (did you mean "
                             "'clinic_article'?); the graph's sources: clinic_article\n")


def test_a_graph_without_sources(tmp_path: Path) -> None:
    (tmp_path / "g.yaml").write_text("nodes:\n  - {id: a, label: A, kind: treatment}\n")
    result = run_cli("claims", "--graph", str(tmp_path))
    assert result.returncode == 0
    assert result.stdout.startswith("No claims")
