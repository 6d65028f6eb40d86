"""Writing files so that no reader ever sees half of one, and one writer at a time.

:func:`atomic_write` writes beside the target, flushes and syncs, then renames over it:
a crash at any moment leaves either the old file or the new one, never a mix. The cache,
the app's component files, the exports and every edit of a graph file go through it.

:func:`folder_lock` holds the lock of a graph folder (``<graph>/.mechgraph.lock``, a
hidden file the loader never reads) while a file of it is read, checked and written:
``mechgraph add``, the app's editor and ``mechgraph fmt`` all take it, so no writer loses
another's edit.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

from mechgraph.errors import MechgraphError

__all__ = ["LOCK_NAME", "LOCK_TIMEOUT", "LockError", "atomic_write", "folder_lock",
           "lock_file"]

LOCK_NAME = ".mechgraph.lock"
"""The lock file of a graph folder (hidden, so never read as graph data)."""
LOCK_TIMEOUT = 10.0
"""Seconds a writer waits for another writer of the same folder before giving up."""


class LockError(MechgraphError):
    """The lock of a graph folder could not be taken: another writer held it for the
    whole timeout, or the folder cannot be locked. Nothing was written."""


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


def lock_file(path: str | os.PathLike[str]) -> Path:
    """The lock file of the graph folder ``path`` is in: the folder given, or for a file,
    the nearest folder above it that has one (else the file's own folder).

    Examples
    --------
    >>> lock_file("graph")
    PosixPath('graph/.mechgraph.lock')
    """
    path = Path(path)
    if path.is_dir():
        return path / LOCK_NAME
    for folder in path.resolve().parents:
        if (folder / LOCK_NAME).exists():
            return folder / LOCK_NAME
    return path.parent / LOCK_NAME


@contextlib.contextmanager
def folder_lock(lock: str | os.PathLike[str], timeout: float = LOCK_TIMEOUT, *,
                error: Callable[[str], Exception] = LockError) -> Iterator[None]:
    """Hold the lock file ``lock`` (see :func:`lock_file`) for the ``with`` block.

    Parameters
    ----------
    lock : path
        The lock file; it is created if missing (and left in place, empty).
    timeout : float
        Seconds to wait for another holder to let go.
    error : callable
        Makes the error raised, from its message, when the lock cannot be taken
        (default :class:`LockError`; an editor raises its own error).

    Raises
    ------
    LockError
        (or what ``error`` makes) Another writer held the lock for ``timeout`` seconds,
        or the folder cannot be locked (read-only, missing).
    """
    from filelock import FileLock, Timeout  # imported when a writer runs, not at start-up

    lock = Path(lock)
    held = FileLock(lock, timeout=timeout)
    try:
        held.acquire()
    except Timeout as exc:
        raise error(f"{lock.parent}: another edit of this graph is in progress (it holds "
                    f"{lock}); try again in a moment") from exc
    except OSError as exc:
        raise error(f"{lock.parent}: cannot lock the graph folder for writing: "
                    f"{exc.strerror}") from exc
    try:
        yield
    finally:
        held.release()
