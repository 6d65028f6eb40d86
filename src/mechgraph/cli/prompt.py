"""Asking at a terminal for the values a command was not given (``mechgraph add``,
``set``, ``remove``, ``rename``): one value at a time, the choices listed, node ids and
reference keys completed with Tab, an unacceptable answer asked again with the reason;
and who makes an edit, for the edit record (:func:`author`).

A value's kind is a vocabulary's name (its values are the choices), ``year``, ``node`` or
``ref`` (one in the graph), ``new-id`` or ``new-key`` (a slug not yet used), or ``text``.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path

from mechgraph.edit import EditResult
from mechgraph.graph import MechGraph
from mechgraph.model import SLUG_RE
from mechgraph.vocab import VOCABULARIES

__all__ = ["answer_problem", "ask", "author", "confirmed", "interactive"]


def interactive() -> bool:
    """Whether both ends of the command are a terminal (so values may be asked for)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def answer_problem(kind: str, value: str, kg: MechGraph) -> str:
    """Why an answer typed at the prompt is not acceptable ("" if it is)."""
    if not value.strip():
        return "a value is needed"
    if kind in VOCABULARIES and value not in VOCABULARIES[kind]:
        return f"choose one of: {', '.join(VOCABULARIES[kind])}"
    if kind == "year" and not value.isdigit() and value != "unknown":
        return "a year is a whole number, such as 2004, or 'unknown'"
    if kind in ("new-id", "new-key") and not SLUG_RE.match(value):
        return "use a lower-case letter, then lower-case letters, digits or '_'"
    taken = {"new-id": kg.nodes, "new-key": kg.references}.get(kind, {})
    if value in taken:
        return f"'{value}' is already used"
    known = {"node": kg.nodes, "ref": kg.references}.get(kind)
    if known is not None and value not in known:
        return f"no {'node' if kind == 'node' else 'reference'} '{value}' in the graph"
    return ""


def ask(option: str, kind: str, kg: MechGraph) -> str:
    """Ask for one value at the terminal until it is acceptable."""
    choices = VOCABULARIES.get(kind) or sorted({"node": kg.nodes, "ref": kg.references}.get(
        kind, ()))
    if kind in VOCABULARIES:
        print(f"{option}: one of {', '.join(choices)}")
    try:
        import readline
    except ImportError:  # pragma: no cover - Windows
        readline = None  # type: ignore[assignment]
    if readline is not None:

        def complete(text: str, state: int) -> str | None:
            found = [c for c in choices if c.startswith(text)]
            return found[state] if state < len(found) else None

        readline.set_completer(complete)
        readline.parse_and_bind("tab: complete")
    while True:
        value = input(f"{option}: ").strip()
        problem = answer_problem(kind, value, kg)
        if not problem:
            return value
        print(f"  {problem}")


def author(args: argparse.Namespace, root: Path) -> str | None:
    """Who makes the edit, for the edit record: ``--author``, else the git user of the
    graph folder, else asked at a terminal; else ``None`` (recorded as ``unknown``) with a
    warning. A dry run records nothing, so nothing is asked."""
    from mechgraph.editlog import UNKNOWN, git_author

    if args.author and args.author.strip():
        return args.author.strip()
    if args.dry_run:
        return None
    name = git_author(root)
    if name:
        return name
    if interactive():
        while not (name := input("--author (your name, for the edit record): ").strip()):
            print("  a name is needed (or give --author NAME)")
        return name
    print(f"mechgraph: warning: no --author given and no git user.name set; this edit is "
          f"recorded as made by '{UNKNOWN}'", file=sys.stderr)
    return None


def confirmed(args: argparse.Namespace, edit: Callable[[bool], EditResult]) -> EditResult | None:
    """Run ``edit(dry_run)`` as the command asks, with the expectations it would break said
    before anything is written.

    At a terminal, an edit to be written is first checked as a dry run: when it would
    break an expectation, each is printed and the edit is saved only if the editor says
    yes (``None`` when not: nothing written). Elsewhere (a script) and for ``--dry-run``
    the edit runs as asked; its warnings, worked out before anything is written, are in
    the result. Either way the warnings still to show are in the result's ``warnings``.
    """
    if args.dry_run or not interactive():
        return edit(args.dry_run)
    preview = edit(True)
    if not preview.warnings:
        return edit(False)
    for warning in preview.warnings:
        print(warning, file=sys.stderr)
    answer = input("This edit would break the expectation(s) above. Save it all the same? "
                   "[y/N] ")
    if answer.strip().lower() not in ("y", "yes"):
        print("nothing was written")
        return None
    result = edit(False)
    return dataclasses.replace(result, warnings=tuple(
        w for w in result.warnings if w not in preview.warnings))
