"""Perspectives in words: the text ``policy-matrix weights`` prints.

Every function returns text or a table; only :mod:`matrix.cli` prints.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from matrix.ahp import CR_THRESHOLD, AHPResult
from matrix.methods import evaluate
from matrix.model import EVIDENCE_NONE, DecisionModel, Perspective
from matrix.perspectives import ROBUST_RANK, rank_by_perspective
from matrix.text.format import WIDTH, method_name, table_lines
from matrix.weights import perspective_ahp

__all__ = [
    "consistency",
    "elicitation_text",
    "format_perspective",
    "format_weights",
    "inconsistency_warnings",
    "weights_table",
]

ORDER_NAMES = {
    "roc": "rank-order centroid",
    "rank_sum": "rank sum",
    "reciprocal": "rank reciprocal",
}


def consistency(model: DecisionModel) -> dict[str, AHPResult]:
    """The AHP result of every perspective elicited by AHP, by perspective id."""
    return {
        p.id: perspective_ahp(p, model.criterion_ids)
        for p in model.perspectives
        if p.elicitation == "ahp"
    }


def elicitation_text(persp: Perspective, result: AHPResult | None = None) -> str:
    """How a perspective's weights were obtained, in a few words."""
    if persp.elicitation == "ahp":
        cr = f", CR {result.cr:.3f}" if result is not None else ""
        return f"AHP pairwise comparisons{cr}"
    if persp.elicitation == "order":
        method = ORDER_NAMES.get(str(persp.inputs.get("method", "roc")), "rank-order centroid")
        return f"importance order ({method})"
    if persp.elicitation == "swing":
        return "swing points"
    return "direct weights"


def weights_table(model: DecisionModel) -> pd.DataFrame:
    """Weights in %, criteria x (``case`` and every perspective id); each column sums to 100."""
    columns = {"case": model.normalized_weights * 100}
    for persp in model.perspectives:
        series = pd.Series(persp.weights, dtype=float).reindex(model.criterion_ids)
        columns[persp.id] = series / series.sum() * 100
    table = pd.DataFrame(columns)
    table.index.name = "criterion"
    return table


def _grid(header: list[str], rows: list[list[str]], left: int = 1) -> list[str]:
    """Columns aligned: the first ``left`` columns to the left, the others to the right."""
    return table_lines(header, rows, [i >= left for i in range(len(header))])


