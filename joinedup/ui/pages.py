"""The one way a page records something: show the form; on a valid POST call the service; a DomainValidationError
goes on the form (and so into the GOV.UK error summary, linked to its field), otherwise a success banner and a
redirect. The page decides nothing itself: the service it calls checks the permission and audits the write."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .fields import apply_domain_errors


@dataclass(frozen=True)
class Done:
    """What a service call answers when where to go next depends on what it made (the new record's page)."""

    message: str
    url: str


Context = Mapping[str, Any] | Callable[[], Mapping[str, Any]]


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    perform: Callable[[], str | Done],
    template: str,
    context: Context,
    success_url: str = "",
    invalid_status: int = 200,
) -> HttpResponse:
    """GET or POST a form that records one thing.

    On a valid POST, `perform` calls the service and answers the success message, or a `Done` with the message and
    where to go when that depends on what the service made. A ValidationError it raises is put on the form, as is
    anything `perform` adds to the form itself (an answer only it can check), and the page shows again with the
    errors. Otherwise the message is a success banner on `success_url`. The page renders `template` with `form` and
    `context`: a mapping, or a function that makes it, for a context read only when the page is shown (a read that
    is audited, say). A form sent back with errors answers `invalid_status` (400 for the forms that ask the child's
    voice, issue 18)."""
    if request.method == "POST" and form.is_valid():
        try:
            outcome = perform()
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        else:
            if not form.errors:
                done = outcome if isinstance(outcome, Done) else Done(outcome, success_url)
                messages.success(request, done.message)
                return redirect(done.url)
    extra = context() if callable(context) else context
    status = invalid_status if request.method == "POST" and form.errors else 200
    return render(request, template, {**extra, "form": form}, status=status)
