"""One strict number parser for every reader, one rounding rule for every text (issue 13,
items 16 and 24)."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matrix.numbers import number_hint, parse_number, round_half_away
from matrix.text.format import fixed


@pytest.mark.parametrize(
    "text, value",
    [("7", 7.0), (" 0.7 ", 0.7), ("-1e3", -1000.0), ("+.5", 0.5), ("5.", 5.0), ("1E-2", 0.01)],
)
def test_decimal_numbers_are_read(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text",
    ["0_7", "1_000", "\uff17", "\u0667", "\u00b2", "1,5", "", " ", "0x10", "1e", "--1", "seven",
     "1 000", "½"],
)  # fmt: skip
def test_what_python_float_reads_but_a_spreadsheet_does_not_is_refused(text):
    with pytest.raises(ValueError, match="not a number"):
        parse_number(text)


def test_nan_and_inf_are_read_so_that_the_caller_can_say_finite():
    assert math.isnan(parse_number("NaN")) and parse_number("-inf") == -math.inf


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_every_float_python_writes_is_read_back_exactly(value):
    assert parse_number(repr(value)) == value


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=8))
def test_the_parser_reads_nothing_float_would_not(text):
    try:
        value = parse_number(text)
    except ValueError:
        return
    assert value == float(text) or (math.isnan(value) and math.isnan(float(text)))
    assert text.strip().isascii()


def test_hints_for_near_numbers():
    assert number_hint("3,5") == "; use a decimal point, not a comma"
    assert number_hint("0_7") == "; write it without underscores"
    assert number_hint("\uff17") == "; write it with the digits 0-9"
    assert number_hint("lots") == ""


# -- rounding: the spreadsheet's ROUND (half away from zero, after 15 significant digits) --


@pytest.mark.parametrize(
    "value, digits, expected",
    [(0.2175, 3, "0.218"), (0.2165, 3, "0.217"), (-0.2175, 3, "-0.218"), (2.5, 0, "3"),
     (0.0005, 3, "0.001"), (-0.0004, 3, "0.000"), (1.0045, 3, "1.005"), (0.583, 3, "0.583")],
)  # fmt: skip
def test_halves_round_away_from_zero_as_excel_round_does(value, digits, expected):
    # Excel: =ROUND(0.2175,3) is 0.218 and the format 0.000 shows 0.218; Python's
    # format(0.2175, ".3f") gives 0.217 (the double is 0.21749999999999999...).
    assert fixed(value, digits) == expected


@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(min_value=0, max_value=4))
def test_rounding_agrees_with_decimal_arithmetic_on_exact_halves(n, digits):
    text = f"{n}5e-{digits + 1}"  # n.5 in the last kept place, written in decimal
    expected = Decimal(text).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    assert round_half_away(float(text), digits) == float(expected)


def test_huge_and_non_finite_values_pass_through():
    assert round_half_away(1e300, 3) == 1e300 and math.isinf(round_half_away(math.inf, 2))


# -- the terminal and the workbook show the same digits ------------------------------


def _shown_by_libreoffice(book, out_dir):
    """The first sheet as LibreOffice shows it (its number formats applied), as CSV rows."""
    import csv
    import subprocess
    import tempfile
    from pathlib import Path

    from engines import RECALC_ALWAYS, SOFFICE

    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        (Path(profile) / "user").mkdir()
        (Path(profile) / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS)
        subprocess.run(
            [SOFFICE, "--headless", "--norestore", "--nolockcheck",
             f"-env:UserInstallation=file://{profile}", "--convert-to",
             # the ninth token: save cell contents as shown (formatted)
             "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true",
             "--outdir", str(out_dir), str(book)],
            capture_output=True, timeout=180, check=True,
        )  # fmt: skip
    with (out_dir / (book.stem + ".csv")).open(encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_a_half_in_the_last_place_rounds_alike_in_terminal_and_workbook(tmp_path):
    """0.2175 (stored as 0.21749999...) is 0.218 on the Summary sheet, as LibreOffice shows
    it, and 0.218 in the terminal; it used to print 0.217."""
    import pandas as pd
    from engines import SOFFICE

    import matrix
    from matrix.cli.run import format_ranking
    from matrix.text.reading import ranking_table

    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed")
    frame = pd.DataFrame({"a": [2175.0, 8000.0], "b": [1.0, 0.0]}, index=["bus", "tram"])
    model = matrix.from_frame(frame, directions=["max", "max"], weights=[1, 0],
                              scales={"a": (0, 10_000), "b": (0, 1)})  # fmt: skip
    result = matrix.evaluate(model)
    assert result.scores["bus"] == 0.2175 and f"{0.2175:.3f}" == "0.217"
    terminal = format_ranking(ranking_table(model, result)).splitlines()
    assert terminal[3].split()[:3] == ["2", "bus", "0.218"]
    matrix.write_workbook(model, tmp_path / "r.xlsx")
    shown = _shown_by_libreoffice(tmp_path / "r.xlsx", tmp_path / "lo")
    assert next(r[:3] for r in shown if r[1:2] == ["bus"]) == ["2", "bus", "0.218"]
    assert next(r[:3] for r in shown if r[:1] == ["Leader"]) == ["Leader", "tram", "0.583"]
