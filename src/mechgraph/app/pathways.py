"""A pathway view: the paths from one node to another under the filters, as a picture, a
table and (for explain mode) words, computed once per graph and state.

Explain mode shows the paths from a treatment to a condition; explore mode's path finder
the paths between any two nodes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

import mechgraph
from mechgraph.app.blocking import blocked_words, grey_out
from mechgraph.app.common import memo, smaller_headings
from mechgraph.app.links import Links, link_table
from mechgraph.app.viewstate import ViewState
from mechgraph.explain import effect_words, overall_words, sheet_title, short_answer
from mechgraph.query import PathReport, find_paths
from mechgraph.text import escape_markdown
from mechgraph.view import pathway_graph, view_data
from mechgraph.vocab import UNGRADED
from mechgraph.whatif import WhatIf, blocked, change_sentence, what_if

__all__ = ["Pathways", "markdown_table", "pathway_table", "pathways"]


def pathway_table(report: PathReport, kg: mechgraph.MechGraph) -> pa.Table:
    """The pathways as a table (built once per view: an Arrow table is sent as it is)."""
    return pa.table({
        "#": list(range(1, len(report.paths) + 1)),
        "effect": [effect_words(p, kg) for p in report.paths],
        "weakest evidence": ["curated" if p.weakest_evidence == UNGRADED and not p.traditional
                             else p.weakest_evidence for p in report.paths],
        "contested": ["refuted" if p.refuted else "yes" if p.contested else ""
                      for p in report.paths],
        "pathway": [" → ".join(kg.nodes[i].label for i in p.nodes) for p in report.paths]})


def markdown_table(table: pa.Table) -> str:
    """A small table as Markdown (an HTML table on the page: no widget to pay for on every
    rerun, and read by screen readers as a table).

    >>> print(markdown_table(pa.table({"#": [1], "pathway": ["a → b|c"]})))
    | \\# | pathway |
    | --- | --- |
    | 1 | a → b\\|c |
    """
    rows = [[escape_markdown(str(v)) for v in row.values()] for row in table.to_pylist()]
    head = [escape_markdown(name) for name in table.column_names]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


@dataclass(frozen=True)
class Pathways:
    """What a pathway view shows, computed once per graph and state."""

    report: PathReport
    data: dict[str, Any]
    table: pa.Table
    links: Links
    text: str = ""
    title: str = ""
    answer: str = ""
    sheet: str = ""
    path_names: dict[int, str] = field(default_factory=dict)
    """The highlight picker's words for each pathway number (``0``: none)."""
    path_options: list[int] = field(default_factory=list)
    change: WhatIf | None = None
    """What blocking the state's ``without`` changed (``None``: nothing blocked)."""
    change_words: str = ""
    """That change in a sentence, with the blocked parts by name."""


def pathways(kg: mechgraph.MechGraph, state: ViewState, source: str, target: str,
             *, words: bool) -> Pathways | None:
    """The paths from ``source`` to ``target`` under the state's filters (``None`` when the
    filters hide either end), drawn with the state's chosen path highlighted.

    With parts blocked (the state's ``without``, but never ``source`` or ``target``), the
    paths are those left; the picture still draws the paths they cut, greyed out."""
    parts = state.blocked()
    parts = type(parts)(parts.nodes - {source, target}, parts.edges)

    def compute() -> Pathways | None:
        flt = state.filter()
        view = flt.apply(kg.graph)
        if source not in view or target not in view:
            return None
        change = None
        if parts.empty:
            report = drawn = find_paths(kg, source, target, graph=view)
        else:
            change = what_if(kg, source, target, without_nodes=parts.nodes,
                             without_edges=parts.edges, filter=flt)
            report, drawn = change.after, change.before
        chosen = state.path if state.path and state.path <= len(report.paths) else None
        highlight = report.paths[chosen - 1].edges if chosen else ()
        data = grey_out(view_data(kg, pathway_graph(kg, drawn), source=source, target=target,
                                  highlight=highlight), parts)
        said = "" if change is None else change_sentence(change, blocked_words(kg, parts))
        seen = kg if change is None else blocked(kg, parts.nodes, parts.edges)
        text = mechgraph.explain(seen, report, audience="patient", fmt="markdown") if words \
            else ""
        title = sheet_title(kg, source, target) if words else ""
        answer = ""
        if words:  # the answer at a glance, above the picture
            answer = (("" if change is None else f"**{escape_markdown(said)}**\n\n")
                      + f"**In short:** {short_answer(seen, report, fmt='markdown')}\n\n"
                      f"Overall, over the pathways below: "
                      f"{escape_markdown(overall_words(report, kg))}.")
        table = pathway_table(report, kg)
        sheet = (f"{smaller_headings(text)}\n\n### The pathways\n\n{markdown_table(table)}"
                 if words else "")
        names = {0: "none"} | {n: f"#{n}: {name}" for n, name in enumerate(
            table.column("pathway").to_pylist(), 1)}
        return Pathways(report, data, table, link_table(kg, data), text, title, answer, sheet,
                        names, list(names), change, said)

    return memo(kg, ("pathways", source, target, state.path, state.filter(), parts, words),
                compute)
