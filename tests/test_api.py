"""The public API of ``mechgraph``: every name resolves, and importing the package is light."""

from __future__ import annotations

import subprocess
import sys
import warnings

import pytest

import mechgraph


def _fresh(code: str) -> str:
    """Run ``code`` in a new interpreter and return what it prints."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=120)
    return done.stdout.strip()


@pytest.mark.parametrize("name", mechgraph.__all__)
def test_every_public_name_resolves(name: str) -> None:
    value = getattr(mechgraph, name)
    assert value is not None
    if name != "__version__":
        assert getattr(value, "__name__", name) == name or not callable(value)
        assert name in dir(mechgraph)


def test_from_import_works_and_names_are_the_library_s() -> None:
    from mechgraph import Pathway, explain, load_graph, search
    from mechgraph.graph import load_graph as home

    assert load_graph is home and Pathway.__module__ == "mechgraph.query"
    assert explain.__module__ == "mechgraph.explain" and callable(search)


def test_import_mechgraph_alone_imports_no_heavy_library() -> None:
    out = _fresh("import sys, mechgraph; print(sorted({'networkx', 'pydantic', 'yaml', "
                 "'rapidfuzz', 'ruamel', 'mechgraph.graph'} & set(sys.modules)))")
    assert out == "[]"


def test_a_function_keeps_its_name_when_its_module_is_imported_later() -> None:
    # mechgraph.explain and mechgraph.search are both a module and a public function; the
    # public name is the function, whichever is imported first (as before names were lazy).
    out = _fresh("import mechgraph.explain, mechgraph.search, mechgraph\n"
                 "print(callable(mechgraph.explain), callable(mechgraph.search))")
    assert out == "True True"


def test_path_is_a_deprecated_alias_of_pathway() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old = mechgraph.Path
    assert old is mechgraph.Pathway
    assert [w.category for w in caught] == [DeprecationWarning]
    assert "use mechgraph.Pathway" in str(caught[0].message)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        mechgraph.nope  # noqa: B018
    with pytest.raises(ImportError):
        from mechgraph import nope  # noqa: F401
