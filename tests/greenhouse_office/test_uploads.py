"""Uploaded PDFs (greenhouse_office.uploads): malicious files built here are all refused, at the
service and through the portal form, the API and the public comment form; a clean PDF is accepted;
a body longer than any upload is answered 413 before anything reads it (greenhouse_office.middleware)."""

import io
import json
import types
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

from assessments import services
from assessments.errors import AssessmentError
from assessments.models import Comment, Document, State
from greenhouse_office import uploads
from greenhouse_office.middleware import RefuseOversizedBodyMiddleware
from tests.assessments import conftest as assessments_conftest
from tests.assessments.api_support import API, client_as
from tests.assessments.conftest import PDF, pdf

# The fixtures of tests/assessments (the demo's people, applications walked through the services).
people = assessments_conftest.people
make_application = assessments_conftest.make_application

MB = 1024 * 1024


# --- Building PDFs -------------------------------------------------------------------------------


def handmade(*bodies: bytes, trailer: bytes = b"") -> bytes:
    """A PDF of these objects (1 is the catalog) with a correct cross-reference table."""
    out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for number, body in enumerate(bodies, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer<</Size %d/Root 1 0 R%s>>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, trailer, xref)
    return out


def with_stream(compressed: bytes) -> bytes:
    """A one-page PDF whose page content is ``compressed`` (FlateDecode)."""
    return handmade(
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>",
        b"<</Length %d/Filter/FlateDecode>>\nstream\n%s\nendstream" % (len(compressed), compressed),
    )


