"""The JSON Schema of a graph file, generated from the models.

The committed copy, ``docs/mechgraph.schema.json``, gives editors completion and
checking while they type (for example with the YAML language server: put
``# yaml-language-server: $schema=../docs/mechgraph.schema.json`` at the top of a
file); a test keeps it current. Regenerate it with ``mechgraph schema --output
docs/mechgraph.schema.json``.

Examples
--------
>>> schema = json_schema()
>>> sorted(schema["properties"])
['edges', 'expectations', 'nodes', 'references', 'sources']
>>> schema["$defs"]["Node"]["additionalProperties"]
False
"""

from __future__ import annotations

import json
from typing import Any

from mechgraph.model import GraphFile

__all__ = ["json_schema", "json_schema_text"]



def json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of one graph file."""
    schema = GraphFile.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def json_schema_text() -> str:
    """The schema as the committed file holds it: indented JSON and a final newline."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
