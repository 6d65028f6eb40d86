"""The words of a treatment comparison: what is not known about a treatment, and the
cells of the comparison table, in plain words (tables of wording beside the code).

Never more certain than the evidence: an untested comparison reads "not tested", not
"no effect"; no recorded harm reads "no harm data here", never "safe".
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING

from mechgraph.document import in_text, reference_title

if TYPE_CHECKING:
    from mechgraph.compare import ClinicalEffect, TreatmentComparison
    from mechgraph.graph import MechGraph

__all__ = ["CELL", "HARM_GROUP", "HARM_PLAIN", "LEVEL_PLAIN", "MECHANISM_CELL", "MECHANISM_PLAIN",
           "UNKNOWN", "cell_words", "citation", "count_parts", "first_author", "harms_words",
           "mechanism_words", "plain_cell", "plain_harm_lines", "plain_harms",
           "plain_mechanisms", "unknowns"]

UNKNOWN: dict[str, str] = {
    "direct_hidden": "The direct link from {treatment} to {condition} is hidden by the "
                     "filters: its studies are not counted here.",
    "no_direct": "No study here tested {treatment} on {condition} directly: only suggested "
                 "mechanisms link them.",
    "not_decrease": "The direct link recorded is not a decrease ({relations}): no study here "
                    "shows that {treatment} eases {condition}.",
    "no_sham": "No placebo- or sham-controlled evidence is recorded, so how much of any "
               "benefit is specific to {treatment} is not known.",
    "sham_contested": "A benefit of {treatment} beyond placebo or sham is contested: "
                      "studies of similar weight disagree.",
    "sham_refuted": "Against placebo or sham, the recorded studies found no clear benefit.",
    "no_usual": "No comparison with usual care or no treatment is recorded.",
    "no_active": "No head-to-head comparison with another treatment is recorded.",
    "no_harms": "No checked harm data: the graph records no adverse effects of {treatment} "
                "(this does not mean it has none).",
    "no_pathways": "No mechanism is recorded: how {treatment} could work is not known here.",
    "animal_only": "Its suggested mechanisms were studied only in animals or cells, or not "
                   "at all: none is shown in people.",
    "untested_only": "None of its suggested mechanisms has been tested.",
    "truncated": "More mechanism pathways exist than were searched.",
    "traditional": "{pathways} through a traditional framework: ideas, not measurements.",
    "unsaid": "{n} of its findings do not say what {treatment} was compared with.",
}
"""The sentences of :func:`unknowns`."""

CELL: dict[str, str] = {
    "untested": "not tested",
    "contested": "{level}, contested",
    "plain": "{level}",
    "refuted": "no benefit found ({level})",
    "unclear": "tested, results unclear",
}
"""A comparison group's table cell: untested, supported (contested or not), refuted with
no support, or studied with neither (only inconclusive results)."""


def first_author(authors: str) -> str:
    """The first author's name without initials, as written in ``authors``.

    >>> [first_author(a) for a in ("Vickers AJ, et al.", "van der Berg A; Li B",
    ...                            "World Health Organization")]
    ['Vickers', 'van der Berg', 'World Health Organization']
    """
    words = authors.split(",")[0].split(";")[0].split()
    if len(words) > 1 and words[-1].isupper() and len(words[-1]) <= 3:
        words = words[:-1]
    return " ".join(words) or authors.strip()


def citation(kg: MechGraph, key: str) -> str:
    """First author and year of a reference: 'Vickers 2018'.

    >>> import mechgraph
    >>> citation(mechgraph.load_graph("graph"), "vickers2018")
    'Vickers 2018'
    """
    ref = kg.references[key]
    year = "year unknown" if ref.year == "unknown" else str(ref.year)
    if ref.authors:
        return f"{first_author(ref.authors)} {year}"
    title = reference_title(ref)
    return f"{title if len(title) <= 40 else title[:39].rsplit(' ', 1)[0] + '…'} ({year})"


def unknowns(kg: MechGraph, row: TreatmentComparison, condition: str,
             ) -> list[tuple[str, str]]:
    """What is not known about one treatment for the condition: (code, plain sentence)
    pairs, the code a key of :data:`UNKNOWN`.

    >>> import mechgraph
    >>> from mechgraph.compare import compare
    >>> kg = mechgraph.load_graph("graph")
    >>> row = compare(kg, "chronic_low_back_pain", ["acupuncture"]).treatments[0]
    >>> for code, line in unknowns(kg, row, "chronic_low_back_pain"):
    ...     print(line)
    A benefit of acupuncture beyond placebo or sham is contested: studies of similar \
