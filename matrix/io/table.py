"""Bring your own table: a CSV or xlsx file with options down and criteria across.

The first column names the options; every other column is a criterion with a
number for each option. Directions and weights are given beside it, on the
command line (``--directions cost=min,riders=max --weights cost=2,riders=1``)
or in a small criteria table (a CSV file with the columns of a case folder's
``criteria.csv``: at least ``id`` and ``direction``, optionally ``weight``,
``scale_min``, ``scale_max``, ...).
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from matrix.errors import CaseFileError, ValidationError
from matrix.io.case import CRITERION_COLUMNS
from matrix.io.rows import Row as _Row
from matrix.io.rows import cell_text as _text
from matrix.io.rows import not_utf8, unescape_text
from matrix.io.rows import read_csv as _read_csv
from matrix.model import CaseInfo, Criterion, DecisionModel, Option, parse_direction
from matrix.numbers import number_hint, parse_number

__all__ = ["parse_assignments", "read_table"]

#: The largest plain table read: options (rows below the header) and columns.
MAX_OPTIONS, MAX_COLUMNS = 100_000, 1_000
#: The most cells read from a plain .xlsx table, counted before its rows are built.
MAX_TABLE_CELLS = 5_000_000


def slug(text: str) -> str:
    """An id made from a name: lower case, words joined by underscores.

    >>> slug("Cost (EUR m)"), slug("  Daily riders "), slug("Ökologie")
    ('cost_eur_m', 'daily_riders', 'ökologie')
    """
    words = re.findall(r"\w+", text.casefold())
    return "_".join(words) or "x"


def _unique(names: list[str], kind: str, path: Path) -> list[str]:
    """An id for each name, numbered where two names make the same id.

    >>> _unique(["Bus", "bus", "Tram"], "option", Path("t.csv"))
    ['bus', 'bus_2', 'tram']
    """
    ids: list[str] = []
    taken: set[str] = set()
    for name in names:
        base = slug(name)
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}_{n}", n + 1
        ids.append(candidate)
        taken.add(candidate)
    return ids


def _name(cell: object) -> str:
    """A header or option cell as a name: stripped text; a whole number without ``.0``."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return unescape_text(str(cell).strip())


def _same_name(name: str) -> object:
    """What makes two names the same: case does not count, and "1" is "1.0".

    >>> _same_name("Bus") == _same_name("BUS"), _same_name("1") == _same_name("1.0")
    (True, True)
    """
    try:
        return parse_number(name)
    except ValueError:
        return " ".join(name.casefold().split())


def _refuse_repeats(names: list[str], path: Path, place: Callable[[int], str], kind: str) -> None:
    """Refuse a name given twice, as a case folder refuses a repeated id."""
    first: dict[object, int] = {}
    for k, name in enumerate(names):
        key = _same_name(name)
        if key in first:
            raise CaseFileError(
                f"{path} {place(k)}: {kind} {name!r} appears twice (also {names[first[key]]!r} "
                f"in {place(first[key])}); each {kind} needs its own name"
            )
        first[key] = k


def parse_assignments(text: str | None, what: str) -> dict[str, str]:
    """``"cost=min, riders=max"`` as ``{"cost": "min", "riders": "max"}``.

    >>> parse_assignments("cost=min, riders = max", "--directions")
    {'cost': 'min', 'riders': 'max'}
    """
    if not text:
        return {}
    out = {}
    for item in text.split(","):
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise CaseFileError(
                f"{what}: expected name=value pairs separated by commas; got {item!r}"
            )
        out[name.strip()] = value.strip()
    return out


