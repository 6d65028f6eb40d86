"""The answer at a glance: a few sentences, and the effect of pathways in a line each.

For the top of a patient's page and for tables: :func:`short_answer` says what studies
found directly and how sure that is, and what the suggested mechanisms rest on;
:func:`overall_words` the overall effect of a report in a line; :func:`effect_words` the
effect of one pathway for a table cell. Never more certain than the evidence: a pathway
that rests on animal or cell studies, on nothing tested, or on a tradition says so.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Literal

from mechgraph.document import FORMATS, in_text, linked
from mechgraph.graph import MechGraph
from mechgraph.patient import (
    curated_sources,
    edge_title,
    is_treatment,
    path_hedge,
    path_unrecorded,
    refuted_line,
)
from mechgraph.query import PathReport, Pathway, QueryError
from mechgraph.text import escape_markdown
from mechgraph.wording import (
    EFFECT,
    EFFECT_QUALIFIER,
    OVERALL,
    PATIENT,
    SHORT,
    SHORT_EFFECT,
    SHORT_EFFECT_MECHANISM,
    SHORT_MECHANISM,
    SHORT_PARTS,
)

__all__ = ["effect_words", "overall_words", "path_basis", "short_answer"]


def path_basis(path: Pathway, kg: MechGraph | None = None) -> str:
    """What a pathway rests on, by its weakest link (:attr:`Pathway.evidence_basis`:
    ``human``, ``preclinical``, ``inconclusive``, ``untested``, ``curated``,
    ``definitional``, ``traditional``), or ``unrecorded`` (studies whose design or subjects
    are not recorded: known only with ``kg``)."""
    if path.evidence_basis == "human" and kg is not None and path_unrecorded(kg, path):
        return "unrecorded"
    return path.evidence_basis


_QUALIFIED_BY_BASIS = ("traditional", "curated", "unrecorded", "inconclusive", "definitional")
"""Bases whose words (:data:`EFFECT_QUALIFIER`) replace those of the weakest level."""
_COUNTED = ("human", "unrecorded", "preclinical", "inconclusive", "untested", "curated",
            "definitional", "traditional")
"""The order in which pathways are counted by what they rest on."""


def effect_words(path: Pathway, kg: MechGraph | None = None) -> str:
    """The net effect of one pathway for a table cell: a symbol, words, and what the effect
    rests on when that is not studies in people.

    A pathway whose weakest link is untested, from animals or cells only, curated with no
    study attached, or traditional never reads as a plain "decreases".

    Parameters
    ----------
    path : Pathway
    kg : MechGraph, optional
        The graph: with it, a pathway whose weakest links rest only on studies of an
        unrecorded kind says so.

    Returns
    -------
    str

    Examples
    --------
    >>> import mechgraph
    >>> from mechgraph.query import find_paths
    >>> kg = mechgraph.load_graph("graph")
    >>> paths = find_paths(kg, "acupuncture", "chronic_low_back_pain").paths
    >>> sorted({effect_words(p) for p in paths})  # doctest: +NORMALIZE_WHITESPACE
    ['? sign unknown (animal or cell studies only)',
     '~ not causal (animal or cell studies only)', '↓ decreases',
     '↓ decreases (a step not shown to work)', '↓ decreases (animal or cell studies only)',
     '↓ decreases (traditional idea, not measured)', '↓ decreases (untested)']
    """
    basis = path_basis(path, kg)
    qualifier = EFFECT_QUALIFIER[basis if basis in _QUALIFIED_BY_BASIS
                                 else path.weakest_evidence]
    return f"{EFFECT[path.net_effect]} ({qualifier})" if qualifier else EFFECT[path.net_effect]


def overall_words(report: PathReport, kg: MechGraph | None = None) -> str:
    """The overall effect of a report in a line: the effect over the biomedical pathways,
    from how many pathways, and how many of them were studied in people, rest only on
    animal or cell studies, have a step that was studied without being shown to work, are
    untested, rest on a curated link with no study attached, or are traditional (listed,
    never counted in the effect), so that untested pathways never read as if they weighed.

    Parameters
    ----------
    report : PathReport
    kg : MechGraph, optional
        The graph: with it, pathways resting on studies of an unrecorded kind are counted
        apart.

    Returns
    -------
    str

    Examples
    --------
    >>> import mechgraph
    >>> from mechgraph.query import find_paths
    >>> kg = mechgraph.load_graph("graph")
    >>> overall_words(find_paths(kg, "acupuncture", "chronic_low_back_pain"))
    ... # doctest: +NORMALIZE_WHITESPACE
    '↓ decreases (14 pathways: 2 studied in people, 8 only in animals or cells, 1 with a step
     not shown to work, 2 untested, 1 traditional)'
    >>> overall_words(find_paths(kg, "acupuncture", "back_disability"))
    '↓ decreases (2 pathways: 2 studied in people)'
    """
    if not report.paths:
        return OVERALL["no_paths"]
    effect = EFFECT.get(report.overall) or OVERALL[report.overall]
    basis = Counter(path_basis(p, kg) for p in report.paths)
    parts = [OVERALL[kind].format(n=basis[kind]) for kind in _COUNTED if basis[kind]]
    count = len(report.paths)
    return OVERALL["counts"].format(
        effect=effect, count=count, pathways=_plural(count, "pathway"),
        details=OVERALL["details"].format(parts=", ".join(parts)) if parts else "")


def _plural(n: int, word: str) -> str:
    return word if n == 1 else f"{word}s"


def _first_sentence(text: str) -> str:
    """The first sentence of curated text (up to a full stop before a capital letter)."""
    match = re.search(r"[.!?](?=\s+[A-Z])", text)
    return " ".join((text[:match.end()] if match else text).split())


def short_answer(kg: MechGraph, report: PathReport, *,
                 fmt: Literal["text", "markdown", "html"] = "text") -> str:
    """The answer at a glance, for a patient: a few short sentences on what studies found
    directly and how sure that is, what the sham comparisons found, how many of the
    suggested mechanisms were studied in people, only in animals or cells, or not tested,
    and that the traditional explanation is not something measured.

    Deterministic, and never more certain than the evidence: the effect of a mechanism is
    said only for those studied in people or in animals ("if they work in people").

    Parameters
    ----------
    kg : MechGraph
    report : PathReport
        From :func:`~mechgraph.query.find_paths`.
    fmt : {"text", "markdown", "html"}
        ``text``: one paragraph, unwrapped; ``markdown``: the same, escaped; ``html``: one
        escaped ``<p>``.

    Returns
    -------
    str

    Examples
    --------
    >>> import mechgraph
    >>> from mechgraph.query import find_paths
    >>> kg = mechgraph.load_graph("graph")
    >>> print(short_answer(kg, find_paths(kg, "sham_acupuncture", "chronic_low_back_pain")))
    No study here tested sham (simulated) acupuncture on chronic low back pain directly. There \
