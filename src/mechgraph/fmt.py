"""``mechgraph fmt``: rewrite graph files in one canonical form, keeping their meaning.

The canonical form is the style of the seed files, so that a change shows up in a diff
as the lines that changed and nothing else:

- keys in the order the fields are declared in :mod:`mechgraph.model` (``id``, ``label``,
  ``kind``, ... for a node; ``nodes``, ``edges``, ``references`` for a file); the order of
  items, and of reference keys, is the curator's;
- 2-space indentation, items of a top-level section indented by 2 (``nodes:`` then
  ``  - id: x``); every mapping in block style (a list of plain values such as
  ``synonyms: [a, b]`` keeps the style it was written in);
- exactly one blank line between the items of a section and between sections (before the
  comments that lead into them), no blank line inside an item, none at the start or end;
- comments kept where they are (a comment line is indented like the line it leads into;
  an end-of-line comment keeps its column), quotes kept as written, folded (``>-``) and
  literal block scalars kept line for line; no trailing spaces (outside block scalars,
  whose spaces are text); one final newline.
- Prose is never re-wrapped, except a plain or quoted text whose line is over
  :data:`MAX_LINE` (100) columns: it becomes a folded ``>-`` block wrapped at
  :data:`WRAP` (92) columns, which reads as the very same text.

Round-tripping goes through ``ruamel.yaml``, which keeps comments, quotes and block
scalars. Every result is checked before it is returned: the file must read (with
mechgraph's own reader) as exactly the same data, and hold exactly the same comments; if
not, :class:`FormatError` is raised and nothing is written.

Examples
--------
>>> print(format_text("nodes:\\n- kind: concept   \\n  label: Qi\\n  id: qi\\n"), end="")
nodes:
  - id: qi
    label: Qi
    kind: concept
"""

from __future__ import annotations

import codecs
import contextlib
import difflib
import io
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.error import YAMLError as RuamelError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from mechgraph import model as models
from mechgraph.errors import GraphDataError, InternalError, Problem
from mechgraph.files import LOCK_TIMEOUT, LockError, atomic_write, folder_lock, lock_file
from mechgraph.graph import find_files
from mechgraph.model import Edge, Evidence, Expectation, GraphFile, Node, Reference
from mechgraph.source import LOADER, parse_text, read_file
from mechgraph.validate import validate_document
from mechgraph.yamltext import WIDTH, fold, outline

__all__ = ["MAX_LINE", "WRAP", "FileChange", "FmtReport", "FormatError", "format_files",
           "format_text"]

MAX_LINE = 100
"""A plain or quoted text whose line is longer than this becomes a folded block."""
WRAP = WIDTH
"""The width such a folded block is wrapped at (:data:`mechgraph.yamltext.WIDTH`, where
``mechgraph add`` folds too)."""

_SECTION_ITEM = {"nodes": Node, "edges": Edge, "expectations": Expectation}


class FormatError(InternalError):
    """Formatting would have changed a file's meaning or lost a comment: a bug in
    mechgraph (nothing was written)."""


def _yaml() -> YAML:
    rt = YAML(typ="rt")
    rt.indent(mapping=2, sequence=4, offset=2)
    rt.width = 1 << 20  # never wrap on its own; long text is folded by _fold_long
    rt.preserve_quotes = True
    return rt


def format_text(text: str, name: str = "<text>") -> str:
    """Return ``text``, a graph file, in canonical form (see the module's docstring).

    Parameters
    ----------
    text : str
        The file's text.
    name : str, optional
        The file's name in messages.

    Returns
    -------
    str
        The canonical text (equal to ``text`` when it is already canonical).

    Raises
    ------
    GraphDataError
        If the file does not parse or does not validate (nothing is formatted then).
    FormatError
        If the result would not mean the same (a bug; the caller writes nothing).

    Examples
    --------
    >>> format_text("references:\\n  r1: {year: 2004, title: T, design: rct, url: https://example.org/r1}\\n")
    'references:\\n  r1:\\n    title: T\\n    year: 2004\\n    design: rct\\n    url: https://example.org/r1\\n'
    >>> format_text("nodes: [{id: qi, label: Qi}]\\n")
    Traceback (most recent call last):
    ...
    mechgraph.errors.GraphDataError: <text>:1:9: nodes[0]: missing required field 'kind'
    1 error
    """
    doc = parse_text(text, name)
    if doc.problems:
        raise GraphDataError(doc.problems)
    items = validate_document(doc)
    if items.problems:
        raise GraphDataError(items.problems)
    if doc.data is None:  # empty or only comments
        out = _tidy(text.replace("\r\n", "\n"), starts=[], firsts=set())
    else:
        rt = _yaml()
        try:
            data = rt.load(_without_markers(text))
        except RuamelError as exc:  # pragma: no cover - mechgraph's reader accepted it
            raise FormatError(f"{name}: ruamel.yaml cannot read this file: {exc}") from exc
        _canonical(data)
        buf = io.StringIO()
        rt.dump(data, buf)
        dumped = buf.getvalue()
        starts, firsts = _item_starts(dumped)
        out = _tidy(dumped, starts, firsts)
    _check_same(text, out, doc.data, name)
    return out


