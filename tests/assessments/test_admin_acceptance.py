"""Issue 11's acceptance, driven through the admin with the test client as an officer and as the Director:
each Office act through its form (as each of them), each act's refusal shown as a message in the Act's
words with the page's status and nothing written, every choice of every filter of the list showing
exactly its rows, and the state never editable, whatever is POSTed where.

The today page's buckets are in test_admin_today.py; recording comments and considering them in bulk
are in test_admin_comments.py."""

import datetime as dt
import re
from contextlib import nullcontext
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from assessments import services
from assessments.admin.applications import ApplicationAdmin
from assessments.models import Application, ApplicationEvent, IndependentAuditor, State
from assessments.services.assignment import assign_officer
from assessments.services.deadlines import AWAITING_EVALUATION
from greenhouse_office import statute
from greenhouse_office.statute.config import LEGAL_TIME_ZONE

from .conftest import _close, pdf
from .test_admin import change_url, messages_of, publish_data, step_url

LIST_URL = reverse("admin:assessments_application_changelist")
ROLE = {"officer": "Office staff", "director": "Director"}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _rows(*requests) -> dict:
    data = {
        "requests-TOTAL_FORMS": "4",
        "requests-INITIAL_FORMS": "0",
        "requests-MIN_NUM_FORMS": "0",
        "requests-MAX_NUM_FORMS": "20",
    }
    for number, (kind, detail) in enumerate(requests):
        data[f"requests-{number}-kind"], data[f"requests-{number}-detail"] = kind, detail
    return data


def _comment(application, **fields):
    return services.record_comment(
        application=application,
        actor=None,
        name="A resident",
        email="resident@example.com",
        text="Please consider the effect on the valley.",
        channel="web",
        **fields,
    )


def _the_day_after_comments_close(application) -> dt.datetime:
    """9 am in Canberra on the day after the last day for comments (AIA s36(2))."""
    last_day = statute.effective_closing_day(application.closing_day)
    return dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(9), tzinfo=LEGAL_TIME_ZONE)


def _acts(application) -> list[str]:
    return list(
        ApplicationEvent.objects.filter(application=application)
        .order_by("sequence")
        .values_list("transition", flat=True)
    )


# --- Each act through its form, as an officer and as the Director ---------------------------------

# act: (the state it starts from, the form's data, the state it leads to, the form's submit button)
ACTS = {
    "return_for_amendment": (
        State.LODGED,
        lambda app, people: _rows(("document", "The GIA has no section on alternatives.")),
        State.RETURNED,
        "Return",
    ),
    "record_evaluation": (
        State.EVALUATION_COMMISSIONED,
        lambda app, people: {"evaluation": pdf("evaluation.pdf")},
        State.EVALUATED,
        "Record the evaluation",
    ),
    "publish_for_comment": (
        State.EVALUATED,
        lambda app, people: publish_data(app),
        State.OPEN_FOR_COMMENT,
        "Publish",
    ),
    "close_comments": (
        State.OPEN_FOR_COMMENT,
        lambda app, people: {},
        State.COMMENTS_CLOSED,
        "Close comments",
    ),
    "give_advice": (
        State.COMMENTS_CLOSED,
        lambda app, people: {"recommendation": "approve", "summary": "Approve with conditions."},
        State.ADVICE_GIVEN,
        "Give the advice",
    ),
}


@pytest.mark.parametrize("who", ["officer", "director"])
@pytest.mark.parametrize("name", list(ACTS))
def test_each_office_act_through_its_form(who, name, people, make_application):
    start, data, end, submit = ACTS[name]
    application = make_application(start)
    user = getattr(people, who)
    # Comments close only once the last day for them has passed: the clock is moved there, as time would.
    clock = (
        time_machine.travel(_the_day_after_comments_close(application), tick=False)
        if name == "close_comments"
        else nullcontext()
    )
    with clock:
        client = signed_in(user)
        page = client.get(change_url(application))
        assert step_url(application, name) in page.text  # its button
        form = client.get(step_url(application, name))
        assert form.status_code == 200
        assert f'value="{submit}"' in form.text and "csrfmiddlewaretoken" in form.text
        response = client.post(step_url(application, name), data(application, people), follow=True)
    assert response.redirect_chain == [(change_url(application), 302)]
    shown = messages_of(response, "success")
    assert re.match(rf"^.+ \(s\d+.*\): {application.reference} is now {end.label.lower()}\.$", shown), shown
    application.refresh_from_db()
    assert application.state == end
    event = ApplicationEvent.objects.filter(application=application).order_by("-sequence").first()
    assert (event.transition, event.actor, event.role) == (name, user, ROLE[who])
    assert (event.from_state, event.to_state) == (start, end)


