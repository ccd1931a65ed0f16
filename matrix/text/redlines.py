"""What the red lines say, in words: crossings after a ranking, margins, and risk.

Kept in one place so that the command line, the robustness summary and the
workbook say the same thing the same way. See :mod:`matrix.redlines`.

>>> import pandas as pd
>>> import matrix
>>> table = pd.DataFrame({"war_risk": [9.0, 3.0]}, index=["strike", "talks"])
>>> model = matrix.from_frame(table, directions=["min"], weights=[1],
...                           scales={"war_risk": (0, 10)}, red_lines={"war_risk": 8})
>>> crossing_text(model)
{'strike': 'war_risk 9 (red line 8)'}
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from matrix.model import DecisionModel
from matrix.redlines import crossings, red_line_margins
from matrix.validation import fmt_number

__all__ = [
    "NO_EXCLUDE_IN_DRAWS",
    "POLICY_WORDS",
    "crossing_text",
    "margins_table",
    "margins_text",
    "none_acceptable",
    "perspective_notes",
    "probability_sentence",
    "ranking_notes",
    "threshold_words",
]

#: What each red-line policy does to a ranking, in a sentence.
POLICY_WORDS = {
    "last": "Options that cross a red line are ranked after every acceptable option.",
    "ignore": "Red lines are ignored in this ranking: every option is ranked on its scores alone.",
    "exclude": "Options that cross a red line are left out of the ranking.",
}

#: Why ``montecarlo --red-lines exclude`` is refused, in the command line's words.
NO_EXCLUDE_IN_DRAWS = (
    "montecarlo ranks every option in every draw, and a score drawn from its range can cross "
    "a red line in one draw and not the next, so it cannot leave options out: use --red-lines "
    "last (crossing options ranked after the acceptable ones, draw by draw) or --red-lines ignore"
)


def _names(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def crossing_text(model: DecisionModel, crossed: pd.DataFrame | None = None) -> dict[str, str]:
    """For each option that crosses a red line: which lines, its score and the line.

    Options that cross none are left out; the order is the model's.
    """
    crossed = crossings(model) if crossed is None else crossed
    out: dict[str, str] = {}
    for option in model.options:
        parts = [
            f"{crit.label} {fmt_number(float(model.values[i, j]))} "
            f"(red line {fmt_number(crit.red_line)})"
            for j, crit in enumerate(model.criteria)
            for i in [model.option_ids.index(option.id)]
            if bool(crossed.iat[i, j])
        ]
        if parts:
            out[option.id] = "; ".join(parts)
    return out


def none_acceptable(model: DecisionModel, policy: str = "last") -> str:
    """The one line said when every option crosses a red line."""
    then = "none is ranked" if policy == "exclude" else "they are ranked on their scores alone"
    return (
        f"No option is acceptable: all {len(model.options)} cross at least one red line, so {then}."
    )


def ranking_notes(model: DecisionModel, crossed: pd.DataFrame, policy: str) -> list[str]:
    """Lines to print under a ranking: who crosses which red line, and what the ranking did.

    Nothing when the model has no red line.
    """
    if not model.has_red_lines:
        return []
    labels = {o.id: o.label for o in model.options}
    texts = crossing_text(model, crossed)
    lines = "; ".join(
        f"{c.label} no {'lower' if c.direction == 'max' else 'higher'} than "
        f"{fmt_number(c.red_line)}"
        for c in model.criteria
        if c.red_line is not None
    )
    notes = [f"Red lines (the worst acceptable scores): {lines}."]
    if not texts:
        notes.append("No option crosses a red line.")
        return notes
    notes += [f"  {labels[o]} crosses: {text}" for o, text in texts.items()]
    if len(texts) == len(model.options):
        notes.append(none_acceptable(model, policy))
    else:
        notes.append(POLICY_WORDS[policy])
    return notes


def perspective_notes(model: DecisionModel, perspective_id: str | None = None) -> list[str]:
    """What the perspectives' ranks do with red lines: the case's own, and any a
    perspective draws for itself (for one perspective: the lines in force and who
    crosses them). Nothing when no red line is drawn anywhere."""
    persps = model.perspectives if perspective_id is None else [model.perspective(perspective_id)]
    if not model.has_red_lines and not any(p.red_lines for p in persps):
        return []
    if perspective_id is not None:
        seen = model.under(perspective_id)
        return ranking_notes(seen, crossings(seen), "last")
    notes = [
        "Ranks follow the case's red lines: an option that crosses one is ranked after every "
        "acceptable option."
    ]
    for persp in persps:
        if persp.red_lines:
            said = "; ".join(
                f"{model.criterion(c).label} "
                + (
                    "none"
                    if v is None
                    else f"no {'lower' if model.criterion(c).direction == 'max' else 'higher'} "
                    f"than {fmt_number(v)}"
                )
                for c, v in persp.red_lines.items()
            )
            notes.append(f"  {persp.label} draws its own: {said}.")
    return notes


def margins_table(model: DecisionModel) -> pd.DataFrame:
    """Options x criteria with a red line: the signed distance from each score to the
    line, in score units (negative: the score crosses it)."""
    drawn = [c.id for c in model.criteria if c.red_line is not None]
    return red_line_margins(model)[drawn]


def margins_text(model: DecisionModel, width: int = 100) -> str:
    """The margins as a plain-text table, options down, criteria with a red line across."""
    table = margins_table(model)
    labels = {o.id: o.label for o in model.options}
    heads = [model.criterion(c).label for c in table.columns]
    option_w = min(max(len(v) for v in labels.values()), max(16, width // 3))
    widths = [max(len(h), 7) for h in heads]
    rows = [
        "  ".join(
            ["Option".ljust(option_w), *(h.rjust(w) for h, w in zip(heads, widths, strict=True))]
        ),
        "  ".join(["\u2500" * option_w, *("\u2500" * w for w in widths)]),
    ]
    for option, values in table.iterrows():
        cells = [
            (f"{v:+.2f}" if v else "0.00").rjust(w) for v, w in zip(values, widths, strict=True)
        ]
        rows.append("  ".join([labels[str(option)][:option_w].ljust(option_w), *cells]))
    return "\n".join(rows)


def probability_sentence(
    model: DecisionModel, p_crossing: Mapping[str, float] | pd.Series, draws: int
) -> str | None:
    """Which options cross or could cross a red line, with the share of draws in which
    they do; None when none ever does."""
    labels = {o.id: o.label for o in model.options}
    shares = {str(o): float(p) for o, p in dict(p_crossing).items() if p > 0}
    if not shares:
        return None
    always = [labels[o] for o, p in shares.items() if p >= 1]
    sometimes = sorted(
        ((o, p) for o, p in shares.items() if p < 1), key=lambda item: (-item[1], item[0])
    )
    parts = []
    if always:
        verb = "crosses" if len(always) == 1 else "cross"
        parts.append(f"{_names(always)} {verb} one in all {draws:,} draws of the scores")
    if sometimes:
        (first, p), rest = sometimes[0], sometimes[1:]
        said = f"{labels[first]} crosses one in {p:.1%} of the draws"
        if rest:
            said = _names([said, *(f"{labels[o]} in {q:.1%}" for o, q in rest)])
        parts.append(f"within the score ranges, {said}")
    return "Red lines: " + "; ".join(parts) + "."


def threshold_words(model: DecisionModel, change: Mapping[str, object], policy: str) -> str:
    """The value a score-flip moves a score to (``change``: a row of
    :func:`matrix.robustness.score_thresholds`), in words: the number, or, where
    first place changes at the criterion's red line under the ``"last"`` policy,
    the red line itself ("below its red line of 2").

    >>> import pandas as pd
    >>> import matrix
    >>> table = pd.DataFrame({"war_risk": [7.0, 3.0]}, index=["strike", "talks"])
    >>> model = matrix.from_frame(table, directions=["min"], weights=[1],
    ...                           scales={"war_risk": (0, 10)}, red_lines={"war_risk": 8})
    >>> threshold_words(model, {"option": "strike", "criterion": "war_risk", "to": 8.0}, "last")
    'above its red line of 8'
    """
    to = float(change["to"])  # type: ignore[arg-type]
    criterion = model.criterion(str(change["criterion"]))
    line = criterion.red_line
    if policy != "last" or line is None or to != line:
        return f"{to:.3g}"
    i = model.option_ids.index(str(change["option"]))
    j = model.criterion_ids.index(criterion.id)
    margin = float(red_line_margins(model).to_numpy(dtype=float)[i, j])
    if margin >= 0:  # an acceptable score moved across the line
        word = "below" if criterion.direction == "max" else "above"
        return f"{word} its red line of {fmt_number(line)}"
    return f"{fmt_number(line)}, back on its red line"
