"""An organisation's people: create one, invite people into it, accept, revoke, remove.

One function per act, each in one transaction with the rows it changes locked. A refusal raises
``ActRefused`` with the reason in plain words (the pages show them as written). Whoever creates an
organisation administers it; the administrator invites people by email and keeps its details. A
person who joins acts for it as a Proponent, so sees its applications (assessments.selectors).
Each act writes an ``OrganisationEvent`` (who, when, what, before and after) in its transaction.
After commit: the invitation email, through the outbox (greenhouse_office.emails).
"""

import secrets
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse

from .access import is_administrator_of, roles_of
from .clock import moment
from .emails import queue_email
from .models import Organisation, OrganisationEvent, OrganisationInvitation, User
from .roles import Role
from .workflow.errors import ActRefused, Refusal

# The details the administrator gives and keeps current (the form's and the service's fields).
DETAIL_FIELDS = (
    "kind",
    "name",
    "trading_name",
    "abn",
    "address_lines",
    "suburb",
    "state",
    "postcode",
    "contact_name",
    "contact_email",
    "contact_phone",
)
Status = OrganisationInvitation.Status
Change = OrganisationEvent.Change


def _when(at) -> str:
    return f"{moment(at):%-d %B %Y}"


# --- Guards (pure: they read, never write) ----------------------------------------------------------


def joining_refusal(user) -> ActRefused | None:
    """Why ``user`` may neither create nor join an organisation, or None: a person acts for one
    organisation, and a proponent's account holds no Office, auditor or Minister role."""
    if user.organisation_id is not None:
        return ActRefused(
            Refusal.NOT_AVAILABLE, f"You already act for {user.organisation}.", code="already_a_member"
        )
    others = [role.label for role in roles_of(user) if role != Role.PROPONENT]
    if others:
        return ActRefused(
            Refusal.FORBIDDEN,
            f"You are signed in as {others[0]}: a person of a proponent's organisation needs an "
            "account of their own, which holds no other role.",
            code="holds_another_role",
        )
    return None


def administrator_refusal(by, organisation, doing: str) -> ActRefused | None:
    if is_administrator_of(by, organisation.pk):
        return None
    if by.organisation_id != organisation.pk:  # not theirs: as if it did not exist
        return ActRefused(Refusal.NOT_FOUND, "There is no such organisation.", code="not_found")
    return ActRefused(
        Refusal.FORBIDDEN, f"Only the administrator of {organisation} can {doing}.", code="not_administrator"
    )


def invitation_refusal(invitation, at=None) -> ActRefused | None:
    """Why the invitation can no longer be accepted (or revoked), or None while it is waiting."""
    status = invitation.status_at(moment(at))
    organisation = invitation.organisation
    if status == Status.ACCEPTED:
        return ActRefused(
            Refusal.NOT_AVAILABLE,
            f"This invitation was accepted on {_when(invitation.accepted_at)}.",
            code="invitation_accepted",
        )
    if status == Status.REVOKED:
        return ActRefused(
            Refusal.NOT_AVAILABLE,
            f"This invitation was revoked on {_when(invitation.revoked_at)}. "
            f"Ask the administrator of {organisation} to invite you again.",
            code="invitation_revoked",
        )
    if status == Status.EXPIRED:
        return ActRefused(
            Refusal.NOT_AVAILABLE,
            f"This invitation has expired (on {_when(invitation.expires_at)}). "
            f"Ask the administrator of {organisation} to invite you again.",
            code="invitation_expired",
        )
    return None


def verified_emails(user) -> set[str]:
    """The person's verified email addresses, lower case (allauth's EmailAddress rows). An account
    with none at all (made by the Office or the demo, never by sign-up, which verifies the address)
    has its own address."""
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        addresses = list(EmailAddress.objects.filter(user=user).values_list("email", "verified"))
        if addresses:
            return {email.lower() for email, verified in addresses if verified}
    return {user.email.lower()} if user.email else set()


def acceptance_refusal(invitation, user, at=None) -> ActRefused | None:
    """Why ``user`` may not accept the invitation now, or None."""
    refusal = invitation_refusal(invitation, at) or joining_refusal(user)
    if refusal is not None:
        return refusal
    if invitation.email.lower() not in verified_emails(user):
        return ActRefused(
            Refusal.FORBIDDEN,
            f"This invitation was sent to {invitation.email}; sign in with that email address.",
            code="wrong_email",
        )
    return None


def removal_refusal(organisation, by, member) -> ActRefused | None:
    """Why ``by`` may not remove ``member`` from the organisation, or None."""
    refusal = administrator_refusal(by, organisation, "remove people")
    if refusal is not None:
        return refusal
    if member.organisation_id != organisation.pk:
        return ActRefused(Refusal.NOT_FOUND, f"{member} does not act for {organisation}.", code="not_member")
    if member.pk == by.pk:
        return ActRefused(
            Refusal.NOT_AVAILABLE,
            f"You administer {organisation}, so you cannot remove yourself.",
            code="administrator",
        )
    return None


def _raise(refusal: ActRefused | None) -> None:
    if refusal is not None:
        raise refusal


