"""s38: each published version of an industry greenhouse plan as a PDF (templates/pdf/
industry_greenhouse_plan.html), rendered once by services.documents.issue_version_pdf and read back
here with pypdf."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from taskforces.models import PlanVersion, PreparedBy, SourceCategory
from taskforces.services.documents import issue_version_pdf

pytestmark = pytest.mark.django_db


def pdf_text(version: PlanVersion) -> str:
    with version.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-")
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_s38_the_plan_pdf_names_the_category_who_prepared_it_its_dates_and_its_text(make_plan, appoint):
    appoint(SourceCategory.objects.get(code="1.A.3"))
    plan = make_plan("published", given=date(2020, 1, 31), published=date(2020, 2, 14))
    version = issue_version_pdf(plan.versions.get())
    text = pdf_text(version)
    assert plan.title in text
    assert "1.A.3 Transport" in text and "Energy, fuel combustion" in text
    assert "The task force (s36(1)(a)): Transport Greenhouse Taskforce" in text
    assert "Version 1" in text
    assert "Received by the Minister on 31 January 2020" in text
    assert "Published on 14 February 2020 (s38)" in text
    assert "How the category reaches its targets." in text
    assert "Where the category's emissions come from Road freight and passenger cars." in text
    assert "Measures Fuel." in text
    assert "1.A.3 · Industry greenhouse plan, version 1 (s38)" in text  # the footer
    assert "Page 1 of" in text


def test_s37_a_plan_the_office_prepared_says_so(make_plan):
    category = SourceCategory.objects.get(code="2.A")
    plan = make_plan("published", category=category, prepared_by=PreparedBy.OFFICE)
    text = pdf_text(issue_version_pdf(plan.versions.get()))
    assert "The Greenhouse Office (s37)" in text and "2.A Mineral products" in text
    assert "Industrial processes" in text and "Task force" not in text


def test_only_a_published_version_is_rendered(make_plan):
    plan = make_plan("given_to_minister")
    with pytest.raises(ValueError, match="only a published version"):
        issue_version_pdf(plan.versions.get())
