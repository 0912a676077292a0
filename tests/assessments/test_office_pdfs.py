"""The Office's PDFs beyond the decision: the receipt of lodgement (s31) and the notice inviting comments
(s33(2)), issued after commit by services.issuing, rendered again only when what they say changes; the
WeasyPrint wrapper's URL fetcher; the admin download's headers."""

import hashlib
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from assessments import services, tasks
from assessments.errors import AssessmentError
from assessments.models import Document, State
from assessments.services import issuing
from greenhouse_office import pdf as pdf_module
from greenhouse_office import statute
from greenhouse_office.pdf import PdfRenderError, RefusedURL, render_pdf, url_fetcher

from .conftest import pdf, publication

pytestmark = pytest.mark.django_db


def _text(document: Document) -> str:
    with document.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-")
    assert document.sha256 == hashlib.sha256(content).hexdigest() and document.size == len(content)
    return _pdf_text(content)


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def _current(application, kind) -> Document | None:
    return application.documents.filter(kind=kind, superseded_at__isnull=True).first()


def _run(callbacks):
    assert callbacks, "the act queues its PDF on commit"
    for callback in callbacks:
        callback()


def _no_render(monkeypatch):
    def no_render(*args, **kwargs):
        raise AssertionError("nothing changed: the stored PDF must not be rendered again")

    monkeypatch.setattr(issuing, "render_pdf", no_render)


# --- s31: the receipt of lodgement ----------------------------------------------------------------


def _lodge(make_application, people, django_capture_on_commit_callbacks):
    application = make_application(State.DRAFT)
    services.upload_document(application=application, actor=people.proponent, kind="gia", upload=pdf())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.lodge(application=application, actor=people.proponent)
        assert _current(application, Document.Kind.RECEIPT) is None  # nothing inside the transaction
    _run(callbacks)
    application.refresh_from_db()
    return application


def test_s31_the_receipt_is_issued_after_the_lodgement_commits_and_says_what_was_received(
    make_application, people, django_capture_on_commit_callbacks
):
    application = _lodge(make_application, people, django_capture_on_commit_callbacks)
    receipt = _current(application, Document.Kind.RECEIPT)
    assert receipt is not None and receipt.uploaded_by == people.proponent
    text = _text(receipt)
    for required in (
        "Greenhouse Office",
        "Convention on Climate Change (Implementation) Act 1999",
        "Receipt of lodgement",
        "section 31",
        application.reference,
        application.title,
        application.organisation.name,
        statute.format_day(application.received_on),
        statute.format_day(application.evaluation_due_on),
        "s32(1)",
        "within 30 days after receipt",
    ):
        assert required in text, required
    event = application.events.get(transition="issue_receipt")
    assert event.section == "s31" and event.payload["sha256"] == receipt.sha256
    assert event.payload["lodge_event"] == application.events.get(transition="lodge").hash
    assert event.hash == event.compute_hash()


def test_s31_issuing_the_receipt_again_renders_nothing_while_nothing_changed(
    make_application, people, django_capture_on_commit_callbacks, monkeypatch
):
    application = _lodge(make_application, people, django_capture_on_commit_callbacks)
    first = _current(application, Document.Kind.RECEIPT)
    events = application.events.count()
    _no_render(monkeypatch)
    assert tasks.issue_office_document(application.pk, Document.Kind.RECEIPT) == first.sha256
    assert services.office_document(application, Document.Kind.RECEIPT).pk == first.pk
    assert application.documents.filter(kind=Document.Kind.RECEIPT).count() == 1
    assert application.events.count() == events


def test_s31_a_later_lodgement_gets_a_new_receipt_and_the_first_is_kept_superseded(
    make_application, people, django_capture_on_commit_callbacks
):
    application = _lodge(make_application, people, django_capture_on_commit_callbacks)
    first = _current(application, Document.Kind.RECEIPT)
    services.return_for_amendment(
        application=application,
        actor=people.officer,
        requests=[{"kind": "description", "detail": "Describe the kiln."}],
    )
    for request in application.amendment_requests.all():
        services.answer_amendment_request(request=request, actor=people.proponent, response="Described.")
    application.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.lodge(application=application, actor=people.proponent)
    second = _current(application, Document.Kind.RECEIPT)
    assert second.pk != first.pk and second.inputs_sha256 != first.inputs_sha256
    first.refresh_from_db()
    assert first.superseded_by == second and first.superseded_at is not None
    assert application.events.filter(transition="issue_receipt").last().payload["supersedes"] == first.pk


