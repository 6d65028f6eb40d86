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

__all__ = ["CODES", "GraphDataError", "InternalError", "MechgraphError", "Problem",
           "format_path"]


CODES: dict[str, str] = {
    "not-found": "the graph folder or file does not exist",
    "no-graph-files": "the graph folder holds no `*.yaml` file (the wrong folder, or a graph "
                      "not started yet)",
    "unreadable": "the file cannot be read",
    "file-too-large": "the file is over the size limit",
    "not-utf8": "the file is not UTF-8",
    "yaml-syntax": "YAML syntax error (also control characters, unknown aliases)",
    "yaml-tag": "a YAML tag",
    "yaml-merge": "a merge key `<<`",
    "several-documents": "more than one YAML document in the file",
    "duplicate-key": "a key repeated inside one mapping",
    "bad-key": "a mapping key that is a list or mapping",
    "too-deep": "nesting deeper than the limit",
    "alias-bomb": "aliases expanding to too many values",
    "not-a-mapping": "the file is a list or a scalar, not a mapping of sections",
    "unknown-field": "a key the format does not have (with the closest allowed key)",
    "missing-field": "a required key is missing",
    "unknown-value": "a value outside a vocabulary (the allowed values are listed)",
    "invalid-value": "a value of the wrong type or form: ids, DOIs, PMIDs, URLs, years, "
                     "empty text",
    "duplicate-node": "a node id defined twice (both places named)",
    "duplicate-reference": "a reference key defined twice (both places named)",
    "duplicate-edge": "the same (source, target, relation) twice (both places named)",
    "unknown-node": "an edge endpoint (or a node an expectation names) that no file defines "
                    "(with the closest id)",
    "unknown-reference": "an evidence `ref` (or a claim's cited `ref` or `closest`) that no "
                         "file defines (with the closest key)",
    "self-loop": "an edge from a node to itself",
    "no-evidence": "a biomedical edge without evidence",
    "duplicate-source": "a source key defined twice (both places named)",
    "duplicate-claim": "a claim id repeated within one source",
    "unknown-edge": "a claim naming an edge that no file defines (with the closest edge)",
    "duplicate-expectation": "an expectation id defined twice (both places named)",
}
"""Every problem code, with what it means (``docs/format.md`` has the same table)."""


class MechgraphError(Exception):
    """Base class of every error mechgraph raises on purpose: bad data or a bad request,
    which the command line reports with exit code 1."""


class InternalError(Exception):
    """A bug in mechgraph, not in the data or the request: something it checks about
    itself did not hold. Deliberately not a :class:`MechgraphError`, so that nothing
    reports it as the user's mistake; the command line asks for a bug report (exit code 2).
    """


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
    code: str = "invalid-value"

    def __post_init__(self) -> None:
        if self.code not in CODES:  # a programming error, caught by the tests
            raise ValueError(f"unknown problem code {self.code!r}; add it to CODES")

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
