"""Red lines in a case folder: criteria.csv's columns, perspective_red_lines.csv, and
every way they can be wrong (one line naming file, row and column)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest
from engines import gnumeric, libreoffice, needs_gnumeric, needs_libreoffice
from helpers import TINY_CRITERIA, add_perspectives, make_case, write_csv

import matrix
from matrix.errors import CaseFileError, ValidationError
from matrix.io.writer import case_files, write_case


def _criteria(**lines):
    """The tiny case's criteria with red-line columns; ``cost="90"`` draws one on cost."""
    return [
        dict(c, red_line=lines.get(c["id"], ""), red_line_evidence="analyst judgement"
             if c["id"] in lines else "")
        for c in TINY_CRITERIA
    ]  # fmt: skip


def _case(folder: Path, **lines) -> Path:
    make_case(folder)
    write_csv(folder / "criteria.csv", _criteria(**lines))
    return folder


def test_reads_red_lines_and_their_evidence(tmp_path: Path):
    model = matrix.load_case(_case(tmp_path / "c", cost="75"))
    cost = model.criterion("cost")
    assert cost.red_line == 75.0 and cost.red_line_evidence == "analyst judgement"
    assert model.criterion("riders").red_line is None  # blank means none
    assert model.has_red_lines
    # the tram costs 80 on a 'min' criterion: above 75, so it crosses
    result = matrix.evaluate(model)
    assert result.crossings.loc["tram"].tolist() == [True, False]
    assert result.order[-1] == "tram"


def test_a_case_without_the_columns_has_no_red_lines(tiny_case: Path):
    model = matrix.load_case(tiny_case)
    assert not model.has_red_lines
    assert model.red_lines.isna().all()
    assert "red_line" not in case_files(model)["criteria.csv"].splitlines()[0]


