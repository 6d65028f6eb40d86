"""Validating one parsed file (``mechgraph.validate``): messages, positions, kept items."""

from __future__ import annotations

import pytest

from mechgraph import Edge, Node, Reference
from mechgraph.source import parse_text
from mechgraph.validate import FileItems, suggest, validate_document

VALID = """\
nodes:
  - {id: acupuncture, label: Acupuncture, kind: treatment}
  - id: endorphins
    label: Endorphins
    kind: mediator
edges:
  - source: acupuncture
    target: endorphins
    relation: increases
    evidence:
      - {ref: han2004, stance: supports, finding: Opioids were released.}
references:
  han2004:
    title: Acupuncture and endorphins
    year: 2004
    design: narrative-review
    subjects: animal
    pmid: 15135942
"""


def validate(text: str) -> FileItems:
    """Parse and validate ``text`` as ``x.yaml`` (the text must be readable YAML)."""
    doc = parse_text(text, "x.yaml")
    assert doc.problems == []
    return validate_document(doc)


def lines(items: FileItems) -> list[str]:
    """The problems as a curator reads them."""
    return [str(p) for p in items.problems]


def with_field(base: dict[str, str], snippet: str, head: str) -> str:
    """A block mapping after ``head``: ``base``'s fields, with ``snippet`` ('key: value')
    replacing the field of the same key (or added at the end)."""
    key = snippet.split(":", 1)[0]
    fields = {**base, key: snippet.split(":", 1)[1].strip()}
    indent = " " * len(head.rsplit("\n", 1)[-1])
    body = f"\n{indent}".join(f"{k}: {v}" for k, v in fields.items())
    return f"{head}{body}\n"


def line_of(text: str, snippet: str) -> int:
    """The 1-based line of ``text`` that holds ``snippet``."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if snippet in line)


def test_a_valid_file_gives_its_items_with_positions() -> None:
    items = validate(VALID)
    assert items.problems == []
    assert [loc.item.id for loc in items.nodes] == ["acupuncture", "endorphins"]
    assert all(isinstance(loc.item, Node) for loc in items.nodes)
    assert [loc.where() for loc in items.nodes] == ["x.yaml:2:5", "x.yaml:3:5"]
    (edge,) = items.edges
    assert isinstance(edge.item, Edge)
    assert edge.path == ("edges", 0)
    assert edge.position(("target",)) == (8, 13)
    assert edge.position(("evidence", 0, "ref")) == (11, 15)
    (key, ref), = items.references
    assert key == "han2004" and isinstance(ref.item, Reference)
    assert ref.file == "x.yaml"


def test_located_problem_points_at_the_value_inside_the_item() -> None:
    edge = validate(VALID).edges[0]
    problem = edge.problem(("target",), "unknown node 'x'", "unknown-node")
    assert str(problem) == "x.yaml:8:13: edges[0].target: unknown node 'x'"


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n"])
def test_empty_file_has_no_items_and_no_problems(text: str) -> None:
    items = validate(text)
    assert (items.nodes, items.edges, items.references, items.problems) == ([], [], [], [])


@pytest.mark.parametrize(("text", "what"), [
    ("- a\n", "a list"),
    ("just text\n", "text ('just text')"),
    ("42\n", "a number (42)"),
    ("true\n", "a yes/no value (true)"),
])
def test_file_that_is_not_a_mapping(text: str, what: str) -> None:
    assert lines(validate(text)) == [
        "x.yaml:1:1: a graph file must be a mapping with 'nodes', 'edges', 'references', "
        f"'sources' and/or 'expectations' sections, not {what}"]


def test_unknown_field_points_at_the_key_and_suggests() -> None:
    items = validate("nodes:\n  - id: qi\n    label: Qi\n    kind: concept\n    lable: x\n")
    (problem,) = items.problems
    assert (problem.line, problem.col, problem.code) == (5, 5, "unknown-field")
    assert "(did you mean 'label'?)" in problem.message


def test_missing_field_points_at_the_mapping() -> None:
    (problem,) = validate("nodes:\n  - kind: concept\n    label: Qi\n").problems
    assert (problem.line, problem.col, problem.path, problem.code) == (
        2, 5, "nodes[0]", "missing-field")
    assert problem.message == "missing required field 'id'"


def test_several_problems_in_one_item_are_all_reported() -> None:
    items = validate("nodes:\n  - {id: Qi, label: 5, kind: concpt, colour: red}\n")
    assert sorted(p.code for p in items.problems) == [
        "invalid-value", "invalid-value", "unknown-field", "unknown-value"]


@pytest.mark.parametrize(("snippet", "message"), [
    ("label: no", "expected text, got a yes/no value (false) (quote it to make it text)"),
    ("label: 1.5", "expected text, got a number (1.5) (quote it to make it text)"),
    ("label: ~", "expected text, got nothing (null)"),
    ("label: [a]", "expected text, got a list"),
    ("label: '  '", "must not be empty"),
    ("synonyms: [a, 2]", "expected text, got a number (2) (quote it to make it text)"),
    ("synonyms: {a: 1}", "expected a list, got a mapping"),
    ("xrefs: [MESH D1]", "'MESH D1' is not a CURIE: write PREFIX:ID, e.g. 'MESH:D004723'"),
])
def test_node_value_messages(snippet: str, message: str) -> None:
    text = with_field({"id": "qi", "label": "Qi", "kind": "concept"}, snippet, "nodes:\n  - ")
    (problem,) = validate(text).problems
    assert problem.message == message
    assert problem.code == "invalid-value"
    assert problem.path.startswith(f"nodes[0].{snippet.split(':')[0]}")
    assert problem.line == line_of(text, snippet)


@pytest.mark.parametrize(("snippet", "message"), [
    ("year: true", "expected a whole number, got a yes/no value (true)"),
    ("year: 2004.0", "expected a whole number, got a number (2004.0)"),
    ("year: 2101", "2101 is out of range: a year from 1800 to 2100, or 'unknown'"),
    ("year: unknow", "expected a whole number, got text ('unknow'); did you mean 'unknown'?"),
    ("year: n.d.", "expected a whole number, got text ('n.d.'); write 'unknown' if the source "
                   "gives no year"),
    ("pmid: 0", "'0' is not a PMID: a PMID is a number such as 15135942"),
    ("pmid: '0123'", "'0123' is not a PMID: a PMID is a number such as 15135942"),
    ("doi: doi:10.1000/x", "write the bare DOI '10.1000/x', without the link or 'doi:' prefix"),
    ("url: 'http://exa mple.org'", "'http://exa mple.org' is not a valid link"),
])
def test_reference_value_messages(snippet: str, message: str) -> None:
    base = {"title": "T", "year": "2004", "design": "rct", "pmid": "1"}
    text = with_field(base, snippet, "references:\n  r:\n    ")
    (problem,) = validate(text).problems
    assert problem.message == message
    assert problem.path == f"references.r.{snippet.split(':')[0]}"
    assert problem.line == line_of(text, snippet)


def test_unknown_vocabulary_value_lists_the_allowed_values() -> None:
    (problem,) = validate("nodes:\n  - {id: qi, label: Qi, kind: idea}\n").problems
    assert problem.code == "unknown-value"
    assert problem.message == ("unknown kind 'idea'; allowed: treatment, mediator, process, "
                               "condition, outcome, adverse_effect, concept")


def test_bad_reference_key_points_at_the_key() -> None:
    items = validate("references:\n  Han:\n    {title: T, year: 2004, design: rct, pmid: 1}\n")
    (problem,) = items.problems
    assert (problem.line, problem.col, problem.path) == (2, 3, "references.Han")
    assert problem.message.startswith("'Han' is not a valid reference key")
    assert items.references == []


def test_valid_items_of_a_broken_file_are_kept() -> None:
    items = validate("""\
