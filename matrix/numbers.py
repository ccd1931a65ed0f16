"""Numbers as people write and read them: one strict parser, one rounding rule.

Every reader (case CSV files, plain tables, workbooks read back, the command
line) turns text into a number with :func:`parse_number`, and every piece of
text for people rounds with :func:`round_half_away`, the rule of the
spreadsheet's ``ROUND`` and of its number formats, so that the terminal and the
workbook never disagree in the last digit.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["number_hint", "parse_number", "round_half_away"]

#: A decimal number as a spreadsheet reads one: ASCII digits, an optional sign, point and
#: exponent. Python's ``float()`` also takes ``1_000``, full-width and other Unicode digits,
#: which no spreadsheet reads as a number.
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
_NOT_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.ASCII | re.IGNORECASE)


def parse_number(text: str) -> float:
    """The number ``text`` spells, read strictly; :class:`ValueError` if it spells none.

    Surrounding spaces are allowed. ``nan`` and ``inf`` are read (as Python reads
    them) so that the caller can say "expected a finite number".

    >>> parse_number(" 0.7 "), parse_number("-1e3"), parse_number(".5")
    (0.7, -1000.0, 0.5)
    >>> parse_number("0_7")
    Traceback (most recent call last):
    ...
    ValueError: not a number: '0_7'
    >>> parse_number("\\uff17")  # a full-width 7
    Traceback (most recent call last):
    ...
    ValueError: not a number: '７'
    """
    stripped = text.strip()
    if _DECIMAL.fullmatch(stripped) or _NOT_FINITE.fullmatch(stripped):
        return float(stripped)
    raise ValueError(f"not a number: {text!r}")


def number_hint(text: str) -> str:
    """What to say about text that looks like a number but is not one a spreadsheet reads
    (``""`` if it does not look like one).

    >>> number_hint("3,5")
    '; use a decimal point, not a comma'
    >>> number_hint("0_7"), number_hint("\uff17"), number_hint("four")
    ('; write it without underscores', '; write it with the digits 0-9', '')
    """
    stripped = text.strip()
    if re.fullmatch(r"[+-]?[0-9]+,[0-9]+", stripped):
        return "; use a decimal point, not a comma"
    if "_" in stripped and _DECIMAL.fullmatch(stripped.replace("_", "")):
        return "; write it without underscores"
    if any(ch.isdigit() and not ch.isascii() for ch in stripped):
        return "; write it with the digits 0-9"
    return ""


def round_half_away(value: float, digits: int) -> float:
    """``value`` rounded to ``digits`` decimals, halves away from zero, as the
    spreadsheet's ``ROUND`` and its number formats do.

    The spreadsheet first keeps 15 significant digits, so 0.2175 (stored as
    0.21749999999999999...) is a half and rounds up, where Python's ``round``
    and ``format`` give 0.217.

    >>> round_half_away(0.2175, 3), round(0.2175, 3)
    (0.218, 0.217)
    >>> round_half_away(-2.5, 0), round_half_away(0.0005, 3)
    (-3.0, 0.001)
    """
    if not math.isfinite(value) or abs(value) >= 1e15:  # no decimals left to round
        return value
    shown = Decimal(f"{value:.15g}")
    return float(shown.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))
