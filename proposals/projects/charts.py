"""An indicator over the years against its target, as an SVG chart drawn by pygal.

The SVG is served on its own (``dashboards.indicator_chart``) and shown with ``<img>``: pygal
styles its charts with an inline ``<style>`` that the site's CSP (``style-src 'self'``) would
block in the page, while an SVG loaded as an image keeps its own styles and never runs
scripts. The numbers are always in an HTML table beside the chart as well.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol

import pygal
from flask_babel import format_decimal
from flask_babel import gettext as _
from pygal.etree import etree
from pygal.style import Style

from proposals.projects.indicators import period_label
from proposals.projects.results import YearFigure

# pygal appends a finder for its map plugins (unused here) to sys.meta_path; it lacks
# find_spec(), so every later failed import (an optional dependency probed with try/except)
# raises ImportWarning. Without it pygal charts work the same.
sys.meta_path[:] = [
    finder for finder in sys.meta_path if not isinstance(finder, pygal.PluginImportFixer)
]

SVG_NAMESPACE = "http://www.w3.org/2000/svg"

# The site's palette (static/css/kyodo.css): reported values in the brand colour, the target
# in a dark grey drawn dashed, so the two differ without colour too.
VALUE_COLOUR, TARGET_COLOUR = "#0b5c7a", "#4a5263"
# One per category, each at least 4.5:1 against white, none close to the two above.
CATEGORY_COLOURS = ("#b34700", "#2e7d32", "#8e3b96", "#a3222b", "#5c6b00", "#005f99")
_STYLE_OPTIONS = dict(
    background="transparent",
    plot_background="#ffffff",
    foreground="#1d2330",
    foreground_strong="#1d2330",
    foreground_subtle="#4a5263",
    font_family="system-ui, -apple-system, 'Segoe UI', 'Hiragino Sans', 'Noto Sans JP', sans-serif",
    label_font_size=14,
    major_label_font_size=14,
    value_font_size=14,
    legend_font_size=14,
    no_data_font_size=20,
    stroke_width=3,
    stroke_opacity=1,
    # Solid, faint guides, so that the only dashed line is the target.
    guide_stroke_color="#d5dae3",
    guide_stroke_dasharray="0",
    major_guide_stroke_color="#d5dae3",
    major_guide_stroke_dasharray="0",
)


def _style(with_target: bool) -> Style:
    """Series take colours in order: the values, the target (when there is one), the
    categories; so each keeps its colour whether or not a target is drawn."""
    colours = (VALUE_COLOUR, TARGET_COLOUR) if with_target else (VALUE_COLOUR,)
    return Style(colors=colours + CATEGORY_COLOURS, **_STYLE_OPTIONS)


WIDTH, HEIGHT = 720, 360
# Categories' names are long ("Organised by the group, taught by professional teachers"):
# with categories the legend takes a line per series, and the chart grows to keep its plot.
LEGEND_LINE = 26


def chart_height(categories: int = 0) -> int:
    """The chart's height in pixels with ``categories`` lines of categories."""
    if not categories:
        return HEIGHT
    return HEIGHT + LEGEND_LINE * (categories + 2)


def _number(value: float) -> str:
    return format_decimal(value) if value is not None else ""


def chart_description(name: str, unit: str, figures: Sequence[YearFigure]) -> str:
    """The chart in words: its alternative text."""
    if not figures:
        return _("%(name)s: no verified results yet.", name=name)
    first, last = figures[0].fiscal_year, figures[-1].fiscal_year
    if first == last:
        return _(
            "Chart of %(name)s (%(unit)s) for %(year)s against the target. The numbers are in "
            "the table beside it.",
            name=name,
            unit=unit,
            year=period_label(first, None),
        )
    return _(
        "Chart of %(name)s (%(unit)s) per fiscal year from %(first)s to %(last)s against the "
        "target. The numbers are in the table beside it.",
        name=name,
        unit=unit,
        first=period_label(first, None),
        last=period_label(last, None),
    )


class Category(Protocol):
    """A category's yearly figures (``dashboard_queries.CategorySeries``)."""

    name: str
    figures: Sequence[YearFigure]


def indicator_chart(
    name: str,
    unit: str,
    figures: Sequence[YearFigure],
    categories: Sequence[Category] = (),
) -> str:
    """An SVG document: the indicator's yearly figures as a line, the target as a dashed line,
    and a thinner line per category when the indicator is broken down by category.

    With a single year pygal has no line to draw through one point: the year is drawn in
    the middle of blank neighbours, so that the target still runs across the chart."""
    years = [figure.fiscal_year for figure in figures]
    # One year: a blank period on each side gives the target a line to draw.
    padded = len(years) == 1
    labels = [period_label(year, None) for year in years]
    if padded:
        labels = ["", *labels, ""]

    def aligned(values: list[float | None]) -> list[float | None]:
        return [None, *values, None] if padded else values

    targets = [_float_or_none(figure.target) for figure in figures]
    with_target = any(target is not None for target in targets)
    chart = pygal.Line(
        style=_style(with_target),
        width=WIDTH,
        height=chart_height(len(categories)),
        disable_xml_declaration=True,
        # No pygal scripts are referenced: tooltips need them, the table gives the numbers.
        js=[],
        show_dots=True,
        dots_size=5,
        print_values=True,
        include_x_axis=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=1 if categories else None,
        truncate_legend=-1 if categories else None,
        y_title=unit,
        x_labels=labels,
        value_formatter=_number,
        no_data_text=_("No verified results yet."),
        margin=24,
        margin_right=48,
    )
    chart.add(
        _("Total reported") if categories else _("Reported"),
        aligned([float(figure.value) for figure in figures]),
    )
    if with_target:
        if padded:
            targets = [targets[0], targets[0], targets[0]]
        chart.add(
            _("Target"),
            targets,
            stroke_style={"dasharray": "10, 6"},
            show_dots=False,
            # Its numbers are in the table; printed here they would sit on the values'.
            formatter=lambda value: "",
        )
    for category in categories:
        by_year = {figure.fiscal_year: float(figure.value) for figure in category.figures}
        chart.add(
            category.name,
            aligned([by_year.get(year) for year in years]),
            stroke_style={"width": 2},
            dots_size=4,
        )
    return _finish(chart.render_tree(), name, chart_description(name, unit, figures))


def _float_or_none(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _finish(root, title: str, description: str) -> str:
    """Drop pygal's inline script (its configuration for tooltips) and name the chart.

    ``root`` is pygal's tree: lxml's when lxml is installed, else the standard library's."""
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in ("script", f"{{{SVG_NAMESPACE}}}script"):
                parent.remove(child)
    title_node = etree.Element("title", id="chart-title")
    title_node.text = title
    desc_node = etree.Element("desc", id="chart-desc")
    desc_node.text = description
    root.insert(0, desc_node)
    root.insert(0, title_node)
    root.set("role", "img")
    root.set("aria-labelledby", "chart-title chart-desc")
    return etree.tostring(root, encoding="unicode")
