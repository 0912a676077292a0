"""The organisation's pages in the accounts area: its details, people and invitations; create one;
change its details, invite a person and revoke an invitation, remove a person (its administrator
only); accept an invitation from the emailed link.

Each page is about the signed-in person's own organisation; anything of another organisation (an
invitation, a member) is 404. The acts and their refusals are greenhouse_office/organisations.py's;
these views show the refusals in its words, with its status.
"""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods, require_POST

from .. import organisations as acts
from ..access import is_administrator_of, may_start_an_organisation
from ..clock import legal_now
from ..organisation_forms import ConfirmForm, InvitationForm, OrganisationForm
from ..workflow.errors import ActRefused
from ..workflow.web import show_refusal


def _notices(request) -> dict:
    """The messages, split: errors for the error summary, the rest for the success banner (and
    none left for the layout's own list, which would show them twice)."""
    stored = list(messages.get_messages(request))
    return {
        "page_errors": [m for m in stored if m.level == messages.ERROR],
        "page_successes": [m for m in stored if m.level != messages.ERROR],
        "messages": [],
    }


def _own(view):
    """The person's own organisation, as ``organisation``; 404 for a person of none."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if request.user.organisation_id is None:
            raise Http404
        return view(request, request.user.organisation, *args, **kwargs)

    return wrapped


def _refused(request, template, context, error: ActRefused, form=None):
    status = show_refusal(request, error, form)
    return render(request, template, {**context, **_notices(request)}, status=status)


def _administrator_only(request, organisation, doing: str):
    """A page for a member who is not the administrator: the act's refusal (403), else None."""
    refusal = acts.administrator_refusal(request.user, organisation, doing)
    if refusal is None:
        return None
    return _refused(request, "organisation/refused.html", {"organisation": organisation}, refusal)


def _detail_context(request, organisation) -> dict:
    administrator = is_administrator_of(request.user, organisation.pk)
    return {
        "organisation": organisation,
        "members": acts.members_of(organisation),
        "invitations": acts.pending_invitations(organisation) if administrator else [],
        "is_administrator": administrator,
    }


