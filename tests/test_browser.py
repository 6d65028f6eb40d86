"""The explorer in a real Chromium: it renders the seed graph, lists data errors without a
traceback, and talks to nobody but its own server. The first tests prove that the harness
sees script execution, so that a test finding no script run means something.

Fixtures (``browser``, ``page``, ``page_requests``) are in conftest.py, helpers in browser.py.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from browser import (
    ARTIFACTS,
    SKIP_REASON,
    assert_only_loopback,
    save_screenshot,
    streamlit_server,
    wait_idle,
)
from conftest import GRAPH

from mechgraph import load_graph

pytestmark = pytest.mark.browser

RENDER_TIMEOUT = 30_000  # ms, for the app to render once the server is healthy
MARKUP = '<img src=x onerror="window.__pwned=1">'


def data_url(body: str) -> str:
    return "data:text/html;charset=utf-8," + quote(f"<!doctype html><body>{body}</body>")


def open_app(page: Any, base_url: str) -> None:
    """Open the app and wait until Streamlit has rendered its title on the client."""
    page.goto(base_url, wait_until="domcontentloaded", timeout=RENDER_TIMEOUT)
    page.locator('[data-testid="stApp"]').wait_for(timeout=RENDER_TIMEOUT)
    page.get_by_role("heading", name="mechgraph").wait_for(timeout=RENDER_TIMEOUT)


def test_harness_sees_script_run(page: Any, page_requests: list[str]) -> None:
    page.goto(data_url(MARKUP), timeout=10_000)
    page.wait_for_function("window.__pwned === 1", timeout=5_000)
    assert page.evaluate("window.__pwned") == 1
    assert_only_loopback(page_requests, "a data: page")


def test_harness_sees_escaped_markup_run_nothing(page: Any, page_requests: list[str]) -> None:
    page.goto(data_url(f"<p id=shown>{html.escape(MARKUP)}</p>"), wait_until="load",
              timeout=10_000)
    page.wait_for_timeout(300)  # the unescaped page has set the flag by now
    assert page.locator("#shown").inner_text(timeout=5_000) == MARKUP
    assert page.locator("img").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert_only_loopback(page_requests, "a data: page")


def test_app_renders_the_seed_graph(page: Any, page_requests: list[str]) -> None:
    kg = load_graph(GRAPH)
    with streamlit_server(GRAPH) as base_url:
        open_app(page, base_url)
        assert page.title() == "mechgraph"
        page.get_by_text("The short answer").first.wait_for(timeout=RENDER_TIMEOUT)
        # The pathways are drawn inside the embedded page, from the graph's data.
        frame = page.frame_locator("iframe").first
        frame.locator("body[data-drawn='yes']").wait_for(timeout=RENDER_TIMEOUT)
        drawn = page.frames[-1].evaluate("window.mechgraphNetwork.body.data.nodes.length")
        assert drawn == 18
        assert page.locator('[data-testid="stException"]').count() == 0
        # The patients' page names no file path and no developer item (Deploy, Rerun).
        body = page.locator("body").inner_text()
        assert str(GRAPH) not in body and "Deploy" not in body
        save_screenshot(page, "app-seed.png")
        # Students see the graph's name and size.
        page.goto(f"{base_url}/?mode=explore", wait_until="domcontentloaded")
        page.get_by_text(f"{len(kg.nodes)} nodes").first.wait_for(timeout=RENDER_TIMEOUT)
        assert str(GRAPH) not in page.locator("body").inner_text()
    assert any(url.startswith(base_url) for url in page_requests)
    assert_only_loopback(page_requests, base_url)


def test_app_lists_errors_without_a_traceback(page: Any, page_requests: list[str],
                                              graph_copy: Path) -> None:
    broken = graph_copy / "broken.yaml"
    broken.write_text("edges:\n  - source: acupuncture\n")
    with streamlit_server(graph_copy) as base_url:
        open_app(page, base_url)
        alert = page.locator('[data-testid="stAlert"]', has_text="error(s)")
        alert.wait_for(timeout=RENDER_TIMEOUT)
        assert "has 2 error(s)" in alert.inner_text()
        expected = f"{broken}:2:5: edges[0]: missing required field 'target'"
        code = page.locator('[data-testid="stCode"]', has_text=expected)
        code.wait_for(timeout=RENDER_TIMEOUT)
        text = page.locator("body").inner_text()
        save_screenshot(page, "app-errors.png")
    assert expected in text
    assert "Traceback" not in text
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator("iframe").count() == 0
    assert_only_loopback(page_requests, base_url)


HOSTILE = ('<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
           '"quoted" \'single\'\nnew line &amp;')


def hostile_graph(folder: Path) -> Path:
    """A graph whose every text field holds markup that would run if it were not escaped."""
    text = HOSTILE.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    (folder / "g.yaml").write_text(f"""\
