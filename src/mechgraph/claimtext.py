"""Claims of source texts beside their verdicts, as text or Markdown.

What ``mechgraph claims`` prints and what the patient explanation's claims section says;
the verdicts themselves come from :mod:`mechgraph.claims`.

Examples
--------
>>> import mechgraph
>>> kg = mechgraph.load_graph("graph")
>>> print(claims_text(kg, claim_verdicts(kg, "clinic_article")).splitlines()[0])
Exploring the Science Behind How Acupuncture Relieves Back Pain (web page)
>>> line = patient_claim_lines(claim_verdicts(kg, "clinic_article"))[2]
>>> line[:50], "◔ preclinical: This was seen only in animals" in line
('- Acupuncture makes the body release endorphins, i', True)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from mechgraph.claims import ClaimEdge, ClaimVerdict, claim_verdicts, claims_touching
from mechgraph.kg import MechGraph
from mechgraph.vocab import RELATION_STYLE, VERDICT_STYLE, VERDICTS
from mechgraph.wording import VERDICT_TEXT

TYPE_CHECKING = False
if TYPE_CHECKING:
    from mechgraph.document import Document
    from mechgraph.query import PathReport

__all__ = ["FORMATS", "claims_section", "claims_text", "edge_words", "patient_claim_lines",
           "verdict_counts"]

FORMATS: tuple[str, ...] = ("text", "markdown")
"""The formats :func:`claims_text` writes."""


def edge_words(edge: ClaimEdge) -> str:
    """A link of a claim with its verdict and references: 'acupuncture -increases->
    endorphins: ◔ preclinical; for: han2004, zhang2014'."""
    s, t, r = edge.edge
    style = VERDICT_STYLE[edge.verdict]
    level = f" ({edge.level})" if edge.verdict == "supported" else ""
    parts = [f"{s} -{RELATION_STYLE[r].words.replace(' ', '_')}-> {t}: "
             f"{style.symbol} {style.word}{level}"]
    if edge.supporting:  # a traditional link's references describe the tradition
        lead = "described in: " if edge.verdict == "traditional" else "for: "
        parts.append(lead + ", ".join(edge.supporting))
    if edge.refuting:
        parts.append("against: " + ", ".join(edge.refuting))
    if edge.claimed_by:
        parts.append(f"claimed by {edge.claimed_by}, no checked study")
    return "; ".join(parts)


def verdict_counts(verdicts: Sequence[ClaimVerdict]) -> str:
    counts = Counter(v.verdict for v in verdicts)
    return ", ".join(f"{counts[name]} {VERDICT_STYLE[name].word}" for name in VERDICTS
                     if counts[name])


def claims_text(kg: MechGraph, verdicts: Sequence[ClaimVerdict], fmt: str = "text") -> str:
    """Every claim in ``verdicts``, grouped by source, with where it stands, its verdict
    word and symbol, its level, and the links and references that decide it."""
    md = fmt == "markdown"
    out: list[str] = []
    by_source: dict[str, list[ClaimVerdict]] = {}
    for v in verdicts:
        by_source.setdefault(v.source, []).append(v)
    for key, items in by_source.items():
        text = kg.sources[key]
        kind = text.kind.replace("-", " ")
        title = f"{text.title} ({kind})"
        if md:
            out.append(f"## {title}\n")
        else:
            out.extend([title, "=" * len(title)])
        facts = [f"Source key: {key}."]
        if text.publisher:
            facts.append(f"Publisher: {text.publisher}.")
        if text.url:
            facts.append(f"Address: {text.url}")
        if text.accessed:
            facts.append(f"Read on {text.accessed}.")
        out.append(" ".join(facts))
        if text.note:
            out.append(text.note)
        out.append(f"{len(items)} claims: {verdict_counts(items)}.")
        out.append("")
        for n, v in enumerate(items, 1):
            out.extend(_claim(n, v, md))
            out.append("")
    if not out:
        return "No claims (the graph has no sources, or the filters left none).\n"
    return "\n".join(out).rstrip() + "\n"


def _claim(n: int, v: ClaimVerdict, md: bool) -> list[str]:
    bullet, indent = ("- ", "  ") if md else ("   ", "   ")
    head = (f"### {n}. {v.claim}: {v.label}" if md else f"{n}. {v.claim}  [{v.label}]")
    lines = [head, f"{bullet}Says: {v.says}", f"{bullet}Where: {v.where}",
             f"{bullet}What the studies say: {v.words}"]
    if len(v.edges) > 1:
        lines.append(f"{bullet}{VERDICT_TEXT['chain'].format(n=len(v.edges))}")
    if v.edges:
        lines.append(f"{bullet}Links:")
        for e in v.edges:
            mark = " (deciding)" if e.edge in v.deciding and len(v.edges) > 1 else ""
            lines.append(f"{indent}  - {edge_words(e)}{mark}")
    else:
        lines.append(f"{bullet}Links: none (outside the graph)")
    if v.references:
        lines.append(f"{bullet}References: {', '.join(v.references)}")
    if v.note:
        lines.append(f"{bullet}Note: {v.note}")
    return lines


def patient_claim_lines(verdicts: Sequence[ClaimVerdict], md: bool = False) -> list[str]:
    """One short plain line per claim: what it says, the verdict's symbol and word, and
    what the studies say (the first line is a heading)."""
    lines = [VERDICT_TEXT["section_heading"]]
    for v in verdicts:
        text = f"{v.says} {v.symbol} {v.word}: {v.words}"
        lines.append(f"- {text}")
    return lines


def claims_section(kg: MechGraph, doc: Document, report: PathReport, *,
                   brief: bool = False) -> None:
    """Add to a patient's sheet what the sources claim and what the studies say.

    Every source that has a claim naming an edge of the explained pathways, or an edge from
    or to the explained source node, gets its claims, one plain line each: what it says,
    the verdict's symbol and word, and the verdict in words (a cited study that could not
    be found included). With ``brief`` (the one-page handout) nothing is added: the page
    is full (even one line more makes a second US Letter page), and the app's Claims mode
    and the full explanation list the claims. Nothing is added either when no source's
    claims touch the explanation.
    """
    edges = {key for path in report.paths for key in path.edges}
    found = claims_touching(kg, edges, [report.source])
    if not found:
        return
    if brief:  # the one-page handout is full: one more line makes a second Letter page
        return
    doc.heading(VERDICT_TEXT["section_heading" if len(found) == 1 else "section_heading_many"])
    for key, verdicts in found.items():
        text = kg.sources[key]
        names = {"title": text.title, "kind": _KIND_WORDS.get(text.kind, text.kind),
                 "n": len(verdicts), "counts": verdict_counts(verdicts)}
        doc.para(VERDICT_TEXT["section_intro"].format(**names))
        doc.items([f"{v.says} {v.symbol} {v.word}: {v.words}" for v in verdicts])


_KIND_WORDS = {"web-page": "a web page", "leaflet": "a leaflet", "article": "an article",
               "book": "a book", "video": "a video", "other": "a text"}


def all_claims_text(kg: MechGraph, source: str | None = None, fmt: str = "text") -> str:
    """:func:`claims_text` of every claim of ``source`` (or of every source)."""
    return claims_text(kg, claim_verdicts(kg, source), fmt)
