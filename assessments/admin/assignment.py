"""Assign an application to an officer from its change page: "Assign to me" or to a colleague.

The POST calls services.assignment.assign_officer, which checks who may be assigned and logs the change;
its refusals are shown as admin messages.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from assessments.errors import AssessmentError
from assessments.services.assignment import assign_officer
from greenhouse_office import access

from .filters import office_people


def assignment_context(request, application) -> dict:
    """What the change page's assignment form needs (only for the Office)."""
    if not access.is_office(request.user):
        return {}
    return {
        "assign_url": reverse("admin:assessments_application_assign", args=[application.pk]),
        "colleagues": [
            (person.pk, person.get_full_name() or person.get_username())
            for person in office_people()
            if person.pk != request.user.pk
        ],
    }


def assign_view(model_admin, request, object_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    application = get_object_or_404(model_admin.get_queryset(request), pk=object_id)
    if not access.is_office(request.user):
        raise PermissionDenied
    change_url = reverse("admin:assessments_application_change", args=[application.pk])
    choice = request.POST.get("officer", "")
    if choice == "me":
        officer = request.user
    elif choice == "none":
        officer = None
    elif choice.isdigit():
        officer = get_user_model().objects.filter(pk=int(choice)).first()
        if officer is None:
            messages.error(request, "Choose a member of the Office's staff or the Director.")
            return redirect(change_url)
    else:
        messages.error(request, "Choose who to assign.")
        return redirect(change_url)
    try:
        assign_officer(application=application, officer=officer, actor=request.user)
    except AssessmentError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        who = (officer.get_full_name() or officer.get_username()) if officer else "nobody"
        messages.success(request, f"{application.reference} is assigned to {who}.")
    return redirect(change_url)
