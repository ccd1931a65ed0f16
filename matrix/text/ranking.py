"""Rankings and comparisons as text: aligned tables, CSV, JSON and Markdown.

For a case with red lines, CSV gains the columns ``acceptable`` (true or false) and
``crosses`` (the ids of the criteria whose red line the option crosses, separated by
``;``), JSON gives each option ``acceptable`` and ``crosses`` (criterion, score and
red line of each) and the ranking its ``red_lines`` policy, and Markdown a "Red
lines" column.

These functions build strings; only :mod:`matrix.cli` prints them. In CSV,
text cells (option ids and labels, method names) that begin with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return get a leading ``'`` so a spreadsheet
shows them as text instead of running them as formulas (OWASP, CWE-1236);
numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
import json
import math
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from matrix.methods import Comparison, Ranking
from matrix.methods.compare import CONSENSUS, intermediates, method_label, method_meaning
from matrix.model import DecisionModel
from matrix.text.format import WIDTH, clip, fixed, table_lines

__all__ = [
    "FORMATS",
    "csv_safe",
    "describe_params",
    "format_methods_summary",
    "render_comparison",
    "render_ranking",
]

#: The output formats of ``policy-matrix rank``.
FORMATS = ("table", "csv", "json", "markdown")

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula.

    >>> csv_safe("=HYPERLINK(1)"), csv_safe("Bus lane")
    ("'=HYPERLINK(1)", 'Bus lane')
    """
    return "'" + text if text.startswith(_DANGEROUS) else text


def _number(value: float, method: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if method == CONSENSUS or (float(value).is_integer() and abs(value) >= 10):
        return f"{value:g}"
    return fixed(value, 3)


def describe_params(params: Mapping[str, Any]) -> str:
    """Parameters as ``key=value`` words.

    >>> describe_params({"preference": "linear", "q": 1.0, "p": {"x": 2.0}})
    'preference=linear, q=1, p=x:2'
    """

    def show(value: Any) -> str:
        if isinstance(value, Mapping):
            return ",".join(f"{k}:{show(v)}" for k, v in value.items())
        if isinstance(value, float):
            return f"{value:g}"
        return str(value)

    return ", ".join(f"{key}={show(value)}" for key, value in params.items())


def _aligned(headers: Sequence[str], rows: list[list[str]], right: Sequence[bool]) -> str:
    return "\n".join(table_lines(headers, rows, right))


def _markdown(headers: Sequence[str], rows: list[list[str]], right: Sequence[bool]) -> str:
    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

    lines = [
        "| " + " | ".join(cell(h) for h in headers) + " |",
        "|" + "|".join("---:" if r else ":---" for r in right) + "|",
    ]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _csv(headers: Sequence[str], rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_safe(h) for h in headers])
    for row in rows:
        writer.writerow([csv_safe(c) if isinstance(c, str) else _plain(c) for c in row])
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    """Numbers as Python numbers (NaN as None), for CSV and JSON."""
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, pd.Series):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return _plain(value)


def _crossed(model: DecisionModel) -> dict[str, list[str]] | None:
    """For a case with red lines: each option's crossed criteria (ids, in the case's
    order; empty when acceptable). None for a case without red lines."""
    from matrix.redlines import crossings

    if not model.has_red_lines:
        return None
    crossed = crossings(model)
    return {str(o): [str(c) for c, hit in row.items() if hit] for o, row in crossed.iterrows()}


def _crossing_cells(crossed: dict[str, list[str]] | None, option: str) -> list[Any]:
    """The CSV cells ``acceptable`` and ``crosses`` of one option ([] without red lines)."""
    if crossed is None:
        return []
    return [not crossed[option], ";".join(crossed[option])]


def _crossing_words(model: DecisionModel, crossed: dict[str, list[str]], option: str) -> str:
    """The Markdown "Red lines" cell: "acceptable", or the criteria whose line it crosses."""
    if not crossed[option]:
        return "acceptable"
    return "crosses " + ", ".join(model.criterion(c).label for c in crossed[option])


def _crossing_json(model: DecisionModel, crossed: list[str], option: str) -> dict[str, Any]:
    return {
        "acceptable": not crossed,
        "crosses": [
            {
                "criterion": c,
                "score": _plain(model.scores.at[option, c]),
                "red_line": _plain(model.criterion(c).red_line),
            }
            for c in crossed
        ],
    }


