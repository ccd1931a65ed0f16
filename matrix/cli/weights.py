"""``policy-matrix weights``: every perspective's weights and AHP consistency."""

from __future__ import annotations

import argparse
import textwrap
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    pass

from matrix.cli.core import COMMANDS, EXIT_OK, Command, _add_case, _add_perspective, _width
from matrix.cli.inputs import add_table_arguments

# -- policy-matrix weights ------------------------------------------------------------


def _configure_weights(parser: argparse.ArgumentParser) -> None:
    _add_case(parser)
    add_table_arguments(parser)
    _add_perspective(parser, "show this perspective in full: what was given and why")


def _run_weights(args: argparse.Namespace, out: TextIO) -> int:
    from matrix.cli.inputs import load_input
    from matrix.text.perspectives import format_perspective, format_weights

    model, _ = load_input(args)
    if args.perspective:
        model.perspective(args.perspective)  # an unknown name fails before anything is printed
    width = _width()
    print(model.info.title, file=out)
    if args.perspective:
        text = format_perspective(model, args.perspective, width=width)
    else:
        text = format_weights(model, width=width)
    print(text, file=out)
    from matrix.text.redlines import perspective_notes

    notes = perspective_notes(model, args.perspective or None)
    if notes:
        print(file=out)
        for note in notes:
            indent = "    " if note.startswith("  ") else ""
            print(textwrap.fill(note, width, subsequent_indent=indent), file=out)
    return EXIT_OK


COMMANDS["weights"] = Command(
    summary="each perspective's weights, AHP consistency, and the ranks they give",
    configure=_configure_weights,
    run=_run_weights,
    epilog="""\
A perspective is one stakeholder's weight set, given in the case folder directly,
as swing points, as an importance order or as AHP pairwise judgements (format:
data/README.md). A consistency ratio (CR) above 0.10 is flagged, with the
judgements to revisit.

examples:
  policy-matrix weights                         every perspective of the bundled case
  policy-matrix weights --perspective beijing   one perspective in full
  policy-matrix weights path/to/my_case

exit status: 0 success, 2 bad input or usage, 1 internal error""",
)
