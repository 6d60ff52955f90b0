"""The harm definitions page: public, grouped, with the 2026 additions marked and the census codes shown."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_definitions_page_lists_every_group_with_codes_and_no_sign_in() -> None:
    response = Client().get("/harms/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Abuse and neglect",
        "Harm in families and relationships",
        "Extra-familial harm",
        "Cybergrooming",
        "A form of sexual abuse",
        "CIN assessment factors 19B, 19C",
        "SSDA903 category of need N1",
        "Early indicators of risk outside the home",
        "3 or more for one child within 90 days",
    ):
        assert text in html, text
    assert len(re.findall(r"govuk-tag--blue\">\s*2026\s*<", html)) == 10
