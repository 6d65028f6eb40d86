"""``mechgraph diff``: what changed between two graphs, item by item, for a reviewer.

Two graphs (two folders, or the graph folder at two git revisions) are compared as data,
not as text: nodes by id, references by key, edges by ``(source, target, relation)``, and
the evidence items of an edge present on both sides one by one; sources of claims by key
and their claims by ``(source, claim id)``. Each item is added,
removed or changed, and a changed item lists its fields with the old and the new value
(long text as a word-level diff). Moving an item to another file, reordering keys or
reformatting (``mechgraph fmt``) is no change.

Both sides must load without errors: a diff of a graph that does not validate would
mislead, so :func:`load_side` raises :class:`~mechgraph.errors.GraphDataError` with the
problems of the side that failed (file names as ``REV:path`` for a revision). Reading each
side is :mod:`mechgraph.diffside`'s job; its names are importable from here too.

Examples
--------
>>> import pathlib, tempfile
>>> from mechgraph.graph import load_graph
>>> old, new = (pathlib.Path(tempfile.mkdtemp()) for _ in range(2))
>>> _ = (old / "g.yaml").write_text("nodes:\\n  - {id: qi, label: Qi, kind: concept}\\n")
>>> _ = (new / "g.yaml").write_text("nodes:\\n  - {id: qi, label: Qi energy, kind: concept}\\n")
>>> d = diff_graphs(load_graph(old), load_graph(new), old_name="before", new_name="after")
>>> print(d.to_text(), end="")  # doctest: +NORMALIZE_WHITESPACE
before -> after
nodes (~1)
  ~ qi
      label: 'Qi' -> 'Qi energy'
<BLANKLINE>
summary: nodes +0 -0 ~1 · edges +0 -0 ~0 · evidence +0 -0 ~0 · references +0 -0 ~0
 · sources +0 -0 ~0 · claims +0 -0 ~0 · expectations +0 -0 ~0
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from mechgraph.diffrename import find_renames, mark_renames, rename_head, renamed_view
from mechgraph.diffside import DiffError, Side, load_side, resolve_side
from mechgraph.document import design_words, reference_title, year_words
from mechgraph.graph import MechGraph
from mechgraph.keys import EdgeKey
from mechgraph.model import Claim, Edge, Evidence, Reference, SourceText, StrictModel
from mechgraph.text import escape_markdown

__all__ = [
    "SECTIONS",
    "DiffError",
    "FieldChange",
    "GraphDiff",
    "ItemChange",
    "Side",
    "diff_graphs",
    "load_side",
    "resolve_side",
]

Status = Literal["added", "removed", "changed", "renamed"]
SECTIONS = ("nodes", "edges", "evidence", "references", "sources", "claims", "expectations")
"""The groups of a diff, in the order they are shown."""
MARK = {"added": "+", "removed": "-", "changed": "~", "renamed": ">"}
LONG_TEXT = 60
"""Text longer than this (on either side) is shown as a word-level diff."""


# --- the differences ------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One field of an item, before and after (``None`` where it was not set)."""

    field: str
    old: Any
    new: Any

    def to_dict(self) -> dict[str, Any]:
        """``{"field", "old", "new"}``."""
        return {"field": self.field, "old": self.old, "new": self.new}


@dataclass
class ItemChange:
    """An item added, removed or changed.

    Attributes
    ----------
    section : str
        ``nodes``, ``edges``, ``evidence``, ``references``, ``sources`` or ``claims``.
    status : str
        ``added``, ``removed``, ``changed`` or ``renamed`` (a node or reference whose id
        changed, see :mod:`mechgraph.diffrename`; its field changes, if any, in
        ``changes``).
    key : tuple of str
        The item's identity: ``(id,)``, ``(key,)``, ``(source, target, relation)``, for
        evidence the edge's three then ``ref``, for a claim ``(source key, claim id)``.
    old, new : dict or None
        The item's fields on each side (``None`` on the side where it is absent).
    changes : list of FieldChange
        The fields that differ (for a changed or renamed item).
    old_key : tuple of str or None
        A renamed item's identity in the old graph.
    """

    section: str
    status: Status
    key: tuple[str, ...]
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    changes: list[FieldChange] = field(default_factory=list)
    old_key: tuple[str, ...] | None = None

    @property
    def item(self) -> dict[str, Any]:
        """The item's fields on the side where it is (the new side when on both)."""
        return self.new if self.new is not None else self.old  # type: ignore[return-value]

    def to_dict(self) -> dict[str, Any]:
        """``{"status", <identity>, "old", "new", "changes"}``, the identity as ``id``,
        ``key``, or ``source``, ``target``, ``relation`` (and ``ref`` for evidence), or
        ``source``, ``id`` for a claim; a renamed node adds ``old_id``, a renamed reference
        ``old_key``."""
        out: dict[str, Any] = {"status": self.status}
        if self.section in ("nodes", "expectations"):
            out["id"] = self.key[0]
        elif self.section in ("references", "sources"):
            out["key"] = self.key[0]
        elif self.section == "claims":
            out.update(source=self.key[0], id=self.key[1])
        else:
            out.update(zip(("source", "target", "relation"), self.key[:3], strict=True))
        if self.section == "evidence":
            out["ref"] = self.key[3]
        if self.old_key:
            out["old_id" if self.section == "nodes" else "old_key"] = self.old_key[0]
        return {**out, "old": self.old, "new": self.new,
                "changes": [c.to_dict() for c in self.changes]}


