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
from streamlit.testing.v1 import AppTest

APP = str(ROOT / "app.py")


def folder_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.yaml")):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def edit_app(monkeypatch: pytest.MonkeyPatch, graph: Path, *, secrets: dict[str, Any] | None = None,
             ) -> AppTest:
    monkeypatch.setenv("MECHGRAPH_GRAPH", str(graph))
    monkeypatch.setenv("MECHGRAPH_EDIT", "1")
    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    at.query_params["mode"] = "edit"
    return at.run()


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
    assert "25 nodes" in run_cli("validate", str(graph_copy)).stdout
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
    assert "would have 1 error(s)" in at.error[0].value
    assert "id" in at.code[0].value and "Bad Id" in at.code[0].value
    assert not [b for b in at.button if b.key == "edit-save"]
    # A duplicate edge names the place it is defined and what to do instead.
    at.radio(key="edit-kind").set_value("edge").run()
    at = fill_edge(at, source="acupuncture", target="endorphins")
    assert "already defined here; add evidence to it instead" in at.error[0].value
    assert folder_hash(graph_copy) == before


def test_a_password_from_secrets_guards_edit_mode(monkeypatch: pytest.MonkeyPatch,
                                                  graph_copy: Path) -> None:
    at = edit_app(monkeypatch, graph_copy, secrets={"edit_password": "s3cret"})
    assert not [s for s in at.selectbox if s.key == "edge-source"]
    at.text_input(key="edit-password").set_value("wrong").run()
    assert "not the edit password" in at.error[0].value
    at.text_input(key="edit-password").set_value("s3cret").run()
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
    at.text_input(key="edit-password").set_value("pw").run()
    assert at.selectbox(key="edge-source") is not None
