"""``mechgraph export FORMAT``: the graph, or a filtered, focused or pathway part of it, in
a format other tools load.

The parser function is beside the handler, which is one call of :mod:`mechgraph.export`.
"""

from __future__ import annotations

import argparse
import sys

from mechgraph.cli.options import filter_options, graph_dir, graph_option, read_filter
from mechgraph.cli.parser import EXIT_OK, Parser, example
from mechgraph.export import FORMATS, export_graph, select_view
from mechgraph.export.cypher import SCHEMAS as CYPHER_SCHEMAS
from mechgraph.graph import load_graph
from mechgraph.query import DIRECTIONS

__all__ = ["export_parser"]


def export_parser(p: Parser) -> None:
    """``mechgraph export FORMAT``."""
    graph_option(p)
    p.add_argument("format", metavar="FORMAT", choices=FORMATS,
                   help="; ".join(f"{f.name}: {f.help}" for f in FORMATS.values()))
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
    filter_options(p)
    p.epilog = example("mechgraph export graphml --out mechgraph.graphml",
                       "mechgraph export cytoscape --focus endorphins --depth 2 > "
                       "endorphins.cyjs",
                       "mechgraph export kgx --min-level low --out kgx/",
                       "mechgraph export mermaid --source acupuncture --target "
                       "chronic_low_back_pain",
                       "mechgraph export cypher --neo4j-csv --out neo4j-import/")
    p.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    kg = load_graph(graph_dir(args))
    view = select_view(kg, filter=read_filter(args), focus_node=args.focus, depth=args.depth,
                       direction=args.direction, source=args.source, target=args.target,
                       max_length=args.max_length)
    options = {"neo4j_csv": args.neo4j_csv, "schema": args.cypher_schema}
    result = export_graph(kg, args.format, args.out, graph=view, **options)
    if isinstance(result, str):
        sys.stdout.write(result)
    else:
        print(f"wrote {', '.join(str(path) for path in result)}")
    return EXIT_OK
