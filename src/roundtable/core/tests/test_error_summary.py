"""The GOV.UK error summary is drawn in one place, govuk/error_summary.html, from
(href, message) pairs; the `govuk` tags build the pairs."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.template import Context, Template, TemplateSyntaxError
from django.template.loader import render_to_string

from roundtable.core.forms import form_error_links
from roundtable.core.testing import templates_writing

PARTIAL = "govuk/error_summary.html"


def _squash(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def test_the_summary_links_each_message_to_its_field():
    html = _squash(
        render_to_string(PARTIAL, {"errors": [("#n", "Enter a number"), ("", "Choose one")]})
    )
    assert html.startswith(
        '<div class="govuk-error-summary" data-module="govuk-error-summary" tabindex="-1">'
        '<div role="alert"><h2 class="govuk-error-summary__title">There is a problem</h2>'
    )
    assert (
        '<ul class="govuk-list govuk-error-summary__list">'
        '<li><a href="#n">Enter a number</a></li><li>Choose one</li></ul>'
    ) in html
    assert "govuk-body" not in html  # no description unless given


def test_the_summary_takes_a_title_description_heading_and_how_many_more():
    html = _squash(
        render_to_string(
            PARTIAL,
            {
                "errors": [("#id_file", "Row 2, code: enter a code")],
                "title": "There is a problem with this address",
                "description": "Nothing has been saved.",
                "more": 3,
                "heading": "h1",
            },
        )
    )
    assert '<h1 class="govuk-error-summary__title">There is a problem with this address</h1>' in (
        html
    )
    assert '<p class="govuk-body">Nothing has been saved.</p>' in html
    assert "<li>… and 3 more</li>" in html


def test_the_summary_escapes_what_the_reader_typed():
    html = render_to_string(PARTIAL, {"errors": [("#q", "<script>x</script> is not a date")]})
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt; is not a date" in html


def test_a_heading_other_than_h1_is_drawn_as_an_h2():
    html = render_to_string(PARTIAL, {"errors": [], "heading": "script"})
    assert "<h2 " in html
    assert "<script" not in html


def test_error_links_pairs_hrefs_with_messages_and_leaves_out_empty_ones():
    template = Template(
        '{% load govuk %}{% error_links "#a" first "#b" second as links %}'
        "{% for href, message in links %}[{{ href }} {{ message }}]{% endfor %}"
    )
    assert template.render(Context({"first": "", "second": "Enter b"})) == "[#b Enter b]"


def test_error_links_refuses_an_href_without_a_message():
    template = Template('{% load govuk %}{% error_links "#a" as links %}')
    with pytest.raises(TemplateSyntaxError, match="in pairs"):
        template.render(Context({}))


def test_link_each_links_every_message_to_one_place():
    template = Template(
        '{% load govuk %}{% for href, message in errors|link_each:"#id_file" %}'
        "[{{ href }} {{ message }}]{% endfor %}"
    )
    assert template.render(Context({"errors": ["Row 2", "Row 3"]})) == (
        "[#id_file Row 2][#id_file Row 3]"
    )


class ThreeFieldForm(forms.Form):
    name = forms.CharField()
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    topics = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)

    def clean(self) -> dict:
        raise forms.ValidationError("These cannot be saved together")


def test_a_forms_errors_come_whole_form_first_then_each_field_at_its_input():
    form = ThreeFieldForm(data={})
    assert form_error_links(form) == [
        ("", "These cannot be saved together"),
        ("#id_name", "This field is required."),
        ("#id_kind_0", "This field is required."),  # the first radio
        ("#id_topics_0", "This field is required."),  # the first checkbox
    ]


def test_a_form_draws_the_summary_from_its_errors():
    html = _squash(str(ThreeFieldForm(data={})))
    assert '<div class="govuk-error-summary" data-module="govuk-error-summary"' in html
    assert '<li>These cannot be saved together</li><li><a href="#id_name">' in html


def test_an_import_summary_says_how_many_problems_and_what_was_uploaded():
    one = render_to_string(
        "core/partials/_import_error_summary.html",
        {"errors": [("#id_file", "Row 2")], "total": 1},
    )
    assert "The file was not imported: fix 1 problem and upload it again" in one
    several = render_to_string(
        "core/partials/_import_error_summary.html",
        {"errors": [("#id_files", "a.csv: Row 2")], "total": 14, "files": True},
    )
    assert "The files were not imported: fix 14 problems and upload them again" in several
    assert '<a href="#id_files">a.csv: Row 2</a>' in several


def test_no_other_template_writes_the_summary_by_hand():
    written = templates_writing('class="govuk-error-summary"')
    assert written == ["templates/govuk/error_summary.html"]


def test_a_services_message_on_a_field_names_it_by_its_label_not_its_code_name():
    from django.core.exceptions import ValidationError

    from roundtable.core.forms import add_service_errors, field_message

    assert field_message("link", "Link", "link: enter a web address") == "Link: enter a web address"
    assert field_message("link", "Link", "title: say what it is") == "title: say what it is"
    assert field_message("link", "Link", "Enter a web address") == "Enter a web address"

    class RiskForm(forms.Form):
        likelihood = forms.IntegerField(required=False)
        review_date = forms.DateField(required=False)

    form = RiskForm({})
    assert form.is_valid()
    add_service_errors(
        form,
        ValidationError(
            {
                "likelihood": "likelihood: enter a whole number from 1 to 5 (got 7)",
                "review_date": "review_date: must be on or after the start",
                "owner": "owner: choose one",
            }
        ),
    )
    assert form.errors["likelihood"] == ["Likelihood: enter a whole number from 1 to 5 (got 7)"]
    # A field without a label is named from its code name, in words.
    assert form.errors["review_date"] == ["Review date: must be on or after the start"]
    # A field the form does not have keeps its name: the message must say what it is about.
    assert form.non_field_errors() == ["owner: choose one"]