nodes:
  - {{id: a, label: "{text}", kind: treatment, plain: "{text}", description: "{text}"}}
  - {{id: b, label: "{text} b", kind: condition, plain: "{text}"}}
edges:
  - source: a
    target: b
    relation: decreases
    plain: "{text}"
    description: "{text}"
    evidence:
      - {{ref: r, stance: supports, finding: "{text}"}}
references:
  r: {{title: "{text}", year: 2000, design: rct, url: "https://example.org/?q=<script>"}}
""")
    return folder


def test_offline_view_draws_and_runs_no_injected_script(page: Any, page_requests: list[str],
                                                        tmp_path: Path) -> None:
    from mechgraph.query import find_paths
    from mechgraph.view import pathway_graph, render_html, view_data

    (tmp_path / "g").mkdir()
    kg = load_graph(hostile_graph(tmp_path / "g"), cache=False)
    assert kg.nodes["a"].label == HOSTILE
    report = find_paths(kg, "a", "b")
    data = view_data(kg, pathway_graph(kg, report), source="a", target="b")
    page_file = tmp_path / "view.html"
    page_file.write_text(render_html(data, title=HOSTILE, note=HOSTILE), encoding="utf-8")
    page.goto(page_file.as_uri(), timeout=10_000)
    page.wait_for_function("document.body.dataset.drawn === 'yes'", timeout=10_000)
    assert page.evaluate("window.mechgraphNetwork.body.data.nodes.length") == 2
    # Hover each node and the edge so that vis-network shows their tooltips.
    for node_id in ("a", "b"):
        xy = page.evaluate(f"window.mechgraphNetwork.canvasToDOM("
                           f"window.mechgraphNetwork.getPosition('{node_id}'))")
        box = page.locator("#graph").bounding_box()
        page.mouse.move(box["x"] + xy["x"], box["y"] + xy["y"])
        page.wait_for_timeout(400)
        tooltip = page.locator(".vis-tooltip")
        assert tooltip.is_visible()
        assert HOSTILE.split("\n")[0] in tooltip.inner_text()  # shown as text
    save_screenshot(page, "view-hostile.png")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("h1").inner_text().startswith('<img src=x onerror=')
    assert [u for u in page_requests if not u.startswith(("file:", "data:"))] == []


def test_explore_mode_from_a_shared_url_and_choosing_a_path(page: Any,
                                                           page_requests: list[str]) -> None:
    with streamlit_server(GRAPH) as base_url:
        page.goto(f"{base_url}/?mode=explore&focus=endorphins&depth=1&from=acupuncture"
                  "&to=chronic_low_back_pain&path=1", wait_until="domcontentloaded",
                  timeout=RENDER_TIMEOUT)
        page.get_by_text("Path finder").first.wait_for(timeout=RENDER_TIMEOUT)
        frames = page.locator("iframe")
        frames.nth(1).wait_for(timeout=RENDER_TIMEOUT)
        focus_frame = page.frame_locator("iframe").nth(0)
        focus_frame.locator("body[data-drawn='yes']").wait_for(timeout=RENDER_TIMEOUT)

        def highlighted() -> list[str]:
            finder = page.frame_locator("iframe").nth(1)
            finder.locator("body[data-drawn='yes']").wait_for(timeout=RENDER_TIMEOUT)
            frame = next(f for f in page.frames if f.evaluate(
                "document.title").startswith("Acupuncture →"))
            return frame.evaluate("""window.mechgraphNetwork.body.data.edges.get()
                .filter(e => e.color.opacity === 1).map(e => e.id).sort()""")

        first = highlighted()
        assert first == ["acupuncture|chronic_low_back_pain|decreases"]
        save_screenshot(page, "app-explore.png")
        # Choose pathway 3 in the path finder: the highlighted edges follow.
        box = page.locator('[data-testid="stSelectbox"]', has_text="Show pathway")
        box.locator("input").click()
        page.keyboard.type("3")
        page.keyboard.press("Enter")
        page.wait_for_function("new URLSearchParams(location.search).get('path') === '3'",
                               timeout=RENDER_TIMEOUT)
        page.wait_for_timeout(1500)
        assert highlighted() != first
        assert page.locator('[data-testid="stException"]').count() == 0
    assert_only_loopback(page_requests, base_url)


def _pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


@pytest.mark.parametrize("filtered", [False, True], ids=["full", "filtered"])
def test_handout_prints_on_one_page(page: Any, page_requests: list[str], tmp_path: Path,
                                    filtered: bool) -> None:
    from mechgraph.handout import render_handout
    from mechgraph.query import Filter, find_paths

    kg = load_graph(GRAPH)
    view = Filter(min_level="low", relations=frozenset({"increases", "decreases"}))
    report = find_paths(kg, "acupuncture", "chronic_low_back_pain",
                        graph=view.apply(kg.graph) if filtered else None)
    handout = tmp_path / "handout.html"
    handout.write_text(render_handout(kg, report, filter=view if filtered else None),
                       encoding="utf-8")
    page.goto(handout.as_uri(), timeout=10_000)
    for paper in ("A4", "Letter"):
        assert _pages(page.pdf(format=paper, print_background=True)) == 1, paper
    page.emulate_media(media="print")
    assert page.locator(".legend").is_visible()
    assert page.locator(".filter").count() == (1 if filtered else 0)
    sizes = page.evaluate("""() => {
        const px = e => parseFloat(getComputedStyle(e).fontSize);
        const body = [...document.querySelectorAll(
            'h1, h2, p, body > ol:not(.refs) > li, ul > li')];
        const refs = [...document.querySelectorAll('ol.refs > li, ol.refs a')];
        const text = e => e.innerText.trim().length > 0;
        return {body: body.filter(text).map(px), refs: refs.filter(text).map(px),
                legend: [...document.querySelectorAll('.legend span')].map(px)};
    }""")
    assert len(sizes["body"]) >= 8 and len(sizes["refs"]) >= 10
    assert min(sizes["body"]) >= 14.66, sizes["body"]  # 11 pt
    assert min(sizes["refs"]) >= 12.0, sizes["refs"]  # 9 pt
    assert min(sizes["legend"]) >= 12.0, sizes["legend"]
    save_screenshot(page, f"handout{'-filtered' if filtered else ''}.png")
    assert [u for u in page_requests if not u.startswith(("file:", "data:"))] == []


@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_html_to_pdf_prints_the_handout_on_one_page(paper: str) -> None:
    from mechgraph.handout import render_handout_pdf
    from mechgraph.pdf import chromium_path
    from mechgraph.query import find_paths

    found = chromium_path()
    if found is None or not Path(found).exists():
        pytest.skip(SKIP_REASON)
    kg = load_graph(GRAPH)
    pdf = render_handout_pdf(kg, find_paths(kg, "acupuncture", "chronic_low_back_pain"),
                             paper=paper)
    assert pdf.startswith(b"%PDF")
    assert _pages(pdf) == 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"handout-{paper}.pdf").write_bytes(pdf)


def test_hostile_graph_in_the_app_runs_no_script(page: Any, page_requests: list[str],
                                                 tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    hostile_graph(folder)
    # Markdown that would make a script link, too, in the texts shown as Markdown.
    text = (folder / "g.yaml").read_text().replace(
        'plain: "', 'plain: "[click me](javascript:window.__pwned=3) ', 1)
    (folder / "g.yaml").write_text(text)
    with streamlit_server(folder) as base_url:
        for query in ("?mode=explain&source=a&target=b",
                      "?mode=explore&focus=a&from=a&to=b&path=1"):
            page.goto(base_url + "/" + query, wait_until="domcontentloaded",
                      timeout=RENDER_TIMEOUT)
            page.locator('[data-testid="stApp"]').wait_for(timeout=RENDER_TIMEOUT)
            frame = page.frame_locator("iframe").first
            frame.locator("body[data-drawn='yes']").wait_for(timeout=RENDER_TIMEOUT)
            page.wait_for_timeout(1000)
            # Hover the first node of the picture so that its tooltip shows.
            view = next(f for f in page.frames if f != page.main_frame)
            xy = view.evaluate("window.mechgraphNetwork.canvasToDOM("
                               "window.mechgraphNetwork.getPosition('a'))")
            graph_box = view.locator("#graph").bounding_box()
            page.mouse.move(graph_box["x"] + xy["x"], graph_box["y"] + xy["y"])
            page.wait_for_timeout(500)
            tooltip = view.locator(".vis-tooltip")
            assert tooltip.is_visible(), "the hover should show the node's tooltip"
            assert "<img src=x" in tooltip.inner_text()  # the markup, shown as text
            for link in page.get_by_text("click me").all():
                href = link.get_attribute("href") or ""
                assert not href.lower().startswith("javascript"), href
            assert page.evaluate("window.__pwned") is None
            assert view.evaluate("window.__pwned") is None
            assert page.locator('[data-testid="stException"]').count() == 0
        save_screenshot(page, "app-hostile.png")
    assert_only_loopback(page_requests, base_url)


FIND_EDGE_POINT = """([id]) => {
  const net = window.mechgraphNetwork;
  const edge = net.body.data.edges.get(id);
  const a = net.canvasToDOM(net.getPosition(edge.from));
  const b = net.canvasToDOM(net.getPosition(edge.to));
  const len = Math.hypot(b.x - a.x, b.y - a.y), nx = (a.y - b.y) / len, ny = (b.x - a.x) / len;
  for (let t = 0.5, step = 0; step < 40; step++, t = 0.5 + (step % 2 ? 1 : -1) * step * 0.01) {
    for (let off = 0; off <= 80; off += 2) {
      for (const sign of [1, -1]) {
        const p = {x: a.x + (b.x - a.x) * t + sign * off * nx,
                   y: a.y + (b.y - a.y) * t + sign * off * ny};
        if (net.getEdgeAt(p) === id && net.getNodeAt(p) === undefined) { return p; }
      }
    }
  }
  return null;
}"""


def click_in_view(page: Any, view: Any, point: dict[str, float]) -> None:
    """Click at ``point`` (DOM coordinates of the picture) with the real mouse (Playwright
    gives the box of an element in a frame in the page's coordinates)."""
    graph_box = view.locator("#graph").bounding_box()
    page.mouse.click(graph_box["x"] + point["x"], graph_box["y"] + point["y"])


def test_clicking_the_picture_shows_details_and_refocuses(page: Any,
                                                          page_requests: list[str]) -> None:
    edge = "acupuncture|endorphins|increases"
    # Wide enough for the picture in both modes (narrower frames show the steps as a list).
    page.set_viewport_size({"width": 1800, "height": 1000})
    with streamlit_server(GRAPH) as base_url:
        open_app(page, base_url)
        page.frame_locator("iframe").first.locator("body[data-drawn='yes']").wait_for(
            timeout=RENDER_TIMEOUT)
        view = next(f for f in page.frames if f != page.main_frame)
        # The legend is part of the picture (and of the downloaded page).
        assert "strong evidence" in view.locator(".legend").inner_text()
        point = view.evaluate(FIND_EDGE_POINT, [edge])
        assert point is not None, "no clickable point found on the link"
        click_in_view(page, view, point)
        page.wait_for_function(
            f"new URLSearchParams(location.search).get('selected') === '{edge}'",
            timeout=RENDER_TIMEOUT)
        # In patient words (explain mode), brought into view, with the study's link.
        evidence = page.locator(".st-key-details")
        evidence.get_by_text("Studies that support this").first.wait_for(
            timeout=RENDER_TIMEOUT)
        link = page.get_by_role("link", name="https://doi.org/10.1016/j.pneurobio.2008.05.004")
        assert link.first.get_attribute("href") == "https://doi.org/10.1016/j.pneurobio.2008.05.004"
        page.wait_for_timeout(1200)  # the box is kept in view while the page settles
        box = evidence.bounding_box()
        assert box is not None and -2 <= box["y"] < 1000, f"the evidence is out of view: {box}"
        save_screenshot(page, "app-selected-link.png")

        # Explore mode: clicking a node focuses on it.
        page.goto(f"{base_url}/?mode=explore&focus=acupuncture", wait_until="domcontentloaded",
                  timeout=RENDER_TIMEOUT)
        page.frame_locator("iframe").first.locator("body[data-drawn='yes']").wait_for(
            timeout=RENDER_TIMEOUT)
        page.wait_for_timeout(500)
        view = next(f for f in page.frames if f != page.main_frame)
        xy = view.evaluate("window.mechgraphNetwork.canvasToDOM("
                           "window.mechgraphNetwork.getPosition('endorphins'))")
        click_in_view(page, view, xy)
        page.wait_for_function(
            "new URLSearchParams(location.search).get('focus') === 'endorphins'",
            timeout=RENDER_TIMEOUT)
        # A node with few links (four: from acupuncture, exercise and spinal manipulation, to
        # pain signalling) shows them at once.
        few = page.locator('[data-testid="stExpander"]').filter(has_text="Its 4 links")
        few.get_by_text("Endorphins and other endogenous opioids decreases Pain").wait_for(
            timeout=RENDER_TIMEOUT)
        # Back to the hub: its links in words wait behind one click, which keeps the view.
        page.go_back()
        page.wait_for_function(
            "new URLSearchParams(location.search).get('focus') === 'acupuncture'",
            timeout=RENDER_TIMEOUT)
        words = page.locator('[data-testid="stExpander"]').filter(
            has_text="Its 18 links in words")
        words.wait_for(timeout=RENDER_TIMEOUT)
        wait_idle(page)  # the run has ended: the panel no longer holds the last focus's list
        words.locator("li").first.wait_for(state="detached", timeout=RENDER_TIMEOUT)
        words.locator("summary").click()
        words.get_by_text("Acupuncture increases Endorphins").first.wait_for(
            timeout=RENDER_TIMEOUT)
        assert words.locator("li").count() >= 15  # the links, then the references
        # Closed and opened again: each click sticks, and the view stays.
        for shown in (False, True):
            wait_idle(page)
            words.locator("summary").click()
            first = words.get_by_text("Acupuncture increases Endorphins").first
            first.wait_for(state="visible" if shown else "hidden", timeout=RENDER_TIMEOUT)
            assert "focus=acupuncture" in page.url
        assert page.locator('[data-testid="stException"]').count() == 0
    assert_only_loopback(page_requests, base_url)


def choose(page: Any, label: str, text: str) -> None:
    """Pick the option matching ``text`` in the Streamlit selectbox labelled ``label``."""
    box = page.locator('[data-testid="stSelectbox"]').filter(
        has=page.get_by_text(label, exact=True))
    box.locator("input").click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)