@dataclass
class GraphDiff:
    """Everything that differs between two graphs, by section (see :data:`SECTIONS`).

    ``bool(diff)`` is False when the graphs hold the same items. ``urls`` holds the
    addresses of every reference of either side (the new side's first), to link citations in
    Markdown.
    """

    old_name: str
    new_name: str
    items: dict[str, list[ItemChange]]
    urls: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    def __bool__(self) -> bool:
        return any(self.items.values())

    def counts(self) -> dict[str, dict[str, int]]:
        """``{section: {"added": n, "removed": n, "changed": n, "renamed": n}}``."""
        return {s: {status: sum(c.status == status for c in self.items[s])
                    for status in MARK} for s in SECTIONS}

    def summary(self) -> str:
        """One line of counts: ``summary: nodes +1 -0 ~2 · edges ...`` (``>N`` renamed, when
        any)."""
        parts = [f"{s} +{c['added']} -{c['removed']} ~{c['changed']}"
                 + (f" >{c['renamed']}" if c["renamed"] else "")
                 for s, c in self.counts().items()]
        return "summary: " + " · ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The ``mechgraph diff --json`` shape (see the README)."""
        return {"old": self.old_name, "new": self.new_name, "different": bool(self),
                "counts": self.counts(),
                **{s: [c.to_dict() for c in self.items[s]] for s in SECTIONS}}

    def to_text(self) -> str:
        """For a terminal: grouped by section, ``+``/``-``/``~``, then the summary line."""
        lines = [f"{self.old_name} -> {self.new_name}"]
        style = _text_style()
        for section in SECTIONS:
            changes = self.items[section]
            if not changes:
                continue
            c = self.counts()[section]
            tally = " ".join(f"{MARK[s]}{c[s]}" for s in MARK if c[s])
            lines.append(f"{section} ({tally})")
            for change in changes:
                lines += _render(change, style)
        if len(lines) == 1:
            lines.append("no differences")
        return "\n".join([*lines, "", self.summary()]) + "\n"

    def to_markdown(self) -> str:
        """For a pull request: a heading, a count table, then a list per section, with
        DOIs and PMIDs as links."""
        lines = [f"## Graph changes: `{self.old_name}` → `{self.new_name}`", ""]
        if not self:
            return "\n".join([*lines, "No differences.", ""])
        lines += ["| | added | removed | changed |", "|---|---:|---:|---:|"]
        lines += [f"| {s} | {c['added']} | {c['removed']} | {c['changed']} |"
                  for s, c in self.counts().items()]
        style = _markdown_style(self.urls)
        for section in SECTIONS:
            if self.items[section]:
                lines += ["", f"### {section.capitalize()}", ""]
                for change in self.items[section]:
                    lines += _render(change, style)
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class _Style:
    """How each part of a change is written, in text or in Markdown."""

    line: Callable[[str, str], str]
    """``(status, head)`` -> the item's first line."""
    sub: Callable[[str, str], str]
    """``(status, text)`` -> a line under the item (evidence of an edge, a field)."""
    node: Callable[[ItemChange], str]
    reference: Callable[[ItemChange], str]
    edge: Callable[[tuple[str, ...]], str]
    evidence: Callable[[dict[str, Any], str], str]
    """``(evidence, status)`` -> the item; its finding is left out when it changed."""
    field: Callable[[FieldChange], str]
    rename: Callable[[ItemChange], str]
    """A renamed item -> its first line (see :func:`mechgraph.diffrename.rename_head`)."""


