"""Adding nodes, edges, evidence and references to the graph files, safely.

Every edit inserts text into one file and leaves everything else in it byte for byte
(comments, ordering, quoting, blank lines): the new item is appended at the end of the
file's ``nodes:`` or ``edges:`` list, ``references:`` mapping or an edge's ``evidence:``
list, indented the way the file indents its items. Before anything is written:

* duplicates are refused (a node id, a reference key, an edge's source-target-relation);
* the whole graph is checked as if the file held the new text
  (:func:`mechgraph.check_graph` with ``overrides``), so a bad value, an unknown node or
  reference, or a broken file refuses the edit with positioned problems;
* the new text is read back and must give exactly the old data plus the new item, so
  no value can change its meaning through YAML 1.1 (``yes``, ``1e3``, ``: `` or ``#`` in
  text) or disturb its neighbours.

Writes are atomic (:func:`mechgraph.files.atomic_write`), and read-check-write runs
under a lock of the graph folder (``<graph>/.mechgraph.lock``, which the loader never
reads, like every hidden file), so two editors never lose each other's edits.

Examples
--------
>>> import pathlib, shutil, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "graph"
>>> _ = shutil.copytree("graph", folder)
>>> result = add_edge(folder, {"source": "acupuncture", "target": "serotonin",
...     "relation": "associated_with", "evidence": [{"ref": "zhang2014",
...     "stance": "inconclusive", "finding": "Example: yes, no: 1e3 # not a comment"}]},
...     dry_run=True)
>>> print(result.added, end="")
<BLANKLINE>
  - source: acupuncture
    target: serotonin
    relation: associated_with
    evidence:
      - ref: zhang2014
        stance: inconclusive
        finding: "Example: yes, no: 1e3 # not a comment"
>>> result.path.name, result.written
('neurotransmitters.yaml', False)
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from mechgraph.errors import GraphDataError, MechgraphError, Problem
from mechgraph.files import LOCK_NAME, LOCK_TIMEOUT, atomic_write, folder_lock, lock_file
from mechgraph.graph import MechGraph, check_graph, load_graph
from mechgraph.model import Edge, Evidence, Node, Reference
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

__all__ = [
    "LOCK_NAME",
    "EditError",
    "EditResult",
    "add_edge",
    "add_evidence",
    "add_node",
    "add_reference",
    "default_file",
]

HEADER = "# Created by mechgraph add. Any *.yaml file under the graph folder is read."

_SECTIONS = ("nodes", "edges", "references")
"""The sections of a file in canonical order (a new section goes where it belongs)."""
_SECTION_MODEL: dict[str, type[BaseModel]] = {"nodes": Node, "edges": Edge,
                                              "references": Reference}


class EditError(MechgraphError):
    """An edit that cannot be made as asked: a duplicate, an unknown edge, a file outside
    the graph folder, another edit in progress. Nothing was written."""


@dataclass(frozen=True)
class EditResult:
    """What an edit did (or, for a dry run, would do).

    Attributes
    ----------
    path : Path
        The file written (or that would be written), built on the graph folder given.
    line : int
        1-based line where the new item starts in the new text.
    added : str
        The text inserted, exactly: ``after`` is ``before`` with ``added`` inserted at one
        place (with a line break added first if ``before`` did not end with one).
    before, after : str
        The file's whole text before (``""`` for a new file) and after.
    created, written : bool
        Whether the file is new; whether it was written (``False`` for a dry run).
    summary : str
        One line for people: ``added edge acupuncture -increases-> endorphins (1 evidence)``.
    others : tuple of EditResult
        The other files changed in the same step (the new references of
        :func:`add_edge` or :func:`add_evidence`), in the order they are written.
    """

    path: Path
    line: int
    added: str
    before: str
    after: str
    created: bool
    written: bool
    summary: str = ""
    others: tuple[EditResult, ...] = ()


# --- the items to add ------------------------------------------------------------------


def _as_data(section: str, item: Any) -> dict[str, Any]:
    """The item as the mapping to write: a model's fields that differ from the defaults,
    or a given mapping's valid model's (the mapping itself, keys in the model's order,
    when it is not valid: the check of the graph then words the problems)."""
    model = _SECTION_MODEL[section] if section != "evidence" else Evidence
    if isinstance(item, BaseModel):
        return _dump(item)
    if not isinstance(item, Mapping):
        raise EditError(f"expected a {model.__name__} or a mapping of its fields, got "
                        f"{type(item).__name__}")
    given = {k: v for k, v in item.items()  # unset optional fields left out
             if k not in model.model_fields or (v is not None and v != [] and v != {})}
    try:
        return _dump(model.model_validate(given))
    except ValidationError:
        order = list(model.model_fields)
        return dict(sorted(given.items(),
                           key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))


def _dump(model: BaseModel) -> dict[str, Any]:
    data = model.model_dump(exclude_defaults=True)
    if isinstance(model, Edge):  # evidence items: their own fields, defaults left out
        data["evidence"] = [_dump(e) for e in model.evidence] if model.evidence else []
        if not data["evidence"]:
            del data["evidence"]
    return data


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
    later = _SECTIONS[_SECTIONS.index(section) + 1:]
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


# --- reading, checking and writing a file ------------------------------------------------


@dataclass
class _FileText:
    """A graph file's text, and how it is written: byte-order mark, line breaks."""

    path: Path
    text: str  # without a byte-order mark
    bom: bool
    newline: str
    exists: bool

    @classmethod
    def read(cls, path: Path) -> _FileText:
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


