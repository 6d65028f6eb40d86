"""Comparing treatments for one condition: the ranking rule (clinical evidence only, never
the number of pathways), the comparison groups, pathways by basis, harms, what is not
known, and the errors; on the made-up graph of tests/fixtures/compare and on the seed
graph."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import GRAPH, ROOT

import mechgraph
from mechgraph import load_graph
from mechgraph.compare import (
    COMPARISON_GROUPS,
    PATHWAY_GROUPS,
    RANKING_RULE,
    Comparison,
    compare,
)
from mechgraph.compare_text import TABLE_HEADER, comparison_text
from mechgraph.graph import MechGraph
from mechgraph.query import Filter, QueryError

FIXTURE = ROOT / "tests" / "fixtures" / "compare"
FOUR = ["herbal_tea", "exercise", "needles", "pill_a"]


@pytest.fixture(scope="module")
def kg() -> MechGraph:
    return load_graph(FIXTURE)


@pytest.fixture(scope="module")
def result(kg: MechGraph) -> Comparison:
    return compare(kg, "back_pain", FOUR)


def order(result: Comparison) -> list[str]:
    return [t.id for t in result.treatments]


def copy_fixture(tmp_path: Path) -> Path:
    folder = tmp_path / "graph"
    shutil.copytree(FIXTURE, folder)
    return folder


CROWDED = """\
nodes:
  - {id: fifth, label: A fifth treatment with a long name, kind: treatment}