def test_s31_a_receipt_whose_task_never_ran_is_issued_on_demand_and_none_before_lodgement(
    make_application, people
):
    draft = make_application(State.DRAFT)
    assert services.office_document(draft, Document.Kind.RECEIPT) is None
    with pytest.raises(ValueError, match="not lodged"):
        services.issue_office_document(application=draft, kind=Document.Kind.RECEIPT)
    lodged = make_application(State.LODGED)  # its on-commit task never ran in this test
    assert _current(lodged, Document.Kind.RECEIPT) is None
    receipt = services.office_document(lodged, Document.Kind.RECEIPT)
    assert receipt is not None and lodged.reference in _text(receipt)


# --- s33(2): the notice inviting comments ---------------------------------------------------------


def _publish(make_application, people, django_capture_on_commit_callbacks, **overrides):
    application = make_application(State.EVALUATED)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.publish_for_comment(
            application=application, actor=people.officer, **publication(**overrides)
        )
        assert _current(application, Document.Kind.NOTICE) is None
    _run(callbacks)
    application.refresh_from_db()
    return application


def test_s33_the_notice_is_issued_after_publication_with_the_contents_of_s33_2(
    make_application, people, django_capture_on_commit_callbacks
):
    application = _publish(make_application, people, django_capture_on_commit_callbacks)
    notice = _current(application, Document.Kind.NOTICE)
    assert notice is not None and notice.uploaded_by == people.officer
    text = _text(notice)
    newspaper = application.newspaper_notices.first()
    for required in (
        "Greenhouse Office",
        "SECTION 33",  # the notice's heading, in capitals
        "s33(2)",
        "s33(1)(b)(i)",
        "s33(1)(b)(ii)",
        application.reference,
        application.title,
        application.organisation.name,
        "Greenhouse Impact Assessment",  # (a)
        "may be obtained free of charge",  # (b)
        "written comments to the Director",  # (c)
        "GPO Box 787, Canberra ACT 2601",  # (d) the address
        f"Comments must be made by {statute.format_day(application.closing_day)}",  # (d) the closing day
        statute.format_day(application.gazette_date),
        newspaper.newspaper,
    ):
        assert required in text, required
    event = application.events.get(transition="issue_notice")
    assert event.section == "s33(2)" and event.payload["sha256"] == notice.sha256


def test_s33_the_notice_is_rendered_again_only_when_what_it_says_changes(
    make_application, people, django_capture_on_commit_callbacks, monkeypatch
):
    application = _publish(make_application, people, django_capture_on_commit_callbacks)
    first = _current(application, Document.Kind.NOTICE)
    with monkeypatch.context() as patched:
        _no_render(patched)
        assert tasks.issue_office_document(application.pk, Document.Kind.NOTICE) == first.sha256
    # A corrected address (a change of an input, as an amendment of the notice would make) is a new notice.
    application.comment_address = "The Director, Greenhouse Office, GPO Box 1, Canberra ACT 2601"
    application.save(update_fields=["comment_address"])
    second = services.issue_office_document(application=application, kind=Document.Kind.NOTICE)
    assert second.pk != first.pk and "GPO Box 1, Canberra" in _text(second)
    first.refresh_from_db()
    assert first.superseded_by == second
    assert application.events.filter(transition="issue_notice").count() == 2


def test_the_office_documents_are_never_uploaded(make_application, people):
    application = make_application(State.DRAFT)
    for kind in (Document.Kind.NOTICE, Document.Kind.RECEIPT):
        with pytest.raises(AssessmentError, match="never uploaded"):
            services.upload_document(application=application, actor=people.proponent, kind=kind, upload=pdf())


def test_the_new_templates_type_none_of_the_bills_numbers():
    for name in ("receipt.html", "notice.html"):
        source = (Path(settings.BASE_DIR) / "templates" / "pdf" / name).read_text()
        for number in ("50,000", "50000", "30 days", "2 months", "12 months"):
            assert number not in source, (name, number)


# --- The WeasyPrint wrapper ----------------------------------------------------------------------


def test_the_fetcher_refuses_remote_urls_and_files_outside_the_static_files():
    fetcher = url_fetcher()
    site_css = Path(settings.BASE_DIR) / "static" / "css" / "site.css"
    for url in (
        "http://example.com/x.png",
        "https://example.com/x.css",
        "ftp://example.com/x",
        "file:///etc/passwd",
        f"{site_css.parent.as_uri()}/../../../../etc/passwd",
        "file://evil.example.com/static/css/site.css",
    ):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
    assert "file:///etc/passwd" in fetcher.refused
    response = fetcher.fetch(site_css.as_uri())  # the project's static files are allowed
    assert response.read() == site_css.read_bytes()
    response.close()


