"""Reading one YAML file safely, keeping the position of every value.

The reader walks libyaml's event stream (or PyYAML's, where libyaml is missing)
and builds plain Python values itself, so that it can refuse what a curated
graph never needs before any object is built: YAML tags (``!!python/object``,
``!include``), more than one document, keys repeated inside one mapping,
collections nested deeper than :attr:`Limits.max_depth`, alias "bombs" and
oversized or non-UTF-8 files. Nothing in a file is ever executed.

Values are resolved as PyYAML's ``SafeLoader`` resolves them (YAML 1.1: ``no``
reads as ``false``, ``2004`` as an integer); quote a value to keep it text. Mapping
keys are always read as text: every key of the format is a name.

Examples
--------
>>> doc = parse_text("nodes:\\n  - id: qi\\n    label: Qi\\n", "x.yaml")
>>> doc.data
{'nodes': [{'id': 'qi', 'label': 'Qi'}]}
>>> doc.position(("nodes", 0, "label"))
(3, 12)
>>> parse_text("a: 1\\na: 2\\n", "x.yaml").problems[0].message
"key 'a' is repeated in this mapping (first at line 1); keep only one"
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from mechgraph.cache import content_key
from mechgraph.errors import Problem, format_path
from mechgraph.limits import Limits, file_too_large, limits_key

__all__ = [
    "LOADER",
    "Document",
    "Limits",
    "limits_key",
    "parse_bytes",
    "parse_text",
    "read_file",
    "too_large",
]

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""The YAML loader every parse of mechgraph uses (libyaml's where it is installed)."""
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"

Path_ = tuple[str | int, ...]


@dataclass
class Document:
    """One parsed file: its data, where each value stands, and what was wrong.

    Attributes
    ----------
    file : str
        The file's name as shown in messages.
    data : Any
        The parsed value (``None`` for an empty file, or when reading failed).
    positions : dict
        1-based ``(line, col)`` of each value, by path inside the document.
    key_positions : dict
        1-based ``(line, col)`` of each mapping key, by the path of its value.
    problems : list of Problem
        What made the file unreadable (empty when it was read).
    source, digest : Path and str, optional
        For a file read on the fast path (or from the cache), which keeps no positions:
        where to read it again, and the content key its bytes must still have. The
        positions are then found the first time one is asked for.
    """

    file: str
    data: Any = None
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    source: Path | None = None
    digest: str | None = None

    def _find_positions(self) -> None:
        source, self.source = self.source, None
        if source is None:
            return
        try:
            raw = source.read_bytes()
        except OSError:
            return
        if content_key(raw) != self.digest:  # the file changed since: no positions
            return
        positioned = parse_bytes(raw, self.file)
        self.positions, self.key_positions = positioned.positions, positioned.key_positions

    def position(self, path: Path_, *, key: bool = False) -> tuple[int | None, int | None]:
        """Return the position of the value at ``path`` or, failing that, of the nearest
        enclosing value that has one. With ``key=True``, prefer the position of the key."""
        if self.source is not None:
            self._find_positions()
        path = tuple(path)
        if key and path in self.key_positions:
            return self.key_positions[path]
        while True:
            if path in self.positions:
                return self.positions[path]
            if not path:
                return (None, None)
            path = path[:-1]

    def problem(self, path: Path_, message: str, code: str, *, key: bool = False) -> Problem:
        """Make a :class:`Problem` positioned at ``path`` in this file."""
        line, col = self.position(path, key=key)
        return Problem(self.file, line, col, format_path(path), message, code)


def read_file(path: Path, display: str | None = None, limits: Limits | None = None) -> Document:
    """Read and parse one file, refusing what a graph file must not contain.

    Parameters
    ----------
    path : Path
        The file to read.
    display : str, optional
        Its name in messages (default ``str(path)``).
    limits : Limits, optional
        Size, depth and alias bounds (default :class:`Limits()`).

    Returns
    -------
    Document
        Never raises for bad content: problems are in :attr:`Document.problems`.
    """
    limits = limits or Limits()
    name = display if display is not None else str(path)
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            return too_large(name, size, limits)
        raw = path.read_bytes()
    except OSError as exc:
        return _fail(name, None, None, "unreadable", f"cannot read the file: {exc.strerror}")
    return parse_bytes(raw, name, limits)


