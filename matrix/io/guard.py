"""Checks before reading a file we did not write, or writing over one a person may be using."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

from matrix.errors import WorkbookError

__all__ = [
    "LIMITS",
    "backup_path",
    "check_archive",
    "check_not_open",
    "lock_files",
]

#: The first bytes of an OLE compound file: what Excel writes for a password-protected
#: workbook (an "EncryptedPackage" inside) and for the old .xls format.
_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")

#: Limits on a workbook we are asked to read (a zip bomb can declare gigabytes).
LIMITS = {
    "file_bytes": 200 * 2**20,  # the .xlsx itself
    "member_bytes": 500 * 2**20,  # one part, uncompressed
    "total_bytes": 1 * 2**30,  # all parts, uncompressed
    "ratio": 200,  # uncompressed / compressed, for parts over 1 MiB
    "members": 10_000,
}


def check_archive(path: Path, *, what: str = "workbook") -> None:
    """Refuse a file that is not a sound zip archive or would expand past :data:`LIMITS`.

    Only the archive's directory is read: nothing is inflated, so a zip bomb
    is caught before openpyxl opens it.
    """
    if not path.is_file():
        raise WorkbookError(f"{path}: file not found")
    size = path.stat().st_size
    if size > LIMITS["file_bytes"]:
        raise WorkbookError(
            f"{path}: the {what} is {size / 2**20:,.0f} MiB; the limit is "
            f"{LIMITS['file_bytes'] / 2**20:,.0f} MiB"
        )
    with path.open("rb") as stream:
        head = stream.read(8)
        body = stream.read(min(size, 4 * 2**20)) if head == _OLE_MAGIC else b""
    if head == _OLE_MAGIC:  # an OLE compound file: a password-protected .xlsx or an old .xls
        if "EncryptedPackage".encode("utf-16-le") in body:
            raise WorkbookError(
                f"{path}: the {what} is protected with a password (encrypted); policy-matrix "
                "cannot read it. Open it in your spreadsheet, remove the password (in Excel: "
                "File > Info > Protect Workbook > Encrypt with Password) and save it"
            )
        raise WorkbookError(
            f"{path}: an Excel 97-2003 (.xls) file, not an .xlsx {what}; save it from your "
            "spreadsheet as Excel Workbook (.xlsx)"
        )
    if size == 0 or not zipfile.is_zipfile(path):
        raise WorkbookError(
            f"{path}: not an .xlsx {what} (the file is empty, truncated or not a zip archive); "
            "save it from your spreadsheet as Excel Workbook (.xlsx)"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WorkbookError(f"{path}: the {what} is damaged ({exc})") from None
    if len(members) > LIMITS["members"]:
        raise WorkbookError(f"{path}: the {what} has {len(members):,} parts; too many to be safe")
    total = 0
    for member in members:
        total += member.file_size
        big = member.file_size > 2**20
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > LIMITS["member_bytes"] or (big and ratio > LIMITS["ratio"]):
            raise WorkbookError(
                f"{path}: part {member.filename!r} would expand to "
                f"{member.file_size / 2**20:,.0f} MiB ({ratio:,.0f} times its stored size); "
                "refusing to open a possible zip bomb"
            )
    if total > LIMITS["total_bytes"]:
        raise WorkbookError(
            f"{path}: the {what} would expand to {total / 2**20:,.0f} MiB; the limit is "
            f"{LIMITS['total_bytes'] / 2**20:,.0f} MiB"
        )
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names:
        raise WorkbookError(f"{path}: a zip archive, but not an .xlsx {what}")
    _check_no_dtd(path, members, what)


#: How much of each XML part is searched for a document type declaration (the prolog).
PROLOG_BYTES = 64 * 2**10
_DTD_MARKS = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))


def _check_no_dtd(path: Path, members: list[zipfile.ZipInfo], what: str) -> None:
    """Refuse XML parts that declare a DTD: spreadsheets never write one, and entity
    tricks (XML bombs, external entities) need one. The XML parsers refuse or ignore
    entities too; this names the problem before they see it."""
    with zipfile.ZipFile(path) as archive:
        for member in members:
            if not member.filename.endswith((".xml", ".rels", ".vml")):
                continue
            try:
                with archive.open(member) as part:
                    head = part.read(PROLOG_BYTES).upper()
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
                raise WorkbookError(f"{path}: the {what} is damaged ({exc})") from None
            if any(mark in head for mark in _DTD_MARKS):
                raise WorkbookError(
                    f"{path}: part {member.filename!r} declares a DTD, which spreadsheets never "
                    "write; refusing a possible XML bomb or external-entity attack"
                )


def lock_files(path: Path) -> list[Path]:
    """Lock files that Excel (``~$NAME``) or LibreOffice (``.~lock.NAME#``) keep for ``path``."""
    candidates = [path.parent / f"~${path.name}", path.parent / f".~lock.{path.name}#"]
    if len(path.name) > 2:  # Excel drops up to two leading characters of long names
        candidates.append(path.parent / f"~${path.name[2:]}")
    return [c for c in candidates if _exists(c)]


def _exists(path: Path) -> bool:
    """Whether ``path`` exists; a name too long to exist (a lock file's name for a workbook
    whose own name is near the limit) does not."""
    try:
        return path.exists()
    except OSError:
        return False


def check_not_open(path: Path, *, force: bool = False) -> None:
    """Refuse to write over a workbook that a spreadsheet has open, unless ``force``."""
    if force or not path.exists():
        return
    locks = lock_files(path)
    if locks:
        raise WorkbookError(
            f"{path}: the workbook is open in a spreadsheet (lock file {locks[0].name}); close it "
            "and run again, or pass --force if the lock is left over from a crash"
        )


def backup_path(path: Path, *, now: datetime | None = None) -> Path:
    """Where the previous version of ``path`` is kept: beside it, stamped with the time.

    The name is free now (a counter follows the stamp when a backup of the same
    second exists) and short enough for the file system: a long name is
    shortened, never refused. :func:`matrix.io.atomic.atomic_write` creates it
    exclusively, so a backup never overwrites anything.

    >>> backup_path(Path("out/nk.xlsx"), now=datetime(2026, 11, 28, 9, 30, 5)).as_posix()
    'out/nk.backup-20261128-093005.xlsx'
    """
    from matrix.io.atomic import short_name

    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(short_name(path.stem, f".backup-{stamp}{path.suffix}"))
    counter = 2
    while _exists(candidate) or candidate.is_symlink():
        tail = f".backup-{stamp}-{counter}{path.suffix}"
        candidate = path.with_name(short_name(path.stem, tail))
        counter += 1
    return candidate
