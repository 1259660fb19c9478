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


# --- parsing the drawing ----------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def _series(svg: str) -> dict[str, dict]:
    """Each series by its legend title: its drawn line's points and its dots' centres."""
    import xml.etree.ElementTree as ET

    # S314: the SVG is the one our own code drew a line above, not untrusted input.
    root = ET.fromstring(svg)  # noqa: S314
    titles = {}
    drawn: dict[str, dict] = {}
    for group in root.iter(f"{SVG}g"):
        classes = group.get("class", "").split()
        serie = next((c for c in classes if c.startswith("serie-")), None)
        if serie is None:
            continue
        entry = drawn.setdefault(serie, {"points": [], "dots": []})
        for path in group.iter(f"{SVG}path"):
            if "line" in path.get("class", "").split():
                numbers = path.get("d").replace("M", " ").replace("L", " ").split()
                entry["points"] += [
                    (float(x), float(y)) for x, y in zip(numbers[::2], numbers[1::2], strict=True)
                ]
        entry["dots"] += [
            (float(c.get("cx")), float(c.get("cy"))) for c in group.iter(f"{SVG}circle")
        ]
    for legend in root.iter(f"{SVG}g"):
        if "legends" in legend.get("class", "").split():
            for index, item in enumerate(legend.findall(f"{SVG}g")):
                text = item.find(f"{SVG}text")
                titles[text.text] = drawn.get(f"serie-{index}", {"points": [], "dots": []})
    return titles


def _one_year(target=None):
    periods = [PeriodValue(2011, None, D(3483))]
    return yearly_figures(periods, Aggregation.SUM, Direction.HIGHER_IS_BETTER, target)


def test_a_single_year_still_draws_its_target_across_the_chart(app):
    with app.test_request_context():
        svg = indicator_chart("Service requests", "requests", _one_year(D(3000)))
    series = _series(svg)
    target, reported = series["Target"], series["Reported"]
    xs = sorted({x for x, _y in target["points"]})
    ys = {y for _x, y in target["points"]}
    assert len(xs) >= 2 and len(ys) == 1, target  # a horizontal line, not a lone point
    [(dot_x, dot_y)] = reported["dots"]
    assert xs[0] < dot_x < xs[-1]  # the year's value sits within the target's line
    assert dot_y < ys.pop()  # 3,483 is above the target of 3,000 (SVG's y grows downwards)
    assert "FY2011" in svg and "3,483" in svg
    assert "for FY2011 against the target" in svg


def test_several_years_draw_the_target_through_each_year(app):
    with app.test_request_context():
        svg = indicator_chart("Service requests", "requests", figures(D(3000)))
    series = _series(svg)
    assert len(series["Target"]["points"]) == 2
    assert len(series["Reported"]["dots"]) == 2


def test_a_single_year_without_a_target_shows_its_value(app):
    with app.test_request_context():
        svg = indicator_chart("Members", "people", _one_year())
    series = _series(svg)
    assert "Target" not in series
    assert len(series["Reported"]["dots"]) == 1


def _categories(*rows):
    from types import SimpleNamespace

    return [
        SimpleNamespace(
            name=name,
            figures=yearly_figures(
                [PeriodValue(year, None, D(value)) for year, value in values],
                Aggregation.SUM,
                Direction.HIGHER_IS_BETTER,
                None,
            ),
        )
        for name, values in rows
    ]


def test_a_category_breakdown_draws_a_line_per_category_and_the_total(app):
    periods = [PeriodValue(2010, None, D(150)), PeriodValue(2011, None, D(162))]
    total = yearly_figures(periods, Aggregation.SUM, Direction.HIGHER_IS_BETTER, D(150))
    categories = _categories(
        ("Organised by the group, taught by professional teachers", [(2010, 20), (2011, 18)]),
        ("Organised and taught by group members", [(2010, 100), (2011, 111)]),
        # Not reported in 2010: no point that year.
        ("Organised and taught by other citizens", [(2011, 33)]),
    )
    with app.test_request_context():
        svg = indicator_chart("Courses held", "courses", total, categories)
    series = _series(svg)
    # Long names are not cut short in the legend.
    assert set(series) == {
        "Total reported",
        "Target",
        *(category.name for category in categories),
    }
    assert len(series["Total reported"]["dots"]) == 2
    teachers = series["Organised by the group, taught by professional teachers"]
    members = series["Organised and taught by group members"]
    others = series["Organised and taught by other citizens"]
    assert len(teachers["dots"]) == len(members["dots"]) == 2
    assert len(others["dots"]) == 1
    # Lower on the chart means a smaller figure: 18 below 33 below 111 below 162 in 2011.
    assert teachers["dots"][1][1] > others["dots"][0][1] > members["dots"][1][1]
    assert members["dots"][1][1] > series["Total reported"]["dots"][1][1]
    for printed in ("111", "18", "33", "162"):
        assert f">{printed}<" in svg


def test_a_single_year_with_categories_draws_every_category(app):
    total = yearly_figures(
        [PeriodValue(2011, None, D(162))], Aggregation.SUM, Direction.HIGHER_IS_BETTER, D(150)
    )
    categories = _categories(("Members", [(2011, 111)]), ("Teachers", [(2011, 18)]))
    with app.test_request_context():
        svg = indicator_chart("Courses held", "courses", total, categories)
    series = _series(svg)
    assert len(series["Members"]["dots"]) == len(series["Teachers"]["dots"]) == 1
    assert len({x for x, _y in series["Target"]["points"]}) >= 2
