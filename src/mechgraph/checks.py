"""Checks across files: duplicates, dangling ids, missing evidence.

Every rule is one row of :data:`RULES`: its problem code (described in
:data:`mechgraph.errors.CODES` and ``docs/format.md``), the test one item must pass, the
quicker test a whole file must pass, and the words of the problem when an item fails.
Both the fast path (a few set operations per file) and the careful path (item by item,
positioned messages) are run from that table, so a rule cannot be enforced by one and
forgotten by the other.

Examples
--------
>>> [(rule.code, rule.section) for rule in RULES]  # doctest: +NORMALIZE_WHITESPACE
[('duplicate-node', 'nodes'), ('duplicate-reference', 'references'),
 ('unknown-reference', 'nodes'), ('unknown-node', 'edges'), ('self-loop', 'edges'),
 ('unknown-reference', 'edges'), ('no-evidence', 'edges'), ('duplicate-edge', 'edges'),
 ('duplicate-source', 'sources'), ('duplicate-claim', 'sources'),
 ('unknown-edge', 'sources'), ('unknown-reference', 'sources'),
 ('duplicate-expectation', 'expectations'), ('unknown-node', 'expectations')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from mechgraph.errors import Problem
from mechgraph.keys import EdgeKey
from mechgraph.model import EXPECTATION_NODE_FIELDS
from mechgraph.validate import FileItems, Located, suggest

__all__ = ["RULES", "CrossChecked", "Rule", "check_across", "expectation_nodes", "summarize"]

Section = Literal["nodes", "references", "edges", "sources", "expectations"]
SECTIONS: tuple[Section, ...] = ("references", "nodes", "edges", "sources", "expectations")
"""The order items are merged in: every reference first, then the nodes (whose evidence
cites references), then the edges that refer to both, then the sources of claims, whose
claims name edges and references, then the expectations, which name nodes."""


class CrossChecked:
    """The merged, de-duplicated items of all files and the problems found merging them.

    While merging it is also what the rules look at: the items merged so far, which
    nodes are traditional, and which ids failed validation in their own file.
    """

    def __init__(self, complete: bool = True, invalid_ids: Iterable[str] = (),
                 invalid_refs: Iterable[str] = ()) -> None:
        self.nodes: dict[str, Located] = {}
        self.references: dict[str, Located] = {}
        self.edges: dict[EdgeKey, Located] = {}
        self.sources: dict[str, Located] = {}
        self.expectations: dict[str, Located] = {}
        self.problems: list[Problem] = []
        self.complete = complete
        """False when some file could not be read: its ids are unknown, not missing."""
        self.invalid_ids = set(invalid_ids)
        self.invalid_refs = set(invalid_refs)
        self.traditional: set[str] = set()
        """The ids of traditional nodes (known once every node is merged)."""
        self.dropped_edges: set[EdgeKey] = set()
        """Edges written but left out for a problem of their own (an unknown end): a claim
        naming an edge like one of them is not reported again (see :func:`_echo`)."""


@dataclass(frozen=True)
class Rule:
    """One check across files, for the items of one section.

    Attributes
    ----------
    code : str
        The problem code (a key of :data:`mechgraph.errors.CODES`).
    section : {'nodes', 'references', 'edges', 'sources'}
        The items it checks.
    ok : callable
        ``ok(key, item, merged)``: whether one item (a model; ``key`` is its id, reference
        key or ``(source, target, relation)``) keeps the rule, given what is merged so far.
    problems : callable
        ``problems(key, located, merged)``: the positioned problems of an item that does not
        keep it (none when another problem already explains it).
    digest : callable or None
        ``digest(items, keys)``: what :attr:`file_ok` needs to know of a file (``keys``: the
        section's keys in file order), computed once per file and kept with it.
    file_ok : callable or None
        ``file_ok(digest, keys, merged)``: true only if every item of the file keeps the
        rule, in order. Without it, every item of every file is tested with :attr:`ok`.
    drops : bool
        Whether an item that breaks the rule is left out of the merged items.
    """

    code: str
    section: Section
    ok: Callable[[Any, Any, CrossChecked], bool]
    problems: Callable[[Any, Located, CrossChecked], Iterable[Problem]]
    digest: Callable[[FileItems, Sequence[Any]], Any] | None = None
    file_ok: Callable[[Any, Sequence[Any], CrossChecked], bool] | None = None
    drops: bool = False


def _duplicate(code: str, section: Section,
               words: Callable[[Any, Located, Located], Problem]) -> Rule:
    """A rule that an id of ``section`` is defined once; ``words(key, here, first)``."""
    def ok(key: Any, item: Any, merged: CrossChecked) -> bool:
        return key not in getattr(merged, section)

    def problems(key: Any, loc: Located, merged: CrossChecked) -> list[Problem]:
        return [words(key, loc, getattr(merged, section)[key])]

    def file_ok(unique: bool, keys: Sequence[Any], merged: CrossChecked) -> bool:
        return unique and getattr(merged, section).keys().isdisjoint(keys)

    return Rule(code, section, ok, problems,
                digest=lambda items, keys: len(set(keys)) == len(keys),
                file_ok=file_ok, drops=True)


def _unknown_node(key: EdgeKey, loc: Located, merged: CrossChecked) -> list[Problem]:
    if not merged.complete:
        return []
    return [loc.problem((end,), f"unknown node '{node_id}'{suggest(node_id, merged.nodes)}",
                        "unknown-node")
            for end, node_id in (("source", key[0]), ("target", key[1]))
            if node_id not in merged.nodes and node_id not in merged.invalid_ids]


def _unknown_reference(key: Any, loc: Located, merged: CrossChecked) -> list[Problem]:
    if not merged.complete:
        return []
    return [loc.problem(("evidence", i, "ref"), f"unknown reference '{item.ref}'"
                        f"{suggest(item.ref, merged.references)}; add it under 'references:' "
                        "in any file", "unknown-reference")
            for i, item in enumerate(loc.item.evidence)
            if item.ref not in merged.references and item.ref not in merged.invalid_refs]


def _bare(items: FileItems, keys: Sequence[EdgeKey]) -> list[tuple[str, str]]:
    """The edges of a file that carry no evidence and are neither claimed nor curated."""
    return [(e.source, e.target) for e in (loc.item for loc in items.edges)
            if not (e.evidence or e.claimed_by or e.curated_in or e.definitional)]


def _claim_edges(text: Any) -> set[EdgeKey]:
    return {e.key for claim in text.claims for e in claim.edges}


def _claim_refs(text: Any) -> set[str]:
    return {r for claim in text.claims if claim.cites
            for r in (claim.cites.ref, claim.cites.closest) if r}


def _repeated_claims(text: Any) -> list[int]:
    """The indexes of the claims whose id an earlier claim of the same source has."""
    seen: set[str] = set()
    out = []
    for i, claim in enumerate(text.claims):
        if claim.id in seen:
            out.append(i)
        seen.add(claim.id)
    return out


def expectation_nodes(expectation: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """The node ids an expectation names, each with where it is inside the expectation
    (``("through", 0)``), from :data:`~mechgraph.model.EXPECTATION_NODE_FIELDS`.

    Examples
    --------
    >>> from mechgraph.model import Expectation
    >>> expectation_nodes(Expectation(id="e", note="n", source="a", target="b",
    ...                               through=["c"]))
    [(('source',), 'a'), (('target',), 'b'), (('through', 0), 'c')]
    """
    out: list[tuple[tuple[str | int, ...], str]] = []
    for name in EXPECTATION_NODE_FIELDS:
        value = getattr(expectation, name)
        if isinstance(value, str):
            out.append(((name,), value))
        else:
            out.extend(((name, i), node) for i, node in enumerate(value))
    return out


def _unknown_expected(key: str, loc: Located, merged: CrossChecked) -> list[Problem]:
    if not merged.complete:
        return []
    return [loc.problem(rel, f"expectation '{key}' names unknown node '{node}'"
                        f"{suggest(node, merged.nodes)}", "unknown-node")
            for rel, node in expectation_nodes(loc.item)
            if node not in merged.nodes and node not in merged.invalid_ids]


def _edge_words(key: EdgeKey) -> str:
    return f"{key[0]} -> {key[1]} ({key[2]})"


def _echo(key: EdgeKey, merged: CrossChecked) -> bool:
    """Whether a claim's missing edge is most likely an edge left out for an unknown end
    (the same relation from the same source, or to the same target): that edge's problem
    is reported, and fixing it fixes the claim."""
    return any(d[2] == key[2] and (d[0] == key[0] or d[1] == key[1])
               for d in merged.dropped_edges)


def _unknown_edge(key: str, loc: Located, merged: CrossChecked) -> list[Problem]:
    if not merged.complete:
        return []
    known = [_edge_words(k) for k in merged.edges]
    out = []
    for i, claim in enumerate(loc.item.claims):
        for j, ref in enumerate(claim.edges):
            if (ref.key in merged.edges or ref.source in merged.invalid_ids
                    or ref.target in merged.invalid_ids or _echo(ref.key, merged)):
                continue
            words = _edge_words(ref.key)
            out.append(loc.problem(
                ("claims", i, "edges", j),
                f"claim '{claim.id}' names the edge {words}, which no file defines"
                f"{suggest(words, known)}; name an existing edge, or add the link the source "
                "asserts as an edge with 'claimed_by'", "unknown-edge"))
    return out


def _unknown_cited(key: str, loc: Located, merged: CrossChecked) -> list[Problem]:
    if not merged.complete:
        return []
    out = []
    for i, claim in enumerate(loc.item.claims):
        for field in ("ref", "closest"):
            ref = getattr(claim.cites, field, None) if claim.cites else None
            if ref and ref not in merged.references and ref not in merged.invalid_refs:
                out.append(loc.problem(
                    ("claims", i, "cites", field),
                    f"unknown reference '{ref}'{suggest(ref, merged.references)}; '{field}' "
                    "names a checked reference: add it under 'references:' in any file",
                    "unknown-reference"))
    return out


RULES: tuple[Rule, ...] = (
    _duplicate("duplicate-node", "nodes", lambda key, loc, first: loc.problem(
        ("id",), f"duplicate node id '{key}' (first defined at {first.where()}); rename one "
        "or merge them", "duplicate-node")),
    _duplicate("duplicate-reference", "references", lambda key, loc, first: loc.problem(
        (), f"duplicate reference key '{key}' (first defined at {first.where()}); cite the "
        "first one or rename this one", "duplicate-reference")),
    Rule("unknown-reference", "nodes",
         ok=lambda key, node, m: all(item.ref in m.references for item in node.evidence),
         problems=_unknown_reference,
         digest=lambda items, keys: {i.ref for loc in items.nodes for i in loc.item.evidence},
         file_ok=lambda cited, keys, m: cited <= m.references.keys()),
    Rule("unknown-node", "edges",
         ok=lambda key, edge, m: key[0] in m.nodes and key[1] in m.nodes,
         problems=_unknown_node,
         digest=lambda items, keys: {k[0] for k in keys} | {k[1] for k in keys},
         file_ok=lambda ends, keys, m: ends <= m.nodes.keys(),
         drops=True),
    Rule("self-loop", "edges",
         ok=lambda key, edge, m: key[0] != key[1],
         problems=lambda key, loc, m: [loc.problem(
             ("target",), f"the edge points from '{key[0]}' to itself; an edge joins two "
             "different nodes", "self-loop")],
         digest=lambda items, keys: any(k[0] == k[1] for k in keys),
         file_ok=lambda loop, keys, m: not loop),
    Rule("unknown-reference", "edges",
         ok=lambda key, edge, m: all(item.ref in m.references for item in edge.evidence),
         problems=_unknown_reference,
         digest=lambda items, keys: {i.ref for loc in items.edges for i in loc.item.evidence},
         file_ok=lambda cited, keys, m: cited <= m.references.keys()),
    Rule("no-evidence", "edges",  # an edge to an unknown node is reported as that alone
         ok=lambda key, edge, m: bool(edge.evidence or edge.claimed_by or edge.curated_in
                                      or edge.definitional
                                      or key[0] in m.traditional or key[1] in m.traditional
                                      or key[0] not in m.nodes or key[1] not in m.nodes),
         problems=lambda key, loc, m: [loc.problem(
             (), f"the edge {key[0]} -> {key[1]} ({key[2]}) has no evidence; add an 'evidence' "
             "item citing a reference, mark an untested claim with 'claimed_by', name the "
             "knowledge base that asserts it with 'curated_in', or mark a link that holds by "
             "definition with 'definitional: true'", "no-evidence")],
         digest=_bare,
         file_ok=lambda bare, keys, m: all(s in m.traditional or t in m.traditional
                                           for s, t in bare)),
    _duplicate("duplicate-edge", "edges", lambda key, loc, first: loc.problem(
        (), f"duplicate edge {key[0]} -> {key[1]} ({key[2]}) (first defined at {first.where()}"
        "); keep one edge and put all the evidence on it", "duplicate-edge")),
    _duplicate("duplicate-source", "sources", lambda key, loc, first: loc.problem(
        (), f"duplicate source key '{key}' (first defined at {first.where()}); rename one or "
        "merge their claims", "duplicate-source")),
    Rule("duplicate-claim", "sources",
         ok=lambda key, text, m: not _repeated_claims(text),
         problems=lambda key, loc, m: [loc.problem(
             ("claims", i, "id"), f"duplicate claim id '{loc.item.claims[i].id}' in source "
             f"'{key}'; give each claim of a source its own id", "duplicate-claim")
             for i in _repeated_claims(loc.item)],
         digest=lambda items, keys: any(_repeated_claims(loc.item) for _, loc in items.sources),
         file_ok=lambda repeated, keys, m: not repeated),
    Rule("unknown-edge", "sources",
         ok=lambda key, text, m: _claim_edges(text) <= m.edges.keys(),
         problems=_unknown_edge,
         digest=lambda items, keys: set().union(*(_claim_edges(loc.item)
                                                  for _, loc in items.sources)),
         file_ok=lambda named, keys, m: named <= m.edges.keys()),
    Rule("unknown-reference", "sources",
         ok=lambda key, text, m: _claim_refs(text) <= m.references.keys(),
         problems=_unknown_cited,
         digest=lambda items, keys: set().union(*(_claim_refs(loc.item)
                                                  for _, loc in items.sources)),
         file_ok=lambda cited, keys, m: cited <= m.references.keys()),
    _duplicate("duplicate-expectation", "expectations", lambda key, loc, first: loc.problem(
        ("id",), f"duplicate expectation id '{key}' (first defined at {first.where()}); "
        "rename one, or merge them", "duplicate-expectation")),
    Rule("unknown-node", "expectations",
         ok=lambda key, item, m: all(n in m.nodes for _, n in expectation_nodes(item)),
         problems=_unknown_expected,
         digest=lambda items, keys: {n for loc in items.expectations
                                     for _, n in expectation_nodes(loc.item)},
         file_ok=lambda named, keys, m: named <= m.nodes.keys()),
)
"""The checks across files, in the order their problems are worded for one item."""


class FileSummary:
    """The keys a file defines, and each rule's digest of it, for checking it at once.

    Checking across files then costs a few set operations per file; only a file that
    fails one is checked item by item, to say exactly what is wrong and where.
    """

    __slots__ = ("digests", "keys")

    def __init__(self, items: FileItems):
        self.keys: dict[str, list[Any]] = {
            "nodes": [loc.item.id for loc in items.nodes],
            "references": [key for key, _ in items.references],
            "edges": [(e.source, e.target, e.relation) for e in (loc.item for loc in items.edges)],
            "sources": [key for key, _ in items.sources],
            "expectations": [loc.item.id for loc in items.expectations],
        }
        self.digests: dict[Rule, Any] = {}
        for rule in RULES:
            self.digest(rule, items)

    def digest(self, rule: Rule, items: FileItems) -> Any:
        """The rule's digest of the file (computed the first time it is asked for)."""
        try:
            return self.digests[rule]
        except KeyError:
            if rule.digest is None:
                return None
            value = self.digests[rule] = rule.digest(items, self.keys[rule.section])
            return value


def summarize(items: FileItems) -> FileSummary:
    """The file's :class:`FileSummary` (computed once, then kept on ``items``)."""
    if items.summary is None:
        items.summary = FileSummary(items)
    return items.summary


def check_across(files: Iterable[FileItems], *, complete: bool = True) -> CrossChecked:
    """Merge the valid items of every file, checking what no single file can.

    Parameters
    ----------
    files : iterable of FileItems
        The validated files, in a stable order (the first definition wins).
    complete : bool, optional
        False when some file could not be read at all: an id it defines is then not known,
        so unknown ids are not reported (they would only echo that file's error).

    Returns
    -------
    CrossChecked
    """
    files = list(files)
    out = CrossChecked(complete, set().union(*(f.invalid_ids for f in files)),
                       set().union(*(f.invalid_refs for f in files)))
    rules = RULES  # read once: a test may add a rule to the table
    for section in SECTIONS:
        if section == "edges":
            out.traditional = {i for i, loc in out.nodes.items()
                               if loc.item.framework == "traditional"}
        checks = [rule for rule in rules if rule.section == section]
        for f in files:
            _merge(f, section, checks, out)
    return out


def _merge(f: FileItems, section: Section, rules: list[Rule], out: CrossChecked) -> None:
    """Merge one section of one file: all at once if every rule's file check passes,
    else item by item, wording the problems of each item that breaks a rule (the rules
    whose file check passed are not tested again)."""
    summary = summarize(f)
    keys = summary.keys[section]
    if not keys:
        return
    merged: dict[Any, Located] = getattr(out, section)
    located = ([loc for _, loc in getattr(f, section)] if section in ("references", "sources")
               else getattr(f, section))
    # A rule whose file check passes holds for every item: only the others are tested.
    rules = [rule for rule in rules
             if rule.file_ok is None or not rule.file_ok(summary.digest(rule, f), keys, out)]
    if not rules:
        merged.update(zip(keys, located, strict=True))  # the usual case: nothing to report
        return
    tests = [rule.ok for rule in rules]
    for key, loc in zip(keys, located, strict=True):
        item = loc.item
        if all(ok(key, item, out) for ok in tests):
            merged[key] = loc
            continue
        broken = [rule for rule in rules if not rule.ok(key, item, out)]
        for rule in broken:
            out.problems.extend(rule.problems(key, loc, out))
        if not any(rule.drops for rule in broken):
            merged[key] = loc
        elif section == "edges":
            out.dropped_edges.add(key)
