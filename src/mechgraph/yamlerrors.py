"""YAML syntax errors in a curator's words: where, what, and how to fix it.

The parser says what it met (libyaml: "mapping values are not allowed in this context";
PyYAML, where libyaml is missing: "mapping values are not allowed here"). The message
keeps its words, so that they can be looked up, and adds a hint read from the line
itself, so that both parsers give the same advice:

==========================================  =============================================
what the line shows                         the hint
==========================================  =============================================
``: `` inside a value                       quote the value, or write it as folded text
a line read as more of the text above it    indent it like the key above, or quote
a tab in the indentation                    indent with spaces
a line indented unlike its neighbours       the columns it can line up with, and why
more text after a closing quote             put all of the value inside the quotes
a quote closed only lines later             where the quote was left open
a quote or bracket never closed             (at the opening) how to close it
``@`` or a backquote starting a value       quote the value
==========================================  =============================================

Examples
--------
>>> import textwrap, yaml
>>> text = "nodes:\\n  - id: qi\\n    plain: Energy: the life force\\n"
>>> try:
...     yaml.safe_load(text)
... except yaml.MarkedYAMLError as exc:
...     problem = syntax_problem("x.yaml", text, exc)
>>> print(textwrap.fill(str(problem), 88))
x.yaml:3:18: YAML syntax error: mapping values are not allowed here (the value of
'plain' contains ': ', which YAML reads as the start of a key: put the value in double
quotes, plain: "Energy: the life force", or write it as folded text, plain: >- with the
text on the lines below, indented)
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from mechgraph.errors import Problem

__all__ = ["control_character_problem", "syntax_problem"]

_OPENED = {
    "while scanning a quoted scalar": "the quote",
    "while parsing a flow sequence": "the list '['",
    "while parsing a flow mapping": "the mapping '{'",
    "while parsing a flow node": "the '[' or '{'",
}
"""What is left open, by the parser's context, when the file ends inside it."""

_CLOSE = {
    "while scanning a quoted scalar":
        "end the text with the quote mark it starts with; inside '...' write a ' as '', "
        "inside \"...\" write a \" as \\\"",
    "while parsing a flow sequence":
        "end the list with ']', or write it as a block list, one '- ' item a line",
    "while parsing a flow mapping":
        "end the mapping with '}', or write it as a block mapping, one 'key: value' a line",
    "while parsing a flow node": "end it with ']' or '}'",
}
"""How to close what is left open, by the parser's context."""

_FALLBACK = {
    "did not find expected '-' indicator":
        "check that this line is indented like the lines above it",
    "did not find expected key": "check that this line is indented like the lines above it",
    "mapping values are not allowed":
        "a value that contains ': ' must be quoted, or the line is indented too far",
    "could not find expected ':'": "a key needs ': ' after it, or a quote was left open",
}
"""Hints by the start of the parser's message, where the line shows nothing more."""

_ITEM = re.compile(r"( *)((?:- +)*)(?:([^ #:'\"][^:#]*?|\"[^\"]*\"|'[^']*') *:(?= |$))?")
"""A line's indentation, its ``- `` item marks, and its key (if it has one)."""


