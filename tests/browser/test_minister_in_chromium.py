"""Issue 12's acceptance walk, in a real browser without JavaScript: the Minister signs in with TOTP,
opens the queue, reads the advice and its report on the comments, approves one application and refuses
another, and withholds a document of one of them with its ground and reasons (s42(3)); then the public,
not signed in, finds both decisions in the register of decisions and the document listed as withheld,
with its ground and the Minister's reasons. axe-core finds no WCAG 2.2 A/AA violation on any Minister
page the walk visits, each as the Minister saw it (refusals and confirmations included)."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import State
from tests.assessments import conftest as assessments_conftest
from tests.assessments.decision_support import ADVICE, advised_with_comments

from .conftest import axe_violations, sign_in

people = assessments_conftest.people
make_application = assessments_conftest.make_application

pytestmark = [pytest.mark.services("chromium", "axe"), pytest.mark.django_db(transaction=True)]

WITHHOLDING_REASONS = (
    "The kiln's supply contract prices are under tender until June; publishing them now would cost the "
    "proponent the tender, and that detriment outweighs the public interest in this case."
)


class Audit:
    """axe-core over each page the walk shows, exactly as shown: axe needs JavaScript, the walk has none,
    so the page's HTML is loaded into a JavaScript page of the same site (its styles load alike)."""

    def __init__(self, chromium, live_server):
        self.context = chromium.new_context(java_script_enabled=True)
        self.js_page = self.context.new_page()
        self.js_page.goto(live_server.url + "/")
        self.found = {}

    def __call__(self, page, label: str):
        self.js_page.set_content(page.content())
        violations = axe_violations(self.js_page)
        if violations:
            self.found[label] = violations

    def close(self):
        self.context.close()


@pytest.fixture
def audit(chromium, live_server):
    audit = Audit(chromium, live_server)
    yield audit
    audit.close()


def _decide(page, audit, application, *, approve: bool, reasons: str, advice: str):
    page.get_by_role("link", name=application.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(application.title)
    main = page.locator("main")
    expect(main).to_contain_text(advice)  # the Office's advice (s34)
    expect(page.get_by_role("heading", name="Report on the comments (section 34(b))")).to_be_visible()
    expect(
        page.get_by_role("link", name="Download the advice with its report on the comments")
    ).to_be_visible()
    audit(page, f"{application.reference}: decision page")
    verb = "Approve the action" if approve else "Refuse the action"
    page.get_by_role("link", name=verb).click()
    audit(page, f"{application.reference}: {verb}")
    if approve:
        page.get_by_label("I have considered the advice of the Greenhouse Office").check()
        page.get_by_label("no prudent or feasible alternative to the action").check()
        page.get_by_label("will not prevent Australia from achieving targets").check()
    page.get_by_label("Reasons for the decision").fill(reasons)
    page.get_by_role("button", name=verb).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You approved the action" if approve else "You refused the action"
    )
    expect(page.get_by_role("link", name="Download the decision (section 30, PDF)")).to_be_visible()
    audit(page, f"{application.reference}: decided")
    page.get_by_role("link", name="Back to the applications awaiting your decision").click()


