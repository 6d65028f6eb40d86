"""Explanations: wording follows the evidence level, contested edges get an honest line,
the traditional framework is labelled, and the output is deterministic."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GRAPH

from mechgraph import load_graph
from mechgraph.explain import effect_words, explain, overall_words, short_answer
from mechgraph.graph import MechGraph
from mechgraph.patient import path_name
from mechgraph.query import QueryError, find_paths
from mechgraph.wording import PATIENT, PATIENT_HEDGE, PATIENT_NET, SHORT


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


def test_a_brief_node_is_the_node_without_its_links() -> None:
    kg = load_graph(GRAPH)
    full = explain(kg, "endorphins", audience="student", fmt="markdown")
    brief = explain(kg, "endorphins", audience="student", fmt="markdown", brief=True)
    # A heading names the node by its label, never its id (the id is said below it).
    assert brief.startswith("# Endorphins and other endogenous opioids: mediator, biomedical\n")
    assert "Id: endorphins." in brief
    assert "Also called: endogenous opioids;" in brief and "MESH:D004723" in brief
    assert full.startswith(brief.rstrip())  # the same opening, then the links
    assert "han2004" in full and "han2004" not in brief and "\n1. " not in brief
    patient = explain(kg, "qi", brief=True)
    assert PATIENT["traditional_note"] in flat(patient)
    assert PATIENT["footer"] not in flat(patient)
    assert PATIENT["footer"] in flat(explain(kg, "qi"))


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


# --- the answer at a glance, effect cells, and one edge for a patient -------------------


def small_graph(tmp_path: Path, edges: str, *, extra_nodes: str = "") -> MechGraph:
    """Needling -> pain through whatever ``edges`` say; studies of every design on hand."""
    (tmp_path / "g.yaml").write_text(f"""\
nodes:
  - {{id: needle, label: Needling, kind: treatment, plain: Thin needles.}}
  - {{id: m, label: Mediator M, kind: mediator, plain: A body chemical.}}
  - {{id: pain, label: Back pain, kind: condition, plain: Pain in the back.}}
{extra_nodes}edges:
{edges}references:
  trial: {{title: Trial, year: 2010, design: rct, doi: 10.1000/t1}}
  rat: {{title: Rats, year: 2011, design: animal, subjects: animal, pmid: 111}}
  idea: {{title: Idea, year: 2012, design: hypothesis, url: "https://example.org/idea"}}
  book: {{title: Book, year: 1997, design: consensus, url: "https://example.org/book"}}
""")
    return load_graph(tmp_path, cache=False)


def link(source: str, target: str, relation: str, ref: str | None, *,
         stance: str = "supports") -> str:
    evidence = f"\n    evidence:\n      - {{ref: {ref}, stance: {stance}, finding: Seen.}}" \
        if ref else "\n    claimed_by: a clinic web page"
    return (f"  - source: {source}\n    target: {target}\n    relation: {relation}\n"
            f"    plain: {source.title()} acts on {target}.{evidence}\n")


TRADITIONAL = """\
  - {id: flow, label: Flow (vital energy), kind: concept, framework: traditional,
     plain: An old idea.}