def _ranking_json(model: DecisionModel, result: Ranking) -> dict[str, Any]:
    labels = {o.id: o.label for o in model.options}
    crossed = _crossed(model)
    extra = intermediates(result)
    details = {
        key: _jsonable(value)
        for key, value in result.details.items()
        if not isinstance(value, pd.DataFrame)
        and not (isinstance(value, pd.Series) and value.index.equals(result.scores.index))
    }
    return {
        "method": result.method,
        "label": method_label(result.method),
        "score_meaning": method_meaning(result.method),
        "higher_is_better": result.higher_is_better,
        "params": _jsonable(dict(result.params)),
        "options": [
            {
                "id": option,
                "label": labels[option],
                "rank": int(result.ranks[option]),
                "score": _plain(result.scores[option]),
                **{column: _plain(extra.loc[option, column]) for column in extra.columns},
                **({} if crossed is None else _crossing_json(model, crossed[option], option)),
            }
            for option in result.order
        ],
        **({} if crossed is None else {"red_lines": result.red_lines}),
        "details": details,
    }


def render_ranking(model: DecisionModel, result: Ranking, fmt: str, width: int = WIDTH) -> str:
    """One method's ranking, best first, in ``fmt`` (one of :data:`FORMATS`)."""
    labels = {o.id: o.label for o in model.options}
    extra = intermediates(result)
    order = result.order
    if fmt == "json":
        return json.dumps(_ranking_json(model, result), indent=2, ensure_ascii=False) + "\n"
    rows_of: dict[str, list[float]] = {
        str(o): [float(v) for v in values]
        for o, values in zip(extra.index, extra.to_numpy(), strict=True)
    }
    crossed = _crossed(model)
    if fmt == "csv":
        headers = ["rank", "option_id", "option", "score", *extra.columns]
        headers += [] if crossed is None else ["acceptable", "crosses"]
        rows = [
            [
                int(result.ranks[o]),
                o,
                labels[o],
                result.scores[o],
                *rows_of[o],
                *_crossing_cells(crossed, o),
            ]
            for o in order
        ]
        return _csv(headers, rows)
    headers = ["Rank", "Option", "Score", *extra.columns]
    option_w = max(16, width - 8 - 9 * (1 + len(extra.columns)))
    rows = [
        [
            str(int(result.ranks[o])),
            clip(labels[o], option_w),
            _number(result.scores[o], result.method),
            *(_number(v, result.method) for v in rows_of[o]),
        ]
        for o in order
    ]
    right = [True, False, True, *([True] * len(extra.columns))]
    heading = f"{method_label(result.method)}"
    if result.params:
        heading += f" ({describe_params(result.params)})"
    heading = textwrap.fill(f"{heading}. Score: {method_meaning(result.method)}.", width)
    notes = _ranking_notes(model, result, width)
    if fmt == "markdown":
        if crossed is not None:
            headers, right = [*headers, "Red lines"], [*right, False]
            rows = [
                [*r, _crossing_words(model, crossed, o)] for r, o in zip(rows, order, strict=True)
            ]
        return "\n\n".join([heading, _markdown(headers, rows, right), *notes]) + "\n"
    return "\n".join([heading, "", _aligned(headers, rows, right), *notes]) + "\n"


def _ranking_notes(model: DecisionModel, result: Ranking, width: int) -> list[str]:
    labels = {o.id: o.label for o in model.options}
    if result.method == "vikor":
        d = result.details
        chosen = ", ".join(labels[o] for o in d["compromise_set"])
        yes = {True: "holds", False: "fails"}
        note = (
            f"Compromise set: {chosen} (acceptable advantage {yes[d['acceptable_advantage']]}; "
            f"acceptable stability {yes[d['acceptable_stability']]})."
        )
        return ["", textwrap.fill(note, width)]
    if result.method == CONSENSUS:
        return _consensus_notes(result, width)
    return []


def _consensus_notes(result: Ranking, width: int = WIDTH) -> list[str]:
    methods = result.details["methods"]
    rule = result.params.get("rule", "borda")
    how = (
        "Borda count: a point for every option a method ranks below, half for a tie"
        if rule == "borda"
        else "Copeland: pairwise wins minus losses, a pair going to the option most methods prefer"
    )
    notes = ["", f"Consensus of {len(methods)} methods, {how}."]
    for name, why in result.details["skipped"].items():
        notes.append(f"Left out: {method_label(name)}: {why}.")
    return [textwrap.fill(note, width) if note else note for note in notes]