def test_the_director_commissions_the_evaluation_through_its_form(people, make_application):
    """s32(2) is the Director's alone (the officer's refusal is below)."""
    application = make_application(State.LODGED)
    client = signed_in(people.director)
    assert client.get(step_url(application, "commission_evaluation")).status_code == 200
    auditor = IndependentAuditor.objects.get(user=people.auditor)
    response = client.post(
        step_url(application, "commission_evaluation"), {"auditor": auditor.pk}, follow=True
    )
    assert messages_of(response, "success") == (
        f"Commission the independent evaluation (s32): {application.reference} is now "
        "evaluation commissioned."
    )
    application.refresh_from_db()
    assert (application.state, application.auditor) == (State.EVALUATION_COMMISSIONED, auditor)


# --- Refusals: the Act's words as messages, the page's status, nothing written ---------------------


def _too_soon(app, people):
    return publish_data(app, closing_day=(statute.legal_today() + dt.timedelta(days=30)).isoformat())


def _contracted_auditor(app, people):
    return {"auditor": IndependentAuditor.objects.get(user=people.auditor2).pk}


def _closed_with_a_comment_to_consider(app):
    _comment(app)
    _close(app)


# (who, act, state, prepare the application, data, status, the message begins with, input kept on the form)
REFUSALS = [
    ("officer", "return_for_amendment", State.LODGED, None, lambda a, p: _rows(), 400,
     "Name at least one thing the proponent must amend.", None),
    ("officer", "commission_evaluation", State.LODGED, None,
     lambda a, p: {"auditor": IndependentAuditor.objects.get(user=p.auditor).pk}, 403,
     "Only the Director (s32(2)) may commission the independent evaluation.", None),
    ("director", "commission_evaluation", State.LODGED, None, _contracted_auditor, 400,
     "s32(2): Ben Kowalski cannot be appointed", None),
    ("director", "record_evaluation", State.EVALUATION_COMMISSIONED, None, lambda a, p: {}, 400,
     "s32(1): upload the independent environmental auditor's evaluation", None),
    ("officer", "publish_for_comment", State.EVALUATED, None, _too_soon, 400,
     "s33(3): the closing day must not fall within 2 months after the Gazette notice",
     'value="The Sydney Morning Herald"'),
    ("director", "publish_for_comment", State.EVALUATED, None,
     lambda a, p: publish_data(a, newspaper_NSW=""), 400, "s33(1)(b)(ii)", 'value="The Age"'),
    ("officer", "close_comments", State.OPEN_FOR_COMMENT, None, lambda a, p: {}, 400,
     "s33(3), s34(a): comments may still be made until", None),
    ("director", "give_advice", State.OPEN_FOR_COMMENT, _closed_with_a_comment_to_consider,
     lambda a, p: {"recommendation": "refuse", "summary": "Refuse: the kiln is avoidable."}, 400,
     "s34(a): the Office must consider every comment", "Refuse: the kiln is avoidable."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("who", "name", "state", "prepare", "data", "status", "words", "kept"),
    REFUSALS,
    ids=[f"{who}-{name}-{status}" for who, name, *_, status, _w, _k in REFUSALS],
)
def test_a_refused_act_shows_the_acts_words_as_a_message_and_changes_nothing(
    who, name, state, prepare, data, status, words, kept, people, make_application
):
    application = make_application(state)
    if prepare:
        prepare(application)
        application.refresh_from_db()
    state, before = application.state, _acts(application)
    response = signed_in(getattr(people, who)).post(step_url(application, name), data(application, people))
    assert response.status_code == status
    assert messages_of(response, "error").startswith(words)
    assert messages_of(response, "success") == ""
    if kept:
        assert kept in unescape(response.text)  # the form again, with what was typed
    application.refresh_from_db()
    assert application.state == state
    assert _acts(application) == before  # no event: a refusal writes nothing


def test_an_act_posted_in_the_wrong_state_is_refused_with_a_message(people, make_application):
    """A stale tab: the publish form POSTed for an application still lodged."""
    application = make_application(State.LODGED)
    before = _acts(application)
    response = signed_in(people.officer).post(
        step_url(application, "publish_for_comment"), publish_data(application)
    )
    assert response.status_code == 409
    assert messages_of(response, "error") == (
        "Publish for public comment is not possible while the application is lodged."
    )
    application.refresh_from_db()
    assert application.state == State.LODGED and application.closing_day is None
    assert _acts(application) == before


def test_a_form_that_does_not_validate_answers_400_and_runs_nothing(people, make_application):
    application = make_application(State.EVALUATED)
    before = _acts(application)
    response = signed_in(people.officer).post(
        step_url(application, "publish_for_comment"), publish_data(application, gazette_date="not a day")
    )
    assert response.status_code == 400
    assert "Enter a valid date." in response.text
    application.refresh_from_db()
    assert application.state == State.EVALUATED and _acts(application) == before


# --- The list: every choice of every filter shows exactly its rows ---------------------------------


@pytest.fixture
def listed(people, make_application):
    """Applications that differ in every filtered attribute, each filter's choices telling them apart."""
    today = statute.legal_today()

    def made(state, *, assigned=None, organisation=None, **fields):
        application = make_application(state, **{k: v for k, v in fields.items() if k in CREATE_FIELDS})
        updates = {k: v for k, v in fields.items() if k not in CREATE_FIELDS}
        if organisation is not None:
            updates["organisation"] = organisation
        if updates:
            Application.objects.filter(pk=application.pk).update(**updates)
        if assigned is not None:
            assign_officer(application=application, officer=assigned, actor=people.officer)
        application.refresh_from_db()
        return application

    overdue = made(
        State.LODGED,
        title="Overdue kiln",
        source_categories=["2.A"],
        assigned=people.officer,
        evaluation_due_on=today - dt.timedelta(days=3),
    )
    due_soon = made(
        State.EVALUATION_COMMISSIONED,
        title="Soon smelter",
        location_state="NSW",
        limb="targets",
        source_categories=["2.C"],
        assigned=people.director,
        evaluation_due_on=today + dt.timedelta(days=5),
    )
    draft = made(
        State.DRAFT,
        title="Pilbara gas plant",
        location_state="WA",
        limb="both",
        source_categories=["1.B.2"],
        organisation=people.proponent2.organisation,
    )
    closing = made(
        State.OPEN_FOR_COMMENT,
        title="Closing refinery",
        location_state="QLD",
        closing_day=today + dt.timedelta(2),
    )
    to_consider = make_application(State.OPEN_FOR_COMMENT, title="Considered mine", location_state="SA")
    _comment(to_consider)
    _close(to_consider)
    to_consider.refresh_from_db()
    advised = made(
        State.ADVICE_GIVEN, title="Advised plant", location_state="TAS", source_categories=["1.A.1"]
    )
    return [overdue, due_soon, draft, closing, to_consider, advised]


CREATE_FIELDS = {"title", "location_state", "limb", "source_categories"}


def _belongs(application, param: str, value: str, user, today) -> bool:
    """Whether ``application`` is in the list filtered by ``param=value``: the oracle, in plain Python."""
    a = application
    awaiting = a.state in AWAITING_EVALUATION and a.evaluation_due_on is not None
    week = today + dt.timedelta(days=7)
    officer = {"me": user.pk, "none": None}.get(value, int(value) if value.isdigit() else value)
    oracle = {
        "state__exact": lambda: a.state == value,
        "location_state__exact": lambda: a.location_state == value,
        "limb__exact": lambda: a.limb == value,
        "organisation__id__exact": lambda: str(a.organisation_id) == value,
        "source_category": lambda: value in (a.source_categories or []),
        "officer": lambda: a.assigned_officer_id == officer,
        "overdue": {
            "yes": lambda: awaiting and a.evaluation_due_on < today,
            "week": lambda: awaiting and a.evaluation_due_on <= week,
            "closing": lambda: a.state == State.OPEN_FOR_COMMENT and a.closing_day <= week,
        }.get(value),
        "to_do": {
            "consider": lambda: (
                a.state == State.COMMENTS_CLOSED and a.comments.filter(considered=False).exists()
            ),
            "advice": lambda: a.state == State.COMMENTS_CLOSED and a.advice_given_at is None,
        }.get(value),
    }.get(param)
    assert oracle is not None, f"no oracle for the filter choice {param}={value}"
    return bool(oracle())


def _filter_links(text: str) -> list[dict]:
    """Every choice in the list's filter sidebar (not "All", not "Show counts"), as its query."""
    sidebar = text.split('id="changelist-filter"', 1)[1].split("</nav>", 1)[0]
    queries = []
    for href in re.findall(r'<a href="(\?[^"]*)"', sidebar):
        query = dict(parse_qsl(urlsplit(unescape(href)).query))
        query.pop("_facets", None)
        if query:
            queries.append(query)
    return queries


@pytest.mark.parametrize("who", ["officer", "director"])
def test_every_choice_of_every_filter_lists_exactly_its_applications(who, people, listed):
    user = getattr(people, who)
    client = signed_in(user)
    today = statute.legal_today()
    choices = _filter_links(client.get(LIST_URL).text)
    filtered = {param for query in choices for param in query}
    expected_params = {
        "state__exact", "overdue", "to_do", "location_state__exact", "source_category", "officer",
        "limb__exact", "organisation__id__exact",
    }  # fmt: skip
    assert filtered == expected_params  # every list_filter offers its choices
    assert len(ApplicationAdmin.list_filter) == len(expected_params)
    checked = 0
    for query in choices:
        [(param, value)] = query.items()
        response = client.get(LIST_URL, query)
        assert response.status_code == 200, query
        shown = {a.title for a in listed if change_url(a) in response.text}
        wanted = {a.title for a in listed if _belongs(a, param, value, user, today)}
        assert shown == wanted, query
        checked += bool(wanted)
    assert checked >= 15  # most choices pick out some of the applications, not only none


def test_filters_combine(people, listed):
    client = signed_in(people.officer)
    response = client.get(LIST_URL, {"overdue": "week", "officer": "me"})
    assert {a.title for a in listed if change_url(a) in response.text} == {"Overdue kiln"}
    response = client.get(LIST_URL, {"overdue": "week", "location_state__exact": "NSW"})
    assert {a.title for a in listed if change_url(a) in response.text} == {"Soon smelter"}


# --- The state is never editable ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer", "director"])
@pytest.mark.parametrize(
    "state",
    [
        State.DRAFT,
        State.LODGED,
        State.EVALUATION_COMMISSIONED,
        State.EVALUATED,
        State.OPEN_FOR_COMMENT,
        State.COMMENTS_CLOSED,
        State.ADVICE_GIVEN,
        State.APPROVED,
    ],
)
def test_the_change_page_never_offers_the_state_as_an_input(who, state, people, make_application):
    application = make_application(state)
    page = signed_in(getattr(people, who)).get(change_url(application)).text
    assert not re.search(r'<(input|select|textarea)[^>]*name="state"', page)
    assert 'name="_save"' not in page and 'name="_continue"' not in page
    assert state.label in page  # the state is shown, in words


@pytest.mark.parametrize("who", ["officer", "director"])
def test_posting_a_state_to_the_change_view_or_the_changelist_changes_nothing(who, people, make_application):
    application = make_application(State.LODGED)
    client = signed_in(getattr(people, who))
    before = _acts(application)
    assert client.post(change_url(application), {"state": State.APPROVED, "_save": "Save"}).status_code == 403
    # The list has no editable columns and no bulk action that changes an application.
    client.post(
        LIST_URL,
        {
            "action": "delete_selected",
            "_selected_action": [application.pk],
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": application.pk,
            "form-0-state": State.APPROVED,
            "_save": "Save",
        },
    )
    history = reverse("admin:assessments_application_history", args=[application.pk])
    assert client.post(history, {"state": State.APPROVED}).status_code in (200, 405)
    application.refresh_from_db()
    assert application.state == State.LODGED and Application.objects.filter(pk=application.pk).exists()
    assert _acts(application) == before


def test_posting_a_state_with_an_acts_form_moves_it_only_by_that_act(people, make_application):
    """Extra fields (the state, stamps) are not the form's: the act alone decides where it leads."""
    application = make_application(State.EVALUATED)
    extra = {"state": State.APPROVED, "decided_at": "2027-01-01T00:00", "comments_closed_at": "2027-01-01"}
    response = signed_in(people.officer).post(
        step_url(application, "publish_for_comment"), {**publish_data(application), **extra}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.OPEN_FOR_COMMENT
    assert application.decided_at is None and application.comments_closed_at is None


def test_assigning_an_officer_with_a_state_posted_leaves_the_state(people, make_application):
    application = make_application(State.LODGED)
    url = reverse("admin:assessments_application_assign", args=[application.pk])
    assert signed_in(people.director).post(url, {"officer": "me", "state": State.APPROVED}).status_code == 302
    application.refresh_from_db()
    assert application.state == State.LODGED and application.assigned_officer == people.director


# --- The act forms' inputs are labelled (WCAG 1.3.1, 4.1.2; axe runs in tests/browser) -------------


@pytest.mark.parametrize(
    ("state", "name"),
    [(State.EVALUATED, "publish_for_comment"), (State.LODGED, "return_for_amendment")],
)
def test_every_input_of_the_act_form_has_a_label(state, name, people, make_application):
    application = make_application(state)
    text = signed_in(people.director).get(step_url(application, name)).text
    form = text.split('<form method="post"', 1)[1].split("</form>", 1)[0]
    labelled = set(re.findall(r'<label[^>]* for="([^"]+)"', form))
    inputs = re.findall(r"<(?:input|select|textarea)\b([^>]*)>", form)
    shown = [attrs for attrs in inputs if not re.search(r'type="(hidden|submit)"', attrs)]
    ids = [re.search(r'id="([^"]+)"', attrs).group(1) for attrs in shown]
    assert ids and not [i for i in ids if i not in labelled]
    if name == "publish_for_comment":
        assert (
            '<label class="visually-hidden" for="id_newspaper_NSW">'
            "Daily newspaper circulating in New South Wales</label>" in form
        )
        assert "Newspaper notice in Victoria published on</label>" in form