def _read_rows(path: Path) -> list[list[object]]:
    if path.suffix.lower() == ".xlsx":
        from matrix.io.guard import check_archive

        check_archive(path, what="table")
        from matrix.io.sheets import open_workbook, sheet_cells

        # the cells present, whatever range the sheet declares (its <dimension> is only a hint)
        wb = open_workbook(path, data_only=True, what="table")
        try:
            rows: list[list[object]] = []
            for _, cells in sheet_cells(wb, wb.sheetnames[0], path, max_cells=MAX_TABLE_CELLS):
                width = max(c["column"] for c in cells)
                if len(rows) > MAX_OPTIONS or width > MAX_COLUMNS:
                    raise CaseFileError(
                        f"{path}: more than {MAX_OPTIONS:,} options (rows below the header) or "
                        f"{MAX_COLUMNS:,} columns"
                    )
                row: list[object] = [None] * width
                for c in cells:
                    row[c["column"] - 1] = c["value"]
                if any(v is not None and str(v).strip() for v in row):
                    rows.append(row)
        finally:
            wb.close()
        width = max((len(r) for r in rows), default=0)
        return [r + [None] * (width - len(r)) for r in rows]
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            text_rows = [list(r) for r in csv.reader(handle, strict=True)]
        delimiter = _other_delimiter(text_rows)
        rows = [list[object](r) for r in text_rows]
        if delimiter:  # European spreadsheets save "CSV" with semicolons
            with path.open(encoding="utf-8-sig", newline="") as handle:
                rows = [list(r) for r in csv.reader(handle, delimiter=delimiter, strict=True)]
    except UnicodeDecodeError as exc:
        raise CaseFileError(not_utf8(path, exc)) from None
    except csv.Error as exc:
        raise CaseFileError(f"{path}: not a readable CSV file ({exc})") from None
    if len(rows) > MAX_OPTIONS + 1:
        raise CaseFileError(f"{path}: more than {MAX_OPTIONS:,} options (rows below the header)")
    return [r for r in rows if any(str(v).strip() for v in r)]


def _other_delimiter(rows: list[list[str]]) -> str | None:
    """``;`` or a tab when the header read with commas is one cell that holds one of them.

    >>> _other_delimiter([["Option;Cost;Riders"]]), _other_delimiter([["Option", "Cost"]])
    (';', None)
    """
    header = next((r for r in rows if any(c.strip() for c in r)), [])
    if len(header) != 1:
        return None
    return next((d for d in (";", "\t") if d in header[0]), None)


def _criteria_table(path: Path) -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    row: _Row
    columns = {
        "required": ("id", "direction"),
        "optional": ("weight", *CRITERION_COLUMNS["optional"]),
    }
    for row in _read_csv(path, columns):
        table[_text(row, "id")] = {k: _text(row, k) for k in row.values}
    return table


def _cell_number(cell: object) -> float | None:
    """A cell's number (NaN for a boolean, which is no score), or None if it holds none."""
    if isinstance(cell, bool):
        return math.nan
    if isinstance(cell, int | float):
        return float(cell)
    try:
        return parse_number(str(cell)) if cell is not None else None
    except ValueError:
        return None


def _not_a_number(path: Path, line: int, name: str, cell: object) -> str:
    where = f"{path} row {line}, column {name!r}"
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return f"{where}: empty; expected a number"
    if isinstance(cell, int | float):  # bool is an int: True is not a score
        return f"{where}: expected a finite number, got {cell!r}"
    if isinstance(cell, str) and number_hint(cell):
        return f"{where}: expected a number, got {cell!r}{number_hint(cell)}"
    if _cell_number(cell) is None:
        return (
            f"{where}: expected a number, got {cell!r} (if the column is not a criterion, "
            f'leave it out: --ignore "{name}")'
        )
    return f"{where}: expected a finite number, got {cell!r}"


def _end(text: str, field: str, name: str, path: Path) -> float:
    try:
        return parse_number(text)
    except ValueError:
        raise CaseFileError(
            f"{path}: {field} of {name!r}: expected a number, got {text!r}"
        ) from None