edges:
  - source: fifth
    target: back_pain
    relation: decreases
    evidence:
      - {ref: needles_meta, stance: supports, comparison: sham, finding: "Across 30 made-up \
trials, the fifth treatment beat sham by about 0.3 SD, a small difference that faded by a \
quarter over one year."}
      - {ref: needles_trial, stance: refutes, comparison: sham, finding: "In a made-up trial \
of 900 people, 40% responded with the fifth treatment and 37% with sham, not a significant \
difference."}
      - {ref: needles_usual, stance: supports, comparison: usual_care, finding: "In 700 \
made-up patients, 40% responded at 6 months against 25% with usual care."}
  - {source: fifth, target: stomach_bleeding, relation: increases, evidence: [{ref: \
pill_cohort, stance: supports, finding: "Minor bleeding in about 5 in 100 sessions, in a \
made-up cohort of 800 people."}]}
  - {source: fifth, target: prostaglandins, relation: decreases, evidence: [{ref: \
mouse_study, stance: supports, finding: Lowered prostaglandins in mice.}]}
  - {source: herbal_tea, target: stomach_bleeding, relation: increases, evidence: [{ref: \
pill_cohort, stance: supports, finding: "Made-up harm numbers: 3 in 100 against 1 in 100 in \
a cohort of 2,000 people followed for one year."}]}
"""
"""A fifth treatment, contested and with a harm, and a harm of the herbal tea: with the
long names of :func:`crowded_graph`, a page that must shorten itself to fit."""


def crowded_graph(tmp_path: Path) -> Path:
    """The fixture with five treatments, long names, four contested or refuted sham
    comparisons and three harms: the most crowded page the handout is tested on."""
    folder = copy_fixture(tmp_path)
    nodes = (folder / "nodes.yaml").read_text()
    for short, long in (("Pill A", "Non-steroidal anti-inflammatory drugs (NSAIDs)"),
                        ("Exercise", "Exercise therapy and graded activity"),
                        ("Herbal tea", "Spinal manipulation therapy")):
        nodes = nodes.replace(f"label: {short}\n", f"label: {long}\n")
    (folder / "nodes.yaml").write_text(nodes)
    text = (folder / "treatments.yaml").read_text()
    for ref, extra in (("exercise_trial", [
            '{ref: pill_meta, stance: refutes, comparison: sham, finding: "Against a sham '
            "programme of gentle stretching, pain fell by a similar amount in both groups at "
            '3 and at 12 months, not a significant difference."}',
            '{ref: needles_meta, stance: supports, comparison: active, finding: "Against a '
            'pill, exercise did about as well at 6 months, with 41% and 39% responding."}']),
            ("tea_series", [
            '{ref: cell_study, stance: refutes, comparison: sham, finding: "A made-up '
            'sham-controlled study of 60 people found no difference in pain at 8 weeks."}'])):
        line = next(x for x in text.splitlines() if f"ref: {ref}," in x)
        text = text.replace(line, "\n".join([line, *("      - " + e for e in extra)]))
    (folder / "treatments.yaml").write_text(text)
    (folder / "crowded.yaml").write_text(CROWDED)
    return folder


def test_ranked_by_clinical_evidence_not_by_pathways(result: Comparison) -> None:
    assert order(result) == ["pill_a", "needles", "exercise", "herbal_tea"]
    assert [t.rank for t in result.treatments] == [1, 2, 3, 4]
    tea = result.treatments[3]
    # Six pathways, every one from animals or cells, and one uncontrolled study: last.
    assert tea.pathways_by_level["animal_or_cell"].count == 6
    assert tea.pathway_count > sum(t.pathway_count for t in result.treatments[:3])
    assert tea.clinical_level == "low"
    assert result.ranking_rule == RANKING_RULE


def test_a_contested_edge_ranks_below_an_uncontested_one_of_the_same_level(
        result: Comparison) -> None:
    pill, needles = result.treatments[:2]
    assert (pill.clinical_level, pill.clinical_contested) == ("high", False)
    assert (needles.clinical_level, needles.clinical_contested) == ("high", True)


def test_the_rank_does_not_depend_on_the_order_asked(kg: MechGraph) -> None:
    assert order(compare(kg, "back_pain", list(reversed(FOUR)))) == order(
        compare(kg, "back_pain", FOUR))


@pytest.mark.parametrize("treatment", FOUR)
def test_adding_animal_pathways_never_changes_the_rank(tmp_path: Path,
                                                       treatment: str) -> None:
    folder = copy_fixture(tmp_path)
    before = order(compare(load_graph(folder), "back_pain", FOUR))
    lines = ["nodes:"]
    lines += [f"  - {{id: extra_{i}, label: Extra {i}, kind: mediator}}" for i in range(12)]
    lines.append("edges:")
    for i in range(12):
        for source, target in ((treatment, f"extra_{i}"), (f"extra_{i}", "pain_signalling")):
            lines.append(f"  - {{source: {source}, target: {target}, relation: decreases, "
                         "evidence: [{ref: mouse_study, stance: supports, finding: More.}]}")
    (folder / "extra.yaml").write_text("\n".join(lines) + "\n")
    kg = load_graph(folder)
    after = compare(kg, "back_pain", FOUR)
    assert order(after) == before
    row = next(t for t in after.treatments if t.id == treatment)
    assert row.pathways_by_level["animal_or_cell"].count >= 12


def test_a_better_trial_moves_a_treatment_up(tmp_path: Path) -> None:
    """The rule is live: a placebo-controlled meta-analysis lifts the herbal tea above
    exercise (level high beats moderate)."""
    folder = copy_fixture(tmp_path)
    text = (folder / "treatments.yaml").read_text().replace(
        "ref: tea_series, stance: supports, comparison: none",
        "ref: pill_meta, stance: supports, comparison: placebo")
    (folder / "treatments.yaml").write_text(text)
    assert order(compare(load_graph(folder), "back_pain", FOUR)) == [
        "herbal_tea", "pill_a", "needles", "exercise"]  # ties broken by name


def test_ties_go_to_placebo_then_usual_care_then_name(tmp_path: Path) -> None:
    refs = "\n".join(
        f"  {k}: {{title: T, year: 2020, design: rct, url: 'https://example.org/{k}'}}"
        for k in ("r1", "r2", "r3"))
    nodes = "\n".join(f"  - {{id: {n}, label: {n.upper()}, kind: treatment}}"
                      for n in ("t_a", "t_b", "t_c", "t_d"))

    def edge(source: str, comparisons: list[str]) -> str:
        items = ", ".join(f"{{ref: r1, stance: supports, comparison: {c}, finding: F.}}"
                          for c in comparisons)
        return (f"  - {{source: {source}, target: pain, relation: decreases, "
                f"evidence: [{items}]}}")

    (tmp_path / "g.yaml").write_text(
        f"references:\n{refs}\nnodes:\n{nodes}\n  - {{id: pain, label: Pain, kind: condition}}"
        "\nedges:\n" + "\n".join([edge("t_a", ["none"]), edge("t_b", ["usual_care"]),
                                  edge("t_c", ["sham"]), edge("t_d", ["none"])]) + "\n")
    result = compare(load_graph(tmp_path), "pain")
    assert order(result) == ["t_c", "t_b", "t_a", "t_d"]
    assert {t.clinical_level for t in result.treatments} == {"moderate"}


def test_comparison_groups_and_levels(result: Comparison) -> None:
    needles = result.treatments[1]
    assert list(needles.clinical) == list(COMPARISON_GROUPS)
    sham = needles.clinical["placebo_or_sham"]
    assert (sham.best_support, sham.best_refute, sham.contested) == ("high", "moderate", True)
    assert [f.ref for f in sham.findings] == ["needles_meta", "needles_trial"]
    refuting = sham.findings[1]
    assert refuting.citation == "Delta 2009" and refuting.stance == "refutes"
    assert "47% with needles and 44% with sham" in refuting.finding
    assert needles.clinical["usual_care"].best_support == "moderate"
    assert not needles.clinical["active"].tested
    pill = result.treatments[0]
    assert pill.clinical["placebo_or_sham"].findings[0].comparison == "placebo"


def test_outcomes_are_kept_apart_and_never_ranked(result: Comparison) -> None:
    needles = result.treatments[1]
    assert [o.target for o in needles.outcomes] == ["daily_function"]
    assert all(f.ref != "needles_usual" or f.comparison == "usual_care"
               for f in needles.clinical["usual_care"].findings)
    assert not any(o.target == "daily_function" for o in needles.direct)


def test_pathways_by_level_best_pathway_and_weakest_link(result: Comparison) -> None:
    pill, needles = result.treatments[:2]
    assert list(pill.pathways_by_level) == list(PATHWAY_GROUPS)
    assert pill.pathways_by_level["human"].count == 1
    assert pill.best_pathway is not None and pill.best_pathway.nodes == (
        "pill_a", "prostaglandins", "pain_signalling", "back_pain")
    assert needles.pathways_by_level["traditional"].count == 1
    assert needles.best_pathway is not None and not needles.best_pathway.traditional
    assert needles.weakest_link is not None
    assert (needles.weakest_link.edge, needles.weakest_link.level) == (
        ("needles", "prostaglandins", "decreases"), "preclinical")
    exercise = result.treatments[2]
    assert exercise.pathway_count == 0 and exercise.best_pathway is None
    assert exercise.weakest_link is None


def test_harms(result: Comparison) -> None:
    pill = result.treatments[0]
    assert [(h.target, h.relation, h.level) for h in pill.harms] == [
        ("stomach_bleeding", "increases", "low")]
    assert "2 of 100 users" in pill.harms[0].findings[0].finding
    assert all(not t.harms for t in result.treatments[1:])


def test_unknowns_say_what_is_not_known(result: Comparison) -> None:
    pill, needles, exercise, tea = result.treatments
    assert "No comparison with usual care or no treatment is recorded." in pill.unknowns
    assert not any("harm" in u for u in pill.unknowns)
    assert any("contested" in u for u in needles.unknowns)
    assert len(needles.unknown_codes) == len(needles.unknowns)
    assert "sham_contested" in needles.unknown_codes
    assert any(u.startswith("No placebo- or sham-controlled") for u in exercise.unknowns)
    assert any("No mechanism is recorded" in u for u in exercise.unknowns)
    assert any("only in animals or cells" in u for u in tea.unknowns)
    assert any(u.startswith("No checked harm data") for u in tea.unknowns)


def test_every_treatment_reaching_the_condition_by_default(kg: MechGraph) -> None:
    result = compare(kg, "back_pain")
    assert sorted(order(result)) == sorted(FOUR)
    assert result.left_out == ()  # nothing was asked for


def test_asked_for_treatments_that_do_not_reach_are_left_out(kg: MechGraph) -> None:
    result = compare(kg, "back_pain", ["magnets", "exercise"])
    assert order(result) == ["exercise"]
    assert [(x.id, x.reason) for x in result.left_out] == [
        ("magnets", "no direct link or pathway reaches the condition")]
    with pytest.raises(QueryError, match="no treatment reaches 'back_pain'"):
        compare(kg, "back_pain", ["magnets"])


@pytest.mark.parametrize(("condition", "treatments", "message"), [
    ("back_pian", None, r"unknown node 'back_pian' \(did you mean 'back_pain'\?\)"),
    ("back_pain", ["excercise"], r"unknown node 'excercise' \(did you mean 'exercise'\?\)"),
    ("back_pain", ["prostaglandins"], "'prostaglandins' is a mediator, not a treatment"),
    ("pain_signalling", None, "'pain_signalling' is a process, not a condition"),
    ("back_pain", [], "no treatment was given"),
])
def test_bad_requests(kg: MechGraph, condition: str, treatments: list[str] | None,
                      message: str) -> None:
    with pytest.raises(QueryError, match=message):
        compare(kg, condition, treatments)


def test_one_treatment_as_a_string(kg: MechGraph) -> None:
    assert order(compare(kg, "back_pain", "exercise")) == ["exercise"]


def test_the_filter_is_applied_and_recorded(kg: MechGraph) -> None:
    flt = Filter(min_level="moderate")
    result = compare(kg, "back_pain", FOUR, flt)
    assert result.filter == flt
    assert result.to_dict()["filter"] == {"min_level": "moderate"}
    # The tea's only clinical study is low: its direct edge is hidden, and its animal
    # pathways too, so it no longer reaches the condition.
    assert "herbal_tea" not in order(result)
    assert [x.id for x in result.left_out] == ["herbal_tea"]


def test_a_direct_link_hidden_by_the_filter_is_not_called_untested(kg: MechGraph) -> None:
    row = compare(kg, "back_pain", ["needles"], Filter(bases={"traditional"})).treatments[0]
    assert row.direct == () and row.direct_hidden
    assert row.unknown_codes[0] == "direct_hidden"
    assert not any("No study here tested" in u for u in row.unknowns)
    assert not compare(kg, "back_pain", ["needles"]).treatments[0].direct_hidden


def test_to_dict_is_json_and_keeps_its_keys(result: Comparison) -> None:
    data = json.loads(json.dumps(result.to_dict()))
    assert list(data) == ["condition", "condition_label", "filter", "ranking_rule",
                          "treatments", "left_out"]
    row = data["treatments"][1]
    assert list(row) == ["id", "label", "rank", "clinical_level", "clinical_contested",
                         "clinical", "direct", "outcomes", "pathways_by_level",
                         "pathway_count", "truncated", "best_pathway", "weakest_link",
                         "harms", "unknowns", "unknown_codes", "direct_hidden"]
    assert list(row["clinical"]["placebo_or_sham"]) == [
        "group", "best_support", "best_refute", "contested", "findings"]
    assert list(row["clinical"]["placebo_or_sham"]["findings"][0]) == [
        "ref", "citation", "stance", "comparison", "finding", "level", "design", "subjects"]
    assert row["pathways_by_level"]["animal_or_cell"]["count"] == 1
    assert row["weakest_link"] == {"edge": ["needles", "prostaglandins", "decreases"],
                                   "level": "preclinical", "contested": False}
    assert data["treatments"][0]["harms"][0]["target"] == "stomach_bleeding"


def test_public_from_mechgraph() -> None:
    assert mechgraph.compare is compare
    assert "TreatmentComparison" in mechgraph.__all__


def test_seed_graph_acupuncture() -> None:
    kg = load_graph(GRAPH)
    result = compare(kg, "chronic_low_back_pain")
    acu = result.treatments[0]
    assert (acu.id, acu.clinical_level, acu.clinical_contested) == ("acupuncture", "high",
                                                                    True)
    assert acu.clinical["placebo_or_sham"].contested
    assert {f.ref for f in acu.clinical["placebo_or_sham"].findings if f.stance == "refutes"} \
        == {"cherkin2009", "haake2007", "colquhoun2013"}
    assert [o.target for o in acu.outcomes] == ["back_disability"]
    assert acu.pathways_by_level["animal_or_cell"].count == 5


def test_text_and_markdown(kg: MechGraph, result: Comparison) -> None:
    text = comparison_text(kg, result)
    assert text.splitlines()[2].split()[:2] == ["Rank", "Treatment"]
    assert "Delta 2009, refutes (vs sham; rct, level moderate)" in text
    assert "its weakest link is needles -> prostaglandins (decreases), evidence " \
           "preclinical" in text
    md = comparison_text(kg, result, fmt="markdown")
    assert "| " + " | ".join(TABLE_HEADER) + " |" in md
    assert "| 2 | Needles | high, contested | high, contested | moderate |" in md
    with pytest.raises(QueryError, match="unknown format 'html'"):
        comparison_text(kg, result, fmt="html")
