"""Browser journeys: Debian's chromium driven by Playwright against pytest-django's live server.

Fixtures here: `browser` (one chromium per session), `page` (a fresh context and page per test), `server` (the
live server's base URL, with a transactional database the server thread shares), `sign_in_as` (signs a user in
by role without the sign-in form) and `assert_accessible` (axe-core with the WCAG 2.2 A and AA rules).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from joinedup.accounts.factories import TOTPDeviceFactory

# Playwright's sync API runs an asyncio event loop in the test thread; Django refuses ORM calls from a thread
# with a running loop unless told it is safe. Here it is: the loop only drives the browser.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("JOINEDUP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Screenshots go here, never inside the repository: those a journey takes to be looked at, and one for each
# failing test.
ARTEFACTS = Path(os.environ.get("JOINEDUP_E2E_ARTEFACTS", "/tmp/joinedup-e2e"))  # noqa: S108
FAILURE_SCREENSHOTS = ARTEFACTS / "failures"

# axe-core tags for WCAG 2.2 at levels A and AA (2.0, 2.1 and 2.2 criteria).
WCAG_22_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Rules we switch off, each with the upstream GOV.UK Frontend issue that justifies it. Keep this empty unless
# a GOV.UK Frontend component itself fails a rule and the issue says so.
EXCLUDED_AXE_RULES: dict[str, str] = {}
# Narrower than switching a rule off: one rule's finding about one attribute, dropped only on the GOV.UK Frontend
# elements that carry it by design, with the upstream issue that says so. Anything else the rule finds still fails.
GOVUK_FRONTEND_KNOWN_FINDINGS: list[dict[str, str]] = [
    {
        # Radios that reveal a question get aria-expanded from GOV.UK Frontend's JavaScript, which ARIA does not
        # yet allow on a radio; the maintainers keep it because screen readers announce it (issue open, listed as
        # a known issue in alphagov/govuk-frontend#1280).
        "rule": "aria-allowed-attr",
        "selector": "input.govuk-radios__input[aria-controls]",
        "attribute": "aria-expanded",
        "issue": "https://github.com/alphagov/govuk-frontend/issues/979",
    },
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test in this folder drives a browser: mark it, and skip it clearly when there is no chromium."""
    here = Path(__file__).parent
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} is missing: install Debian's chromium (scripts/ensure-chromium.sh) to run browser tests"
    )
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def server(live_server: Any, transactional_db: None) -> str:
    """The live server's base URL. Requesting it also makes the database transactional, so the server thread
    sees what the test creates and the test sees what the server writes."""
    return str(live_server.url)


