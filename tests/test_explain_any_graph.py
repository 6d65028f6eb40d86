"""Explanations of any mechanism graph, not only treatment -> condition: a disease
mechanism's graph imported from a knowledge base (curated links with no study attached, an
association, Title Case labels, no plain words, a reference with unknown fields, evidence
that partly supports and quotes its source), in the library, the command and the app."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from streamlit.testing.v1 import AppTest

from mechgraph import load_graph
from mechgraph.app.links import link_rows
from mechgraph.explain import effect_words, explain, overall_words, short_answer
from mechgraph.graph import MechGraph
from mechgraph.patient import path_name
from mechgraph.query import find_paths
from mechgraph.view import pathway_graph, view_data

LOSS = "neuron_loss_in_the_substantia_nigra_pars_compacta_of_the_midbrain"
"""A long id, as imported ids are: headings must show the label instead."""

DISEASE = f"""\
nodes:
  - id: synuclein
    label: Alpha-Synuclein Aggregation
    kind: process
    module: Parkinson's disease
  - id: neuroinflammation
    label: Neuroinflammation
    kind: process
    module: Parkinson's disease
    evidence:
      - ref: brochie2020
        stance: supports
        finding: Activated microglia were found in patients' brains.
        quote: Microglial activation is a consistent finding in post-mortem tissue.
  - {{id: gut, label: Gut-Brain Axis Dysfunction, kind: process}}
  - {{id: microglia, label: Microglial Activation, kind: process}}
  - {{id: {LOSS}, label: Dopaminergic Neuron Loss, kind: process}}
  - {{id: motor, label: Motor Symptoms, kind: outcome}}
  - {{id: coagulopathy, label: Coagulopathy, kind: process}}
edges:
  - source: gut
    target: synuclein
    relation: associated_with
    plain: Gut problems often come before the protein clumps.
    curated_in: dismech
  - {{source: synuclein, target: neuroinflammation, relation: increases, curated_in: dismech}}
  - {{source: synuclein, target: microglia, relation: increases, curated_in: dismech}}
  - {{source: neuroinflammation, target: {LOSS}, relation: increases, curated_in: dismech}}
  - {{source: microglia, target: {LOSS}, relation: increases, curated_in: dismech}}
  - source: {LOSS}
    target: motor
    relation: increases
    evidence:
      - ref: nopaper
        stance: partial
        finding: Cell loss tracked slowness of movement, not tremor.
        quote: Nigral cell loss correlated with bradykinesia but not with tremor.
  - {{source: coagulopathy, target: motor, relation: increases, curated_in: dismech}}
references:
  nopaper: {{year: unknown, design: unknown, subjects: unknown, pmid: 15135942}}
  brochie2020: {{title: Microglia in Parkinson's disease, year: 2020, design: cohort,
                doi: 10.1000/pd.1}}