weight disagree.
    No head-to-head comparison with another treatment is recorded.
    No checked harm data: the graph records no adverse effects of acupuncture (this does \
not mean it has none).
    1 pathway goes through a traditional framework: ideas, not measurements.
    """
    fields = {"treatment": in_text(row.label), "condition": in_text(kg.nodes[condition].label)}
    out: list[tuple[str, str]] = []

    def say(code: str, **more: object) -> None:
        out.append((code, UNKNOWN[code].format(**fields, **more)))

    benefit = [d for d in row.direct if d.relation == "decreases"]
    if row.direct_hidden:
        say("direct_hidden")
    elif not row.direct:
        say("no_direct")
    elif not benefit:
        say("not_decrease", relations=", ".join(sorted(
            {d.relation.replace("_", " ") for d in row.direct})))
    if benefit:
        sham = row.clinical["placebo_or_sham"]
        if not sham.tested:
            say("no_sham")
        elif sham.contested:
            say("sham_contested")
        elif sham.best_support == "none" and sham.best_refute != "none":
            say("sham_refuted")
        if not row.clinical["usual_care"].tested:
            say("no_usual")
        if not row.clinical["active"].tested:
            say("no_active")
        unsaid = sum(f.comparison is None for f in row.clinical["other"].findings)
        if unsaid:
            say("unsaid", n=unsaid)
    if not row.harms:
        say("no_harms")
    groups = row.pathways_by_level
    studied = groups["human"].count + groups["unrecorded"].count
    if not row.pathway_count:
        say("no_pathways")
    elif not studied and groups["animal_or_cell"].count:
        say("animal_only")
    elif not studied and groups["untested"].count:
        say("untested_only")
    if row.truncated:
        say("truncated")
    n = groups["traditional"].count
    if n:
        say("traditional", pathways="1 pathway goes" if n == 1 else f"{n} pathways go")
    return out


def cell_words(effect: ClinicalEffect) -> str:
    """A comparison group in a table cell: 'high, contested', 'not tested'.

    >>> from mechgraph.compare import ClinicalEffect
    >>> cell_words(ClinicalEffect("active", "none", "none", False, ()))
    'not tested'
    """
    if not effect.tested:
        return CELL["untested"]
    if effect.best_support == "none" and effect.best_refute != "none":
        return CELL["refuted"].format(level=effect.best_refute)
    if effect.best_support == "none":
        return CELL["unclear"]
    if effect.contested:
        return CELL["contested"].format(level=effect.best_support)
    return CELL["plain"].format(level=effect.best_support)


def count_parts(row: TreatmentComparison, words: Mapping[str, str],
                always: Collection[str] = ("human", "animal_or_cell", "untested"),
                ) -> list[str]:
    """Each pathway group's count in ``words`` (group -> template with ``{n}``), in that
    order: the groups in ``always`` even at 0, the others only when they have a pathway."""
    groups = row.pathways_by_level
    return [text.format(n=groups[name].count) for name, text in words.items()
            if name in always or groups[name].count]


MECHANISM_CELL: dict[str, str] = {
    "human": "{n} human", "animal_or_cell": "{n} animal", "untested": "{n} untested",
    "inconclusive": "{n} not shown", "unrecorded": "{n} kind not recorded",
    "traditional": "{n} traditional"}
"""The pathway counts of :func:`mechanism_words`, in order."""


def mechanism_words(row: TreatmentComparison) -> str:
    """The pathway counts in a cell: '2 human · 5 animal · 3 untested · 1 traditional'."""
    return " · ".join(count_parts(row, MECHANISM_CELL))


def harms_words(row: TreatmentComparison) -> str:
    """The harms in a cell: 'none recorded', or each harm with its level."""
    if not row.harms:
        return "none recorded"
    return "; ".join(f"{h.target_label} ({h.level}{', contested' if h.contested else ''})"
                     for h in row.harms)


LEVEL_PLAIN: dict[str, str] = {
    "high": "Strong evidence it helps",
    "moderate": "Some evidence it helps",
    "low": "Weak evidence it helps",
    "preclinical": "Only animal or cell studies",
    "opinion": "Only an opinion, not tested",
    "none": "Studied; results unclear",
    "untested": "Not tested",
    "refuted": "No clear benefit found",
    "contested": "{level}; studies disagree",
}
"""A comparison group's cell on the patient's handout, by the best supporting level."""

HARM_PLAIN: dict[str, str] = {
    "high": "strong evidence", "moderate": "some evidence", "low": "weak evidence",
    "preclinical": "animal or cell studies only", "opinion": "an opinion",
    "none": "not known", "ungraded": "not measured",
    "no_harms": "None recorded",
}
"""How sure a recorded harm is, on the handout."""

HARM_GROUP: dict[str, str] = {
    "high": "Strong evidence of", "moderate": "Some evidence of", "low": "Weak evidence of",
    "preclinical": "Only in animals or cells", "opinion": "Only an opinion",
    "none": "Studied, results unclear", "ungraded": "Recorded, not graded",
    "contested": "{group} (studies disagree)",
}
"""The line above the harms that are equally sure, in the handout's table."""