def _without_markers(text: str) -> str:
    """``text`` without a document start (``---``) or end (``...``) line: a graph file
    holds one document, and ruamel.yaml would drop the comments above a ``---``. (A
    marker stands at the start of a line; text inside a block scalar never does.)"""
    lines = text.split("\n")
    content = [i for i, line in enumerate(lines)
               if line.strip() and not line.lstrip().startswith("#")]
    for i, marker in ((content[0], "---"), (content[-1], "...")) if content else ():
        line = lines[i].rstrip()
        if line == marker or line.startswith(marker + " #"):
            lines[i] = line[3:].strip()
    return "\n".join(lines)


def _canonical(data: CommentedMap) -> None:
    """Order keys as the models declare them, make mappings block style, fold long text."""
    _order(data, GraphFile)
    data.fa.set_block_style()
    for section, model in _SECTION_ITEM.items():
        seq = data.get(section)
        if isinstance(seq, CommentedSeq):
            seq.fa.set_block_style()
            for item in seq:
                _order(item, model)
                evidence = item.get("evidence") if section == "edges" else None
                if isinstance(evidence, CommentedSeq):
                    evidence.fa.set_block_style()
                    for ev in evidence:
                        _order(ev, Evidence)
    refs = data.get("references")
    if isinstance(refs, CommentedMap):
        refs.fa.set_block_style()
        for ref in refs.values():
            _order(ref, Reference)
    _canonical_sources(data.get("sources"))
    _flush_left(data)
    _fold_long(data, 0)


def _canonical_sources(texts: Any) -> None:
    """Order the keys of sources, claims and citations; a claim's edges keep their style
    (``{source: ..., target: ..., relation: ...}`` a line reads well), keys in order."""
    for text in texts.values() if isinstance(texts, CommentedMap) else ():
        texts.fa.set_block_style()
        _order(text, models.SourceText)
        claims = text.get("claims")
        for claim in claims if isinstance(claims, CommentedSeq) else ():
            claims.fa.set_block_style()
            _order(claim, models.Claim)
            if isinstance(claim.get("cites"), CommentedMap):
                _order(claim["cites"], models.Citation)
            edges = claim.get("edges")
            for ref in edges if isinstance(edges, CommentedSeq) else ():
                flow = ref.fa.flow_style()
                _order(ref, models.EdgeRef)
                if flow:
                    ref.fa.set_flow_style()


def _flush_left(node: Any) -> None:
    """Write every comment line that stands before a key at column 0; :func:`_tidy`
    then indents it like its key. (Kept at its old column, a comment that now follows
    a block of text, after keys were reordered, could be read as part of that text.)"""
    if not isinstance(node, CommentedMap | CommentedSeq):
        return
    slots = [*node.ca.items.values(), node.ca.comment or []]
    for slot in slots:
        for tokens in slot:
            if isinstance(tokens, list):
                for token in tokens:
                    if (isinstance(token, CommentToken)
                            and _comment_text(token).lstrip().startswith("#")):
                        token.start_mark = CommentMark(0)
    for child in node.values() if isinstance(node, CommentedMap) else node:
        _flush_left(child)


def _order(mapping: CommentedMap, model: Any) -> None:
    """Put the keys in the model's field order; each comment moves with the value it
    follows (blank lines are set again by :func:`_tidy`)."""
    mapping.fa.set_block_style()
    keys = list(mapping)
    wanted = [k for k in model.model_fields if k in mapping]
    if keys == wanted:
        return
    for key in wanted:
        mapping.move_to_end(key)
    # A comment line that led into a key now first would stand between "- " and the key
    # (ruamel.yaml then writes "-" on a line of its own): it leads into the second key.
    entry = mapping.ca.items.get(wanted[0])
    if wanted[0] != keys[0] and entry and entry[1] and len(wanted) > 1:
        before, entry[1] = entry[1], None
        second = mapping.ca.items.setdefault(wanted[1], [None, None, None, None])
        second[1] = [*before, *(second[1] or [])]


