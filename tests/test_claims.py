"""Claims of source texts and their derived verdicts (mechgraph.claims, mechgraph.claimtext)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import GRAPH

import mechgraph
from mechgraph.claims import (
    STRENGTH,
    UnknownSourceError,
    claim_verdicts,
    claims_touching,
    edge_verdict,
)
from mechgraph.claimtext import claims_text, patient_claim_lines
from mechgraph.query import Filter
from mechgraph.vocab import VERDICT_STYLE, VERDICTS
from mechgraph.wording import VERDICT_PLAIN

# What the evidence in the seed graph says of each claim of the source article, worked out
# by hand from the rules in mechgraph.claims (and the deciding level where it matters).
SEED_VERDICTS = {
    "qi_flow": ("traditional", "ungraded"),
    "endorphin_release": ("preclinical", "preclinical"),
    "like_opioids_without_harm": ("outside", None),
    "cytokines": ("preclinical", "preclinical"),
    "anti_inflammatory_substances": ("preclinical", "preclinical"),
    "sciatica_and_arthritis": ("untested", "none"),
    "serotonin_and_pain": ("preclinical", "preclinical"),
    "dopamine_and_pain": ("untested", "none"),
    "mood_and_stress": ("untested", "none"),
    "overall_wellbeing": ("untested", "none"),
    "blood_flow_to_area": ("supported", "low"),
    "repair_and_tension": ("untested", "none"),
    "oxygen_and_waste": ("untested", "none"),
    "journal_of_pain_2015": ("contested", "high"),
    "acp_recommends": ("contested", "high"),
    "jama_2020_beats_sham": ("contested", "high"),
    "safe_and_noninvasive": ("outside", None),
    "evidence_supports_efficacy": ("contested", "high"),
    "underlying_causes": ("outside", None),
    "holistic": ("outside", None),
    "quality_of_life": ("untested", "none"),
}

SMALL = """\
nodes:
  - {id: needle, label: Needle, kind: treatment}
  - {id: opioid, label: Opioid, kind: mediator}
  - {id: pain, label: Pain, kind: condition}
edges:
  - source: needle
    target: opioid
    relation: increases
    evidence:
      - {ref: trial, stance: supports, finding: More opioid.}
  - source: opioid
    target: pain
    relation: decreases
    evidence:
      - {ref: mouse, stance: supports, finding: Less pain in mice.}
references:
  trial: {year: 2020, design: rct, url: "https://example.org/trial"}
  mouse: {year: 2020, design: animal, subjects: animal, url: "https://example.org/mouse"}
  meta: {year: 2021, design: meta-analysis, url: "https://example.org/meta"}
sources:
  leaflet:
    title: A leaflet
    kind: leaflet
    claims:
      - id: first_step
        says: Needles raise opioids.
        where: page 1
        edges:
          - {source: needle, target: opioid, relation: increases}
      - id: chain
        says: Needles raise opioids, which ease pain.
        where: page 1
        edges:
          - {source: needle, target: opioid, relation: increases}
          - {source: opioid, target: pain, relation: decreases}
        cites: {described_as: a 2019 review, found: false, closest: meta,
                differs: it is from 2021 and about something else.}
      - id: vague
        says: It is natural.
        where: page 2
"""


@pytest.fixture(scope="module")
def seed() -> mechgraph.MechGraph:
    return mechgraph.load_graph(GRAPH)


def small_graph(tmp_path: Path, text: str = SMALL) -> Path:
    (tmp_path / "g.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def verdicts_by_id(kg: mechgraph.MechGraph, source: str | None = None, **kw: object,
                   ) -> dict[str, mechgraph.ClaimVerdict]:
    return {v.claim: v for v in claim_verdicts(kg, source, **kw)}  # type: ignore[arg-type]


def test_every_seed_claim_has_its_hand_worked_verdict(seed: mechgraph.MechGraph) -> None:
    got = {k: (v.verdict, v.level) for k, v in verdicts_by_id(seed, "clinic_article").items()}
    assert got == SEED_VERDICTS
    assert list(got) == [c.id for c in seed.sources["clinic_article"].claims]  # file order


def test_the_article_is_all_there(seed: mechgraph.MechGraph) -> None:
    """The four mechanisms, the three cited studies and the closing claims, dopamine and
    mood included, each in the editor's words."""
    text = seed.sources["clinic_article"]
    assert text.kind == "web-page" and len(text.claims) == 21
    says = " ".join(c.says for c in text.claims).lower()
    for word in ("endorphins", "opioid", "cytokines", "sciatica", "arthritis", "serotonin",
                 "dopamine", "mood", "stress", "well-being", "blood flow", "oxygen", "waste",
                 "six months", "american college of physicians", "sham", "safe",
                 "underlying causes", "holistic", "quality of life", "qi"):
        assert word in says, word
    dopamine = seed.nodes["brain_dopamine"]
    assert dopamine.id != "adrenal_dopamine" and "adrenal" in (dopamine.description or "")


