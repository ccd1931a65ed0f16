"""Every formula cell stores its result: what a reader that does not calculate sees.

openpyxl writes formulas without results; :meth:`matrix.excel.book.Book.save`
stores the value Python computes for each formula cell (``Book.expected``).
Here readers that never calculate (pandas, python-calamine, openpyxl with
``data_only``) must find the ranking, and LibreOffice with its default settings
(which shows stored results without recalculating) must still update every
dependent cell when an input is edited. That the stored results equal a full
recalculation by LibreOffice and Gnumeric is checked in ``test_live.py``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from engines import SOFFICE, libreoffice, needs_libreoffice
from excel.test_live import compare, edit, random_case

import matrix
from matrix.excel import build_book, write_workbook
from matrix.excel.layout import SCORES, Layout
from matrix.excel.results import cached_value
from matrix.excel.summary import RANKING_NOTE

CASES = {
    "bundled": lambda: (matrix.load_case(), None),
    "bundled-large-layout": lambda: (matrix.load_case(), False),
    "bundled-no-perspectives": lambda: (
        matrix.load_case().replace(perspectives=(), scenarios=()),
        None,
    ),
    "random": lambda: (random_case(), None),
    "large": lambda: (random_case(7, n=60, m=9, flat=True), False),
}


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, tuple[Path, matrix.DecisionModel]]:
    """Each case's workbook, written as the command writes it."""
    folder = tmp_path_factory.mktemp("results")
    out = {}
    for name, make in CASES.items():
        model, detail = make()
        out[name] = (write_workbook(model, folder / f"{name}.xlsx", detail=detail), model)
    return out


def formula_cells(path: Path) -> list[tuple[str, str]]:
    wb = openpyxl.load_workbook(path)
    return [(ws.title, c.coordinate) for ws in wb.worksheets for row in ws.iter_rows()
            for c in row if c.data_type == "f"]  # fmt: skip


@pytest.mark.parametrize("name", list(CASES))
def test_every_formula_cell_stores_its_result(written, name):
    path, model = written[name]
    cells = formula_cells(path)
    stored = openpyxl.load_workbook(path, data_only=True)
    _, detail = CASES[name]()
    expected = build_book(model, detail=detail).expected
    # an empty text result (no red line crossed) is stored as empty text, which openpyxl
    # reads as None: only those may read as None
    missing = [f"{sheet}!{coord}" for sheet, coord in cells
               if stored[sheet][coord].value is None and expected[(sheet, coord)] != ""]  # fmt: skip
    assert len(cells) > 100
    assert missing == []
    assert set(cells) == set(expected)
    assert compare(path, expected) == []  # the stored results are Python's, to 1e-9


def summary_ranking(frame: pd.DataFrame, n: int) -> pd.DataFrame:
    """The ranking table under the Summary sheet's 'Rank' header, as a reader finds it."""
    head = frame.index[frame.iloc[:, 0].astype(str) == "Rank"][0]
    table = frame.iloc[head + 1 : head + 1 + n, :3]
    table.columns = ["rank", "option", "score"]
    return table.reset_index(drop=True)


def python_ranking(model: matrix.DecisionModel) -> pd.DataFrame:
    result = matrix.evaluate(model)
    order = result.ranks.sort_values(kind="stable").index
    return pd.DataFrame({"rank": result.ranks[order].to_numpy(),
                         "option": [model.option(o).label for o in order],
                         "score": result.scores[order].to_numpy()})  # fmt: skip


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
@pytest.mark.parametrize("name", ["bundled", "random", "large"])
def test_readers_that_do_not_calculate_find_the_ranking(written, name, engine):
    if engine == "calamine":
        pytest.importorskip("python_calamine")
    path, model = written[name]
    n = model.shape[0]
    want = python_ranking(model)
    sheets = pd.read_excel(path, sheet_name=None, header=None, engine=engine)
    got = summary_ranking(sheets["Summary"], min(n, len(want)))
    assert got["option"].tolist() == want["option"].tolist()
    assert got["rank"].astype(int).tolist() == want["rank"].tolist()
    assert got["score"].astype(float).to_numpy() == pytest.approx(
        want["score"], rel=1e-9, abs=1e-12
    )
    # the totals and ranks on the Calculation sheet, in case order
    lay = Layout(*model.shape, detail=CASES[name]()[1] is not False)
    calc = sheets["Calculation"]
    rows = [lay.calc_row(i) - 1 for i in range(n)]
    result = matrix.evaluate(model)
    totals = calc.iloc[rows, lay.total_col - 1].astype(float).to_numpy()
    ranks = calc.iloc[rows, lay.rank_col - 1].astype(int).tolist()
    assert totals == pytest.approx(result.scores[list(model.option_ids)].to_numpy(), abs=1e-12)
    assert ranks == result.ranks[list(model.option_ids)].tolist()


def test_the_ranking_note_is_a_stored_result_not_a_blank(written):
    path, _ = written["bundled"]
    frame = pd.read_excel(path, sheet_name="Summary", header=None, engine="openpyxl")
    assert frame.iloc[7, 1] == RANKING_NOTE


def test_stored_values_are_typed():
    assert cached_value("a < b") == (' t="str"', "a &lt; b")
    assert cached_value(False) == (' t="b"', "0")
    assert cached_value(0.1 + 0.2) == ("", "0.30000000000000004")  # every digit kept
    assert cached_value(float("inf")) is None and cached_value(None) is None
    # numpy's scalars, as pandas hands them out
    assert cached_value(np.int64(3)) == ("", "3")
    assert cached_value(np.float64(0.25)) == ("", "0.25")
    assert cached_value(np.bool_(True)) == (' t="b"', "1")
    assert cached_value(np.float64("nan")) is None


