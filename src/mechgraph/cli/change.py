"""``mechgraph set``, ``remove`` and ``rename``: change, remove and rename what the graph
holds, checked with the whole graph before anything is written; an item's identity left
out is asked for at a terminal.

The parser functions are beside their handlers, each one call of :mod:`mechgraph.change`.
Every command prints one line per file changed (``file:line: what``) or, with ``--json``,
the record of :func:`change_record`.
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
from mechgraph.edit import EditResult
from mechgraph.errors import GraphDataError
from mechgraph.graph import load_graph
from mechgraph.model import Edge, Evidence, Node, Reference
from mechgraph.vocab import VOCABULARIES

__all__ = ["SET_OPTIONS", "change_record", "change_text", "remove_parser", "rename_parser",
           "set_parser"]

# Each item's identity: (option or positional, what it is). "node"/"ref" complete from the
# graph at the prompt; "new-id"/"new-key" must not be used yet.
IDENTITY: dict[str, list[tuple[str, str]]] = {
    "node": [("id", "node")],
    "edge": [("source", "node"), ("target", "node"), ("relation", "relation")],
    "evidence": [("source", "node"), ("target", "node"), ("relation", "relation"),
                 ("ref", "ref")],
    "reference": [("key", "ref")],
}
POSITIONAL = {"id", "key"}

SET_OPTIONS: dict[str, list[tuple[str, str, str]]] = {
    "node": [("label", "label", "text"), ("kind", "kind", "kind"),
             ("framework", "framework", "framework"), ("description", "description", "text"),
             ("plain", "plain", "text"), ("synonym", "synonyms", "list"),
             ("xref", "xrefs", "list"), ("module", "module", "text"),
             ("control", "control", "flag")],
    "edge": [("new_relation", "relation", "relation"), ("description", "description", "text"),
             ("plain", "plain", "text"), ("claimed_by", "claimed_by", "text"),
             ("curated_in", "curated_in", "text"), ("definitional", "definitional", "flag")],
    "evidence": [("new_ref", "ref", "text"), ("stance", "stance", "stance"),
                 ("finding", "finding", "text"), ("comparison", "comparison", "comparison"),
                 ("quote", "quote", "text")],
    "reference": [("title", "title", "text"), ("authors", "authors", "text"),
                  ("year", "year", "year"), ("journal", "journal", "text"),
                  ("design", "design", "design"), ("subjects", "subjects", "subjects"),
                  ("doi", "doi", "text"), ("pmid", "pmid", "text"), ("url", "url", "text"),
                  ("note", "note", "text")],
}
"""The options of each ``set`` command: (option, the model field it sets, what it is)."""

MODELS = {"node": Node, "edge": Edge, "evidence": Evidence, "reference": Reference}


# --- the output -----------------------------------------------------------------------------


def _files(result: EditResult) -> list[EditResult]:
    return [result, *result.others]


def change_record(result: EditResult) -> dict[str, Any]:
    """The JSON of ``mechgraph set|remove|rename ... --json``: ``summary`` (one line),
    ``file`` and ``line`` of the item (its new text in ``text``; ``""`` for a removal),
    ``removed`` (``file:line: what`` of everything a removal takes away, the item
    first), ``files`` (every file changed), ``written`` (false for a dry run) and
    ``warnings`` (the expectations the edit breaks, as :func:`mechgraph.check_expectations`
    words them; the edit is made all the same)."""
    head, *rest = result.summary.split("\n")
    return {"summary": head, "file": str(result.path), "line": result.line,
            "text": result.added, "removed": [line.strip() for line in rest],
            "files": [str(r.path) for r in _files(result) if r.before != r.after],
            "written": result.written, "warnings": list(result.warnings)}


def change_text(result: EditResult, verb: str) -> str:
    """What the commands print: where and what, then the lines removed or the other files;
    for a dry run, ``would ...`` and the item's new text."""
    head, *rest = result.summary.split("\n")
    if not result.written:
        head = f"would {verb} " + head.split(" ", 1)[1] + " (dry run, nothing written)"
    lines = [f"{result.path}:{result.line}: {head}" if result.added else head, *rest]
    lines += [f"  {r.path}: changed too" for r in result.others if r.before != r.after
              and not rest]
    if not result.written and result.added:
        lines.append(result.added.rstrip("\r\n"))
    return "\n".join(lines)


