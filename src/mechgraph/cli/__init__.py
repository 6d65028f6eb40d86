"""The ``mechgraph`` command line: a few lines over one library call per command.

Exit codes: 0 fine, 1 bad data or a bad request (with a clear message), 2 a failure of the
tool itself (a bug: a short message asking for a report, the traceback only with
``MECHGRAPH_DEBUG=1``). Every command takes ``--graph DIR`` (default ``./graph``, or the
``MECHGRAPH_GRAPH`` environment variable); ``validate`` and ``stats`` also take the folder
as a positional argument. Commands that print results take ``--json``.

Each command's options and help are a parser function beside its handler, in the module
of its group (:data:`COMMANDS`); a module is imported only when its command runs or its
help is asked for, so ``mechgraph --help`` imports neither NetworkX nor the models.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from mechgraph.cli.parser import EXIT_DATA, EXIT_OK, EXIT_TOOL, Parser

TYPE_CHECKING = False  # typing itself is not imported at run time: start-up is measured
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import NoReturn

__all__ = ["COMMANDS", "build_parser", "main", "run"]

COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("check", "check every file of the graph; print errors compiler-style"),
    "stats": ("check", "count nodes by kind and framework, edges by relation and evidence "
                       "level, references by design"),
    "paths": ("browse", "list the paths from SOURCE to TARGET with their net effect and "
                        "evidence"),
    "explain": ("browse", "explain how SOURCE may affect TARGET, for a patient or a student"),
    "compare": ("compare", "compare treatments for a condition, ranked by their clinical "
                           "evidence: a table, a section per treatment, or a printable "
                           "handout"),
    "show": ("browse", "show a node, its edges in and out, and their evidence"),
    "search": ("browse", "find nodes by id, label or synonym (forgiving case, accents and "
                         "typos)"),
    "claims": ("claims", "list the claims of a source text (a clinic web page) beside what "
                         "the evidence in the graph says of each"),
    "diff": ("check", "list the nodes, edges, evidence and references added, removed and "
                      "changed between two graph folders or two git revisions of the graph"),
    "fmt": ("check", "rewrite graph files in canonical form (key order, indentation, blank "
                     "lines), keeping comments and meaning"),
    "schema": ("check", "print the JSON Schema of a graph file (for editor completion)"),
    "add": ("add", "add a node, reference, edge or evidence item; checked with the whole "
                   "graph before it is written"),
    "set": ("change", "change fields of a node, edge, evidence item or reference in place; "
                      "checked with the whole graph before it is written"),
    "remove": ("change", "remove a node, edge, evidence item or reference (refused while "
                         "others use it, unless --cascade)"),
    "rename": ("change", "rename a node or reference, rewriting every use in every file in "
                         "one step"),
    "export": ("export", "write the graph, or a filtered, focused or pathway part of it, in "
                         "a format other tools load"),
    "import": ("imports", "write a graph folder from DrugMechDB, dismech or KGX files, and "
                          "report what was kept, mapped and dropped"),
}
"""Every command, in the order ``--help`` lists them: the module under ``mechgraph.cli``
that defines ``NAME_parser`` (its options, help example and handler), and its one-line help.
"""


def _setup(name: str, module: str) -> Callable[[Parser], None]:
    def setup(p: Parser) -> None:
        getattr(importlib.import_module(f"mechgraph.cli.{module}"), f"{name}_parser")(p)

    return setup


def build_parser(*, lazy: bool = False) -> argparse.ArgumentParser:
    """The argument parser of every command (used by the docs tests too).

    With ``lazy``, a command's options are added (and its module imported) only when the
    command is parsed or its help is printed; otherwise all of them at once.
    """
    from mechgraph import __version__

    parser = Parser(prog="mechgraph",
                    description="A curated, evidence-graded mechanism knowledge graph.",
                    epilog="Example: mechgraph validate graph",
                    formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name, (module, help_text) in COMMANDS.items():
        description = help_text[:1].upper() + help_text[1:] + "."
        p = sub.add_parser(name, help=help_text, description=description,
                           formatter_class=argparse.RawDescriptionHelpFormatter,
                           setup=_setup(name, module))
        if not lazy:
            p.complete()
    return parser


def _bug(what: str) -> int:
    if os.environ.get("MECHGRAPH_DEBUG"):
        import traceback

        traceback.print_exc()
    print(f"mechgraph: internal error: {what}\n"
          "This is a bug in mechgraph, not in your data; rerun with MECHGRAPH_DEBUG=1 to see "
          "the traceback, and report it.", file=sys.stderr)
    return EXIT_TOOL


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser(lazy=True)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_DATA
    from mechgraph.errors import GraphDataError, InternalError, MechgraphError

    try:
        return args.func(args)
    except GraphDataError as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_DATA
    except MechgraphError as exc:
        print(f"mechgraph: error: {exc}", file=sys.stderr)
        return EXIT_DATA
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except InternalError as exc:
        return _bug(str(exc))
    except Exception as exc:  # a bug in mechgraph, not in the data
        return _bug(f"{type(exc).__name__}: {exc}")


def run() -> NoReturn:
    """Console-script entry point."""
    # mechgraph uses no pydantic plugins: do not scan every installed package for them
    # (the first model validated would, costing about 1x a bare ``import yaml``).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    sys.exit(main())