def _candidate(old: _FileText, insert: _Insert) -> tuple[str, str, int]:
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


def _parsed(text: str, name: str) -> Document:
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
class _Plan:
    """One edit, ready to check: the target file and how to change its data."""

    path: Path
    section: str
    item: dict[str, Any]
    key: str | None = None
    edge_index: int | None = None
    summary: str = ""


def _expected(data: Any, plan: _Plan) -> Any:
    """The old data of the file plus the new item (what the new text must read as)."""
    data = dict(data or {})
    if plan.section in _SECTIONS and plan.section not in data:  # a new section: in order
        later = _SECTIONS[_SECTIONS.index(plan.section) + 1:]
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


def _apply(root: Path, plan: _Plan, *, dry_run: bool) -> EditResult:
    """Insert, prove, check the whole graph, and write (unless ``dry_run``)."""
    return _apply_all(root, [plan], dry_run=dry_run)


def _apply_all(root: Path, plans: list[_Plan], *, dry_run: bool) -> EditResult:
    """:func:`_apply` for several items, inserted in order into their files, checked
    together (the graph as if every file held its new text) and written only if all pass,
    file by file in the order of ``plans``. The result is the last item's file, with
    every text inserted there; the other files' results are in its ``others``."""
    by_file: dict[Path, list[_Plan]] = {}
    for plan in plans:
        by_file.setdefault(plan.path, []).append(plan)
    results = {path: _insert_all(path, file_plans) for path, file_plans in by_file.items()}
    problems = check_graph(root, overrides={path: blob for path, (_, blob) in results.items()})
    if problems:
        raise GraphDataError(problems)
    if not dry_run:
        for path, (_, blob) in results.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, blob)
    last = plans[-1].path
    others = tuple(dataclasses.replace(r, written=not dry_run)
                   for path, (r, _) in results.items() if path != last)
    return dataclasses.replace(results[last][0], written=not dry_run, others=others)


def _insert_all(path: Path, plans: list[_Plan]) -> tuple[EditResult, bytes]:
    """Insert the items of one file in order, proving each reads back as meant; the
    (unwritten) result and the new bytes."""
    old = _FileText.read(path)
    name = str(path)
    old_doc = _parsed(old.text, name)
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
        new_doc = _parsed(new_text, name)
        data = _expected(data, plan)
        if new_doc.problems or not identical(new_doc.data, data):
            raise RuntimeError(f"mechgraph could not write this item to {name} so that it "
                               f"reads back unchanged; nothing was written. The text "
                               f"was:\n{added}")
        current = dataclasses.replace(current, text=new_text, exists=True)
        parts.append(added)
    blob = (codecs.BOM_UTF8 if old.bom else b"") + current.text.encode("utf-8")
    return EditResult(path, line, "".join(parts), old.text, current.text, not old.exists,
                      False, "; ".join(p.summary for p in plans)), blob


