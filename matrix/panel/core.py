"""A panel of analysts: each scores the same case, the group's answer is their aggregate.

The practice follows the IDEA protocol for structured expert judgement (Hemming
et al. 2018, "A practical guide to structured expert elicitation using the IDEA
protocol", *Methods in Ecology and Evolution* 9(1), 169-180): each analyst gives a
lowest, a best and a highest estimate of every score; the group's estimate is the
mean of the analysts' (or, here, optionally their median), and low and high are
aggregated the same way.

>>> import matrix
>>> base = matrix.load_case()
>>> cell = (base.option_ids[0], base.criterion_ids[0])
>>> ben = base.with_scores({cell: base.scores.iat[0, 0] - 2})
>>> panel = matrix.Panel.from_models({"ana": base, "ben": ben})
>>> float(panel.spread.iat[0, 0])
2.0
>>> float(panel.aggregate().scores.iat[0, 0] - base.scores.iat[0, 0])
-1.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from matrix.errors import PanelError
from matrix.methods import Ranking, evaluate
from matrix.model import CaseInfo, DecisionModel

if TYPE_CHECKING:
    from matrix.robustness.montecarlo import RankAcceptability

__all__ = ["AGGREGATES", "GROUP", "Panel", "kendall_tau", "read_analysts", "read_panel"]

#: How the group's score is made from the analysts' (IDEA uses the mean).
AGGREGATES = ("mean", "median")

#: The column and row name of the group beside the analysts.
GROUP = "group"


def kendall_tau(x: Iterable[float], y: Iterable[float]) -> float:
    """Kendall's tau-b between two rankings (ties counted as in Kendall 1945).

    1 means the same order, -1 the reverse; NaN when either ranking is all ties.

    >>> kendall_tau([1, 2, 3, 4], [1, 2, 3, 4]), kendall_tau([1, 2, 3], [3, 2, 1])
    (1.0, -1.0)
    >>> round(kendall_tau([1, 2, 3, 4], [1, 3, 2, 4]), 4)
    0.6667
    """
    a, b = np.asarray(list(x), dtype=float), np.asarray(list(y), dtype=float)
    upper = np.triu_indices(a.size, k=1)
    da = np.sign(a[:, None] - a[None, :])[upper]
    db = np.sign(b[:, None] - b[None, :])[upper]
    denominator = math.sqrt(float(np.count_nonzero(da)) * float(np.count_nonzero(db)))
    return float((da * db).sum() / denominator) if denominator > 0 else math.nan


def _same_case(first: str, model: DecisionModel, base: DecisionModel, where: str) -> None:
    """Refuse a model that is not the same case as the first analyst's, naming the difference."""
    for kind, mine, theirs in (
        ("options", model.option_ids, base.option_ids),
        ("criteria", model.criterion_ids, base.criterion_ids),
    ):
        extra = [x for x in mine if x not in theirs]
        lacking = [x for x in theirs if x not in mine]
        if extra or lacking:
            parts = []
            if extra:
                parts.append(f"has {kind} {', '.join(map(repr, extra))} that {first} has not")
            if lacking:
                parts.append(f"lacks {kind} {', '.join(map(repr, lacking))}")
            raise PanelError(f"{where} is not the same case: it {' and '.join(parts)}")
    for criterion in base.criteria:
        other = model.criterion(criterion.id)
        for field in ("direction", "scale_min", "scale_max"):
            mine, theirs = getattr(other, field), getattr(criterion, field)
            if mine != theirs:
                raise PanelError(
                    f"{where} is not the same case: criterion {criterion.id!r} has {field} "
                    f"{mine!r} where {first} has {theirs!r}"
                )


