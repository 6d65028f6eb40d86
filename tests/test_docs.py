"""The README and docs say what the code does: commands, codes, fields, CI."""

from __future__ import annotations

import re

from conftest import ROOT, run_cli

from mechgraph import json_schema
from mechgraph.cli import build_parser
from mechgraph.errors import CODES
from mechgraph.vocab import FILTER_FIELDS

README = (ROOT / "README.md").read_text()
FORMAT = (ROOT / "docs" / "format.md").read_text()


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    command = re.search(r'^TEST_COMMAND="(.+)"$', ci, re.M)
    assert command, ".ci/run must define TEST_COMMAND"
    assert command.group(1) in README


def test_readme_shows_how_to_run_the_app_and_the_tests() -> None:
    assert "streamlit run app.py" in README
    assert "python -m pytest" in README


def test_readme_validate_output_is_real() -> None:
    shown = re.search(r"\$ mechgraph validate graph\n(.+)\n", README)
    assert shown is not None
    assert run_cli("validate", "graph").stdout.strip() == shown.group(1)


def test_every_command_is_documented_in_the_readme() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in sub.choices:  # type: ignore[union-attr]
        assert f"`mechgraph {name}" in README, f"README: document 'mechgraph {name}'"


def test_every_error_code_is_documented() -> None:
    errors = FORMAT[FORMAT.index("## Errors"):]
    documented = dict(re.findall(r"^\| `([a-z0-9-]+)` \| (.+) \|$", errors, re.M))
    assert documented == CODES, "docs/format.md's code table must match mechgraph.errors.CODES"


def test_every_field_is_documented_in_the_format() -> None:
    for name, definition in json_schema()["$defs"].items():
        for field in definition["properties"]:
            assert f"`{field}`" in FORMAT, f"docs/format.md: document {name}.{field}"


def test_every_filter_is_documented_as_an_option_and_a_url_parameter() -> None:
    options = README[README.index("Filters for `paths`"):]
    url = README[README.index("The view lives in the URL"):]
    for name in FILTER_FIELDS:
        assert f"`--{name}`" in options, f"README: list the filter option --{name}"
        assert f"`{name}`" in url, f"README: list the URL parameter {name}"
