"""Every method side by side: scores, ranks, the consensus and the agreement.

>>> import matrix
>>> comparison = matrix.compare(matrix.load_case())
>>> comparison.ranks.loc["diplomatic_surge"].tolist()
[1, 1, 1, 1, 1, 1]
>>> list(comparison.ranks.columns)
['wsm', 'wpm', 'topsis', 'vikor', 'promethee2', 'consensus']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pandas as pd

from matrix.errors import MethodError
from matrix.methods._params import choice, describe
from matrix.methods._result import Ranking
from matrix.methods.consensus import (
    MEASURES,
    RULES,
    agreement_matrix,
    consensus_rule,
    consensus_scores,
)
from matrix.methods.registry import RANKERS, run
from matrix.model import DecisionModel

__all__ = [
    "CONSENSUS",
    "Comparison",
    "compare",
    "consensus",
    "intermediates",
    "method_label",
    "method_meaning",
]

#: The name of the consensus in :data:`matrix.METHODS` and in comparison tables.
CONSENSUS = "consensus"


def _methods() -> dict[str, Any]:
    """The rankers and the consensus, as :data:`matrix.METHODS` lists them."""
    return {**RANKERS, CONSENSUS: consensus}


def method_label(name: str, *, short: bool = False) -> str:
    """The display name of a method (``"promethee2"`` -> ``"PROMETHEE II"``).

    >>> method_label("wsm"), method_label("wsm", short=True)
    ('Weighted sum', 'WSM')
    """
    return str(getattr(_methods()[name], "short" if short else "label", name))


def method_meaning(name: str) -> str:
    """What a method's score means, in words.

    >>> method_meaning("vikor")
    'Q, the distance from the compromise ideal (0-1, lower is better)'
    """
    return str(getattr(_methods()[name], "score_meaning", ""))


#: Per-option intermediates worth showing beside the score, by method: detail key -> column.
INTERMEDIATES = {
    "topsis": {"d_plus": "D+", "d_minus": "D-"},
    "vikor": {"S": "S", "R": "R"},
    "promethee2": {"phi_plus": "phi+", "phi_minus": "phi-"},
}


def intermediates(result: Ranking) -> pd.DataFrame:
    """The per-option intermediates of a result (TOPSIS distances, VIKOR S and R,
    PROMETHEE flows; for the consensus, each method's rank), options x columns.
    """
    if result.method == CONSENSUS:
        ranks = result.details["ranks"]
        return ranks.rename(columns=lambda name: f"{method_label(name, short=True)} rank")
    wanted = INTERMEDIATES.get(result.method, {})
    return pd.DataFrame(
        {column: result.details[key] for key, column in wanted.items()}, index=result.scores.index
    )


@dataclass(frozen=True)
class Comparison:
    """Rankings of the same model by several methods, their consensus and agreement.

    Attributes
    ----------
    rankings
        Each method's :class:`~matrix.methods.Ranking`, by method name, in
        the order of :data:`matrix.METHODS`.
    consensus
        The consensus :class:`~matrix.methods.Ranking` (method ``"consensus"``).
    agreement
        Agreement between every pair of methods (methods x methods).
    skipped
        Methods left out because they are undefined on the data, with why.
    rule, measure
        The consensus rule and the agreement measure used.
    """

    rankings: Mapping[str, Ranking]
    consensus: Ranking
    agreement: pd.DataFrame
    skipped: Mapping[str, str] = field(default_factory=dict)
    rule: str = "borda"
    measure: str = "kendall"

    @property
    def methods(self) -> list[str]:
        """The methods compared, in order."""
        return list(self.rankings)

    def _frame(self, attribute: str) -> pd.DataFrame:
        columns = {name: getattr(r, attribute) for name, r in self.rankings.items()}
        columns[CONSENSUS] = getattr(self.consensus, attribute)
        frame = pd.DataFrame(columns)
        frame.columns.name = "method"
        return frame

    @property
    def ranks(self) -> pd.DataFrame:
        """Ranks, options x methods, the consensus last (1 = best)."""
        return self._frame("ranks")

    @property
    def scores(self) -> pd.DataFrame:
        """Scores, options x methods, the consensus last (each in its method's units)."""
        return self._frame("scores")

    def table(self) -> pd.DataFrame:
        """Score and rank under each method, side by side, best consensus rank first.

        Columns are a two-level index ``(method, "score" | "rank")``.
        """
        parts: dict[tuple[str, str], pd.Series] = {}
        for name in [*self.rankings, CONSENSUS]:
            result = self.rankings.get(name, self.consensus)
            parts[(name, "score")] = result.scores
            parts[(name, "rank")] = result.ranks
        frame = pd.DataFrame(parts)
        frame.columns = pd.MultiIndex.from_tuples(list(parts), names=["method", "value"])
        return frame.loc[self.consensus.order]


def _requested(
    methods: Sequence[str] | Mapping[str, Mapping[str, Any]] | None,
) -> tuple[dict[str, dict[str, Any]], bool]:
    registry = _methods()
    if methods is None:
        return {name: {} for name in registry if name != CONSENSUS}, False
    if isinstance(methods, str):
        methods = [methods]
    if isinstance(methods, Mapping):
        chosen = {str(k): dict(v or {}) for k, v in methods.items()}
    else:
        chosen = {str(name): {} for name in methods}
    if not chosen:
        raise MethodError("compare: give at least one method, or none for all of them")
    for name in chosen:
        if name == CONSENSUS:
            raise MethodError("compare: the consensus is always computed; do not list it")
        if name not in registry:
            valid = ", ".join(n for n in registry if n != CONSENSUS)
            raise MethodError(f"unknown method {name!r}; choose one of {valid}")
    return chosen, True


def compare(
    model: DecisionModel,
    methods: Sequence[str] | Mapping[str, Mapping[str, Any]] | None = None,
    *,
    rule: str = "borda",
    measure: str = "kendall",
    red_lines: str | None = None,
) -> Comparison:
    """Rank ``model`` by several methods and combine them.

    Parameters
    ----------
    model
        A validated decision model.
    methods
        Method names, or ``{name: {param: value}}``; default: every method in
        :data:`matrix.METHODS` with its default parameters.
    rule
        The consensus rule: ``"borda"`` (default) or ``"copeland"``.
    measure
        The agreement measure: ``"kendall"`` (default, tau-b) or ``"spearman"``.
    red_lines
        The red-line policy every method and the consensus follow: ``"last"``
        (the default when the model has a red line), ``"ignore"`` or
        ``"exclude"`` (the methods and the agreement see the acceptable options
        only); see :mod:`matrix.redlines`.

    Returns
    -------
    Comparison

    Raises
    ------
    MethodError
        For an unknown method, parameter, rule or measure; and, when methods
        are named, for a named method undefined on the data. With the default
        (every method), a method undefined on the data is left out and named
        in :attr:`Comparison.skipped` instead.
    """
    from matrix.redlines import crossings, policy, ranked, with_policy

    rule = choice("compare", "rule", rule, RULES)
    measure = choice("compare", "measure", measure, MEASURES)
    how = policy(model, red_lines)
    if how == "exclude":
        return _compare_acceptable(model, methods, rule, measure)
    chosen, strict = _requested(methods)
    rankings: dict[str, Ranking] = {}
    skipped: dict[str, str] = {}
    for name, params in chosen.items():
        try:
            rankings[name] = ranked(model, partial(_run, name, params), how, method=name)
        except MethodError as exc:
            if strict:
                raise
            skipped[name] = str(exc)
    ranks = pd.DataFrame({name: r.ranks for name, r in rankings.items()})
    agreement = agreement_matrix(ranks, measure)
    combined = Ranking.from_scores(
        CONSENSUS,
        consensus_scores(ranks.to_numpy(), rule),
        model.option_index,
        params={"rule": rule},
        details={
            "ranks": ranks,
            "agreement": agreement,
            "methods": list(rankings),
            "skipped": dict(skipped),
        },
    )
    combined = with_policy(combined, model, how, crossings(model))
    return Comparison(rankings, combined, agreement, skipped, rule, measure)


@describe(
    "Consensus", "Borda points or Copeland score across the methods (higher is better)", "Consensus"
)
def consensus(model: DecisionModel, *, rule: str = "borda") -> Ranking:
    """The consensus of every other method in :data:`matrix.METHODS`, with defaults.

    Methods undefined on the data (a weighted product with a zero score, for
    instance) are left out and named in ``details["skipped"]``.

    Parameters
    ----------
    rule
        ``"borda"`` (default) or ``"copeland"``; see the module documentation.

    Returns
    -------
    Ranking
        Higher is better. ``details``: ``"ranks"`` (options x methods),
        ``"agreement"`` (Kendall's tau-b between methods), ``"methods"`` (the
        methods used) and ``"skipped"`` (method -> why).

    >>> import matrix
    >>> result = consensus(matrix.load_case())
    >>> result.winner, result.details["methods"]
    ('diplomatic_surge', ['wsm', 'wpm', 'topsis', 'vikor', 'promethee2'])
    """
    return compare(model, rule=consensus_rule(rule)).consensus


def _run(name: str, params: Mapping[str, Any], model: DecisionModel) -> Ranking:
    """The ranker ``name`` of the registry, with ``params``, on ``model``."""
    return run(RANKERS, model, name, params)


def _compare_acceptable(
    model: DecisionModel,
    methods: Sequence[str] | Mapping[str, Mapping[str, Any]] | None,
    rule: str,
    measure: str,
) -> Comparison:
    """:func:`compare` under the ``"exclude"`` red-line policy: the methods rank the
    acceptable options alone; the others are kept, with no score and no rank."""
    from matrix.redlines import crossings, expanded, subset

    crossed = crossings(model)
    keep = [str(o) for o, ok in (~crossed.any(axis=1)).items() if ok]
    if not keep:
        names = list(_requested(methods)[0])
        return Comparison(
            {name: expanded(None, model, crossed, method=name) for name in names},
            expanded(None, model, crossed, method=CONSENSUS, params={"rule": rule}),
            pd.DataFrame(float("nan"), index=names, columns=names),
            {}, rule, measure,
        )  # fmt: skip
    part = compare(subset(model, keep), methods, rule=rule, measure=measure, red_lines="ignore")
    return Comparison(
        {name: expanded(r, model, crossed) for name, r in part.rankings.items()},
        expanded(part.consensus, model, crossed),
        part.agreement, part.skipped, rule, measure,
    )  # fmt: skip
