"""The target position partial (s8) in headless Chromium: axe-core finds no WCAG A/AA violation."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from assessments.models import State
from assessments.targets import target_position
from tests.assessments.test_targets import application, target
from tests.browser.conftest import axe_violations

SITE_CSS = Path(settings.BASE_DIR) / "static" / "css" / "site.css"


@pytest.mark.django_db
def test_the_target_position_has_no_wcag_violations(js_page):
    target("", "1000000")
    target("2.A", "80000")
    application(["2.A"], "25000.5", state=State.APPROVED, decided_on=date(2030, 3, 1))
    this = application(["2.A", "1.A.2"], "56520")  # 2.A over its target; 1.A.2 has none
    partial = render_to_string(
        "minister/_target_position.html", {"target_position": target_position(this, on=date(2030, 6, 30))}
    )
    js_page.set_content(
        f'<!doctype html><html lang="en"><head><title>Target position</title>'
        f"<style>{SITE_CSS.read_text()}</style></head><body><main>{partial}</main></body></html>"
    )
    assert js_page.locator('svg[role="img"]').count() == 2
    assert axe_violations(js_page) == []