@login_required
def detail(request):
    """The organisation's details, its people and (for its administrator) its waiting invitations."""
    if request.user.organisation_id is None:
        if may_start_an_organisation(request.user):
            return redirect("organisation:create")
        raise Http404
    organisation = request.user.organisation
    return render(
        request, "organisation/detail.html", {**_detail_context(request, organisation), **_notices(request)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    """Create your organisation (or ask its administrator to invite you): you then administer it."""
    refusal = acts.joining_refusal(request.user)
    if refusal is not None:
        return _refused(request, "organisation/create.html", {"form": None}, refusal)
    form = OrganisationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                organisation = acts.create_organisation(founder=request.user, data=form.cleaned_data)
            except ActRefused as error:
                status = show_refusal(request, error, form)
            else:
                messages.success(
                    request,
                    f"{organisation} is created. You act for it as its Proponent and administer it: "
                    "you can invite the people who work with you.",
                )
                return redirect("organisation:detail")
    return render(request, "organisation/create.html", {"form": form, **_notices(request)}, status=status)


@_own
@require_http_methods(["GET", "POST"])
def edit(request, organisation):
    """The administrator changes the organisation's details."""
    refused = _administrator_only(request, organisation, "change its details")
    if refused:
        return refused
    form = OrganisationForm(request.POST or None, instance=organisation)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                acts.update_organisation(organisation=organisation, by=request.user, data=form.cleaned_data)
            except ActRefused as error:
                status = show_refusal(request, error, form)
            else:
                messages.success(request, f"The details of {organisation} are saved.")
                return redirect("organisation:detail")
        organisation.refresh_from_db()  # the form changed the instance; the page shows the saved name
    context = {"form": form, "organisation": organisation, **_notices(request)}
    return render(request, "organisation/edit.html", context, status=status)


@_own
@require_http_methods(["GET", "POST"])
def invite(request, organisation):
    """The administrator invites a person by email address."""
    refused = _administrator_only(request, organisation, "invite people")
    if refused:
        return refused
    form = InvitationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                invitation = acts.invite_member(
                    organisation=organisation, by=request.user, email=form.cleaned_data["email"]
                )
            except ActRefused as error:
                status = show_refusal(request, error, form)
            else:
                messages.success(
                    request,
                    f"An invitation is on its way to {invitation.email}. It can be accepted until "
                    f"{invitation.expires_at.astimezone(legal_now().tzinfo):%-d %B %Y}.",
                )
                return redirect("organisation:detail")
    context = {
        "form": form,
        "organisation": organisation,
        "invitation_days": settings.GREENHOUSE_INVITATION_DAYS,
        **_notices(request),
    }
    return render(request, "organisation/invite.html", context, status=status)


@_own
@require_POST
def revoke(request, organisation, pk):
    """The administrator revokes an invitation still waiting (404 for another organisation's)."""
    invitation = get_object_or_404(organisation.invitations, pk=pk)
    refused = _administrator_only(request, organisation, "revoke invitations")
    if refused:
        return refused
    try:
        acts.revoke_invitation(invitation=invitation, by=request.user)
    except ActRefused as error:
        return _refused(request, "organisation/detail.html", _detail_context(request, organisation), error)
    messages.success(request, f"The invitation to {invitation.email} is revoked: its link no longer works.")
    return redirect("organisation:detail")


@_own
@require_http_methods(["GET", "POST"])
def remove_member(request, organisation, pk):
    """The administrator removes a person, after a confirmation page (404 for another's people)."""
    member = get_object_or_404(acts.members_of(organisation), pk=pk)
    refused = _administrator_only(request, organisation, "remove people")
    if refused:
        return refused
    context = {"organisation": organisation, "member": member}
    refusal = acts.removal_refusal(
        organisation, request.user, member
    )  # e.g. yourself: said before confirming
    if refusal is not None:
        return _refused(request, "organisation/remove_member.html", {**context, "blocked": True}, refusal)
    if request.method == "POST":
        try:
            acts.remove_member(organisation=organisation, by=request.user, member=member)
        except ActRefused as error:
            return _refused(request, "organisation/remove_member.html", {**context, "blocked": True}, error)
        messages.success(request, f"{member} no longer acts for {organisation}.")
        return redirect("organisation:detail")
    return render(request, "organisation/remove_member.html", {**context, **_notices(request)})


def _account_links(request) -> dict:
    """Sign in and sign up, each coming back here (allauth's pages once installed, else Django's)."""
    query = urlencode({"next": request.path})

    def url(*names):
        for name in names:
            try:
                return f"{reverse(name)}?{query}"
            except NoReverseMatch:
                continue
        return None

    return {"sign_in_url": url("account_login", "login"), "sign_up_url": url("account_signup")}


@require_http_methods(["GET", "POST"])
def accept(request, token):
    """The emailed link: the invitation's organisation, and for the person invited an Accept button."""
    invitation = acts.invitation_for_token(token)
    if invitation is None:
        raise Http404
    context = {"invitation": invitation, "organisation": invitation.organisation, **_account_links(request)}
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.path)
        return render(request, "organisation/accept.html", context)
    refusal = acts.acceptance_refusal(invitation, request.user)
    if refusal is not None:
        return _refused(request, "organisation/accept.html", {**context, "refused": True}, refusal)
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        try:
            organisation = acts.accept_invitation(invitation=invitation, user=request.user)
        except ActRefused as error:
            return _refused(request, "organisation/accept.html", {**context, "refused": True}, error)
        messages.success(request, f"You now act for {organisation} as its Proponent.")
        return redirect("organisation:detail")
    return render(request, "organisation/accept.html", {**context, **_notices(request)})
