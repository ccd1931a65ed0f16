"""How fast policy-matrix is, against its peers and against what numpy allows.

``python -m matrix.bench`` runs every benchmark of issue 8 in one process (the
command-line timings in fresh ones) and prints a table of times and ratios,
each baseline measured in the same run on the same machine; ``--markdown``
prints it for the README. The peers (pymcdm, scikit-criteria) come with
``pip install 'policy-matrix[bench]'``; without them their rows say so.

Nothing here is imported by ``import matrix`` or by the ``policy-matrix``
command.

>>> from matrix.bench import Plan, run
>>> rows = run(Plan.quick(use_peers=False, repeats=1), only="wsm")
>>> sorted({row.ours for row in rows})
['array function', 'evaluate()', 'peak memory', 'rank_acceptability']
"""

from matrix.bench.report import describe_machine, format_markdown, format_text
from matrix.bench.rows import Row, Target
from matrix.bench.suite import GROUPS, ITEMS, Plan, run
from matrix.bench.timing import Measure

__all__ = [
    "GROUPS",
    "ITEMS",
    "Measure",
    "Plan",
    "Row",
    "Target",
    "describe_machine",
    "format_markdown",
    "format_text",
    "run",
]
