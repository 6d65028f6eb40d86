"""Expectations (:mod:`mechgraph.expectations`): each kind holds on a small graph and, when
broken, fails with what the graph says now and the file:line of the expectation; an edit
that breaks one is warned about, before anything is written."""

from __future__ import annotations

import itertools
import textwrap
from pathlib import Path

import pytest
from pydantic import ValidationError
from test_edit import folder_hash

from mechgraph import check_graph, load_graph
from mechgraph.edit import add_edge, add_evidence
from mechgraph.expectations import broken_by, check_expectations, describe
from mechgraph.fmt import format_text
from mechgraph.model import EXPECTATION_NODE_FIELDS, Expectation
from mechgraph.query import MAX_LENGTH_LIMIT

GRAPH = """\
nodes:
  - {id: drug, label: Drug, kind: treatment}
  - {id: sham, label: Sham, kind: treatment, control: true}
  - {id: m, label: M, kind: mediator}
  - {id: signal, label: Signal, kind: process}
  - {id: pain, label: Pain, kind: condition}
  - {id: mood, label: Mood, kind: outcome}
  - {id: qi, label: Qi, kind: concept, framework: traditional}
edges:
  - source: drug
    target: pain
    relation: decreases
    evidence:
      - {ref: meta, stance: supports, finding: Less pain than placebo.}
      - {ref: trial, stance: refutes, finding: No better than placebo.}
  - source: drug
    target: m
    relation: increases
    evidence:
      - {ref: rat, stance: supports, finding: More M in rats.}
  - source: m
    target: signal
    relation: decreases
    evidence:
      - {ref: rat, stance: supports, finding: Less signal in rats.}
  - {source: signal, target: pain, relation: increases, definitional: true}
  - {source: drug, target: qi, relation: increases}
  - {source: qi, target: pain, relation: decreases}
  - source: drug
    target: mood
    relation: increases
    evidence:
      - {ref: trial, stance: supports, finding: Better mood than placebo.}
  - source: m
    target: mood
    relation: decreases
    evidence:
      - {ref: rat, stance: supports, finding: Rats with more M moved less.}
references:
  meta: {year: 2020, design: meta-analysis, pmid: 1}
  trial: {year: 2019, design: rct, pmid: 2}
  rat: {year: 2018, design: animal, subjects: animal, pmid: 3}
"""


def _graph(tmp_path: Path, expectations: str) -> Path:
    folder = tmp_path / "g"
    folder.mkdir(exist_ok=True)
    (folder / "graph.yaml").write_text(GRAPH)
    (folder / "expectations.yaml").write_text(
        "expectations:\n" + textwrap.indent(textwrap.dedent(expectations), "  "))
    return folder


def _one(tmp_path: Path, body: str) -> tuple[bool, str, str]:
    """Check the one expectation ``body`` (its fields, without ``id`` and ``note``)."""
    folder = _graph(tmp_path, "- id: it\n  note: A test.\n" + textwrap.indent(
        textwrap.dedent(body), "  "))
    (result,) = check_expectations(load_graph(folder))
    assert result.where == f"{folder / 'expectations.yaml'}:2"  # the line of '- id: it'
    return result.passed, result.says, str(result)


@pytest.mark.parametrize(("body", "says"), [
    # some pathway: through a node, with a net effect and a minimum level
    ("source: drug\ntarget: pain\neffect: decreases\nmin_level: preclinical\n"
     "through: [signal]\n",
     "1 of the 3 pathways from drug to pain does; the best: drug -> m -> signal -> pain "
     "(decreases, weakest link preclinical)"),
    # the direct link's level (max_length 1), and that it is contested
    ("source: drug\ntarget: pain\nmax_length: 1\nmin_level: high\ncontested: true\n",
     "the one pathway from drug to pain within 1 link does: drug -> pain (decreases, weakest "
     "link high, contested)"),
    # no pathway through the traditional framework is graded
    ("source: drug\ntarget: pain\npathways: none\nframework: traditional\ngraded: true\n",
     "none of the 3 pathways from drug to pain does"),
    # every pathway of at least preclinical decreases the pain
    ("source: drug\ntarget: pain\npathways: every\nmin_level: preclinical\n"
     "effect: decreases\n",
     "all 2 pathways from drug to pain with a weakest link of at least preclinical do"),
    # the overall effect
    ("source: drug\ntarget: mood\noverall: ambiguous\n",
     "the overall effect of drug on mood is ambiguous: ↕ mixed: the pathways point "
     "different ways (2 pathways: 1 studied in people, "
     "1 only in animals or cells)"),
    # a path absent
    ("source: sham\ntarget: pain\npathways: none\n", "there is no pathway from sham to pain"),
    # avoiding a node, at most a level
    ("source: drug\ntarget: pain\navoiding: [m]\nmax_level: high\ncontested: false\n",
     "1 of the 3 pathways from drug to pain does; the best: drug -> qi -> pain (decreases, "
     "weakest link ungraded)"),
])
def test_each_kind_holds(tmp_path: Path, body: str, says: str) -> None:
    assert _one(tmp_path, body)[:2] == (True, says)


