"""Shared fixtures: where the repository, the seed graph and the installed CLI are; the
real browser of the browser tests (helpers in ``browser.py``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import CHROMIUM, SKIP_REASON, launch_browser

ROOT = Path(__file__).resolve().parent.parent
GRAPH = ROOT / "graph"
SHARED = ROOT.parent / "shared"


def mechgraph_command() -> list[str]:
    """The installed ``mechgraph`` console script (next to this Python, else on PATH)."""
    beside = Path(sys.executable).with_name("mechgraph")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("mechgraph")
    if found is None:
        pytest.fail("the mechgraph command is not installed: pip install -e '.[test]'")
    return [found]


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
            ) -> subprocess.CompletedProcess[str]:
    """Run the installed ``mechgraph`` command and capture its output."""
    full_env = {k: v for k, v in os.environ.items() if k != "MECHGRAPH_GRAPH"}
    full_env.update(env or {})
    return subprocess.run([*mechgraph_command(), *args], cwd=cwd or ROOT, env=full_env,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test (and every command it runs) uses a cache folder of the test session."""
    os.environ["MECHGRAPH_CACHE_DIR"] = str(tmp_path_factory.mktemp("mechgraph-cache"))


@pytest.fixture
def graph_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed graph."""
    dest = tmp_path / "graph"
    shutil.copytree(GRAPH, dest)
    return dest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests that use the browser last.

    While the session's Playwright is running, its event loop counts as the main thread's
    running loop, so ``asyncio.run`` fails in any test that runs after the first browser
    test; once the browser tests are last, no other test can meet it.
    """
    items.sort(key=lambda item: "browser" in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """The system Chromium driven by Playwright (sync API), shared by the session's tests;
    skips them when Chromium or playwright is missing."""
    if not Path(CHROMIUM).exists():
        pytest.skip(SKIP_REASON)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip(SKIP_REASON)
    with sync_playwright() as playwright:
        chromium = launch_browser(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page_requests() -> list[str]:
    """Every URL the test's ``page`` requested (HTTP, WebSocket, data:), in order."""
    return []


@pytest.fixture
def page(browser: Any, page_requests: list[str]) -> Iterator[Any]:
    """A page in a fresh 1280x900 context of its own; its requests go to ``page_requests``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    context.set_default_navigation_timeout(30_000)
    context.on("request", lambda req: page_requests.append(req.url))
    try:
        tab = context.new_page()
        tab.on("websocket", lambda ws: page_requests.append(ws.url))
        yield tab
    finally:
        context.close()
