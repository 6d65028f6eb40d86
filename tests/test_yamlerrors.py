"""YAML syntax errors: each common mistake gets its position and a hint read from the line,
the same with libyaml and with PyYAML's own parser (used where libyaml is missing).

The exact messages, file:line:col included, are golden fixtures
(``fixtures/errors/yaml_syntax_*.yaml``); here every hint is checked under both parsers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mechgraph.source
from mechgraph.source import parse_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "errors"
LOADERS = [pytest.param(getattr(yaml, "CSafeLoader", None), id="libyaml",
                        marks=pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"),
                                                 reason="libyaml is not installed")),
           pytest.param(yaml.SafeLoader, id="pyyaml")]

CASES = {
    "colon in a value": (
        "nodes:\n  - id: qi\n    plain: Energy: the life force\n", (3, 18),
        "the value of 'plain' contains ': ', which YAML reads as the start of a key: put the "
        "value in double quotes, plain: \"Energy: the life force\", or write it as folded "
        "text, plain: >- with the text on the lines below, indented"),
    "colon in a list item's value": (
        "nodes:\n  - id: qi\n    synonyms:\n      - a: b: c\n", (4, 13),
        "the value of 'a' contains ': ', which YAML reads as the start of a key: put the value "
        "in double quotes, a: \"b: c\", or write it as folded text, a: >- with the text on "
        "the lines below, indented"),
    "colon in a long value with a comment": (
        "nodes:\n  - id: qi\n    plain: Energy: the life force # see han2004\n", (3, 18),
        "the value of 'plain' contains ': ', which YAML reads as the start of a key: put the "
        "value in double quotes, plain: \"...\", or write it as folded text, plain: >- with "
        "the text on the lines below, indented"),
    "colon in text going on from the line above": (
        "nodes:\n  - id: qi\n    plain: Energy is\n      the life: force\n", (4, 15),
        "line 4 is indented more than 'plain:' on line 3, so YAML reads it as more of the "
        "text of 'plain', where ': ' cannot stand: if it is a key, indent it like 'plain:', "
        "to column 5; if it goes on with the text, put all of the text in double quotes"),
    "a key indented too far": (
        "nodes:\n  - id: qi\n    label: Qi\n      kind: concept\n", (4, 11),
        "line 4 is indented more than 'label:' on line 3, so YAML reads it as more of the "
        "text of 'label', where ': ' cannot stand: if it is a key, indent it like 'label:', "
        "to column 5; if it goes on with the text, put all of the text in double quotes"),
    "a tab before a key": (
        "nodes:\n  - id: qi\n\tlabel: Qi\n", (3, 1),
        "tabs cannot indent YAML: indent this line with spaces"),
    "a tab after spaces": (
        "nodes:\n  - id: qi\n  \tlabel: Qi\n", (3, 3),
        "tabs cannot indent YAML: indent this line with spaces"),
    "a tab before a list item": (
        "nodes:\n\t- id: qi\n", (2, 1), "tabs cannot indent YAML: indent this line with spaces"),
    "a key between two columns": (
        "nodes:\n  - id: qi\n    label: Qi\n   kind: concept\n", (4, 4),
        "indent this line like the lines it belongs with: to column 5, as 'label:' on line 3, "
        "or to column 3, as '-' on line 2"),
    "a key of a nested mapping indented too little": (
        "references:\n  r1:\n    title: T\n   year: 2004\n", (4, 4),
        "indent this line like the lines it belongs with: to column 5, as 'title:' on line 3, "
        "or to column 3, as 'r1:' on line 2"),
    "a top-level key indented": (
        "nodes:\n  - id: qi\n edges: []\n", (3, 2),
        "indent this line like the lines it belongs with: to column 3, as '-' on line 2, or "
        "to column 1, as 'nodes:' on line 1"),
    "a key at the column of the list's dashes": (
        "nodes:\n  - id: qi\n    label: Qi\n  kind: concept\n", (4, 3),
        "this line starts at column 3, where the '-' of the list on line 2 stand: indent it "
        "to column 5, as 'label:' on line 3, to go on with that item, or start a new item "
        "with '- '"),
    "a list item at the column of a mapping's keys": (
        "nodes:\n  id: qi\n  - label: Qi\n", (3, 3),
        "a '- ' item cannot stand at the column of the keys of a mapping, as 'id:' on line 2: "
        "indent the list under the key it belongs to"),
    "text after a closing double quote": (
        "nodes:\n  - id: qi\n    label: \"Qi\" (vital energy)\n", (3, 17),
        "more text follows the closing quote of this value: put all of the value inside the "
        "quotes; inside '...' a ' is written '', inside \"...\" a \" is written \\\""),
    "an apostrophe inside single quotes": (
        "nodes:\n  - id: qi\n    label: 'Patient's pain'\n", (3, 21),
        "more text follows the closing quote of this value: put all of the value inside the "
        "quotes; inside '...' a ' is written '', inside \"...\" a \" is written \\\""),
    "a quote closed only on a later line": (
        "nodes:\n  - id: qi\n    label: \"Qi\n    kind: \"concept\"\n", (4, 12),
        "this quote ends the text that the quote at line 3, column 12 opens: close that text "
        "at the end of line 3"),
    "a quote never closed": (
        "nodes:\n  - id: qi\n    label: \"Qi\n    kind: concept\n", (3, 12),
        "end the text with the quote mark it starts with; inside '...' write a ' as '', "
        "inside \"...\" write a \" as \\\""),
    "a list in brackets never closed": (
        "nodes:\n  - id: qi\n    synonyms: [chi, vital energy\n    kind: concept\n", (4, 9),
        "the '[' at line 3, column 15 is not closed before this point: end it with ']'"),
    "an @ starting a value": (
        "nodes:\n  - id: qi\n    label: @Qi\n", (3, 12),
        "'@' cannot start a plain value in YAML: put the value in double quotes"),
    "a backquote starting a value": (
        "nodes:\n  - id: qi\n    label: `Qi`\n", (3, 12),
        "'`' cannot start a plain value in YAML: put the value in double quotes"),
}


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("case", list(CASES))
def test_each_common_mistake_gets_its_hint(case: str, loader: type,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mechgraph.source, "LOADER", loader)
    text, where, hint = CASES[case]
    [problem] = parse_text(text, "x.yaml").problems
    assert problem.code == "yaml-syntax"
    assert (problem.line, problem.col) == where
    assert problem.message.startswith("YAML syntax error: ")
    assert problem.message.endswith(f" ({hint})")


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("path", sorted(FIXTURES.glob("yaml_syntax_*.yaml")),
                         ids=lambda p: p.stem)
def test_golden_hints_are_the_same_under_both_parsers(path: Path, loader: type,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixture's expected line (made with libyaml) has the same place and hint under
    either parser; only the parser's own words may differ."""
    monkeypatch.setattr(mechgraph.source, "LOADER", loader)
    [expected] = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    [problem] = parse_text(path.read_text(encoding="utf-8"), path.name).problems
    assert expected.startswith(f"{path.name}:{problem.line}:{problem.col}: YAML syntax error: ")
    assert problem.message.partition(" (")[2] == expected.partition(" (")[2]  # the hint


