"""The one form page (`core.pages.form_page`): its status and what it draws."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from roundtable.core.pages import form_page

# A template every form page of the projects and engagement apps draws.
TEMPLATE = "partnership/form.html"


class TitleForm(forms.Form):
    title = forms.CharField()


def _request(method: str, data: dict | None = None):
    request = getattr(RequestFactory(), method)("/ealing/projects/new/", data or {})
    request.user = AnonymousUser()
    return request


def _draw(method: str, data: dict | None = None, refusal: str = ""):
    """The form page for a request, its form bound to a POST's data; `refusal` is
    put on the form as a service's refusal would be."""
    request = _request(method, data)
    form = TitleForm(request.POST if data is not None else None)
    if refusal:
        assert form.is_valid()
        form.add_error(None, refusal)
    return form_page(request, form, TEMPLATE, title="Add a project", back_url="/b/")


def test_the_first_view_of_a_form_answers_200():
    response = _draw("get")
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Add a project</h1>' in response.content.decode()


def test_a_post_whose_form_has_errors_answers_400_with_them():
    response = _draw("post", {"title": ""})
    assert response.status_code == 400
    assert "<title>Error: Add a project" in response.content.decode()


def test_a_services_refusal_put_on_the_form_answers_400():
    response = _draw("post", {"title": "Parks"}, refusal="A project called Parks exists")
    assert response.status_code == 400
    assert "A project called Parks exists" in response.content.decode()


def test_a_valid_post_shown_again_to_confirm_a_warning_answers_200():
    # As the contact and consultation forms show their "check, then save again".
    assert _draw("post", {"title": "Parks"}).status_code == 200


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_context_reaches_the_template(method):
    response = form_page(_request(method), TitleForm(), TEMPLATE, title="T", back_url="/go-back/")
    assert 'href="/go-back/" class="govuk-back-link"' in response.content.decode()