def test_a_cell_with_no_expected_value_is_left_to_the_spreadsheet(tmp_path):
    book = build_book(matrix.load_case())
    (sheet, coord), _ = next(iter(book.expected.items()))
    del book.expected[(sheet, coord)]
    book.save(tmp_path / "partial.xlsx")
    stored = openpyxl.load_workbook(tmp_path / "partial.xlsx", data_only=True)
    assert stored[sheet][coord].value is None
    assert openpyxl.load_workbook(tmp_path / "partial.xlsx")[sheet][coord].data_type == "f"


# LibreOffice with its default settings, as a user has it: it shows stored results
# without recalculating on load, and recalculates what an edit makes dirty. A Basic
# macro in a throw-away profile opens the file, edits inputs and saves a copy.
_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" \
script:language="StarBasic">
Sub Edit
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;Hidden&quot;
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(Environ(&quot;PM_IN&quot;)), &quot;_blank&quot;, \
0, args())
  edits = Split(Environ(&quot;PM_EDITS&quot;), &quot;;&quot;)
  For i = 0 To UBound(edits)
    parts = Split(edits(i), &quot;=&quot;)
    doc.Sheets.getByName(&quot;Scores&quot;).getCellRangeByName(parts(0)).setValue(CDbl(parts(1)))
  Next i
  Dim out(0) As New com.sun.star.beans.PropertyValue
  out(0).Name = &quot;FilterName&quot;
  out(0).Value = &quot;Calc MS Excel 2007 XML&quot;
  doc.storeToURL(ConvertToURL(Environ(&quot;PM_OUT&quot;)), out())
  doc.close(True)
End Sub
</script:module>
"""


@pytest.fixture(scope="module")
def default_profile(tmp_path_factory) -> list[str]:
    """The command that starts LibreOffice in a new profile with default settings, made as
    LibreOffice makes it, plus the editing macro in its Standard library."""
    assert SOFFICE is not None
    profile = tmp_path_factory.mktemp("lo-default")
    start = [SOFFICE, "--headless", "--norestore", "--nolockcheck",
             f"-env:UserInstallation=file://{profile}"]  # fmt: skip
    subprocess.run([*start, "--terminate_after_init"], capture_output=True, timeout=180,
                   check=False)  # fmt: skip
    (profile / "user" / "basic" / "Standard" / "Module1.xba").write_text(_MACRO)
    shutil.rmtree(profile / "user" / "pack", ignore_errors=True)  # its packed copy
    return start


def edit_in_default_libreoffice(
    start: list[str], path: Path, edits: dict[str, float], out: Path
) -> Path:
    """Open ``path`` in LibreOffice (``start``), set cells on Scores, save to ``out``."""
    env = dict(os.environ, PM_IN=str(path), PM_OUT=str(out),
               PM_EDITS=";".join(f"{ref}={float(value)!r}" for ref, value in edits.items()))  # fmt: skip
    subprocess.run([*start, "macro:///Standard.Module1.Edit"], env=env, capture_output=True,
                   timeout=180, check=False)  # fmt: skip
    if not out.is_file():
        raise RuntimeError("LibreOffice did not run the editing macro")
    return out


@needs_libreoffice
@pytest.mark.engine
@pytest.mark.parametrize("name", ["bundled", "large"])
def test_default_libreoffice_updates_dependents_of_an_edited_input(
    written, default_profile, name, tmp_path
):
    path, model = written[name]
    detail = CASES[name]()[1]
    lay = Layout(*model.shape, detail=detail is not False)
    weights, scores = edit(model)
    edits = {}
    for j, crit in enumerate(model.criterion_ids):
        edits[f"{openpyxl.utils.get_column_letter(lay.crit_col(j))}{lay.weight_row}"] = weights[
            crit
        ]
    for (option, crit), value in scores.items():
        i, j = model.option_ids.index(option), model.criterion_ids.index(crit)
        edits[f"{openpyxl.utils.get_column_letter(lay.crit_col(j))}{lay.score_row(i)}"] = value
    edited = model.with_weights(weights).with_scores(scores)
    result = edit_in_default_libreoffice(default_profile, path, edits, tmp_path / "edited.xlsx")
    expected = build_book(edited, detail=detail).expected
    if detail is False:  # Evidence keeps the rows it was written with (see test_live)
        expected = {key: value for key, value in expected.items() if key[0] != "Evidence"}
    for sheet in ("Sensitivity", "Uncertainty", "Scenarios"):
        expected.pop((sheet, "A3"), None)  # the stale-input warning: checked in test_live
    assert compare(result, expected) == []
    assert openpyxl.load_workbook(result, data_only=True)[SCORES].cell(
        lay.weight_row, lay.crit_col(0)).value == weights[model.criterion_ids[0]]  # fmt: skip


@needs_libreoffice
@pytest.mark.engine
def test_recalculating_engines_replace_a_stored_result(written, tmp_path):
    """The comparisons with LibreOffice in test_live could not fail if it showed stored
    results instead of recalculating: a tampered stored result must be replaced."""
    path, _ = written["bundled"]
    tampered = tmp_path / "tampered.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tampered, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":  # Summary: the leader
                data = data.replace(b"<v>Diplomatic surge</v>", b"<v>Tampered</v>", 1)
            dst.writestr(item, data)
    assert openpyxl.load_workbook(tampered, data_only=True)["Summary"]["B9"].value == "Tampered"
    recalculated = libreoffice(tampered, tmp_path / "out")
    assert openpyxl.load_workbook(recalculated, data_only=True)["Summary"]["B9"].value == (
        "Diplomatic surge"
    )
