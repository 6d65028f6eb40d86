"""The pydantic models (``mechgraph.model``) and the JSON Schema generated from them."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from mechgraph import (
    COMPARISONS,
    DESIGNS,
    FRAMEWORKS,
    NODE_KINDS,
    RELATIONS,
    STANCES,
    SUBJECTS,
    Edge,
    Evidence,
    GraphFile,
    Node,
    Reference,
    json_schema,
)
from mechgraph.model import required_fields, slug_problem

REF: dict[str, Any] = {"title": "T", "year": 2004, "design": "rct"}


def error(model: type[BaseModel], **data: Any) -> str:
    """The single validation message ``model(**data)`` gives."""
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    (err,) = info.value.errors()
    return str(err["msg"]).removeprefix("Value error, ")


def test_node_defaults() -> None:
    node = Node(id="qi", label="Qi", kind="concept")
    assert (node.framework, node.description, node.plain, node.synonyms, node.xrefs) == (
        "biomedical", None, None, [], [])


def test_models_are_frozen() -> None:
    node = Node(id="qi", label="Qi", kind="concept")
    with pytest.raises(ValidationError):
        node.label = "Other"  # type: ignore[misc]


@pytest.mark.parametrize("model", [Node, Edge, Evidence, Reference, GraphFile])
def test_unknown_keys_are_refused(model: type[BaseModel]) -> None:
    with pytest.raises(ValidationError) as info:
        model.model_validate({"colour": "red"})
    assert "extra_forbidden" in {e["type"] for e in info.value.errors()}


def test_types_are_strict() -> None:
    assert "expected a whole number, got text ('2004')" in error(
        Reference, **{**REF, "year": "2004"}, pmid=1)
    assert "valid string" in error(Node, id="qi", label=5, kind="concept")
    assert "valid list" in error(Node, id="qi", label="Qi", kind="concept", synonyms="chi")


@pytest.mark.parametrize("value", ["a", "qi", "chronic_low_back_pain", "n_2x", "a1_"])
def test_valid_slugs(value: str) -> None:
    assert Node(id=value, label="L", kind="concept").id == value


@pytest.mark.parametrize(("value", "hint"), [
    ("Endorphins", " (e.g. 'endorphins')"),
    ("2x", " (e.g. 'n_2x')"),
    ("a-b", " (e.g. 'a_b')"),
    ("_a", " (e.g. 'a')"),
    ("beta endorphin", " (e.g. 'beta_endorphin')"),
    ("", ""),
    ("---", ""),
])
def test_invalid_slugs(value: str, hint: str) -> None:
    # The model checks the pattern (in pydantic-core, fast); the words come from slug_problem.
    with pytest.raises(ValidationError) as info:
        Node(id=value, label="L", kind="concept")
    assert info.value.errors()[0]["type"] == "string_pattern_mismatch"
    assert slug_problem(value) == (
        f"'{value}' is not a valid id: use a lower-case letter, then lower-case letters, "
        f"digits or '_'{hint}")


def test_edges_and_evidence_use_slugs_too() -> None:
    assert "should match pattern" in error(Edge, source="A", target="b", relation="increases")
    assert "should match pattern" in error(Evidence, ref="Han2004", stance="supports",
                                           finding="F.")


@pytest.mark.parametrize("value", ["MESH:D004723", "UMLS:C0014165", "go.x:0001", "a:b"])
def test_valid_curies(value: str) -> None:
    assert Node(id="n", label="L", kind="concept", xrefs=[value]).xrefs == [value]


@pytest.mark.parametrize("value", ["D004723", "MESH:", ":D1", "MESH: D1", "1MESH:D1"])
def test_invalid_curies(value: str) -> None:
    assert error(Node, id="n", label="L", kind="concept", xrefs=[value]).endswith(
        "is not a CURIE: write PREFIX:ID, e.g. 'MESH:D004723'")


@pytest.mark.parametrize("value", ["", " ", "\n\t"])
def test_text_must_not_be_empty(value: str) -> None:
    assert error(Node, id="n", label=value, kind="concept") == "must not be empty"


# --- references ---------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["10.1016/j.pain.2017.11.005", "10.1002/14651858.CD013814",
                                   "10.1000/x"])
def test_valid_dois(value: str) -> None:
    assert Reference(**REF, doi=value).doi == value


@pytest.mark.parametrize("value", ["https://doi.org/10.1000/x", "http://dx.doi.org/10.1000/x",
                                   "HTTPS://DOI.ORG/10.1000/x", "doi:10.1000/x",
                                   "DOI: 10.1000/x"])
def test_doi_links_ask_for_the_bare_doi(value: str) -> None:
    assert error(Reference, **REF, doi=value) == (
        "write the bare DOI '10.1000/x', without the link or 'doi:' prefix")


@pytest.mark.parametrize("value", ["12345", "10.12/x", "10.1000/", "10.1000/a b",
                                   "https://example.org/10.1000/x"])
def test_invalid_dois(value: str) -> None:
    assert error(Reference, **REF, doi=value) == (
        f"'{value}' is not a DOI: a DOI looks like '10.1016/j.pain.2017.11.005'")


@pytest.mark.parametrize(("value", "stored"), [(15135942, "15135942"), ("29198932", "29198932"),
                                               (1, "1"), (999999999, "999999999")])
def test_valid_pmids_are_stored_as_text(value: int | str, stored: str) -> None:
    assert Reference(**REF, pmid=value).pmid == stored


@pytest.mark.parametrize("value", ["abc", "0", "0123", "1234567890", " 123", 0, -5])
def test_invalid_pmids(value: int | str) -> None:
    assert error(Reference, **REF, pmid=value) == (
        f"'{value}' is not a PMID: a PMID is a number such as 15135942")


@pytest.mark.parametrize("value", ["PMID:123", "pmid 123", "PMID: 123"])
def test_pmid_with_a_prefix_asks_for_the_number(value: str) -> None:
    assert error(Reference, **REF, pmid=value) == "write just the number: 123"


@pytest.mark.parametrize("value", [True, 1.5, [1]])
def test_pmids_of_other_types_are_refused(value: object) -> None:
    with pytest.raises(ValidationError):
        Reference(**REF, pmid=value, doi="10.1000/x")


@pytest.mark.parametrize("value", ["https://example.org/a?b=c#d", "http://x.org",
                                   "HTTPS://EXAMPLE.ORG/"])
def test_valid_urls(value: str) -> None:
    assert Reference(**REF, url=value).url == value


@pytest.mark.parametrize("value", ["javascript:alert(1)", "data:text/html,<script>x</script>",
                                   "ftp://x", "file:///etc/passwd", "example.org", "//x.org"])
def test_urls_must_be_http(value: str) -> None:
    assert error(Reference, **REF, url=value) == (
        f"'{value}' is not an http(s) link: only http:// and https:// links are allowed")


@pytest.mark.parametrize("value", ["http://", "https:///path", "http://exa mple.org"])
def test_urls_need_a_host_and_no_spaces(value: str) -> None:
    assert error(Reference, **REF, url=value) == f"'{value}' is not a valid link"


def test_a_reference_needs_a_link() -> None:
    assert error(Reference, **REF) == ("a reference needs at least one of 'doi', 'pmid' or "
                                       "'url', so that a reader can open it")


@pytest.mark.parametrize(("year", "ok"), [(1799, False), (1800, True), (2100, True),
                                          (2101, False)])
def test_year_range(year: int, ok: bool) -> None:
    data = {**REF, "year": year, "pmid": 1}
    if ok:
        assert Reference.model_validate(data).year == year
    else:
        with pytest.raises(ValidationError):
            Reference.model_validate(data)


@pytest.mark.parametrize(("ids", "links"), [
    ({"doi": "10.1000/x"}, {"doi": "https://doi.org/10.1000/x"}),
    ({"pmid": 15135942}, {"pubmed": "https://pubmed.ncbi.nlm.nih.gov/15135942/"}),
    ({"url": "https://example.org/a"}, {"url": "https://example.org/a"}),
    ({"url": "https://example.org/a", "pmid": "1", "doi": "10.1000/x"},
     {"doi": "https://doi.org/10.1000/x", "pubmed": "https://pubmed.ncbi.nlm.nih.gov/1/",
      "url": "https://example.org/a"}),
])
def test_reference_links_doi_first(ids: dict[str, Any], links: dict[str, str]) -> None:
    got = Reference(**REF, **ids).urls
    assert got == links
    assert list(got) == [k for k in ("doi", "pubmed", "url") if k in links]


def test_reference_defaults_and_level() -> None:
    reference = Reference(**REF, pmid=1)
    assert reference.subjects == "human"
    assert reference.level == "moderate"
    assert Reference(**REF, pmid=1, subjects="cell").level == "preclinical"


def test_edge_key() -> None:
    e = Edge(source="a", target="b", relation="modulates")
    assert e.key == ("a", "b", "modulates")
    assert e.evidence == []


def test_graph_file_sections_are_optional() -> None:
    assert GraphFile.model_validate({}) == GraphFile(nodes=[], edges=[], references={})


# --- the JSON Schema ----------------------------------------------------------------------

MODELS: dict[str, type[BaseModel]] = {"Node": Node, "Edge": Edge, "Evidence": Evidence,
                                      "Reference": Reference}


@pytest.mark.parametrize("name", MODELS)
def test_schema_lists_every_model_field(name: str) -> None:
    model, definition = MODELS[name], json_schema()["$defs"][name]
    assert list(definition["properties"]) == list(model.model_fields)
    required = [f for f, info in model.model_fields.items() if info.is_required()]
    assert definition["required"] == required
    assert definition["additionalProperties"] is False


def test_schema_lists_the_file_sections() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert list(schema["properties"]) == list(GraphFile.model_fields)
    assert schema["additionalProperties"] is False
    assert "required" not in schema


@pytest.mark.parametrize(("model", "field", "values"), [
    ("Node", "kind", NODE_KINDS), ("Node", "framework", FRAMEWORKS),
    ("Edge", "relation", RELATIONS), ("Evidence", "stance", STANCES),
    ("Reference", "design", DESIGNS), ("Reference", "subjects", SUBJECTS),
])
def test_schema_enums_are_the_vocabularies(model: str, field: str,
                                           values: tuple[str, ...]) -> None:
    assert json_schema()["$defs"][model]["properties"][field]["enum"] == list(values)


def test_schema_comparison_enum() -> None:
    spec = json_schema()["$defs"]["Evidence"]["properties"]["comparison"]
    enums = [s["enum"] for s in spec["anyOf"] if "enum" in s]
    assert enums == [list(COMPARISONS)]


def test_schema_patterns_match_the_validators() -> None:
    defs = json_schema()["$defs"]
    assert defs["Node"]["properties"]["id"]["pattern"] == "^[a-z][a-z0-9_]*$"
    year = defs["Reference"]["properties"]["year"]["oneOf"]
    assert year == [{"type": "integer", "minimum": 1800, "maximum": 2100}, {"const": "unknown"}]


def test_schema_refuses_bad_reference_keys() -> None:
    refs = json_schema()["properties"]["references"]
    assert refs.get("additionalProperties") is False or "propertyNames" in refs


def test_links_do_not_repeat_a_pubmed_url() -> None:
    ref = Reference(title="T", year=2005, design="rct", pmid="16139178",
                    url="https://pubmed.ncbi.nlm.nih.gov/16139178/")
    assert ref.urls == {"pubmed": "https://pubmed.ncbi.nlm.nih.gov/16139178/"}


@pytest.mark.parametrize("model", [Node, Edge, Evidence, Reference], ids=lambda m: m.__name__)
def test_required_fields_are_those_the_schema_requires(model: type[BaseModel]) -> None:
    required = required_fields(model)
    assert set(required) == set(model.model_json_schema().get("required", []))
    assert list(required) == [name for name in model.model_fields if name in required]
