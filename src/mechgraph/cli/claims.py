"""``mechgraph claims``: the claims of source texts, beside what the evidence says."""

from __future__ import annotations

import argparse
import sys

from mechgraph.cli.options import (
    filter_options,
    graph_dir,
    graph_option,
    json_option,
    print_json,
    read_filter,
)
from mechgraph.cli.parser import EXIT_OK, Parser, example

TYPE_CHECKING = False
if TYPE_CHECKING:
    from mechgraph.kg import MechGraph

__all__ = ["claims_parser"]


def claims_parser(p: Parser) -> None:
    """``mechgraph claims [SOURCE]``."""
    from mechgraph.claimtext import FORMATS

    graph_option(p)
    json_option(p)
    p.add_argument("source", nargs="?", metavar="SOURCE",
                   help="a source key (default: every source of the graph)")
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="text or markdown (default text)")
    filter_options(p)
    p.epilog = example("mechgraph claims", "mechgraph claims clinic_article --json",
                       "mechgraph claims clinic_article --comparison sham")
    p.set_defaults(func=cmd_claims)


def cmd_claims(args: argparse.Namespace) -> int:
    from mechgraph.claims import claim_verdicts
    from mechgraph.claimtext import claims_text
    from mechgraph.graph import load_graph

    kg = load_graph(graph_dir(args))
    verdicts = claim_verdicts(kg, args.source, filter=read_filter(args))
    if args.json:
        print_json({"graph": str(graph_dir(args)), "source": args.source,
                    "sources": {key: _source_record(kg, key) for key in dict.fromkeys(
                        v.source for v in verdicts)},
                    "claims": [v.to_dict() for v in verdicts]})
    else:
        sys.stdout.write(claims_text(kg, verdicts, args.format))
    return EXIT_OK


def _source_record(kg: MechGraph, key: str) -> dict[str, object]:
    text = kg.sources[key]
    return {"title": text.title, "kind": text.kind, "publisher": text.publisher,
            "url": text.url, "accessed": text.accessed, "note": text.note}
