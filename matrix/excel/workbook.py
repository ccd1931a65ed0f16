"""Assemble the workbook and write it safely."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

import matrix.excel.charts as charts
import matrix.excel.printing as printing
from matrix import __version__
from matrix.errors import WorkbookError
from matrix.excel.book import Book, collection_paused
from matrix.excel.calculation import write_calculation
from matrix.excel.inputs import write_scores
from matrix.excel.layout import CALC, EVIDENCE, SCORES, SUMMARY, Layout
from matrix.excel.methods_sheet import write_methods
from matrix.excel.redlines import perspective_red_lines_property
from matrix.excel.reference import listed_scores, write_criteria, write_evidence, write_options
from matrix.excel.robustness_sheets import add_robustness_sheets
from matrix.excel.styles import add_styles
from matrix.excel.summary import write_summary
from matrix.excel.topsis_sheet import TOPSIS_SHEET, write_topsis
from matrix.excel.weights_sheet import add_weight_sheets
from matrix.io.atomic import FileState, atomic_write
from matrix.io.guard import check_not_open
from matrix.io.layout import FORMAT_PROPERTY, FORMAT_VERSION
from matrix.methods import CONSENSUS, METHODS, Comparison, Ranking, compare, evaluate
from matrix.model import DecisionModel

if TYPE_CHECKING:
    from matrix.robustness import RobustnessSummary

__all__ = [
    "DETAIL_MAX_SCORES",
    "FORMAT_PROPERTY",
    "FORMAT_VERSION",
    "build_book",
    "build_workbook",
    "verify_archive",
    "write_workbook",
]

#: The order of the sheets: the answer, its inputs and evidence, the analysis, the reference.
SHEET_ORDER = (SUMMARY, SCORES, EVIDENCE, CALC, "TOPSIS", "Methods", "Weights", "AHP",
               "Sensitivity", "Uncertainty", "Scenarios", "Options", "Criteria")  # fmt: skip


#: Sheets that size their own rows: their text cells hold lists (AHP judgements, swing
#: points) that no row could show whole.
OWN_ROW_HEIGHTS = ("Weights", "AHP")

#: A sheet's limits in Excel, LibreOffice and Google Sheets.
MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384
#: Larger cases leave out what grows too fast to be useful in a spreadsheet; the Summary
#: sheet says what was left out and which command gives it instead.
NOTES_MAX_CELLS = 20_000  # a note on every score cell
#: Above this many scores the workbook has no option x criterion calculation tables: each
#: total is one formula, the live TOPSIS sheet and the per-score method tables are left
#: out, and Evidence lists only the scores with something to say.
DETAIL_MAX_SCORES = 10_000
ROBUSTNESS_MAX_OPTIONS = 200  # Sensitivity, Uncertainty (options x ranks) and Scenarios
SIDEWAYS_MAX_OPTIONS = 1_000  # the Weights sheet lays options across columns


def _check_size(lay: Layout, model: DecisionModel, listed: int) -> list[str]:
    """Refuse a case no spreadsheet can hold (``listed``: the scores on Evidence); list
    what a large one leaves out."""
    n, m = model.shape
    needs = {
        "Evidence": lay.evidence_header_row + listed,
        "Scores": lay.last_option_row,
        "Calculation": lay.block_row(3, n - 1) if lay.detail else lay.calc_row(n - 1),
    }
    sheet, rows = max(needs.items(), key=lambda item: item[1])
    if rows > MAX_ROWS:
        raise WorkbookError(
            f"{n:,} options x {m:,} criteria need {rows:,} rows on the {sheet} sheet; a "
            f"spreadsheet holds {MAX_ROWS:,}. Use --no-workbook, or policy-matrix rank "
            "--format csv"
        )
    if lay.last_col > MAX_COLUMNS:
        raise WorkbookError(
            f"{m:,} criteria need {lay.last_col:,} columns; a spreadsheet holds {MAX_COLUMNS:,}"
        )
    omitted = []
    if not lay.detail:
        omitted.append(
            f"the option x criterion tables (over {DETAIL_MAX_SCORES:,} scores): each total is "
            "one formula on the Calculation sheet, the Summary shows no strongest or weakest "
            "criterion, there is no live TOPSIS sheet (the Methods sheet has its results), and "
            "Evidence lists only the scores with a rationale, evidence or range"
        )
    if n * m > NOTES_MAX_CELLS:
        omitted.append(f"notes on each score (over {NOTES_MAX_CELLS:,} scores; see Evidence)")
    if model.perspectives and n > SIDEWAYS_MAX_OPTIONS:
        omitted.append(f"the ranking under each perspective on the Weights sheet (over "
                       f"{SIDEWAYS_MAX_OPTIONS:,} options; run policy-matrix weights)")  # fmt: skip
    if n > charts.CHART_MAX_OPTIONS:
        omitted.append(f"all but the top {charts.CHART_MAX_OPTIONS} options from the bar charts")
    if n > ROBUSTNESS_MAX_OPTIONS:
        sheets, commands = (
            (
                "Sensitivity, Uncertainty and Scenarios sheets",
                "sensitivity, montecarlo and scenarios",
            )
            if model.scenarios
            else ("Sensitivity and Uncertainty sheets", "sensitivity and montecarlo")
        )
        omitted.append(f"the {sheets} (over {ROBUSTNESS_MAX_OPTIONS:,} options; run "
                       f"policy-matrix {commands})")  # fmt: skip
    return omitted


def _page_setup(ws: Worksheet, model: DecisionModel) -> None:
    """How the sheet prints (see :mod:`matrix.excel.printing`): after every sheet and
    chart is in place, since the page breaks depend on them."""
    printing.page_setup(ws, title=model.info.title, fit_text=ws.title not in OWN_ROW_HEIGHTS)


def _protect(ws: Worksheet) -> None:
    """Lock a sheet of formulas against slips (no password: Review > Unprotect undoes it)."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # still allowed: widen columns,
    ws.protection.formatRows = False  # rows,
    ws.protection.sort = False  # sort and filter
    ws.protection.autoFilter = False


