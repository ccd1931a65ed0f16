"""``policy-matrix rank``: one method, or every method side by side with the consensus."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    pass

from matrix.cli.core import (
    COMMANDS,
    EXIT_OK,
    Command,
    _add_case,
    _add_perspective,
    _UsageError,
    _width,
)
from matrix.cli.inputs import add_table_arguments
from matrix.cli.redlines import add_red_lines, notes, ranked_part

RANK_FORMATS = ("table", "csv", "json", "markdown")

RANK_EPILOG = """\
methods:
  wsm         weighted sum         --param normalization=scale|max|minmax|vector|sum|none
  wpm         weighted product     (no parameters; every score must be > 0)
  topsis      TOPSIS               --param normalization=vector|minmax
  vikor       VIKOR (lower Q wins) --param v=0.5  (0 to 1)
  promethee2  PROMETHEE II         --param preference=usual|ushape|vshape|level|linear|gaussian
                                   --param q=... --param p=... --param s=...
  consensus   of all the others    --param rule=borda|copeland

  A parameter for each criterion: --param q=war_risk:1,time_to_effect:2
  (for promethee2, criteria the preference mapping leaves out use 'usual').

examples:
  policy-matrix rank                              every method side by side, and the consensus
  policy-matrix rank --method topsis              one method, with its intermediates
  policy-matrix rank --method wsm --param normalization=vector
  policy-matrix rank --method promethee2 --param preference=linear --param q=0.5 --param p=2
  policy-matrix rank my_case --format csv > ranks.csv
  policy-matrix rank --red-lines ignore           rank on the scores alone, red lines aside

CSV cells of text that begin with = + - @ (or a tab or carriage return) are
prefixed with ' so spreadsheets do not run them as formulas.

exit status: 0 success, 2 bad input or usage, 1 internal error"""


def _configure_rank(parser: argparse.ArgumentParser) -> None:
    _add_case(parser)
    add_table_arguments(parser)
    parser.add_argument(
        "--method",
        metavar="NAME",
        help="one method (see below); default: every method side by side, and the consensus",
    )
    parser.add_argument(
        "--param",
        metavar="KEY=VALUE",
        action="append",
        default=[],
        help="a parameter of the method; repeat for several",
    )
    parser.add_argument(
        "--format", choices=RANK_FORMATS, default="table", help="output format (default: table)"
    )
    _add_perspective(parser, "rank with this perspective's weights instead of the case's own")
    add_red_lines(parser)


def _scalar(text: str) -> float | str:
    from matrix.numbers import parse_number

    try:
        return parse_number(text)
    except ValueError:
        return text


def _param_value(key: str, text: str) -> object:
    if ":" not in text:
        return _scalar(text)
    mapping: dict[str, object] = {}
    for part in text.split(","):
        criterion, sep, value = part.partition(":")
        if not sep or not criterion.strip() or not value.strip():
            raise _UsageError(
                f"--param {key}: expected CRITERION:VALUE pairs separated by commas; got {text!r}"
            )
        mapping[criterion.strip()] = _scalar(value.strip())
    return mapping


def parse_params(items: Sequence[str]) -> dict[str, Any]:
    """``["v=0.3", "q=a:1,b:2"]`` -> ``{"v": 0.3, "q": {"a": 1.0, "b": 2.0}}``.

    >>> parse_params(["preference=linear", "q=war_risk:1", "p=2"])
    {'preference': 'linear', 'q': {'war_risk': 1.0}, 'p': 2.0}
    """
    params: dict[str, object] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise _UsageError(f"--param expects KEY=VALUE; got {item!r}")
        if key in params:
            raise _UsageError(f"--param {key} is given twice")
        params[key] = _param_value(key, value.strip())
    return params


def _run_rank(args: argparse.Namespace, out: TextIO) -> int:
    from matrix.cli.inputs import load_input
    from matrix.methods import compare, evaluate
    from matrix.redlines import policy
    from matrix.text.ranking import render_comparison, render_ranking

    params = parse_params(args.param)
    if params and not args.method:
        raise _UsageError("--param needs --method (parameters belong to one method)")
    model, _ = load_input(args)
    if args.perspective:
        model = model.under(model.perspective(args.perspective).id)
    width = _width()
    how = policy(model, args.red_lines)
    shown = ranked_part(model, how)  # under "exclude", the acceptable options alone
    policy_for_shown = "ignore" if shown is not model else how
    if shown is None:
        text = ""
    elif args.method:
        result = evaluate(shown, args.method, red_lines=policy_for_shown, **params)
        text = render_ranking(shown, result, args.format, width)
    else:
        text = render_comparison(
            shown, compare(shown, red_lines=policy_for_shown), args.format, width
        )
    said = notes(model, how, width) if args.format in ("table", "markdown") else ""
    if said:
        text += "\n" + said + "\n"
    if args.format in ("table", "markdown"):
        title = model.info.title
        if args.perspective:
            title += f" (weights of perspective {model.perspective(args.perspective).label})"
        print(f"# {title}\n" if args.format == "markdown" else title, file=out)
    out.write(text)
    return EXIT_OK


COMMANDS["rank"] = Command(
    summary="rank a case by one method, or by every method side by side with the consensus",
    configure=_configure_rank,
    run=_run_rank,
    epilog=RANK_EPILOG,
)
