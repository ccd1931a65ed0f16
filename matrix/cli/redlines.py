"""The command line's red lines: ``--red-lines``, and the lines printed under a ranking."""

from __future__ import annotations

import argparse
import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from matrix.model import DecisionModel

POLICY_HELP = (
    "how options that cross a red line are ranked: last (after every acceptable option; "
    "the default when the case has red lines), ignore (on their scores alone) or exclude "
    "(left out, and the methods applied to the acceptable options only)"
)


#: :data:`matrix.redlines.POLICIES`, spelled here so that building the parser (``--help``)
#: does not import pandas with matrix.redlines; a test keeps the two equal.
POLICY_CHOICES = ("last", "ignore", "exclude")


def add_red_lines(parser: argparse.ArgumentParser) -> None:
    """Add ``--red-lines last|ignore|exclude``."""
    parser.add_argument("--red-lines", choices=POLICY_CHOICES, default=None, help=POLICY_HELP)


def ranked_part(model: DecisionModel, how: str) -> DecisionModel | None:
    """The options a ranking shows: all of them, or under ``"exclude"`` the acceptable
    ones (None when there are none)."""
    from matrix.redlines import acceptable, subset

    if how != "exclude":
        return model
    ok = acceptable(model)
    if ok.all():
        return model
    keep = [str(o) for o, good in ok.items() if good]
    return subset(model, keep) if keep else None


def notes(model: DecisionModel, how: str, width: int, crossed: pd.DataFrame | None = None) -> str:
    """The lines printed under a ranking: the red lines, who crosses them, and what the
    ranking did with those options ('' when the case has no red line)."""
    from matrix.redlines import crossings
    from matrix.text.redlines import ranking_notes

    crossed = crossings(model) if crossed is None else crossed
    lines = ranking_notes(model, crossed, how)
    return "\n".join(
        textwrap.fill(line, width, subsequent_indent="    " if line.startswith("  ") else "")
        for line in lines
    )