def _fold_long(node: Any, indent: int) -> None:
    """Turn plain or quoted text whose ``key: value`` line is over :data:`MAX_LINE`
    columns into a folded block wrapped at :data:`WRAP` columns."""
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            if isinstance(value, CommentedMap | CommentedSeq):
                _fold_long(value, indent + 2)
            elif (isinstance(value, str) and not _has_comment(node, key)
                  and not isinstance(value, FoldedScalarString | LiteralScalarString)):
                quotes = 0 if type(value) is str else 2
                if indent + len(str(key)) + 2 + len(value) + quotes > MAX_LINE:
                    folded = _folded(value, indent + 2)
                    if folded is not None:
                        node[key] = folded
    elif isinstance(node, CommentedSeq):
        for item in node:
            _fold_long(item, indent + 4)


def _has_comment(mapping: CommentedMap, key: Any) -> bool:
    """Whether a comment follows the value of ``key`` (a block scalar would move a comment
    at the end of its line to a line of its own, and could take in the comment lines after
    it, so such a value is not folded)."""
    tokens = mapping.ca.items.get(key) or []
    return any("#" in _comment_text(token) for token in tokens
               if not isinstance(token, list))


def _comment_text(token: Any) -> str:
    return token if isinstance(token, str) else getattr(token, "value", None) or ""


def _folded(value: str, indent: int) -> FoldedScalarString | None:
    """``value`` as a folded block whose lines start at ``indent``, folded as
    :func:`mechgraph.yamltext.fold` folds it (the fold ``mechgraph add`` writes), or None
    when folding could change it or would leave it on one line."""
    lines = fold(value, indent)
    if lines is None or len(lines) < 2:
        return None
    folded = FoldedScalarString(value)
    positions, at = [], 0
    for line in lines[:-1]:
        at += len(line)
        positions.append(at)
        at += 1
    folded.fold_pos = positions  # type: ignore[attr-defined]
    return folded


def _item_starts(text: str) -> tuple[list[int], set[int]]:
    """0-based lines where a top-level key or an item of a section starts, and which of
    them come first in their file or section."""
    spans = outline(text)
    root = spans.get(())
    starts: list[int] = []
    firsts: set[int] = set()
    if root is None or root.kind != "map":
        return starts, firsts
    for i, section in enumerate(path for path in spans if len(path) == 1):
        span = spans[section]
        starts.append(span.key_line or 0)
        if i == 0:
            firsts.add(span.key_line or 0)
        starts.extend(span.children)
        firsts.update(span.children[:1])
    return starts, firsts


