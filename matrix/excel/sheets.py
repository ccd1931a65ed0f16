"""One function per sheet. Each takes the worksheet, the model and what it shows."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from matrix.excel.styles import NUMBER_FORMATS, fit_width, put_number, put_text, set_widths
from matrix.methods import Ranking
from matrix.model import DecisionModel
from matrix.report import ranking_table

__all__ = ["write_criteria", "write_evidence", "write_options", "write_scores", "write_summary"]

# The Scores sheet: criteria run across from column C, attribute rows on top,
# one row per option below.
SCORES_FIRST_COLUMN = 3
SCORES_ROWS = {
    "label": 4,
    "id": 5,
    "direction": 6,
    "scale_min": 7,
    "scale_max": 8,
    "weight": 9,
    "share": 10,
    "header": 12,
}
SCORES_FIRST_OPTION_ROW = 13

METHOD_TEXT = (
    "Method: weighted sum. Each score is put on 0-1 between the ends of its criterion's scale "
    "(1 = the best end: the top of a 'max' criterion, the bottom of a 'min' one), multiplied by "
    "the criterion's share of the total weight, and added up. A score of 1 would mean the best "
    "possible score on every criterion."
)


def _title(ws: Worksheet, title: str, subtitle: str, width_columns: int) -> None:
    put_text(ws, 1, 1, title, "pm title")
    put_text(ws, 2, 1, subtitle, "pm subtitle")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=max(width_columns, 2))
    ws.row_dimensions[1].height = 24
    ws.row_dimensions[2].height = 32


def write_summary(ws: Worksheet, model: DecisionModel, result: Ranking) -> None:
    """The question, the source, the ranking and how to read it."""
    info = model.info
    put_text(ws, 1, 1, info.title, "pm title")
    ws.row_dimensions[1].height = 24
    rows = [
        ("Question", info.question),
        ("Source", info.source),
        ("About", info.summary),
    ]
    row = 3
    for label, text in rows:
        if not text:
            continue
        put_text(ws, row, 1, label, "pm heading")
        put_text(ws, row, 2, text, "pm body")
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=5)
        ws.row_dimensions[row].height = 15 * max(1, -(-len(text) // 110))
        row += 1

    row += 1
    put_text(ws, row, 1, "Ranking", "pm heading")
    row += 1
    header_row = row
    for col, name in enumerate(
        ["Rank", "Option", "Score (0-1)", "Strongest criterion", "Weakest criterion"], start=1
    ):
        put_text(ws, row, col, name, "pm header")
    table = ranking_table(model, result)
    for offset, (_, line) in enumerate(table.iterrows(), start=1):
        r = header_row + offset
        put_number(ws, r, 1, int(line["rank"]), "pm centre", NUMBER_FORMATS["rank"])
        put_text(ws, r, 2, line["option"], "pm text")
        put_number(ws, r, 3, float(line["score"]), "pm output", NUMBER_FORMATS["score"])
        put_text(ws, r, 4, line["strongest"], "pm text")
        put_text(ws, r, 5, line["weakest"], "pm text")
    row = header_row + len(table) + 2

    put_text(ws, row, 1, "How to read this", "pm heading")
    notes = [
        METHOD_TEXT,
        "Strongest criterion: where the option earns the most weighted points. Weakest: where it "
        "gives up the most against the best possible score.",
        "Scores and weights are on the Scores sheet; every score's rationale and evidence is on "
        "the Evidence sheet; what each criterion and option means is on the Criteria and Options "
        "sheets.",
        "Scores are judgements, not measurements: read the Evidence sheet before quoting a number.",
    ]
    for text in notes:
        row += 1
        put_text(ws, row, 1, text, "pm body")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        ws.row_dimensions[row].height = 15 * max(1, -(-len(text) // 120))

    set_widths(
        ws,
        [
            12,
            fit_width(table["option"], low=24, high=44),
            12,
            fit_width(table["strongest"], low=22),
            fit_width(table["weakest"], low=22),
        ],
    )
    ws.freeze_panes = None
    ws.print_title_rows = f"{header_row}:{header_row}"


def write_scores(ws: Worksheet, model: DecisionModel) -> None:
    """The option x criterion matrix with each criterion's direction, scale and weight."""
    first = SCORES_FIRST_COLUMN
    last = first + len(model.criteria) - 1
    _title(
        ws,
        "Scores and weights",
        "Each option's score on each criterion, on the criterion's scale. 'max': more is better; "
        "'min': less is better. Weight share is each weight divided by the sum of the weights.",
        last,
    )
    labels = {
        "label": "Criterion",
        "id": "Criterion id",
        "direction": "Direction",
        "scale_min": "Scale min",
        "scale_max": "Scale max",
        "weight": "Weight",
        "share": "Weight share",
    }
    for key, text in labels.items():
        put_text(ws, SCORES_ROWS[key], 2, text, "pm label")
    shares = model.normalized_weights
    for offset, crit in enumerate(model.criteria):
        col = first + offset
        put_text(ws, SCORES_ROWS["label"], col, crit.label, "pm header")
        put_text(ws, SCORES_ROWS["id"], col, crit.id, "pm centre")
        put_text(ws, SCORES_ROWS["direction"], col, crit.direction, "pm centre")
        for key in ("scale_min", "scale_max"):
            value = getattr(crit, key)
            if value is None:
                put_text(ws, SCORES_ROWS[key], col, "", "pm centre")
            else:
                put_number(ws, SCORES_ROWS[key], col, value, "pm centre", NUMBER_FORMATS["input"])
        put_number(
            ws, SCORES_ROWS["weight"], col, crit.weight, "pm input", NUMBER_FORMATS["weight"]
        )
        put_number(
            ws,
            SCORES_ROWS["share"],
            col,
            float(shares[crit.id]),
            "pm output",
            NUMBER_FORMATS["share"],
        )
        put_text(ws, SCORES_ROWS["header"], col, crit.label, "pm header")
    put_text(ws, SCORES_ROWS["header"], 1, "Option id", "pm header")
    put_text(ws, SCORES_ROWS["header"], 2, "Option", "pm header")
    values = model.values
    for i, option in enumerate(model.options):
        row = SCORES_FIRST_OPTION_ROW + i
        put_text(ws, row, 1, option.id, "pm cell")
        put_text(ws, row, 2, option.label, "pm label")
        for j in range(len(model.criteria)):
            put_number(ws, row, first + j, float(values[i, j]), "pm input", NUMBER_FORMATS["input"])
    ws.row_dimensions[SCORES_ROWS["label"]].height = 45
    ws.row_dimensions[SCORES_ROWS["header"]].height = 45
    set_widths(
        ws,
        [
            fit_width(model.option_ids, low=12, high=24),
            fit_width([o.label for o in model.options] + list(labels.values()), low=16, high=36),
        ],
    )
    for offset in range(len(model.criteria)):
        ws.column_dimensions[get_column_letter(first + offset)].width = 15
    ws.freeze_panes = ws.cell(row=SCORES_ROWS["label"] + 1, column=first)
    ws.print_title_rows = f"{SCORES_ROWS['label']}:{SCORES_ROWS['label']}"
    ws.print_title_cols = "A:B"