def _render(change: ItemChange, style: _Style) -> list[str]:
    item = change.item
    if change.status == "renamed":
        head = style.rename(change)
    elif change.section == "nodes":
        head = style.node(change)
    elif change.section == "references":
        head = style.reference(change)
    elif change.section == "edges":
        head = style.edge(change.key)
    elif change.section == "sources":
        head = change.key[0] + ("" if change.status == "changed" else
                                f": {item['title']} ({item['kind']})")
    elif change.section == "claims":
        head = "/".join(change.key) + ("" if change.status == "changed" else
                                       f": {item['says']}")
    elif change.section == "expectations":
        head = "expectation " + change.key[0] + (
            "" if change.status == "changed" else f": {item['source']} -> {item['target']}")
    else:
        head = f"{style.edge(change.key)}: {style.evidence(item, change.status)}"
    out = [style.line(change.status, head)]
    if change.section == "edges" and change.status != "changed":
        out += [style.sub(change.status, style.evidence(ev, "added"))
                for ev in item["evidence"]]
    out += [style.sub("changed", style.field(c)) for c in change.changes]
    return out


def _vs(ev: dict[str, Any]) -> str:
    return f" vs {ev['comparison']}" if ev.get("comparison") else ""


def _text_style() -> _Style:
    def node(c: ItemChange) -> str:
        return c.key[0] + ("" if c.status == "changed"
                           else f": {c.item['label']} ({c.item['kind']})")

    def reference(c: ItemChange) -> str:
        if c.status == "changed":
            return c.key[0]
        ref = Reference.model_validate(c.item)
        link = next(iter(ref.urls.values()))
        return (f"{c.key[0]}: {reference_title(ref)} ({year_words(ref)}, {design_words(ref)}) "
                f"{link}")

    def evidence(ev: dict[str, Any], status: str) -> str:
        finding = "" if status == "changed" else f": {ev['finding']}"
        return f"{ev['ref']} {ev['stance']}{_vs(ev)}{finding}"

    def field_(c: FieldChange) -> str:
        if _is_long(c):
            words = _words(c.old, c.new, {"-": ("[-", "-]"), "+": ("{+", "+}")})
            return f"{c.field}: changed: {words}"
        if _is_list(c):
            added, removed = _list_change(c)
            return f"{c.field}: " + " ".join([*(f"+{v}" for v in added),
                                              *(f"-{v}" for v in removed)])
        return f"{c.field}: {_text_value(c.old)} -> {_text_value(c.new)}"

    return _Style(
        line=lambda status, head: f"  {MARK[status]} {head}",
        sub=lambda status, text: ("      " if status == "changed"
                                  else f"      {MARK[status]} ") + text,
        node=node, reference=reference,
        edge=lambda key: f"{key[0]} -{key[2]}-> {key[1]}",  # the relation as written
        evidence=evidence, field=field_, rename=lambda c: rename_head(c, markdown=False))


def _markdown_style(urls: dict[str, dict[str, str]]) -> _Style:
    def cite(key: str) -> str:
        url = next(iter(urls.get(key, {}).values()), None)
        return f"[`{key}`]({url})" if url else f"`{key}`"

    def evidence(ev: dict[str, Any], status: str) -> str:
        finding = "" if status == "changed" else f": {escape_markdown(ev['finding'])}"
        return f"{cite(ev['ref'])} {ev['stance']}{_vs(ev)}{finding}"

    def field_(c: FieldChange) -> str:
        if _is_long(c):
            return f"`{c.field}`: changed: " + _words(
                c.old, c.new, {"-": ("~~", "~~"), "+": ("**", "**")}, escape_markdown)
        if _is_list(c):
            added, removed = _list_change(c)
            parts = [f"{what} {_md_value(values)}" for what, values in
                     (("added", added), ("removed", removed)) if values]
            return f"`{c.field}`: " + "; ".join(parts)
        return f"`{c.field}`: {_md_value(c.old)} → {_md_value(c.new)}"

    return _Style(
        line=lambda status, head: f"- **{status}** {head}",
        sub=lambda status, text: "  - " + ("" if status == "changed" else "evidence: ") + text,
        node=lambda c: f"`{c.key[0]}`: {escape_markdown(c.item['label'])} ({c.item['kind']})",
        reference=lambda c: f"{cite(c.key[0])}: {_md_reference(c.item)}",
        edge=lambda key: f"`{key[0]}` —{key[2]}→ `{key[1]}`",
        evidence=evidence, field=field_, rename=lambda c: rename_head(c, markdown=True))


def _md_reference(ref: dict[str, Any]) -> str:
    urls = Reference.model_validate(ref).urls
    ids = []
    if ref.get("doi"):
        ids.append(f"DOI [{ref['doi']}]({urls['doi']})")
    if ref.get("pmid"):
        ids.append(f"PMID [{ref['pmid']}]({urls['pubmed']})")
    if "url" in urls:
        ids.append(f"<{urls['url']}>")
    model = Reference.model_validate(ref)
    return (f"{escape_markdown(reference_title(model))} ({year_words(model)}, "
            f"{design_words(model)})"
            + (" — " + ", ".join(ids) if ids else ""))