def build_book(
    model: DecisionModel,
    result: Ranking | None = None,
    *,
    detail: bool | None = None,
    analyst: str | None = None,
    robustness: RobustnessSummary | None = None,
    comparison: Comparison | None = None,
) -> Book:
    """The workbook for a model, in memory, with the value expected in every formula cell.

    ``result`` is the weighted-sum ranking of ``model`` (computed when not given).
    ``detail`` chooses the layout with option x criterion calculation tables; by
    default a case has them up to :data:`DETAIL_MAX_SCORES` scores. ``analyst`` stamps
    the workbook with the name of the panel member it is handed to. ``robustness``, a
    summary already computed for ``model`` (the command line's), spares computing its
    analyses again for the robustness sheets when it matches them; ``comparison``, likewise,
    ``compare(model)`` already computed, for the Methods sheet.
    """
    with collection_paused():
        return _build_book(model, result, detail=detail, analyst=analyst, robustness=robustness,
                           comparison=comparison)  # fmt: skip


def _build_book(
    model: DecisionModel,
    result: Ranking | None,
    *,
    detail: bool | None,
    analyst: str | None,
    robustness: RobustnessSummary | None,
    comparison: Comparison | None,
) -> Book:
    """:func:`build_book`, with the garbage collector paused."""
    if (
        result is None
        or result.method != "wsm"
        or result.params.get("normalization") != "scale"
        or result.red_lines != ("last" if model.has_red_lines else "ignore")
    ):
        result = evaluate(model, "wsm")  # its live ranks follow the red lines, as "last"
    n, m = model.shape
    if detail is None:
        detail = n * m <= DETAIL_MAX_SCORES
    workbook = Workbook()
    add_styles(workbook)
    book = Book(workbook, Layout(n, m, detail=detail))
    summary = workbook.active
    summary.title = SUMMARY
    scores = workbook.create_sheet(SCORES)
    calc = workbook.create_sheet(CALC)
    evidence = workbook.create_sheet(EVIDENCE)
    options = workbook.create_sheet("Options")
    criteria = workbook.create_sheet("Criteria")

    for name, ref in book.layout.names().items():
        workbook.defined_names[name] = DefinedName(name, attr_text=ref)
    lay = book.layout
    listed = listed_scores(model, every=detail)
    omitted = _check_size(lay, model, len(listed))
    write_scores(book, scores, model, notes=n * m <= NOTES_MAX_CELLS)
    write_calculation(book, calc, model, result)
    write_summary(book, summary, model, result, omitted=omitted)
    write_evidence(book, evidence, model, listed)
    write_options(book, options, model)
    write_criteria(book, criteria, model)
    if detail:
        write_topsis(book, workbook.create_sheet(TOPSIS_SHEET), model)
    if comparison is None or not _compares(comparison, model):
        comparison = compare(model)
    write_methods(workbook.create_sheet("Methods"), model, comparison, per_score=detail)
    add_weight_sheets(book, model, options_across=n <= SIDEWAYS_MAX_OPTIONS)
    if 2 <= n <= ROBUSTNESS_MAX_OPTIONS:  # one option: no place to lose, nothing to say
        add_robustness_sheets(book, model, result, computed=robustness)

    charts.totals_chart(summary, lay, "G3")
    if detail:  # under the totals chart, as it falls on the sheet's rows
        below = printing.chart_blocks(summary)[-1].last_row + 2
        charts.contribution_chart(summary, calc, lay, f"G{below}")
    if detail and n <= charts.PROFILE_MAX_OPTIONS and m >= charts.PROFILE_MIN_CRITERIA:
        charts.profile_chart(calc, calc, lay, f"B{lay.block_row(3, n - 1) + 3}")

    order = {name: k for k, name in enumerate(SHEET_ORDER)}
    workbook._sheets.sort(key=lambda ws: order.get(ws.title, len(order)))
    workbook.active = 0
    for ws in workbook.worksheets:
        _page_setup(ws, model)
    for ws in (summary, calc, *([workbook[TOPSIS_SHEET]] if detail else [])):
        _protect(ws)
    summary.sheet_properties.tabColor = "1F3864"
    scores.sheet_properties.tabColor = "FFC000"

    info = model.info
    props = workbook.properties
    props.title = info.title
    props.subject = info.question or info.title
    props.creator = f"policy-matrix {__version__}"
    props.description = f"Decision matrix for: {info.question or info.title}. Source: {info.source}"
    props.keywords = "decision matrix, multi-criteria analysis, policy"
    props.category = "Policy analysis"
    for name, value in (
        (FORMAT_PROPERTY, FORMAT_VERSION),
        ("policy-matrix case", info.name),
        ("policy-matrix source text", info.source_text),
        *perspective_red_lines_property(model),
    ):
        workbook.custom_doc_props.append(StringProperty(name=name, value=value))
    if analyst:  # a panel's workbook: the panel's modules are loaded for it alone
        from matrix.excel.analyst import stamp_analyst

        stamp_analyst(workbook, summary, analyst)
    return book


