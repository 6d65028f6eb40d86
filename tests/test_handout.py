"""The printable patient handout: a static picture for print, its key, the brief
explanation, numbered references and the filter line."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import GRAPH

from mechgraph import load_graph
from mechgraph.explain import explain
from mechgraph.handout import (
    KIND_PRINT,
    MUTED,
    PAPER,
    RELATION_PRINT,
    TEXT,
    filter_note,
    pathway_layout,
    pathway_svg,
    render_handout,
)
from mechgraph.pdf import PdfError, chromium_path, page_rule
from mechgraph.query import Filter, find_paths

SEED_FILTER = Filter(min_level="low", relations=frozenset({"increases", "decreases"}))


def seed_handout(**kwargs: object) -> str:
    kg = load_graph(GRAPH)
    return render_handout(kg, find_paths(kg, "acupuncture", "chronic_low_back_pain"),
                          **kwargs)  # type: ignore[arg-type]


def contrast(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two ``#rrggbb`` colours."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, bl = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                    for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * bl
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#f58518") < 3  # white on the app's orange: the old bug


def test_handout_has_the_picture_words_and_references() -> None:
    page = seed_handout()
    assert page.count('<rect class="node"') == 18
    assert "How acupuncture may affect chronic low back pain" in page
    assert "pretend (sham) acupuncture found little or no difference" in page
    assert '<a href="https://doi.org/10.1001/archinte.167.17.1892">' in page
    assert "This sheet sums up research; it is not medical advice." in page


def test_handout_runs_nothing_and_loads_nothing() -> None:
    page = seed_handout()
    assert "<script" not in page
    assert "default-src 'none'" in page
    assert not re.search(r"<(img|link|iframe)[^>]+(src|href)=", page)


def test_the_page_sets_margins_but_no_paper_unless_asked() -> None:
    assert "@page {" in seed_handout() and not re.search(r"[{;]\s*size:", seed_handout())
    assert page_rule("letter") in seed_handout(paper="letter")
    with pytest.raises(PdfError, match="unknown paper 'A5'"):
        seed_handout(paper="A5")


def test_legend_names_kinds_signs_and_line_styles() -> None:
    page = seed_handout()
    legend = page[page.index('<div class="legend"'):]
    legend = legend[:legend.index("</div>")]
    for kind in ("treatment", "mediator", "process", "condition", "concept"):
        assert f"</i>{kind}</span>" in legend
    assert "outcome" not in legend  # only the kinds in the picture
    for _, glyph, words in RELATION_PRINT.values():
        assert f"{glyph} {words}" in legend
    for words in ("strong evidence", "weak or none", "contested", "traditional"):
        assert words in legend


def test_every_line_carries_its_sign_and_its_own_dash_pattern() -> None:
    kg = load_graph(GRAPH)
    report = find_paths(kg, "acupuncture", "chronic_low_back_pain")
    svg = pathway_svg(kg, report)
    edges = re.findall(r'<path class="edge"[^>]*>', svg)
    signs = re.findall(r'<g class="sign">.*?<text[^>]*>(.)</text></g>', svg)
    assert len(edges) == len(signs) == 30
    relations = [re.search(r"url\(#arrow-(\w+)\)", e).group(1) for e in edges]  # type: ignore[union-attr]
    assert signs == [RELATION_PRINT[r][1] for r in relations]
    assert {"↑", "↓", "?"} <= set(signs)
    dashes = [re.search(r'stroke-dasharray="([^"]+)"', e) for e in edges]
    styles = {d.group(1) if d else None for d in dashes}
    assert styles == {None, "8 3", "1.5 3.5"}  # plain, contested, traditional: all distinct


def test_no_line_runs_under_a_box_other_than_its_ends() -> None:
    kg = load_graph(GRAPH)
    for source, target in [("acupuncture", "chronic_low_back_pain"),
                           ("acupuncture", "pain_signalling")]:
        layout = pathway_layout(kg, find_paths(kg, source, target))
        assert layout.lines
        for line in layout.lines:
            for node, box in layout.boxes.items():
                if node in line.key[:2]:
                    continue
                inside = [p for p in line.samples(1.0) if box.contains(*p)]
                assert not inside, f"{line.key} runs through {node} at {inside[0]}"
            sign = line.sign_at(list(layout.boxes.values()))
            for node, box in layout.boxes.items():
                assert not box.contains(*sign, margin=-6), f"{line.key}: sign on {node}"
    # The direct link is drawn, and not hidden under the two-step path.
    layout = pathway_layout(kg, find_paths(kg, "acupuncture", "chronic_low_back_pain"))
    assert ("acupuncture", "chronic_low_back_pain", "decreases") in [
        line.key for line in layout.lines]


def test_every_text_colour_has_contrast_of_at_least_4_5() -> None:
    page = seed_handout()
    pairs = [(TEXT, PAPER), (MUTED, PAPER)]
    pairs += [(TEXT, fill) for _, fill in KIND_PRINT.values()]
    pairs += [(MUTED, fill) for _, fill in KIND_PRINT.values()]
    pairs += [(border, PAPER) for border, _ in KIND_PRINT.values()]
    pairs += [(colour, PAPER) for colour, _, _ in RELATION_PRINT.values()]
    link = re.search(r"a \{ color: (#[0-9a-f]{6})", page)
    assert link
    pairs.append((link.group(1), PAPER))
    # Every fill and text colour the page uses is one of those checked.
    used = set(re.findall(r'fill="(#[0-9a-f]{6})"', page))
    checked = {c for pair in pairs for c in pair}
    assert used <= checked, used - checked
    ratios = [contrast(a, b) for a, b in pairs]
    assert min(ratios) >= 4.5, sorted(zip(ratios, pairs, strict=True))[:3]


def test_references_are_numbered_without_keys_and_break_only_after_a_slash() -> None:
    page = seed_handout()
    refs = page[page.index('<ol class="refs">'):]
    refs = refs[:refs.index("</ol>")]
    items = re.findall(r'<li><b class="n">(\d+)\.</b>', refs)
    assert items == [str(n) for n in range(1, 24)]
    assert "vickers2018" not in refs and not re.search(r"<li>[^<]*\b[a-z]+\d{4}:", refs)
    assert ('<a href="https://doi.org/10.1016/j.jpain.2017.11.005"><span class="u">doi.org'
            '</span>/<wbr><span class="u">10.1016</span>/<wbr><span class="u">j.jpain.2017.11.005'
            "</span></a>") in refs
    assert "word-break: normal; overflow-wrap: normal" in page and "break-all" not in page


def test_the_filter_line_names_the_filter_and_only_when_there_is_one() -> None:
    assert "Filtered view" not in seed_handout()
    assert "Filtered view" not in seed_handout(filter=Filter())
    kg = load_graph(GRAPH)
    view = SEED_FILTER.apply(kg.graph)
    page = render_handout(kg, find_paths(kg, "acupuncture", "chronic_low_back_pain",
                                         graph=view), filter=SEED_FILTER)
    assert ('<p class="filter">Filtered view: only links with evidence level at least low; '
            "relations: decreases, increases. Other links exist in the full graph.</p>") in page
    note = filter_note(Filter(stances={"refutes"}, designs={"rct"}, frameworks={"biomedical"},
                              kinds={"treatment", "condition"}, comparisons={"usual_care"}))
    assert note == ("Filtered view: evidence that: refutes; study designs: rct; compared with: "
                    "usual care; kinds of steps: condition, treatment; frameworks: biomedical. "
                    "Other links exist in the full graph.")


def test_brief_explanation_keeps_the_honest_lines_and_drops_the_detail() -> None:
    kg = load_graph(GRAPH)
    report = find_paths(kg, "acupuncture", "chronic_low_back_pain")
    brief = explain(kg, report, brief=True, fmt="html")
    full = explain(kg, report, fmt="html")
    assert len(brief) < len(full)
    assert "48 in 100" in brief and "pretend (sham)" in brief
    assert "None of the studies we checked tested this." in brief
    assert "electro-acupuncture made the body release" not in brief
    assert "From animal studies; not shown in people." in brief
    assert "Science has not shown this." in brief  # the traditional account stays hedged


def test_hostile_labels_are_escaped_in_the_picture(tmp_path: Path) -> None:
    (tmp_path / "g.yaml").write_text("""\
