"""Read a case folder: ``case.toml``, ``options.csv``, ``criteria.csv``, ``scores.csv``.

The format is described in ``data/README.md``. Every error names the file, the
row (the line number a spreadsheet or text editor shows) and the column. The
optional perspective files are read by :mod:`matrix.io.perspectives`.
"""

from __future__ import annotations

import math
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from matrix.errors import CaseFileError
from matrix.io.rows import (
    LIMITS,
    IdRegistry,
    escape_text,
    unescape_text,
)
from matrix.io.rows import cell_id as _id
from matrix.io.rows import cell_number as _number
from matrix.io.rows import cell_text as _text
from matrix.io.rows import read_csv as _read_csv
from matrix.model import CaseInfo, Criterion, DecisionModel, Locator, Option

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
