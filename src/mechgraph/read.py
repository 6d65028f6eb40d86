"""Reading a graph's files: bytes -> validated items, one :class:`Entry` per file, memoised.

:func:`~mechgraph.discover.read_bytes` reads the files (or the bytes a caller gives
instead, to check an edit before it is saved); :func:`read_all` validates each file, or
takes it from the cache (:mod:`mechgraph.cache`) when its bytes were validated before.
An :class:`Entry` is what the memory cache keeps of a valid file: its models, and the
graph attributes :mod:`mechgraph.build` needs, prepared once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mechgraph.cache import FileCache
from mechgraph.checks import summarize
from mechgraph.discover import Overrides, RawFile, read_bytes, resolve_overrides
from mechgraph.errors import Problem
from mechgraph.evidence import Grade, edge_basis, grade_edges
from mechgraph.kg import LoadReport
from mechgraph.limits import Limits
from mechgraph.model import Edge, Node
from mechgraph.source import Document, parse_bytes, read_bytes_fast
from mechgraph.validate import FileItems, Located, validate_document
from mechgraph.vocab import RELATION_SIGN

__all__ = ["Basis", "Entry", "Overrides", "RawFile", "read_all", "read_bytes",
           "resolve_overrides"]


@dataclass(frozen=True)
class Basis:
    """What the grades of edges depend on beyond their own file."""

    rank: dict[str, int]
    """The evidence rank of every reference, by key."""
    traditional: frozenset[str]
    """The ids of the traditional nodes."""


class Entry:
    """A validated file, ready to assemble: its models and their graph attributes.

    The memory cache keeps these. The attributes of its edges depend on other files too
    (the levels of the references they cite, which nodes are traditional): they are kept
    with the ``basis`` they were computed on, and computed again only when it changed.
    The lists and dicts it hands out are never changed afterwards: a new basis makes new
    ones.
    """

    __slots__ = (
        "_items",
        "basis",
        "edge_attrs",
        "edges",
        "expectations",
        "grades",
        "node_attrs",
        "nodes",
        "ref_attrs",
        "references",
        "sources",
        "summary",
    )

    def __init__(self, items: FileItems):
        self.summary = summarize(items)
        self.nodes: list[Node] = [loc.item for loc in items.nodes]
        self.edges: list[Edge] = [loc.item for loc in items.edges]
        self.references = [(k, loc.item) for k, loc in items.references]
        self.sources = [(k, loc.item) for k, loc in items.sources]
        self.expectations = [loc.item for loc in items.expectations]
        self.node_attrs = [n.model_dump() for n in self.nodes]
        self.ref_attrs = [{**r.model_dump(), "level": r.level, "links": r.urls}
                          for _, r in self.references]
        self._items: tuple[str, FileItems] | None = None
        self.basis: Any = None
        self.grades: list[Grade] = []
        self.edge_attrs: list[dict[str, Any]] = []

    def graded(self, basis: Basis, file: str) -> tuple[list[Grade], list[dict[str, Any]]]:
        """The grades and graph attributes of the edges, on this basis, in ``file``."""
        basis_here = (basis, file)
        if self.basis != basis_here:
            traditional = basis.traditional
            grades = grade_edges(self.edges, basis.rank, traditional, ranked=True)
            self.grades = list(grades.values()) if len(grades) == len(self.edges) else [
                grades[e.source, e.target, e.relation] for e in self.edges]
            self.edge_attrs = []
            for e, g in zip(self.edges, self.grades, strict=True):
                trad = e.source in traditional or e.target in traditional
                self.edge_attrs.append(
                    {**e.model_dump(), "sign": RELATION_SIGN[e.relation],
                     "framework": "traditional" if trad else "biomedical",
                     "evidence_level": g.level, "contested": g.contested,
                     "refuted": g.refuted, "basis": edge_basis(e, trad), "file": file})
            self.basis = basis_here
        return self.grades, self.edge_attrs

    def items(self, raw: RawFile) -> FileItems:
        """The entry as the items of ``raw``'s file, positioned lazily in it."""
        if self._items is not None and self._items[0] == raw.name:
            return self._items[1]
        doc = Document(raw.name, source=raw.path.resolve(), digest=raw.key[:40])
        items = FileItems(doc,
                         nodes=[Located(n, doc, ("nodes", i)) for i, n in enumerate(self.nodes)],
                         edges=[Located(e, doc, ("edges", i)) for i, e in enumerate(self.edges)],
                         references=[(k, Located(r, doc, ("references", k)))
                                     for k, r in self.references],
                         sources=[(k, Located(t, doc, ("sources", k))) for k, t in self.sources],
                         expectations=[Located(x, doc, ("expectations", i))
                                       for i, x in enumerate(self.expectations)],
                         summary=self.summary)
        self._items = (raw.name, items)
        return items


def read_all(files: list[RawFile], cache: FileCache | None, limits: Limits, report: LoadReport,
             ) -> tuple[list[tuple[FileItems, Entry | None]], list[Problem], bool]:
    """Validate every file (or take it from the cache); say whether every file was read.

    The memory cache holds validated entries. The disk cache holds what the parser made
    of a file's bytes: a file found there skips parsing (the slow part) but is validated
    again like any other, so nothing read from disk is trusted.
    """
    problems: list[Problem] = []
    out: list[tuple[FileItems, Entry | None]] = []
    complete = True
    for raw in files:
        if raw.override:  # bytes that are not on disk: read with positions, never cached
            doc = parse_bytes(raw.raw, raw.name, limits)
            problems.extend(doc.problems)
            items = validate_document(doc)
            problems.extend(items.problems)
            complete = complete and items.complete and not doc.problems
            out.append((items, None if items.problems or doc.problems else Entry(items)))
            continue
        cached = cache.get(raw.key) if cache is not None else None
        if isinstance(cached, Entry):
            report.memory_hits.append(raw.name)
            out.append((cached.items(raw), cached))
            continue
        if cached is not None:
            report.disk_hits.append(raw.name)
            doc = Document(raw.name, cached[0], source=raw.path.resolve(), digest=raw.key[:40])
        else:
            report.parsed.append(raw.name)
            doc = read_bytes_fast(raw.raw, raw.name, limits, source=raw.path.resolve(),
                                  digest=raw.key[:40])
            if doc.problems:
                problems.extend(doc.problems)
                complete = False
                continue
        items = validate_document(doc)
        problems.extend(items.problems)
        complete = complete and items.complete
        entry = None
        if not items.problems:
            entry = Entry(items)
            if cache is None:
                pass
            elif cached is None:
                cache.put(raw.key, entry, disk_value=[doc.data])
            else:
                cache.remember(raw.key, entry)
            if doc.source is not None:  # positions not read yet: they will be from the file
                items = entry.items(raw)  # what the next load takes; the parse tree can go
        out.append((items, entry))
    return out, problems, complete
