"""The exception hierarchy and the positioned problems a curator sees.

One base error (:class:`MechgraphError`), one user-facing data error
(:class:`GraphDataError`) carrying every :class:`Problem` found, formatted like a
compiler's messages: ``graph/x.yaml:12:5: edges[3].target: unknown node ...``.

Examples
--------
>>> p = Problem("graph/x.yaml", 12, 5, "edges[3].target", "unknown node 'endorphin'",
...             code="unknown-node")
>>> str(p)
"graph/x.yaml:12:5: edges[3].target: unknown node 'endorphin'"
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

__all__ = ["GraphDataError", "MechgraphError", "Problem", "format_path"]


class MechgraphError(Exception):
    """Base class of every error mechgraph raises on purpose."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the graph, with where it is.

    Attributes
    ----------
    file : str
        The file, as a path built on the graph folder the caller gave.
    line, col : int or None
        1-based position in the file (``None`` when the problem concerns the whole file).
    path : str
        Where inside the document, e.g. ``edges[3].evidence[0].ref`` (``""`` for the file).
    message : str
        What is wrong and, where it can be told, how to fix it.
    code : str
        A stable name of the check, e.g. ``unknown-node`` (see ``docs/format.md``).
    """

    file: str
    line: int | None
    col: int | None
    path: str
    message: str
    code: str = "invalid"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        parts = [where, self.path, self.message] if self.path else [where, self.message]
        return ": ".join(parts)

    def to_dict(self) -> dict[str, object]:
        """Return the problem as a JSON-ready dict (the ``--json`` shape)."""
        return asdict(self)


class GraphDataError(MechgraphError):
    """The graph data is invalid; :attr:`problems` lists everything found, in file order.

    Examples
    --------
    >>> err = GraphDataError([Problem("g/a.yaml", 1, 1, "", "not a mapping", "not-a-mapping")])
    >>> print(err)
    g/a.yaml:1:1: not a mapping
    1 error
    """

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = sort_problems(problems)
        super().__init__(self.report())

    def report(self) -> str:
        """Every problem on its own line, then a count."""
        lines = [str(p) for p in self.problems]
        n = len(self.problems)
        lines.append(f"{n} error" + ("" if n == 1 else "s"))
        return "\n".join(lines)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sort problems by file, then position, dropping exact repeats."""
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: (p.file, p.line or 0, p.col or 0, p.path, p.message))


def format_path(parts: Sequence[str | int]) -> str:
    """Write a path inside a document the way a curator reads it.

    Examples
    --------
    >>> format_path(("edges", 3, "evidence", 0, "ref"))
    'edges[3].evidence[0].ref'
    >>> format_path(("references", "han2004", "doi"))
    'references.han2004.doi'
    >>> format_path(())
    ''
    """
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
