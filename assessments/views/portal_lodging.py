"""Lodging an application (s31), step by step: the proponent's guided form.

One group of questions per page (GOV.UK): the action, the limb of s31(1), the emission profile, the
Greenhouse Impact Assessment, then "check your answers" with a declaration and the Lodge button, and a
confirmation page with the reference, the day of receipt and the s32(1) evaluation deadline. Each step
saves to the draft through the services (nothing lives only in the session); whether a step may be
saved, and whether the application may be lodged, is the services' and the guards' to say, in their
words (show_refusal). Another organisation's application is 404 (selectors); a non-proponent 403.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments import services
from assessments.acts import APPLICATION_ACTS
from assessments.models import Document, Limb, State
from assessments.selectors import directions_visible_to
from greenhouse_office import statute
from greenhouse_office.emission_profiles import (
    MAX_CSV_BYTES,
    months_from_profile,
    profile_csv,
    stored_profile_warnings,
)
from greenhouse_office.forms import ScreeningForm
from greenhouse_office.jurisdictions import ACTION_LOCATIONS, OFFSHORE, StateOrTerritory
from greenhouse_office.workflow.errors import ActRefused
from greenhouse_office.workflow.web import show_refusal

from .portal_auditor import notices
from .portal_profile import profile_step, unacknowledged
from .portal_proponent import own_applications, proponent_only

LODGE = APPLICATION_ACTS["lodge"]
DECLARATION = "The information in this application and its Greenhouse Impact Assessment is true and complete"

# The steps in order: (slug, the page's heading).
STEPS = [
    ("action", "The proposed action"),
    ("limb", "Which limb of section 31(1)"),
    ("profile", "The emission profile"),
    ("gia", "The Greenhouse Impact Assessment"),
    ("check", "Check your answers before lodging"),
]
SLUGS = [slug for slug, _ in STEPS]
TITLES = dict(STEPS)


# --- Forms (input only: the rules are the services') ---------------------------------------------


class Radios(forms.RadioSelect):
    """Radios whose field's id is its first option's, so the error summary links to the group (GOV.UK)."""

    def id_for_label(self, id_, index="0"):
        return super().id_for_label(id_, index)


class Checkboxes(forms.CheckboxSelectMultiple):
    def id_for_label(self, id_, index="0"):
        return super().id_for_label(id_, index)


class ActionForm(forms.Form):
    title = forms.CharField(
        label="Name of the proposed action",
        max_length=200,
        error_messages={"required": "Give the proposed action a name."},
    )
    description = forms.CharField(
        label="Describe the proposed action",
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        error_messages={"required": "Describe the proposed action."},
    )
    location_state = forms.ChoiceField(
        label="State or Territory where the action is",
        choices=[("", "Choose a State or Territory, or offshore"), *ACTION_LOCATIONS],
        error_messages={"required": "Choose where the action is."},
    )
    location_description = forms.CharField(
        label="Where the action is (needed for an offshore action)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="For an action in the offshore area, which is in no State or Territory, say where it is.",
    )
    affected_states = forms.MultipleChoiceField(
        label="States and Territories likely to be affected",
        choices=StateOrTerritory.choices,
        required=False,
        widget=Checkboxes,
        help_text="Select all that apply (s33(1)(b)(ii)). If none is selected, the State or Territory "
        "where the action is.",
    )

    source_categories = forms.MultipleChoiceField(
        label="Kyoto Protocol source categories of the action's emissions",
        choices=statute.SOURCE_CATEGORY_CHOICES,
        required=False,
        widget=Checkboxes,
        help_text="Select all that apply: the kinds of source in Annex A of the Kyoto Protocol that the "
        "action's emissions come from. The Office reports emissions and targets by source category (s8).",
    )

    # s35: the direction this application answers, when started from it (the service checks it).
    direction = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        if data.get("direction") is None:
            data.pop("direction", None)
        return data


class LimbForm(forms.Form):
    limb = forms.ChoiceField(
        label="Which limb of section 31(1) does the action fall under?",
        choices=Limb.choices,
        widget=Radios,
        error_messages={"required": "Choose which limb of section 31(1) the action falls under."},
    )


class ProfileForm(ScreeningForm):
    """The screening page's CSV, pasted or uploaded, parsed by the same functions (its messages)."""

    gwp_set = None