# --- The log ---------------------------------------------------------------------------------------


def details_of(organisation) -> dict:
    return {name: getattr(organisation, name) for name in DETAIL_FIELDS}


def person(user, **extra) -> dict:
    """A person as the log names them: id and username (the row may change later; the log does not)."""
    return {"person": user.pk, "username": user.get_username(), **extra}


def log_change(*, organisation, change: str, by, at=None, before=None, after=None) -> OrganisationEvent:
    """Append the event of ``change`` to the organisation's log (call inside the act's transaction)."""
    return OrganisationEvent.log(
        organisation=organisation, change=change, by=by, at=moment(at), before=before, after=after
    )


def log_details_changed(*, organisation, by, before: dict, at=None) -> OrganisationEvent | None:
    """Log the details that differ from ``before`` (the fields changed only), or nothing."""
    after = details_of(organisation)
    changed = sorted(name for name in DETAIL_FIELDS if before.get(name) != after.get(name))
    if not changed:
        return None
    return log_change(
        organisation=organisation,
        change=Change.DETAILS_CHANGED,
        by=by,
        at=at,
        before={name: before.get(name) for name in changed},
        after={name: after[name] for name in changed},
    )


def record_office_edit(*, organisation, by, before: dict | None, at=None) -> OrganisationEvent | None:
    """Office staff saved the organisation in the admin: log its creation (``before`` None) or the
    details changed. Call in the admin's transaction, after the save."""
    if before is None:
        return log_change(
            organisation=organisation, change=Change.CREATED, by=by, at=at, after=details_of(organisation)
        )
    return log_details_changed(organisation=organisation, by=by, before=before, at=at)


def record_office_membership_change(*, user, by, before: dict, at=None) -> list[OrganisationEvent]:
    """The Office changed whom ``user`` acts for, or whether they administer it, in the admin:
    logged on the organisation left and the one joined. ``before``: ``membership_of(user)`` then."""
    after = membership_of(user)
    if after == before:
        return []
    ids = [pk for pk in (before["organisation"], after["organisation"]) if pk is not None]
    return [
        log_change(
            organisation=organisation,
            change=Change.MEMBERSHIP_CHANGED,
            by=by,
            at=at,
            before={"member": person(user, **before)},
            after={"member": person(user, **after)},
        )
        for organisation in Organisation.objects.filter(pk__in=ids).order_by("pk")
    ]


def membership_of(user) -> dict:
    return {"organisation": user.organisation_id, "administers": user.administers_organisation}


# --- What the pages list --------------------------------------------------------------------------


def members_of(organisation):
    return organisation.members.filter(is_active=True).order_by(
        "-administers_organisation", "last_name", "pk"
    )


def pending_invitations(organisation, at=None):
    return organisation.invitations.filter(
        accepted_at=None, revoked_at=None, expires_at__gt=moment(at)
    ).select_related("invited_by")


def invitation_for_token(token: str) -> OrganisationInvitation | None:
    return (
        OrganisationInvitation.objects.select_related("organisation")
        .filter(key=OrganisationInvitation.hash_token(token))
        .first()
    )


# --- The acts ------------------------------------------------------------------------------------


def _validated(organisation: Organisation) -> Organisation:
    try:
        organisation.full_clean()
    except ValidationError as error:
        field_errors = {name: list(messages) for name, messages in error.message_dict.items()}
        raise ActRefused(
            Refusal.INVALID,
            *field_errors.pop("__all__", []),
            code="invalid",
            field_errors=field_errors,
        ) from error
    return organisation


def _join(user, locked, organisation, *, administers: bool) -> None:
    """``locked`` (the row, locked) and ``user`` (the caller's object) both now act for it."""
    for person in (locked, user):
        person.organisation = organisation
        person.administers_organisation = administers
        person.__dict__.pop("_greenhouse_roles", None)  # the role cache of greenhouse_office.access
    locked.save(update_fields=["organisation", "administers_organisation"])
    locked.groups.add(Group.objects.get(name=Role.PROPONENT.value))


def create_organisation(*, founder, data: dict, at=None) -> Organisation:
    """A person who acts for no organisation creates one: they join it, administer it and become
    its Proponent. ``data``: the DETAIL_FIELDS (checked as the model checks them). ``at`` is taken
    for the same shape as every act; an organisation keeps no date of its own."""
    now = moment(at)  # refuses a naive moment, as every act does
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=founder.pk)
        _raise(joining_refusal(locked))
        organisation = _validated(
            Organisation(**{name: data[name] for name in DETAIL_FIELDS if name in data})
        )
        organisation.save()
        _join(founder, locked, organisation, administers=True)
        log_change(
            organisation=organisation,
            change=Change.CREATED,
            by=locked,
            at=now,
            after={**details_of(organisation), "administrator": person(locked)},
        )
    return organisation


def update_organisation(*, organisation, by, data: dict, at=None) -> Organisation:
    """The administrator changes the organisation's details (checked as the model checks them);
    the fields changed are logged with their values before and after."""
    now = moment(at)
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        _raise(administrator_refusal(by, locked, "change its details"))
        before = details_of(locked)
        for name in DETAIL_FIELDS:
            if name in data:
                setattr(locked, name, data[name])
        _validated(locked).save()
        log_details_changed(organisation=locked, by=by, before=before, at=now)
    return locked


