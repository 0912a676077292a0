"""An application walked from lodged to advice given in the admin, in headless Chromium, by the Director
and an officer: each act through its button and form, a refusal shown in the Act's words, comments
closed once the closing day has passed (the clock moved past it, as time would), and axe-core finds no
WCAG 2.2 A/AA violation on the today page, the change page at each stage and every act's form.

Links and buttons are found by their names (the acts' labels), not by the page's layout."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from assessments import services
from assessments.acts import APPLICATION_ACTS
from assessments.admin.applications import ApplicationAdmin
from assessments.models import Application, Comment, State
from greenhouse_office import statute
from greenhouse_office.statute.config import LEGAL_TIME_ZONE
from tests.assessments import conftest as assessments_conftest

from .conftest import axe_violations, sign_in

PDF = assessments_conftest.PDF
people = assessments_conftest.people
make_application = assessments_conftest.make_application

pytestmark = [pytest.mark.services("chromium", "axe"), pytest.mark.django_db(transaction=True)]


def _change_page(page, live_server, application):
    page.goto(live_server.url + reverse("admin:assessments_application_change", args=[application.pk]))
    expect(page.get_by_role("heading", name=re.compile(application.title))).to_be_visible()


def _act(page, label: str):
    """Open an act's form from the change page by the act's label (a link styled as a button)."""
    page.get_by_role("link", name=re.compile(rf"^{re.escape(label)}")).click()
    expect(
        page.get_by_role("heading", level=1, name=re.compile(rf"^{re.escape(label)} \(s\d+"))
    ).to_be_visible()


def _not_yet(page, label: str, reason: str):
    """A possible act that is not yet lawful: a disabled button, with the guards' words beside it."""
    button = page.get_by_role("button", name=re.compile(rf"^{re.escape(label)}"))
    expect(button).to_have_attribute("aria-disabled", "true")
    expect(page.get_by_role("main")).to_contain_text(reason)


def _form_by_address(page, live_server, application, name: str):
    """The act's form reached by its address (a bookmark, a stale tab): its POST is for the service."""
    page.goto(
        live_server.url + reverse("admin:assessments_application_transition", args=[application.pk, name])
    )


def _success(page, words: str):
    expect(page.locator(".messagelist .success")).to_contain_text(words)


