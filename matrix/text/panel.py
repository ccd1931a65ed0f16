"""The words a panel of analysts is described in: the stamp on each analyst's workbook and
the findings ``policy-matrix panel merge`` prints, the disagreements that matter first.

>>> analyst_stamp("Ana")
'Scored by Ana, for a panel: change the blue numbers on Scores and Evidence to your own judgement'
"""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from matrix.text.format import WIDTH, clip, method_name, percent, plain_number, table_lines

if TYPE_CHECKING:
    from matrix.panel import Panel
    from matrix.robustness.montecarlo import RankAcceptability

__all__ = [
    "AGGREGATE_WORDS",
    "INIT_NEXT",
    "PIVOTAL_NONE",
    "analyst_stamp",
    "format_panel",
    "moved_lines",
    "pivotal_lines",
]

#: How the group's score is made, in a sentence.
AGGREGATE_WORDS = {"mean": "the mean", "median": "the median"}

#: Said when no single disagreement changes the leader.
PIVOTAL_NONE = (
    "No single disagreement changes the leader: putting any one analyst's score in place of "
    "the group's leaves {leader} first."
)

#: What ``panel init`` says to do next.
INIT_NEXT = (
    "Each analyst changes the blue numbers (scores, weights) on Scores and the low, high, "
    "rationale and evidence on Evidence, then returns the file. Merge them with:"
)

#: Scores listed under "where the analysts disagree most".
TOP_SPREAD = 10


def analyst_stamp(analyst: str) -> str:
    """The line under the title of a workbook handed to one analyst of a panel."""
    return (
        f"Scored by {analyst}, for a panel: change the blue numbers on Scores and Evidence "
        "to your own judgement"
    )


def _labels(panel: Panel) -> tuple[dict[str, str], dict[str, str]]:
    base = panel.base
    return {o.id: o.label for o in base.options}, {c.id: c.label for c in base.criteria}


def pivotal_lines(
    panel: Panel, pivotal: pd.DataFrame, leader: str, *, width: int = WIDTH
) -> list[str]:
    """The disagreements that change the group's leader, as a table (or one sentence)."""
    options, criteria = _labels(panel)
    if pivotal.empty:
        return textwrap.wrap(PIVOTAL_NONE.format(leader=leader), width)
    records: list[dict[Any, Any]] = pivotal.to_dict("records")
    rows = [
        [
            clip(options[r["option"]], 28),
            clip(criteria[r["criterion"]], 32),
            clip(str(r["analyst"]), 16),
            plain_number(r["value"]),
            plain_number(r["group"]),
            clip(" = ".join(options[o] for o in str(r["new_leader"]).split(" = ")), 32),
        ]
        for r in records
    ]
    headers = ["Option", "Criterion", "Analyst", "Their score", "Group", "Leader it would give"]
    return table_lines(headers, rows, [False, False, False, True, True, False])


