"""Validation rules of the decision model, and where their errors point.

The model calls these once, when it is built; the case loader hands in a
:class:`Locator` so that each message names the file, row and column.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from matrix.errors import ValidationError

if TYPE_CHECKING:
    from matrix.model import Criterion

__all__ = [
    "DIRECTION_ALIASES",
    "MAX_MAGNITUDE",
    "MAX_TEXT_LENGTH",
    "MIN_MAGNITUDE",
    "Locator",
    "parse_direction",
]

Direction = Literal["max", "min"]

#: Words accepted for a criterion's direction, and what they mean.
DIRECTION_ALIASES: Mapping[str, Direction] = {
    "max": "max",
    "benefit": "max",
    "min": "min",
    "cost": "min",
}

#: Spreadsheets cut a cell's text at this many characters.
MAX_TEXT_LENGTH = 32_767

#: The largest and the smallest size of a number in a model (a score, its range, a scale's
#: end, a weight) other than zero. Every method squares, sums, subtracts, divides, takes
#: logarithms; within these bounds none of that overflows or underflows to zero (a square of
#: 1e100 is 1e200, far below a float's 1.8e308 even summed over millions of options; a ratio
#: of two numbers is at least 1e-200), so no result is ever NaN or infinite. Refused at the
#: boundary, not handled inside every method.
MAX_MAGNITUDE = 1e100
MIN_MAGNITUDE = 1e-100


def parse_direction(value: object, *, where: str = "") -> Direction:
    """Return ``"max"`` or ``"min"`` for a direction word (aliases ``benefit``/``cost``).

    >>> parse_direction("Cost")
    'min'
    """
    word = str(value).strip().lower() if isinstance(value, str) else None
    if word is None or word not in DIRECTION_ALIASES:
        raise ValidationError(
            located(f"direction must be one of max, min (or benefit, cost); got {value!r}", where)
        )
    return DIRECTION_ALIASES[word]


class Locator:
    """Says where a piece of the model came from, for error messages.

    The default speaks of rows and columns of a table; the case loader passes
    one that names the file, row and column.
    """

    def option(self, option: str, field: str) -> str:
        return f"option {option!r}, field {field!r}"

    def criterion(self, criterion: str, field: str) -> str:
        return f"criterion {criterion!r}, field {field!r}"

    def score(self, option: str, criterion: str, field: str) -> str:
        what = "" if field == "score" else f" ({field})"
        return f"row {option!r}, column {criterion!r}{what}"

    def perspective(self, perspective: str, criterion: str, field: str) -> str:
        crit = f", criterion {criterion!r}" if criterion else ""
        return f"perspective {perspective!r}{crit}, field {field!r}"

    def scenario(self, scenario: str, option: str, criterion: str, field: str) -> str:
        cell = f", row {option!r}, column {criterion!r}" if option or criterion else ""
        return f"scenario {scenario!r}{cell}, field {field!r}"

    def info(self, field: str) -> str:
        return f"case {field}"

    def table(self, what: str) -> str:
        return what


def located(message: str, where: str) -> str:
    return f"{message} ({where})" if where else message


# -- validation helpers --------------------------------------------------------


def fmt_number(value: float | None) -> str:
    """A number as a person writes it: 10 not 10.0, 0.25 not 0.25000000001."""
    if value is None:
        return "none"
    return f"{value:.10g}"


#: Characters an .xlsx file cannot hold (XML 1.0 forbids them).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def check_text(text: object, where: str) -> None:
    if not isinstance(text, str):
        raise ValidationError(located(f"expected text, got {text!r}", where))
    bad = _ILLEGAL.search(text)
    if bad:
        raise ValidationError(
            located(
                f"text holds the control character {bad.group()!r} at position {bad.start() + 1}, "
                "which spreadsheets cannot store; remove it",
                where,
            )
        )
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationError(
            located(
                f"text is {len(text):,} characters long; spreadsheets keep at most "
                f"{MAX_TEXT_LENGTH:,}",
                where,
            )
        )


def check_ids(ids: Iterable[object], kind: str, where: Locator) -> None:
    seen: dict[str, str] = {}
    describers: dict[str, Callable[[str, str], str]] = {
        "option": where.option,
        "criterion": where.criterion,
        "perspective": lambda key, field: where.perspective(key, "", field),
        "scenario": lambda key, field: where.scenario(key, "", "", field),
    }
    describe = describers[kind]
    for raw in ids:
        if not isinstance(raw, str) or not raw.strip():
            raise ValidationError(
                located(f"{kind} id must be non-empty text; got {raw!r}", where.table(f"{kind}s"))
            )
        if raw != raw.strip():
            raise ValidationError(
                located(f"{kind} id {raw!r} has spaces at its start or end", describe(raw, "id"))
            )
        key = raw.casefold()
        if key in seen:
            raise ValidationError(
                located(
                    f"duplicate {kind} id {raw!r} (ids must be unique, ignoring case; "
                    f"{seen[key]!r} came first)",
                    describe(raw, "id"),
                )
            )
        seen[key] = raw


def out_of_range(what: str, value: float) -> str | None:
    """What is wrong with a finite number outside :data:`MIN_MAGNITUDE` to
    :data:`MAX_MAGNITUDE` in size (``None`` if it is zero or within them)."""
    size = abs(value)
    if size == 0 or MIN_MAGNITUDE <= size <= MAX_MAGNITUDE:
        return None
    scale = "divide them all by the same number" if size > 1 else "multiply them all by one number"
    remedy = (
        f"weights count only relative to each other: {scale}"
        if what == "weight"
        else f"give the criterion in {'larger' if size > 1 else 'smaller'} units"
    )
    return (
        f"{what} {fmt_number(value)} is too {'large' if size > 1 else 'small'} to compute with: "
        f"policy-matrix takes 0 and numbers from 1e-100 to 1e100 in size (beyond them, squares, "
        f"sums and ratios overflow or vanish); {remedy}"
    )


def check_weight(weight: object, criterion: str, where: str) -> float:
    """A weight as a float, or an error: a finite number >= 0, zero or within
    :data:`MIN_MAGNITUDE` to :data:`MAX_MAGNITUDE`."""
    if isinstance(weight, bool) or not isinstance(weight, int | float | np.number):
        raise ValidationError(located(f"weight must be a number; got {weight!r}", where))
    value = float(weight)
    if not math.isfinite(value):
        raise ValidationError(
            located(f"weight must be a finite number; got {fmt_number(value)}", where)
        )
    if value < 0:
        raise ValidationError(
            located(
                f"weights must be >= 0; got {fmt_number(value)} for criterion {criterion!r}", where
            )
        )
    problem = out_of_range("weight", value)
    if problem:
        raise ValidationError(located(problem, where))
    return value


def check_red_line(value: object, criterion: Criterion, where: str) -> float:
    """A red line as a float, or an error: a finite number on the criterion's declared scale."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        raise ValidationError(located(f"red_line must be a number; got {value!r}", where))
    line = float(value)
    if not math.isfinite(line):
        raise ValidationError(
            located(f"red_line must be a finite number; got {fmt_number(line)}", where)
        )
    low, high = criterion.scale_min, criterion.scale_max
    if low is not None and high is not None and not low <= line <= high:
        raise ValidationError(
            located(
                f"red_line {fmt_number(line)} is outside the scale {fmt_number(low)} to "
                f"{fmt_number(high)} of criterion {criterion.id!r}",
                where,
            )
        )
    return line


