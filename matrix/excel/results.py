"""Save a workbook, writing each sheet's cells ourselves, with every formula's result.

openpyxl writes a formula as ``<f>`` with an empty ``<v>``: a reader that does
not calculate (pandas, python-calamine, mail and file previews, Excel's
Protected View) sees a blank where the ranking is. The value Python computes
for each formula cell is already recorded in :attr:`Book.expected
<matrix.excel.book.Book.expected>`; :func:`save` stores it as the cell's result.

openpyxl still writes everything around the cells (styles, charts, notes,
validation, conditional formats, print settings, the package). The cells
themselves, the ``<sheetData>`` of each sheet, are written here as text, where
openpyxl builds each cell through lxml's incremental writer and looks its style
up on every cell: the same XML at about a fifth of the cost (the speed budget of
issue 12, ``docs/speed.md``). The cells are written as openpyxl writes them
(strings inline, numbers as the shortest text that reads back to the same
double, which openpyxl's ``%.16g`` is not), so openpyxl and every spreadsheet
read them as before.

Spreadsheets that calculate are unaffected: the workbook keeps openpyxl's
``fullCalcOnLoad``, so Excel recalculates on opening, and an edited input
updates its dependents in every spreadsheet. The stored results equal what
LibreOffice and Gnumeric compute (the tests recalculate and compare).

Keeping openpyxl was chosen by measurement (``docs/cached-results.md``): XlsxWriter
would mean writing the package's styles, charts, validation, notes and
protection again for another library, and is no faster at writing cells.
"""

from __future__ import annotations

import datetime
import io
import numbers
import time
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from openpyxl import Workbook
from openpyxl.cell._writer import etree_write_cell
from openpyxl.comments import Comment
from openpyxl.comments.author import AuthorList
from openpyxl.comments.comment_sheet import CommentRecord, CommentSheet
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.packaging.relationship import Relationship
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import tostring

from matrix.excel.styles import PutCell, SharedStyle

__all__ = ["cached_value", "comment_parts", "save", "sheet_data"]

#: The type attribute of an empty cell, as openpyxl writes it.
_EMPTY_TYPES = {"n": "", "f": "", "s": ' t="inlineStr"'}

#: Rows of cells encoded together (the sheet's XML is handed to the archive in pieces).
_ROWS_A_PIECE = 500


def cached_value(value: object) -> tuple[str, str] | None:
    """The ``t`` attribute and ``<v>`` text that store ``value`` as a formula's result.

    ``None`` for a value a cell cannot hold (``None``, NaN, infinity): the cell is
    left for the spreadsheet to compute.

    >>> cached_value(0.5), cached_value(3), cached_value(True)
    (('', '0.5'), ('', '3'), (' t="b"', '1'))
    >>> cached_value("Risk & war")
    (' t="str"', 'Risk &amp; war')
    >>> cached_value(float("nan")) is None
    True
    """
    kind = type(value)
    if kind is float:  # the common case first
        text = _float_text(value)  # type: ignore[arg-type]
        return None if text is None else ("", text)
    if kind is bool or kind is np.bool_:
        return ' t="b"', "1" if value else "0"
    if isinstance(value, str):
        return ' t="str"', _escape(value)
    if isinstance(value, numbers.Real):
        number = number_text(value)
        return None if number is None else ("", number)
    return None


def number_text(value: numbers.Real) -> str | None:
    """A number as a cell's ``<v>`` text: the shortest text that reads back to the same
    double (openpyxl's ``%.16g`` can drop the 17th digit); whole numbers without a
    point, as openpyxl writes them (and reads them back as ``int``). ``None`` for NaN
    and infinity, which a cell cannot hold.

    >>> number_text(0.1), number_text(5.0), number_text(2 / 3), number_text(np.int64(7))
    ('0.1', '5', '0.6666666666666666', '7')
    >>> number_text(0.30000000000000004), number_text(1e20), number_text(-0.0)
    ('0.30000000000000004', '1e+20', '0')
    """
    if isinstance(value, numbers.Integral):
        return str(int(value))
    return _float_text(float(value))


def _float_text(number: float) -> str | None:
    """:func:`number_text` of a float: ``repr`` (the shortest text that reads back to the
    same double), less the ``.0`` of a whole number below 1e16 (``repr`` writes larger ones
    with an exponent); None for NaN and infinity."""
    text = repr(number)
    if text.endswith(".0"):
        return "0" if text == "-0.0" else text[:-2]
    return None if text[-1] in "fn" else text  # 'nan', 'inf', '-inf'


def _escape(text: str) -> str:
    """Text as XML character data, escaped as lxml escapes it."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


class _Element:
    """Stands in for lxml's incremental writer to catch one element openpyxl builds."""

    element: object = None

    def write(self, element: object) -> None:
        self.element = element


