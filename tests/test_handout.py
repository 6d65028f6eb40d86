"""The printable patient handout: a static picture, the brief explanation, references."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import GRAPH

from mechgraph import load_graph
from mechgraph.explain import explain
from mechgraph.handout import pathway_svg, render_handout
from mechgraph.query import find_paths


def seed_handout() -> str:
    kg = load_graph(GRAPH)
    return render_handout(kg, find_paths(kg, "acupuncture", "chronic_low_back_pain"))


def test_handout_has_the_picture_words_and_references() -> None:
    page = seed_handout()
    assert page.count("<svg") == 1 and page.count("<rect") == 15
    assert "How acupuncture may affect chronic low back pain" in page
    assert "pretend (sham) acupuncture found little or no difference" in page
    assert '<a href="https://doi.org/10.1001/archinte.167.17.1892">' in page
    assert "This sheet sums up research; it is not medical advice." in page


def test_handout_runs_nothing_and_loads_nothing() -> None:
    page = seed_handout()
    assert "<script" not in page
    assert "default-src 'none'" in page
    assert not re.search(r"<(img|link|iframe)[^>]+(src|href)=", page)


def test_brief_explanation_keeps_the_honest_lines_and_drops_the_detail() -> None:
    kg = load_graph(GRAPH)
    report = find_paths(kg, "acupuncture", "chronic_low_back_pain")
    brief = explain(kg, report, brief=True)
    full = explain(kg, report)
    assert len(brief) < len(full)
    assert "48 in 100" in brief and "pretend (sham)" in brief
    assert "None of the studies we checked tested this." in brief
    assert "electro-acupuncture made the body release" not in brief


def test_hostile_labels_are_escaped_in_the_picture(tmp_path: Path) -> None:
    (tmp_path / "g.yaml").write_text("""\
nodes:
  - {id: a, label: "<script>alert(1)</script>", kind: treatment}
  - {id: b, label: "B & <b>", kind: condition}
edges:
  - {source: a, target: b, relation: decreases, evidence: [{ref: r, stance: supports, finding: F.}]}
references:
  r: {title: T, year: 2000, design: rct, pmid: 1}
""")
    kg = load_graph(tmp_path, cache=False)
    svg = pathway_svg(kg, find_paths(kg, "a", "b"))
    assert "<script" not in svg and "&lt;script&gt;alert(1)" in svg
    assert "B &amp; &lt;b&gt;" in svg
