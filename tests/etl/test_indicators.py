"""etl.indicators: indicator definitions become typed records; each broken entry is named with its file."""
from __future__ import annotations

from pathlib import Path

from etl.indicators import read_indicators
from etl.problems import Problems

THEMES, UNITS, MAP_UNITS = {"coca_deforestation"}, {"ha"}, {"PE-LOR"}
GOOD = """
- id: area
  theme: coca_deforestation
  unit: ha
  name: {es: Área, en: Area}
  definition: {es: Definición, en: Definition}
  caveats: [{es: Ojo, en: Careful}]
  method_breaks: [{period: 2015, es: Cambio, en: Change}]
  coverage: [PE-LOR]
  comparison_groups:
    - {id: annual, name: {es: Superficie del año, en: Area of the year}}
  series:
    - {id: official, preferred: true, comparison_group: annual, name: {es: Oficial, en: Official}}
"""


def read(tmp_path: Path, text: str) -> tuple[list, Problems]:
    path = tmp_path / "indicators.yaml"
    path.write_text(text)
    problems = Problems()
    return read_indicators([path], THEMES, UNITS, MAP_UNITS, problems), problems


def test_a_definition_becomes_a_record(tmp_path):
    [indicator], problems = read(tmp_path, GOOD)
    assert not problems
    assert (indicator.indicator_id, indicator.preferred_series, indicator.name.es, indicator.coverage) == (
        "area", "official", "Área", ("PE-LOR",))
    assert indicator.method_breaks[0].period == "2015" and indicator.caveats[0].en == "Careful"
    assert indicator.series[0].comparison_group == "annual" and indicator.comparison_groups[0].name.en == (
        "Area of the year")


def test_every_series_belongs_to_one_of_its_indicators_comparison_groups(tmp_path):
    _, problems = read(tmp_path, GOOD.replace("comparison_group: annual", "comparison_group: yearly"))
    assert [(p.column, p.value) for p in problems.items] == [("series.comparison_group", "indicator area: yearly")]
    twice = "    - {id: annual, name: {es: Otra, en: Other}}\n  series:"
    _, problems = read(tmp_path, GOOD.replace("  series:", twice))
    assert [(p.column, p.value) for p in problems.items] == [("comparison_groups.id", "indicator area: 'annual'")]
    _, problems = read(tmp_path, GOOD.replace("comparison_groups:", "other_groups:"))
    assert {p.column for p in problems.items} == {"comparison_groups", "series.comparison_group"}


def test_each_broken_entry_is_a_problem_naming_the_indicator(tmp_path):
    text = (GOOD.replace("theme: coca_deforestation", "theme: fishing").replace("unit: ha", "unit: acre")
            .replace("{es: Área, en: Area}", "{es: Área}").replace("period: 2015", "period: 2015-16")
            .replace("[PE-LOR]", "[PE-XXX]").replace("preferred: true", "preferred: false"))
    _, problems = read(tmp_path, text + text.replace("id: area", "id: Bad Id"))
    columns = [p.column for p in problems.items]
    assert sorted(columns) == sorted(["theme", "unit", "name", "method_breaks.period", "coverage", "series", "id"])
    assert all(p.value.startswith("indicator area") for p in problems.items if p.column != "id")


def test_a_duplicate_id_and_invalid_yaml_are_problems(tmp_path):
    _, problems = read(tmp_path, GOOD + GOOD.replace("\n- id", "\n- id", 1))
    assert [p.column for p in problems.items] == ["id"]
    _, problems = read(tmp_path, "- id: [unclosed\n")
    assert problems.items[0].expected == "valid YAML" and problems.items[0].line == 2  # where the parser stopped


def test_a_comma_that_splits_an_unquoted_label_is_an_error_not_a_truncated_name(tmp_path):
    text = GOOD.replace("name: {es: Área, en: Area}", "name: {es: Área (en acres, como se publicó), en: Area}")
    [indicator], problems = read(tmp_path, text)
    [problem] = problems.items
    assert problem.column == "name" and "como se publicó)" in problem.value and "quotes" in problem.expected
