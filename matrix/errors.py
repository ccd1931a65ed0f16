"""The exceptions policy-matrix raises.

Every error a user can cause is a :class:`MatrixError`, a :class:`ValueError`
whose message is one line that names where the problem is (file, row and
column, or option and criterion), the bad value and what was expected. The CLI
prints that line and exits with status 2; nothing else is ever shown to a user.
"""

from __future__ import annotations

__all__ = [
    "CaseFileError",
    "MatrixError",
    "MethodError",
    "PairwiseError",
    "PanelError",
    "ValidationError",
    "WeightError",
    "WorkbookError",
]


class MatrixError(ValueError):
    """Base class of every error caused by bad input or bad arguments."""


class CaseFileError(MatrixError):
    """A case file is missing, unreadable or not in the documented format."""


class ValidationError(MatrixError):
    """The decision model breaks one of its rules (shape, ids, scales, weights)."""


class MethodError(MatrixError):
    """An unknown ranking method, an unknown parameter, or a method undefined on the data."""


class WorkbookError(MatrixError):
    """A workbook cannot be written (or read back) safely."""


class WeightError(MatrixError):
    """A weight set cannot be derived: an unknown or missing criterion, negative
    points, a bad importance order.

    ``subject`` is what the error is about (a criterion id, or a ``(row, column)``
    pair of a pairwise matrix) and ``field`` which part of it (``"criterion"`` or
    ``"value"``), so that a case reader can name the file row and column.
    """

    def __init__(
        self, message: str, *, subject: str | tuple[str, str] | None = None, field: str = "value"
    ) -> None:
        super().__init__(message)
        self.subject = subject
        self.field = field


class PairwiseError(WeightError):
    """An AHP pairwise comparison matrix is not square, labelled, positive and reciprocal."""


class PanelError(MatrixError):
    """A panel of analysts cannot be formed: too few analysts, the same analyst twice,
    judgements of different cases, or a score no analyst gave."""
