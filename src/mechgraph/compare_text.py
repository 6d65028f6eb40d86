"""A treatment comparison as text or Markdown: the ranked table, then a short section per
treatment (the findings and their numbers, the weakest link of the best mechanism, its
harms and what is not known).

Examples
--------
>>> import mechgraph
>>> from mechgraph.compare import compare
>>> kg = mechgraph.load_graph("graph")
>>> text = comparison_text(kg, compare(kg, "chronic_low_back_pain"))
>>> print(text.splitlines()[0])
Treatments for chronic low back pain, ranked by clinical evidence
>>> "| 1 | Acupuncture | high, contested |" in comparison_text(
...     kg, compare(kg, "chronic_low_back_pain"), fmt="markdown")
True
"""

from __future__ import annotations

import re

from mechgraph.compare import Comparison, TreatmentComparison
from mechgraph.compare_words import cell_words, harms_words, mechanism_words
from mechgraph.document import in_text
from mechgraph.graph import MechGraph
from mechgraph.handout import filter_note
from mechgraph.listing import chain, columns
from mechgraph.query import QueryError
from mechgraph.text import escape_markdown

__all__ = ["GROUP_TITLES", "TABLE_HEADER", "comparison_text", "table_rows"]

TABLE_HEADER = ["Rank", "Treatment", "Clinical evidence", "vs placebo/sham", "vs usual care",
                "Mechanisms (human/animal/untested)", "Harms"]
"""The columns of the comparison table."""

GROUP_TITLES: dict[str, str] = {
    "placebo_or_sham": "Against placebo or sham",
    "usual_care": "Against usual care or no treatment",
    "active": "Against another treatment",
    "other": "With no comparison group (or not said)",
}
"""The heading of each comparison group in a treatment's section."""

_COMPARED = {"sham": "vs sham", "placebo": "vs placebo", "usual_care": "vs usual care",
             "no_treatment": "vs no treatment", "active": "vs another treatment",
             "none": "no comparison group", None: "comparison not said"}


def clinical_words(row: TreatmentComparison) -> str:
    """The ranking's level in a cell: 'high, contested', 'none (no direct study)'."""
    if row.direct_hidden:
        return "none (hidden by the filters)"
    if not any(d.relation == "decreases" for d in row.direct):
        return "none (no direct study)"
    return row.clinical_level + (", contested" if row.clinical_contested else "")


def table_rows(result: Comparison) -> list[list[str]]:
    """One row of cells per treatment, in rank order (the columns of
    :data:`TABLE_HEADER`)."""
    return [[str(row.rank), row.label, clinical_words(row),
             cell_words(row.clinical["placebo_or_sham"]), cell_words(row.clinical["usual_care"]),
             mechanism_words(row), harms_words(row)] for row in result.treatments]


def _section(kg: MechGraph, row: TreatmentComparison) -> list[str]:
    """A treatment's section, as plain lines (items start with '- ')."""
    lines = [f"{row.rank}. {row.label}: clinical evidence {clinical_words(row)}"]
    for group, effect in row.clinical.items():
        if not effect.tested:
            continue
        lines.append(f"{GROUP_TITLES[group]} ({cell_words(effect)}):")
        lines += [f"- {f.citation}, {f.stance} ({_COMPARED[f.comparison]}; {f.design}, "
                  f"level {f.level}): {f.finding} [{f.ref}]" for f in effect.findings]
    for outcome in row.outcomes:
        lines.append(f"On {in_text(outcome.target_label)} ({outcome.relation}, "
                     f"{outcome.level}{', contested' if outcome.contested else ''}):")
        lines += [f"- {f.citation}, {f.stance} ({_COMPARED[f.comparison]}): {f.finding} "
                  f"[{f.ref}]" for f in outcome.findings]
    if row.best_pathway is not None and row.weakest_link is not None:
        s, t, r = row.weakest_link.edge
        lines.append(f"Best mechanism: {chain(row.best_pathway)}; its weakest link is "
                     f"{s} -> {t} ({r}), evidence {row.weakest_link.level}"
                     + (", contested" if row.weakest_link.contested else "") + ".")
    lines.append(f"Mechanisms: {mechanism_words(row)}.")
    for harm in row.harms:
        lines.append(f"Harm: {harm.target_label} ({harm.relation}, {harm.level}"
                     + (", contested" if harm.contested else "") + "):")
        lines += [f"- {f.citation}, {f.stance}: {f.finding} [{f.ref}]" for f in harm.findings]
    if row.unknowns:
        lines.append("Not known:")
        lines += [f"- {u}" for u in row.unknowns]
    return lines


def comparison_text(kg: MechGraph, result: Comparison, *, fmt: str = "text") -> str:
    """What ``mechgraph compare`` prints: the table, the ranking rule, what was left out,
    and a section per treatment.

    Parameters
    ----------
    kg : MechGraph
    result : Comparison
    fmt : {"text", "markdown"}

    Returns
    -------
    str
    """
    if fmt not in ("text", "markdown"):
        raise QueryError(f"unknown format '{fmt}'; allowed: text, markdown")
    md = fmt == "markdown"
    title = (f"Treatments for {in_text(result.condition_label)}, ranked by clinical "
             "evidence")
    out = [f"# {escape_markdown(title)}" if md else title, ""]
    note = filter_note(result.filter)
    if note:
        out += [escape_markdown(note) if md else note, ""]
    rows = table_rows(result)
    if md:
        out.append("| " + " | ".join(TABLE_HEADER) + " |")
        out.append("|" + "|".join("---" for _ in TABLE_HEADER) + "|")
        out += ["| " + " | ".join(escape_markdown(c) for c in r) + " |" for r in rows]
    else:
        out += columns(TABLE_HEADER, rows)
    out += ["", escape_markdown(result.ranking_rule) if md else result.ranking_rule]
    if result.left_out:
        left = "; ".join(f"{x.label} ({x.reason})" for x in result.left_out)
        out += ["", escape_markdown(f"Left out: {left}.") if md else f"Left out: {left}."]
    for row in result.treatments:
        out.append("")
        lines = _section(kg, row)
        if md:
            out.append(f"## {row.rank}. {escape_markdown(lines[0].split('. ', 1)[1])}")
            for line in lines[1:]:
                if line.startswith("- "):
                    out.append(f"- {escape_markdown(line[2:])}")
                else:
                    out += ["", escape_markdown(line), ""]
        else:
            out.append(lines[0])
            out += [f"    {line}" if line.startswith("- ") else f"  {line}"
                    for line in lines[1:]]
    text = "\n".join(out).rstrip() + "\n"
    return re.sub(r"\n{3,}", "\n\n", text) if md else text