"""


@pytest.fixture
def disease(tmp_path: Path) -> Path:
    folder = tmp_path / "disease"
    folder.mkdir()
    (folder / "parkinson.yaml").write_text(DISEASE)
    return folder


def flat(text: str) -> str:
    return " ".join(text.split())


def every_text(kg: MechGraph) -> str:
    """Every explanation of the graph: each pair of nodes with a path, each node, each
    link, for both readers, in text and Markdown."""
    parts = []
    for source in kg.nodes:
        for target in kg.nodes:
            if source != target:
                report = find_paths(kg, source, target)
                if report.paths:
                    parts += [explain(kg, report), explain(kg, report, brief=True),
                              explain(kg, report, audience="student"),
                              short_answer(kg, report), overall_words(report)]
    for subject in [*kg.nodes, *kg.edges]:
        for audience in ("patient", "student"):
            parts.append(explain(kg, subject, audience=audience))
            parts.append(explain(kg, subject, audience=audience, fmt="markdown"))
    return "\n".join(parts)


def test_curated_links_are_said_to_be_curated_never_traditional_or_tested(
        disease: Path) -> None:
    kg = load_graph(disease, cache=False)
    assert kg.graph.edges["synuclein", "microglia", "increases"]["basis"] == "curated"
    report = find_paths(kg, "synuclein", "motor")
    patient = flat(explain(kg, report))
    assert ("Part of this is recorded in dismech, a curated database; no study is attached "
            "to it here.") in patient
    assert "traditional" not in patient.lower()
    assert "Good evidence" not in patient and "Studies in people" not in patient
    edge = flat(explain(kg, ("synuclein", "microglia", "increases")))
    assert ("This link is recorded in dismech, a curated database; no study is attached to "
            "it here.") in edge
    student = flat(explain(kg, report, audience="student"))
    assert ("Alpha-Synuclein Aggregation increases Microglial Activation (curated in dismech, "
            "no study attached; level: ungraded)") in student
    assert "traditional framework" not in student.split("Path 1:")[1]
    # The effect of a pathway and the overall line say so, and count curated pathways apart.
    assert {effect_words(p) for p in report.paths} == {
        "↑ increases (curated, no study attached)"}
    assert overall_words(report) == "↑ increases (2 pathways: 2 curated, no study attached)"
    assert "2 rest on links recorded in dismech with no study attached" in short_answer(
        kg, report)


def test_a_mechanism_contributes_it_never_works_or_eases(disease: Path) -> None:
    kg = load_graph(disease, cache=False)
    report = find_paths(kg, "synuclein", "motor")
    texts = [explain(kg, report), explain(kg, report, brief=True), short_answer(kg, report),
             explain(kg, ("neuroinflammation", LOSS, "increases"))]
    for text in map(flat, texts):
        for treatment_words in ("could work", "would ease", "works in people", "may ease"):
            assert treatment_words not in text
    sheet = flat(texts[0])
    assert "This is part of how Alpha-Synuclein Aggregation may lead to Motor Symptoms." \
        in sheet
    assert "Each contributes to Motor Symptoms." in flat(texts[1])
    assert flat(explain(kg, ("coagulopathy", "motor", "increases"))).startswith(
        "Coagulopathy may contribute to Motor Symptoms =")


def test_a_link_seen_together_is_never_said_to_be_a_cause(disease: Path) -> None:
    kg = load_graph(disease, cache=False)
    report = find_paths(kg, "gut", "motor")
    assert {p.net_effect for p in report.paths} == {"not_causal"}
    patient = flat(explain(kg, report))
    assert ("Gut problems often come before the protein clumps. Gut-Brain Axis Dysfunction "
            "and Alpha-Synuclein Aggregation are seen together; that does not show that one "
            "causes the other.") in patient
    assert "This is a link seen together, not a known cause of Motor Symptoms." in patient
    assert ("- Seen together with Alpha-Synuclein Aggregation, then Microglial Activation, "
            "then Dopaminergic Neuron Loss.") in patient
    assert "part of how" not in patient and "contributes" not in patient
    assert "All of them pass through a link only seen together, not a known cause." in \
        short_answer(kg, report)
    assert "Each is seen together with Motor Symptoms; not a known cause." in flat(
        explain(kg, report, brief=True))
    student = flat(explain(kg, report, audience="student"))
    assert ("Gut-Brain Axis Dysfunction associated_with Alpha-Synuclein Aggregation (curated "
            "in dismech, no study attached; level: ungraded) (seen together, not a cause)") \
        in student
    key = ("gut", "synuclein", "associated_with")
    assert flat(explain(kg, key)).startswith(
        "Gut-Brain Axis Dysfunction is seen together with Alpha-Synuclein Aggregation (not "
        "shown to cause it)")
    assert "A link seen together (an association), not a cause." in explain(
        kg, key, audience="student")
    assert effect_words(report.paths[0]) == "~ not causal (curated, no study attached)"


def test_every_pathway_is_named_by_all_its_steps(tmp_path: Path) -> None:
    nodes = "".join(f"  - {{id: {n}, label: Step {n.upper()}, kind: process}}\n"
                    for n in ("a", "b", "c", "d", "e", "f", "g", "t"))
    edges = "".join(f"  - {{source: {s}, target: {t}, relation: {r}, curated_in: kb}}\n"
                    for s, t, r in [("a", "b", "increases"), ("b", "c", "increases"),
                                    ("c", "d", "increases"), ("c", "e", "increases"),
                                    ("d", "t", "increases"), ("e", "t", "increases"),
                                    ("e", "t", "decreases"), ("d", "f", "increases"),
                                    ("f", "g", "increases"), ("g", "t", "increases")])
    (tmp_path / "g.yaml").write_text(f"nodes:\n{nodes}edges:\n{edges}")
    kg = load_graph(tmp_path, cache=False)
    report = find_paths(kg, "a", "t")
    text = flat(explain(kg, report))
    names = {p.nodes: path_name(kg, p) for p in report.paths}
    assert names[("a", "b", "c", "d", "t")] == "Step B, then Step C, then Step D"
    assert names[("a", "b", "c", "d", "f", "g", "t")] == (
        "Via 5 steps: Step B, Step C, Step D, Step F, Step G")
    # Two pathways through the same nodes by other links are told apart by their links.
    twins = [p for p in report.paths if p.nodes == ("a", "b", "c", "e", "t")]
    assert len(twins) == 2
    assert {path_name(kg, p, twins=True) for p in twins} == {
        "Step B, then Step C, then Step E (increases, then increases, then increases, then "
        "increases)",
        "Step B, then Step C, then Step E (increases, then increases, then increases, then "
        "decreases)"}
    # On the sheet, every pathway reads differently.
    items = re.findall(r"\d\. (Step [^.]*|Via [^.]*)\.", text)
    assert len(items) == len(report.paths) == len(set(items)) == 4


def test_nodes_without_plain_words_get_a_marked_stand_in(disease: Path) -> None:
    kg = load_graph(disease, cache=False)
    patient = flat(explain(kg, "coagulopathy"))
    assert patient.startswith("Coagulopathy =")
    assert "Coagulopathy (a process; no plain-language description yet)." in patient
    student = flat(explain(kg, "coagulopathy", audience="student", brief=True))
    assert "Coagulopathy (a process; no description yet)." in student


def test_labels_keep_their_own_case(disease: Path) -> None:
    kg = load_graph(disease, cache=False)
    text = every_text(kg)
    assert "Gut-Brain Axis Dysfunction" in text
    assert not re.search(r"gut-Brain|alpha-Synuclein|motor Symptoms|dopaminergic Neuron",
                         text)
    # A plain word in sentence case is lowered inside a sentence: 'neuroinflammation'.
    assert "Alpha-Synuclein Aggregation may raise neuroinflammation." in flat(
        explain(kg, find_paths(kg, "synuclein", "motor")))


def test_student_headings_use_labels_and_modules_never_ids(disease: Path) -> None:
    kg = load_graph(disease, cache=False)
    report = find_paths(kg, "synuclein", "motor")
    markdown = explain(kg, report, audience="student", fmt="markdown")
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert headings[0] == ("# Mechanisms linking Alpha-Synuclein Aggregation (Parkinson's "
                           "disease) to Motor Symptoms")
    assert len(headings) > 3
    for heading in headings:
        assert LOSS not in heading.replace("\\_", "_") and "synuclein -" not in heading
    assert any("Dopaminergic Neuron Loss" in h for h in headings)
    node = explain(kg, "neuroinflammation", audience="student", brief=True)
    assert node.startswith("Neuroinflammation (Parkinson's disease): process, biomedical\n")
    assert explain(kg, "neuroinflammation").startswith("Neuroinflammation (Parkinson's "
                                                       "disease)\n")


def test_partial_stances_quotes_and_unknown_reference_fields(disease: Path) -> None:
    kg = load_graph(disease, cache=False)
    key = (LOSS, "motor", "increases")
    student = flat(explain(kg, key, audience="student"))
    assert ("partly supports: Cell loss tracked slowness of movement, not tremor. Quote: "
            "“Nigral cell loss correlated with bradykinesia but not with tremor.” nopaper "
            "(design not recorded, subjects not recorded): PMID 15135942 (year unknown). "
            "https://pubmed.ncbi.nlm.nih.gov/15135942/") in student
    assert "- supports:" not in explain(kg, key, audience="student")
    patient = flat(explain(kg, key))
    # Its level ('low') comes from a source of unrecorded design and subjects: never read
    # as small studies in people.
    assert patient.startswith("Dopaminergic Neuron Loss may contribute to Motor Symptoms =")
    assert ("= A published source backs this, but what kind of study it was, and in whom, is "
            "not recorded.") in patient
    assert "in people" not in patient
    direct = find_paths(kg, LOSS, "motor")
    assert effect_words(direct.paths[0], kg) == "↑ increases (kind of study not recorded)"
    assert overall_words(direct, kg) == ("↑ increases (1 pathway: 1 on studies of an "
                                         "unrecorded kind)")
    assert "in people" not in short_answer(kg, direct)
    assert "◐ Studies that partly support this (1)" in patient
    assert "Studies that support this" not in patient
    assert ("A source whose kind of study is not recorded (year unknown). "
            "https://pubmed.ncbi.nlm.nih.gov/15135942/") in patient
    paths = flat(explain(kg, find_paths(kg, "synuclein", "motor"), audience="student"))
    assert ("Evidence (distinct references): 0 supporting, 1 partly supporting, 0 refuting, "
            "0 inconclusive; designs: design not recorded 1.") in paths
    assert ("Partly supporting: nopaper: Cell loss tracked slowness of movement, not tremor "
            "(Quote: “Nigral cell loss correlated with bradykinesia but not with tremor.”)") \
        in paths
    assert "1. nopaper: (year unknown). PMID 15135942. https://pubmed" in paths
    brief = flat(explain(kg, find_paths(kg, "synuclein", "motor"), brief=True))
    assert "1. (year unknown). PMID 15135942. https://pubmed" in brief
    # Nowhere a missing value as 'None', nor an unknown year as a number.
    text = every_text(kg)
    assert "None" not in text and "(unknown)" not in text
    # The app's table of links counts the partly supporting study apart.
    report = find_paths(kg, "synuclein", "motor")
    rows = link_rows(kg, view_data(kg, pathway_graph(kg, report)))
    i = rows["key"].index(f"{LOSS}|motor|increases")
    assert (rows["supporting"][i], rows["partly supporting"][i]) == (0, 1)
    j = rows["key"].index("synuclein|microglia|increases")
    assert rows["evidence"][j] == "curated, no study"


def test_node_evidence_is_shown_for_students(disease: Path) -> None:
    kg = load_graph(disease, cache=False)
    brief = flat(explain(kg, "neuroinflammation", audience="student", brief=True))
    assert "Evidence about Neuroinflammation itself" in brief
    assert ("supports: Activated microglia were found in patients' brains. Quote: "
            "“Microglial activation is a consistent finding in post-mortem tissue.” "
            "brochie2020 (cohort, human): Microglia in Parkinson's disease (2020). "
            "https://doi.org/10.1000/pd.1") in brief
    full = flat(explain(kg, "neuroinflammation", audience="student"))
    assert full.startswith(brief)
    assert "brochie2020: (2020). Microglia in Parkinson's disease." in full


def test_the_command_explains_any_source_and_target(disease: Path) -> None:
    result = run_cli("explain", "synuclein", "motor", "--graph", str(disease))
    assert result.returncode == 0, result.stderr
    text = flat(result.stdout)
    assert text.startswith("How Alpha-Synuclein Aggregation (Parkinson's disease) may "
                           "affect Motor Symptoms")
    assert "recorded in dismech, a curated database" in text and "could work" not in text
    student = run_cli("explain", "synuclein", "motor", "--graph", str(disease),
                      "--audience", "student")
    assert student.returncode == 0, student.stderr
    assert "Path 1: Alpha-Synuclein Aggregation (Parkinson's disease) -[increases (+)]->" \
        in student.stdout
    assert LOSS not in student.stdout


def test_explain_mode_on_a_graph_without_treatments(monkeypatch: pytest.MonkeyPatch,
                                                    disease: Path) -> None:
    monkeypatch.setenv("MECHGRAPH_GRAPH", str(disease))
    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    start, reach = at.selectbox[0], at.selectbox[1]
    assert start.label == "Start from" and reach.label == "Leads to"
    def labels(options: list[str]) -> list[str]:  # each with its module, told apart
        assert all(o.endswith(" · Parkinson's disease") or "·" not in o for o in options)
        return [o.removesuffix(" · Parkinson's disease") for o in options]

    assert labels(start.options) == ["Alpha-Synuclein Aggregation", "Coagulopathy",
                                     "Dopaminergic Neuron Loss", "Gut-Brain Axis Dysfunction",
                                     "Microglial Activation", "Neuroinflammation"]
    assert labels(reach.options)[0] == "Motor Symptoms"  # outcomes first, then the rest
    assert set(labels(reach.options)) == {"Motor Symptoms", "Dopaminergic Neuron Loss",
                                          "Microglial Activation", "Neuroinflammation"}
    assert dict(at.query_params) == {"mode": "explain", "source": "synuclein",
                                     "target": "motor"}
    assert at.caption[0].value == (
        "Pathways from a mechanism (a process) to a phenotype or outcome: "
        "**Alpha-Synuclein Aggregation** to **Motor Symptoms**.")
    assert not [i for i in at.info if "filters" in i.value]
    text = "\n".join(m.value for m in at.markdown)
    assert "| 1 | ↑ increases (curated, no study attached) | curated |" in text
    assert len(at.dataframe[0].value) == 5  # the picture's links: a pathway is drawn
    # Another start offers only what it reaches.
    at.selectbox[0].set_value(next(o for o in start.options if o.startswith("Gut"))).run()
    assert not at.exception
    assert at.query_params["source"] == "gut" and at.query_params["target"] == "motor"
    assert "Alpha-Synuclein Aggregation" in labels(at.selectbox[1].options)
    assert "are seen together; that does not show" in "\n".join(m.value for m in at.markdown)


def test_explain_mode_offers_at_most_a_screenful_of_a_large_graph(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    nodes = "".join(f"  - {{id: p{i:03}, label: Process {i:03}, kind: process}}\n"
                    for i in range(150))
    edges = "".join(f"  - {{source: p{i:03}, target: p{i + 1:03}, relation: increases, "
                    "curated_in: kb}\n" for i in range(149))
    (tmp_path / "g.yaml").write_text(f"nodes:\n{nodes}edges:\n{edges}")
    monkeypatch.setenv("MECHGRAPH_GRAPH", str(tmp_path))
    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    start, reach = at.selectbox[0], at.selectbox[1]
    assert len(start.options) <= 101 and start.label.startswith("Start from (the ")
    assert start.value == "Process 000"
    assert len(reach.options) == 100  # of the 149 nodes it reaches
    assert reach.label == "Leads to (the first 100 of the 149 nodes it reaches)"
