"""Explanations: wording follows the evidence level, contested edges get an honest line,
the traditional framework is labelled, and the output is deterministic."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GRAPH

from mechgraph import load_graph
from mechgraph.explain import explain
from mechgraph.graph import MechGraph
from mechgraph.query import QueryError, find_paths
from mechgraph.wording import PATIENT, PATIENT_HEDGE, PATIENT_NET


def flat(text: str) -> str:
    """The text with line wrapping undone (text output wraps at 88 columns)."""
    return " ".join(text.split())


DESIGN_OF_LEVEL = {"high": "meta-analysis", "moderate": "rct", "low": "human-mechanistic",
                   "preclinical": "animal", "opinion": "hypothesis"}


def chain(tmp_path: Path, design: str, *, stance: str = "supports",
          refute: str | None = None, relation: str = "decreases") -> MechGraph:
    """treatment -> mediator -> condition, the first link backed by a study of ``design``."""
    refuting = (f"\n      - {{ref: other, stance: refutes, finding: No better than sham., "
                f"comparison: {refute}}}" if refute else "")
    (tmp_path / "g.yaml").write_text(f"""\
nodes:
  - {{id: needle, label: Needling, kind: treatment, plain: Thin needles.}}
  - {{id: m, label: Mediator M, kind: mediator, plain: A body chemical.}}
  - {{id: pain, label: Back pain, kind: condition, plain: Pain in the back.}}
edges:
  - source: needle
    target: m
    relation: increases
    plain: Needling raises M.
    evidence:
      - {{ref: study, stance: {stance}, finding: It rose.}}{refuting}
  - source: m
    target: pain
    relation: {relation}
    plain: M changes pain.
    evidence:
      - {{ref: meta, stance: supports, finding: It fell.}}
references:
  study: {{title: Study, year: 2010, design: {design}, doi: 10.1000/s1}}
  other: {{title: Other, year: 2011, design: rct, pmid: 123}}
  meta: {{title: Meta, year: 2012, design: meta-analysis, pmid: 456}}
