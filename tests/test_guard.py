"""Who may edit in the app (:mod:`mechgraph.app.guard`): the app started the README's way
listens on loopback only; a server open to the network refuses edit mode without a
password; password attempts are limited with a growing wait; the editor's name is asked
once per session and recorded with each saved edit."""

from __future__ import annotations

import ipaddress
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser import ROOT, free_port, streamlit_server
from streamlit.testing.v1 import AppTest
from test_editor import edit_app, fill_edge, give_name, unlock

from mechgraph.app import guard
from mechgraph.editlog import read_log

SECRET = "correct horse 7"


def _listening(port: int) -> set[str]:
    """The local addresses on which some process listens on TCP ``port`` (from the
    kernel's tables, /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state != "0A" or int(hex_port, 16) != port:  # 0A: LISTEN
                continue
            raw = bytes.fromhex(address)
            # Each 32-bit word is in the machine's (little-endian) byte order.
            words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
            found.add(str(ipaddress.ip_address(words)))
    return found


def _serve(port: int, *options: str) -> subprocess.Popen[str]:
    streamlit = Path(sys.executable).with_name("streamlit")
    return subprocess.Popen([str(streamlit), "run", str(ROOT / "app.py"), "--server.headless",
                             "true", "--server.port", str(port), "--browser.gatherUsageStats",
                             "false", *options, "--", "--edit"], cwd=ROOT,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, text=True)


def _addresses_of(proc: subprocess.Popen[str], port: int) -> set[str]:
    try:
        deadline = time.monotonic() + 60
        while not (found := _listening(port)):
            assert proc.poll() is None, "streamlit exited"
            assert time.monotonic() < deadline, "streamlit did not listen within 60 s"
            time.sleep(0.25)
        return found
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def test_the_readme_way_to_edit_listens_on_loopback_only() -> None:
    readme = (ROOT / "README.md").read_text()
    command = "streamlit run app.py --server.address 127.0.0.1 -- --edit"
    assert command in readme
    port = free_port()
    assert _addresses_of(_serve(port, "--server.address", "127.0.0.1"), port) == {"127.0.0.1"}
    # Streamlit's default, for contrast: every interface (which the app refuses to edit on).
    port = free_port()
    everywhere = _addresses_of(_serve(port), port)
    assert everywhere & {"0.0.0.0", "::"}, everywhere


def _own_address() -> str | None:
    """This machine's address on its network (the one it would send from), if any."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # UDP: nothing is sent
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if ipaddress.ip_address(address).is_loopback else address


def _reachable(address: str, port: int) -> bool:
    try:
        with socket.create_connection((address, port), timeout=3):
            return True
    except OSError:
        return False


def test_a_loopback_server_cannot_be_reached_through_the_network(graph_copy: Path) -> None:
    own = _own_address()
    if own is None:
        pytest.skip("this machine has no network address besides loopback")
    with streamlit_server(graph_copy, env={"MECHGRAPH_EDIT": "1"}) as base_url:
        port = int(base_url.rsplit(":", 1)[1])
        assert _reachable("127.0.0.1", port)
        assert not _reachable(own, port)
    # For contrast, Streamlit's default address is reachable through the network.
    port = free_port()
    proc = _serve(port)
    try:
        deadline = time.monotonic() + 60
        while not _reachable(own, port):
            assert proc.poll() is None and time.monotonic() < deadline, "not reachable"
            time.sleep(0.25)
    finally:
        proc.terminate()
        proc.wait(timeout=15)


@pytest.mark.parametrize("address", [None, "0.0.0.0", "::", "192.0.2.7", "unix:///tmp/s"])
def test_without_a_password_edit_mode_is_refused_beyond_loopback(
        monkeypatch: pytest.MonkeyPatch, graph_copy: Path, address: str | None) -> None:
    at = edit_app(monkeypatch, graph_copy, address=address, name=None)
    assert not at.exception
    [error] = at.error
    assert error.value.startswith("Editing is refused: this app listens on ")
    assert "`streamlit run app.py --server.address 127.0.0.1 -- --edit`" in error.value
    assert "MECHGRAPH_EDIT_PASSWORD=..." in error.value and "edit_password" in error.value
    assert not at.text_input and not at.selectbox, "no form of edit mode is drawn"


