"""The ``policy-matrix`` command. The only package that prints or exits.

Each module adds its sub-commands to :data:`COMMANDS`; importing this package
stays cheap because the work each command does is imported when it runs.
"""

from matrix.cli import brief as _brief  # noqa: F401
from matrix.cli import cases as _cases  # noqa: F401
from matrix.cli import panel as _panel  # noqa: F401
from matrix.cli import rank as _rank  # noqa: F401  (registers the commands, in help order)
from matrix.cli import robustness as _robustness  # noqa: F401
from matrix.cli import weights as _weights  # noqa: F401
from matrix.cli.core import COMMANDS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, PROG, Command, main
from matrix.cli.progress import ProgressBar
from matrix.cli.rank import RANK_EPILOG, RANK_FORMATS, parse_params
from matrix.cli.run import format_ranking

__all__ = [
    "COMMANDS",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_USAGE",
    "PROG",
    "RANK_EPILOG",
    "RANK_FORMATS",
    "Command",
    "ProgressBar",
    "format_ranking",
    "main",
    "parse_params",
]
