"""The portal's shared screens, which answer by role: the home (an auditor's appointments, a
proponent's applications and directions; a person with both roles sees both), one application (the
appointed auditor's page or the proponent's), and a document download (either's). Anyone signed in
who is neither gets 403 with a page saying where to go instead. The Minister's decision (s30) has its
own download, for the proponent, the Office and the Minister; so do the proponent's receipt of
lodgement (s31) and notice inviting comments (s33(2)), and a direction (s35) to the person directed.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from assessments.api.base import pdf_download
from assessments.models import Document
from assessments.selectors import (
    applications_visible_to,
    directions_visible_to,
    documents_visible_to,
    may_see_decision,
)
from assessments.services import decision_document, office_document
from assessments.services.directions import direction_document
from greenhouse_office.access import has_role, may_start_an_organisation
from greenhouse_office.roles import Role

from . import portal_auditor, portal_proponent
from .portal_auditor import appointed_applications, notices
from .portal_proponent import is_a_proponent, own_applications


def _is_auditor(user) -> bool:
    return has_role(user, Role.INDEPENDENT_AUDITOR)


def _neither(request):
    return render(request, "portal/not_an_auditor.html", status=403)


@login_required
def home(request):
    """The auditor's appointments and/or the proponent's applications, by the person's roles."""
    auditor, proponent = _is_auditor(request.user), is_a_proponent(request.user)
    if not (auditor or proponent):
        if may_start_an_organisation(request.user):  # just signed up: create or be invited into one
            return redirect("organisation:create")
        return _neither(request)
    if not proponent:
        return render(
            request, "portal/auditor_home.html", {**notices(request), **portal_auditor.home_context(request)}
        )
    context = {**notices(request), **portal_proponent.home_context(request), "is_also_auditor": auditor}
    if auditor:
        context.update(portal_auditor.home_context(request, page_param="appointments_page"))
    return render(request, "portal/proponent_home.html", context)


@login_required
def application_detail(request, pk):
    """The appointed auditor's page for an application it evaluates, else the proponent's for its own."""
    auditor, proponent = _is_auditor(request.user), is_a_proponent(request.user)
    if not (auditor or proponent):
        return _neither(request)
    if auditor and (not proponent or appointed_applications(request.user).filter(pk=pk).exists()):
        return portal_auditor.application_detail(request, pk)
    return portal_proponent.application_detail(request, pk)


@login_required
def document_download(request, pk, document_pk):
    """A PDF of an application the person is appointed to or whose proponent it is (404 for any other)."""
    auditor, proponent = _is_auditor(request.user), is_a_proponent(request.user)
    if not (auditor or proponent):
        return _neither(request)
    applications = appointed_applications(request.user) if auditor else None
    if proponent:
        own = own_applications(request.user)
        applications = own if applications is None else (applications | own)
    application = get_object_or_404(applications, pk=pk)
    document = documents_visible_to(request.user, application).filter(pk=document_pk).first()
    if document is None:
        raise Http404
    return pdf_download(document, f"{application.reference}-{document.kind}-{document.pk}.pdf", public=False)


@login_required
@require_GET
def decision(request, pk):
    """s30: the Minister's decision as its PDF, for the proponent's organisation, the Office and the
    Minister (404 for anyone else, and before the decision). The stored instrument is served; if its
    task never ran (broker down), it is issued now, once, and stored (services.decision_document)."""
    application = get_object_or_404(applications_visible_to(request.user), pk=pk)
    if not may_see_decision(request.user, application):
        raise Http404
    document = decision_document(application)
    if document is None:
        raise Http404
    return pdf_download(document, f"{application.reference}-decision.pdf", public=False)


def _office_document(request, pk, kind: str, name: str):
    """The current receipt or notice of one of the proponent's own applications (404 for any other, or
    before there is one); issued now if its task never ran (services.office_document)."""
    if not is_a_proponent(request.user):
        return _neither(request)
    application = get_object_or_404(own_applications(request.user), pk=pk)
    document = office_document(application, kind)
    if document is None:
        raise Http404
    return pdf_download(document, f"{application.reference}-{name}.pdf", public=False)


@login_required
@require_GET
def receipt(request, pk):
    """s31: the receipt of lodgement, for the proponent's organisation, once lodged."""
    return _office_document(request, pk, Document.Kind.RECEIPT, "receipt")


@login_required
@require_GET
def notice(request, pk):
    """s33(2): the notice inviting comments, for the proponent's organisation, once published."""
    return _office_document(request, pk, Document.Kind.NOTICE, "notice")


@login_required
@require_GET
def direction(request, pk):
    """s35: the Minister's direction as its PDF, for the person directed (404 for anyone else); the
    Office and the Minister download it in admin. Issued now if its task never ran."""
    if not is_a_proponent(request.user):
        return _neither(request)
    found = get_object_or_404(
        directions_visible_to(request.user).filter(organisation_id=request.user.organisation_id), pk=pk
    )
    found = direction_document(found)
    return pdf_download(found, f"direction-{found.pk}.pdf", public=False)