"""


def test_short_answer_of_the_seed_graph_is_plain_and_honest() -> None:
    kg = load_graph(GRAPH)
    text = short_answer(kg, find_paths(kg, "acupuncture", "chronic_low_back_pain"))
    assert text == (
        "People with long-term back pain often feel better after acupuncture than with "
        "usual care alone. Good evidence from many studies backs this. Studies that compared "
        "real acupuncture with pretend (sham) acupuncture found little or no difference "
        "between them. Of the 9 suggested ways it could work, 1 has been studied in people, "
        "5 only in animals or cells and 3 have not been tested. If they work in people, 4 "
        "would ease chronic low back pain and 2 might make it better or worse (it is not "
        "known which). The traditional explanation (Qi) is a way of explaining, not "
        "something measured.")
    assert short_answer(kg, find_paths(kg, "acupuncture", "chronic_low_back_pain")) == text
    disability = short_answer(kg, find_paths(kg, "acupuncture", "back_disability"))
    assert disability.startswith("Acupuncture helped people manage daily activities better "
                                 "than usual care. " + PATIENT_HEDGE["moderate"])
    assert "If it works in people, it would ease back-related disability." in disability
    sham = short_answer(kg, find_paths(kg, "sham_acupuncture", "chronic_low_back_pain"))
    assert sham.startswith(SHORT["no_direct"].format(
        source="sham (simulated) acupuncture", target="chronic low back pain"))
    assert "There is one suggested way it could work: it has been studied in people." in sham


def test_short_answer_never_says_an_untested_pathway_eases(tmp_path: Path) -> None:
    kg = small_graph(tmp_path, link("needle", "m", "increases", None)
                     + link("m", "pain", "decreases", "idea"))
    text = short_answer(kg, find_paths(kg, "needle", "pain"))
    assert text == ("No study here tested needling on back pain directly. There is one "
                    "suggested way it could work: it has not been tested.")
    assert "ease" not in text and "decrease" not in text


def test_short_answer_counts_mechanisms_and_says_what_the_studied_ones_would_do(
        tmp_path: Path) -> None:
    kg = small_graph(tmp_path, "".join([
        link("needle", "m", "increases", "rat"), link("m", "pain", "increases", "trial"),
        link("needle", "m", "decreases", "idea"), link("needle", "m", "modulates", "trial"),
        link("needle", "pain", "decreases", "trial", stance="supports")]))
    text = short_answer(kg, find_paths(kg, "needle", "pain"))
    assert text.startswith("Needle acts on pain. " + PATIENT_HEDGE["moderate"])
    assert ("Of the 3 suggested ways it could work, 1 has been studied in people, 1 only in "
            "animals or cells and 1 has not been tested.") in text
    assert ("If they work in people, 1 would make back pain worse and 1 might make it better "
            "or worse (it is not known which).") in text
    assert PATIENT["ambiguous"] in text  # a direct decrease, an indirect increase


def test_short_answer_of_only_a_traditional_pathway(tmp_path: Path) -> None:
    kg = small_graph(tmp_path, link("needle", "flow", "increases", "book")
                     + link("flow", "pain", "decreases", "book"), extra_nodes=TRADITIONAL)
    assert short_answer(kg, find_paths(kg, "needle", "pain")) == (
        "No study here tested needling on back pain directly. The traditional explanation "
        "(Flow) is a way of explaining, not something measured.")


def test_short_answer_with_no_paths_and_in_markdown(tmp_path: Path) -> None:
    kg = small_graph(tmp_path, link("needle", "m", "increases", "trial"))
    text = short_answer(kg, find_paths(kg, "needle", "pain"))
    assert text == SHORT["no_paths"].format(source="needling", target="back pain")
    hostile = small_graph(tmp_path, link("needle", "pain", "decreases", "trial").replace(
        "Needle acts on pain.", '"<b>x</b> *y* [z](javascript:q)"'))
    report = find_paths(hostile, "needle", "pain")
    markdown = short_answer(hostile, report, fmt="markdown")
    assert "\\<b\\>x\\</b\\> \\*y\\* \\[z\\](javascript:q)" in markdown
    assert "&lt;b&gt;" in short_answer(hostile, report, fmt="html")
    with pytest.raises(QueryError, match="unknown format"):
        short_answer(hostile, report, fmt="pdf")  # type: ignore[arg-type]


def test_effect_words_say_what_a_pathway_rests_on(tmp_path: Path) -> None:
    kg = small_graph(tmp_path, "".join([
        link("needle", "pain", "decreases", "trial"), link("needle", "m", "increases", "rat"),
        link("m", "pain", "increases", "rat"), link("needle", "pain", "modulates", "idea"),
        link("needle", "pain", "associated_with", None),
        link("needle", "flow", "increases", "book"), link("flow", "pain", "decreases", "book"),
    ]), extra_nodes=TRADITIONAL)
    report = find_paths(kg, "needle", "pain")
    words = {p.relations: effect_words(p) for p in report.paths}
    assert words == {
        ("decreases",): "↓ decreases",
        ("increases", "increases"): "↑ increases (animal or cell studies only)",
        ("modulates",): "? sign unknown (untested)",
        ("associated_with",): "~ not causal (untested)",
        ("increases", "decreases"): "↓ decreases (traditional idea, not measured)",
    }
    assert overall_words(report) == ("↕ mixed: the pathways point different ways (5 "
                                     "pathways; 1 only in animals or cells, 2 untested, 1 "
                                     "traditional)")
    assert overall_words(find_paths(kg, "m", "needle")) == "no pathway found"


def test_patient_edge_evidence_is_plain_grouped_and_linked() -> None:
    kg = load_graph(GRAPH)
    key = ("acupuncture", "chronic_low_back_pain", "decreases")
    text = explain(kg, key, audience="patient")
    flat_text = flat(text)
    assert text.startswith("Acupuncture may ease chronic low back pain\n")
    assert PATIENT_HEDGE["high"] in flat_text and PATIENT["contested"] in flat_text
    assert PATIENT["refuted_vs_sham"].format(source="acupuncture") in flat_text
    assert "48 in 100" in flat_text  # the curated plain words
    assert "SD" not in text and "%" not in text
    assert not any(k in text for k in kg.references)  # no citation keys
    assert "✔ Studies that support this (5)" in text
    assert "✘ Studies that found no effect or the opposite (3)" in text
    assert "? Studies that were unclear (4)" in text
    assert "A randomised trial, compared with pretend (sham) treatment (2009)." in flat_text
    assert "A combined analysis of many trials, compared with no treatment and with pretend " \
           "(sham) treatment (2018)." in flat_text
    assert "An opinion piece, compared with pretend (sham) treatment (2013)." in flat_text
    for item in kg.edges[key].evidence:
        for url in kg.references[item.ref].urls.values():
            assert url in text
    assert explain(kg, key) == text  # patient is the default
    student = explain(kg, key, audience="student")
    assert "0.5 SD" in student and "vickers2018" in student  # unchanged for students


def test_patient_edge_says_what_kind_of_study_and_is_escaped(tmp_path: Path) -> None:
    kg = small_graph(tmp_path, link("needle", "m", "increases", "rat")
                     + link("needle", "flow", "increases", "book"), extra_nodes=TRADITIONAL)
    text = flat(explain(kg, ("needle", "m", "increases")))
    assert text.startswith("Needling may raise Mediator M =")  # 'M': the label keeps its case
    assert PATIENT_HEDGE["preclinical"] in text
    assert "A study in animals (2011). https://pubmed.ncbi.nlm.nih.gov/111/" in text
    traditional = flat(explain(kg, ("needle", "flow", "increases")))
    assert traditional.startswith("The traditional view: Needling may raise flow")
    assert "Where this traditional explanation is described (1)" in traditional
    assert "Studies that support" not in traditional
    hostile = small_graph(tmp_path, link("needle", "pain", "decreases", "trial").replace(
        "Needle acts on pain.", '"# <b>x</b> [z](javascript:q)"'))
    markdown = explain(hostile, ("needle", "pain", "decreases"), fmt="markdown")
    assert "\\# \\<b\\>x\\</b\\> \\[z\\](javascript:q)" in markdown
    assert "<https://doi.org/10.1000/t1>" in markdown
    page = explain(hostile, ("needle", "pain", "decreases"), fmt="html")
    assert "&lt;b&gt;x" in page and 'href="javascript' not in page
    assert '<a href="https://doi.org/10.1000/t1">' in page


def test_patient_edge_of_an_untested_claim(tmp_path: Path) -> None:
    kg = small_graph(tmp_path, link("needle", "m", "increases", None))
    text = flat(explain(kg, ("needle", "m", "increases")))
    assert PATIENT_HEDGE["none"] in text
    assert "This is claimed by a clinic web page; no study we checked tested it." in text
    assert "✔" not in text and "✘" not in text


def test_seed_pathways_are_named_by_every_step_and_never_alike() -> None:
    kg = load_graph(GRAPH)
    report = find_paths(kg, "acupuncture", "chronic_low_back_pain")
    text = explain(kg, report)
    assert "Endorphins and other endogenous opioids, then pain signalling and perception." \
        in flat(text)
    assert ("Adenosine, then Adenosine A1 receptor activation, then pain signalling and "
            "perception.") in flat(text)  # 'A1': the label keeps its case
    names = [path_name(kg, p) for p in report.paths if p.length > 1 and not p.traditional]
    assert len(names) == len(set(names)) == 9
    assert all(f"{name}." in flat(text) for name in names)


def test_a_study_that_partly_supports_is_never_plain_support(tmp_path: Path) -> None:
    kg = chain(tmp_path, "rct", stance="partial")
    key = ("needle", "m", "increases")
    assert kg.grades[key].level == "low"  # partial support counts as low at best
    student = flat(explain(kg, key, audience="student"))
    assert "partly supports: It rose. study (rct, human): Study (2010)." in student
    patient = flat(explain(kg, key))
    assert "◐ Studies that partly support this (1)" in patient
    assert "✔" not in patient
    paths = flat(explain(kg, find_paths(kg, "needle", "pain"), audience="student"))
    assert "0 supporting, 1 partly supporting, 0 refuting" in paths
    assert "Partly supporting: study: It rose" in paths
