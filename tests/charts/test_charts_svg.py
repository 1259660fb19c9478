"""The chart itself: an accessible SVG from pygal, with no script, in the visitor's language."""

from __future__ import annotations

from decimal import Decimal as D

from proposals.projects.charts import indicator_chart
from proposals.projects.indicators import Aggregation, Direction
from proposals.projects.results import PeriodValue, yearly_figures


def figures(target=None):
    periods = [PeriodValue(2010, None, D("2950.5")), PeriodValue(2011, None, D(3483))]
    return yearly_figures(periods, Aggregation.SUM, Direction.HIGHER_IS_BETTER, target)


def test_the_chart_names_itself_and_runs_nothing(app):
    with app.test_request_context():
        svg = indicator_chart("Service requests", "requests", figures(D(3000)))
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "<script" not in svg and "<?xml" not in svg
    assert 'role="img" aria-labelledby="chart-title chart-desc"' in svg
    assert '<title id="chart-title">Service requests</title>' in svg
    assert "from FY2010 to FY2011 against the target" in svg
    for text in ("2,950.5", "3,483", "Reported", "Target", "requests"):
        assert text in svg


def test_without_a_target_only_the_values_are_drawn(app):
    with app.test_request_context():
        svg = indicator_chart("Members", "people", figures())
    assert "Reported" in svg and "Target" not in svg


def test_an_empty_chart_says_there_is_nothing_yet(app):
    with app.test_request_context():
        svg = indicator_chart("Members", "people", [])
    assert "Members: no verified results yet." in svg
