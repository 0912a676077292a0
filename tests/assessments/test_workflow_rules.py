"""Each transition's happy path and each rule's refusal, citing the section."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone

from assessments import services
from assessments.errors import AssessmentError, Refusal
from assessments.models import Application, Engagement, IndependentAuditor, State
from greenhouse_office import statute
from greenhouse_office.models import Organisation

from .conftest import pdf, publication

pytestmark = pytest.mark.django_db
CANBERRA = ZoneInfo("Australia/Sydney")


def refused(match=""):
    """A rule of the Act refused the act, in words matching ``match``."""
    return pytest.raises(AssessmentError, match=match)


# --- s31: lodgement ------------------------------------------------------------------------


def test_s31_lodge_records_receipt_and_the_s32_1_deadline_and_screens_the_profile(make_application):
    application = make_application(State.LODGED)
    today = statute.legal_today()
    assert application.received_on == today
    assert application.evaluation_due_on == statute.evaluation_deadline(today).deadline
    assert application.screening["exceeds_threshold"] is True
    # s6, Kyoto Art 5(3): 2027 months with AR5, the set in force; the application's SAR only compares.
    assert application.screening["max_12_month_t_co2e"] == "57360"  # 12 x (4500 + 28 x 10)
    assert (application.screening["gwp_basis"], application.screening["gwp_set"]) == ("in_force", "AR5")
    assert application.screening["conclusion"] == "in_excess"
    assert application.screening["comparison"]["gwp_set"] == "SAR"
    assert application.screening["comparison"]["max_12_month_t_co2e"] == "56520"  # 12 x (4500 + 21 x 10)
    event = application.events.transitions().get()
    assert (
        event.transition,
        event.from_state,
        event.to_state,
        event.actor_name,
        event.role,
        event.section,
    ) == ("lodge", "draft", "lodged", "proponent", "Proponent", "s31")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"limb": ""}, r"s31\(1\): say whether the action"),
        ({"emission_profile": {}}, "s31: add the action's emission profile"),
    ],
)
def test_s31_lodge_refused_without_limb_or_profile(make_application, people, fields, message):
    application = make_application(State.DRAFT, **fields)
    services.upload_document(application=application, actor=people.proponent, kind="gia", upload=pdf())
    with refused(match=message):
        services.lodge(application=application, actor=people.proponent)


def test_s31_2_lodge_refused_without_the_gia(make_application, people):
    application = make_application(State.DRAFT)
    with pytest.raises(AssessmentError, match=r"s31\(2\): include the Greenhouse Impact Assessment") as error:
        services.lodge(application=application, actor=people.proponent)
    assert error.value.kind == Refusal.RULE
    application.refresh_from_db()
    assert application.state == State.DRAFT and not application.events.transitions().exists()


def test_every_refusal_is_reported_at_once(make_application, people):
    application = make_application(State.DRAFT, limb="", emission_profile={})
    with pytest.raises(AssessmentError) as error:
        services.lodge(application=application, actor=people.proponent)
    assert len(error.value.messages) == 3


def test_returned_application_is_lodged_again_only_when_every_request_is_answered(make_application, people):
    application = make_application(State.RETURNED)
    request = application.amendment_requests.get()
    assert request.kind == "description" and request.requested_by == people.officer
    with refused(match="1 is still unanswered"):
        services.lodge(application=application, actor=people.proponent)
    with refused(match="Say what was changed"):
        services.answer_amendment_request(request=request, actor=people.proponent, response=" ")
    services.update_application(
        application=application, actor=people.proponent, data={"description": "Kiln 3, 1.2 Mt/yr."}
    )
    services.answer_amendment_request(request=request, actor=people.proponent, response="Described the kiln.")
    services.lodge(application=application, actor=people.proponent)
    assert application.state == State.LODGED
    assert list(application.events.transitions().values_list("transition", flat=True)) == [
        "lodge",
        "return_for_amendment",
        "lodge",
    ]
    # Between the acts, the log keeps each change that matters later, with before and after.
    changes = list(application.events.filter(kind="change").values_list("transition", "payload"))
    assert [name for name, _ in changes] == [
        "create_application",
        "upload_document",
        "update_application",
        "answer_amendment_request",
    ]
    assert changes[2][1]["before"] == {"description": "A third cement kiln."}
    assert changes[2][1]["after"] == {"description": "Kiln 3, 1.2 Mt/yr."}


@pytest.mark.parametrize(
    "requests",
    [[], [{"kind": "colour", "detail": "x"}], [{"kind": "document", "detail": " "}], "fix it"],
)
def test_return_for_amendment_needs_typed_requests(make_application, people, requests):
    application = make_application(State.LODGED)
    with pytest.raises(AssessmentError) as error:
        services.return_for_amendment(application=application, actor=people.officer, requests=requests)
    assert error.value.kind == Refusal.INVALID
    assert application.amendment_requests.count() == 0


def test_draft_can_be_amended_but_not_once_lodged(make_application, people):
    application = make_application(State.DRAFT)
    services.update_application(application=application, actor=people.proponent, data={"title": "Kiln 3"})
    assert Application.objects.get(pk=application.pk).title == "Kiln 3"
    services.upload_document(application=application, actor=people.proponent, kind="gia", upload=pdf())
    services.lodge(application=application, actor=people.proponent)
    with pytest.raises(AssessmentError) as error:
        services.update_application(application=application, actor=people.proponent, data={"title": "Kiln 4"})
    assert error.value.kind == Refusal.NOT_AVAILABLE


def test_bad_application_fields_are_refused_field_by_field(people, demo_data):
    with pytest.raises(AssessmentError) as error:
        services.create_application(
            actor=people.proponent,
            data={
                "title": "x",
                "description": "y",
                "location_state": "VIC",
                "affected_states": ["VIC", "XX"],
                "gwp_set": "AR9",
                "emission_profile": {"months": [{"month": "2027-13", "gases": {"CO2": -1}}]},
            },
        )
    assert set(error.value.field_errors) == {"affected_states", "gwp_set", "emission_profile"}
    assert not Application.objects.exists()


def test_only_a_proponent_with_an_organisation_may_apply(people, demo_data):
    with pytest.raises(AssessmentError) as error:
        services.create_application(actor=people.officer, data={"title": "x"})
    assert error.value.kind == Refusal.FORBIDDEN


# --- Documents -----------------------------------------------------------------------------


def test_documents_must_be_pdfs_by_content_and_within_the_size_cap(make_application, people, settings):
    application = make_application(State.DRAFT)
    with pytest.raises(AssessmentError, match="Not a PDF"):
        services.upload_document(
            application=application,
            actor=people.proponent,
            kind="gia",
            upload=pdf("gia.pdf", b"<html>not a pdf</html>"),
        )
    settings.GREENHOUSE_MAX_DOCUMENT_BYTES = 10
    with pytest.raises(AssessmentError, match="File too large"):
        services.upload_document(application=application, actor=people.proponent, kind="gia", upload=pdf())
    assert not application.documents.exists()


def test_only_the_appointed_auditor_or_staff_upload_the_evaluation(make_application, people):
    application = make_application(State.EVALUATION_COMMISSIONED)
    for outsider in (people.auditor2, people.proponent):
        with pytest.raises(AssessmentError) as error:
            services.upload_document(application=application, actor=outsider, kind="evaluation", upload=pdf())
        assert error.value.kind == Refusal.FORBIDDEN
    document = services.upload_document(
        application=application, actor=people.auditor, kind="evaluation", upload=pdf()
    )
    assert document.sha256 and document.size > 0 and "applications/" in document.file.name


# --- s32: the independent evaluation ---------------------------------------------------------


def test_s32_2_auditor_who_contracted_with_the_proponent_since_commencement_is_refused(
    make_application, people
):
    application = make_application(State.LODGED)
    auditor2 = IndependentAuditor.objects.get(user=people.auditor2)
    with pytest.raises(
        AssessmentError,
        match=r"s32\(2\): Ben Kowalski cannot be appointed: contract with Southern Cross Cement Pty Ltd "
        r"\(the proponent\) 1 July 2019 to 30 June 2021",
    ):
        services.commission_evaluation(application=application, actor=people.director, auditor=auditor2)
    application.refresh_from_db()
    assert application.state == State.LODGED and application.auditor is None


def test_s32_2_the_same_auditor_is_independent_of_another_proponent(make_application, people):
    application = make_application(State.LODGED)
    Application.objects.filter(pk=application.pk).update(organisation=people.proponent2.organisation)
    application.refresh_from_db()
    auditor2 = IndependentAuditor.objects.get(user=people.auditor2)
    services.commission_evaluation(application=application, actor=people.director, auditor=auditor2)
    assert application.state == State.EVALUATION_COMMISSIONED and application.auditor == auditor2


def test_s32_2_contract_that_ended_before_commencement_does_not_disqualify(make_application, people):
    application = make_application(State.LODGED)
    Engagement.objects.filter(auditor__user=people.auditor2, kind="contract").update(
        started_on=date(2001, 1, 1), ended_on=date(2008, 3, 11)
    )
    auditor2 = IndependentAuditor.objects.get(user=people.auditor2)
    services.commission_evaluation(application=application, actor=people.director, auditor=auditor2)
    assert application.state == State.EVALUATION_COMMISSIONED


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"qualified_declared_on": None}, r"s32\(2\)\(a\)"),
        ({"fit_and_proper_declared_on": None}, r"s32\(2\)\(b\)"),
    ],
)
def test_s32_2_auditor_must_declare_qualification_and_fitness(make_application, people, change, message):
    application = make_application(State.LODGED)
    IndependentAuditor.objects.filter(user=people.auditor).update(**change)
    with refused(match=message):
        services.commission_evaluation(
            application=application,
            actor=people.director,
            auditor=IndependentAuditor.objects.get(user=people.auditor),
        )


def test_s32_2_auditor_employed_by_a_commonwealth_authority_is_refused(make_application, people):
    application = make_application(State.LODGED)
    agency = Organisation.objects.create(
        name="Bureau of Meteorology", kind=Organisation.Kind.COMMONWEALTH_AGENCY
    )
    auditor = IndependentAuditor.objects.get(user=people.auditor)
    Engagement.objects.create(
        auditor=auditor, organisation=agency, kind="employment", started_on=date(2020, 1, 1)
    )
    with refused(
        match=r"cannot be appointed: employed by Bureau of Meteorology \(a Commonwealth authority\)"
    ):
        services.commission_evaluation(application=application, actor=people.director, auditor=auditor)


def test_s32_1_evaluation_is_recorded_only_with_its_pdf(make_application, people):
    application = make_application(State.EVALUATION_COMMISSIONED)
    with refused(match=r"s32\(1\): upload the independent environmental auditor's evaluation"):
        services.record_evaluation(application=application, actor=people.auditor)
    services.upload_document(application=application, actor=people.auditor, kind="evaluation", upload=pdf())
    services.record_evaluation(application=application, actor=people.auditor)
    assert (
        application.state == State.EVALUATED and application.evaluation_received_on == statute.legal_today()
    )


# --- s33: publication -----------------------------------------------------------------------


def test_s33_3_closing_day_within_two_months_of_the_gazette_is_refused(make_application, people):
    application = make_application(State.EVALUATED)
    gazette = date(2027, 3, 3)
    with refused(match=r"s33\(3\): the closing day must not fall within 2 months after the Gazette notice"):
        services.publish_for_comment(
            application=application,
            actor=people.officer,
            **publication(gazette, closing_day=date(2027, 5, 3)),
            at=_aware(gazette),
        )
    services.publish_for_comment(
        application=application,
        actor=people.officer,
        **publication(gazette, closing_day=date(2027, 5, 4)),
        at=_aware(gazette),
    )
    assert application.state == State.OPEN_FOR_COMMENT and application.closing_day == date(2027, 5, 4)
    assert application.newspaper_notices.count() == 2


def test_s33_1_b_ii_a_newspaper_notice_for_each_affected_state(make_application, people):
    application = make_application(State.EVALUATED)
    notices = publication()
    notices["newspapers"] = notices["newspapers"][:1]
    with refused(match=r"s33\(1\)\(b\)\(ii\).*none is given for NSW"):
        services.publish_for_comment(application=application, actor=people.officer, **notices)
    assert not application.newspaper_notices.exists()


def test_s33_notice_is_complete(make_application, people):
    application = make_application(State.EVALUATED)
    with pytest.raises(AssessmentError) as error:
        services.publish_for_comment(
            application=application, actor=people.officer, **publication(comment_address=" ")
        )
    assert error.value.kind == Refusal.INVALID and "comment_address" in error.value.field_errors


def test_s33_3_later_newspaper_notice_warns_but_does_not_refuse(make_application, people):
    application = make_application(State.EVALUATED)
    notices = publication(date(2027, 3, 3), closing_day=date(2027, 5, 4))
    notices["newspapers"][1]["published_on"] = date(2027, 3, 8)
    outcome = services.publish_for_comment(
        application=application, actor=people.officer, **notices, at=_aware(date(2027, 3, 8))
    )
    assert application.state == State.OPEN_FOR_COMMENT
    assert len(outcome.warnings) == 1
    assert "The Sydney Morning Herald" in outcome.warnings[0] and "5 days less" in outcome.warnings[0]


def test_comments_close_only_after_the_closing_day(make_application, people):
    application = make_application(State.OPEN_FOR_COMMENT)
    with refused(match=r"s33\(3\), s34\(a\): comments may still be made until the closing day"):
        services.close_comments(application=application, actor=people.officer)
    # Ten days ago: even moved past a long weekend (AIA s36(2)) it has passed.
    Application.objects.filter(pk=application.pk).update(
        closing_day=statute.legal_today() - timedelta(days=10)
    )
    application.refresh_from_db()
    services.close_comments(application=application, actor=people.officer)
    assert application.state == State.COMMENTS_CLOSED


# --- s34: comments and advice ---------------------------------------------------------------


def _aware(day: date, hour=12, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CANBERRA)


def test_s34_a_comment_on_the_closing_day_is_on_time_the_next_day_is_late(make_application, people):
    application = make_application(State.OPEN_FOR_COMMENT)
    Application.objects.filter(pk=application.pk).update(closing_day=date(2027, 5, 4))  # a Tuesday
    application.refresh_from_db()

    def record(when, at_address=True):
        return services.record_comment(
            application=application,
            actor=people.officer,
            name="A. Resident",
            email="",
            text="Concerned.",
            channel="post",
            received_at=when,
            at_notice_address=at_address,
            at=_aware(date(2027, 5, 12)),  # recorded after the comments were received
        )

    assert record(_aware(date(2027, 5, 4), 23, 59)).on_time is True
    assert record(_aware(date(2027, 5, 5), 0, 1)).on_time is False
    assert record(_aware(date(2027, 5, 1)), at_address=False).on_time is False


def test_aia_s36_2_saturday_closing_day_extends_to_monday(make_application, people):
    application = make_application(State.OPEN_FOR_COMMENT)
    Application.objects.filter(pk=application.pk).update(closing_day=date(2027, 5, 8))  # a Saturday
    application.refresh_from_db()
    comment = services.record_comment(
        application=application,
        actor=people.officer,
        name="B",
        email="",
        text="t",
        channel="email",
        received_at=_aware(date(2027, 5, 10), 17),
        at=_aware(date(2027, 5, 11)),
    )
    assert comment.on_time is True


def test_public_comment_after_the_closing_day_is_refused(make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    Application.objects.filter(pk=application.pk).update(
        closing_day=statute.legal_today() - timedelta(days=30)
    )
    application.refresh_from_db()
    with pytest.raises(
        AssessmentError, match=r"s33\(2\)\(d\)\(ii\): comments on this assessment had to be made by"
    ) as error:
        services.record_comment(
            application=application, actor=None, name="C", email="c@example.com", text="t", channel="web"
        )
    assert error.value.kind == Refusal.NOT_AVAILABLE


def test_public_comment_is_on_time_with_a_reference_and_a_receipt(
    make_application, mailoutbox, django_capture_on_commit_callbacks
):
    application = make_application(State.OPEN_FOR_COMMENT)
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.record_comment(
            application=application,
            actor=None,
            name="C",
            email="c@example.com",
            text="Please refuse.",
            channel="web",
        )
    assert comment.on_time and comment.reference.startswith("C-") and comment.recorded_by is None
    # The drain sends every email still queued (the application's own, made with it), the receipt once.
    receipts = [m for m in mailoutbox if m.to == ["c@example.com"]]
    assert len(receipts) == 1
    assert comment.reference in receipts[0].subject


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": " "}, "name"),
        ({"text": ""}, "text"),
        ({"email": "not-an-email"}, "email"),
        ({"email": ""}, "email"),
    ],
)
def test_public_comment_fields_are_checked(make_application, fields, field):
    application = make_application(State.OPEN_FOR_COMMENT)
    data = {"name": "C", "email": "c@example.com", "text": "t", **fields}
    with pytest.raises(AssessmentError) as error:
        services.record_comment(application=application, actor=None, channel="web", **data)
    assert field in error.value.field_errors


def test_s34_advice_needs_every_on_time_comment_considered_and_reports_on_them(make_application, people):
    application = make_application(State.OPEN_FOR_COMMENT)
    on_time = services.record_comment(
        application=application,
        actor=None,
        name="D",
        email="d@example.com",
        text="Use gas kilns.",
        channel="web",
    )
    Application.objects.filter(pk=application.pk).update(
        closing_day=statute.legal_today() - timedelta(days=10)
    )
    application.refresh_from_db()
    late = services.record_comment(
        application=application,
        actor=people.officer,
        name="E",
        email="",
        text="Late.",
        channel="post",
        received_at=timezone.now(),
    )
    services.close_comments(application=application, actor=None)
    with refused(match=r"s34\(a\): the Office must consider every comment made on time; 1 has not"):
        services.give_advice(
            application=application, actor=people.officer, recommendation="approve", summary="s"
        )
    with pytest.raises(AssessmentError, match="say how the comment was considered"):
        services.consider_comment(comment=on_time, actor=people.officer, considered=True, response="")
    services.consider_comment(
        comment=on_time, actor=people.officer, considered=True, response="Gas kilns assessed; not feasible."
    )
    assert late.on_time is False  # a late comment does not hold up the advice
    services.give_advice(
        application=application, actor=people.officer, recommendation="approve", summary="Approve."
    )
    assert application.state == State.ADVICE_GIVEN
    assert "Use gas kilns." in application.comments_report and "not feasible" in application.comments_report
    assert "Late." not in application.comments_report


def test_only_office_staff_consider_comments(make_application, people):
    application = make_application(State.OPEN_FOR_COMMENT)
    comment = services.record_comment(
        application=application, actor=None, name="F", email="f@example.com", text="t", channel="web"
    )
    with pytest.raises(AssessmentError) as error:
        services.consider_comment(comment=comment, actor=people.proponent, considered=True, response="r")
    assert error.value.kind == Refusal.FORBIDDEN


# --- s30: the Minister's decision ---------------------------------------------------------


@pytest.mark.parametrize(
    ("finding", "message"),
    [
        ("advice_considered", "only after considering the Greenhouse Office's advice"),
        ("no_prudent_or_feasible_alternative", r"s30\(c\)"),
        ("targets_not_prevented", r"s30\(d\)"),
    ],
)
def test_s30_approval_with_a_finding_false_is_refused(make_application, people, finding, message):
    application = make_application(State.ADVICE_GIVEN)
    findings = {
        "advice_considered": True,
        "no_prudent_or_feasible_alternative": True,
        "targets_not_prevented": True,
    }
    with refused(match=message):
        services.decide(
            application=application,
            actor=people.minister,
            approve=True,
            reasons="r",
            **{**findings, finding: False},
        )
    application.refresh_from_db()
    assert application.state == State.ADVICE_GIVEN


def test_s30_the_minister_may_refuse_whatever_the_findings(make_application, people):
    application = make_application(State.ADVICE_GIVEN)
    services.decide(
        application=application,
        actor=people.minister,
        approve=False,
        advice_considered=True,
        no_prudent_or_feasible_alternative=False,
        targets_not_prevented=False,
        reasons="Alternatives exist.",
    )
    assert application.state == State.REFUSED
    assert application.no_prudent_or_feasible_alternative is False and application.decided_at


def test_s30_approval_records_the_findings_and_reasons(make_application):
    application = make_application(State.APPROVED)
    assert application.advice_considered and application.no_prudent_or_feasible_alternative
    assert application.targets_not_prevented and application.decision_reasons == "Reasons."
    event = application.events.order_by("-sequence").first()
    assert (
        event.transition == "approve"
        and event.role == "Minister"
        and event.payload["targets_not_prevented"] is True
    )


def test_s30_decision_needs_reasons(make_application, people):
    application = make_application(State.ADVICE_GIVEN)
    with refused(match="s30: give the reasons"):
        services.decide(
            application=application,
            actor=people.minister,
            approve=False,
            advice_considered=True,
            no_prudent_or_feasible_alternative=True,
            targets_not_prevented=True,
            reasons=" ",
        )


# --- Withdrawal and s35 directions ----------------------------------------------------------


def test_withdrawal_is_not_possible_after_the_decision(make_application, people):
    application = make_application(State.APPROVED)
    with pytest.raises(AssessmentError) as error:
        services.withdraw(application=application, actor=people.proponent)
    assert error.value.kind == Refusal.NOT_AVAILABLE


def test_s35_direction_is_fulfilled_when_the_person_lodges(make_application, people):
    direction = services.direct_assessment(
        actor=people.minister,
        organisation=people.proponent.organisation,
        action="Kiln 3",
        due_on=statute.legal_today() + timedelta(days=90),
    )
    application = make_application(State.DRAFT, direction=direction.pk)
    assert application.direction == direction
    with pytest.raises(AssessmentError, match="Another application already answers this direction"):
        make_application(State.DRAFT, direction=direction.pk)
    with pytest.raises(AssessmentError, match="No direction with this id was given to your organisation"):
        services.create_application(
            actor=people.proponent2,
            data={"title": "t", "description": "d", "location_state": "WA", "direction": direction.pk},
        )
    services.upload_document(application=application, actor=people.proponent, kind="gia", upload=pdf())
    services.lodge(application=application, actor=people.proponent)
    direction.refresh_from_db()
    assert direction.fulfilled_at is not None


def test_s35_only_the_minister_directs(people, demo_data):
    with pytest.raises(AssessmentError) as error:
        services.direct_assessment(
            actor=people.officer,
            organisation=people.proponent.organisation,
            action="x",
            due_on=date(2099, 1, 1),
        )
    assert error.value.kind == Refusal.FORBIDDEN


def test_s33_2_notice_text_has_each_required_content(make_application, people, client):
    application = make_application(State.EVALUATED)
    services.publish_for_comment(
        application=application,
        actor=people.officer,
        **publication(date(2027, 3, 3), closing_day=date(2027, 5, 8)),
        at=_aware(date(2027, 3, 3)),
    )
    body = client.get(f"/api/v1/public/assessments/{application.pk}").json()
    text = body["notice_text"]
    assert (
        "Greenhouse Impact Assessment" in text
        and "independent evaluation" in text
        and "have been prepared" in text
    )
    # (b) how to obtain copies: the assessment's page on the public register, never the API
    assert f"{settings.GREENHOUSE_SITE_URL}/assessments/{application.reference}/" in text
    assert "/api/" not in text
    assert "written comments to the Director" in text  # (c)
    assert "GPO Box 787, Canberra ACT 2601" in text and "Comments must be made by 8 May 2027" in text  # (d)
    assert "10 May 2027 are also on time" in text  # a Saturday closing day, AIA s36(2)


# --- s32(2), s24: independence of the auditor (docs/INTERPRETATION.md) -------------------------


def _engage(user, organisation, kind, started_on, ended_on=None, description=""):
    return Engagement.objects.create(
        auditor=IndependentAuditor.objects.get(user=user),
        organisation=organisation,
        kind=kind,
        started_on=started_on,
        ended_on=ended_on,
        description=description,
    )


def test_s32_2_refusal_names_who_which_engagement_and_dates(make_application, people):
    application = make_application(State.LODGED)
    with pytest.raises(AssessmentError) as error:
        services.commission_evaluation(
            application=application,
            actor=people.director,
            auditor=IndependentAuditor.objects.get(user=people.auditor2),
        )
    [message] = [m for m in error.value.messages if m.startswith("s32(2):")]
    assert message == (
        "s32(2): Ben Kowalski cannot be appointed: contract with Southern Cross Cement Pty Ltd "
        "(the proponent) 1 July 2019 to 30 June 2021 (Energy and emissions audit of the Geelong kiln, "
        "under contract). An "
        "independent environmental auditor must not, since the Act commenced (12 March 2008), have provided "
        "services to the proponent, the Commonwealth or a Commonwealth authority under or in connection "
        "with a contract."
    )


def test_s32_2_past_employment_by_the_proponent_since_commencement_is_refused(make_application, people):
    application = make_application(State.LODGED)
    _engage(people.auditor, application.organisation, "employment", date(2010, 1, 1), date(2020, 12, 31))
    with refused(
        match=r"s32\(2\): Alice Martin cannot be appointed: employed by Southern Cross Cement Pty Ltd "
        r"\(the proponent\) 1 January 2010 to 31 December 2020\. .*\(a contract of employment is one\)"
    ):
        services.commission_evaluation(
            application=application,
            actor=people.director,
            auditor=IndependentAuditor.objects.get(user=people.auditor),
        )
    application.refresh_from_db()
    assert application.state == State.LODGED and application.auditor is None


def test_s32_2_employment_that_ended_before_commencement_does_not_disqualify(make_application, people):
    application = make_application(State.LODGED)
    _engage(people.auditor, application.organisation, "employment", date(2001, 1, 1), date(2008, 3, 11))
    services.commission_evaluation(
        application=application,
        actor=people.director,
        auditor=IndependentAuditor.objects.get(user=people.auditor),
    )
    assert application.state == State.EVALUATION_COMMISSIONED


def test_s32_2_employment_ending_on_commencement_day_disqualifies(make_application, people):
    application = make_application(State.LODGED)
    _engage(people.auditor, application.organisation, "employment", date(2001, 1, 1), date(2008, 3, 12))
    with refused(
        match=r"employed by Southern Cross Cement Pty Ltd \(the proponent\) 1 January 2001 to 12 March"
    ):
        services.commission_evaluation(
            application=application,
            actor=people.director,
            auditor=IndependentAuditor.objects.get(user=people.auditor),
        )


def test_s32_2_an_engagement_agreed_but_not_yet_begun_disqualifies(make_application, people):
    application = make_application(State.LODGED)
    starts = statute.legal_today() + timedelta(days=30)
    _engage(people.auditor, application.organisation, "contract", starts)
    with refused(
        match=r"contract with Southern Cross Cement Pty Ltd \(the proponent\) from .* \(agreed, not yet"
    ):
        services.commission_evaluation(
            application=application,
            actor=people.director,
            auditor=IndependentAuditor.objects.get(user=people.auditor),
        )


def test_s24_s32_2_a_consultancy_to_the_office_is_a_contract_with_the_commonwealth(make_application, people):
    application = make_application(State.LODGED)
    office = Organisation.objects.create(
        name="Department of the Environment (Greenhouse Office)", kind=Organisation.Kind.THE_COMMONWEALTH
    )
    _engage(
        people.auditor,
        office,
        "contract",
        date(2024, 7, 1),
        date(2025, 6, 30),
        description="s24 consultant: review of the national greenhouse inventory",
    )
    with refused(
        match=r"contract with Department of the Environment \(Greenhouse Office\) \(the Commonwealth\) "
        r"1 July 2024 to 30 June 2025 \(s24 consultant"
    ):
        services.commission_evaluation(
            application=application,
            actor=people.director,
            auditor=IndependentAuditor.objects.get(user=people.auditor),
        )


def test_s24_s32_2_evaluating_for_the_office_does_not_disqualify_from_later_evaluations(
    make_application, people
):
    first = make_application(State.EVALUATED)  # auditor evaluated under s32, engaged by the Office
    auditor = IndependentAuditor.objects.get(user=people.auditor)
    assert first.auditor == auditor
    second = make_application(State.LODGED)
    services.commission_evaluation(application=second, actor=people.director, auditor=auditor)
    assert second.state == State.EVALUATION_COMMISSIONED and second.auditor == auditor


def test_s32_2_a_state_body_is_not_the_commonwealth(make_application, people):
    application = make_application(State.LODGED)
    epa = Organisation.objects.create(name="EPA Victoria", kind=Organisation.Kind.STATE_OR_TERRITORY)
    _engage(people.auditor, epa, "contract", date(2020, 1, 1))
    services.commission_evaluation(
        application=application,
        actor=people.director,
        auditor=IndependentAuditor.objects.get(user=people.auditor),
    )
    assert application.state == State.EVALUATION_COMMISSIONED
