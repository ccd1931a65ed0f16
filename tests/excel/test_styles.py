"""The shortcuts matrix.excel.styles takes past openpyxl must leave what openpyxl would:
shared style arrays that never restyle a neighbour, and merged ranges whose
placeholder cells carry the styles openpyxl's own merge gives them."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Border, Font, Protection, Side

from matrix.excel.styles import SharedStyle, add_styles, merge, put_number, put_text

STYLES = ["pm header", "pm cell", "pm input", "pm note", "pm label", None]


def _book():
    wb = Workbook()
    add_styles(wb)
    return wb, wb.active


def test_cells_of_one_style_share_it_and_changing_one_changes_only_that_one():
    _, ws = _book()
    a = put_number(ws, 1, 1, 1.0, "pm input")
    b = put_number(ws, 1, 2, 2.0, "pm input")
    assert a._style is b._style and type(a._style) is SharedStyle
    a.font = Font(bold=False, italic=True)
    a.border = Border(left=Side(style="thick"))
    a.protection = Protection(locked=True)
    a.number_format = "0.0"
    assert b.font.i is not True and b.border.left.style == "thin"
    assert b.protection.locked is False and b.number_format == "General"
    assert a.font.i is True and a.border.left.style == "thick" and a.number_format == "0.0"
    with pytest.raises(TypeError):
        b._style.fontId = 0  # a shared array refuses a change in place


def test_writing_over_a_cell_openpyxl_made_keeps_its_own_style_array():
    _, ws = _book()
    ws.cell(3, 3, value="x")
    cell = put_text(ws, 3, 3, "y", "pm cell")
    assert type(cell._style) is not SharedStyle and cell.value == "y"


def _resolved(ws, style):
    """A cell's style as what it is (font, fill, border, ...), not as positions in the
    workbook's lists, which depend on the order styles were first used."""
    if not style or not any(style):
        return None
    wb = ws.parent
    return (repr(wb._fonts[style[0]]), repr(wb._fills[style[1]]), repr(wb._borders[style[2]]),
            style[3], repr(wb._protections[style[4]]), repr(wb._alignments[style[5]]),
            tuple(style[6:]))  # fmt: skip


def _snapshot(ws):
    """Every cell the file will hold (an unstyled placeholder writes nothing)."""
    return {key: (type(cell).__name__, _resolved(ws, cell._style), cell.value)
            for key, cell in ws._cells.items()
            if not (isinstance(cell, MergedCell) and not any(cell._style or ()))}  # fmt: skip


@pytest.mark.parametrize("style", STYLES)
def test_merges_repeated_with_one_shape_leave_what_openpyxl_would(style):
    _, ours = _book()
    _, theirs = _book()
    ranges = [(2, 1, 2, 8), (4, 1, 4, 8), (6, 2, 8, 4), (10, 2, 12, 4), (14, 1, 14, 8),
              (16, 1, 19, 1), (21, 3, 21, 3), (23, 2, 24, 3)]  # fmt: skip
    for row, col, last_row, last_col in ranges:
        for ws in (ours, theirs):
            put_text(ws, row, col, "merged", style)
        merge(ours, row, col, last_row, last_col)
        theirs.merge_cells(start_row=row, start_column=col, end_row=last_row, end_column=last_col)
    assert _snapshot(ours) == _snapshot(theirs)
    assert sorted(map(str, ours.merged_cells.ranges)) == sorted(
        map(str, theirs.merged_cells.ranges)
    )
    if style in ("pm header", "pm cell", "pm input"):  # bordered: placeholders carry the edges
        assert isinstance(ours.cell(2, 8), MergedCell) and ours.cell(2, 8).border.right.style


def test_a_merge_over_cells_already_written_is_openpyxls():
    _, ws = _book()
    put_text(ws, 2, 1, "a", "pm header")
    merge(ws, 2, 1, 2, 4)
    put_text(ws, 5, 1, "b", "pm header")
    put_number(ws, 5, 3, 1.0, "pm input")  # inside the next range
    merge(ws, 5, 1, 5, 4)
    assert isinstance(ws._cells[(5, 3)], MergedCell)