def checked_criteria(criteria: Sequence[Criterion], where: Locator) -> list[Criterion]:
    criteria = list(criteria)
    if not criteria:
        raise ValidationError(located("the case has no criteria", where.table("criteria")))
    check_ids([c.id for c in criteria], "criterion", where)
    checked = []
    for crit in criteria:
        direction = parse_direction(crit.direction, where=where.criterion(crit.id, "direction"))
        weight = check_weight(crit.weight, crit.id, where.criterion(crit.id, "weight"))
        low, high = crit.scale_min, crit.scale_max
        if (low is None) != (high is None):
            field = "scale_max" if high is None else "scale_min"
            raise ValidationError(
                located(
                    "give both ends of the scale (scale_min and scale_max) or neither",
                    where.criterion(crit.id, field),
                )
            )
        if low is not None and high is not None:
            for field, end in (("scale_min", low), ("scale_max", high)):
                if (
                    isinstance(end, bool)
                    or not isinstance(end, int | float | np.number)
                    or not math.isfinite(end)
                ):
                    raise ValidationError(
                        located(
                            f"{field} must be a finite number; got {end!r}",
                            where.criterion(crit.id, field),
                        )
                    )
                problem = out_of_range(field, float(end))
                if problem:
                    raise ValidationError(located(problem, where.criterion(crit.id, field)))
            low, high = float(low), float(high)
            if not low < high:
                raise ValidationError(
                    located(
                        f"scale_min {fmt_number(low)} must be below scale_max {fmt_number(high)}",
                        where.criterion(crit.id, "scale_max"),
                    )
                )
        for field in (
            "label",
            "description",
            "scale_min_means",
            "scale_max_means",
            "weight_rationale",
            "red_line_evidence",
        ):
            check_text(getattr(crit, field), where.criterion(crit.id, field))
        bounded = dataclasses.replace(
            crit, direction=direction, weight=weight, scale_min=low, scale_max=high
        )
        red_line = None
        if crit.red_line is not None:
            red_line = check_red_line(crit.red_line, bounded, where.criterion(crit.id, "red_line"))
        checked.append(dataclasses.replace(bounded, red_line=red_line))
    if sum(c.weight for c in checked) <= 0:
        raise ValidationError(
            located(
                "all weights are zero; at least one criterion must carry weight",
                where.table("weights"),
            )
        )
    return checked