nodes:
  - {id: qi, label: Qi, kind: concept}
  - {id: meridians, label: Meridians, kind: concpt}
  - {id: 7, label: Seven, kind: concept}
edges:
  - {source: qi, target: meridians, relation: increases}
  - {source: qi, target: meridians, relation: up}
references:
  good: {title: T, year: 2004, design: rct, pmid: 1}
  broken: {title: T, year: 2004, design: rct}
extra: 1
""")
    assert len(items.problems) == 5
    assert [loc.item.id for loc in items.nodes] == ["qi"]
    assert [loc.item.relation for loc in items.edges] == ["increases"]
    assert [loc.path for loc in items.edges] == [("edges", 0)]
    assert [key for key, _ in items.references] == ["good"]
    assert items.invalid_ids == {"meridians"}
    assert items.invalid_refs == {"broken"}


def test_a_section_of_the_wrong_shape_keeps_the_other_sections() -> None:
    items = validate("nodes: {qi: {label: Qi}}\nreferences:\n"
                     "  good: {title: T, year: 2004, design: rct, pmid: 1}\n")
    assert [p.path for p in items.problems] == ["nodes"]
    assert [key for key, _ in items.references] == ["good"]


def test_problems_of_one_file_are_positioned_in_it() -> None:
    items = validate("references:\n  r: {title: T, year: '2004', design: trial}\n")
    assert lines(items) == [
        "x.yaml:2:23: references.r.year: expected a whole number, got text ('2004'); write it "
        "as a number, without quotes: 2004",
        "x.yaml:2:39: references.r.design: unknown design 'trial'; allowed: meta-analysis, "
        "systematic-review, guideline, rct, cohort, human-mechanistic, animal, in-vitro, "
        "narrative-review, hypothesis, opinion, consensus, unknown; write 'unknown' if the "
        "source does not say",
    ]


@pytest.mark.parametrize(("name", "candidates", "expected"), [
    ("endorphin", ["endorphins", "serotonin"], " (did you mean 'endorphins'?)"),
    ("zzz", ["endorphins"], ""),
    ("a", [], ""),
    (5, ["five"], ""),
    (None, ["none"], ""),
])
def test_suggest(name: object, candidates: list[str], expected: str) -> None:
    assert suggest(name, candidates) == expected