def test_the_cited_studies_that_could_not_be_found_say_so_whatever_the_verdict(
        seed: mechgraph.MechGraph) -> None:
    v = verdicts_by_id(seed, "clinic_article")
    jop = v["journal_of_pain_2015"]
    assert jop.cites == {"described_as": "a 2015 meta-analysis in the Journal of Pain",
                         "found": False, "ref": None, "closest": "vickers2018",
                         "differs": jop.cites["differs"]}  # type: ignore[index]
    assert "could not be found" in jop.words and "Vickers AJ, et al., 2018" in jop.words
    assert "in 2018" in jop.words  # how the closest one differs
    jama = v["jama_2020_beats_sham"]
    assert "could not be found" in jama.words and "Kong JT, et al., 2020" in jama.words
    assert "JAMA Network Open" in jama.words
    acp = v["acp_recommends"]
    assert "could not be found" not in acp.words and "Qaseem A" in acp.words
    assert "qaseem2017" in acp.references


def test_a_chain_is_as_strong_as_its_weakest_link(tmp_path: Path) -> None:
    kg = mechgraph.load_graph(small_graph(tmp_path))
    v = verdicts_by_id(kg)
    assert (v["first_step"].verdict, v["first_step"].level) == ("supported", "moderate")
    chain = v["chain"]
    assert (chain.verdict, chain.level) == ("preclinical", "preclinical")
    assert chain.deciding == (("opioid", "pain", "decreases"),)
    assert [e.verdict for e in chain.edges] == ["supported", "preclinical"]
    assert chain.references == ("mouse",)
    assert "could not be found" in chain.words and "it is from 2021" in chain.words
    assert (v["vague"].verdict, v["vague"].level, v["vague"].edges) == ("outside", None, ())
    assert VERDICT_PLAIN["outside"] in v["vague"].words


def test_the_strength_order_covers_every_verdict_of_a_link() -> None:
    assert {verdict for verdict, _ in STRENGTH} == set(VERDICTS) - {"outside"}
    assert STRENGTH[0] == ("supported", "high") and STRENGTH[-1] == ("contradicted", None)
    for name in VERDICTS:
        style = VERDICT_STYLE[name]
        assert style.word and len(style.symbol) == 1 and style.colour.startswith("#")


def test_evidence_changes_the_verdict_with_no_edit_to_the_claim(tmp_path: Path) -> None:
    graph = tmp_path / "graph"
    shutil.copytree(GRAPH, graph)
    claims_file = (graph / "claims" / "source_article.yaml").read_text(encoding="utf-8")
    before = verdicts_by_id(mechgraph.load_graph(graph), "clinic_article")
    assert before["blood_flow_to_area"].verdict == "supported"
    assert before["overall_wellbeing"].verdict == "untested"
    # A (made-up, test-only) meta-analysis refutes the measured blood-flow step ...
    mechgraph.add_reference(graph, "test_meta", {
        "title": "A test meta-analysis", "year": 2024, "design": "meta-analysis",
        "url": "https://example.org/test-meta"})
    mechgraph.add_evidence(graph, "acupuncture", "muscle_blood_flow", "increases", {
        "ref": "test_meta", "stance": "refutes", "finding": "No rise in blood flow."})
    # ... and a (made-up) trial supports the article's untested well-being claim.
    mechgraph.add_reference(graph, "test_trial", {
        "title": "A test trial", "year": 2024, "design": "rct",
        "url": "https://example.org/test-trial"})
    mechgraph.add_evidence(graph, "acupuncture", "wellbeing", "increases", {
        "ref": "test_trial", "stance": "supports", "finding": "People felt better."})
    after = verdicts_by_id(mechgraph.load_graph(graph), "clinic_article")
    assert after["blood_flow_to_area"].verdict == "contradicted"
    assert "test_meta" in after["blood_flow_to_area"].references
    assert (after["overall_wellbeing"].verdict, after["overall_wellbeing"].level) == (
        "supported", "moderate")
    assert (graph / "claims" / "source_article.yaml").read_text(encoding="utf-8").count(
        "id: ") == claims_file.count("id: ")  # the claims themselves were not touched
    # Removing the evidence again (the files as they were) gives the first verdicts back.
    shutil.rmtree(graph)
    shutil.copytree(GRAPH, graph)
    again = verdicts_by_id(mechgraph.load_graph(graph), "clinic_article")
    assert {k: v.verdict for k, v in again.items()} == {k: v.verdict for k, v in before.items()}


