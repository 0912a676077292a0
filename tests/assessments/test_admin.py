"""The Office's admin: a read-only record, buttons for the acts the signed-in person may run, each a
POSTed form that calls the service and shows its refusals (citing the section) as messages."""

import html
import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import (
    AmendmentRequest,
    Application,
    ApplicationEvent,
    Comment,
    IndependentAuditor,
    State,
)
from greenhouse_office import statute

from .conftest import pdf, publication


def change_url(application):
    return reverse("admin:assessments_application_change", args=[application.pk])


def step_url(application, name):
    return reverse("admin:assessments_application_transition", args=[application.pk, name])


def signed_in(client, user):
    client.force_login(user)
    return client


def publish_data(application, **overrides):
    payload = publication()
    data = {
        "gazette_date": payload["gazette_date"].isoformat(),
        "internet_published_on": payload["internet_published_on"].isoformat(),
        "comment_address": payload["comment_address"],
        "closing_day": payload["closing_day"].isoformat(),
        "affected_states": list(application.affected_states),
    }
    for notice in payload["newspapers"]:
        code = notice["state_or_territory"]
        data[f"newspaper_{code}"] = notice["newspaper"]
        data[f"newspaper_{code}_published_on"] = notice["published_on"].isoformat()
    return {**data, **overrides}


def messages_of(response, level="") -> str:
    """The admin messages shown on the page, as written (one a line)."""
    items = re.findall(r'<li class="([a-z ]*)">(.*?)</li>', response.text.split('class="messagelist"', 1)[-1])
    shown = [html.unescape(text) for tags, text in items if level in tags]
    return "\n".join(shown) if 'class="messagelist"' in response.text else ""


def auditor_of(user):
    return IndependentAuditor.objects.get(user=user)


# --- Reaching the pages ------------------------------------------------------------------------


def test_officer_sees_the_list_and_the_read_only_change_page(client, people, make_application):
    application = make_application(State.LODGED)
    signed_in(client, people.officer)
    listing = client.get(reverse("admin:assessments_application_changelist"))
    assert listing.status_code == 200
    assert application.reference in listing.text and application.title in listing.text
    page = client.get(change_url(application))
    assert page.status_code == 200
    assert "Lodged" in page.text


def test_no_state_field_and_no_save_on_the_change_form(client, people, make_application):
    application = make_application(State.LODGED)
    page = signed_in(client, people.director).get(change_url(application))
    assert 'name="state"' not in page.text
    assert "<select" not in page.text  # no dropdown of any kind, the state least of all
    assert 'name="_save"' not in page.text


def test_posting_the_change_form_is_refused_the_state_moves_only_through_services(
    client, people, make_application
):
    application = make_application(State.LODGED)
    response = signed_in(client, people.director).post(change_url(application), {"state": State.APPROVED})
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.state == State.LODGED


