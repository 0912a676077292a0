"""The application's change page in sections, with acts not yet lawful shown disabled in the guards' words,
and comments, documents and the log bounded: the same queries and a small page whatever their number."""

import html
import secrets
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments import guards, services
from assessments.admin import change_page
from assessments.models import Application, ApplicationEvent, Comment, Document, State
from greenhouse_office import statute

from .conftest import pdf


def change_url(application, **params):
    url = reverse("admin:assessments_application_change", args=[application.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def step_url(application, name):
    return reverse("admin:assessments_application_transition", args=[application.pk, name])


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def section(page: str, section_id: str) -> str:
    """The HTML of one section of the page (its <details> element)."""
    start = page.index(f'<details class="office-section" id="{section_id}"')
    end = page.find('<details class="office-section" id=', start + 1)
    return page[start : end if end != -1 else None]


def add_comments(application, count: int, **fields) -> None:
    """``count`` comments straight into the table: the page reads them, it does not make them."""
    at = timezone.now()
    Comment.objects.bulk_create(
        Comment(
            application=application,
            reference=f"C-{secrets.token_hex(5).upper()}",
            name=f"Resident {n}",
            email=f"resident{n}@example.com",
            text="Please consider the effect on the valley. " * 5,
            received_at=at - timedelta(minutes=n),
            channel=Comment.Channel.WEB,
            on_time=fields.get("on_time", n % 5 != 0),
            considered=fields.get("considered", n % 3 == 0),
            status=fields.get("status", Comment.Status.RECEIVED),
        )
        for n in range(count)
    )


def add_events(application, count: int) -> None:
    start = application.log_length
    ApplicationEvent.objects.bulk_create(
        ApplicationEvent(
            application=application,
            sequence=start + n + 1,
            kind="change",
            transition="record_comment",
            from_state=application.state,
            to_state=application.state,
            actor_name="system",
            role="",
            section="s33(2)(c)",
            payload={},
            at=timezone.now(),
            previous_hash="",
            key_id="test",
            hash=secrets.token_hex(32),
        )
        for n in range(count)
    )
    Application.objects.filter(pk=application.pk).update(log_length=start + count)


def add_documents(application, user, count: int) -> None:
    Document.objects.bulk_create(
        Document(
            application=application,
            kind=Document.Kind.OTHER,
            file=f"applications/{application.pk}/{secrets.token_hex(8)}.pdf",
            original_name=f"letter-{n}.pdf",
            size=1000,
            sha256="0" * 64,
            uploaded_by=user,
            superseded_at=timezone.now() if n % 2 else None,
        )
        for n in range(count)
    )


def queries_of(client, url) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries), response


# --- Sections --------------------------------------------------------------------------------------


def test_the_change_page_is_in_sections_with_a_contents_list_and_the_summary_open(
    client, people, make_application
):
    application = make_application(State.OPEN_FOR_COMMENT)
    client.force_login(people.officer)
    page = text_of(client.get(change_url(application)))
    for section_id in ("summary", "screening", "documents", "notices", "comments", "log"):
        assert f'href="?section={section_id}#{section_id}"' in page
        assert f'id="{section_id}"' in page
    assert '<details class="office-section" id="summary" open>' in page
    assert '<details class="office-section" id="comments">' in page
    opened = text_of(client.get(change_url(application, section="comments")))
    assert '<details class="office-section" id="comments" open>' in opened
    unknown = text_of(client.get(change_url(application, section="<script>")))
    assert "<script>#" not in unknown and '<details class="office-section" id="summary" open>' in unknown


def test_the_summary_gives_reference_stage_proponent_deadline_and_officer_in_words(
    client, people, make_application
):
    application = make_application(State.LODGED)
    Application.objects.filter(pk=application.pk).update(
        evaluation_due_on=statute.legal_today() - timedelta(days=2), assigned_officer=people.officer
    )
    client.force_login(people.officer)
    summary = section(text_of(client.get(change_url(application))), "summary")
    assert application.reference in summary
    assert '<span class="office-state">Lodged</span>' in summary
    assert application.organisation.name in summary
    assert "Independent evaluation (s32(1)): overdue by 2 days" in summary
    assert people.officer.get_full_name() in summary
    assert 'form="assign-form"' in summary  # the assignment buttons name the form outside the admin's


# --- Acts not yet lawful: disabled, in the guards' words, with the day they become possible ---------


def test_s33_3_closing_comments_before_the_closing_day_is_a_disabled_button_with_the_day_it_is_possible(
    client, people, make_application
):
    application = make_application(State.OPEN_FOR_COMMENT)
    client.force_login(people.officer)
    summary = section(text_of(client.get(change_url(application))), "summary")
    assert step_url(application, "close_comments") not in summary  # not a link
    assert 'aria-disabled="true" aria-describedby="why-close_comments"' in summary
    first_day = statute.effective_closing_day(application.closing_day) + timedelta(days=1)
    assert f"Not possible yet: possible from {statute.format_day(first_day)}." in summary
    assert guards.closing_day_has_passed.refusal(application) in summary  # the guard's words, not a copy
    # The form is still reached by its URL; the executor refuses the POST.
    assert client.get(step_url(application, "close_comments")).status_code == 200


def test_s33_3_the_day_comments_may_close_is_the_guards_and_it_is_met_that_day():
    application = Application(closing_day=statute.legal_today())
    first_day = guards.closing_day_has_passed.first_day(application)
    assert first_day == statute.effective_closing_day(application.closing_day) + timedelta(days=1)
    assert guards.closing_day_has_passed.refusal(application, on=first_day) is None
    assert guards.closing_day_has_passed.refusal(application, on=first_day - timedelta(days=1))


def test_closing_comments_after_the_closing_day_is_a_link_to_its_form(client, people, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    Application.objects.filter(pk=application.pk).update(
        closing_day=statute.legal_today() - timedelta(days=10)
    )
    client.force_login(people.officer)
    summary = section(text_of(client.get(change_url(application))), "summary")
    assert f'href="{step_url(application, "close_comments")}"' in summary
    assert "why-close_comments" not in summary


def test_s34_a_advice_is_disabled_while_a_comment_made_on_time_is_unconsidered_with_no_day(
    client, people, make_application
):
    application = make_application(State.COMMENTS_CLOSED)
    add_comments(application, 2, on_time=True, considered=False)
    client.force_login(people.officer)
    summary = section(text_of(client.get(change_url(application))), "summary")
    assert 'aria-describedby="why-give_advice"' in summary
    assert "s34(a): the Office must consider every comment made on time; 2 have not been marked" in summary
    assert "Not possible yet." in summary and "possible from" not in summary  # time alone does not meet it
    Comment.objects.filter(application=application).update(considered=True)
    summary = section(text_of(client.get(change_url(application))), "summary")
    assert f'href="{step_url(application, "give_advice")}"' in summary


def test_s32_1_recording_the_evaluation_is_a_link_the_form_brings_the_pdf(client, people, make_application):
    application = make_application(State.EVALUATION_COMMISSIONED)
    assert guards.has_evaluation_document.refusal(application)  # not uploaded yet
    client.force_login(people.officer)
    summary = section(text_of(client.get(change_url(application))), "summary")
    assert f'href="{step_url(application, "record_evaluation")}"' in summary
    assert "why-record_evaluation" not in summary


# --- Bounded sections: comments, log and documents -------------------------------------------------


def test_comments_are_counted_the_latest_listed_and_linked_to_the_filtered_comment_list(
    client, people, make_application
):
    application = make_application(State.OPEN_FOR_COMMENT)
    other = make_application(State.OPEN_FOR_COMMENT, title="Another kiln")
    add_comments(application, 30)
    add_comments(application, 2, status=Comment.Status.HELD, on_time=True, considered=False)
    add_comments(other, 3)
    client.force_login(people.officer)
    comments = section(text_of(client.get(change_url(application))), "comments")
    made = Comment.objects.filter(application=application)
    assert "All 32 comments" in comments
    assert f"late (s34(a)): {made.filter(on_time=False).count()}" in comments
    assert f"still to consider (s34(a)): {made.filter(on_time=True, considered=False).count()}" in comments
    assert "Held as suspected spam: 2" in comments and "duplicates: 0" in comments
    assert comments.count("<tr>") == 1 + change_page.LATEST_COMMENTS  # the header and the latest
    listing = reverse("admin:assessments_comment_changelist") + f"?application__id__exact={application.pk}"
    assert f'href="{listing}"' in comments
    response = client.get(listing)
    assert response.status_code == 200
    assert "32 comments" in response.text
    assert not any(c.reference in response.text for c in other.comments.all())


def test_the_log_lists_the_latest_events_and_links_to_the_whole_log(client, people, make_application):
    application = make_application(State.EVALUATED)
    add_events(application, 60)
    application.refresh_from_db()
    client.force_login(people.officer)
    log = section(text_of(client.get(change_url(application))), "log")
    assert f"The latest {change_page.LATEST_EVENTS} of {application.log_length}" in log
    assert log.count("<tr>") == 1 + change_page.LATEST_EVENTS
    listing = reverse("admin:assessments_applicationevent_changelist")
    assert f'href="{listing}?application__id__exact={application.pk}"' in log
    assert client.get(f"{listing}?application__id__exact={application.pk}").status_code == 200


def test_superseded_documents_are_counted_and_collapsed(client, people, make_application):
    application = make_application(State.DRAFT)
    services.upload_document(application=application, actor=people.proponent, kind="gia", upload=pdf())
    services.upload_document(
        application=application, actor=people.proponent, kind="gia", upload=pdf("v2.pdf")
    )
    client.force_login(people.officer)
    documents = section(text_of(client.get(change_url(application))), "documents")
    assert "Current documents (1)" in documents
    assert "<summary>Superseded documents (1), kept on record</summary>" in documents
    current = application.documents.get(superseded_at__isnull=True)
    assert reverse("admin:assessments_application_document", args=[application.pk, current.pk]) in documents


def test_the_change_page_makes_the_same_queries_with_few_and_many_comments_events_and_documents(
    client, people, make_application
):
    few, many = make_application(State.OPEN_FOR_COMMENT), make_application(State.OPEN_FOR_COMMENT)
    add_comments(few, 3)
    add_events(few, 5)
    add_documents(few, people.officer, 2)
    add_comments(many, 60)
    add_events(many, 80)
    add_documents(many, people.officer, 70)
    client.force_login(people.officer)
    client.get(change_url(few))  # the session and caches, as for anyone already signed in
    for shown in ("", "comments"):
        params = {"section": shown} if shown else {}
        assert (
            queries_of(client, change_url(few, **params))[0]
            == queries_of(client, change_url(many, **params))[0]
        )


def test_the_change_page_stays_small_with_600_comments(client, people, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    add_comments(application, 600)
    add_events(application, 200)
    client.force_login(people.officer)
    response = client.get(change_url(application))
    assert response.status_code == 200
    assert len(response.content) < 200_000
    assert "All 600 comments" in text_of(response)


# --- The applications list: the same queries at 3 and 60 applications, with each filter ----------


FILTERS = [
    {},
    {"state__exact": State.LODGED},
    {"overdue": "yes"},
    {"overdue": "week"},
    {"overdue": "closing"},
    {"to_do": "consider"},
    {"to_do": "advice"},
    {"location_state__exact": "VIC"},
    {"source_category": "1.A.2"},
    {"officer": "me"},
    {"officer": "none"},
    {"limb__exact": "emissions"},
    {"q": "kiln"},
]


def test_the_changelist_makes_the_same_queries_at_3_and_60_applications_with_each_filter(
    client, people, make_application
):
    made = [make_application(State.LODGED), make_application(State.OPEN_FOR_COMMENT)]
    made.append(make_application(State.COMMENTS_CLOSED))
    Application.objects.filter(pk=made[0].pk).update(assigned_officer=people.officer)
    url = reverse("admin:assessments_application_changelist")
    client.force_login(people.officer)
    client.get(url)
    filters = [*FILTERS, {"organisation__id__exact": made[0].organisation_id}]
    few = [queries_of(client, url + "?" + "&".join(f"{k}={v}" for k, v in f.items()))[0] for f in filters]
    copies = []
    for n in range(57):
        copy = Application.objects.get(pk=made[n % 3].pk)
        copy.pk = copy.id = None
        copy.assigned_officer = people.director if n % 2 else None
        copies.append(copy)
    Application.objects.bulk_create(copies)
    assert Application.objects.count() >= 60
    many = [queries_of(client, url + "?" + "&".join(f"{k}={v}" for k, v in f.items()))[0] for f in filters]
    assert few == many
