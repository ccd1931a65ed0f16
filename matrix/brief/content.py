"""What the brief says, as data: every number the memo shows, computed once by the library.

:func:`brief_content` runs the analyses and returns a :class:`Brief`; the words are made from
it by :mod:`matrix.text.brief` and laid out by :mod:`matrix.brief.docx` and
:mod:`matrix.brief.markdown`. Tests compare a written brief's numbers with this object, not
with prose.

Contributions ("points") are weighted-sum contributions: a score placed on its criterion's
scale (0 at the worst end, 1 at the best), times the criterion's share of the weight, times
100. Under the weighted sum an option's points add up to its score x 100; under the other
methods they still say where the leader's advantage comes from.

>>> import matrix
>>> from matrix.brief import brief_content
>>> brief = brief_content(matrix.load_case(), samples=1_000, seed=1)
>>> brief.leader, brief.runner_up
('diplomatic_surge', 'leave_to_china')
>>> round(brief.margin, 3)
0.209
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from matrix.methods import Ranking, evaluate
from matrix.model import EVIDENCE_NONE, DecisionModel
from matrix.robustness.flip import WinnerFlip
from matrix.robustness.montecarlo import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    Progress,
    RankAcceptability,
)
from matrix.robustness.scenarios import ScenarioAnalysis

if TYPE_CHECKING:
    from matrix.panel import Panel

__all__ = [
    "MAX_CRITERIA",
    "MAX_EVIDENCE",
    "MAX_OPTIONS",
    "MAX_PIVOTAL",
    "MAX_SPREADS",
    "Brief",
    "EvidenceItem",
    "PanelFindings",
    "RedLineCell",
    "Shift",
    "brief_content",
]

#: The matrix table shows at most this many options (the best first) ...
MAX_OPTIONS = 8
#: ... and at most this many criteria (the heaviest, in the case's order).
MAX_CRITERIA = 10
#: Criteria whose evidence is shown: those adding most to the leader's margin.
MAX_EVIDENCE = 3
#: Break-even weights shown: those nearest the present weight.
MAX_BREAK_EVEN = 3
#: A panel's disagreements that change the leader shown (the rest are counted) ...
MAX_PIVOTAL = 4
#: ... and its other largest disagreements, in weighted points.
MAX_SPREADS = 2


@dataclass(frozen=True)
class EvidenceItem:
    """One score and what it rests on."""

    option: str
    criterion: str
    score: float
    rationale: str
    evidence: str

    @property
    def quoted(self) -> bool:
        """Whether the evidence is a quote from the source (not analyst judgement)."""
        return bool(self.evidence) and self.evidence != EVIDENCE_NONE


@dataclass(frozen=True)
class RedLineCell:
    """One score beside its criterion's red line.

    ``margin`` is the signed distance to the line in score units (positive on the
    acceptable side; :func:`matrix.red_line_margins`); ``low`` and ``high`` are the
    score's plausible range; ``p_crossing`` is the share of the random draws in
    which the option crosses any red line (None when the draws were left out).
    """

    option: str
    criterion: str
    score: float
    red_line: float
    margin: float
    low: float
    high: float
    p_crossing: float | None = None

    @property
    def crosses(self) -> bool:
        """Whether the score is past the line."""
        return self.margin < 0


@dataclass(frozen=True)
class Shift:
    """Where a different answer comes out: a perspective or a scenario, and who wins there."""

    id: str
    label: str
    winner: str
    leader_rank: int


@dataclass(frozen=True)
class PanelFindings:
    """Where a panel's analysts disagree, for "What would change the answer".

    Attributes
    ----------
    analysts
        The analysts' names, in the panel's order.
    how
        How the group's scores are made from the analysts' (``"mean"`` or ``"median"``).
    pivotal
        :meth:`matrix.Panel.pivotal` as records: each score where one analyst's value in
        place of the group's changes the leader (option, criterion, analyst, value, group,
        new_leader; a tie for first is ``"a = b"``).
    spreads
        The other largest disagreements that matter, by the weighted points they span
        (the spread between analysts, as a share of the criterion's scale, times its share
        of the weight, times 100): option, criterion, lowest, highest, points.
    tau
        The lowest and highest Kendall's tau-b between two analysts' rankings.
    name_analysts
        Whether the brief names the analyst behind a disagreement (else "one analyst").
    """

    analysts: tuple[str, ...]
    how: str
    pivotal: tuple[Mapping[str, Any], ...]
    spreads: tuple[Mapping[str, Any], ...]
    tau: tuple[float, float]
    name_analysts: bool = False


@dataclass(frozen=True)
class Brief:
    """The content of a decision brief.

    Attributes
    ----------
    model
        The model ranked (under ``perspective``'s weights when one is given).
    ranking
        The method's result (scores, ranks, parameters).
    leader, runner_up
        The recommended option and the next best (None for a one-option case).
    margin
        How much better the leader's score is than the runner-up's, in the method's units
        (positive; for a method where lower is better, the runner-up's score minus the leader's).
    points
        Options x criteria: weighted-sum contributions x 100 (see the module's docstring).
    goodness
        Options x criteria: each score placed on its criterion's scale, 0 worst to 1 best
        (what the heat map shades).
    margin_points
        By criterion: the leader's points minus the runner-up's, largest first.
    acceptability
        The Monte Carlo result, or None when the case has more options than it holds.
    flip
        The smallest weight change and score change that put another option first, and
        the break-even weight of every criterion.
    break_even
        Up to three criteria whose break-even weight is nearest the present one: criterion,
        weight now, break-even weight, direction (``"rise"``/``"fall"``) and new leader.
    scenarios, scenario_shifts
        The scenario analysis (None without scenarios) and the scenarios another option wins.
    perspective_shifts
        The perspectives under whose weights another option is first.
    strengths
        Options x (``strongest``, ``weakest``): criterion ids.
    red_lines
        Every score past its red line, in the case's order of options and criteria.
    near_red_lines
        The scores that matter to "what would change the answer": the leader's score
        nearest a red line, then each other acceptable option's score whose plausible
        range reaches past a line (nearest first), with how often the option crossed
        one in the random draws.
    red_line_policy
        How the ranking and every robustness figure treat options that cross a red line
        (``"last"``, ``"ignore"`` or ``"exclude"``; see :mod:`matrix.redlines`).
    evidence
        The scores behind the margin: for each of the criteria adding most to it, the
        leader's score and the runner-up's, with rationale and evidence.
    origin
        What the model was read from (a case folder, a workbook, a table), for the footer.
    panel
        For a panel's brief (``model`` is then the group's), where its analysts disagree.
    """

    model: DecisionModel
    ranking: Ranking
    leader: str
    runner_up: str | None
    margin: float | None
    points: pd.DataFrame
    goodness: pd.DataFrame
    margin_points: pd.Series
    acceptability: RankAcceptability | None
    flip: WinnerFlip
    break_even: tuple[Mapping[str, Any], ...]
    scenarios: ScenarioAnalysis | None
    scenario_shifts: tuple[Shift, ...]
    perspective: str | None
    perspective_shifts: tuple[Shift, ...]
    strengths: pd.DataFrame
    evidence: tuple[EvidenceItem, ...]
    origin: str
    date: dt.date
    version: str
    red_lines: tuple[RedLineCell, ...] = ()
    near_red_lines: tuple[RedLineCell, ...] = ()
    red_line_policy: str = "ignore"
    panel: PanelFindings | None = None

    @property
    def order(self) -> list[str]:
        """Option ids, best first."""
        return self.ranking.order

    @property
    def shown_options(self) -> list[str]:
        """The options the matrix table shows: the best :data:`MAX_OPTIONS`."""
        return self.order[:MAX_OPTIONS]

    @property
    def shown_criteria(self) -> list[str]:
        """The criteria the matrix table shows: all, or the :data:`MAX_CRITERIA` heaviest
        in the case's order."""
        ids = self.model.criterion_ids
        if len(ids) <= MAX_CRITERIA:
            return ids
        heaviest = self.model.normalized_weights.sort_values(ascending=False, kind="stable")
        keep = set(heaviest.index[:MAX_CRITERIA])
        return [c for c in ids if c in keep]


def _goodness(model: DecisionModel) -> pd.DataFrame:
    from matrix.methods.wsm import scale_normalize

    bounds = model.bounds
    normalized = scale_normalize(
        model.values, bounds["min"].to_numpy(), bounds["max"].to_numpy(), model.is_max
    )
    return pd.DataFrame(normalized, index=model.option_index, columns=model.criterion_index)


def _nearest_break_even(flip: WinnerFlip) -> tuple[Mapping[str, Any], ...]:
    table = flip.weights.dropna(subset=["break_even"])
    distance = (table["break_even"] - table["weight"]).abs()
    rows = []
    for criterion in distance.sort_values(kind="stable").index[:MAX_BREAK_EVEN]:
        row = table.loc[criterion]
        rows.append(
            {
                "criterion": str(criterion),
                "weight": float(row["weight"]),
                "break_even": float(row["break_even"]),
                "direction": str(row["direction"]),
                "new_winner": str(row["new_winner"]),
            }
        )
    return tuple(rows)


def _red_line_cells(
    model: DecisionModel, leader: str, acceptability: RankAcceptability | None
) -> tuple[tuple[RedLineCell, ...], tuple[RedLineCell, ...]]:
    """The scores past a red line, and those near one that matter (see :class:`Brief`)."""
    from matrix.redlines import red_line_margins

    if not model.has_red_lines:
        return (), ()
    margins = red_line_margins(model).to_numpy(dtype=float)
    p = None if acceptability is None else acceptability.p_crossing
    values = model.values
    low, high = model.low.to_numpy(dtype=float), model.high.to_numpy(dtype=float)
    lines = model.red_lines.to_numpy(dtype=float)
    ids, crits = model.option_ids, model.criterion_ids

    def cell(i: int, j: int) -> RedLineCell:
        return RedLineCell(
            option=ids[i],
            criterion=crits[j],
            score=float(values[i, j]),
            red_line=float(lines[j]),
            margin=float(margins[i, j]),
            low=float(low[i, j]),
            high=float(high[i, j]),
            p_crossing=None if p is None else float(p.iloc[i]),
        )

    lined = [j for j in range(len(crits)) if not np.isnan(lines[j])]
    n = len(ids)
    crossed = tuple(cell(i, j) for i in range(n) for j in lined if margins[i, j] < 0)
    ok: np.ndarray = ~np.any(margins[:, lined] < 0, axis=1)
    first = ids.index(leader)
    near: list[RedLineCell] = []
    if ok[first]:
        near.append(cell(first, lined[int(np.argmin(margins[first, lined]))]))
    reach: list[RedLineCell] = []
    for i in range(n):
        if i == first or not ok[i]:
            continue
        could = [x for x in (cell(i, j) for j in lined) if _past(model, x)]
        if could:
            reach.append(min(could, key=lambda x: x.margin))
    reach.sort(key=lambda x: (x.margin, -(x.p_crossing or 0.0)))
    return crossed, tuple(near + reach[:2])


def _past(model: DecisionModel, cell: RedLineCell) -> bool:
    """Whether the score's plausible range reaches past its red line."""
    if model.criterion(cell.criterion).direction == "max":
        return cell.low < cell.red_line
    return cell.high > cell.red_line


def _leader_of(ranks: pd.Series, leader: str) -> str:
    """The first option in a column of ranks (the case's leader when it shares first place)."""
    first = [str(o) for o in ranks.index if ranks[o] == ranks.min()]
    return leader if leader in first else first[0]


def _panel_findings(
    panel: Panel,
    model: DecisionModel,
    *,
    method: str,
    params: Mapping[str, Any],
    how: str,
    name_analysts: bool,
) -> PanelFindings:
    """Where the analysts of ``panel`` disagree, against its group's ``model``."""
    from matrix.errors import PanelError

    if list(model.option_ids) != list(panel.option_ids) or list(model.criterion_ids) != list(
        panel.criterion_ids
    ):
        raise PanelError(
            "the brief of a panel is the brief of its group's model "
            "(panel.aggregate()); the model given has other options or criteria"
        )
    pivotal = panel.pivotal(method, how=how, **params)
    values = pivotal["value"].to_numpy(dtype=float)
    groups = pivotal["group"].to_numpy(dtype=float)
    pivotal_records: list[Mapping[str, Any]] = [
        {
            "option": str(option),
            "criterion": str(criterion),
            "analyst": str(analyst),
            "value": float(values[k]),
            "group": float(groups[k]),
            "new_leader": str(leader),
        }
        for k, (option, criterion, analyst, leader) in enumerate(
            zip(
                pivotal["option"],
                pivotal["criterion"],
                pivotal["analyst"],
                pivotal["new_leader"],
                strict=True,
            )
        )
    ]
    listed = {(str(r["option"]), str(r["criterion"])) for r in pivotal_records}
    shares = model.normalized_weights.to_numpy(dtype=float)
    points = np.nan_to_num(panel.spread_share.to_numpy(dtype=float) * shares * 100)
    low = np.nanmin(np.where(panel.given, panel.values, np.nan), axis=0)
    high = np.nanmax(np.where(panel.given, panel.values, np.nan), axis=0)
    spreads: list[Mapping[str, Any]] = []
    for flat in np.argsort(-points, axis=None, kind="stable"):
        i, j = (int(k) for k in np.unravel_index(flat, points.shape))
        option, criterion = panel.option_ids[i], panel.criterion_ids[j]
        if len(spreads) == MAX_SPREADS or not points[i, j] > 0:
            break
        if (option, criterion) in listed:
            continue
        spreads.append(
            {
                "option": option,
                "criterion": criterion,
                "lowest": float(low[i, j]),
                "highest": float(high[i, j]),
                "points": float(points[i, j]),
            }
        )
    agreement = panel.agreement(method, how=how, **params)
    names = list(panel.analysts)
    table = agreement.loc[names, names].to_numpy(dtype=float)
    pairs = [float(table[a, b]) for a in range(len(names)) for b in range(a + 1, len(names))]
    return PanelFindings(
        analysts=tuple(names),
        how=how,
        pivotal=tuple(pivotal_records),
        spreads=tuple(spreads),
        tau=(min(pairs), max(pairs)),
        name_analysts=name_analysts,
    )


def brief_content(
    model: DecisionModel,
    *,
    method: str = "wsm",
    method_params: Mapping[str, Any] | None = None,
    perspective: str | None = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = DEFAULT_SEED,
    origin: str = "",
    date: dt.date | None = None,
    progress: Progress | None = None,
    panel: Panel | None = None,
    aggregate: str = "mean",
    name_analysts: bool = False,
) -> Brief:
    """Compute everything a decision brief says about ``model``.

    Parameters
    ----------
    model
        The decision model (a case as loaded; with ``perspective``, its weights are replaced
        by that perspective's).
    method, method_params
        The ranking method and its parameters (as :func:`matrix.evaluate`).
    perspective
        Rank with this perspective's weights instead of the case's own.
    samples, seed
        The Monte Carlo draws (as the default run: 10,000 with a fixed seed).
    origin
        What the model was read from, for the footer (a folder, a workbook, a table).
    date
        The date the footer shows (default: today).
    progress
        Called as ``progress(done, total)`` during the random draws.
    panel
        The panel of analysts ``model`` is the group's model of
        (``panel.aggregate(how=aggregate)``): the brief then says where the analysts
        disagree (:class:`PanelFindings`).
    aggregate
        How the panel's group scores are made: ``"mean"`` or ``"median"``.
    name_analysts
        Name the analyst behind each disagreement that changes the leader; by default the
        brief says "one analyst", as the Delphi and IDEA protocols share judgements
        anonymously and a memo travels further than the panel.

    Raises
    ------
    MatrixError
        For an unknown perspective, method or parameter, or a ``panel`` whose options or
        criteria are not ``model``'s.
    """
    from matrix import __version__
    from matrix.perspectives import rank_by_perspective
    from matrix.robustness import robustness_summary
    from matrix.text.reading import strengths

    params = dict(method_params or {})
    base = model
    if perspective is not None:
        model = model.under(model.perspective(perspective).id)
    ranking = evaluate(model, method, **params)
    summary = robustness_summary(
        model, method=method, method_params=params, samples=samples, seed=seed, progress=progress
    )
    order = ranking.order
    leader = ranking.winner
    runner_up = next((o for o in order if o != leader), None)
    margin = None
    if runner_up is not None:
        lead, next_best = float(ranking.scores[leader]), float(ranking.scores[runner_up])
        margin = lead - next_best if ranking.higher_is_better else next_best - lead
    goodness = _goodness(model)
    points = goodness * model.normalized_weights * 100
    if runner_up is not None:
        rows = points.to_numpy()
        gap = rows[model.option_ids.index(leader)] - rows[model.option_ids.index(runner_up)]
        margin_points = pd.Series(gap, index=model.criterion_index).sort_values(
            ascending=False, kind="stable"
        )
    else:
        margin_points = pd.Series(0.0, index=model.criterion_index)
    scenario_shifts: list[Shift] = []
    scen = summary.scenarios
    if scen is not None:
        for key in scen.ranks.columns:
            winner = _leader_of(scen.ranks[key], leader)
            if winner != leader:
                scenario_shifts.append(
                    Shift(str(key), str(scen.labels[key]), winner, int(scen.ranks[key][leader]))
                )
    perspective_shifts: list[Shift] = []
    if base.perspectives:
        table = rank_by_perspective(base, method, **params).ranks
        for pid in table.index:
            winner = _leader_of(table.loc[pid], leader)
            if winner != leader:
                label = base.perspective(str(pid)).label or str(pid)
                rank = int(table[leader][pid])
                perspective_shifts.append(Shift(str(pid), label, winner, rank))
    evidence: list[EvidenceItem] = []
    if runner_up is not None:
        decisive = [
            str(c)
            for c, v in zip(margin_points.index, margin_points.to_numpy(dtype=float), strict=True)
            if v > 0
        ]
        scores, rationale, quotes = model.scores, model.rationale, model.evidence
        for criterion in decisive[:MAX_EVIDENCE]:
            for option in (leader, runner_up):
                evidence.append(
                    EvidenceItem(
                        option=option,
                        criterion=criterion,
                        score=float(scores[criterion][option]),
                        rationale=str(rationale[criterion][option] or ""),
                        evidence=str(quotes[criterion][option] or ""),
                    )
                )
    crossed, near = _red_line_cells(model, leader, summary.acceptability)
    findings = None
    if panel is not None:
        findings = _panel_findings(
            panel, model, method=method, params=params, how=aggregate, name_analysts=name_analysts
        )
    return Brief(
        model=model,
        ranking=ranking,
        leader=leader,
        runner_up=runner_up,
        margin=margin,
        points=points,
        goodness=goodness,
        margin_points=margin_points,
        acceptability=summary.acceptability,
        flip=summary.flip,
        break_even=_nearest_break_even(summary.flip),
        scenarios=scen,
        scenario_shifts=tuple(scenario_shifts),
        perspective=perspective,
        perspective_shifts=tuple(perspective_shifts),
        strengths=strengths(model),
        evidence=tuple(evidence),
        origin=origin,
        date=date or dt.date.today(),
        version=__version__,
        red_lines=crossed,
        near_red_lines=near,
        red_line_policy=str(summary.flip.params.get("red_lines", "ignore")),
        panel=findings,
    )