@pytest.mark.parametrize(("body", "says"), [
    ("source: drug\ntarget: pain\neffect: decreases\nmin_level: low\nthrough: [signal]\n",
     "none of the 3 pathways from drug to pain does; the closest, drug -> pain (decreases, "
     "weakest link high, contested): it does not pass through signal"),
    ("source: drug\ntarget: pain\nmax_length: 1\neffect: increases\nmin_level: high\n",
     "the one pathway from drug to pain within 1 link does not: drug -> pain (decreases, "
     "weakest link high, contested): its effect is decreases"),
    ("source: drug\ntarget: pain\npathways: none\nframework: traditional\n",
     "1 pathway from drug to pain does: drug -> qi -> pain (decreases, weakest link "
     "ungraded)"),
    ("source: drug\ntarget: pain\npathways: every\nmin_level: preclinical\nthrough: [signal]\n",
     "1 of the 2 pathways from drug to pain with a weakest link of at least preclinical do "
     "not, e.g. drug -> pain (decreases, weakest link high, contested): it does not pass "
     "through signal"),
    ("source: drug\ntarget: mood\noverall: decreases\n",
     "the overall effect of drug on mood is ambiguous: ↕ mixed: the pathways point "
     "different ways (2 pathways: 1 studied in people, "
     "1 only in animals or cells)"),
    ("source: sham\ntarget: pain\n", "there is no pathway from sham to pain"),
    ("source: sham\ntarget: pain\npathways: every\n", "there is no pathway from sham to pain"),
    ("source: drug\ntarget: pain\navoiding: [m, qi]\ncontested: false\n",
     "none of the 3 pathways from drug to pain does; the closest, drug -> pain (decreases, "
     "weakest link high, contested): a link of it is contested"),
    ("source: drug\ntarget: pain\navoiding: [qi]\nmax_level: opinion\n",
     "none of the 3 pathways from drug to pain does; the closest, drug -> pain (decreases, "
     "weakest link high, contested): its weakest link is high"),
    ("source: drug\ntarget: pain\ngraded: false\nframework: biomedical\n",
     "none of the 3 pathways from drug to pain does; the closest, drug -> pain (decreases, "
     "weakest link high, contested): its weakest link is high"),
])
def test_each_kind_broken_fails_with_what_the_graph_says(tmp_path: Path, body: str,
                                                         says: str) -> None:
    passed, said, line = _one(tmp_path, body)
    assert (passed, said) == (False, says)
    assert line == f"{tmp_path / 'g' / 'expectations.yaml'}:2: expectation it: failed: {says}"


def test_a_search_that_stops_at_its_limit_proves_no_every_or_none(tmp_path: Path) -> None:
    # 8 x 8 x 8 = 512 pathways from s to t: more than the search's 500
    layers = [[f"n{i}_{j}" for j in range(8)] for i in range(3)]
    nodes = ["s", "t", *(n for layer in layers for n in layer)]
    pairs = ([("s", n) for n in layers[0]]
             + [(a, b) for x, y in itertools.pairwise(layers) for a in x for b in y]
             + [(n, "t") for n in layers[2]])
    folder = tmp_path / "wide"
    folder.mkdir()
    (folder / "g.yaml").write_text(
        "nodes:\n" + "".join(f"  - {{id: {n}, label: {n}, kind: process}}\n" for n in nodes)
        + "edges:\n" + "".join(
            f"  - {{source: {a}, target: {b}, relation: increases, evidence: [{{ref: r, "
            "stance: supports, finding: Seen.}]}\n" for a, b in pairs)
        + "references:\n  r: {year: 2020, design: rct, pmid: 1}\n"
        + "expectations:\n"
        "  - {id: none_decrease, note: A test., source: s, target: t, pathways: none,\n"
        "     effect: decreases}\n"
        "  - {id: one_increases, note: A test., source: s, target: t, effect: increases}\n")
    kg = load_graph(folder)
    none, some = check_expectations(kg)
    assert not none.passed and none.says == (
        "none of the 500 pathways from s to t does; (the search stopped at 500 pathways; a "
        "smaller max_length may find what is expected)")
    assert some.passed


def test_describe_says_the_expectation_in_words() -> None:
    e = Expectation(id="e", note="n", source="a", target="b", pathways="none",
                    framework="traditional", graded=True)
    assert describe(e) == ("no pathway from a to b crosses the traditional framework, with "
                           "an evidence level")
    assert describe(Expectation(id="e", note="n", source="a", target="b", overall="none")) == (
        "the overall effect of a on b is none")
    assert describe(Expectation(id="e", note="n", source="a", target="b", pathways="none")) == (
        "there is no pathway from a to b")


def test_the_model_refuses_what_no_graph_can_meet() -> None:
    with pytest.raises(ValidationError, match="is above max_level"):
        Expectation(id="e", note="n", source="a", target="b", min_level="high",
                    max_level="low")
    with pytest.raises(ValidationError, match="both in 'through' and in 'avoiding'"):
        Expectation(id="e", note="n", source="a", target="b", through=["c"], avoiding=["c"])
    with pytest.raises(ValidationError, match="less than or equal to 12"):
        Expectation(id="e", note="n", source="a", target="b", max_length=13)
    assert Expectation.model_fields["max_length"].metadata[1].le == MAX_LENGTH_LIMIT


