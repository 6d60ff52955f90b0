"""The one form page (`form_page`) and the shared fields: a yes or no question, a service's errors on the form."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from joinedup.core.errors import field_error
from joinedup.ui import pages
from joinedup.ui.fields import apply_domain_errors, yes_no


class _Form(forms.Form):
    seen = yes_no("Was the child seen?", error="Say whether the child was seen")
    note = forms.CharField(required=False)


class _Renamed(_Form):
    error_targets = {"child": "note"}


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """Every page rendered: its template and context (no template needed)."""
    calls: list[tuple[str, dict[str, Any]]] = []

    def render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
        calls.append((template, context))
        return HttpResponse("rendered", status=status)

    monkeypatch.setattr(pages, "render", render)
    return calls


def _request(method: str, data: dict[str, str] | None = None) -> HttpRequest:
    factory = RequestFactory()
    request = factory.post("/", data or {}) if method == "POST" else factory.get("/")
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]
    return request


def test_yes_no_cleans_to_true_false_or_none_and_says_what_is_missing() -> None:
    yes = _Form({"seen": "yes"})
    assert yes.is_valid() and yes.cleaned_data["seen"] is True
    no = _Form({"seen": "no"})
    assert no.is_valid() and no.cleaned_data["seen"] is False
    missing = _Form({})
    assert not missing.is_valid() and missing.errors["seen"] == ["Say whether the child was seen"]
    optional = yes_no("Optional?", required=False, help_text="If you know")
    assert optional.clean("") is None and optional.help_text == "If you know"
    assert yes_no("Plain?").error_messages["required"] == "Select yes or no"


def test_a_service_error_goes_on_its_field_a_renamed_one_on_the_form_s_target_and_the_rest_on_the_form() -> None:
    form = _Form({"seen": "yes"})
    form.is_valid()
    apply_domain_errors(form, field_error("seen", "Not on that day", "x"))
    apply_domain_errors(form, field_error("child", "Which child?", "y"))
    assert form.errors["seen"] == ["Not on that day"] and form.non_field_errors() == ["Which child?"]
    renamed = _Renamed({"seen": "yes"})
    renamed.is_valid()
    apply_domain_errors(renamed, field_error("child", "Which child?", "y"))
    assert renamed.errors["note"] == ["Which child?"]


def test_get_shows_the_form_with_its_context(rendered: list[Any]) -> None:
    form = _Form(None)
    response = pages.form_page(
        _request("GET"), form, perform=lambda: "never", success_url="/done/", template="t.html", context={"a": 1}
    )
    assert response.status_code == 200
    assert rendered == [("t.html", {"a": 1, "form": form})]


def test_a_valid_post_calls_the_service_then_shows_its_message_on_the_next_page(rendered: list[Any]) -> None:
    request = _request("POST", {"seen": "no"})
    calls = []

    def perform() -> str:
        calls.append(True)
        return "Visit recorded."

    response = pages.form_page(
        request, _Form(request.POST), perform=perform, success_url="/done/", template="t.html", context={}
    )
    assert (response.status_code, response["Location"], calls, rendered) == (302, "/done/", [True], [])
    assert [str(m) for m in get_messages(request)] == ["Visit recorded."]


def test_where_to_go_can_depend_on_what_the_service_made(rendered: list[Any]) -> None:
    request = _request("POST", {"seen": "no"})
    response = pages.form_page(
        request, _Form(request.POST), perform=lambda: pages.Done("Made.", "/made/7/"), template="t.html", context={}
    )
    assert response["Location"] == "/made/7/"


def test_a_service_error_shows_the_form_again_and_reads_the_lazy_context_only_then(rendered: list[Any]) -> None:
    request = _request("POST", {"seen": "no"})
    form = _Form(request.POST)
    reads = []

    def perform() -> str:
        raise field_error("seen", "The child was seen that day", "seen")

    def context() -> dict[str, Any]:
        reads.append(True)
        return {"history": "read"}

    response = pages.form_page(request, form, perform=perform, success_url="/done/", template="t.html", context=context)
    assert response.status_code == 200 and reads == [True]
    assert form.errors["seen"] == ["The child was seen that day"]
    assert rendered == [("t.html", {"history": "read", "form": form})]
    assert list(get_messages(request)) == []


def test_an_error_perform_puts_on_the_form_itself_also_keeps_the_page(rendered: list[Any]) -> None:
    request = _request("POST", {"seen": "no"})
    form = _Form(request.POST)

    def perform() -> str:
        form.add_error("note", "Enter a real time")
        return ""

    response = pages.form_page(request, form, perform=perform, success_url="/done/", template="t.html", context={})
    assert response.status_code == 200 and form.errors["note"] == ["Enter a real time"]


def test_an_invalid_post_never_calls_the_service(rendered: list[Any]) -> None:
    request = _request("POST", {"seen": "maybe"})

    def perform() -> str:
        raise AssertionError("the service must not be called")

    response = pages.form_page(
        request, _Form(request.POST), perform=perform, success_url="/done/", template="t.html", context={}
    )
    assert response.status_code == 200


def test_a_form_that_asks_for_it_answers_400_when_sent_back_with_errors_and_200_when_shown(rendered: list[Any]) -> None:
    """The forms that ask the child's voice (issue 18) answer 400 with their errors; a GET is still 200."""

    def perform() -> str:
        raise field_error("seen", "Not on that day", "x")

    post = _request("POST", {"seen": "yes"})
    response = pages.form_page(
        post, _Form(post.POST), perform=perform, template="t.html", context={}, invalid_status=400
    )
    assert response.status_code == 400
    get = _request("GET")
    assert (
        pages.form_page(get, _Form(), perform=perform, template="t.html", context={}, invalid_status=400).status_code
        == 200
    )