def _locked(root: Path, timeout: float,
            dry_run: bool) -> contextlib.AbstractContextManager[None]:
    """Hold the folder's lock (none for a dry run, which writes nothing)."""
    if dry_run:
        return contextlib.nullcontext()
    return folder_lock(lock_file(root), timeout, error=EditError)


def _root(graph_dir: str | os.PathLike[str]) -> Path:
    root = Path(graph_dir)
    if not root.is_dir():
        raise EditError(f"{root}: no such graph folder; give the folder that holds the "
                        "graph's *.yaml files")
    return root


def _target(root: Path, file: str | os.PathLike[str]) -> Path:
    """The file to write, built on ``root``: ``file`` as given (from the working folder)
    or inside the graph folder; refused unless it is a visible ``*.yaml`` file in it."""
    real_root = root.resolve()
    for candidate in (Path(file), root / file):
        real = candidate.resolve()
        if real.is_relative_to(real_root):
            rel = real.relative_to(real_root)
            if real.suffix != ".yaml" or any(p.startswith(".") for p in rel.parts):
                raise EditError(f"{file}: a graph file must end in .yaml and not be hidden "
                                "(names starting with '.' are not read)")
            if real.is_dir():
                raise EditError(f"{file}: is a folder; give a .yaml file")
            return root / rel
    raise EditError(f"{file}: is outside the graph folder '{root}'; give a file inside it")


def _current(root: Path) -> MechGraph:
    """The graph as it is now (every file read again)."""
    return load_graph(root)


def _field(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)


def _arrow(source: Any, target: Any, relation: Any) -> str:
    return f"{source} -{relation}-> {target}"


def _evidence_command(source: str, target: str, relation: str) -> str:
    return (f"mechgraph add evidence --source {source} --target {target} --relation "
            f"{relation} --ref KEY --stance STANCE --finding TEXT")


# --- the public API ----------------------------------------------------------------------


def default_file(graph_dir: str | os.PathLike[str], item_kind: str, item: Any = None, *,
                 kg: MechGraph | None = None) -> Path:
    """The file an item goes to when none is given.

    * ``node``: ``nodes.yaml`` of the folder (the shared nodes).
    * ``reference``: ``references.yaml`` if it exists, else the file holding the most
      references, else a new ``references.yaml``.
    * ``edge`` (``item`` gives its ``source`` and ``target``): the file that already holds
      the edge's neighbours: the edges at its ends (and, half as much, the definitions of
      its ends), each end weighted by how rarely it is used, so that a mechanism's own
      file beats a file of shared nodes; else ``edges.yaml``.
    * ``evidence``: the file that defines the edge (``item`` gives its ``source``,
      ``target`` and ``relation``).

    Examples
    --------
    >>> default_file("graph", "edge", {"source": "acupuncture", "target": "endorphins"})
    PosixPath('graph/mechanisms/endorphins.yaml')
    >>> default_file("graph", "reference")
    PosixPath('graph/references.yaml')
    """
    root = Path(graph_dir)
    if item_kind == "node":
        return root / "nodes.yaml"
    kg = kg or load_graph(root)
    if item_kind == "reference":
        if (root / "references.yaml").is_file():
            return root / "references.yaml"
        counts: dict[str, int] = {}
        for key in kg.references:
            counts[kg.locations["reference", key].file] = counts.get(
                kg.locations["reference", key].file, 0) + 1
        return Path(max(counts, key=lambda f: (counts[f], f))) if counts else (
            root / "references.yaml")
    if item_kind == "evidence":
        key = (_field(item, "source"), _field(item, "target"), _field(item, "relation"))
        if key not in kg.edges:
            raise EditError(f"no edge {_arrow(*key)} in the graph")
        return Path(kg.locations["edge", key].file)
    if item_kind != "edge":
        raise ValueError(f"unknown item kind {item_kind!r}: node, reference, edge or evidence")
    ends = [n for n in (_field(item, "source"), _field(item, "target")) if n in kg.nodes]
    score: dict[str, float] = {}
    for n in ends:
        degree = kg.graph.degree(n) or 1
        for key in {*kg.graph.in_edges(n, keys=True), *kg.graph.out_edges(n, keys=True)}:
            file = kg.graph.edges[key]["file"]
            score[file] = score.get(file, 0.0) + 1 / degree
        home = kg.graph.nodes[n]["file"]  # where the end is defined: half an edge
        score[home] = score.get(home, 0.0) + 0.5 / degree
    if not score:
        return root / "edges.yaml"
    return Path(max(sorted(score), key=lambda f: score[f]))


