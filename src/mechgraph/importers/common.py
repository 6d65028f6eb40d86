"""What every importer shares: the report of what was kept, mapped and dropped, and the
all-or-nothing writing of the graph folder.

Examples
--------
>>> import tempfile, pathlib
>>> report = ImportReport("Example", records=1)
>>> report.drop("a link to a node the source does not define")
>>> files = {"example.yaml": {"nodes": [{"id": "a", "label": "A", "kind": "treatment"}]}}
>>> out = pathlib.Path(tempfile.mkdtemp()) / "out"
>>> write_graph(files, out, report)
>>> print(report.text().splitlines()[0])
Example: 1 record read -> 1 file, 1 node, 0 edges, 0 evidence items, 0 references
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mechgraph.errors import InternalError, MechgraphError

__all__ = ["ImportReport", "SourceError", "dump_graph_file", "write_graph"]


class SourceError(MechgraphError):
    """The source cannot be imported as asked: a missing or unreadable file, a folder that
    is not empty, data that is not the source's format (exit 1, with a clear message)."""


@dataclass
class ImportReport:
    """What an import kept, mapped and dropped, with counts and reasons.

    Attributes
    ----------
    source : str
        The source's name (``DrugMechDB``).
    records : int
        Source records read (DrugMechDB paths, dismech disorder files, KGX rows).
    mapped : Counter
        ``(what the source says, what it became)`` -> how many times, e.g.
        ``("predicate 'decreases activity of'", "relation decreases")``.
    dropped : Counter
        Reason -> how many items were left out for it.
    unknown : Counter
        Field -> how many times the source did not say it, written as ``unknown`` or left
        out (never guessed).
    """

    source: str
    records: int = 0
    files: int = 0
    nodes: int = 0
    edges: int = 0
    evidence: int = 0
    references: int = 0
    mapped: Counter[tuple[str, str]] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)
    unknown: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    started: float = field(default_factory=time.perf_counter, repr=False)

    def map(self, what: str, to: str, n: int = 1) -> None:
        """Count ``n`` items whose ``what`` became ``to``."""
        self.mapped[what, to] += n

    def drop(self, reason: str, n: int = 1) -> None:
        """Count ``n`` items left out, and why."""
        self.dropped[reason] += n

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the ``--json`` shape of ``mechgraph import``)."""
        return {"source": self.source, "records": self.records, "files": self.files,
                "nodes": self.nodes, "edges": self.edges, "evidence": self.evidence,
                "references": self.references,
                "mapped": [{"from": a, "to": b, "count": n}
                           for (a, b), n in sorted(self.mapped.items())],
                "dropped": [{"reason": r, "count": n} for r, n in sorted(self.dropped.items())],
                "unknown": dict(sorted(self.unknown.items())), "notes": list(self.notes),
                "seconds": round(self.seconds, 3)}

    def text(self) -> str:
        """The report for a terminal."""
        def n(count: int, word: str, plural: str | None = None) -> str:
            return f"{count:,} {word if count == 1 else plural or word + 's'}"

        lines = [f"{self.source}: {n(self.records, 'record')} read -> {n(self.files, 'file')}, "
                 f"{n(self.nodes, 'node')}, {n(self.edges, 'edge')}, "
                 f"{n(self.evidence, 'evidence item')}, {n(self.references, 'reference')}"]
        if self.mapped:
            lines.append("mapped:")
            lines += [f"  {count:>7,}  {a} -> {b}" for (a, b), count in
                      sorted(self.mapped.items(), key=lambda kv: (-kv[1], kv[0]))]
        if self.unknown:
            lines.append("not said by the source (written as unknown or left out, never "
                         "guessed):")
            lines += [f"  {count:>7,}  {what}" for what, count in
                      sorted(self.unknown.items(), key=lambda kv: (-kv[1], kv[0]))]
        lines.append("dropped:" if self.dropped else "dropped: nothing")
        lines += [f"  {count:>7,}  {why}" for why, count in
                  sorted(self.dropped.items(), key=lambda kv: (-kv[1], kv[0]))]
        lines += self.notes
        if self.seconds:
            lines.append(f"done in {self.seconds:.1f} s")
        return "\n".join(lines)


def dump_graph_file(data: dict[str, Any], header: str = "") -> str:
    """The YAML text of one graph file (``nodes``, ``edges``, ``references``) in canonical
    form, as ``mechgraph add`` writes and ``mechgraph fmt`` keeps it (keys in the models'
    order, a blank line between items, long text folded), with an optional comment
    ``header`` (each line prefixed with ``# ``). Empty values are left out.

    Examples
    --------
    >>> print(dump_graph_file({"nodes": [{"kind": "process", "id": "a", "label": "No"}]}))
    nodes:
      - id: a
        label: "No"
        kind: process
    <BLANKLINE>
    """
    from mechgraph.model import Edge, Node, Reference
    from mechgraph.yamltext import Style, mapping_lines, sequence_lines

    style = Style()
    parts = []
    for section, model in (("nodes", Node), ("edges", Edge), ("references", Reference)):
        items = data.get(section)
        if not items:
            continue
        lines = [f"{section}:"]
        pairs = items.items() if isinstance(items, dict) else enumerate(items)
        for i, (key, item) in enumerate(pairs):
            if i:
                lines.append("")
            item = _in_model_order(item, model)
            lines += (mapping_lines({key: item}, 2, None, style) if section == "references"
                      else sequence_lines([item], 2, style))
        parts.append("\n".join(lines) + "\n")
    head = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    return head + ("\n" if head and parts else "") + "\n".join(parts)


def _in_model_order(item: dict[str, Any], model: Any) -> dict[str, Any]:
    """``item``'s keys in the order of ``model``'s fields (evidence items too), without
    empty values."""
    from mechgraph.model import Evidence

    out = {}
    for name in model.model_fields:
        value = item.get(name)
        if value is None or value == [] or value == "":
            continue
        if name == "evidence":
            value = [_in_model_order(e, Evidence) for e in value]
        out[name] = value
    unknown = set(item) - set(model.model_fields)
    if unknown:  # the importer's bug: validation would refuse it anyway, say it here
        raise InternalError(f"an importer wrote unknown fields {sorted(unknown)} for a "
                            f"{model.__name__}")
    return out


def write_graph(files: dict[str, dict[str, Any]], out: str | os.PathLike[str],
                report: ImportReport, *, force: bool = False, header: str = "") -> None:
    """Write ``files`` (relative path -> file data) as the graph folder ``out``, all or
    nothing, and fill in the report's counts.

    The files are written into a new folder beside ``out`` and checked there with
    :func:`mechgraph.validate_graph`; only a valid graph is then moved into place. ``out``
    must not exist or be empty, unless ``force`` (then it is replaced as a whole). A graph
    that does not validate is a bug of the importer (:class:`~mechgraph.errors.InternalError`)
    and leaves nothing behind.
    """
    from mechgraph.load import validate_graph

    out = Path(out)
    if out.exists() and not out.is_dir():
        raise SourceError(f"'{out}' is a file; give a folder to write the graph into")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise SourceError(f"the folder '{out}' is not empty; give a new folder, or add "
                           "--force to replace it")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.import-", dir=out.parent))
    try:
        for rel, data in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dump_graph_file(data, header), encoding="utf-8")
        counts, problems = validate_graph(staging, cache=False)
        if problems or counts is None:
            first = "\n".join(str(p) for p in problems[:5])
            raise InternalError(f"the {report.source} import wrote a graph that does not "
                                f"validate ({len(problems)} problems), first:\n{first}")
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    report.files = counts.files
    report.nodes, report.edges, report.references = counts.nodes, counts.edges, counts.references
    report.evidence = sum(len(e.get("evidence", ())) for data in files.values()
                          for e in [*data.get("edges", ()), *data.get("nodes", ())])
    report.seconds = time.perf_counter() - report.started
