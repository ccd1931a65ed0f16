"""How every sheet prints: paper, scale, header and footer, and pages that keep charts whole.

Each sheet prints on A4 in landscape, scaled to the page's width (its height runs
to as many pages as it needs). The header names the case and the sheet, the
footer the page (``Page 2 of 5``). Rows a sheet marks as its header
(``print_title_rows``) repeat on every page.

A spreadsheet breaks pages where they fill up, wherever a chart happens to be.
:func:`page_breaks` works out where those breaks fall, from the row heights, the
column widths and the fit-to-width scale, starts a new page before any chart
(with the heading and note just above it) that would otherwise straddle one, and
before any heading that would be left at the foot of a page without the lines it
heads, and writes every page start into the file as a manual break.

>>> scale_to_width(800.0)
0.9621
>>> scale_to_width(500.0)
1.0
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter

from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries
from openpyxl.worksheet.pagebreak import Break, RowBreak
from openpyxl.worksheet.worksheet import Worksheet

from matrix.excel.styles import fit_rows

__all__ = [
    "BODY_HEIGHT",
    "BODY_WIDTH",
    "ChartBlock",
    "chart_blocks",
    "column_points",
    "page_breaks",
    "page_rows",
    "page_setup",
    "row_points",
    "scale_to_width",
]

#: A4 in landscape, in points (1/72 inch).
PAPER_WIDTH, PAPER_HEIGHT = 11.69 * 72, 8.27 * 72
#: Margins in inches: the header and footer sit in the top and bottom margins.
MARGINS = {"left": 0.5, "right": 0.5, "top": 0.6, "bottom": 0.6, "header": 0.25, "footer": 0.25}
#: The printable body of a page, in points.
BODY_WIDTH = PAPER_WIDTH - (MARGINS["left"] + MARGINS["right"]) * 72
BODY_HEIGHT = PAPER_HEIGHT - (MARGINS["top"] + MARGINS["bottom"]) * 72
#: Room kept free on each page, against row heights a spreadsheet rounds up.
_SLACK = 0.97
#: A row's height (points) and a column's width (characters) when the sheet sets none.
DEFAULT_ROW, DEFAULT_WIDTH = 15.0, 8.43
#: Styles of the lines that belong with the chart below them (its heading and note).
_KEEP_WITH_NEXT = ("pm heading", "pm note")
#: A section (a heading or a table's header row, after a blank row, down to the next blank
#: row) no taller than this share of a page is kept on one page; a longer one starts a new
#: page unless its heading and this many lines below it fit.
_STARTS_SECTION = ("pm heading", "pm header")
_SHORT = 0.5
_WITH_HEADING = 3
#: Header text longer than this is cut (a spreadsheet allows 255 characters in all).
_TITLE_MAX = 90


def column_points(ws: Worksheet, column: int) -> float:
    """A column's printed width in points: 7 pixels (Calibri 11's digit) a unit of width,
    which already holds the cell's padding (ECMA-376 part 1, 18.3.1.13), 0.75 point a pixel."""
    dim = ws.column_dimensions.get(get_column_letter(column))
    width = dim.width if dim is not None and dim.width else DEFAULT_WIDTH
    if dim is not None and dim.hidden:
        return 0.0
    return 7 * float(width) * 0.75


def row_points(ws: Worksheet, row: int) -> float:
    """A row's height in points."""
    dim = ws.row_dimensions.get(row)
    if dim is not None and dim.hidden:
        return 0.0
    return float(dim.height) if dim is not None and dim.height else DEFAULT_ROW


def scale_to_width(width: float) -> float:
    """The fit-to-width scale of a print area ``width`` points wide (never above 1)."""
    return min(1.0, BODY_WIDTH / width) if width > 0 else 1.0


@dataclass(frozen=True)
class ChartBlock:
    """Rows that must print on one page: a chart, or charts side by side, with the
    heading and note just above them; ``last_col`` is the rightmost column a chart reaches."""

    first_row: int
    anchor_row: int
    last_row: int
    last_col: int


