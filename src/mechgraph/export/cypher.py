"""Cypher: a script of ``MERGE`` statements that loads the graph into Neo4j or another
openCypher engine, and the CSV files of ``neo4j-admin database import``.

The model, chosen so that a path query reads like the graph:

- each node is a node labelled by its kind (``:Treatment``, ``:Mediator``, ``:Process``,
  ``:Condition``, ``:Outcome``, ``:Concept``) with its fields as properties, keyed by ``id``;
- each edge is a relationship typed by its relation (``INCREASES``, ``DECREASES``,
  ``MODULATES``, ``ASSOCIATED_WITH``) carrying the flat record of
  :func:`~mechgraph.export.common.edge_record` (evidence level, contested, stance counts,
  reference keys), keyed by ``id`` (``source.relation.target``), so
  ``MATCH p = (:Treatment {id: 'acupuncture'})-[*1..6]->(:Condition {id: 'chronic_low_back_pain'})``
  finds the mechanisms and ``all(r IN relationships(p) WHERE r.evidence_level IN [...])``
  filters them by evidence;
- each evidence item in full is an ``(:Evidence {id, edge, ref, stance, finding,
  comparison})`` node whose ``edge`` is the relationship's ``id``, linked
  ``(:Evidence)-[:CITES]->(:Reference {key, title, year, doi, pmid, ...})``. Evidence
  nodes are not linked to mechanism nodes, so path queries never wander into them;
- each source of claims is a ``(:Source {key, title, kind, ...})`` node, and each of its
  claims (whose edges are all in the export) a ``(:Claim {id, source, claim, says,
  passage (the claim's where: a reserved word in Cypher), edges, verdict, level,
  cites_...})`` node, ``id`` being ``source/claim`` and
  ``edges`` the export ids of the relationships it names, linked
  ``(:Source)-[:MAKES]->(:Claim)`` and, for a citation that was found,
  ``(:Claim)-[:CITES]->(:Reference)``.

Every statement is one line ending in ``;``: ``UNWIND`` of a literal list of up to
``batch_size`` rows, each a ``MERGE`` on a stable key followed by ``SET`` of every
property (``null`` where unset), so running the script twice, or a newer export over an
older one, leaves one copy of everything. One statement per row took a hundred times as
long to load as reading the YAML (``docs/export.md``). Strings are single-quoted with
``\\``, ``'``, newlines and other control characters escaped.

The schema comes first: ``schema="neo4j"`` (default) makes a uniqueness constraint per
label (``CREATE CONSTRAINT ... IF NOT EXISTS``); ``schema="ladybug"`` makes the node and
relationship tables that Ladybug and Kùzu need before any ``MERGE``; ``schema="none"``
leaves it out.

Examples
--------
>>> import mechgraph
>>> kg = mechgraph.load_graph("graph")
>>> script = to_cypher(kg)
>>> line = next(line for line in script.splitlines() if "{id: 'endorphins'" in line)
>>> print(line[:40])
UNWIND [{id: 'adenosine', label: 'Adenos
>>> print(line[line.index("] AS row"):][:60])
] AS row MERGE (n:Mediator {id: row.id}) SET n.label = row.l
>>> cypher_string("It's a \\\\ and a\\nnewline")
"'It\\\\'s a \\\\\\\\ and a\\\\nnewline'"
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx

from mechgraph.export.common import (
    CLAIM_FIELDS,
    EDGE_FIELDS,
    NODE_FIELDS,
    SOURCE_FIELDS,
    ExportError,
    cited_references,
    claim_records,
    edge_record,
    node_record,
    sorted_edges,
    sorted_nodes,
)
from mechgraph.graph import MechGraph
from mechgraph.vocab import NODE_KINDS, RELATIONS

__all__ = [
    "BATCH_SIZE",
    "KIND_LABEL",
    "REFERENCE_FIELDS",
    "RELATION_TYPE",
    "SCHEMAS",
    "cypher_row",
    "cypher_string",
    "cypher_value",
    "evidence_records",
    "to_cypher",
    "to_neo4j_csv",
]

KIND_LABEL = {kind: kind.title().replace("_", "") for kind in NODE_KINDS}
"""The node label of each kind: ``mediator`` -> ``Mediator``."""

RELATION_TYPE = {relation: relation.upper() for relation in RELATIONS}
"""The relationship type of each relation: ``increases`` -> ``INCREASES``."""

REFERENCE_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "string"), ("authors", "string"), ("year", "int"), ("journal", "string"),
    ("design", "string"), ("subjects", "string"), ("doi", "string"), ("pmid", "string"),
    ("url", "string"), ("note", "string"), ("level", "string"))
"""The properties of a ``:Reference`` node after ``key``."""

EVIDENCE_FIELDS: tuple[tuple[str, str], ...] = (
    ("edge", "string"), ("ref", "string"), ("stance", "string"), ("finding", "string"),
    ("comparison", "string"), ("quote", "string"))
"""The properties of an ``:Evidence`` node after ``id``."""

BATCH_SIZE = 1000
"""Rows per ``UNWIND`` statement of :func:`to_cypher`."""

SCHEMAS = ("neo4j", "ladybug", "none")
"""What the script starts with: Neo4j constraints, Ladybug/Kùzu tables, or nothing."""

_CONTROL = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_LADYBUG_TYPE = {"string": "STRING", "int": "INT64", "boolean": "BOOLEAN",
                 "list": "STRING[]"}
_NEO4J_TYPE = {"string": "", "int": ":int", "boolean": ":boolean", "list": ":string[]"}
_TYPED_NULL = {"int": "0", "boolean": "false", "list": "['']"}
ARRAY_DELIMITER = "|"


def cypher_string(text: str) -> str:
    """``text`` as a single-quoted Cypher string literal.

    Backslashes, quotes, newlines, tabs and every other control character are escaped,
    so the literal is one line and cannot end early.

    Examples
    --------
    >>> print(cypher_string('say "hi"; it\\'s \\\\ {x}'))
    'say "hi"; it\\'s \\\\ {x}'
    """
    out = []
    for ch in text:
        if ch in _CONTROL:
            out.append(_CONTROL[ch])
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 or ch in "\u2028\u2029":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def cypher_value(value: Any) -> str:
    """A Python value (text, int, bool, list of text, ``None``) as a Cypher literal.

    Examples
    --------
    >>> cypher_value(["a", "b'c"]), cypher_value(None), cypher_value(True), cypher_value(-1)
    ("['a', 'b\\\\'c']", 'null', 'true', '-1')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return cypher_string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_value(v) for v in value) + "]"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


def cypher_row(record: dict[str, Any], fields: Iterable[tuple[str, str]]) -> str:
    """``record`` as a Cypher map literal of ``fields`` (name, type), one row of an
    ``UNWIND``.

    A ``null`` or an empty list carries its type (``CASE WHEN false THEN 0 END``,
    ``[''][0..0]``): Ladybug and Kùzu type a list of maps from its literals and refuse a
    bare ``null`` or ``[]`` beside an integer or a list of text. Neo4j reads both forms
    as ``null`` and ``[]``.

    Examples
    --------
    >>> print(cypher_row({"id": "a", "sign": None, "refs": []},
    ...                  [("id", "string"), ("sign", "int"), ("refs", "list")]))
    {id: 'a', sign: CASE WHEN false THEN 0 END, refs: [''][0..0]}
    """
    return "{" + ", ".join(f"{name}: {_typed(record.get(name), kind)}"
                           for name, kind in fields) + "}"


def _typed(value: Any, kind: str) -> str:
    if value is None and kind != "string":
        return f"CASE WHEN false THEN {_TYPED_NULL[kind]} END"
    if kind == "list" and not value:
        return "[''][0..0]"
    return cypher_value(value)


def _batches(rows: list[dict[str, Any]], fields: tuple[tuple[str, str], ...], tail: str,
             size: int) -> Iterator[str]:
    """``UNWIND [row, ...] AS row <tail>;`` for each ``size`` rows."""
    for start in range(0, len(rows), size):
        chunk = ", ".join(cypher_row(r, fields) for r in rows[start:start + size])
        yield f"UNWIND [{chunk}] AS row {tail};"


def _sets(var: str, fields: Iterable[tuple[str, str]]) -> str:
    return "SET " + ", ".join(f"{var}.{name} = row.{name}" for name, _ in fields)


def evidence_records(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Every evidence item of ``graph`` as a flat record with a stable ``id``:
    ``edge_id/ref`` (``/2``, ``/3``, ... added when an edge cites a reference again)."""
    out = []
    for key in sorted_edges(graph):
        eid = edge_record(graph, key)["id"]
        seen: dict[str, int] = {}
        for item in graph.edges[key].get("evidence") or []:
            seen[item["ref"]] = seen.get(item["ref"], 0) + 1
            suffix = "" if seen[item["ref"]] == 1 else f"/{seen[item['ref']]}"
            out.append({"id": f"{eid}/{item['ref']}{suffix}", "edge": eid, "ref": item["ref"],
                        "stance": item["stance"], "finding": item["finding"],
                        "comparison": item.get("comparison"), "quote": item.get("quote")})
    return out


def _reference_records(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    return [{"key": key, **{name: ref.get(name) for name, _ in REFERENCE_FIELDS}}
            for key, ref in cited_references(graph).items()]


def _schema(schema: str) -> Iterator[str]:
    labels = [KIND_LABEL[k] for k in NODE_KINDS]
    if schema == "neo4j":
        for label in labels:
            yield (f"CREATE CONSTRAINT mechgraph_{label.lower()}_id IF NOT EXISTS "
                   f"FOR (n:{label}) REQUIRE n.id IS UNIQUE;")
        yield ("CREATE CONSTRAINT mechgraph_reference_key IF NOT EXISTS "
               "FOR (n:Reference) REQUIRE n.key IS UNIQUE;")
        yield ("CREATE CONSTRAINT mechgraph_evidence_id IF NOT EXISTS "
               "FOR (n:Evidence) REQUIRE n.id IS UNIQUE;")
        yield ("CREATE CONSTRAINT mechgraph_source_key IF NOT EXISTS "
               "FOR (n:Source) REQUIRE n.key IS UNIQUE;")
        yield ("CREATE CONSTRAINT mechgraph_claim_id IF NOT EXISTS "
               "FOR (n:Claim) REQUIRE n.id IS UNIQUE;")
    elif schema == "ladybug":
        def columns(fields: Iterable[tuple[str, str]]) -> str:
            return ", ".join(f"{name} {_LADYBUG_TYPE[kind]}" for name, kind in fields)

        for label in labels:
            yield (f"CREATE NODE TABLE IF NOT EXISTS {label}(id STRING PRIMARY KEY, "
                   f"{columns(NODE_FIELDS)});")
        yield (f"CREATE NODE TABLE IF NOT EXISTS Reference(key STRING PRIMARY KEY, "
               f"{columns(REFERENCE_FIELDS)});")
        yield (f"CREATE NODE TABLE IF NOT EXISTS Evidence(id STRING PRIMARY KEY, "
               f"{columns(EVIDENCE_FIELDS)});")
        pairs = ", ".join(f"FROM {a} TO {b}" for a in labels for b in labels)
        for relation in RELATIONS:
            yield (f"CREATE REL TABLE IF NOT EXISTS {RELATION_TYPE[relation]}({pairs}, "
                   f"id STRING, {columns(EDGE_FIELDS)});")
        yield (f"CREATE NODE TABLE IF NOT EXISTS Source(key STRING PRIMARY KEY, "
               f"{columns(SOURCE_FIELDS)});")
        yield (f"CREATE NODE TABLE IF NOT EXISTS Claim(id STRING PRIMARY KEY, "
               f"{columns(CLAIM_FIELDS)});")
        yield ("CREATE REL TABLE IF NOT EXISTS CITES(FROM Evidence TO Reference, "
               "FROM Claim TO Reference);")
        yield "CREATE REL TABLE IF NOT EXISTS MAKES(FROM Source TO Claim);"
    elif schema != "none":
        raise ExportError(f"unknown Cypher schema '{schema}'; known: {', '.join(SCHEMAS)}")


def to_cypher(kg: MechGraph, graph: nx.MultiDiGraph | None = None, *,
              schema: str = "neo4j", batch_size: int = BATCH_SIZE) -> str:
    """The graph (or the view ``graph``) as an idempotent Cypher script, one statement a
    line.

    Rows go in batches: ``UNWIND [{id: ..., ...}, ...] AS row MERGE (n:Label {id: row.id})
    SET n.label = row.label, ...``, one statement per label (per relationship type and
    pair of end labels for edges) and ``batch_size`` rows. Parsing and planning a
    statement costs far more than merging one row, and a ``MATCH`` on a labelled key
    finds the ends of a relationship through the label's index.

    Parameters
    ----------
    kg : MechGraph
    graph : networkx.MultiDiGraph, optional
        A view of ``kg.graph`` to export instead (see :func:`mechgraph.export.select_view`).
    schema : str, optional
        ``neo4j`` (default: uniqueness constraints), ``ladybug`` (the tables Ladybug and
        Kùzu need) or ``none``.
    batch_size : int, optional
        Rows per statement (default :data:`BATCH_SIZE`).

    Returns
    -------
    str
        The script; run it with ``cypher-shell -f`` or any driver that runs statements
        separated by ``;``.
    """
    if batch_size < 1:
        raise ExportError(f"batch size must be at least 1, not {batch_size}")
    g = kg.graph if graph is None else graph
    nodes = [node_record(g, n) for n in sorted_nodes(g)]
    edges = [edge_record(g, key) for key in sorted_edges(g)]
    refs = _reference_records(g)
    evidence = evidence_records(g)
    label = {n["id"]: KIND_LABEL[n["kind"]] for n in nodes}
    lines = [f"// mechgraph Cypher export: {len(nodes)} nodes, {len(edges)} edges, "
             f"{len(refs)} references, {len(evidence)} evidence items.",
             "// Idempotent: every statement MERGEs on a stable key, then SETs every property.",
             *_schema(schema)]
    node_fields = (("id", "string"), *NODE_FIELDS)
    for kind in NODE_KINDS:
        lines += _batches([n for n in nodes if n["kind"] == kind], node_fields,
                          f"MERGE (n:{KIND_LABEL[kind]} {{id: row.id}}) "
                          f"{_sets('n', NODE_FIELDS)}", batch_size)
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for e in edges:
        groups.setdefault((RELATION_TYPE[e["relation"]], label[e["source"]],
                           label[e["target"]]), []).append(e)
    edge_fields = (("id", "string"), ("source", "string"), ("target", "string"), *EDGE_FIELDS)
    for (rel_type, source, target), rows in sorted(groups.items()):
        lines += _batches(rows, edge_fields,
                          f"MATCH (a:{source} {{id: row.source}}), (b:{target} {{id: row.target}}) "
                          f"MERGE (a)-[r:{rel_type} {{id: row.id}}]->(b) "
                          f"{_sets('r', EDGE_FIELDS)}", batch_size)
    lines += _batches(refs, (("key", "string"), *REFERENCE_FIELDS),
                      f"MERGE (r:Reference {{key: row.key}}) {_sets('r', REFERENCE_FIELDS)}",
                      batch_size)
    lines += _batches(evidence, (("id", "string"), *EVIDENCE_FIELDS),
                      f"MERGE (e:Evidence {{id: row.id}}) {_sets('e', EVIDENCE_FIELDS)} "
                      "WITH e, row MATCH (r:Reference {key: row.ref}) MERGE (e)-[:CITES]->(r)",
                      batch_size)
    sources, claims = claim_records(kg, g)
    lines += _batches(sources, (("key", "string"), *SOURCE_FIELDS),
                      f"MERGE (s:Source {{key: row.key}}) {_sets('s', SOURCE_FIELDS)}",
                      batch_size)
    lines += _batches(claims, (("id", "string"), *CLAIM_FIELDS),
                      f"MERGE (c:Claim {{id: row.id}}) {_sets('c', CLAIM_FIELDS)} "
                      "WITH c, row MATCH (s:Source {key: row.source}) MERGE (s)-[:MAKES]->(c)",
                      batch_size)
    cited = {r["key"] for r in refs}
    lines += _batches([c for c in claims if c["cites_found"] and c["cites_ref"] in cited],
                      (("id", "string"), ("cites_ref", "string")),
                      "MATCH (c:Claim {id: row.id}), (r:Reference {key: row.cites_ref}) "
                      "MERGE (c)-[:CITES]->(r)", batch_size)
    return "\n".join(lines) + "\n"


def _csv(header: list[str], rows: Iterable[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else
                         ("true" if v else "false") if isinstance(v, bool) else
                         ARRAY_DELIMITER.join(v) if isinstance(v, list) else v for v in row])
    return buffer.getvalue()


def _header(fields: Iterable[tuple[str, str]]) -> list[str]:
    return [name + _NEO4J_TYPE[kind] for name, kind in fields]


def to_neo4j_csv(kg: MechGraph, graph: nx.MultiDiGraph | None = None) -> dict[str, str]:
    """The graph (or the view ``graph``) as the CSV files of ``neo4j-admin database
    import full``, by file name (see ``docs/scaling.md`` for the command).

    ``nodes.csv``, ``references.csv`` and ``evidence.csv`` hold the nodes (``:ID`` in the
    id spaces ``Node``, ``Reference``, ``Evidence``; ``:LABEL``); ``edges.csv`` and
    ``cites.csv`` the relationships (``:START_ID``, ``:END_ID``, ``:TYPE``). Lists are
    joined with ``|`` (``--array-delimiter='|'``); the same model as :func:`to_cypher`.

    Examples
    --------
    >>> import mechgraph
    >>> files = to_neo4j_csv(mechgraph.load_graph("graph"))
    >>> sorted(files)
    ['cites.csv', 'edges.csv', 'evidence.csv', 'nodes.csv', 'references.csv']
    >>> files["edges.csv"].splitlines()[0][:52]
    ':START_ID(Node),:END_ID(Node),:TYPE,id,relation,sign'
    """
    g = kg.graph if graph is None else graph
    nodes = [node_record(g, n) for n in sorted_nodes(g)]
    edges = [edge_record(g, key) for key in sorted_edges(g)]
    evidence = evidence_records(g)
    return {
        "nodes.csv": _csv(["id:ID(Node)", ":LABEL", *_header(NODE_FIELDS)],
                          ([n["id"], KIND_LABEL[n["kind"]],
                            *(n[name] for name, _ in NODE_FIELDS)] for n in nodes)),
        "edges.csv": _csv([":START_ID(Node)", ":END_ID(Node)", ":TYPE", "id",
                           *_header(EDGE_FIELDS)],
                          ([e["source"], e["target"], RELATION_TYPE[e["relation"]], e["id"],
                            *(e[name] for name, _ in EDGE_FIELDS)] for e in edges)),
        "references.csv": _csv(["key:ID(Reference)", ":LABEL", *_header(REFERENCE_FIELDS)],
                               ([r["key"], "Reference",
                                 *(r[name] for name, _ in REFERENCE_FIELDS)]
                                for r in _reference_records(g))),
        "evidence.csv": _csv(["id:ID(Evidence)", ":LABEL", *_header(EVIDENCE_FIELDS)],
                             ([ev["id"], "Evidence", *(ev[name] for name, _ in EVIDENCE_FIELDS)]
                              for ev in evidence)),
        "cites.csv": _csv([":START_ID(Evidence)", ":END_ID(Reference)", ":TYPE"],
                          ([ev["id"], ev["ref"], "CITES"] for ev in evidence)),
    }
