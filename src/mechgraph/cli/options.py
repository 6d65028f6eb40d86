"""What the commands share: exit codes, the bad-request error, the parser class, and the
option groups several commands take (``--graph``, ``--json``, the filters).

Only the standard library and the light :mod:`mechgraph.vocab` are imported here, so that
``mechgraph --help`` and ``mechgraph --version`` start fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from mechgraph.app.settings import ENV_GRAPH, default_graph
from mechgraph.errors import MechgraphError
from mechgraph.vocab import EVIDENCE_LEVELS, FILTER_FIELDS, VOCABULARIES

if TYPE_CHECKING:
    from mechgraph.query import Filter

__all__ = ["EXIT_DATA", "EXIT_OK", "EXIT_TOOL", "Parser", "UsageError", "example",
           "filter_options", "graph_dir", "graph_option", "json_option", "print_json",
           "read_filter"]

EXIT_OK, EXIT_DATA, EXIT_TOOL = 0, 1, 2


class UsageError(MechgraphError):
    """A bad request on the command line (exit code 1)."""


class Parser(argparse.ArgumentParser):
    """An argument parser that exits with code 1 on a bad request and, given ``setup``,
    adds its options only when it is first used (so one command's imports are not paid
    by every other command)."""

    def __init__(self, *args: Any, setup: Callable[[Parser], None] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._setup = setup

    def complete(self) -> Parser:
        """Add the options now if they are not there yet; return the parser."""
        setup, self._setup = self._setup, None
        if setup is not None:
            setup(self)
        return self

    def parse_known_args(self, args: Sequence[str] | None = None,
                         namespace: argparse.Namespace | None = None,
                         ) -> tuple[argparse.Namespace, list[str]]:
        self.complete()
        return super().parse_known_args(args, namespace)

    def format_help(self) -> str:
        self.complete()
        return super().format_help()

    def format_usage(self) -> str:
        self.complete()
        return super().format_usage()

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_DATA, f"{self.prog}: error: {message}\n")


def example(*lines: str) -> str:
    """A command's help epilog: ``Example:`` and one command a line.

    Examples
    --------
    >>> print(example("mechgraph validate graph"))
    Example:
      mechgraph validate graph
    """
    return "Example:\n" + "\n".join(f"  {line}" for line in lines)


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
        choices = VOCABULARIES[name]
        group.add_argument(f"--{name}", action="append", choices=choices, default=None,
                           help=f"keep only these ({', '.join(choices)})")
    group.add_argument("--min-level", choices=EVIDENCE_LEVELS, default=None,
                       help="keep only edges with at least this evidence level")


def read_filter(args: argparse.Namespace) -> Filter:
    """The :class:`~mechgraph.query.Filter` of the options of :func:`filter_options`."""
    from mechgraph.query import Filter

    return Filter.of_fields({name: getattr(args, name) for name in FILTER_FIELDS},
                            min_level=args.min_level)


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
