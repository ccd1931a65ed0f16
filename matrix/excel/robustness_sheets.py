"""The three robustness sheets (Sensitivity, Uncertainty, Scenarios), added to a workbook."""

from __future__ import annotations

from datetime import UTC, datetime

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

__all__ = ["SWEEP_POINTS", "add_robustness_sheets"]

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
) -> None:
    """Compute and add the Sensitivity, Uncertainty and Scenarios sheets for ``result``'s method
    (no Scenarios sheet for a case without scenarios).

    The seed is fixed by default, so the Uncertainty sheet shows the numbers the
    command line prints.
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
    flip = flip_winner(model, method=method, method_params=params, red_lines=how)
    sweep = weight_sweep(
        model, method=method, method_params=params, points=SWEEP_POINTS, red_lines=how
    )
    spread = tornado(model, method=method, method_params=params, red_lines=how)
    stamp = {"method": name, "random draws": "none (exact)" if method == "wsm" else "none"}
    stamp.update(lines)
    write_sensitivity(
        book, workbook.create_sheet("Sensitivity"), model, flip, sweep, spread, stamp, when=when
    )

    draws = rank_acceptability(
        model, method=method, method_params=params, samples=samples, seed=seed, red_lines=how
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
    analysis = scenario_analysis(model, method=method, method_params=params, red_lines=how)
    stamp = {"method": name, "random draws": "none", **lines}
    write_scenarios(book, workbook.create_sheet("Scenarios"), model, analysis, stamp, when=when)


def _policy_stamp(model: DecisionModel, how: str) -> dict[str, str]:
    """The stamp's words for the red-line policy the sheet followed (none without red lines)."""
    if not model.has_red_lines:
        return {}
    words = POLICY_WORDS[how].rstrip(".")
    return {"red lines": words[0].lower() + words[1:]}
