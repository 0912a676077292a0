"""What each person may read: applications, comments, directions and the auditor register.

Visibility is decided here only; the API, pages and admin ask these functions. Each query fetches
what its screen shows in a fixed number of queries (no N+1).

Who sees which applications (``applications_visible_to``):

- Office staff and the Director: every application (the Office administers Parts 5-6).
- A proponent: its organisation's applications (s31).
- An independent environmental auditor: the applications it is appointed to evaluate (s32(2)).
- The Minister: applications on which the Office has given advice (s30: the Minister decides on
  the Office's advice), including any decided or withdrawn after that. Earlier steps are the
  Office's; published assessments are open to everyone through the public register anyway.
- Anyone else: none.
"""

from django.db.models import Prefetch, Q, QuerySet

from greenhouse_office.access import has_role, is_minister, is_office
from greenhouse_office.roles import Role

from .models import PUBLISHED, Application, Comment, Direction, Document, Engagement, IndependentAuditor

# s33(1)(a): the assessment and the evaluation are made available to the public.
PUBLIC_DOCUMENT_KINDS = (Document.Kind.GIA, Document.Kind.EVALUATION)


def may_see_advice(user) -> bool:
    """The Office's advice to the Minister (s34) is read by the Office and the Minister only."""
    return is_office(user) or is_minister(user)


def may_see_decision(user, application: Application) -> bool:
    """The Minister's decision PDF (s30): the proponent's organisation, the Office and the Minister.

    An auditor appointed to evaluate the application does not need it (404, like any other person).
    """
    if is_office(user) or is_minister(user):
        return True
    return (
        has_role(user, Role.PROPONENT)
        and user.organisation_id is not None
        and user.organisation_id == application.organisation_id
    )


def documents_visible_to(user, application: Application) -> QuerySet[Document]:
    """The documents of an application ``user`` may see (already found visible to them)."""
    documents = Document.objects.filter(application=application)
    if not may_see_decision(user, application):
        documents = documents.exclude(kind=Document.Kind.DECISION)
    return documents


def applications_visible_to(user) -> QuerySet[Application]:
    """The applications this user may see (see the module docstring), ready for a list."""
    applications = Application.objects.select_related("organisation", "auditor__user")
    if is_office(user):
        return applications
    who_sees = []
    if has_role(user, Role.PROPONENT) and user.organisation_id is not None:
        who_sees.append(Q(organisation_id=user.organisation_id))
    if has_role(user, Role.INDEPENDENT_AUDITOR):
        who_sees.append(Q(auditor__user_id=user.pk))
    if is_minister(user):
        who_sees.append(Q(advice_given_at__isnull=False))
    if not who_sees:
        return applications.none()
    condition = who_sees.pop()
    for other in who_sees:
        condition |= other
    return applications.filter(condition)


def application_for(user, pk) -> Application | None:
    """One visible application with everything its detail shows, or None if not visible."""
    return (
        applications_visible_to(user)
        .prefetch_related("events", "documents", "amendment_requests", "newspaper_notices")
        .filter(pk=pk)
        .first()
    )


def published_applications() -> QuerySet[Application]:
    """s33(1): assessments published for comment (they stay public after comments close)."""
    # A superseded GIA is kept for the record, not published: s33(1) publishes the assessment.
    public_documents = Document.objects.filter(
        kind__in=PUBLIC_DOCUMENT_KINDS, withheld_under_s42=False, superseded_at__isnull=True
    )
    return Application.objects.filter(state__in=PUBLISHED).prefetch_related(
        "newspaper_notices", Prefetch("documents", queryset=public_documents, to_attr="public_documents")
    )


def public_document(application_pk, document_pk) -> Document | None:
    """A published application's assessment or evaluation, unless withheld under s42(2)."""
    return (
        Document.objects.filter(
            pk=document_pk,
            application_id=application_pk,
            application__state__in=PUBLISHED,
            kind__in=PUBLIC_DOCUMENT_KINDS,
            withheld_under_s42=False,
            superseded_at__isnull=True,
        )
        .select_related("application")
        .first()
    )


def comments_of(application: Application) -> QuerySet[Comment]:
    return application.comments.order_by("received_at", "pk")


def directions_visible_to(user) -> QuerySet[Direction]:
    """s35 directions: the Minister and the Office see all; a proponent those given to it."""
    directions = Direction.objects.select_related("organisation", "directed_by", "application")
    if is_office(user) or is_minister(user):
        return directions
    if has_role(user, Role.PROPONENT) and user.organisation_id is not None:
        return directions.filter(organisation_id=user.organisation_id)
    return directions.none()


def auditor_register() -> QuerySet[IndependentAuditor]:
    """The register of independent environmental auditors with their engagements (s32(2))."""
    engagements = Engagement.objects.select_related("organisation")
    return IndependentAuditor.objects.select_related("user").prefetch_related(
        Prefetch("engagements", queryset=engagements)
    )