BAD = {
    "red line off the scale": (
        {"cost": "120"},
        r"red_line 120 is outside the scale 0 to 100 of criterion 'cost' "
        r"\(.*criteria.csv row 2, column 'red_line'\)",
    ),
    "red line not a number": (
        {"cost": "high"},
        r"criteria.csv row 2, column 'red_line': expected a number, got 'high'",
    ),
    "red line infinite": (
        {"riders": "inf"},
        r"criteria.csv row 3, column 'red_line': expected a finite number, got 'inf'",
    ),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_red_lines_name_file_row_and_column(tmp_path: Path, name: str):
    lines, message = BAD[name]
    folder = _case(tmp_path / "c", **lines)
    with pytest.raises((CaseFileError, ValidationError), match=message) as info:
        matrix.load_case(folder)
    assert "\n" not in str(info.value)


def _perspective_case(tmp_path: Path, rows) -> Path:
    folder = add_perspectives(_case(tmp_path / "p", cost="75"))
    write_csv(folder / "perspective_red_lines.csv", rows, ["perspective", "criterion", "red_line"])
    return folder


#: thrift draws its own line on cost; growth drops the case's line there.
OWN_LINES = [
    {"perspective": "thrift", "criterion": "cost", "red_line": "5"},
    {"perspective": "growth", "criterion": "cost", "red_line": ""},
]


def _perspective_workbook(tmp_path: Path, rows=OWN_LINES) -> tuple[matrix.DecisionModel, Path]:
    """The case with the perspectives' red lines ``rows``, and its workbook."""
    model = matrix.load_case(_perspective_case(tmp_path, rows))
    return model, matrix.write_workbook(model, tmp_path / "p.xlsx")


def test_a_perspective_draws_its_own_red_lines(tmp_path: Path):
    rows = [
        {"perspective": "thrift", "criterion": "cost", "red_line": "5"},
        {"perspective": "growth", "criterion": "cost", "red_line": ""},
        {"perspective": "growth", "criterion": "riders", "red_line": "3"},
    ]
    model = matrix.load_case(_perspective_case(tmp_path, rows))
    assert dict(model.perspective("thrift").red_lines) == {"cost": 5.0}
    thrift = model.under("thrift")
    assert thrift.red_lines.tolist()[0] == 5.0
    # the Treasury accepts only what costs at most 5: the bus (10) and the tram cross
    assert matrix.evaluate(thrift).acceptable.to_dict() == {
        "bus": False, "tram": False, "nothing": True,
    }  # fmt: skip
    growth = model.under("growth")  # removes the case's line on cost, draws one on riders
    assert growth.criterion("cost").red_line is None
    assert matrix.evaluate(growth).acceptable.to_dict() == {
        "bus": True, "tram": True, "nothing": False,
    }  # fmt: skip
    assert model.under("planner").criterion("cost").red_line == 75.0  # the case's own
    # written back out and read again, unchanged
    (tmp_path / "out").mkdir()
    out = write_case(model, tmp_path / "out" / "p")
    assert (out / "perspective_red_lines.csv").is_file()
    assert matrix.load_case(out).equals(model)


BAD_PERSPECTIVE = {
    "unknown criterion": (
        {"perspective": "thrift", "criterion": "speed", "red_line": "5"},
        r"perspective_red_lines.csv row 2, column 'criterion': unknown criterion 'speed'",
    ),
    "unknown perspective": (
        {"perspective": "mayor", "criterion": "cost", "red_line": "5"},
        r"perspective_red_lines.csv row 2, column 'perspective': unknown perspective 'mayor'",
    ),
    "off the scale": (
        {"perspective": "thrift", "criterion": "cost", "red_line": "-5"},
        r"red_line -5 is outside the scale 0 to 100 of criterion 'cost' "
        r"\(.*perspective_red_lines.csv row 2, column 'red_line'\)",
    ),
    "not a number": (
        {"perspective": "thrift", "criterion": "cost", "red_line": "5,5"},
        r"perspective_red_lines.csv row 2, column 'red_line': expected a number, got '5,5'",
    ),
}


@pytest.mark.parametrize("name", list(BAD_PERSPECTIVE))
def test_bad_perspective_red_lines(tmp_path: Path, name: str):
    row, message = BAD_PERSPECTIVE[name]
    with pytest.raises((CaseFileError, ValidationError), match=message):
        matrix.load_case(_perspective_case(tmp_path, [row]))


def test_export_writes_the_columns_and_reads_back(tmp_path: Path):
    model = matrix.load_case(_case(tmp_path / "c", cost="75"))
    header = case_files(model)["criteria.csv"].splitlines()[0].split(",")
    assert header[-2:] == ["red_line", "red_line_evidence"]
    (tmp_path / "out").mkdir()
    assert matrix.load_case(write_case(model, tmp_path / "out" / "c")).equals(model)


def test_from_frame_red_lines():
    frame = pd.DataFrame({"war_risk": [9.0, 3.0], "gain": [5.0, 4.0]}, index=["a", "b"])
    kwargs = {"directions": ["min", "max"], "weights": [1, 1], "scales": {"war_risk": (0, 10)}}
    model = matrix.from_frame(frame, red_lines={"war_risk": 8}, **kwargs)
    assert model.red_lines.tolist()[0] == 8.0
    with pytest.raises(ValidationError, match="red_lines names unknown criterion 'war'"):
        matrix.from_frame(frame, red_lines={"war": 8}, **kwargs)
    with pytest.raises(ValidationError, match=r"red_line 11 is outside the scale 0 to 10"):
        matrix.from_frame(frame, red_lines={"war_risk": 11}, **kwargs)
    with pytest.raises(ValidationError, match=r"red_line must be a number; got 'x'"):
        matrix.from_frame(frame, red_lines={"gain": "x"}, **kwargs)


def test_a_changed_red_line_is_a_new_model():
    frame = pd.DataFrame({"war_risk": [9.0, 3.0]}, index=["a", "b"])
    model = matrix.from_frame(frame, directions=["min"], weights=[1], red_lines={"war_risk": 8})
    other = model.replace(criteria=[dataclasses.replace(model.criteria[0], red_line=9.5)])
    assert model.criterion("war_risk").red_line == 8.0
    assert not model.equals(other)


def test_a_perspectives_red_lines_survive_the_workbook(tmp_path: Path):
    model, path = _perspective_workbook(tmp_path)
    again = matrix.load_case(path)
    assert again.equals(model)
    assert dict(again.perspective("growth").red_lines) == {"cost": None}


def _red_line_cells(wb):
    """The Weights sheet's table of the perspectives' own red lines: {(perspective id,
    criterion id): cell}."""
    from matrix.io.layout import PERSPECTIVE_RED_LINES_TITLE

    ws = wb["Weights"]
    head = next(
        r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == PERSPECTIVE_RED_LINES_TITLE
    )
    crits = {
        ws.cell(head + 2, c).value: c
        for c in range(3, ws.max_column + 1)
        if ws.cell(head + 2, c).value
    }
    rows = {ws.cell(r, 1).value: r for r in range(head + 4, ws.max_row + 1) if ws.cell(r, 1).value}
    return {(p, c): ws.cell(r, col) for p, r in rows.items() for c, col in crits.items()}


def _drop_the_table(wb):
    """Take the table off the Weights sheet, as a workbook written before it was."""
    from matrix.io.layout import PERSPECTIVE_RED_LINES_TITLE

    ws = wb["Weights"]
    head = next(
        r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == PERSPECTIVE_RED_LINES_TITLE
    )
    for merged in [m for m in ws.merged_cells.ranges if m.min_row >= head]:
        ws.unmerge_cells(str(merged))
    ws.delete_rows(head, ws.max_row - head + 1)


def test_a_perspectives_red_lines_are_cells_of_the_weights_sheet_edited_and_read_back(
    tmp_path: Path,
):
    import openpyxl

    _, path = _perspective_workbook(tmp_path)
    wb = openpyxl.load_workbook(path)
    cells = _red_line_cells(wb)
    assert cells[("thrift", "cost")].value == 5  # its own line
    assert cells[("growth", "cost")].value == "none"  # drops the case's line
    assert cells[("planner", "cost")].value is None  # the case's line
    cells[("thrift", "cost")].value = 6
    cells[("growth", "cost")].value = None  # back to the case's
    cells[("planner", "riders")].value = "NONE"  # any case
    cells[("planner", "cost")].value = 80
    wb.save(path)
    edited = matrix.load_case(path)
    assert dict(edited.perspective("thrift").red_lines) == {"cost": 6.0}
    assert dict(edited.perspective("growth").red_lines) == {}
    assert dict(edited.perspective("planner").red_lines) == {"cost": 80.0, "riders": None}
    assert edited.under("growth").criterion("cost").red_line == 75.0  # the case's again


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("thrift", "cost", "cheap"),
            r"sheet Weights, cell C\d+: the red line of 'thrift' on 'cost' "
            r"must be a number; got 'cheap'",
        ),
        (("thrift", None, "ghost"), r"sheet Weights, cell A\d+: perspective 'ghost' is not among"),
    ],
)
def test_a_bad_red_line_cell_is_named(tmp_path: Path, change, message):
    import openpyxl

    from matrix.errors import WorkbookError

    _, path = _perspective_workbook(tmp_path, OWN_LINES[:1])
    wb = openpyxl.load_workbook(path)
    perspective, criterion, value = change
    cell = _red_line_cells(wb)[(perspective, criterion or "cost")]
    if criterion is None:  # the id cell of the row
        cell = wb["Weights"].cell(cell.row, 1)
    cell.value = value
    wb.save(path)
    with pytest.raises(WorkbookError, match=message):
        matrix.load_case(path)


