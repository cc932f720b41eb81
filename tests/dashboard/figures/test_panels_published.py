"""On the published package: the indicators whose figures measure different things (the timber-illegality
shares, the wildlife seizure counts) are drawn one panel per comparison group, and no line joins two groups."""
from __future__ import annotations

import pytest

from dashboard.figures.timeseries import series_figure


@pytest.mark.parametrize("indicator", ["timber_legality_share", "wildlife_seized"])
def test_one_panel_per_comparison_group_with_its_own_axes(published, indicator):
    if indicator not in published.indicators.index:
        pytest.skip(f"the package has no {indicator}")
    places = published.default_places(indicator)
    rows = published.series_figures(indicator, places)
    groups = list(dict.fromkeys(published.group_of(rows)))
    figure = series_figure(published, indicator, "es", places)
    layout = figure["layout"]
    assert sorted(layout["meta"]["groups"]) == sorted(groups) and len(groups) > 1
    axes = {g: (f"x{n + 1}" if n else "x", f"y{n + 1}" if n else "y") for n, g in enumerate(layout["meta"]["groups"])}
    for trace in figure["data"]:  # every trace on its own group's axes: two groups never share one
        assert (trace["xaxis"], trace["yaxis"]) in axes.values()
    assert len({(t["xaxis"], t["yaxis"]) for t in figure["data"]}) == len(groups)
    titles = [a for a in layout["annotations"] if a.get("name") == "panel-title"]
    assert len(titles) == len(groups)
    domains = sorted(tuple(layout[f"yaxis{n + 1 if n else ''}"]["domain"]) + tuple(layout[f"xaxis{n + 1 if n else ''}"]
                     ["domain"]) for n in range(len(groups)))
    for a, b in zip(domains, domains[1:], strict=False):  # panels do not overlap
        assert a[1] <= b[0] or a[3] <= b[2] or b[3] <= a[2]
    shown = [t for t in figure["data"] if t.get("showlegend")]
    assert len({t["name"] for t in shown}) == len(shown)  # each line named once in the legend
    assert layout["margin"]["b"] >= 30 + 22 * 1 and layout["height"] > 460  # room for all the panels and the legend