def test_the_director_and_an_officer_walk_an_application_from_lodged_to_advice_given(
    js_page, live_server, make_application, people, tmp_path
):
    page = js_page
    application = make_application(State.LODGED)
    found: dict[str, list] = {}

    def check(name: str):
        found[name] = axe_violations(page)

    sign_in(page, live_server, "director", next_url="/")
    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("link", name="Today: what falls due").click()
    expect(
        page.get_by_role("heading", name=re.compile("Evaluations due this week or overdue"))
    ).to_be_visible()
    check("today")
    page.get_by_role("link", name="Lodged", exact=True).click()  # counts by stage, to the filtered list
    page.get_by_role("link", name=application.reference).click()
    check("change page: lodged")

    # s32(2): the Director appoints an independent auditor; the choice shows each one's standing.
    _act(page, "Commission the independent evaluation")
    check("form: commission the independent evaluation")
    page.get_by_label("Independent environmental auditor").select_option(
        label="Alice Martin (auditor) -- independent"
    )
    page.get_by_role("button", name="Appoint").click()
    _success(page, "now evaluation commissioned")
    check("change page: evaluation commissioned")

    # s32(1): record the evaluation, refused without its PDF, then with the PDF uploaded.
    _act(page, "Record the evaluation")
    check("form: record the evaluation")
    page.get_by_role("button", name="Record the evaluation").click()
    expect(page.locator(".messagelist .error")).to_contain_text("s32(1): upload the independent")
    check("form: record the evaluation, refused")
    evaluation = tmp_path / "evaluation.pdf"
    evaluation.write_bytes(PDF)
    page.get_by_label("Evaluation (PDF)").set_input_files(str(evaluation))
    page.get_by_role("button", name="Record the evaluation").click()
    _success(page, "now evaluated")
    check("change page: evaluated")

    # s33: an officer publishes; the form is pre-filled with today's notices and the recommended
    # closing day, and each newspaper input is labelled with its State.
    sign_in(page, live_server, "officer", next_url="/")
    _change_page(page, live_server, application)
    _act(page, "Publish for public comment")
    check("form: publish for public comment")
    expect(page.get_by_label("Daily newspaper circulating in Victoria")).to_have_value("The Age")
    expect(page.get_by_label("Daily newspaper circulating in New South Wales")).to_have_value(
        "The Sydney Morning Herald"
    )
    page.get_by_label("Daily newspaper circulating in New South Wales").fill("")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messagelist .error")).to_contain_text("s33(1)(b)(ii)")
    check("form: publish for public comment, refused")
    page.get_by_label("Daily newspaper circulating in New South Wales").fill("The Sydney Morning Herald")
    page.get_by_role("button", name="Publish").click()
    _success(page, "now open for public comment")
    check("change page: open for public comment")

    application.refresh_from_db()
    services.record_comment(
        application=application,
        actor=None,
        name="A resident",
        email="resident@example.com",
        text="Please consider the effect on the valley.",
        channel="web",
    )

    # s33(3), s34(a): comments may not be closed before the closing day has passed. The change page
    # shows the act disabled with its reason; its form, reached by its address, refuses in those words.
    _change_page(page, live_server, application)
    _not_yet(page, "Close comments", "comments may still be made until")
    check("change page: open for public comment, close comments not yet possible")
    _form_by_address(page, live_server, application, "close_comments")
    check("form: close comments")
    page.get_by_role("button", name="Close comments").click()
    expect(page.locator(".messagelist .error")).to_contain_text("s33(3), s34(a): comments may still be made")
    check("form: close comments, refused")

    # The day after the last day for comments, 9 am in Canberra: the officer signs in again.
    last_day = statute.effective_closing_day(application.closing_day)
    after = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(9), tzinfo=LEGAL_TIME_ZONE)
    with time_machine.travel(after, tick=True):
        sign_in(page, live_server, "officer", next_url="/")
        _change_page(page, live_server, application)
        _act(page, "Close comments")
        page.get_by_role("button", name="Close comments").click()
        _success(page, "now comments closed")
        check("change page: comments closed")

        # s34(a): the advice waits until every comment made in time is considered.
        _not_yet(page, "Give advice to the Minister", "s34(a)")
        _form_by_address(page, live_server, application, "give_advice")
        check("form: give advice to the Minister")
        page.get_by_role("radio", name="Approve").check()
        page.get_by_label("Summary of the advice").fill("Approve, with a condition on kiln efficiency.")
        page.get_by_role("button", name="Give the advice").click()
        expect(page.locator(".messagelist .error")).to_contain_text("s34(a): the Office must consider every")
        check("form: give advice to the Minister, refused")

        comment = Comment.objects.get(application=application)
        page.goto(live_server.url + reverse("admin:assessments_comment_change", args=[comment.pk]))
        page.get_by_label("Considered").check()
        page.get_by_label("Response").fill("The valley's air is addressed by condition 2 of the advice.")
        page.get_by_role("button", name="Save", exact=True).click()

        _change_page(page, live_server, application)
        _act(page, "Give advice to the Minister")
        expect(page.get_by_role("region", name=re.compile("Report on the comments"))).to_contain_text(
            "condition 2 of the advice"
        )
        page.get_by_role("radio", name="Approve").check()
        page.get_by_label("Summary of the advice").fill("Approve, with a condition on kiln efficiency.")
        page.get_by_role("button", name="Give the advice").click()
        _success(page, "now advice given")
        expect(page.get_by_role("main")).to_contain_text("The advice is with the Minister")
        check("change page: advice given")
        page.get_by_role("link", name="Today").first.click()
        check("today, at the end")

    application.refresh_from_db()
    assert application.state == State.ADVICE_GIVEN
    acts = [e.transition for e in application.events.order_by("sequence") if e.transition in APPLICATION_ACTS]
    assert acts[-5:] == [
        "commission_evaluation",
        "record_evaluation",
        "publish_for_comment",
        "close_comments",
        "give_advice",
    ]
    assert Application.objects.get(pk=application.pk).advice_summary.startswith("Approve, with a condition")
    assert found == dict.fromkeys(found, []), {name: v for name, v in found.items() if v}


