"""Reading case folders: a case we made here, and every way a folder can be wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import TINY_CRITERIA, TINY_OPTIONS, TINY_SCORES, make_case

import matrix
from matrix.io import bundled_case_path


def test_reads_a_case_it_never_saw(tiny_case: Path):
    model = matrix.load_case(tiny_case)
    assert model.info.name == "tiny"
    assert model.info.title == "Tiny transport case"
    assert model.option_ids == ["bus", "tram", "nothing"]
    assert model.directions.tolist() == ["min", "max"]
    assert model.criterion("cost").scale_max == 100.0
    assert not model.criterion("riders").has_scale
    assert model.low.loc["bus", "riders"] == 4.0  # blank low means the score
    assert model.rationale.loc["tram", "cost"] == "rails are dear"
    result = matrix.evaluate(model)
    # cost on 0-100 (min): bus .9, tram .2, nothing 1; riders on data range 1-9: .375, 1, 0
    expected = {"bus": (2 * 0.9 + 0.375) / 3, "tram": (2 * 0.2 + 1) / 3, "nothing": 2 / 3}
    for option, value in expected.items():
        assert result.scores[option] == pytest.approx(value, abs=1e-12)


def test_case_toml_is_optional(tmp_path: Path):
    model = matrix.load_case(make_case(tmp_path / "my_city", toml=None))
    assert model.info.title == "My city"


def test_bom_and_bundled_name(tmp_path: Path):
    folder = make_case(tmp_path / "bom")
    path = folder / "options.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert matrix.load_case(folder).option_ids[0] == "bus"
    assert matrix.load_case("north_korea").info.name == "north_korea"
    assert bundled_case_path().is_dir()


def _edit(rows, index, **changes):
    rows = [dict(r) for r in rows]
    rows[index].update(changes)
    return rows


BAD_CASES = {
    "score off the scale": (
        {"scores": _edit(TINY_SCORES, 2, score="120", high="130")},
        r"scores.csv row 4, column 'score'.*|score 120 is outside the scale 0 to 100 of criterion 'cost' \(.*scores.csv row 4, column 'score'\)",
    ),
    "text in a number cell": (
        {"scores": _edit(TINY_SCORES, 1, score="four")},
        r"scores.csv row 3, column 'score': expected a number, got 'four'",
    ),
    "nan score": (
        {"scores": _edit(TINY_SCORES, 1, score="nan")},
        r"row 3, column 'score': expected a finite number, got 'nan'",
    ),
    "empty score": (
        {"scores": _edit(TINY_SCORES, 0, score="")},
        r"scores.csv row 2, column 'score': empty; expected a number",
    ),
    "low above score": (
        {"scores": _edit(TINY_SCORES, 0, low="15")},
        r"low 15 is above the score 10 \(.*scores.csv row 2, column 'low'\)",
    ),
    "high below score": (
        {"scores": _edit(TINY_SCORES, 3, high="8")},
        r"high 8 is below the score 9 \(.*scores.csv row 5, column 'high'\)",
    ),
    "negative weight": (
        {"criteria": _edit(TINY_CRITERIA, 1, weight="-1")},
        r"weights must be >= 0; got -1 for criterion 'riders' \(.*criteria.csv row 3, column 'weight'\)",
    ),
    "all-zero weights": (
        {"criteria": [dict(c, weight="0") for c in TINY_CRITERIA]},
        r"all weights are zero.*criteria.csv",
    ),
    "unknown direction": (
        {"criteria": _edit(TINY_CRITERIA, 0, direction="less")},
        r"direction must be one of max, min .*got 'less' \(.*criteria.csv row 2, column 'direction'\)",
    ),
    "one scale end": (
        {"criteria": _edit(TINY_CRITERIA, 1, scale_min="0")},
        r"give both ends of the scale .*criteria.csv row 3, column 'scale_max'",
    ),
    "duplicate option": (
        {"options": [*TINY_OPTIONS, TINY_OPTIONS[0]]},
        r"options.csv row 5, column 'id': duplicate option id 'bus' \(ids must be unique, ignoring case; 'bus' is on row 2\)",
    ),
    "duplicate option ignoring case": (
        {"options": [*TINY_OPTIONS, dict(TINY_OPTIONS[0], id="BUS")]},
        r"options.csv row 5, column 'id': duplicate option id 'BUS' .*'bus' is on row 2",
    ),
    "duplicate score row": (
        {"scores": [*TINY_SCORES, TINY_SCORES[0]]},
        r"scores.csv row 8: a second score for option 'bus', criterion 'cost' \(first on row 2\)",
    ),
    "missing score row": (
        {"scores": TINY_SCORES[:-1]},
        r"scores.csv: no score for option 'nothing', criterion 'riders'",
    ),
    "unknown option in scores": (
        {"scores": _edit(TINY_SCORES, 0, option="car")},
        r"scores.csv row 2, column 'option': unknown option 'car'",
    ),
    "unknown criterion in scores": (
        {"scores": _edit(TINY_SCORES, 0, criterion="speed")},
        r"scores.csv row 2, column 'criterion': unknown criterion 'speed'",
    ),
    "empty id": (
        {"options": _edit(TINY_OPTIONS, 0, id=" ")},
        r"options.csv row 2, column 'id': empty; expected an id",
    ),
    "no options": ({"options": []}, r"options.csv: no data rows below the header"),
}


@pytest.mark.parametrize("name", list(BAD_CASES))
def test_bad_case_names_file_row_and_column(tmp_path: Path, name: str):
    changes, message = BAD_CASES[name]
    folder = make_case(tmp_path / "bad", **changes)
    with pytest.raises(matrix.MatrixError, match=message):
        matrix.load_case(folder)


def test_missing_and_extra_columns(tmp_path: Path):
    folder = make_case(tmp_path / "cols")
    text = (folder / "criteria.csv").read_text().replace("direction,", "", 1)
    (folder / "criteria.csv").write_text(text)
    with pytest.raises(
        matrix.CaseFileError, match=r"criteria.csv row 1: missing column 'direction'"
    ):
        matrix.load_case(folder)
    folder = make_case(tmp_path / "extra")
    text = (folder / "options.csv").read_text().replace("quote", "quote,colour", 1)
    (folder / "options.csv").write_text(text)
    with pytest.raises(matrix.CaseFileError, match=r"options.csv row 1: unknown column 'colour'"):
        matrix.load_case(folder)


def test_ragged_row_and_wrong_encoding(tmp_path: Path):
    folder = make_case(tmp_path / "ragged")
    with (folder / "scores.csv").open("a") as handle:
        handle.write("bus,cost,1\n")
    with pytest.raises(matrix.CaseFileError, match=r"scores.csv row 8: 3 cells; expected 7"):
        matrix.load_case(folder)
    folder = make_case(tmp_path / "latin1")
    (folder / "options.csv").write_bytes("id,label\nbus,Caf\xe9 bus\n".encode("latin-1"))
    with pytest.raises(
        matrix.CaseFileError, match=r"options.csv row 2: not UTF-8 text \(byte 0xe9\)"
    ):
        matrix.load_case(folder)


def test_advice_for_common_spreadsheet_mistakes(tmp_path: Path):
    folder = make_case(tmp_path / "semicolons")
    (folder / "options.csv").write_text("id;label\nbus;Bus\n")
    with pytest.raises(
        matrix.CaseFileError, match=r"row 1: the columns seem to be separated by ';'"
    ):
        matrix.load_case(folder)
    folder = make_case(tmp_path / "comma", scores=_edit(TINY_SCORES, 0, score="7,5"))
    with pytest.raises(matrix.CaseFileError, match=r"got '7,5'; use a decimal point, not a comma"):
        matrix.load_case(folder)
    folder = make_case(tmp_path / "workbook")
    matrix.write_workbook(matrix.load_case(folder), tmp_path / "x.xlsx")
    (folder / "scores.csv").write_bytes((tmp_path / "x.xlsx").read_bytes())
    with pytest.raises(matrix.CaseFileError, match=r"scores.csv: this is an Excel workbook"):
        matrix.load_case(folder)


def test_missing_folder_file_and_bad_toml(tmp_path: Path):
    with pytest.raises(matrix.CaseFileError, match="no such case folder or workbook"):
        matrix.load_case(tmp_path / "nowhere")
    folder = make_case(tmp_path / "nofile")
    (folder / "scores.csv").unlink()
    with pytest.raises(matrix.CaseFileError, match=r"scores.csv: file not found"):
        matrix.load_case(folder)
    folder = make_case(tmp_path / "toml", toml='title = "unclosed\n')
    with pytest.raises(matrix.CaseFileError, match=r"case.toml: not valid TOML"):
        matrix.load_case(folder)
    folder = make_case(tmp_path / "toml2", toml='titel = "typo"\n')
    with pytest.raises(matrix.CaseFileError, match=r"case.toml: unknown key 'titel'"):
        matrix.load_case(folder)
    with pytest.raises(matrix.CaseFileError, match="expected a case folder"):
        matrix.load_case(folder / "case.toml")
