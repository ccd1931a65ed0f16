"""The robustness results as plain-text tables, for the command line (which prints them).

>>> import matrix
>>> from matrix.text.robustness import break_even_text
>>> model = matrix.load_case()
>>> print(break_even_text(model, matrix.break_even(model)).splitlines()[0])
Criterion                     Weight  First place changes if the weight  New leader
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

import matrix.robustness.montecarlo as montecarlo
from matrix.model import DecisionModel
from matrix.numbers import round_half_away
from matrix.robustness.flip import WinnerFlip
from matrix.robustness.montecarlo import RankAcceptability
from matrix.robustness.scenarios import ScenarioAnalysis
from matrix.robustness.sensitivity import WEIGHT_RANGE, Tornado
from matrix.text.format import METHOD_NAMES, WIDTH, clip, fixed, percent, rule

if TYPE_CHECKING:
    from matrix.robustness.summary import RobustnessSummary
from matrix.text.redlines import crossing_text, probability_sentence, threshold_words

__all__ = [
    "METHOD_NAMES",
    "acceptability_text",
    "break_even_text",
    "describe_draws",
    "flip_text",
    "scenarios_text",
    "summary_sentences",
    "summary_text",
    "tornado_text",
]


def _rows(table: pd.DataFrame) -> list[Any]:
    """The table's rows as named tuples (typed loosely: pandas types each field as a union)."""
    return list(table.itertuples())


#: The confidence factor is shown for options first in at least this share of the draws.
CONFIDENCE_FROM = 0.01


def break_even_text(model: DecisionModel, table: pd.DataFrame, width: int = WIDTH) -> str:
    """The break-even table: for each criterion, where first place changes and to whom."""
    options = {o.id: o.label for o in model.options}
    crit_w = min(max(len("Criterion"), *(len(c) for c in table["label"])), 30)
    change_w = len("First place changes if the weight")
    lines = [
        f"{'Criterion':<{crit_w}}  {'Weight':>6}  {'First place changes if the weight':<{change_w}}"
        "  New leader",
        rule(crit_w, 6, change_w, max(10, width - crit_w - change_w - 12)),
    ]
    for row in _rows(table):
        changes, leaders = [], []
        if not math.isnan(row.rise_above):
            changes.append(f"rises above {percent(row.rise_above)}")
            leaders.append(options[row.winner_if_rise])
        if not math.isnan(row.fall_below):
            changes.append(f"falls below {percent(row.fall_below)}")
            leaders.append(options[row.winner_if_fall])
        change = " or ".join(changes) if changes else "never (anywhere from 0% to 100%)"
        lines.append(
            f"{clip(row.label, crit_w):<{crit_w}}  {percent(row.weight):>6}  "
            f"{change:<{change_w}}  "
            f"{' / '.join(leaders)}".rstrip()
        )
    return "\n".join(lines)


def flip_text(model: DecisionModel, flip: WinnerFlip, width: int = WIDTH) -> str:
    """The smallest single weight change and score change that put another option first,
    each wrapped to ``width``."""
    options = {o.id: o.label for o in model.options}
    criteria = {c.id: c.label for c in model.criteria}
    lines = ["Smallest single changes that put another option first:"]
    weight, score = flip.weight, flip.score
    if weight is None:
        lines.append("  weight: none; no single weight change from 0% to 100% does it")
    else:
        verb = "rises" if weight["direction"] == "rise" else "falls"
        lines.append(
            f"  weight: {criteria[weight['criterion']]} {verb} from {percent(weight['weight'])} to "
            f"{percent(weight['break_even'])} of the total; then {options[weight['new_winner']]}"
        )
    if score is None:
        lines.append("  score:  none; no single score change within its scale does it")
    else:
        to = threshold_words(model, score, flip.params.get("red_lines", "ignore"))
        lines.append(
            f"  score:  {options[score['option']]} on {criteria[score['criterion']]} from "
            f"{score['score']:g} to {to}; then {options[score['new_winner']]}"
        )
    return "\n".join(
        textwrap.fill(line, width, subsequent_indent=" " * 10) if len(line) > width else line
        for line in lines
    )