is one suggested way it could work: it has been studied in people. If it works in people, it \
would ease chronic low back pain.
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown format '{fmt}'; allowed: {', '.join(FORMATS)}")
    text = " ".join(_short_sentences(kg, report))
    if fmt == "markdown":
        return escape_markdown(text)
    if fmt == "html":
        return f"<p>{linked(text)}</p>"
    return text


def _short_sentences(kg: MechGraph, report: PathReport) -> list[str]:
    source = in_text(kg.nodes[report.source].label)
    target = in_text(kg.nodes[report.target].label)
    treatment = is_treatment(kg, report.source)
    short = SHORT if treatment else SHORT_MECHANISM
    if not report.paths:
        return [short["no_paths"].format(source=source, target=target)]
    out = []
    direct = [p for p in report.paths if p.length == 1 and not p.traditional]
    if not direct:
        out.append(short["no_direct"].format(source=source, target=target))
    for path in direct:
        key = path.edges[0]
        edge = kg.edges[key]
        out.append(_first_sentence(edge.plain)
                   if edge.plain and key[2] != "associated_with" else edge_title(kg, key) + ".")
        out.append(path_hedge(kg, path))
        if any(item.stance == "refutes" for item in edge.evidence):
            out.append(refuted_line(kg, key))
    if report.overall == "ambiguous":
        out.append(PATIENT["ambiguous"])
    ways = [p for p in report.paths if p.length > 1 and not p.traditional]
    if ways:
        sources = curated_sources(kg, [k for p in ways for k in p.edges])
        out.extend(_mechanism_sentences(kg, ways, source, target,
                                        truncated=report.truncated, treatment=treatment,
                                        sources=sources))
    traditional = [p for p in report.paths if p.traditional]
    if traditional:
        names = list(dict.fromkeys(
            kg.nodes[n].label.split(" (")[0] for p in traditional for n in p.nodes
            if kg.nodes[n].framework == "traditional"))
        out.append(SHORT["traditional"].format(names=", ".join(names)) if names
                   else SHORT["traditional_unnamed"])
    return out


def _mechanism_sentences(kg: MechGraph, ways: list[Pathway], source: str, target: str, *,
                         truncated: bool, treatment: bool, sources: str) -> list[str]:
    """How many suggested mechanisms rest on what, and what the studied ones would do
    (a treatment's "work"; a mechanism's "hold", as it "contributes to" its target)."""
    short = SHORT if treatment else SHORT_MECHANISM
    effect_words = SHORT_EFFECT if treatment else SHORT_EFFECT_MECHANISM
    basis = Counter(path_basis(p, kg) for p in ways)
    kinds = [k for k in _COUNTED if basis[k]]
    if len(ways) == 1 and not truncated:
        out = [short["mechanism_one"].format(
            source=source, target=target,
            parts=SHORT_PARTS[f"{kinds[0]}_lone"].format(sources=sources))]
    else:
        parts = [SHORT_PARTS[k + ("_one" if basis[k] == 1 else "")].format(
            n=basis[k], sources=sources) for k in kinds]
        joined = (", ".join(parts[:-1]) + short["and"] + parts[-1] if len(parts) > 1
                  else parts[0])
        key = "mechanisms_truncated" if truncated else "mechanisms"
        out = [short[key].format(count=len(ways), ways=_plural(len(ways), "way"),
                                 parts=joined, source=source, target=target)]
    seen = sum(p.net_effect == "not_causal" for p in ways)
    if seen:
        key = ("not_causal_lone" if len(ways) == 1 and not truncated
               else "not_causal_one" if seen == 1 else "not_causal")
        out.append(short[key].format(n="All" if seen == len(ways) > 1 else seen))
    studied = [p for p in ways if path_basis(p, kg) in ("human", "unrecorded", "preclinical")]
    effects = Counter(p.net_effect for p in studied)
    order = [e for e in effect_words if effects[e]]
    if len(order) == 1:
        one = len(studied) == 1 and len(ways) == 1
        verb = "work" if treatment else "hold"
        out.append(short["effect_all"].format(
            they="it" if one else "they", work=verb + "s" if one else verb,
            effect=effect_words[order[0]].format(target=target)))
    elif order:
        parts = [f"{effects[e]} " + effect_words[e].format(target=target if i == 0 else "it")
                 for i, e in enumerate(order)]
        out.append(short["effect_mixed"].format(
            effects=", ".join(parts[:-1]) + short["and"] + parts[-1]))
    return out