@pytest.mark.parametrize("loader", LOADERS)
def test_a_bracket_still_open_at_the_end_of_the_file(loader: type,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mechgraph.source, "LOADER", loader)
    [problem] = parse_text("a: [b\n", "x.yaml").problems
    assert problem.message.endswith(" (the '[' at line 1, column 4 is not closed before this "
                                    "point: end it with ']')")


def test_otherwise_the_parser_words_keep_a_hint_by_their_kind() -> None:
    [problem] = parse_text("nodes:\n  - id: qi\n    label Qi\n    kind: concept\n",
                           "x.yaml").problems
    assert problem.message.endswith(" (a key needs ': ' after it, or a quote was left open)")


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("text", ["a:\n  - b\n c", "- a\nb: c", "k: v\n  k2: v2\n\n",
                                  "x: \"a\"b\n\n\n", "a: {b", "a:\n\t"])
def test_errors_at_the_end_of_the_file(loader: type, monkeypatch: pytest.MonkeyPatch,
                                       text: str) -> None:
    monkeypatch.setattr(mechgraph.source, "LOADER", loader)
    [problem] = parse_text(text, "x.yaml").problems
    assert problem.code == "yaml-syntax"


@pytest.mark.parametrize("loader", LOADERS)
@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=" \t\n-:'\"[]{}#@`|>ak", max_size=40))
def test_any_text_gives_problems_not_a_crash(loader: type, monkeypatch: pytest.MonkeyPatch,
                                             text: str) -> None:
    """The hints read lines the parser could not: they never raise on what they find."""
    monkeypatch.setattr(mechgraph.source, "LOADER", loader)
    for problem in parse_text(text, "x.yaml").problems:
        assert problem.message