def sheet_data(ws: Worksheet, results: Mapping[str, object] | None = None) -> Iterator[bytes]:
    """A worksheet's ``<sheetData>`` element, in pieces of UTF-8, with ``results[coordinate]``
    stored as each formula cell's result.

    What openpyxl's :class:`~openpyxl.worksheet._writer.WorksheetWriter` writes for
    the cells (rows in order, a row for each row dimension even without cells, empty
    unstyled cells left out, notes and hyperlinks collected for the parts after the
    cells), at a fraction of its cost. A cell of a kind the package never writes
    (a date, rich text, an array formula) is written by openpyxl itself.
    """
    results = results or {}
    workbook = ws.parent
    cell_styles = workbook._cell_styles
    # the ' s="N"' attribute of each shared style array, by its id
    shared: dict[int, str] = workbook.__dict__.setdefault("_pm_style_ids", {})
    dimensions = ws.row_dimensions
    cells = ws._cells
    by_row: dict[int, list[int]] = {}
    for row, column in cells:
        columns = by_row.get(row)
        if columns is None:
            by_row[row] = [column]
        else:
            columns.append(column)
    for row in dimensions:
        by_row.setdefault(row, [])
    letters = [""]
    parts: list[str] = ["<sheetData>"]
    out = parts.append
    for done, row in enumerate(sorted(by_row), 1):
        dimension = dimensions.get(row)
        extra = "".join(f' {k}="{v}"' for k, v in dimension) if dimension is not None else ""
        out(f'<row r="{row}"{extra}>')
        row_text = str(row)
        for column in sorted(by_row[row]):
            cell = cells[(row, column)]
            if cell._comment is not None:
                ws._comments.append((row, column, cell._comment))  # see _Writer._write_comment
            style = cell._style
            if style is None:
                styled = ""
            elif type(style) is SharedStyle:
                styled = shared.get(id(style))  # type: ignore[assignment]
                if styled is None:
                    styled = f' s="{cell_styles.add(style)}"' if any(style) else ""
                    shared[id(style)] = styled
            elif any(style):
                styled = f' s="{cell_styles.add(style)}"'
            else:
                styled = ""
            value = cell._value
            if value is None and not styled and cell._comment is None:
                continue
            while len(letters) <= column:
                letters.append(get_column_letter(len(letters)))
            ref = letters[column] + row_text
            kind = cell.data_type
            link = cell._hyperlink if type(cell) is PutCell else cell.hyperlink
            if link:
                ws._hyperlinks.append(link)
            if value is None or value == "":  # openpyxl keeps the type of an empty cell
                empty = _EMPTY_TYPES.get(kind, f' t="{kind}"')
                out(f'<c r="{ref}"{styled}{empty}/>')
            elif kind == "n" and isinstance(value, numbers.Real) and not isinstance(value, bool):
                # floats first: the common case, without number_text's checks
                number = _float_text(value) if type(value) is float else number_text(value)
                if number is None:  # inf, nan: as openpyxl would write them
                    number = f"{value:.16g}"
                out(f'<c r="{ref}"{styled}><v>{number}</v></c>')
            elif kind == "s" and type(value) is str:
                space = ' xml:space="preserve"' if value != value.strip() else ""
                text = _escape(value)
                out(f'<c r="{ref}"{styled} t="inlineStr"><is><t{space}>{text}</t></is></c>')
            elif kind == "f" and type(value) is str:
                stored = cached_value(results.get(ref))
                if stored is None:
                    out(f'<c r="{ref}"{styled}><f>{_escape(value[1:])}</f></c>')
                else:
                    out(f'<c r="{ref}"{styled}{stored[0]}><f>{_escape(value[1:])}</f>'
                        f"<v>{stored[1]}</v></c>")  # fmt: skip
            elif kind == "b":
                out(f'<c r="{ref}"{styled} t="b"><v>{int(bool(value))}</v></c>')
            elif kind == "e" and type(value) is str:
                out(f'<c r="{ref}"{styled} t="e"><v>{_escape(value)}</v></c>')
            else:  # a kind the package does not write: openpyxl's own writer
                if link:
                    ws._hyperlinks.pop()  # openpyxl collects it again
                caught = _Element()
                etree_write_cell(caught, ws, cell, bool(styled))
                out(tostring(caught.element).decode("utf-8"))
        out("</row>")
        if done % _ROWS_A_PIECE == 0:
            yield "".join(parts).encode("utf-8")
            parts.clear()
    out("</sheetData>")
    yield "".join(parts).encode("utf-8")


class _SheetWriter(WorksheetWriter):  # type: ignore[misc]
    """openpyxl's worksheet writer, with the cells written by :func:`sheet_data`.

    openpyxl writes the sheet into memory with an empty ``<sheetData>``, which
    :meth:`pieces` replaces with the cells.
    """

    def __init__(self, ws: Worksheet, results: Mapping[str, object] | None) -> None:
        self.results = results
        self.cells: list[bytes] = []
        super().__init__(ws, out=io.BytesIO())

    def write_rows(self) -> None:
        # Encoded now: the notes it collects decide what openpyxl writes after the cells.
        self.cells = list(sheet_data(self.ws, self.results))
        xf = self.xf.send(True)
        with xf.element("sheetData"):
            pass
        self.xf.send(None)

    def pieces(self) -> list[bytes]:
        xml = self.out.getvalue()
        for empty in (b"<sheetData/>", b"<sheetData></sheetData>"):
            head, found, tail = xml.partition(empty)
            if found:
                return [head, *self.cells, tail]
        raise AssertionError("openpyxl wrote no <sheetData> to fill")  # pragma: no cover


