"""The cache of validated files: what is re-read, what is not, and what is never trusted."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from conftest import GRAPH

from mechgraph import check_graph, find_files, load_graph
from mechgraph.cache import FileCache, content_key, default_cache_dir


def names(folder: Path) -> list[str]:
    return [str(p) for p in find_files(folder)]


def entries(directory: Path) -> list[Path]:
    return sorted(directory.rglob("*.bin"))


def same_graph(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> bool:
    return (dict(a.nodes(data=True)) == dict(b.nodes(data=True))
            and sorted(a.edges(keys=True, data=True), key=repr)
            == sorted(b.edges(keys=True, data=True), key=repr)
            and a.graph == b.graph)


def test_a_changed_file_is_reread_and_the_unchanged_ones_are_not(graph_copy: Path,
                                                                 tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "cache")
    first = load_graph(graph_copy, cache=cache)
    assert first.report.parsed == names(graph_copy)
    assert first.report.memory_hits == first.report.disk_hits == []

    changed = graph_copy / "mechanisms" / "adenosine.yaml"
    changed.write_text(changed.read_text() + "# a curator's note\n")
    second = load_graph(graph_copy, cache=cache)
    assert second.report.parsed == [str(changed)]
    assert sorted(second.report.memory_hits) == sorted(set(names(graph_copy)) - {str(changed)})
    assert second is not first and not second.report.reused

    third = load_graph(graph_copy, cache=cache)
    assert third is second and third.report.reused and third.report.parsed == []


def test_a_new_process_reads_the_disk_cache_and_gets_the_same_graph(graph_copy: Path,
                                                                    tmp_path: Path) -> None:
    fresh = load_graph(graph_copy, cache=False)
    load_graph(graph_copy, cache=FileCache(tmp_path / "cache"))
    again = load_graph(graph_copy, cache=FileCache(tmp_path / "cache"))  # memory empty
    assert again.report.parsed == [] and again.report.disk_hits == names(graph_copy)
    assert same_graph(again.graph, fresh.graph)
    assert again.nodes == fresh.nodes and again.edges == fresh.edges
    assert again.references == fresh.references and again.grades == fresh.grades


def test_a_corrupt_cache_entry_is_ignored_and_rebuilt(graph_copy: Path, tmp_path: Path) -> None:
    load_graph(graph_copy, cache=FileCache(tmp_path / "cache"))
    victims = entries(tmp_path / "cache")
    assert len(victims) == len(names(graph_copy))
    blob = bytearray(victims[0].read_bytes())
    blob[-5] ^= 0xFF  # a flipped bit deep in the payload
    victims[0].write_bytes(bytes(blob))
    victims[1].write_bytes(victims[1].read_bytes()[:30])  # a truncated entry
    victims[2].write_bytes(b"")  # an empty one

    cache = FileCache(tmp_path / "cache")
    kg = load_graph(graph_copy, cache=cache)
    assert len(kg.report.parsed) == 3 and cache.stats.rejected == 3
    assert same_graph(kg.graph, load_graph(graph_copy, cache=False).graph)
    # Rebuilt: the next process finds every entry whole.
    rebuilt = FileCache(tmp_path / "cache")
    assert load_graph(graph_copy, cache=rebuilt).report.parsed == []
    assert rebuilt.stats.rejected == 0


def test_an_entry_for_other_bytes_is_not_trusted(graph_copy: Path, tmp_path: Path) -> None:
    # Swap two whole, valid entries: each checksum holds, but each names the wrong content.
    load_graph(graph_copy, cache=FileCache(tmp_path / "cache"))
    a, b = entries(tmp_path / "cache")[:2]
    blob_a, blob_b = a.read_bytes(), b.read_bytes()
    a.write_bytes(blob_b)
    b.write_bytes(blob_a)
    cache = FileCache(tmp_path / "cache")
    kg = load_graph(graph_copy, cache=cache)
    assert len(kg.report.parsed) == 2 and cache.stats.rejected == 2


def test_errors_found_after_a_cached_load_are_positioned(graph_copy: Path,
                                                         tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "cache")
    load_graph(graph_copy, cache=FileCache(tmp_path / "cache"))  # fill the disk cache
    (graph_copy / "zz_extra.yaml").write_text(
        "nodes:\n  - {id: serotonin, label: Serotonin again, kind: mediator}\n")
    problems = check_graph(graph_copy, cache=cache)
    [problem] = problems
    text = (graph_copy / "mechanisms" / "neurotransmitters.yaml").read_text().splitlines()
    line = next(i for i, t in enumerate(text, 1) if t.strip() == "- id: serotonin")
    assert str(problem) == (
        f"{graph_copy / 'zz_extra.yaml'}:2:10: nodes[0].id: duplicate node id 'serotonin' (first "
        f"defined at {graph_copy / 'mechanisms' / 'neurotransmitters.yaml'}:{line}:5); "
        "rename one or merge them")
    # The same as without any cache.
    assert problems == check_graph(graph_copy, cache=False)


def test_locations_of_cached_items_are_found_when_asked(graph_copy: Path,
                                                        tmp_path: Path) -> None:
    load_graph(graph_copy, cache=FileCache(tmp_path / "cache"))
    cached = load_graph(graph_copy, cache=FileCache(tmp_path / "cache"))
    fresh = load_graph(graph_copy, cache=False)
    assert cached.report.parsed == []
    assert dict(cached.locations) == dict(fresh.locations)


def test_files_with_errors_are_not_cached(tmp_path: Path) -> None:
    folder = tmp_path / "g"
    folder.mkdir()
    (folder / "a.yaml").write_text("nodes:\n  - {id: a, label: A, kind: thing}\n")
    cache = FileCache(tmp_path / "cache")
    assert check_graph(folder, cache=cache)
    assert entries(tmp_path / "cache") == []


def test_two_processes_filling_one_cache_at_once(graph_copy: Path, tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    script = ("import sys; from mechgraph import load_graph; "
              "kg = load_graph(sys.argv[1]); print(len(kg.edges))")
    env = {**os.environ, "MECHGRAPH_CACHE_DIR": str(directory)}
    procs = [subprocess.Popen([sys.executable, "-c", script, str(graph_copy)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(4)]
    outputs = [p.communicate(timeout=120) for p in procs]
    expected = str(len(load_graph(graph_copy, cache=False).edges))
    assert [(p.returncode, out.strip(), err) for p, (out, err) in zip(procs, outputs,
            strict=True)] == [(0, expected, "")] * 4
    assert not list(directory.rglob(".tmp-*")), "no temporary file is left behind"
    cache = FileCache(directory)
    assert load_graph(graph_copy, cache=cache).report.disk_hits == names(graph_copy)
    assert cache.stats.rejected == 0


def test_an_unwritable_cache_only_costs_speed(graph_copy: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    cache = FileCache(blocker)
    kg = load_graph(graph_copy, cache=cache)
    assert len(kg.edges) > 0 and cache.stats.write_errors


def test_cache_folder_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MECHGRAPH_CACHE_DIR", "off")
    assert default_cache_dir() is None
    monkeypatch.setenv("MECHGRAPH_CACHE_DIR", str(tmp_path / "c"))
    assert default_cache_dir() == tmp_path / "c"
    monkeypatch.delenv("MECHGRAPH_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "mechgraph"


def test_the_cache_never_writes_inside_the_graph(graph_copy: Path) -> None:
    before = sorted(p for p in graph_copy.rglob("*"))
    load_graph(graph_copy)
    load_graph(graph_copy)
    assert sorted(p for p in graph_copy.rglob("*")) == before


def test_keys_depend_on_every_byte() -> None:
    assert content_key(b"a: 1\n") != content_key(b"a: 1\n\n")
    assert GRAPH.exists()


# A verdict: what validating a whole graph found, kept for the same bytes and the same code.

VALIDATE = ("import sys; from mechgraph import validate_graph; "
            "counts, problems = validate_graph(sys.argv[1]); "
            "print(counts, len(problems), 'pydantic' in sys.modules, 'yaml' in sys.modules)")


def validate_in_new_process(folder: Path, cache: Path, pythonpath: str | None = None) -> str:
    env = {**os.environ, "MECHGRAPH_CACHE_DIR": str(cache)}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    done = subprocess.run([sys.executable, "-c", VALIDATE, str(folder)], env=env,
                          capture_output=True, text=True, timeout=120, check=True)
    return done.stdout.strip()


def test_a_graph_validated_before_is_not_read_again(graph_copy: Path, tmp_path: Path) -> None:
    first = validate_in_new_process(graph_copy, tmp_path / "cache")
    again = validate_in_new_process(graph_copy, tmp_path / "cache")
    counts = first.rsplit(" 0 ", 1)[0]
    assert first == f"{counts} 0 True True"  # read, parsed and validated
    assert again == f"{counts} 0 False False"  # the same verdict, without reading the files
    assert counts.startswith("GraphCounts(files=17, nodes=45")
    assert len(list((tmp_path / "cache").rglob("*.verdict"))) == 1


def test_a_changed_byte_is_validated_again(graph_copy: Path, tmp_path: Path) -> None:
    validate_in_new_process(graph_copy, tmp_path / "cache")
    changed = graph_copy / "mechanisms" / "adenosine.yaml"
    changed.write_text(changed.read_text().replace("kind: mediator", "kind: mediatr", 1))
    assert validate_in_new_process(graph_copy, tmp_path / "cache") == "None 1 True True"
    changed.unlink()  # a file gone is a different graph too
    out = validate_in_new_process(graph_copy, tmp_path / "cache")
    assert out.startswith("GraphCounts(files=16,") and out.endswith("True True")


def test_a_graph_with_problems_gets_no_verdict(tmp_path: Path) -> None:
    folder = tmp_path / "g"
    folder.mkdir()
    (folder / "a.yaml").write_text("nodes:\n  - {id: a, label: A, kind: thing}\n")
    for _ in range(2):
        assert validate_in_new_process(folder, tmp_path / "cache") == "None 1 True True"
    assert not list((tmp_path / "cache").rglob("*.verdict"))


def test_a_corrupt_verdict_is_ignored(graph_copy: Path, tmp_path: Path) -> None:
    first = validate_in_new_process(graph_copy, tmp_path / "cache")
    (verdict,) = (tmp_path / "cache").rglob("*.verdict")
    blob = verdict.read_bytes()
    verdict.write_bytes(blob[:-1] + bytes([blob[-1] ^ 0xFF]))  # one byte of the counts
    assert validate_in_new_process(graph_copy, tmp_path / "cache") == first  # read again
    assert validate_in_new_process(graph_copy, tmp_path / "cache").endswith("False False")


def test_a_verdict_of_other_code_is_not_used(graph_copy: Path, tmp_path: Path) -> None:
    """Editing any module of mechgraph (here: touching a copy of the package) makes the
    verdicts stale, so a development install never trusts what older rules found."""
    import mechgraph

    package = tmp_path / "src" / "mechgraph"
    shutil.copytree(Path(mechgraph.__file__).parent, package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    src = str(tmp_path / "src")
    validate_in_new_process(graph_copy, tmp_path / "cache", src)
    assert validate_in_new_process(graph_copy, tmp_path / "cache", src).endswith("False False")
    rule = package / "checks.py"
    stat = rule.stat()
    os.utime(rule, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert validate_in_new_process(graph_copy, tmp_path / "cache", src).endswith("True True")
