"""The live workbook, recalculated by real spreadsheet engines and compared with pandas.

Every formula the package writes is recorded with the value the Python code
computes for it (``Book.expected``). Here the saved file is recalculated by
LibreOffice and by Gnumeric, independently, and every formula cell must agree
with Python to 1e-9, before and after inputs are edited in the file. These
tests skip, saying why, when an engine is not installed, except in CI (``CI``
set), where they fail; ``.ci/run`` installs both. test_formula_references.py
checks the formulas' references without an engine.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from engines import gnumeric, libreoffice, needs_gnumeric, needs_libreoffice

import matrix
from matrix.excel import build_book
from matrix.excel.computed import INPUTS_CHANGED
from matrix.excel.layout import SCORES, Layout

pytestmark = pytest.mark.engine

TOLERANCE = 1e-9
ERRORS = ("#NAME?", "#VALUE!", "#DIV/0!", "#REF!", "#N/A", "#NUM!", "#NULL!", "Err:")


def random_case(
    seed: int = 20261128, n: int = 40, m: int = 12, *, flat: bool = False
) -> matrix.DecisionModel:
    """A seeded case with mixed directions, some criteria on a declared scale, some not;
    ``flat`` gives every option the same score on the second unscaled criterion."""
    rng = np.random.default_rng(seed)
    values = np.round(rng.uniform(0, 10, size=(n, m)), 2)
    values[:, 3] = np.round(rng.uniform(-50, 250, size=n), 1)  # an unscaled criterion
    values[5] = values[6]  # two identical options: an exact tie
    if flat:  # an unscaled criterion on which no option differs: its range is empty
        values[:, 7] = 4.5
    frame = pd.DataFrame(values, index=[f"opt{i:02d}" for i in range(n)],
                         columns=[f"crit{j:02d}" for j in range(m)])  # fmt: skip
    directions = ["max" if d else "min" for d in rng.integers(0, 2, size=m)]
    weights = np.round(rng.uniform(0.5, 5, size=m), 2)
    scales = {c: (0, 10) for j, c in enumerate(frame.columns) if j not in (3, 7)}
    return matrix.from_frame(frame, directions=directions, weights=weights, scales=scales)


def edit(model: matrix.DecisionModel) -> tuple[dict, dict]:
    """Weight and score changes that move the ranking: one weight up, one to zero, scores."""
    crits, opts = model.criterion_ids, model.option_ids
    last = opts[-1]
    weights = dict(model.weights)
    weights[crits[0]] = weights[crits[0]] * 4 + 1
    weights[crits[1]] = 0.0
    best = {c: (model.criterion(c).scale_max if model.criterion(c).direction == "max"
                else model.criterion(c).scale_min) for c in crits}  # fmt: skip
    scores = {(last, c): best[c] for c in crits[:4] if best[c] is not None}
    scores[(opts[0], crits[2])] = float(model.scores.loc[opts[0], crits[2]]) * 0.5
    return weights, scores


def apply_in_workbook(src: Path, dst: Path, model: matrix.DecisionModel, weights: dict,
                      scores: dict) -> None:  # fmt: skip
    """Make the same edits an analyst would, in the file, with openpyxl."""
    lay = Layout(*model.shape)
    wb = openpyxl.load_workbook(src)
    ws = wb[SCORES]
    for j, crit in enumerate(model.criterion_ids):
        ws.cell(lay.weight_row, lay.crit_col(j)).value = weights[crit]
    for (option, crit), value in scores.items():
        i, j = model.option_ids.index(option), model.criterion_ids.index(crit)
        ws.cell(lay.score_row(i), lay.crit_col(j)).value = value
    wb.save(dst)


@pytest.fixture(scope="module")
def cases(tmp_path_factory) -> dict[str, tuple[Path, dict]]:
    """Workbooks to recalculate, each with the values Python expects in its formula cells."""
    folder = tmp_path_factory.mktemp("live")
    out: dict[str, tuple[Path, dict]] = {}
    for name, model, detail in (
        ("bundled", matrix.load_case(), True),
        ("random", random_case(), True),
        # the layout of a large case (one formula per total), on a case small enough to test
        ("large", random_case(7, n=60, m=9, flat=True), False),
    ):
        book = build_book(model, detail=detail)
        path = folder / f"{name}.xlsx"
        book.save(path)
        out[name] = (path, book.expected)
        weights, scores = edit(model)
        edited = model.with_weights(weights).with_scores(scores)
        assert (matrix.evaluate(edited).ranks != matrix.evaluate(model).ranks).any()
        edited_path = folder / f"{name}-edited.xlsx"
        apply_in_workbook(path, edited_path, model, weights, scores)
        expected = build_book(edited, detail=detail).expected
        if not detail:
            # Evidence lists the scores with something to say. The random case has none, but
            # the edits move scores away from their (one-point) ranges, so the edited model
            # would list them; the workbook edited in place keeps the rows it was written with.
            assert not [key for key in book.expected if key[0] == "Evidence"]
            expected = {key: value for key, value in expected.items() if key[0] != "Evidence"}
        for sheet in ("Sensitivity", "Uncertainty", "Scenarios"):  # computed before the edit
            if (sheet, "A3") in expected:  # a case without scenarios has no Scenarios sheet
                expected[(sheet, "A3")] = INPUTS_CHANGED
        out[f"{name}-edited"] = (edited_path, expected)
    # weights edited in the file, read back and written again, as `policy-matrix
    # WORKBOOK.xlsx` does (the score edits above leave scores outside their ranges)
    model = matrix.load_case()
    weights, _ = edit(model)
    apply_in_workbook(out["bundled"][0], folder / "reweighted.xlsx", model, weights, {})
    regenerated = matrix.load_case(folder / "reweighted.xlsx")
    assert regenerated.weights.equals(model.with_weights(weights).weights)
    book = build_book(regenerated)
    book.save(folder / "regenerated.xlsx")
    out["regenerated"] = (folder / "regenerated.xlsx", book.expected)
    return out


def compare(recalculated: Path, expected: dict) -> list[str]:
    wb = openpyxl.load_workbook(recalculated, data_only=True)
    problems = []
    for (sheet, coord), want in expected.items():
        got = wb[sheet][coord].value
        if isinstance(want, bool) or not isinstance(want, int | float):
            ok = (got or "") == want
        else:
            ok = isinstance(got, int | float) and abs(got - want) <= TOLERANCE
        if not ok:
            problems.append(f"{sheet}!{coord}: expected {want!r}, got {got!r}")
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(ERRORS):
                    problems.append(f"{ws.title}!{cell.coordinate}: error {cell.value}")
    return problems


ENGINES = {
    "libreoffice": pytest.param(libreoffice, marks=needs_libreoffice, id="libreoffice"),
    "gnumeric": pytest.param(gnumeric, marks=needs_gnumeric, id="gnumeric"),
}
CASES = ["bundled", "random", "large", "bundled-edited", "random-edited", "large-edited",
         "regenerated"]  # fmt: skip


@pytest.fixture(scope="module", params=list(ENGINES.values()))
def recalculated(request, cases, tmp_path_factory) -> dict[str, Path]:
    engine = request.param
    out = tmp_path_factory.mktemp(engine.__name__)
    return {name: engine(path, out) for name, (path, _) in cases.items()}


@pytest.mark.parametrize("name", CASES)
def test_every_formula_cell_equals_pandas(recalculated, cases, name):
    problems = compare(recalculated[name], cases[name][1])
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("name", ["bundled", "random", "large", "regenerated"])
def test_stored_results_equal_the_recalculation(recalculated, cases, name):
    """What a reader that does not calculate sees is what the engine computes: numbers to
    1e-9 relative, text exactly, in every formula cell of every sheet."""
    path = cases[name][0]
    stored = openpyxl.load_workbook(path, data_only=True)
    engine = openpyxl.load_workbook(recalculated[name], data_only=True)
    formulas = openpyxl.load_workbook(path)
    problems, count = [], 0
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type != "f":
                    continue
                count += 1
                mine, theirs = (
                    stored[ws.title][c.coordinate].value,
                    engine[ws.title][c.coordinate].value,
                )
                if mine in (None, "") and theirs in (None, ""):
                    ok = True  # an empty text result: openpyxl reads <v></v> as None
                elif isinstance(mine, str) or not isinstance(theirs, int | float):
                    ok = mine == theirs
                else:
                    ok = mine is not None and abs(mine - theirs) <= TOLERANCE * max(1, abs(theirs))
                if not ok:
                    problems.append(
                        f"{ws.title}!{c.coordinate}: stored {mine!r}, engine {theirs!r}"
                    )
    assert count > 100
    assert not problems, "\n".join(problems[:20])


def test_every_formula_cell_has_an_expected_value(cases):
    for name in ("bundled", "random", "large", "regenerated"):
        path, expected = cases[name]
        wb = openpyxl.load_workbook(path)
        formulas = {(ws.title, c.coordinate) for ws in wb.worksheets for row in ws.iter_rows()
                    for c in row if c.data_type == "f"}  # fmt: skip
        assert formulas == set(expected), formulas ^ set(expected)
        assert len(formulas) > 100


@needs_libreoffice
@pytest.mark.parametrize("name", ["bundled", "large"])
def test_all_weights_zero_gives_a_warning_not_an_error(cases, tmp_path, name):
    path, _ = cases[name]
    model = matrix.load_case() if name == "bundled" else random_case(7, n=60, m=9, flat=True)
    lay = Layout(*model.shape, detail=name == "bundled")
    wb = openpyxl.load_workbook(path)
    for j in range(model.shape[1]):
        wb[SCORES].cell(lay.weight_row, lay.crit_col(j)).value = 0
    wb.save(tmp_path / "zero.xlsx")
    result = openpyxl.load_workbook(libreoffice(tmp_path / "zero.xlsx", tmp_path / "out"),
                                    data_only=True)  # fmt: skip
    assert compare_errors(result) == []
    assert "All weights are zero" in result["Summary"]["B8"].value
    totals = [
        result["Calculation"].cell(lay.calc_row(i), lay.total_col).value for i in range(lay.n)
    ]
    assert totals == [0] * lay.n


def compare_errors(wb) -> list[str]:
    return [f"{ws.title}!{c.coordinate}" for ws in wb.worksheets for row in ws.iter_rows()
            for c in row if isinstance(c.value, str) and c.value.startswith(ERRORS)]  # fmt: skip
