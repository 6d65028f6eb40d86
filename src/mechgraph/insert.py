"""Inserting new items into a graph file's text, and proving the result reads as meant.

The text layer of :mod:`mechgraph.edit`: where a new node, edge, reference or evidence
item goes in a file (the end of its section, or a new section in canonical order), the
lines to insert, in the file's own indentation, blank lines and line breaks
(:mod:`mechgraph.yamltext` writes them), and the proof that the new text reads as
exactly the old data plus the item. Checking the whole graph, locking and writing are
:mod:`mechgraph.edit`'s.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mechgraph.errors import GraphDataError, InternalError, MechgraphError, Problem
from mechgraph.source import Document, parse_fast, parse_text
from mechgraph.yamltext import (
    BREAKS,
    Span,
    Style,
    UnwritableValue,
    identical,
    last_line,
    mapping_lines,
    outline,
    sequence_lines,
)

__all__ = ["HEADER", "SECTIONS", "EditError", "FileText", "Inserted", "Plan", "insert_all",
           "parsed"]

HEADER = "# Created by mechgraph add. Any *.yaml file under the graph folder is read."
"""The first line of a file that an edit creates."""
SECTIONS = ("nodes", "edges", "references")
"""The sections of a file in canonical order (a new section goes where it belongs)."""


class EditError(MechgraphError):
    """An edit that cannot be made as asked: a duplicate, an unknown edge, a file outside
    the graph folder, another edit in progress. Nothing was written."""


# --- finding where to insert -----------------------------------------------------------


@dataclass
class _Insert:
    at: int  # 0-based line index to insert before
    lines: list[str]
    item_offset: int  # index in ``lines`` where the item starts


def _style(spans: dict[tuple[Any, ...], Span]) -> Style:
    """The file's own indentation, from its first block list of items."""
    for name in ("nodes", "edges"):
        seq = spans.get((name,))
        item = spans.get((name, 0))
        if seq is not None and seq.kind == "seq" and not seq.flow and item is not None:
            gap = item.col - seq.col - 1 if item.kind == "map" else 1
            return Style(seq=seq.col - (seq.key_col or 0), gap=max(gap, 1))
    refs = spans.get(("references",))
    if refs is not None and refs.kind == "map" and not refs.flow:
        return Style(step=max(refs.col - (refs.key_col or 0), 1))
    return Style()


def _blank(lines: list[str], span: Span, default: bool) -> list[str]:
    """A blank line to put before a new item of ``span`` if the file leaves one between
    its last two items (``default`` when it has fewer), and its last value does not
    keep trailing blank lines as content."""
    if span.end[2]:
        return []
    if len(span.children) < 2:
        return [""] if default else []
    before = span.children[-1] - 1
    return [""] if before >= 0 and not lines[before].strip() else []


def _not_a_block(section: str, where: str, span: Span) -> EditError:
    if span.flow:
        return _flow_error(f"'{section}:'", where, span)
    return EditError(f"{where}:{span.line + 1}:{span.col + 1}: '{section}:' is not a "
                     f"{'mapping' if section == 'references' else 'list'}; fix the file "
                     "first (mechgraph validate)")


def _flow_error(name: str, where: str, span: Span) -> EditError:
    return EditError(f"{where}:{span.line + 1}:{span.col + 1}: {name} is written in flow "
                     "style ([...] or {...}); write it as a block list or mapping, one item "
                     "per line, to add to it (or use another file)")