def tornado_text(model: DecisionModel, data: Tornado, option: str, *, top: int = 8) -> str:
    """The inputs that move ``option``'s score most, each weight and score over its range."""
    criteria = {c.id: c.label for c in model.criteria}
    low, high = data.params["weight_range"]
    weights = data.weights[data.weights["option"] == option]
    scores = data.scores[data.scores["option"] == option]
    rows = [
        (f"Weight on {criteria[r.criterion]}", f"x{low:g} to x{high:g}", r.score_low, r.score_high)
        for r in _rows(weights)
    ] + [
        (
            f"Score on {criteria[r.criterion]}",
            f"{r.low:g} to {r.high:g}",
            r.score_low,
            r.score_high,
        )
        for r in _rows(scores)
    ]
    rows.sort(key=lambda r: -abs(r[3] - r[2]))
    rows = [r for r in rows if abs(r[3] - r[2]) > 0][:top]
    name_w = max(len("Input"), *(len(r[0]) for r in rows)) if rows else len("Input")
    name_w = min(name_w, 44)
    lines = [
        f"{'Input':<{name_w}}  {'Range':<12}  {'Score from':>10}  {'to':>6}",
        rule(name_w, 12, 10, 6),
    ]
    for name, span, start, end in rows:
        lines.append(
            f"{clip(name, name_w):<{name_w}}  {span:<12}  {fixed(start):>10}  {fixed(end):>6}"
        )
    return "\n".join(lines)


def describe_draws(result: RankAcceptability) -> str:
    """One sentence saying how weights and scores were drawn."""
    params = result.params
    if params["weights"] == "dirichlet":
        weights = f"Dirichlet around the case's weights (concentration {params['concentration']:g})"
    elif params["weights"] == "uniform":
        weights = "uniform over all weight vectors (the weights treated as unknown)"
    else:
        low, high = WEIGHT_RANGE
        given = params.get("intervals") or {}
        ranges = (
            f"{len(given)} given, the others from {low:g} to {high:g} times the case's weight"
            if given
            else f"from {low:g} to {high:g} times the case's weight"
        )
        if given and len(given) == len(result.central_weights.columns):
            ranges = "as given"
        weights = f"uniform within each weight's interval ({ranges}), then rescaled to sum to 1"
    scores = {
        "triangular": "triangular from each score's low, score and high",
        "pert": "PERT from each score's low, score and high",
        None: "fixed as scored",
    }[params["score_dist"]]
    return f"Weights: {weights}. Scores: {scores}."


def acceptability_text(model: DecisionModel, result: RankAcceptability, width: int = WIDTH) -> str:
    """Rank acceptability (%), confidence factors and central weights."""
    options = {o.id: o.label for o in model.options}
    table = result.acceptability
    n = table.shape[1]
    name_w = min(max(len("Option"), *(len(v) for v in options.values())), 28)
    head = f"{'Option':<{name_w}}  " + "  ".join(f"{'Rank ' + str(r):>7}" for r in table.columns)
    head += f"  {'Confidence':>10}"
    lines = [head, rule(name_w, *([7] * n), 10)]
    for option, row in zip(model.option_ids, table.to_numpy(), strict=True):
        cells = "  ".join(f"{'<0.1%' if 0 < v < 0.0005 else percent(v):>7}" for v in row)
        conf = percent(float(result.confidence[option])) if row[0] >= CONFIDENCE_FROM else ""
        conf = conf or "—"
        lines.append(f"{clip(options[option], name_w):<{name_w}}  {cells}  {conf:>10}")
    se = float(result.std_error.to_numpy().max())
    lines += [
        "",
        f"Largest standard error: {se * 100:.2f} percentage points "
        f"(a 95% interval is about ±{1.96 * se * 100:.1f}).",
        *textwrap.wrap(
            "Confidence: take the weights of the draws in which the option came first (its "
            "central weights, below) and vary only the scores: the share of draws in which it "
            "is still first. It asks whether the scores back the option for those who favour "
            "it, so it can be high for an option that is rarely first. Shown for options first "
            f"in at least {percent(CONFIDENCE_FROM, 0)} of draws (fewer give no reliable "
            "central weights); — for the others.",
            width,
        ),
    ]
    central = result.central_weights.dropna()
    if len(central):
        criteria = {c.id: c.label for c in model.criteria}
        crit_w = min(max(len(v) for v in criteria.values()), 30)
        k = len(central)
        room = (width - crit_w - 8 - 2 * k) // k
        col_w = max(8, min(room, max(len(options[o]) for o in central.index)))
        heads = [textwrap.wrap(options[o], col_w) or [""] for o in central.index]
        depth = max(len(h) for h in heads)
        heads = [[""] * (depth - len(h)) + h for h in heads]
        lines += ["", "Central weights: typical weights of someone for whom the option is first."]
        for level in range(depth):
            first = ("Criterion", "Case") if level == depth - 1 else ("", "")
            lines.append(
                (
                    f"{first[0]:<{crit_w}}  {first[1]:>6}  "
                    + "  ".join(f"{clip(h[level], col_w):>{col_w}}" for h in heads)
                ).rstrip()
            )
        lines.append(rule(crit_w, 6, *([col_w] * k)))
        shares = model.normalized_weights
        for criterion in central.columns:
            cells = "  ".join(
                f"{percent(central.loc[o, criterion]):>{col_w}}" for o in central.index
            )
            lines.append(
                f"{clip(criteria[criterion], crit_w):<{crit_w}}  "
                f"{percent(shares[criterion]):>6}  {cells}"
            )
    return "\n".join(lines)


