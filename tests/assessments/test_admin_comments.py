"""Comments in the Office's admin (issue 11): staff record those received by email or post, the list
says which were made on time (s34(a)), and staff consider them one by one or by theme, in bulk, all or
none. Driven with the test client, signed in through the pages with the authenticator code."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import services
from assessments.errors import AssessmentError, Refusal
from assessments.models import Application, ApplicationEvent, Comment, State
from greenhouse_office import clock, statute
from tests.sign_in import sign_in

from .conftest import pdf
from .test_admin import messages_of

ADD = reverse("admin:assessments_comment_add")
LIST = reverse("admin:assessments_comment_changelist")
MINUTE = "%Y-%m-%dT%H:%M"


@pytest.fixture
def officer(client, people):
    response = sign_in(client, people.officer)
    assert response.status_code == 302, "the officer signs in with the authenticator code"
    return client


@pytest.fixture
def director(people):
    client = Client()
    assert sign_in(client, people.director).status_code == 302
    return client


def change_url(comment):
    return reverse("admin:assessments_comment_change", args=[comment.pk])


def by_email(application, **overrides):
    return {
        "application": application.pk,
        "channel": "email",
        "received_at": clock.legal_now().strftime(MINUTE),
        "at_notice_address": "on",
        "name": "Ann Lee",
        "email": "ann@example.com",
        "organisation": "Valley Residents",
        "text": "The kiln will dry the creek.",
        "consent_to_publish": "on",
        **overrides,
    }


def by_post(application, **overrides):
    data = by_email(application, channel="post", email="", organisation="", **overrides)
    data.pop("consent_to_publish")
    return data


def recorded(application, *, actor, name="A resident", at_notice_address=True, received_at=None):
    return services.record_comment(
        application=application,
        actor=actor,
        name=name,
        email="",
        text=f"{name} writes about the creek.",
        channel=Comment.Channel.POST,
        received_at=received_at,
        at_notice_address=at_notice_address,
    )


# --- Recording a comment received by email or post (s33(2)(c)) ----------------------------------


def test_the_list_offers_recording_a_comment_and_the_form_has_every_field(officer, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    unpublished = make_application(State.LODGED)
    listing = officer.get(LIST)
    assert "Record a comment received by email or post" in listing.text and ADD in listing.text
    page = officer.get(ADD)
    assert page.status_code == 200
    for name in ("application", "channel", "received_at", "at_notice_address", "name", "email"):
        assert f'name="{name}"' in page.text, name
    for name in ("organisation", "text", "attachment", "consent_to_publish"):
        assert f'name="{name}"' in page.text, name
    assert 'type="datetime-local"' in page.text
    assert "<legend>Received by</legend>" in page.text  # the radio group is labelled
    assert 'value="web"' not in page.text  # staff record email and post only
    assert f'<option value="{application.pk}">' in page.text  # published for comment (s33)
    assert f'<option value="{unpublished.pk}">' not in page.text


def test_s34_a_a_comment_by_email_on_time_is_recorded_and_logged(officer, people, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    response = officer.post(ADD, by_email(application))
    comment = Comment.objects.get(application=application)
    assert response.status_code == 302 and response["Location"] == change_url(comment)
    assert (comment.channel, comment.on_time, comment.recorded_by) == ("email", True, people.officer)
    assert (comment.name, comment.organisation, comment.consent_to_publish) == (
        "Ann Lee",
        "Valley Residents",
        True,
    )
    shown = messages_of(officer.get(response["Location"]), "success")
    assert f"{comment.reference} recorded on {application.reference} (by email, received at" in shown
    assert "Made on time (s34(a)): yes, received on or before the last day for comments" in shown
    event = application.events.get(transition="record_comment")
    assert (event.actor, event.section, event.payload["comment"]) == (
        people.officer,
        "s33(2)(c)",
        comment.reference,
    )


def test_s34_a_a_comment_by_post_on_time_needs_no_email(officer, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    response = officer.post(ADD, by_post(application, attachment=pdf("letter.pdf")))
    assert response.status_code == 302
    comment = Comment.objects.get(application=application)
    assert (comment.channel, comment.email, comment.on_time) == ("post", "", True)
    assert comment.attachment_name == "letter.pdf" and comment.attachment_size > 0
    assert not comment.consent_to_publish


def test_s34_a_a_letter_received_after_the_last_day_is_recorded_as_late(officer, make_application):
    application = make_application(State.COMMENTS_CLOSED)  # its closing day is 10 days past
    response = officer.post(ADD, by_post(application), follow=True)
    comment = Comment.objects.get(application=application)
    assert not comment.on_time
    last_day = statute.format_day(statute.effective_closing_day(application.closing_day))
    assert f"Made on time (s34(a)): no, received after the last day for comments, {last_day}" in messages_of(
        response, "success"
    )


def test_s34_a_a_comment_sent_elsewhere_is_recorded_but_not_on_time(officer, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    data = by_email(application)
    data.pop("at_notice_address")
    response = officer.post(ADD, data, follow=True)
    comment = Comment.objects.get(application=application)
    assert not comment.on_time and not comment.at_notice_address
    assert "Made on time (s34(a)): no, not made at the address for comments in the notice" in messages_of(
        response, "success"
    )


def test_the_received_time_is_read_as_canberra_time(officer, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    now = clock.legal_now().replace(second=0, microsecond=0)
    assert officer.post(ADD, by_email(application, received_at=now.strftime(MINUTE))).status_code == 302
    assert Comment.objects.get(application=application).received_at == now


def test_an_unpublished_application_is_not_offered_and_is_refused(officer, make_application):
    lodged = make_application(State.LODGED)
    response = officer.post(ADD, by_email(lodged))
    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert not Comment.objects.exists()


def test_a_comment_received_after_now_is_refused_on_its_field(officer, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    later = (clock.legal_now() + timedelta(hours=2)).strftime(MINUTE)
    response = officer.post(ADD, by_email(application, received_at=later))
    assert response.status_code == 400
    assert "after the moment it is recorded" in messages_of(response, "error")
    assert 'class="form-row errors field-received_at"' in response.text
    assert not Comment.objects.exists()


def test_s33_2_c_a_comment_received_before_the_notice_is_refused(officer, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    before = (clock.legal_now() - timedelta(days=3)).strftime(MINUTE)
    response = officer.post(ADD, by_email(application, received_at=before))
    assert response.status_code == 400
    assert "s33(2)(c): the comment is given as received on" in messages_of(response, "error")
    assert not Comment.objects.exists()


def test_once_advice_is_given_no_comment_is_recorded(officer, make_application):
    application = make_application(State.ADVICE_GIVEN)
    response = officer.post(ADD, by_email(application))
    assert response.status_code == 409
    assert "Comments are recorded while the application is open for comment" in messages_of(response, "error")
    assert not Comment.objects.exists()


def test_missing_and_wrong_fields_are_shown_on_the_form(officer, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    response = officer.post(ADD, by_email(application, name="", channel="web", received_at="yesterday"))
    assert response.status_code == 400
    for name in ("name", "channel", "received_at"):
        assert f"form-row errors field-{name}" in response.text, name
    assert 'class="errornote"' in response.text and 'href="#id_name"' in response.text
    response = officer.post(ADD, by_email(application, attachment=pdf("letter.pdf", b"not a pdf")))
    assert response.status_code == 400
    assert "form-row errors field-attachment" in response.text
    assert not Comment.objects.exists()


def test_the_director_records_too(director, people, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    assert director.post(ADD, by_post(application)).status_code == 302
    assert Comment.objects.get(application=application).recorded_by == people.director


@pytest.mark.parametrize("username", ["proponent", "auditor", "minister", None])
def test_nobody_outside_the_office_records_or_lists_comments(client, people, make_application, username):
    application = make_application(State.OPEN_FOR_COMMENT)
    if username:
        sign_in(client, getattr(people, username))
    for response in (client.get(ADD), client.post(ADD, by_email(application)), client.get(LIST)):
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    assert not Comment.objects.exists()


# --- The list: on time and late (s34(a)), channel, theme, considered ------------------------------


def test_the_list_says_in_words_which_were_made_on_time(officer, people, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    on_time = recorded(application, actor=people.officer, name="On Time")
    elsewhere = recorded(application, actor=people.officer, name="Elsewhere", at_notice_address=False)
    page = officer.get(LIST).text
    for heading in ("Made on time (s34(a))", "Received by", "Theme", "Considered (s34(a))"):
        assert heading in page, heading
    for title in (
        "By made on time (s34(a))",
        "By considered (s34(a))",
        "By theme (s34(b))",
        "By received by",
    ):
        assert title.lower() in page.lower(), title
    assert "No: not at the notice&#x27;s address" in page or "No: not at the notice's address" in page
    late = officer.get(f"{LIST}?on_time__exact=0").text
    assert elsewhere.reference in late and on_time.reference not in late


def test_a_late_comment_is_listed_as_late(officer, people, make_application):
    application = make_application(State.COMMENTS_CLOSED)
    late = recorded(application, actor=people.officer, name="Late Letter")
    page = officer.get(f"{LIST}?on_time__exact=0&channel__exact=post").text
    assert late.reference in page and "No: late" in page


def test_the_applications_link_lists_only_its_comments(officer, people, make_application):
    first, second = make_application(State.OPEN_FOR_COMMENT), make_application(State.OPEN_FOR_COMMENT)
    mine = [recorded(first, actor=people.officer, name=f"First {n}") for n in range(2)]
    other = recorded(second, actor=people.officer, name="Second")
    page = officer.get(f"{LIST}?application__id__exact={first.pk}")
    assert page.status_code == 200
    assert all(comment.reference in page.text for comment in mine)
    assert other.reference not in page.text
    assert str(first) in page.text  # the filter says which application
    assert f"{ADD}?application={first.pk}" in page.text  # recording goes on with the same application
    form = officer.get(f"{ADD}?application={first.pk}").text
    assert f'<option value="{first.pk}" selected>' in form


def test_the_list_filters_by_theme(officer, people, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    water, noise = (recorded(application, actor=people.officer, name=name) for name in ("Water", "Noise"))
    services.consider_comment(
        comment=water, actor=people.officer, considered=True, response="R", theme="Water use"
    )
    page = officer.get(f"{LIST}?theme=Water+use").text
    assert water.reference in page and noise.reference not in page
    none_yet = officer.get(f"{LIST}?theme=-").text
    assert noise.reference in none_yet and water.reference not in none_yet


@pytest.mark.parametrize(
    "query", ["", "?on_time__exact=1&considered__exact=0", "?application__id__exact={pk}"]
)
def test_the_list_makes_the_same_queries_whatever_the_number_of_comments(
    officer, people, make_application, django_assert_num_queries, query
):
    application = make_application(State.OPEN_FOR_COMMENT)
    url = LIST + query.format(pk=application.pk)

    def add(count):
        for n in range(count):
            comment = recorded(application, actor=people.officer, name=f"Writer {Comment.objects.count()}")
            if n % 2:
                services.consider_comment(
                    comment=comment, actor=people.officer, considered=True, response="R", theme=f"Theme {n}"
                )

    add(3)
    officer.get(url)  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert officer.get(url).status_code == 200
    add(9)
    with django_assert_num_queries(len(few.captured_queries)):
        response = officer.get(url)
    assert response.text.count("Writer ") >= 12


# --- Considering: one by one, and by theme in bulk (s34(a), s34(b)) -------------------------------


def test_the_change_form_sets_the_theme_and_logs_it(officer, people, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    earlier, comment = (
        recorded(application, actor=people.officer, name=name) for name in ("Earlier", "This")
    )
    services.consider_comment(
        comment=earlier, actor=people.officer, considered=True, response="R", theme="Noise"
    )
    page = officer.get(change_url(comment)).text
    assert 'name="theme"' in page and 'list="comment-themes"' in page
    assert '<datalist id="comment-themes"><option value="Noise"></option></datalist>' in page
    response = officer.post(
        change_url(comment), {"considered": "on", "theme": "Water use", "response": "Noted."}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.considered, comment.theme, comment.response) == (True, "Water use", "Noted.")
    event = application.events.filter(transition="consider_comment").last()
    assert event.payload["before"]["theme"] == "" and event.payload["after"]["theme"] == "Water use"


def _act(client, comments, **data):
    return client.post(
        LIST,
        {"action": "consider_by_theme", "_selected_action": [comment.pk for comment in comments], **data},
    )


def test_three_comments_are_considered_by_theme_each_logged(officer, people, make_application):
    application = make_application(State.COMMENTS_CLOSED)
    earlier = recorded(application, actor=people.officer, name="Earlier")
    services.consider_comment(
        comment=earlier, actor=people.officer, considered=True, response="R", theme="Dust"
    )
    comments = [recorded(application, actor=people.officer, name=f"Writer {n}") for n in range(3)]
    page = _act(officer, comments)
    assert page.status_code == 200
    assert "Consider the selected comments (by theme)" in page.text
    assert all(comment.reference in page.text for comment in comments)
    assert earlier.reference not in page.text
    assert '<option value="Dust"></option>' in page.text and "<q>Dust</q>" in page.text  # no JS needed
    events_before = application.events.count()
    response = _act(
        officer, comments, apply="yes", theme="Water use", response="Addressed in the advice, part 3."
    )
    assert response.status_code == 302
    assert "3 comments considered (s34(a)) under the theme “Water use”." in messages_of(
        officer.get(response["Location"]), "success"
    )
    for comment in comments:
        comment.refresh_from_db()
        assert (comment.considered, comment.theme, comment.considered_by) == (
            True,
            "Water use",
            people.officer,
        )
        assert comment.response == "Addressed in the advice, part 3." and comment.considered_at
    events = list(application.events.order_by("pk")[events_before:])
    assert [event.transition for event in events] == ["consider_comment"] * 3
    assert sorted(event.payload["comment"] for event in events) == sorted(c.reference for c in comments)
    assert all(event.actor == people.officer and event.section == "s34(a)" for event in events)
    assert all(event.hash_matches() for event in application.events.all())


def test_a_refusal_in_bulk_leaves_every_comment_as_it_was(officer, people, make_application):
    open_ = make_application(State.OPEN_FOR_COMMENT)
    advised = make_application(State.COMMENTS_CLOSED)
    after_advice = recorded(advised, actor=people.officer, name="Late")  # late, so advice may be given
    services.give_advice(application=advised, actor=people.officer, recommendation="approve", summary="S.")
    comments = [recorded(open_, actor=people.officer, name=f"Writer {n}") for n in range(2)] + [after_advice]
    events = ApplicationEvent.objects.count()
    response = _act(officer, comments, apply="yes", theme="Water use", response="Noted.")
    assert response.status_code == 409
    shown = messages_of(response, "error")
    assert shown.startswith("Comments can be considered only until advice is given.")
    assert f"{after_advice.reference} ({advised.reference}, advice given to the Minister)" in shown
    assert "None of the selected comments was marked considered." in shown
    assert not Comment.objects.filter(considered=True).exists()
    assert not Comment.objects.exclude(theme="").exists()
    assert ApplicationEvent.objects.count() == events


def test_bulk_without_a_response_or_theme_is_refused_on_the_form(officer, people, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    comments = [recorded(application, actor=people.officer, name=f"Writer {n}") for n in range(2)]
    response = _act(officer, comments, apply="yes", theme="", response="")
    assert response.status_code == 400
    assert (
        "form-row errors field-theme" in response.text and "form-row errors field-response" in response.text
    )
    assert not Comment.objects.filter(considered=True).exists()


def test_the_director_considers_in_bulk_too(director, people, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    comments = [recorded(application, actor=people.officer, name=f"Writer {n}") for n in range(2)]
    assert _act(director, comments, apply="yes", theme="Noise", response="Noted.").status_code == 302
    assert set(Comment.objects.values_list("considered_by", flat=True)) == {people.director.pk}


def test_only_office_staff_may_consider_in_bulk(people, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    comment = recorded(application, actor=people.officer)
    with pytest.raises(AssessmentError) as error:
        services.consider_comments(comments=[comment], actor=people.proponent, theme="Noise", response="R")
    assert error.value.kind == Refusal.FORBIDDEN
    comment.refresh_from_db()
    assert not comment.considered


def test_s34_a_consideration_by_theme_counts_for_advice(officer, people, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    comments = [recorded(application, actor=people.officer, name=f"Writer {n}") for n in range(3)]
    Application.objects.filter(pk=application.pk).update(
        closing_day=statute.legal_today() - timedelta(days=10)
    )
    application.refresh_from_db()
    services.close_comments(application=application, actor=None)
    services.consider_comments(comments=comments, actor=people.officer, theme="Water use", response="Noted.")
    services.give_advice(
        application=application, actor=people.officer, recommendation="approve", summary="S."
    )
    application.refresh_from_db()
    assert application.state == State.ADVICE_GIVEN