def test_the_node_fields_are_the_model_s_and_all_are_checked(tmp_path: Path) -> None:
    assert set(EXPECTATION_NODE_FIELDS) <= set(Expectation.model_fields)
    folder = _graph(tmp_path, "- {id: it, note: A test., source: drugg, target: pan, "
                              "through: [sgnal], avoiding: [mm]}\n")
    found = [(p.path, p.message) for p in check_graph(folder)]
    assert found == [
        ("expectations[0].source", "expectation 'it' names unknown node 'drugg' (did you "
                                   "mean 'drug'?)"),
        ("expectations[0].target", "expectation 'it' names unknown node 'pan' (did you mean "
                                   "'pain'?)"),
        ("expectations[0].through[0]", "expectation 'it' names unknown node 'sgnal' (did you "
                                       "mean 'signal'?)"),
        ("expectations[0].avoiding[0]", "expectation 'it' names unknown node 'mm' (did you "
                                        "mean 'm'?)")]


def test_an_id_is_used_once_across_files(tmp_path: Path) -> None:
    folder = _graph(tmp_path, "- {id: it, note: A test., source: drug, target: pain}\n")
    (folder / "more.yaml").write_text(
        "expectations:\n  - {id: it, note: Again., source: drug, target: mood}\n")
    (problem,) = check_graph(folder)
    assert problem.code == "duplicate-expectation"
    assert str(problem) == (
        f"{folder / 'more.yaml'}:2:10: expectations[0].id: duplicate expectation id 'it' "
        f"(first defined at {folder / 'expectations.yaml'}:2:5); rename one, or merge them")


def test_fmt_orders_an_expectation_s_keys_and_keeps_the_section() -> None:
    text = ("expectations:\n- through: [signal]\n  target: pain\n  note: Why.\n  id: it\n"
            "  source: drug\nnodes:\n- {id: a, label: A, kind: process}\n")
    assert format_text(text) == (
        "nodes:\n  - id: a\n    label: A\n    kind: process\n\nexpectations:\n  - id: it\n"
        "    note: Why.\n    source: drug\n    target: pain\n    through: [signal]\n")


def test_an_edit_that_breaks_an_expectation_warns_and_a_dry_run_writes_nothing(
        tmp_path: Path) -> None:
    folder = _graph(tmp_path, """\
        - id: drug_eases_pain_uncontested
          note: A test.
          source: drug
          target: mood
          max_length: 1
          contested: false
        - id: already_failing
          note: A test.
          source: sham
          target: pain
        """)
    before = folder_hash(folder)
    result = add_evidence(folder, "drug", "mood", "increases",
                          {"ref": "trial", "stance": "refutes", "finding": "No change."},
                          dry_run=True)
    assert result.warnings == (
        f"{folder / 'expectations.yaml'}:2: warning: this edit would break expectation "
        "drug_eases_pain_uncontested: the one pathway from drug to mood within 1 link does "
        "not: drug -> mood (increases, weakest link moderate, contested): a link of it is "
        "contested",)  # already_failing failed before the edit: no warning
    assert folder_hash(folder) == before
    done = add_evidence(folder, "drug", "mood", "increases",
                        {"ref": "trial", "stance": "refutes", "finding": "No change."})
    assert done.written and done.warnings == result.warnings  # a warning, not a refusal
    fine = add_edge(folder, {"source": "sham", "target": "signal", "relation": "decreases",
                             "claimed_by": "a test"})
    assert fine.warnings == ()


def test_broken_by_asks_for_the_graph_before_only_when_one_fails(tmp_path: Path) -> None:
    folder = _graph(tmp_path, "- {id: it, note: A test., source: drug, target: pain}\n")
    kg = load_graph(folder)
    asked = []
    assert broken_by(kg, lambda: asked.append(1) or kg) == [] and asked == []
    (tmp_path / "x").mkdir()
    failing = _graph(tmp_path / "x", "- {id: it, note: A test., source: sham, target: pain}\n")
    after = load_graph(failing)
    assert broken_by(after, lambda: None) == [  # the graph before could not be read
        f"{failing / 'expectations.yaml'}:2: warning: this edit would break expectation it: "
        "there is no pathway from sham to pain"]
    assert broken_by(after, lambda: after) == []  # it failed before too


def test_the_seed_graph_s_expectations_hold_and_name_its_key_answers() -> None:
    kg = load_graph(Path(__file__).resolve().parent.parent / "graph")
    results = check_expectations(kg)
    assert [r.expectation.id for r in results if not r.passed] == []
    pairs = {(r.expectation.source, r.expectation.target) for r in results}
    for treatment in ("acupuncture", "nsaids", "exercise", "spinal_manipulation",
                      "sham_acupuncture"):
        assert (treatment, "chronic_low_back_pain") in pairs
    kinds = {(r.expectation.quantifier, bool(r.expectation.overall)) for r in results}
    assert {("some", False), ("none", False), ("every", False), (None, True)} <= kinds