def scenarios_text(model: DecisionModel, analysis: ScenarioAnalysis, width: int = WIDTH) -> str:
    """Scores and ranks per scenario, the regret table and the two choices."""
    options = {o.id: o.label for o in model.options}
    keys = list(analysis.scores.columns)
    codes = {s: f"S{i}" for i, s in enumerate(keys)}
    lines = ["Scenarios:"]
    for scen in keys:
        lines += textwrap.wrap(
            analysis.labels[scen],
            width,
            initial_indent=f"  {codes[scen]:<4}",
            subsequent_indent=" " * 6,
        )
    name_w = min(max(len("Option"), *(len(v) for v in options.values())), 28)
    col_w = 9
    header = f"{'Option':<{name_w}}  " + "  ".join(f"{codes[s]:>{col_w}}" for s in keys)
    lines += ["", "Score (rank) in each scenario", header, rule(name_w, *([col_w] * len(keys)))]

    def cell(value: float, rank: Any) -> str:
        # under the "exclude" red-line policy an option crossing one there has neither
        if rank is pd.NA or pd.isna(rank):
            return "left out".rjust(col_w)
        return f"{fixed(value):>5} ({rank})".rjust(col_w)

    def amount(value: float) -> str:
        return ("-" if pd.isna(value) else fixed(value)).rjust(col_w)

    for option in analysis.scores.index:
        cells = "  ".join(
            cell(analysis.scores.loc[option, s], analysis.ranks.loc[option, s]) for s in keys
        )
        lines.append(f"{clip(options[option], name_w):<{name_w}}  {cells}")
    lines += [
        "",
        "Regret: shortfall from the best option's score in each scenario",
        header + f"  {'Largest':>{col_w}}",
        rule(name_w, *([col_w] * (len(keys) + 1))),
    ]
    for option in analysis.regret.index:
        cells = "  ".join(amount(analysis.regret.loc[option, s]) for s in keys)
        lines.append(
            f"{clip(options[option], name_w):<{name_w}}  {cells}  "
            f"{amount(analysis.max_regret[option])}"
        )
    choice = " and ".join(options[o] for o in analysis.minimax_regret)
    best = " and ".join(options[o] for o in analysis.best_in_most)
    wins = int(analysis.wins[analysis.best_in_most[0]])
    lines += [
        "",
        f"Minimax-regret choice: {choice} "
        f"(largest regret {fixed(analysis.max_regret[analysis.minimax_regret[0]])}).",
        f"First in the most scenarios: {best} ({wins} of {len(keys)}).",
    ]
    return "\n".join(lines)


def _score(value: float) -> str:
    """A score as the summary quotes it (two decimals at most)."""
    return f"{round_half_away(float(value), 2):g}"