def _anchor(chart: object) -> tuple[int, int]:
    anchor = chart.anchor  # type: ignore[attr-defined]
    if isinstance(anchor, str):
        return coordinate_to_tuple(anchor)
    return anchor._from.row + 1, anchor._from.col + 1


def chart_blocks(ws: Worksheet) -> list[ChartBlock]:
    """The sheet's charts as blocks of rows, top to bottom; charts that share rows merge."""
    spans = []
    for chart in ws._charts:
        row, col = _anchor(chart)
        height = chart.height / 2.54 * 72  # cm to points
        last_row, room = row, row_points(ws, row)
        while room < height:
            last_row += 1
            room += row_points(ws, last_row)
        width = chart.width / 2.54 * 72
        last_col, room = col, column_points(ws, col)
        while room < width:
            last_col += 1
            room += column_points(ws, last_col)
        first = row
        while first > 1 and row - first < 2 and _style(ws, first - 1) in _KEEP_WITH_NEXT:
            first -= 1
        if first == row and row > 1 and _blank(ws, row - 1):
            first -= 1  # a blank row above: LibreOffice draws a chart's top edge at a break
        spans.append([first, row, last_row, last_col])
    spans.sort()
    blocks: list[list[int]] = []
    for span in spans:
        if blocks and span[0] <= blocks[-1][2]:
            block = blocks[-1]
            block[1] = min(block[1], span[1])
            block[2] = max(block[2], span[2])
            block[3] = max(block[3], span[3])
        else:
            blocks.append(span)
    return [ChartBlock(*block) for block in blocks]


def _area(ws: Worksheet) -> tuple[int, int, int, int]:
    """(first column, first row, last column, last row) of the print area."""
    area = ws.print_area
    if isinstance(area, list):
        area = area[0]
    if not area:
        return 1, 1, ws.max_column, ws.max_row
    return range_boundaries(area.rsplit("!", 1)[-1].replace("$", ""))  # type: ignore[return-value]


def _title_rows(ws: Worksheet) -> range:
    rows = ws.print_title_rows
    if not rows:
        return range(0)
    first, last = (int(part) for part in rows.replace("$", "").split(":"))
    return range(first, last + 1)


def _extent(ws: Worksheet) -> tuple[int, int]:
    """The last row and column with a cell (as ``ws.max_row`` and ``ws.max_column``, in one
    pass over the cells, at C speed: this runs on sheets of a million cells)."""
    if not ws._cells:
        return 1, 1
    return max(ws._cells)[0], max(map(itemgetter(1), ws._cells))


def _value(ws: Worksheet, row: int, column: int) -> object:
    """A cell's value, without making the cell (``ws.cell`` would add it to the sheet)."""
    cell = ws._cells.get((row, column))
    return None if cell is None else cell.value


def _style(ws: Worksheet, row: int) -> str | None:
    """The style of the text in column A of ``row`` (None when it is empty)."""
    cell = ws._cells.get((row, 1))
    return cell.style if cell is not None and cell.value not in (None, "") else None


def _blank(ws: Worksheet, row: int) -> bool:
    """Whether ``row`` has nothing in its first two columns (every table fills one of them)."""
    cells = ws._cells
    first = cells.get((row, 1))
    if first is not None and first.value is not None and first.value != "":
        return False
    second = cells.get((row, 2))
    return second is None or second.value is None or second.value == ""


def _last_used_row(
    ws: Worksheet, last_row: int, last_col: int, blocks: Iterable[ChartBlock]
) -> int:
    """The last row up to ``last_row`` with something to print (blank rows print no page)."""
    drawn = max((b.last_row for b in blocks if b.first_row <= last_row), default=0)
    columns = range(1, last_col + 1)
    for row in range(last_row, drawn, -1):
        if any(_value(ws, row, col) is not None for col in columns):
            return row
    return max(drawn, 1)


def page_rows(ws: Worksheet) -> float:
    """The height (points, at the sheet's scale) of rows that fit on one page under the
    repeated header rows."""
    first_col, _, last_col, _ = _area(ws)
    width = sum(column_points(ws, c) for c in range(first_col, last_col + 1))
    titles = sum(row_points(ws, r) for r in _title_rows(ws))
    return BODY_HEIGHT * _SLACK / scale_to_width(width) - titles


