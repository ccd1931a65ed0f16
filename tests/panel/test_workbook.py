"""The panel workbook: live group formulas recalculated by LibreOffice and Gnumeric against
Python, before and after an analyst's score is edited in the file; read back, the same panel."""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest
from engines import gnumeric, libreoffice, needs_gnumeric, needs_libreoffice

import matrix
from matrix.excel.formulas import functions_in
from matrix.excel.panel_sheet import PANEL_FUNCTIONS, build_panel_book, write_panel_workbook
from matrix.io.panel import load_panel, read_panel_workbook
from matrix.io.panel_layout import GROUP, JUDGEMENTS, PanelLayout
from matrix.panel import read_panel

TOLERANCE = 1e-9


def _panel(how_many: int = 3, seed: int = 4) -> matrix.Panel:
    """Analysts scattered around a random case with an unscaled criterion and one blank score."""
    from helpers import random_model

    rng = np.random.default_rng(seed)
    base = random_model(seed, options=5, criteria=4)
    models = {}
    for a in range(how_many):
        noise = rng.normal(0, 1.5, size=base.shape)
        noise[:, 1] *= 10  # the unscaled criterion
        scores = base.values + noise
        scores[:, [0, 2, 3]] = np.clip(scores[:, [0, 2, 3]], 0, 10)
        frame = pd.DataFrame(scores, index=base.option_ids, columns=base.criterion_ids)
        spread = np.abs(rng.normal(0, 1, size=base.shape))
        low = frame - spread
        high = frame + spread
        low.iloc[:, [0, 2, 3]] = low.iloc[:, [0, 2, 3]].clip(lower=0)
        high.iloc[:, [0, 2, 3]] = high.iloc[:, [0, 2, 3]].clip(upper=10)
        weights = base.weights * rng.uniform(0.5, 1.5, size=base.shape[1])
        models[f"analyst {a + 1}"] = base.replace(scores=frame, low=low, high=high).with_weights(
            weights
        )
    return matrix.Panel.from_models(models, missing={"analyst 2": [("o1", "c2")]})


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("panel")
    cases = {}
    for how in ("mean", "median"):
        panel = _panel()
        book = build_panel_book(panel, how=how)
        path = out / f"panel-{how}.xlsx"
        book.workbook.save(path)
        cases[how] = (panel, path, book.expected)
    # an analyst changes a score in the file: the group must follow
    panel, path, _ = cases["mean"]
    lay = PanelLayout(*panel.base.shape, len(panel.analysts))
    wb = openpyxl.load_workbook(path)
    wb[JUDGEMENTS].cell(lay.judgement_row(2, 0), lay.analyst_col(0, 1)).value = 0.25
    wb[JUDGEMENTS].cell(lay.judgement_row(2, 0), lay.analyst_col(0, 0)).value = 0.25  # and the low
    edited_path = out / "panel-edited.xlsx"
    wb.save(edited_path)
    changed = dict(panel.models)
    first = panel.analysts[0]
    changed[first] = changed[first].with_scores({("o2", "c0"): 0.25})
    edited = matrix.Panel.from_models(changed, missing={"analyst 2": [("o1", "c2")]})
    cases["edited"] = (edited, edited_path, build_panel_book(edited).expected)
    return cases


def _compare(path, expected) -> list[str]:
    wb = openpyxl.load_workbook(path, data_only=True)
    problems = []
    for (sheet, coord), want in expected.items():
        got = wb[sheet][coord].value
        if sheet == "Panel":
            continue  # the findings sheet's live cells are checked below
        if isinstance(want, str):
            ok = (got or "") == want
        else:
            ok = isinstance(got, int | float) and abs(got - want) <= TOLERANCE
        if not ok:
            problems.append(f"{sheet}!{coord}: expected {want!r}, got {got!r}")
    return problems


@pytest.mark.engine
@pytest.mark.parametrize(
    "engine",
    [
        pytest.param(libreoffice, marks=needs_libreoffice),
        pytest.param(gnumeric, marks=needs_gnumeric),
    ],
)
@pytest.mark.parametrize("name", ["mean", "median", "edited"])
def test_every_formula_cell_equals_python(written, engine, name, tmp_path):
    panel, path, expected = written[name]
    recalculated = engine(path, tmp_path)
    problems = _compare(recalculated, expected)
    assert not problems, "\n".join(problems[:20])
    # the live group ranks are the group's ranking by the library
    how = "median" if name == "median" else "mean"
    lay = PanelLayout(*panel.base.shape, len(panel.analysts))
    wb = openpyxl.load_workbook(recalculated, data_only=True)
    ranks = [
        wb[GROUP].cell(lay.option_row(i), lay.rank_col).value for i in range(panel.base.shape[0])
    ]
    assert ranks == matrix.evaluate(panel.aggregate(how=how)).ranks.tolist()
    assert wb["Panel"]["B6"].value == panel.base.option(panel.ranking(how=how).winner).label


