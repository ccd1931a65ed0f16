"""All three robustness analyses at once, and what they say in plain words.

>>> import matrix
>>> from matrix.robustness import robustness_summary
>>> summary = robustness_summary(matrix.load_case(), samples=1_000, seed=1)
>>> summary.sentences()[0].startswith("Diplomatic surge is first in ")
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import matrix.robustness.montecarlo as montecarlo
from matrix import redlines
from matrix.methods import Ranking, evaluate
from matrix.model import DecisionModel
from matrix.numbers import round_half_away
from matrix.robustness.flip import WinnerFlip, flip_winner
from matrix.robustness.montecarlo import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    Progress,
    RankAcceptability,
    rank_acceptability,
)
from matrix.robustness.scenarios import ScenarioAnalysis, scenario_analysis
from matrix.text.format import fixed, percent

__all__ = ["RobustnessSummary", "robustness_summary"]


def _share(value: float) -> str:
    return percent(value)


def _score(value: float) -> str:
    return f"{round_half_away(float(value), 2):g}"


def _names(ids: tuple[str, ...], labels: Mapping[str, str]) -> str:
    names = [labels[i] for i in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class RobustnessSummary:
    """Monte Carlo, break-even and scenario results for one model and method.

    ``acceptability`` is None for a case with more options than the Monte Carlo
    analysis holds (:data:`~matrix.robustness.montecarlo.MAX_OPTIONS`).
    """

    model: DecisionModel
    ranking: Ranking
    acceptability: RankAcceptability | None
    flip: WinnerFlip
    scenarios: ScenarioAnalysis | None

    def sentences(self) -> list[str]:
        """The findings in plain words, with the numbers of this run."""
        model = self.model
        options = {o.id: o.label for o in model.options}
        criteria = {c.id: c.label for c in model.criteria}
        winner = self.ranking.winner
        if self.acceptability is None:
            n = len(model.options)
            first = f"{options[winner]} is first as scored; "
        else:
            p_best = self.acceptability.p_best
            draws = self.acceptability.samples
            first = f"{options[winner]} is first in {_share(p_best[winner])} of {draws:,} draws; "
        weight = self.flip.weight
        if weight is None:
            first += "no change to a single weight moves it from first place."
        else:
            verb = "rises above" if weight["direction"] == "rise" else "falls below"
            first += (
                f"it stays first unless the weight on {criteria[weight['criterion']]} {verb} "
                f"{_share(weight['break_even'])} of the total (now {_share(weight['weight'])}), "
                f"when {options[weight['new_winner']]} would take first place."
            )
        found = [first]
        tied = [o for o in self.ranking.ranks.index if o != winner and self.ranking.ranks[o] == 1]
        if tied:
            found.insert(
                0,
                f"As scored, {options[winner]} shares first place with "
                f"{_names(tuple(tied), options)}; the figures below follow {options[winner]}.",
            )
        if self.acceptability is None:
            limit = montecarlo.MAX_OPTIONS
            found.append(
                f"Left out: the Monte Carlo analysis holds at most {limit:,} options ({n:,} here)."
            )
            rival = None
        else:
            rival = str(p_best.drop(winner).idxmax()) if len(p_best) > 1 else None
        if rival is not None and p_best[rival] > p_best[winner]:
            found.append(
                f"{options[rival]} is first more often over the draws: in "
                f"{_share(p_best[rival])} of them."
            )
        score = self.flip.score
        if score is None:
            found.append("No change to a single score within its scale moves it from first place.")
        else:
            crit = model.criterion(score["criterion"])
            whose = "its own" if score["option"] == winner else f"{options[score['option']]}'s"
            ends = model.bounds.loc[crit.id, ["min", "max"]].to_numpy(dtype=float)
            low, high = float(ends[0]), float(ends[1])
            to = _score(score["to"])
            if self.flip.params.get("red_lines") == "last" and crit.red_line == score["to"]:
                from matrix.text.redlines import threshold_words

                to = threshold_words(model, score, "last")
            found.append(
                f"The smallest single score change that unseats it: {whose} "
                f"{crit.label} score from {_score(score['score'])} to {to} "
                f"(on a scale of {_score(low)} to {_score(high)}), "
                f"which puts {options[score['new_winner']]} first."
            )
        if model.has_red_lines:
            found.append(self._red_line_sentence())
        scen = self.scenarios
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

    def _red_line_sentence(self) -> str:
        from matrix.text.redlines import crossing_text, probability_sentence

        model = self.model
        if self.acceptability is not None and self.acceptability.p_crossing is not None:
            said = probability_sentence(
                model, self.acceptability.p_crossing, self.acceptability.samples
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


def robustness_summary(
    model: DecisionModel,
    *,
    method: str = "wsm",
    method_params: Mapping[str, Any] | None = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = DEFAULT_SEED,
    progress: Progress | None = None,
    red_lines: str | None = None,
) -> RobustnessSummary:
    """Run the Monte Carlo analysis (default distributions), the break-even and
    score-flip search and, when the case has scenarios, the scenario analysis, all
    under the red-line policy ``red_lines`` (``None``: the model's default;
    ``"exclude"`` is refused by the Monte Carlo analysis). The Monte Carlo
    analysis is left out (``acceptability`` None) for a case with more options
    than it holds."""
    how = redlines.policy(model, red_lines)
    acceptability = (
        rank_acceptability(
            model,
            method=method,
            method_params=method_params,
            samples=samples,
            seed=seed,
            progress=progress,
            red_lines=how,
        )
        if len(model.options) <= montecarlo.MAX_OPTIONS
        else None
    )
    flip = flip_winner(model, method=method, method_params=method_params, red_lines=how)
    scenarios = None
    if model.scenarios:
        scenarios = scenario_analysis(
            model, method=method, method_params=method_params, red_lines=how
        )
    return RobustnessSummary(
        model=model,
        ranking=evaluate(model, method, red_lines=how, **dict(method_params or {})),
        acceptability=acceptability,
        flip=flip,
        scenarios=scenarios,
    )
