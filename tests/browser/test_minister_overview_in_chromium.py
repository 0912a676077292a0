"""The Minister's overview in headless Chromium: the Minister signs in with TOTP, follows the dashboard's
"Overview" link and reads the figures; axe-core finds no WCAG 2.2 A/AA violation on the page."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from assessments.models import Application, State
from greenhouse_office import clock
from greenhouse_office.emission_targets import EmissionTarget
from tests.assessments import conftest as assessments_conftest

from .conftest import axe_violations, sign_in

people = assessments_conftest.people
make_application = assessments_conftest.make_application

pytestmark = [pytest.mark.services("chromium"), pytest.mark.django_db(transaction=True)]


def _a_target_in_force_today() -> None:
    today = clock.legal_day()
    if not EmissionTarget.objects.filter(starts_on__lte=today, ends_on__gte=today).exists():
        EmissionTarget.objects.create(
            source_category="",
            starts_on=date(today.year, 1, 1),
            ends_on=date(today.year, 12, 31),
            target_t_co2e=Decimal("1000000"),
            instrument="Convention on Climate Change (Implementation) Targets Determination (No. 1)",
            instrument_made_on=date(today.year - 1, 11, 1),
        )


def test_the_overview_reads_in_words_and_has_no_wcag_2_2_aa_violations(
    js_page, live_server, make_application
):
    _a_target_in_force_today()
    make_application(State.APPROVED)
    make_application(State.ADVICE_GIVEN)
    late = make_application(State.LODGED)
    Application.objects.filter(pk=late.pk).update(evaluation_due_on=clock.legal_day() - timedelta(days=2))

    sign_in(js_page, live_server, "minister", next_url="/minister/")
    js_page.get_by_role("navigation", name="Minister's dashboard").get_by_role(
        "link", name="Overview"
    ).click()

    expect(js_page.get_by_role("heading", level=1)).to_contain_text("Overview")
    main = js_page.locator("main")
    expect(main).to_contain_text(f"Your decisions in the calendar year {clock.legal_day().year}")
    expect(main).to_contain_text("1 approved")
    expect(main).to_contain_text("1 missed")
    expect(js_page.get_by_role("table", name="Applications by stage")).to_contain_text(
        "Advice given to the Minister"
    )
    expect(js_page.get_by_role("img", name="The total level of greenhouse gas emissions")).to_have_count(1)
    assert axe_violations(js_page) == []
