"""A new case to fill in: ``policy-matrix init DIR`` or ``policy-matrix init FILE.xlsx``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from matrix.errors import MatrixError
from matrix.model import CaseInfo, Criterion, DecisionModel, Option

__all__ = ["FOLDER_README", "template_model", "write_template"]

FOLDER_README = """\
# A new policy-matrix case

Fill in these files, then run `policy-matrix {folder}` to rank the options and write a workbook.

- `case.toml`: the question, the source and who prepared the case.
- `options.csv`: one row per option (id, label, description, a quote from the source).
- `criteria.csv`: one row per criterion: direction (`max` when more is better, `min` when less is
  better), the ends of its scale and what they mean, its weight and why.
- `scores.csv`: one row per option and criterion: the score, a plausible low and high, the
  rationale, and the evidence (a verbatim quote, or `analyst judgement`).

The two options and two criteria here are examples: replace them. The full format, with every
column, is in data/README.md of the policy-matrix repository.
"""


def template_model(name: str = "new_case") -> DecisionModel:
    """Two example options on two example criteria, every field filled in as a model to follow."""
    options = [
        Option("option_a", "Option A", "What the first option would do, in two or three sentences.",
               "A short passage from the source that describes it."),
        Option("option_b", "Option B", "What the second option would do.", ""),
    ]  # fmt: skip
    criteria = [
        Criterion("benefit", "max", 2, label="Benefit", scale_min=0, scale_max=10,
                  description="How much good the option does (more is better).",
                  scale_min_means="no benefit", scale_max_means="the largest benefit imaginable",
                  weight_rationale="Why this criterion matters as much as it does."),
        Criterion("cost", "min", 2, label="Cost", scale_min=0, scale_max=10,
                  description="What the option costs (less is better).",
                  scale_min_means="free", scale_max_means="unaffordable",
                  weight_rationale="As important as the benefit, in this example."),
    ]  # fmt: skip
    ids = [o.id for o in options]
    crits = [c.id for c in criteria]
    scores = pd.DataFrame([[7.0, 6.0], [4.0, 2.0]], index=ids, columns=crits)
    low = pd.DataFrame([[5.0, 4.0], [3.0, 1.0]], index=ids, columns=crits)
    high = pd.DataFrame([[8.0, 8.0], [6.0, 3.0]], index=ids, columns=crits)
    rationale = pd.DataFrame(
        [["Why option A scores 7 on benefit.", "Why option A scores 6 on cost."],
         ["Why option B scores 4 on benefit.", "Why option B scores 2 on cost."]],
        index=ids, columns=crits,
    )  # fmt: skip
    evidence = pd.DataFrame("analyst judgement", index=ids, columns=crits)
    info = CaseInfo(
        name=name,
        title="A new case: replace this title",
        question="What question should the options answer?",
        summary="What the case compares and where its judgements come from.",
        source="The document, debate or data the scores are drawn from.",
        analyst="Your name",
    )
    return DecisionModel(options, criteria, scores, low=low, high=high, rationale=rationale,
                         evidence=evidence, info=info)  # fmt: skip


def write_template(path: str | Path, *, force: bool = False) -> Path:
    """Write a new case folder, or a workbook when ``path`` ends in ``.xlsx``."""
    target = Path(path)
    model = template_model(target.stem if target.suffix else target.name)
    if target.suffix.lower() == ".xlsx":
        from matrix.excel import write_workbook

        if target.exists() and not force:
            raise MatrixError(f"{target}: already exists; choose another name or pass --force")
        return write_workbook(model, target, force=force)
    if target.suffix:
        raise MatrixError(f"{target}: give a folder name, or a file name ending in .xlsx")
    from matrix.io.writer import write_case

    readme = {"README.md": FOLDER_README.format(folder=target)}
    return write_case(model, target, force=force, extra=readme)
