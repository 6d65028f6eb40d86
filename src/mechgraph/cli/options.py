"""What the commands share once one runs: the bad-request error, and the option groups
several commands take (``--graph``, ``--json``, the filters).

(What every start of ``mechgraph`` needs, the parser class and the exit codes, is in the
lighter :mod:`mechgraph.cli.parser`.)
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mechgraph.app.settings import ENV_GRAPH, default_graph
from mechgraph.errors import MechgraphError
from mechgraph.vocab import EVIDENCE_LEVELS, FILTER_FIELDS, FILTER_VOCABULARIES

if TYPE_CHECKING:
    from mechgraph.query import Filter

__all__ = ["UsageError", "filter_options", "graph_dir", "graph_option", "json_option",
           "print_json", "read_filter", "read_without", "without_options"]


class UsageError(MechgraphError):
    """A bad request on the command line (exit code 1)."""


def graph_option(p: argparse.ArgumentParser, *, positional: bool = False) -> None:
    """``--graph DIR`` (and, with ``positional``, the folder as an argument)."""
    if positional:
        p.add_argument("graph_dir", nargs="?", metavar="GRAPH_DIR",
                       help="the graph folder (same as --graph)")
    p.add_argument("--graph", metavar="DIR", default=None,
                   help=f"the graph folder (default: ${ENV_GRAPH} or ./graph)")


def json_option(p: argparse.ArgumentParser) -> None:
    """``--json``."""
    p.add_argument("--json", action="store_true", help="print JSON for scripts")


def filter_options(p: argparse.ArgumentParser) -> None:
    """The filters: one repeatable option per filter field, and ``--min-level``."""
    group = p.add_argument_group("filters (repeat an option to allow several values)")
    for name in FILTER_FIELDS:
        choices = FILTER_VOCABULARIES[name]
        group.add_argument(f"--{name}", action="append", choices=choices, default=None,
                           help=f"keep only these ({', '.join(choices)})")
    group.add_argument("--min-level", choices=EVIDENCE_LEVELS, default=None,
                       help="keep only edges with at least this evidence level")


def read_filter(args: argparse.Namespace) -> Filter:
    """The :class:`~mechgraph.query.Filter` of the options of :func:`filter_options`."""
    from mechgraph.query import Filter

    return Filter.of_fields({name: getattr(args, name) for name in FILTER_FIELDS},
                            min_level=args.min_level)


def without_options(p: argparse.ArgumentParser) -> None:
    """``--without NODE`` and ``--without-edge S,T,R``: the parts to block (what if?)."""
    group = p.add_argument_group("what if (the answer with parts blocked, and what changed)")
    group.add_argument("--without", action="append", default=[], metavar="NODE",
                       help="block this node and its edges (repeat for several)")
    group.add_argument("--without-edge", action="append", default=[], metavar="S,T,R",
                       help="block the edge SOURCE,TARGET,RELATION (repeat for several)")


def read_without(args: argparse.Namespace) -> tuple[list[str], list[tuple[str, str, str]]]:
    """The nodes and edges of :func:`without_options` (not yet checked against a graph)."""
    from mechgraph.whatif import parse_blocked_edge

    return list(args.without), [parse_blocked_edge(e) for e in args.without_edge]


def graph_dir(args: argparse.Namespace) -> Path:
    """The graph folder: the positional folder or ``--graph``, else the default."""
    positional = getattr(args, "graph_dir", None)
    if positional and args.graph and Path(positional) != Path(args.graph):
        raise UsageError(f"two graph folders given ('{positional}' and --graph "
                         f"'{args.graph}'); give one")
    return Path(positional or args.graph or default_graph())


def print_json(data: Any) -> None:
    """Print ``data`` as indented JSON, non-ASCII as it is."""
    print(json.dumps(data, indent=2, ensure_ascii=False))
