"""``mechgraph add ITEM``: add a node, reference, edge or evidence item, checked with the
whole graph before it is written; a value left out is asked for at a terminal.

The parser function (:func:`add_parser`, its options from :data:`ADD_OPTIONS` and the
models' field descriptions) is beside the handler, which is one call of :mod:`mechgraph.edit`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mechgraph.app.settings import ENV_GRAPH
from mechgraph.cli.options import UsageError, graph_dir, graph_option, json_option, print_json
from mechgraph.cli.parser import EXIT_DATA, EXIT_OK, Parser, example
from mechgraph.cli.prompt import ask, author, confirmed, interactive
from mechgraph.edit import EditResult, add_edge, add_evidence, add_node, add_reference
from mechgraph.errors import GraphDataError
from mechgraph.graph import load_graph
from mechgraph.listing import edit_record, edit_text
from mechgraph.model import (
    Edge,
    Evidence,
    Node,
    Reference,
    StrictModel,
    required_fields,
)
from mechgraph.vocab import VOCABULARIES

__all__ = ["ADD_OPTIONS", "add_parser"]

# The options of each `add` command: (option, what the value must be). A value is "text",
# "year", "new-id" (a node id not yet used), "new-key" (a reference key not yet used),
# "node" or "ref" (one in the graph, completed from it), "list" (repeatable text), or a
# vocabulary's name (its values are the choices). Which are required comes from the models.
ADD_FIELDS: dict[str, list[tuple[str, str]]] = {
    "node": [("id", "new-id"), ("label", "text"), ("kind", "kind"), ("framework", "framework"),
             ("description", "text"), ("plain", "text"), ("synonym", "list"),
             ("module", "text")],
    "reference": [("key", "new-key"), ("title", "text"), ("authors", "text"), ("year", "year"),
                  ("journal", "text"), ("design", "design"), ("subjects", "subjects"),
                  ("doi", "text"), ("pmid", "text"), ("url", "text"), ("note", "text")],
    "edge": [("source", "node"), ("target", "node"), ("relation", "relation"),
             ("description", "text"), ("claimed_by", "text"), ("curated_in", "text"),
             ("definitional", "flag"), ("ref", "ref"), ("stance", "stance"), ("finding", "text"),
             ("comparison", "comparison"), ("quote", "text")],
    "evidence": [("source", "node"), ("target", "node"), ("relation", "relation"),
                 ("ref", "ref"), ("stance", "stance"), ("finding", "text"),
                 ("comparison", "comparison"), ("quote", "text")],
}
MODELS: dict[str, tuple[type[StrictModel], ...]] = {
    "node": (Node,), "reference": (Reference,), "edge": (Edge, Evidence),
    "evidence": (Edge, Evidence)}
"""The models whose fields each command fills (a new edge comes with its first evidence)."""


EVIDENCE_FIELDS = tuple(Evidence.model_fields)
"""The options of ``add edge`` and ``add evidence`` that make the evidence item (not needed
for an edge that is ``--claimed-by`` someone or ``--curated-in`` a knowledge base, and not
allowed for a ``--definitional`` one)."""


def _year(value: str) -> int | str:
    """A ``--year``: a whole number, or ``unknown``."""
    if value == "unknown":
        return value
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{value}' is not a year: give a whole number such as 2004, or 'unknown'"
        ) from None


def _required(item: str, name: str) -> bool:
    """Whether ``mechgraph add ITEM`` needs the option ``name``: a field the models require,
    or the new reference's key."""
    return name == "key" or any(name in required_fields(m) for m in MODELS[item])


ADD_OPTIONS: dict[str, list[tuple[str, str, bool]]] = {
    item: [(name, kind, _required(item, name)) for name, kind in spec]
    for item, spec in ADD_FIELDS.items()}
"""(option, what the value must be, required) for each command."""


def _add_values(args: argparse.Namespace, root: Path) -> dict[str, Any]:
    """The values of the options of ``mechgraph add ITEM``, asking for missing ones at a
    terminal; without one, a missing value is an error naming every missing option."""
    spec = ADD_OPTIONS[args.item]
    unstudied = args.item == "edge" and (args.claimed_by or args.curated_in
                                         or args.definitional)
    missing = [(name, kind) for name, kind, required in spec
               if required and getattr(args, name) is None
               and not (unstudied and name in EVIDENCE_FIELDS)]
    if missing and not interactive():
        alternative = (", or mark an edge with no study --claimed-by WHO, --curated-in "
                       "SOURCE or --definitional" if args.item == "edge" else "")
        raise UsageError("missing " + ", ".join(f"--{name}" for name, _ in missing)
                         + f" (give them, or run in a terminal to be asked for them"
                         f"{alternative})")
    kg = load_graph(root, allow_empty=True) if missing else None  # the first item: none yet
    values = {name: getattr(args, name) for name, _, _ in spec}
    for name, kind in missing:
        answer = ask(f"--{name}", kind, kg)  # type: ignore[arg-type]
        values[name] = int(answer) if kind == "year" and answer.isdigit() else answer
    return values


