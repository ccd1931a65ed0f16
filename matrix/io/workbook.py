"""Read a case back from a workbook policy-matrix wrote, with the analyst's edits.

Only input cells are read: scores, weights, ids, labels, directions and scales
on the Scores sheet; ranges, rationale and evidence on Evidence; descriptions
and quotes on Options; descriptions, scale meanings and weight rationale on
Criteria; the question, source, summary and analyst on Summary. Formula cells
that mirror them are never read. Everything is validated exactly as a case
folder is, and every error names the file, sheet and cell.

Options and criteria can be added or removed on the Scores sheet: a new option
is a new row under the last one (id in column A, label in B, then its scores);
a new criterion is a new column to the right of the last one (label, id,
direction, scale min, scale max, weight, then the scores). Rows on Evidence,
Options and Criteria for an option or criterion that is no longer on Scores
are errors, so that no rationale is dropped by mistake.
"""

from __future__ import annotations

import bisect
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from matrix import __version__
from matrix.errors import WorkbookError
from matrix.io.guard import check_archive
from matrix.io.layout import (
    AHP,
    CRITERIA_HEADERS,
    EVIDENCE,
    EVIDENCE_HEADERS,
    FORMAT_PROPERTY,
    FORMAT_VERSION,
    HEADER_ROW,
    INFO_ROWS,
    OPTION_HEADERS,
    PERSPECTIVE_RED_LINES,
    RED_LINE_EVIDENCE_COL,
    RED_LINE_EVIDENCE_HEADER,
    SCORES,
    SUMMARY,
    WEIGHTS,
    Layout,
)
from matrix.io.rows import IdRegistry
from matrix.io.sheets import open_workbook, reason, sheet_cells
from matrix.model import (
    CaseInfo,
    Criterion,
    DecisionModel,
    Option,
    Perspective,
    Scenario,
)
from matrix.numbers import number_hint, parse_number
from matrix.validation import MAX_TEXT_LENGTH, Locator, fmt_number

__all__ = ["MAX_CELLS", "is_policy_workbook", "read_workbook"]

#: The most cells of any one sheet read back (a guard against enormous sheets).
MAX_CELLS = 5_000_000

_LAYOUT = Layout(0, 0)  # positions that do not depend on the case's size


#: The sheets read back; the others (calculations, charts' data, results) are never opened.
READ_SHEETS = (SUMMARY, SCORES, EVIDENCE, "Options", "Criteria", WEIGHTS, AHP, "Scenarios")


class _Cell:
    """What the reader needs of a cell: its value, type ("f" for a formula) and address."""

    __slots__ = ("column", "data_type", "row", "value")

    def __init__(self, row: int, column: int, value: Any = None, data_type: str = "n") -> None:
        self.row, self.column, self.value, self.data_type = row, column, value, data_type

    @property
    def coordinate(self) -> str:
        return f"{get_column_letter(self.column)}{self.row}"


class _Sheet:
    """A sheet's non-empty cells, streamed once by :func:`matrix.io.sheets.sheet_cells`
    (only the cells present, whatever range the sheet declares; counted before they are
    built), holding only the values."""

    def __init__(self, path: Path, workbook: Any, title: str) -> None:
        self.title = title
        self._cells: dict[tuple[int, int], _Cell] = {}
        self.max_row = self.max_column = 1
        for r, row in sheet_cells(workbook, title, path, max_cells=MAX_CELLS):
            for cell in row:
                value = cell["value"]
                if value is None:
                    continue
                c = cell["column"]
                self._cells[(r, c)] = _Cell(r, c, value, cell["data_type"])
                self.max_row, self.max_column = max(self.max_row, r), max(self.max_column, c)
        #: The numbers of the rows that hold a value, in order: loops over rows visit these,
        #: so a stray cell far down the sheet costs nothing.
        self.rows = sorted({r for r, _ in self._cells})

    def rows_from(self, first: int) -> list[int]:
        """The rows from ``first`` down that hold a value."""
        return self.rows[bisect.bisect_left(self.rows, first) :]

    def run_from(self, first: int) -> list[int]:
        """The rows from ``first`` down to the first row that holds no value."""
        run: list[int] = []
        for row in self.rows_from(first):
            if row != first + len(run):
                break
            run.append(row)
        return run

    def columns_in(self, row: int) -> list[int]:
        """The columns of ``row`` that hold a value, in order."""
        return sorted(c for r, c in self._cells if r == row)

    def cell(self, row: int, column: int) -> _Cell:
        return self._cells.get((row, column)) or _Cell(row, column)


