"""The environment's quick reading of a dict's keys gives exactly what Jinja's own lookup gives."""

from __future__ import annotations

from typing import Any

import pytest
from jinja2 import DebugUndefined, Environment, Undefined

from joinedup.ui.jinja2env import GovukEnvironment

TEMPLATES = [
    "{{ d.rows }}",
    "{{ d.missing }}",
    "{{ 'yes' if d.missing else 'no' }}",
    "{{ d.missing is defined }}",
    "{{ d.rows is defined }}",
    "{{ d.items is callable }}",  # a dict's own method, never a key called "items"
    "{{ d.get('rows') }}",
    "{{ d.colspan or 'none' }}",
    "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",
    "{{ n.rows }}",  # not a plain dict: Jinja's own way
    "{{ n.real }}",
]


class DictWithAttributes(dict[str, Any]):
    rows = "the attribute"


@pytest.mark.parametrize("undefined", [Undefined, DebugUndefined])
@pytest.mark.parametrize("source", TEMPLATES)
def test_a_dict_read_as_attributes_renders_as_jinja_renders_it(source: str, undefined: type[Undefined]) -> None:
    context = {"d": {"rows": [1, 2], "items": "a key called items"}, "n": DictWithAttributes(rows="the key")}
    expected = Environment(undefined=undefined).from_string(source).render(context)  # noqa: S701
    assert GovukEnvironment(undefined=undefined).from_string(source).render(context) == expected


def test_reading_past_a_missing_key_fails_as_jinja_fails() -> None:
    from jinja2 import StrictUndefined, UndefinedError

    for env in (Environment(undefined=StrictUndefined), GovukEnvironment(undefined=StrictUndefined)):  # noqa: S701
        with pytest.raises(UndefinedError, match="'dict object' has no attribute 'missing'"):
            env.from_string("{{ d.missing }}").render(d={})