# --- the values -----------------------------------------------------------------------------


def _identity(args: argparse.Namespace, root: Path, names: list[tuple[str, str]],
              extra: list[str] | None = None) -> dict[str, str]:
    """The item's identity (and ``extra`` problems), asking at a terminal for what is
    missing; else every missing value and problem named in one error."""
    missing = [(n, kind) for n, kind in names if getattr(args, n, None) is None]
    problems = [f"missing {', '.join(_flag(n) for n, _ in missing)} (give them, or run in "
                "a terminal to be asked for them)"] if missing else []
    problems += extra or []
    if problems and (extra or not interactive()):
        raise UsageError("; ".join(problems))
    values = {n: getattr(args, n, None) for n, _ in names}
    if missing:
        kg = load_graph(root, allow_empty=True)
        for n, kind in missing:
            values[n] = ask(_flag(n), kind, kg)
    return values


def _flag(name: str) -> str:
    return name.upper() if name in POSITIONAL or name in ("old", "new") else (
        "--" + name.replace("_", "-"))


def _year(value: str) -> int | str:
    return int(value) if value.isdigit() else value


def _changes(args: argparse.Namespace) -> tuple[dict[str, Any], list[str]]:
    """The changes asked for, and the problems with them."""
    changes: dict[str, Any] = {}
    problems = []
    for option, field, kind in SET_OPTIONS[args.item]:
        value = getattr(args, option)
        if value is not None:
            changes[field] = _year(value) if kind == "year" else value
    for field in args.unset or []:
        if field in changes:
            problems.append(f"--unset {field} and a new value for it: give one")
        changes[field] = None
    if not changes and not problems:
        flags = ", ".join(f"--{o.replace('_', '-')}" for o, _, _ in SET_OPTIONS[args.item])
        problems.append(f"nothing to change: give at least one of {flags} or --unset FIELD")
    return changes, problems


# --- the handlers ---------------------------------------------------------------------------


def _run(func: Any, args: argparse.Namespace) -> int:
    try:
        return int(func(args))
    except GraphDataError as exc:
        print(f"{exc.report()}\nnothing was written (lines are those of the files as the "
              "edit would leave them)", file=sys.stderr)
        return EXIT_DATA


def _print(args: argparse.Namespace, result: EditResult | None, verb: str) -> int:
    if result is None:  # declined at the terminal: nothing written
        return EXIT_OK
    for warning in result.warnings:  # an expectation the edit breaks (made all the same)
        print(warning, file=sys.stderr)
    if args.json:
        print_json(change_record(result))
    else:
        print(change_text(result, verb))
    return EXIT_OK


def cmd_set(args: argparse.Namespace) -> int:
    return _run(_set, args)


def _set(args: argparse.Namespace) -> int:
    from mechgraph import change

    root = graph_dir(args)
    changes, problems = _changes(args)
    who = _identity(args, root, IDENTITY[args.item], problems)
    name = author(args, root)

    def edit(dry_run: bool) -> EditResult:
        common: dict[str, Any] = {"dry_run": dry_run, "author": name}
        if args.item == "node":
            return change.set_node(root, who["id"], changes, **common)
        if args.item == "reference":
            return change.set_reference(root, who["key"], changes, **common)
        if args.item == "edge":
            return change.set_edge(root, who["source"], who["target"], who["relation"],
                                   changes, **common)
        return change.set_evidence(root, who["source"], who["target"], who["relation"],
                                   who["ref"], changes, index=args.index, **common)

    result = confirmed(args, edit)
    return _print(args, result, "change")


