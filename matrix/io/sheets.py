"""Stream the cells of a workbook we did not write, with the work bounded by what is in it.

Both readers of .xlsx files (the workbook read-back and plain tables) read
sheets through :func:`sheet_cells`, which

- never trusts a sheet's ``<dimension>`` element or any other used-range hint:
  a writer may understate it (rows below it would be lost) or a stray cell at
  XFD1048576 may overstate it (padding every row to it would take minutes);
  only the cells present are read, so the work grows with them alone;
- counts a sheet's cells as its XML streams in, before any row is built, and
  stops at the limit: memory is bounded by the limit, not by the widest row;
- names the cell whose stored value is not a number (``<v>NaN</v>``);
- keeps openpyxl's warnings about parts it does not know (workbooks saved by
  Gnumeric or LibreOffice) off the user's terminal.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from matrix.errors import WorkbookError

__all__ = ["CellData", "count_cells", "open_workbook", "sheet_cells"]

#: One cell as openpyxl's parser gives it: ``row``, ``column``, ``value``, ``data_type``.
CellData = dict[str, Any]

#: The start tag of a row or a cell, with or without a namespace prefix (``<c r=...>``, ``<x:c>``).
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)[\s/>]")
#: A spreadsheet's columns: no row of a real sheet holds more cells.
MAX_ROW_CELLS = 16_384
_CHUNK = 1 << 20
#: A tag cut by a chunk's end is carried into the next chunk; no honest tag is this long.
_LONGEST_TAG = 64 * 2**10


def count_cells(stream: Any, limit: int) -> tuple[int, int]:
    """The number of cells in a sheet's XML and of the widest row, read in chunks; stops
    once past ``limit`` cells or :data:`MAX_ROW_CELLS` in a row.

    >>> import io
    >>> count_cells(io.BytesIO(b'<row><c r="A1"><v>1</v></c><x:c r="B1"/></row><row/>'), 10)
    (2, 2)
    """
    count = widest = in_row = 0
    carry = b""
    while True:
        chunk = stream.read(_CHUNK)
        data = carry + chunk
        cut = data.rfind(b"<") if chunk else len(data)
        if cut == -1 or data.find(b">", cut) != -1:
            cut = len(data)
        elif len(data) - cut > _LONGEST_TAG:
            raise ValueError("a tag longer than 64 KiB")
        for tag in _TAG.findall(data, 0, cut):
            if tag == b"c":
                count += 1
                in_row += 1
            else:
                widest, in_row = max(widest, in_row), 0
        widest = max(widest, in_row)
        carry = data[cut:]
        if not chunk or count > limit or widest > MAX_ROW_CELLS:
            return count, widest


@contextmanager
def _quiet() -> Iterator[None]:
    """openpyxl warns about extensions it drops and styles it lacks (Gnumeric-saved files):
    policy-matrix reads only values, so those warnings say nothing to its users."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def open_workbook(path: Path, *, data_only: bool, what: str = "workbook") -> Any:
    """An openpyxl workbook in read-only mode (``close()`` it), errors as one line."""
    import openpyxl

    try:
        with _quiet():
            return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except WorkbookError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on damaged or hostile files
        raise WorkbookError(f"{path}: cannot read the {what} ({reason(exc)})") from None


def reason(exc: BaseException) -> str:
    """The root cause of an openpyxl failure, in words; XML attacks are named as such."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for item in chain:
        if type(item).__module__.startswith("defusedxml"):
            return (
                f"{type(item).__name__}: it declares XML entities or a DTD, which policy-matrix "
                "refuses (a possible XML bomb or external-entity attack)"
            )
    root = chain[-1]
    text = str(root).splitlines()[0] if str(root) else ""
    return f"{type(root).__name__}: {text}" if text else type(root).__name__


_CELL = re.compile(rb"<(?:[\w.-]+:)?c\b([^>]*?)(/>|>(.*?)</(?:[\w.-]+:)?c>)", re.S)
_ATTR = re.compile(rb"""\b(r|t)\s*=\s*["']([^"']*)["']""")
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v>([^<]*)</(?:[\w.-]+:)?v>")


def _bad_number(data: bytes) -> tuple[str, str] | None:
    """The first cell stored as a number whose value is not one: (address, value)."""
    for found in _CELL.finditer(data):
        attrs = dict(_ATTR.findall(found.group(1)))
        if attrs.get(b"t", b"n") != b"n" or not found.group(3):
            continue
        value = _VALUE.search(found.group(3))
        if value is None or not value.group(1).strip():
            continue
        text = value.group(1).strip()
        try:
            number = float(text)
        except ValueError:
            number = float("nan")
        if number != number or text.lower() in (b"inf", b"-inf", b"infinity", b"-infinity"):
            return attrs.get(b"r", b"?").decode("ascii", "replace"), text.decode("utf-8", "replace")
    return None


def sheet_cells(
    workbook: Any, name: str, path: Path, *, max_cells: int
) -> Iterator[tuple[int, list[CellData]]]:
    """The cells present on sheet ``name``, a row at a time: ``(row number, cells)``.

    Rows with no cells are not yielded, cells beyond any declared range are,
    and a sheet of more than ``max_cells`` cells is refused before its rows are
    built.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    sheet = workbook[name]
    part = sheet._worksheet_path
    archive = workbook._archive
    try:
        with archive.open(part) as stream:
            count, widest = count_cells(stream, max_cells)
    except ValueError as exc:
        raise WorkbookError(f"{path}, sheet {name}: the sheet's XML is damaged ({exc})") from None
    if widest > MAX_ROW_CELLS:
        raise WorkbookError(
            f"{path}, sheet {name}: a row of more than {MAX_ROW_CELLS:,} cells, which no "
            "spreadsheet holds; the sheet is damaged or hostile"
        )
    if count > max_cells:
        raise WorkbookError(
            f"{path}, sheet {name}: more than the {max_cells:,} cells policy-matrix reads from "
            "a sheet"
        )
    try:
        with archive.open(part) as stream, _quiet():
            parser = WorkSheetParser(
                stream,
                sheet._shared_strings,
                data_only=workbook.data_only,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
            )
            for row_number, cells in parser.parse():
                if cells:
                    yield row_number, cells
    except WorkbookError:
        raise
    except Exception as exc:
        with archive.open(part) as stream:
            bad = _bad_number(stream.read())
        if bad is not None:
            raise WorkbookError(
                f"{path}, sheet {name}, cell {bad[0]}: the value stored is {bad[1]!r}, which is "
                "not a number; type a number in that cell"
            ) from None
        raise WorkbookError(
            f"{path}, sheet {name}: cannot read the sheet ({reason(exc)})"
        ) from None