def aligned(
    table: object, rows: list[str], cols: list[str], field: str, where: Locator
) -> pd.DataFrame:
    """``table`` with its labels as text, in the order ``rows`` x ``cols``.

    Linear in the number of labels: membership is tested against sets.
    """
    if not isinstance(table, pd.DataFrame):
        raise ValidationError(f"{field} must be a pandas DataFrame; got {type(table).__name__}")
    index = [str(i) for i in table.index]
    columns = [str(c) for c in table.columns]
    for kind, have, want in (("option", index, rows), ("criterion", columns, cols)):
        wanted, present = set(want), set(have)
        extra = next((x for x in have if x not in wanted), None)
        if extra is not None:
            raise ValidationError(
                located(
                    f"{field} table names unknown {kind} {extra!r}",
                    where.table(f"{field} table"),
                )
            )
        missing = next((x for x in want if x not in present), None)
        if missing is not None:
            raise ValidationError(
                located(f"{field} table has no {kind} {missing!r}", where.table(f"{field} table"))
            )
        if len(present) != len(have):
            counts = Counter(have)
            dup = next(x for x in have if counts[x] > 1)
            raise ValidationError(
                located(f"{field} table repeats {kind} {dup!r}", where.table(f"{field} table"))
            )
    table = table.copy()
    table.index, table.columns = index, columns
    if index == rows and columns == cols:
        return table
    return table.loc[rows, cols]


def is_missing(value: object) -> bool:
    return (
        value is None
        or value is pd.NA
        or (isinstance(value, float | np.floating) and math.isnan(value))
    )


def numeric_table(
    table: object,
    rows: list[str],
    cols: list[str],
    field: str,
    where: Locator,
    *,
    allow_missing: bool = False,
) -> np.ndarray:
    frame = aligned(table, rows, cols, field, where)
    numeric = all(
        pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
        for dtype in frame.dtypes
    )
    if numeric:  # the fast path: one array, checked at once
        out = frame.to_numpy(dtype=float, na_value=np.nan)
        with np.errstate(invalid="ignore"):  # NaN compares False: it is checked just here
            size = np.abs(out)
            fine = (size <= MAX_MAGNITUDE) & ((size >= MIN_MAGNITUDE) | (size == 0))
            bad = ~fine & ~(np.isnan(out) if allow_missing else False)
        if not bad.any():
            return out
    out = np.empty(frame.shape)
    for j, col in enumerate(cols):  # the slow path finds and names the first bad cell
        for i, row in enumerate(rows):
            place = where.score(row, col, field)
            out[i, j] = number_cell(frame.iat[i, j], field, place, allow_missing=allow_missing)
    return out


def number_cell(value: object, field: str, place: str, *, allow_missing: bool = False) -> float:
    """One cell of a table of numbers, checked as :func:`numeric_table` checks each (NaN when
    missing and ``allow_missing``); a :class:`ValidationError` naming ``place`` if it is bad."""
    if is_missing(value):
        if allow_missing:
            return math.nan
        raise ValidationError(located(f"missing {field}", place))
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | float | np.number):
        raise ValidationError(located(f"{field} must be a number; got {value!r}", place))
    number = float(value)
    if not math.isfinite(number):
        raise ValidationError(
            located(f"{field} must be a finite number; got {fmt_number(number)}", place)
        )
    problem = out_of_range(field, number)
    if problem:
        raise ValidationError(located(problem, place))
    return number


def text_table(
    table: pd.DataFrame | None, rows: list[str], cols: list[str], field: str, where: Locator
) -> np.ndarray:
    out = np.full((len(rows), len(cols)), "", dtype=object)
    if table is None:
        return out
    values = aligned(table, rows, cols, field, where).to_numpy(dtype=object)
    for i, row in enumerate(rows):
        for j, col in enumerate(cols):
            value = values[i, j]
            if is_missing(value):
                continue
            if not _plain_text(value):  # where it is, only when it must be said
                check_text(value, where.score(row, col, field))
            out[i, j] = value
    out.flags.writeable = False
    return out


def _plain_text(value: object) -> bool:
    """Whether ``value`` passes :func:`check_text` (a quick test for the usual case)."""
    return isinstance(value, str) and len(value) <= MAX_TEXT_LENGTH and not _ILLEGAL.search(value)