def test_a_contested_link_and_a_refuted_one(tmp_path: Path) -> None:
    text = SMALL.replace(
        "      - {ref: mouse, stance: supports, finding: Less pain in mice.}",
        "      - {ref: mouse, stance: supports, finding: Less pain in mice.}\n"
        "      - {ref: meta, stance: refutes, finding: No less pain in people.}").replace(
        "      - {ref: trial, stance: supports, finding: More opioid.}",
        "      - {ref: trial, stance: supports, finding: More opioid.}\n"
        "      - {ref: trial, stance: refutes, finding: Not more opioid at one year.}")
    kg = mechgraph.load_graph(small_graph(tmp_path, text))
    assert edge_verdict(kg, ("needle", "opioid", "increases")).verdict == "contested"
    assert edge_verdict(kg, ("opioid", "pain", "decreases")).verdict == "contradicted"
    chain = verdicts_by_id(kg)["chain"]
    assert chain.verdict == "contradicted" and chain.deciding == (("opioid", "pain",
                                                                   "decreases"),)
    assert chain.references == ("mouse", "meta")


def test_a_filter_decides_which_evidence_counts(seed: mechgraph.MechGraph) -> None:
    supports_only = verdicts_by_id(seed, "clinic_article",
                                   filter=Filter(stances={"supports"}))
    assert (supports_only["evidence_supports_efficacy"].verdict,
            supports_only["evidence_supports_efficacy"].level) == ("supported", "high")
    studied = verdicts_by_id(seed, "clinic_article", filter=Filter(bases={"studied"}))
    assert "dopamine_and_pain" not in studied and "endorphin_release" in studied
    assert "holistic" in studied  # a claim naming no edge is never filtered out


def test_an_unknown_source_names_the_closest(seed: mechgraph.MechGraph) -> None:
    with pytest.raises(UnknownSourceError, match="did you mean 'clinic_article'"):
        claim_verdicts(seed, "clinic_articel")


def test_the_json_shape(seed: mechgraph.MechGraph) -> None:
    record = verdicts_by_id(seed, "clinic_article")["endorphin_release"].to_dict()
    assert list(record) == ["source", "claim", "says", "where", "verdict", "word", "symbol",
                            "level", "words", "edges", "deciding", "references", "cites",
                            "note"]
    assert record["symbol"] == VERDICT_STYLE["preclinical"].symbol
    assert list(record["edges"][0]) == ["source", "target", "relation", "verdict", "level",
                                        "basis", "contested", "supporting", "refuting",
                                        "claimed_by"]


def test_claims_touching_an_explanation(seed: mechgraph.MechGraph) -> None:
    assert list(claims_touching(seed, [("acupuncture", "endorphins", "increases")])) == [
        "clinic_article"]
    assert claims_touching(seed, [("endorphins", "pain_signalling", "increases")]) == {}
    assert list(claims_touching(seed, [], ["qi"])) == ["clinic_article"]


def test_text_and_patient_lines(seed: mechgraph.MechGraph) -> None:
    verdicts = claim_verdicts(seed, "clinic_article")
    text = claims_text(seed, verdicts)
    assert "21 claims: 1 supported, 4 contested, 4 preclinical, 7 untested, 1 traditional, " \
           "4 outside the graph." in text
    assert "acupuncture -modulates-> brain_dopamine: ? untested" in text
    assert "acupuncture -increases-> qi: \u25c7 traditional; described in: nih1997" in text
    md = claims_text(seed, verdicts, "markdown")
    assert md.startswith("## Exploring the Science") and "### 2. endorphin_release" in md
    lines = patient_claim_lines(verdicts)
    assert len(lines) == 22 and lines[0] == "What the article claims, and what the studies say"


def test_the_patient_explanation_ends_with_the_claims(seed: mechgraph.MechGraph) -> None:
    report = mechgraph.find_paths(seed, "acupuncture", "chronic_low_back_pain")
    text = mechgraph.explain(seed, report, audience="patient", fmt="markdown")
    head = "## What the article claims, and what the studies say"
    assert head in text
    section = text[text.index(head):]
    assert section.index("Exploring the Science") < section.index("- Acupuncture makes")
    lines = [line for line in section.splitlines() if line.startswith("- ")]
    assert len(lines) == 21  # every claim of the article, one line each
    dopamine = next(line for line in lines if "dopamine, which changes how pain" in line)
    assert "? untested: None of the studies we checked tested this." in dopamine
    assert any("mood and stress" in line and "? untested" in line for line in lines)
    jop = next(line for line in lines if "six months" in line)
    assert "\u00b1 contested" in jop and "could not be found" in jop
    assert section.rstrip().endswith("what is right for you.")  # then only the footer
    # A question no claim touches gets no such section.
    other = mechgraph.find_paths(seed, "sham_acupuncture", "back_disability")
    assert head not in mechgraph.explain(seed, other, audience="patient")


def test_the_handout_leaves_the_claims_out(seed: mechgraph.MechGraph) -> None:
    from mechgraph.handout import render_handout

    report = mechgraph.find_paths(seed, "acupuncture", "chronic_low_back_pain")
    page = render_handout(seed, report)
    assert "What the article claims" not in page  # the page is full (see claims_section)
