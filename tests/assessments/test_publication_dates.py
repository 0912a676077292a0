"""The public comment period cannot be skipped (ss33, 34), the places of an action (s3), the s32(1)
clock on re-lodging, and refusing and withdrawing (s30)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from assessments import services
from assessments.errors import AssessmentError, Refusal
from assessments.models import Application, State
from greenhouse_office import statute

from .api_support import application_payload, as_json, client_as, transition
from .conftest import publication

pytestmark = pytest.mark.django_db
CANBERRA = ZoneInfo("Australia/Sydney")
EVALUATED_ON = date(2027, 3, 1)  # a Monday
GAZETTE = date(2027, 3, 3)
CLOSING = date(2027, 5, 4)  # the recommended closing day for that Gazette notice


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CANBERRA)


@pytest.fixture
def evaluated(make_application):
    """An application whose evaluation was received on 1 March 2027."""
    application = make_application(State.EVALUATED)
    Application.objects.filter(pk=application.pk).update(evaluation_received_on=EVALUATED_ON)
    application.refresh_from_db()
    return application


def publish(application, people, *, on=GAZETTE, **overrides):
    notices = publication(GAZETTE, closing_day=CLOSING)
    return services.publish_for_comment(
        application=application, actor=people.officer, **{**notices, **overrides}, at=at(on)
    )


def refusal_of(application, people, **kwargs) -> list[str]:
    with pytest.raises(AssessmentError) as error:
        publish(application, people, **kwargs)
    application.refresh_from_db()
    assert application.state == State.EVALUATED and not application.newspaper_notices.exists()
    return error.value.messages


# --- s33(1): the notices follow the evaluation and are recorded once published ---------------


def test_s33_1_a_gazette_notice_before_the_evaluation_was_received_is_refused(evaluated, people):
    early = date(2027, 2, 26)
    messages = refusal_of(
        evaluated,
        people,
        gazette_date=early,
        closing_day=statute.comment_period(early).recommended_closing_day,
    )
    assert messages == [
        "s33(1): the Gazette notice is dated 26 February 2027, before the evaluation was received "
        "(1 March 2027); the notices are published after receiving it."
    ]


def test_s33_1_internet_and_newspaper_notices_before_the_evaluation_are_refused(evaluated, people):
    notices = publication(GAZETTE, closing_day=CLOSING)["newspapers"]
    notices[0]["published_on"] = date(2027, 2, 28)
    messages = refusal_of(evaluated, people, internet_published_on=date(2027, 2, 27), newspapers=notices)
    assert [m.split(" is dated")[0] for m in messages] == [
        "s33(1): the Internet notice",
        "s33(1): the notice in The Age (VIC)",
    ]


def test_s33_1_notices_dated_after_the_day_they_are_recorded_are_refused(evaluated, people):
    messages = refusal_of(evaluated, people, on=date(2027, 3, 2))  # recorded the day before the Gazette
    assert len(messages) == 4  # the Gazette, the Internet and both newspapers
    assert messages[0] == (
        "The Gazette notice is dated 3 March 2027, after the day this publication is recorded "
        "(2 March 2027): record the notices once they have been published."
    )


def test_s33_1_notices_on_the_evaluation_day_recorded_that_day_are_lawful(evaluated, people):
    notices = publication(EVALUATED_ON)
    services.publish_for_comment(
        application=evaluated, actor=people.officer, **notices, at=at(EVALUATED_ON, 17)
    )
    assert evaluated.state == State.OPEN_FOR_COMMENT and evaluated.gazette_date == EVALUATED_ON


def test_s33_2_d_ii_a_newspaper_notice_after_the_closing_day_is_refused_not_warned(evaluated, people):
    notices = publication(GAZETTE, closing_day=CLOSING)["newspapers"]
    notices[1]["published_on"] = CLOSING + timedelta(days=1)
    messages = refusal_of(evaluated, people, newspapers=notices, on=CLOSING + timedelta(days=1))
    assert messages == [
        "s33(2)(d)(ii): the notice in The Sydney Morning Herald (NSW) is dated 5 May 2027, after the closing "
        "day (4 May 2027): its readers could not comment in time."
    ]


def test_s33_3_a_newspaper_notice_on_the_closing_day_is_lawful_with_a_warning(evaluated, people):
    notices = publication(GAZETTE, closing_day=CLOSING)["newspapers"]
    notices[1]["published_on"] = CLOSING
    outcome = publish(evaluated, people, newspapers=notices, on=CLOSING)
    assert evaluated.state == State.OPEN_FOR_COMMENT
    assert outcome.warnings == [
        "The notice in The Sydney Morning Herald (NSW) is dated 4 May 2027, 62 days after the Gazette "
        "notice: its readers have 62 days less (0 days to the closing day). s33(3) counts from the "
        "Gazette, so this is lawful."
    ]


# --- s33(3): a closing day more than a year away is likely a typing error ----------------------


def test_s33_3_a_closing_day_12_months_after_the_gazette_needs_no_confirmation(evaluated, people):
    assert statute.latest_unconfirmed_closing_day(GAZETTE) == date(2028, 3, 3)
    outcome = publish(evaluated, people, closing_day=date(2028, 3, 3))
    assert evaluated.closing_day == date(2028, 3, 3) and outcome.warnings == []


def test_s33_3_a_closing_day_more_than_12_months_after_the_gazette_needs_confirming(evaluated, people):
    messages = refusal_of(evaluated, people, closing_day=date(2028, 3, 4))
    assert messages == [
        "s33(3): the closing day, 4 March 2028, is more than 12 months after the Gazette notice "
        "(3 March 2027), which is likely a typing error. Correct it, or confirm that comments are to close "
        "that late."
    ]
    outcome = publish(evaluated, people, closing_day=date(2028, 3, 4), confirm_distant_closing_day=True)
    assert evaluated.state == State.OPEN_FOR_COMMENT and evaluated.closing_day == date(2028, 3, 4)
    assert outcome.warnings == [
        "The closing day, 4 March 2028, is more than a year after the Gazette notice; published as confirmed."
    ]
    event = evaluated.events.transitions().order_by("-sequence").first()
    assert event.payload["confirm_distant_closing_day"] is True


def test_s33_3_the_12_month_limit_is_a_dated_parameter_citing_the_section():
    found = statute.parameter(statute.Key.CLOSING_DAY_CONFIRM_AFTER_MONTHS, on=GAZETTE)
    assert (found.value, found.unit, found.section) == (12, "months", "s33(3)")
    assert "not a number of the Bill" in found.citation


# --- s33(2)(c), s34(a): a comment recorded by staff -----------------------------------------


def _staff_comment(application, people, received_at, recorded_at):
    return services.record_comment(
        application=application,
        actor=people.officer,
        name="A. Resident",
        email="",
        text="Concerned.",
        channel="post",
        received_at=received_at,
        at=recorded_at,
    )


def test_s33_2_c_a_comment_received_before_the_notice_was_published_is_refused(evaluated, people):
    publish(evaluated, people)
    with pytest.raises(AssessmentError) as error:
        _staff_comment(evaluated, people, at(date(2027, 3, 2)), at(date(2027, 3, 5)))
    assert error.value.kind == Refusal.INVALID
    assert error.value.field_errors["received_at"] == [
        "s33(2)(c): the comment is given as received on 2 March 2027, before the notice inviting comments "
        "was published (3 March 2027); check the day."
    ]
    assert not evaluated.comments.exists()


def test_s34_a_a_comment_received_after_the_moment_it_is_recorded_is_refused(evaluated, people):
    publish(evaluated, people)
    with pytest.raises(AssessmentError, match="after the moment it is recorded"):
        _staff_comment(evaluated, people, at(date(2027, 3, 5), 15), at(date(2027, 3, 5), 14))
    comment = _staff_comment(evaluated, people, at(date(2027, 3, 3), 9), at(date(2027, 3, 5), 14))
    assert comment.on_time is True


def test_s33_2_c_the_earlier_of_the_gazette_and_internet_notices_opens_the_comments(evaluated, people):
    publish(evaluated, people, internet_published_on=date(2027, 3, 2))
    comment = _staff_comment(evaluated, people, at(date(2027, 3, 2), 16), at(date(2027, 3, 3)))
    assert comment.on_time is True


# --- s33(1)(b)(ii), s3: the Office decides the places likely to be affected ------------------


def test_s33_1_b_ii_the_office_s_list_is_stored_and_the_newspapers_follow_it(evaluated, people):
    notices = publication(GAZETTE, closing_day=CLOSING)["newspapers"]
    messages = refusal_of(evaluated, people, affected_states=["VIC", "NSW", "JBT"], newspapers=notices)
    assert messages == [
        "s33(1)(b)(ii): a notice must be published in a daily newspaper circulating in each State and "
        "Territory likely to be affected; none is given for JBT."
    ]
    messages = refusal_of(evaluated, people, affected_states=["VIC"], newspapers=notices)
    assert messages[0].startswith("s33(1)(b)(ii): a newspaper notice is given for NSW, which is not named")
    jervis_bay = {"state_or_territory": "JBT", "newspaper": "The Canberra Times", "published_on": GAZETTE}
    publish(evaluated, people, affected_states=["VIC", "NSW", "JBT"], newspapers=[*notices, jervis_bay])
    assert evaluated.notice_states == ["JBT", "NSW", "VIC"]
    assert evaluated.affected_states == ["NSW", "VIC"]  # the proponent's list is kept as it was
    event = evaluated.events.transitions().order_by("-sequence").first()
    assert event.payload["notice_states"] == ["JBT", "NSW", "VIC"]


def test_s33_1_b_ii_without_a_list_the_office_adopts_the_proponent_s(evaluated, people):
    publish(evaluated, people)
    assert evaluated.notice_states == ["NSW", "VIC"]


def test_s33_1_b_ii_the_office_must_name_at_least_one_place(evaluated, people):
    messages = refusal_of(evaluated, people, affected_states=[], newspapers=[])
    assert messages == [
        "s33(1)(b)(ii): name the States and Territories likely to be affected by the proposed action "
        "(at least one)."
    ]


def test_s33_1_b_ii_the_api_takes_the_office_s_list(make_application, people):
    application = make_application(State.EVALUATED)
    today = statute.legal_today()
    payload = as_json(publication(today))
    payload["affected_states"] = ["VIC", "NSW", "NFK"]
    response = transition(client_as(people.officer), application.pk, "publish_for_comment", payload)
    assert response.status_code == 400
    assert "none is given for NFK" in response.json()["detail"]
    payload["newspapers"].append(
        {
            "state_or_territory": "NFK",
            "newspaper": "The Sydney Morning Herald",
            "published_on": today.isoformat(),
        }
    )
    response = transition(client_as(people.officer), application.pk, "publish_for_comment", payload)
    assert response.status_code == 200, response.content
    assert response.json()["notice_states"] == ["NFK", "NSW", "VIC"]


def test_s3_an_action_in_an_external_territory_or_jervis_bay_can_be_applied_for(people):
    for code in ("NFK", "CXR", "CCK", "ACI", "CSI", "HMD", "AAT", "JBT"):
        application = services.create_application(
            actor=people.proponent,
            data={**application_payload(), "location_state": code, "affected_states": []},
        )
        assert application.affected_states == [code]


def test_s3_an_offshore_action_says_where_it_is_and_affects_no_place_by_default(people):
    data = {**application_payload(), "location_state": "offshore", "affected_states": []}
    with pytest.raises(AssessmentError) as error:
        services.create_application(actor=people.proponent, data=data)
    assert "location_description" in error.value.field_errors
    application = services.create_application(
        actor=people.proponent,
        data={**data, "location_description": "Browse Basin, Commonwealth waters 400 km north of Broome"},
    )
    assert application.location_state == "offshore" and application.affected_states == []
    response = client_as(people.proponent).post(
        "/api/v1/applications",
        {**data, "location_description": "Bass Strait, Commonwealth waters"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["location_state"] == "offshore"


# --- s32(1): when the 30 days start again ---------------------------------------------------


def _lodge_again(application, people, day):
    for request in application.amendment_requests.all():
        services.answer_amendment_request(request=request, actor=people.proponent, response="Done.")
    application.refresh_from_db()
    services.lodge(application=application, actor=people.proponent, at=at(day))
    application.refresh_from_db()
    return application


def test_s32_1_lodging_again_after_a_return_not_in_the_prescribed_form_restarts_the_30_days(
    make_application, people
):
    application = make_application(State.RETURNED)  # returned as not in the prescribed form (default)
    assert application.return_ground == "not_in_prescribed_form"
    later = statute.legal_today() + timedelta(days=20)
    application = _lodge_again(application, people, later)
    assert application.received_on == later
    assert application.evaluation_due_on == statute.evaluation_deadline(later).deadline


def test_s32_1_lodging_again_after_a_return_for_another_amendment_keeps_the_first_receipt(
    make_application, people
):
    application = make_application(State.LODGED)
    received, due = application.received_on, application.evaluation_due_on
    services.return_for_amendment(
        application=application,
        actor=people.officer,
        requests=[{"kind": "other", "detail": "Give the kiln's commissioning date."}],
        ground="other",
    )
    application = _lodge_again(application, people, received + timedelta(days=20))
    assert (application.received_on, application.evaluation_due_on) == (received, due)
    event = application.events.transitions().order_by("-sequence").first()
    assert event.payload["received_on"] == received.isoformat()


def test_s32_1_a_return_needs_a_known_ground(make_application, people):
    application = make_application(State.LODGED)
    with pytest.raises(AssessmentError) as error:
        services.return_for_amendment(
            application=application,
            actor=people.officer,
            requests=[{"kind": "other", "detail": "x"}],
            ground="because",
        )
    assert "ground" in error.value.field_errors


# --- s30: refusing needs reasons, not findings; withdrawing is confirmed ---------------------


def test_s30_the_minister_refuses_by_api_with_reasons_and_no_findings(make_application, people):
    application = make_application(State.ADVICE_GIVEN)
    minister = client_as(people.minister)
    response = transition(minister, application.pk, "refuse", {"reasons": "A prudent alternative exists."})
    assert response.status_code == 200, response.content
    decision = response.json()["decision"]
    assert decision["outcome"] == "refused" and decision["reasons"] == "A prudent alternative exists."
    assert (
        decision["no_prudent_or_feasible_alternative"] is None and decision["targets_not_prevented"] is None
    )


def test_s30_refusing_without_reasons_is_refused(make_application, people):
    application = make_application(State.ADVICE_GIVEN)
    response = transition(client_as(people.minister), application.pk, "refuse", {"reasons": " "})
    assert response.status_code == 400 and "reasons" in response.json()
    with pytest.raises(AssessmentError, match="s30: give the reasons"):
        services.refuse(application=application, actor=people.minister, reasons=" ")


def test_withdrawal_needs_a_reason_and_a_confirmation(make_application, people):
    application = make_application(State.LODGED)
    with pytest.raises(AssessmentError) as error:
        services.withdraw(application=application, actor=people.proponent, reason=" ")
    assert error.value.kind == Refusal.INVALID and set(error.value.field_errors) == {"reason", "confirm"}
    proponent = client_as(people.proponent)
    response = transition(proponent, application.pk, "withdraw", {"reason": "Deferred.", "confirm": False})
    assert response.status_code == 400 and "confirm" in response.json()
    application.refresh_from_db()
    assert application.state == State.LODGED
    response = transition(proponent, application.pk, "withdraw", {"reason": "Deferred.", "confirm": True})
    assert response.status_code == 200 and response.json()["state"] == "withdrawn"


def test_withdrawal_by_someone_else_is_refused_before_its_input(make_application, people):
    application = make_application(State.LODGED)
    with pytest.raises(AssessmentError) as error:
        services.withdraw(application=application, actor=people.officer)
    assert error.value.kind == Refusal.FORBIDDEN


def test_s33_1_b_ii_the_admin_form_takes_the_office_s_list_and_a_distant_day_s_confirmation(
    client, people, make_application
):
    from .test_admin import publish_data, signed_in, step_url

    application = make_application(State.EVALUATED)
    office = signed_in(client, people.officer)
    page = office.get(step_url(application, "publish_for_comment")).text
    assert 'name="affected_states" value="VIC"' in page and 'name="newspaper_JBT"' in page
    today = statute.legal_today()
    distant = (today + timedelta(days=400)).isoformat()
    data = publish_data(
        application,
        affected_states=["VIC", "NSW", "JBT"],
        newspaper_JBT="The Canberra Times",
        newspaper_JBT_published_on=today.isoformat(),
        closing_day=distant,
    )
    response = office.post(step_url(application, "publish_for_comment"), data)
    assert response.status_code == 400 and "likely a typing error" in response.text
    response = office.post(
        step_url(application, "publish_for_comment"), {**data, "confirm_distant_closing_day": "on"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.OPEN_FOR_COMMENT
    assert application.notice_states == ["JBT", "NSW", "VIC"]
    assert sorted(application.newspaper_notices.values_list("state_or_territory", flat=True)) == [
        "JBT",
        "NSW",
        "VIC",
    ]
