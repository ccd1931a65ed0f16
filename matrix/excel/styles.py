"""The workbook's look, and the only ways the package puts values into cells.

Every piece of text from data goes through :func:`put_text`, which stores it as
text even when it starts with ``=``, ``+``, ``-`` or ``@``: an option named
``=HYPERLINK(...)`` must never become a live formula.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from copy import copy
from types import SimpleNamespace

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.styleable import StyleableObject
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "HEAT",
    "NUMBER_FORMATS",
    "PALETTE",
    "PutCell",
    "SharedStyle",
    "add_styles",
    "fit_rows",
    "merge",
    "put_formula",
    "put_number",
    "put_text",
    "set_widths",
    "title_block",
]

PALETTE = {
    "ink": "1F2937",  # body text
    "navy": "1F3864",  # titles and header fill
    "muted": "595959",  # secondary text
    "rule": "BFBFBF",  # thin borders
    "band": "F2F2F2",  # label cells
    "input": "FFF2CC",  # editable cells
    "input_ink": "1F4E9E",  # editable values (blue, the modelling convention)
    "good": "63BE7B",
    "mid": "FFEB84",
    "bad": "F8696B",
    "winner": "E2EFDA",
}

#: Heat-map colours: soft enough that the blue input numbers stay readable.
HEAT = {"good": "A9D08E", "mid": "FFE699", "bad": "F4B183"}

NUMBER_FORMATS = {
    "score": "0.000",
    "input": "General",
    "weight": "General",
    "share": "0.0%",
    "rank": "0",
}

#: The body font: Excel's default. LibreOffice shows the metric-compatible Carlito.
FONT = "Calibri"


def _font(**kwargs: object) -> Font:
    kwargs.setdefault("size", 11)
    return Font(name=FONT, **kwargs)  # type: ignore[arg-type]


_thin = Side(style="thin", color=PALETTE["rule"])
_box = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)


def _style(name: str, **kwargs: object) -> NamedStyle:
    style = NamedStyle(name=name)
    for key, value in kwargs.items():
        setattr(style, key, value)
    return style


def add_styles(workbook: Workbook) -> None:
    """Register the named styles the sheets use (they show in the spreadsheet's style list)."""
    styles = [
        _style("pm title", font=_font(size=16, bold=True, color=PALETTE["navy"])),
        _style(
            "pm subtitle",
            font=_font(size=11, italic=True, color=PALETTE["muted"]),
            alignment=Alignment(wrap_text=True, vertical="top"),
        ),
        _style(
            "pm heading",
            font=_font(size=12, bold=True, color=PALETTE["navy"]),
            alignment=Alignment(vertical="top"),
        ),
        _style(
            "pm body",
            font=_font(color=PALETTE["ink"]),
            alignment=Alignment(wrap_text=True, vertical="top"),
        ),
        _style(
            "pm note",
            font=_font(size=9, italic=True, color=PALETTE["muted"]),
            alignment=Alignment(wrap_text=True, vertical="top"),
        ),
        _style(
            "pm header",
            font=_font(bold=True, color="FFFFFF"),
            fill=PatternFill("solid", fgColor=PALETTE["navy"]),
            alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"),
            border=_box,
        ),
        _style(
            "pm label",
            font=_font(bold=True, color=PALETTE["ink"]),
            fill=PatternFill("solid", fgColor=PALETTE["band"]),
            alignment=Alignment(vertical="top", wrap_text=True),
            border=_box,
        ),
        _style(
            "pm cell",
            font=_font(color=PALETTE["ink"]),
            alignment=Alignment(vertical="top"),
            border=_box,
        ),
        _style(
            "pm text",
            font=_font(color=PALETTE["ink"]),
            alignment=Alignment(vertical="top", wrap_text=True),
            border=_box,
        ),
        _style(
            "pm centre",
            font=_font(color=PALETTE["ink"]),
            alignment=Alignment(vertical="top", horizontal="center"),
            border=_box,
        ),
        _style(
            "pm input",
            font=_font(bold=True, color=PALETTE["input_ink"]),
            fill=PatternFill("solid", fgColor=PALETTE["input"]),
            alignment=Alignment(horizontal="center", vertical="top"),
            border=_box,
            protection=Protection(locked=False),
        ),
        _style(
            "pm output",
            font=_font(bold=True, color=PALETTE["ink"]),
            alignment=Alignment(horizontal="center", vertical="top"),
            border=_box,
        ),
        _style(
            "pm input text",
            font=_font(color=PALETTE["input_ink"]),
            alignment=Alignment(vertical="top", wrap_text=True),
            border=_box,
            protection=Protection(locked=False),
        ),
        _style(
            "pm derived",
            font=_font(italic=True, color=PALETTE["muted"]),
            alignment=Alignment(horizontal="center", vertical="top"),
            border=_box,
        ),
        _style(
            "pm warning",
            font=_font(bold=True, color="C00000"),
            alignment=Alignment(wrap_text=True, vertical="top"),
        ),
    ]
    for style in styles:
        if style.name not in workbook.named_styles:
            workbook.add_named_style(style)


class SharedStyle(StyleArray):
    """The style array every cell of one (named style, number format) pair shares.

    Cells written by :func:`put_text`, :func:`put_number` and :func:`put_formula`
    share one array per pair instead of a copy each, which halves the cost of
    writing a cell and lets the writer look a style up once per pair, not once per
    cell (:mod:`matrix.excel.results`). Changing it in place would restyle every
    cell that shares it, so it refuses: a put cell gives itself its own copy first
    (:class:`PutCell`).
    """

    __slots__ = ()

    def __setitem__(self, index: object, value: object) -> None:
        raise TypeError("a shared cell style cannot change in place; copy it first")


class _OwnStyle:
    """A cell's style attribute (font, fill, ...) that, on assignment, first gives the
    cell its own copy of a shared style array."""

    def __init__(self, name: str) -> None:
        self.inner = vars(StyleableObject)[name]

    def __get__(self, instance: Cell | None, owner: type) -> object:
        if instance is None:
            return self
        return self.inner.__get__(instance, owner)

    def __set__(self, instance: Cell, value: object) -> None:
        if type(instance._style) is SharedStyle:
            instance._style = StyleArray(instance._style)
        self.inner.__set__(instance, value)


class PutCell(Cell):  # type: ignore[misc]
    """An openpyxl cell whose style may be shared with other cells: setting its font,
    fill, border, alignment, protection, number format or style changes this cell
    only, as for any openpyxl cell."""

    __slots__ = ()

    font = _OwnStyle("font")
    fill = _OwnStyle("fill")
    border = _OwnStyle("border")
    number_format = _OwnStyle("number_format")
    protection = _OwnStyle("protection")
    alignment = _OwnStyle("alignment")
    style = _OwnStyle("style")
    quotePrefix = _OwnStyle("quotePrefix")
    pivotButton = _OwnStyle("pivotButton")


def _shared(workbook: Workbook, style: str | None, number_format: str | None) -> SharedStyle:
    """The shared style array of a (named style, number format) pair in ``workbook``.

    openpyxl looks a named style up by name on every assignment, which costs more
    than writing the cell: each pair is worked out once per workbook.
    """
    try:
        cache: dict[tuple[str | None, str | None], SharedStyle] = workbook._pm_style_arrays
    except AttributeError:
        cache = workbook._pm_style_arrays = {}
    key = (style, number_format)
    known = cache.get(key)
    if known is None:
        scratch = Cell(SimpleNamespace(parent=workbook))  # styles need only the workbook
        if style:
            scratch.style = style
        if number_format:
            scratch.number_format = number_format
        known = cache[key] = SharedStyle(scratch._style or StyleArray())
    return known


_new_cell = object.__new__


def _cell(ws: Worksheet, row: int, column: int, style: str | None, number_format: str | None):  # type: ignore[no-untyped-def]
    """The cell at (row, column), made if absent, with the style pair if one is given
    (as ``ws.cell`` would, without its per-call overhead)."""
    cells = ws._cells
    cell = cells.get((row, column))
    if cell is None:  # PutCell(ws, row, column), without openpyxl's general __init__
        cell = cells[(row, column)] = _new_cell(PutCell)
        cell.parent = ws
        cell._style = None
        cell.row = row
        cell.column = column
        cell._value = None
        cell.data_type = "n"
        cell._hyperlink = None
        cell._comment = None
        if row > ws._current_row:
            ws._current_row = row
    if style or number_format:
        try:
            shared = ws._pm_style_arrays[(style, number_format)]
        except (AttributeError, KeyError):
            shared = _shared(ws.parent, style, number_format)
            ws._pm_style_arrays = ws.parent._pm_style_arrays  # the workbook's, looked up faster
        cell._style = shared if type(cell) is PutCell else StyleArray(shared)
    return cell


def put_text(ws: Worksheet, row: int, column: int, value: str, style: str | None = None) -> Cell:
    """Write text that stays text, whatever it starts with."""
    cell = _cell(ws, row, column, style, None)
    cell._value = cell.check_string(value)  # text openpyxl can store (or its error)
    cell.data_type = "s"
    return cell


def put_number(
    ws: Worksheet,
    row: int,
    column: int,
    value: float | int | None,
    style: str | None = None,
    number_format: str | None = None,
) -> Cell:
    """Write a number (``None``: an empty input cell), with an optional named style and
    number format."""
    cell = _cell(ws, row, column, style, number_format)
    kind = type(value)
    if kind is float or kind is int or value is None:
        cell._value = value
        cell.data_type = "n"
    else:
        cell.value = value
    return cell


def put_formula(
    ws: Worksheet,
    row: int,
    column: int,
    formula: str,
    style: str | None = None,
    number_format: str | None = None,
) -> Cell:
    """Write a formula (a string that starts with ``=``), built by the package, never by data."""
    if not formula.startswith("="):
        raise ValueError(f"a formula must start with '=': {formula!r}")
    cell = _cell(ws, row, column, style, number_format)
    cell._value = formula  # the package's own text: data in it was checked by the model
    cell.data_type = "f"
    return cell


def merge(ws: Worksheet, start_row: int, start_column: int, end_row: int, end_column: int) -> None:
    """Merge a range, as :meth:`Worksheet.merge_cells` does, without its per-cell pass
    where that pass changes nothing, and with its styles worked out once where it does.

    openpyxl makes a styled placeholder cell for every cell of a merged range, to
    carry the top-left cell's border to the edges and its protection to the rest
    (about 2 ms for a sheet-wide range, most of it comparing style objects). When
    the top-left cell has no border and is locked (as every absent cell is) and no
    other cell of the range exists, the placeholders would write what an absent cell
    means, so the range alone is added. When no other cell of the range exists, the
    placeholders are made as openpyxl makes them, with each one's style worked out
    once per workbook (:func:`_format_merged`). Otherwise openpyxl's own merge runs.

    >>> from openpyxl import Workbook
    >>> ws = Workbook().active
    >>> merge(ws, 2, 1, 2, 8)
    >>> [str(r) for r in ws.merged_cells.ranges], len(ws._cells)
    (['A2:H2'], 1)
    """
    first, last = get_column_letter(start_column), get_column_letter(end_column)
    merged = MergedCellRange(ws, f"{first}{start_row}:{last}{end_row}")
    top_left = merged.start_cell
    cells = ws._cells
    alone = not any(
        (row, col) in cells
        for row in range(start_row, end_row + 1)
        for col in range(start_column, end_column + 1)
        if (row, col) != (start_row, start_column)
    )
    if not alone:
        ws.merge_cells(start_row=start_row, start_column=start_column, end_row=end_row,
                       end_column=end_column)  # fmt: skip
        return
    sides = (getattr(top_left.border, side) for side in ("left", "right", "top", "bottom"))
    plain = top_left.protection.locked is not False and not any(
        side is not None and side.style for side in sides
    )
    ws.merged_cells.add(merged)
    if not plain:
        _format_merged(ws, top_left, start_row, start_column, end_row, end_column)


#: The sides of a cell's border openpyxl carries to a merged range's edges, in its order.
_EDGES = ("top", "left", "right", "bottom")


def _format_merged(
    ws: Worksheet, top_left: Cell, start_row: int, start_column: int, end_row: int, end_column: int
) -> None:
    """What openpyxl's ``MergedCellRange.format`` does to a range no other cell of which
    exists, with each placeholder's style worked out once per workbook for each place
    it can have (which edges it is on), not per cell.

    openpyxl gives every edge cell the top-left cell's side for that edge (added to
    what the cell has, in the order top, left, right, bottom) and every cell of the
    range the top-left cell's protection.
    """
    border, protection = top_left.border, copy(top_left.protection)
    sides = {name: getattr(border, name) for name in _EDGES}
    carried = {  # openpyxl skips a side only when it has no style
        name: Border(**{name: side})
        for name, side in sides.items()
        if side is None or side.style is not None
    }
    known: dict[tuple, tuple] = ws.parent.__dict__.setdefault("_pm_merged_styles", {})
    base = tuple(top_left._style or ())

    def style(on: tuple[bool, bool, bool, bool], cell: StyleableObject) -> None:
        for name, edge in zip(_EDGES, on, strict=True):
            if edge and name in carried:
                cell.border += carried[name]
        cell.protection = protection

    for row in range(start_row, end_row + 1):
        for col in range(start_column, end_column + 1):
            on = (row == start_row, col == start_column, col == end_column, row == end_row)
            if (row, col) == (start_row, start_column):
                style(on, top_left)
                continue
            key = (base, on)
            array = known.get(key)
            if array is None:
                scratch = MergedCell(ws, row=row, column=col)
                style(on, scratch)
                array = known[key] = tuple(scratch._style)
            placeholder = ws._cells[(row, col)] = MergedCell(ws, row=row, column=col)
            placeholder._style = StyleArray(array)


def set_widths(ws: Worksheet, widths: Iterable[float], start: int = 1) -> None:
    """Set column widths, in characters, from column ``start`` on."""
    for offset, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(start + offset)].width = width


