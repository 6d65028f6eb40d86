"""The printable one-page comparison handout: one key, a small picture per treatment,
plain words, numbered references, both sides of contested evidence, a page that shortens
itself when crowded, and escaped text. (That it prints on one page is checked with the
installed command in tests/test_cli_compare.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_compare import FIXTURE, FOUR, crowded_graph

from mechgraph import load_graph
from mechgraph.compare import Comparison, compare
from mechgraph.compare_handout import FITS, render_comparison
from mechgraph.compare_text import comparison_text
from mechgraph.graph import MechGraph


@pytest.fixture(scope="module")
def kg() -> MechGraph:
    return load_graph(FIXTURE)


@pytest.fixture(scope="module")
def result(kg: MechGraph) -> Comparison:
    return compare(kg, "back_pain", FOUR)


def test_the_fits_go_from_fullest_to_shortest() -> None:
    assert FITS[0].findings == 3 and FITS[0].weakest and FITS[0].plain_lines == 2
    assert [f.findings for f in FITS] == sorted((f.findings for f in FITS), reverse=True)
    assert FITS[-1].findings == 0 and not FITS[-1].harms


def test_a_crowded_handout_shortens_itself_but_keeps_both_sides(tmp_path: Path) -> None:
    kg = load_graph(crowded_graph(tmp_path))
    result = compare(kg, "back_pain")
    assert len(result.treatments) == 5
    page = render_comparison(kg, result)
    assert 'class="plain"' not in page  # the pictures' boxes show their labels only
    assert page.count('class="picture small"') == 5 and page.count('class="legend"') == 1
    # Every contested treatment still shows its best supporting and refuting findings.
    assert "beat sham by about 0.3 SD" in page and "37% with sham" in page
    assert "Needles beat sham by 0.2 SD" in page and "44% with sham" in page
    # Every harm is still named in the table.
    table = page[page.index('<table class="compare">'):page.index("</table>")]
    assert table.count("Stomach bleeding") == 3
    assert "Compared head to head with another treatment: only Exercise therapy" in page



def test_handout_has_one_key_a_picture_per_treatment_and_numbered_references(
        kg: MechGraph, result: Comparison) -> None:
    page = render_comparison(kg, result)
    assert page.count('class="legend"') == 1
    assert page.count('class="picture small"') == 4  # each has at least its direct link
    assert page.count("<svg") - page.count('class="swatch"') == 4
    assert "<script" not in page and "default-src 'none'" in page
    assert "No treatment here was compared head to head with another treatment." in page
    assert "Not tested" in page and "No clear benefit found" not in page
    assert "44% with sham" in page  # the refuting trial beside the supporting one
    assert '<b class="n">1.</b>' in page
    assert "it is not medical advice" in page



def test_hostile_labels_and_findings_are_escaped(tmp_path: Path) -> None:
    bad = '<script>alert(1)</script> "q" & <b>'
    (tmp_path / "g.yaml").write_text(
        "references:\n  r1: {title: T, year: 2020, design: rct, "
        "url: 'https://example.org/r1'}\n"
        f"nodes:\n  - {{id: t, label: '{bad}', kind: treatment}}\n"
        f"  - {{id: pain, label: '{bad} pain', kind: condition}}\n"
        f"  - {{id: harm, label: '{bad} harm', kind: adverse_effect}}\n"
        "edges:\n"
        f"  - {{source: t, target: pain, relation: decreases, evidence: [{{ref: r1, "
        f"stance: supports, comparison: placebo, finding: '{bad} finding'}}]}}\n"
        f"  - {{source: t, target: harm, relation: increases, evidence: [{{ref: r1, "
        f"stance: supports, finding: '{bad} harm finding'}}]}}\n")
    kg = load_graph(tmp_path)
    result = compare(kg, "pain")
    page = render_comparison(kg, result)
    assert "<script" not in page and "<b>\"q\"" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    md = comparison_text(kg, result, fmt="markdown")
    assert "<script>" not in md and "\\<script\\>" in md
