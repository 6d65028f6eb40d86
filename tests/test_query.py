"""Paths and net effect, focus, filters and evidence summaries, on fixture graphs built
for the purpose and on the seed graph (with hand-computed expectations)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import GRAPH

from mechgraph import load_graph
from mechgraph.graph import MechGraph
from mechgraph.query import (
    Filter,
    QueryError,
    compose_signs,
    evidence_summary,
    find_paths,
    focus,
)

REFS = """\
references:
  meta: {title: M, year: 2018, design: meta-analysis, pmid: 1}
  trial: {title: T, year: 2007, design: rct, pmid: 2}
  mice: {title: A, year: 2010, design: animal, pmid: 3}
  idea: {title: H, year: 2001, design: hypothesis, pmid: 4}
"""


def graph_of(tmp_path: Path, edges: list[tuple[str, str, str, str]],
             traditional: tuple[str, ...] = ()) -> MechGraph:
    """A graph with the given (source, target, relation, ref) edges; ref '' for none."""
    ids = sorted({e[0] for e in edges} | {e[1] for e in edges})
    lines = ["nodes:"]
    for i in ids:
        framework = ", framework: traditional" if i in traditional else ""
        lines.append(f"  - {{id: {i}, label: {i.upper()}, kind: process{framework}}}")
    lines.append("edges:")
    for s, t, r, ref in edges:
        evidence = (f", evidence: [{{ref: {ref}, stance: supports, finding: F.}}]"
                    if ref else "")
        lines.append(f"  - {{source: {s}, target: {t}, relation: {r}{evidence}}}")
    (tmp_path / "g.yaml").write_text("\n".join(lines) + "\n" + REFS)
    return load_graph(tmp_path, cache=False)


@pytest.mark.parametrize(("relations", "expected"), [
    (["increases"], "increases"),
    (["decreases"], "decreases"),
    (["increases", "decreases"], "decreases"),
    (["decreases", "decreases"], "increases"),
    (["decreases", "decreases", "decreases"], "decreases"),
    (["increases", "modulates", "decreases"], "unknown"),
    (["associated_with"], "not_causal"),
    (["modulates", "associated_with"], "not_causal"),
    (["associated_with", "modulates"], "not_causal"),
])
def test_sign_composition(relations: list[str], expected: str) -> None:
    assert compose_signs(relations) == expected


def test_ambiguous_when_paths_disagree(tmp_path: Path) -> None:
    kg = graph_of(tmp_path, [("a", "b", "increases", "meta"), ("b", "d", "increases", "meta"),
                             ("a", "c", "increases", "mice"), ("c", "d", "decreases", "mice")])
    report = find_paths(kg, "a", "d")
    assert report.overall == "ambiguous"
    assert [p.nodes for p in report.by_effect["increases"]] == [("a", "b", "d")]
    assert [p.nodes for p in report.by_effect["decreases"]] == [("a", "c", "d")]
    # Best evidence first: the meta-analysis path before the mouse path.
    assert [p.weakest_evidence for p in report.paths] == ["high", "preclinical"]


@pytest.mark.parametrize(("relations", "overall"), [
    (("modulates", "increases"), "unknown"),
    (("associated_with", "increases"), "not_causal"),
    (("decreases", "decreases"), "increases"),
])
def test_overall_effect_of_a_single_path(tmp_path: Path, relations: tuple[str, str],
                                         overall: str) -> None:
    kg = graph_of(tmp_path, [("a", "b", relations[0], "trial"), ("b", "c", relations[1],
                                                                   "trial")])
    assert find_paths(kg, "a", "c").overall == overall


def test_known_signs_outweigh_unknown_ones_but_none_is_none(tmp_path: Path) -> None:
    kg = graph_of(tmp_path, [("a", "b", "modulates", "trial"), ("a", "c", "increases", "trial"),
                             ("b", "d", "increases", "trial"), ("c", "d", "increases", "trial"),
                             ("e", "a", "increases", "trial")])
    assert find_paths(kg, "a", "d").overall == "increases"
    assert find_paths(kg, "d", "a").overall == "none"


def test_parallel_edges_give_separate_paths(tmp_path: Path) -> None:
    kg = graph_of(tmp_path, [("a", "b", "increases", "trial"), ("a", "b", "decreases", "mice"),
                             ("b", "c", "increases", "trial")])
    report = find_paths(kg, "a", "c")
    assert [p.relations for p in report.paths] == [("increases", "increases"),
                                                   ("decreases", "increases")]
    assert report.overall == "ambiguous"


def test_traditional_paths_are_listed_but_not_counted(tmp_path: Path) -> None:
    kg = graph_of(tmp_path, [("a", "qi", "increases", ""), ("qi", "c", "decreases", ""),
                             ("a", "c", "increases", "trial")], traditional=("qi",))
    report = find_paths(kg, "a", "c")
    assert report.overall == "increases"
    trad = [p for p in report.paths if p.traditional]
    assert len(trad) == 1 and trad[0].weakest_evidence == "ungraded"
    assert trad[0].frameworks == ("traditional",)
    assert report.paths[-1] is trad[0]  # ungraded ranks after every graded path


def test_weakest_link_and_contested(tmp_path: Path) -> None:
    kg = graph_of(tmp_path, [("a", "b", "increases", "meta"), ("b", "c", "increases", "idea")])
    [path] = find_paths(kg, "a", "c").paths
    assert path.weakest_evidence == "opinion" and not path.contested


def test_length_bound_and_truncation(tmp_path: Path) -> None:
    chain = [(f"n{i}", f"n{i + 1}", "increases", "trial") for i in range(8)]
    kg = graph_of(tmp_path, chain)
    assert find_paths(kg, "n0", "n8", max_length=6).paths == ()
    assert len(find_paths(kg, "n0", "n8", max_length=8).paths) == 1
    fan = [("s", f"m{i}", "increases", "trial") for i in range(5)] + [
        (f"m{i}", "t", "increases", "trial") for i in range(5)]
    (tmp_path / "g.yaml").unlink()
    kg = graph_of(tmp_path, fan)
    capped = find_paths(kg, "s", "t", limit=3)
    assert len(capped.paths) == 3 and capped.truncated
    assert not find_paths(kg, "s", "t").truncated


@pytest.mark.parametrize(("call", "message"), [
    (lambda kg: find_paths(kg, "acupunture", "qi"),
     "unknown node 'acupunture' (did you mean 'acupuncture'?)"),
    (lambda kg: find_paths(kg, "qi", "qi"), "source and target are the same node ('qi')"),
    (lambda kg: find_paths(kg, "acupuncture", "qi", max_length=0),
     "the path length must be between 1 and 12, not 0"),
    (lambda kg: focus(kg, "qi", direction="downstrem"),
     "unknown direction 'downstrem' (did you mean 'downstream'?); allowed: both, downstream, "
     "upstream"),
    (lambda kg: Filter(min_level="strong"), "unknown evidence level 'strong'; allowed: "
     "high, moderate, low, preclinical, opinion, none"),
])
def test_bad_questions_get_clear_errors(call: object, message: str) -> None:
    kg = load_graph(GRAPH)
    with pytest.raises(QueryError) as info:
        call(kg)  # type: ignore[operator]
    assert str(info.value) == message


def test_focus_directions_and_depth() -> None:
    kg = load_graph(GRAPH)
    assert sorted(focus(kg, "pain_signalling", direction="downstream")) == [
        "chronic_low_back_pain", "pain_signalling"]
    up = focus(kg, "pain_signalling", direction="upstream", depth=1)
    assert "endorphins" in up and "acupuncture" not in up
    assert "acupuncture" in focus(kg, "pain_signalling", direction="upstream", depth=2)
    assert list(focus(kg, "qi", depth=0)) == ["qi"]
    both = focus(kg, "qi")
    assert set(both) == {"qi", "acupuncture", "meridians", "chronic_low_back_pain"}
    assert both.has_edge("acupuncture", "chronic_low_back_pain")  # edges among the nodes


def test_filters_compose_with_paths_and_focus() -> None:
    kg = load_graph(GRAPH)
    strong = Filter(min_level="low").apply(kg.graph)
    report = find_paths(kg, "acupuncture", "chronic_low_back_pain", graph=strong)
    assert [p.nodes for p in report.paths] == [
        ("acupuncture", "chronic_low_back_pain"),
        ("acupuncture", "expectation_and_context", "chronic_low_back_pain")]
    sham = Filter(comparisons={"sham"}, stances={"refutes"}).apply(kg.graph)
    assert sorted(sham.edges(keys=True)) == [
        ("acupuncture", "back_disability", "decreases"),
        ("acupuncture", "chronic_low_back_pain", "decreases"),
        ("spinal_manipulation", "back_disability", "decreases"),
        ("spinal_manipulation", "chronic_low_back_pain", "decreases"),
        ("spinal_manipulation", "manipulation_induced_hypoalgesia", "increases")]
    biomedical = Filter(frameworks={"biomedical"}).apply(kg.graph)
    assert "qi" not in biomedical and not any(p.traditional for p in find_paths(
        kg, "acupuncture", "chronic_low_back_pain", graph=biomedical).paths)
    mediators = Filter(kinds={"mediator", "treatment"}).apply(kg.graph)
    assert set(focus(kg, "acupuncture", graph=mediators)) == {
        "acupuncture", "endorphins", "serotonin", "norepinephrine", "adenosine",
        "proinflammatory_cytokines", "brain_dopamine"}
    only_modulates = Filter(relations={"modulates"}).apply(kg.graph)
    assert {k for _, _, k in only_modulates.edges(keys=True)} == {"modulates"}
    animal = Filter(designs={"animal"}).apply(kg.graph)
    assert ("acupuncture", "adenosine", "increases") in set(animal.edges(keys=True))
    with pytest.raises(QueryError, match="hidden by the filters"):
        find_paths(kg, "acupuncture", "qi", graph=biomedical)


def test_evidence_summary_counts_distinct_references() -> None:
    kg = load_graph(GRAPH)
    summary = evidence_summary(kg, [("acupuncture", "chronic_low_back_pain", "decreases")])
    # vickers2018 is cited twice (vs no treatment and vs sham): one reference.
    assert summary.references.count("vickers2018") == 1
    assert summary.items == 15 and len(summary.references) == 9
    assert summary.by_stance == {"supports": 5, "partial": 1, "refutes": 3, "inconclusive": 3}
    assert summary.by_comparison["sham"] == 7
    path = find_paths(kg, "acupuncture", "chronic_low_back_pain").paths[2]
    assert evidence_summary(kg, path).edges == path.edges


# Hand-computed: the net effect of each mechanism's pathway from acupuncture to back pain.
SEED_PATHS = {
    ("acupuncture", "chronic_low_back_pain"): "decreases",
    ("acupuncture", "endorphins", "pain_signalling", "chronic_low_back_pain"):
        "decreases",  # + - +
    ("acupuncture", "proinflammatory_cytokines", "pain_signalling", "chronic_low_back_pain"):
        "decreases",  # - + +
    ("acupuncture", "proinflammatory_cytokines", "chronic_low_back_pain"):
        "not_causal",  # - then associated_with (burke2002: a correlation in disc tissue)
    ("acupuncture", "proinflammatory_cytokines", "prostaglandins", "central_sensitisation",
     "pain_signalling", "chronic_low_back_pain"): "decreases",  # - + + + +
    ("acupuncture", "proinflammatory_cytokines", "prostaglandins", "peripheral_sensitisation",
     "pain_signalling", "chronic_low_back_pain"): "decreases",  # - + + + +
    ("acupuncture", "serotonin", "pain_signalling", "chronic_low_back_pain"):
        "unknown",  # modulates
    ("acupuncture", "norepinephrine", "pain_signalling", "chronic_low_back_pain"):
        "unknown",
    ("acupuncture", "adenosine", "adenosine_a1_receptor_activation", "pain_signalling",
     "chronic_low_back_pain"): "decreases",  # + + - +
    ("acupuncture", "mu_opioid_receptor_availability", "pain_signalling",
     "chronic_low_back_pain"): "decreases",  # + - +
    ("acupuncture", "expectation_and_context", "chronic_low_back_pain"): "decreases",  # + -
    ("acupuncture", "muscle_blood_flow", "muscle_tension", "chronic_low_back_pain"):
        "decreases",  # + - + (claims past the first step)
    ("acupuncture", "muscle_blood_flow", "tissue_repair", "chronic_low_back_pain"):
        "decreases",  # + + -
    ("acupuncture", "qi", "chronic_low_back_pain"): "decreases",  # traditional: + -
}


def test_every_seed_pathway_has_its_hand_computed_net_effect() -> None:
    kg = load_graph(GRAPH)
    report = find_paths(kg, "acupuncture", "chronic_low_back_pain")
    assert {p.nodes: p.net_effect for p in report.paths} == SEED_PATHS
    assert report.overall == "decreases" and not report.truncated


def test_the_subjects_filter_finds_every_link_with_animal_evidence() -> None:
    kg = load_graph(GRAPH)
    by_subjects = set(Filter(subjects={"animal"}).apply(kg.graph).edges(keys=True))
    by_design = set(Filter(designs={"animal"}).apply(kg.graph).edges(keys=True))
    # Measured on the seed graph: narrative reviews of animal work (han2004, ...) are
    # animal evidence that the design filter misses.
    assert (len(by_subjects), len(by_design)) == (23, 18)
    assert by_design < by_subjects
    refs = kg.graph.graph["references"]
    assert by_subjects == {key for key in kg.graph.edges(keys=True) if any(
        refs[item["ref"]]["subjects"] == "animal" for item in kg.graph.edges[key]["evidence"])}
    # Per item, like the other criteria: the one link an animal study refutes (skyba2003:
    # naloxone did not block the relief after joint manipulation in rats), and no other.
    assert list(Filter(subjects={"animal"}, stances={"refutes"}).apply(kg.graph).edges(
        keys=True)) == [("spinal_manipulation", "endorphins", "increases")]
    assert Filter.of_fields({"subjects": ["animal"]}) == Filter(subjects={"animal"})
    assert not Filter.of_fields({"subjects": [], "design": None}).active


@pytest.mark.parametrize(("call", "message"), [
    (lambda: Filter(subjects={"animals"}),
     "unknown subjects 'animals' (did you mean 'animal'?); allowed: human, animal, cell"),
    (lambda: Filter.of_fields({"subject": ["animal"]}),
     "unknown filter 'subject' (did you mean 'subjects'?)"),
])
def test_an_unknown_subjects_value_or_filter_says_what_was_meant(call: Any,
                                                                 message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        call()


def _bridged(tmp_path: Path, first: str) -> MechGraph:
    """a -> b backed by ``first``, then b -> c that holds by definition."""
    (tmp_path / "g.yaml").write_text(f"""\
