"""Reading and writing cases."""

from matrix.io.atomic import atomic_write
from matrix.io.case import BUNDLED_CASES, DEFAULT_CASE, bundled_case_path, load_case

__all__ = ["BUNDLED_CASES", "DEFAULT_CASE", "atomic_write", "bundled_case_path", "load_case"]
