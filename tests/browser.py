"""Helpers of the real-browser tests: a ``streamlit run`` server, request checks, screenshots.

The fixtures that use them (``browser``, ``page``) are in ``conftest.py``. Playwright is
imported lazily, so this module (and ``streamlit_server``) works without it.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-default-apps"]
SKIP_REASON = ("browser tests need Chromium at /usr/bin/chromium and the playwright package: "
               "apt-get install chromium; pip install -e '.[test]'")

SERVER_START_TIMEOUT = 60.0
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
LOCAL_SCHEMES = {"data", "blob", "about"}


def free_port() -> int:
    """A TCP port that is free on the loopback interface right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _health(base_url: str) -> str | None:
    """The body of ``/_stcore/health``, or None when the server does not answer."""
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as resp:
            return resp.read().decode()
    except OSError:
        return None


@contextmanager
def streamlit_server(graph_dir: Path | str, env: Mapping[str, str] | None = None, *,
                     script: Path = APP) -> Iterator[str]:
    """Run ``streamlit run app.py -- --graph DIR`` on a free loopback port; yield its URL.

    The server is the ``streamlit`` of the Python running the tests. It gets this process's
    environment without ``MECHGRAPH_GRAPH``, updated with ``env``. The context waits (at most
    ``SERVER_START_TIMEOUT`` seconds) until ``/_stcore/health`` answers ``ok``, and always
    stops the server on exit; if it never becomes healthy, the test fails with its output.
    ``script`` runs another Streamlit script instead of the app (benchmarks compare with an
    empty one).
    """
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    streamlit = Path(sys.executable).with_name("streamlit")
    full_env = {k: v for k, v in os.environ.items() if k != "MECHGRAPH_GRAPH"}
    full_env.update(env or {})
    command = [str(streamlit), "run", str(script), "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false", "--", "--graph", str(graph_dir)]
    # A file, not a pipe: nobody reads the output while the test runs, and a full pipe
    # would block the server.
    with tempfile.TemporaryFile(mode="w+", prefix="streamlit-") as log:
        proc = subprocess.Popen(command, cwd=ROOT, env=full_env, stdin=subprocess.DEVNULL,
                                stdout=log, stderr=subprocess.STDOUT, text=True)

        def output() -> str:
            log.flush()
            log.seek(0)
            return log.read()

        try:
            deadline = time.monotonic() + SERVER_START_TIMEOUT
            body = _health(base_url)
            while body != "ok":
                if proc.poll() is not None:
                    pytest.fail(f"streamlit exited with {proc.returncode} before it was "
                                f"healthy:\n{output()}")
                if time.monotonic() > deadline:
                    pytest.fail(f"streamlit was not healthy after {SERVER_START_TIMEOUT:.0f} s "
                                f"(last answer {body!r}):\n{output()}")
                time.sleep(0.25)
                body = _health(base_url)
            yield base_url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)


