"""``mechgraph compare CONDITION``: treatments for a condition, ranked by their clinical
evidence, as a table (text or Markdown), JSON, or the printable one-page handout (HTML, or
PDF with ``--output FILE.pdf``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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

__all__ = ["compare_parser"]

FORMATS = ("text", "markdown", "html")


def compare_parser(p: Parser) -> None:
    """``mechgraph compare CONDITION``."""
    graph_option(p)
    json_option(p)
    p.add_argument("condition", metavar="CONDITION", help="the condition's node id")
    p.add_argument("--treatment", action="append", default=None, metavar="ID",
                   help="a treatment to compare (repeat for several; default: every "
                        "treatment that reaches the condition)")
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="text, markdown, or html: the printable one-page handout "
                        "(default text)")
    p.add_argument("--output", metavar="FILE", default=None,
                   help="write to FILE instead of printing; a FILE ending in .pdf gets the "
                        "handout as a one-page PDF (needs Chromium)")
    p.add_argument("--paper", choices=("A4", "letter"), default="A4",
                   help="the paper of a PDF (default A4)")
    p.add_argument("--max-length", type=int, default=6, metavar="N",
                   help="the most steps on a mechanism pathway (default 6)")
    filter_options(p)
    without_options(p)
    p.epilog = example("mechgraph compare chronic_low_back_pain",
                       "mechgraph compare chronic_low_back_pain --treatment acupuncture "
                       "--format markdown",
                       "mechgraph compare chronic_low_back_pain --format html --output "
                       "compare.html",
                       "mechgraph compare chronic_low_back_pain --output compare.pdf",
                       "mechgraph compare chronic_low_back_pain --without endorphins")
    p.set_defaults(func=cmd_compare)


def cmd_compare(args: argparse.Namespace) -> int:
    from mechgraph.compare import compare
    from mechgraph.graph import load_graph

    output = Path(args.output) if args.output else None
    pdf = output is not None and output.suffix.lower() == ".pdf"
    if pdf and (args.json or args.format not in ("text", "html")):
        raise UsageError("a .pdf output is the handout: leave out --json and --format, or "
                         "write to a .html, .md or .txt file")
    nodes, edges = read_without(args)
    if (nodes or edges) and (pdf or args.format == "html"):
        raise UsageError("the printable comparison is of the whole graph: leave out --without "
                         "and --without-edge, or ask for text, markdown or --json")
    kg = load_graph(graph_dir(args))
    flt = read_filter(args)
    change = None
    if nodes or edges:
        from mechgraph.whatif import blocked, compare_what_if

        change = compare_what_if(kg, args.condition, args.treatment, flt, without_nodes=nodes,
                                 without_edges=edges, max_length=args.max_length)
        kg, result = blocked(kg, nodes, edges), change.after
    else:
        result = compare(kg, args.condition, args.treatment, flt, max_length=args.max_length)
    if output is not None and pdf:
        from mechgraph.compare_handout import render_comparison_pdf

        _write(output, render_comparison_pdf(kg, result, paper=args.paper))
        return EXIT_OK
    if args.json:
        data = {**result.to_dict(), **({} if change is None else {"what_if": change.to_dict()})}
        if output is not None:
            import json

            _write(output, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())
        else:
            print_json(data)
        return EXIT_OK
    if args.format == "html":
        from mechgraph.compare_handout import render_comparison

        text = render_comparison(kg, result)
    else:
        from mechgraph.compare_text import comparison_text

        text = comparison_text(kg, result, fmt=args.format)
        if change is not None:
            block = change.lines()
            if args.format == "markdown":
                block = ["## What changed", "", *(f"    {line}" for line in block)]
            text = text.rstrip("\n") + "\n\n" + "\n".join(block) + "\n"
    if output is not None:
        _write(output, text.encode())
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as err:
        raise UsageError(f"{path}: cannot write: {err.strerror or err}") from err
