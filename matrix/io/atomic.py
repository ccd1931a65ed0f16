"""Write a file so that a crash, a full disk, a signal or a second writer never loses data.

The rules, each tested in tests/io/test_atomic.py:

- The new file is written beside the target under a short name of its own
  (:func:`temp_name`), flushed, checked, and only then renamed over the target:
  the target holds the old file or the whole new one, never a part.
- A temporary file left by a run that was killed (SIGKILL, power cut) is
  recognisable by its name (``.NAME.DIGEST.policy-matrix-PID-XXXX.tmp``) and is
  removed by the next write of the same target once its process is gone.
- A symbolic link is kept: the file it points to is replaced.
- The previous version is kept, when asked, under a name that no other file
  holds (created exclusively: a backup never overwrites anything).
- Two writers of one target never both win: the last steps (check, backup,
  rename) run under an exclusive lock, and with ``expect`` the target must
  still be the file the caller read; otherwise nothing changes.
- Any failure leaves the folder as it was: no temporary file, no backup.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import hashlib
import os
import re
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from matrix.errors import MatrixError, WorkbookError

__all__ = [
    "FileState",
    "atomic_write",
    "file_state",
    "remove_stale_temps",
    "short_name",
    "temp_name",
    "writer_lock",
]

#: The longest file name (in bytes) that common file systems accept (ext4, APFS, NTFS: 255).
NAME_MAX = 255
#: A temporary file older than this is stale even if its process id is in use again.
STALE_SECONDS = 24 * 3600
_MARK = "policy-matrix"
_TEMP = re.compile(r"^\..*\.([0-9a-f]{8})\.policy-matrix-(\d+)-[^.]*\.tmp$")


@dataclass(frozen=True)
class FileState:
    """What a file was when it was read: ``None`` if it did not exist, else its identity
    (device, inode, size, modification time in nanoseconds)."""

    identity: tuple[int, int, int, int] | None


def file_state(path: str | Path) -> FileState:
    """The state of ``path`` now (following symbolic links), for ``atomic_write(expect=...)``."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return FileState(None)
    return FileState((info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns))


def _digest(target: Path) -> str:
    return hashlib.sha1(target.name.encode("utf-8", "surrogateescape")).hexdigest()[:8]


def short_name(name: str, tail: str, *, limit: int = NAME_MAX) -> str:
    """``name`` + ``tail``, with ``name`` shortened (never ``tail``) to fit ``limit`` bytes.

    >>> short_name("a" * 300, ".backup.xlsx")[-16:]
    'aaaa.backup.xlsx'
    >>> len(short_name("é" * 300, ".x").encode())
    254
    """
    room = limit - len(tail.encode("utf-8", "surrogateescape"))
    encoded = name.encode("utf-8", "surrogateescape")
    if len(encoded) <= room:
        return name + tail
    return encoded[: max(room, 1)].decode("utf-8", "ignore") + tail


def temp_name(target: Path) -> str:
    """The prefix of a temporary file for ``target``: short whatever the target's length,
    and recognisably ours (``.NAME.DIGEST.policy-matrix-PID-``)."""
    return f".{short_name(target.name, '', limit=40)}.{_digest(target)}.{_MARK}-{os.getpid()}-"


def _process_gone(pid: int) -> bool:
    if pid == os.getpid():
        return False
    if sys.platform == "win32":  # os.kill(pid, 0) would end the process on Windows
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def remove_stale_temps(target: str | Path) -> list[Path]:
    """Remove the temporary files that killed runs left beside ``target``; return them.

    A temporary file is stale when the process that made it is gone, or when it
    is older than :data:`STALE_SECONDS`. Files of live writers are left alone.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    digest = _digest(target)
    removed = []
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            found = _TEMP.match(entry.name)
            if found is None or found.group(1) != digest:
                continue
            with contextlib.suppress(OSError):
                old = time.time() - entry.stat(follow_symlinks=False).st_mtime > STALE_SECONDS
                if old or _process_gone(int(found.group(2))):
                    if entry.is_dir(follow_symlinks=False):
                        shutil.rmtree(entry.path)
                    else:
                        os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def _lock_path(target: Path) -> Path:
    return target.with_name(
        f".{short_name(target.name, '', limit=40)}.{_digest(target)}.{_MARK}.lock"
    )


@contextlib.contextmanager
def writer_lock(target: str | Path) -> Iterator[None]:
    """Hold an exclusive lock on ``target`` (a lock file beside it) for the ``with`` block.

    The operating system releases the lock when the process ends, however it
    ends, so a lock can never be left over; the lock file is removed on release.
    Where file locks are not available the block runs unlocked.
    """
    path = _lock_path(Path(target))
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; the identity check still applies
        yield
        return
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:  # a read-only folder: the write will fail with its own message
            yield
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:  # the previous holder may have removed the file as we waited
                same = os.path.samestat(os.fstat(fd), os.stat(path))
            except FileNotFoundError:
                same = False
            if same:
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)


def _why(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EDQUOT:
        return "the disk quota is used up"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "no permission to write there"
    return exc.strerror or str(exc)


@contextlib.contextmanager
def _quiet_finalisers() -> Iterator[None]:
    """Run the finalisers of objects a failed write left behind (openpyxl's open ZipFile,
    which tries to finish the archive on a full disk) without their 'Exception ignored'."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        yield
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _fill(temp: Path, write: Callable[[Path], None], shown: Path) -> None:
    """Have ``write`` fill ``temp`` and flush it to disk; an OSError becomes one line naming
    ``shown`` (never the temporary name)."""
    failure: OSError | None = None
    try:
        write(temp)
        with temp.open("rb+") as stream:
            os.fsync(stream.fileno())
    except OSError as exc:
        failure = exc
    if failure is not None:
        message = f"{shown}: cannot write the file: {_why(failure)}; nothing was changed"
        with _quiet_finalisers():
            failure.__traceback__ = None
            failure.__context__ = None
            del failure
        raise WorkbookError(message)