def test_formulas_use_portable_functions_and_every_one_is_expected(written):
    _, path, expected = written["mean"]
    wb = openpyxl.load_workbook(path)
    cells = {
        (ws.title, c.coordinate): c.value
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    }
    assert set(cells) == set(expected)
    for text in cells.values():
        assert functions_in(text) <= PANEL_FUNCTIONS, text
    assert any(text.startswith("=AVERAGE(") for text in cells.values())
    _, median_path, _ = written["median"]
    wb = openpyxl.load_workbook(median_path)
    assert wb[JUDGEMENTS]["E4"].value  # the first analyst's name
    assert any(
        str(c.value).startswith("=MEDIAN(") for row in wb[JUDGEMENTS].iter_rows() for c in row
    )


def _same_panel(one: matrix.Panel, two: matrix.Panel) -> None:
    assert one.analysts == two.analysts
    np.testing.assert_array_equal(one.given, two.given)
    for part in ("values", "low", "high"):
        np.testing.assert_allclose(getattr(one, part), getattr(two, part), rtol=0, atol=1e-12)
    pd.testing.assert_frame_equal(one.weights, two.weights, rtol=0, atol=1e-12)
    assert one.base.option_ids == two.base.option_ids
    assert [c.label for c in one.base.criteria] == [c.label for c in two.base.criteria]
    pd.testing.assert_frame_equal(one.pivotal(), two.pivotal())


def test_reading_the_panel_workbook_back_gives_the_same_panel(written):
    panel, path, _ = written["mean"]
    models, sources, missing = read_panel_workbook(path)
    assert missing["analyst 2"] == [("o1", "c2")]
    _same_panel(panel, matrix.Panel.from_models(models, sources=sources, missing=missing))


def test_read_panel_gives_the_panel_and_its_rule_and_refuses_another_workbook(written, tmp_path):
    for how in ("mean", "median"):
        panel, path, _ = written[how]
        back, rule = read_panel(path)
        assert rule == how
        _same_panel(panel, back)
    case_book = matrix.write_workbook(matrix.load_case(), tmp_path / "case.xlsx")
    for wrong in (case_book, tmp_path / "absent.xlsx"):
        with pytest.raises(matrix.PanelError, match="not a panel workbook; make one with"):
            read_panel(wrong)


@needs_libreoffice
def test_round_trip_through_a_libreoffice_save(written, tmp_path):
    panel, path, _ = written["mean"]
    saved = libreoffice(path, tmp_path)
    models, sources, missing = load_panel([saved])
    _same_panel(panel, matrix.Panel.from_models(models, sources=sources, missing=missing))


def test_merge_writes_the_workbook_and_merges_it_again(tmp_path):
    from helpers import run_cli

    panel = _panel()
    first = write_panel_workbook(panel, tmp_path / "p.xlsx")
    code, stdout, stderr = run_cli("panel", "merge", str(first), "-o", str(tmp_path / "q.xlsx"),
                                   "--samples", "500")  # fmt: skip
    assert (code, stderr) == (0, ""), stderr
    assert "1 score not given by every analyst" in stdout
    models, sources, missing = read_panel_workbook(tmp_path / "q.xlsx")
    _same_panel(panel, matrix.Panel.from_models(models, sources=sources, missing=missing))


def test_the_written_panel_workbook_stores_every_result(tmp_path):
    """A reader that does not calculate (pandas, a mail preview) sees the group's numbers:
    the panel workbook is saved with Python's value as each formula cell's stored result."""
    panel = _panel()
    path = write_panel_workbook(panel, tmp_path / "panel.xlsx")
    expected = build_panel_book(panel).expected
    assert _compare(path, expected) == []
    stored = openpyxl.load_workbook(path, data_only=True)
    empty = [f"{sheet}!{coord}" for (sheet, coord), want in expected.items()
             if stored[sheet][coord].value is None and want != ""]  # fmt: skip
    assert len(expected) > 50 and empty == []
