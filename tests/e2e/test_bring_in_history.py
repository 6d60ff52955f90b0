"""Bring in history (issue 20): the administrator checks a people file from the previous case system; one with a
bad date is refused with every problem listed behind the error summary and nothing written; the corrected file
shows what would be brought in, and only "Bring it in" writes it. Checked with axe at desktop and phone widths."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from joinedup.imports.models import ImportRun
from joinedup.people.models import Person

from .conftest import check_accessible
from .steps import then_a_success_banner_says, then_the_heading_is

pytestmark = pytest.mark.browser

PEOPLE = Path(__file__).resolve().parents[2] / "joinedup" / "imports" / "tests" / "data" / "people.csv"


def when_they_check(page: Page, file: Path) -> None:
    page.get_by_label("People and their relationships (a CSV file, bring this in first)").check()
    page.get_by_label("Files", exact=True).set_input_files(str(file))
    page.get_by_role("button", name="Check the file").click()


def test_the_administrator_checks_a_people_file_then_brings_it_in(
    page: Page, world: Any, sign_in_as: Any, screenshot: Any, tmp_path: Path
) -> None:
    sign_in_as(world.user("administrator"))
    page.goto("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Bring in history").click()
    then_the_heading_is(page, "Bring in history")
    expect(page.locator("main")).to_contain_text("No history has been brought in yet.")
    check_accessible(page)

    broken = tmp_path / "people.csv"
    broken.write_text(PEOPLE.read_text().replace("14/02/2016", "2016-02-14"))
    when_they_check(page, broken)
    expect(page).to_have_title(re.compile(r"^Error: Bring in history – JoinedUp$"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The file has 1 problem: nothing was written.")
    problems = page.get_by_role("table", name="Every problem found, by file and line")
    expect(problems).to_contain_text("“2016-02-14” is not a date written DD/MM/YYYY")
    assert not Person.objects.filter(family_name="Thornbury").exists()
    screenshot(page, "bring-in-history-rejected")
    check_accessible(page)

    when_they_check(page, PEOPLE)
    then_the_heading_is(page, "Check what will be brought in")
    expect(page.get_by_role("table", name="What will be brought in")).to_contain_text("People")
    assert not ImportRun.objects.exists()
    screenshot(page, "bring-in-history-check")
    check_accessible(page)

    page.get_by_role("button", name="Bring it in").click()
    then_a_success_banner_says(page, "people.csv is brought in: 10 records written")
    expect(page.get_by_role("table", name="History brought in, newest first")).to_contain_text("people.csv")
    assert Person.objects.filter(family_name="Kestrel").count() == 3
    screenshot(page, "bring-in-history-done")
    check_accessible(page)
