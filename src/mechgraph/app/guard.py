"""Who may edit in the app: only this computer unless a password is set, a limit on
password attempts, and the editor's name for the edit record.

* **The network.** Edit mode without a password is refused to every client unless the
  server listens on loopback only (``--server.address 127.0.0.1``, ``localhost`` or
  ``::1``): the operating system then delivers no connection from another machine, so only
  people at this computer can reach the app at all. Streamlit's default (no address) listens
  on every interface, and so does ``0.0.0.0``: then edit mode asks for a password, or, with
  none set, says how to set one or how to start the app for this computer only. The client
  address Streamlit reports is not used: its documentation warns it can be spoofed.
* **The password** comes from ``MECHGRAPH_EDIT_PASSWORD`` or Streamlit's secrets
  (``edit_password``, top level or under ``[mechgraph]``). It is typed in a form that
  clears itself, compared in constant time, and never written to the page, the URL or a
  log. After :data:`FREE_TRIES` wrong passwords a session (and a client address, when the
  server knows one) must wait :data:`FIRST_WAIT` seconds, twice as long after each further
  wrong one (at most :data:`MAX_WAIT`); the right password clears the count.
* **The editor's name** is asked once per session, before the first save, and recorded with
  every edit (:mod:`mechgraph.editlog`).
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import socket
import threading
import time
from dataclasses import dataclass

import streamlit as st

from mechgraph.text import escape_markdown

__all__ = ["FIRST_WAIT", "FREE_TRIES", "MAX_WAIT", "PASSWORD_ENV", "Attempts", "editor_name",
           "listen_address", "loopback_only", "network_refusal", "password", "unlocked"]

PASSWORD_ENV = "MECHGRAPH_EDIT_PASSWORD"
"""The environment variable holding the edit password (else Streamlit's secrets)."""
FREE_TRIES = 5
"""Wrong passwords allowed before a wait."""
FIRST_WAIT = 30.0
"""Seconds to wait after the first wrong password beyond :data:`FREE_TRIES`."""
MAX_WAIT = 3600.0
"""The longest wait, in seconds."""
LOOPBACK_NAMES = ("localhost",)


def listen_address() -> str | None:
    """The address the Streamlit server listens on (``None``: every interface)."""
    value = st.get_option("server.address")
    return str(value) if value else None


def loopback_only(address: str | None) -> bool:
    """Whether a server listening on ``address`` can be reached from this computer only.

    Examples
    --------
    >>> [loopback_only(a) for a in ("127.0.0.1", "::1", "localhost", "127.3.0.1")]
    [True, True, True, True]
    >>> [loopback_only(a) for a in (None, "", "0.0.0.0", "::", "192.168.1.5", "unix:///s")]
    [False, False, False, False, False, False]
    """
    if not address:
        return False
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        pass
    if address not in LOOPBACK_NAMES:
        return False  # a host name or a unix socket (a proxy's): not this computer only
    try:
        found = socket.getaddrinfo(address, None)
    except OSError:
        return False
    return bool(found) and all(ipaddress.ip_address(str(info[4][0]).split("%")[0]).is_loopback
                               for info in found)


def password() -> str | None:
    """The edit password: ``$MECHGRAPH_EDIT_PASSWORD``, else Streamlit's secrets."""
    from_env = os.environ.get(PASSWORD_ENV, "")
    if from_env:
        return from_env
    try:
        section = st.secrets.get("mechgraph", {})
        nested = section.get("edit_password") if hasattr(section, "get") else None
        return str(nested or st.secrets.get("edit_password") or "") or None
    except FileNotFoundError:  # no secrets file at all
        return None


def network_refusal(address: str | None) -> str:
    """Why edit mode is refused on a server open to the network, and the two ways out."""
    where = (f"the address `{address}`" if address
             else "every network interface (Streamlit's default)")
    return (f"Editing is refused: this app listens on {where} and no edit password is set, "
            "so anyone who can reach it could change the graph. Either start it for this "
            "computer only: `streamlit run app.py --server.address 127.0.0.1 -- --edit`; "
            f"or set a password, in the environment (`{PASSWORD_ENV}=...`) or in "
            "`.streamlit/secrets.toml` (`edit_password = \"...\"`), and restart the app.")


@dataclass
class Attempts:
    """Wrong passwords of one session or one client, and until when it must wait.

    Examples
    --------
    >>> a = Attempts()
    >>> [a.fail(now=0.0) for _ in range(FREE_TRIES + 2)][-3:]
    [30.0, 60.0, 120.0]
    >>> a.wait_left(now=100.0), a.wait_left(now=120.0)
    (20.0, 0.0)
    """

    failures: int = 0
    until: float = 0.0

    def wait_left(self, now: float) -> float:
        """Seconds still to wait (0 when a password may be tried)."""
        return max(0.0, self.until - now)

    def fail(self, now: float) -> float:
        """Count a wrong password; return the wait it brings (0 within the free tries)."""
        self.failures += 1
        extra = self.failures - FREE_TRIES
        wait = 0.0 if extra < 0 else min(MAX_WAIT, FIRST_WAIT * 2 ** extra)
        self.until = now + wait
        return wait


_BY_CLIENT: dict[str, Attempts] = {}
_BY_CLIENT_LOCK = threading.Lock()


def _attempts() -> list[Attempts]:
    """The counts that apply: the session's, and the client address's when known (so a
    new session from the same machine does not start from zero)."""
    counts = [st.session_state.setdefault("edit-attempts", Attempts())]
    client = st.context.ip_address
    if client:
        with _BY_CLIENT_LOCK:
            counts.append(_BY_CLIENT.setdefault(client, Attempts()))
    return counts


def unlocked() -> bool:
    """Whether this session may edit: refused on a network without a password; asks for
    the password when one is set (with the attempt limit); ``True`` once given."""
    expected = password()
    if expected is None:
        address = listen_address()
        if loopback_only(address):
            return True
        st.error(network_refusal(address.replace("`", "") if address else None))
        return False
    if st.session_state.get("edit-unlocked"):
        return True
    counts = _attempts()
    wait = max(c.wait_left(time.monotonic()) for c in counts)
    if wait > 0:
        st.warning(f"Too many wrong passwords: wait {wait:.0f} seconds, then try again.")
        return False
    with st.form("edit-login", clear_on_submit=True):
        given = st.text_input("Edit password", type="password", key="edit-password")
        submitted = st.form_submit_button("Unlock editing", key="edit-unlock")
    if not submitted or not given:
        return False
    if hmac.compare_digest(given.encode(), expected.encode()):
        st.session_state["edit-unlocked"] = True
        for count in counts:
            count.failures, count.until = 0, 0.0
        return True
    now = time.monotonic()
    wait = max(c.fail(now) for c in counts)
    left = max(0, FREE_TRIES - max(c.failures for c in counts))
    st.error("That is not the edit password. " + (
        f"Too many wrong passwords: wait {wait:.0f} seconds, then try again." if wait else
        f"{left} more {'try' if left == 1 else 'tries'} before a wait."))
    return False


def editor_name() -> str | None:
    """The editor's name, asked once per session (before the first save) for the edit
    record; ``None`` until given."""
    name = st.session_state.get("editor-name")
    if name:
        st.caption(f"Editing as **{escape_markdown(name)}** (recorded with each edit you "
                   "save).")
        return str(name)
    with st.form("editor-name-form"):
        typed = st.text_input("Your name (recorded with each edit you save)",
                              key="editor-name-input")
        submitted = st.form_submit_button("Start editing", key="editor-name-start")
    typed = " ".join(typed.split())
    if submitted and typed:
        st.session_state["editor-name"] = typed
        st.rerun()
    if submitted:
        st.error("Type your name: every saved edit is recorded with it.")
    return None
