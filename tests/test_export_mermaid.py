"""The Mermaid export parsed by the real Mermaid parser (the ``mermaid`` npm package under
Node, with ``jsdom`` standing in for the browser), and its escaping checked line by line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from nodejs import node_packages, run_node
from test_export import TRICKY

import mechgraph
from mechgraph.export import select_view
from mechgraph.export.mermaid import ARROW_LABEL, mermaid_text, to_mermaid

MERMAID_SCRIPT = r"""
import { JSDOM } from "jsdom";
import { readFileSync } from "node:fs";
const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });
const out = [];
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, "utf8");
  try {
    await mermaid.parse(text);
  } catch (error) {
    out.push({ ok: false, error: String(error.message).split("\n")[0] });
    continue;
  }
  const db = (await mermaid.mermaidAPI.getDiagramFromText(text)).db;
  out.push({
    ok: true,
    vertices: [...db.getVertices().values()].map((v) => [v.id, v.text]),
    edges: db.getEdges().map((e) => [e.start, e.end, e.text, e.stroke]),
  });
}
console.log(JSON.stringify(out));
"""

LABEL_LINE = re.compile(r'^  n_[a-z][a-z0-9_]*\["[^"\n]*"\]$')


def _decode(text: str) -> str:
    """Undo Mermaid's internal form of entity codes (``#34;`` is kept as ``ﬂ°°34¶ß`` until
    it is drawn)."""
    return re.sub(r"ﬂ°°(\d+)¶ß", lambda m: chr(int(m.group(1))), text)


def _charts(tricky: Path) -> dict[str, tuple[mechgraph.MechGraph, str]]:
    kg = mechgraph.load_graph(tricky)
    seed = mechgraph.load_graph(ROOT / "graph")
    return {
        "pathway": (seed, to_mermaid(seed, select_view(
            seed, source="acupuncture", target="chronic_low_back_pain"))),
        "focus": (kg, to_mermaid(kg, select_view(kg, focus_node="tricky_mediator", depth=2))),
    }


@pytest.fixture
def tricky(graph_copy: Path) -> Path:
    (graph_copy / "tricky.yaml").write_text(TRICKY, encoding="utf-8")
    return graph_copy


def test_labels_are_escaped_so_no_text_breaks_the_chart(tricky: Path) -> None:
    for _, chart in _charts(tricky).values():
        lines = chart.splitlines()
        assert lines[0] == "flowchart LR"
        for line in lines[1:]:
            if "[" in line:
                assert LABEL_LINE.match(line), line
            # Every '#' starts an entity code or a colour.
            assert not re.search(r"#(?!\d+;|[0-9a-f]{6}\b)", line), line
    assert mermaid_text('a "b"\n[c]; #d |e| <f> `g` & h') == \
        "a #34;b#34; #91;c#93;#59; #35;d #124;e#124; #60;f#62; #96;g#96; #38; h"


def test_real_mermaid_parser_reads_pathway_and_focus_charts(tricky: Path,
                                                            tmp_path: Path) -> None:
    node_packages("mermaid@11", "jsdom@26")
    charts = _charts(tricky)
    files = []
    for name, (_, chart) in charts.items():
        files.append(tmp_path / f"{name}.mmd")
        files[-1].write_text(chart, encoding="utf-8")
    broken = tmp_path / "broken.mmd"
    broken.write_text('flowchart LR\n  n_a["He said "no" here"] --> n_b\n', encoding="utf-8")
    results = run_node(MERMAID_SCRIPT, *map(str, files), str(broken))
    assert results[-1]["ok"] is False, "the parser must reject an unescaped quote"
    for (name, (kg, _)), got in zip(charts.items(), results, strict=False):
        assert got["ok"], (name, got)
        view = (select_view(kg, source="acupuncture", target="chronic_low_back_pain")
                if name == "pathway" else select_view(kg, focus_node="tricky_mediator", depth=2))
        vertices = {vid: _decode(text) for vid, text in got["vertices"]}
        assert vertices == {f"n_{n}": " ".join(kg.graph.nodes[n]["label"].split())
                            for n in view.nodes}
        want_edges = sorted(
            [f"n_{u}", f"n_{v}", ARROW_LABEL[k],
             "dotted" if view.edges[u, v, k]["framework"] == "traditional" else "normal"]
            for u, v, k in view.edges(keys=True))
        assert sorted(got["edges"]) == want_edges
    assert ["n_acupuncture", "n_qi", "+ increases", "dotted"] in results[0]["edges"]
    assert any("tricky_mediator" in v and '"no"' in _decode(t)
               for v, t in results[1]["vertices"])


def test_cli_mermaid_for_a_pathway() -> None:
    result = run_cli("export", "mermaid", "--source", "acupuncture", "--target",
                     "chronic_low_back_pain", "--max-length", "1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:4] == [
        "flowchart LR", '  n_acupuncture["Acupuncture"]',
        '  n_chronic_low_back_pain["Chronic low back pain"]',
        '  n_acupuncture -->|"- decreases"| n_chronic_low_back_pain']
    assert result.stdout.count("flowchart LR") == 1 and result.stderr == ""