class _Book:
    """The sheets policy-matrix reads back, and the workbook's sheet names and custom
    properties."""

    def __init__(self, path: Path, workbook: Any) -> None:
        self.sheetnames: list[str] = list(workbook.sheetnames)
        self.custom_doc_props = list(workbook.custom_doc_props)
        self._sheets = {
            name: _Sheet(path, workbook, name) for name in READ_SHEETS if name in self.sheetnames
        }

    def __getitem__(self, name: str) -> _Sheet:
        return self._sheets[name]


class _SavedValues:
    """The values a spreadsheet saved for formula cells, read a sheet at a time and only
    when a formula stands where an input was expected (rare: mirrors are never read)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._sheets: dict[str, _Sheet] = {}

    def __getitem__(self, name: str) -> _Sheet:
        if name not in self._sheets:
            workbook = open_workbook(self.path, data_only=True)
            try:
                self._sheets[name] = _Sheet(self.path, workbook, name)
            finally:
                workbook.close()
        return self._sheets[name]


class _Cells:
    """One sheet as written (to see formulas), with the values saved for its formulas at
    hand. Its size was checked as it was read (:data:`MAX_CELLS`)."""

    def __init__(self, path: Path, formulas: Any, values: Any, name: str) -> None:
        self.path, self.name = path, name
        self.ws, self._values = formulas[name], values

    @property
    def cached(self) -> Any:
        """The sheet's saved values (read on first use)."""
        return self._values[self.name]

    def where(self, row: int, col: int) -> str:
        return f"{self.path}, sheet {self.name}, cell {self.ws.cell(row, col).coordinate}"

    def raw(self, row: int, col: int) -> Any:
        return self.ws.cell(row, col).value

    def text(self, row: int, col: int) -> str:
        value = self.raw(row, col)
        if value is None:
            return ""
        if self.ws.cell(row, col).data_type == "f":
            cached = self.cached.cell(row, col).value
            return "" if cached is None else str(cached)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value)
        if len(text) > MAX_TEXT_LENGTH:
            raise WorkbookError(f"{self.where(row, col)}: text longer than {MAX_TEXT_LENGTH:,}")
        return text

    def number(self, row: int, col: int, what: str, *, required: bool) -> float | None:
        """A number typed in, or the saved value of a formula typed in its place."""
        cell = self.ws.cell(row, col)
        value = cell.value
        if cell.data_type == "f":
            value = self.cached.cell(row, col).value
            if value is None:
                raise WorkbookError(
                    f"{self.where(row, col)}: {what} is a formula with no saved value; type a "
                    "number, or open and save the workbook in a spreadsheet first"
                )
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise WorkbookError(f"{self.where(row, col)}: {what} is empty; expected a number")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            try:
                value = parse_number(str(value))
            except ValueError:
                raise WorkbookError(
                    f"{self.where(row, col)}: {what} must be a number; got {value!r}"
                    f"{number_hint(str(value))}"
                ) from None
        number = float(value)
        if not math.isfinite(number):
            raise WorkbookError(f"{self.where(row, col)}: {what} must be a finite number")
        return number

    def is_formula(self, row: int, col: int) -> bool:
        return self.ws.cell(row, col).data_type == "f"

    def check_header(self, row: int, headers: list[str]) -> None:
        found = [self.text(row, col) for col in range(1, len(headers) + 1)]
        if found != headers:
            raise WorkbookError(
                f"{self.path}, sheet {self.name}, row {row}: expected the headers "
                f"{', '.join(headers)}; found {', '.join(h or '(blank)' for h in found)}"
            )