class GiaForm(forms.Form):
    file = forms.FileField(
        label="Upload the Greenhouse Impact Assessment (PDF)",
        error_messages={"required": "Choose the Greenhouse Impact Assessment's PDF file."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "file"
        ].help_text = f"A PDF of at most {filesizeformat(settings.GREENHOUSE_MAX_DOCUMENT_BYTES)} (s31(2))."


class DeclarationForm(forms.Form):
    declaration = forms.BooleanField(
        label=DECLARATION,
        error_messages={"required": "Confirm the declaration before you lodge the application."},
    )


# --- Helpers ---------------------------------------------------------------------------------------


def _application(user, pk):
    return get_object_or_404(own_applications(user).prefetch_related("documents"), pk=pk)


def _profile_csv(emission_profile: dict | None) -> str:
    """The stored profile shown back in the screening page's wide layout."""
    return profile_csv((emission_profile or {}).get("months") or [])


def _navigation(application, slug: str) -> dict:
    index = SLUGS.index(slug)
    back = (
        reverse("portal:lodging-step", args=[application.pk, SLUGS[index - 1]])
        if index
        else reverse("portal:application", args=[application.pk])
    )
    forward = (
        reverse("portal:lodging-step", args=[application.pk, SLUGS[index + 1]])
        if index + 1 < len(SLUGS)
        else None
    )
    return {
        "step": slug,
        "step_number": index + 1,
        "step_count": len(SLUGS),
        "step_title": TITLES[slug],
        "back_url": back,
        "forward_url": forward,
        "editable": application.state in (State.DRAFT, State.RETURNED),
    }


# A profile screened on "Do I need approval?" waits here until the proponent's draft is created.
PENDING_PROFILE = "lodging_pending_profile_csv"


@require_POST
def start_from_screening(request):
    """From "Do I need approval?": keep the screened profile until the draft exists, then start.

    Anyone may post (the screening page is public); the start page asks them to sign in first.
    The profile is saved with the draft (through the services) the moment it is created.
    """
    text = request.POST.get("csv_text") or ""
    if text.strip() and len(text.encode()) <= MAX_CSV_BYTES:
        request.session[PENDING_PROFILE] = text
    return redirect("portal:lodging-start")


def _save_pending_profile(request, application) -> None:
    """Save the profile brought from the screening page with the new draft, in the screening's words."""
    text = request.session.pop(PENDING_PROFILE, None)
    if not text:
        return
    form = ProfileForm({"csv_text": text})
    if not form.is_valid():
        messages.warning(
            request, "The profile from the screening could not be read again: add it at its step."
        )
        return
    profile = {"months": months_from_profile(form.cleaned_data["profile"])}
    try:
        services.update_application(
            application=application, actor=request.user, data={"emission_profile": profile}
        )
    except ActRefused as error:
        show_refusal(request, error)
    else:
        messages.success(request, "The emission profile from the screening is saved with it.")


def _from_direction(request) -> dict:
    """The start form's initial answers for a direction given to the proponent's organisation."""
    direction = (
        directions_visible_to(request.user)
        .filter(pk=request.GET.get("direction") or None, organisation_id=request.user.organisation_id)
        .first()
        if (request.GET.get("direction") or "").isdigit()
        else None
    )
    return {"direction": direction.pk, "description": direction.action} if direction else {}


def _posted(request):
    """The POST (even an empty one: a form posted with nothing filled in is bound, and shows its errors)."""
    return request.POST if request.method == "POST" else None


def _files(request):
    return request.FILES if request.method == "POST" else None


def _render(request, template, context, status=200):
    return render(request, template, {**notices(request), **context}, status=status)


def _gia(application) -> list:
    return [d for d in application.documents.all() if d.kind == Document.Kind.GIA]


# --- The pages ----------------------------------------------------------------------------------------


@proponent_only
@require_http_methods(["GET", "POST"])
def start(request):
    """Step 1 of a new application: the action. Saving it creates the draft (s31).

    Started from a direction (``?direction=<id>``, s35), the draft answers it and describes its action.
    """
    form = ActionForm(_posted(request), initial=_from_direction(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                application = services.create_application(actor=request.user, data=form.data_for_service())
            except ActRefused as error:
                status = show_refusal(request, error, form)
            else:
                messages.success(request, f"{application.reference} is saved as a draft.")
                _save_pending_profile(request, application)
                return redirect("portal:lodging-step", pk=application.pk, step=SLUGS[1])
        else:
            status = 400
    context = {
        "form": form,
        "application": None,
        "step": "action",
        "step_number": 1,
        "step_count": len(SLUGS),
        "step_title": TITLES["action"],
        "back_url": reverse("portal:home"),
        "editable": True,
        "pending_profile": bool(request.session.get(PENDING_PROFILE)),
    }
    return _render(request, "portal/lodging_action.html", context, status)


@proponent_only
@require_http_methods(["GET", "POST"])
def step(request, pk, step):
    """One step of the application's lodging: shown with what is saved; a POST saves it to the draft."""
    if step not in SLUGS:
        raise Http404
    application = _application(request.user, pk)
    return STEP_VIEWS[step](request, application)


def _save(request, application, form, data, *, aliases=None):
    """update_application with ``data``; returns the status (200 saved) after showing any refusal."""
    try:
        services.update_application(application=application, actor=request.user, data=data)
    except ActRefused as error:
        return show_refusal(request, error, form, aliases=aliases)
    return 200


def _next(application, slug):
    return redirect("portal:lodging-step", pk=application.pk, step=SLUGS[SLUGS.index(slug) + 1])


def _action(request, application):
    initial = {
        "title": application.title,
        "description": application.description,
        "location_state": application.location_state,
        "location_description": application.location_description,
        "affected_states": application.affected_states,
        "source_categories": application.source_categories,
    }
    form = ActionForm(_posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            status = _save(request, application, form, form.data_for_service())
            if status == 200:
                messages.success(request, "The action is saved.")
                return _next(application, "action")
    context = {"form": form, "application": application, **_navigation(application, "action")}
    return _render(request, "portal/lodging_action.html", context, status)


def _limb(request, application):
    form = LimbForm(_posted(request), initial={"limb": application.limb or None})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            status = _save(request, application, form, {"limb": form.cleaned_data["limb"]})
            if status == 200:
                messages.success(request, "The limb of section 31(1) is saved.")
                return _next(application, "limb")
    context = {"form": form, "application": application, **_navigation(application, "limb")}
    return _render(request, "portal/lodging_limb.html", context, status)


def _profile(request, application):
    return profile_step(
        request, application, render=_render, save=_save, navigation=_navigation, next_step="gia"
    )


def _gia_step(request, application):
    open_warnings = unacknowledged(application, stored_profile_warnings(application.emission_profile))
    if open_warnings and application.state in (State.DRAFT, State.RETURNED):
        # The Office's profile checks: each warning is explained before going on (the lodge guard).
        messages.error(request, "Acknowledge each warning on the emission profile before you continue.")
        return redirect("portal:lodging-step", pk=application.pk, step="profile")
    form = GiaForm(_posted(request), _files(request))
    current = any(d.superseded_at is None for d in _gia(application))
    if current:
        form.fields["file"].label = "Upload a replacement Greenhouse Impact Assessment (PDF)"
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.upload_document(
                    application=application, actor=request.user, kind="gia", upload=form.cleaned_data["file"]
                )
            except ActRefused as error:
                status = show_refusal(request, error, form)
            else:
                replaced = (
                    " It replaces the one uploaded before, which is kept as superseded." if current else ""
                )
                messages.success(request, f"The Greenhouse Impact Assessment is uploaded.{replaced}")
                return _next(application, "gia")
    documents = _gia(application)
    context = {
        "form": form,
        "application": application,
        "current": next((d for d in documents if d.superseded_at is None), None),
        "superseded": [d for d in reversed(documents) if d.superseded_at is not None],
        "limit": settings.GREENHOUSE_MAX_DOCUMENT_BYTES,
        **_navigation(application, "gia"),
    }
    return _render(request, "portal/lodging_gia.html", context, status)


def _check(request, application):
    form = DeclarationForm(_posted(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                outcome = LODGE.run(application, request.user)
            except ActRefused as error:
                status = show_refusal(request, error, form)
                application = _application(request.user, application.pk)
            else:
                return redirect("portal:lodging-confirmation", pk=outcome.record.pk)
    months = (application.emission_profile or {}).get("months") or []
    context = {
        "form": form,
        "application": application,
        "affected": [StateOrTerritory(code).label for code in application.affected_states or []],
        "source_categories": statute.source_category_labels(application.source_categories),
        "offshore": application.location_state == OFFSHORE,
        "months": months,
        "screening": application.screening,
        "documents": [d for d in _gia(application) if d.superseded_at is None],
        "acknowledgements": application.profile_acknowledgements or [],
        "lodge_label": "Lodge again" if application.state == State.RETURNED else "Lodge the application",
        **_navigation(application, "check"),
    }
    return _render(request, "portal/lodging_check.html", context, status)


STEP_VIEWS = {"action": _action, "limb": _limb, "profile": _profile, "gia": _gia_step, "check": _check}


@proponent_only
@require_GET
def confirmation(request, pk):
    """After lodging: the reference, the day the Office received it and the s32(1) deadline."""
    application = _application(request.user, pk)
    if application.received_on is None:  # not lodged yet: back to checking the answers
        return redirect("portal:lodging-step", pk=application.pk, step="check")
    return _render(request, "portal/lodging_confirmation.html", {"application": application})