def _insert_item(lines: list[str], spans: dict[tuple[Any, ...], Span], where: str,
                 section: str, item: Mapping[str, Any], key: str | None = None) -> _Insert:
    """Where and what to insert to add ``item`` to ``section`` of a file."""
    style = _style(spans)
    span = spans.get((section,))
    if section == "references":
        entry = {key: item}
        if span is not None and span.kind == "map" and not span.flow:
            new = mapping_lines(entry, span.col, None, _nested_style(spans, style))
            blank = _blank(lines, span, True)
            return _Insert(last_line(lines, span.end) + 1, blank + new, len(blank))
    elif span is not None and span.kind == "seq" and not span.flow:
        new = sequence_lines([item], span.col, style)
        blank = _blank(lines, span, True)
        return _Insert(last_line(lines, span.end) + 1, blank + new, len(blank))
    if span is not None:  # the graph was checked: only a flow collection is left
        raise _not_a_block(section, where, span)
    if section == "references":
        body = mapping_lines({key: item}, style.step, None, _nested_style(spans, style))
    else:
        body = sequence_lines([item], style.seq, style)
    later = SECTIONS[SECTIONS.index(section) + 1:]
    at = next((i for i, line in enumerate(lines)
               if any(re.match(rf"{name}\s*:", line) for name in later)), None)
    if at is not None:  # before the next section (and the comments that lead into it)
        while at > 0 and lines[at - 1].lstrip().startswith("#"):
            at -= 1
        blank = [""] if at > 0 and lines[at - 1].strip() else []
        return _Insert(at, [*blank, f"{section}:", *body, ""], len(blank) + 1)
    last = last_line(lines, (len(lines), 0, False)) if lines else -1
    blank = [""] if last >= 0 and lines[last].strip() else []
    return _Insert(last + 1, [*blank, f"{section}:", *body], len(blank) + 1)


def _nested_style(spans: dict[tuple[Any, ...], Span], style: Style) -> Style:
    refs = spans.get(("references",))
    if refs is not None and refs.kind == "map" and not refs.flow:
        first = next((p for p in spans if len(p) == 2 and p[0] == "references"), None)
        inner = spans.get(first) if first else None
        if inner is not None and inner.kind == "map" and not inner.flow:
            return Style(style.seq, style.gap, max(inner.col - refs.col, 1))
    return style


def _insert_evidence(lines: list[str], spans: dict[tuple[Any, ...], Span], where: str,
                     index: int, item: Mapping[str, Any]) -> _Insert:
    style = _style(spans)
    edge = spans[("edges", index)]
    if edge.flow:
        raise _flow_error(f"edges[{index}]", where, edge)
    span = spans.get(("edges", index, "evidence"))
    if span is not None and span.kind == "seq" and not span.flow:
        gap = style.gap
        first = spans.get(("edges", index, "evidence", 0))
        if first is not None and first.kind == "map":
            gap = max(first.col - span.col - 1, 1)
        new = sequence_lines([item], span.col, Style(style.seq, gap, style.step))
        blank = _blank(lines, span, False)
        return _Insert(last_line(lines, span.end) + 1, blank + new, len(blank))
    if span is not None:
        raise _not_a_block("evidence", where, span)
    body = sequence_lines([item], edge.col + style.seq, style)
    head = " " * edge.col + "evidence:"
    return _Insert(last_line(lines, edge.end) + 1, [head, *body], 1)


# --- reading a file and proving the new text --------------------------------------------


@dataclass
class FileText:
    """A graph file's text, and how it is written: byte-order mark, line breaks."""

    path: Path
    text: str  # without a byte-order mark
    bom: bool
    newline: str
    exists: bool

    @classmethod
    def read(cls, path: Path) -> FileText:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return cls(path, "", False, "\n", False)
        except OSError as exc:
            raise EditError(f"{path}: cannot read the file: {exc.strerror}") from exc
        bom = raw.startswith(codecs.BOM_UTF8)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise EditError(f"{path}: the file is not UTF-8; fix it first "
                            "(mechgraph validate)") from exc
        newline = "\r\n" if "\n" in text and text.split("\n", 1)[0].endswith("\r") else "\n"
        return cls(path, text, bom, newline, True)


def _candidate(old: FileText, insert: _Insert) -> tuple[str, str, int]:
    """The new text, the text added and the 1-based line where the item starts."""
    lines = old.text.splitlines(keepends=True)
    new_lines, offset = insert.lines, insert.item_offset
    if not old.exists:
        new_lines, offset = [HEADER, "", *new_lines], offset + 2
    head, tail = "".join(lines[:insert.at]), "".join(lines[insert.at:])
    if head and not tail and not head.endswith(tuple(BREAKS)):
        head += old.newline  # a last line without a line break gets one
    added = "".join(line + old.newline for line in new_lines)
    return head + added + tail, added, insert.at + offset + 1


