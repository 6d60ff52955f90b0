"""Steps more than one journey takes: filling a GOV.UK date, reading the heading and the success banner, following
each link in the error summary to its field, and looking at a page at a phone's width."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

PHONE = {"width": 375, "height": 812}  # a small phone, in CSS pixels
DESKTOP = {"width": 1280, "height": 900}  # the `context` fixture's viewport


def fill_date(page: Page, legend: str, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def then_the_heading_is(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def then_a_success_banner_says(page: Page, text: str) -> None:
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(text)


def then_the_error_summary_links_each_problem_to_its_field(page: Page, title: str, problems: dict[str, str]) -> None:
    """The page title starts "Error: ", the summary has focus and lists exactly `problems` (message: the id of
    the field it is about) in order; each message is next to its field too, and its link moves focus there."""
    expect(page).to_have_title(re.compile(rf"^Error: {re.escape(title)} – JoinedUp$"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    expect(summary.get_by_role("link")).to_have_text(list(problems))
    for message, field_id in problems.items():
        link = summary.get_by_role("link", name=message)
        expect(link).to_have_attribute("href", f"#{field_id}")
        expect(page.locator(f"#{field_id}")).to_have_count(1)
        expect(page.locator(".govuk-form-group--error .govuk-error-message", has_text=message)).to_have_count(1)
        link.click()
        expect(page.locator(f"#{field_id}")).to_be_focused()


def at_phone_width(page: Page) -> None:
    page.set_viewport_size(PHONE)


def at_desktop_width(page: Page) -> None:
    page.set_viewport_size(DESKTOP)