def write_evidence(ws: Worksheet, model: DecisionModel) -> None:
    """One row per score: its range, rationale and evidence."""
    headers = [
        "Option id",
        "Option",
        "Criterion id",
        "Criterion",
        "Score",
        "Low",
        "High",
        "Rationale",
        "Evidence",
    ]
    _title(
        ws,
        "Evidence",
        "Why each option scores what it does. Evidence is a verbatim quote from the source, or "
        "'analyst judgement' where the source is silent. Low and high give the plausible range.",
        len(headers),
    )
    header_row = 4
    for col, name in enumerate(headers, start=1):
        put_text(ws, header_row, col, name, "pm header")
    options = {o.id: o.label for o in model.options}
    criteria = {c.id: c.label for c in model.criteria}
    table = model.evidence_table()
    for offset, line in enumerate(table.itertuples(index=False), start=1):
        row = header_row + offset
        put_text(ws, row, 1, line.option, "pm cell")
        put_text(ws, row, 2, options[line.option], "pm text")
        put_text(ws, row, 3, line.criterion, "pm cell")
        put_text(ws, row, 4, criteria[line.criterion], "pm text")
        for col, value in ((5, line.score), (6, line.low), (7, line.high)):
            put_number(ws, row, col, float(value), "pm centre", NUMBER_FORMATS["input"])
        put_text(ws, row, 8, line.rationale, "pm text")
        put_text(ws, row, 9, line.evidence, "pm text")
    set_widths(ws, [14, 24, 16, 26, 8, 8, 8, 60, 60])
    ws.freeze_panes = ws.cell(row=header_row + 1, column=3)
    ws.auto_filter.ref = f"A{header_row}:I{header_row + len(table)}"
    ws.print_title_rows = f"{header_row}:{header_row}"


def write_options(ws: Worksheet, model: DecisionModel) -> None:
    """What each option is, in the source's words."""
    headers = ["Option id", "Option", "Description", "Quote from the source"]
    _title(ws, "Options", "The policy options compared, with a passage from the source.", 4)
    for col, name in enumerate(headers, start=1):
        put_text(ws, 4, col, name, "pm header")
    for offset, option in enumerate(model.options, start=5):
        for col, text in enumerate((option.id, option.label, option.description, option.quote), 1):
            put_text(ws, offset, col, text, "pm text")
    set_widths(ws, [18, 26, 70, 60])
    ws.freeze_panes = "A5"
    ws.print_title_rows = "4:4"


def write_criteria(ws: Worksheet, model: DecisionModel) -> None:
    """What each criterion measures, its scale and why it weighs what it does."""
    headers = [
        "Criterion id",
        "Criterion",
        "Description",
        "Direction",
        "Scale min",
        "Scale max",
        "Scale min means",
        "Scale max means",
        "Weight",
        "Why this weight",
    ]
    _title(
        ws,
        "Criteria",
        "What each criterion measures, what its scale means, and its weight.",
        len(headers),
    )
    for col, name in enumerate(headers, start=1):
        put_text(ws, 4, col, name, "pm header")
    for offset, crit in enumerate(model.criteria, start=5):
        put_text(ws, offset, 1, crit.id, "pm text")
        put_text(ws, offset, 2, crit.label, "pm text")
        put_text(ws, offset, 3, crit.description, "pm text")
        put_text(ws, offset, 4, crit.direction, "pm centre")
        for col, value in ((5, crit.scale_min), (6, crit.scale_max)):
            if value is None:
                put_text(ws, offset, col, "", "pm centre")
            else:
                put_number(ws, offset, col, value, "pm centre", NUMBER_FORMATS["input"])
        put_text(ws, offset, 7, crit.scale_min_means, "pm text")
        put_text(ws, offset, 8, crit.scale_max_means, "pm text")
        put_number(ws, offset, 9, crit.weight, "pm centre", NUMBER_FORMATS["weight"])
        put_text(ws, offset, 10, crit.weight_rationale, "pm text")
    set_widths(ws, [20, 26, 50, 10, 10, 10, 26, 26, 9, 50])
    ws.freeze_panes = "C5"
    ws.print_title_rows = "4:4"