def add_node(graph_dir: str | os.PathLike[str], node: Node | Mapping[str, Any], *,
             file: str | os.PathLike[str] | None = None, dry_run: bool = False,
             timeout: float = LOCK_TIMEOUT) -> EditResult:
    """Add a node at the end of the ``nodes:`` list of ``file`` (default ``nodes.yaml``).

    Parameters
    ----------
    graph_dir : path
        The graph folder.
    node : Node or mapping
        The node; a mapping is checked like a file's item (problems say what to fix).
    file : path, optional
        Where to write (a ``*.yaml`` inside the folder; a new file is created); default
        :func:`default_file`.
    dry_run : bool
        Check and return what would be written, write nothing.
    timeout : float
        Seconds to wait for another edit of the folder to finish.

    Returns
    -------
    EditResult

    Raises
    ------
    EditError
        A duplicate id, a file outside the folder, another edit in progress.
    GraphDataError
        The node, or the graph with it, has problems (positioned in the new text).
    """
    root = _root(graph_dir)
    with _locked(root, timeout, dry_run):
        kg = _current(root)
        node_id = _field(node, "id")
        if isinstance(node_id, str) and node_id in kg.nodes:
            raise EditError(f"{kg.locations['node', node_id]}: node '{node_id}' is already "
                            "defined here; choose another id, or edit that node")
        path = _target(root, file) if file is not None else default_file(root, "node")
        plan = _Plan(path, "nodes", _as_data("nodes", node), summary=f"added node {node_id}")
        return _apply(root, plan, dry_run=dry_run)


def add_reference(graph_dir: str | os.PathLike[str], key: str,
                  reference: Reference | Mapping[str, Any], *,
                  file: str | os.PathLike[str] | None = None, dry_run: bool = False,
                  timeout: float = LOCK_TIMEOUT) -> EditResult:
    """Add a reference under ``key`` at the end of the ``references:`` mapping of ``file``
    (default ``references.yaml``). Parameters and errors as :func:`add_node`; a key that
    is already used is refused."""
    root = _root(graph_dir)
    with _locked(root, timeout, dry_run):
        kg = _current(root)
        if key in kg.references:
            raise EditError(f"{kg.locations['reference', key]}: reference '{key}' is already "
                            "defined here; choose another key, or edit that reference")
        path = (_target(root, file) if file is not None
                else default_file(root, "reference", kg=kg))
        plan = _Plan(path, "references", _as_data("references", reference), key=key,
                     summary=f"added reference {key}")
        return _apply(root, plan, dry_run=dry_run)


def _reference_plans(root: Path, kg: MechGraph,
                     references: Mapping[str, Reference | Mapping[str, Any]]) -> list[_Plan]:
    """The plans that add new references to the default reference file."""
    plans = []
    for key, reference in references.items():
        if key in kg.references:
            raise EditError(f"{kg.locations['reference', key]}: reference '{key}' is already "
                            "defined here; cite it instead of adding it")
        plans.append(_Plan(default_file(root, "reference", kg=kg), "references",
                           _as_data("references", reference), key=key,
                           summary=f"added reference {key}"))
    return plans