""")
    return load_graph(tmp_path, cache=False)


@pytest.mark.parametrize("level", list(DESIGN_OF_LEVEL))
def test_patient_hedging_follows_the_weakest_evidence(tmp_path: Path, level: str) -> None:
    kg = chain(tmp_path, DESIGN_OF_LEVEL[level])
    text = flat(explain(kg, find_paths(kg, "needle", "pain")))
    assert PATIENT_HEDGE[level] in text
    assert "Needling raises M." in text and "M changes pain." in text
    assert PATIENT_NET["decreases"].format(target="back pain") in text


def test_no_supporting_evidence_is_said_to_be_unknown(tmp_path: Path) -> None:
    kg = chain(tmp_path, "rct", stance="inconclusive")
    text = flat(explain(kg, find_paths(kg, "needle", "pain")))
    assert PATIENT_HEDGE["none"] in text
    assert PATIENT["unknown_heading"] in text and PATIENT["how"] not in text


def test_unknown_sign_goes_under_what_is_not_known(tmp_path: Path) -> None:
    kg = chain(tmp_path, "rct", relation="modulates")
    text = flat(explain(kg, find_paths(kg, "needle", "pain")))
    assert PATIENT["unknown_heading"] in text
    assert PATIENT_NET["unknown"].format(target="back pain") in text


@pytest.mark.parametrize(("comparison", "line"), [("sham", "refuted_vs_sham"),
                                                  ("usual_care", "refuted_other")])
def test_contested_direct_evidence_gets_an_honest_line(tmp_path: Path, comparison: str,
                                                       line: str) -> None:
    kg = chain(tmp_path, "rct", refute=comparison)
    report = find_paths(kg, "needle", "m")
    assert report.paths[0].contested
    text = flat(explain(kg, report))
    assert PATIENT["contested"] in text
    assert PATIENT[line].format(source="needling") in text


def test_seed_patient_sheet_is_honest_about_the_back_pain_trials() -> None:
    kg = load_graph(GRAPH)
    text = flat(explain(kg, find_paths(kg, "acupuncture", "chronic_low_back_pain")))
    assert text.startswith("How acupuncture may affect chronic low back pain =")
    assert "48 in 100" in text and "27 in 100 with usual care" in text
    assert PATIENT["refuted_vs_sham"].format(source="acupuncture") in text
    assert PATIENT["traditional_note"] in text
    assert "This comes from studies in animals" in text
    # The traditional account is never given a biomedical hedge.
    traditional = text[text.index(PATIENT["traditional_heading"]):]
    assert "Good evidence" not in traditional.split(PATIENT["references"])[0]
    # Every reference cited on the sheet is listed with a link a reader can open.
    assert "https://doi.org/10.1001/archinte.167.17.1892" in text
    assert "jargon" not in text and "SD" not in text.split(PATIENT["references"])[0]


def test_student_explanation_reasons_step_by_step_and_cites() -> None:
    kg = load_graph(GRAPH)
    report = find_paths(kg, "acupuncture", "chronic_low_back_pain")
    text = flat(explain(kg, report, audience="student"))
    assert "Overall effect over the biomedical paths: decreases." in text
    assert "(+) x (-) x (+) = (-): the path decreases the target" in text
    assert "a 'modulates' step has no known sign" in text
    assert "[han2004; zhang2014; zhao2008]" in text
    assert "Refuting: cherkin2009 (vs sham):" in text
    refs = text[text.index("References -"):]
    assert "1. vickers2018: Vickers AJ, et al. (2018)." in refs
    assert "https://pubmed.ncbi.nlm.nih.gov/29198932/" in refs


def test_markdown_and_text_say_the_same_things() -> None:
    kg = load_graph(GRAPH)
    report = find_paths(kg, "acupuncture", "chronic_low_back_pain")
    markdown = explain(kg, report, fmt="markdown")
    assert markdown.startswith("# How acupuncture may affect chronic low back pain\n")
    assert "## The short answer" in markdown and "\n1. " in markdown
    assert "<https://doi.org/10.1016/j.jpain.2017.11.005>" in markdown
    assert explain(kg, report, fmt="markdown") == markdown  # deterministic


def test_a_node_and_a_single_path_can_be_explained() -> None:
    kg = load_graph(GRAPH)
    about = flat(explain(kg, "qi"))
    assert about.startswith("Qi (free flow of vital energy) =")
    assert PATIENT["traditional_note"] in about
    student = flat(explain(kg, "endorphins", audience="student"))
    assert "[han2004; zhang2014; zhao2008]" in student
    path = find_paths(kg, "acupuncture", "chronic_low_back_pain").paths[2]
    assert "Endorphins" in explain(kg, path)


def test_bad_audience_or_format() -> None:
    kg = load_graph(GRAPH)
    with pytest.raises(QueryError, match="unknown audience 'doctor'"):
        explain(kg, "qi", audience="doctor")  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="unknown format 'pdf'"):
        explain(kg, "qi", fmt="pdf")  # type: ignore[arg-type]


def test_untested_claims_are_said_to_be_untested() -> None:
    kg = load_graph(GRAPH)
    report = find_paths(kg, "acupuncture", "chronic_low_back_pain")
    claim_paths = [p for p in report.paths if "muscle_tension" in p.nodes]
    assert claim_paths and claim_paths[0].weakest_evidence == "none"
    patient = flat(explain(kg, report))
    unknown = patient[patient.index(PATIENT["unknown_heading"]):]
    assert "Local muscle blood flow, then muscle tension." in unknown
    assert ("Some clinics say the extra blood flow relaxes tight muscles. Some say tight "
            "muscles add to back pain. " + PATIENT["claim"]) in unknown
    student = flat(explain(kg, report, audience="student"))
    assert ("Local muscle blood flow decreases Muscle tension (claimed by the source article "
            "(a clinic web page); no checked study supports it; level: none)") in student


def test_markdown_shows_curated_text_as_text(tmp_path: Path) -> None:
    kg = chain(tmp_path, "rct")
    hostile = "Raises M.\n# Big [click](javascript:alert(1)) <b>bold</b> *x* | a |"
    text = (tmp_path / "g.yaml").read_text().replace("plain: Needling raises M.",
                                                      f"plain: {hostile!r}".replace("'", '"'))
    (tmp_path / "g.yaml").write_text(text)
    kg = load_graph(tmp_path, cache=False)
    markdown = explain(kg, find_paths(kg, "needle", "pain"), fmt="markdown")
    assert "\n# Big" not in markdown and "\\# Big" in markdown  # no heading made
    assert "\\[click\\](javascript:alert(1))" in markdown
    assert "\\<b\\>bold\\</b\\>" in markdown and "\\*x\\*" in markdown and "\\| a \\|" in markdown
    html_text = explain(kg, find_paths(kg, "needle", "pain"), fmt="html")
    assert "&lt;b&gt;bold&lt;/b&gt;" in html_text and "<b>" not in html_text
    assert 'href="javascript' not in html_text