def _keep_backup(target: Path, backup: Path) -> Path:
    """Keep the current ``target`` as ``backup``, which must not exist (never overwritten)."""
    try:
        os.link(target, backup)  # atomic and exclusive: fails if the name is taken
        return backup
    except FileExistsError:
        raise WorkbookError(
            f"{backup}: a file of that name appeared while writing; nothing was changed, run again"
        ) from None
    except OSError:
        pass  # no hard links here (some network and FAT file systems): copy exclusively
    try:
        with target.open("rb") as source, backup.open("xb") as copy:
            shutil.copyfileobj(source, copy)
            copy.flush()
            os.fsync(copy.fileno())
        shutil.copystat(target, backup)
    except FileExistsError:
        raise WorkbookError(
            f"{backup}: a file of that name appeared while writing; nothing was changed, run again"
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            backup.unlink()
        raise
    return backup


def atomic_write(
    path: str | Path,
    write: Callable[[Path], None],
    *,
    verify: Callable[[Path], None] | None = None,
    backup_to: Path | None = None,
    expect: FileState | None = None,
) -> Path:
    """Have ``write`` fill a temporary file beside ``path``, then move it into place.

    Parameters
    ----------
    path
        The file to write. A symbolic link is followed: its target is replaced
        and the link stays a link.
    write
        Fills the file at the path it is given.
    verify
        Checks the written file before it replaces anything.
    backup_to
        Keep the current file under this name first (a name no file holds; see
        :func:`matrix.io.guard.backup_path`). Nothing is ever overwritten: if
        the name is taken when the backup is made, nothing is written.
    expect
        The state of ``path`` when the caller read it (:func:`file_state`); if
        another program changed, created or removed it since, nothing is written.

    Returns
    -------
    Path
        ``path`` as given.

    Raises
    ------
    WorkbookError
        One line naming ``path`` (never the temporary file); the folder is then
        as it was before the call.
    """
    shown = Path(path)
    target = Path(os.path.realpath(shown)) if shown.is_symlink() else shown
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise MatrixError(f"{shown}: the folder {folder} does not exist")
    remove_stale_temps(target)
    try:
        handle, temp_file = tempfile.mkstemp(prefix=temp_name(target), suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WorkbookError(f"{shown}: cannot write there: {_why(exc)}") from None
    os.close(handle)
    temp = Path(temp_file)
    kept: Path | None = None
    try:
        try:
            _fill(temp, write, shown)
            if verify is not None:
                verify(temp)
        except MatrixError as exc:  # name the file the user asked for, not the temporary one
            raise type(exc)(str(exc).replace(str(temp), str(shown))) from None
        with writer_lock(target):
            if expect is not None and file_state(target) != expect:
                raise WorkbookError(
                    f"{shown}: changed by another program while policy-matrix was working "
                    "(another run, or a spreadsheet saving it); nothing was written, run again"
                )
            if target.exists():
                os.chmod(temp, stat.S_IMODE(target.stat().st_mode))
                if backup_to is not None:
                    kept = _keep_backup(target, backup_to)
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(temp, 0o666 & ~umask)
            try:
                os.replace(temp, target)
            except OSError as exc:
                raise WorkbookError(
                    f"{shown}: cannot replace the file: {_why(exc)}; nothing was changed"
                ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        if kept is not None:
            with contextlib.suppress(OSError):
                kept.unlink()
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable where the OS allows
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return shown
