"""A workbook read back takes numbers typed as text the way a spreadsheet does: the one
strict parser of matrix.numbers (issue 13, item 16)."""

from __future__ import annotations

import openpyxl
import pytest

import matrix
from matrix.excel.layout import Layout


@pytest.mark.parametrize(
    "typed, hint",
    [("0_7", "write it without underscores"), ("\uff17", "write it with the digits 0-9"),
     ("7,5", "use a decimal point, not a comma")],
)  # fmt: skip
def test_a_number_typed_as_text_is_read_strictly(tmp_path, typed, hint):
    model = matrix.load_case()
    path = matrix.write_workbook(model, tmp_path / "nk.xlsx")
    lay = Layout(*model.shape)
    wb = openpyxl.load_workbook(path)
    cell = wb["Scores"].cell(lay.score_row(0), lay.crit_col(0))
    cell.value = typed
    cell.data_type = "s"
    wb.save(path)
    with pytest.raises(matrix.MatrixError) as caught:
        matrix.load_case(path)
    message = str(caught.value)
    assert f"sheet Scores, cell {cell.coordinate}" in message
    assert f"must be a number; got {typed!r}; {hint}" in message


def test_a_plain_number_typed_as_text_is_still_read(tmp_path):
    model = matrix.load_case()
    path = matrix.write_workbook(model, tmp_path / "nk.xlsx")
    lay = Layout(*model.shape)
    wb = openpyxl.load_workbook(path)
    cell = wb["Scores"].cell(lay.score_row(0), lay.crit_col(0))
    cell.value = " 7 "
    cell.data_type = "s"
    wb.save(path)
    assert matrix.load_case(path).values[0, 0] == 7.0