def parsed(text: str, name: str) -> Document:
    """The text's data, on the fast path when it can (no positions), else with them."""
    try:
        return Document(name, parse_fast(text))
    except ValueError:
        return parse_text(text, name)


def _file_problems(doc: Document) -> list[Problem]:
    """What keeps a file from being added to: syntax errors, a root that is no mapping."""
    if doc.problems:
        return doc.problems
    if doc.data is not None and not isinstance(doc.data, dict):
        return [Problem(doc.file, 1, 1, "", "a graph file must be a mapping with 'nodes', "
                        "'edges' and/or 'references' sections", "not-a-mapping")]
    return []


@dataclass
class Plan:
    """One edit, ready to check: the target file and how to change its data."""

    path: Path
    section: str
    item: dict[str, Any]
    key: str | None = None
    edge_index: int | None = None
    summary: str = ""


def _expected(data: Any, plan: Plan) -> Any:
    """The old data of the file plus the new item (what the new text must read as)."""
    data = dict(data or {})
    if plan.section in SECTIONS and plan.section not in data:  # a new section: in order
        later = SECTIONS[SECTIONS.index(plan.section) + 1:]
        items = list(data.items())
        at = next((i for i, (k, _) in enumerate(items) if k in later), len(items))
        data = dict([*items[:at], (plan.section, None), *items[at:]])
    if plan.section == "evidence":
        edges = list(data["edges"])
        edge = dict(edges[plan.edge_index])
        edge["evidence"] = [*(edge.get("evidence") or []), plan.item]
        edges[plan.edge_index] = edge
        data["edges"] = edges
    elif plan.section == "references":
        data["references"] = {**(data.get("references") or {}), plan.key: plan.item}
    else:
        data[plan.section] = [*(data.get(plan.section) or []), plan.item]
    return data


@dataclass(frozen=True)
class Inserted:
    """The new text of one file, not yet written: what
    :class:`mechgraph.edit.EditResult` reports, and the bytes to write."""

    path: Path
    line: int  # 1-based line where the last item inserted starts
    added: str  # every text inserted, in order
    before: str
    after: str
    created: bool
    blob: bytes  # ``after`` as the file's bytes (with its byte-order mark, if it had one)


def insert_all(path: Path, plans: list[Plan]) -> Inserted:
    """Insert the items of one file in order, proving each reads back as meant.

    Raises
    ------
    GraphDataError
        The file cannot be read as a graph file (fix it first).
    EditError
        A value cannot be written, or the section is written in flow style.
    InternalError
        The new text would not read back as the old data plus the items (a bug).
    """
    old = FileText.read(path)
    name = str(path)
    old_doc = parsed(old.text, name)
    problems = _file_problems(old_doc) if old.exists else []
    if problems:
        raise GraphDataError(problems)
    current, data, parts, line = old, old_doc.data if old.exists else None, [], 0
    for plan in plans:
        lines = current.text.splitlines()
        spans = outline(current.text) if current.text.strip() else {}
        try:
            if plan.section == "evidence":
                insert = _insert_evidence(lines, spans, name, plan.edge_index or 0, plan.item)
            else:
                insert = _insert_item(lines, spans, name, plan.section, plan.item, plan.key)
        except UnwritableValue as exc:
            raise EditError(str(exc)) from exc
        new_text, added, line = _candidate(current, insert)
        new_doc = parsed(new_text, name)
        data = _expected(data, plan)
        if new_doc.problems or not identical(new_doc.data, data):
            raise InternalError(f"mechgraph could not write this item to {name} so that it "
                                f"reads back unchanged; nothing was written. The text "
                                f"was:\n{added}")
        current = dataclasses.replace(current, text=new_text, exists=True)
        parts.append(added)
    blob = (codecs.BOM_UTF8 if old.bom else b"") + current.text.encode("utf-8")
    return Inserted(path, line, "".join(parts), old.text, current.text, not old.exists, blob)


