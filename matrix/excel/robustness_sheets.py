"""The three robustness sheets (Sensitivity, Uncertainty, Scenarios), added to a workbook."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from matrix.excel.book import Book
from matrix.excel.scenarios_sheet import write_scenarios
from matrix.excel.sensitivity_sheet import write_sensitivity
from matrix.excel.uncertainty_sheet import write_uncertainty
from matrix.methods import Ranking
from matrix.model import DecisionModel
from matrix.robustness import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    flip_winner,
    rank_acceptability,
    scenario_analysis,
    tornado,
    weight_sweep,
)
from matrix.robustness._common import run_params
from matrix.text.redlines import POLICY_WORDS
from matrix.text.robustness import METHOD_NAMES, describe_draws

if TYPE_CHECKING:
    from matrix.robustness import RobustnessSummary

__all__ = ["SWEEP_POINTS", "add_robustness_sheets", "reusable"]

#: Shares from 0% to 100% in steps of 5% on the weight-sweep charts.
SWEEP_POINTS = 21


def add_robustness_sheets(
    book: Book,
    model: DecisionModel,
    result: Ranking,
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    when: datetime | None = None,
    computed: RobustnessSummary | None = None,
) -> None:
    """Compute and add the Sensitivity, Uncertainty and Scenarios sheets for ``result``'s method
    (no Scenarios sheet for a case without scenarios).

    The seed is fixed by default, so the Uncertainty sheet shows the numbers the
    command line prints. ``computed``, the summary the command line printed, is used
    instead of computing its analyses again when it is of this model, method, sample
    count and seed (:func:`reusable`).
    """
    workbook = book.workbook
    when = when or datetime.now(UTC)
    method = result.method
    params = run_params(method, result.params)
    name = METHOD_NAMES.get(method, method)
    # the red-line policy of the workbook's ranking; the random draws cannot leave options
    # out, so under "exclude" the sheets rank them last
    how = "last" if result.red_lines == "exclude" else result.red_lines
    lines = _policy_stamp(model, how)
    # the analyses the terminal summary already ran, when they are the ones these sheets need
    reuse = computed if reusable(computed, model, result, samples=samples, seed=seed) else None
    flip = (
        reuse.flip
        if reuse is not None
        else flip_winner(model, method=method, method_params=params, red_lines=how)
    )
    sweep = weight_sweep(
        model, method=method, method_params=params, points=SWEEP_POINTS, red_lines=how
    )
    spread = tornado(model, method=method, method_params=params, red_lines=how)
    stamp = {"method": name, "random draws": "none (exact)" if method == "wsm" else "none"}
    stamp.update(lines)
    sheet = workbook.create_sheet("Sensitivity")
    write_sensitivity(book, sheet, model, flip, sweep, spread, stamp, ranks=result.ranks, when=when)

    draws = (
        reuse.acceptability
        if reuse is not None and reuse.acceptability is not None
        else rank_acceptability(
            model, method=method, method_params=params, samples=samples, seed=seed, red_lines=how
        )
    )
    stamp = {
        "method": name,
        "samples": f"{draws.samples:,}",
        "seed": draws.params["seed"],
        "draws": describe_draws(draws).rstrip("."),
        **lines,
    }
    write_uncertainty(book, workbook.create_sheet("Uncertainty"), model, draws, stamp, when=when)

    if not model.scenarios:  # nothing to say: no sheet
        return
    analysis = (
        reuse.scenarios
        if reuse is not None and reuse.scenarios is not None
        else scenario_analysis(model, method=method, method_params=params, red_lines=how)
    )
    stamp = {"method": name, "random draws": "none", **lines}
    write_scenarios(book, workbook.create_sheet("Scenarios"), model, analysis, stamp, when=when)


def _policy_stamp(model: DecisionModel, how: str) -> dict[str, str]:
    """The stamp's words for the red-line policy the sheet followed (none without red lines)."""
    if not model.has_red_lines:
        return {}
    words = POLICY_WORDS[how].rstrip(".")
    return {"red lines": words[0].lower() + words[1:]}


def reusable(
    computed: RobustnessSummary | None,
    model: DecisionModel,
    result: Ranking,
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
) -> bool:
    """Whether ``computed`` holds the analyses the robustness sheets of ``result`` need:
    made for this very model, with the same method, parameters and red-line rule, and a
    Monte Carlo run of ``samples`` draws from ``seed`` with the default distributions."""
    if computed is None or computed.model is not model or computed.acceptability is None:
        return False
    ranking, draws = computed.ranking, computed.acceptability
    return (
        result.red_lines != "exclude"  # the sheets then rank crossing options last instead
        and ranking.method == result.method
        and run_params(ranking.method, ranking.params) == run_params(result.method, result.params)
        and ranking.red_lines == result.red_lines
        and draws.params["samples"] == samples
        and draws.params["seed"] == seed
    )