def test_a_format_2_workbook_without_the_table_reads_the_property(tmp_path: Path):
    import openpyxl
    from openpyxl.packaging.custom import StringProperty

    from matrix.io.layout import FORMAT_PROPERTY

    _, path = _perspective_workbook(tmp_path, OWN_LINES[:1])
    wb = openpyxl.load_workbook(path)
    _drop_the_table(wb)  # as policy-matrix wrote it before the table: format 2
    props = [p for p in wb.custom_doc_props if p.name != FORMAT_PROPERTY]
    wb.custom_doc_props.props = [*props, StringProperty(name=FORMAT_PROPERTY, value="2")]
    wb.save(path)
    assert dict(matrix.load_case(path).perspective("thrift").red_lines) == {"cost": 5.0}


def test_a_damaged_red_lines_property_is_named(tmp_path: Path):
    import openpyxl
    from openpyxl.packaging.custom import StringProperty

    from matrix.errors import WorkbookError

    _, path = _perspective_workbook(tmp_path, OWN_LINES[:1])
    wb = openpyxl.load_workbook(path)
    _drop_the_table(wb)  # a workbook written before the Weights sheet's table reads the property
    props = [p for p in wb.custom_doc_props if p.name != "policy-matrix perspective red lines"]
    wb.custom_doc_props.props = [
        *props,
        StringProperty(name="policy-matrix perspective red lines", value="[1, 2]"),
    ]
    wb.save(path)
    with pytest.raises(WorkbookError, match="'policy-matrix perspective red lines' is damaged"):
        matrix.load_case(path)


