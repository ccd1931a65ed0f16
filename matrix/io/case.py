"""Read a case folder: ``case.toml``, ``options.csv``, ``criteria.csv``, ``scores.csv``.

The format is described in ``data/README.md``. Every error names the file, the
row (the line number a spreadsheet or text editor shows) and the column. The
optional perspective files are read by :mod:`matrix.io.perspectives`.
"""

from __future__ import annotations

import csv
import math
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from matrix.errors import CaseFileError
from matrix.model import CaseInfo, Criterion, DecisionModel, Locator, Option
from matrix.numbers import number_hint, parse_number

__all__ = [
    "BUNDLED_CASES",
    "DEFAULT_CASE",
    "bundled_case_path",
    "escape_text",
    "load_case",
    "unescape_text",
]

#: The case analysed when none is named.
DEFAULT_CASE = "north_korea"

#: Cases that ship with the package, by name.
BUNDLED_CASES = ("north_korea",)

CASE_FILE = "case.toml"
OPTIONS_FILE = "options.csv"
CRITERIA_FILE = "criteria.csv"
SCORES_FILE = "scores.csv"

CASE_KEYS = ("title", "question", "summary", "source", "source_text", "analyst")
OPTION_COLUMNS = {"required": ("id",), "optional": ("label", "description", "quote")}
CRITERION_COLUMNS = {
    "required": ("id", "direction", "weight"),
    "optional": (
        "label",
        "description",
        "scale_min",
        "scale_max",
        "scale_min_means",
        "scale_max_means",
        "weight_rationale",
        "red_line",
        "red_line_evidence",
    ),
}
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

SCORE_COLUMNS = {
    "required": ("option", "criterion", "score"),
    "optional": ("low", "high", "rationale", "evidence"),
}


def bundled_case_path(name: str = DEFAULT_CASE) -> Path:
    """The folder of a bundled case, in an installed package or a source checkout."""
    if name not in BUNDLED_CASES:
        raise CaseFileError(f"no bundled case {name!r}; bundled: {', '.join(BUNDLED_CASES)}")
    installed = Path(str(resources.files("matrix"))) / "_data" / name
    if installed.is_dir():
        return installed
    checkout = Path(__file__).resolve().parents[2] / "data" / name
    if checkout.is_dir():
        return checkout
    raise CaseFileError(f"the bundled case {name!r} is missing from this installation")


@dataclass(frozen=True)
class _Row:
    """One data row of a CSV file: its values by column and its line number."""

    line: int
    values: dict[str, str]


