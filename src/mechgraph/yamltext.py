"""YAML text as mechgraph writes it: the fold width, folded text, quoting, the lines of a
new item, and the outline of a file (where each value stands).

Both writers of graph files use it. :mod:`mechgraph.edit` appends new items as text built
here (:func:`sequence_lines`, :func:`mapping_lines`), at a place found from the file's
:func:`outline`; :mod:`mechgraph.fmt` rewrites whole files through ``ruamel.yaml`` and
folds long text with :func:`fold`, the same fold at the same :data:`WIDTH`. Reading a
file, with positions and safety limits, is :mod:`mechgraph.source`'s job, and every parse
here uses its loader (:data:`mechgraph.source.LOADER`).

Text is written plain where YAML reads it back unchanged, folded into ``>-`` lines when
long, and double-quoted otherwise, so that no value changes its meaning through YAML 1.1
(``yes``, ``1e3``, ``: `` or ``#`` in text).

Where the two writers differ, it is on purpose. ``mechgraph add`` writes new text, so it
folds any text whose line would pass :data:`WIDTH`, even onto one line under ``>-``.
``mechgraph fmt`` rewrites text a curator wrote, so it leaves lines alone up to
:data:`mechgraph.fmt.MAX_LINE` (100) and folds only when that gives several lines: a
file written by ``add`` is already in ``fmt``'s form. Quoting is the other way round:
``add`` chooses quotes (:func:`text_lines`), ``fmt`` keeps the quotes the curator chose.

Examples
--------
>>> text_lines("finding:", "Pain fell: by 30% # in one trial", 4)
['finding: "Pain fell: by 30% # in one trial"']
>>> fold("Electroacupuncture at 2 Hz released enkephalin and beta-endorphin", 56)
['Electroacupuncture at 2 Hz released', 'enkephalin and beta-endorphin']
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from mechgraph.model import SLUG_RE
from mechgraph.source import LOADER

__all__ = [
    "BREAKS",
    "WIDTH",
    "Span",
    "Style",
    "UnwritableValue",
    "fold",
    "identical",
    "last_line",
    "mapping_lines",
    "outline",
    "plain_ok",
    "quoted",
    "reads_back",
    "scalar",
    "sequence_lines",
    "text_lines",
]

WIDTH = 92
"""Long text is folded into ``>-`` lines at most this wide, where words allow."""
MIN_FOLD = 20
"""However deep a folded block is indented, its lines may hold this many characters."""
BREAKS = "\n\r\x85\u2028\u2029"
"""What YAML reads as a line break."""


class UnwritableValue(TypeError):
    """A value that YAML text cannot hold (an object): a caller's mistake, which an
    editor reports as its own error."""


# --- proving that text reads back --------------------------------------------------------


def reads_back(text: str, expected: Any) -> bool:
    """Whether the YAML ``text`` reads as ``expected``, types included (see
    :func:`identical`)."""
    try:
        return identical(yaml.load(text, Loader=LOADER), expected)
    except (yaml.YAMLError, ValueError, OverflowError):
        return False


def identical(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (``True`` is not ``1``).

    Examples
    --------
    >>> identical({"a": [1, True]}, {"a": [1, True]}), identical(True, 1)
    (True, False)
    """
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(identical(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(identical(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return repr(a) == repr(b)
    return bool(a == b)


# --- one value -----------------------------------------------------------------------------


def quoted(text: str) -> str:
    """A double-quoted YAML scalar that reads back as ``text`` whatever it holds.

    Examples
    --------
    >>> print(quoted('say "no"\\tthen\\u2028stop'))
    "say \\"no\\"\\tthen\\u2028stop"
    """
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif (0x20 <= code < 0x7F or code >= 0x10000 or (0xA0 <= code <= 0xFFFD and not (
                0xD800 <= code <= 0xDFFF or code in (0x2028, 0x2029, 0xFEFF)))):
            out.append(ch)
        elif code < 0x100:
            out.append(f"\\x{code:02X}")
        else:
            out.append(f"\\u{code:04X}")
    return "".join(out) + '"'


def plain_ok(text: str) -> bool:
    """Whether ``text`` can be written unquoted, as a mapping value and as a list item.

    Examples
    --------
    >>> plain_ok("Endorphins"), plain_ok("yes"), plain_ok("a: b"), plain_ok("#1")
    (True, False, False, False)
    >>> plain_ok("REACT:R-HSA-416476\ufeff")
    False
    """
    if not text or text != text.strip() or any(b in text for b in BREAKS + "\t"):
        return False
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in text):
        return False  # invisible characters are written escaped, so a reader sees them
    return reads_back(f"k: {text}\nl:\n- {text}\n", {"k": text, "l": [text]})


def fold(text: str, col: int) -> list[str] | None:
    """``text`` as the lines of a folded (``>-``) block whose lines start at column
    ``col``, or None if folding could change it.

    Lines are filled word by word up to :data:`WIDTH` (words are never broken; at least
    :data:`MIN_FOLD` characters a line however deep the block). Text with spaces at
    either end or in a run, tabs, control characters or line breaks is not folded, nor
    text whose folded block does not read back as it.

    Examples
    --------
    >>> fold("a b c", 89)
    ['a b c']
    >>> fold("two  spaces", 0) is None
    True
    """
    if (not text or text != text.strip() or "  " in text
            or any(c < " " or c in "\x7f\x85\u2028\u2029" for c in text)):
        return None
    room = max(WIDTH - col, MIN_FOLD)
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= room:
            lines[-1] += " " + word
        else:
            lines.append(word)
    block = "k: >-\n" + "".join(f"  {line}\n" for line in lines)
    return lines if reads_back(block, {"k": text}) else None


def scalar(value: Any) -> str:
    """A value other than text on one line (``true``, ``2004``, ``null``, ...).

    Raises
    ------
    UnwritableValue
        For a value YAML cannot hold (an object).
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return {"inf": ".inf", "-inf": "-.inf"}.get(repr(value), ".nan")
    try:
        dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True,
                                width=10**9)
    except yaml.YAMLError as exc:
        raise UnwritableValue(f"cannot write a value of type {type(value).__name__} "
                        f"({value!r}) in a graph file") from exc
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def text_lines(head: str, text: str, col: int) -> list[str]:
    """``head`` (``key:`` or ``-``, at column ``col``) followed by ``text``: plain if it
    reads back, folded when too long for one line, double-quoted otherwise."""
    one_line = f"{head} {text}"
    plain = plain_ok(text)
    if plain and len(one_line) <= WIDTH:
        return [one_line]
    if len(one_line) > WIDTH:
        lines = fold(text, col + 2)
        if lines is not None:
            return [f"{head} >-", *(" " * (col + 2) + line for line in lines)]
    return [one_line if plain else f"{head} {quoted(text)}"]


def _key(key: Any) -> str:
    if not isinstance(key, str):
        return scalar(key)
    return key if SLUG_RE.match(key) else quoted(key)


# --- block lines -------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """How a file indents: a list under its key by ``seq`` columns, ``gap`` spaces after
    a ``-``, and nested mapping keys by ``step`` columns."""

    seq: int = 2
    gap: int = 1
    step: int = 2


def _value_lines(head: str, value: Any, col: int, style: Style) -> list[str]:
    """Lines of ``head`` (``key:``, at column ``col``) and its value."""
    if isinstance(value, Mapping):
        if not value:
            return [head + " {}"]
        return [head, *mapping_lines(value, col + style.step, None, style)]
    if isinstance(value, list | tuple):
        if not value:
            return [head + " []"]
        return [head, *sequence_lines(value, col + style.seq, style)]
    if isinstance(value, str):
        return text_lines(head, value, col)
    return [f"{head} {scalar(value)}"]


def mapping_lines(data: Mapping[Any, Any], col: int, first: str | None,
                  style: Style) -> list[str]:
    """Lines of a block mapping with keys at ``col``; the first line starts with
    ``first`` (``  - ``, as long as ``col``) when given."""
    lines: list[str] = []
    for i, (key, value) in enumerate(data.items()):
        lead = first if i == 0 and first is not None else " " * col
        lines += _value_lines(f"{lead}{_key(key)}:", value, col, style)
    return lines


def sequence_lines(items: Any, col: int, style: Style) -> list[str]:
    """Lines of a block sequence with its ``-`` at ``col``.

    Examples
    --------
    >>> item = {"id": "qi", "label": "yes", "kind": "concept", "synonyms": ["chi", "#1"]}
    >>> for line in sequence_lines([item], 2, Style()):
    ...     print(line)
      - id: qi
        label: "yes"
        kind: concept
        synonyms:
          - chi
          - "#1"
    """
    lines: list[str] = []
    dash = " " * col + "-" + " " * style.gap
    for item in items:
        if isinstance(item, Mapping) and item:
            lines += mapping_lines(item, len(dash), dash, style)
        elif isinstance(item, list | tuple) and item:
            lines += [dash.rstrip() + " " + scalar(list(item))]
        else:
            lines += _value_lines(dash.rstrip(), item, col, style)
    return lines


# --- the outline of a file ---------------------------------------------------------------


@dataclass
class Span:
    """Where a value stands in a file (0-based lines and columns)."""

    line: int
    col: int
    kind: str  # "map", "seq" or "scalar"
    flow: bool
    key_line: int | None
    key_col: int | None
    end: tuple[int, int, bool] = (0, 0, False)
    """Where its content ends, and whether trailing blank lines belong to it (a block
    scalar that keeps them, ``|+``)."""
    children: list[int] = field(default_factory=list)
    """Start lines of the items (a list's) or keys (a mapping's)."""


def outline(text: str) -> dict[tuple[Any, ...], Span]:
    """Every value's span by its path, from the YAML events of ``text`` (valid YAML).

    Examples
    --------
    >>> spans = outline("nodes:\\n  - id: qi\\n\\n  - id: chi\\n")
    >>> spans[("nodes",)].children, spans[("nodes", 1, "id")].col
    ([1, 3], 8)
    """
    spans: dict[tuple[Any, ...], Span] = {}
    stack: list[list[Any]] = []  # [span, path, index, pending key, key mark]

    source_lines = text.splitlines()

    def keeps(event: Any) -> bool:  # a block scalar with '+': its blank lines are content
        if getattr(event, "style", None) not in ("|", ">"):
            return False
        header = source_lines[event.start_mark.line][event.start_mark.column:]
        return re.match(r"[|>][1-9]?\+", header) is not None

    def reach(mark: Any, keep: bool = False) -> None:
        end = (mark.line, mark.column, keep)
        for frame in stack:
            frame[0].end = max(frame[0].end, end)

    for event in yaml.parse(text, Loader=LOADER):
        if isinstance(event, yaml.ScalarEvent | yaml.AliasEvent | yaml.CollectionStartEvent):
            key_mark = None
            if stack:
                frame = stack[-1]
                if frame[0].kind == "map" and frame[3] is None:  # a key
                    frame[3], frame[4] = getattr(event, "value", ""), event.start_mark
                    frame[0].children.append(event.start_mark.line)
                    reach(event.end_mark)
                    continue
                if frame[0].kind == "map":
                    path, key_mark = (*frame[1], frame[3]), frame[4]
                    frame[3] = None
                else:
                    path = (*frame[1], frame[2])
                    frame[2] += 1
                    frame[0].children.append(event.start_mark.line)
            else:
                path = ()
            mark = event.start_mark
            kind = ("map" if isinstance(event, yaml.MappingStartEvent) else
                    "seq" if isinstance(event, yaml.SequenceStartEvent) else "scalar")
            span = Span(mark.line, mark.column, kind,
                        bool(getattr(event, "flow_style", False)),
                        key_mark.line if key_mark else None,
                        key_mark.column if key_mark else None)
            if key_mark is not None:
                span.end = (key_mark.line, key_mark.column, False)
            spans[path] = span
            if kind == "scalar":
                stack.append([span, path, 0, None, None])
                reach(event.end_mark, keeps(event))
                stack.pop()
            else:
                stack.append([span, path, 0, None, None])
        elif isinstance(event, yaml.CollectionEndEvent):
            span = stack[-1][0]
            if span.flow:
                reach(event.end_mark)
            stack.pop()
    return spans


def last_line(lines: list[str], end: tuple[int, int, bool]) -> int:
    """The 0-based index of the last line holding content that ends at ``end`` (a
    :attr:`Span.end`)."""
    line, col, keep = end
    if col == 0:
        line -= 1
    line = min(line, len(lines) - 1)
    while line > 0 and not keep and not lines[line].strip():
        line -= 1
    return line
