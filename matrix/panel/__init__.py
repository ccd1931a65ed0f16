"""A panel of analysts: independent judgements of one case, aggregated, with the
disagreements that would change the answer (see :class:`Panel`)."""

from matrix.panel.core import AGGREGATES, GROUP, Panel, kendall_tau, read_analysts, read_panel
from matrix.panel.mixture import panel_acceptability

__all__ = [
    "AGGREGATES",
    "GROUP",
    "Panel",
    "kendall_tau",
    "panel_acceptability",
    "read_analysts",
    "read_panel",
]