class _Writer(ExcelWriter):  # type: ignore[misc]
    """openpyxl's writer, with each worksheet's cells written by :class:`_SheetWriter`."""

    def __init__(self, workbook: Workbook, archive: zipfile.ZipFile, results: dict) -> None:
        super().__init__(workbook, archive)
        self._results = results

    def write_worksheet(self, ws: Worksheet) -> None:
        # openpyxl's ExcelWriter.write_worksheet, with the sheet written in memory
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = _SheetWriter(ws, self._results.get(ws.title))
        writer.write()
        ws._rels = writer._rels
        pieces = writer.pieces()
        entry = zipfile.ZipInfo(ws.path[1:], time.localtime()[:6])
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.file_size = sum(len(piece) for piece in pieces)  # large parts get zip64
        with self._archive.open(entry, "w") as part:
            for piece in pieces:
                part.write(piece)
        self.manifest.append(ws)

    def _write_comment(self, ws: Worksheet) -> None:
        # openpyxl's ExcelWriter._write_comment, with both parts written as text
        if self.workbook.vba_archive is not None:  # a macro workbook's own drawing: openpyxl's
            ws._comments = [_record(*note) for note in ws._comments]
            super()._write_comment(ws)
            return
        sheet = CommentSheet(authors=AuthorList(), commentList=[])  # its name and type only
        self._comments.append(sheet)
        sheet._id = len(self._comments)
        comments, drawing = comment_parts(ws._comments)
        self._archive.writestr(sheet.path[1:], comments)
        self.manifest.append(sheet)
        ws.legacy_drawing = f"xl/drawings/commentsDrawing{sheet._id}.vml"
        self._archive.writestr(ws.legacy_drawing, drawing)
        self.vba_modified.add(ws.legacy_drawing)
        ws._rels.append(Relationship(Id="comments", type=sheet._rel_type, Target=sheet.path))


def _record(row: int, column: int, note: Comment) -> CommentRecord:
    """A note as openpyxl's writer takes it."""
    where = SimpleNamespace(_comment=note, coordinate=f"{get_column_letter(column)}{row}")
    return CommentRecord.from_cell(where)


#: The start of a sheet's drawing of notes (VML), as Excel writes it.
_VML_HEAD = (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
    ' xmlns:x="urn:schemas-microsoft-com:office:excel">'
    '<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>'
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202"'
    ' path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
    '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
)


def comment_parts(notes: list[tuple[int, int, Comment]]) -> tuple[bytes, bytes]:
    """A sheet's notes, given as (row, column, note), as the two parts of the package
    that hold them: the comments and the drawing of their boxes (what openpyxl's
    ``CommentSheet`` and ``ShapeWriter`` write, built as text)."""
    authors: dict[str, int] = {}
    listed, shapes = [], []
    for number, (row, column, note) in enumerate(notes, 1026):
        author = authors.setdefault(note.author, len(authors))
        text = note.content or ""
        stripped = text.strip()
        space = ' xml:space="preserve"' if stripped and text != stripped else ""
        ref = f"{get_column_letter(column)}{row}"
        listed.append(f'<comment ref="{ref}" authorId="{author}" shapeId="0"><text>'
                      f"<t{space}>{_escape(text)}</t></text></comment>")  # fmt: skip
        shapes.append(
            f'<v:shape id="_x0000_s{number:04d}" type="#_x0000_t202" style="position:absolute;'
            f" margin-left:59.25pt;margin-top:1.5pt;width:{note.width}px;height:{note.height}px;"
            'z-index:1;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">'
            '<v:fill color2="#ffffe1"/><v:shadow color="black" obscured="t"/>'
            '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto">'
            '<div style="text-align:left"/></v:textbox><x:ClientData ObjectType="Note">'
            "<x:MoveWithCells/><x:SizeWithCells/><x:AutoFill>False</x:AutoFill>"
            f"<x:Row>{row - 1}</x:Row><x:Column>{column - 1}</x:Column></x:ClientData></v:shape>"
        )
    names = "".join(f"<author>{_escape(name)}</author>" for name in authors)
    comments = (
        f'<comments xmlns="{SHEET_MAIN_NS}"><authors>{names}</authors>'
        f"<commentList>{''.join(listed)}</commentList></comments>"
    )
    return comments.encode("utf-8"), (_VML_HEAD + "".join(shapes) + "</xml>").encode("utf-8")


def save(workbook: Workbook, path: str | Path, expected: Mapping[tuple[str, str], object]) -> None:
    """Save ``workbook`` to ``path`` with ``expected[(sheet, cell)]`` as each formula's result.

    As :meth:`openpyxl.Workbook.save`, plus the stored results.
    """
    by_sheet: dict[str, dict[str, object]] = {}
    for (sheet, coord), value in expected.items():
        by_sheet.setdefault(sheet, {})[coord] = value
    workbook.properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
    workbook.__dict__.pop("_pm_style_ids", None)  # style ids are numbered afresh each save
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        _Writer(workbook, archive, by_sheet).save()
