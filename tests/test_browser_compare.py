"""Compare mode in a real Chromium, on the made-up graph of tests/fixtures/compare (four
treatments of back pain) and, once, on the seed graph: the ranked table and one picture per
treatment (one scale, one height), treatments removed and added back several times in a
row with the URL and the page checked after each, "Open in Explain" and back, and the
comparison handout downloaded and printed on one page; on the seed graph, nothing serious
for axe-core.

Fixtures (``page``) are in conftest.py; the widget helpers in browser.py.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from axe import axe_violations, blocking, describe
from browser import (
    click_radio,
    multiselect_add,
    multiselect_remove,
    save_screenshot,
    streamlit_server,
    url_params,
    wait_for_url,
    wait_idle,
    widget,
)
from conftest import GRAPH, ROOT

from mechgraph import compare, load_graph
from mechgraph.explain import sheet_title
from mechgraph.query import find_paths
from mechgraph.view import pathway_graph

pytestmark = pytest.mark.browser

TIMEOUT = 20_000
FIXTURE = ROOT / "tests" / "fixtures" / "compare"
KG = load_graph(FIXTURE)
CONDITION = "back_pain"
LABEL = {i: n.label for i, n in KG.nodes.items()}
REACHING = ["exercise", "herbal_tea", "needles", "pill_a"]  # by label, as the picker lists
TREATMENTS = "Treatments to compare"
COMPARE, EXPLAIN = "Compare treatments", "Explain (for patients)"


def ranked(treatments: list[str]) -> list[str]:
    """The treatments in the library's rank order."""
    return [t.id for t in compare(KG, CONDITION, treatments).treatments]


def table_rows(page: Any) -> list[list[str]]:
    """The cells of the page's ranked table (the first table of the page)."""
    return page.evaluate("""() => {
        const table = document.querySelector('[data-testid="stMarkdownContainer"] table');
        if (!table) { return []; }
        return [...table.querySelectorAll('tbody tr')].map(
            tr => [...tr.querySelectorAll('td')].map(td => td.innerText.trim())); }""")


def pictures(page: Any) -> dict[str, dict[str, Any]]:
    """The drawn component frames of the page, by their title: nodes, what they show
    (picture or list), scale and height."""
    out = {}
    for frame in page.frames:
        if frame == page.main_frame:
            continue
        try:
            seen = frame.evaluate("""() => {
                const net = window.mechgraphNetwork;
                if (!net || document.body.dataset.drawn !== 'yes') { return null; }
                const legend = document.querySelector('.legend');
                return {title: document.title, nodes: net.body.data.nodes.getIds().sort(),
                        shows: document.body.dataset.shows, scale: net.getScale(),
                        height: document.getElementById('graph').offsetHeight,
                        legend: !!legend && !legend.hidden,
                        steps: document.querySelectorAll('#steps li').length}; }""")
        except Exception:  # a frame being replaced by the rerun
            continue
        if seen:
            out[seen["title"]] = seen
    return out


def expect_page(page: Any, chosen: list[str], *, drawn: bool = True) -> None:
    """Wait until the table ranks exactly ``chosen`` and one picture per treatment draws
    its pathways (the library's nodes), at one scale and height, with no legend of its
    own; ``drawn``: as a picture, not (too small to read) as its list of steps."""
    order = ranked(chosen)
    want_rows = [[str(n), LABEL[t]] for n, t in enumerate(order, 1)]
    want_titles = {f"{LABEL[t]} to {LABEL[CONDITION]}": t for t in order}
    rows: list[list[str]] = []
    names: list[str] = []
    seen: dict[str, dict[str, Any]] = {}
    deadline = time.monotonic() + TIMEOUT / 1000
    while time.monotonic() < deadline:
        rows = table_rows(page)
        seen = {k: v for k, v in pictures(page).items()
                if k.endswith(f" to {LABEL[CONDITION]}")}  # no picture left over
        buttons = page.get_by_role("button", name="Open in Explain", exact=False)
        names = sorted(buttons.nth(i).inner_text() for i in range(buttons.count()))
        if [r[:2] for r in rows] == want_rows and set(seen) == set(want_titles) and names == \
                sorted(f"Open in Explain: {LABEL[t]}" for t in order) and all(
                v["nodes"] == sorted(pathway_graph(KG, find_paths(KG, t, CONDITION)).nodes)
                for title, t in want_titles.items() for v in [seen[title]]):
            break
        page.wait_for_timeout(250)
    else:
        raise AssertionError(f"expected rows {want_rows} and pictures {sorted(want_titles)}; "
                             f"saw rows {rows}, pictures {seen} and buttons {names}")
    frames = [frame for title, frame in pictures(page).items() if title in want_titles]
    assert not any(f["legend"] for f in frames), "a small picture shows its own legend"
    assert all(f["steps"] >= 1 for f in frames), "a picture without its steps in words"
    drawn_ones = [f for f in frames if f["shows"] == "picture"]
    assert not drawn or len(drawn_ones) == len(frames), frames
    assert len({round(f["scale"], 4) for f in drawn_ones}) <= 1, drawn_ones  # one scale
    assert len({f["height"] for f in drawn_ones}) <= 1, drawn_ones  # one height
    assert page.locator('[data-testid="stException"]').count() == 0


