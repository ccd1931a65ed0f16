"""One strict number parser for every reader, one rounding rule for every text (issue 13,
items 16 and 24)."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matrix.numbers import fixed, number_hint, parse_number, round_half_away


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
