"""The printed workbook: page setup on every sheet, charts whole on one page, and no sheet with
nothing to say (page counts checked against LibreOffice's own PDF when it is installed)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl
import pytest
from engines import SOFFICE, needs_libreoffice
from helpers import make_case, random_model

import matrix
from matrix.excel import build_workbook
from matrix.excel.printing import BODY_HEIGHT, BODY_WIDTH, page_rows
from matrix.excel.workbook import write_workbook
from matrix.io.workbook import read_workbook
from matrix.robustness import tornado

#: Sheets with one table whose header row repeats on every printed page.
WITH_HEADER = ("Summary", "Scores", "Evidence", "Options", "Criteria")


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    """The bundled case, a tiny case without perspectives or scenarios, and a random 30 x 8."""
    tiny = matrix.load_case(make_case(tmp_path_factory.mktemp("print") / "tiny"))
    models = {
        "bundled": matrix.load_case(),
        "tiny": tiny,
        "random": random_model(3, options=30, criteria=8),
    }
    return {name: (model, build_workbook(model)) for name, model in models.items()}


def _area(ws):
    area = ws.print_area[0] if isinstance(ws.print_area, list) else ws.print_area
    match = re.fullmatch(r"'?[^!]+'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", area)
    assert match, area
    first_col, first_row, last_col, last_row = match.groups()
    return (
        openpyxl.utils.column_index_from_string(first_col),
        int(first_row),
        openpyxl.utils.column_index_from_string(last_col),
        int(last_row),
    )


def _height(ws, row):
    dim = ws.row_dimensions.get(row)
    if dim is not None and dim.hidden:
        return 0.0  # hidden rows (the AHP sheet's iterations) print nothing
    return dim.height if dim is not None and dim.height else 15.0


def _width(ws, col):
    dim = ws.column_dimensions.get(openpyxl.utils.get_column_letter(col))
    chars = dim.width if dim is not None and dim.width else 8.43
    return (
        7 * chars * 0.75
    )  # ECMA-376 18.3.1.13: 7 pixels (Calibri's digit) a unit; 0.75 pt a pixel


def test_every_sheet_has_a_page_setup(books):
    for name, (model, wb) in books.items():
        for ws in wb.worksheets:
            where = f"{name}: {ws.title}"
            assert ws.page_setup.orientation == "landscape", where
            assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4, where
            assert ws.sheet_properties.pageSetUpPr.fitToPage, where
            assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), where
            first_col, first_row, _, last_row = _area(ws)
            assert (first_col, first_row) == (1, 1) and last_row >= 3, where
            assert ws.oddHeader.left.text == model.info.title.replace("&", "&&"), where
            assert ws.oddHeader.right.text == "&A", where  # the sheet's name
            assert ws.oddFooter.center.text == "Page &P of &N", where


def test_a_header_row_repeats_on_every_page(books):
    for name, (_, wb) in books.items():
        for title in WITH_HEADER:
            ws = wb[title]
            rows = ws.print_title_rows
            assert rows, f"{name}: {title}"
            first, last = (int(r) for r in rows.replace("$", "").split(":"))
            assert first == last
            styles = {c.style for c in ws[first] if c.value is not None}
            assert "pm header" in styles <= {"pm header", "pm label"}, f"{name}: {title}"


def test_the_case_title_in_a_header_keeps_its_ampersand(tmp_path):
    folder = make_case(tmp_path / "amp", toml='title = "Roads & rail"\nquestion = "Which?"\n')
    wb = build_workbook(matrix.load_case(folder))
    assert wb["Summary"].oddHeader.left.text == "Roads && rail"  # "&r" would be a code


def _chart_rows(ws, chart):
    """The first and last row a chart covers."""
    top = openpyxl.utils.cell.coordinate_to_tuple(chart.anchor)[0]
    bottom, room = top, _height(ws, top)
    while room < chart.height / 2.54 * 72:  # cm to points
        bottom += 1
        room += _height(ws, bottom)
    return top, bottom


def _pages(ws):
    """(first row, last row) of each printed page, from the sheet's row breaks."""
    _, first, _, last = _area(ws)
    drawn = max((_chart_rows(ws, chart)[1] for chart in ws._charts), default=0)
    while last > max(first, drawn) and all(c.value is None for c in ws[last]):
        last -= 1  # blank rows at the end print no page
    starts = sorted({first, *(brk.id + 1 for brk in ws.row_breaks.brk)})
    ends = [s - 1 for s in starts[1:]] + [last]
    return list(zip(starts, ends, strict=True))