def cmd_add(args: argparse.Namespace) -> int:
    try:
        return _add(args)
    except GraphDataError as exc:
        print(f"{exc.report()}\nnothing was written (lines are those of the file with the "
              "new item)", file=sys.stderr)
        return EXIT_DATA


def _add(args: argparse.Namespace) -> int:
    root = graph_dir(args)
    v = _add_values(args, root)
    options: dict[str, Any] = {"author": author(args, root)}
    if args.item != "evidence":  # evidence goes to the file that defines its edge
        options["file"] = args.file
    evidence = {name: v[name] for name in EVIDENCE_FIELDS if v.get(name) is not None}
    synonyms = v.pop("synonym", None) or []
    key = v.pop("key", None)

    def edit(dry_run: bool) -> EditResult:
        if args.item == "node":
            return add_node(root, {**v, "synonyms": synonyms}, dry_run=dry_run, **options)
        if args.item == "reference":
            return add_reference(root, key, v, dry_run=dry_run, **options)
        if args.item == "edge":
            return add_edge(root, {"source": v["source"], "target": v["target"],
                                   "relation": v["relation"], "description": v["description"],
                                   "evidence": [evidence] if evidence else [],
                                   "claimed_by": v["claimed_by"],
                                   "curated_in": v["curated_in"],
                                   "definitional": v["definitional"] or None},
                            dry_run=dry_run, **options)
        return add_evidence(root, v["source"], v["target"], v["relation"], evidence,
                            dry_run=dry_run, **options)

    result = confirmed(args, edit)
    if result is None:
        return EXIT_OK
    for warning in result.warnings:  # an expectation the edit breaks (made all the same)
        print(warning, file=sys.stderr)
    if args.json:
        print_json(edit_record(result))
    else:
        print(edit_text(result))
    return EXIT_OK


def _option_help(item: str, name: str, required: bool) -> str:
    """An option's help: the model field's description, and whether it is required."""
    if name == "key":
        text = "The citation key, a slug such as 'han2004'."
    else:
        field = "synonyms" if name == "synonym" else name
        model = {"node": Node, "reference": Reference}.get(item, Edge)
        if field not in model.model_fields:
            model = Evidence
        text = model.model_fields[field].description or ""
        if name == "synonym":
            text += " Repeat for several."
    return f"{'(required) ' if required else ''}{text}".replace("%", "%%")


def add_parser(add: Parser) -> None:
    """``mechgraph add ITEM``: one command per kind of item, from :data:`ADD_OPTIONS`."""
    graph_option(add)
    add.epilog = example("mechgraph add edge --source acupuncture --target serotonin "
                         "--relation associated_with --ref zhang2014 --stance supports "
                         "--finding 'It rose.'", "mechgraph add evidence --help")
    add.set_defaults(func=cmd_add)
    items = add.add_subparsers(dest="item", metavar="ITEM", parser_class=Parser,
                               required=True)
    examples = {
        "node": "mechgraph add node --id substance_p --label 'Substance P' --kind mediator",
        "reference": "mechgraph add reference --key example2024 --title 'A title' "
                     "--authors 'Doe J' --year 2024 --journal 'J Ex 1:1' --design rct "
                     "--url https://example.org/a",
        "edge": "mechgraph add edge --source acupuncture --target serotonin --relation "
                "associated_with --ref zhang2014 --stance supports --finding 'It rose.'",
        "evidence": "mechgraph add evidence --source acupuncture --target endorphins "
                    "--relation increases --ref zhao2008 --stance supports --finding "
                    "'It rose.' --dry-run",
    }
    for item, spec in ADD_OPTIONS.items():
        what = {"node": "a node", "reference": "a reference",
                "edge": "an edge with its first evidence item",
                "evidence": "an evidence item to an edge (in the file that defines it)"}[item]
        p = items.add_parser(item, help=f"add {what}",
                             description=f"Add {what}; missing values are asked for at a "
                             "terminal.",
                             epilog=f"Example:\n  {examples[item]}",
                             formatter_class=argparse.RawDescriptionHelpFormatter)
        for name, kind, required in spec:
            flags: dict[str, Any] = {"metavar": kind.upper().replace("-", "_"),
                                     "help": _option_help(item, name, required)}
            if kind in VOCABULARIES:
                flags.update(choices=VOCABULARIES[kind], metavar=None)
            elif kind == "year":
                flags["type"] = _year
            elif kind == "list":
                flags.update(action="append")
            elif kind == "flag":
                flags = {"action": "store_true", "default": None, "help": flags["help"]}
            p.add_argument(f"--{name.replace('_', '-')}", **flags)
        if item != "evidence":
            p.add_argument("--file", metavar="PATH",
                           help="the .yaml file inside the graph folder to write (a new one "
                                "is made; default: see README)")
        p.add_argument("--graph", metavar="DIR", default=argparse.SUPPRESS,
                       help=f"the graph folder (default: ${ENV_GRAPH} or ./graph)")
        p.add_argument("--dry-run", action="store_true",
                       help="print what would be added and where; write nothing")
        p.add_argument("--author", metavar="NAME",
                       help="who makes the edit, for the edit record (default: git config "
                            "user.name in the graph folder; asked at a terminal)")
        json_option(p)
