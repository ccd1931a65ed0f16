"""Benchmark rows for a panel of analysts (issue 14): merging, the mixture Monte Carlo and
the panel workbook, on 20 analysts scoring a 30 x 10 case (``Plan.panel``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import numpy as np

import matrix.bench.cases as cases
from matrix.bench.rows import Row
from matrix.bench.timing import time_call

if TYPE_CHECKING:
    from matrix.bench.suite import Plan
    from matrix.panel import Panel

__all__ = ["make_panel", "panel_group"]

#: Draws of the mixture Monte Carlo timed here (the command line's default).
PANEL_DRAWS = 10_000


def make_panel(analysts: int, options: int, criteria: int, *, seed: int = 0) -> Panel:
    """``analysts`` analysts scattering their scores and ranges around one random case.

    >>> make_panel(3, 4, 2).values.shape
    (3, 4, 2)
    """
    from matrix.panel import Panel

    rng = np.random.default_rng(seed)
    base = cases.make_model(cases.make_case(options, criteria, seed=seed), spread=5.0)
    models = {}
    for a in range(analysts):
        scores = np.clip(base.values + rng.normal(0, 8, size=base.shape), 5.0, 96.0)
        frame = base.scores.copy()
        frame.loc[:, :] = scores
        models[f"analyst {a + 1:02d}"] = base.replace(
            scores=frame, low=(frame - 5.0).clip(lower=0.0), high=(frame + 5.0).clip(upper=101.0)
        )
    return Panel.from_models(models)


def _merge(panel: Panel) -> None:
    panel.aggregate()
    panel.spread_share  # noqa: B018 (computed, as merge prints it)
    panel.pivotal()
    panel.agreement()


def panel_group(plan: Plan, wanted: Callable[[str], bool]) -> Iterator[Row]:
    """Merge a panel (aggregate, spread, pivotal disagreements, rankings and Kendall's tau),
    its rank acceptability, and its workbook."""
    if not wanted("panel"):
        return
    from matrix.excel.panel_sheet import build_panel_book

    analysts, n, m = plan.panel
    panel = make_panel(analysts, n, m)
    size = f"{analysts} analysts, {n} x {m}"
    merged = time_call(lambda: _merge(panel), repeats=plan.repeats, budget=plan.budget)
    yield Row("panel merge", size, "Panel: aggregate, pivotal, tau", merged)
    draws = min(PANEL_DRAWS, plan.montecarlo[2])
    mixture = time_call(
        lambda: panel.rank_acceptability(samples=draws, seed=1),
        repeats=plan.repeats,
        budget=plan.budget,
    )
    yield Row("panel merge", f"{size}, {draws:,} draws", "rank_acceptability", mixture)
    book = time_call(lambda: build_panel_book(panel), repeats=plan.repeats, budget=plan.budget)
    yield Row("panel merge", size, "panel workbook (in memory)", book)
