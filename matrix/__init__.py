"""policy-matrix: a transparent, defensible decision matrix for policy questions.

Installed as the distribution ``policy-matrix`` (``pip show policy-matrix``); not the
unrelated package on PyPI that is also imported as ``matrix``.

>>> import matrix
>>> model = matrix.load_case()                # the bundled North Korea case
>>> result = matrix.evaluate(model, "wsm")    # weighted sum
>>> result.ranks.min()
np.int64(1)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "METHODS",
    "CaseFileError",
    "CaseInfo",
    "Comparison",
    "Criterion",
    "DecisionModel",
    "MatrixError",
    "MethodError",
    "Option",
    "PairwiseError",
    "Panel",
    "PanelError",
    "Ranking",
    "ValidationError",
    "WeightError",
    "WorkbookError",
    "__version__",
    "break_even",
    "brief_content",
    "compare",
    "evaluate",
    "flip_winner",
    "from_frame",
    "load_case",
    "rank_acceptability",
    "red_line_margins",
    "scenario_analysis",
    "tornado",
    "weight_sweep",
    "write_brief",
    "write_workbook",
]

# Importing the package is cheap: pandas, numpy and openpyxl load on first use.
_LAZY = {
    "CaseFileError": "matrix.errors",
    "MatrixError": "matrix.errors",
    "MethodError": "matrix.errors",
    "ValidationError": "matrix.errors",
    "WorkbookError": "matrix.errors",
    "WeightError": "matrix.errors",
    "PairwiseError": "matrix.errors",
    "PanelError": "matrix.errors",
    "Panel": "matrix.panel",
    "CaseInfo": "matrix.model",
    "Criterion": "matrix.model",
    "DecisionModel": "matrix.model",
    "Option": "matrix.model",
    "from_frame": "matrix.model",
    "METHODS": "matrix.methods",
    "Ranking": "matrix.methods",
    "evaluate": "matrix.methods",
    "compare": "matrix.methods",
    "Comparison": "matrix.methods",
    "load_case": "matrix.io",
    "write_workbook": "matrix.excel",
    "brief_content": "matrix.brief",
    "write_brief": "matrix.brief",
    "break_even": "matrix.robustness",
    "flip_winner": "matrix.robustness",
    "rank_acceptability": "matrix.robustness",
    "red_line_margins": "matrix.redlines",
    "scenario_analysis": "matrix.robustness",
    "tornado": "matrix.robustness",
    "weight_sweep": "matrix.robustness",
}

if TYPE_CHECKING:
    from matrix.brief import brief_content, write_brief
    from matrix.errors import (
        CaseFileError,
        MatrixError,
        MethodError,
        PairwiseError,
        PanelError,
        ValidationError,
        WeightError,
        WorkbookError,
    )
    from matrix.excel import write_workbook
    from matrix.io import load_case
    from matrix.methods import METHODS, Comparison, Ranking, compare, evaluate
    from matrix.model import CaseInfo, Criterion, DecisionModel, Option, from_frame
    from matrix.panel import Panel
    from matrix.redlines import red_line_margins
    from matrix.robustness import (
        break_even,
        flip_winner,
        rank_acceptability,
        scenario_analysis,
        tornado,
        weight_sweep,
    )


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'matrix' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