def read_table(
    path: str | Path,
    *,
    directions: Mapping[str, str] | None = None,
    weights: Mapping[str, str | float] | None = None,
    criteria_file: str | Path | None = None,
    ignore: Sequence[str] = (),
) -> DecisionModel:
    """A model from a plain table of options (rows) by criteria (columns).

    Criteria are named by their column headings (or the ids made from them).
    Every criterion needs a direction; weights default to 1 each. Columns named
    in ``ignore`` (notes, labels, anything not a criterion) are left out.
    """
    path = Path(path)
    if not path.is_file():
        raise CaseFileError(f"{path}: file not found")
    rows = _read_rows(path)
    if len(rows) < 2:
        raise CaseFileError(f"{path}: expected a header row and at least one option row")
    header = [_name(v) for v in rows[0]]
    names = header[1:]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise CaseFileError(f"{path} row 1: no criterion columns after the option column")
    for col, name in enumerate(names, start=2):
        if not name:
            raise CaseFileError(f"{path} row 1, column {col}: a criterion column without a name")
    for line, row in enumerate(rows[1:], start=2):
        extra = next((k for k in range(len(names) + 1, len(row)) if _name(row[k])), None)
        if extra is not None:
            raise CaseFileError(
                f"{path} row {line}, column {extra + 1}: {_name(row[extra])!r} is in a column "
                "with no name in row 1; name the column, or delete what is in it"
            )
    _refuse_repeats(names, path, lambda k: f"row 1, column {k + 2}", "column")
    crit_ids = _unique(names, "criterion", path)
    lookup = {**{n: i for n, i in zip(names, crit_ids, strict=True)}, **{i: i for i in crit_ids}}
    for key in ignore:
        if key not in lookup:
            raise CaseFileError(
                f"{path}: cannot ignore {key!r}: no such column; the table's columns are "
                f"{', '.join(names)}"
            )
    ignored = {lookup[key] for key in ignore}
    kept = [k for k, crit_id in enumerate(crit_ids) if crit_id not in ignored]
    if not kept:
        raise CaseFileError(f"{path}: every criterion column is ignored; keep at least one")
    names, crit_ids = [names[k] for k in kept], [crit_ids[k] for k in kept]
    lookup = {**{n: i for n, i in zip(names, crit_ids, strict=True)}, **{i: i for i in crit_ids}}

    table = _criteria_table(Path(criteria_file)) if criteria_file else {}
    given_dirs = dict(directions or {})
    given_weights = dict(weights or {})
    for key in [*given_dirs, *given_weights, *table]:
        if key not in lookup:
            raise CaseFileError(
                f"{path}: unknown criterion {key!r} in the directions, weights or criteria "
                f"table; the table's criteria are {', '.join(names)}"
            )
    option_names, values = [], []
    for line, row in enumerate(rows[1:], start=2):
        name = _name(row[0]) if row else ""
        if not name:
            raise CaseFileError(f"{path} row {line}, column 1: an option without a name")
        option_names.append(name)
        numbers = []
        for col, position in enumerate(kept):
            cell = row[position + 1] if position + 1 < len(row) else None
            number = _cell_number(cell)
            if number is None or not math.isfinite(number):  # the message is built only here
                raise CaseFileError(_not_a_number(path, line, names[col], cell))
            numbers.append(number)
        values.append(numbers)
    _refuse_repeats(option_names, path, lambda k: f"row {k + 2}, column 1", "option")
    option_ids = _unique(option_names, "option", path)

    criteria = []
    for name, crit_id in zip(names, crit_ids, strict=True):
        spec = next((table[k] for k in (name, crit_id) if k in table), {})
        direction = next((given_dirs[k] for k in (name, crit_id) if k in given_dirs),
                         spec.get("direction"))  # fmt: skip
        if not direction:
            raise CaseFileError(
                f"{path}: no direction for criterion {name!r}: give --directions "
                f"{crit_id}=max (or min) for every criterion, or a criteria table"
            )
        weight_text = next((given_weights[k] for k in (name, crit_id) if k in given_weights),
                           spec.get("weight") or 1)  # fmt: skip
        try:
            weight = parse_number(str(weight_text))
        except ValueError:
            raise CaseFileError(
                f"{path}: weight of {name!r}: expected a number, got {weight_text!r}"
            ) from None
        ends = [spec.get("scale_min") or None, spec.get("scale_max") or None]
        criteria.append(
            Criterion(
                id=crit_id,
                label=name,
                direction=parse_direction(direction, where=f"{path}, criterion {name!r}"),
                weight=weight,
                scale_min=None if ends[0] is None else _end(ends[0], "scale_min", name, path),
                scale_max=None if ends[1] is None else _end(ends[1], "scale_max", name, path),
                description=spec.get("description", ""),
                scale_min_means=spec.get("scale_min_means", ""),
                scale_max_means=spec.get("scale_max_means", ""),
                weight_rationale=spec.get("weight_rationale", ""),
            )
        )
    frame = pd.DataFrame(values, index=option_ids, columns=crit_ids)
    options = [Option(id=i, label=n) for i, n in zip(option_ids, option_names, strict=True)]
    name = slug(path.stem)
    title = path.stem.replace("_", " ")
    info = CaseInfo(name=name, title=title, source=f"Imported from {path.name}")
    try:
        return DecisionModel(options, criteria, frame, info=info)
    except ValidationError as exc:
        raise ValidationError(f"{path}: {exc}") from None
