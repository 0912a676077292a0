"""Headless Chromium (Debian's, driven by Playwright) against the live test server."""

import os

import pytest

from tests.conftest import CHROMIUM

# Playwright's sync API runs an event loop in this thread; the live server's ORM use is still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(java_script_enabled=False)  # the pages must work without JS
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def js_page(chromium):
    """A page with JavaScript on: only for running axe-core over pages that themselves need none."""
    context = chromium.new_context(java_script_enabled=True)
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.0-2.2 A and AA violations on the page now (tests/browser/node)."""
    from tests.conftest import AXE

    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']})
              .then(results => results.violations.map(v => ({id: v.id, help: v.help,
                    nodes: v.nodes.map(n => n.target.join(' '))})))"""
    )