nodes:
  - {{id: a, label: A, kind: treatment}}
  - {{id: b, label: B, kind: process}}
  - {{id: c, label: C, kind: condition}}
edges:
  - {{source: a, target: b, relation: decreases,
     evidence: [{{ref: {first}, stance: supports, finding: F.}}]}}
  - {{source: b, target: c, relation: increases, definitional: true}}
""" + REFS)
    return load_graph(tmp_path, cache=False)


@pytest.mark.parametrize(("first", "weakest"), [("meta", "high"), ("mice", "preclinical")])
def test_a_definitional_link_neither_raises_nor_lowers_a_pathway(tmp_path: Path, first: str,
                                                                  weakest: str) -> None:
    kg = _bridged(tmp_path, first)
    [path] = find_paths(kg, "a", "c").paths
    assert path.weakest_evidence == weakest
    [bridge] = find_paths(kg, "b", "c").paths
    assert bridge.weakest_evidence == "definitional" and bridge.evidence_basis == "definitional"
    # It needs no study, so a minimum level keeps it; the basis filter finds it.
    view = Filter(min_level=weakest).apply(kg.graph)
    assert [p.weakest_evidence for p in find_paths(kg, "a", "c", graph=view).paths] == [weakest]
    only = Filter.of_fields({"basis": ["definitional"]}).apply(kg.graph)
    assert list(only.edges(keys=True)) == [("b", "c", "increases")]


def test_the_seed_pathways_are_counted_by_evidence() -> None:
    kg = load_graph(GRAPH)
    report = find_paths(kg, "acupuncture", "chronic_low_back_pain")
    assert report.by_evidence == {"human": 2, "preclinical": 8, "inconclusive": 1,
                                  "untested": 2, "curated": 0, "definitional": 0,
                                  "traditional": 1}
    shape = report.to_dict()
    assert shape["by_evidence"] == report.by_evidence
    mu = next(p for p in shape["paths"] if "mu_opioid_receptor_availability" in p["nodes"])
    assert mu["evidence_basis"] == "inconclusive" and mu["refuted"] is False
    # The definitional bridge no longer lends the pathways through it its own level.
    through = [p for p in report.paths if "pain_signalling" in p.nodes]
    assert len(through) == 8 and {p.weakest_evidence for p in through} == {
        "preclinical", "none"}