def page_breaks(ws: Worksheet) -> list[int]:
    """Break the sheet into pages so that no chart block straddles two and no heading
    ends one; return the rows that start a page (after the first).

    Rows fill a page until the next would not fit. A chart block that does not fit in
    what is left of a page starts the next one (a block taller than a page cannot be
    helped); so does a short section (a heading or a table, down to the next blank
    row) and a heading without room for the first lines under it.

    Every page start is written as a manual break, so a spreadsheet that fits more on
    a page than estimated here still breaks the pages here. The estimate takes
    Excel's column widths (7 pixels a character); LibreOffice's are about an eighth
    wider, so it scales the sheet down a little more and fits the pages with room to
    spare.
    """
    _, first_row, last_col, last_row = _area(ws)
    capacity = page_rows(ws)
    blocks = {block.first_row: block for block in chart_blocks(ws)}
    last_row = _last_used_row(ws, last_row, last_col, blocks.values())
    top = [0.0]  # top[k]: the height of the rows above first_row + k
    for row in range(first_row, last_row + _WITH_HEADING + 2):
        top.append(top[-1] + row_points(ws, row))

    def rows(first: int, last: int) -> float:
        return top[last - first_row + 1] - top[first - first_row]

    short = capacity * _SHORT
    manual = {brk.id + 1 for brk in ws.row_breaks.brk}
    starts: list[int] = []
    breaks = list(ws.row_breaks.brk)
    used = 0.0
    for row in range(first_row, last_row + 1):
        height = top[row - first_row + 1] - top[row - first_row]
        need = height
        block = blocks.get(row)
        if block is not None:
            need = rows(row, min(block.last_row, last_row))
        elif (row == first_row or _blank(ws, row - 1)) and _style(ws, row) in _STARTS_SECTION:
            end = row  # a heading or a table: kept whole up to the next blank row if short,
            while end < last_row and not _blank(ws, end + 1) and rows(row, end) <= short:
                end += 1
            need = rows(row, end)
            if need > short:  # else its heading keeps a few lines below it
                need = rows(row, min(row + _WITH_HEADING, last_row))
        if row in manual or (used > 0 and used + need > capacity):
            if row not in manual:
                breaks.append(Break(id=row - 1))
            starts.append(row)
            used = 0.0
        used += height
    ws.row_breaks.brk = breaks  # once: openpyxl checks the whole list on every change
    return starts


def _header_text(text: str) -> str:
    """Text for a page header: ``&`` doubled (a single one starts a code), cut to fit."""
    if len(text) > _TITLE_MAX:
        text = text[: _TITLE_MAX - 1].rstrip() + "…"
    return text.replace("&", "&&")


def page_setup(ws: Worksheet, *, title: str, fit_text: bool = True) -> None:
    """Set up ``ws`` to print: A4 landscape, fit to width, the case ``title`` and the sheet in
    the header, the page in the footer, rows tall enough for their wrapped text, a print
    area that takes in the charts, and a page break before any chart that would straddle one.

    A print area or repeated header rows the sheet already set are kept; without
    ``fit_text`` the rows keep the heights the sheet gave them.
    """
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    for side, inches in MARGINS.items():
        setattr(ws.page_margins, side, inches)
    for part, text in (
        (ws.oddHeader.left, _header_text(title)),
        (ws.oddHeader.right, "&A"),
        (ws.oddFooter.center, "Page &P of &N"),
    ):
        part.text = text
        part.size = 8
        part.color = "595959"
    ws.sheet_view.showGridLines = False
    if fit_text:  # no wrapped text cut off (the breaks depend on the heights)
        fit_rows(ws)
    if not ws.print_area:
        blocks = chart_blocks(ws)
        max_row, max_col = _extent(ws)
        last_col = max([max_col, *(b.last_col for b in blocks)])
        last_row = _last_used_row(ws, max_row, max_col, blocks)
        last_row = max([last_row, *(b.last_row for b in blocks)])
        ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"
    if ws.row_breaks is None:  # pragma: no cover - openpyxl always makes one
        ws.row_breaks = RowBreak()
    page_breaks(ws)