def _ordinal(n: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


def _revisit_lines(model: DecisionModel, result: AHPResult, indent: str) -> list[str]:
    labels = {c.id: c.label for c in model.criteria}
    lines = []
    for row in result.most_inconsistent(3).to_dict("records"):
        lines.append(
            f"{indent}{labels[str(row['row'])]} over {labels[str(row['column'])]}: judged "
            f"{_judgement(float(row['given']))}, the priorities imply {float(row['implied']):.2f}"
        )
    return lines


def _judgement(value: float) -> str:
    if value >= 1:
        return f"{value:g}" if value == int(value) else f"{value:.2f}"
    inverse = 1 / value
    return f"1/{inverse:.0f}" if abs(inverse - round(inverse)) < 1e-9 else f"{value:.3f}"


def inconsistency_warnings(model: DecisionModel, ids: list[str] | None = None) -> list[str]:
    """One prominent line per AHP perspective whose CR is above 0.10."""
    lines = []
    for pid, result in consistency(model).items():
        if (ids is None or pid in ids) and not result.consistent:
            lines.append(
                f"WARNING: perspective {pid!r} has inconsistent AHP judgements: CR "
                f"{result.cr:.3f} is above {CR_THRESHOLD:.2f}. Revisit the judgements named "
                f"by 'policy-matrix weights --perspective {pid}'."
            )
    return lines


def _consistency_block(model: DecisionModel, results: dict[str, AHPResult]) -> list[str]:
    if not results:
        return []
    lines = [
        "",
        f"AHP consistency (a consistency ratio CR above {CR_THRESHOLD:.2f} means the "
        "judgements contradict each other)",
    ]
    width = max(len(pid) for pid in results)
    for pid, result in results.items():
        verdict = "consistent" if result.consistent else "INCONSISTENT: revisit"
        lines.append(
            f"  {pid:<{width}}  lambda_max {result.lambda_max:.3f}  CI {result.ci:.3f}  "
            f"CR {result.cr:.3f}  (RI {result.ri:.2f}, {result.random_index})  {verdict}"
        )
        if not result.consistent:
            lines.extend(_revisit_lines(model, result, " " * (width + 4)))
    return lines


def format_weights(model: DecisionModel, *, method: str = "wsm", width: int = WIDTH) -> str:
    """Every perspective's weights, AHP consistency, and the rank table across perspectives."""
    if not model.perspectives:
        labels = {c.id: c.label for c in model.criteria}
        shares = model.normalized_weights.to_numpy()
        rows = [[labels[c], f"{v * 100:.1f}"] for c, v in zip(labels, shares, strict=True)]
        text = [
            "This case has no perspectives, only its own weights (in %):",
            "",
            *_grid(["Criterion", "case"], rows),
            "",
            "Add perspectives.csv to the case folder to compare stakeholders' weights "
            "(format: data/README.md).",
        ]
        return "\n".join(_wrap(line, width) for line in text)
    results = consistency(model)
    lines = [*inconsistency_warnings(model)]
    if lines:
        lines.append("")
    n = len(model.perspectives)
    lines.append(f"{n} perspective{'s' if n != 1 else ''}; weights in % (each column sums to 100).")
    lines.append("")
    id_w = max(len("case"), *(len(p.id) for p in model.perspectives))
    case_label = "The case’s own weights"
    label_w = max(len(case_label), *(len(p.label) for p in model.perspectives))
    lines.append(f"  {'case':<{id_w}}  {case_label:<{label_w}}  criteria.csv")
    for persp in model.perspectives:
        how = elicitation_text(persp, results.get(persp.id))
        lines.append(f"  {persp.id:<{id_w}}  {persp.label:<{label_w}}  {how}".rstrip())
    lines.append("")
    table = weights_table(model)
    labels = {c.id: c.label for c in model.criteria}
    header = ["Criterion", *table.columns]
    rows = [[labels[str(c)], *(f"{v:.1f}" for v in table.loc[c])] for c in table.index]
    lines.extend(_grid(header, rows))
    lines.extend(_consistency_block(model, results))

    ranking = rank_by_perspective(model, method)
    case_ranks = evaluate(model, method).ranks
    options = {o.id: o.label for o in model.options}
    order = list(case_ranks.sort_values(kind="stable").index)
    lines.append("")
    lines.append(f"Rank of each option under each perspective ({method_name(method)}; 1 = best)")
    header = ["Option", "case", *ranking.ranks.index]
    rows = [
        [
            options[o],
            str(case_ranks[o]),
            *(str(ranking.ranks.loc[p, o]) for p in ranking.ranks.index),
        ]
        for o in order
    ]
    lines.extend(_grid(header, rows))
    robust = ranking.robust(ROBUST_RANK)
    lines.append("")
    if robust:
        names = ", ".join(options[o] for o in robust)
        lines.append(
            f"Robust across perspectives (never ranked worse than {_ordinal(ROBUST_RANK)}): "
            f"{names}."
        )
    else:
        lines.append(
            f"No option is robust across perspectives: each is ranked worse than "
            f"{_ordinal(ROBUST_RANK)} by at least one."
        )
    return "\n".join(_wrap(line, width) for line in lines)


def _wrap(line: str, width: int) -> str:
    if len(line) <= width or line.startswith(" ") or "─" in line:
        return line
    return textwrap.fill(line, width, subsequent_indent="  ")


def format_perspective(model: DecisionModel, perspective_id: str, *, width: int = WIDTH) -> str:
    """One perspective in full: who, why, evidence, what was given, weights, consistency."""
    persp = model.perspective(perspective_id)
    result = perspective_ahp(persp, model.criterion_ids) if persp.elicitation == "ahp" else None
    lines = [*inconsistency_warnings(model, [persp.id])]
    if lines:
        lines.append("")
    lines.append(f"Perspective {persp.id!r}: {persp.label}")
    for title, text in (("", persp.description), ("Why these weights: ", persp.rationale)):
        if text:
            lines.append(textwrap.fill(title + text, width))
    evidence = persp.evidence or EVIDENCE_NONE
    shown = evidence if evidence == EVIDENCE_NONE else f"“{evidence}”"
    lines.append(textwrap.fill(f"Evidence: {shown}", width))
    lines.append(f"Elicited by: {elicitation_text(persp, result)}")
    lines.append("")
    given_name = {
        "direct": "Given weight",
        "swing": "Swing points",
        "order": "Position",
    }.get(persp.elicitation)
    key = {"direct": "weights", "swing": "points", "order": "positions"}.get(persp.elicitation)
    given = dict(persp.inputs.get(key, {})) if key else {}
    total = sum(persp.weights.values())
    header = ["Criterion", *([given_name] if given_name else []), "Weight %"]
    rows = []
    for crit in model.criteria:
        cells = [crit.label]
        if given_name:
            cells.append(f"{given[crit.id]:g}")
        cells.append(f"{persp.weights[crit.id] / total * 100:.1f}")
        rows.append(cells)
    lines.extend(_grid(header, rows))
    if result is not None:
        lines.append("")
        lines.append(
            textwrap.fill(
                "Pairwise judgements (row over column on Saaty's 1-9 scale; 1/3 means the "
                "column is moderately more important):",
                width,
            )
        )
        numbers = [str(k) for k in range(1, len(model.criteria) + 1)]
        header = ["", *numbers]
        matrix = result.matrix.to_numpy()
        rows = [
            [f"{k} {crit.label}", *(_judgement(float(v)) for v in matrix[i])]
            for i, (k, crit) in enumerate(zip(numbers, model.criteria, strict=True))
        ]
        lines.extend(_grid(header, rows))
        verdict = "consistent" if result.consistent else "INCONSISTENT"
        lines.append("")
        lines.append(
            f"AHP: lambda_max {result.lambda_max:.3f}, CI {result.ci:.3f}, RI {result.ri:.2f} "
            f"({result.random_index}), CR {result.cr:.3f}: {verdict} (threshold "
            f"{CR_THRESHOLD:.2f})."
        )
        lines.append("Judgements furthest from what the priorities imply (revisit these first):")
        lines.extend(_revisit_lines(model, result, "  "))
    return "\n".join(lines)
