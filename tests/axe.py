"""axe-core in the real-browser tests: inject it into a page or frame, run it, and word what
it finds.

axe-core (an npm package, installed into ``tests/.node`` by :func:`nodejs.node_packages`)
is added to the page under test by Playwright, never by the app; the app loads nothing from
a CDN or a registry.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from nodejs import node_packages

AXE = "axe-core@4"
BLOCKING = ("serious", "critical")
"""The impacts a test fails on."""

_RUN = """async () => {
  const result = await axe.run(document, {iframes: false, resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.map(String), html: n.html,
                              summary: n.failureSummary}))}));
}"""


def axe_script() -> Path:
    """The path of ``axe.min.js`` (installed on first use; the test skips without npm)."""
    return node_packages(AXE) / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(target: Any) -> list[dict[str, Any]]:
    """Run axe-core on a Playwright page or frame (only its own document; run it on each
    frame for theirs) and return its violations: ``id``, ``impact``, ``help``, ``helpUrl``
    and ``nodes`` (each with its CSS ``target`` path, ``html`` and ``summary``)."""
    if not target.evaluate("typeof window.axe === 'object'"):
        target.add_script_tag(path=str(axe_script()))
    return list(target.evaluate(_RUN))


def blocking(violations: Iterable[dict[str, Any]],
             allowed: Iterable[tuple[str, str]] = ()) -> list[dict[str, Any]]:
    """The serious and critical violations, without the nodes ``allowed`` lists as
    ``(rule id, CSS target)`` (each must say, where it is listed, why it is not ours)."""
    allowed = set(allowed)
    kept = []
    for violation in violations:
        if violation["impact"] not in BLOCKING:
            continue
        nodes = [n for n in violation["nodes"]
                 if (violation["id"], " ".join(n["target"])) not in allowed]
        if nodes:
            kept.append({**violation, "nodes": nodes})
    return kept


def describe(violations: Iterable[dict[str, Any]], where: str) -> str:
    """A failure message listing each violation: rule, impact, help and every node."""
    lines = [f"axe-core found serious or critical problems in {where}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        lines += [f"    {' '.join(n['target'])}: {n['html'][:160]}" for n in v["nodes"]]
    return "\n".join(lines)
