"""Changing, removing and renaming what a graph file holds, in the file's own text.

The text layer of :mod:`mechgraph.change`, as :mod:`mechgraph.insert` is for adding: only
the text of the values that change is touched; comments, the quoting of untouched values,
ordering, indentation and blank lines stay byte for byte. New values are written by
:mod:`mechgraph.yamltext` (plain, folded or quoted, whichever reads back), places are
found from the file's :func:`~mechgraph.yamltext.outline`, and the new text must read as
exactly the expected data (:func:`~mechgraph.yamltext.identical`), or nothing is written.

Two kinds of surgery:

* :class:`Surgery` changes one file's mapping fields in place (``mechgraph set``): a value
  replaced, a field added in the model's order, a field removed with its lines.
* :class:`LineEdit` removes items and renames ids across files (``mechgraph remove``,
  ``mechgraph rename``) as operations on the original lines, each tagged with the stage
  at which it is written, so that a rename can first add a copy under the new id, then
  move every use, then remove the original: every file written on the way holds a valid
  graph. A removed item's lines go, and one of the blank lines around it; comment lines
  are never removed (a comment about the item stays, for the editor to delete).

Items written in flow style (``{...}`` or ``[...]``) are refused with the fix, never
rewritten.

Examples
--------
>>> text = "nodes:\\n  - id: qi  # a comment\\n    label: Qi\\n    kind: concept\\n"
>>> s = Surgery(text, "x.yaml")
>>> s.set_field(("nodes", 0), "label", "yes: no", ["id", "label", "kind", "plain"])
>>> s.set_field(("nodes", 0), "plain", "Energy", ["id", "label", "kind", "plain"])
>>> print(s.finish(), end="")
nodes:
  - id: qi  # a comment
    label: "yes: no"
    kind: concept
    plain: Energy
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from mechgraph.errors import InternalError
from mechgraph.insert import EditError, _style, parsed
from mechgraph.yamltext import (
    Span,
    UnwritableValue,
    identical,
    last_line,
    mapping_lines,
    outline,
)

__all__ = ["LineEdit", "Surgery", "data_at", "split_lines"]

_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_ENDS = ("\n", "\r", "\x85", "\u2028", "\u2029")
_KEY = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'|[^\s:#]+")


def split_lines(text: str) -> list[tuple[str, str]]:
    """The lines of ``text`` as YAML counts them: ``(content, line break)`` pairs.

    Examples
    --------
    >>> split_lines("a\\r\\nb\\u2028c")
    [('a', '\\r\\n'), ('b', '\\u2028'), ('c', '')]
    """
    out, start = [], 0
    for match in _BREAK.finditer(text):
        out.append((text[start:match.start()], match.group()))
        start = match.end()
    if start < len(text):
        out.append((text[start:], ""))
    return out


def data_at(data: Any, path: Sequence[Any]) -> Any:
    """The value at ``path`` (keys and list indices) of ``data``."""
    for step in path:
        data = data[step]
    return data


def _where(name: str, span: Span) -> str:
    return f"{name}:{span.line + 1}:{span.col + 1}"


def refuse_flow(spans: dict[tuple[Any, ...], Span], path: Sequence[Any], name: str) -> None:
    """Refuse an edit inside an item written in flow style (``{...}``, ``[...]``)."""
    for n in range(1, len(path) + 1):
        span = spans.get(tuple(path[:n]))
        if span is not None and span.flow:
            raise EditError(f"{_where(name, span)}: this item is written in flow style "
                            "({...} or [...]); write it as a block, one key per line, to "
                            "change it with mechgraph (or edit it by hand)")


def _prove(text: str, expected: Any, name: str) -> None:
    doc = parsed(text, name)
    got = doc.data
    if not doc.problems and (identical(got, expected) or (got is None and expected == {})):
        return
    raise InternalError(f"mechgraph could not change {name} so that it reads back as "
                        "meant; nothing was written")


class Surgery:
    """Field changes of mappings in one file's text, proven at :meth:`finish`."""

    def __init__(self, text: str, name: str, data: Any = None) -> None:
        self.text, self.name = text, name
        self.data = copy.deepcopy(parsed(text, name).data if data is None else data)
        lines = split_lines(text)
        self.newline = next((brk for _, brk in lines if brk), "\n")

    def _offset(self, line: int, col: int) -> int:
        pos = 0
        for i, (content, brk) in enumerate(split_lines(self.text)):
            if i == line:
                return pos + col
            pos += len(content) + len(brk)
        return pos

    def _splice(self, start: tuple[int, int], end: tuple[int, int], new: str) -> None:
        a, b = self._offset(*start), self._offset(*end)
        self.text = self.text[:a] + new + self.text[b:]

    def _lines(self, key: str, value: Any, col: int, spans: dict[tuple[Any, ...], Span],
               ) -> list[str]:
        try:
            return mapping_lines({key: value}, col, None, _style(spans))
        except UnwritableValue as exc:
            raise EditError(str(exc)) from exc

    def set_field(self, path: tuple[Any, ...], key: str, value: Any,
                  order: Sequence[str]) -> None:
        """Set ``key`` of the mapping at ``path`` to ``value`` (None removes it); a new key
        goes after the keys before it in ``order``."""
        spans = outline(self.text)
        refuse_flow(spans, path, self.name)
        mapping: dict[str, Any] = data_at(self.data, path)
        contents = [c for c, _ in split_lines(self.text)]
        span = spans[path]
        if key in mapping:
            v = spans[(*path, key)]
            assert v.key_line is not None and v.key_col is not None
            end = last_line(contents, v.end)
            if value is None:
                if not contents[v.key_line][:v.key_col].strip():
                    self._splice((v.key_line, 0), (end + 1, 0), "")
                else:  # the first key, after '- ': the next key moves up to its place
                    keys = list(mapping)
                    if keys.index(key) + 1 >= len(keys):
                        raise EditError(f"{_where(self.name, v)}: cannot remove the only "
                                        f"key '{key}' of an item")
                    nxt = spans[(*path, keys[keys.index(key) + 1])]
                    self._splice((v.key_line, v.key_col), (nxt.key_line or 0,
                                                           nxt.key_col or 0), "")
                del mapping[key]
                return
            lines = self._lines(key, value, v.key_col, spans)
            stop = (v.end[0], v.end[1]) if v.end[1] > 0 and v.end[0] <= end else (
                end, len(contents[end]))
            head, _, rest = lines[0].partition(": ")
            if rest and v.line == v.key_line and head.strip() == contents[v.key_line][
                    v.key_col:v.col].rstrip().removesuffix(":"):
                # the value alone changes: the space after the key is kept
                self._splice((v.line, v.col), stop, self.newline.join([rest, *lines[1:]]))
            else:
                self._splice((v.key_line, v.key_col), stop,
                             self.newline.join(lines)[v.key_col:])
            mapping[key] = value
            return
        if value is None:
            return
        keys = list(mapping)
        rank = {k: i for i, k in enumerate(order)}
        before = [k for k in keys if rank.get(k, len(order)) < rank.get(key, len(order))]
        first = spans[(*path, keys[0])] if keys else None
        if not before and first is not None and first.key_line is not None and not (
                contents[first.key_line][:first.key_col or 0].strip()):
            at, position = first.key_line, 0
        else:
            prev = before[-1] if before else keys[0]
            at = last_line(contents, spans[(*path, prev)].end) + 1
            position = keys.index(prev) + 1
        new = "".join(line + self.newline
                      for line in self._lines(key, value, span.col, spans))
        if at >= len(contents) and self.text and not self.text.endswith(_ENDS):
            new = self.newline + new
        self._splice((at, 0), (at, 0), new)
        items = list(mapping.items())
        items.insert(position, (key, value))
        mapping.clear()
        mapping.update(items)

    def finish(self) -> str:
        """The new text, proven to read as the expected data."""
        _prove(self.text, self.data, self.name)
        return self.text