def parse_bytes(raw: bytes, name: str, limits: Limits | None = None) -> Document:
    """Decode ``raw`` as UTF-8 (a BOM is allowed) and parse it; see :func:`parse_text`."""
    limits = limits or Limits()
    if len(raw) > limits.max_file_bytes:
        return too_large(name, len(raw), limits)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return _fail(name, line, col, "not-utf8",
                     f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); "
                     "save it with UTF-8 encoding")
    return parse_text(text, name, limits)


class _Fallback(Exception):
    """The fast reader met something that only the careful reader can word well."""


_RESOLVABLE = frozenset(k for k in Resolver.yaml_implicit_resolvers if k)
_NOKEY = object()


def parse_fast(text: str, limits: Limits | None = None) -> Any:
    """Parse YAML text quickly, without positions; raise ``ValueError`` if in doubt.

    The fast path of loading. It reads a file exactly as :func:`parse_text` does (same
    values, same YAML 1.1 meaning) but keeps no positions, and gives up (``ValueError``)
    on anything that would be refused or that it does not handle itself: syntax errors,
    tags, anchors and aliases, repeated keys, merge keys, several documents, nesting
    deeper than the limit, invalid dates or numbers. The caller then reads the file
    with :func:`parse_text`, which refuses or accepts it with a positioned message.

    Examples
    --------
    >>> parse_fast("nodes:\\n  - {id: qi, label: Qi, kind: concept}\\n")
    {'nodes': [{'id': 'qi', 'label': 'Qi', 'kind': 'concept'}]}
    >>> parse_fast("a: 1\\na: 2\\n")
    Traceback (most recent call last):
    ...
    ValueError: not plain enough for the fast path
    """
    try:
        return _parse_fast(text, (limits or Limits()).max_depth)
    except (_Fallback, yaml.YAMLError, ValueError, OverflowError) as exc:
        raise ValueError("not plain enough for the fast path") from exc