def written(change=None, pages: int = 1) -> bytes:
    """A PDF from pypdf's writer, ``change(writer)`` applied first."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if change is not None:
        change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def js_action(script: str = "app.alert('x')") -> DictionaryObject:
    return DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(script)}
    )


def open_action(writer):
    writer._root_object[NameObject("/OpenAction")] = js_action()  # noqa: SLF001


def page_aa(writer):
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): js_action()})


def names_js(writer):
    scripts = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("x"), js_action()])})
    names = DictionaryObject({NameObject("/JavaScript"): writer._add_object(scripts)})  # noqa: SLF001
    writer._root_object[NameObject("/Names")] = names  # noqa: SLF001


def launch(writer):
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(  # noqa: SLF001
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
    )


def embedded(writer):
    writer.add_attachment("payload.exe", b"MZ\x90\x00")


def attachment_annotation(writer):
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/FileAttachment"),
            NameObject("/Rect"): ArrayObject(
                [FloatObject(0), FloatObject(0), FloatObject(10), FloatObject(10)]
            ),
            NameObject("/FS"): TextStringObject("payload.exe"),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])  # noqa: SLF001


def zeros_compressed(size: int) -> bytes:
    """zlib of ``size`` zero bytes, compressed a megabyte at a time (never all in memory)."""
    compressor = zlib.compressobj(9)
    block = b"\0" * MB
    parts = [compressor.compress(block) for _ in range(size // MB)]
    return b"".join(parts) + compressor.flush()


CLEAN = written()
GARBAGE = b"%PDF-1.7\n" + bytes((i * 37 + 11) % 256 for i in range(4096)) + b"\n%%EOF\n"

# Each malicious file, the code it is refused with and the words the person is shown.
MALICIOUS = {
    "html_before": (
        b"<!DOCTYPE html><html><script>alert(1)</script></html>\n" + CLEAN,
        "not_pdf",
        "not a PDF",
    ),
    "html_after": (CLEAN + b"<html><script>alert(1)</script></html>\n", "polyglot", "web page (HTML)"),
    "html_in_first_kb": (CLEAN.replace(b"\n", b"\n%<script>alert(1)</script>\n", 1), "polyglot", "HTML"),
    "data_after_eof": (CLEAN + b"MZ" + b"x" * 2000, "polyglot", "after the end"),
    "js_open_action": (written(open_action), "javascript", "JavaScript in it"),
    "js_additional_action": (written(page_aa), "javascript", "JavaScript in it"),
    "js_names": (written(names_js), "javascript", "JavaScript in it"),
    "launch": (written(launch), "launch", "starts another program"),
    "embedded_file": (written(embedded), "embedded_file", "embedded or attached"),
    "file_attachment_annotation": (written(attachment_annotation), "embedded_file", "embedded or attached"),
    "flate_bomb": (with_stream(zlib.compress(b"\0" * (2 * MB))), "inflated", "decompressed"),
    "too_many_pages": (written(pages=4), "pages", "4 pages"),
    "garbage_with_pdf_header": (GARBAGE, "unreadable", "could not be read"),
    "not_a_pdf": (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "not_pdf", "not a PDF"),
}


@pytest.fixture
def low_limits(settings):
    """Limits low enough for the small files above (the defaults are checked with the 200 MB bomb)."""
    settings.GREENHOUSE_UPLOAD_MAX_PAGES = 3
    settings.GREENHOUSE_UPLOAD_MAX_STREAM_BYTES = 1 * MB
    settings.GREENHOUSE_UPLOAD_MAX_INFLATED_BYTES = 2 * MB
    return settings


# --- The check itself --------------------------------------------------------------------------


@pytest.mark.parametrize("name", MALICIOUS)
def test_every_malicious_file_is_refused_with_its_reason(name, low_limits):
    content, code, words = MALICIOUS[name]
    with pytest.raises(uploads.UploadRefused) as refused:
        uploads.checked_pdf(SimpleUploadedFile("x.pdf", content))
    assert refused.value.code == code
    assert words in refused.value.message


@pytest.mark.parametrize("content", [PDF, CLEAN, written(pages=3)], ids=["tests_pdf", "pypdf", "three_pages"])
def test_a_clean_pdf_is_accepted_and_returned_whole(content, low_limits):
    assert uploads.checked_pdf(SimpleUploadedFile("x.pdf", content)) == content


def test_the_javascript_refusal_says_what_to_do():
    with pytest.raises(uploads.UploadRefused) as refused:
        uploads.check_pdf_bytes(written(open_action))
    assert refused.value.message == "The file has JavaScript in it; upload a PDF without scripts."


def test_too_many_objects_is_refused(settings):
    settings.GREENHOUSE_UPLOAD_MAX_OBJECTS = 2
    with pytest.raises(uploads.UploadRefused, match="objects, and the most accepted is 2"):
        uploads.check_pdf_bytes(CLEAN)


def test_a_199_kb_file_inflating_to_200_mb_is_refused_with_the_default_limits_without_inflating_it(
    monkeypatch,
):
    compressed = zeros_compressed(200 * MB)
    assert len(compressed) < 250 * 1024  # the file of the issue: about 200 KB
    inflated = []

    class Counting:
        def __init__(self):
            self.inflater = zlib.decompressobj()

        def decompress(self, data, max_length=0):
            out = self.inflater.decompress(data, max_length)
            inflated.append(len(out))
            return out

        def __getattr__(self, name):
            return getattr(self.inflater, name)

    monkeypatch.setattr(uploads, "zlib", types.SimpleNamespace(decompressobj=Counting, error=zlib.error))
    with pytest.raises(uploads.UploadRefused) as refused:
        uploads.check_pdf_bytes(with_stream(compressed))
    assert refused.value.code == "inflated"
    cap = uploads.settings.GREENHOUSE_UPLOAD_MAX_STREAM_BYTES
    assert cap < 200 * MB
    # Inflation stopped one chunk past the cap, never reaching 200 MB, never more than a chunk at once.
    assert cap < sum(inflated) <= cap + uploads._CHUNK  # noqa: SLF001
    assert max(inflated) <= uploads._CHUNK  # noqa: SLF001


def test_inflated_size_stops_at_the_cap():
    compressed = zlib.compress(b"\0" * (4 * MB))
    assert uploads.inflated_size(compressed, 10 * MB) == 4 * MB
    assert uploads.inflated_size(compressed, MB) == MB + 1


def test_many_streams_inflating_beyond_the_total_are_refused(settings):
    settings.GREENHOUSE_UPLOAD_MAX_STREAM_BYTES = 1 * MB
    settings.GREENHOUSE_UPLOAD_MAX_INFLATED_BYTES = 2 * MB
    part = zlib.compress(b"\0" * (MB - 1))
    stream = b"<</Length %d/Filter/FlateDecode>>\nstream\n%s\nendstream" % (len(part), part)
    content = handmade(
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents[4 0 R 5 0 R 6 0 R]>>",
        stream,
        stream,
        stream,
    )
    with pytest.raises(uploads.UploadRefused, match="decompressed"):
        uploads.check_pdf_bytes(content)


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(settings):
    settings.GREENHOUSE_MAX_DOCUMENT_BYTES = 100

    class Unreadable(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("read")

    with pytest.raises(uploads.UploadRefused, match="larger than the limit of 100"):
        uploads.checked_pdf(Unreadable("x.pdf", CLEAN))


def test_a_password_protected_pdf_is_refused():
    def protect(writer):
        writer.encrypt("secret", algorithm="RC4-128")

    with pytest.raises(uploads.UploadRefused, match="protected by a password"):
        uploads.check_pdf_bytes(written(protect))


# --- At the service, and through each way in -----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", MALICIOUS)
def test_the_upload_service_refuses_every_malicious_file(name, low_limits, people, make_application):
    application = make_application(State.DRAFT)
    content, _, words = MALICIOUS[name]
    with pytest.raises(AssessmentError) as refused:
        services.upload_document(
            application=application, actor=people.proponent, kind="gia", upload=pdf("gia.pdf", content)
        )
    assert words in refused.value.field_errors["file"][0]
    assert not application.documents.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", MALICIOUS)
def test_the_portal_gia_step_refuses_every_malicious_file_on_its_field(
    name,
    low_limits,
    client,
    people,
    make_application,
):
    application = make_application(State.DRAFT)
    client.force_login(people.proponent)
    content, _, words = MALICIOUS[name]
    url = reverse("portal:lodging-step", args=[application.pk, "gia"])
    response = client.post(url, {"file": pdf("gia.pdf", content)})
    assert response.status_code == 400
    text = response.content.decode()
    assert words.replace("'", "&#x27;") in text and 'href="#id_file"' in text
    assert not application.documents.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", MALICIOUS)
def test_the_api_upload_refuses_every_malicious_file_with_a_400_on_file(
    name, low_limits, people, make_application
):
    application = make_application(State.DRAFT)
    content, _, words = MALICIOUS[name]
    response = client_as(people.proponent).post(
        f"{API}/applications/{application.pk}/documents", {"kind": "gia", "file": pdf("gia.pdf", content)}
    )
    assert response.status_code == 400
    assert words in response.json()["file"][0]
    assert not Document.objects.filter(application=application).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", MALICIOUS)
def test_the_public_comment_form_refuses_every_malicious_attachment_on_its_field(
    name,
    low_limits,
    client,
    make_application,
):
    application = make_application(State.OPEN_FOR_COMMENT)
    content, _, words = MALICIOUS[name]
    data = {
        "name": "A. Resident",
        "email": "resident@example.com",
        "organisation": "",
        "text": "The kiln's emissions are understated.",
        "attachment": pdf("mine.pdf", content),
    }
    response = client.post(reverse("register:comment", args=[application.reference]), data)
    assert response.status_code == 400
    assert words.replace("'", "&#x27;") in response.text and 'href="#id_attachment"' in response.text
    assert not Comment.objects.filter(application=application).exists()


@pytest.mark.django_db
def test_a_clean_pdf_is_accepted_through_the_api(people, make_application):
    application = make_application(State.DRAFT)
    response = client_as(people.proponent).post(
        f"{API}/applications/{application.pk}/documents", {"kind": "other", "file": pdf("ok.pdf", CLEAN)}
    )
    assert response.status_code == 201, response.content
    assert application.documents.get().size == len(CLEAN)


@pytest.mark.django_db
def test_documents_per_application_are_capped(settings, people, make_application):
    settings.GREENHOUSE_MAX_DOCUMENTS_PER_APPLICATION = 2
    application = make_application(State.DRAFT)
    for _ in range(2):
        services.upload_document(application=application, actor=people.proponent, kind="other", upload=pdf())
    with pytest.raises(AssessmentError) as refused:
        services.upload_document(application=application, actor=people.proponent, kind="gia", upload=pdf())
    assert "already has 2 uploaded documents" in refused.value.field_errors["file"][0]
    assert application.documents.count() == 2


# --- Bodies larger than any upload: 413 before they are read --------------------------------------


class _Unread:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def _never_called(request):
    raise AssertionError("the view ran")


@pytest.mark.parametrize("path", ["/portal/", "/api/v1/applications/1/documents"])
def test_a_body_over_the_limit_is_413_without_reading_it_or_running_the_view(path):
    request = RequestFactory().post(path, data=b"", content_type="multipart/form-data; boundary=x")
    request.META["CONTENT_LENGTH"] = str(uploads.largest_body_bytes() + 1)
    request.META["wsgi.input"] = _Unread()
    request._stream = _Unread()  # noqa: SLF001
    response = RefuseOversizedBodyMiddleware(_never_called)(request)
    assert response.status_code == 413
    if path.startswith("/api/"):
        body = json.loads(response.content)
        assert body["code"] == "too_large" and "the most this site accepts" in body["detail"]
    else:
        text = response.content.decode()
        assert "<h1>The file is too large</h1>" in text and "Nothing was saved" in text


def test_a_body_within_the_limit_reaches_the_view():
    request = RequestFactory().post("/portal/", data={"a": "b"})
    assert RefuseOversizedBodyMiddleware(lambda request: "view")(request) == "view"


@pytest.mark.django_db
def test_a_300_mb_upload_through_the_client_is_413_and_nothing_is_stored(client, people, make_application):
    application = make_application(State.DRAFT)
    client.force_login(people.proponent)
    url = reverse("portal:lodging-step", args=[application.pk, "gia"])
    response = client.post(url, {"file": pdf()}, CONTENT_LENGTH=str(300 * MB))
    assert response.status_code == 413
    assert not application.documents.exists()