def chosen_in_widget(page: Any) -> list[str]:
    box = widget(page, "stMultiSelect", TREATMENTS)
    return box.evaluate("""(el) => [...el.querySelectorAll(
        '.react-aria-ComboBox [data-tag]')].map(t => t.getAttribute('aria-label'))""")


def test_compare_on_the_fixture(page: Any, tmp_path: Path) -> None:
    page.set_viewport_size({"width": 1600, "height": 1000})
    with streamlit_server(FIXTURE) as base_url:
        page.goto(f"{base_url}/?mode=compare&target={CONDITION}",
                  wait_until="domcontentloaded", timeout=TIMEOUT)
        wait_for_url(page, {"mode": "compare", "target": CONDITION, "treatments": None})
        expect_page(page, REACHING)
        assert chosen_in_widget(page) == [LABEL[t] for t in REACHING]
        cells = {row[1]: row for row in table_rows(page)}
        assert cells["Pill A"][3].startswith("✓") and "not tested" in cells["Exercise"][3]
        assert "contested" in cells["Needles"][3] and "none recorded" in cells["Needles"][6]
        assert "animal or cell only 6" in cells["Herbal tea"][5]  # and still ranked last
        save_screenshot(page, "compare-fixture.png")

        # A treatment's detail: both sides of its trials, each reference openable.
        page.get_by_text("2. Needles: findings, weakest link, what is not known").click()
        detail = page.locator('[data-testid="stExpander"]').filter(
            has_text="2. Needles: findings").locator('[data-testid="stExpanderDetails"]')
        detail.get_by_text("Its weakest link").wait_for(timeout=TIMEOUT)
        text = detail.inner_text()
        assert "supports (against sham" in text and "refutes (against sham" in text
        links = detail.locator('a[href^="https://example.org/"]')
        assert links.count() >= 3
        assert all(links.nth(i).get_attribute("target") == "_blank"
                   for i in range(links.count()))

        # The handout: every treatment, on one page (A4 and US Letter).
        wait_idle(page)
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name="Printable comparison (HTML, one page)").click()
        handout = tmp_path / info.value.suggested_filename
        info.value.save_as(handout)
        text = handout.read_text(encoding="utf-8")
        assert all(LABEL[t] in text for t in REACHING)
        page.get_by_text("The comparison as PDF or Markdown").click()
        button = page.get_by_role("button", name="Comparison as PDF (US Letter)")
        button.wait_for(timeout=TIMEOUT)
        wait_idle(page)
        with page.expect_download(timeout=60_000) as info:
            button.click()
        pdf = (tmp_path / "letter.pdf")
        info.value.save_as(pdf)
        assert pdf.read_bytes().startswith(b"%PDF")
        assert pdf.read_bytes().count(b"/Type /Page") - pdf.read_bytes().count(
            b"/Type /Pages") == 1

        # Remove a treatment, add it back, remove another, then one more: the URL and the
        # page after each change.
        steps = [(multiselect_remove, "Exercise", ["herbal_tea", "needles", "pill_a"]),
                 (multiselect_add, "Exercise", REACHING),
                 (multiselect_remove, "Needles", ["exercise", "herbal_tea", "pill_a"]),
                 (multiselect_remove, "Pill A", ["exercise", "herbal_tea"]),
                 (multiselect_add, "Pill A", ["exercise", "herbal_tea", "pill_a"])]
        for action, name, now in steps:
            action(page, TREATMENTS, name)
            wait_for_url(page, {"mode": "compare", "target": CONDITION,
                                "treatments": None if now == REACHING else ",".join(now)})
            expect_page(page, now)
            assert sorted(chosen_in_widget(page)) == sorted(LABEL[t] for t in now)

        # Open one treatment in Explain mode: the URL and the Explain page.
        wait_idle(page)
        page.get_by_role("button", name="Open in Explain: Herbal tea").click()
        wait_for_url(page, {"mode": "explain", "source": "herbal_tea", "target": CONDITION,
                            "treatments": None})
        title = sheet_title(KG, "herbal_tea", CONDITION)
        page.wait_for_function("""(title) => [...document.querySelectorAll('iframe')].some(
            f => f.title === 'Picture: ' + title)""", arg=title, timeout=TIMEOUT)
        expect_treatment = widget(page, "stSelectbox", "Treatment").locator("input").first
        page.wait_for_function("([el, text]) => el.value === text",
                               arg=[expect_treatment.element_handle(), "Herbal tea"],
                               timeout=TIMEOUT)
        page.get_by_text("In short:").first.wait_for(timeout=TIMEOUT)

        # The browser's back button: the comparison as the URL had it.
        page.go_back()
        wait_for_url(page, {"mode": "compare", "target": CONDITION,
                            "treatments": "exercise,herbal_tea,pill_a"})
        expect_page(page, ["exercise", "herbal_tea", "pill_a"])
        # The mode switched by hand, there and back: the same comparison.
        click_radio(page, "Mode", EXPLAIN)
        wait_for_url(page, {"mode": "explain", "treatments": None})
        click_radio(page, "Mode", COMPARE)
        wait_for_url(page, {"mode": "compare", "target": CONDITION,
                            "treatments": "exercise,herbal_tea,pill_a"})
        expect_page(page, ["exercise", "herbal_tea", "pill_a"])

        # A shared link naming an unknown id, a node that is not a treatment, and a
        # treatment that reaches nothing: warned, never an error page.
        page.goto(f"{base_url}/?mode=compare&target={CONDITION}"
                  "&treatments=pill_a,pil_b,prostaglandins,magnets",
                  wait_until="domcontentloaded", timeout=TIMEOUT)
        page.get_by_text("unknown treatment 'pil_b'").wait_for(timeout=TIMEOUT)
        page.get_by_text("'prostaglandins' in the page address is a mediator").wait_for(
            timeout=TIMEOUT)
        page.get_by_text("Not compared: Magnets").wait_for(timeout=TIMEOUT)
        expect_page(page, ["pill_a"])
        assert url_params(page)["treatments"] == ["pill_a,magnets"]

    page.goto(handout.as_uri(), timeout=10_000)
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=True)
        assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1, paper
    body = page.locator("body").inner_text()
    assert all(LABEL[t] in body for t in REACHING)


