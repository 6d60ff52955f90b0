"""The Jinja2 environment: our templates plus GOV.UK Frontend's official macros (govuk-frontend-jinja)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader

from . import govuk
from .navigation import child_record_actions, child_record_sections


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> Environment:
    options["loader"] = ChoiceLoader(
        [options["loader"], PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})]
    )
    options.setdefault("trim_blocks", True)
    options.setdefault("lstrip_blocks", True)
    env = Environment(**options)  # noqa: S701 (Django's backend turns autoescape on)
    env.globals.update(
        {
            "url": url,
            "static": static,
            "get_messages": messages.get_messages,
            "field": govuk.field,
            "error_summary": govuk.error_summary,
            "date_field": govuk.date_field,
            "choice_field": govuk.choice_field,
            "page_title": govuk.page_title,
            "child_record_sections": child_record_sections,
            "child_record_actions": child_record_actions,
        }
    )
    env.filters["uk_date"] = govuk.uk_date
    env.filters["uk_datetime"] = govuk.uk_datetime
    env.filters["age"] = govuk.age
    env.filters["nhs_number"] = govuk.format_nhs_number
    return env