def _protected(text: str) -> set[int]:
    """0-based lines inside block scalars, whose spaces and blank lines are text."""
    lines = text.split("\n")
    out: set[int] = set()
    for event in yaml.parse(text, Loader=LOADER):
        if isinstance(event, yaml.ScalarEvent) and event.style in ("|", ">"):
            header = event.start_mark.line
            first = next((i for i in range(header + 1, len(lines)) if lines[i].strip()), None)
            if first is None:
                continue
            indent = _indent(lines[first])
            last = header
            for i in range(header + 1, len(lines)):
                if lines[i].strip() and _indent(lines[i]) < indent:
                    break
                last = i
            keep = "+" in lines[header][event.start_mark.column:].split("#")[0]
            while not keep and last > header and not lines[last].strip():
                last -= 1
            out.update(range(header + 1, last + 1))
    return out


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _tidy(text: str, starts: Sequence[int], firsts: set[int]) -> str:
    """Blank lines and trailing spaces: one blank line before each item and section that
    is not the first (above the comments that lead into it), none inside an item, no
    run of blank lines, no trailing spaces outside block scalars."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    keep = _protected(text) if starts else set()
    lines = [line if i in keep else line.rstrip() for i, line in enumerate(lines)]
    _indent_comments(lines, keep)
    blank_before: set[int] = set()
    for start in starts:
        if start in firsts:
            continue
        anchor = start
        while (anchor > 0 and (anchor - 1) not in keep
               and lines[anchor - 1].lstrip().startswith("#")):
            anchor -= 1
        blank_before.add(anchor)
    next_indent: list[int | None] = [None] * len(lines)  # of the next line with text
    following = None
    for i in range(len(lines) - 1, -1, -1):
        next_indent[i] = following
        if lines[i]:
            following = _indent(lines[i])
    out: list[str] = []
    for i, line in enumerate(lines):
        below = next_indent[i]
        # Drop blank lines at the start and the end, in runs, and inside an item.
        if (not line and i not in keep
                and (not out or not out[-1] or below is None or below > 2)):
            continue
        if i in blank_before and out and out[-1]:
            out.append("")
        out.append(line)
    return "\n".join(out) + "\n" if out else ""


def _indent_comments(lines: list[str], keep: set[int]) -> None:
    """Indent each block of comment lines like the line right below it, which it leads
    into (a block followed by a blank line stays as it is)."""
    indent: int | None = None
    for i in range(len(lines) - 1, -1, -1):
        text = lines[i].lstrip()
        if i in keep or not text:
            indent = None
        elif not text.startswith("#"):
            indent = len(lines[i]) - len(text)
        elif indent is not None:
            lines[i] = " " * indent + text


def _comments(text: str) -> list[str]:
    """Every comment in ``text``, as written (trailing spaces aside)."""
    spans = []
    try:
        for event in yaml.parse(text, Loader=LOADER):
            if isinstance(event, yaml.ScalarEvent):
                spans.append((event.start_mark.index, event.end_mark.index))
    except yaml.YAMLError:  # pragma: no cover - both texts were read before
        return []
    found, at = [], 0
    for start, end in [*sorted(spans), (len(text), len(text))]:
        chunk = text[at:start]
        pos = chunk.find("#")
        while pos >= 0:
            stop = chunk.find("\n", pos)
            stop = len(chunk) if stop < 0 else stop
            found.append(chunk[pos:stop].rstrip())
            pos = chunk.find("#", stop)
        at = max(at, end)
    return found


def _check_same(before: str, after: str, data: Any, name: str) -> None:
    again = parse_text(after, name)
    if again.problems or again.data != data:
        raise FormatError(f"{name}: formatting would change what the file means; it was left "
                          "as it is (this is a bug in mechgraph fmt: please report it)")
    if Counter(_comments(before)) != Counter(_comments(after)):
        raise FormatError(f"{name}: formatting would lose or change a comment; it was left as "
                          "it is (this is a bug in mechgraph fmt: please report it)")


@dataclass
class FileChange:
    """A file whose canonical form differs from what it holds; ``lock`` is the lock file of
    its graph folder, held while it is rewritten (see :func:`mechgraph.files.folder_lock`)."""

    file: str
    before: str
    after: str
    lock: Path | None = field(default=None, repr=False)

    def diff(self, context: int = 1, limit: int | None = None) -> str:
        """A unified diff from the file to its canonical form (at most ``limit`` lines)."""
        lines = list(difflib.unified_diff(self.before.splitlines(keepends=True),
                                          self.after.splitlines(keepends=True),
                                          self.file, self.file + " (formatted)", n=context))
        lines = [line if line.endswith("\n") else line + "\n" for line in lines]
        if limit is not None and len(lines) > limit:
            lines = [*lines[:limit], f"... ({len(lines) - limit} more lines)\n"]
        return "".join(lines)


@dataclass
class FmtReport:
    """What :func:`format_files` found and did.

    Attributes
    ----------
    changed : list of FileChange
        Files not in canonical form (rewritten, unless ``check``).
    unchanged : list of str
        Files already canonical.
    problems : list of Problem
        Why the other files could not be formatted (they were left untouched).
    check : bool
        True when nothing was written.
    skipped : list of str
        Files not rewritten because they changed on disk while being formatted (another
        editor saved them): run again.
    """

    changed: list[FileChange] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    check: bool = False
    skipped: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No invalid or skipped file, and (for a check) every file already canonical."""
        return not self.problems and not self.skipped and not (self.check and self.changed)

    def write(self, timeout: float = LOCK_TIMEOUT) -> None:
        """Rewrite the changed files atomically, each only if its bytes are still those
        that were formatted, holding the lock of its graph folder that ``mechgraph add``
        and the app hold while they edit. A file another editor saved meanwhile, or whose
        folder stayed locked for ``timeout`` seconds, is left as it is and moved to
        :attr:`skipped`. Afterwards :attr:`check` is False."""
        by_lock: dict[Path | None, list[FileChange]] = {}
        for change in self.changed:
            by_lock.setdefault(change.lock, []).append(change)
        for lock, changes in by_lock.items():
            try:
                with folder_lock(lock, timeout) if lock else contextlib.nullcontext():
                    for change in changes:
                        if Path(change.file).read_bytes() != change.before.encode("utf-8"):
                            self._skip(change)
                        else:
                            atomic_write(change.file, change.after)
            except (LockError, OSError):  # locked by a long edit, or not writable: next time
                for change in changes:
                    if change in self.changed:
                        self._skip(change)
        self.check = False

    def _skip(self, change: FileChange) -> None:
        self.changed.remove(change)
        self.skipped.append(change.file)

    def to_text(self, diff_lines: int = 40) -> str:
        """What ``mechgraph fmt`` prints: each file changed (for a check, with a unified
        diff of at most ``diff_lines`` lines), the problems, then a summary line."""
        lines = []
        for change in self.changed:
            lines.append(f"{'would reformat' if self.check else 'reformatted'} {change.file}")
            if self.check:
                lines.append(change.diff(limit=diff_lines).rstrip("\n"))
        lines += [str(p) for p in self.problems]
        lines += [f"skipped {name}: it changed while being formatted; run mechgraph fmt again"
                  for name in self.skipped]
        verb = "would be reformatted" if self.check else "reformatted"
        n = len(self.changed)
        summary = f"{n} file{'' if n == 1 else 's'} {verb}, {len(self.unchanged)} unchanged"
        if self.problems:
            files, errors = len({p.file for p in self.problems}), len(self.problems)
            summary += (f", {files} file{'' if files == 1 else 's'} with {errors} "
                        f"error{'' if errors == 1 else 's'} left untouched (fix them and run "
                        "again)")
        return "\n".join([*lines, summary]) + "\n"

    def to_dict(self) -> dict[str, Any]:
        """The ``mechgraph fmt --json`` shape."""
        return {"check": self.check, "ok": self.ok,
                "changed": [c.file for c in self.changed], "unchanged": self.unchanged,
                "skipped": self.skipped, "problems": [p.to_dict() for p in self.problems]}