def test_no_chart_straddles_a_page_break(books):
    charts = 0
    for name, (_, wb) in books.items():
        for ws in wb.worksheets:
            first_col, _, last_col, _ = _area(ws)
            width = sum(_width(ws, c) for c in range(first_col, last_col + 1))
            scale = min(1.0, BODY_WIDTH / width)
            pages = _pages(ws)
            for chart in ws._charts:
                top, bottom = _chart_rows(ws, chart)
                start, end = next(p for p in pages if p[0] <= top <= p[1])
                where = f"{name}: {ws.title} chart at row {top}"
                assert bottom <= end, f"{where} runs to row {bottom}, past the break at {end}"
                used = sum(_height(ws, r) for r in range(start, bottom + 1)) * scale
                assert used <= BODY_HEIGHT, f"{where}: its page is {used:.0f} pt tall"
                charts += 1
    assert charts >= 3 * 4  # every workbook has several charts


def test_each_page_fits_the_paper(books):
    for name, (_, wb) in books.items():
        for ws in wb.worksheets:
            for start, end in _pages(ws):
                rows = sum(_height(ws, r) for r in range(start, end + 1))
                tall = any(_height(ws, r) > page_rows(ws) for r in range(start, end + 1))
                assert rows <= page_rows(ws) or tall or start == end, (name, ws.title, start)


def test_the_methods_sheet_prints_at_three_quarters_size_or_more(books):
    ws = books["bundled"][1]["Methods"]
    first_col, _, last_col, _ = _area(ws)
    width = sum(_width(ws, c) for c in range(first_col, last_col + 1))
    assert BODY_WIDTH / width >= 0.7


def test_a_sheet_with_nothing_to_say_is_left_out(books):
    model, wb = books["tiny"]
    assert not model.scenarios and not model.perspectives
    assert not {"Scenarios", "Weights", "AHP"} & set(wb.sheetnames)
    assert len(model.criteria) == 2 and wb["Calculation"]._charts == []  # a radar of 2 is a line
    summary = " ".join(str(c.value) for row in wb["Summary"].iter_rows() for c in row if c.value)
    names = {"Scenarios", "Weights", "AHP", "Sensitivity", "Uncertainty", "TOPSIS", "Methods"}
    for sheet in names - set(wb.sheetnames):
        assert f"{sheet} sheet" not in summary


def test_a_workbook_without_a_scenarios_sheet_reads_back(tmp_path):
    model = matrix.load_case(make_case(tmp_path / "tiny"))
    path = write_workbook(model, tmp_path / "tiny.xlsx")
    back = read_workbook(path)
    assert back.scenarios == [] or not back.scenarios
    assert back.option_ids == model.option_ids
    assert (back.values == model.values).all()