def invite_member(*, organisation, by, email: str, at=None) -> OrganisationInvitation:
    """The administrator invites a person, by email address, to act for the organisation. The
    email (after commit) links to the acceptance page with the raw token, which is returned on the
    invitation as ``token`` and kept nowhere (only its hash is stored)."""
    now = moment(at)
    email = email.strip()
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        _raise(administrator_refusal(by, locked, "invite people"))
        try:
            validate_email(email)
        except ValidationError as error:
            raise ActRefused(
                Refusal.INVALID,
                code="invalid_email",
                field_errors={"email": ["Enter an email address, such as name@example.com."]},
            ) from error
        if locked.members.filter(email__iexact=email).exists():
            raise ActRefused(Refusal.NOT_AVAILABLE, f"{email} already acts for {locked}.", code="member")
        waiting = pending_invitations(locked, now).filter(email__iexact=email).first()
        if waiting is not None:
            raise ActRefused(
                Refusal.NOT_AVAILABLE,
                f"{email} was invited on {_when(waiting.created_at)} and the invitation is still "
                "waiting; revoke it first to send a new one.",
                code="already_invited",
            )
        token = secrets.token_urlsafe(32)
        invitation = OrganisationInvitation.objects.create(
            organisation=locked,
            email=email,
            invited_by=by,
            key=OrganisationInvitation.hash_token(token),
            created_at=now,
            expires_at=now + timedelta(days=settings.GREENHOUSE_INVITATION_DAYS),
        )
        queue_email(
            "organisation_invitation",
            email,
            {
                "invitation": invitation,
                "organisation": locked,
                "invited_by": by,
                "accept_path": reverse("organisation:accept", kwargs={"token": token}),
            },
            record=invitation,
        )
        log_change(
            organisation=locked,
            change=Change.INVITED,
            by=by,
            at=now,
            after={"invitation": invitation.pk, "email": email, "expires_at": invitation.expires_at},
        )
    invitation.token = token
    return invitation


def accept_invitation(*, invitation, user, at=None) -> Organisation:
    """The invited person, signed in with the address invited and acting for no organisation,
    accepts: they act for it as its Proponent."""
    now = moment(at)
    with transaction.atomic():
        locked_invitation = (
            OrganisationInvitation.objects.select_for_update()
            .select_related("organisation")
            .get(pk=invitation.pk)
        )
        locked = User.objects.select_for_update().get(pk=user.pk)
        _raise(acceptance_refusal(locked_invitation, locked, now))
        locked_invitation.accepted_at = now
        locked_invitation.accepted_by = locked
        locked_invitation.save(update_fields=["accepted_at", "accepted_by"])
        _join(user, locked, locked_invitation.organisation, administers=False)
        log_change(
            organisation=locked_invitation.organisation,
            change=Change.INVITATION_ACCEPTED,
            by=locked,
            at=now,
            before={"invitation": locked_invitation.pk, "email": locked_invitation.email, "member": None},
            after={
                "invitation": locked_invitation.pk,
                "email": locked_invitation.email,
                "member": person(locked, role=Role.PROPONENT.value),
            },
        )
    return locked_invitation.organisation


def revoke_invitation(*, invitation, by, at=None) -> OrganisationInvitation:
    """The administrator withdraws an invitation still waiting: its link no longer works."""
    now = moment(at)
    with transaction.atomic():
        locked = (
            OrganisationInvitation.objects.select_for_update()
            .select_related("organisation")
            .get(pk=invitation.pk)
        )
        _raise(administrator_refusal(by, locked.organisation, "revoke invitations"))
        _raise(invitation_refusal(locked, now))
        locked.revoked_at = now
        locked.save(update_fields=["revoked_at"])
        log_change(
            organisation=locked.organisation,
            change=Change.INVITATION_REVOKED,
            by=by,
            at=now,
            before={"invitation": locked.pk, "email": locked.email, "status": Status.PENDING.value},
            after={"invitation": locked.pk, "email": locked.email, "status": Status.REVOKED.value},
        )
    return locked


def remove_member(*, organisation, by, member, at=None) -> None:
    """The administrator removes a person from the organisation: they no longer act for it (nor as
    a Proponent), so no longer see its applications. The administrator cannot remove themselves."""
    now = moment(at)
    with transaction.atomic():
        locked_organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        locked = User.objects.select_for_update().get(pk=member.pk)
        _raise(removal_refusal(organisation, by, locked))
        before = person(locked, administers=locked.administers_organisation, role=Role.PROPONENT.value)
        locked.organisation = None
        locked.administers_organisation = False
        locked.save(update_fields=["organisation", "administers_organisation"])
        locked.groups.remove(Group.objects.get(name=Role.PROPONENT.value))
        log_change(
            organisation=locked_organisation,
            change=Change.MEMBER_REMOVED,
            by=by,
            at=now,
            before={"member": before},
            after={"member": None},
        )