class _WorkbookLocator(Locator):
    """Names the sheet and cell behind each piece of a model read from a workbook."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.options: dict[str, int] = {}  # option id -> Scores row
        self.criteria: dict[str, int] = {}  # criterion id -> Scores column
        self.option_rows: dict[str, int] = {}  # option id -> Options row
        self.criterion_rows: dict[str, int] = {}  # criterion id -> Criteria row
        self.evidence: dict[tuple[str, str], int] = {}  # (option, criterion) -> Evidence row

    def _cell(self, sheet: str, row: int | None, col: int | None) -> str:
        if row is None or col is None:
            return f"{self.path}, sheet {sheet}"
        from openpyxl.utils import get_column_letter

        return f"{self.path}, sheet {sheet}, cell {get_column_letter(col)}{row}"

    def option(self, option: str, field: str) -> str:
        if field in ("description", "quote"):
            col = 3 if field == "description" else 4
            return self._cell("Options", self.option_rows.get(option), col)
        return self._cell(SCORES, self.options.get(option), 1 if field == "id" else 2)

    def criterion(self, criterion: str, field: str) -> str:
        rows = {
            "id": _LAYOUT.id_row,
            "label": _LAYOUT.label_row,
            "direction": _LAYOUT.direction_row,
            "scale_min": _LAYOUT.scale_min_row,
            "scale_max": _LAYOUT.scale_max_row,
            "weight": _LAYOUT.weight_row,
            "red_line": _LAYOUT.red_line_row,
        }
        if field in rows:
            return self._cell(SCORES, rows[field], self.criteria.get(criterion))
        col = {"description": 3, "scale_min_means": 7, "scale_max_means": 8,
               "red_line_evidence": RED_LINE_EVIDENCE_COL}.get(field, 10)  # fmt: skip
        return self._cell("Criteria", self.criterion_rows.get(criterion), col)

    def score(self, option: str, criterion: str, field: str) -> str:
        if field == "score":
            return self._cell(SCORES, self.options.get(option), self.criteria.get(criterion))
        col = {"low": 6, "high": 7, "rationale": 8, "evidence": 9}[field]
        return self._cell(EVIDENCE, self.evidence.get((option, criterion)), col)

    def table(self, what: str) -> str:
        return self._cell(SCORES, None, None)


def is_policy_workbook(path: str | Path) -> bool:
    """Whether ``path`` is an .xlsx file that policy-matrix wrote (read from its parts list only).

    A damaged file or a zip bomb is refused with :class:`WorkbookError`.
    """
    import zipfile

    path = Path(path)
    check_archive(path)
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        if "docProps/custom.xml" in names:
            with archive.open("docProps/custom.xml") as part:
                if FORMAT_PROPERTY.encode() in part.read(1_000_000):
                    return True
        if "xl/workbook.xml" in names:
            with archive.open("xl/workbook.xml") as part:
                text = part.read(1_000_000)
            return all(f'name="{s}"'.encode() in text for s in (SUMMARY, SCORES, EVIDENCE))
    return False


def _open(path: Path) -> tuple[Any, Any]:
    check_archive(path)
    workbook = open_workbook(path, data_only=False)
    try:
        formulas = _Book(path, workbook)
    except WorkbookError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on damaged or hostile files
        raise WorkbookError(f"{path}: cannot read the workbook ({reason(exc)})") from None
    finally:
        workbook.close()
    values = _SavedValues(path)
    ours = any(p.name == FORMAT_PROPERTY for p in formulas.custom_doc_props)
    _check_format(path, formulas.custom_doc_props)
    missing = [s for s in (SUMMARY, SCORES, EVIDENCE, "Options", "Criteria")
               if s not in formulas.sheetnames]  # fmt: skip
    if missing:
        hint = "" if ours else " (was it written by policy-matrix?)"
        raise WorkbookError(
            f"{path}: no sheet named {missing[0]!r}{hint}; a policy-matrix workbook has the "
            f"sheets Summary, Scores, Evidence, Options and Criteria; sheets found: "
            f"{', '.join(formulas.sheetnames)}"
        )
    return formulas, values


def _check_format(path: Path, props: list[Any]) -> None:
    """Refuse a workbook whose layout is newer than this version reads (a newer
    policy-matrix wrote it), rather than misread it."""
    version = next((str(p.value) for p in props if p.name == FORMAT_PROPERTY), FORMAT_VERSION)
    try:
        newer = int(version) > int(FORMAT_VERSION)
    except ValueError:
        newer = version != FORMAT_VERSION
    if newer:
        raise WorkbookError(
            f"{path}: written by a newer policy-matrix (workbook format {version}; this version, "
            f"{__version__}, reads format {FORMAT_VERSION}); upgrade policy-matrix to read it"
        )


def _read_scores(
    cells: _Cells, where: _WorkbookLocator, *, blanks_allowed: bool = False
) -> tuple[list, list, pd.DataFrame]:
    """The Scores sheet: options, criteria and scores (an empty score is NaN when
    ``blanks_allowed``, else an error naming its cell)."""
    lay = _LAYOUT
    if cells.text(lay.label_row, 2) != "Criterion" or cells.text(lay.header_row, 1) != "Option id":
        raise WorkbookError(
            f"{cells.path}, sheet {SCORES}: not laid out as policy-matrix writes it (expected "
            f"'Criterion' in B{lay.label_row} and 'Option id' in A{lay.header_row})"
        )
    criteria = []
    crit_seen, option_seen = IdRegistry(), IdRegistry()
    col = lay.first_col
    while col <= cells.ws.max_column and cells.text(lay.id_row, col):
        crit_id = cells.text(lay.id_row, col)
        clash = crit_seen.add(crit_id, col)
        if clash is not None:
            raise WorkbookError(
                f"{cells.where(lay.id_row, col)}: duplicate criterion id {crit_id!r} (ids must be "
                f"unique, ignoring case; {clash[0]!r} is in column {get_column_letter(clash[1])})"
            )
        where.criteria[crit_id] = col
        declared = not (cells.is_formula(lay.scale_min_row, col)
                        and cells.is_formula(lay.scale_max_row, col))  # fmt: skip
        low = (
            cells.number(lay.scale_min_row, col, "scale min", required=False) if declared else None
        )
        high = (
            cells.number(lay.scale_max_row, col, "scale max", required=False) if declared else None
        )
        criteria.append(
            dict(
                id=crit_id,
                label=cells.text(lay.label_row, col),
                direction=cells.text(lay.direction_row, col),
                scale_min=low,
                scale_max=high,
                weight=cells.number(lay.weight_row, col, "weight", required=True),
                red_line=cells.number(lay.red_line_row, col, "red line", required=False),
            )
        )
        col += 1
    stray = [c for c in cells.ws.columns_in(lay.id_row) if c > col]
    if stray:
        raise WorkbookError(
            f"{cells.where(lay.id_row, col)}: column {get_column_letter(col)} is blank between "
            f"criteria (the next criterion, {cells.text(lay.id_row, stray[0])!r}, is in column "
            f"{get_column_letter(stray[0])}); delete the empty column, or fill in its criterion "
            "(label, id, direction, scale, weight and a score for every option)"
        )
    options = []
    rows: dict[str, dict[str, float | None]] = {}
    for row in cells.ws.rows_from(lay.first_option_row):
        option_id = cells.text(row, 1)
        values = [cells.raw(row, lay.first_col + j) for j in range(len(criteria))]
        if not option_id:
            if cells.text(row, 2) or any(v is not None for v in values):
                raise WorkbookError(f"{cells.where(row, 1)}: this row has scores but no option id")
            continue
        clash = option_seen.add(option_id, row)
        if clash is not None:
            raise WorkbookError(
                f"{cells.where(row, 1)}: duplicate option id {option_id!r} (ids must be unique, "
                f"ignoring case; {clash[0]!r} is on row {clash[1]})"
            )
        where.options[option_id] = row
        options.append(dict(id=option_id, label=cells.text(row, 2)))
        rows[option_id] = {
            str(crit["id"]): cells.number(
                row,
                lay.first_col + j,
                f"the score of {option_id!r} on {crit['id']!r}",
                required=not blanks_allowed,
            )
            for j, crit in enumerate(criteria)
        }
    if not criteria:
        raise WorkbookError(
            f"{cells.where(lay.id_row, lay.first_col)}: no criteria on the Scores sheet"
        )
    if not options:
        raise WorkbookError(
            f"{cells.where(lay.first_option_row, 1)}: no options on the Scores sheet"
        )
    scores = pd.DataFrame.from_dict(rows, orient="index")[[c["id"] for c in criteria]]
    return options, criteria, scores.astype(float)


def _rows(cells: _Cells, header_row: int, headers: list[str]):  # type: ignore[no-untyped-def]
    cells.check_header(header_row, headers)
    for row in cells.ws.rows_from(header_row + 1):
        if all(cells.raw(row, col) is None for col in range(1, len(headers) + 1)):
            continue
        yield row


def read_workbook(
    path: str | Path, *, blanks: list[tuple[str, str]] | None = None
) -> DecisionModel:
    """Read a workbook written by policy-matrix, with the edits made in it, as a model.

    An empty score cell is an error, unless a list is given as ``blanks``: then each
    empty score is added to it as ``(option, criterion)`` (in the sheet's order) and
    takes a stand-in inside its range (its plausible low on the Evidence sheet, else
    the scale's low end, else 0), as a panel reads an analyst who left scores out.

    Raises
    ------
    WorkbookError, ValidationError
        Naming the file, sheet and cell of the problem.
    """
    path = Path(path)
    formulas, values = _open(path)
    where = _WorkbookLocator(path)
    scores_sheet = _Cells(path, formulas, values, SCORES)
    options, criteria, scores = _read_scores(scores_sheet, where, blanks_allowed=blanks is not None)
    option_ids = [o["id"] for o in options]
    criterion_ids = [c["id"] for c in criteria]
    options_by_id = {o["id"]: o for o in options}
    criteria_by_id = {c["id"]: c for c in criteria}

    sheet = _Cells(path, formulas, values, "Options")
    for row in _rows(sheet, HEADER_ROW, OPTION_HEADERS):
        option_id = sheet.text(row, 1)
        if option_id not in where.options:
            raise WorkbookError(
                f"{sheet.where(row, 1)}: option {option_id!r} is not on the Scores sheet; add it "
                "there or delete this row"
            )
        where.option_rows[option_id] = row
        options_by_id[option_id].update(description=sheet.text(row, 3), quote=sheet.text(row, 4))

    sheet = _Cells(path, formulas, values, "Criteria")
    # a workbook written before red lines has no red-line evidence column: read it when present
    evidence_column = sheet.text(HEADER_ROW, RED_LINE_EVIDENCE_COL) == RED_LINE_EVIDENCE_HEADER
    for row in _rows(sheet, HEADER_ROW, CRITERIA_HEADERS[: RED_LINE_EVIDENCE_COL - 1]):
        crit_id = sheet.text(row, 1)
        if crit_id not in where.criteria:
            raise WorkbookError(
                f"{sheet.where(row, 1)}: criterion {crit_id!r} is not on the Scores sheet; add it "
                "there or delete this row"
            )
        where.criterion_rows[crit_id] = row
        criteria_by_id[crit_id].update(
            description=sheet.text(row, 3),
            scale_min_means=sheet.text(row, 7),
            scale_max_means=sheet.text(row, 8),
            weight_rationale=sheet.text(row, 10),
            red_line_evidence=sheet.text(row, RED_LINE_EVIDENCE_COL) if evidence_column else "",
        )

    low = pd.DataFrame(math.nan, index=option_ids, columns=criterion_ids)
    high = low.copy()
    rationale = pd.DataFrame("", index=option_ids, columns=criterion_ids, dtype=object)
    evidence = rationale.copy()
    sheet = _Cells(path, formulas, values, EVIDENCE)
    for row in _rows(sheet, _LAYOUT.evidence_header_row, EVIDENCE_HEADERS):
        option_id, crit_id = sheet.text(row, 1), sheet.text(row, 3)
        for value, known, kind, col in ((option_id, where.options, "option", 1),
                                        (crit_id, where.criteria, "criterion", 3)):  # fmt: skip
            if value not in known:
                raise WorkbookError(
                    f"{sheet.where(row, col)}: {kind} {value!r} is not on the Scores sheet; "
                    "add it there or delete this row"
                )
        if (option_id, crit_id) in where.evidence:
            raise WorkbookError(
                f"{sheet.where(row, 1)}: a second row for option {option_id!r}, criterion "
                f"{crit_id!r} (the first is row {where.evidence[(option_id, crit_id)]})"
            )
        where.evidence[(option_id, crit_id)] = row
        for frame, col, what in ((low, 6, "low"), (high, 7, "high")):
            number = sheet.number(row, col, what, required=False)
            frame.loc[option_id, crit_id] = math.nan if number is None else number
        rationale.loc[option_id, crit_id] = sheet.text(row, 8)
        evidence.loc[option_id, crit_id] = sheet.text(row, 9)

    perspectives, lines_read = _read_perspectives(path, formulas, values, criterion_ids)

    scenarios = (
        _read_scenarios(_Cells(path, formulas, values, "Scenarios"), where)
        if "Scenarios" in formulas.sheetnames
        else []
    )

    summary = _Cells(path, formulas, values, SUMMARY)
    props = {p.name: "" if p.value is None else str(p.value) for p in formulas.custom_doc_props}
    if not lines_read:
        perspectives = _with_red_lines(perspectives, props, path)
    text = {label: summary.text(row, 2) for label, row in INFO_ROWS.items()
            if summary.text(row, 1) == label}  # fmt: skip
    info = CaseInfo(
        name=props.get("policy-matrix case") or path.stem,
        title=summary.text(1, 1) or path.stem,
        question=text.get("Question", ""),
        source=text.get("Source", ""),
        summary=text.get("About", ""),
        analyst=text.get("Prepared by", ""),
        source_text=props.get("policy-matrix source text", ""),
    )
    if blanks is not None:
        scores = _stand_in(scores, low, criteria, blanks)
    lower = pd.Series({c["id"]: c["scale_min"] for c in criteria}, dtype=float).fillna(-np.inf)
    upper = pd.Series({c["id"]: c["scale_max"] for c in criteria}, dtype=float).fillna(np.inf)
    on_scale = scores.ge(lower, axis=1) & scores.le(upper, axis=1)
    _check_ranges(scores, low.where(on_scale), high.where(on_scale), where)
    return DecisionModel(
        [Option(**o) for o in options],
        [Criterion(**c) for c in criteria],
        scores,
        low=low,
        high=high,
        rationale=rationale,
        evidence=evidence,
        info=info,
        perspectives=perspectives,
        scenarios=scenarios,
        locator=where,
    )


def _stand_in(
    scores: pd.DataFrame, low: pd.DataFrame, criteria: list[dict], blanks: list[tuple[str, str]]
) -> pd.DataFrame:
    """The scores with each empty one (NaN) filled with a stand-in inside its range, and
    listed in ``blanks`` in the sheet's order: the plausible low given on the Evidence
    sheet, else the scale's low end, else 0."""
    values = scores.to_numpy(dtype=float, copy=True)
    lows = low.to_numpy(dtype=float)
    bottoms = [np.nan if c["scale_min"] is None else float(c["scale_min"]) for c in criteria]
    for i, j in zip(*np.nonzero(np.isnan(values)), strict=True):  # row by row, as on the sheet
        given, bottom = lows[i, j], bottoms[j]
        values[i, j] = given if not np.isnan(given) else 0.0 if np.isnan(bottom) else bottom
        blanks.append((str(scores.index[i]), str(scores.columns[j])))
    return pd.DataFrame(values, index=scores.index, columns=scores.columns)


def _read_perspectives(
    path: Path, formulas: _Book, values: _SavedValues, criteria: list[str]
) -> tuple[list[Perspective], bool]:
    """The perspectives on the Weights and AHP sheets (:mod:`matrix.io.workbook_perspectives`),
    and whether their own red lines were read from the Weights sheet's table of them."""
    import dataclasses

    from matrix.io.workbook_perspectives import read_perspectives, read_red_lines

    if WEIGHTS not in formulas.sheetnames:
        return [], False
    version = next((str(p.value) for p in formulas.custom_doc_props if p.name == FORMAT_PROPERTY),
                   FORMAT_VERSION)  # fmt: skip
    ahp = _Cells(path, formulas, values, AHP) if AHP in formulas.sheetnames else None
    weights = _Cells(path, formulas, values, WEIGHTS)
    perspectives = read_perspectives(weights, ahp, criteria, version=version)
    lines = read_red_lines(weights, [p.id for p in perspectives], criteria)
    if lines is None:  # written before the table: the document property has them
        return perspectives, False
    return [dataclasses.replace(p, red_lines=lines.get(p.id, {})) for p in perspectives], True


def _with_red_lines(
    perspectives: list[Perspective], props: dict[str, str], path: Path
) -> list[Perspective]:
    """The perspectives with the red lines a workbook written before the Weights sheet's
    table of them keeps (a document property written by policy-matrix; perspectives no
    longer in the workbook are skipped). A workbook with the table was read from it."""
    import dataclasses
    import json

    text = props.get(PERSPECTIVE_RED_LINES, "")
    if not text:
        return perspectives
    try:
        lines = json.loads(text)
        if not isinstance(lines, dict) or not all(isinstance(v, dict) for v in lines.values()):
            raise ValueError("expected {perspective: {criterion: red line}}")
    except ValueError as exc:
        raise WorkbookError(
            f"{path}: the document property {PERSPECTIVE_RED_LINES!r} is damaged ({exc})"
        ) from None
    return [
        dataclasses.replace(p, red_lines={c: v for c, v in lines[p.id].items() if c in p.weights})
        if p.id in lines
        else p
        for p in perspectives
    ]


def _find(cells: _Cells, title: str, start: int = 1) -> int | None:
    return next((r for r in cells.ws.rows_from(start) if cells.text(r, 1) == title), None)


def _read_scenarios(cells: _Cells, where: _WorkbookLocator) -> list[Scenario]:
    """Scenarios from the two tables on the Scenarios sheet that define them."""
    from matrix.io.layout import SCENARIO_CHANGES_HEADERS as CHANGES_HEADERS
    from matrix.io.layout import SCENARIO_CHANGES_TITLE as CHANGES_TITLE
    from matrix.io.layout import SCENARIO_LIST_HEADERS as LIST_HEADERS
    from matrix.io.layout import SCENARIO_LIST_TITLE as LIST_TITLE

    head = _find(cells, LIST_TITLE)
    if head is None:
        return []  # a case without scenarios
    specs: dict[str, dict[str, Any]] = {}
    for row in _rows(cells, head + 1, LIST_HEADERS):
        if cells.text(row, 1) == CHANGES_TITLE:
            break
        sid = cells.text(row, 1)
        if not sid:
            raise WorkbookError(f"{cells.where(row, 1)}: a scenario without an id")
        specs[sid] = dict(id=sid, label=cells.text(row, 2), description=cells.text(row, 3),
                          rationale=cells.text(row, 4), evidence=cells.text(row, 5),
                          overrides={}, score_rationale={})  # fmt: skip
    head = _find(cells, CHANGES_TITLE, head)
    if head is None:
        raise WorkbookError(f"{cells.path}, sheet Scenarios: no table headed {CHANGES_TITLE!r}")
    cells.check_header(head + 1, CHANGES_HEADERS)
    for row in cells.ws.run_from(head + 2):
        sid = cells.text(row, 1)
        if not sid:
            break  # the tables below start after a blank row
        if sid not in specs:
            raise WorkbookError(
                f"{cells.where(row, 1)}: scenario {sid!r} is not in the table {LIST_TITLE!r}"
            )
        option, criterion = cells.text(row, 2), cells.text(row, 3)
        for value, known, kind, col in ((option, where.options, "option", 2),
                                        (criterion, where.criteria, "criterion", 3)):  # fmt: skip
            if value not in known:
                raise WorkbookError(
                    f"{cells.where(row, col)}: {kind} {value!r} is not on the Scores sheet"
                )
        score = cells.number(row, 7, "the score in this scenario", required=True)
        specs[sid]["overrides"][(option, criterion)] = score
        reason = cells.text(row, 8)
        if reason:
            specs[sid]["score_rationale"][(option, criterion)] = reason
    return [Scenario(**spec) for spec in specs.values()]


def _check_ranges(
    scores: pd.DataFrame, low: pd.DataFrame, high: pd.DataFrame, where: _WorkbookLocator
) -> None:
    """A score edited outside its plausible range: name both cells and say how to fix it."""
    for frame, bad, word in (
        (low, low > scores, "below its low"),
        (high, high < scores, "above its high"),
    ):
        if not bad.to_numpy().any():
            continue
        i, j = (int(k) for k in np.argwhere(bad.to_numpy())[0])
        option, criterion = scores.index[i], scores.columns[j]
        score_cell = where.score(option, criterion, "score").rsplit("sheet ", 1)[-1]
        edge = "low" if frame is low else "high"
        edge_cell = where.score(option, criterion, edge).rsplit("sheet ", 1)[-1]
        raise WorkbookError(
            f"{where.path}: the score of {option!r} on {criterion!r} ({score_cell}) is "
            f"{fmt_number(scores.to_numpy()[i, j])}, {word} "
            f"{fmt_number(frame.to_numpy()[i, j])} ({edge_cell}); "
            f"widen the range on the Evidence sheet or change the score"
        )
