"""The safe, positioned YAML reader (``mechgraph.source``), including a fuzz test."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import GRAPH
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mechgraph import Limits, Problem, check_graph, find_files
from mechgraph.errors import CODES
from mechgraph.source import Document, parse_bytes, parse_text, read_file
from mechgraph.validate import FileItems, validate_document

SEED_FILES = find_files(GRAPH)
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in SEED_FILES]


def codes(doc: Document) -> list[str]:
    """The problem codes of a parsed document."""
    return [p.code for p in doc.problems]


# --- positions ---------------------------------------------------------------------------

def test_positions_are_one_based_and_point_at_values() -> None:
    doc = parse_text("nodes:\n  - id: qi\n    label: Qi\n", "x.yaml")
    assert doc.problems == []
    assert doc.position(()) == (1, 1)
    assert doc.position(("nodes",)) == (2, 3)
    assert doc.position(("nodes", 0)) == (2, 5)
    assert doc.position(("nodes", 0, "id")) == (2, 9)
    assert doc.position(("nodes", 0, "label")) == (3, 12)


def test_key_positions_point_at_keys() -> None:
    doc = parse_text("nodes:\n  - id: qi\n    label: Qi\n", "x.yaml")
    assert doc.position(("nodes", 0, "label"), key=True) == (3, 5)
    assert doc.position(("nodes",), key=True) == (1, 1)
    assert doc.problem(("nodes", 0, "label"), "m", "unknown-field", key=True).col == 5
    assert doc.problem(("nodes", 0, "label"), "m", "invalid-value").col == 12


def test_position_falls_back_to_the_nearest_enclosing_value() -> None:
    doc = parse_text("nodes:\n  - id: qi\n", "x.yaml")
    assert doc.position(("nodes", 0, "label")) == (2, 5)
    assert doc.position(("edges", 3, "target")) == (1, 1)
    assert parse_text("", "x.yaml").position(("nodes",)) == (None, None)


def test_positions_in_flow_style_and_after_non_ascii_text() -> None:
    doc = parse_text("a: [é, x]\nb: {c: \U0001f600\U0001f600, d: y}\n", "x.yaml")
    assert doc.position(("a", 1)) == (1, 8)
    assert doc.position(("b", "d")) == (2, 15)
    assert doc.position(("b", "d"), key=True) == (2, 12)


def test_problem_formats_like_a_compiler_message() -> None:
    doc = parse_text("nodes:\n  - id: qi\n", "g/x.yaml")
    problem = doc.problem(("nodes", 0, "id"), "bad id", "invalid-value")
    assert str(problem) == "g/x.yaml:2:9: nodes[0].id: bad id"


# --- scalars resolve as yaml.safe_load resolves them ---------------------------------------

@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.relative_to(GRAPH).as_posix())
def test_seed_files_read_as_safe_load_reads_them(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    doc = parse_text(text, path.name)
    assert doc.problems == []
    assert doc.data == yaml.safe_load(text)


TRICKY = {
    "quoted numbers": 'a: "2004"\nb: \'15135942\'\nc: 2004\nd: 1.5\ne: "1.5"\n',
    "yes/no": "a: no\nb: yes\nc: off\nd: On\ne: 'no'\nf: true\ng: False\n",
    "nulls": "a:\nb: ~\nc: null\nd: 'null'\n",
    "dates": "a: 2004-01-02\nb: 2001-12-14t21:59:43.10-05:00\nc: '2004-01-02'\n",
    "numbers": "a: 0o17\nb: 017\nc: 0x1F\nd: 1_000\ne: 1:20\nf: -.inf\ng: 1e3\nh: 6.8523015e+5\n",
    "multi-line": (
        "a: >-\n  folded\n  text\n\n  para\nb: |\n  literal\n   kept\nc: plain\n  continued\n"
        "d: \"double\n  quoted\"\n"),
    "flow": "a: [1, two, {c: 3, d: [x, y]}]\nb: {}\nc: []\nd: {e: , f: g}\n",
    "anchors": ("base: &b {kind: concept, tags: &t [x, y]}\ncopy: *b\nlist: [*t, *t]\n"
                "s: &s text\nt: *s\n"),
    "document markers": "---\na: 1\n...\n",
    "explicit keys": "? a\n: 1\n? b\n",
    "unicode": "a: café\nb: \"\\u00e9\\t\"\nc: \U0001f600\n",
    "comments": "# top\na: 1 # trailing\n# end\n",
    "merge-like values": "a: '<<'\n\"<<\": 1\nc: =\n",
}


@pytest.mark.parametrize("text", TRICKY.values(), ids=TRICKY.keys())
def test_tricky_snippets_read_as_safe_load_reads_them(text: str) -> None:
    doc = parse_text(text, "x.yaml")
    assert doc.problems == []
    try:
        expected = yaml.safe_load(text)
    except yaml.YAMLError:  # '=' has no safe constructor; mechgraph reads it as text
        expected = yaml.safe_load(text.replace("c: =", "c: '='"))
    assert doc.data == expected


def test_mapping_keys_are_always_text() -> None:
    # Every key of the format is a name: '1:' and 'true:' are the names '1' and 'true'.
    doc = parse_text("~: 1\n1: one\n1.5: x\ntrue: t\n2004-01-02: d\n", "x.yaml")
    assert doc.problems == []
    assert doc.data == {"~": 1, "1": "one", "1.5": "x", "true": "t", "2004-01-02": "d"}


def test_keys_equal_as_values_but_written_differently_are_not_repeats() -> None:
    assert parse_text("1: a\ntrue: b\n", "x.yaml").problems == []


def test_aliases_share_the_value_like_safe_load() -> None:
    doc = parse_text("a: &x [1, 2]\nb: *x\n", "x.yaml")
    assert doc.data == {"a": [1, 2], "b": [1, 2]}
    assert doc.data["a"] is doc.data["b"]


def test_empty_and_comment_only_text_is_none() -> None:
    for text in ("", "\n\n", "# just a comment\n", "---\n", "---\n...\n"):
        doc = parse_text(text, "x.yaml")
        assert (doc.data, doc.problems) == (None, []), repr(text)


def test_a_byte_order_mark_is_allowed() -> None:
    doc = parse_bytes("\ufeffa: é\n".encode(), "x.yaml")
    assert doc.problems == []
    assert doc.data == {"a": "é"}
    assert doc.position(("a",)) == (1, 4)


# --- what is refused -----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    '!!python/object/apply:os.system ["echo hi"]\n',
    "a: !!python/name:os.system\n",
    "a: !!python/object/new:dict {}\n",
    "nodes: !include other.yaml\n",
    "a: !!binary aGk=\n",
    "a: !!set {x}\n",
    "a: !!str text\n",
    "a: !custom x\n",
    "- ! x\n",
    "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n",
])
def test_tags_are_refused(text: str) -> None:
    doc = parse_text(text, "x.yaml")
    assert codes(doc) == ["yaml-tag"]
    assert doc.data is None


def _payloads(marker: Path) -> list[str]:
    return [
        f'!!python/object/apply:os.system ["touch {marker}"]\n',
        f"a: !!python/object/apply:os.system ['touch {marker}']\n",
        f"- !!python/object/apply:builtins.open ['{marker}', 'w']\n",
        f"a: !!python/object/apply:subprocess.call [[touch, '{marker}']]\n",
    ]


def test_tags_are_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    for i, payload in enumerate(_payloads(marker)):
        assert codes(parse_text(payload, "x.yaml")) == ["yaml-tag"]
        folder = tmp_path / f"graph{i}"
        folder.mkdir()
        (folder / "evil.yaml").write_text(payload)
        assert [p.code for p in check_graph(folder)] == ["yaml-tag"]
    assert not marker.exists()


def test_merge_keys_are_refused() -> None:
    doc = parse_text("base: &b {a: 1}\ncopy:\n  <<: *b\n  c: 2\n", "x.yaml")
    assert codes(doc) == ["yaml-merge"]
    assert (doc.problems[0].line, doc.problems[0].col, doc.problems[0].path) == (3, 3, "copy")


def test_repeated_key_is_refused_with_both_lines() -> None:
    doc = parse_text("a: 1\nb:\n  c: 1\n  c: 2\n", "x.yaml")
    assert codes(doc) == ["duplicate-key"]
    problem = doc.problems[0]
    assert (problem.line, problem.col, problem.path) == (4, 3, "b.c")
    assert "first at line 3" in problem.message
    assert doc.data is None


def test_several_documents_are_refused() -> None:
    doc = parse_text("a: 1\n---\nb: 2\n", "x.yaml")
    assert codes(doc) == ["several-documents"]
    assert (doc.problems[0].line, doc.problems[0].col) == (2, 1)


@pytest.mark.parametrize("text", ["{a: 1}: x\n", "? [a, b]\n: x\n", "a: &l [1]\n? *l\n: 2\n"])
def test_collection_keys_are_refused(text: str) -> None:
    assert codes(parse_text(text, "x.yaml")) == ["bad-key"]


def test_unknown_alias_is_a_syntax_error() -> None:
    doc = parse_text("a: *nope\n", "x.yaml")
    assert codes(doc) == ["yaml-syntax"]
    assert "unknown alias '*nope'" in doc.problems[0].message


def test_a_recursive_alias_is_refused() -> None:
    assert codes(parse_text("a: &a [1, *a]\n", "x.yaml")) == ["yaml-syntax"]


def test_alias_limit_counts_expanded_values() -> None:
    text = "a: &a [1, 2, 3]\nb: *a\nc: *a\n"  # each alias expands to 4 values
    assert parse_text(text, "x.yaml", Limits(max_alias_values=8)).problems == []
    doc = parse_text(text, "x.yaml", Limits(max_alias_values=7))
    assert codes(doc) == ["alias-bomb"]
    assert doc.problems[0].line == 3


def _bomb(levels: int) -> str:
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused() -> None:
    doc = parse_text(_bomb(10), "x.yaml")  # 10**10 values if expanded
    assert codes(doc) == ["alias-bomb"]
    assert doc.data is None


def test_moderate_aliases_are_fine() -> None:
    doc = parse_text(_bomb(4), "x.yaml")  # about 11,000 values
    assert doc.problems == []
    assert doc.data == yaml.safe_load(_bomb(4))


def _deep_texts(depth: int) -> dict[str, str]:
    return {
        "flow on many lines": "[\n" * depth + "]" * depth + "\n",
        "flow, moderately deep": "[" * 900 + "]" * 900 + "\n",
        "mappings": "{a: " * depth + "1" + "}" * depth + "\n",
        "block sequences": "".join("  " * i + "-\n" for i in range(depth)),
        "block mappings": "".join("  " * i + "a:\n" for i in range(depth)),
        "compact sequences": "- " * depth + "x\n",
    }


@pytest.mark.parametrize("name", list(_deep_texts(5000)))
def test_deep_nesting_is_refused(name: str) -> None:
    doc = parse_text(_deep_texts(5000)[name], "x.yaml")
    assert codes(doc) == ["too-deep"]
    assert doc.problems[0].path == ""


def test_deep_flow_nesting_on_one_line_is_too_deep() -> None:
    assert codes(parse_text("[" * 5000 + "]" * 5000 + "\n", "x.yaml")) == ["too-deep"]


def test_depth_limit_is_configurable() -> None:
    limits = Limits(max_depth=3)
    assert parse_text("a: {b: {c: 1}}\n", "x.yaml", limits).problems == []
    doc = parse_text("a: {b: {c: {d: 1}}}\n", "x.yaml", limits)
    assert codes(doc) == ["too-deep"]
    assert (doc.problems[0].line, doc.problems[0].col) == (1, 12)


# --- syntax errors, encodings and file sizes --------------------------------------------------

def test_syntax_error_is_positioned() -> None:
    doc = parse_text("a: 1\n  b: [\n", "x.yaml")
    assert codes(doc) == ["yaml-syntax"]
    assert (doc.problems[0].line, doc.problems[0].col) == (2, 4)
    assert doc.problems[0].message.startswith("YAML syntax error: ")


def test_control_character_is_a_positioned_syntax_error() -> None:
    doc = parse_text("a: 1\nb: x\x07\n", "x.yaml")
    assert codes(doc) == ["yaml-syntax"]
    assert (doc.problems[0].line, doc.problems[0].col) == (2, 5)


@pytest.mark.parametrize("text", ["a: café\x07\n", "a: \U0001f600 \x07\n"])
def test_control_character_after_non_ascii_text_is_positioned(text: str) -> None:
    doc = parse_text(text, "x.yaml")
    assert codes(doc) == ["yaml-syntax"]
    assert (doc.problems[0].line, doc.problems[0].col) == (1, text.index("\x07") + 1)


@pytest.mark.parametrize("value", ["2004-02-30", "0000-00-00", "2004-01-01 25:00:00", "0b_",
                                   "0x_"])
def test_impossible_dates_and_numbers_do_not_crash(value: str, tmp_path: Path) -> None:
    doc = parse_text(f"a: {value}\n", "x.yaml")
    assert doc.data == {"a": value} or [p.line for p in doc.problems] == [1]
    (tmp_path / "refs.yaml").write_text(
        f"references:\n  r: {{title: T, year: 2004, design: rct, pmid: 1, note: {value}}}\n")
    problems = check_graph(tmp_path)
    assert all(isinstance(p, Problem) for p in problems)


def test_not_utf8_is_positioned() -> None:
    doc = parse_bytes(b"a: 1\nb: caf\xe9\n", "x.yaml")
    assert codes(doc) == ["not-utf8"]
    assert (doc.problems[0].line, doc.problems[0].col) == (2, 7)
    assert "0xe9" in doc.problems[0].message


def test_utf16_is_not_utf8() -> None:
    assert codes(parse_bytes("a: 1\n".encode("utf-16"), "x.yaml")) == ["not-utf8"]


def test_file_over_a_small_limit_is_refused_before_reading(tmp_path: Path) -> None:
    limits = Limits(max_file_bytes=1000)
    at_limit = tmp_path / "at.yaml"
    at_limit.write_bytes(b"#" * limits.max_file_bytes)
    assert read_file(at_limit, limits=limits).problems == []
    over = tmp_path / "over.yaml"
    over.write_bytes(b"a: 1\n" + b"#" * (limits.max_file_bytes - 4))
    doc = read_file(over, "over.yaml", limits)
    assert [(p.code, p.file, p.line, p.col, p.path) for p in doc.problems] == [
        ("file-too-large", "over.yaml", None, None, "")]
    assert "split it" in doc.problems[0].message
    assert [p.code for p in check_graph(tmp_path, limits=limits)] == ["file-too-large"]


def test_file_too_large_message_gives_real_sizes(tmp_path: Path) -> None:
    over = tmp_path / "over.yaml"
    over.write_bytes(b"#" * 1001)
    message = read_file(over, limits=Limits(max_file_bytes=1000)).problems[0].message
    assert "1001" in message.replace(",", "") and "1000" in message.replace(",", "")


def test_file_over_the_default_limit_is_refused(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as f:  # sparse: nothing is written
        f.truncate(Limits().max_file_bytes + 1)
    assert Limits().max_file_bytes == 32 * 1024 * 1024
    doc = read_file(huge, "huge.yaml")
    assert [(p.code, p.line, p.path) for p in doc.problems] == [("file-too-large", None, "")]
    assert "(32 MiB)" in doc.problems[0].message


def test_parse_bytes_checks_the_size_too() -> None:
    doc = parse_bytes(b"a: 1\n" * 10, "x.yaml", Limits(max_file_bytes=49))
    assert codes(doc) == ["file-too-large"]


def test_unreadable_paths_are_problems(tmp_path: Path) -> None:
    assert codes(read_file(tmp_path / "missing.yaml")) == ["unreadable"]
    assert codes(read_file(tmp_path)) == ["unreadable"]


# --- fuzzing: only problems or success ever come out -----------------------------------------

TOKENS = [":", ": ", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!x ", "---\n",
          "...\n", "\t", "'", '"', "#", "? ", "<<: ", "|", ">", "%YAML 1.1\n", "\n", "  ",
          "\\", "\x00", "\ufeff", "é", "~", "null", "no", "2004", "1.5", "0x1F", "@", "`"]
VALUES = ["", "~", "no", "yes", "2004", "'2004'", "1.5", "0o17", "1:20", "2004-01-02", "[a, b]",
          "{a: 1}", "[]", "{}", "&v x", "*v", "qi", "Endorphins", "10.1000/x", "http://x",
          "javascript:x", "supports", "increases", "animal", "|\n  text", "- x"]


@st.composite
def mutated(draw: st.DrawFn, texts: list[str] = SEED_TEXTS) -> str:
    """A seed graph file with a few random edits."""
    text = draw(st.sampled_from(texts))
    for _ in range(draw(st.integers(1, 6))):
        lines = text.split("\n")
        op = draw(st.sampled_from(["insert", "delete", "replace", "token", "value", "dup-line",
                                   "indent", "dedent", "swap-lines", "drop-line"]))
        pos = draw(st.integers(0, len(text)))
        n = draw(st.integers(0, 40))
        i, j = (draw(st.integers(0, len(lines) - 1)) for _ in range(2))
        if op == "insert":
            text = text[:pos] + draw(st.text(max_size=8)) + text[pos:]
        elif op == "delete":
            text = text[:pos] + text[pos + n:]
        elif op == "replace":
            text = text[:pos] + draw(st.text(max_size=8)) + text[pos + n:]
        elif op == "token":
            text = text[:pos] + draw(st.sampled_from(TOKENS)) + text[pos:]
        else:
            if op == "value" and ": " in lines[i]:
                key = lines[i].split(": ", 1)[0]
                lines[i] = f"{key}: {draw(st.one_of(st.sampled_from(VALUES), st.text()))}"
            elif op == "dup-line":
                lines.insert(i, lines[i])
            elif op == "indent":
                lines[i] = " " * (n % 5 + 1) + lines[i]
            elif op == "dedent":
                lines[i] = lines[i][n % 5 + 1:]
            elif op == "swap-lines":
                lines[i], lines[j] = lines[j], lines[i]
            elif op == "drop-line":
                del lines[i]
            text = "\n".join(lines)
    return text


def assert_only_problems(problems: list[Problem]) -> None:
    """Every outcome is a positioned, registered :class:`Problem` that formats."""
    for p in problems:
        assert isinstance(p, Problem)
        assert p.code in CODES
        assert p.line is None or p.line >= 1
        assert p.col is None or p.col >= 1
        assert str(p)


def parse_and_validate(text: str) -> None:
    """Run the reader and the validator; any exception escapes and fails the test."""
    doc = parse_text(text, "fuzz.yaml")
    assert_only_problems(doc.problems)
    if doc.problems:
        assert doc.data is None
        return
    items = validate_document(doc)
    assert isinstance(items, FileItems)
    assert_only_problems(items.problems)


FUZZ = settings(max_examples=200, deadline=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(st.text())
def test_fuzz_random_text(text: str) -> None:
    parse_and_validate(text)


@FUZZ
@given(mutated())
def test_fuzz_mutated_seed_files(text: str) -> None:
    parse_and_validate(text)


@pytest.fixture(scope="module")
def seed_copy() -> Iterator[Path]:
    """One writable copy of the seed graph, shared by the examples of a fuzz test."""
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp) / "graph"
        shutil.copytree(GRAPH, dest)
        yield dest


@FUZZ
@given(data=st.data())
def test_fuzz_check_graph_with_a_mutated_file(seed_copy: Path, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(SEED_FILES) - 1), label="file")
    target = seed_copy / SEED_FILES[index].relative_to(GRAPH)
    content = data.draw(st.one_of(mutated([SEED_TEXTS[index]]).map(str.encode), st.binary()),
                        label="content")
    target.write_bytes(content)
    try:
        problems = check_graph(seed_copy)
    finally:
        target.write_text(SEED_TEXTS[index], encoding="utf-8")
    assert_only_problems(problems)