def test_the_tornado_leaves_out_inputs_that_cannot_move_the_score(books):
    model, wb = books["tiny"]
    ws = wb["Sensitivity"]
    leader = matrix.evaluate(model).order[0]
    spread = tornado(model)
    rows = spread.scores[spread.scores["option"] == leader]
    still = rows[(rows["score_low"] - rows["base"]).abs().le(1e-12)
                 & (rows["score_high"] - rows["base"]).abs().le(1e-12)]  # fmt: skip
    assert len(still) >= 1  # the tiny case has a score without a range
    labels = {c.id: c.label for c in model.criteria}
    shown = []
    for chart in ws._charts:
        if "each score low to high" in chart.title.tx.rich.p[0].r[0].t:
            cat = chart.series[0].cat
            ref = (cat.strRef or cat.numRef).f  # e.g. 'Sensitivity'!$A$60:$A$61
            bounds = [int(x) for x in re.findall(r"\$(\d+)", ref)]
            first, last = min(bounds), max(bounds)
            shown = [ws.cell(r, 1).value for r in range(first, last + 1)]
    assert shown, "no score tornado"
    notes = [c.value for row in ws.iter_rows() for c in row if str(c.value).startswith("Not shown")]
    for criterion in still["criterion"]:
        assert not any(s.startswith(labels[criterion] + " (") for s in shown)
        assert any(labels[criterion] in note for note in notes)
    assert len(shown) == len(rows) - len(still)


def _pdf_pages(path: Path, out: Path) -> int:
    assert SOFFICE is not None
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [SOFFICE, "--headless", "--norestore", "--nolockcheck",
             f"-env:UserInstallation=file://{profile}",
             "--convert-to", "pdf", "--outdir", str(out), str(path)],
            capture_output=True, text=True, timeout=180, check=True,
        )  # fmt: skip
    data = (out / (path.stem + ".pdf")).read_bytes()
    return len(re.findall(rb"/Type\s*/Page[^s]", data))


@needs_libreoffice
def test_libreoffice_breaks_pages_where_the_workbook_says(books, tmp_path):
    """LibreOffice prints each sheet on exactly the pages the row breaks make: it adds no
    break of its own, so none can fall inside a chart."""
    for name in ("bundled", "tiny", "random"):
        model, wb = books[name]  # the same model writes the same layout
        path = write_workbook(model, tmp_path / f"{name}.xlsx")
        expected = sum(len(_pages(ws)) for ws in wb.worksheets)
        assert _pdf_pages(path, tmp_path) == expected, name
        if name == "bundled" and shutil.which("pdftotext"):  # each page says where it is
            sheets = [ws.title for ws in wb.worksheets for _ in _pages(ws)]
            for number, sheet in enumerate(sheets, start=1):
                text = subprocess.run(
                    ["pdftotext", "-f", str(number), "-l", str(number), "-layout",
                     str(tmp_path / "bundled.pdf"), "-"],
                    capture_output=True, text=True, check=True,
                ).stdout  # fmt: skip
                head = text.strip().splitlines()[0].split()
                assert " ".join(head[:-1]) == model.info.title and head[-1] == sheet
                assert f"Page {number} of {len(sheets)}" in text


def test_long_labels_wrap_in_rows_tall_enough_to_show_them(tmp_path):
    """Calibri fits at most about 1.25 characters of text a unit of column width, so a row
    must be at least that many lines tall (13 points a line) to show a label whole."""
    from helpers import TINY_CRITERIA, TINY_OPTIONS, TINY_SCORES

    options = [dict(o) for o in TINY_OPTIONS]
    options[0]["label"] = (
        "A dedicated bus lane on every arterial road of the city centre, by camera"
    )
    criteria = [dict(c) for c in TINY_CRITERIA]
    criteria[0]["label"] = (
        "Capital cost over the first ten years, in millions of euro (2024 prices)"
    )
    folder = make_case(tmp_path / "long", options=options, criteria=criteria, scores=TINY_SCORES)
    model = matrix.load_case(folder)
    wb = build_workbook(model)

    def at_least(ws, row, text, width):
        lines = -(-len(text) // int(1.25 * width))
        assert lines >= 2 and _height(ws, row) >= 13 * lines, (ws.title, row, text)

    summary = wb["Summary"]
    width = summary.column_dimensions["B"].width
    for row in (9, *range(11, 11 + len(options))):  # the leader, and every place in the table
        at_least(summary, row, options[0]["label"], width)
    scores = wb["Scores"]
    width = scores.column_dimensions["C"].width
    at_least(scores, 4, criteria[0]["label"], width)  # the criterion's header
    at_least(scores, 12, criteria[0]["label"], width)  # and over the scores