def add_edge(graph_dir: str | os.PathLike[str], edge: Edge | Mapping[str, Any], *,
             new_nodes: Sequence[Node | Mapping[str, Any]] = (),
             references: Mapping[str, Reference | Mapping[str, Any]] | None = None,
             file: str | os.PathLike[str] | None = None, dry_run: bool = False,
             timeout: float = LOCK_TIMEOUT) -> EditResult:
    """Add an edge at the end of the ``edges:`` list of ``file`` (default: the file of
    its neighbours, see :func:`default_file`). Parameters and errors as :func:`add_node`;
    an edge with the same source, target and relation as one in the graph is refused,
    with the ``mechgraph add evidence`` command to use instead.

    ``new_nodes`` are added in the same step, to the ``nodes:`` list of the same file, and
    checked with the edge (an edge to a node that does not exist yet); the result's
    ``added`` then holds every text inserted, in order, and ``line`` is the edge's.
    ``references`` (key to reference) are added in the same step too, to the reference
    file (:func:`default_file`), so the evidence can cite them: everything is checked
    together and nothing is written unless all of it passes; the reference file's result
    is in the result's ``others``.
    """
    root = _root(graph_dir)
    with _locked(root, timeout, dry_run):
        kg = _current(root)
        key = (_field(edge, "source"), _field(edge, "target"), _field(edge, "relation"))
        if key in kg.edges:
            raise EditError(f"{kg.locations['edge', key]}: the edge {_arrow(*key)} is "
                            "already defined here; add evidence to it instead: "
                            f"{_evidence_command(*key)}")
        path = (_target(root, file) if file is not None
                else default_file(root, "edge", edge, kg=kg))
        plans = _reference_plans(root, kg, references or {})
        for node in new_nodes:
            node_id = _field(node, "id")
            if isinstance(node_id, str) and node_id in kg.nodes:
                raise EditError(f"{kg.locations['node', node_id]}: node '{node_id}' is "
                                "already defined here; pick it instead of adding it")
            plans.append(_Plan(path, "nodes", _as_data("nodes", node),
                               summary=f"added node {node_id}"))
        data = _as_data("edges", edge)
        n = len(data.get("evidence") or [])
        plans.append(_Plan(path, "edges", data, summary=f"added edge {_arrow(*key)} "
                           f"({n} evidence)" if n else f"added edge {_arrow(*key)}"))
        return _apply_all(root, plans, dry_run=dry_run)


def add_evidence(graph_dir: str | os.PathLike[str], source: str, target: str, relation: str,
                 evidence: Evidence | Mapping[str, Any], *,
                 references: Mapping[str, Reference | Mapping[str, Any]] | None = None,
                 dry_run: bool = False, timeout: float = LOCK_TIMEOUT) -> EditResult:
    """Add an evidence item at the end of the ``evidence:`` list of an existing edge, in
    the file that defines it (an edge with ``claimed_by`` and no evidence gets an
    ``evidence:`` key). Parameters and errors as :func:`add_node`; an edge that does not
    exist is an :class:`EditError` (use :func:`add_edge`). ``references`` as in
    :func:`add_edge`: new references checked and written in the same step."""
    root = _root(graph_dir)
    with _locked(root, timeout, dry_run):
        kg = _current(root)
        key = (source, target, relation)
        if key not in kg.edges:
            raise EditError(f"no edge {_arrow(*key)} in the graph; add it with mechgraph add "
                            "edge (an edge's identity is its source, target and relation)")
        located = kg.locations["edge", key]
        path = Path(located.file)
        data = _parsed(_FileText.read(path).text, str(path)).data or {}
        index = next(i for i, e in enumerate(data.get("edges") or [])
                     if isinstance(e, dict) and (e.get("source"), e.get("target"),
                                                 e.get("relation")) == key)
        item = _as_data("evidence", evidence)
        plan = _Plan(path, "evidence", item, edge_index=index,
                     summary=f"added evidence {_field(item, 'ref')} "
                             f"({_field(item, 'stance')}) to edge {_arrow(*key)}")
        return _apply_all(root, [*_reference_plans(root, kg, references or {}), plan],
                          dry_run=dry_run)