def _parse_fast(text: str, max_depth: int) -> Any:
    scalar_event, mapping_start, sequence_start = (
        yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
    collection_end = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    resolvable, resolve, constructors = (
        _RESOLVABLE, _RESOLVER.resolve, _CONSTRUCTOR.yaml_constructors)
    get = LOADER(text).get_event
    stack: list[Any] = []
    keys: list[Any] = []
    root: Any = None
    documents = 0
    while True:
        event = get()
        if event is None:
            return root
        cls = event.__class__
        if cls is scalar_event:
            if event.tag is not None or event.anchor is not None:
                raise _Fallback
            value = event.value
            if stack and keys[-1] is _NOKEY and stack[-1].__class__ is dict:
                if value in stack[-1] or value == "<<":
                    raise _Fallback
                keys[-1] = value
                continue
            if event.implicit[0] and (not value or value[0] in resolvable):
                tag = resolve(ScalarNode, value, event.implicit)
                if tag != _STR and tag in constructors:
                    value = constructors[tag](
                        _CONSTRUCTOR, ScalarNode(tag, value, event.start_mark,
                                                 event.end_mark, event.style))
        elif cls is mapping_start or cls is sequence_start:
            if event.tag is not None or event.anchor is not None or len(stack) >= max_depth:
                raise _Fallback
            value = {} if cls is mapping_start else []
        elif cls in collection_end:
            stack.pop()
            keys.pop()
            continue
        elif cls is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Fallback
            continue
        elif cls is yaml.AliasEvent:
            raise _Fallback
        else:  # stream start and end, document end
            continue
        if not stack:
            root = value
        else:
            top = stack[-1]
            if top.__class__ is dict:
                key = keys[-1]
                if key is _NOKEY:  # a list or mapping as a key
                    raise _Fallback
                top[key] = value
                keys[-1] = _NOKEY
            else:
                top.append(value)
        if cls is not scalar_event:
            stack.append(value)
            keys.append(_NOKEY)


def read_bytes_fast(raw: bytes, name: str, limits: Limits | None = None, *,
                    source: Path | None = None, digest: str | None = None) -> Document:
    """Parse a file's bytes on the fast path if it can, else on the careful one.

    A document read on the fast path has no positions yet: given ``source`` and
    ``digest`` (the file and the content key its bytes must still have), they are
    read again from the file the first time a position is asked for, that is, only
    when something is wrong with the file.
    """
    limits = limits or Limits()
    try:
        text = raw.decode("utf-8-sig")
        data = parse_fast(text, limits)
    except ValueError:  # UnicodeDecodeError too
        return parse_bytes(raw, name, limits)
    return Document(name, data, source=source, digest=digest)


def parse_text(text: str, name: str, limits: Limits | None = None) -> Document:
    """Parse YAML text into plain values with positions, or say what is wrong.

    Parameters
    ----------
    text : str
        The YAML text.
    name : str
        The file name used in messages.
    limits : Limits, optional
        Depth and alias bounds.

    Returns
    -------
    Document
    """
    limits = limits or Limits()
    builder = _Builder(Document(name), limits)
    try:
        for event in yaml.parse(text, Loader=LOADER):
            if not builder.feed(event):
                break
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in (exc.problem or ""):  # libyaml's limit, met before ours
            mark = exc.problem_mark
            line, col = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
            return _fail(name, line, col, "too-deep", _too_deep(limits))
        from mechgraph.yamlerrors import syntax_problem  # only when a file is broken

        return Document(name, problems=[syntax_problem(name, text, exc)])
    except yaml.YAMLError:  # reader errors: control characters
        from mechgraph.yamlerrors import control_character_problem

        return Document(name, problems=[control_character_problem(name, text)])
    return builder.doc


def _too_deep(limits: Limits) -> str:
    return (f"values are nested more than {limits.max_depth} levels deep; a graph file needs "
            "only a few levels")


def too_large(name: str, size: int, limits: Limits) -> Document:
    """The document of a file refused for its size."""
    return Document(name, problems=[file_too_large(name, size, limits)])


def _short_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix):] if tag.startswith(prefix) else tag


def _fail(name: str, line: int | None, col: int | None, code: str, msg: str) -> Document:
    return Document(name, problems=[Problem(name, line, col, "", msg, code)])


@dataclass
class _Frame:
    value: list[Any] | dict[Any, Any]
    path: Path_
    anchor: str | None
    size: int = 1
    key: Any = None
    has_key: bool = False
    key_lines: dict[Any, int] = field(default_factory=dict)