def test_issue_12_the_minister_decides_two_withholds_a_document_and_the_public_sees_it(
    page, chromium, live_server, make_application, people, audit
):
    kiln, _ = advised_with_comments(make_application, people, title="Geelong kiln 3 expansion")
    furnace = make_application(State.ADVICE_GIVEN, title="Port Kembla furnace")

    # Signs in with the password, then the authenticator's code (sign_in asserts the TOTP step).
    sign_in(page, live_server, "minister", next_url="/")
    page.get_by_role("link", name="Minister's dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Applications awaiting your decision")
    queue = page.get_by_role("table")
    expect(queue).to_contain_text(kiln.title)
    expect(queue).to_contain_text(furnace.title)
    expect(queue).to_contain_text("Advice given today")
    audit(page, "queue")

    # Reads the advice and its report on the comments (s34); approving without the s30(c) finding is
    # refused in the Act's words.
    page.get_by_role("link", name=kiln.reference).click()
    expect(page.locator("main")).to_contain_text(ADVICE)
    expect(page.locator("main")).to_contain_text(
        "The Office's consideration of " + kiln.comments.order_by("pk").first().reference
    )
    page.get_by_role("link", name="Approve the action").click()
    page.get_by_label("I have considered the advice of the Greenhouse Office").check()
    page.get_by_label("Reasons for the decision").fill("Approve.")
    page.get_by_role("button", name="Approve the action").click()
    expect(page.locator("main")).to_contain_text("s30(c): the Minister may approve only if satisfied")
    audit(page, "approve, refused")
    page.get_by_role("link", name=f"Back to {kiln.reference}").click()
    page.get_by_role("link", name="Back to the applications awaiting your decision").click()

    _decide(
        page,
        audit,
        kiln,
        approve=True,
        reasons="No prudent or feasible alternative to the third kiln.",
        advice=ADVICE,
    )
    _decide(
        page,
        audit,
        furnace,
        approve=False,
        reasons="A lower-emission furnace is feasible.",
        advice="Approve with conditions.",
    )
    expect(page.locator("main")).to_contain_text("No application is awaiting your decision.")
    audit(page, "queue, empty")

    # Withholds the kiln's Greenhouse Impact Assessment (s42(3)); without reasons it is refused.
    page.goto(f"{live_server.url}/minister/applications/{kiln.pk}/")
    expect(page.locator("main")).to_contain_text("You approved the action")
    audit(page, "decision page, decided")
    page.get_by_role("link", name="Information not to be made public (section 42)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Information not to be made public")
    audit(page, "withhold")
    page.get_by_role("radio", name="Document: Greenhouse Impact Assessment:").check()
    page.get_by_role("radio", name="s42(3): the commercial detriment").check()
    page.get_by_role("button", name="Withhold it from the public registers").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    reasons_link = summary.get_by_role("link", name=re.compile("^Your reasons for the determination: "))
    expect(reasons_link).to_have_attribute("href", "#id_reasons")
    audit(page, "withhold, refused")
    page.get_by_label("Your reasons for the determination").fill(WITHHOLDING_REASONS)
    page.get_by_role("button", name="Withhold it from the public registers").click()
    expect(page.locator("main")).to_contain_text("is not to be made public: Withheld under s42(3)")
    expect(page.get_by_role("table")).to_contain_text(WITHHOLDING_REASONS)
    audit(page, "withhold, listed")
    assert audit.found == {}

    # The public: a new browser, not signed in.
    public_context = chromium.new_context(java_script_enabled=False)
    try:
        public = public_context.new_page()
        public.goto(live_server.url + "/decisions/")
        expect(public.get_by_role("button", name=re.compile("^Sign out"))).to_have_count(0)
        rows = public.locator(".register-row")
        approved = rows.filter(has_text=kiln.title)
        refused = rows.filter(has_text=furnace.title)
        expect(approved).to_contain_text("Approved")
        expect(refused).to_contain_text("Refused")
        expect(approved).to_contain_text(
            "Greenhouse Impact Assessment: Withheld under s42(3): the commercial detriment that may result "
            "from publishing it outweighs the public interest. The Minister's reasons for withholding it: "
            "The kiln's supply contract prices are under tender"
        )
        expect(refused).not_to_contain_text("Withheld")

        public.get_by_role("link", name=f"{kiln.reference} {kiln.title}").click()
        withheld = public.locator("section.withheld-information")
        expect(withheld).to_contain_text("Greenhouse Impact Assessment: Withheld under s42(3)")
        expect(withheld).to_contain_text(f"The Minister's reasons for withholding it: {WITHHOLDING_REASONS}")
        expect(public.get_by_role("link", name="Download the Greenhouse Impact Assessment")).to_have_count(0)
        expect(public.locator("ul.documents")).to_contain_text(
            "The Greenhouse Impact Assessment: not published"
        )
    finally:
        public_context.close()
