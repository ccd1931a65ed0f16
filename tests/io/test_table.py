"""Plain tables (matrix.io.table): what is refused, and the semicolon CSV of European
spreadsheets (issue 13, items 15, 16 and 17)."""

from __future__ import annotations

import openpyxl
import pytest

from matrix.errors import CaseFileError
from matrix.io.table import read_table

DIRS = {"cost": "min", "riders": "max"}


def table(tmp_path, text, name="t.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "text, message",
    [
        ("Option,Cost,Riders\nbus,1,2\nbus,2,3\n", "t.csv row 3, column 1: option 'bus' appears twice (also 'bus' in row 2, column 1)"),
        ("Option,Cost,Riders\nBus,1,2\n bus ,2,3\n", "row 3, column 1: option 'bus' appears twice (also 'Bus'"),
        ("Option,Cost,Riders\n1,1,2\n1.0,2,3\n", "row 3, column 1: option '1.0' appears twice (also '1'"),
        ("Option,Cost,Cost\nbus,1,2\ntram,2,3\n", "t.csv row 1, column 3: column 'Cost' appears twice (also 'Cost' in row 1, column 2)"),
        ("Option,Cost,cost\nbus,1,2\ntram,2,3\n", "row 1, column 3: column 'cost' appears twice"),
        ("Option,Cost,Riders,\nbus,1,2,\ntram,2,3,9\n", "t.csv row 3, column 4: '9' is in a column with no name in row 1"),
        ("Option,Cost\nbus,1,2\ntram,2\n", "t.csv row 2, column 3: '2' is in a column with no name"),
    ],
)  # fmt: skip
def test_repeated_names_and_unnamed_data_are_refused_like_a_case_folder(tmp_path, text, message):
    with pytest.raises(CaseFileError) as caught:
        read_table(table(tmp_path, text), directions={"Cost": "min", "Riders": "max"})
    assert message in str(caught.value)


def test_an_empty_trailing_column_is_still_fine(tmp_path):
    model = read_table(
        table(tmp_path, "Option,Cost,\nbus,1,\ntram,2,\n"), directions={"cost": "min"}
    )
    assert model.criterion_ids == ["cost"]


def test_repeated_option_numbers_in_a_workbook_are_refused(tmp_path):
    book = openpyxl.Workbook()
    for row in (["Option", "Cost"], [1, 3], [1.0, 4]):
        book.active.append(row)
    book.save(tmp_path / "t.xlsx")
    with pytest.raises(CaseFileError, match=r"row 3, column 1: option '1' appears twice"):
        read_table(tmp_path / "t.xlsx", directions={"cost": "min"})


@pytest.mark.parametrize(
    "cell, hint",
    [("0_7", "write it without underscores"), ("\uff17", "write it with the digits 0-9"),
     ("1,5", "use a decimal point, not a comma")],
)  # fmt: skip
def test_numbers_python_would_read_are_refused_with_a_hint(tmp_path, cell, hint):
    path = table(tmp_path, f'Option,Cost\nbus,"{cell}"\ntram,2\n')
    with pytest.raises(CaseFileError) as caught:
        read_table(path, directions={"cost": "min"})
    assert f"t.csv row 2, column 'Cost': expected a number, got {cell!r}; {hint}" in str(
        caught.value
    )


def test_a_weight_on_the_command_line_is_read_strictly(tmp_path):
    path = table(tmp_path, "Option,Cost\nbus,1\ntram,2\n")
    with pytest.raises(CaseFileError, match="weight of 'Cost': expected a number, got '1_0'"):
        read_table(path, directions={"cost": "min"}, weights={"cost": "1_0"})


def test_a_semicolon_separated_table_is_read(tmp_path):
    comma = read_table(
        table(tmp_path, "Option,Cost,Riders\nbus,1.5,2\ntram,2,3\n"), directions=DIRS
    )
    semi = read_table(
        table(tmp_path, "Option;Cost;Riders\nbus;1.5;2\ntram;2;3\n", "s.csv"), directions=DIRS
    )
    assert semi.scores.equals(comma.scores)
    assert semi.option_ids == ["bus", "tram"]


def test_a_semicolon_table_with_decimal_commas_says_what_to_do(tmp_path):
    path = table(tmp_path, "Option;Cost;Riders\nbus;1,5;2\ntram;2;3\n")
    with pytest.raises(
        CaseFileError,
        match=r"row 2, column 'Cost': expected a number, got '1,5'; use a decimal point",
    ):
        read_table(path, directions=DIRS)


def test_a_tab_separated_table_is_read(tmp_path):
    model = read_table(
        table(tmp_path, "Option\tCost\nbus\t1\ntram\t2\n"), directions={"cost": "min"}
    )
    assert model.values.ravel().tolist() == [1.0, 2.0]


def test_a_comma_table_whose_names_hold_semicolons_is_read_with_commas(tmp_path):
    model = read_table(table(tmp_path, "Option,Cost; EUR,Riders\nbus,1,2\ntram,2,3\n"),
                       directions={"Cost; EUR": "min", "Riders": "max"})  # fmt: skip
    assert [c.label for c in model.criteria] == ["Cost; EUR", "Riders"]