def test_the_return_form_and_the_filtered_list_have_no_axe_violations(
    js_page, live_server, make_application, people
):
    """The act the walk does not take (s31: return for amendment), refused and done, and the list with a
    filter chosen from each of its filters (Django's own filter links, in the project's styles)."""
    page = js_page
    application = make_application(State.LODGED)
    other = make_application(State.DRAFT, title="Pilbara gas plant", location_state="WA")
    evaluated = make_application(State.EVALUATED, title="Evaluated smelter")
    # A second proponent, so the proponent filter (related only) has a choice to offer.
    Application.objects.filter(pk=other.pk).update(organisation=people.proponent2.organisation)
    found: dict[str, list] = {}
    sign_in(page, live_server, "officer", next_url="/")
    page.goto(live_server.url + reverse("admin:index"))
    found["index"] = axe_violations(page)

    _change_page(page, live_server, application)
    _act(page, "Return for amendment")
    found["form: return for amendment"] = axe_violations(page)
    page.get_by_role("button", name="Return").click()
    expect(page.locator(".messagelist .error")).to_contain_text(
        "Name at least one thing the proponent must amend"
    )
    found["form: return for amendment, refused"] = axe_violations(page)
    page.get_by_label("Request 1: kind").select_option(label="Document")
    page.get_by_label("Request 1: what is missing or wrong").fill("The GIA has no section on alternatives.")
    page.get_by_role("button", name="Return").click()
    _success(page, "now returned")

    listing = live_server.url + reverse("admin:assessments_application_changelist")
    page.goto(listing)
    found["list"] = axe_violations(page)
    # WCAG 2.2 2.5.8 without relying on the spacing exception: each filter target is 24 x 24 px or more.
    small = page.locator("#changelist-filter a, #changelist-filter summary").evaluate_all(
        """targets => targets.map(t => [t.textContent.trim(), t.getBoundingClientRect()])
                             .filter(([, box]) => box.width < 24 || box.height < 24)
                             .map(([name, box]) => `${name}: ${box.width}x${box.height}`)"""
    )
    assert small == []
    titles = page.locator("#changelist-filter details").evaluate_all(
        "groups => groups.map(group => group.dataset.filterTitle)"
    )
    assert len(titles) == len(ApplicationAdmin.list_filter), titles  # every one is shown
    for title in titles:
        page.goto(listing)
        group = page.locator(f'#changelist-filter details[data-filter-title="{title}"]')
        group.get_by_role("link").nth(1).click()  # the first choice after "All"
        expect(
            page.locator(f'#changelist-filter details[data-filter-title="{title}"] li.selected')
        ).not_to_have_text("All")
        found[f"list filtered by {title}"] = axe_violations(page)
    # The dark theme (the person's system setting): the same pages, the same contrast.
    page.emulate_media(color_scheme="dark")
    for name, url in {
        "today": reverse("admin:assessments_application_today"),
        "list": reverse("admin:assessments_application_changelist"),
        "form": reverse(
            "admin:assessments_application_transition", args=[evaluated.pk, "publish_for_comment"]
        ),
    }.items():
        page.goto(live_server.url + url)
        found[f"{name}, dark theme"] = axe_violations(page)
    page.goto(f"{listing}?state__exact=draft")
    found["list filtered, dark theme"] = axe_violations(page)
    assert found == dict.fromkeys(found, []), {name: v for name, v in found.items() if v}