@dataclass
class LineEdit:
    """Removals, copies and in-place renames in one file's original lines, each at a
    stage (see the module's description); :meth:`text_at` gives the file at a stage."""

    text: str
    name: str
    lines: list[tuple[str, str]] = field(init=False)
    spans: dict[tuple[Any, ...], Span] = field(init=False)
    data: Any = field(init=False)
    subs: list[tuple[int, int, int, str, int]] = field(default_factory=list)
    deletes: dict[tuple[Any, ...], int] = field(default_factory=dict)
    copies: list[tuple[int, int, list[tuple[int, int, int, str]], int, int]] = field(
        default_factory=list)
    expected_subs: list[tuple[tuple[Any, ...], Any]] = field(default_factory=list)
    key_renames: list[tuple[tuple[Any, ...], str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lines = split_lines(self.text)
        self.spans = outline(self.text) if self.text.strip() else {}
        self.data = parsed(self.text, self.name).data

    @property
    def newline(self) -> str:
        return next((brk for _, brk in self.lines if brk), "\n")

    # --- recording ------------------------------------------------------------------------

    def _token(self, span: Span) -> tuple[int, int, int]:
        """Line, start and end column of a one-line scalar."""
        if span.end[0] != span.line or span.kind != "scalar":
            raise EditError(f"{_where(self.name, span)}: an id written over several lines; "
                            "write it on one line first")
        return span.line, span.col, span.end[1]

    def _key_token(self, span: Span) -> tuple[int, int, int]:
        line, col = span.key_line or 0, span.key_col or 0
        match = _KEY.match(self.lines[line][0], col)
        if match is None:
            raise EditError(f"{self.name}:{line + 1}:{col + 1}: cannot find the key here")
        return line, col, match.end()

    def _restyle(self, line: int, start: int, end: int, new: str) -> str:
        old = self.lines[line][0][start:end]
        quote = old[:1] if old[:1] in "\"'" else ""
        return f"{quote}{new}{quote}"

    def replace(self, path: tuple[Any, ...], new: str, stage: int) -> None:
        """Rewrite the scalar at ``path`` as ``new`` (an id), keeping its quotes."""
        line, a, b = self._token(self.spans[path])
        self.subs.append((line, a, b, self._restyle(line, a, b, new), stage))
        self.expected_subs.append((path, new))

    def rename_key(self, path: tuple[Any, ...], old: str, new: str, stage: int) -> None:
        """Rename the key ``old`` of the mapping at ``path`` in place."""
        line, a, b = self._key_token(self.spans[(*path, old)])
        self.subs.append((line, a, b, self._restyle(line, a, b, new), stage))
        self.key_renames.append((path, old, new))

    def _range(self, path: tuple[Any, ...]) -> tuple[int, int]:
        """The lines of the item or entry at ``path`` (a list's dash line first)."""
        refuse_flow(self.spans, path[:-1], self.name)
        span = self.spans[path]
        contents = [c for c, _ in self.lines]
        end = last_line(contents, span.end)
        if isinstance(path[-1], int):
            seq = self.spans[path[:-1]]
            start = span.line
            while start > 0 and contents[start][seq.col:seq.col + 1] != "-":
                start -= 1
            prefix = contents[start][:seq.col]
        else:
            start = span.key_line or 0
            prefix = contents[start][:span.key_col or 0]
        if prefix.strip():
            raise EditError(f"{_where(self.name, span)}: this item shares its first line "
                            "with another; put it on a line of its own first")
        return start, end

    def copy_after(self, path: tuple[Any, ...], subs: Sequence[tuple[tuple[Any, ...], str]],
                   stage: int, until: int, key: tuple[str, str] | None = None) -> None:
        """Hold a copy of the item at ``path`` right after it from ``stage`` to before
        ``until``, with the scalars at the paths of ``subs`` rewritten (and, for a mapping
        entry, its key renamed): the transitional twin of an item renamed in place at
        ``until``."""
        a, b = self._range(path)
        inner = []
        for sub_path, new in subs:
            line, s, e = self._token(self.spans[sub_path])
            inner.append((line, s, e, self._restyle(line, s, e, new)))
        if key is not None:
            line, s, e = self._key_token(self.spans[path])
            inner.append((line, s, e, self._restyle(line, s, e, key[1])))
        self.copies.append((a, b, inner, stage, until))

    def delete(self, path: tuple[Any, ...], stage: int) -> None:
        """Remove the item or entry at ``path`` (a list's item, a mapping's key)."""
        self.deletes[path] = max(stage, self.deletes.get(path, 0))

    # --- the text at each stage -------------------------------------------------------------

    def _resolved(self) -> dict[tuple[Any, ...], int]:
        """The deletions, a container whose items all go deleted as a whole instead."""
        deletes = dict(self.deletes)
        changed = True
        while changed:
            changed = False
            groups: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
            for path in deletes:
                groups.setdefault(path[:-1], []).append(path)
            for parent, paths in groups.items():
                if not parent or parent in deletes:
                    continue
                if len(paths) == len(data_at(self.data, parent)):
                    stage = max(deletes.pop(p) for p in paths)
                    deletes[parent] = stage
                    changed = True
        # an item inside a deleted item goes with it
        return {p: s for p, s in deletes.items()
                if not any(p[:n] in deletes for n in range(1, len(p)))}

    def text_at(self, stage: int) -> str:
        """The file's text with every operation up to ``stage`` applied."""
        contents = [c for c, _ in self.lines]
        dead: set[int] = set()
        for path, at in self._resolved().items():
            if at > stage:
                continue
            a, b = self._range(path)
            dead.update(range(a, b + 1))
            blank = (a > 0 and not contents[a - 1].strip()
                     and (b + 1 >= len(contents) or not contents[b + 1].strip()))
            if blank:
                dead.add(a - 1)
        subs: dict[int, list[tuple[int, int, str]]] = {}
        for line, a, b, new, at in self.subs:
            if at <= stage:
                subs.setdefault(line, []).append((a, b, new))
        after: dict[int, list[tuple[int, int, list[tuple[int, int, int, str]]]]] = {}
        for a, b, inner, at, until in self.copies:
            if at <= stage < until:
                after.setdefault(b, []).append((a, b, inner))
        out: list[str] = []

        def put(content: str, brk: str, changes: Sequence[tuple[int, int, str]]) -> None:
            for s, e, new in sorted(changes, reverse=True):
                content = content[:s] + new + content[e:]
            out.append(content + brk)

        for i, (content, brk) in enumerate(self.lines):
            if i not in dead:
                put(content, brk, subs.get(i, []))
            for a, b, inner in after.get(i, []):
                if out and not out[-1].endswith(_ENDS):
                    out[-1] += self.newline
                for j in range(a, b + 1):
                    put(self.lines[j][0], self.lines[j][1] if j < b else brk,
                        [(s, e, new) for line, s, e, new in inner if line == j])
        return "".join(out)

    def expected(self) -> Any:
        """The data the final text must read as."""
        data = copy.deepcopy(self.data)
        for path, new in self.expected_subs:
            data_at(data, path[:-1])[path[-1]] = new
        for path, old, new in self.key_renames:
            mapping = data_at(data, path)
            items = [(new if k == old else k, v) for k, v in mapping.items()]
            mapping.clear()
            mapping.update(items)
        for path in sorted(self._resolved(), key=lambda p: [(str(type(x)), x) for x in p],
                           reverse=True):
            del data_at(data, path[:-1])[path[-1]]
        return data

    def final(self, stage: int) -> str:
        """The text at the last ``stage``, proven to read as :meth:`expected`."""
        text = self.text_at(stage)
        _prove(text, self.expected(), self.name)
        return text
