"""The steps every change, removal and rename shares: finding an edge or an evidence item,
writing several files in stages after checking the graph at every stage, and the result.

See :mod:`mechgraph.change` for the order of the stages and why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from mechgraph.edit import EditResult, write_checked
from mechgraph.graph import MechGraph
from mechgraph.insert import EditError, FileText
from mechgraph.replace import split_lines
from mechgraph.yamltext import last_line, outline

__all__ = [
    "arrow",
    "commit",
    "edge_file",
    "edge_index",
    "evidence_index",
    "item_text",
    "results",
    "to_bytes",
    "unknown",
]


def arrow(s: str, t: str, r: str) -> str:
    """An edge in words, as every message writes it.

    Examples
    --------
    >>> arrow("acupuncture", "endorphins", "increases")
    'acupuncture -increases-> endorphins'
    """
    return f"{s} -{r}-> {t}"


def unknown(kind: str, key: str, known: Mapping[str, Any]) -> EditError:
    from difflib import get_close_matches

    close = get_close_matches(key, list(known), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return EditError(f"no {kind} '{key}' in the graph{hint}")


def edge_index(data: Any, key: tuple[str, str, str]) -> int:
    return next(i for i, e in enumerate(data.get("edges") or [])
                if isinstance(e, dict) and (e.get("source"), e.get("target"),
                                            e.get("relation")) == key)


def item_text(text: str, path: tuple[Any, ...]) -> tuple[int, str]:
    """The 1-based first line of the item at ``path`` and its lines."""
    spans = outline(text)
    span = spans[path]
    lines = split_lines(text)
    contents = [c for c, _ in lines]
    start = span.key_line if span.key_line is not None and not isinstance(
        path[-1], int) else span.line
    end = last_line(contents, span.end)
    return start + 1, "".join(c + b for c, b in lines[start:end + 1])


def to_bytes(old: FileText, text: str) -> bytes:
    return (b"\xef\xbb\xbf" if old.bom else b"") + text.encode("utf-8")


def commit(root: Path, old: Mapping[Path, FileText], stages: Sequence[Mapping[Path, str]],
            *, dry_run: bool) -> MechGraph:
    """Write the files stage by stage (each stage's files one by one), after checking the
    graph as it would be after every stage; nothing is written if any check fails."""
    current = {p: ft.text for p, ft in old.items()}
    blobs: list[dict[Path, bytes]] = []
    for stage in stages:
        changed = {p: t for p, t in stage.items() if t != current[p]}
        current.update(changed)
        if changed:
            blobs.append({p: to_bytes(old[p], t) for p, t in changed.items()})
    if not blobs:
        raise EditError("the edit changes nothing")
    if len(blobs) == 1:
        return write_checked(root, blobs[0], dry_run=dry_run)
    cumulative: dict[Path, bytes] = {}
    after = None
    for step in blobs:
        cumulative.update(step)
        after = write_checked(root, dict(cumulative), dry_run=True)
    if not dry_run:
        for step in blobs:
            after = write_checked(root, step, dry_run=False)
    assert after is not None
    return after


def results(old: Mapping[Path, FileText], final: Mapping[Path, str], main: Path,
             item: tuple[Any, ...] | None, summary: str, dry_run: bool, *,
            line: int = 1) -> EditResult:
    """The result of an edit: the main file's, the others' in ``others``."""
    done = []
    for path in [main, *[p for p in final if p != main]]:
        text = final.get(path, old[path].text)
        at, added = (item_text(text, item) if path == main and item is not None
                     else (line if path == main else 1, ""))
        done.append(EditResult(path, at, added, old[path].text, text, False, not dry_run,
                               summary if path == main else ""))
    first = done[0]
    return EditResult(first.path, first.line, first.added, first.before, first.after,
                      False, first.written, first.summary, tuple(done[1:]))




def edge_file(kg: MechGraph, key: tuple[str, str, str]) -> Path:
    if key not in kg.edges:
        raise EditError(f"no edge {arrow(*key)} in the graph (an edge's identity is its "
                        "source, target and relation; mechgraph show NODE lists them)")
    return Path(kg.locations["edge", key].file)


def evidence_index(kg: MechGraph, path: Path, data: Any, key: tuple[str, str, str],
                    ref: str, index: int | None) -> tuple[int, int]:
    """The edge's index in the file and the evidence item's among its evidence."""
    i = edge_index(data, key)
    evidence = data["edges"][i].get("evidence") or []
    matches = [j for j, ev in enumerate(evidence) if isinstance(ev, dict)
               and ev.get("ref") == ref]
    if not matches:
        cited = sorted({ev.get("ref") for ev in evidence if isinstance(ev, dict)})
        raise EditError(f"the edge {arrow(*key)} has no evidence citing '{ref}' (it cites: "
                        f"{', '.join(cited) or 'nothing'})")
    if index is None and len(matches) > 1:
        spans = outline(FileText.read(path).text)
        listed = "; ".join(
            f"{path}:{spans[('edges', i, 'evidence', j)].line + 1}: index {n}: "
            f"{evidence[j].get('stance')}, {str(evidence[j].get('finding'))[:60]}"
            for n, j in enumerate(matches))
        raise EditError(f"the edge {arrow(*key)} has {len(matches)} evidence items citing "
                        f"'{ref}'; choose one with index (--index N): {listed}")
    n = index or 0
    if not 0 <= n < len(matches):
        raise EditError(f"index {n} is out of range: the edge {arrow(*key)} has "
                        f"{len(matches)} evidence item(s) citing '{ref}' (0 to "
                        f"{len(matches) - 1})")
    return i, matches[n]