class _CaseLocator(Locator):
    """Names the file, row and column behind each piece of a model read from a folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.options: dict[str, int] = {}
        self.criteria: dict[str, int] = {}
        self.scores: dict[tuple[str, str], int] = {}
        self.perspective_lines: Any = None  # a PerspectiveLines, once perspectives are read

    def _place(self, file: str, line: int | None, column: str) -> str:
        row = f" row {line}" if line is not None else ""
        return f"{self.folder / file}{row}, column {column!r}"

    def option(self, option: str, field: str) -> str:
        return self._place(OPTIONS_FILE, self.options.get(option), field)

    def criterion(self, criterion: str, field: str) -> str:
        return self._place(CRITERIA_FILE, self.criteria.get(criterion), field)

    def score(self, option: str, criterion: str, field: str) -> str:
        return self._place(SCORES_FILE, self.scores.get((option, criterion)), field)

    def perspective(self, perspective: str, criterion: str, field: str) -> str:
        if self.perspective_lines is None:
            return super().perspective(perspective, criterion, field)
        return str(self.perspective_lines.place(perspective, criterion, field))

    def info(self, field: str) -> str:
        return f"{self.folder / CASE_FILE}, key {field!r}"

    def table(self, what: str) -> str:
        file = {"options": OPTIONS_FILE, "criteria": CRITERIA_FILE, "weights": CRITERIA_FILE}
        return str(self.folder / file.get(what, SCORES_FILE))


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


def _read_csv(
    path: Path, columns: dict[str, tuple[str, ...]], *, max_rows: int | None = None
) -> Iterator[_Row]:
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
                rows.append(_Row(reader.line_num, dict(zip(header, cells, strict=True))))
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


def _number(row: _Row, column: str, path: Path, *, required: bool) -> float | None:
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


def _text(row: _Row, column: str) -> str:
    return unescape_text(row.values.get(column, "").strip())


def _id(row: _Row, column: str, path: Path) -> str:
    value = _text(row, column)
    if not value:
        raise CaseFileError(f"{path} row {row.line}, column {column!r}: empty; expected an id")
    return value


def _read_info(folder: Path) -> CaseInfo:
    path = folder / CASE_FILE
    name = folder.resolve().name
    if not path.is_file():
        return CaseInfo(name=name, title=name.replace("_", " ").capitalize())
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise CaseFileError(f"{path}: not UTF-8 text; save the file as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise CaseFileError(f"{path}: not valid TOML ({exc})") from None
    except RecursionError:  # tomllib recurses once per level of nested arrays or tables
        raise CaseFileError(
            f"{path}: arrays or tables nested too deeply; case.toml holds only text keys "
            f"({', '.join(CASE_KEYS)})"
        ) from None
    for key, value in data.items():
        if key not in CASE_KEYS:
            raise CaseFileError(
                f"{path}: unknown key {_clipped(key)!r}; expected some of {', '.join(CASE_KEYS)}"
            )
        if not isinstance(value, str):
            shown = repr(value) if isinstance(value, int | float | bool) else type(value).__name__
            kind = {"list": "an array", "dict": "a table"}.get(shown, shown)
            raise CaseFileError(f"{path}, key {key!r}: must be text in quotes; got {kind}")
    fields = {k: v.strip() for k, v in data.items()}
    fields.setdefault("title", name.replace("_", " ").capitalize())
    return CaseInfo(name=name, **fields)


def _clipped(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters for a message (a key may be any length)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


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


def _duplicate(path: Path, line: int, kind: str, value: str, first: tuple[str, int]) -> str:
    return (
        f"{path} row {line}, column 'id': duplicate {kind} id {value!r} "
        f"(ids must be unique, ignoring case; {first[0]!r} is on row {first[1]})"
    )


def _read_folder(folder: Path) -> DecisionModel:
    where = _CaseLocator(folder)
    info = _read_info(folder)

    options = []
    path = folder / OPTIONS_FILE
    seen = IdRegistry()
    for row in _read_csv(path, OPTION_COLUMNS, max_rows=LIMITS["options"]):
        option_id = _id(row, "id", path)
        first = seen.add(option_id, row.line)
        if first is not None:
            raise CaseFileError(_duplicate(path, row.line, "option", option_id, first))
        where.options[option_id] = row.line
        options.append(
            Option(
                id=option_id,
                label=_text(row, "label"),
                description=_text(row, "description"),
                quote=_text(row, "quote"),
            )
        )

    criteria = []
    path = folder / CRITERIA_FILE
    seen = IdRegistry()
    for row in _read_csv(path, CRITERION_COLUMNS, max_rows=LIMITS["criteria"]):
        criterion_id = _id(row, "id", path)
        first = seen.add(criterion_id, row.line)
        if first is not None:
            raise CaseFileError(_duplicate(path, row.line, "criterion", criterion_id, first))
        where.criteria[criterion_id] = row.line
        criteria.append(
            Criterion(
                id=criterion_id,
                label=_text(row, "label"),
                description=_text(row, "description"),
                direction=_text(row, "direction"),  # type: ignore[arg-type]  # parsed by the model
                scale_min=_number(row, "scale_min", path, required=False),
                scale_max=_number(row, "scale_max", path, required=False),
                scale_min_means=_text(row, "scale_min_means"),
                scale_max_means=_text(row, "scale_max_means"),
                weight=_number(row, "weight", path, required=True),  # type: ignore[arg-type]
                weight_rationale=_text(row, "weight_rationale"),
                red_line=_number(row, "red_line", path, required=False),
                red_line_evidence=_text(row, "red_line_evidence"),
            )
        )

    option_ids = [o.id for o in options]
    criterion_ids = [c.id for c in criteria]
    path = folder / SCORES_FILE
    n, m = len(option_ids), len(criterion_ids)
    if n * m > LIMITS["scores"]:
        raise CaseFileError(
            f"{path}: {n:,} options x {m:,} criteria make {n * m:,} scores; policy-matrix reads "
            f"at most {LIMITS['scores']:,}"
        )
    # filled row by row into arrays (a pandas .loc per cell would make loading quadratic)
    row_of = {o: i for i, o in enumerate(option_ids)}
    col_of = {c: j for j, c in enumerate(criterion_ids)}
    numbers = {name: np.full((n, m), np.nan) for name in ("score", "low", "high")}
    texts = {name: np.full((n, m), "", dtype=object) for name in ("rationale", "evidence")}
    for row in _read_csv(path, SCORE_COLUMNS, max_rows=2 * n * m + 100):
        option_id, criterion_id = _id(row, "option", path), _id(row, "criterion", path)
        if option_id not in where.options:
            raise CaseFileError(
                f"{path} row {row.line}, column 'option': unknown option {option_id!r}; "
                f"options.csv has {', '.join(option_ids)}"
            )
        if criterion_id not in where.criteria:
            raise CaseFileError(
                f"{path} row {row.line}, column 'criterion': unknown criterion {criterion_id!r}; "
                f"criteria.csv has {', '.join(criterion_ids)}"
            )
        key = (option_id, criterion_id)
        if key in where.scores:
            raise CaseFileError(
                f"{path} row {row.line}: a second score for option {option_id!r}, criterion "
                f"{criterion_id!r} (first on row {where.scores[key]})"
            )
        where.scores[key] = row.line
        i, j = row_of[option_id], col_of[criterion_id]
        for name, array in numbers.items():
            value = _number(row, name, path, required=name == "score")
            array[i, j] = math.nan if value is None else value
        for name, array in texts.items():
            array[i, j] = _text(row, name)
    if len(where.scores) < n * m:
        option_id, criterion_id = next(
            (o, c) for o in option_ids for c in criterion_ids if (o, c) not in where.scores
        )
        raise CaseFileError(
            f"{path}: no score for option {option_id!r}, criterion {criterion_id!r}; "
            "every option needs a row for every criterion"
        )
    frames = {name: pd.DataFrame(array, index=option_ids, columns=criterion_ids)
              for name, array in {**numbers, **texts}.items()}  # fmt: skip

    # Imported here: the perspectives reader uses this module's CSV helpers.
    from matrix.io.perspectives import PerspectiveLines, read_perspectives

    where.perspective_lines = PerspectiveLines(folder)
    perspectives = read_perspectives(folder, criterion_ids, where.perspective_lines)

    model = DecisionModel(
        options,
        criteria,
        frames["score"],
        low=frames["low"],
        high=frames["high"],
        rationale=frames["rationale"],
        evidence=frames["evidence"],
        info=info,
        perspectives=perspectives,
        locator=where,
    )
    from matrix.io.scenarios import read_scenarios  # optional files, checked by the reader

    scenarios = read_scenarios(folder, model.option_ids, {c.id: c for c in model.criteria})
    return model.replace(scenarios=scenarios) if scenarios else model


#: Spreadsheet files policy-matrix does not read, and what to call them.
_SPREADSHEET_FORMATS = {
    ".xlsm": "a macro-enabled workbook (.xlsm)",
    ".xltx": "an Excel template (.xltx)",
    ".xltm": "a macro-enabled Excel template (.xltm)",
    ".xlsb": "a binary Excel workbook (.xlsb)",
    ".xls": "an Excel 97-2003 workbook (.xls)",
    ".ods": "an OpenDocument spreadsheet (.ods)",
    ".numbers": "an Apple Numbers file",
}


def load_case(path: str | Path | None = None) -> DecisionModel:
    """Read a case and return its validated model.

    Parameters
    ----------
    path
        A case folder, a workbook written by policy-matrix (``.xlsx``, with
        the edits made in it), or the name of a bundled case; ``None`` loads
        the bundled North Korea case.

    Raises
    ------
    CaseFileError, ValidationError
        With the file, row and column of the problem.

    >>> import matrix
    >>> model = matrix.load_case()
    >>> model.info.name
    'north_korea'
    """
    if path is None:
        folder = bundled_case_path()
    else:
        folder = Path(path)
        if not folder.exists() and str(path) in BUNDLED_CASES:
            folder = bundled_case_path(str(path))
    if not folder.exists():
        raise CaseFileError(f"{folder}: no such case folder or workbook")
    if folder.is_file() and folder.suffix.lower() == ".xlsx":
        from matrix.io.workbook import read_workbook

        return read_workbook(folder)
    other = _SPREADSHEET_FORMATS.get(folder.suffix.lower())
    if folder.is_file() and other:
        raise CaseFileError(
            f"{folder}: {other}; policy-matrix reads .xlsx workbooks and .csv tables: save it "
            "from your spreadsheet as Excel Workbook (.xlsx)"
        )
    if not folder.is_dir():
        raise CaseFileError(
            f"{folder}: expected a case folder holding "
            f"{OPTIONS_FILE}, {CRITERIA_FILE} and {SCORES_FILE}"
        )
    return _read_folder(folder)
