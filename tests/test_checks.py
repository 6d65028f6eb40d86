"""Checks across files (``mechgraph.checks``), through ``check_graph`` and ``load_graph``."""

from __future__ import annotations

from pathlib import Path

import pytest

from mechgraph import GraphDataError, Problem, check_graph, find_files, load_graph
from mechgraph.checks import check_across
from mechgraph.errors import sort_problems

NODES = """\
nodes:
  - {id: acupuncture, label: Acupuncture, kind: treatment}
  - {id: endorphins, label: Endorphins, kind: mediator}
  - {id: qi, label: Qi, kind: concept, framework: traditional}
"""
REFS = """\
references:
  han2004:
    title: Acupuncture and endorphins
    year: 2004
    design: narrative-review
    subjects: animal
    pmid: 15135942
"""
EDGE = """\
edges:
  - source: acupuncture
    target: endorphins
    relation: increases
    evidence:
      - {ref: han2004, stance: supports, finding: Opioids were released.}
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty graph folder, also the working directory (so paths read 'a.yaml')."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(folder: Path, **files: str) -> None:
    """Write ``name_yaml="text"`` as ``name.yaml`` ('__' makes a subfolder)."""
    for name, text in files.items():
        path = folder / (name.removesuffix("_yaml").replace("__", "/") + ".yaml")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def report(folder: Path) -> list[str]:
    """The problems of the graph in ``folder``, as printed."""
    return [str(p) for p in check_graph(Path("."))]


# --- what is fine --------------------------------------------------------------------------

def test_items_may_be_spread_over_files(folder: Path) -> None:
    write(folder, nodes_yaml=NODES, refs_yaml=REFS, mechanisms__endorphins_yaml=EDGE)
    assert report(folder) == []
    kg = load_graph(Path("."))
    assert kg.files == ["mechanisms/endorphins.yaml", "nodes.yaml", "refs.yaml"]
    assert kg.graph.number_of_edges() == 1


@pytest.mark.parametrize("text", ["", "\n", "# nothing here yet\n", "---\n"])
def test_empty_and_comment_only_files_are_fine(folder: Path, text: str) -> None:
    write(folder, empty_yaml=text, nodes_yaml=NODES)
    assert report(folder) == []
    assert len(load_graph(Path(".")).nodes) == 3


def test_a_traditional_edge_needs_no_evidence(folder: Path) -> None:
    write(folder, a_yaml=NODES + "edges:\n  - {source: acupuncture, target: qi, "
                                 "relation: increases}\n"
                                 "  - {source: qi, target: endorphins, relation: modulates}\n")
    assert report(folder) == []
    kg = load_graph(Path("."))
    assert {g.level for g in kg.grades.values()} == {"ungraded"}
    assert all(kg.framework_of(e) == "traditional" for e in kg.edges.values())


def test_parallel_edges_with_different_relations_are_both_kept(folder: Path) -> None:
    second = EDGE.replace("edges:\n", "").replace("increases", "modulates")
    write(folder, a_yaml=NODES + REFS + EDGE + second)
    assert report(folder) == []
    assert load_graph(Path(".")).graph.number_of_edges("acupuncture", "endorphins") == 2


def test_find_files_sorts_recurses_and_skips_hidden_and_other_files(folder: Path) -> None:
    write(folder, b_yaml="", a__z_yaml="", a__b__c_yaml="", c_yaml="")
    for name in (".hidden.yaml", "notes.yml", "readme.txt", ".git/x.yaml"):
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text("")
    found = [p.relative_to(folder).as_posix() for p in find_files(folder)]
    assert found == ["a/b/c.yaml", "a/z.yaml", "b.yaml", "c.yaml"]
    assert find_files(folder / "c.yaml") == [folder / "c.yaml"]


# --- duplicates ---------------------------------------------------------------------------

def test_duplicate_node_across_files_names_both_places(folder: Path) -> None:
    write(folder, a_yaml=NODES, b_yaml="nodes:\n  - id: qi\n    label: Vital energy\n"
                                       "    kind: concept\n")
    assert report(folder) == [
        "b.yaml:2:9: nodes[0].id: duplicate node id 'qi' (first defined at a.yaml:4:5); "
        "rename one or merge them"]


def test_duplicate_reference_across_files(folder: Path) -> None:
    write(folder, a_yaml=REFS, b_yaml=REFS.replace("2004\n", "2005\n"))
    (problem,) = check_graph(Path("."))
    assert (problem.file, problem.path, problem.code) == (
        "b.yaml", "references.han2004", "duplicate-reference")
    assert problem.message.startswith("duplicate reference key 'han2004' (first defined at "
                                      "a.yaml:")
    assert problem.message.endswith("cite the first one or rename this one")


def test_duplicate_reference_is_positioned_at_the_keys(folder: Path) -> None:
    write(folder, a_yaml=REFS, b_yaml=REFS)
    assert report(folder) == [
        "b.yaml:2:3: references.han2004: duplicate reference key 'han2004' (first defined at "
        "a.yaml:2:3); cite the first one or rename this one"]


def test_duplicate_edge_across_files(folder: Path) -> None:
    write(folder, a_yaml=NODES + REFS + EDGE, b_yaml=EDGE)
    assert report(folder) == [
        "b.yaml:2:5: edges[0]: duplicate edge acupuncture -> endorphins (increases) (first "
        "defined at a.yaml:13:5); keep one edge and put all the evidence on it"]


def test_the_first_file_in_order_wins(folder: Path) -> None:
    write(folder, b_yaml=NODES, a_yaml=NODES)
    assert {p.file for p in check_graph(Path("."))} == {"b.yaml"}


# --- dangling ids -------------------------------------------------------------------------

def test_unknown_node_suggests_a_node_of_another_file(folder: Path) -> None:
    write(folder, a_yaml=NODES + REFS, b_yaml=EDGE.replace("target: endorphins",
                                                           "target: endorphin"))
    assert report(folder) == [
        "b.yaml:3:13: edges[0].target: unknown node 'endorphin' (did you mean 'endorphins'?)"]


def test_unknown_node_without_a_close_match(folder: Path) -> None:
    write(folder, a_yaml=NODES + REFS + EDGE.replace("source: acupuncture", "source: moxa"))
    (problem,) = check_graph(Path("."))
    assert (problem.code, problem.message) == ("unknown-node", "unknown node 'moxa'")


def test_unknown_reference(folder: Path) -> None:
    write(folder, a_yaml=NODES + REFS + EDGE.replace("ref: han2004", "ref: smith1999"))
    assert report(folder) == [
        "a.yaml:17:15: edges[0].evidence[0].ref: unknown reference 'smith1999'; add it under "
        "'references:' in any file"]


def test_an_edge_to_an_invalid_node_is_not_also_unknown(folder: Path) -> None:
    write(folder, a_yaml="nodes:\n  - {id: endorphins, label: Endorphins, kind: hormone}\n",
          b_yaml=NODES.replace("  - {id: endorphins, label: Endorphins, kind: mediator}\n", "")
          + REFS + EDGE + "  - {source: acupuncture, target: endorphins, relation: modulates}\n")
    assert [p.code for p in check_graph(Path("."))] == ["unknown-value"]


def test_evidence_citing_an_invalid_reference_is_not_also_unknown(folder: Path) -> None:
    write(folder, a_yaml=REFS.replace("design: narrative-review", "design: review"),
          b_yaml=NODES + EDGE)
    problems = check_graph(Path("."))
    assert [(p.file, p.code) for p in problems] == [("a.yaml", "unknown-value")]


def test_valid_items_of_a_broken_file_take_part(folder: Path) -> None:
    write(folder, a_yaml=NODES + "extra: 1\n", b_yaml=REFS + EDGE)
    assert [p.code for p in check_graph(Path("."))] == ["unknown-field"]


# --- evidence and loops -------------------------------------------------------------------

def test_a_biomedical_edge_without_evidence(folder: Path) -> None:
    write(folder, a_yaml=NODES + "edges:\n  - {source: acupuncture, target: endorphins, "
                                 "relation: increases, evidence: []}\n")
    (problem,) = check_graph(Path("."))
    assert (problem.code, problem.path, problem.line, problem.col) == (
        "no-evidence", "edges[0]", 6, 5)


def test_a_self_loop(folder: Path) -> None:
    write(folder, a_yaml=NODES + REFS + EDGE.replace("target: endorphins",
                                                     "target: acupuncture"))
    assert report(folder) == [
        "a.yaml:14:13: edges[0].target: the edge points from 'acupuncture' to itself; "
        "an edge joins two different nodes"]


# --- reporting ----------------------------------------------------------------------------

def test_every_problem_of_every_file_is_reported_in_order(folder: Path) -> None:
    write(folder, b_yaml="nodes: [1]\n", a_yaml="nodes:\n  - {id: qi}\n",
          c_yaml="- not a mapping\n", d_yaml="a: [\n")
    problems = check_graph(Path("."))
    assert [(p.file, p.code) for p in problems] == [
        ("a.yaml", "missing-field"), ("a.yaml", "missing-field"),
        ("b.yaml", "invalid-value"), ("c.yaml", "not-a-mapping"), ("d.yaml", "yaml-syntax")]
    with pytest.raises(GraphDataError) as info:
        load_graph(Path("."))
    assert info.value.problems == problems
    assert str(info.value).splitlines()[-1] == "5 errors"


def test_a_missing_folder_is_a_problem(folder: Path) -> None:
    (problem,) = check_graph(Path("nowhere"))
    assert (problem.file, problem.line, problem.code) == ("nowhere", None, "not-found")
    assert str(problem).startswith("nowhere: no such graph folder or file")


def test_check_across_nothing() -> None:
    merged = check_across([])
    assert (merged.nodes, merged.edges, merged.references, merged.problems) == ({}, {}, {}, [])


def test_problems_sort_by_file_then_position_and_drop_repeats() -> None:
    a = Problem("a.yaml", 9, 1, "", "x", "yaml-syntax")
    b = Problem("a.yaml", 2, 5, "nodes", "y", "invalid-value")
    c = Problem("a.yaml", None, None, "", "z", "file-too-large")
    d = Problem("0.yaml", 50, 1, "", "w", "yaml-syntax")
    assert sort_problems([a, b, c, d, b]) == [d, c, b, a]


def test_problem_format_and_dict() -> None:
    problem = Problem("a.yaml", None, None, "", "too big", "file-too-large")
    assert str(problem) == "a.yaml: too big"
    assert str(Problem("a.yaml", 3, None, "nodes", "m", "invalid-value")) == "a.yaml:3: nodes: m"
    assert problem.to_dict() == {"file": "a.yaml", "line": None, "col": None, "path": "",
                                 "message": "too big", "code": "file-too-large"}
    with pytest.raises(ValueError, match="unknown problem code"):
        Problem("a.yaml", 1, 1, "", "m", "no-such-code")


def test_a_file_that_cannot_be_read_does_not_echo_as_unknown_ids(folder: Path) -> None:
    # One mistake, one message: the nodes of a.yaml are unknown because a.yaml is broken.
    write(folder, a_yaml=NODES + REFS + "  oops: [\n", b_yaml=EDGE)
    problems = check_graph(Path("."))
    assert [p.code for p in problems] == ["yaml-syntax"]
    assert problems[0].file == "a.yaml"


def test_an_unusable_section_does_not_echo_as_unknown_ids(folder: Path) -> None:
    write(folder, a_yaml="nodes: {id: acupuncture}\n" + REFS, b_yaml=EDGE)
    assert [p.code for p in check_graph(Path("."))] == ["invalid-value"]


# --- the rule table drives both paths -----------------------------------------------------

def test_a_rule_added_to_the_table_is_used_by_the_fast_and_the_careful_path(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A test-only rule, written once: an edge may not point at a node named 'qi'.
    from mechgraph import checks, errors

    calls = {"digest": 0, "file_ok": 0, "ok": 0}

    def digest(items: object, keys: list[tuple[str, str, str]]) -> bool:
        calls["digest"] += 1
        return any(k[1] == "qi" for k in keys)

    def file_ok(to_qi: bool, keys: object, merged: object) -> bool:
        calls["file_ok"] += 1
        return not to_qi

    def ok(key: tuple[str, str, str], edge: object, merged: object) -> bool:
        calls["ok"] += 1
        return key[1] != "qi"

    rule = checks.Rule("test-rule", "edges", ok, lambda key, loc, merged: [loc.problem(
        ("target",), f"no edge may point at '{key[1]}'", "test-rule")],
        digest=digest, file_ok=file_ok)
    monkeypatch.setitem(errors.CODES, "test-rule", "an edge pointing at qi (tests only)")
    monkeypatch.setattr(checks, "RULES", (*checks.RULES, rule))

    # Fast path: a file that keeps the rule passes on its file check alone.
    write(folder, a_yaml=NODES + REFS + EDGE)
    assert report(folder) == []
    assert (calls["digest"], calls["file_ok"], calls["ok"]) == (1, 1, 0)

    # Careful path: the file check fails, the items are tested, the failing one is worded.
    write(folder, a_yaml=NODES + REFS + EDGE
          + "  - {source: acupuncture, target: qi, relation: increases}\n")
    assert report(folder) == [
        "a.yaml:18:35: edges[1].target: no edge may point at 'qi'"]
    assert calls["file_ok"] == 2 and calls["ok"] >= 2

    # Without the rule, the same graph is valid.
    monkeypatch.setattr(checks, "RULES", checks.RULES[:-1])
    assert report(folder) == []


def test_a_rule_without_a_file_check_is_tested_item_by_item(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mechgraph import checks, errors

    rule = checks.Rule("test-rule", "nodes", lambda key, node, merged: key != "qi",
                       lambda key, loc, merged: [loc.problem(("id",), "no qi", "test-rule")],
                       drops=True)
    monkeypatch.setitem(errors.CODES, "test-rule", "a node named qi (tests only)")
    monkeypatch.setattr(checks, "RULES", (rule, *checks.RULES))
    write(folder, a_yaml=NODES)
    assert report(folder) == ["a.yaml:4:10: nodes[2].id: no qi"]


def test_every_rule_has_a_documented_code_and_both_checks() -> None:
    from mechgraph.checks import RULES
    from mechgraph.errors import CODES

    assert len({(rule.code, rule.section) for rule in RULES}) == len(RULES)
    for rule in RULES:
        assert rule.code in CODES, f"add {rule.code!r} to mechgraph.errors.CODES"
        assert rule.digest is not None and rule.file_ok is not None, (
            f"rule {rule.code!r}: give it a file check, or every file is checked item by item")