def fit_width(texts: Iterable[object], *, low: float = 8, high: float = 60) -> float:
    """A column width that fits the longest text (within ``low``..``high``)."""
    longest = max((len(str(t)) for t in texts if t is not None), default=0)
    return float(min(max(longest + 2, low), high))


def title_block(ws: Worksheet, title: str, subtitle: str, last_column: int) -> None:
    """A sheet's title in row 1 and a wrapped explanation in row 2."""
    put_text(ws, 1, 1, title, "pm title")
    put_text(ws, 2, 1, subtitle, "pm subtitle")
    merge(ws, 2, 1, 2, max(last_column, 2))
    ws.row_dimensions[1].height = 24
    ws.row_dimensions[2].height = 15 * max(2, -(-len(subtitle) // 150))


def fit_height(ws: Worksheet, row: int, texts: Iterable[tuple[str, float]]) -> None:
    """Set a row's height so wrapped text shows whole: ``texts`` pairs each text with the
    width (in characters) of the column it wraps in. Spreadsheets do not all grow rows
    to fit on opening, so the height is written into the file."""
    lines = 1
    for text, width in texts:
        per_line = max(int(width * 1.1) - 2, 8)
        lines = max(lines, sum(max(1, -(-len(part) // per_line)) for part in str(text).split("\n")))
    ws.row_dimensions[row].height = 15 * lines + 2


#: The tallest row Excel allows, in points.
MAX_ROW_HEIGHT = 409.0


def fit_rows(ws: Worksheet, first_row: int = 1) -> None:
    """Give rows of wrapped text the height they need (spreadsheets do not all do it on open).

    Estimates the lines each wrapped text cell from ``first_row`` on needs from its
    column width (merged cells count all their columns) and its font size, and never
    lowers a height already set (nor raises one past :data:`MAX_ROW_HEIGHT`). Reads the
    cells the sheet has, without making any.
    """
    workbook = ws.parent
    widths: dict[int, float] = {}

    def width(col: int) -> float:
        if col not in widths:
            dim = ws.column_dimensions.get(get_column_letter(col))
            widths[col] = float(dim.width) if dim is not None and dim.width else 8.43
        return widths[col]

    spans = {}
    for merged in ws.merged_cells.ranges:
        spans[(merged.min_row, merged.min_col)] = sum(
            width(c) for c in range(merged.min_col, merged.max_col + 1)
        )
    wraps: dict[int, bool] = {}
    sizes: dict[int, float] = {}
    needed: dict[int, float] = {}
    for (row, col), cell in ws._cells.items():
        if cell.data_type != "s" or row < first_row:
            continue
        value, style = cell._value, cell._style
        if not isinstance(value, str) or style is None:  # no style: no wrapping
            continue
        alignment, font = style[5], style[0]  # alignmentId, fontId (by position: faster)
        wrap = wraps.get(alignment)
        if wrap is None:
            wrap = wraps[alignment] = bool(workbook._alignments[alignment].wrap_text)
        if not wrap:
            continue
        size = sizes.get(font)
        if size is None:
            size = sizes[font] = float(workbook._fonts[font].sz or 11)
        # about 1.1 characters of 11-point text per unit of column width
        room = max(spans.get((row, col), width(col)) * 1.1 * 11 / size - 1, 4)
        lines = sum(max(1, math.ceil(len(part) / room)) for part in value.split("\n"))
        if lines > 1:
            height = 15.0 * size / 11 * lines + 2
            needed[row] = max(needed.get(row, 0.0), height)
    for row, height in needed.items():
        current = ws.row_dimensions[row].height or 0
        if height > current:
            ws.row_dimensions[row].height = min(height, MAX_ROW_HEIGHT)
