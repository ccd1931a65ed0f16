"""The shared formatting of everything the tool writes for people.

One place for the width text is wrapped to, how long labels are clipped, how a
percentage and a plain table look, and what each method is called in a sentence,
so that a change of width or format happens once.

>>> clip("Diplomatic surge", 10)
'Diplomati…'
>>> percent(0.3925), percent(float("nan")), fixed(0.2175)
('39.3%', '', '0.218')
>>> print("\\n".join(table_lines(["Option", "Rank"], [["Bus", "1"], ["Tram", "2"]], [False, True])))
Option  Rank
──────  ────
Bus        1
Tram       2
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from matrix.numbers import round_half_away

__all__ = [
    "METHOD_NAMES",
    "WIDTH",
    "clip",
    "fixed",
    "method_name",
    "percent",
    "plain_number",
    "rule",
    "table_lines",
]

#: The width, in characters, that text for a terminal is wrapped to.
WIDTH = 100

#: How each method is named in sentences (the registry key otherwise).
METHOD_NAMES = {
    "wsm": "weighted sum",
    "wpm": "weighted product",
    "topsis": "TOPSIS",
    "vikor": "VIKOR",
    "promethee2": "PROMETHEE II",
}


def method_name(method: str) -> str:
    """A method's name in a sentence.

    >>> method_name("wsm"), method_name("promethee2")
    ('weighted sum', 'PROMETHEE II')
    """
    return METHOD_NAMES.get(method, method)


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, an ellipsis marking the cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def fixed(value: float, digits: int = 3) -> str:
    """``value`` with ``digits`` decimals, rounded half away from zero as the spreadsheet's
    ``ROUND`` and number formats round (:func:`matrix.numbers.round_half_away`), so the
    terminal and the workbook never disagree in the last digit.

    >>> fixed(0.2175), fixed(0.2174999), fixed(-0.0004)
    ('0.218', '0.217', '0.000')
    """
    rounded = round_half_away(value, digits)
    return f"{rounded + 0.0:.{digits}f}"  # + 0.0 turns -0.0 into 0.0


def percent(value: float, digits: int = 1) -> str:
    """A share as a percentage with ``digits`` decimals, rounded as :func:`fixed` rounds
    (and as the spreadsheet's ``0.0%`` format shows it); NaN as the empty string.

    >>> percent(0.39275), f"{0.39275:.1%}", percent(1.0), percent(0.0004)
    ('39.3%', '39.3%', '100.0%', '0.0%')
    >>> percent(0.00125, 2), f"{0.00125:.2%}"
    ('0.13%', '0.12%')
    """
    return "" if math.isnan(value) else f"{fixed(value * 100, digits)}%"


def plain_number(value: float) -> str:
    """A score as people write it: at most two decimals, no trailing zeros.

    >>> plain_number(7.0), plain_number(2.43552), plain_number(1250.5)
    ('7', '2.44', '1250.5')
    """
    return f"{round(float(value), 2):g}"


def rule(*widths: int) -> str:
    """The line under a table's header: one run of ``─`` per column, two spaces apart."""
    return "  ".join("─" * w for w in widths)


def table_lines(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool]
) -> list[str]:
    """A plain-text table: the header, a rule and the rows, each column as wide as its
    widest cell; ``right`` says which columns are aligned to the right."""
    widths = [max(len(h), *(len(r[k]) for r in rows)) for k, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        parts = [
            c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right, strict=True)
        ]
        return "  ".join(parts).rstrip()

    return [line(headers), rule(*widths), *(line(r) for r in rows)]
