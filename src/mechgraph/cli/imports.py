"""``mechgraph import SOURCE ...``: curated knowledge from another resource, written as a
graph folder that ``mechgraph validate`` accepts, with a report of what was kept, mapped
and dropped.

One subcommand per source (:data:`IMPORTERS`); each is one call of an importer of
:mod:`mechgraph.importers`.
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from mechgraph.cli.options import graph_option, json_option, print_json
from mechgraph.cli.parser import EXIT_OK, Parser, example

__all__ = ["IMPORTERS", "import_parser"]

IMPORTERS: dict[str, tuple[str, tuple[tuple[str, str], ...], str, str]] = {
    "drugmechdb": (
        "mechgraph.importers.drugmechdb",
        (("INDICATION_PATHS_YAML", "DrugMechDB's indication_paths.yaml"),),
        "DrugMechDB (SuLab/DrugMechDB): curated drug -> target -> ... -> disease paths",
        "mechgraph import drugmechdb indication_paths.yaml drugmechdb_graph/"),
    "dismech": (
        "mechgraph.importers.dismech",
        (("KB_DISORDERS_DIR", "dismech's kb/disorders folder (or one disorder file)"),),
        "dismech (monarch-initiative/dismech): disorders, their mechanisms, phenotypes and "
        "evidence",
        "mechgraph import dismech dismech/kb/disorders dismech_graph/"),
    "kgx": (
        "mechgraph.importers.kgx",
        (("NODES_TSV", "the KGX nodes file"), ("EDGES_TSV", "the KGX edges file")),
        "KGX TSV (Biolink), such as 'mechgraph export kgx' writes",
        "mechgraph import kgx kgx/nodes.tsv kgx/edges.tsv kgx_graph/"),
}
"""Each source: the importer module (its ``import_<source>`` function), its positional
arguments (name, help), the one-line help and an example."""


def import_parser(p: Parser) -> None:
    """``mechgraph import SOURCE ...``."""
    sub = p.add_subparsers(dest="source", metavar="SOURCE", parser_class=Parser,
                           required=True)
    for name, (_, args, help_text, ex) in IMPORTERS.items():
        s = sub.add_parser(name, help=help_text, description=help_text + ".",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        for metavar, arg_help in args:
            s.add_argument(metavar.lower(), metavar=metavar, type=Path, help=arg_help)
        s.add_argument("out", nargs="?", type=Path, default=None, metavar="OUT",
                       help="the graph folder to write (new or empty; same as --graph)")
        graph_option(s)
        s.add_argument("--force", action="store_true",
                       help="replace OUT if it is not empty (all of it)")
        json_option(s)
        s.epilog = example(ex, ex.replace(f"import {name}", f"import {name} --json", 1))
        s.set_defaults(func=cmd_import, importer=name)
    p.epilog = example(*(ex for *_, ex in IMPORTERS.values()))


def cmd_import(args: argparse.Namespace) -> int:
    from mechgraph.cli.options import graph_dir

    module, positionals, _, _ = IMPORTERS[args.importer]
    inputs = [getattr(args, metavar.lower()) for metavar, _ in positionals]
    args.graph_dir = args.out
    out = graph_dir(args)
    run = getattr(importlib.import_module(module), f"import_{args.importer}")
    report = run(*inputs, out, force=args.force)
    if args.json:
        print_json({"out": str(out), **report.to_dict()})
    else:
        print(report.text())
        print(f"wrote {out}; check it with: mechgraph validate {out}")
    return EXIT_OK