def format_panel(
    panel: Panel,
    *,
    pivotal: pd.DataFrame,
    rankings: pd.DataFrame,
    agreement: pd.DataFrame,
    acceptability: RankAcceptability | None = None,
    method: str = "wsm",
    how: str = "mean",
    width: int = WIDTH,
) -> str:
    """The panel's findings for the terminal: the disagreements that change the leader first,
    then where the analysts disagree most, their rankings, their agreement and the group's
    rank acceptability."""
    options, criteria = _labels(panel)
    group = rankings["group"]
    leaders = [options[str(o)] for o in group.index[group == 1]]
    leader = " = ".join(leaders)
    n = len(panel.analysts)
    lines = textwrap.wrap(
        f"A panel of {n} analysts: {', '.join(panel.analysts)}. The group's score is "
        f"{AGGREGATE_WORDS[how]} of the analysts' scores; ranked by {method_name(method)}.",
        width,
    )
    counts = panel.counts
    partial = int((counts < n).to_numpy().sum())
    if partial:
        lines += textwrap.wrap(
            f"{partial} score{'s' if partial != 1 else ''} not given by every analyst: each is "
            "aggregated over the analysts who gave it.",
            width,
        )
        gave = counts.to_numpy()
        for i, j in np.argwhere(gave < n)[:TOP_SPREAD]:
            lines.append(
                f"  {options[panel.option_ids[i]]}, {criteria[panel.criterion_ids[j]]}: "
                f"given by {gave[i, j]} of {n}"
            )
        if partial > TOP_SPREAD:
            lines.append(f"  and {partial - TOP_SPREAD} more")
    if panel.weights_differ:
        lines += textwrap.wrap(
            "The analysts weigh the criteria differently: the group's weights are the mean of "
            "their weight shares.",
            width,
        )
    lines += ["", f"Group leader: {leader}.", ""]
    lines.append(
        "Disagreements that change the leader (one analyst's score in place of the group's)"
    )
    lines += pivotal_lines(panel, pivotal, leader, width=width)

    spread, share = panel.spread.to_numpy(), panel.spread_share.to_numpy()
    ranked = sorted(
        ((float(share[i, j]), i, j) for i, j in np.argwhere(share > 0)),
        key=lambda item: -item[0],
    )[:TOP_SPREAD]
    lines += ["", "Where the analysts disagree most (spread: highest minus lowest score)"]
    if not ranked:
        lines.append("The analysts gave the same scores everywhere.")
    else:
        rows = []
        for value, i, j in ranked:
            given = [
                f"{a} {plain_number(panel.values[k, i, j])}"
                for k, a in enumerate(panel.analysts)
                if panel.given[k, i, j]
            ]
            rows.append(
                [
                    clip(options[panel.option_ids[i]], 28),
                    clip(criteria[panel.criterion_ids[j]], 32),
                    plain_number(spread[i, j]),
                    percent(value, 0),
                    clip(", ".join(given), max(20, width - 80)),
                ]
            )
        lines += table_lines(
            ["Option", "Criterion", "Spread", "Of scale", "Scores"],
            rows,
            [False, False, True, True, False],
        )

    lines += ["", f"Rankings ({method_name(method)}; the group is {AGGREGATE_WORDS[how]})"]
    order_ids = [str(o) for o in group.sort_values(kind="stable").index]
    columns = [*panel.analysts, "group"]
    table = rankings.loc[order_ids, columns].to_numpy()
    headers = [*panel.analysts, "Group"]
    rows = [
        [clip(options[o], 28), *(str(int(rank)) for rank in table[k])]
        for k, o in enumerate(order_ids)
    ]
    lines += table_lines(["Option", *headers], rows, [False, *([True] * len(columns))])
    taus = agreement.loc[list(panel.analysts), "group"].to_numpy(dtype=float)
    said = [f"{a} {t:.2f}" for a, t in zip(panel.analysts, taus, strict=True) if not math.isnan(t)]
    lines += textwrap.wrap(
        "Agreement with the group's ranking (Kendall's tau, 1 = the same order): "
        + ", ".join(said),
        width,
    )

    if acceptability is not None:
        p_best = acceptability.p_best.sort_values(ascending=False, kind="stable")
        firsts = [f"{options[str(o)]} {percent(float(p))}" for o, p in p_best.items() if p > 0]
        draws, seed = acceptability.samples, acceptability.params.get("seed")
        lines.append("")
        lines += textwrap.wrap(
            f"Rank acceptability over the panel ({draws:,} draws, seed {seed}; each score taken "
            "from one analyst at random, within that analyst's range)",
            width,
        )
        lines += textwrap.wrap(f"First place: {', '.join(firsts)}.", width)
    return "\n".join(lines)


# -- the panel workbook's words --------------------------------------------------------

#: Each sheet's title and the line under it.
SHEET_TEXT = {
    "Panel": "The panel's findings: the group's leader, the disagreements that would change it, "
    "each analyst's ranking beside the group's, and how often each option comes first when "
    "each score is taken from one analyst at random.",
    "Judgements": "Each analyst's lowest, best and highest estimate of every score (blue: edit "
    "them; leave a cell empty for a score not given). The group's are the {how} of the "
    "analysts' ({function}); the spread is the highest analyst's score minus the lowest's, "
    "shaded by its share of the criterion's scale.",
    "Rationale": "Each analyst's rationale for each score, row by row as on Judgements.",
    "Round 2": "Your judgements of round 1 beside the group's: its median, the lowest and highest "
    "score the other analysts gave (anonymised) and the reasons given for the lowest and highest "
    "scores. Revise your scores, ranges and rationale on Scores and Evidence if you wish, and "
    "return this file.",
    "Group": "The criteria, each analyst's weight shares and the group's (their mean), and the "
    "group's weighted sum on each criterion's scale, ranked live from the Judgements sheet.",
}

#: Said beside what Python computed when the workbook was written (not live).
STAMPED = (
    "Computed by policy-matrix from the judgements as written ({detail}); after editing "
    "Judgements, run policy-matrix panel merge on this file to recompute it."
)


def moved_lines(
    panel: Panel, round1: pd.DataFrame, *, how: str = "mean", width: int = WIDTH
) -> list[str]:
    """How far the group moved since round 1: its scores, and the analysts' spread."""
    options, criteria = _labels(panel)
    group = panel.aggregate(how=how).scores.stack()
    spread = panel.spread.stack()
    common = [key for key in round1.index if key in group.index]
    if not common:
        return []
    old = round1.loc[common]
    change = pd.Series(
        np.abs(group.loc[common].to_numpy() - old["group"].to_numpy()), index=old.index
    )
    before = float(old["spread"].to_numpy().mean())
    after = float(spread.loc[common].to_numpy().mean())
    moved = int((change > 1e-9).sum())
    lines = textwrap.wrap(
        f"Since round 1: the group's score moved on {moved} of {len(common)} scores (by "
        f"{plain_number(float(change.mean()))} on average); the analysts' spread went from "
        f"{plain_number(before)} to {plain_number(after)} on average.",
        width,
    )
    if moved:
        k = int(np.argmax(change.to_numpy()))
        option, criterion = (str(part) for part in common[k])
        was, now = old["group"].to_numpy()[k], group.loc[common].to_numpy()[k]
        lines += textwrap.wrap(
            f"Largest move: {options[option]}, {criteria[criterion]}: from "
            f"{plain_number(float(was))} to {plain_number(float(now))}.",
            width,
        )
    return lines
