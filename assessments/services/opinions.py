"""s26, s29(2): the Minister's opinion that an action inhibits the achievement of the targets, and the
Office's acknowledgement of it.

The Minister's dashboard calls ``form_opinion``; the Django admin calls ``acknowledge_opinion`` for
Office staff. An opinion is recorded once; a change of opinion is a new one (models.opinions).
"""

from datetime import datetime

from django.db import transaction

from assessments.errors import AssessmentError, Refusal
from assessments.models import Application, MinisterialOpinion
from greenhouse_office import clock
from greenhouse_office.access import is_minister, is_office, people_in_role
from greenhouse_office.emails import queue_email
from greenhouse_office.models import Organisation
from greenhouse_office.roles import OFFICE_ROLES
from greenhouse_office.statute.opinions import OpinionLimb, opinion_limb, opinion_section

from .executor import lock, record_change

COMMONWEALTH_KINDS = frozenset({Organisation.Kind.THE_COMMONWEALTH, Organisation.Kind.COMMONWEALTH_AGENCY})


def may_form_opinion(actor) -> None:
    """s26, s29(2): the opinion is the Minister's alone (surfaces ask before judging the input)."""
    if not is_minister(actor):
        raise AssessmentError(
            Refusal.FORBIDDEN,
            "s26, s29(2): only the Minister may form the opinion that an action inhibits the targets.",
        )


def form_opinion(
    *,
    actor,
    action: str,
    commonwealth: bool | None,
    limb: str,
    reasons: str,
    organisation: Organisation | None = None,
    taker_name: str = "",
    application: Application | None = None,
    at: datetime | None = None,
) -> MinisterialOpinion:
    """Record the Minister's opinion, with reasons, under s26 (a person) or s29(2) (the Commonwealth or
    a Commonwealth agency). Logged in the application's chain if it concerns one; Office staff are
    told by email after commit."""
    at = clock.moment(at)
    may_form_opinion(actor)
    taker_name = (taker_name or "").strip() or (organisation.name if organisation is not None else "")
    errors, chosen = _check(action, taker_name, organisation, commonwealth, limb, reasons)
    if errors:
        raise AssessmentError(Refusal.INVALID, "The opinion needs correcting.", field_errors=errors)
    with transaction.atomic():
        locked = lock(application) if application is not None else None
        opinion = MinisterialOpinion(
            action=action.strip(),
            organisation=organisation,
            taker_name=taker_name,
            application=locked,
            commonwealth=commonwealth,
            limb=chosen.code,
            reasons=reasons.strip(),
            formed_by=actor,
            formed_at=at,
        )
        opinion.full_clean()
        opinion.save()
        event = None
        if locked is not None:
            event = record_change(
                locked,
                "form_opinion",
                actor=actor,
                at=at,
                section=chosen.section,
                payload={
                    "opinion": opinion.pk,
                    "section": opinion.section,
                    "limb": chosen.code,
                    "taker": taker_name,
                    "reasons": opinion.reasons,
                },
            )
        for person in people_in_role(*OFFICE_ROLES):
            queue_email(
                "ministerial_opinion_formed",
                person.email,
                {"opinion": opinion, "person": person},
                record=opinion,
                event=event,
            )
    return opinion


def _check(action, taker_name, organisation, commonwealth, limb, reasons) -> tuple[dict, OpinionLimb | None]:
    """The field errors of an opinion's input, and its limb if the section gives it."""
    errors: dict[str, list[str]] = {}
    if not (action or "").strip():
        errors["action"] = ["Describe the action the opinion is about."]
    if not taker_name:
        errors["taker_name"] = ["Name who takes the action, or choose their organisation."]
    elif len(taker_name) > MinisterialOpinion._meta.get_field("taker_name").max_length:
        errors["taker_name"] = ["Give the name in 255 characters or fewer."]
    chosen = None
    if commonwealth is None:
        errors["commonwealth"] = [
            "Say whether the Commonwealth or a Commonwealth agency takes the action (s29(2)) "
            "or another person (s26)."
        ]
    else:
        section = opinion_section(commonwealth=commonwealth)
        is_commonwealth = organisation is not None and organisation.kind in COMMONWEALTH_KINDS
        if organisation is not None and is_commonwealth != commonwealth:
            errors["commonwealth"] = [
                f"{organisation.name} is {organisation.get_kind_display().lower()}: the opinion is under "
                f"{opinion_section(commonwealth=is_commonwealth)}, not {section}."
            ]
        try:
            chosen = opinion_limb(section, limb)
        except KeyError:
            errors["limb"] = [f"Choose the opinion in the words of {section}."]
    if not (reasons or "").strip():
        errors["reasons"] = ["Give the Minister's reasons for the opinion."]
    return errors, chosen


def acknowledge_opinion(
    *, opinion: MinisterialOpinion, actor, note: str, at: datetime | None = None
) -> MinisterialOpinion:
    """Office staff record what the Office has done about the Minister's opinion (once).

    Logged in the application's chain if the opinion concerns one."""
    at = clock.moment(at)
    if not is_office(actor):
        raise AssessmentError(Refusal.FORBIDDEN, "Only Office staff acknowledge the Minister's opinions.")
    if not (note or "").strip():
        raise AssessmentError(
            Refusal.INVALID,
            "The acknowledgement needs correcting.",
            field_errors={"note": ["Say what the Office has done about the opinion."]},
        )
    with transaction.atomic():
        locked = MinisterialOpinion.objects.select_for_update().get(pk=opinion.pk)
        if locked.acknowledged_at is not None:
            raise AssessmentError(Refusal.CONFLICT, "The Office has already acknowledged this opinion.")
        locked.office_note, locked.acknowledged_by, locked.acknowledged_at = note.strip(), actor, at
        locked.save(update_fields=["office_note", "acknowledged_by", "acknowledged_at"])
        if locked.application_id is not None:
            record_change(
                lock(locked.application),
                "acknowledge_opinion",
                actor=actor,
                at=at,
                section=locked.provision,
                payload={"opinion": locked.pk, "note": locked.office_note},
            )
    return locked