def format_files(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], *,
                 check: bool = False) -> FmtReport:
    """Put graph files in canonical form; with ``check``, only say which would change.

    Every file is formatted in memory first; files are then rewritten atomically
    (:func:`mechgraph.files.atomic_write`), only those that change, and only if their bytes
    are still those that were formatted (else they are listed in :attr:`FmtReport.skipped`).
    A file that does not parse or validate is reported in :attr:`FmtReport.problems` and
    left untouched.

    Parameters
    ----------
    paths : path or iterable of paths
        A graph folder (every ``*.yaml`` below it) or files, or several of them.
    check : bool
        Write nothing.

    Returns
    -------
    FmtReport

    Raises
    ------
    GraphDataError
        If a path given does not exist (code ``not-found``).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.yaml").write_text("nodes:\\n- {label: Qi, id: qi, kind: concept}\\n")
    >>> report = format_files(folder, check=True)
    >>> [pathlib.Path(c.file).name for c in report.changed], report.ok
    (['a.yaml'], False)
    >>> format_files(folder).ok, format_files(folder, check=True).changed
    (True, [])
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    files: dict[Path, Path] = {}  # each file, and the lock file of its graph folder
    missing: list[Problem] = []
    for path in map(Path, paths):
        if not path.exists():
            missing.append(Problem(str(path), None, None, "", "no such file or folder",
                                   "not-found"))
        lock = lock_file(path)
        files.update((found, files.get(found, lock)) for found in find_files(path))
    if missing:
        raise GraphDataError(missing)
    report = FmtReport(check=check)
    for path, lock in files.items():
        name = str(path)
        doc = read_file(path, name)
        if doc.problems:
            report.problems.extend(doc.problems)
            continue
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
        try:
            after = format_text(text, name)
        except GraphDataError as exc:
            report.problems.extend(exc.problems)
            continue
        before = "\ufeff" + text if raw.startswith(codecs.BOM_UTF8) else text  # the BOM goes
        if after == before:
            report.unchanged.append(name)
        else:
            report.changed.append(FileChange(name, before, after, lock))
    if not check:
        report.write()
    return report