def launch_browser(playwright: Any) -> Any:
    """The system Chromium, headless, with no background traffic of its own."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                      args=CHROMIUM_ARGS, timeout=30_000)


def is_loopback(url: str) -> bool:
    """Whether a request to ``url`` stays on this machine.

    >>> is_loopback("http://127.0.0.1:8501/_stcore/health")
    True
    >>> is_loopback("ws://[::1]:8501/_stcore/stream")
    True
    >>> is_loopback("data:text/html,hi")
    True
    >>> is_loopback("https://fonts.googleapis.com/css")
    False
    """
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.hostname in LOOPBACK_HOSTS


def assert_only_loopback(requests: Iterable[str], base_url: str) -> None:
    """Fail, listing them, if any of ``requests`` left the loopback interface.

    ``base_url`` is the server under test; it only labels the failure message.
    """
    outside = sorted({url for url in requests if not is_loopback(url)})
    assert not outside, (f"the page at {base_url} made {len(outside)} request(s) off "
                         "loopback:\n" + "\n".join(outside))


def save_screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot of ``page`` as ``tests/artifacts/NAME``; return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True, timeout=15_000)
    return path


# --- acting on Streamlit widgets as a user does -------------------------------------------
# Each helper waits until the app has finished its run (as a user waits for the page to
# settle), finds the widget by its visible label, changes it with the mouse or keyboard, and
# returns at once: the caller waits for what the change must show (the URL, the page).


def widget(page: Any, testid: str, label: str) -> Any:
    """The Streamlit widget ``data-testid=testid`` whose label is exactly ``label``."""
    return page.locator(f'[data-testid="{testid}"]').filter(
        has=page.locator('[data-testid="stWidgetLabel"]').get_by_text(label, exact=True))


def choose(page: Any, label: str, text: str) -> None:
    """Pick an option in the selectbox labelled ``label``: type ``text`` to narrow the list,
    then click the option that reads exactly ``text`` (else the first that starts with it).
    """
    wait_idle(page)
    box = widget(page, "stSelectbox", label)
    options = page.get_by_role("option")
    box.locator("input").click()
    page.keyboard.type(text)
    options.first.wait_for(timeout=10_000)
    exact = options.filter(has_text=re.compile(f"^{re.escape(text)}$"))
    pick = exact if exact.count() else options.filter(
        has_text=re.compile(f"^{re.escape(text)}"))
    pick.first.click()


def click_radio(page: Any, label: str, option: str) -> None:
    """Click the option ``option`` of the radio group labelled ``label``."""
    wait_idle(page)
    group = widget(page, "stRadio", label)
    group.locator('[data-testid="stRadioOption"]').filter(
        has=page.get_by_text(option, exact=True)).click()


def slide_to(page: Any, label: str, value: int) -> None:
    """Move the slider labelled ``label`` to ``value`` with the arrow keys."""
    wait_idle(page)
    thumb = widget(page, "stSlider", label).get_by_role("slider")
    now = int(thumb.get_attribute("aria-valuetext") or thumb.input_value())
    thumb.focus()
    key = "ArrowRight" if value > now else "ArrowLeft"
    for _ in range(abs(value - now)):
        page.keyboard.press(key)


def multiselect_add(page: Any, label: str, text: str) -> None:
    """Add the option matching ``text`` to the multiselect labelled ``label``."""
    wait_idle(page)
    box = widget(page, "stMultiSelect", label)
    box.locator("input").click()
    page.keyboard.type(text)
    page.get_by_role("option").filter(has_text=re.compile(f"^{re.escape(text)}$")).click()
    page.keyboard.press("Escape")


def multiselect_remove(page: Any, label: str, option: str) -> None:
    """Remove the chosen ``option`` (its tag's delete button) from the multiselect."""
    wait_idle(page)
    box = widget(page, "stMultiSelect", label)
    box.get_by_role("button", name=f"Remove {option}", exact=True).click()


def url_params(page: Any) -> dict[str, list[str]]:
    """The page URL's query parameters, each with all its values."""
    return page.evaluate("""() => {
        const out = {};
        for (const [k, v] of new URLSearchParams(location.search)) { (out[k] ||= []).push(v); }
        return out; }""")


def wait_for_url(page: Any, expected: Mapping[str, str | list[str] | None],
                 timeout: float = 15_000) -> None:
    """Wait until the URL has each expected parameter (a value, a list of values, or
    ``None`` for absent); fail with the URL as it is if it never does."""
    want = {k: ([v] if isinstance(v, str) else v) for k, v in expected.items()}
    try:
        page.wait_for_function("""(want) => {
            const q = new URLSearchParams(location.search);
            return Object.entries(want).every(([k, v]) => v === null ? !q.has(k)
                : JSON.stringify(q.getAll(k)) === JSON.stringify(v)); }""", arg=want,
            timeout=timeout)
    except Exception as exc:  # Playwright's TimeoutError, reported with what the URL says
        raise AssertionError(f"the URL never showed {want}; it is {url_params(page)}") from exc


def wait_idle(page: Any, timeout: float = 30_000) -> None:
    """Wait until the app has finished its run (Streamlit's 'running' indicator is gone)."""
    page.wait_for_function(
        """() => !document.querySelector('[data-test-script-state="running"], '
                + '[data-test-script-state="rerunRequested"], '
                + '[data-testid="stStatusWidgetRunningIcon"]')""",
        timeout=timeout)
