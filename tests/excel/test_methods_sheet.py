"""The Methods sheet, reopened with openpyxl: every value equals what the methods compute."""

from __future__ import annotations

import numpy as np
import openpyxl
import pytest
from helpers import make_case

import matrix


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    model = matrix.load_case()
    path = matrix.write_workbook(model, tmp_path_factory.mktemp("wb") / "nk.xlsx")
    return model, matrix.compare(model), openpyxl.load_workbook(path)["Methods"]


def find_row(ws, text, column=1, start=1):
    for row in range(start, ws.max_row + 1):
        if ws.cell(row, column).value == text:
            return row
    raise AssertionError(f"{text!r} not found in column {column}")


def block(ws, heading, rows, columns, *, skip=0):
    """Numbers under the header row that follows ``heading`` (rows x columns from column C)."""
    header = find_row(ws, "Option id", start=find_row(ws, heading)) + skip
    return np.array(
        [[ws.cell(header + 1 + i, 3 + j).value for j in range(columns)] for i in range(rows)],
        dtype=float,
    )


def test_the_sheet_says_its_numbers_are_computed_by_python_with_parameters(bundled):
    _, _, ws = bundled
    assert ws["A1"].value == "Methods compared"
    assert ws["A2"].value.startswith("Values computed by Python (policy-matrix ")
    assert "They are not formulas" in ws["A2"].value
    params = ws["A3"].value
    for words in (
        "normalization=scale",
        "normalization=vector",
        "v=0.5",
        "preference=usual",
        "rule=borda",
        "agreement: kendall",
    ):
        assert words in params
    formulas = [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_ranks_and_scores_side_by_side_equal_the_methods(bundled):
    model, comparison, ws = bundled
    names = [*comparison.methods, "consensus"]
    header = find_row(ws, "Option id", start=find_row(ws, "Rank and score under each method"))
    ids = [ws.cell(header + 1 + i, 1).value for i in range(model.shape[0])]
    assert ids == comparison.consensus.order
    for k, name in enumerate(names):
        assert ws.cell(header, 3 + 2 * k).value == f"{matrix.methods.method_label(name)} rank"
        for i, option in enumerate(ids):
            assert ws.cell(header + 1 + i, 3 + 2 * k).value == comparison.ranks.loc[option, name]
            assert ws.cell(header + 1 + i, 4 + 2 * k).value == pytest.approx(
                comparison.scores.loc[option, name], abs=1e-15
            )


def test_parameters_and_agreement(bundled):
    _, comparison, ws = bundled
    row = find_row(ws, "vikor", start=find_row(ws, "Parameters"))
    assert ws.cell(row, 3).value == "v=0.5"
    assert "lower is better" in ws.cell(row, 7).value
    header = find_row(ws, "Method", start=find_row(ws, "Agreement between methods"))
    n = len(comparison.methods)
    got = np.array([[ws.cell(header + 1 + i, 3 + j).value for j in range(n)] for i in range(n)])
    np.testing.assert_allclose(got.astype(float), comparison.agreement.to_numpy(), atol=1e-15)
    assert [ws.cell(header + 1 + i, 1).value for i in range(n)] == comparison.methods


def test_intermediates(bundled):
    model, comparison, ws = bundled
    n, m = model.shape
    r = comparison.rankings
    weighted = block(ws, "Weighted sum: each criterion's weighted contribution", n, m)
    np.testing.assert_allclose(weighted, r["wsm"].details["weighted"], atol=1e-15)
    np.testing.assert_allclose(weighted.sum(axis=1), r["wsm"].scores, atol=1e-12)
    factors = block(ws, "Weighted product: each criterion's factor", n, m)
    np.testing.assert_allclose(factors.prod(axis=1), r["wpm"].scores, atol=1e-12)
    topsis = block(ws, "TOPSIS: weighted normalised scores, ideal and anti-ideal", n + 2, m)
    np.testing.assert_allclose(topsis[:n], r["topsis"].details["weighted"], atol=1e-15)
    np.testing.assert_allclose(topsis[n], r["topsis"].details["ideal"], atol=1e-15)
    np.testing.assert_allclose(topsis[n + 1], r["topsis"].details["anti_ideal"], atol=1e-15)
    start = find_row(ws, "Anti-ideal (A-)", column=2)
    header = find_row(ws, "Option id", start=start)
    distances = np.array(
        [[ws.cell(header + 1 + i, 3 + j).value for j in range(3)] for i in range(n)]
    )
    d = r["topsis"].details
    np.testing.assert_allclose(
        distances, np.column_stack([d["d_plus"], d["d_minus"], r["topsis"].scores]), atol=1e-15
    )
    start = find_row(ws, "Worst (f-)", column=2)
    header = find_row(ws, "Option id", start=start)
    vikor = np.array([[ws.cell(header + 1 + i, 3 + j).value for j in range(3)] for i in range(n)])
    d = r["vikor"].details
    np.testing.assert_allclose(vikor, np.column_stack([d["S"], d["R"], d["Q"]]), atol=1e-15)
    assert ws.cell(header + 1 + model.option_ids.index("diplomatic_surge"), 6).value == "yes"
    row = find_row(ws, "Preference function", column=2)
    assert [ws.cell(row, 3 + j).value for j in range(m)] == ["usual"] * m
    flows = np.array([[ws.cell(row + 1 + i, 3 + j).value for j in range(m)] for i in range(n)])
    np.testing.assert_allclose(flows, r["promethee2"].details["by_criterion"], atol=1e-15)
    header = find_row(ws, "Option id", start=row + n)
    phi = np.array([[ws.cell(header + 1 + i, 3 + j).value for j in range(3)] for i in range(n)])
    d = r["promethee2"].details
    np.testing.assert_allclose(
        phi, np.column_stack([d["phi_plus"], d["phi_minus"], d["phi"]]), atol=1e-15
    )


def test_a_method_left_out_is_named_with_the_reason(tmp_path):
    # the tiny case scores 'nothing' 0 on cost: the weighted product is undefined
    model = matrix.load_case(make_case(tmp_path / "tiny"))
    ws = openpyxl.load_workbook(matrix.write_workbook(model, tmp_path / "t.xlsx"))["Methods"]
    row = find_row(ws, "wpm", start=find_row(ws, "Parameters"))
    assert ws.cell(row, 3).value == "left out"
    assert "criterion 'cost' has 0 for option 'nothing'" in ws.cell(row, 7).value
    header = find_row(ws, "Option id", start=find_row(ws, "Rank and score under each method"))
    assert "Weighted product rank" not in [c.value for c in ws[header]]