def _md_value(value: Any) -> str:
    if value is None or value == []:
        return "*(none)*"
    values = value if isinstance(value, list) else [value]
    return ", ".join(f"`` {v} ``" if "`" in str(v) else f"`{v}`" for v in values)


def _text_value(value: Any) -> str:
    if value is None or value == []:
        return "(none)"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return repr(value) if isinstance(value, str) else str(value)


def _is_list(c: FieldChange) -> bool:
    """A list whose values were added or removed (not only reordered)."""
    return (isinstance(c.old, list) and isinstance(c.new, list)
            and any(_list_change(c)))


def _list_change(c: FieldChange) -> tuple[list[Any], list[Any]]:
    return [v for v in c.new if v not in c.old], [v for v in c.old if v not in c.new]


def _is_long(c: FieldChange) -> bool:
    return (isinstance(c.old, str) and isinstance(c.new, str)
            and max(len(c.old), len(c.new)) > LONG_TEXT)


def _word_diff(old: str, new: str, context: int = 4) -> list[tuple[str, str]]:
    """The word-level diff of two texts as ``(op, words)`` runs, ``op`` one of ``=``,
    ``-``, ``+`` (join the runs with spaces); long unchanged runs are cut to ``context``
    words on each side of a change (``…``).

    Examples
    --------
    >>> for run in _word_diff("pain fell in both groups", "pain fell more in the real group"):
    ...     print(run)
    ('=', 'pain fell')
    ('+', 'more')
    ('=', 'in')
    ('-', 'both groups')
    ('+', 'the real group')
    """
    a, b = old.split(), new.split()
    out: list[tuple[str, str]] = []
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            words = a[i1:i2]
            if len(words) > 2 * context + 1:
                head = words[:context] if n else []
                tail = words[-context:] if n + 1 < len(ops) else []
                words = [*head, "…", *tail]
            out.append(("=", " ".join(words)))
            continue
        if i2 > i1:
            out.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(b[j1:j2])))
    return out


def _words(old: str, new: str, marks: dict[str, tuple[str, str]],
           escape: Any = str) -> str:
    return " ".join(escape(text) if op == "=" else
                    marks[op][0] + escape(text) + marks[op][1]
                    for op, text in _word_diff(old, new))


# --- computing the differences ----------------------------------------------------------


def _fields(model: StrictModel | _Fields) -> dict[str, Any]:
    return model.fields if isinstance(model, _Fields) else model.model_dump()


def _field_changes(old: dict[str, Any], new: dict[str, Any], *,
                   skip: tuple[str, ...] = ()) -> list[FieldChange]:
    return [FieldChange(k, old.get(k), new.get(k)) for k in {**old, **new}
            if k not in skip and old.get(k) != new.get(k)]


def _compare(section: str, old: dict[Any, Any], new: dict[Any, Any],
             skip: tuple[str, ...] = ()) -> list[ItemChange]:
    out = []
    for key, item in new.items():
        ident = key if isinstance(key, tuple) else (key,)
        if key not in old:
            out.append(ItemChange(section, "added", ident, None, _fields(item)))
            continue
        if old[key] == item:  # the same model: no field to compare (the common case)
            continue
        before, after = _fields(old[key]), _fields(item)
        changes = _field_changes(before, after, skip=skip)
        if changes:
            out.append(ItemChange(section, "changed", ident, before, after, changes))
    out += [ItemChange(section, "removed", key if isinstance(key, tuple) else (key,),
                       _fields(item), None) for key, item in old.items() if key not in new]
    return sorted(out, key=lambda c: (list(MARK).index(c.status), c.key))


# From the strictest to the loosest: how an old evidence item is paired with a new one.
_EVIDENCE_IDENTITY = (
    lambda e: (e.ref, e.comparison, e.stance, e.finding),
    lambda e: (e.ref, e.comparison, e.stance),
    lambda e: (e.ref, e.comparison),
    lambda e: (e.ref,),
)


