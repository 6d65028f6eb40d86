"""Commands that keep the graph right: ``validate``, ``stats``, ``fmt``, ``diff``, ``schema``,
``log``.

Each command is a parser function (its options and help) beside its handler, a few lines
over one library call.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mechgraph.cli.options import UsageError, graph_dir, graph_option, json_option, print_json
from mechgraph.cli.parser import EXIT_DATA, EXIT_OK, Parser, example
from mechgraph.graph import load_graph, validate_graph
from mechgraph.listing import stats_text, validate_record, validate_text

__all__ = ["diff_parser", "fmt_parser", "log_parser", "schema_parser", "stats_parser",
           "validate_parser"]


def validate_parser(p: Parser) -> None:
    """``mechgraph validate [GRAPH_DIR]``."""
    graph_option(p, positional=True)
    json_option(p)
    p.epilog = example("mechgraph validate graph", "mechgraph validate --json graph")
    p.set_defaults(func=cmd_validate)


def cmd_validate(args: argparse.Namespace) -> int:
    root = graph_dir(args)
    counts, problems = validate_graph(root)
    if args.json:
        print_json(validate_record(root, counts, problems))
    else:
        print(validate_text(root, counts, problems))
    return EXIT_DATA if problems else EXIT_OK


def stats_parser(p: Parser) -> None:
    """``mechgraph stats [GRAPH_DIR]``."""
    graph_option(p, positional=True)
    json_option(p)
    p.epilog = example("mechgraph stats graph", "mechgraph stats --graph graph --json")
    p.set_defaults(func=cmd_stats)


def cmd_stats(args: argparse.Namespace) -> int:
    root = graph_dir(args)
    stats = load_graph(root).stats()
    if args.json:
        print_json({"graph": str(root), **stats})
    else:
        print(stats_text(root, stats))
    return EXIT_OK


def diff_parser(p: Parser) -> None:
    """``mechgraph diff [OLD [NEW]]``."""
    graph_option(p)
    json_option(p)
    p.add_argument("old", nargs="?", default="HEAD", metavar="OLD",
                   help="a folder, or a git revision of the graph (default HEAD)")
    p.add_argument("new", nargs="?", default=None, metavar="NEW",
                   help="a folder or a git revision (default: the graph folder as it is on "
                        "disk); an existing folder wins over a revision")
    p.add_argument("--format", choices=("text", "markdown"), default="text",
                   help="text for a terminal, markdown for a pull request")
    p.add_argument("--exit-code", action="store_true",
                   help="exit 1 when there are differences (like git diff --exit-code)")
    p.epilog = example("mechgraph diff HEAD~1            (HEAD~1 against the working tree)",
                       "mechgraph diff main HEAD --format markdown",
                       "mechgraph diff old_graph/ graph/ --json")
    p.set_defaults(func=cmd_diff)


def cmd_diff(args: argparse.Namespace) -> int:
    from mechgraph.diff import diff_graphs, load_side

    graph = graph_dir(args)
    with load_side(args.old, graph) as (old, old_name), \
            load_side(args.new or str(graph), graph) as (new, new_name):
        diff = diff_graphs(old, new, old_name=old_name, new_name=new_name)
    if args.json:
        print_json(diff.to_dict())
    else:
        sys.stdout.write(diff.to_markdown() if args.format == "markdown" else diff.to_text())
    return EXIT_DATA if args.exit_code and diff else EXIT_OK


def fmt_parser(p: Parser) -> None:
    """``mechgraph fmt [PATH ...]``."""
    graph_option(p)
    json_option(p)
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files or folders to format (default: the graph folder)")
    p.add_argument("--check", action="store_true",
                   help="write nothing; list the files that would change with a diff, exit 1 "
                        "if any")
    p.epilog = example("mechgraph fmt", "mechgraph fmt --check graph",
                       "mechgraph fmt graph/mechanisms/endorphins.yaml")
    p.set_defaults(func=cmd_fmt)


def cmd_fmt(args: argparse.Namespace) -> int:
    from mechgraph.fmt import format_files

    # A FormatError (formatting would have changed a file's meaning) is an InternalError:
    # a bug, reported with exit code 2.
    report = format_files(args.paths or [graph_dir(args)], check=args.check)
    if args.json:
        print_json(report.to_dict())
    else:
        sys.stdout.write(report.to_text())
    return EXIT_OK if report.ok else EXIT_DATA


def schema_parser(p: Parser) -> None:
    """``mechgraph schema [--output FILE]``."""
    graph_option(p)
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead")
    p.epilog = example("mechgraph schema --output docs/mechgraph.schema.json")
    p.set_defaults(func=cmd_schema)


def cmd_schema(args: argparse.Namespace) -> int:
    from mechgraph.schema import json_schema_text

    text = json_schema_text()
    if not args.output:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write '{args.output}': {exc.strerror}") from exc
    return EXIT_OK


def log_parser(p: Parser) -> None:
    """``mechgraph log [--graph DIR] [--json] [-n N]``."""
    graph_option(p)
    json_option(p)
    p.add_argument("-n", "--number", type=int, default=None, metavar="N",
                   help="show only the last N edits")
    p.epilog = example("mechgraph log --graph graph -n 5", "mechgraph log --json")
    p.set_defaults(func=cmd_log)


def cmd_log(args: argparse.Namespace) -> int:
    from mechgraph.editlog import LOG_NAME, read_log

    root = graph_dir(args)
    if not root.is_dir():
        raise UsageError(f"{root}: no such graph folder; give the folder that holds the "
                         "graph's *.yaml files")
    if args.number is not None and args.number < 0:
        raise UsageError(f"-n {args.number}: give a number of edits, 0 or more")
    records = read_log(root)
    if args.number is not None:
        records = records[len(records) - args.number:] if args.number else []
    if args.json:
        print_json({"graph": str(root), "log": str(root / LOG_NAME),
                    "edits": [r.to_dict() for r in records]})
    elif records:
        print("\n\n".join(r.to_text() for r in records))
    else:
        print(f"{root}: no edits recorded yet ({LOG_NAME})")
    return EXIT_OK