def _compares(comparison: Comparison, model: DecisionModel) -> bool:
    """Whether ``comparison``, given as ``compare(model)`` under some red-line policy, is
    the one the Methods sheet shows: every method, the Borda consensus and Kendall's tau,
    under the model's own red-line default, on its options."""
    consensus = comparison.consensus
    every = sorted(name for name in METHODS if name != CONSENSUS)
    return (
        comparison.rule == "borda"
        and comparison.measure == "kendall"
        and consensus.red_lines == ("last" if model.has_red_lines else "ignore")
        and list(consensus.scores.index) == model.option_ids
        and sorted([*comparison.methods, *comparison.skipped]) == every
    )


def build_workbook(
    model: DecisionModel,
    result: Ranking | None = None,
    *,
    detail: bool | None = None,
    analyst: str | None = None,
) -> Workbook:
    """The openpyxl workbook for a model, in memory (``detail``, ``analyst``: see
    :func:`build_book`).

    Saved with ``Workbook.save`` its formula cells carry no stored results; use
    :func:`build_book` and :meth:`Book.save <matrix.excel.book.Book.save>`, or
    :func:`write_workbook`, for a file that readers which do not calculate can read.
    """
    return build_book(model, result, detail=detail, analyst=analyst).workbook


def verify_archive(path: Path) -> None:
    """Check the archive just written: every part's checksum, and that it opens as a zip."""
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
    except zipfile.BadZipFile as exc:
        raise WorkbookError(f"{path}: the workbook just written is damaged ({exc})") from None
    if bad is not None:
        raise WorkbookError(f"{path}: part {bad!r} of the workbook just written is damaged")


def write_workbook(
    model: DecisionModel,
    path: str | Path,
    *,
    result: Ranking | None = None,
    backup_to: Path | None = None,
    force: bool = False,
    detail: bool | None = None,
    expect: FileState | None = None,
    analyst: str | None = None,
    robustness: RobustnessSummary | None = None,
    comparison: Comparison | None = None,
) -> Path:
    """Write the workbook to ``path`` atomically and return the path.

    The file appears whole or not at all: it is written beside ``path``,
    flushed, checked, and only then moved into place. Every formula cell stores
    the result Python computes for it (see :mod:`matrix.excel.results`). With ``backup_to`` an
    existing file is copied there first. A workbook that a spreadsheet has
    open (its lock file is present) is not written over unless ``force``.
    ``detail`` chooses the layout (see :func:`build_book`; by default it follows
    the case's size); ``analyst`` stamps it with a panel member's name. With ``expect``
    (:func:`matrix.io.atomic.file_state` of ``path`` when it was read) nothing is written if
    another program changed ``path`` since. A symbolic link is kept: the file it points to
    is replaced. See :func:`matrix.io.atomic.atomic_write`. ``robustness`` and
    ``comparison``: see :func:`build_book`.
    """
    target = Path(path)
    check_not_open(target, force=force)
    with collection_paused():
        book = build_book(
            model, result, detail=detail, analyst=analyst, robustness=robustness,
            comparison=comparison,
        )  # fmt: skip
        try:
            return atomic_write(
                target, book.save, verify=verify_archive, backup_to=backup_to, expect=expect
            )
        finally:
            book.discard()
