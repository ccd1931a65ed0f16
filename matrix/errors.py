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
    "ValidationError",
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
