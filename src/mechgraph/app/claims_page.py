"""Claims mode: a source text's claims (a clinic web page, say), each beside what the
evidence in the graph says of it, and one click to the links and studies behind a claim.

The source is the URL's ``claims_source``, the claim whose links and evidence are open its
``claim`` (see :mod:`mechgraph.app.viewstate`). Each verdict shows as a symbol and a word,
coloured too, never by colour alone. The verdicts come from
:func:`mechgraph.claim_verdicts`, under the sidebar's filters.
"""

from __future__ import annotations

import streamlit as st

import mechgraph
from mechgraph.app import state as session
from mechgraph.app.common import memo
from mechgraph.app.scroll import scroll_into_view
from mechgraph.app.state import bound
from mechgraph.claims import ClaimEdge, ClaimVerdict, claim_verdicts, reference_name
from mechgraph.claimtext import verdict_counts
from mechgraph.keys import EdgeKey, edge_ref
from mechgraph.text import escape_markdown
from mechgraph.vocab import RELATION_STYLE, VERDICT_STYLE, VERDICTS

__all__ = ["BADGE_COLOUR", "EVIDENCE_KEY", "claims_mode"]

BADGE_COLOUR: dict[str, str] = {
    "supported": "green", "contested": "orange", "preclinical": "violet", "untested": "gray",
    "traditional": "blue", "contradicted": "red", "outside": "gray"}
"""The colour of each verdict's badge, among the colours Streamlit's badges have (the word
and the symbol always go with it)."""

EVIDENCE_KEY = "claim-evidence"
"""The key of the box that holds the open claim's links and evidence."""

_KIND = {"web-page": "A web page", "leaflet": "A leaflet", "article": "An article",
         "book": "A book", "video": "A video", "other": "A text"}


def claims_mode(kg: mechgraph.MechGraph) -> None:
    """Draw claims mode: the source picker, the source, its claims, the open claim."""
    if not kg.sources:
        st.info("This graph holds no source of claims. A source (a web page, a leaflet) and "
                "its claims go under `sources:` in a graph file: see docs/format.md.")
        return
    keys = list(kg.sources)
    bound(st.selectbox, "claims_source", "Source", keys, choices=keys, fallback=keys[0],
          adopt=True, format_func=lambda k: kg.sources[k].title)
    state = session.view()
    key = state.claims_source or keys[0]
    text = kg.sources[key]
    verdicts = claim_verdicts(kg, key, filter=state.filter())
    st.markdown(f"## {escape_markdown(text.title)}")
    facts = [_KIND.get(text.kind, "A text")]
    if text.publisher:
        facts.append(f"published by {escape_markdown(text.publisher)}")
    facts.append(f"[open it]({text.url})" if text.url else "its address is not recorded")
    if text.accessed:
        facts.append(f"read on {escape_markdown(text.accessed)}")
    st.markdown(", ".join(facts) + ".")
    if text.note:
        st.caption(escape_markdown(text.note))
    st.markdown(f"**{len(verdicts)} claims:** {verdict_counts(verdicts)}. Each claim is "
                "in our words; beside it, what the studies in this graph say. A source is "
                "never evidence: only the studies are.")
    st.caption("  ·  ".join(f"{VERDICT_STYLE[v].symbol} {VERDICT_STYLE[v].word}"
                            for v in VERDICTS))
    names = {v.claim: f"{n}. {v.says}" for n, v in enumerate(verdicts, 1)}
    options: list[str | None] = [None, *names]
    bound(st.selectbox, "claim", "Show the links and evidence of", options,
          choices=options, fallback=None, format_func=lambda c: names.get(c, "no claim"),
          placeholder="no claim")
    state = session.view()
    if state.claim is not None:
        opened = next((v for v in verdicts if v.claim == state.claim), None)
        if opened is not None:
            _evidence(kg, opened, names[opened.claim])
    for n, v in enumerate(verdicts, 1):
        _claim(n, v)


def _badge(v: ClaimVerdict) -> str:
    level = f" ({v.level})" if v.verdict == "supported" else ""
    return f":{BADGE_COLOUR[v.verdict]}-badge[{v.symbol} {v.word}{level}]"


def _claim(n: int, v: ClaimVerdict) -> None:
    with st.container(border=True, key=f"claim-{v.claim}"):
        st.markdown(f"**{n}.** {escape_markdown(v.says)}  \n{_badge(v)} "
                    f"{escape_markdown(v.words)}")
        st.caption(f"Where in the source: {escape_markdown(v.where)}")
        st.button("Its links and evidence", key=f"claim-open-{v.claim}",
                  on_click=session.update, kwargs={"claim": v.claim})


def _evidence(kg: mechgraph.MechGraph, v: ClaimVerdict, name: str) -> None:
    """The open claim: each link it names with its verdict and its studies (their
    addresses), a button to the link in explore mode, and the cited study."""
    own = session.box()
    with st.container(border=True, key=EVIDENCE_KEY):
        st.markdown(f"### Claim {escape_markdown(name.split('.', 1)[0])}: its links and "
                    "evidence")
        st.markdown(f"**{escape_markdown(v.says)}**  \n{_badge(v)} {escape_markdown(v.words)}")
        if v.note:
            st.markdown(f"*Note:* {escape_markdown(v.note)}")
        if not v.edges:
            st.markdown("This claim names no link of the graph.")
        for e in v.edges:
            st.markdown(f"#### {escape_markdown(_link_words(kg, e))}")
            words = memo(kg, ("claim-edge", e.edge), lambda e=e: _deeper(
                mechgraph.explain(kg, e.edge, audience="patient", fmt="markdown"), 4))
            st.markdown(words)
            st.button("Open this link in explore mode", key=f"claim-explore-{edge_ref(e.edge)}",
                      on_click=_explore, args=(e.edge,))
        cites = v.cites or {}
        for field in ("ref", "closest"):
            ref = cites.get(field)
            if ref and ref in kg.references:
                links = " · ".join(f"[{name}]({url})"
                                   for name, url in kg.references[ref].urls.items())
                what = ("The study it cites" if field == "ref"
                        else "The closest study we checked")
                st.markdown(f"{what}: {escape_markdown(reference_name(kg, ref))} ({links})")
    if own.get("claim-shown") != v.claim:  # newly opened: bring it into view
        own["claim-shown"] = v.claim
        scroll_into_view(EVIDENCE_KEY)


def _deeper(markdown: str, levels: int) -> str:
    """``markdown`` with every heading ``levels`` deeper (under the link's heading)."""
    return "\n".join("#" * levels + line if line.startswith("#") else line
                     for line in markdown.splitlines())


def _link_words(kg: mechgraph.MechGraph, e: ClaimEdge) -> str:
    """'Acupuncture decreases Chronic low back pain: ± contested'."""
    s, t, r = e.edge
    style = VERDICT_STYLE[e.verdict]
    level = f" ({e.level})" if e.verdict == "supported" else ""
    return (f"{kg.nodes[s].label} {RELATION_STYLE[r].words} {kg.nodes[t].label}: "
            f"{style.symbol} {style.word}{level}")


def _explore(edge: EdgeKey) -> None:
    """Open ``edge`` in explore mode: focused on its source, the link selected."""
    session.update(mode="explore", focus=edge[0], selected=edge_ref(edge))