def syntax_problem(name: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """The problem to report for a syntax error the parser raised while reading ``text``.

    Parameters
    ----------
    name : str
        The file's name in messages.
    text : str
        The text that was parsed (the hints read its lines).
    exc : yaml.MarkedYAMLError
        What the parser raised.

    Returns
    -------
    Problem
        Code ``yaml-syntax``, at the parser's mark (or, for a quote or bracket never
        closed, where it opens), with a hint where one can be told.
    """
    problem, context = exc.problem or "invalid YAML", exc.context
    mark, start = exc.problem_mark, exc.context_mark
    if context and start is not None and "end of stream" in problem:
        msg = (f"YAML syntax error: {_OPENED.get(context, context)} opened here is never "
               "closed")
        if context in _CLOSE:
            msg += f" ({_CLOSE[context]})"
        return _problem(name, start, msg)
    msg = f"YAML syntax error: {problem}"
    if context and start is not None and mark is not None and start.line != mark.line:
        msg += f" {context} that starts at line {start.line + 1}, column {start.column + 1}"
    elif context:
        msg += f" {context}"
    hint = _hint(text.splitlines(), problem, mark, start)
    if hint is None:
        hint = next((h for p, h in _FALLBACK.items() if problem.startswith(p)), None)
    if hint:
        msg += f" ({hint})"
    return _problem(name, mark, msg)


def control_character_problem(name: str, text: str) -> Problem:
    """The problem to report when the reader refused ``text`` for a control character."""
    match = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if match is None:  # pragma: no cover - the reader refused something else
        return Problem(name, None, None, "", "YAML syntax error: unreadable text",
                       "yaml-syntax")
    pos = match.start()
    before = text[:pos]
    line, col = before.count("\n") + 1, pos - (before.rfind("\n") + 1) + 1
    return Problem(name, line, col, "", f"YAML syntax error: the control character "
                   f"U+{ord(match.group()):04X} is not allowed in YAML; delete it",
                   "yaml-syntax")


def _problem(name: str, mark: Any, msg: str) -> Problem:
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
    return Problem(name, line, col, "", msg, "yaml-syntax")


def _hint(lines: list[str], problem: str, mark: Any, start: Any) -> str | None:
    """A hint read from the line the parser stopped at, or None."""
    if mark is None:
        return None
    lines = lines + [""] * (mark.line + 1 - len(lines))  # it may stop past the last line
    line, col = lines[mark.line], mark.column
    indent = line[:len(line) - len(line.lstrip(" \t"))]
    if "\t" in indent:
        return "tabs cannot indent YAML: indent this line with spaces"
    if line[col:col + 1] == "\t":
        return "a tab cannot stand here in YAML: use a space"
    if problem.startswith("mapping values are not allowed"):
        return _colon_hint(lines, mark.line, col)
    if "cannot start any token" in problem and line[col:col + 1] in ("@", "`"):
        return (f"'{line[col]}' cannot start a plain value in YAML: put the value in double "
                "quotes")
    if (problem.startswith(("did not find expected ',' or", "expected ',' or"))
            and start is not None and start.line < len(lines)):
        opening = lines[start.line][start.column:start.column + 1]
        close = {"[": "]", "{": "}"}.get(opening)
        if close:
            return (f"the '{opening}' at line {start.line + 1}, column {start.column + 1} is "
                    f"not closed before this point: end it with '{close}'")
    if problem.startswith(("did not find expected key", "did not find expected '-'",
                           "expected <block end>")):
        if line[:col].strip():
            return _after_value_hint(lines, mark.line, col)
        return _indent_hint(lines, mark.line, col)
    return None


def _colon_hint(lines: list[str], row: int, col: int) -> str | None:
    """``: `` in a value, or a line indented so far that it goes on the text above."""
    line = lines[row]
    match = _ITEM.match(line)
    key = match.group(3) if match else None
    if key is not None and match and match.end() <= col:
        value = line[match.end():].strip()
        example = json.dumps(value, ensure_ascii=False)  # JSON text is YAML's "..." text
        if " #" in value or len(line) - len(value) + len(example) > 100:
            example = '"..."'
        return (f"the value of '{key}' contains ': ', which YAML reads as the start of a "
                f"key: put the value in double quotes, {key}: {example}, or write it as "
                f"folded text, {key}: >- with the text on the lines below, indented")
    above = _key_above(lines, row, _width(line))
    if above is None:
        return None
    at, above_row, above_key = above
    return (f"line {row + 1} is indented more than '{above_key}:' on line {above_row + 1}, "
            f"so YAML reads it as more of the text of '{above_key}', where ': ' cannot "
            f"stand: if it is a key, indent it like '{above_key}:', to column {at + 1}; if it "
            "goes on with the text, put all of the text in double quotes")


def _after_value_hint(lines: list[str], row: int, col: int) -> str | None:
    """More text after a value on its line: after a closing quote, or a quote that closes
    a text left open lines above."""
    before = lines[row][:col].rstrip()
    quote = before[-1:]
    if quote not in ("'", '"'):
        return None
    if _quotes(before, quote) % 2 == 0:
        return ("more text follows the closing quote of this value: put all of the value "
                "inside the quotes; inside '...' a ' is written '', inside \"...\" a \" is "
                "written \\\"")
    for above in range(row - 1, -1, -1):
        if _quotes(lines[above], quote) % 2:
            at = lines[above].rfind(quote)
            return (f"this quote ends the text that the quote at line {above + 1}, column "
                    f"{at + 1} opens: close that text at the end of line {above + 1}")
    return None


def _quotes(text: str, quote: str) -> int:
    """How many quote marks ``quote`` stand in ``text`` (escaped ones aside)."""
    return (re.sub(r"\\.", "", text) if quote == '"' else text).count(quote)


def _indent_hint(lines: list[str], row: int, col: int) -> str | None:
    """A line that starts at a column none of the lines above it leads to."""
    levels = _levels(lines, row)
    line = lines[row]
    dash = line[col:col + 1] == "-"
    here = {c: (r, what) for c, r, what in levels}
    if col in here:
        r, what = here[col]
        if dash and what.endswith(":"):
            return (f"a '- ' item cannot stand at the column of the keys of a mapping, "
                    f"{_as(what, r)}: indent the list under the key it belongs to")
        deeper = [lv for lv in levels if lv[0] > col]
        if not dash and what == "-" and deeper:
            c, r2, key = min(deeper)
            return (f"this line starts at column {col + 1}, where the '-' of the list on line "
                    f"{r + 1} stand: indent it to column {c + 1}, {_as(key, r2)}, to go on "
                    "with that item, or start a new item with '- '")
        return None
    deeper = [lv for lv in levels if lv[0] > col]
    shallower = [lv for lv in levels if lv[0] < col]
    nearest = [min(deeper)] if deeper else []
    nearest += [max(shallower)] if shallower else []
    options = [f"to column {c + 1}, {_as(what, r)}" for c, r, what in nearest]
    if not options:
        return None
    return "indent this line like the lines it belongs with: " + ", or ".join(options)


def _as(what: str, row: int) -> str:
    return f"as the text on line {row + 1}" if not what else f"as '{what}' on line {row + 1}"


def _levels(lines: list[str], row: int) -> list[tuple[int, int, str]]:
    """The columns a line at ``row`` can line up with: for each block still open above
    it, (0-based column, line, what stands there: ``-``, ``key:``, or ``""`` for more of a
    text)."""
    levels: list[tuple[int, int, str]] = []
    limit = 1 << 30  # no block found yet: any column
    for r in range(row - 1, -1, -1):
        text = lines[r]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        match = _ITEM.match(text)
        if match is None:  # pragma: no cover - every part of the pattern is optional
            continue
        marks = [(m.start(), "-") for m in re.finditer(r"-(?= |$)", match.group(2))]
        marks = [(len(match.group(1)) + c, what) for c, what in marks]
        if match.group(3) or not marks:  # a key, or more of a text
            marks.append((len(match.group(1)) + len(match.group(2)),
                          f"{match.group(3)}:" if match.group(3) else ""))
        for c, what in sorted(marks, reverse=True):
            if c < limit:
                levels.append((c, r, what))
                limit = c
        if limit == 0:
            break
    return levels


def _key_above(lines: list[str], row: int, width: int) -> tuple[int, int, str] | None:
    """The nearest key above ``row`` that stands left of column ``width``: (its column,
    its line, the key)."""
    for c, r, what in _levels(lines, row):
        if c < width and what.endswith(":"):
            return c, r, what.removesuffix(":")
    return None


def _width(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
