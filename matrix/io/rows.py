"""The rows of a case's CSV files, read strictly: the primitives every case-file reader shares
(case.csv's neighbours: criteria, options, scores, perspectives, scenarios, plain tables).

Kept apart from :mod:`matrix.io.case` so that the readers of the optional files import these
and :mod:`matrix.io.case` imports the readers, without a cycle between them.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from matrix.errors import CaseFileError
from matrix.numbers import number_hint, parse_number

__all__ = [
    "FORMULA_STARTS",
    "LIMITS",
    "IdRegistry",
    "Row",
    "cell_id",
    "cell_number",
    "cell_text",
    "escape_text",
    "not_utf8",
    "read_csv",
    "unescape_text",
]

#: Limits on a case folder, checked before the work that grows with them: the size of a
#: file (before it is parsed), the rows of a file (as they are read) and the number of
#: scores (options x criteria, before scores.csv is read).
LIMITS = {
    "file_bytes": 200 * 2**20,
    "rows": 5_000_000,
    "options": 1_000_000,  # a spreadsheet's rows
    "criteria": 10_000,  # within a spreadsheet's 16,384 columns, with room for the layout
    "scores": 5_000_000,
}


@dataclass(frozen=True)
class Row:
    """One data row of a CSV file: its values by column and its line number."""

    line: int
    values: dict[str, str]


def not_utf8(path: Path, exc: UnicodeDecodeError) -> str:
    """What to say about a file that is not UTF-8 text: where, and what it probably is."""
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        return (
            f"{path}: this is an Excel workbook (.xlsx) with another name; rename it to end in "
            ".xlsx, or save it from your spreadsheet as CSV UTF-8"
        )
    line = data[: exc.start].count(b"\n") + 1
    return (
        f"{path} row {line}: not UTF-8 text (byte {data[exc.start]:#04x}); save the file as UTF-8 "
        "(in Excel: Save As, CSV UTF-8)"
    )


def read_csv(
    path: Path, columns: dict[str, tuple[str, ...]], *, max_rows: int | None = None
) -> Iterator[Row]:
    if not path.is_file():
        raise CaseFileError(f"{path}: file not found")
    size = path.stat().st_size
    if size > LIMITS["file_bytes"]:
        raise CaseFileError(
            f"{path}: {size / 2**20:,.0f} MiB; policy-matrix reads case files of at most "
            f"{LIMITS['file_bytes'] / 2**20:,.0f} MiB"
        )
    max_rows = LIMITS["rows"] if max_rows is None else min(max_rows, LIMITS["rows"])
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, strict=True)
            header = next(reader, None)
            if header is None:
                raise CaseFileError(f"{path}: the file is empty; expected a header row")
            header = [h.strip() for h in header]
            allowed = columns["required"] + columns["optional"]
            for name in header:
                if name not in allowed and ";" in name and "," not in name:
                    raise CaseFileError(
                        f"{path} row 1: the columns seem to be separated by ';' (as some "
                        "spreadsheets save CSV); save it with commas (in Excel: CSV UTF-8)"
                    )
                if name not in allowed:
                    raise CaseFileError(
                        f"{path} row 1: unknown column {name!r}; "
                        f"expected columns: {', '.join(allowed)}"
                    )
            for name in columns["required"]:
                if name not in header:
                    raise CaseFileError(f"{path} row 1: missing column {name!r}")
            dupes = [h for h in header if header.count(h) > 1]
            if dupes:
                raise CaseFileError(f"{path} row 1: column {dupes[0]!r} appears twice")
            rows = []
            for cells in reader:
                if not "".join(cells).strip():
                    continue  # blank lines are allowed
                if len(cells) != len(header):
                    raise CaseFileError(
                        f"{path} row {reader.line_num}: {len(cells)} cells; expected {len(header)} "
                        f"({', '.join(header)})"
                    )
                rows.append(Row(reader.line_num, dict(zip(header, cells, strict=True))))
                if len(rows) > max_rows:
                    raise CaseFileError(
                        f"{path} row {reader.line_num}: more than {max_rows:,} data rows, the "
                        "most policy-matrix reads from this file"
                    )
    except UnicodeDecodeError as exc:
        raise CaseFileError(not_utf8(path, exc)) from None
    except csv.Error as exc:
        raise CaseFileError(f"{path}: not a readable CSV file ({exc})") from None
    if not rows:
        raise CaseFileError(f"{path}: no data rows below the header")
    yield from rows


def cell_number(row: Row, column: str, path: Path, *, required: bool) -> float | None:
    text = row.values.get(column, "").strip()
    where = f"{path} row {row.line}, column {column!r}"
    if not text:
        if required:
            raise CaseFileError(f"{where}: empty; expected a number")
        return None
    try:
        value = parse_number(text)
    except ValueError:
        raise CaseFileError(
            f"{where}: expected a number, got {text!r}{number_hint(text)}"
        ) from None
    if not math.isfinite(value):
        raise CaseFileError(f"{where}: expected a finite number, got {text!r}")
    return value


#: A text cell that starts with one of these is stored with a leading apostrophe, as
#: spreadsheets do, so that opening the CSV file in a spreadsheet never runs it as a
#: formula (OWASP, CWE-1236). The reader drops that one apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def escape_text(text: str) -> str:
    """Text as written to a case CSV file: a leading apostrophe where a spreadsheet needs one.

    >>> escape_text("=1+1"), escape_text("plain"), escape_text("'quoted")
    ("'=1+1", 'plain', "''quoted")
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unescape_text(text: str) -> str:
    """The inverse of :func:`escape_text`.

    >>> unescape_text("'=1+1"), unescape_text("''quoted"), unescape_text("plain")
    ('=1+1', "'quoted", 'plain')
    """
    return text[1:] if text.startswith("'") else text


def cell_text(row: Row, column: str) -> str:
    return unescape_text(row.values.get(column, "").strip())


def cell_id(row: Row, column: str, path: Path) -> str:
    value = cell_text(row, column)
    if not value:
        raise CaseFileError(f"{path} row {row.line}, column {column!r}: empty; expected an id")
    return value


class IdRegistry:
    """Ids seen so far, unique ignoring case (spreadsheet lookups ignore case), with where each was.

    >>> ids = IdRegistry()
    >>> ids.add("war_risk", 2) is None, ids.add("War_Risk", 5)
    (True, ('war_risk', 2))
    """

    def __init__(self) -> None:
        self._seen: dict[str, tuple[str, int]] = {}

    def add(self, value: str, place: int) -> tuple[str, int] | None:
        """Record ``value`` at ``place``; return the earlier (id, place) it clashes with, if any."""
        key = value.casefold()
        if key in self._seen:
            return self._seen[key]
        self._seen[key] = (value, place)
        return None