@pytest.fixture
def hostile_template(tmp_path, settings):
    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / "hostile.html").write_text(
        '<html><body><p>Before the image.</p><img src="http://example.com/x.png">'
        '<img src="file:///etc/passwd"><link rel="stylesheet" href="file:///etc/passwd">'
        "<p>After the image.</p></body></html>"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    return "pdf/hostile.html"


def test_a_template_loading_a_remote_url_or_etc_passwd_renders_without_them(hostile_template, monkeypatch):
    import urllib.request

    opened = []
    real_open = urllib.request.OpenerDirector.open

    def recording_open(self, request, *args, **kwargs):
        opened.append(getattr(request, "full_url", request))
        return real_open(self, request, *args, **kwargs)

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", recording_open)
    fetcher = url_fetcher()
    content = render_pdf(hostile_template, {}, fetcher=fetcher)
    text = _pdf_text(content)
    assert "Before the image." in text and "After the image." in text
    assert "root:" not in text
    assert set(fetcher.refused) == {"http://example.com/x.png", "file:///etc/passwd"}
    assert opened == []  # nothing was fetched, by any protocol


def test_a_render_that_fails_raises_pdf_render_error_naming_the_template():
    with pytest.raises(PdfRenderError, match="pdf/no-such-template.html"):
        render_pdf("pdf/no-such-template.html", {})
    assert issubclass(PdfRenderError, Exception) and pdf_module.PdfRenderError is PdfRenderError


# --- Downloads ------------------------------------------------------------------------------------


def test_the_admin_download_is_never_sniffed_never_run_and_never_cached(make_application, people, client):
    application = make_application(State.LODGED)
    gia = application.documents.get(kind=Document.Kind.GIA)
    client.force_login(people.officer)
    response = client.get(reverse("admin:assessments_application_document", args=[application.pk, gia.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def _headers(response, *, public: bool) -> bytes:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Content-Disposition"].startswith("attachment")
    cache = {part.strip() for part in response["Cache-Control"].split(",")}
    assert ("public" in cache) if public else ({"private", "no-store"} <= cache)
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF-")
    return content


def test_s31_s33_the_proponents_page_offers_the_receipt_once_lodged_and_the_notice_once_published(
    make_application, people, client
):
    client.force_login(people.proponent)
    draft = make_application(State.DRAFT)
    page = client.get(reverse("portal:application", args=[draft.pk])).content.decode()
    assert reverse("portal:receipt", args=[draft.pk]) not in page
    assert client.get(reverse("portal:receipt", args=[draft.pk])).status_code == 404
    lodged = make_application(State.LODGED)
    page = client.get(reverse("portal:application", args=[lodged.pk])).content.decode()
    assert reverse("portal:receipt", args=[lodged.pk]) in page
    assert reverse("portal:notice", args=[lodged.pk]) not in page
    assert client.get(reverse("portal:notice", args=[lodged.pk])).status_code == 404
    published = make_application(State.OPEN_FOR_COMMENT)
    page = client.get(reverse("portal:application", args=[published.pk])).content.decode()
    assert reverse("portal:receipt", args=[published.pk]) in page
    assert reverse("portal:notice", args=[published.pk]) in page


def test_s31_s33_the_proponent_downloads_the_receipt_and_notice_issued_once_with_the_right_headers(
    make_application, people, client
):
    application = make_application(State.OPEN_FOR_COMMENT)  # the tasks never ran: issued on download
    client.force_login(people.proponent)
    receipt = _headers(client.get(reverse("portal:receipt", args=[application.pk])), public=False)
    assert application.reference in _pdf_text(receipt)
    notice = _headers(client.get(reverse("portal:notice", args=[application.pk])), public=False)
    assert "s33(2)" in _pdf_text(notice)
    again = b"".join(client.get(reverse("portal:notice", args=[application.pk])).streaming_content)
    assert again == notice and application.documents.filter(kind=Document.Kind.NOTICE).count() == 1


def test_s31_s33_another_organisation_or_role_gets_no_receipt_or_notice(make_application, people, client):
    application = make_application(State.OPEN_FOR_COMMENT)
    for name in ("receipt", "notice"):
        url = reverse(f"portal:{name}", args=[application.pk])
        client.force_login(people.proponent2)
        assert client.get(url).status_code == 404, name
        client.force_login(people.auditor)
        assert client.get(url).status_code == 403, name
        client.logout()
        assert client.get(url).status_code == 302, name


def test_s33_the_public_assessment_page_offers_the_notice_once_published(make_application, client):
    application = make_application(State.OPEN_FOR_COMMENT)
    url = reverse("register:notice", args=[application.reference])
    page = client.get(reverse("register:assessment", args=[application.reference])).content.decode()
    assert url in page
    assert "s33(2)" in _pdf_text(_headers(client.get(url), public=True))
    draft = make_application(State.DRAFT)
    assert client.get(reverse("register:notice", args=[draft.reference])).status_code == 404
