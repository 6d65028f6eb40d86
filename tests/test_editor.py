"""Edit mode of the app (AppTest): off by default, forms with a preview of the exact YAML
and of the check, a save that writes and shows the new link, a password from secrets."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, run_cli
from streamlit import config
from streamlit.testing.v1 import AppTest

from mechgraph import load_graph

APP = str(ROOT / "app.py")


def folder_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.yaml")):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


EDITOR = "Test Editor"


def listen_on(monkeypatch: pytest.MonkeyPatch, address: str | None) -> None:
    """Run the app as if its server listened on ``address`` (``--server.address``; None:
    Streamlit's default, every interface), until the test ends."""
    option = config.get_config_options()["server.address"]
    monkeypatch.setattr(option, "_get_val_func", lambda: address)


def edit_app(monkeypatch: pytest.MonkeyPatch, graph: Path, *, secrets: dict[str, Any] | None = None,
             address: str | None = "127.0.0.1", name: str | None = EDITOR) -> AppTest:
    """The app in edit mode, as the README starts it (``--server.address 127.0.0.1``, no
    password) unless told otherwise, with the editor's ``name`` given (unless None)."""
    listen_on(monkeypatch, address)
    monkeypatch.setenv("MECHGRAPH_GRAPH", str(graph))
    monkeypatch.setenv("MECHGRAPH_EDIT", "1")
    monkeypatch.delenv("MECHGRAPH_EDIT_PASSWORD", raising=False)
    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    at.query_params["mode"] = "edit"
    at.run()
    if name is not None and not secrets and [t for t in at.text_input
                                             if t.key == "editor-name-input"]:
        give_name(at, name)
    return at


def give_name(at: AppTest, name: str = EDITOR) -> AppTest:
    at.text_input(key="editor-name-input").input(name)
    return at.button(key="editor-name-start").click().run()


def unlock(at: AppTest, typed: str) -> AppTest:
    """Type ``typed`` in the password form and submit it."""
    at.text_input(key="edit-password").input(typed)
    return at.button(key="edit-unlock").click().run()


def fill_edge(at: AppTest, *, source: str = "sham_acupuncture", target: str = "endorphins",
              finding: str = "A test finding, not a real result.") -> AppTest:
    at.selectbox(key="edge-source").set_value(source)
    at.selectbox(key="edge-relation").set_value("increases")
    at.selectbox(key="edge-target").set_value(target).run()
    at.selectbox(key="edge-evidence-ref").set_value("zhang2014")
    at.selectbox(key="edge-evidence-stance").set_value("inconclusive")
    at.text_area(key="edge-evidence-finding").set_value(finding)
    return at.run()


def test_edit_mode_is_off_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MECHGRAPH_GRAPH", str(ROOT / "graph"))
    monkeypatch.delenv("MECHGRAPH_EDIT", raising=False)
    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["mode"] = "edit"
    at.run()
    assert not at.exception
    assert "edit" not in at.sidebar.radio[0].options
    assert any("editing is off" in w.value for w in at.warning)
    assert at.query_params["mode"] == "explain"


def test_add_an_edge_with_evidence_then_see_it(monkeypatch: pytest.MonkeyPatch,
                                               graph_copy: Path, tmp_path: Path) -> None:
    original = tmp_path / "before"
    shutil.copytree(graph_copy, original)
    at = edit_app(monkeypatch, graph_copy)
    assert not at.exception
    assert "Fill in: source, relation, target" in at.info[0].value
    before = folder_hash(graph_copy)
    at = fill_edge(at)
    assert not at.exception and not at.error
    preview = at.code[0].value
    assert "- source: sham_acupuncture\n    target: endorphins\n    relation: increases" in preview
    assert folder_hash(graph_copy) == before, "the preview writes nothing"
    at.button(key="edit-save").click().run()
    assert not at.exception
    assert run_cli("validate", str(graph_copy)).returncode == 0
    assert any(preview in p.read_text() for p in graph_copy.rglob("*.yaml"))
    # The app shows the new link at once: explore mode, its evidence selected.
    assert at.query_params["mode"] == "explore"
    assert at.query_params["selected"] == "sham_acupuncture|endorphins|increases"
    text = "\n".join(m.value for m in at.markdown)
    assert "A test finding, not a real result" in text
    assert at.success[0].value.startswith(f"Saved to {graph_copy}")
    assert at.success[0].value.endswith(
        "added edge sham_acupuncture -increases-> endorphins (1 evidence).")
    # A reviewer sees exactly that edge, and the file stays in canonical form.
    diff = run_cli("diff", str(original), str(graph_copy))
    assert diff.returncode == 0, diff.stderr
    assert "+ sham_acupuncture -increases-> endorphins" in diff.stdout
    assert run_cli("fmt", "--check", "--graph", str(graph_copy)).returncode == 0


def test_a_new_node_in_the_same_step(monkeypatch: pytest.MonkeyPatch, graph_copy: Path) -> None:
    at = edit_app(monkeypatch, graph_copy)
    at.selectbox(key="edge-target").set_value("+new").run()
    at.text_input(key="edge-new-target-id").set_value("oxytocin")
    at.text_input(key="edge-new-target-label").set_value("Oxytocin")
    at.selectbox(key="edge-new-target-kind").set_value("mediator")
    at = fill_edge(at, source="acupuncture", target="+new")
    assert not at.error, [e.value for e in at.error]
    assert "- id: oxytocin" in at.code[0].value
    at.button(key="edit-save").click().run()
    assert not at.exception
    assert at.query_params["selected"] == "acupuncture|oxytocin|increases"
    assert "46 nodes" in run_cli("validate", str(graph_copy)).stdout  # the seed's 45 + 1
    check = run_cli("fmt", "--check", "--graph", str(graph_copy))
    assert check.returncode == 0, check.stdout


def test_a_bad_item_is_refused_and_nothing_changes(monkeypatch: pytest.MonkeyPatch,
                                                   graph_copy: Path) -> None:
    before = folder_hash(graph_copy)
    at = edit_app(monkeypatch, graph_copy)
    at.radio(key="edit-kind").set_value("node").run()
    at.text_input(key="node-id").set_value("Bad Id")
    at.text_input(key="node-label").set_value("x")
    at.selectbox(key="node-kind").set_value("mediator").run()
    assert not at.exception
    # The problem is shown under the Id field (its column), wrapped, with the fix.
    id_column = next(c for c in at.columns if [t.key for t in c.text_input] == ["node-id"])
    assert [e.value for e in id_column.error] == [
        "'Bad Id' is not a valid id: use a lower-case letter, then lower-case letters, "
        "digits or '\\_' (e.g. 'bad\\_id')"]
    assert "would have 1 error(s) (1 shown beside the field concerned)" in at.error[1].value
    assert "nodes[" in at.code[0].value and "Bad Id" in at.code[0].value
    assert not [b for b in at.button if b.key == "edit-save"]
    assert folder_hash(graph_copy) == before


def test_a_password_from_secrets_guards_edit_mode(monkeypatch: pytest.MonkeyPatch,
                                                  graph_copy: Path) -> None:
    at = edit_app(monkeypatch, graph_copy, secrets={"edit_password": "s3cret"})
    assert not [s for s in at.selectbox if s.key == "edge-source"]
    unlock(at, "wrong")
    assert "not the edit password" in at.error[0].value
    unlock(at, "s3cret")
    give_name(at)
    assert at.selectbox(key="edge-source") is not None


def test_add_a_reference_then_evidence_citing_it(monkeypatch: pytest.MonkeyPatch,
                                                 graph_copy: Path) -> None:
    at = edit_app(monkeypatch, graph_copy)
    at.radio(key="edit-kind").set_value("reference").run()
    at.text_input(key="reference-key").set_value("example2025")
    at.text_input(key="reference-title").set_value("An example study: yes, no # and 1e3")
    at.selectbox(key="reference-design").set_value("rct")
    at.selectbox(key="reference-subjects").set_value("human")
    at.text_input(key="reference-url").set_value("https://example.org/study").run()
    assert not at.error, [e.value for e in at.error]
    at.button(key="edit-save").click().run()
    assert not at.exception
    assert "added reference example2025" in at.success[0].value
    at.query_params["mode"] = "edit"
    at.run()
    at.radio(key="edit-kind").set_value("evidence").run()
    at.selectbox(key="evidence-edge").set_value("acupuncture|endorphins|increases")
    at.selectbox(key="evidence-ref").set_value("example2025")
    at.selectbox(key="evidence-stance").set_value("refutes")
    at.text_area(key="evidence-finding").set_value("A made-up refuting result.").run()
    assert "- ref: example2025" in at.code[0].value
    at.button(key="edit-save").click().run()
    assert not at.exception
    assert at.query_params["selected"] == "acupuncture|endorphins|increases"
    text = "\n".join(m.value for m in at.markdown)
    assert "refutes: A made-up refuting result" in text
    assert "<https://example.org/study>" in text


def test_the_password_may_sit_under_a_mechgraph_table(monkeypatch: pytest.MonkeyPatch,
                                                      graph_copy: Path) -> None:
    at = edit_app(monkeypatch, graph_copy, secrets={"mechgraph": {"edit_password": "pw"}})
    assert not at.exception
    assert not [s for s in at.selectbox if s.key == "edge-source"]
    give_name(unlock(at, "pw"))
    assert at.selectbox(key="edge-source") is not None


def test_problems_of_an_edge_show_beside_their_fields(monkeypatch: pytest.MonkeyPatch,
                                                      graph_copy: Path) -> None:
    before = folder_hash(graph_copy)
    at = edit_app(monkeypatch, graph_copy)
    at.selectbox(key="edge-target").set_value("+new").run()
    at.text_input(key="edge-new-target-id").set_value("Oxy tocin")
    at.text_input(key="edge-new-target-label").set_value("Oxytocin")
    at.selectbox(key="edge-new-target-kind").set_value("mediator")
    at = fill_edge(at, source="acupuncture", target="+new")
    column = next(c for c in at.columns
                  if [t.key for t in c.text_input] == ["edge-new-target-id"])
    assert "'Oxy tocin' is not a valid id" in column.error[0].value
    assert "shown beside the field concerned" in at.error[-1].value
    assert folder_hash(graph_copy) == before


def test_a_duplicate_link_switches_to_its_evidence_form(monkeypatch: pytest.MonkeyPatch,
                                                        graph_copy: Path) -> None:
    before = folder_hash(graph_copy)
    at = edit_app(monkeypatch, graph_copy)
    at = fill_edge(at, source="acupuncture", target="endorphins",
                   finding="Carried over to the evidence form.")
    assert not at.exception
    assert "This link is already in the graph" in at.error[0].value
    assert not at.code and not [b for b in at.button if b.key == "edit-save"]
    assert not any("mechgraph add evidence" in e.value for e in at.error)
    at.button(key="edge-to-evidence").click().run()
    assert not at.exception
    assert at.radio(key="edit-kind").value == "evidence"
    assert at.selectbox(key="evidence-edge").value == "acupuncture|endorphins|increases"
    assert at.selectbox(key="evidence-ref").value == "zhang2014"
    assert at.selectbox(key="evidence-stance").value == "inconclusive"
    assert at.text_area(key="evidence-finding").value == "Carried over to the evidence form."
    assert "- ref: zhang2014" in at.code[0].value
    assert folder_hash(graph_copy) == before
    at.button(key="edit-save").click().run()
    assert not at.exception
    assert at.query_params["selected"] == "acupuncture|endorphins|increases"
    assert "added evidence zhang2014 (inconclusive)" in at.success[0].value


def test_an_unknown_reference_is_added_in_the_same_step(monkeypatch: pytest.MonkeyPatch,
                                                        graph_copy: Path) -> None:
    before = {p: p.read_bytes() for p in graph_copy.rglob("*.yaml")}
    at = edit_app(monkeypatch, graph_copy)
    at = fill_edge(at)
    at.selectbox(key="edge-evidence-ref").set_value("+new").run()
    at.text_input(key="edge-evidence-newref-key").set_value("zhang2041").run()
    assert not at.exception
    assert "no reference 'zhang2041' yet (did you mean 'zhang2014'?)" in at.warning[0].value
    assert "Fill in: new reference zhang2041 design" in at.info[0].value  # a title is optional
    at.text_input(key="edge-evidence-newref-title").set_value("A new trial")
    at.selectbox(key="edge-evidence-newref-design").set_value("rct")
    at.text_input(key="edge-evidence-newref-doi").set_value("doi:bad").run()
    # A bad reference field: its problem is under that field, and nothing is written.
    column = next(c for c in at.columns
                  if [t.key for t in c.text_input] == ["edge-evidence-newref-doi"])
    assert "DOI" in column.error[0].value or "doi" in column.error[0].value
    assert {p: p.read_bytes() for p in graph_copy.rglob("*.yaml")} == before
    at.text_input(key="edge-evidence-newref-doi").set_value("10.1000/xyz123").run()
    assert not at.error, [e.value for e in at.error]
    assert "zhang2041:" in at.code[0].value and "- ref: zhang2041" in at.code[1].value
    assert {p: p.read_bytes() for p in graph_copy.rglob("*.yaml")} == before
    at.button(key="edit-save").click().run()
    assert not at.exception
    assert "added reference zhang2041" in at.success[0].value
    assert "added edge sham_acupuncture -increases-> endorphins" in at.success[0].value
    kg = run_cli("validate", str(graph_copy))
    assert kg.returncode == 0, kg.stdout


def test_the_closest_reference_is_one_click_away(monkeypatch: pytest.MonkeyPatch,
                                                 graph_copy: Path) -> None:
    at = edit_app(monkeypatch, graph_copy)
    at = fill_edge(at)
    at.selectbox(key="edge-evidence-ref").set_value("+new").run()
    at.text_input(key="edge-evidence-newref-key").set_value("zhang2041").run()
    at.button(key="edge-evidence-newref-use-closest").click().run()
    assert at.selectbox(key="edge-evidence-ref").value == "zhang2014"
    # The only warning left is the seed's expectation that a sham reaches the pain only
    # through expectation and context (this test's link would break it).
    assert [w.value.count("would break expectation") for w in at.warning] == [1]
    assert "- ref: zhang2014" in at.code[0].value


def test_a_reference_without_title_or_year_and_evidence_with_a_quote(
        monkeypatch: pytest.MonkeyPatch, graph_copy: Path) -> None:
    """What imported data needs, through the form: no title, the year 'unknown' (never a
    made-up one), design 'unknown', and evidence that quotes the source verbatim."""
    at = edit_app(monkeypatch, graph_copy)
    at.radio(key="edit-kind").set_value("reference").run()
    at.text_input(key="reference-key").set_value("pmid397771")
    at.checkbox(key="reference-year-unknown").check()
    at.selectbox(key="reference-design").set_value("unknown")
    at.selectbox(key="reference-subjects").set_value("unknown")
    at.text_input(key="reference-pmid").set_value("397771").run()
    assert not at.error, [e.value for e in at.error]
    preview = at.code[0].value
    assert "year: unknown" in preview and "title" not in preview
    at.button(key="edit-save").click().run()
    assert not at.exception
    at.query_params["mode"] = "edit"
    at.run()
    at.radio(key="edit-kind").set_value("evidence").run()
    at.selectbox(key="evidence-edge").set_value("acupuncture|endorphins|increases")
    at.selectbox(key="evidence-ref").set_value("pmid397771")
    at.selectbox(key="evidence-stance").set_value("partial")
    at.text_area(key="evidence-finding").set_value("Only part of the link was seen.")
    at.text_area(key="evidence-quote").set_value("Opioids rose: in part.").run()
    assert 'quote: "Opioids rose: in part."' in at.code[0].value, at.code[0].value
    at.button(key="edit-save").click().run()
    assert not at.exception
    kg = load_graph(graph_copy)
    assert kg.references["pmid397771"].year == "unknown"
    assert kg.references["pmid397771"].title is None
    item = kg.edges["acupuncture", "endorphins", "increases"].evidence[-1]
    assert (item.stance, item.quote) == ("partial", "Opioids rose: in part.")


def test_a_curated_link_without_a_study(monkeypatch: pytest.MonkeyPatch,
                                        graph_copy: Path) -> None:
    """A link a knowledge base asserts: saved with 'curated_in' and no evidence, graded
    'ungraded' and shown as curated; the evidence fields are asked for again as soon as one
    of them is filled in."""
    at = edit_app(monkeypatch, graph_copy)
    at.selectbox(key="edge-source").set_value("serotonin")
    at.selectbox(key="edge-relation").set_value("modulates")
    at.selectbox(key="edge-target").set_value("muscle_tension").run()
    assert "Fill in: evidence ref" in at.info[0].value
    at.text_input(key="edge-curated-in").set_value("DrugMechDB").run()
    assert not at.info or "evidence" not in at.info[0].value
    assert "curated_in: DrugMechDB" in at.code[0].value and "evidence" not in at.code[0].value
    at.selectbox(key="edge-evidence-stance").set_value("supports").run()  # half an item
    assert "evidence ref" in at.info[0].value
    at.selectbox(key="edge-evidence-stance").set_value(None).run()
    at.button(key="edit-save").click().run()
    assert not at.exception
    data = load_graph(graph_copy).graph.edges["serotonin", "muscle_tension", "modulates"]
    assert (data["curated_in"], data["evidence"], data["basis"], data["evidence_level"]) == (
        "DrugMechDB", [], "curated", "ungraded")
