"""The ``mechgraph`` command line: a few lines over one library call per command.

Exit codes: 0 fine, 1 bad data or a bad request (with a clear message), 2 a failure
of the tool itself. Every command takes ``--graph DIR`` (default ``./graph``, or the
``MECHGRAPH_GRAPH`` environment variable); ``validate`` and ``stats`` also take the
folder as a positional argument. Commands that print results take ``--json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from mechgraph.diff import DiffError, diff_graphs, load_side
from mechgraph.edit import EditError, EditResult, add_edge, add_evidence, add_node, add_reference
from mechgraph.errors import GraphDataError, MechgraphError
from mechgraph.explain import AUDIENCES, FORMATS, explain
from mechgraph.export import FORMATS as EXPORT_FORMATS
from mechgraph.export import ExportError, export_graph, select_view
from mechgraph.export.cypher import SCHEMAS as CYPHER_SCHEMAS
from mechgraph.fmt import format_files
from mechgraph.graph import MechGraph, load_graph
from mechgraph.model import SLUG_RE, Edge, Evidence, Node, Reference
from mechgraph.query import (
    DIRECTIONS,
    Filter,
    PathReport,
    Pathway,
    QueryError,
    find_paths,
    require_node,
)
from mechgraph.schema import json_schema_text
from mechgraph.search import search
from mechgraph.vocab import EVIDENCE_LEVELS, FILTER_FIELDS, VOCABULARIES

__all__ = ["main"]

EXIT_OK, EXIT_DATA, EXIT_TOOL = 0, 1, 2
ENV_GRAPH = "MECHGRAPH_GRAPH"


class UsageError(MechgraphError):
    """A bad request on the command line (exit code 1)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_DATA, f"{self.prog}: error: {message}\n")


def default_graph() -> str:
    """``$MECHGRAPH_GRAPH`` if set, else ``./graph``."""
    return os.environ.get(ENV_GRAPH) or "graph"


