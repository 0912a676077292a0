"""s31(2), s33(1): a GIA replaced on amendment is kept (superseded, never deleted) and logged; the
lodge guard counts only the current one, and only the current one is published."""

import pytest

from assessments import selectors, services
from assessments.models import Document, IndependentAuditor, State

from .conftest import pdf, publication

pytestmark = pytest.mark.django_db


def test_s33_1_a_gia_replaced_on_amendment_is_kept_but_only_the_current_one_is_published(
    make_application, people
):
    application = make_application(State.RETURNED)
    old = application.documents.get(kind=Document.Kind.GIA)
    for request in application.amendment_requests.all():
        services.answer_amendment_request(request=request, actor=people.proponent, response="Described.")
    new = services.upload_document(
        application=application, actor=people.proponent, kind="gia", upload=pdf("amended.pdf")
    )
    old.refresh_from_db()
    assert (old.superseded_by, old.is_current, new.is_current) == (new, False, True)
    services.lodge(application=application, actor=people.proponent)
    services.commission_evaluation(
        application=application,
        actor=people.director,
        auditor=IndependentAuditor.objects.get(user=people.auditor),
    )
    services.upload_document(application=application, actor=people.auditor, kind="evaluation", upload=pdf())
    services.record_evaluation(application=application, actor=people.auditor)
    services.publish_for_comment(application=application, actor=people.officer, **publication())
    published = selectors.published_applications().get(pk=application.pk)
    gias = [d for d in published.public_documents if d.kind == Document.Kind.GIA]
    assert [d.pk for d in gias] == [new.pk]
    assert selectors.public_document(application.pk, old.pk) is None
    assert selectors.public_document(application.pk, new.pk) == new
    assert Document.objects.filter(pk=old.pk).exists()  # kept


def test_s31_2_a_second_upload_leaves_one_current_gia_for_the_lodge_guard(make_application, people):
    from assessments import guards

    application = make_application(State.DRAFT)
    assert guards.has_gia_document.refusal(application) is not None
    services.upload_document(application=application, actor=people.proponent, kind="gia", upload=pdf())
    services.upload_document(application=application, actor=people.proponent, kind="gia", upload=pdf())
    assert application.documents.filter(kind="gia").count() == 2
    assert application.documents.filter(kind="gia", superseded_at__isnull=True).count() == 1
    assert guards.has_gia_document.refusal(application) is None
