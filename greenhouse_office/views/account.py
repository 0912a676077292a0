"""Your account: its index, and your API tokens (the list with each one's status, issuing one,
revoking one: owner only). Email, password and two-factor pages are allauth's."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from greenhouse_office.accounts import mfa, tokens
from greenhouse_office.models import ApiToken


class NewTokenForm(forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        max_length=100,
        help_text="A name you will recognise in this list, e.g. 'Monthly emissions upload script'.",
    )


@login_required
def home(request):
    return render(
        request,
        "account/home.html",
        {"has_totp": mfa.totp_of(request.user) is not None, "needs_totp": mfa.requires_mfa(request.user)},
    )


@login_required
def token_list(request):
    form = NewTokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        issued = tokens.issue_token(user=request.user, name=form.cleaned_data["name"])
        form = NewTokenForm()
    rows = [
        {"token": token, "status": tokens.status_of(token)}
        for token in ApiToken.objects.filter(user=request.user).select_related("user")
    ]
    return render(
        request,
        "account/api_tokens.html",
        {"form": form, "issued": issued, "rows": rows, "days": settings.GREENHOUSE_API_TOKEN_DAYS},
    )


@login_required
@require_POST
def revoke(request, pk: int):
    token = ApiToken.objects.filter(pk=pk, user=request.user).first()
    if token is None:  # another person's token, or none: not theirs to know about
        raise Http404
    tokens.revoke_token(token=token)
    messages.success(
        request, f"The token “{token.name}” is revoked; programs using it can no longer sign in."
    )
    return redirect("api-tokens")
