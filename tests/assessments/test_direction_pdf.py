"""s35: the Minister's direction to prepare a GIA as a PDF instrument, issued once after the direction
commits (assessments.services.directions), downloaded in admin and by the organisation directed."""

import hashlib
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessments import services, tasks
from assessments.models import Direction
from assessments.services import directions
from greenhouse_office import statute
from greenhouse_office.statute.wording import S35

pytestmark = pytest.mark.django_db


def _text(direction: Direction) -> str:
    with direction.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-")
    assert direction.sha256 == hashlib.sha256(content).hexdigest() and direction.size == len(content)
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def _direct(people, django_capture_on_commit_callbacks, *, execute=True) -> tuple[Direction, list]:
    organisation = people.proponent.organisation
    organisation.address_lines = "Level 3, 1 Kiln Street"
    organisation.suburb, organisation.state, organisation.postcode = "Geelong", "VIC", "3220"
    organisation.save()
    with django_capture_on_commit_callbacks(execute=execute) as callbacks:
        direction = services.direct_assessment(
            actor=people.minister,
            organisation=organisation,
            action="A fourth cement kiln at Geelong.",
            due_on=statute.legal_today() + timedelta(days=90),
        )
        assert not Direction.objects.get(pk=direction.pk).issued_at  # nothing inside the transaction
    direction.refresh_from_db()
    return direction, callbacks


def test_s35_the_direction_pdf_is_issued_after_the_direction_commits_with_its_contents(
    people, django_capture_on_commit_callbacks
):
    direction, callbacks = _direct(people, django_capture_on_commit_callbacks, execute=False)
    assert callbacks, "the direction queues its PDF on commit"
    for callback in callbacks:
        callback()
    direction.refresh_from_db()
    assert direction.issued_at is not None
    text = _text(direction)
    organisation = direction.organisation
    for required in (
        "Greenhouse Office",
        "DIRECTION OF THE MINISTER UNDER SECTION 35",  # the kind, in capitals
        organisation.name,
        "Level 3, 1 Kiln Street",
        "Geelong VIC 3220",
        "A fourth cement kiln at Geelong.",
        statute.format_day(direction.due_on),
        S35.words,  # s35 quoted
        people.minister.get_full_name(),
        f"Directed on {statute.format_day(statute.legal_today())}",
    ):
        assert required in text, required
    if organisation.abn:
        assert organisation.abn_formatted in text


def test_s35_the_direction_is_issued_once_and_the_task_again_renders_nothing(
    people, django_capture_on_commit_callbacks, monkeypatch
):
    direction, _ = _direct(people, django_capture_on_commit_callbacks)
    first = (direction.sha256, direction.file.name, direction.issued_at)

    def no_render(*args, **kwargs):
        raise AssertionError("issued once: nothing is rendered again")

    monkeypatch.setattr(directions, "render_pdf", no_render)
    assert tasks.issue_direction(direction.pk) == direction.sha256
    direction.refresh_from_db()
    assert (direction.sha256, direction.file.name, direction.issued_at) == first


def test_s35_the_admin_downloads_the_direction_with_the_right_headers(
    people, client, django_capture_on_commit_callbacks
):
    direction, _ = _direct(people, django_capture_on_commit_callbacks, execute=False)  # task lost
    client.force_login(people.officer)
    page = client.get(reverse("admin:assessments_direction_changelist")).content.decode()
    url = reverse("admin:assessments_direction_pdf", args=[direction.pk])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert (
        response["X-Content-Type-Options"] == "nosniff" and response["Content-Security-Policy"] == "sandbox"
    )
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    direction.refresh_from_db()
    assert direction.issued_at is not None  # issued on the first download, stored for the next
    change = client.get(reverse("admin:assessments_direction_change", args=[direction.pk])).content.decode()
    assert direction.file.name not in change  # the storage's path is never shown


def test_s35_the_organisation_directed_downloads_it_in_the_portal_and_no_one_else(
    people, client, django_capture_on_commit_callbacks
):
    direction, _ = _direct(people, django_capture_on_commit_callbacks)
    url = reverse("portal:direction", args=[direction.pk])
    client.force_login(people.proponent)
    assert url in client.get(reverse("portal:home")).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff" and "private" in response["Cache-Control"]
    client.force_login(people.proponent2)
    assert client.get(url).status_code == 404
    client.force_login(people.auditor)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
