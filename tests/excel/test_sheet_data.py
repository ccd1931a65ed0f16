"""The package writes each sheet's cells itself (matrix.excel.results.sheet_data):
what it writes must read back exactly as what openpyxl's own writer writes.

Random sheets of every kind of cell the package writes (numbers, text that needs
escaping or keeps its spaces, formulas with and without a stored result, booleans,
empty styled cells, notes, row heights, merged ranges, a hyperlink, a date) are
saved both ways and read back with openpyxl and python-calamine.
"""

from __future__ import annotations

import datetime
import math

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font

from matrix.excel.results import save, sheet_data
from matrix.excel.styles import add_styles, put_formula, put_number, put_text

STYLES = [None, "pm input", "pm cell", "pm header", "pm body"]
FORMATS = [None, "0.000", "0.0%"]

text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x0b\x0c").filter(
        lambda c: c in "\t\n\r" or ord(c) >= 32
    ),
    max_size=12,
)
numbers = st.one_of(
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=64).filter(lambda x: abs(x) < 1e300),
)
cell = st.tuples(
    st.integers(1, 30),  # row
    st.integers(1, 40),  # column
    st.sampled_from(["number", "text", "formula", "empty", "bool"]),
    numbers,
    text,
    st.sampled_from(STYLES),
    st.sampled_from(FORMATS),
    st.booleans(),  # with a stored result (formulas) or a note (others)
)


def _write(cells):
    wb = Workbook()
    add_styles(wb)
    ws = wb.active
    ws.title = "Sheet & <1>"
    expected = {}
    for row, column, kind, number, words, style, fmt, flag in cells:
        if kind == "number":
            c = put_number(ws, row, column, number, style, fmt)
        elif kind == "text":
            c = put_text(ws, row, column, words, style)
        elif kind == "formula":
            c = put_formula(ws, row, column, f'=IF(A1<2,"{words[:3]}&",{number!r})', style, fmt)
            if flag:
                expected[(ws.title, c.coordinate)] = number if column % 2 else words
            continue
        elif kind == "bool":
            c = ws.cell(row, column, value=number > 0)
        else:
            c = put_number(ws, row, column, None, style or "pm input", fmt)
        if flag:
            c.comment = Comment(f"note {words}", "analyst")
    ws.row_dimensions[3].height = 40
    ws.row_dimensions[31].height = 20  # a row with no cells
    ws.merge_cells("AP1:AR2")
    ws.cell(32, 1, value=datetime.datetime(2026, 12, 2, 7, 30))
    ws.cell(33, 1, value="link").hyperlink = "https://example.org/?a=1&b=2"
    ws.cell(33, 2, value=2.5).font = Font(bold=True)  # a cell openpyxl styled, unshared
    return wb, expected


def _read(path, data_only=False):
    ws = openpyxl.load_workbook(path, data_only=data_only).worksheets[0]
    out = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is None and not c.has_style and c.comment is None:
                continue
            out[c.coordinate] = (
                c.value,
                c.data_type,
                c.number_format,
                c.font.b,
                c.font.color.rgb if c.font.color is not None else None,
                c.fill.fgColor.rgb,
                getattr(c.border.left, "style", None),
                c.protection.locked,
                (c.comment.text, c.comment.author) if c.comment else None,
                c.hyperlink.target if c.hyperlink else None,
            )
    heights = {r: d.height for r, d in ws.row_dimensions.items() if d.height}
    return out, heights, sorted(str(r) for r in ws.merged_cells.ranges)


def _same(ours, theirs):
    assert ours[1:] == theirs[1:]
    assert ours[0].keys() == theirs[0].keys()
    for ref, got in ours[0].items():
        want = theirs[0][ref]
        assert got[1:] == want[1:], ref
        if isinstance(want[0], float) and isinstance(got[0], float):
            # openpyxl writes %.16g and can drop the 17th digit; ours keeps it
            assert math.isclose(got[0], want[0], rel_tol=1e-15), ref
        else:
            assert got[0] == want[0], ref


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(cell, max_size=60))
def test_cells_read_back_as_openpyxl_writes_them(tmp_path, cells):
    wb, expected = _write(cells)
    ours, theirs = tmp_path / "ours.xlsx", tmp_path / "theirs.xlsx"
    wb.save(theirs)
    wb, expected = _write(cells)  # afresh: openpyxl's save changes nothing we compare, but be sure
    save(wb, ours, expected)
    _same(_read(ours), _read(theirs))


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(numbers, min_size=1, max_size=30))
def test_every_number_reads_back_to_the_same_double(tmp_path, values):
    wb = Workbook()
    for i, value in enumerate(values, 1):
        put_number(wb.active, i, 1, value)
    save(wb, tmp_path / "n.xlsx", {})
    back = [row[0] for row in openpyxl.load_workbook(tmp_path / "n.xlsx").active.values]
    assert back == values  # every digit: openpyxl's own writer keeps only 16


def test_stored_results_are_what_a_reader_without_calculation_sees(tmp_path):
    calamine = pytest.importorskip("python_calamine")
    wb = Workbook()
    ws = wb.active
    put_formula(ws, 1, 1, "=1+1")
    put_formula(ws, 1, 2, '="a"&"<b>"')
    put_formula(ws, 1, 3, "=1>0")
    put_formula(ws, 1, 4, "=1/3")
    put_formula(ws, 1, 5, "=NA()")  # no stored result: left for the spreadsheet
    expected = {("Sheet", "A1"): 2, ("Sheet", "B1"): "a<b>", ("Sheet", "C1"): True,
                ("Sheet", "D1"): 1 / 3}  # fmt: skip
    save(wb, tmp_path / "r.xlsx", expected)
    assert [c.value for c in next(openpyxl.load_workbook(tmp_path / "r.xlsx", data_only=True)
                                  .active.iter_rows())] == [2, "a<b>", True, 1 / 3, None]  # fmt: skip
    with open(tmp_path / "r.xlsx", "rb") as handle:
        rows = calamine.CalamineWorkbook.from_filelike(handle).get_sheet_by_index(0).to_python()
    assert rows[0][:4] == [2, "a<b>", True, 1 / 3]


def test_sheet_data_is_written_in_row_order_with_rows_that_have_only_a_height():
    wb = Workbook()
    ws = wb.active
    put_number(ws, 5, 2, 1.5)
    put_text(ws, 2, 3, " padded ")
    ws.row_dimensions[9].height = 30
    xml = b"".join(sheet_data(ws)).decode()
    assert xml == (
        '<sheetData><row r="2"><c r="C2" t="inlineStr"><is><t xml:space="preserve"> padded </t>'
        '</is></c></row><row r="5"><c r="B5"><v>1.5</v></c></row>'
        '<row r="9" ht="30" customHeight="1"></row></sheetData>'
    )