def _names(ids: tuple[str, ...], labels: Mapping[str, str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    names = [labels[i] for i in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def summary_sentences(summary: RobustnessSummary) -> list[str]:
    """What a robustness summary found, in plain words, with the numbers of its run
    (what ``RobustnessSummary.sentences()`` returns)."""
    model = summary.model
    options = {o.id: o.label for o in model.options}
    criteria = {c.id: c.label for c in model.criteria}
    winner = summary.ranking.winner
    if summary.acceptability is None:
        n = len(model.options)
        first = f"{options[winner]} is first as scored; "
    else:
        p_best = summary.acceptability.p_best
        draws = summary.acceptability.samples
        first = f"{options[winner]} is first in {percent(p_best[winner])} of {draws:,} draws; "
    weight = summary.flip.weight
    if weight is None:
        first += "no change to a single weight moves it from first place."
    else:
        verb = "rises above" if weight["direction"] == "rise" else "falls below"
        first += (
            f"it stays first unless the weight on {criteria[weight['criterion']]} {verb} "
            f"{percent(weight['break_even'])} of the total (now {percent(weight['weight'])}), "
            f"when {options[weight['new_winner']]} would take first place."
        )
    found = [first]
    tied = [o for o in summary.ranking.ranks.index if o != winner and summary.ranking.ranks[o] == 1]
    if tied:
        found.insert(
            0,
            f"As scored, {options[winner]} shares first place with "
            f"{_names(tuple(tied), options)}; the figures below follow {options[winner]}.",
        )
    if summary.acceptability is None:
        limit = montecarlo.MAX_OPTIONS  # read when used: tests lower it
        found.append(
            f"Left out: the Monte Carlo analysis holds at most {limit:,} options ({n:,} here)."
        )
        rival = None
    else:
        rival = str(p_best.drop(winner).idxmax()) if len(p_best) > 1 else None
    if rival is not None and p_best[rival] > p_best[winner]:
        found.append(
            f"{options[rival]} is first more often over the draws: in "
            f"{percent(p_best[rival])} of them."
        )
    score = summary.flip.score
    if score is None:
        found.append("No change to a single score within its scale moves it from first place.")
    else:
        crit = model.criterion(score["criterion"])
        whose = "its own" if score["option"] == winner else f"{options[score['option']]}'s"
        ends = model.bounds.loc[crit.id, ["min", "max"]].to_numpy(dtype=float)
        low, high = float(ends[0]), float(ends[1])
        to = _score(score["to"])
        if summary.flip.params.get("red_lines") == "last" and crit.red_line == score["to"]:
            from matrix.text.redlines import threshold_words

            to = threshold_words(model, score, "last")
        found.append(
            f"The smallest single score change that unseats it: {whose} "
            f"{crit.label} score from {_score(score['score'])} to {to} "
            f"(on a scale of {_score(low)} to {_score(high)}), "
            f"which puts {options[score['new_winner']]} first."
        )
    if model.has_red_lines:
        found.append(_red_line_sentence(summary))
    scen = summary.scenarios
    if scen is not None:
        count = scen.scores.shape[1]
        leaders = scen.best_in_most
        wins = int(scen.wins[leaders[0]])
        verb = "is" if len(leaders) == 1 else "are each"
        choice = scen.minimax_regret
        found.append(
            f"Across {count} scenarios (the case as scored and {count - 1} more), "
            f"{_names(leaders, options)} {verb} first in {wins} of {count}; the "
            f"minimax-regret choice is {_names(choice, options)} (its largest shortfall "
            f"from the best option in any scenario: {fixed(scen.max_regret[choice[0]])})."
        )
    return found


def _red_line_sentence(summary: RobustnessSummary) -> str:
    """The summary's sentence on red lines: how often they are crossed, or which are."""
    model = summary.model
    if summary.acceptability is not None and summary.acceptability.p_crossing is not None:
        said = probability_sentence(
            model, summary.acceptability.p_crossing, summary.acceptability.samples
        )
        if said is not None:
            return said
        return "Red lines: no option crosses one, in any draw of its scores."
    crossed = crossing_text(model)
    if not crossed:
        return "Red lines: no option crosses one as scored."
    labels = {o.id: o.label for o in model.options}
    return (
        "Red lines crossed as scored: "
        + "; ".join(f"{labels[o]}, {text}" for o, text in crossed.items())
        + "."
    )


def summary_text(
    summary: RobustnessSummary, width: int = WIDTH, *, case: str = "", scenarios: bool = True
) -> str:
    """The short robustness summary printed after the ranking.

    ``case`` is the command-line argument naming the case (quoted for a shell), so the
    commands suggested at the end analyse the same case.
    """
    drawn = summary.acceptability
    lines = [
        "How robust is this?"
        if drawn is None
        else f"How robust is this? {drawn.params['draws']:,} random draws of the weights and "
        f"scores (seed {drawn.params['seed']}):"
    ]
    for sentence in summary_sentences(summary):
        lines += textwrap.wrap(sentence, width, initial_indent="- ", subsequent_indent="  ")
    suffix = f" {case}" if case else ""
    commands = [
        "sensitivity",
        *(["montecarlo"] if drawn else []),
        *(["scenarios"] if scenarios else []),
    ]
    lines += textwrap.wrap(
        "More: " + ", ".join(f"policy-matrix {c}{suffix}" for c in commands) + ".", width
    )
    return "\n".join(lines)