def test_compare_opens_on_the_seed_graph(page: Any) -> None:
    kg = load_graph(GRAPH)
    page.set_viewport_size({"width": 1400, "height": 1000})
    with streamlit_server(GRAPH) as base_url:
        page.goto(f"{base_url}/?mode=compare&target=chronic_low_back_pain",
                  wait_until="domcontentloaded", timeout=TIMEOUT)
        wait_for_url(page, {"mode": "compare", "target": "chronic_low_back_pain"})
        want = [t.label for t in compare(kg, "chronic_low_back_pain").treatments]
        page.wait_for_function("""(want) => {
            const t = document.querySelector('[data-testid="stMarkdownContainer"] table');
            return !!t && want.every(w => t.innerText.includes(w)); }""", arg=want,
            timeout=TIMEOUT)
        page.get_by_role("button", name=f"Open in Explain: {want[0]}").wait_for(
            timeout=TIMEOUT)
        wait_idle(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        ends = f" to {kg.nodes['chronic_low_back_pain'].label}"
        for _ in range(int(TIMEOUT / 250)):
            drawn = [v for k, v in pictures(page).items() if k.endswith(ends)]
            if len(drawn) == len(want):
                break
            page.wait_for_timeout(250)
        # One scale: all drawn, or (too small to read) all as their lists of steps.
        assert len(drawn) == len(want) and len({d["shows"] for d in drawn}) == 1, drawn
        if drawn[0]["shows"] == "picture":
            assert len({round(d["scale"], 4) for d in drawn}) == 1, drawn
            assert len({d["height"] for d in drawn}) == 1, drawn  # one height
        save_screenshot(page, "compare-seed.png")
        # The patients' page and a picture's frame: nothing serious for axe-core.
        found = blocking(axe_violations(page.main_frame))
        assert not found, describe(found, "the compare page")
        title = f"{want[0]} to {kg.nodes['chronic_low_back_pain'].label}"
        frame = next(f for f in page.frames if f != page.main_frame
                     and f.evaluate("document.title") == title)
        found = blocking(axe_violations(frame))
        assert not found, describe(found, "a small picture's frame")
        # On a phone: each picture becomes its list of steps, and the table scrolls in its
        # own box, never the page sideways.
        page.set_viewport_size({"width": 390, "height": 844})
        frame.wait_for_function("document.body.dataset.shows === 'list'", timeout=TIMEOUT)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        box = page.locator(".st-key-compare-table [data-testid=stMarkdownContainer]").first
        assert box.evaluate("e => getComputedStyle(e).overflowX") == "auto"