def test_weights_names_a_perspectives_own_red_lines(tmp_path: Path):
    from helpers import run_cli

    rows = [
        {"perspective": "thrift", "criterion": "cost", "red_line": "5"},
        {"perspective": "growth", "criterion": "cost", "red_line": ""},
    ]
    folder = _perspective_case(tmp_path, rows)
    code, out, err = run_cli("weights", str(folder))
    assert code == 0, err
    assert "  Treasury draws its own: Cost (EUR m) no higher than 5." in out
    assert "  Growth lobby draws its own: Cost (EUR m) none." in out
    code, out, _ = run_cli("weights", str(folder), "--perspective", "thrift")
    said = " ".join(out.split())
    assert "Cost (EUR m) no higher than 5" in said
    assert "crosses: Cost (EUR m) 80 (red line 5)" in said


@pytest.mark.engine
@needs_libreoffice
def test_a_perspectives_red_lines_edited_and_saved_by_libreoffice_come_back(tmp_path: Path):
    """The table's cells survive a spreadsheet's save: edited with openpyxl (a number, a
    'none'), saved by LibreOffice, read back as what they are."""
    import openpyxl

    _, path = _perspective_workbook(tmp_path, OWN_LINES[:1])
    wb = openpyxl.load_workbook(path)
    cells = _red_line_cells(wb)
    cells[("thrift", "cost")].value = 7
    cells[("growth", "riders")].value = "none"
    wb.save(path)
    saved = libreoffice(path, tmp_path / "lo")
    back = matrix.load_case(saved)
    assert dict(back.perspective("thrift").red_lines) == {"cost": 7.0}
    assert dict(back.perspective("growth").red_lines) == {"riders": None}


@pytest.mark.engine
@pytest.mark.parametrize(
    "recalc",
    [pytest.param(libreoffice, marks=needs_libreoffice, id="libreoffice"),
     pytest.param(gnumeric, marks=needs_gnumeric, id="gnumeric")],
)  # fmt: skip
def test_the_weights_sheet_ranks_follow_each_perspectives_red_lines_live(tmp_path: Path, recalc):
    """Recalculated by a spreadsheet, the Weights sheet's counts of red lines crossed and its
    ranks under each perspective equal Python's (thrift's own line on cost, growth's 'none'
    there, the others the case's), and so does every other formula; then a red line typed
    into the table moves the ranks as the library says it should."""
    import openpyxl
    from excel.test_live import compare

    model, path = _perspective_workbook(tmp_path)
    book = matrix.excel.build_book(model)
    assert compare(recalc(path, tmp_path / "first"), book.expected) == []
    # the planner draws a line on riders that the bus crosses: it drops to last for them
    wb = openpyxl.load_workbook(path)
    cells = _red_line_cells(wb)
    cells[("planner", "riders")].value = 1000
    cells[("growth", "riders")].value = "none"  # on a 'max' criterion: a line that is text
    wb.save(path)
    edited = matrix.load_case(path)
    assert compare(recalc(path, tmp_path / "edited"),
                   matrix.excel.build_book(edited).expected) == []  # fmt: skip
