"""Writing files so that no reader ever sees half of one.

:func:`atomic_write` writes beside the target, flushes and syncs, then renames over it:
a crash at any moment leaves either the old file or the new one, never a mix. The cache,
the app's component files, the exports and every edit of a graph file go through it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

__all__ = ["atomic_write"]


def atomic_write(path: str | os.PathLike[str], data: bytes | str, *,
                 durable: bool = True) -> Path:
    """Replace ``path`` with ``data`` in one step.

    Parameters
    ----------
    path
        The file to write; its folder must exist. An existing file keeps its permissions;
        a new one gets those of any new file (``0o666`` less the umask: ``0o644`` under
        the usual umask ``022``).
    data
        The new content; text is encoded as UTF-8 (newlines are written as given).
    durable
        Also ``fsync`` the file and its folder, so the new content survives a power cut
        (slower; the cache, which can be rebuilt, turns it off).

    Returns
    -------
    Path
        The path written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write(folder / "a.yaml", "nodes: []\\n").read_text()
    'nodes: []\\n'
    """
    target = Path(path)
    blob = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = _create_beside(target)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(blob)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if durable:
        _sync_folder(target.parent)
    return target


def _create_beside(target: Path) -> tuple[int, Path]:
    """A new hidden file beside ``target``, open for writing. It is created with mode
    ``0o666``, which the system narrows by the umask (and the folder's default ACL) as
    for any new file; :func:`tempfile.mkstemp` would give ``0o600`` whatever the umask,
    and a new file would keep it after the rename."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:  # pragma: no cover - 32 random bits taken: draw again
            continue
    raise FileExistsError(f"{target.parent}: cannot create a temporary file beside "
                          f"{target.name}")  # pragma: no cover


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # some systems cannot open a folder; the rename is still atomic
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

