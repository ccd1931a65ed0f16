"""The shared formatting of everything the tool writes for people.

One place for the width text is wrapped to, how long labels are clipped, how a
percentage and a plain table look, and what each method is called in a sentence,
so that a change of width or format happens once.

>>> clip("Diplomatic surge", 10)
'Diplomati…'
>>> percent(0.3925), percent(float("nan"))
('39.2%', '')
>>> print("\\n".join(table_lines(["Option", "Rank"], [["Bus", "1"], ["Tram", "2"]], [False, True])))
Option  Rank
──────  ────
Bus        1
Tram       2
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = [
    "METHOD_NAMES",
    "WIDTH",
    "clip",
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


def percent(value: float, digits: int = 1) -> str:
    """A share as a percentage with ``digits`` decimals; NaN as the empty string."""
    return "" if math.isnan(value) else f"{value:.{digits}%}"


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