@pytest.mark.parametrize("address", ["127.0.0.1", "localhost", "::1"])
def test_on_loopback_edit_mode_opens_without_a_password(
        monkeypatch: pytest.MonkeyPatch, graph_copy: Path, address: str) -> None:
    at = edit_app(monkeypatch, graph_copy, address=address)
    assert not at.exception and not at.error
    assert at.selectbox(key="edge-source") is not None


def _texts(at: AppTest) -> str:
    """Every text the page shows (the password must be in none of them)."""
    parts = [e.value for kind in ("markdown", "caption", "error", "warning", "info",
                                  "success", "code") for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def test_password_attempts_are_limited_with_a_growing_wait(
        monkeypatch: pytest.MonkeyPatch, graph_copy: Path) -> None:
    monkeypatch.setattr(guard, "FIRST_WAIT", 1.0)
    monkeypatch.setenv(guard.PASSWORD_ENV, SECRET)
    at = edit_app(monkeypatch, graph_copy, address="0.0.0.0", name=None,
                  secrets={"unused": "x"})
    monkeypatch.setenv(guard.PASSWORD_ENV, SECRET)  # edit_app clears it
    at.run()
    for n in range(1, guard.FREE_TRIES):
        unlock(at, f"wrong{n}")
        left = guard.FREE_TRIES - n
        assert at.error[0].value == ("That is not the edit password. "
                                     f"{left} more {'try' if left == 1 else 'tries'} "
                                     "before a wait.")
    unlock(at, "wrong5")
    assert at.error[0].value == ("That is not the edit password. Too many wrong passwords: "
                                 "wait 1 seconds, then try again.")
    at.run()
    assert at.warning[0].value.startswith("Too many wrong passwords: wait ")
    assert not [t for t in at.text_input if t.key == "edit-password"], "no form while waiting"
    time.sleep(1.1)
    at.run()
    unlock(at, "wrong6")  # one more wrong: the wait doubles
    assert "wait 2 seconds" in at.error[0].value
    time.sleep(2.1)
    at.run()
    unlock(at, SECRET)
    assert not at.error
    give_name(at)
    assert at.selectbox(key="edge-source") is not None
    assert SECRET not in _texts(at)
    assert all(SECRET not in str(v) for v in at.query_params.values())
    for n in range(1, 7):
        assert f"wrong{n}" not in _texts(at)


def test_the_right_password_from_the_environment_opens_edit_mode_on_a_network(
        monkeypatch: pytest.MonkeyPatch, graph_copy: Path) -> None:
    monkeypatch.setenv(guard.PASSWORD_ENV, SECRET)
    at = edit_app(monkeypatch, graph_copy, address=None, name=None, secrets={"unused": "x"})
    monkeypatch.setenv(guard.PASSWORD_ENV, SECRET)
    at.run()
    assert not at.error and at.text_input(key="edit-password") is not None
    give_name(unlock(at, SECRET))
    assert at.selectbox(key="edge-source") is not None


def test_the_name_is_asked_once_and_recorded_with_each_saved_edit(
        monkeypatch: pytest.MonkeyPatch, graph_copy: Path) -> None:
    at = edit_app(monkeypatch, graph_copy, name=None)
    assert not [s for s in at.selectbox if s.key == "edge-source"], "no form before the name"
    at.button(key="editor-name-start").click().run()
    assert at.error[0].value == "Type your name: every saved edit is recorded with it."
    give_name(at, "  Dr  Ada  ")
    assert "Editing as **Dr Ada**" in at.caption[0].value
    fill_edge(at).button(key="edit-save").click().run()
    assert not at.exception
    at.query_params["mode"] = "edit"
    at.run()  # back in edit mode: the name is not asked again
    assert not [t for t in at.text_input if t.key == "editor-name-input"]
    fill_edge(at, target="serotonin").button(key="edit-save").click().run()
    records = read_log(graph_copy)
    assert [(r.author, r.summary) for r in records] == [
        ("Dr Ada", "added edge sham_acupuncture -increases-> endorphins (1 evidence)"),
        ("Dr Ada", "added edge sham_acupuncture -increases-> serotonin (1 evidence)")]
    assert "  + sham_acupuncture -increases-> endorphins\n" in records[0].diff


def test_a_preview_records_nothing(monkeypatch: pytest.MonkeyPatch, graph_copy: Path) -> None:
    at = fill_edge(edit_app(monkeypatch, graph_copy))
    assert "The whole graph checks with it." in _texts(at)
    assert read_log(graph_copy) == []
