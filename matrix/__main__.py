"""``python -m matrix``: the same as the ``policy-matrix`` command."""

import sys

from matrix.cli import main

if __name__ == "__main__":
    sys.exit(main())
