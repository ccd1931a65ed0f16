"""The Methods sheet: every ranking method side by side, the consensus and the agreement.

Every number on this sheet is computed by Python when the workbook is written
and stored as a value, and the sheet says so with each method's parameters:
editing scores or weights elsewhere in the workbook does not change it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from matrix import __version__
from matrix.excel.styles import NUMBER_FORMATS, fit_width, merge, put_number, put_text, set_widths
from matrix.methods import Comparison, Ranking
from matrix.methods.compare import CONSENSUS, method_label, method_meaning
from matrix.model import DecisionModel
from matrix.text.ranking import describe_params

__all__ = ["METHODS_SHEET_NOTE", "write_methods"]

#: The note at the top of the sheet (followed by the parameters).
METHODS_SHEET_NOTE = (
    "Values computed by Python (policy-matrix {version}) from the scores and weights as they "
    "were when this workbook was written. They are not formulas: editing the Scores sheet does "
    "not change them; run policy-matrix again to refresh them."
)

_FIRST = 3  # first column after option id and label
#: Width (characters) of the number columns: narrow enough that the side-by-side table of
#: six methods prints at about three quarters of full size; headers wrap above them.
_NUMBER_WIDTH = 12
_POINTS = "0.0"  # Borda points come in halves


class _Writer:
    """Writes blocks down the sheet, keeping track of the next free row."""

    def __init__(self, ws: Worksheet, model: DecisionModel) -> None:
        self.ws = ws
        self.model = model
        self.row = 1
        self.labels = {o.id: o.label for o in model.options}
        self.widest = 2

    def text(self, text: str, style: str, *, column: int = 1, span: int = 0) -> None:
        put_text(self.ws, self.row, column, text, style)
        if span:
            merge(self.ws, self.row, column, self.row, span)
            self.ws.row_dimensions[self.row].height = 15 * max(1, -(-len(text) // 120))
        self.row += 1

    def gap(self, rows: int = 1) -> None:
        self.row += rows

    def number(self, row: int, column: int, value: float, fmt: str = "score") -> None:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            put_text(self.ws, row, column, "n/a", "pm centre")
        else:
            number_format = NUMBER_FORMATS.get(fmt, fmt)
            put_number(self.ws, row, column, float(value), "pm output", number_format)

    def header(self, names: Sequence[str], *, first: str = "Option id", second: str = "Option"):
        put_text(self.ws, self.row, 1, first, "pm header")
        put_text(self.ws, self.row, 2, second, "pm header")
        for offset, name in enumerate(names):
            put_text(self.ws, self.row, _FIRST + offset, name, "pm header")
        self.ws.row_dimensions[self.row].height = 48
        self.widest = max(self.widest, _FIRST + len(names) - 1)
        self.row += 1

    def option_rows(self, frame: pd.DataFrame, formats: Sequence[str] | None = None) -> None:
        """One row per option of ``frame`` (index = option ids), numbers from column C."""
        formats = formats or ["score"] * frame.shape[1]
        for option, values in zip(frame.index, frame.to_numpy(dtype=float), strict=True):
            put_text(self.ws, self.row, 1, str(option), "pm cell")
            put_text(self.ws, self.row, 2, self.labels[str(option)], "pm label")
            for offset, (value, fmt) in enumerate(zip(values, formats, strict=True)):
                self.number(self.row, _FIRST + offset, float(value), fmt)
            self.row += 1

    def criterion_row(self, label: str, values: Sequence[float]) -> None:
        put_text(self.ws, self.row, 1, "", "pm cell")
        put_text(self.ws, self.row, 2, label, "pm label")
        for offset, value in enumerate(values):
            self.number(self.row, _FIRST + offset, float(value))
        self.row += 1


def _criteria_block(w: _Writer, title: str, explanation: str, frame: pd.DataFrame) -> None:
    w.text(title, "pm heading")
    w.text(explanation, "pm note", span=max(w.widest, 6))
    w.header([c.label for c in w.model.criteria])
    w.option_rows(frame)


def _side_by_side(w: _Writer, comparison: Comparison) -> None:
    names = [*comparison.methods, CONSENSUS]
    w.text("Rank and score under each method", "pm heading")
    w.text(
        "Rank 1 = best; tied options share the best rank. Each score is in its method's own "
        "units (see Parameters below); VIKOR's Q is lower-is-better, every other score "
        "higher-is-better. Options are listed by consensus rank.",
        "pm note",
        span=_FIRST + 2 * len(names) - 1,
    )
    headers = []
    for name in names:
        headers += [f"{method_label(name)} rank", f"{method_label(name)} score"]
    w.header(headers)
    columns = {}
    for name in names:
        result = comparison.rankings.get(name, comparison.consensus)
        columns[(name, "rank")] = result.ranks.astype(float)
        columns[(name, "score")] = result.scores
    frame = pd.DataFrame(columns).loc[comparison.consensus.order]
    formats = ["rank", "score"] * len(comparison.methods) + ["rank", _POINTS]
    w.option_rows(frame, formats)


def _parameters(w: _Writer, comparison: Comparison) -> None:
    w.text("Parameters", "pm heading")
    spans = {1: 1, 2: 2, 3: 6, 7: 13}  # first column -> last column of each field
    headers = ["Method", "Name", "Parameters", "What the score is"]
    for (col, last), name in zip(spans.items(), headers, strict=True):
        put_text(w.ws, w.row, col, name, "pm header")
        if last > col:
            merge(w.ws, w.row, col, w.row, last)
    w.row += 1
    results: list[tuple[str, Ranking | None]] = [
        *comparison.rankings.items(),
        (CONSENSUS, comparison.consensus),
    ]
    results += [(name, None) for name in comparison.skipped]
    for name, result in results:
        put_text(w.ws, w.row, 1, name, "pm cell")
        put_text(w.ws, w.row, 2, method_label(name), "pm label")
        if result is None:
            cells = ["left out", comparison.skipped[name]]
        else:
            cells = [describe_params(result.params) or "none", method_meaning(name)]
        for (col, last), text in zip(list(spans.items())[2:], cells, strict=True):
            put_text(w.ws, w.row, col, text, "pm text")
            merge(w.ws, w.row, col, w.row, last)
        lines = max(
            -(-len(text) // int((last - col + 1) * _NUMBER_WIDTH * 1.1 - 2))
            for (col, last), text in zip(list(spans.items())[2:], cells, strict=True)
        )
        w.ws.row_dimensions[w.row].height = 15 * max(1, lines) + 2
        w.row += 1


def _agreement(w: _Writer, comparison: Comparison) -> None:
    measure = "Kendall's tau-b" if comparison.measure == "kendall" else "Spearman's rho"
    w.text("Agreement between methods", "pm heading")
    w.text(
        f"{measure} between the rankings of each pair of methods: 1 = the same order, "
        "-1 = the reverse, 0 = unrelated; n/a when a method ties every option.",
        "pm note",
        span=max(w.widest, 6),
    )
    names = comparison.methods
    w.header([method_label(n) for n in names], first="Method", second="")
    matrix = comparison.agreement.loc[names, names].to_numpy(dtype=float)
    for name, values in zip(names, matrix, strict=True):
        put_text(w.ws, w.row, 1, name, "pm cell")
        put_text(w.ws, w.row, 2, method_label(name), "pm label")
        for offset, value in enumerate(values):
            w.number(w.row, _FIRST + offset, float(value))
        w.row += 1


def _intermediates(w: _Writer, comparison: Comparison, *, per_score: bool = True) -> None:
    """Each method's intermediate results; without ``per_score`` (a large case), a note
    on where to find them instead."""
    r = comparison.rankings
    if not per_score:
        w.text("Intermediate results", "pm heading")
        w.text(
            "This case is large, so each method's intermediate results (weighted scores, "
            "TOPSIS distances, VIKOR's S, R and Q, PROMETHEE flows) are left out of the "
            "workbook. policy-matrix rank --method NAME --format csv gives them for every "
            "option.",
            "pm note",
            span=max(w.widest, 6),
        )
        return
    if "wsm" in r:
        how = r["wsm"].params["normalization"]
        _criteria_block(
            w,
            "Weighted sum: each criterion's weighted contribution",
            f"Normalised score ({how}) x weight share; the row sums to the weighted-sum score.",
            r["wsm"].details["weighted"],
        )
        w.gap()
    if "wpm" in r:
        _criteria_block(
            w,
            "Weighted product: each criterion's factor",
            "(score / best score) ^ weight share (best / score for 'min' criteria); the "
            "product of the row is the weighted-product score.",
            r["wpm"].details["weighted"],
        )
        w.gap()
    if "topsis" in r:
        d = r["topsis"].details
        _criteria_block(
            w,
            "TOPSIS: weighted normalised scores, ideal and anti-ideal",
            f"Normalisation: {r['topsis'].params['normalization']}; each value x weight share. "
            "The ideal takes each criterion's best value, the anti-ideal its worst.",
            d["weighted"],
        )
        w.criterion_row("Ideal (A*)", d["ideal"].tolist())
        w.criterion_row("Anti-ideal (A-)", d["anti_ideal"].tolist())
        w.gap()
        w.header(["Distance to ideal (D+)", "Distance to anti-ideal (D-)", "Closeness"])
        w.option_rows(pd.DataFrame({"a": d["d_plus"], "b": d["d_minus"], "c": r["topsis"].scores}))
        w.gap()
    if "vikor" in r:
        d = r["vikor"].details
        w.text("VIKOR: group regret S, individual regret R, and Q", "pm heading")
        w.text(
            f"v = {r['vikor'].params['v']:g}. Q is lower-is-better. Compromise set: "
            f"{', '.join(w.labels[o] for o in d['compromise_set'])} (acceptable advantage "
            f"{'holds' if d['acceptable_advantage'] else 'fails'}; acceptable stability "
            f"{'holds' if d['acceptable_stability'] else 'fails'}).",
            "pm note",
            span=max(w.widest, 6),
        )
        w.header([c.label for c in w.model.criteria])
        w.criterion_row("Best (f*)", d["best"].tolist())
        w.criterion_row("Worst (f-)", d["worst"].tolist())
        w.gap()
        w.header(["S", "R", "Q", "In compromise set"])
        start = w.row
        w.option_rows(pd.DataFrame({"S": d["S"], "R": d["R"], "Q": d["Q"]}))
        for offset, option in enumerate(w.model.option_ids):
            chosen = "yes" if option in d["compromise_set"] else "no"
            put_text(w.ws, start + offset, _FIRST + 3, chosen, "pm centre")
        w.gap()
    if "promethee2" in r:
        d = r["promethee2"].details
        w.text("PROMETHEE II: preference functions and flows", "pm heading")
        w.text(
            "Each criterion's preference function and thresholds (in the criterion's units), "
            "then each option's net flow on that criterion alone; phi, the net flow, is their "
            "weighted sum. Flows are divided by (number of options - 1). phi+ = how much an "
            "option outranks the others, phi- = how much they outrank it, phi = phi+ - phi-.",
            "pm note",
            span=max(w.widest, 6),
        )
        table = d["preference"]
        w.header([c.label for c in w.model.criteria])
        put_text(w.ws, w.row, 1, "", "pm cell")
        put_text(w.ws, w.row, 2, "Preference function", "pm label")
        for offset, function in enumerate(table["function"]):
            put_text(w.ws, w.row, _FIRST + offset, str(function), "pm centre")
        w.row += 1
        thresholds = (("q", "q (indifference)"), ("p", "p (preference)"), ("s", "s (Gaussian)"))
        for key, label in thresholds:
            values = table[key].to_numpy(dtype=float)
            if not np.isnan(values).all():
                w.criterion_row(label, values.tolist())
        w.option_rows(d["by_criterion"])
        w.gap()
        w.header(["phi+", "phi-", "phi (net flow)"])
        w.option_rows(pd.DataFrame({"a": d["phi_plus"], "b": d["phi_minus"], "c": d["phi"]}))
        w.gap()


def write_methods(
    ws: Worksheet, model: DecisionModel, comparison: Comparison, *, per_score: bool = True
) -> None:
    """Every method's scores and ranks side by side, the consensus, the agreement
    matrix and each method's intermediates, all as values computed by Python.

    Without ``per_score`` (a large case) the intermediates are left out, with a note on
    the command that gives them.
    """
    w = _Writer(ws, model)
    names = [*comparison.methods, CONSENSUS]
    width = _FIRST + 2 * len(names) - 1
    w.text("Methods compared", "pm title")
    ws.row_dimensions[1].height = 24
    w.text(METHODS_SHEET_NOTE.format(version=__version__), "pm subtitle", span=width)
    w.text(
        "Parameters: "
        + "; ".join(
            f"{method_label(n)}: {describe_params(res.params) or 'none'}"
            for n, res in [*comparison.rankings.items(), (CONSENSUS, comparison.consensus)]
        )
        + f"; agreement: {comparison.measure}.",
        "pm note",
        span=width,
    )
    w.gap()
    _side_by_side(w, comparison)
    w.gap()
    rule = comparison.rule
    w.text(
        "Consensus: "
        + (
            "Borda count. Each method gives an option one point for every option it ranks "
            "below it and half a point for each tie; the points are added over the methods."
            if rule == "borda"
            else "Copeland rule. An option beats another when more methods rank it higher; "
            "its score is wins minus losses."
        ),
        "pm body",
        span=width,
    )
    w.gap()
    _parameters(w, comparison)
    w.gap()
    _agreement(w, comparison)
    w.gap()
    _intermediates(w, comparison, per_score=per_score)
    # a little room beyond the longest text: labels are bold, and fonts differ
    set_widths(
        ws,
        [
            1.15 * fit_width(model.option_ids, low=12, high=24),
            1.3 * fit_width(w.labels.values(), low=22, high=44),
        ],
    )
    for col in range(_FIRST, max(w.widest, width) + 1):
        ws.column_dimensions[get_column_letter(col)].width = _NUMBER_WIDTH
    ws.freeze_panes = "C1"
