"""The needs assessment's embed syntax, its Markdown rules and its charts (pure)."""

from __future__ import annotations

from roundtable.lis import charts
from roundtable.lis.needs import (
    Embed,
    EmbedError,
    Text,
    embeds,
    parse_body,
    render_markdown,
    syntax_errors,
)

TABLE = "{{ table indicator=CEN-RES area_type=msoa within=E09000009 period=2011 }}"


def test_an_embed_on_its_own_line_is_read_with_its_options():
    parts = parse_body(f"Intro\n\n{TABLE}\n\nAfter")
    assert parts[0] == Text("Intro\n")
    embed = parts[1]
    assert isinstance(embed, Embed)
    assert embed.kind == "table"
    assert embed.line == 3
    assert embed.options == {
        "indicator": "CEN-RES",
        "area_type": "msoa",
        "within": "E09000009",
        "period": "2011",
    }
    assert parts[2] == Text("\nAfter")


def test_every_kind_of_embed_is_read():
    body = "\n".join(
        [
            "{{ chart indicator=A area_type=lsoa }}",
            "{{ figure indicator=A area=E09000009 }}",
            "{{ map indicator=A area_type=lsoa within=E09000009 }}",
        ]
    )
    assert [e.kind for e in embeds(parse_body(body))] == ["chart", "figure", "map"]


def test_an_unknown_kind_of_embed_is_an_error_naming_its_line():
    [error] = syntax_errors(parse_body("Text\n{{ graph indicator=A }}"))
    assert error.line == 2
    assert error.message.startswith("Line 2: “graph” is not a kind of embed.")


def test_an_option_the_embed_does_not_take_is_an_error_naming_it():
    [error] = syntax_errors(parse_body("{{ figure indicator=A area=E1 colour=red }}"))
    assert (
        error.message
        == "Line 1: a figure does not take “colour”. It takes area, indicator, period."
    )


def test_a_missing_option_is_an_error_with_an_example():
    [error] = syntax_errors(parse_body("{{ table indicator=A }}"))
    assert "Line 1: a table needs area_type, like {{ table indicator=CEN-RES" in error.message


def test_a_word_that_is_not_name_value_is_an_error():
    [error] = syntax_errors(parse_body("{{ table indicator=A area_type=lsoa 2011 }}"))
    assert "“2011” is not an option" in error.message


def test_an_option_given_twice_is_an_error():
    [error] = syntax_errors(parse_body("{{ table indicator=A indicator=B area_type=lsoa }}"))
    assert "“indicator” is given twice" in error.message


def test_an_empty_embed_is_an_error():
    [error] = syntax_errors(parse_body("{{ }}"))
    assert isinstance(error, EmbedError)
    assert "the embed is empty" in error.message


def test_an_embed_inside_a_fenced_code_block_stays_code():
    body = f"```\n{TABLE}\n```"
    assert parse_body(body) == [Text(body)]


def test_an_embed_within_a_sentence_is_text():
    body = f"Write {TABLE} on its own line."
    assert parse_body(body) == [Text(body)]


def test_raw_html_in_markdown_comes_out_escaped():
    html = render_markdown('<script>alert("x")</script>\n\n<img src=x onerror=alert(1)>')
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html


def test_a_javascript_link_is_not_made_a_link():
    html = render_markdown("[click](javascript:alert(1))")
    assert "href" not in html


def test_markdown_gets_govuk_classes_and_headings_go_one_level_down():
    html = render_markdown("# Health\n\nText with [a link](https://example.org).\n\n- one\n")
    assert '<h2 class="govuk-heading-l">Health</h2>' in html
    assert '<p class="govuk-body">' in html
    assert '<a href="https://example.org" class="govuk-link">a link</a>' in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html


def test_markdown_tables_are_govuk_tables():
    html = render_markdown("| a | b |\n| - | - |\n| 1 | 2 |\n")
    assert '<table class="govuk-table">' in html
    assert '<td class="govuk-table__cell">1</td>' in html


# Charts -------------------------------------------------------------------------------


def test_bar_chart_draws_a_bar_and_whisker_per_area_and_the_benchmark():
    svg = charts.bar_chart(
        [
            charts.Bar("Acton", 10.0, 8.0, 12.0),
            charts.Bar("Ealing", 20.0, 18.0, 22.0),
        ],
        title="Rate",
        benchmark=15.0,
        benchmark_label="London",
    )
    assert svg.count("<rect") == 2
    assert svg.count("<path") == 2
    assert "stroke-dasharray" in svg
    assert "London 15.0" in svg
    assert '<title id="chart-rate-title">Rate</title>' in svg


def test_bar_chart_writes_a_suppressed_area_without_a_bar():
    svg = charts.bar_chart(
        [charts.Bar("Acton", None, note="Suppressed"), charts.Bar("Ealing", 3.0)], title="T"
    )
    assert svg.count("<rect") == 1
    assert "Suppressed" in svg


def test_bar_chart_escapes_labels():
    svg = charts.bar_chart([charts.Bar("<script>x</script>", 1.0)], title="<b>")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "<b>" not in svg


def test_bar_chart_of_no_values_draws_no_bars():
    svg = charts.bar_chart([], title="Empty")
    assert "<rect" not in svg
    assert svg.startswith("<svg")


def test_an_option_with_spaces_is_written_in_quotes():
    [embed] = embeds(parse_body('{{ figure indicator="NI 116" area=E09000009 }}'))
    assert embed.options == {"indicator": "NI 116", "area": "E09000009"}


def test_an_unclosed_quote_is_an_error():
    [error] = syntax_errors(parse_body('{{ figure indicator="NI 116 area=E09000009 }}'))
    assert "is not an option" in error.message
