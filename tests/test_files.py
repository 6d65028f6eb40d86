"""Atomic writes: the old file or the new one, never a mix, and nothing left beside."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from mechgraph.files import atomic_write


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
