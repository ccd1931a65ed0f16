"""Native charts that render in Excel and LibreOffice, drawn from live cells."""

from __future__ import annotations

from openpyxl.chart import BarChart, RadarChart, Reference, Series
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
from openpyxl.worksheet.worksheet import Worksheet

from matrix.excel.layout import Layout

__all__ = ["CHART_MAX_OPTIONS", "PROFILE_MAX_OPTIONS", "PROFILE_MIN_CRITERIA",
           "contribution_chart", "profile_chart", "shown", "totals_chart"]  # fmt: skip

#: The bar charts show the options in ranking order, the first this many of them.
CHART_MAX_OPTIONS = 30
#: A radar of more options than this is a tangle: the profile chart is left out.
PROFILE_MAX_OPTIONS = 12
#: A radar of fewer criteria than this is a line, not a profile: it is left out.
PROFILE_MIN_CRITERIA = 3

#: Series colours, colour-blind safe (Okabe & Ito), then a few greys.
COLOURS = ["0072B2", "E69F00", "009E73", "CC79A7", "56B4E9", "D55E00", "F0E442", "000000",
           "7F7F7F", "BFBFBF", "404040"]  # fmt: skip


def _small_text(size: int = 900) -> RichText:
    props = CharacterProperties(sz=size)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


def _axes_visible(chart: BarChart) -> None:
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.txPr = _small_text()
    chart.y_axis.txPr = _small_text()


def shown(lay: Layout) -> int:
    """How many options the bar charts show: all, or the first :data:`CHART_MAX_OPTIONS`."""
    return min(lay.n, CHART_MAX_OPTIONS)


def _ranked_title(text: str, lay: Layout, top: str) -> str:
    """``text``, or ``top`` (naming the top options) when the chart shows only the first."""
    return text if lay.n <= CHART_MAX_OPTIONS else top.format(CHART_MAX_OPTIONS)


def _bar_height(shown: int, per_bar: float, extra: float, low: float) -> float:
    """Chart height (cm): roomy bars for a few options, tighter ones for many, so that the
    top 30 still fit a landscape page."""
    return max(low, (per_bar if shown <= 10 else per_bar / 2) * shown + extra)


def totals_chart(ws: Worksheet, lay: Layout, anchor: str) -> BarChart:
    """Horizontal bars of the Summary table's scores, best on top (follows the live order)."""
    chart = BarChart()
    chart.type = "bar"
    chart.title = _ranked_title(
        "Score by option (0-1, higher is better)", lay, "The top {} options by score (0-1)"
    )
    chart.style = 10
    count = shown(lay)
    first, last = lay.summary_row(0), lay.summary_row(count - 1)
    data = Reference(ws, min_col=3, min_row=lay.summary_header_row, max_row=last)
    cats = Reference(ws, min_col=2, min_row=first, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.x_axis.scaling.orientation = "maxMin"  # first place on top
    chart.y_axis.scaling.min = 0
    chart.y_axis.title = "Score"
    chart.y_axis.majorGridlines = None
    chart.legend = None
    series = chart.series[0]
    series.graphicalProperties.solidFill = COLOURS[0]
    series.dLbls = DataLabelList()
    series.dLbls.showVal = True
    series.dLbls.showSerName = series.dLbls.showCatName = series.dLbls.showLegendKey = False
    series.dLbls.numFmt = "0.000"
    _axes_visible(chart)
    chart.width, chart.height = 17, _bar_height(count, 1.2, 2, 6)
    ws.add_chart(chart, anchor)
    return chart


def contribution_chart(ws: Worksheet, calc: Worksheet, lay: Layout, anchor: str) -> BarChart:
    """Stacked bars: each criterion's weighted contribution to each option's score."""
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = _ranked_title(
        "Where each option's score comes from (weighted contributions)",
        lay,
        "Where the top {} options' scores come from",
    )
    count = shown(lay)
    head = lay.block_header_row(3)
    cats = Reference(
        calc, min_col=2, min_row=lay.block_row(3, 0), max_row=lay.block_row(3, count - 1)
    )
    for j in range(lay.m):
        col = lay.crit_col(j)
        values = Reference(calc, min_col=col, min_row=lay.block_row(3, 0),
                           max_row=lay.block_row(3, count - 1))  # fmt: skip
        series = Series(values, title_from_data=False)
        series.tx = SeriesLabel(strRef=_str_ref(calc, head, col))
        series.graphicalProperties.solidFill = COLOURS[j % len(COLOURS)]
        series.graphicalProperties.line.solidFill = "FFFFFF"
        chart.series.append(series)
    chart.set_categories(cats)
    chart.x_axis.scaling.orientation = "maxMin"
    chart.y_axis.scaling.min = 0
    chart.y_axis.title = "Score (0-1)"
    chart.legend.position = "b"
    _axes_visible(chart)
    chart.width, chart.height = 17, _bar_height(count, 1.3, 4, 8)  # as wide as the totals chart
    ws.add_chart(chart, anchor)
    return chart


def profile_chart(ws: Worksheet, calc: Worksheet, lay: Layout, anchor: str) -> RadarChart:
    """Each option's normalised scores across the criteria (1 = best end of every scale)."""
    chart = RadarChart()
    chart.type = "marker"
    chart.title = "Option profiles (normalised scores, 1 = best)"
    head = lay.block_header_row(0)
    cats = Reference(calc, min_col=lay.first_col, max_col=lay.last_col, min_row=head)
    for i in range(lay.n):
        row = lay.block_row(0, i)
        values = Reference(calc, min_col=lay.first_col, max_col=lay.last_col, min_row=row)
        series = Series(values, title_from_data=False)
        series.tx = SeriesLabel(strRef=_str_ref(calc, row, 2))
        colour = COLOURS[i % len(COLOURS)]
        series.graphicalProperties.line.solidFill = colour
        series.graphicalProperties.line.width = 22000
        series.marker.symbol = "circle"
        series.marker.graphicalProperties.solidFill = colour
        series.marker.graphicalProperties.line.solidFill = colour
        chart.series.append(series)
    chart.set_categories(cats)
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.y_axis.majorUnit = 0.25
    chart.y_axis.number_format = "0.00"
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.legend.position = "r"
    chart.width, chart.height = 20, 12
    ws.add_chart(chart, anchor)
    return chart


def _str_ref(ws: Worksheet, row: int, col: int):  # type: ignore[no-untyped-def]
    from openpyxl.chart.data_source import StrRef
    from openpyxl.utils import get_column_letter

    return StrRef(f"'{ws.title}'!${get_column_letter(col)}${row}")
