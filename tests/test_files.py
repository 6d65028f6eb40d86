"""Atomic writes: the old file or the new one, never a mix, and nothing left beside; the
lock of a graph folder."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mechgraph.errors import MechgraphError
from mechgraph.files import LOCK_NAME, LockError, atomic_write, folder_lock, lock_file


def test_replaces_content_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("old\n")
    target.chmod(0o640)
    atomic_write(target, "new\n")
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["a.yaml"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_bytes(b"old\n")
    with pytest.raises(TypeError):
        atomic_write(target, 12345)  # type: ignore[arg-type]
    assert target.read_bytes() == b"old\n"
    assert os.listdir(tmp_path) == ["a.yaml"]


def test_bytes_are_written_as_given(tmp_path: Path) -> None:
    target = atomic_write(tmp_path / "b.bin", b"a\r\nb", durable=False)
    assert target.read_bytes() == b"a\r\nb"


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    """Set the process umask for one test, and put the old one back after it."""
    old = os.umask(0o022)
    os.umask(old)
    yield os.umask
    os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_honours_the_umask(tmp_path: Path, umask: Callable[[int], None],
                                      mask: int, mode: int) -> None:
    umask(mask)
    target = atomic_write(tmp_path / "export.graphml", "<graphml/>\n")
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert os.listdir(tmp_path) == ["export.graphml"]


def test_an_existing_file_keeps_its_mode_whatever_the_umask(
        tmp_path: Path, umask: Callable[[int], None]) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("old\n")
    target.chmod(0o604)
    umask(0o077)
    atomic_write(target, "new\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert target.read_text() == "new\n"


def test_export_out_files_honour_the_umask(tmp_path: Path, umask: Callable[[int], None]) -> None:
    """``mechgraph export ... --out FILE`` writes through :func:`atomic_write`."""
    from mechgraph import export_graph, load_graph

    umask(0o022)
    written = export_graph(load_graph("graph"), "mermaid", tmp_path / "graph.mmd")
    assert [stat.S_IMODE(p.stat().st_mode) for p in written] == [0o644]


def test_the_folder_lock_is_one_writer_at_a_time(tmp_path: Path) -> None:
    lock = lock_file(tmp_path)
    assert lock == tmp_path / LOCK_NAME
    busy = rf"^{tmp_path}: another edit of this graph is in progress \(it holds .*\.lock\)"
    with folder_lock(lock, 1), pytest.raises(LockError, match=busy), folder_lock(lock, 0.05):
        pass
    with folder_lock(lock, 0.05):  # let go: the next writer takes it at once
        pass


def test_the_folder_lock_raises_the_error_asked_for(tmp_path: Path) -> None:
    class Refused(MechgraphError):
        pass

    (tmp_path / "a.yaml").touch()  # a file where the folder should be
    with (pytest.raises(Refused, match="cannot lock the graph folder for writing"),
          folder_lock(tmp_path / "a.yaml" / LOCK_NAME, 0.05, error=Refused)):
        pass


def test_a_file_uses_the_lock_of_the_nearest_graph_folder_above_it(tmp_path: Path) -> None:
    (tmp_path / "mechanisms").mkdir()
    assert lock_file(tmp_path / "mechanisms" / "a.yaml") == tmp_path / "mechanisms" / LOCK_NAME
    (tmp_path / LOCK_NAME).touch()
    assert lock_file(tmp_path / "mechanisms" / "a.yaml") == tmp_path / LOCK_NAME
