"""The Jinja2 environment: our templates plus GOV.UK Frontend's official macros (govuk-frontend-jinja)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader

from . import govuk


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


# Every name a plain dict answers as an attribute (its methods): Jinja looks these up on the dict itself.
_DICT_ATTRIBUTES = frozenset(dir(dict))


class GovukEnvironment(Environment):
    """Jinja's environment, with a quicker way to read a plain dict's keys as attributes.

    The GOV.UK macros take their parameters as dicts and read them as attributes (`params.rows`, `cell.classes`,
    `cell.colspan`...). Jinja's own lookup first asks the dict for an attribute of that name, which raises and
    catches an exception for every key, present or not: several thousand on a page of tables. For a plain dict the
    answer is always the same as reading the key (a dict has no attributes but its methods), so read the key
    straight away. Anything else, and a dict's method names (`items`, `get`...), take Jinja's own way.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def environment(**options: Any) -> Environment:
    options["loader"] = ChoiceLoader(
        [options["loader"], PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})]
    )
    options.setdefault("trim_blocks", True)
    options.setdefault("lstrip_blocks", True)
    env = GovukEnvironment(**options)  # autoescape: Django's backend turns it on
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
        }
    )
    env.filters["uk_date"] = govuk.uk_date
    env.filters["uk_datetime"] = govuk.uk_datetime
    env.filters["age"] = govuk.age
    env.filters["nhs_number"] = govuk.format_nhs_number
    return env