nodes:
  - {id: a, label: "<script>alert(1)</script>", kind: treatment, plain: "<b>x</b> & y."}
  - {id: b, label: "B & <b>", kind: condition}
edges:
  - {source: a, target: b, relation: decreases, evidence: [{ref: r, stance: supports, finding: F.}]}
references:
  r: {title: T, year: 2000, design: rct, pmid: 1}
""")
    kg = load_graph(tmp_path, cache=False)
    svg = pathway_svg(kg, find_paths(kg, "a", "b"))
    assert "<script" not in svg and "&lt;script&gt;alert(1)" in svg
    assert "B &amp; &lt;b&gt;" in svg and "&lt;b&gt;x&lt;/b&gt; &amp; y." in svg


def test_hostile_graph_handout_is_escaped(tmp_path: Path) -> None:
    from test_browser import HOSTILE, hostile_graph

    (tmp_path / "g").mkdir()
    kg = load_graph(hostile_graph(tmp_path / "g"), cache=False)
    page = render_handout(kg, find_paths(kg, "a", "b"))
    assert "<script" not in page and "<img" not in page
    assert html.escape(HOSTILE.split("\n")[0]) in page
    assert 'href="https://example.org/?q="' in page and "</a>&lt;script&gt;" in page


def test_chromium_path_honours_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MECHGRAPH_CHROMIUM", "/opt/my/chromium")
    assert chromium_path() == "/opt/my/chromium"


def test_a_missing_chromium_is_a_clear_error(monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    from mechgraph.pdf import html_to_pdf

    monkeypatch.setenv("MECHGRAPH_CHROMIUM", str(tmp_path / "no-such-chromium"))
    with pytest.raises(PdfError, match="cannot make a PDF: cannot run"):
        html_to_pdf("<p>hi</p>")


def test_a_crowded_handout_is_compact_and_keeps_every_honest_line() -> None:
    """Acupuncture's 14 pathways take the compact step: the animal-only pathways share
    one line that counts them by effect, the crowded layer of the picture shows labels
    alone, and every reference is short; the dispute and the untested-claim lines stay."""
    page = seed_handout()
    assert page.count("ways seen only in animals") == 1
    assert ("8 more ways seen only in animals, not shown in people, through "
            "pro-inflammatory cytokines, endorphins and other endogenous opioids") in page
    assert ("5 could ease chronic low back pain; for 2, whether they would make it better "
            "or worse is not known; 1 only seen together with it, not a known cause.") in page
    assert "Be aware: strong studies disagree about part of this." in page
    assert "a randomised trial (Haake 2007), another (Cherkin 2009)" in page
    assert "None of the studies we checked tested this." in page
    assert "Science has not shown this." in page
    assert '<b class="n">1.</b>&nbsp;Vickers 2018, J Pain. <a href=' in page
    assert "19(5):455-474" not in page  # no volume or pages on a crowded page
    kg = load_graph(GRAPH)
    report = find_paths(kg, "acupuncture", "chronic_low_back_pain")
    crowded = pathway_svg(kg, report, crowded_plain=0)
    assert crowded.count('class="plain"') == page.count('class="plain"') == 18
    assert pathway_svg(kg, report).count('class="plain"') > 18


def test_a_short_handout_shows_everything() -> None:
    """NSAIDs' five pathways fit in full: each pathway on its own line, the references
    with their volume and pages, and the plain words in every box."""
    kg = load_graph(GRAPH)
    report = find_paths(kg, "nsaids", "chronic_low_back_pain")
    page = render_handout(kg, report)
    assert "ways seen only in animals" not in page
    assert page.count('class="plain"') == pathway_svg(kg, report).count('class="plain"')
    assert ('<b class="n">1.</b>&nbsp;Enthoven WTM (2016). Cochrane Database Syst Rev '
            "(2):CD012087.") in page


def test_the_foreseen_height_errs_on_the_long_side() -> None:
    """The foresight of :mod:`mechgraph.pagefit` on the seed graph's acupuncture sheet:
    its fullest and its shortest step, against the heights measured in Chromium (330 and
    255 mm): long, by at most 10%."""
    from mechgraph.pagefit import FITS, foreseen
    from mechgraph.patient import patient_paths

    kg = load_graph(GRAPH)
    report = find_paths(kg, "acupuncture", "chronic_low_back_pain")
    for fit, printed in ((FITS[0], 330.0), (FITS[2], 255.3)):
        text = patient_paths(kg, report, "html", brief=True, compact=fit.compact).render("html")
        picture = pathway_layout(kg, report, plain_lines=fit.plain_lines,
                                 crowded_plain=fit.crowded_plain).height * 0.2646
        assert printed < foreseen(text, picture) < printed * 1.1
