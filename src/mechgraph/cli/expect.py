"""``mechgraph check``: validate the graph, then check every expectation it states."""

from __future__ import annotations

import argparse

from mechgraph.cli.options import graph_dir, graph_option, json_option, print_json
from mechgraph.cli.parser import EXIT_DATA, EXIT_OK, Parser, example

__all__ = ["check_parser"]


def check_parser(p: Parser) -> None:
    """``mechgraph check [GRAPH_DIR]``."""
    graph_option(p, positional=True)
    json_option(p)
    p.epilog = example("mechgraph check graph", "mechgraph check --graph graph --json")
    p.set_defaults(func=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    from mechgraph.errors import GraphDataError
    from mechgraph.expectations import check_expectations, check_record, check_text
    from mechgraph.graph import load_graph
    from mechgraph.listing import validate_record, validate_text

    root = graph_dir(args)
    try:
        kg = load_graph(root)
    except GraphDataError as exc:  # validation first: its errors as validate prints them
        if args.json:
            print_json({**validate_record(root, None, exc.problems), "results": []})
        else:
            print(validate_text(root, None, exc.problems))
        return EXIT_DATA
    results = check_expectations(kg)
    if args.json:
        print_json(check_record(root, results))
    else:
        print(check_text(root, results))
    return EXIT_OK if all(r.passed for r in results) else EXIT_DATA
