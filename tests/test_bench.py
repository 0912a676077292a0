"""The bench's generator at a tiny size: valid chains, every state, the skew, real PDFs on disk."""

import io

import pytest
from django.db.models import Count
from pypdf import PdfReader

from assessments.models import Application, Comment, Document, State
from bench.generate import Refused, generate
from greenhouse_office.workflow.verify import verify_all
from tests.factories import ApplicationFactory


@pytest.mark.django_db
def test_generated_chains_verify_and_every_state_is_present():
    summary = generate(applications=30, comments=200, largest=50, out=lambda line: None)

    breaks, events, records = verify_all()
    assert breaks == []
    assert events == summary.events > 30
    assert set(Application.objects.values_list("state", flat=True)) == set(State.values)
    assert Comment.objects.count() == 200
    counts = Application.objects.annotate(n=Count("comments")).order_by("-n").values_list("n", flat=True)
    assert counts[0] == 50 and counts[1] <= 25  # one assessment draws the most by far
    document = Document.objects.filter(kind=Document.Kind.GIA).first()
    with document.file.open("rb") as pdf:
        text = PdfReader(io.BytesIO(pdf.read()), strict=True).pages[0].extract_text()
    assert document.application.reference in text


@pytest.mark.django_db
def test_the_generator_refuses_a_database_that_has_applications():
    ApplicationFactory()
    with pytest.raises(Refused):
        generate(applications=5, comments=0, out=lambda line: None)