def render_comparison(
    model: DecisionModel, comparison: Comparison, fmt: str, width: int = WIDTH
) -> str:
    """Every method's ranks (and scores) side by side, with the consensus and agreement."""
    labels = {o.id: o.label for o in model.options}
    names = [*comparison.methods, CONSENSUS]
    order = comparison.consensus.order
    ranks = {n: {str(k): int(v) for k, v in comparison.ranks[n].items()} for n in names}
    scores = {n: {str(k): float(v) for k, v in comparison.scores[n].items()} for n in names}
    if fmt == "json":
        payload = {
            "case": model.info.name,
            "title": model.info.title,
            "methods": {
                name: _ranking_json(model, comparison.rankings[name]) for name in comparison.methods
            },
            "consensus": _ranking_json(model, comparison.consensus),
            "agreement": {
                "measure": comparison.measure,
                "matrix": _jsonable(comparison.agreement.to_dict()),
            },
            "skipped": dict(comparison.skipped),
        }
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    crossed = _crossed(model)
    if fmt == "csv":
        headers = ["option_id", "option"]
        for name in names:
            headers += [f"{name}_score", f"{name}_rank"]
        headers += [] if crossed is None else ["acceptable", "crosses"]
        rows = []
        for o in order:
            row: list[Any] = [o, labels[o]]
            for name in names:
                row += [scores[name][o], ranks[name][o]]
            rows.append(row + _crossing_cells(crossed, o))
        return _csv(headers, rows)
    short = [method_label(n, short=True) for n in names]
    headers = ["Option", *short]
    option_w = max(16, width - sum(len(s) + 2 for s in short))
    rows = [[clip(labels[o], option_w), *(str(ranks[n][o]) for n in names)] for o in order]
    right = [False, *([True] * len(names))]
    agreement = comparison.agreement.rename(
        index=lambda n: method_label(n, short=True), columns=lambda n: method_label(n, short=True)
    )
    a_rows = [
        [name, *("n/a" if math.isnan(v) else f"{v:.2f}" for v in agreement.loc[name].tolist())]
        for name in agreement.index
    ]
    a_headers = ["", *agreement.columns]
    a_right = [False, *([True] * len(agreement.columns))]
    measure = "Kendall's tau-b" if comparison.measure == "kendall" else "Spearman's rho"
    params = "; ".join(
        f"{method_label(n, short=True)} {describe_params(r.params)}"
        for n, r in comparison.rankings.items()
        if r.params
    )
    intro = "Rank under each method (1 = best), best consensus first."
    agree_intro = f"Agreement between methods ({measure}; 1 = same order, -1 = reversed):"
    notes = [*_consensus_notes(comparison.consensus, width)]
    if params:
        notes.append(textwrap.fill(f"Parameters: {params}.", width))
    if fmt == "markdown":
        if crossed is not None:
            headers, right = [*headers, "Red lines"], [*right, False]
            rows = [
                [*r, _crossing_words(model, crossed, o)] for r, o in zip(rows, order, strict=True)
            ]
        parts = [
            intro,
            _markdown(headers, rows, right),
            agree_intro,
            _markdown(a_headers, a_rows, a_right),
            *[n for n in notes if n],
        ]
        return "\n\n".join(parts) + "\n"
    return (
        "\n".join(
            [
                intro,
                "",
                _aligned(headers, rows, right),
                "",
                agree_intro,
                "",
                _aligned(a_headers, a_rows, a_right),
                *notes,
            ]
        )
        + "\n"
    )


def format_methods_summary(
    model: DecisionModel, comparison: Comparison, width: int = WIDTH, *, limit: int | None = None
) -> str:
    """The compact table the default run prints: each option's rank under every method
    (in consensus order; with ``limit``, the first ``limit`` options)."""
    labels = {o.id: o.label for o in model.options}
    names = [*comparison.methods, CONSENSUS]
    short = [method_label(n, short=True) for n in names]
    room = width - sum(len(s) + 2 for s in short)
    option_w = max(16, min(max(len(label) for label in labels.values()), room))
    ranks = {n: {str(k): int(v) for k, v in comparison.ranks[n].items()} for n in names}
    order = comparison.consensus.order
    shown = order if limit is None else order[:limit]
    rows = [[clip(labels[o], option_w), *(str(ranks[n][o]) for n in names)] for o in shown]
    table = _aligned(["Option", *short], rows, [False, *([True] * len(names))])
    if len(shown) < len(order):
        table += f"\n… and {len(order) - len(shown):,} more"
    values = comparison.agreement.to_numpy()
    off = values[~np.eye(len(values), dtype=bool)]
    off = off[~np.isnan(off)]
    lines = ["Under every method (rank, 1 = best):", table]
    rule = "Borda count" if comparison.rule == "borda" else "Copeland rule"
    summary = f"Consensus: {rule} over {len(comparison.methods)} methods."
    if off.size:
        measure = "Kendall's tau-b" if comparison.measure == "kendall" else "Spearman's rho"
        low, high = fixed(float(off.min()), 2), fixed(float(off.max()), 2)
        span = f"{low} for all" if low == high else f"{low} to {high}"
        summary += f" Agreement between methods ({measure}): {span}."
    lines.append(textwrap.fill(summary, width))
    for name in comparison.skipped:
        lines.append(f"Left out: {method_label(name)} (undefined on these scores).")
    return "\n".join(lines)