@pytest.mark.parametrize("username", ["proponent", "minister", "auditor", None])
def test_only_office_staff_reach_the_workflow_admin(client, people, make_application, username):
    application = make_application(State.EVALUATED)
    document = application.documents.first()
    if username:
        signed_in(client, getattr(people, username))
    urls = [
        reverse("admin:assessments_application_changelist"),
        change_url(application),
        step_url(application, "publish_for_comment"),
        reverse("admin:assessments_application_document", args=[application.pk, document.pk]),
        reverse("admin:assessments_comment_changelist"),
        reverse("admin:assessments_applicationevent_changelist"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url
    response = client.post(step_url(application, "publish_for_comment"), publish_data(application))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.EVALUATED


def test_office_staff_cannot_add_or_delete_applications_comments_or_events(client, people, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    comment = _comment(application)
    event = application.events.first()
    signed_in(client, people.director)
    assert client.get(reverse("admin:assessments_application_add")).status_code == 403
    for name, obj in (("application", application), ("comment", comment), ("applicationevent", event)):
        url = reverse(f"admin:assessments_{name}_delete", args=[obj.pk])
        assert client.get(url).status_code == 403, name
        assert client.post(url, {"post": "yes"}).status_code == 403, name
    assert Application.objects.filter(pk=application.pk).exists()
    assert Comment.objects.filter(pk=comment.pk).exists()
    assert ApplicationEvent.objects.filter(pk=event.pk).exists()


def test_changelist_queries_do_not_grow_with_the_applications(
    client, people, make_application, django_assert_max_num_queries
):
    for _ in range(6):
        make_application(State.LODGED)
    signed_in(client, people.officer)
    client.get(reverse("admin:assessments_application_changelist"))  # warm the session
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:assessments_application_changelist"))
    assert response.text.count("GHO-") >= 6


def test_change_page_with_inlines_has_bounded_queries(
    client, people, make_application, django_assert_max_num_queries
):
    application = make_application(State.OPEN_FOR_COMMENT)
    for _ in range(3):
        _comment(application)
    signed_in(client, people.officer)
    with django_assert_max_num_queries(30):
        response = client.get(change_url(application))
    assert response.status_code == 200


def test_search_by_reference(client, people, make_application):
    first, second = make_application(State.LODGED), make_application(State.LODGED, title="Another kiln")
    signed_in(client, people.officer)
    response = client.get(reverse("admin:assessments_application_changelist"), {"q": second.reference})
    assert second.title in response.text and change_url(first) not in response.text


# --- Buttons: exactly the Office acts this person may run now -----------------------------------


def test_lodged_officer_may_return_but_not_commission_the_director_may_do_both(
    client, people, make_application
):
    application = make_application(State.LODGED)
    officer_page = signed_in(client, people.officer).get(change_url(application)).text
    assert "Return for amendment" in officer_page
    assert step_url(application, "return_for_amendment") in officer_page
    assert "Commission the independent evaluation" not in officer_page
    assert step_url(application, "commission_evaluation") not in officer_page
    director_page = signed_in(Client(), people.director).get(change_url(application)).text
    assert step_url(application, "return_for_amendment") in director_page
    assert step_url(application, "commission_evaluation") in director_page
    assert "Commission the independent evaluation" in director_page


@pytest.mark.parametrize(
    ("state", "steps"),
    [
        (State.DRAFT, []),
        (State.LODGED, ["return_for_amendment"]),
        (State.EVALUATION_COMMISSIONED, ["record_evaluation"]),
        (State.EVALUATED, ["publish_for_comment"]),
        (State.OPEN_FOR_COMMENT, ["close_comments (disabled)"]),  # before the closing day has passed
        (State.COMMENTS_CLOSED, ["give_advice"]),
        (State.ADVICE_GIVEN, []),
        (State.APPROVED, []),
    ],
)
def test_officer_buttons_by_state(client, people, make_application, state, steps):
    application = make_application(state)
    page = signed_in(client, people.officer).get(change_url(application)).text
    every = ["lodge", "return_for_amendment", "commission_evaluation", "record_evaluation"]
    every += ["publish_for_comment", "close_comments", "give_advice", "approve", "refuse", "withdraw"]
    shown = [name for name in every if step_url(application, name) in page]
    shown += [f"{name} (disabled)" for name in every if f'aria-describedby="why-{name}"' in page]
    assert shown == steps
    if state == State.ADVICE_GIVEN:
        assert "Minister" in page  # the Minister decides elsewhere (s30)


def test_the_ministers_decision_and_proponents_acts_are_not_admin_steps(client, people, make_application):
    application = make_application(State.ADVICE_GIVEN)
    signed_in(client, people.director)
    for name in ("approve", "refuse", "lodge", "withdraw", "state"):
        assert client.get(step_url(application, name)).status_code == 404
        assert client.post(step_url(application, name)).status_code == 404


def test_a_step_not_open_to_the_person_redirects_with_a_message(client, people, make_application):
    application = make_application(State.LODGED)
    response = signed_in(client, people.officer).get(
        step_url(application, "commission_evaluation"), follow=True
    )
    assert response.redirect_chain[-1][0] == change_url(application)
    assert "is not open to you" in messages_of(response, "error")


def test_state_changes_need_csrf(people, make_application):
    application = make_application(State.LODGED)
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.director)
    response = client.post(
        step_url(application, "commission_evaluation"), {"auditor": auditor_of(people.auditor).pk}
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.state == State.LODGED


# --- Commissioning the evaluation (s32(2)) ------------------------------------------------------


def test_officer_posting_the_commission_form_is_refused(client, people, make_application):
    application = make_application(State.LODGED)
    response = signed_in(client, people.officer).post(
        step_url(application, "commission_evaluation"), {"auditor": auditor_of(people.auditor).pk}
    )
    assert response.status_code == 403
    assert "Only the Director (s32(2)) may commission the independent evaluation." in messages_of(
        response, "error"
    )
    application.refresh_from_db()
    assert application.state == State.LODGED and application.auditor is None


def test_s32_2_director_appointing_a_contracted_auditor_is_refused_with_the_reason(
    client, people, make_application
):
    application = make_application(State.LODGED)
    response = signed_in(client, people.director).post(
        step_url(application, "commission_evaluation"), {"auditor": auditor_of(people.auditor2).pk}
    )
    assert response.status_code == 400  # the form again, with the refusal and its status
    shown = messages_of(response, "error")
    assert shown.startswith(
        "s32(2): Ben Kowalski cannot be appointed: contract with Southern Cross Cement Pty Ltd "
        "(the proponent) 1 July 2019 to 30 June 2021"
    )
    assert "since the Act commenced (12 March 2008)" in shown
    assert 'name="auditor"' in response.text
    application.refresh_from_db()
    assert application.state == State.LODGED and application.auditor is None


def _auditor_options(response) -> dict[str, str]:
    select = response.text.split('name="auditor"', 1)[1].split("</select>", 1)[0]
    return {
        html.unescape(label): value
        for value, label in re.findall(r'<option value="(\d+)"[^>]*>(.*?)</option>', select)
    }


def test_s32_2_the_auditor_choice_shows_each_auditors_standing_before_submitting(
    client, people, make_application
):
    application = make_application(State.LODGED)
    page = signed_in(client, people.director).get(step_url(application, "commission_evaluation"))
    assert page.status_code == 200
    assert _auditor_options(page) == {
        "Alice Martin (auditor) -- independent": str(auditor_of(people.auditor).pk),
        "Ben Kowalski (auditor2) -- cannot be appointed: contract with Southern Cross Cement Pty Ltd "
        "(the proponent) 1 July 2019 to 30 June 2021": str(auditor_of(people.auditor2).pk),
    }


def test_s32_2_the_auditor_choice_and_the_appointment_apply_one_rule(client, people, make_application):
    """The label is the guard's own reasons: what the choice shows is what the appointment refuses."""
    application = make_application(State.LODGED)
    alice = auditor_of(people.auditor)
    alice.engagements.create(
        organisation=application.organisation,
        kind="employment",
        started_on=statute.commencement(),
        ended_on=statute.commencement() + timedelta(days=365),
    )
    IndependentAuditor.objects.filter(pk=alice.pk).update(fit_and_proper_declared_on=None)
    signed_in(client, people.director)
    options = _auditor_options(client.get(step_url(application, "commission_evaluation")))
    [alice_label] = [label for label in options if label.startswith("Alice Martin (auditor)")]
    assert alice_label == (
        "Alice Martin (auditor) -- cannot be appointed: no declaration of being a fit and proper person; "
        "employed by Southern Cross Cement Pty Ltd (the proponent) 12 March 2008 to 12 March 2009"
    )
    refused = client.post(step_url(application, "commission_evaluation"), {"auditor": alice.pk})
    shown = messages_of(refused, "error")
    assert "s32(2)(b): Alice Martin cannot be appointed: no declaration of being a fit and proper" in shown
    assert "s32(2): Alice Martin cannot be appointed: employed by Southern Cross Cement Pty Ltd" in shown


def test_s32_2_an_auditor_employed_by_the_proponent_in_the_past_is_shown_as_not_appointable(
    client, people, make_application
):
    application = make_application(State.LODGED)
    proponent2 = people.proponent2.organisation
    Application.objects.filter(pk=application.pk).update(organisation=proponent2)
    auditor_of(people.auditor2).engagements.create(
        organisation=proponent2, kind="employment", started_on=date(2009, 1, 1), ended_on=date(2012, 6, 30)
    )
    page = signed_in(client, people.director).get(step_url(application, "commission_evaluation"))
    labels = set(_auditor_options(page))
    assert "Alice Martin (auditor) -- independent" in labels
    assert (
        f"Ben Kowalski (auditor2) -- cannot be appointed: employed by {proponent2} (the proponent) "
        "1 January 2009 to 30 June 2012"
    ) in labels


def test_director_commissions_an_independent_auditor(client, people, make_application):
    application = make_application(State.LODGED)
    response = signed_in(client, people.director).post(
        step_url(application, "commission_evaluation"),
        {"auditor": auditor_of(people.auditor).pk},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == change_url(application)
    assert "now evaluation commissioned" in messages_of(response, "success")
    application.refresh_from_db()
    assert application.state == State.EVALUATION_COMMISSIONED
    assert application.auditor == auditor_of(people.auditor)
    event = application.events.order_by("-sequence").first()
    assert (event.transition, event.actor, event.role) == (
        "commission_evaluation",
        people.director,
        "Director",
    )


# --- The other Office acts ----------------------------------------------------------------------


def _amendment_rows(*rows):
    data = {
        "requests-TOTAL_FORMS": "4",
        "requests-INITIAL_FORMS": "0",
        "requests-MIN_NUM_FORMS": "0",
        "requests-MAX_NUM_FORMS": "20",
    }
    for number, (kind, detail) in enumerate(rows):
        data[f"requests-{number}-kind"] = kind
        data[f"requests-{number}-detail"] = detail
    return data


def test_return_for_amendment_with_typed_requests(client, people, make_application):
    application = make_application(State.LODGED)
    response = signed_in(client, people.officer).post(
        step_url(application, "return_for_amendment"),
        _amendment_rows(
            ("document", "The GIA has no section on alternatives."), ("description", "Say where.")
        ),
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.RETURNED
    requests = AmendmentRequest.objects.filter(application=application)
    assert sorted(requests.values_list("kind", flat=True)) == ["description", "document"]


def test_return_for_amendment_without_any_request_is_refused(client, people, make_application):
    application = make_application(State.LODGED)
    response = signed_in(client, people.officer).post(
        step_url(application, "return_for_amendment"), _amendment_rows()
    )
    assert response.status_code == 400
    assert "Name at least one thing the proponent must amend." in messages_of(response, "error")
    application.refresh_from_db()
    assert application.state == State.LODGED


def test_record_evaluation_refused_without_the_pdf_then_recorded_with_an_upload(
    client, people, make_application
):
    application = make_application(State.EVALUATION_COMMISSIONED)
    signed_in(client, people.officer)
    response = client.post(step_url(application, "record_evaluation"), {})
    assert "s32(1): upload the independent environmental auditor's evaluation" in messages_of(
        response, "error"
    )
    application.refresh_from_db()
    assert application.state == State.EVALUATION_COMMISSIONED
    response = client.post(step_url(application, "record_evaluation"), {"evaluation": pdf("evaluation.pdf")})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.EVALUATED
    assert application.documents.filter(kind="evaluation").count() == 1


def test_publish_form_prefills_the_recommended_closing_day(client, people, make_application):
    application = make_application(State.EVALUATED)
    page = signed_in(client, people.officer).get(step_url(application, "publish_for_comment")).text
    recommended = statute.comment_period(statute.legal_today()).recommended_closing_day
    assert f'value="{recommended.isoformat()}"' in page
    assert statute.format_day(recommended) in page
    assert 'name="newspaper_VIC"' in page and 'name="newspaper_NSW"' in page


def test_s33_3_publish_with_an_unlawful_closing_day_shows_the_section(client, people, make_application):
    application = make_application(State.EVALUATED)
    too_soon = statute.legal_today() + timedelta(days=30)
    response = signed_in(client, people.officer).post(
        step_url(application, "publish_for_comment"),
        publish_data(application, closing_day=too_soon.isoformat()),
    )
    assert response.status_code == 400
    assert messages_of(response, "error").startswith(
        "s33(3): the closing day must not fall within 2 months after the Gazette notice"
    )
    application.refresh_from_db()
    assert application.state == State.EVALUATED and application.closing_day is None


def test_publish_missing_an_affected_states_newspaper_is_refused(client, people, make_application):
    application = make_application(State.EVALUATED)
    response = signed_in(client, people.officer).post(
        step_url(application, "publish_for_comment"), publish_data(application, newspaper_NSW="")
    )
    shown = messages_of(response, "error")
    assert shown.startswith("s33(1)(b)(ii)") and "none is given for NSW" in shown
    application.refresh_from_db()
    assert application.state == State.EVALUATED


def test_publish_succeeds_with_the_services_warnings_shown(client, people, make_application):
    application = make_application(State.EVALUATED)
    # Evaluated a week ago and gazetted 3 days ago; the NSW notice is today's (s33(1): not in the future).
    today = statute.legal_today()
    Application.objects.filter(pk=application.pk).update(evaluation_received_on=today - timedelta(days=7))
    gazette = today - timedelta(days=3)
    response = signed_in(client, people.officer).post(
        step_url(application, "publish_for_comment"),
        publish_data(
            application,
            gazette_date=gazette.isoformat(),
            internet_published_on=gazette.isoformat(),
            closing_day=statute.comment_period(gazette).recommended_closing_day.isoformat(),
            newspaper_VIC_published_on=gazette.isoformat(),
            newspaper_NSW_published_on=today.isoformat(),
        ),
        follow=True,
    )
    assert "now open for public comment" in messages_of(response, "success")
    assert "The notice in The Sydney Morning Herald (NSW)" in messages_of(response, "warning")
    application.refresh_from_db()
    assert application.state == State.OPEN_FOR_COMMENT
    assert application.newspaper_notices.count() == 2


def test_close_comments_before_the_closing_day_is_refused_with_the_day(client, people, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    response = signed_in(client, people.officer).post(step_url(application, "close_comments"), {})
    assert messages_of(response, "error").startswith("s33(3), s34(a): comments may still be made until")
    application.refresh_from_db()
    assert application.state == State.OPEN_FOR_COMMENT


def test_give_advice_refused_until_every_on_time_comment_is_considered_s34_a(
    client, people, make_application
):
    application = make_application(State.OPEN_FOR_COMMENT)
    comment = _comment(application)
    Application.objects.filter(pk=application.pk).update(
        closing_day=statute.legal_today() - timedelta(days=10)
    )
    signed_in(client, people.officer)
    assert client.post(step_url(application, "close_comments"), {}).status_code == 302
    advice = {"recommendation": "approve", "summary": "Approve with conditions."}
    response = client.post(step_url(application, "give_advice"), advice)
    assert messages_of(response, "error").startswith("s34(a): the Office must consider every comment")
    application.refresh_from_db()
    assert application.state == State.COMMENTS_CLOSED
    # Considered on the comment's own page, which calls services.consider_comment.
    response = client.post(
        reverse("admin:assessments_comment_change", args=[comment.pk]),
        {"considered": "on", "response": "Addressed in the advice."},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.considered and comment.considered_by == people.officer and comment.considered_at
    assert client.post(step_url(application, "give_advice"), advice).status_code == 302
    application.refresh_from_db()
    assert application.state == State.ADVICE_GIVEN
    assert "Addressed in the advice." in application.comments_report


def test_considering_a_comment_without_a_response_is_refused_by_the_service(client, people, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    comment = _comment(application)
    response = signed_in(client, people.officer).post(
        reverse("admin:assessments_comment_change", args=[comment.pk]),
        {"considered": "on", "response": ""},
        follow=True,
    )
    assert "s34: say how the comment was considered." in messages_of(response, "error")
    comment.refresh_from_db()
    assert not comment.considered


def test_comment_page_edits_only_the_consideration(client, people, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    comment = _comment(application)
    page = signed_in(client, people.officer).get(
        reverse("admin:assessments_comment_change", args=[comment.pk])
    )
    assert 'name="considered"' in page.text and 'name="response"' in page.text
    assert 'name="text"' not in page.text and 'name="name"' not in page.text


# --- Documents and the timeline -----------------------------------------------------------------


def test_staff_download_the_private_pdf(client, people, make_application):
    application = make_application(State.EVALUATED)
    document = application.documents.get(kind="gia")
    signed_in(client, people.officer)
    page = client.get(change_url(application)).text
    url = reverse("admin:assessments_application_document", args=[application.pk, document.pk])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_another_applications_document_is_not_found_through_this_one(client, people, make_application):
    first, second = make_application(State.LODGED), make_application(State.LODGED)
    document = second.documents.get()
    url = reverse("admin:assessments_application_document", args=[first.pk, document.pk])
    assert signed_in(client, people.officer).get(url).status_code == 404


def test_timeline_shows_each_event_read_only(client, people, make_application):
    application = make_application(State.EVALUATED)
    page = signed_in(client, people.officer).get(change_url(application)).text
    for transition in ("lodge", "commission_evaluation", "record_evaluation"):
        assert transition in page
    listing = client.get(reverse("admin:assessments_applicationevent_changelist"))
    assert listing.status_code == 200 and "icon-yes.svg" in listing.text


def _comment(application):
    from assessments import services

    return services.record_comment(
        application=application,
        actor=None,
        name="A resident",
        email="resident@example.com",
        text="Please consider the effect on the valley.",
        channel="web",
    )


def test_s25_the_change_page_gives_the_screening_conclusion_and_the_offices_notice_states(
    client, people, make_application
):
    application = make_application(State.OPEN_FOR_COMMENT)
    page = signed_in(client, people.officer).get(change_url(application)).text
    assert "In excess of the threshold in a period of 12 months" in page
    assert "global warming potentials in force" in page  # the explanation, in words (s6)
    assert "Notice states" in page or "notice states" in page.lower()
