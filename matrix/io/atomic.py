"""Write a file so that a crash or a full disk never leaves half of it behind."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from matrix.errors import MatrixError

__all__ = ["atomic_write"]


def atomic_write(
    path: str | Path,
    write: Callable[[Path], None],
    *,
    verify: Callable[[Path], None] | None = None,
    backup_to: Path | None = None,
) -> Path:
    """Have ``write`` fill a temporary file beside ``path``, then move it into place.

    The temporary file is flushed to disk and checked by ``verify`` before
    :func:`os.replace` swaps it in, so ``path`` holds either the old file or
    the whole new one, never a part. An existing file's permissions are kept,
    and with ``backup_to`` the existing file is first copied there. If anything
    fails, the temporary file is removed and ``path`` is untouched.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise MatrixError(f"{target}: the folder {folder} does not exist")
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    os.close(handle)
    temp = Path(temp_name)
    try:
        write(temp)
        with temp.open("rb+") as stream:
            os.fsync(stream.fileno())
        if verify is not None:
            verify(temp)
        if target.exists():
            os.chmod(temp, stat.S_IMODE(target.stat().st_mode))
            if backup_to is not None:
                shutil.copy2(target, backup_to)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable where the OS allows
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return target
