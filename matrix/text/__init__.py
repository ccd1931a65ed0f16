"""The words the tool says to people, in one place.

One module per subject; the library builds the strings and only :mod:`matrix.cli` prints them.

- :mod:`matrix.text.ranking`: rankings and comparisons as tables, CSV, JSON and Markdown
  (``policy-matrix rank`` and the default run).
- :mod:`matrix.text.reading`: plain-language readings of a result (each option's strongest
  and weakest criterion), for the command line and the workbook's Summary.
- :mod:`matrix.text.perspectives`: perspectives and their weights (``policy-matrix weights``).
- :mod:`matrix.text.robustness`: the robustness results as plain-text tables.
- :mod:`matrix.text.brief`: the decision brief's sections (``policy-matrix brief``).
- :mod:`matrix.text.format`: what they share: the wrapping width, clipping, percentages,
  plain tables and the names of methods in sentences.

Importing this package loads nothing else; import the module you need.
"""
