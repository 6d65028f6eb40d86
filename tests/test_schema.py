"""The committed JSON Schema is current and describes what the loader accepts."""

from __future__ import annotations

import json

from conftest import ROOT

from mechgraph import json_schema
from mechgraph.schema import json_schema_text

SCHEMA_FILE = ROOT / "docs" / "mechgraph.schema.json"


def test_committed_schema_is_current() -> None:
    assert SCHEMA_FILE.read_text() == json_schema_text(), (
        "docs/mechgraph.schema.json is stale: run "
        "'mechgraph schema --output docs/mechgraph.schema.json' and commit it")


def test_schema_is_strict_and_documented() -> None:
    schema = json_schema()
    for name, definition in schema["$defs"].items():
        assert definition["additionalProperties"] is False, name
        for field, spec in definition["properties"].items():
            assert spec.get("description"), f"{name}.{field} has no description"
    assert json.loads(json_schema_text()) == schema
