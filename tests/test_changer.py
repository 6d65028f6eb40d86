"""Edit mode changes, removes and renames what exists (AppTest): pick an item, a form filled
in with its values, a diff preview and the whole-graph check, a save that writes exactly
what was typed; refusals that write nothing. Also the add forms' definitional and control
checkboxes."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from conftest import run_cli
from streamlit.testing.v1 import AppTest
from test_editor import edit_app

from mechgraph import load_graph, set_node
from mechgraph.app.explorer import SIGNATURE_AGE

HOSTILE = ('<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
           '"quoted" \'single\' &amp;')
"""Markup that would run if shown unescaped (one line: a text input holds one)."""

SURPRISES = ["yes", "1e3", "a: b # c", "'x'", '"x"', "[x]", "{x}", "- x", "&x", "!x", "|x",
             ">x", "%x", "@x", "null", "~", "0123", "12:30", "naïve \u2013 日本 😀",
             "tab\tin", "#x"]
"""Values YAML reads as something else unless quoted (as in tests/test_edit.py, without
leading or trailing spaces, which a form trims)."""

MULTILINE = HOSTILE + "\nnew line: yes # no\n\n- a list? no"
"""For text areas: several lines, one of them empty."""


def files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def act(at: AppTest, action: str, kind: str) -> AppTest:
    at.radio(key="edit-action").set_value(action).run()
    return at.radio(key=f"{action}-kind").set_value(kind).run()


def again(at: AppTest) -> AppTest:
    """Back to edit mode after a save (which shows the item in explore mode)."""
    at.query_params["mode"] = "edit"
    return at.run()


def save(at: AppTest) -> AppTest:
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    at.button(key="edit-save").click().run()
    assert not at.exception
    assert at.success and at.success[0].value.startswith("Saved to"), at.success
    return at


def valid(folder: Path) -> None:
    result = run_cli("validate", str(folder))
    assert result.returncode == 0, result.stdout + result.stderr


# --- adding: definitional links, control treatments -----------------------------------------


def test_a_definitional_link_is_added_without_evidence(monkeypatch: pytest.MonkeyPatch,
                                                       graph_copy: Path) -> None:
    at = edit_app(monkeypatch, graph_copy)
    at.selectbox(key="edge-source").set_value("muscle_tension")
    at.selectbox(key="edge-relation").set_value("increases")
    at.selectbox(key="edge-target").set_value("pain_signalling").run()
    assert "Fill in: evidence ref" in at.info[0].value
    at.checkbox(key="edge-definitional").check().run()
    assert not at.exception
    # The evidence and curated_in fields are gone: a definitional link carries none.
    assert not [s for s in at.selectbox if s.key == "edge-evidence-ref"]
    assert not [t for t in at.text_input if t.key == "edge-curated-in"]
    preview = at.code[0].value
    assert "definitional: true" in preview and "evidence" not in preview
    save(at)
    data = load_graph(graph_copy).graph.edges["muscle_tension", "pain_signalling",
                                               "increases"]
    assert (data["definitional"], data["evidence"], data["basis"]) == (
        True, [], "definitional")
    valid(graph_copy)


def test_a_control_treatment_node(monkeypatch: pytest.MonkeyPatch, graph_copy: Path) -> None:
    at = edit_app(monkeypatch, graph_copy)
    at.radio(key="edit-kind").set_value("node").run()
    at.text_input(key="node-id").set_value("sham_tens")
    at.text_input(key="node-label").set_value("Sham TENS")
    at.selectbox(key="node-kind").set_value("mediator").run()
    assert not [c for c in at.checkbox if c.key == "node-control"], "only for a treatment"
    at.selectbox(key="node-kind").set_value("treatment").run()
    at.checkbox(key="node-control").check().run()
    assert "control: true" in at.code[0].value
    save(at)
    assert load_graph(graph_copy).nodes["sham_tens"].control is True


# --- changing -------------------------------------------------------------------------------


def test_a_change_form_is_filled_in_with_the_current_values(
        monkeypatch: pytest.MonkeyPatch, graph_copy: Path) -> None:
    before = files(graph_copy)
    at = act(edit_app(monkeypatch, graph_copy), "set", "node")
    assert "Pick the node to change" in at.info[0].value
    at.selectbox(key="set-node-pick").set_value("sham_acupuncture").run()
    node = load_graph(graph_copy).nodes["sham_acupuncture"]
    assert at.text_input(key="set-node-label").value == node.label
    assert at.selectbox(key="set-node-kind").value == "treatment"
    assert at.checkbox(key="set-node-control").value is True
    assert at.text_area(key="set-node-synonyms").value.splitlines() == node.synonyms
    assert not [t for t in at.text_input if t.key == "set-node-id"], "an id is renamed"
    assert "Nothing differs from the graph yet" in at.info[0].value
    assert not [b for b in at.button if b.key == "edit-save"]
    # Another item picked: its values, not the first one's.
    at.selectbox(key="set-node-pick").set_value("qi").run()
    assert at.text_input(key="set-node-label").value == load_graph(graph_copy).nodes["qi"].label
    assert files(graph_copy) == before


def test_a_change_made_meanwhile_elsewhere_is_not_undone(monkeypatch: pytest.MonkeyPatch,
                                                          graph_copy: Path) -> None:
    """Another editor changes the item while the form is open: the form is filled in
    again (with a warning), so saving cannot write back the old value."""
    at = act(edit_app(monkeypatch, graph_copy), "set", "node")
    at.selectbox(key="set-node-pick").set_value("qi").run()
    at.text_area(key="set-node-plain").set_value("My new plain words.").run()
    set_node(graph_copy, "qi", {"label": "Qi, as another editor wrote it"})
    time.sleep(SIGNATURE_AGE + 0.2)  # the app looks at the files again after this
    at.run()
    assert "changed in the files since the form was filled in" in at.warning[0].value
    assert at.text_input(key="set-node-label").value == "Qi, as another editor wrote it"
    assert at.text_area(key="set-node-plain").value == load_graph(graph_copy).nodes["qi"].plain
    assert not [b for b in at.button if b.key == "edit-save"]


@pytest.mark.parametrize("value", [HOSTILE, *SURPRISES])
def test_change_a_node_with_hostile_values(monkeypatch: pytest.MonkeyPatch, graph_copy: Path,
                                           value: str) -> None:
    at = act(edit_app(monkeypatch, graph_copy), "set", "node")
    at.selectbox(key="set-node-pick").set_value("qi").run()
    at.text_input(key="set-node-label").set_value(value)
    at.text_area(key="set-node-plain").set_value(MULTILINE)
    at.text_area(key="set-node-synonyms").set_value(f"{value}\nchi").run()
    assert "traditional.yaml (after)" in at.code[0].value  # the diff of the file
    save(at)
    assert "changed node qi" in at.success[0].value
    assert at.query_params["mode"] == "explore" and at.query_params["focus"] == "qi"
    node = load_graph(graph_copy).nodes["qi"]
    assert (node.label, node.plain, node.synonyms) == (value, MULTILINE, [value, "chi"])
    valid(graph_copy)


def test_change_a_link_and_its_relation(monkeypatch: pytest.MonkeyPatch,
                                        graph_copy: Path) -> None:
    at = act(edit_app(monkeypatch, graph_copy), "set", "edge")
    at.selectbox(key="set-edge-pick").set_value("acupuncture|serotonin|modulates").run()
    assert at.selectbox(key="set-edge-relation").value == "modulates"
    at.selectbox(key="set-edge-relation").set_value("increases")
    at.text_area(key="set-edge-description").set_value(MULTILINE)
    at.text_area(key="set-edge-plain").set_value(HOSTILE).run()
    assert any("source_article.yaml (after)" in c.value for c in at.code), "its claim too"
    save(at)
    assert at.query_params["selected"] == "acupuncture|serotonin|increases"
    kg = load_graph(graph_copy)
    assert ("acupuncture", "serotonin", "modulates") not in kg.edges
    edge = kg.edges["acupuncture", "serotonin", "increases"]
    assert (edge.description, edge.plain) == (MULTILINE, HOSTILE)
    valid(graph_copy)


@pytest.mark.parametrize("value", [HOSTILE, "yes", "a: b # c", "{x}", "naïve \u2013 日本 😀"])
def test_change_an_evidence_item(monkeypatch: pytest.MonkeyPatch, graph_copy: Path,
                                 value: str) -> None:
    key = ("acupuncture", "back_disability", "decreases")  # two items cite one reference
    items = load_graph(graph_copy).edges[key].evidence
    refs = [e.ref for e in items]
    place = next(i for i, r in enumerate(refs) if refs.count(r) > 1 and refs.index(r) != i)
    at = act(edit_app(monkeypatch, graph_copy), "set", "evidence")
    at.selectbox(key="set-evidence-pick").set_value("|".join(key)).run()
    at.selectbox(key="set-evidence-item").set_value(str(place)).run()
    assert at.text_area(key="set-evidence-finding").value == items[place].finding
    at.selectbox(key="set-evidence-stance").set_value("refutes")
    at.text_area(key="set-evidence-finding").set_value(value)
    at.text_area(key="set-evidence-quote").set_value(MULTILINE).run()
    save(at)
    assert at.query_params["selected"] == "|".join(key)
    after = load_graph(graph_copy).edges[key].evidence
    assert (after[place].stance, after[place].finding, after[place].quote) == (
        "refutes", value, MULTILINE)
    assert [e for i, e in enumerate(after) if i != place] == [
        e for i, e in enumerate(items) if i != place], "only the picked item changes"
    valid(graph_copy)


@pytest.mark.parametrize("value", [HOSTILE, "no", "1e3", "[x]", "%x"])
def test_change_a_reference(monkeypatch: pytest.MonkeyPatch, graph_copy: Path,
                            value: str) -> None:
    at = act(edit_app(monkeypatch, graph_copy), "set", "reference")
    at.selectbox(key="set-reference-pick").set_value("han2004").run()
    old = load_graph(graph_copy).references["han2004"]
    assert at.number_input(key="set-reference-year").value == old.year
    at.text_input(key="set-reference-title").set_value(value)
    at.text_area(key="set-reference-note").set_value(MULTILINE)
    at.checkbox(key="set-reference-year-unknown").check().run()
    save(at)
    assert at.query_params["mode"] == "edit"
    new = load_graph(graph_copy).references["han2004"]
    assert (new.title, new.note, new.year) == (value, MULTILINE, "unknown")
    assert (new.doi, new.pmid, new.design) == (old.doi, old.pmid, old.design)
    valid(graph_copy)


def test_a_bad_value_is_shown_beside_its_field_and_nothing_is_written(
        monkeypatch: pytest.MonkeyPatch, graph_copy: Path) -> None:
    before = files(graph_copy)
    at = act(edit_app(monkeypatch, graph_copy), "set", "reference")
    at.selectbox(key="set-reference-pick").set_value("han2004").run()
    at.text_input(key="set-reference-doi").set_value("https://doi.org/10.1000/xyz").run()
    assert not at.exception
    column = next(c for c in at.columns
                  if [t.key for t in c.text_input] == ["set-reference-doi"])
    assert "write the bare DOI '10.1000/xyz'" in column.error[0].value
    assert "shown beside the field concerned" in at.error[-1].value
    assert not [b for b in at.button if b.key == "edit-save"]
    # A problem of the whole item, caused by a checkbox: under that checkbox.
    at = act(edit_app(monkeypatch, graph_copy), "set", "edge")
    at.selectbox(key="set-edge-pick").set_value("acupuncture|endorphins|increases").run()
    at.checkbox(key="set-edge-definitional").check().run()
    assert "holds by definition and carries no 'evidence'" in at.error[0].value
    assert "(1 shown beside the field concerned)" in at.error[-1].value
    assert not [b for b in at.button if b.key == "edit-save"]
    # A required field emptied is asked for, not written.
    at = act(edit_app(monkeypatch, graph_copy), "set", "node")
    at.selectbox(key="set-node-pick").set_value("qi").run()
    at.text_input(key="set-node-label").set_value("   ").run()
    assert "Fill in: label" in at.info[0].value
    assert files(graph_copy) == before


# --- removing -------------------------------------------------------------------------------


def test_an_item_in_use_is_refused_and_nothing_is_written(monkeypatch: pytest.MonkeyPatch,
                                                          graph_copy: Path) -> None:
    before = files(graph_copy)
    at = act(edit_app(monkeypatch, graph_copy), "remove", "node")
    at.selectbox(key="remove-node-pick").set_value("qi").run()
    assert not at.exception
    users = at.code[0].value.splitlines()
    assert len(users) == 7  # 2 edges, 4 claims' edges, 1 expectation
    assert any(u.endswith("traditional.yaml:40: edge acupuncture -increases-> qi")
               for u in users)
    assert any("source_article.yaml:188: claim clinic_article/qi_flow" in u for u in users)
    assert "cannot be removed while these items use it" in at.warning[0].value
    assert not [b for b in at.button if b.key == "edit-save"]
    assert files(graph_copy) == before


def test_remove_with_what_uses_it(monkeypatch: pytest.MonkeyPatch, graph_copy: Path) -> None:
    at = act(edit_app(monkeypatch, graph_copy), "remove", "node")
    at.selectbox(key="remove-node-pick").set_value("qi").run()
    before = files(graph_copy)
    at.checkbox(key="remove-node-cascade").check().run()
    assert not at.error, [e.value for e in at.error]
    gone = next(c.value for c in at.code if c.value.startswith("removed node qi"))
    assert "edge meridians -associated_with-> qi" in gone
    assert "claim clinic_article/qi_flow (no edge left)" in gone
    assert files(graph_copy) == before, "the preview writes nothing"
    save(at)
    assert at.query_params["mode"] == "edit"
    assert "Removed: " in at.success[0].value
    kg = load_graph(graph_copy)
    assert "qi" not in kg.nodes and not [k for k in kg.edges if "qi" in k[:2]]
    valid(graph_copy)


def test_remove_an_unused_link_and_an_evidence_item(monkeypatch: pytest.MonkeyPatch,
                                                    graph_copy: Path) -> None:
    at = act(edit_app(monkeypatch, graph_copy), "remove", "edge")
    at.selectbox(key="remove-edge-pick").set_value("acupuncture|skin_blood_flow|increases")
    at.run()
    assert not [c for c in at.checkbox if c.key == "remove-edge-cascade"], "nothing uses it"
    save(at)
    assert at.query_params["focus"] == "acupuncture"
    key = ("acupuncture", "endorphins", "increases")
    items = load_graph(graph_copy).edges[key].evidence
    assert ("acupuncture", "skin_blood_flow", "increases") not in load_graph(graph_copy).edges
    at = act(again(at), "remove", "evidence")
    at.selectbox(key="remove-evidence-pick").set_value("|".join(key)).run()
    at.selectbox(key="remove-evidence-item").set_value("1").run()
    save(at)
    assert load_graph(graph_copy).edges[key].evidence == [items[0], *items[2:]]
    valid(graph_copy)


# --- renaming -------------------------------------------------------------------------------


def test_rename_a_node_everywhere(monkeypatch: pytest.MonkeyPatch, graph_copy: Path) -> None:
    at = act(edit_app(monkeypatch, graph_copy), "rename", "node")
    at.selectbox(key="rename-node-pick").set_value("qi").run()
    assert "Fill in: the new id" in at.info[0].value
    at.text_input(key="rename-node-new").set_value("vital_energy").run()
    changed = [c.value.splitlines()[0] for c in at.code]
    assert any("source_article.yaml" in line for line in changed), changed
    save(at)
    assert at.query_params["focus"] == "vital_energy"
    kg = load_graph(graph_copy)
    assert "qi" not in kg.nodes and "vital_energy" in kg.nodes
    assert ("acupuncture", "vital_energy", "increases") in kg.edges
    assert not any(re.search(r"(source|target|id): qi$", p.read_text(), re.M)
                   for p in graph_copy.rglob("*.yaml"))
    valid(graph_copy)


def test_rename_a_reference_and_a_bad_new_key(monkeypatch: pytest.MonkeyPatch,
                                              graph_copy: Path) -> None:
    before = files(graph_copy)
    at = act(edit_app(monkeypatch, graph_copy), "rename", "reference")
    at.selectbox(key="rename-reference-pick").set_value("zhang2014").run()
    at.text_input(key="rename-reference-new").set_value("Zhang 2014").run()
    assert not at.exception
    assert at.error and "Zhang 2014" in "\n".join(e.value for e in at.error)
    assert not [b for b in at.button if b.key == "edit-save"]
    assert files(graph_copy) == before
    at.text_input(key="rename-reference-new").set_value("zhang_2014").run()
    save(at)
    kg = load_graph(graph_copy)
    assert "zhang2014" not in kg.references and "zhang_2014" in kg.references
    # Every use is rewritten; prose that mentions the key (comments, descriptions) is not.
    assert not any(re.search(r"(ref|closest): zhang2014$|^\s*zhang2014:", p.read_text(), re.M)
                   for p in graph_copy.rglob("*.yaml"))
    valid(graph_copy)


def test_remove_a_reference_with_the_evidence_citing_it(monkeypatch: pytest.MonkeyPatch,
                                                        graph_copy: Path) -> None:
    key = ("acupuncture", "endorphins", "increases")
    items = load_graph(graph_copy).edges[key].evidence
    at = act(edit_app(monkeypatch, graph_copy), "remove", "reference")
    at.selectbox(key="remove-reference-pick").set_value("han2004").run()
    assert [u for u in at.code[0].value.splitlines() if "evidence han2004" in u]
    assert not [b for b in at.button if b.key == "edit-save"]
    at.checkbox(key="remove-reference-cascade").check().run()
    assert any(c.value.startswith("removed reference han2004") for c in at.code)
    save(at)
    kg = load_graph(graph_copy)
    assert "han2004" not in kg.references
    assert kg.edges[key].evidence == [e for e in items if e.ref != "han2004"]
    valid(graph_copy)
