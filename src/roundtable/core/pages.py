"""The page every app draws a form on, and the status it answers with.

Each app names its own template (`partnership/form.html`, `meetings/form.html`,
`assets/asset_form.html`...) and the context that template reads; this module
only decides the status, the same way everywhere: 400 when a POST's form has
errors (a field's, or a service's refusal put on the form by
`core.forms.add_service_errors`), 200 otherwise. A POST can be shown again
without errors, and then answers 200: the contact and consultation forms show
their "check, then save again" warning that way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.shortcuts import render

if TYPE_CHECKING:
    from django import forms
    from django.http import HttpRequest, HttpResponse


def form_page(
    request: HttpRequest, form: forms.BaseForm, template: str, /, **context: Any
) -> HttpResponse:
    """Draw `template` with `form` and `context` (its other keys, as the template
    names them: `title`, `back_url`...): 400 when a POST's form has errors, else 200."""
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, template, {"form": form, **context}, status=status)