@pytest.fixture
def context(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(base_url=server, locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    page = context.new_page()
    # What the browser complains about (a script the content security policy blocks, a missing asset, a
    # JavaScript error) is collected here and checked with each page's accessibility check.
    page.browser_errors = []

    def on_console(msg: Any) -> None:
        # The document's own status (a 404 page answering 404) is not a problem with the page.
        if msg.type == "error" and not (
            msg.text.startswith("Failed to load resource") and msg.location.get("url") == page.url
        ):
            page.browser_errors.append(f"console: {msg.text} ({msg.location.get('url')})")

    def on_navigated(frame: Any) -> None:
        if frame == page.main_frame:
            page.browser_errors.clear()

    page.on("console", on_console)
    page.on("pageerror", lambda exc: page.browser_errors.append(f"page error: {exc}"))
    page.on("framenavigated", on_navigated)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        FAILURE_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(FAILURE_SCREENSHOTS / f"{name}.png"), full_page=True)
    page.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[Any]:
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def verified_session_cookie(user: Any, server: str) -> dict[str, Any]:
    """A session for `user` that has passed the second factor, as a Playwright cookie: Django's force_login
    makes the session, and a confirmed TOTP device's id in it is what django-otp reads as "verified"."""
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDeviceFactory.create(user=user, name="Authenticator app", confirmed=True)
    client = Client()
    client.force_login(user, backend="joinedup.accounts.backends.PasswordBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": session.session_key,
        "url": server,
        "httpOnly": True,
        "sameSite": "Lax",
    }


@pytest.fixture
def sign_in_as(context: Any, server: str) -> Callable[[Any], None]:
    """Sign a user in, second factor passed, without the sign-in form: `sign_in_as(world.user("front_door"))`."""

    def sign_in(user: Any) -> None:
        context.clear_cookies()
        context.add_cookies([verified_session_cookie(user, server)])

    return sign_in


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    at {target}: {node.get('failureSummary', '').strip()}".replace("\n", " "))
            lines.append(f"      {node.get('html', '')[:300]}")
    return "\n".join(lines)


# Links whose accessible names are the same must go to the same place (STYLE 6.7: unique link text).
_SAME_NAME_DIFFERENT_TARGET_JS = """
() => {
  const byName = new Map();
  for (const a of document.querySelectorAll('a[href]')) {
    const name = (a.getAttribute('aria-label') || a.textContent).replace(/\\s+/g, ' ').trim().toLowerCase();
    if (!name) continue;
    const href = new URL(a.getAttribute('href'), document.baseURI).href;
    if (!byName.has(name)) byName.set(name, new Set());
    byName.get(name).add(href);
  }
  return [...byName]
    .filter(([, hrefs]) => hrefs.size > 1)
    .map(([name, hrefs]) => name + ' -> ' + [...hrefs].join(', '));
}
"""


# Page structure GOV.UK's template gives every page, checked alongside axe's WCAG rules: one <main> that the
# skip link reaches, one h1, and GOV.UK Frontend's JavaScript running (its inline script needs the CSP nonce).
_STRUCTURE_JS = """
() => {
  const problems = [];
  const mains = document.querySelectorAll('main');
  if (mains.length !== 1 || mains[0].id !== 'main-content') problems.push('expected one <main id="main-content">');
  const h1s = document.querySelectorAll('h1');
  if (h1s.length !== 1) problems.push('expected one h1, found ' + h1s.length);
  if (!document.body.classList.contains('govuk-frontend-supported')) {
    problems.push('GOV.UK Frontend JavaScript did not run');
  }
  // Content may be wider than the page inside a region that scrolls on its own (a wide table's, ui/table.html).
  const insideScroller = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(up).overflowX)) return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll('main *')) {
    const box = el.getBoundingClientRect();
    if (box.right > document.documentElement.clientWidth + 1 && getComputedStyle(el).position !== 'absolute'
        && !insideScroller(el)) {
      problems.push('content overflows the page: ' + el.outerHTML.slice(0, 120)); break;
    }
  }
  return problems;
}
"""


def _is_known_govuk_frontend_finding(page: Any, rule: str, node: dict[str, Any]) -> bool:
    for known in GOVUK_FRONTEND_KNOWN_FINDINGS:
        if rule != known["rule"] or len(node.get("target", [])) != 1:
            continue
        checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
        attributes = [str(a) for check in checks for a in (check.get("data") or [])]
        if not attributes or not all(a.split("=")[0] == known["attribute"] for a in attributes):
            continue
        if page.evaluate(
            "([t, s]) => document.querySelector(t)?.matches(s) === true", [node["target"][0], known["selector"]]
        ):
            return True
    return False


def _without_known_govuk_frontend_findings(page: Any, violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kept = []
    for violation in violations:
        nodes = [n for n in violation["nodes"] if not _is_known_govuk_frontend_finding(page, violation["id"], n)]
        if nodes:
            kept.append({**violation, "nodes": nodes})
    return kept


# The page fits its viewport: nothing makes the document wider than the window, so nobody scrolls sideways to
# read a page (WCAG 1.4.10 Reflow). When it does not fit, the elements reaching furthest right are named, deepest
# first, so the failure says which table or line to fix.
_TOO_WIDE_JS = """
() => {
  const root = document.documentElement;
  if (root.scrollWidth <= window.innerWidth) return null;
  const limit = window.innerWidth;
  const widest = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= limit + 1) continue;
    // Only the innermost culprits: skip an element whose overflowing child will be listed.
    let inner = false;
    for (const child of el.children) {
      if (child.getBoundingClientRect().right > limit + 1) { inner = true; break; }
    }
    if (inner) continue;
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    const text = (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 60);
    widest.push({right: Math.round(box.right), name, text});
  }
  widest.sort((a, b) => b.right - a.right);
  return {
    scrollWidth: root.scrollWidth,
    innerWidth: limit,
    widest: widest.slice(0, 5).map(w => w.name + ' reaches ' + w.right + ' px: "' + w.text + '"'),
  };
}
"""

# At a desktop's width (1280 px and wider) the header's menu is one row (beside or under the service's name, as
# GOV.UK's service navigation places it), and the child's record's sections take at most two rows (issue 19: the
# menu wrapped to two rows and the sections to three).
_ROWS_AT_DESKTOP_JS = """
() => {
  if (window.innerWidth < 1280) return [];
  const rows = (els) => new Set([...els].filter(e => e.getBoundingClientRect().height > 0)
    .map(e => Math.round(e.getBoundingClientRect().top))).size;
  const problems = [];
  const header = document.querySelector('header .govuk-service-navigation');
  if (header) {
    const n = rows(header.querySelectorAll('.govuk-service-navigation__item'));
    if (n > 1) problems.push('the header menu takes ' + n + ' rows at ' + window.innerWidth + ' px');
  }
  const sections = document.querySelector('.joinedup-record-sections');
  if (sections) {
    const n = rows(sections.querySelectorAll('.govuk-service-navigation__item'));
    if (n > 2) problems.push("the child's record's sections take " + n + ' rows at ' + window.innerWidth + ' px');
  }
  return problems;
}
"""

# The widths every page is checked at: whatever the journey set (1280 px unless it chose another), and a phone's.
PHONE_WIDTH = {"width": 390, "height": 844}


def _check_at_this_width(page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    width = page.viewport_size["width"] if page.viewport_size else "?"
    options: dict[str, Any] = {
        "runOnly": {"type": "tag", "values": WCAG_22_AA_TAGS},
        "resultTypes": ["violations"],
    }
    if EXCLUDED_AXE_RULES:
        options["rules"] = {rule: {"enabled": False} for rule in EXCLUDED_AXE_RULES}
    results = Axe().run(page, options=options)
    violations = _without_known_govuk_frontend_findings(page, results.response["violations"])
    assert not violations, (
        f"axe found {len(violations)} WCAG 2.2 A/AA violation(s) on {page.url} ({page.title()}) at {width} px:\n"
        + _describe(violations)
    )
    too_wide = page.evaluate(_TOO_WIDE_JS)
    assert too_wide is None, (
        f"{page.url} is {too_wide['scrollWidth']} px wide in a {too_wide['innerWidth']} px window; widest:\n"
        + "\n".join(f"- {w}" for w in too_wide["widest"])
    )
    problems = page.evaluate(_STRUCTURE_JS) + page.evaluate(_ROWS_AT_DESKTOP_JS)
    assert not problems, f"Page structure problems on {page.url} at {width} px:\n" + "\n".join(problems)


def check_accessible(page: Any) -> None:
    """axe (WCAG 2.2 A and AA) finds nothing and the page fits its window, at the journey's own width and again at a
    phone's (390 px), after which the journey's width is put back; the page's structure, the browser's console and
    unambiguous link text are checked too."""
    page.wait_for_load_state("load")
    _check_at_this_width(page)
    before = page.viewport_size
    if before is None or before["width"] != PHONE_WIDTH["width"]:
        page.set_viewport_size(PHONE_WIDTH)
        try:
            _check_at_this_width(page)
        finally:
            if before is not None:
                page.set_viewport_size(before)
    errors = getattr(page, "browser_errors", [])
    assert not errors, f"The browser reported errors on {page.url}:\n" + "\n".join(errors)
    ambiguous = page.evaluate(_SAME_NAME_DIFFERENT_TARGET_JS)
    assert not ambiguous, f"Links with the same text go to different places on {page.url}:\n" + "\n".join(ambiguous)


@pytest.fixture
def screenshot() -> Callable[[Any, str], Path]:
    """`screenshot(page, "child-record")`: the whole page as a PNG under ARTEFACTS, for a person to look at."""

    def take(page: Any, name: str) -> Path:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTEFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def assert_accessible() -> Callable[[Any], None]:
    """`assert_accessible(page)`: axe with WCAG 2.2 A/AA tags finds nothing and the page is no wider than its window,
    at the journey's width and at 390 px, and link text is unambiguous."""
    return check_accessible


@pytest.fixture
def practice_prompts(transactional_db: None) -> None:
    """The practice prompts an authority starts with (data migrations write them, from joinedup/prompts/seed.py). A
    transactional test empties every table after it runs, so a browser test that needs them puts them back first."""
    from joinedup.prompts.models import PracticePrompt
    from joinedup.prompts.seed import practice_prompts_ensure

    practice_prompts_ensure(PracticePrompt)
