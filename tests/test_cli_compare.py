"""The installed ``mechgraph compare`` command: the JSON shape, the text and Markdown table,
the one-page HTML handout (and its PDF), filters, and bad requests with exit code 1."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import run_cli
from test_compare import crowded_graph

from mechgraph.compare_text import TABLE_HEADER
from mechgraph.pdf import chromium_path

FIXTURE = "tests/fixtures/compare"
FOUR = ["--treatment", "herbal_tea", "--treatment", "exercise", "--treatment", "needles",
        "--treatment", "pill_a"]


def compare(*args: str) -> tuple[int, str, str]:
    result = run_cli("compare", *args)
    return result.returncode, result.stdout, result.stderr


def test_json_shape_and_rank() -> None:
    code, out, err = compare("back_pain", "--graph", FIXTURE, *FOUR, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["condition"] == "back_pain" and data["filter"] is None
    assert [t["id"] for t in data["treatments"]] == ["pill_a", "needles", "exercise",
                                                    "herbal_tea"]
    needles = data["treatments"][1]
    assert needles["rank"] == 2 and needles["clinical_contested"] is True
    sham = needles["clinical"]["placebo_or_sham"]
    assert (sham["best_support"], sham["best_refute"], sham["contested"]) == (
        "high", "moderate", True)
    assert sham["findings"][1] == {
        "ref": "needles_trial", "citation": "Delta 2009", "stance": "refutes",
        "comparison": "sham", "finding": "Response at 6 months was 47% with needles and 44% "
        "with sham, not a significant difference.", "level": "moderate", "design": "rct",
        "subjects": "human"}
    assert set(needles["pathways_by_level"]) == {"human", "animal_or_cell", "untested",
                                                 "unrecorded", "traditional"}
    assert data["treatments"][3]["pathways_by_level"]["animal_or_cell"]["count"] == 6
    assert data["treatments"][0]["harms"][0]["target_label"] == "Stomach bleeding"
    assert "never changes the rank" in data["ranking_rule"]


def test_text_table_on_the_seed_graph() -> None:
    code, out, err = compare("chronic_low_back_pain")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Treatments for chronic low back pain, ranked by clinical evidence"
    assert lines[2].split()[:2] == ["Rank", "Treatment"]
    assert re.match(r"1 +Acupuncture +high, contested +high, contested +high ", lines[3])
    assert "Haake 2007, refutes (vs sham; rct, level moderate): The 6-month response was " \
           "47.6% with real and 44.2% with sham acupuncture" in out


def test_markdown_table() -> None:
    code, out, err = compare("back_pain", "--graph", FIXTURE, *FOUR, "--format", "markdown")
    assert code == 0, err
    assert "| " + " | ".join(TABLE_HEADER) + " |" in out
    rows = [line for line in out.splitlines() if re.match(r"\| \d ", line)]
    assert [r.split(" | ")[1] for r in rows] == ["Pill A", "Needles", "Exercise",
                                                 "Herbal tea"]
    assert rows[3].split(" | ")[5] == "0 human · 6 animal · 0 untested"
    assert "## 2. Needles: clinical evidence high, contested" in out


def test_filters_are_the_paths_filters() -> None:
    code, out, err = compare("back_pain", "--graph", FIXTURE, *FOUR, "--min-level",
                             "moderate", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["filter"] == {"min_level": "moderate"}
    assert [x["id"] for x in data["left_out"]] == ["herbal_tea"]


def _html(tmp_path: Path, *args: str) -> str:
    out = tmp_path / "compare.html"
    code, stdout, err = compare(*args, "--format", "html", "--output", str(out))
    assert code == 0, err
    assert stdout == ""
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("graph", ["graph", FIXTURE])
def test_html_handout_follows_the_handout_rules(tmp_path: Path, graph: str) -> None:
    condition = "chronic_low_back_pain" if graph == "graph" else "back_pain"
    page = _html(tmp_path, condition, "--graph", graph)
    assert "<script" not in page and "default-src 'none'" in page
    assert not re.search(r"<(img|link|iframe)[^>]+(src|href)=", page)
    assert page.count('class="legend"') == 1
    assert '<ol class="refs">' in page and '<b class="n">1.</b>' in page
    assert "it is not medical advice" in page
    css = page[page.index("<style>"):page.index("</style>")]
    sizes = [float(x) for x in re.findall(r"font-size: ([\d.]+)pt", css)]
    assert min(sizes) >= 9  # the key and the references; everything else at least 11
    body = re.search(r"body \{[^}]*font-size: ([\d.]+)pt", css)
    assert body is not None and float(body.group(1)) >= 11
    cells = re.search(r"table\.compare th, table\.compare td \{[^}]*font-size: ([\d.]+)pt",
                      css)
    assert cells is not None and float(cells.group(1)) >= 11
    # Plain words: no evidence-level jargon in the table.
    table = page[page.index('<table class="compare">'):page.index("</table>")]
    assert not re.search(r">(high|moderate|low|preclinical)[<,]", table)


def _pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


@pytest.mark.parametrize("paper", ["A4", "letter"])
@pytest.mark.parametrize("graph", ["graph", FIXTURE, "crowded"])
def test_pdf_is_one_page(tmp_path: Path, paper: str, graph: str) -> None:
    found = chromium_path()
    if found is None or not Path(found).exists():
        pytest.skip("no Chromium to print with")
    condition = "chronic_low_back_pain" if graph == "graph" else "back_pain"
    if graph == "crowded":
        graph = str(crowded_graph(tmp_path))
    out = tmp_path / "compare.pdf"
    code, _, err = compare(condition, "--graph", graph, "--paper", paper, "--output",
                           str(out))
    assert code == 0, err
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF")
    assert _pages(pdf) == 1


@pytest.mark.parametrize(("args", "message"), [
    (["chronic_low_bak_pain"], "unknown node 'chronic_low_bak_pain' (did you mean "
                               "'chronic_low_back_pain'?)"),
    (["chronic_low_back_pain", "--treatment", "acupunture"],
     "unknown node 'acupunture' (did you mean 'acupuncture'?)"),
    (["pain_signalling"], "'pain_signalling' is a process, not a condition"),
    (["chronic_low_back_pain", "--treatment", "endorphins"],
     "'endorphins' is a mediator, not a treatment"),
    (["chronic_low_back_pain", "--max-length", "0"], "the path length must be between 1"),
    (["chronic_low_back_pain", "--json", "--output", "x.pdf"], "a .pdf output is the "
                                                                "handout"),
])
def test_bad_requests_exit_1_with_a_clear_message(args: list[str], message: str) -> None:
    code, out, err = compare(*args)
    assert code == 1
    assert out == ""
    assert err.startswith("mechgraph: error: ") and message in err
    assert "Traceback" not in err


def test_no_treatment_reaching_is_exit_1() -> None:
    code, _, err = compare("back_pain", "--graph", FIXTURE, "--treatment", "magnets")
    assert code == 1
    assert "no treatment reaches 'back_pain'" in err


def test_unwritable_output_is_exit_1(tmp_path: Path) -> None:
    code, _, err = compare("chronic_low_back_pain", "--output",
                           str(tmp_path / "no" / "such" / "dir.html"), "--format", "html")
    assert code == 1 and "cannot write" in err


def test_help_has_an_example() -> None:
    result = run_cli("compare", "--help")
    assert result.returncode == 0
    assert "Example:\n  mechgraph compare chronic_low_back_pain" in result.stdout
    assert "--min-level" in result.stdout and "--treatment ID" in result.stdout
