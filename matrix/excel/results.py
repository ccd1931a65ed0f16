"""Save a workbook with every formula cell's result stored beside its formula.

openpyxl writes a formula as ``<f>`` with an empty ``<v>``: a reader that does
not calculate (pandas, python-calamine, mail and file previews, Excel's
Protected View) sees a blank where the ranking is. The value Python computes
for each formula cell is already recorded in :attr:`Book.expected
<matrix.excel.book.Book.expected>`; :func:`save` writes the workbook with
openpyxl as before and fills each formula cell's ``<v>`` with that value as
openpyxl's worksheet parts go into the zip archive.

Spreadsheets that calculate are unaffected: the workbook keeps openpyxl's
``fullCalcOnLoad``, so Excel recalculates on opening, and an edited input
updates its dependents in every spreadsheet. The stored results equal what
LibreOffice and Gnumeric compute (the tests recalculate and compare).

Keeping openpyxl was chosen by measurement (``docs/cached-results.md``): filling
in the results costs 3-4 microseconds a formula cell at save time (5-8 % of the
save), where XlsxWriter would mean writing the package's styles, charts,
validation, notes and protection again for another library.
"""

from __future__ import annotations

import datetime
import math
import numbers
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

__all__ = ["cached_value", "save"]

#: A formula cell as openpyxl 3.1 writes it: ``<c r="B9" s="5"><f>...</f><v></v></c>``
#: (formula text is escaped, so it holds no ``<``).
_FORMULA_CELL = re.compile(
    rb'<c r="([A-Z]{1,3}[0-9]{1,7})"([^>]*)><f>([^<]*)</f><v(?:></v>|\s*/>)</c>'
)


def cached_value(value: object) -> tuple[bytes, bytes] | None:
    """The ``t`` attribute and ``<v>`` text that store ``value`` as a cell's result.

    ``None`` for a value a cell cannot hold (``None``, NaN, infinity): the cell is
    left for the spreadsheet to compute.

    >>> cached_value(0.5), cached_value(3), cached_value(True)
    ((b'', b'0.5'), (b'', b'3'), (b' t="b"', b'1'))
    >>> cached_value("Risk & war")
    (b' t="str"', b'Risk &amp; war')
    >>> cached_value(float("nan")) is None
    True
    """
    if isinstance(value, bool | np.bool_):
        return b' t="b"', b"1" if value else b"0"
    if isinstance(value, str):
        text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return b' t="str"', text.encode("utf-8")
    if isinstance(value, numbers.Integral):  # int(), float(): numpy's reprs differ
        return b"", str(int(value)).encode("ascii")
    if isinstance(value, numbers.Real) and math.isfinite(value):
        return b"", repr(float(value)).encode("ascii")
    return None


def _fill(xml: bytes, results: Mapping[str, object]) -> bytes:
    """Put each formula cell's result from ``results`` (by coordinate) into a sheet part."""
    encoded = {}
    for coord, value in results.items():
        stored = cached_value(value)
        if stored is not None:
            encoded[coord.encode("ascii")] = stored

    def cell(match: re.Match[bytes]) -> bytes:
        stored = encoded.get(match[1])
        if stored is None:
            return match[0]
        kind, text = stored
        return b'<c r="%s"%s%s><f>%s</f><v>%s</v></c>' % (match[1], match[2], kind, match[3], text)

    return _FORMULA_CELL.sub(cell, xml)


class _Archive(zipfile.ZipFile):
    """A zip archive that fills in results as a worksheet part is added to it."""

    results: Mapping[str, object] | None = None  # the sheet being written, by coordinate

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):  # type: ignore[no-untyped-def]
        results, self.results = self.results, None
        if not results or arcname is None:
            return super().write(filename, arcname, compress_type, compresslevel)
        xml = Path(filename).read_bytes()
        self.writestr(arcname, _fill(xml, results), compress_type, compresslevel)
        return None


class _Writer(ExcelWriter):  # type: ignore[misc]
    """openpyxl's writer, telling the archive which sheet's part comes next."""

    def __init__(self, workbook: Workbook, archive: _Archive, results: dict) -> None:
        super().__init__(workbook, archive)
        self._results = results

    def write_worksheet(self, ws: Worksheet) -> None:
        self._archive.results = self._results.get(ws.title)
        super().write_worksheet(ws)


def save(workbook: Workbook, path: str | Path, expected: Mapping[tuple[str, str], object]) -> None:
    """Save ``workbook`` to ``path`` with ``expected[(sheet, cell)]`` as each formula's result.

    As :meth:`openpyxl.Workbook.save`, plus the stored results.
    """
    by_sheet: dict[str, dict[str, object]] = {}
    for (sheet, coord), value in expected.items():
        by_sheet.setdefault(sheet, {})[coord] = value
    workbook.properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
    with _Archive(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        _Writer(workbook, archive, by_sheet).save()
