"""Commands that answer questions about the graph: ``paths``, ``explain``, ``show``,
``search``.

Each command is a parser function (its options and help) beside its handler, a few lines
over one library call.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from mechgraph.cli.options import (
    UsageError,
    filter_options,
    graph_dir,
    graph_option,
    json_option,
    print_json,
    read_filter,
    read_without,
    without_options,
)
from mechgraph.cli.parser import EXIT_OK, Parser, example
from mechgraph.graph import MechGraph, load_graph
from mechgraph.listing import matches_text, node_record, node_text, paths_text
from mechgraph.query import PathReport, find_paths, require_node

if TYPE_CHECKING:
    from mechgraph.whatif import WhatIf

__all__ = ["explain_parser", "paths_parser", "search_parser", "show_parser"]


def _path_options(p: Parser) -> None:
    """SOURCE TARGET, the length and number of paths, and the filters."""
    p.add_argument("source", metavar="SOURCE", help="the node the paths start from")
    p.add_argument("target", metavar="TARGET", help="the node the paths end at")
    p.add_argument("--max-length", type=int, default=6, metavar="N",
                   help="the most steps on a path (default 6)")
    p.add_argument("--limit", type=int, default=500, metavar="N",
                   help="the most paths to list (default 500)")
    filter_options(p)
    without_options(p)


def _paths_report(args: argparse.Namespace,
                  ) -> tuple[MechGraph, PathReport, WhatIf | None]:
    """The graph, the answer (with the blocked parts left out) and, when parts are
    blocked, what that changed."""
    kg = load_graph(graph_dir(args))
    flt = read_filter(args)
    nodes, edges = read_without(args)
    if nodes or edges:
        from mechgraph.whatif import blocked, what_if

        change = what_if(kg, args.source, args.target, without_nodes=nodes,
                         without_edges=edges, filter=flt, max_length=args.max_length,
                         limit=args.limit)
        return blocked(kg, nodes, edges), change.after, change
    return kg, find_paths(kg, args.source, args.target, max_length=args.max_length,
                          limit=args.limit, graph=flt.apply(kg.graph)), None


def paths_parser(p: Parser) -> None:
    """``mechgraph paths SOURCE TARGET``."""
    graph_option(p)
    json_option(p)
    _path_options(p)
    p.epilog = example("mechgraph paths acupuncture chronic_low_back_pain",
                       "mechgraph paths acupuncture chronic_low_back_pain --min-level low "
                       "--json",
                       "mechgraph paths acupuncture chronic_low_back_pain --without endorphins "
                       "--without mu_opioid_receptor_availability")
    p.set_defaults(func=cmd_paths)


def cmd_paths(args: argparse.Namespace) -> int:
    _, report, change = _paths_report(args)
    if args.json:
        print_json({**report.to_dict(),
                    **({} if change is None else {"what_if": change.to_dict()})})
    else:
        print(paths_text(report))
        if change is not None:
            from mechgraph.whatif import change_lines

            print("\n" + "\n".join(change_lines(change)))
    return EXIT_OK


def explain_parser(p: Parser) -> None:
    """``mechgraph explain SOURCE TARGET``."""
    from mechgraph.explain import AUDIENCES, FORMATS

    graph_option(p)
    _path_options(p)
    p.add_argument("--audience", choices=AUDIENCES, default="patient",
                   help="who reads it (default patient)")
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="text or markdown (default text)")
    p.epilog = example("mechgraph explain acupuncture chronic_low_back_pain",
                       "mechgraph explain acupuncture chronic_low_back_pain --audience "
                       "student --format markdown",
                       "mechgraph explain acupuncture chronic_low_back_pain --without "
                       "endorphins")
    p.set_defaults(func=cmd_explain)


def cmd_explain(args: argparse.Namespace) -> int:
    from mechgraph.explain import explain

    kg, report, change = _paths_report(args)
    sys.stdout.write(explain(kg, report, audience=args.audience, fmt=args.format))
    if change is not None:
        from mechgraph.whatif import change_lines

        lines = change_lines(change)
        if args.format == "markdown":
            lines = ["## What changed", "", *(f"    {line}" for line in lines)]
        elif args.format == "html":
            from html import escape

            lines = ["<h2>What changed</h2>",
                     f"<pre>{escape(chr(10).join(lines))}</pre>"]
        sys.stdout.write("\n" + "\n".join(lines) + "\n")
    return EXIT_OK


def show_parser(p: Parser) -> None:
    """``mechgraph show NODE``."""
    graph_option(p)
    json_option(p)
    p.add_argument("node", metavar="NODE", help="a node id")
    p.epilog = example("mechgraph show endorphins", "mechgraph show qi --json")
    p.set_defaults(func=cmd_show)


def cmd_show(args: argparse.Namespace) -> int:
    kg = load_graph(graph_dir(args))
    node_id = require_node(kg, args.node)
    if args.json:
        print_json(node_record(kg, node_id))
    else:
        print(node_text(kg, node_id))
    return EXIT_OK


def search_parser(p: Parser) -> None:
    """``mechgraph search TEXT``."""
    graph_option(p)
    json_option(p)
    p.add_argument("text", metavar="TEXT",
                   help="what to look for: a name, even misspelt, or a cross-reference "
                        "(MONDO:0005180, or just D010300)")
    p.add_argument("--limit", type=int, default=10, metavar="N",
                   help="the most matches to list (default 10)")
    p.epilog = example("mechgraph search endorfins", "mechgraph search 'back pain' --json",
                       "mechgraph search MESH:D004723")
    p.set_defaults(func=cmd_search)


def cmd_search(args: argparse.Namespace) -> int:
    from mechgraph.search import search

    if args.limit < 1:
        raise UsageError(f"--limit must be 1 or more, not {args.limit}")
    kg = load_graph(graph_dir(args))
    matches = search(kg.nodes, args.text, limit=args.limit)
    if args.json:
        print_json([m.to_dict() for m in matches])
    else:
        print(matches_text(matches, args.text))
    return EXIT_OK
