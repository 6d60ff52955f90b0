"""A case note's date starts as today (issue 19: sensible defaults, never type twice)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.core.tests.personas import World

pytestmark = pytest.mark.django_db


def _value(page: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert found is not None, name
    value = re.search(r'value="([^"]*)"', found.group(0))
    return value.group(1) if value else ""


def test_a_new_case_note_is_dated_today_for_the_worker_to_change(world: World, client_for: Any) -> None:
    page = client_for("social_worker").get(reverse("case_record:note_new", args=[world.allocated_child.pk]))
    assert page.status_code == 200
    today = timezone.localdate()
    html = page.content.decode()
    assert [_value(html, f"occurred_on_{i}") for i in range(3)] == [str(today.day), str(today.month), str(today.year)]
