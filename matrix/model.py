"""The decision model: options, criteria, weights and scores with their evidence.

A :class:`DecisionModel` is validated once, when it is built, and never
changes afterwards: every change (:meth:`DecisionModel.with_weights`,
:meth:`DecisionModel.with_scores`, :meth:`DecisionModel.replace`) returns a new,
validated model. Code that receives a model can trust it.

Build one from a case folder with :func:`matrix.load_case`, or from any
real-valued table with :func:`from_frame`:

>>> import pandas as pd
>>> from matrix import from_frame
>>> scores = pd.DataFrame({"cost": [3.0, 5.0], "benefit": [7.0, 6.0]},
...                       index=["a", "b"])
>>> model = from_frame(scores, directions={"cost": "min", "benefit": "max"},
...                    weights={"cost": 1, "benefit": 3})
>>> model.normalized_weights.tolist()
[0.25, 0.75]
>>> model.with_weights({"cost": 3, "benefit": 1}).weights.tolist()
[3.0, 1.0]
>>> model.weights.tolist()      # the original is unchanged
[1.0, 3.0]
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as _field
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from matrix.errors import ValidationError
from matrix.validation import (
    MAX_TEXT_LENGTH,
    Direction,
    Locator,
    _plain_text,
    check_ids,
    check_red_line,
    check_text,
    check_weight,
    checked_criteria,
    fmt_number,
    located,
    number_cell,
    numeric_table,
    out_of_range,
    parse_direction,
    text_table,
)

__all__ = [
    "EVIDENCE_NONE",
    "MAX_TEXT_LENGTH",
    "CaseInfo",
    "Criterion",
    "DecisionModel",
    "Locator",
    "Option",
    "Perspective",
    "Scenario",
    "from_frame",
    "parse_direction",
]

#: The evidence text for a judgement the source does not speak to.
EVIDENCE_NONE = "analyst judgement"


@dataclass(frozen=True, slots=True)
class Option:
    """A policy option: a row of the matrix."""

    id: str
    label: str = ""
    description: str = ""
    quote: str = ""

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", self.id)


@dataclass(frozen=True, slots=True)
class Criterion:
    """A criterion: a column of the matrix, with its direction, scale and weight.

    ``direction`` is ``"max"`` when more is better and ``"min"`` when less is
    better. ``scale_min``/``scale_max`` are the declared ends of the scale the
    scores are given on; both ``None`` means "no declared scale" and methods
    use the data's range instead.

    ``red_line`` is the worst acceptable score (``None``: no red line): on a
    ``max`` criterion a score below it crosses the line, on a ``min`` criterion
    a score above it does; a score equal to it is acceptable.
    ``red_line_evidence`` backs it, like a score's evidence: a verbatim quote
    from the source, or ``"analyst judgement"``. See :mod:`matrix.redlines`.
    """

    id: str
    direction: Direction
    weight: float
    label: str = ""
    scale_min: float | None = None
    scale_max: float | None = None
    description: str = ""
    scale_min_means: str = ""
    scale_max_means: str = ""
    weight_rationale: str = ""
    red_line: float | None = None
    red_line_evidence: str = ""

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", self.id)

    @property
    def has_scale(self) -> bool:
        """Whether the criterion declares the ends of its scale."""
        return self.scale_min is not None and self.scale_max is not None


@dataclass(frozen=True, slots=True)
class CaseInfo:
    """What the case is about and where its judgements come from."""

    name: str = "case"
    title: str = "Untitled case"
    question: str = ""
    summary: str = ""
    source: str = ""
    source_text: str = ""
    analyst: str = ""


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.array(array, dtype=float, copy=True)
    array.flags.writeable = False
    return array


class _Checked:
    """A table a model holds, already validated, handed on by :meth:`DecisionModel.replace`:
    the new model takes it as it is when it has the same options and criteria, in the same
    order (its values are valid whatever else changed), else reads it like any table."""

    __slots__ = ("cols", "rows", "values")

    def __init__(self, values: np.ndarray, rows: list[str], cols: list[str]) -> None:
        self.values, self.rows, self.cols = values, rows, cols

    def fits(self, rows: list[str], cols: list[str]) -> bool:
        return self.rows == rows and self.cols == cols

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            self.values.copy(),
            index=pd.Index(self.rows, name="option"),
            columns=pd.Index(self.cols, name="criterion"),
            copy=False,
        )


@dataclass(frozen=True)
class Perspective:
    """A named set of weights: how one stakeholder would weigh the criteria.

    ``weights`` are the final weights by criterion id (not necessarily summing
    to 1). ``elicitation`` says how they were obtained (``"direct"``,
    ``"swing"``, ``"order"`` or ``"ahp"``) and ``inputs`` keeps what the
    stakeholder gave (points, an importance order, a pairwise matrix), so the
    workbook can show it. ``red_lines`` are the stakeholder's own red lines by
    criterion id: each replaces the case's red line on that criterion (``None``
    removes it) when the case is ranked as this perspective sees it.
    """

    id: str
    weights: Mapping[str, float]
    label: str = ""
    description: str = ""
    rationale: str = ""
    evidence: str = ""
    elicitation: str = "direct"
    inputs: Mapping[str, Any] = _field(default_factory=dict)
    red_lines: Mapping[str, float | None] = _field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", self.id)
        object.__setattr__(self, "weights", MappingProxyType(dict(self.weights)))
        object.__setattr__(self, "inputs", MappingProxyType(dict(self.inputs)))
        object.__setattr__(self, "red_lines", MappingProxyType(dict(self.red_lines)))


@dataclass(frozen=True)
class Scenario:
    """A way the world may turn out: some scores replaced, with the reason why.

    ``overrides`` maps ``(option id, criterion id)`` to the score in this scenario;
    ``score_rationale`` optionally says, for the same keys, why that score changes.
    """

    id: str
    overrides: Mapping[tuple[str, str], float]
    label: str = ""
    description: str = ""
    rationale: str = ""
    evidence: str = ""
    score_rationale: Mapping[tuple[str, str], str] = _field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", self.id)
        object.__setattr__(self, "overrides", MappingProxyType(dict(self.overrides)))
        object.__setattr__(self, "score_rationale", MappingProxyType(dict(self.score_rationale)))


class DecisionModel:
    """A validated, immutable decision matrix with its evidence.

    Parameters
    ----------
    options, criteria
        The rows and columns, in display order.
    scores
        A table of numbers, index = option ids, columns = criterion ids.
    low, high
        Optional tables of the same shape: the plausible range of each score.
        Missing means "the same as the score".
    rationale, evidence
        Optional tables of text of the same shape.
    info
        What the case is about.
    locator
        Turns model places into file places for error messages.

    Raises
    ------
    ValidationError
        On any broken rule, naming the place, the bad value and what was expected.
    """

    __slots__ = (
        "_blank_range",
        "_criteria",
        "_evidence",
        "_high",
        "_index",
        "_info",
        "_low",
        "_options",
        "_perspectives",
        "_rationale",
        "_scenarios",
        "_scores",
    )

    def __init__(
        self,
        options: Sequence[Option],
        criteria: Sequence[Criterion],
        scores: pd.DataFrame,
        *,
        low: pd.DataFrame | None = None,
        high: pd.DataFrame | None = None,
        rationale: pd.DataFrame | None = None,
        evidence: pd.DataFrame | None = None,
        info: CaseInfo | None = None,
        perspectives: Sequence[Perspective] = (),
        scenarios: Sequence[Scenario] = (),
        locator: Locator | None = None,
    ) -> None:
        where = locator or Locator()
        self._options = tuple(options)
        self._criteria = tuple(checked_criteria(criteria, where))
        self._info = info or CaseInfo()
        for info_field in dataclasses.fields(self._info):  # one text rule for every text
            check_text(getattr(self._info, info_field.name), where.info(info_field.name))
        check_ids([o.id for o in self._options], "option", where)
        if not self._options:
            raise ValidationError(located("the case has no options", where.table("options")))
        for option in self._options:
            for field in ("label", "description", "quote"):
                text = getattr(option, field)
                if not _plain_text(text):  # where it is, only when it must be said
                    check_text(text, where.option(option.id, field))
        rows = [o.id for o in self._options]
        cols = [c.id for c in self._criteria]
        # pandas indexes are immutable: built once, shared by every table and result
        self._index = (pd.Index(rows, name="option"), pd.Index(cols, name="criterion"))
        if isinstance(scores, _Checked) and scores.fits(rows, cols):
            self._scores = _frozen(scores.values)
        else:
            self._scores = _frozen(numeric_table(_table(scores), rows, cols, "score", where))
        self._low, blank_low = self._bound(low, "low", rows, cols, where)
        self._high, blank_high = self._bound(high, "high", rows, cols, where)
        # where the case left a range blank: it follows the score, and is written back blank
        self._blank_range = (blank_low, blank_high)
        self._rationale = self._text(rationale, "rationale", rows, cols, where)
        self._evidence = self._text(evidence, "evidence", rows, cols, where)
        self._check_scores(where)
        self._perspectives = tuple(self._checked_perspectives(perspectives, where))
        self._scenarios = tuple(self._checked_scenarios(scenarios, where))

    # -- construction helpers ------------------------------------------------

    def _bound(
        self,
        table: pd.DataFrame | _Checked | None,
        field: str,
        rows: list[str],
        cols: list[str],
        where: Locator,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The bound as used (the score where blank), and where it was blank."""
        if table is None:
            return self._scores, _frozen(np.ones(self._scores.shape, dtype=bool))
        if isinstance(table, _Checked) and table.fits(rows, cols):
            values = table.values
        else:
            values = numeric_table(_table(table), rows, cols, field, where, allow_missing=True)
        blank = np.isnan(values)
        return _frozen(np.where(blank, self._scores, values)), _frozen(blank)

    @staticmethod
    def _text(
        table: pd.DataFrame | _Checked | None,
        field: str,
        rows: list[str],
        cols: list[str],
        where: Locator,
    ) -> np.ndarray:
        if isinstance(table, _Checked) and table.fits(rows, cols):
            return table.values
        return text_table(_table(table), rows, cols, field, where)

    def _check_scores(self, where: Locator) -> None:
        lower = np.array([c.scale_min if c.has_scale else -np.inf for c in self._criteria])
        upper = np.array([c.scale_max if c.has_scale else np.inf for c in self._criteria])
        tables = {"score": self._scores, "low": self._low, "high": self._high}
        for field, values in tables.items():
            outside = (values < lower) | (values > upper)
            if outside.any():
                i, j = np.argwhere(outside)[0]
                crit = self._criteria[j]
                raise ValidationError(
                    located(
                        f"{field} {fmt_number(values[i, j])} is outside the scale "
                        f"{fmt_number(crit.scale_min)} to {fmt_number(crit.scale_max)} "
                        f"of criterion {crit.id!r}",
                        where.score(self._options[i].id, crit.id, field),
                    )
                )
        for field, values, bad, relation in (
            ("low", self._low, self._low > self._scores, "above"),
            ("high", self._high, self._high < self._scores, "below"),
        ):
            if bad.any():
                i, j = np.argwhere(bad)[0]
                raise ValidationError(
                    located(
                        f"{field} {fmt_number(values[i, j])} is {relation} the score "
                        f"{fmt_number(self._scores[i, j])}",
                        where.score(self._options[i].id, self._criteria[j].id, field),
                    )
                )

    def _checked_perspectives(
        self, perspectives: Sequence[Perspective], where: Locator
    ) -> list[Perspective]:
        perspectives = list(perspectives)
        check_ids([p.id for p in perspectives], "perspective", where)
        known = self.criterion_ids
        for persp in perspectives:
            for field_name in ("label", "description", "rationale", "evidence"):
                check_text(getattr(persp, field_name), where.perspective(persp.id, "", field_name))
            unknown = [c for c in persp.weights if c not in known]
            if unknown:
                raise ValidationError(
                    located(
                        f"perspective {persp.id!r} weighs unknown criterion {unknown[0]!r}; "
                        f"criteria are {', '.join(known)}",
                        where.perspective(persp.id, unknown[0], "criterion"),
                    )
                )
            missing = [c for c in known if c not in persp.weights]
            if missing:
                raise ValidationError(
                    located(
                        f"perspective {persp.id!r} gives no weight for criterion {missing[0]!r}",
                        where.perspective(persp.id, missing[0], "criterion"),
                    )
                )
            for crit in known:
                check_weight(persp.weights[crit], crit, where.perspective(persp.id, crit, "weight"))
            for crit, line in persp.red_lines.items():
                place = where.perspective(persp.id, crit, "red_line")
                if crit not in known:
                    raise ValidationError(
                        located(
                            f"perspective {persp.id!r} draws a red line on unknown criterion "
                            f"{crit!r}; criteria are {', '.join(known)}",
                            place,
                        )
                    )
                if line is not None:
                    check_red_line(line, self.criterion(crit), place)
            if sum(float(persp.weights[c]) for c in known) <= 0:
                raise ValidationError(
                    located(
                        f"perspective {persp.id!r}: all weights are zero",
                        where.perspective(persp.id, "", "weight"),
                    )
                )
        return perspectives

    def _checked_scenarios(self, scenarios: Sequence[Scenario], where: Locator) -> list[Scenario]:
        scenarios = list(scenarios)
        check_ids([s.id for s in scenarios], "scenario", where)
        bounds = {c.id: c for c in self._criteria}
        options = set(self.option_ids)
        for scen in scenarios:
            for field_name in ("label", "description", "rationale", "evidence"):
                check_text(getattr(scen, field_name), where.scenario(scen.id, "", "", field_name))
            for (option, criterion), text in scen.score_rationale.items():
                place = where.scenario(scen.id, option, criterion, "rationale")
                if (option, criterion) not in scen.overrides:
                    raise ValidationError(
                        located("a rationale for a score the scenario does not change", place)
                    )
                check_text(text, place)
            for (option, criterion), value in scen.overrides.items():
                place = where.scenario(scen.id, option, criterion, "score")
                if option not in options:
                    raise ValidationError(located(f"unknown option {option!r}", place))
                if criterion not in bounds:
                    raise ValidationError(located(f"unknown criterion {criterion!r}", place))
                if isinstance(value, bool) or not isinstance(value, int | float | np.number):
                    raise ValidationError(located(f"score must be a number; got {value!r}", place))
                if not math.isfinite(value):
                    raise ValidationError(
                        located(f"score must be a finite number; got {fmt_number(value)}", place)
                    )
                problem = out_of_range("score", float(value))
                if problem:
                    raise ValidationError(located(problem, place))
                crit = bounds[criterion]
                if crit.has_scale and not crit.scale_min <= value <= crit.scale_max:  # type: ignore[operator]
                    raise ValidationError(
                        located(
                            f"score {fmt_number(value)} is outside the scale "
                            f"{fmt_number(crit.scale_min)} to {fmt_number(crit.scale_max)} "
                            f"of criterion {criterion!r}",
                            place,
                        )
                    )
        return scenarios

    # -- what the model holds --------------------------------------------------

    @property
    def info(self) -> CaseInfo:
        """What the case is about."""
        return self._info

    @property
    def perspectives(self) -> tuple[Perspective, ...]:
        """Named weight sets, besides the case's own weights."""
        return self._perspectives

    @property
    def scenarios(self) -> tuple[Scenario, ...]:
        """Named ways the world may turn out, as score overrides."""
        return self._scenarios

    def perspective(self, perspective_id: str) -> Perspective:
        """The perspective with this id."""
        for persp in self._perspectives:
            if persp.id == perspective_id:
                return persp
        names = ", ".join(p.id for p in self._perspectives) or "none"
        raise ValidationError(f"unknown perspective {perspective_id!r}; the case has: {names}")

    def scenario(self, scenario_id: str) -> Scenario:
        """The scenario with this id."""
        for scen in self._scenarios:
            if scen.id == scenario_id:
                return scen
        names = ", ".join(s.id for s in self._scenarios) or "none"
        raise ValidationError(f"unknown scenario {scenario_id!r}; the case has: {names}")

    def under(self, perspective_id: str) -> DecisionModel:
        """A new model weighted as the named perspective weighs the criteria, with
        its own red lines in place of the case's where it draws them."""
        persp = self.perspective(perspective_id)
        model = self.with_weights(dict(persp.weights))
        if not persp.red_lines:
            return model
        criteria = [
            dataclasses.replace(c, red_line=persp.red_lines[c.id]) if c.id in persp.red_lines else c
            for c in model.criteria
        ]
        return model.replace(criteria=criteria)

    @property
    def red_lines(self) -> pd.Series:
        """Each criterion's red line (the worst acceptable score), NaN where it has none."""
        return pd.Series(
            [math.nan if c.red_line is None else c.red_line for c in self._criteria],
            index=self.criterion_ids,
            name="red line",
            dtype=float,
        )

    @property
    def has_red_lines(self) -> bool:
        """Whether any criterion has a red line."""
        return any(c.red_line is not None for c in self._criteria)

    def in_scenario(self, scenario_id: str) -> DecisionModel:
        """A new model with the named scenario's scores in place."""
        return self.with_scores(dict(self.scenario(scenario_id).overrides))

    @property
    def options(self) -> tuple[Option, ...]:
        """The options (rows), in display order."""
        return self._options

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """The criteria (columns), in display order."""
        return self._criteria

    @property
    def option_ids(self) -> list[str]:
        return [o.id for o in self._options]

    @property
    def criterion_ids(self) -> list[str]:
        return [c.id for c in self._criteria]

    @property
    def option_index(self) -> pd.Index:
        """The option ids as the index of the model's tables (named ``"option"``)."""
        return self._index[0]

    @property
    def criterion_index(self) -> pd.Index:
        """The criterion ids as the columns of the model's tables (named ``"criterion"``)."""
        return self._index[1]

    @property
    def shape(self) -> tuple[int, int]:
        """(number of options, number of criteria)."""
        return self._scores.shape  # type: ignore[return-value]

    def option(self, option_id: str) -> Option:
        """The option with this id."""
        return self._options[self.option_ids.index(option_id)]

    def criterion(self, criterion_id: str) -> Criterion:
        """The criterion with this id."""
        return self._criteria[self.criterion_ids.index(criterion_id)]

    def _frame(self, values: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(
            values.copy(), index=self.option_index, columns=self.criterion_index, copy=False
        )

    @property
    def scores(self) -> pd.DataFrame:
        """The score matrix (a copy), index = option ids, columns = criterion ids."""
        return self._frame(self._scores)

    @property
    def low(self) -> pd.DataFrame:
        """The low end of each score's plausible range (a copy)."""
        return self._frame(self._low)

    @property
    def high(self) -> pd.DataFrame:
        """The high end of each score's plausible range (a copy)."""
        return self._frame(self._high)

    def _given(self, end: int) -> np.ndarray:
        """The low (0) or high (1) ends as given: NaN where blank."""
        return np.where(self._blank_range[end], np.nan, (self._low, self._high)[end])

    @property
    def given_low(self) -> pd.DataFrame:
        """The low ends as the case gives them: NaN where it left one blank (:attr:`low`
        then holds the score). Writers use it, so that blank stays blank."""
        return self._frame(self._given(0))

    @property
    def given_high(self) -> pd.DataFrame:
        """The high ends as the case gives them: NaN where it left one blank."""
        return self._frame(self._given(1))

    @property
    def rationale(self) -> pd.DataFrame:
        """Each score's rationale (a copy)."""
        return self._frame(self._rationale)

    @property
    def evidence(self) -> pd.DataFrame:
        """Each score's evidence: a quote from the source, or ``"analyst judgement"``."""
        return self._frame(self._evidence)

    @property
    def values(self) -> np.ndarray:
        """The scores as a read-only float array (options x criteria)."""
        return self._scores

    @property
    def weights(self) -> pd.Series:
        """The weights as given, by criterion id."""
        return pd.Series(
            [c.weight for c in self._criteria], index=self.criterion_ids, name="weight", dtype=float
        )

    @property
    def normalized_weights(self) -> pd.Series:
        """The weights divided by their sum (what every method computes with)."""
        weights = self.weights
        return (weights / weights.sum()).rename("normalized weight")

    @property
    def directions(self) -> pd.Series:
        """``"max"`` or ``"min"`` by criterion id."""
        return pd.Series(
            [c.direction for c in self._criteria], index=self.criterion_ids, name="direction"
        )

    @property
    def is_max(self) -> np.ndarray:
        """True where more is better, by criterion (a boolean array)."""
        return np.array([c.direction == "max" for c in self._criteria])

    @property
    def bounds(self) -> pd.DataFrame:
        """The ends used to normalise each criterion: its declared scale, else the data's range.

        Columns ``min``, ``max`` and ``declared`` (whether the ends come from the case).
        """
        rows = []
        for j, crit in enumerate(self._criteria):
            if crit.has_scale:
                rows.append((crit.scale_min, crit.scale_max, True))
            else:
                column = self._scores[:, j]
                rows.append((float(column.min()), float(column.max()), False))
        return pd.DataFrame(rows, index=self.criterion_ids, columns=["min", "max", "declared"])

    def evidence_table(self) -> pd.DataFrame:
        """One row per score: option, criterion, score, low, high, rationale, evidence."""
        n, m = self.shape
        return pd.DataFrame(
            {
                "option": np.repeat(self.option_ids, m),
                "criterion": np.tile(self.criterion_ids, n),
                "score": self._scores.ravel(),
                "low": self._low.ravel(),
                "high": self._high.ravel(),
                "rationale": self._rationale.ravel(),
                "evidence": self._evidence.ravel(),
            }
        )

    # -- changes, each returning a new model ----------------------------------

    def replace(self, **changes: Any) -> DecisionModel:
        """A new model with some of ``options``, ``criteria``, ``scores``, ``low``,
        ``high``, ``rationale``, ``evidence`` or ``info`` replaced (validated again)."""
        allowed = {
            "options",
            "criteria",
            "scores",
            "low",
            "high",
            "rationale",
            "evidence",
            "info",
            "perspectives",
            "scenarios",
        }
        unknown = sorted(set(changes) - allowed)
        if unknown:
            raise TypeError(
                f"replace() got unknown fields {unknown}; expected some of {sorted(allowed)}"
            )
        rows, cols = self.option_ids, self.criterion_ids
        current: dict[str, Any] = {
            "options": self._options,
            "criteria": self._criteria,
            # the tables it keeps are valid already: not read and checked again (in row
            # order, as reading a table gives them, so that sums add up to the same bits)
            "scores": _Checked(np.ascontiguousarray(self._scores), rows, cols),
            "low": _Checked(np.ascontiguousarray(self._given(0)), rows, cols),
            "high": _Checked(np.ascontiguousarray(self._given(1)), rows, cols),
            "rationale": _Checked(self._rationale, rows, cols),
            "evidence": _Checked(self._evidence, rows, cols),
            "info": self._info,
            "perspectives": self._perspectives,
            "scenarios": self._scenarios,
        }
        current.update(changes)
        return DecisionModel(
            current.pop("options"), current.pop("criteria"), current.pop("scores"), **current
        )

    def with_weights(self, weights: Mapping[str, float] | pd.Series) -> DecisionModel:
        """A new model with the named criteria's weights changed; the others keep theirs.

        >>> import matrix
        >>> model = matrix.load_case()
        >>> changed = model.with_weights({"war_risk": 40})
        >>> float(changed.weights["war_risk"]), float(changed.weights["human_rights"])
        (40.0, 6.0)
        """
        given = dict(weights.items()) if isinstance(weights, pd.Series) else dict(weights)
        unknown = sorted(str(c) for c in set(given) - set(self.criterion_ids))
        if unknown:
            raise ValidationError(f"unknown criteria in weights: {', '.join(map(repr, unknown))}")
        criteria = [
            dataclasses.replace(c, weight=given.get(c.id, c.weight)) for c in self._criteria
        ]
        return self.replace(criteria=criteria)

    def with_scores(self, changes: Mapping[tuple[str, str], float]) -> DecisionModel:
        """A new model with some scores changed, given as ``{(option, criterion): value}``.

        Each changed score's low/high range is widened to include the new value; a
        range left blank stays blank (it follows the score).
        """
        ids, names = self.option_ids, self.criterion_ids
        rows = {o: i for i, o in enumerate(ids)}
        cols = {c: j for j, c in enumerate(names)}
        scores = np.array(self._scores, order="C")
        low, high = np.array(self._given(0), order="C"), np.array(self._given(1), order="C")
        for (option, criterion), value in changes.items():
            if option not in rows or criterion not in cols:
                raise ValidationError(
                    f"no score cell for option {option!r}, criterion {criterion!r}"
                )
            i, j = rows[option], cols[criterion]
            scores[i, j] = value
            if not np.isnan(low[i, j]):
                low[i, j] = min(low[i, j], value)
            if not np.isnan(high[i, j]):
                high[i, j] = max(high[i, j], value)
        # the other cells are valid already: the changed ones are checked as reading the
        # tables would check them (column by column, scores, then lows, then highs)
        changed = sorted({(rows[o], cols[c]) for o, c in changes}, key=lambda ij: (ij[1], ij[0]))
        where = Locator()
        for field, table in (("score", scores), ("low", low), ("high", high)):
            for i, j in changed:
                place = where.score(ids[i], names[j], field)
                number_cell(table[i, j], field, place, allow_missing=field != "score")
        return self.replace(
            scores=_Checked(scores, ids, names),
            low=_Checked(low, ids, names),
            high=_Checked(high, ids, names),
        )

    def _unchecked_variant(
        self, *, weights: np.ndarray | None = None, values: np.ndarray | None = None
    ) -> DecisionModel:
        """A copy with new weights (in criterion order) and/or scores, NOT validated again.

        For robustness analysis only, which builds thousands of variants that are
        valid by construction: weights >= 0 with a positive sum, and every score
        inside its criterion's scale. Each score's low-high range is widened to
        include the new score, as :meth:`with_scores` does. Everything else is
        shared with this model. Never pass user input here.
        """
        new = object.__new__(DecisionModel)
        for name in DecisionModel.__slots__:
            setattr(new, name, getattr(self, name))
        if weights is not None:
            new._criteria = tuple(
                dataclasses.replace(c, weight=float(w))
                for c, w in zip(self._criteria, weights, strict=True)
            )
        if values is not None:
            new._scores = _frozen(values)
            new._low = _frozen(np.minimum(self._low, values))
            new._high = _frozen(np.maximum(self._high, values))
        return new

    def equals(self, other: object) -> bool:
        """Whether two models hold the same options, criteria, numbers and text."""
        if not isinstance(other, DecisionModel):
            return False
        return (
            self._options == other._options
            and self._criteria == other._criteria
            and self._info == other._info
            and self._perspectives == other._perspectives
            and self._scenarios == other._scenarios
            and all(
                np.array_equal(getattr(self, name), getattr(other, name))
                for name in ("_scores", "_low", "_high", "_rationale", "_evidence")
            )
            and all(
                np.array_equal(mine, theirs)
                for mine, theirs in zip(self._blank_range, other._blank_range, strict=True)
            )
        )

    def __repr__(self) -> str:
        n, m = self.shape
        return f"<DecisionModel {self._info.title!r}: {n} options x {m} criteria>"


def _table(table: object) -> Any:
    """A table for the validators: a :class:`_Checked` one that does not fit as a frame."""
    return table.frame() if isinstance(table, _Checked) else table


# -- building from a plain table -------------------------------------------------


def _per_criterion(
    values: Mapping[str, Any] | Sequence[Any], columns: list[str], what: str
) -> dict[str, Any]:
    if isinstance(values, Mapping):
        unknown = [k for k in values if k not in columns]
        if unknown:
            raise ValidationError(
                f"{what} names unknown criterion {unknown[0]!r}; columns are {columns}"
            )
        missing = [c for c in columns if c not in values]
        if missing:
            raise ValidationError(f"{what} missing for criterion {missing[0]!r}")
        return {c: values[c] for c in columns}
    if isinstance(values, str):
        raise ValidationError(
            f"{what} must be a mapping or a sequence, one per column; got {values!r}"
        )
    values = list(values)
    if len(values) != len(columns):
        raise ValidationError(
            f"{what}: got {len(values)} values for {len(columns)} criteria {columns}"
        )
    return dict(zip(columns, values, strict=True))


def from_frame(
    scores: pd.DataFrame,
    *,
    directions: Mapping[str, str] | Sequence[str],
    weights: Mapping[str, float] | Sequence[float] | None = None,
    scales: Mapping[str, tuple[float, float] | None] | None = None,
    info: CaseInfo | None = None,
    red_lines: Mapping[str, float | None] | None = None,
) -> DecisionModel:
    """Build a model from any real-valued table.

    Parameters
    ----------
    scores
        Index = option ids, columns = criterion ids.
    directions
        ``"max"``/``"min"`` (or ``"benefit"``/``"cost"``) per column, as a dict or in column order.
    weights
        A non-negative weight per column, as a dict or in column order; by default
        1 each (as on the command line).
    scales
        Optional ``{criterion: (min, max)}``; criteria without one are
        normalised on the data's range.
    info
        Optional description of the case.
    red_lines
        Optional ``{criterion: worst acceptable score}``; see :class:`Criterion`.

    >>> table = pd.DataFrame({"war_risk": [9.0, 3.0]}, index=["strike", "talks"])
    >>> model = from_frame(table, directions=["min"], weights=[1], red_lines={"war_risk": 8})
    >>> model.criterion("war_risk").red_line
    8.0

    Notes
    -----
    Ids are text: each option's id is ``str(label)`` of the frame's index, each
    criterion's ``str(label)`` of its columns (two labels with the same text are
    refused). Every result lists the options in the frame's row order, so
    ``result.ranks.set_axis(scores.index)`` puts them back under the frame's own
    labels (integers stay integers) to join with the frame:

    >>> frame = pd.DataFrame({"cost": [3.0, 5.0, 4.0]}, index=[101, 102, 103])
    >>> import matrix
    >>> ranks = matrix.evaluate(from_frame(frame, directions={"cost": "min"})).ranks
    >>> frame.join(ranks.set_axis(frame.index))
         cost  rank
    101   3.0     1
    102   5.0     3
    103   4.0     2
    """
    if not isinstance(scores, pd.DataFrame):
        raise ValidationError(f"scores must be a pandas DataFrame; got {type(scores).__name__}")
    columns = [str(c) for c in scores.columns]
    dirs = _per_criterion(directions, columns, "directions")
    wts = _per_criterion([1.0] * len(columns) if weights is None else weights, columns, "weights")
    scales = dict(scales or {})
    unknown = [k for k in scales if k not in columns]
    if unknown:
        raise ValidationError(
            f"scales names unknown criterion {unknown[0]!r}; columns are {columns}"
        )
    lines = dict(red_lines or {})
    unknown = [k for k in lines if k not in columns]
    if unknown:
        raise ValidationError(
            f"red_lines names unknown criterion {unknown[0]!r}; columns are {columns}"
        )
    criteria = []
    for col in columns:
        ends = scales.get(col)
        low, high = (None, None) if ends is None else ends
        criteria.append(
            Criterion(
                id=col,
                direction=dirs[col],  # type: ignore[arg-type]
                weight=wts[col],
                scale_min=low,
                scale_max=high,
                red_line=lines.get(col),
            )
        )
    options = [Option(id=str(i)) for i in scores.index]
    frame = scores.copy()
    frame.columns = columns
    frame.index = [str(i) for i in scores.index]
    return DecisionModel(options, criteria, frame, info=info)