def cmd_remove(args: argparse.Namespace) -> int:
    return _run(_remove, args)


def _remove(args: argparse.Namespace) -> int:
    from mechgraph import change

    root = graph_dir(args)
    who = _identity(args, root, IDENTITY[args.item])
    name = author(args, root)

    def edit(dry_run: bool) -> EditResult:
        common: dict[str, Any] = {"dry_run": dry_run, "author": name}
        if args.item != "evidence":
            common["cascade"] = args.cascade
        if args.item == "node":
            return change.remove_node(root, who["id"], **common)
        if args.item == "reference":
            return change.remove_reference(root, who["key"], **common)
        if args.item == "edge":
            return change.remove_edge(root, who["source"], who["target"], who["relation"],
                                      **common)
        return change.remove_evidence(root, who["source"], who["target"], who["relation"],
                                      who["ref"], index=args.index, **common)

    result = confirmed(args, edit)
    return _print(args, result, "remove")


def cmd_rename(args: argparse.Namespace) -> int:
    return _run(_rename, args)


def _rename(args: argparse.Namespace) -> int:
    from mechgraph import change

    root = graph_dir(args)
    new_kind = "new-id" if args.item == "node" else "new-key"
    who = _identity(args, root, [("old", "node" if args.item == "node" else "ref"),
                                 ("new", new_kind)])
    func = change.rename_node if args.item == "node" else change.rename_reference
    name = author(args, root)
    result = confirmed(args, lambda dry_run: func(root, who["old"], who["new"],
                                                  dry_run=dry_run, author=name))
    return _print(args, result, "rename")


# --- the parsers ----------------------------------------------------------------------------


def _common(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--graph", metavar="DIR", default=argparse.SUPPRESS,
                   help=f"the graph folder (default: ${ENV_GRAPH} or ./graph)")
    p.add_argument("--dry-run", action="store_true",
                   help=f"check and print what would be {what}; write nothing")
    p.add_argument("--author", metavar="NAME",
                   help="who makes the edit, for the edit record (default: git config "
                        "user.name in the graph folder; asked at a terminal)")
    json_option(p)


def _identity_options(p: argparse.ArgumentParser, item: str) -> None:
    for name, kind in IDENTITY[item]:
        helps = {"id": "the node's id", "key": "the reference's key",
                 "source": "the edge's source node", "target": "the edge's target node",
                 "relation": "the edge's relation", "ref": "the reference the evidence cites"}
        if name in POSITIONAL:
            p.add_argument(name, nargs="?", metavar=name.upper(), help=helps[name])
        elif kind in VOCABULARIES:
            p.add_argument(f"--{name}", choices=VOCABULARIES[kind], help=helps[name])
        else:
            p.add_argument(f"--{name}", metavar=kind.upper(), help=helps[name])
    if item == "evidence":
        p.add_argument("--index", type=int, metavar="N",
                       help="which of several evidence items citing --ref (0-based)")


def _field_help(item: str, field: str) -> str:
    model = MODELS[item]
    text = model.model_fields[field].description or ""
    return text.replace("%", "%%")


def _examples(command: str) -> dict[str, str]:
    return {
        "set": {"node": "mechgraph set node qi --plain 'A traditional idea of vital energy.'",
                "edge": "mechgraph set edge --source acupuncture --target serotonin "
                        "--relation modulates --plain 'It may act through serotonin.'",
                "evidence": "mechgraph set evidence --source acupuncture --target endorphins "
                            "--relation increases --ref zhao2008 --stance inconclusive",
                "reference": "mechgraph set reference zhao2008 --unset note --dry-run"},
        "remove": {"node": "mechgraph remove node mood --cascade --dry-run",
                   "edge": "mechgraph remove edge --source serotonin --target mood "
                           "--relation modulates --cascade",
                   "evidence": "mechgraph remove evidence --source acupuncture --target "
                               "endorphins --relation increases --ref zhao2008",
                   "reference": "mechgraph remove reference zhao2008 --cascade --dry-run"},
    }[command]