def _pair_evidence(old: list[Evidence], new: list[Evidence],
                   ) -> tuple[list[tuple[Evidence, Evidence]], list[Evidence], list[Evidence]]:
    """Pair the evidence items of one edge on its two sides.

    An edge may cite one reference several times (once ``supports`` against usual care,
    once ``refutes`` against sham), so the reference alone cannot name an item, and the
    finding is the field most often edited, so it cannot name one either. Items are paired
    in rounds, from the strictest identity to the loosest: the same item (unchanged), the
    same ``(ref, comparison, stance)`` (its finding changed), the same ``(ref,
    comparison)`` (its stance changed), the same ``ref`` (its comparison changed); within a
    round, items sharing an identity are paired in file order. What is left is added or
    removed: evidence from another reference is another study.
    """
    left, right = list(old), list(new)
    pairs: list[tuple[Evidence, Evidence]] = []
    for identity in _EVIDENCE_IDENTITY:
        for a in list(left):
            match = next((b for b in right if identity(b) == identity(a)), None)
            if match is not None:
                pairs.append((a, match))
                left.remove(a)
                right.remove(match)
    return pairs, left, right


def _compare_evidence(old: dict[EdgeKey, Edge],
                      new: dict[EdgeKey, Edge]) -> list[ItemChange]:
    out = []
    for key, edge in new.items():
        if key not in old or old[key].evidence == edge.evidence:
            continue
        pairs, removed, added = _pair_evidence(old[key].evidence, edge.evidence)
        for a, b in pairs:
            changes = _field_changes(_fields(a), _fields(b))
            if changes:
                out.append(ItemChange("evidence", "changed", (*key, b.ref), _fields(a),
                                      _fields(b), changes))
        out += [ItemChange("evidence", "added", (*key, e.ref), None, _fields(e))
                for e in added]
        out += [ItemChange("evidence", "removed", (*key, e.ref), _fields(e), None)
                for e in removed]
    return sorted(out, key=lambda c: (c.key[:3], list(MARK).index(c.status), c.key[3]))


class _Fields:
    """An item compared by fields other than its model's own (see :func:`_claims`)."""

    def __init__(self, fields: dict[str, Any]):
        self.fields = fields


def _claim_fields(claim: Claim) -> dict[str, Any]:
    """A claim's fields, its edges written ``source -relation-> target`` and its
    citation's fields as ``cites.<field>``, so that each reads as a value of its own."""
    out = claim.model_dump(exclude={"edges", "cites"})
    out["edges"] = [f"{e.source} -{e.relation}-> {e.target}" for e in claim.edges]
    for name, value in (claim.cites.model_dump() if claim.cites else {}).items():
        out[f"cites.{name}"] = value
    return out


def _claims(texts: dict[str, SourceText]) -> dict[tuple[str, str], _Fields]:
    return {(key, claim.id): _Fields(_claim_fields(claim))
            for key, text in texts.items() for claim in text.claims}


def _sources(texts: dict[str, SourceText]) -> dict[str, _Fields]:
    return {key: _Fields(text.model_dump(exclude={"claims"})) for key, text in texts.items()}


def diff_graphs(old: MechGraph, new: MechGraph, *, old_name: str = "old",
                new_name: str = "new") -> GraphDiff:
    """Compare two loaded graphs item by item.

    Parameters
    ----------
    old, new : MechGraph
        The graphs before and after.
    old_name, new_name : str, optional
        How to name each side in the output (a folder, ``REV:graph``).

    Returns
    -------
    GraphDiff
        Nodes by id, edges by ``(source, target, relation)`` (their fields but the
        evidence), the evidence items of edges present on both sides (paired as
        :func:`_pair_evidence` says), references by key; a renamed node or reference is
        one ``renamed`` change, and what only followed it is no change
        (:mod:`mechgraph.diffrename`). Within a section: added, then
        removed, then changed, each sorted by identity. An added or removed edge carries
        its evidence in :attr:`ItemChange.item`.

    Examples
    --------
    >>> from mechgraph.graph import load_graph
    >>> kg = load_graph("graph")
    >>> bool(diff_graphs(kg, kg))
    False
    """
    urls = {k: r.urls for k, r in old.references.items()}
    urls.update({k: r.urls for k, r in new.references.items()})
    renames = find_renames(old, new)
    was = renamed_view(old, renames)  # the old items under their new names
    items = {
        "nodes": _compare("nodes", was.nodes, new.nodes),
        "edges": _compare("edges", was.edges, new.edges, skip=("evidence",)),
        "evidence": _compare_evidence(was.edges, new.edges),
        "references": _compare("references", was.references, new.references),
        "sources": _compare("sources", _sources(was.sources), _sources(new.sources)),
        "claims": _compare("claims", _claims(was.sources), _claims(new.sources)),
        "expectations": _compare("expectations", was.expectations, new.expectations),
    }
    mark_renames(items, renames, old, new)
    return GraphDiff(old_name, new_name, items, urls)