def test_edit_mode_adds_an_edge_in_the_browser(page: Any, page_requests: list[str],
                                               graph_copy: Path) -> None:
    with streamlit_server(graph_copy, env={"MECHGRAPH_EDIT": "1"}) as base_url:
        page.goto(f"{base_url}/?mode=edit", wait_until="domcontentloaded",
                  timeout=RENDER_TIMEOUT)
        page.get_by_label("Your name (recorded with each edit you save)").fill("Browser B")
        page.get_by_role("button", name="Start editing").click()
        page.get_by_text("Fill in: source").first.wait_for(timeout=RENDER_TIMEOUT)
        choose(page, "Source", "sham_acupuncture")
        choose(page, "Relation", "increases")
        choose(page, "Target", "(endorphins)")
        choose(page, "Reference", "zhang2014")
        choose(page, "Stance", "inconclusive")
        finding = page.get_by_label("Finding: what the study showed, in one sentence")
        finding.fill("A browser-made test finding.")
        finding.press("Control+Enter")
        page.get_by_text("The whole graph checks with it").wait_for(timeout=RENDER_TIMEOUT)
        save = page.get_by_role("button", name="Save")
        save.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        save.click()
        page.wait_for_function(
            "new URLSearchParams(location.search).get('selected') === "
            "'sham_acupuncture|endorphins|increases'", timeout=RENDER_TIMEOUT)
        page.get_by_text("A browser-made test finding").first.wait_for(timeout=RENDER_TIMEOUT)
        # The confirmation is in view, though Save was clicked at the foot of a long form.
        saved = page.locator(".st-key-edit-saved").get_by_text("Saved to")
        saved.wait_for(timeout=RENDER_TIMEOUT)
        page.wait_for_function(
            "(() => { const r = document.querySelector('.st-key-edit-saved')"
            ".getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()",
            timeout=RENDER_TIMEOUT)
        box = saved.bounding_box()
        viewport = page.viewport_size
        assert saved.is_visible() and box is not None and viewport is not None
        assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box
        # The new link is in the picture of the explore view.
        page.frame_locator("iframe").first.locator("body[data-drawn='yes']").wait_for(
            timeout=RENDER_TIMEOUT)
        view = next(f for f in page.frames if f != page.main_frame)
        ids = view.evaluate("window.mechgraphNetwork.body.data.edges.getIds()")
        assert "sham_acupuncture|endorphins|increases" in ids
        assert page.locator('[data-testid="stException"]').count() == 0
        save_screenshot(page, "app-edit-saved.png")
    from conftest import run_cli

    assert run_cli("validate", str(graph_copy)).returncode == 0
    assert_only_loopback(page_requests, base_url)