def plain_cell(effect: ClinicalEffect) -> str:
    """A comparison group in a patient's words.

    >>> from mechgraph.compare import ClinicalEffect
    >>> plain_cell(ClinicalEffect("placebo_or_sham", "high", "moderate", True, ("x",)))
    'Strong evidence it helps; studies disagree'
    """
    if not effect.tested:
        return LEVEL_PLAIN["untested"]
    if effect.best_support == "none" and effect.best_refute != "none":
        return LEVEL_PLAIN["refuted"]
    words = LEVEL_PLAIN[effect.best_support]
    return LEVEL_PLAIN["contested"].format(level=words) if effect.contested else words


MECHANISM_PLAIN: dict[str, str] = {
    "human": "{n} studied in people", "animal_or_cell": "{n} lab-only",
    "unrecorded": "{n} kind of study not recorded", "inconclusive": "{n} not shown to work",
    "untested": "{n} untested", "traditional": "{n} traditional idea"}
"""The pathway counts of :func:`plain_mechanisms` (a patient's words), in order."""


def plain_mechanisms(row: TreatmentComparison) -> str:
    """The pathway counts in a patient's words: '2 studied in people, 5 only in animals or
    cells, 3 untested, 1 traditional idea'."""
    if not row.pathway_count:
        return "None recorded"
    return ", ".join(count_parts(row, MECHANISM_PLAIN, always=("human",)))


def plain_harm_lines(row: TreatmentComparison) -> list[str]:
    """The recorded harms in a patient's words, a line each, under a line that says how
    sure they are (said once for the harms that are equally sure).

    >>> import mechgraph
    >>> from mechgraph.compare import compare
    >>> kg = mechgraph.load_graph("graph")
    >>> row = compare(kg, "chronic_low_back_pain", ["nsaids"]).treatments[0]
    >>> for line in plain_harm_lines(row):
    ...     print(line)
    Strong evidence of:
    Heart failure
    Major vascular events (including heart attacks)
    Stomach and upper gut harm (upper gastrointestinal complications)
    """
    if not row.harms:
        return [HARM_PLAIN["no_harms"]]
    groups: dict[str, list[str]] = {}
    for h in row.harms:
        group = HARM_GROUP[h.level]
        if h.contested:
            group = HARM_GROUP["contested"].format(group=group)
        groups.setdefault(group + ":", []).append(h.target_label)
    return [line for group, labels in groups.items() for line in (group, *labels)]


def plain_harms(row: TreatmentComparison) -> str:
    """The recorded harms in a patient's words, on one line.

    >>> import mechgraph
    >>> from mechgraph.compare import compare
    >>> kg = mechgraph.load_graph("graph")
    >>> plain_harms(compare(kg, "chronic_low_back_pain", ["exercise"]).treatments[0])
    'Strong evidence of: Temporary minor increase in pain'
    """
    lines = plain_harm_lines(row)
    if len(lines) == 1:
        return lines[0]
    return "; ".join(lines).replace(":;", ":")