class _Builder:
    """Builds values from parse events, one event at a time, without recursion."""

    def __init__(self, doc: Document, limits: Limits):
        self.doc = doc
        self.limits = limits
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.alias_values = 0
        self.documents = 0

    def stop(self, mark: Any, code: str, message: str, path: Path_ | None = None) -> bool:
        if path is None:
            path = self.child_path()
        if path is None:  # at a key: the mapping's path
            path = self.stack[-1].path
        self.doc.problems.append(
            Problem(self.doc.file, mark.line + 1, mark.column + 1, format_path(path), message,
                    code))
        self.doc.data = None
        return False

    def feed(self, event: yaml.Event) -> bool:
        """Take one event; return False to stop reading (a problem was recorded)."""
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                return self.stop(event.start_mark, "several-documents",
                                 "a graph file holds one YAML document; remove the '---' "
                                 "line and merge the documents, or split them into files", ())
            return True
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                return self.stop(event.start_mark, "yaml-syntax",
                                 f"YAML syntax error: unknown alias '*{event.anchor}'")
            value, size = self.anchors[event.anchor]
            self.alias_values += size
            if self.alias_values > self.limits.max_alias_values:
                return self.stop(event.start_mark, "alias-bomb",
                                 f"aliases in this file expand to more than "
                                 f"{self.limits.max_alias_values:,} values (an alias bomb?); "
                                 "write the values out instead of repeating aliases")
            return self.add(value, size, event.start_mark)
        if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent):
            tag = event.tag
            if tag is not None:
                return self.stop(event.start_mark, "yaml-tag",
                                 f"YAML tags such as '{_short_tag(tag)}' are not allowed in "
                                 "graph files (nothing is ever executed or included); remove "
                                 "the tag, and quote the value if it should be text")
        if isinstance(event, yaml.ScalarEvent):
            is_key = self.child_path() is None
            if is_key and event.value == "<<" and event.implicit[0]:
                return self.stop(event.start_mark, "yaml-merge",
                                 "merge keys ('<<') are not supported in graph files; "
                                 "write the fields out")
            if is_key:  # a mapping key: always its text
                value = event.value
            else:
                try:
                    value = self.scalar(event)
                except (ValueError, OverflowError, yaml.YAMLError):
                    return self.stop(event.start_mark, "invalid-value",
                                     f"'{event.value}' looks like a date, time or number but "
                                     "is not a valid one; quote it if it is text")
            if event.anchor:
                self.anchors[event.anchor] = (value, 1)
            return self.add(value, 1, event.start_mark)
        if isinstance(event, yaml.CollectionStartEvent):
            if len(self.stack) >= self.limits.max_depth:
                return self.stop(event.start_mark, "too-deep", _too_deep(self.limits), ())
            container: list[Any] | dict[Any, Any] = (
                [] if isinstance(event, yaml.SequenceStartEvent) else {})
            path = self.child_path()
            if path is None:
                return self.stop(event.start_mark, "bad-key",
                                 "a mapping key must be plain text, not a list or mapping")
            self.record(path, event.start_mark)
            self.stack.append(_Frame(container, path, event.anchor))
            return True
        if isinstance(event, yaml.CollectionEndEvent):
            frame = self.stack.pop()
            if frame.anchor:
                self.anchors[frame.anchor] = (frame.value, frame.size)
            return self.add(frame.value, frame.size, None, recorded=True)
        return True

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        if not event.implicit[0]:  # quoted: always text
            return event.value
        tag = _RESOLVER.resolve(ScalarNode, event.value, event.implicit)
        if tag == _STR:
            return event.value
        construct = _CONSTRUCTOR.yaml_constructors.get(tag)
        if construct is None:  # '<<' or '=' as a value: plain text
            return event.value
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        return construct(_CONSTRUCTOR, node)

    def child_path(self) -> Path_ | None:
        """The path the next value will have, or None if it would be a mapping key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            return (*top.path, len(top.value))
        if not top.has_key:
            return None
        return (*top.path, top.key)

    def record(self, path: Path_, mark: Any) -> None:
        self.doc.positions[path] = (mark.line + 1, mark.column + 1)

    def add(self, value: Any, size: int, mark: Any, *, recorded: bool = False) -> bool:
        if not self.stack:
            if mark is not None:
                self.record((), mark)
            self.doc.data = value
            return True
        top = self.stack[-1]
        top.size += size
        if isinstance(top.value, list):
            if not recorded:
                self.record((*top.path, len(top.value)), mark)
            top.value.append(value)
            return True
        if not top.has_key:  # this value is a key
            if isinstance(value, list | dict):
                return self.stop(mark, "bad-key",
                                 "a mapping key must be plain text, not a list or mapping")
            if not isinstance(value, str):  # an alias to a number or date used as a key
                value = str(value)
            path = (*top.path, value)
            if value in top.key_lines:
                return self.stop(mark, "duplicate-key",
                                 f"key '{value}' is repeated in this mapping (first at line "
                                 f"{top.key_lines[value]}); keep only one", path)
            top.key_lines[value] = mark.line + 1
            self.doc.key_positions[path] = (mark.line + 1, mark.column + 1)
            top.key, top.has_key = value, True
            return True
        if not recorded:
            self.record((*top.path, top.key), mark)
        top.value[top.key] = value
        top.has_key = False
        return True