@dataclass(frozen=True, eq=False)
class Panel:
    """Several analysts' judgements of one case.

    Build it with :meth:`from_models`. ``values``, ``low`` and ``high`` are
    arrays (analysts, options, criteria) in the first analyst's option and
    criterion order; ``given`` is False where an analyst gave no score (their
    value there is NaN). ``sources`` names where each analyst's judgements came
    from (a file), for messages.
    """

    analysts: tuple[str, ...]
    models: Mapping[str, DecisionModel]
    values: np.ndarray
    low: np.ndarray
    high: np.ndarray
    given: np.ndarray
    sources: Mapping[str, str]

    # -- building -----------------------------------------------------------------

    @classmethod
    def from_models(
        cls,
        models: Mapping[str, DecisionModel],
        *,
        missing: Mapping[str, Iterable[tuple[str, str]]] | None = None,
        sources: Mapping[str, str] | None = None,
    ) -> Panel:
        """A panel from each analyst's model of the same case.

        Parameters
        ----------
        models
            ``{analyst name: model}``, at least two, with the same option and
            criterion ids (in any order), directions and scales. Weights may differ.
        missing
            ``{analyst: [(option, criterion), ...]}``: scores that analyst left
            blank (their model's value there is ignored).
        sources
            ``{analyst: file}``, used to name the file in error messages.

        Raises
        ------
        PanelError
            Fewer than two analysts, the same analyst twice (names differing only in
            case or spaces), models of different cases, or a score nobody gave.
        """
        if not isinstance(models, Mapping):
            raise PanelError(f"a panel needs {{analyst: model}}; got {type(models).__name__}")
        sources = dict(sources or {})
        names = [str(name).strip() for name in models]
        if len(names) < 2:
            raise PanelError(
                f"a panel needs at least two analysts; got {len(names)}"
                + (f" ({names[0]})" if names else "")
            )
        seen: dict[str, str] = {}
        for name in names:
            if not name:
                raise PanelError("an analyst's name is empty; give every analyst a name")
            key = " ".join(name.casefold().split())
            if key in seen:
                raise PanelError(
                    f"analyst {name!r} appears twice"
                    f" ({sources.get(seen[key], repr(seen[key]))} and"
                    f" {sources.get(name, repr(name))});"
                    " give each analyst's judgements once"
                )
            seen[key] = name
        ordered = {name: model for name, model in zip(names, models.values(), strict=True)}
        for name, model in ordered.items():
            if not isinstance(model, DecisionModel):
                raise PanelError(
                    f"analyst {name!r}: expected a DecisionModel; got {type(model).__name__}"
                )
        first, base = names[0], ordered[names[0]]
        for name in names[1:]:
            where = sources.get(name, f"analyst {name!r}")
            _same_case(sources.get(first, f"analyst {first!r}"), ordered[name], base, where)

        rows, cols = base.option_ids, base.criterion_ids
        stack = {
            part: np.stack(
                [getattr(m, part).loc[rows, cols].to_numpy(float) for m in ordered.values()]
            )
            for part in ("scores", "low", "high")
        }
        given = np.ones(stack["scores"].shape, dtype=bool)
        for name, cells in (missing or {}).items():
            if name not in ordered:
                raise PanelError(f"missing= names {name!r}, who is not on the panel")
            a = names.index(name)
            for option, criterion in cells:
                if option not in rows or criterion not in cols:
                    raise PanelError(
                        f"missing= for {name!r} names no score: option {option!r}, "
                        f"criterion {criterion!r}"
                    )
                given[a, rows.index(option), cols.index(criterion)] = False
        nobody = np.argwhere(~given.any(axis=0))
        if nobody.size:
            i, j = nobody[0]
            raise PanelError(
                f"no analyst scored option {rows[i]!r} on criterion {cols[j]!r}; "
                "at least one must give that score"
            )
        for part in stack.values():
            part[~given] = np.nan
            part.flags.writeable = False
        given.flags.writeable = False
        return cls(
            analysts=tuple(names),
            models=MappingProxyType(ordered),
            values=stack["scores"],
            low=stack["low"],
            high=stack["high"],
            given=given,
            sources=MappingProxyType(sources),
        )

    # -- what the panel holds ----------------------------------------------------------

    @property
    def base(self) -> DecisionModel:
        """The first analyst's model: the case's options, criteria and text."""
        return self.models[self.analysts[0]]

    @property
    def option_ids(self) -> list[str]:
        return self.base.option_ids

    @property
    def criterion_ids(self) -> list[str]:
        return self.base.criterion_ids

    @property
    def counts(self) -> pd.DataFrame:
        """Options x criteria: how many analysts gave each score."""
        return self._frame(self.given.sum(axis=0).astype(int))

    def _frame(self, values: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(
            values,
            index=pd.Index(self.option_ids, name="option"),
            columns=pd.Index(self.criterion_ids, name="criterion"),
        )

    @property
    def scores(self) -> pd.DataFrame:
        """Every score every analyst gave, long: analyst, option, criterion, score, low, high."""
        a, i, j = np.nonzero(self.given)
        return pd.DataFrame(
            {
                "analyst": np.array(self.analysts, dtype=object)[a],
                "option": np.array(self.option_ids, dtype=object)[i],
                "criterion": np.array(self.criterion_ids, dtype=object)[j],
                "score": self.values[a, i, j],
                "low": self.low[a, i, j],
                "high": self.high[a, i, j],
            }
        )

    @property
    def spread(self) -> pd.DataFrame:
        """Options x criteria: the highest analyst's score minus the lowest's."""
        return self._frame(np.nanmax(self.values, axis=0) - np.nanmin(self.values, axis=0))

    @property
    def spread_share(self) -> pd.DataFrame:
        """The spread as a share of each criterion's scale (of the scores' range when the
        criterion declares no scale; NaN when that range is zero)."""
        widths = []
        for j, criterion in enumerate(self.base.criteria):
            if criterion.has_scale:
                widths.append(float(criterion.scale_max) - float(criterion.scale_min))  # type: ignore[arg-type]
            else:
                column = self.values[:, :, j]
                widths.append(float(np.nanmax(column) - np.nanmin(column)))
        width = np.array(widths)
        safe = np.where(width > 0, width, 1.0)
        return self._frame(np.where(width > 0, self.spread.to_numpy() / safe, np.nan))

    @property
    def weights(self) -> pd.DataFrame:
        """Criteria x analysts: each analyst's normalised weights, and the group's."""
        table = pd.DataFrame(
            {name: self.models[name].normalized_weights for name in self.analysts}
        ).loc[self.criterion_ids]
        table[GROUP] = self.group_weights
        table.index.name = "criterion"
        return table

    @property
    def weights_differ(self) -> bool:
        """Whether any analyst weighs the criteria differently from the first."""
        shares = [self.models[n].normalized_weights.loc[self.criterion_ids] for n in self.analysts]
        return any(not np.allclose(s, shares[0], rtol=0, atol=1e-12) for s in shares[1:])

    @property
    def group_weights(self) -> pd.Series:
        """The group's weights: the first analyst's when all agree, else the mean of the
        analysts' normalised weights."""
        if not self.weights_differ:
            return self.base.weights.rename("weight")
        shares = [self.models[n].normalized_weights.loc[self.criterion_ids] for n in self.analysts]
        return (sum(shares[1:], shares[0]) / len(shares)).rename("weight")

    # -- the group ----------------------------------------------------------------------

    def aggregate(self, *, how: str = "mean") -> DecisionModel:
        """The group's model: each score, low and high the mean (or median) of the analysts
        who gave it; weights as :attr:`group_weights`; the first analyst's text.

        Raises
        ------
        PanelError
            For an unknown ``how``.
        """
        combine = _combiner(how)
        base = self.base
        scores, low, high = (combine(part) for part in (self.values, self.low, self.high))
        # floating sums may put a mean a hair outside its analysts' range: keep low <= score <= high
        low, high = np.minimum(low, scores), np.maximum(high, scores)
        info = base.info
        group_info = CaseInfo(
            name=info.name,
            title=info.title,
            question=info.question,
            summary=info.summary,
            source=info.source,
            source_text=info.source_text,
            analyst=f"A panel of {len(self.analysts)}: {', '.join(self.analysts)} ({how})",
        )
        model = base.replace(
            scores=self._frame(scores),
            low=self._frame(low),
            high=self._frame(high),
            info=group_info,
        )
        return model.with_weights(self.group_weights) if self.weights_differ else model

    def filled(self, analyst: str, *, how: str = "mean") -> DecisionModel:
        """An analyst's model with the scores they left blank taken from the group."""
        a = self._analyst(analyst)
        model = self.models[analyst]
        blanks = np.argwhere(~self.given[a])
        if not blanks.size:
            return model
        group = self.aggregate(how=how)
        changes = {
            (self.option_ids[i], self.criterion_ids[j]): float(group.values[i, j])
            for i, j in blanks
        }
        return model.with_scores(changes)

    def _analyst(self, analyst: str) -> int:
        if analyst not in self.analysts:
            raise PanelError(
                f"no analyst {analyst!r} on the panel; analysts: {', '.join(self.analysts)}"
            )
        return self.analysts.index(analyst)

    # -- rankings and disagreements ---------------------------------------------------

    def rankings(self, method: str = "wsm", *, how: str = "mean", **params: Any) -> pd.DataFrame:
        """Options x (analysts, then ``"group"``): each one's rank by ``method``."""
        columns = {
            name: evaluate(self.filled(name, how=how), method, **params).ranks.loc[self.option_ids]
            for name in self.analysts
        }
        columns[GROUP] = evaluate(self.aggregate(how=how), method, **params).ranks.loc[
            self.option_ids
        ]
        table = pd.DataFrame(columns)
        table.index.name = "option"
        return table

    def agreement(self, method: str = "wsm", *, how: str = "mean", **params: Any) -> pd.DataFrame:
        """Kendall's tau-b between the rankings of each pair (analysts and the group)."""
        ranks = self.rankings(method, how=how, **params)
        names = list(ranks.columns)
        table = pd.DataFrame(
            [[kendall_tau(ranks[a], ranks[b]) for b in names] for a in names],
            index=pd.Index(names, name="analyst"),
            columns=pd.Index(names, name="analyst"),
        )
        return table

    def pivotal(self, method: str = "wsm", *, how: str = "mean", **params: Any) -> pd.DataFrame:
        """The disagreements that change the group's leader.

        For each score and each analyst whose value differs from the group's: the
        group's model with that one score set to the analyst's value (every other
        score at the group's). Listed when the leader changes, a tie for first
        counting as a change.

        Returns
        -------
        DataFrame
            Columns option, criterion, analyst, value, group (the group's value),
            new_leader (the option ids ranked first, joined by `` = `` for a tie),
            in case order of options, criteria and analysts.
        """
        from matrix.robustness.batch import Evaluator

        group = self.aggregate(how=how)
        evaluator = Evaluator(group, method, params)
        leaders = np.flatnonzero(evaluator.base.ranks.loc[group.option_ids].to_numpy() == 1)
        base = group.values
        cells = [
            (a, i, j)
            for i in range(base.shape[0])
            for j in range(base.shape[1])
            for a in range(len(self.analysts))
            if self.given[a, i, j] and self.values[a, i, j] != base[i, j]
        ]
        columns = ["option", "criterion", "analyst", "value", "group", "new_leader"]
        if not cells:
            return pd.DataFrame(columns=columns)
        rows = []
        chunk = max(1, 1_000_000 // base.size)
        for start in range(0, len(cells), chunk):
            part = cells[start : start + chunk]
            values = np.broadcast_to(base, (len(part), *base.shape)).copy()
            for k, (a, i, j) in enumerate(part):
                values[k, i, j] = self.values[a, i, j]
            weights = np.broadcast_to(evaluator.shares, (len(part), base.shape[1]))
            _, ranks = evaluator(weights, values)
            for (a, i, j), row in zip(part, ranks, strict=True):
                firsts = np.flatnonzero(row == 1)
                if not np.array_equal(firsts, leaders):
                    rows.append(
                        (
                            self.option_ids[i],
                            self.criterion_ids[j],
                            self.analysts[a],
                            float(self.values[a, i, j]),
                            float(base[i, j]),
                            " = ".join(group.option_ids[f] for f in firsts),
                        )
                    )
        return pd.DataFrame(rows, columns=columns)

    def ranking(self, method: str = "wsm", *, how: str = "mean", **params: Any) -> Ranking:
        """The group's ranking (of :meth:`aggregate`)."""
        return evaluate(self.aggregate(how=how), method, **params)

    def rank_acceptability(self, **kwargs: Any) -> RankAcceptability:
        """Rank acceptability over the mixture of the analysts' judgements; the keywords
        of :func:`matrix.panel.mixture.panel_acceptability` (samples, seed, ...)."""
        from matrix.panel.mixture import panel_acceptability

        return panel_acceptability(self, **kwargs)


def _combiner(how: str) -> Any:
    if how == "mean":
        return lambda part: np.nanmean(part, axis=0)
    if how == "median":
        return lambda part: np.nanmedian(part, axis=0)
    raise PanelError(f"unknown aggregate {how!r}; choose one of {', '.join(AGGREGATES)}")


def read_panel(path: str | Path) -> tuple[Panel, str]:
    """The panel a panel workbook holds (``policy-matrix panel merge -o``), and the rule
    its group scores were aggregated by (``"mean"`` or ``"median"``).

    Raises
    ------
    PanelError
        ``path`` is not a panel workbook.
    """
    from matrix.io.panel import is_panel_workbook, read_panel_workbook, read_property

    source = Path(path).expanduser()
    if not source.is_file() or not is_panel_workbook(source):
        raise PanelError(
            f"{source}: not a panel workbook; make one with policy-matrix panel merge -o"
        )
    models, sources, missing = read_panel_workbook(source)
    panel = Panel.from_models(models, sources=sources, missing=missing)
    return panel, read_property(source, "policy-matrix aggregate") or "mean"


def read_analysts(paths: Sequence[str | Path]) -> Panel:
    """The panel of the analysts' own workbooks (or case folders, or folders of workbooks)
    named by ``paths``, as ``policy-matrix panel merge`` reads them: each analyst named by
    the workbook's stamp, the scores they left empty marked as not given."""
    from matrix.io.panel import load_panel

    models, sources, missing = load_panel(paths)
    return Panel.from_models(models, sources=sources, missing=missing)