def set_parser(p: Parser) -> None:
    """``mechgraph set ITEM``: change fields of an existing item."""
    p.epilog = example("mechgraph set node qi --label Qi --dry-run",
                       "mechgraph set evidence --help")
    graph_option(p)
    p.set_defaults(func=cmd_set)
    items = p.add_subparsers(dest="item", metavar="ITEM", parser_class=Parser, required=True)
    for item, spec in SET_OPTIONS.items():
        sub = items.add_parser(item, help=f"change fields of a {item}",
                               description=f"Change fields of a {item} in place, in its "
                               "file's own style; the whole graph is checked first.",
                               epilog=f"Example:\n  {_examples('set')[item]}",
                               formatter_class=argparse.RawDescriptionHelpFormatter)
        _identity_options(sub, item)
        optional = []
        for option, field, kind in spec:
            flag = "--" + option.replace("_", "-")
            text = _field_help(item, field)
            if kind == "flag":
                sub.add_argument(flag, action=argparse.BooleanOptionalAction, default=None,
                                 help=text)
                continue
            flags: dict[str, Any] = {"help": text,
                                     "metavar": "TEXT" if kind == "list" else kind.upper()}
            if kind in VOCABULARIES:
                flags.update(choices=VOCABULARIES[kind], metavar=None)
            elif kind == "list":
                flags.update(action="append",
                             help=text + " Repeat for several; replaces the whole list.")
            sub.add_argument(flag, **flags)
            if not MODELS[item].model_fields[field].is_required():
                optional.append(field)
        sub.add_argument("--unset", action="append", choices=optional, metavar="FIELD",
                         help=f"remove an optional field (one of: {', '.join(optional)}); "
                              "repeat for several")
        _common(sub, "changed")


def remove_parser(p: Parser) -> None:
    """``mechgraph remove ITEM``: remove an item (refused while others use it)."""
    p.epilog = example("mechgraph remove node mood --cascade --dry-run")
    graph_option(p)
    p.set_defaults(func=cmd_remove)
    items = p.add_subparsers(dest="item", metavar="ITEM", parser_class=Parser, required=True)
    for item in IDENTITY:
        sub = items.add_parser(item, help=f"remove a {item}",
                               description=f"Remove a {item}; refused while other items use "
                               "it (each named, file:line), unless --cascade.",
                               epilog=f"Example:\n  {_examples('remove')[item]}",
                               formatter_class=argparse.RawDescriptionHelpFormatter)
        _identity_options(sub, item)
        if item != "evidence":
            sub.add_argument("--cascade", action="store_true",
                             help="remove what uses it too (listed first; see README)")
        _common(sub, "removed")


def rename_parser(p: Parser) -> None:
    """``mechgraph rename node|reference OLD NEW``: rename everywhere in one step."""
    p.epilog = example("mechgraph rename node qi vital_energy --dry-run")
    graph_option(p)
    p.set_defaults(func=cmd_rename)
    items = p.add_subparsers(dest="item", metavar="ITEM", parser_class=Parser, required=True)
    for item in ("node", "reference"):
        sub = items.add_parser(item, help=f"rename a {item} and every use of it",
                               description=f"Rename a {item}, rewriting every use in every "
                               "file in one locked, all-or-nothing step.",
                               epilog=f"Example:\n  mechgraph rename {item} "
                                      + ("qi vital_energy" if item == "node"
                                         else "zhao2008 zhao2008review"),
                               formatter_class=argparse.RawDescriptionHelpFormatter)
        sub.add_argument("old", nargs="?", metavar="OLD", help=f"the {item}'s id now")
        sub.add_argument("new", nargs="?", metavar="NEW", help="the new id")
        _common(sub, "renamed")