def _app_args(argv: Sequence[str]) -> argparse.Namespace:
    """The app's own options after ``--`` on the ``streamlit run`` line (others ignored)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--graph", default=None)
    parser.add_argument("--edit", action="store_true")
    return parser.parse_known_args(list(argv))[0]


def app_graph_dir(argv: Sequence[str]) -> Path:
    """The app's graph folder: ``--graph DIR`` after ``--`` on the ``streamlit run`` line,
    else ``$MECHGRAPH_GRAPH``, else ``./graph``.

    Examples
    --------
    >>> app_graph_dir(["--graph", "my_graph"])
    PosixPath('my_graph')
    """
    return Path(_app_args(argv).graph or default_graph())


ENV_EDIT = "MECHGRAPH_EDIT"


def app_edit_enabled(argv: Sequence[str]) -> bool:
    """Whether the app may edit the graph: ``--edit`` after ``--`` on the ``streamlit run``
    line, or ``MECHGRAPH_EDIT`` set to ``1``/``true``/``yes``/``on``. Off by default, so a
    public deployment stays read-only.

    Examples
    --------
    >>> app_edit_enabled(["--graph", "g", "--edit"])
    True
    """
    flag = os.environ.get(ENV_EDIT, "").strip().lower() in ("1", "true", "yes", "on")
    return bool(_app_args(argv).edit or flag)


def _graph_dir(args: argparse.Namespace) -> Path:
    positional = getattr(args, "graph_dir", None)
    if positional and args.graph and Path(positional) != Path(args.graph):
        raise UsageError(f"two graph folders given ('{positional}' and --graph "
                         f"'{args.graph}'); give one")
    return Path(positional or args.graph or default_graph())


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def cmd_validate(args: argparse.Namespace) -> int:
    root = _graph_dir(args)
    try:
        kg, problems = load_graph(root), []
    except GraphDataError as exc:
        kg, problems = None, exc.problems
    if args.json:
        counts = None if kg is None else {
            "files": len(kg.files), "nodes": len(kg.nodes), "edges": len(kg.edges),
            "references": len(kg.references)}
        _print_json({"graph": str(root), "ok": not problems, "error_count": len(problems),
                     "problems": [p.to_dict() for p in problems], "counts": counts})
        return EXIT_DATA if problems else EXIT_OK
    if kg is None:
        for p in problems:
            print(p)
        files = len({p.file for p in problems})
        print(f"{_plural(len(problems), 'error')} in {_plural(files, 'file')}")
        return EXIT_DATA
    print(f"{root}: {_plural(len(kg.files), 'file')}, {_plural(len(kg.nodes), 'node')}, "
          f"{_plural(len(kg.edges), 'edge')}, {_plural(len(kg.references), 'reference')}: "
          "no errors")
    return EXIT_OK


def _table(title: str, counts: dict[str, int]) -> list[str]:
    width = max(len(k) for k in counts)
    return [f"{title}:", *(f"  {k:<{width}}  {v:>6}" for k, v in counts.items())]


def cmd_stats(args: argparse.Namespace) -> int:
    root = _graph_dir(args)
    stats = load_graph(root).stats()
    if args.json:
        _print_json({"graph": str(root), **stats})
        return EXIT_OK
    lines = [f"{root}: {_plural(stats['files'], 'file')}",
             f"  nodes {stats['nodes']}, edges {stats['edges']} "
             f"({stats['contested_edges']} contested), references {stats['references']}, "
             f"evidence items {stats['evidence_items']}", ""]
    for title, key in (("nodes by kind", "nodes_by_kind"),
                       ("nodes by framework", "nodes_by_framework"),
                       ("edges by relation", "edges_by_relation"),
                       ("edges by evidence level", "edges_by_evidence_level"),
                       ("edges by framework", "edges_by_framework"),
                       ("references by design", "references_by_design")):
        lines += [*_table(title, stats[key]), ""]
    print("\n".join(lines).rstrip())
    return EXIT_OK


ARROW = {"increases": "+", "decreases": "-", "modulates": "?", "associated_with": "~"}
EFFECT = {"increases": "↑ increases", "decreases": "↓ decreases", "unknown": "? unknown",
          "not_causal": "~ not causal", "ambiguous": "↕ ambiguous", "none": "none"}


def _filter(args: argparse.Namespace) -> Filter:
    return Filter.of_fields({name: getattr(args, name) for name in FILTER_FIELDS},
                            min_level=args.min_level)


def _chain(path: Pathway) -> str:
    out = path.nodes[0]
    for (_, target, relation) in path.edges:
        out += f" -({ARROW[relation]})-> {target}"
    return out


def _columns(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    return ["  ".join([*(c.ljust(w) for c, w in zip(r[:-1], widths, strict=True)), r[-1]])
            .rstrip() for r in [header, *rows]]


def _paths_report(args: argparse.Namespace) -> tuple[MechGraph, PathReport]:
    kg = load_graph(_graph_dir(args))
    view = _filter(args).apply(kg.graph)
    return kg, find_paths(kg, args.source, args.target, max_length=args.max_length,
                          limit=args.limit, graph=view)


def cmd_paths(args: argparse.Namespace) -> int:
    _, report = _paths_report(args)
    if args.json:
        _print_json(report.to_dict())
        return EXIT_OK
    print(f"{report.source} -> {report.target}: {_plural(len(report.paths), 'path')} of at "
          f"most {report.max_length} steps; overall effect: {EFFECT[report.overall]}"
          + (" (search stopped early: more paths exist)" if report.truncated else ""))
    if report.paths:
        rows = [[str(n), EFFECT[p.net_effect], p.weakest_evidence,
                 "yes" if p.contested else "", ", ".join(p.frameworks), _chain(p)]
                for n, p in enumerate(report.paths, 1)]
        print("\n".join(_columns(["#", "effect", "weakest", "contested", "frameworks",
                                   "path"], rows)))
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    kg, report = _paths_report(args)
    sys.stdout.write(explain(kg, report, audience=args.audience, fmt=args.format))
    return EXIT_OK


def _edge_json(kg: MechGraph, key: tuple[str, str, str]) -> dict[str, Any]:
    edge, grade = kg.edges[key], kg.grades[key]
    return {"source": key[0], "target": key[1], "relation": key[2],
            "evidence_level": grade.level, "contested": grade.contested,
            "framework": kg.framework_of(edge), "description": edge.description,
            "plain": edge.plain,
            "evidence": [{**item.model_dump(), "title": kg.references[item.ref].title,
                          "design": kg.references[item.ref].design,
                          "links": kg.references[item.ref].links}
                         for item in edge.evidence]}


def cmd_show(args: argparse.Namespace) -> int:
    kg = load_graph(_graph_dir(args))
    node_id = require_node(kg, args.node)
    node = kg.nodes[node_id]
    incoming = sorted(kg.graph.in_edges(node_id, keys=True))
    outgoing = sorted(kg.graph.out_edges(node_id, keys=True))
    if args.json:
        _print_json({"node": node.model_dump(), "location": str(kg.locations["node", node_id]),
                     "in": [_edge_json(kg, k) for k in incoming],
                     "out": [_edge_json(kg, k) for k in outgoing]})
        return EXIT_OK
    lines = [f"{node.label} ({node_id}) - {node.kind}, {node.framework}",
             f"  defined at {kg.locations['node', node_id]}"]
    for title, value in (("description", node.description), ("plain", node.plain),
                         ("synonyms", ", ".join(node.synonyms)),
                         ("xrefs", ", ".join(node.xrefs))):
        if value:
            lines.append(f"  {title}: {value}")
    for title, keys in (("in", incoming), ("out", outgoing)):
        lines.append(f"{title} ({len(keys)}):")
        for key in keys:
            grade = kg.grades[key]
            lines.append(f"  {key[0]} -({ARROW[key[2]]} {key[2]})-> {key[1]}  "
                         f"[{grade.level}{', contested' if grade.contested else ''}]")
            for item in kg.edges[key].evidence:
                ref = kg.references[item.ref]
                vs = f" vs {item.comparison}" if item.comparison else ""
                link = next(iter(ref.links.values()))
                lines.append(f"    {item.stance}{vs}: {item.ref} ({ref.design}) {link}")
                lines.append(f"      {item.finding}")
    print("\n".join(lines))
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UsageError(f"--limit must be 1 or more, not {args.limit}")
    kg = load_graph(_graph_dir(args))
    matches = search(kg.nodes, args.text, limit=args.limit)
    if args.json:
        _print_json([m.to_dict() for m in matches])
        return EXIT_OK
    if not matches:
        print(f"no node matches '{args.text}'")
        return EXIT_OK
    rows = [[f"{m.score:.0f}", m.id, m.label,
             f"{m.field}: {m.matched}" if m.field != "label" else ""] for m in matches]
    print("\n".join(_columns(["score", "id", "label", "matched"], rows)))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    text = json_schema_text()
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write '{args.output}': {exc.strerror}") from exc
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    graph = _graph_dir(args)
    with load_side(args.old, graph) as (old, old_name), \
            load_side(args.new or str(graph), graph) as (new, new_name):
        diff = diff_graphs(old, new, old_name=old_name, new_name=new_name)
    if args.json:
        _print_json(diff.to_dict())
    else:
        sys.stdout.write(diff.to_markdown() if args.format == "markdown" else diff.to_text())
    return EXIT_DATA if args.exit_code and diff else EXIT_OK


def cmd_fmt(args: argparse.Namespace) -> int:
    report = format_files(args.paths or [_graph_dir(args)], check=args.check)
    if args.json:
        _print_json(report.to_dict())
    else:
        sys.stdout.write(report.to_text())
    return EXIT_OK if report.ok else EXIT_DATA


# --- mechgraph add ---------------------------------------------------------------------

# The options of each `add` command: (option, what the value must be, required). A value
# is "text", "year", "new-id" (a node id not yet used), "new-key" (a reference key not yet
# used), "node" or "ref" (one in the graph, completed from it), "list" (repeatable text),
# or a vocabulary's name (its values are the choices).
ADD_OPTIONS: dict[str, list[tuple[str, str, bool]]] = {
    "node": [("id", "new-id", True), ("label", "text", True), ("kind", "kind", True),
             ("framework", "framework", False), ("description", "text", False),
             ("plain", "text", False), ("synonym", "list", False)],
    "reference": [("key", "new-key", True), ("title", "text", True),
                  ("authors", "text", True), ("year", "year", True),
                  ("journal", "text", True), ("design", "design", True),
                  ("subjects", "subjects", False), ("doi", "text", False),
                  ("pmid", "text", False), ("url", "text", False), ("note", "text", False)],
    "edge": [("source", "node", True), ("target", "node", True),
             ("relation", "relation", True), ("description", "text", False),
             ("ref", "ref", True), ("stance", "stance", True), ("finding", "text", True),
             ("comparison", "comparison", False)],
    "evidence": [("source", "node", True), ("target", "node", True),
                 ("relation", "relation", True), ("ref", "ref", True),
                 ("stance", "stance", True), ("finding", "text", True),
                 ("comparison", "comparison", False)],
}


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _answer_problem(kind: str, value: str, kg: MechGraph) -> str:
    """Why an answer typed at the prompt is not acceptable ("" if it is)."""
    if not value.strip():
        return "a value is needed"
    if kind in VOCABULARIES and value not in VOCABULARIES[kind]:
        return f"choose one of: {', '.join(VOCABULARIES[kind])}"
    if kind == "year" and not value.isdigit():
        return "a year is a whole number, such as 2004"
    if kind in ("new-id", "new-key") and not SLUG_RE.match(value):
        return "use a lower-case letter, then lower-case letters, digits or '_'"
    taken = {"new-id": kg.nodes, "new-key": kg.references}.get(kind, {})
    if value in taken:
        return f"'{value}' is already used"
    known = {"node": kg.nodes, "ref": kg.references}.get(kind)
    if known is not None and value not in known:
        return f"no {'node' if kind == 'node' else 'reference'} '{value}' in the graph"
    return ""


def _ask(option: str, kind: str, kg: MechGraph) -> str:
    """Ask for one value at the terminal until it is acceptable."""
    choices = VOCABULARIES.get(kind) or sorted({"node": kg.nodes, "ref": kg.references}.get(
        kind, ()))
    if kind in VOCABULARIES:
        print(f"{option}: one of {', '.join(choices)}")
    try:
        import readline
    except ImportError:  # pragma: no cover - Windows
        readline = None  # type: ignore[assignment]
    if readline is not None:

        def complete(text: str, state: int) -> str | None:
            found = [c for c in choices if c.startswith(text)]
            return found[state] if state < len(found) else None

        readline.set_completer(complete)
        readline.parse_and_bind("tab: complete")
    while True:
        value = input(f"{option}: ").strip()
        problem = _answer_problem(kind, value, kg)
        if not problem:
            return value
        print(f"  {problem}")


def _add_values(args: argparse.Namespace, root: Path) -> dict[str, Any]:
    """The values of the options of ``mechgraph add ITEM``, asking for missing ones at a
    terminal; without one, a missing value is an error naming every missing option."""
    spec = ADD_OPTIONS[args.item]
    missing = [(name, kind) for name, kind, required in spec
               if required and getattr(args, name) is None]
    if missing and not _interactive():
        raise UsageError("missing " + ", ".join(f"--{name}" for name, _ in missing)
                         + " (give them, or run in a terminal to be asked for them)")
    kg = load_graph(root) if missing else None
    values = {name: getattr(args, name) for name, _, _ in spec}
    for name, kind in missing:
        answer = _ask(f"--{name}", kind, kg)  # type: ignore[arg-type]
        values[name] = int(answer) if kind == "year" else answer
    return values


def cmd_add(args: argparse.Namespace) -> int:
    try:
        return _add(args)
    except GraphDataError as exc:
        print(f"{exc.report()}\nnothing was written (lines are those of the file with the "
              "new item)", file=sys.stderr)
        return EXIT_DATA


def _add(args: argparse.Namespace) -> int:
    root = _graph_dir(args)
    v = _add_values(args, root)
    options = {"dry_run": args.dry_run}
    if args.item != "evidence":  # evidence goes to the file that defines its edge
        options["file"] = args.file
    evidence = {"ref": v["ref"], "stance": v["stance"], "finding": v["finding"],
                "comparison": v["comparison"]} if "ref" in v else {}
    if args.item == "node":
        synonyms = v.pop("synonym") or []
        result = add_node(root, {**v, "synonyms": synonyms}, **options)
    elif args.item == "reference":
        result = add_reference(root, v.pop("key"), v, **options)
    elif args.item == "edge":
        result = add_edge(root, {"source": v["source"], "target": v["target"],
                                 "relation": v["relation"], "description": v["description"],
                                 "evidence": [evidence]}, **options)
    else:
        result = add_evidence(root, v["source"], v["target"], v["relation"], evidence,
                              **options)
    _print_edit(result, as_json=args.json)
    return EXIT_OK


def _print_edit(result: EditResult, *, as_json: bool) -> None:
    if as_json:
        _print_json({"file": str(result.path), "line": result.line, "added": result.added,
                     "created": result.created, "written": result.written})
    elif result.written:
        print(f"{result.path}:{result.line}: {result.summary}")
    else:
        what = result.summary.removeprefix("added ")
        print(f"{result.path}:{result.line}: would add {what} (dry run, nothing written):"
              f"\n{result.added.strip(chr(10) + chr(13))}")


def _option_help(item: str, name: str, required: bool) -> str:
    """An option's help: the model field's description, and whether it is required."""
    if name == "key":
        text = "The citation key, a slug such as 'han2004'."
    else:
        field = "synonyms" if name == "synonym" else name
        model = {"node": Node, "reference": Reference}.get(item, Edge)
        if field not in model.model_fields:
            model = Evidence
        text = model.model_fields[field].description or ""
        if name == "synonym":
            text += " Repeat for several."
    return f"{'(required) ' if required else ''}{text}".replace("%", "%%")


def _add_add_commands(add: argparse.ArgumentParser) -> None:
    """The ``mechgraph add ITEM`` commands, one per kind of item, from ADD_OPTIONS."""
    items = add.add_subparsers(dest="item", metavar="ITEM", parser_class=_Parser,
                               required=True)
    examples = {
        "node": "mechgraph add node --id substance_p --label 'Substance P' --kind mediator",
        "reference": "mechgraph add reference --key example2024 --title 'A title' "
                     "--authors 'Doe J' --year 2024 --journal 'J Ex 1:1' --design rct "
                     "--url https://example.org/a",
        "edge": "mechgraph add edge --source acupuncture --target serotonin --relation "
                "associated_with --ref zhang2014 --stance supports --finding 'It rose.'",
        "evidence": "mechgraph add evidence --source acupuncture --target endorphins "
                    "--relation increases --ref zhao2008 --stance supports --finding "
                    "'It rose.' --dry-run",
    }
    for item, spec in ADD_OPTIONS.items():
        what = {"node": "a node", "reference": "a reference",
                "edge": "an edge with its first evidence item",
                "evidence": "an evidence item to an edge (in the file that defines it)"}[item]
        p = items.add_parser(item, help=f"add {what}",
                             description=f"Add {what}; missing values are asked for at a "
                             "terminal.",
                             epilog=f"Example:\n  {examples[item]}",
                             formatter_class=argparse.RawDescriptionHelpFormatter)
        for name, kind, required in spec:
            flags: dict[str, Any] = {"metavar": kind.upper().replace("-", "_"),
                                     "help": _option_help(item, name, required)}
            if kind in VOCABULARIES:
                flags.update(choices=VOCABULARIES[kind], metavar=None)
            elif kind == "year":
                flags["type"] = int
            elif kind == "list":
                flags.update(action="append")
            p.add_argument(f"--{name}", **flags)
        if item != "evidence":
            p.add_argument("--file", metavar="PATH",
                           help="the .yaml file inside the graph folder to write (a new one "
                                "is made; default: see README)")
        p.add_argument("--graph", metavar="DIR", default=argparse.SUPPRESS,
                       help=f"the graph folder (default: ${ENV_GRAPH} or ./graph)")
        p.add_argument("--dry-run", action="store_true",
                       help="print what would be added and where; write nothing")
        p.add_argument("--json", action="store_true", help="print JSON for scripts")


def cmd_export(args: argparse.Namespace) -> int:
    kg = load_graph(_graph_dir(args))
    view = select_view(kg, filter=_filter(args), focus_node=args.focus, depth=args.depth,
                       direction=args.direction, source=args.source, target=args.target,
                       max_length=args.max_length)
    options = {"neo4j_csv": args.neo4j_csv, "schema": args.cypher_schema}
    result = export_graph(kg, args.format, args.out, graph=view, **options)
    if isinstance(result, str):
        sys.stdout.write(result)
    else:
        print(f"wrote {', '.join(str(path) for path in result)}")
    return EXIT_OK


def _add_graph_options(p: argparse.ArgumentParser, *, positional: bool = False) -> None:
    if positional:
        p.add_argument("graph_dir", nargs="?", metavar="GRAPH_DIR",
                       help="the graph folder (same as --graph)")
    p.add_argument("--graph", metavar="DIR", default=None,
                   help=f"the graph folder (default: ${ENV_GRAPH} or ./graph)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command (used by the docs test too)."""
    parser = _Parser(
        prog="mechgraph",
        description="A curated, evidence-graded mechanism knowledge graph.",
        epilog="Example: mechgraph validate graph",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version",
                        version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    commands: list[tuple[str, Callable[[argparse.Namespace], int], str, str, bool, bool]] = [
        ("validate", cmd_validate,
         "check every file of the graph; print errors compiler-style",
         "Example:\n  mechgraph validate graph\n  mechgraph validate --json graph", True, True),
        ("stats", cmd_stats,
         "count nodes by kind and framework, edges by relation and evidence level, "
         "references by design",
         "Example:\n  mechgraph stats graph\n  mechgraph stats --graph graph --json", True, True),
        ("paths", cmd_paths,
         "list the paths from SOURCE to TARGET with their net effect and evidence",
         "Example:\n  mechgraph paths acupuncture chronic_low_back_pain\n"
         "  mechgraph paths acupuncture chronic_low_back_pain --min-level low --json",
         False, True),
        ("explain", cmd_explain,
         "explain how SOURCE may affect TARGET, for a patient or a student",
         "Example:\n  mechgraph explain acupuncture chronic_low_back_pain\n"
         "  mechgraph explain acupuncture chronic_low_back_pain --audience student "
         "--format markdown", False, False),
        ("show", cmd_show,
         "show a node, its edges in and out, and their evidence",
         "Example:\n  mechgraph show endorphins\n  mechgraph show qi --json", False, True),
        ("search", cmd_search,
         "find nodes by id, label or synonym (forgiving case, accents and typos)",
         "Example:\n  mechgraph search endorfins\n  mechgraph search 'back pain' --json",
         False, True),
        ("diff", cmd_diff,
         "list the nodes, edges, evidence and references added, removed and changed "
         "between two graph folders or two git revisions of the graph",
         "Example:\n  mechgraph diff HEAD~1            (HEAD~1 against the working tree)\n"
         "  mechgraph diff main HEAD --format markdown\n"
         "  mechgraph diff old_graph/ graph/ --json", False, True),
        ("fmt", cmd_fmt,
         "rewrite graph files in canonical form (key order, indentation, blank lines), "
         "keeping comments and meaning",
         "Example:\n  mechgraph fmt\n  mechgraph fmt --check graph\n"
         "  mechgraph fmt graph/mechanisms/endorphins.yaml", False, True),
        ("schema", cmd_schema,
         "print the JSON Schema of a graph file (for editor completion)",
         "Example:\n  mechgraph schema --output docs/mechgraph.schema.json", False, False),
        ("add", cmd_add,
         "add a node, reference, edge or evidence item; checked with the whole graph "
         "before it is written",
         "Example:\n  mechgraph add edge --source acupuncture --target serotonin "
         "--relation associated_with --ref zhang2014 --stance supports --finding 'It rose.'"
         "\n  mechgraph add evidence --help", False, False),
        ("export", cmd_export,
         "write the graph, or a filtered, focused or pathway part of it, in a format other "
         "tools load",
         "Example:\n  mechgraph export graphml --out mechgraph.graphml\n"
         "  mechgraph export cytoscape --focus endorphins --depth 2 > endorphins.cyjs\n"
         "  mechgraph export kgx --min-level low --out kgx/\n"
         "  mechgraph export mermaid --source acupuncture --target chronic_low_back_pain\n"
         "  mechgraph export cypher --neo4j-csv --out neo4j-import/", False, False),
    ]
    for name, func, help_text, example, positional, has_json in commands:
        p = sub.add_parser(name, help=help_text, description=help_text.capitalize() + ".",
                           epilog=example, formatter_class=argparse.RawDescriptionHelpFormatter)
        _add_graph_options(p, positional=positional)
        if has_json:
            p.add_argument("--json", action="store_true", help="print JSON for scripts")
        p.set_defaults(func=func)
    schema = sub.choices["schema"]
    schema.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead")
    for name in ("paths", "explain"):
        p = sub.choices[name]
        p.add_argument("source", metavar="SOURCE", help="the node the paths start from")
        p.add_argument("target", metavar="TARGET", help="the node the paths end at")
        p.add_argument("--max-length", type=int, default=6, metavar="N",
                       help="the most steps on a path (default 6)")
        p.add_argument("--limit", type=int, default=500, metavar="N",
                       help="the most paths to list (default 500)")
        _add_filter_options(p)
    explain_p = sub.choices["explain"]
    explain_p.add_argument("--audience", choices=AUDIENCES, default="patient",
                           help="who reads it (default patient)")
    explain_p.add_argument("--format", choices=FORMATS, default="text",
                           help="text or markdown (default text)")
    diff_p = sub.choices["diff"]
    diff_p.add_argument("old", nargs="?", default="HEAD", metavar="OLD",
                        help="a folder, or a git revision of the graph (default HEAD)")
    diff_p.add_argument("new", nargs="?", default=None, metavar="NEW",
                        help="a folder or a git revision (default: the graph folder as it "
                             "is on disk); an existing folder wins over a revision")
    diff_p.add_argument("--format", choices=("text", "markdown"), default="text",
                        help="text for a terminal, markdown for a pull request")
    diff_p.add_argument("--exit-code", action="store_true",
                        help="exit 1 when there are differences (like git diff --exit-code)")
    fmt_p = sub.choices["fmt"]
    fmt_p.add_argument("paths", nargs="*", metavar="PATH",
                       help="files or folders to format (default: the graph folder)")
    fmt_p.add_argument("--check", action="store_true",
                       help="write nothing; list the files that would change with a diff, "
                            "exit 1 if any")
    _add_add_commands(sub.choices["add"])
    _add_export_options(sub.choices["export"])
    sub.choices["show"].add_argument("node", metavar="NODE", help="a node id")
    search_p = sub.choices["search"]
    search_p.add_argument("text", metavar="TEXT", help="what to look for")
    search_p.add_argument("--limit", type=int, default=10, metavar="N",
                          help="the most matches to list (default 10)")
    return parser


def _add_export_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("format", metavar="FORMAT", choices=EXPORT_FORMATS,
                   help="; ".join(f"{f.name}: {f.help}" for f in EXPORT_FORMATS.values()))
    p.add_argument("--out", "-o", metavar="PATH", default=None,
                   help="the file to write (default: standard output); a folder for the "
                        "formats of several files (kgx, cypher --neo4j-csv)")
    view = p.add_argument_group("part of the graph (default: all of it)")
    view.add_argument("--focus", metavar="NODE", default=None,
                      help="only the nodes within --depth steps of NODE")
    view.add_argument("--depth", type=int, default=1, metavar="N",
                      help="steps from the focus node (default 1)")
    view.add_argument("--direction", default="both",
                      choices=("both", "up", "down", *DIRECTIONS[1:]),
                      help="from the focus node: both, up (what acts on it) or down (what "
                           "it acts on); default both")
    view.add_argument("--source", metavar="SOURCE", default=None,
                      help="with --target: only the edges on the paths from SOURCE")
    view.add_argument("--target", metavar="TARGET", default=None,
                      help="with --source: only the edges on the paths to TARGET")
    view.add_argument("--max-length", type=int, default=6, metavar="N",
                      help="the most steps on a path of --source/--target (default 6)")
    p.add_argument("--neo4j-csv", action="store_true",
                   help="cypher: write neo4j-admin import CSV files into the --out folder "
                        "instead of a script")
    p.add_argument("--cypher-schema", choices=CYPHER_SCHEMAS, default=None,
                   help="cypher: start the script with Neo4j constraints (default), the "
                        "tables Ladybug and Kuzu need, or nothing")
    _add_filter_options(p)


def _add_filter_options(p: argparse.ArgumentParser) -> None:
    group = p.add_argument_group("filters (repeat an option to allow several values)")
    for name in FILTER_FIELDS:
        choices = VOCABULARIES[name]
        group.add_argument(f"--{name}", action="append", choices=choices, default=None,
                           help=f"keep only these ({', '.join(choices)})")
    group.add_argument("--min-level", choices=EVIDENCE_LEVELS, default=None,
                       help="keep only edges with at least this evidence level")


def _version() -> str:
    from mechgraph import __version__

    return __version__


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_DATA
    try:
        return args.func(args)
    except GraphDataError as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_DATA
    except (UsageError, QueryError, DiffError, EditError, ExportError) as exc:
        print(f"mechgraph: error: {exc}", file=sys.stderr)
        return EXIT_DATA
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug in mechgraph, not in the data
        if os.environ.get("MECHGRAPH_DEBUG"):
            traceback.print_exc()
        print(f"mechgraph: internal error: {type(exc).__name__}: {exc}\n"
              "This is a bug in mechgraph, not in your data; rerun with MECHGRAPH_DEBUG=1 "
              "to see the traceback, and report it.", file=sys.stderr)
        return EXIT_TOOL


def run() -> NoReturn:
    """Console-script entry point."""
    sys.exit(main())



