"""Workbooks that lie about their size, and round trips that must rewrite nothing (issue 13).

The refusals (a NaN stored as a number, a blank column between criteria, a newer format,
an encrypted workbook, a .xlsm, a far cell beside a bad weight, a row below an understated
range) are in the corpus (tests/corpus); these are the hostile files that must be *read*,
fully and quickly, and the limits that must hold before any row is built.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from helpers import add_perspectives, make_case, snapshot

import matrix
from matrix.excel.layout import Layout
from matrix.io.writer import write_case


def _understate_dimensions(path: Path) -> None:
    """Make every sheet claim to be one cell, as some writers do (it is only a hint)."""
    data = {}
    with zipfile.ZipFile(path) as src:
        for item in src.infolist():
            data[item] = src.read(item)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item, part in data.items():
            dst.writestr(item, re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', part))


@pytest.fixture
def tiny(tmp_path) -> matrix.DecisionModel:
    return matrix.load_case(add_perspectives(make_case(tmp_path / "tiny")))


def test_rows_below_an_understated_dimension_are_read(tmp_path, tiny):
    path = matrix.write_workbook(tiny, tmp_path / "t.xlsx")
    lay = Layout(*tiny.shape)
    wb = openpyxl.load_workbook(path)
    row = lay.score_row(tiny.shape[0])  # a new option typed under the last one
    for col, value in enumerate(["metro", "Metro", 90, 30], start=1):
        wb["Scores"].cell(row, col, value)
    wb.save(path)
    _understate_dimensions(path)
    back = matrix.load_case(path)
    assert back.option_ids == [*tiny.option_ids, "metro"]
    assert back.rationale.equals(tiny.rationale.reindex(back.option_ids).fillna(""))
    assert back.low.loc[tiny.option_ids].equals(tiny.low)  # Evidence's last rows kept


def test_a_plain_xlsx_table_is_read_below_its_dimension(tmp_path):
    path = tmp_path / "mine.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Option", "Cost"])
    for k in range(5):
        wb.active.append([f"option {k}", k + 1])
    wb.save(path)
    _understate_dimensions(path)
    from matrix.io.table import read_table

    model = read_table(path, directions={"Cost": "min"})
    assert len(model.options) == 5


def test_a_stray_cell_at_the_sheets_end_costs_nothing(tmp_path, tiny, monkeypatch):
    """Excel and LibreOffice record the used range to XFD1048576; reading visited every
    row (and openpyxl padded every row to 16,384 cells): minutes. Now the work is bounded
    by the cells present, counted here in cell look-ups."""
    import matrix.io.workbook as reader

    path = matrix.write_workbook(tiny, tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(path)
    for name in ("Scores", "Evidence", "Options", "Criteria", "Weights", "AHP"):
        wb[name]["XFD1048576"] = "stray"
    wb.save(path)
    looked_up = 0
    real = reader._Sheet.cell

    def counted(self, row, column):
        nonlocal looked_up
        looked_up += 1
        return real(self, row, column)

    monkeypatch.setattr(reader._Sheet, "cell", counted)
    assert matrix.load_case(path).equals(tiny)
    assert looked_up < 5_000


def test_a_wide_row_is_refused_before_it_is_built(tmp_path, tiny, monkeypatch):
    """One Evidence row of many cells peaked at 11 GB: the limit was checked after each
    row. Now the cells are counted as the sheet's XML streams in, before any row exists."""
    import openpyxl.worksheet._reader as parser

    import matrix.io.workbook as reader

    path = matrix.write_workbook(tiny, tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(path)
    for col in range(1, 3_001):
        wb["Evidence"].cell(50, col, col)
    wb.save(path)
    monkeypatch.setattr(reader, "MAX_CELLS", 2_000)
    real = parser.WorkSheetParser.parse

    def parse(self):
        for number, row in real(self):
            assert len(row) < 1_500, "a row past the limit was built"
            yield number, row

    monkeypatch.setattr(parser.WorkSheetParser, "parse", parse)
    with pytest.raises(matrix.WorkbookError, match=r"sheet Evidence: more than the 2,000 cells"):
        matrix.load_case(path)
    import matrix.io.sheets as sheets

    monkeypatch.setattr(reader, "MAX_CELLS", 1_000_000)  # within the sheet's limit, but no
    monkeypatch.setattr(sheets, "MAX_ROW_CELLS", 1_500)  # spreadsheet has a row this wide
    with pytest.raises(matrix.WorkbookError, match=r"sheet Evidence: a row of more than 1,500"):
        matrix.load_case(path)


def test_a_gnumeric_saved_workbook_is_read_without_warnings(tmp_path, tiny):
    if shutil.which("ssconvert") is None:
        pytest.skip("Gnumeric (ssconvert) is not installed")
    path = matrix.write_workbook(tiny, tmp_path / "t.xlsx")
    saved = tmp_path / "gnumeric.xlsx"
    subprocess.run(["ssconvert", str(path), str(saved)], check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-m", "matrix", str(saved), "--no-workbook"],
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # openpyxl's "no default style" warnings, twice, before


def _files(folder: Path) -> dict[str, bytes]:
    return {k: v for k, v in snapshot(folder).items()}


def test_a_round_trip_rewrites_nothing_the_user_did_not_touch(tmp_path, tiny):
    """Blank low/high (riders) and a blank random_index (the AHP perspective) stay blank
    through the workbook and export-case."""
    write_case(tiny, tmp_path / "first")
    first = _files(tmp_path / "first")
    assert ",4,,,," in first["scores.csv"].decode()  # bus on riders: no range
    book = matrix.write_workbook(tiny, tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(book)["Evidence"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "bus"
               and ws.cell(r, 3).value == "riders")  # fmt: skip
    assert ws.cell(row, 6).value is None and ws.cell(row, 7).value is None
    assert ws.cell(row + 1, 6).value is not None  # a range that is given stays given
    write_case(matrix.load_case(book), tmp_path / "second")
    assert _files(tmp_path / "second") == first


def test_editing_a_score_with_a_blank_range_is_accepted(tmp_path, tiny):
    book = matrix.write_workbook(tiny, tmp_path / "t.xlsx")
    lay = Layout(*tiny.shape)
    wb = openpyxl.load_workbook(book)
    j = tiny.criterion_ids.index("riders")
    wb["Scores"].cell(lay.score_row(0), lay.crit_col(j), 7)  # was 4, no range given
    wb.save(book)
    back = matrix.load_case(book)
    assert back.scores.loc["bus", "riders"] == 7
    assert back.low.loc["bus", "riders"] == back.high.loc["bus", "riders"] == 7
    assert pd.isna(back.given_low.loc["bus", "riders"])


def test_case_folders_load_without_a_pandas_lookup_per_cell(tmp_path, monkeypatch):
    """Loading was quadratic (a .loc per score): 100,000 options took 33 s."""
    from pandas.core.indexing import _LocIndexer

    def refuse(self, key, value):
        raise AssertionError("a .loc assignment while loading")

    monkeypatch.setattr(_LocIndexer, "__setitem__", refuse)
    assert matrix.load_case(make_case(tmp_path / "tiny")).shape == (3, 2)


def test_case_folder_limits_are_checked_before_the_scores_are_read(tmp_path, monkeypatch):
    import matrix.io.case as case

    folder = make_case(tmp_path / "tiny")
    (folder / "scores.csv").write_bytes(b"\xff not even text")  # never opened
    monkeypatch.setitem(case.LIMITS, "scores", 5)
    with pytest.raises(matrix.MatrixError, match=r"scores.csv: 3 options x 2 criteria make 6"):
        matrix.load_case(folder)
    monkeypatch.setitem(case.LIMITS, "criteria", 1)
    with pytest.raises(
        matrix.MatrixError, match=r"criteria.csv row 3: more than 1 data rows, the most"
    ):
        matrix.load_case(folder)
    monkeypatch.setitem(case.LIMITS, "file_bytes", 10)
    with pytest.raises(matrix.MatrixError, match=r"options.csv: 0 MiB; .* at most 0 MiB"):
        matrix.load_case(folder)
