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

from django.db.models import (
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce

from greenhouse_office.access import has_role, is_minister, is_office
from greenhouse_office.roles import Role
from greenhouse_office.workflow.events import Kind as EventKind

from .models import (
    PUBLISHED,
    Application,
    ApplicationEvent,
    Comment,
    CommentRedaction,
    Direction,
    Document,
    Engagement,
    IndependentAuditor,
)

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


def hidden_document_kinds(user, application: Application) -> set[str]:
    """The kinds of an application's documents ``user`` may not see (already found visible to them)."""
    hidden = set()
    if not may_see_decision(user, application):
        hidden.add(Document.Kind.DECISION)
    if not may_see_advice(user):  # s34: the advice and its report naming the comments' makers
        hidden.add(Document.Kind.ADVICE)
    return hidden


def visible_documents(user, application: Application, documents) -> list[Document]:
    """Of ``documents`` (e.g. prefetched, no query), those ``user`` may see."""
    hidden = hidden_document_kinds(user, application)
    return [d for d in documents if d.kind not in hidden]


def documents_visible_to(user, application: Application) -> QuerySet[Document]:
    """The documents of an application ``user`` may see (already found visible to them)."""
    documents = Document.objects.filter(application=application)
    return documents.exclude(kind__in=hidden_document_kinds(user, application))


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


# What an application's detail shows beyond its row and the two rows joined to it (JOINED).
# The events in their order within one application: the model's ordering ("application" first) would
# join the applications to sort by their creation, the same for every event of one.
DETAIL_PREFETCHES = (
    Prefetch("events", queryset=ApplicationEvent.objects.order_by("application_id", "sequence")),
    "documents",
    "amendment_requests",
    "newspaper_notices",
)
JOINED = ("organisation", "auditor")


def application_for(user, pk) -> Application | None:
    """One visible application with everything its detail shows, or None if not visible."""
    return applications_visible_to(user).prefetch_related(*DETAIL_PREFETCHES).filter(pk=pk).first()


def joined_of(application: Application) -> dict:
    """The organisation and auditor an ``applications_visible_to`` row was read with (no query)."""
    return {name: getattr(application, name) for name in JOINED}


def with_detail(application: Application, joined: dict) -> Application:
    """``application`` as an act just saved it (the row it locked), with what its detail shows read
    now: its related rows (four queries), not the row again. Its organisation and auditor are those
    of ``joined`` (``joined_of`` its earlier read) while it still points at them; else read."""
    for name, related in joined.items():
        field = Application._meta.get_field(name)
        still = getattr(application, field.attname) == (related.pk if related is not None else None)
        if still and not field.is_cached(application):
            field.set_cached_value(application, related)
    application.__dict__.pop("_prefetched_objects_cache", None)  # read during the act: read afresh
    prefetch_related_objects([application], "organisation", "auditor__user", *DETAIL_PREFETCHES)
    return application


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


# --- The public register of assessments (s33): pages at /assessments/ ----------------------------

# The acts shown on an assessment's public timeline: the steps of Parts 5-6, each with its day only
# (who acted, and what they entered, stay in the Office's event log).
PUBLIC_TIMELINE_TRANSITIONS = (
    "lodge",
    "commission_evaluation",
    "record_evaluation",
    "publish_for_comment",
    "close_comments",
    "give_advice",
    "approve",
    "refuse",
)


def register_of_assessments() -> QuerySet[Application]:
    """Every published assessment (s33(1)) for the register's list, with its proponent."""
    return Application.objects.filter(state__in=PUBLISHED).select_related("organisation")


def application_pk_of(reference: str) -> int | None:
    """The id in a public reference such as ``GHO-00012`` (None for anything else)."""
    prefix, _, number = (reference or "").upper().partition("-")
    if prefix != "GHO" or not number.isdigit() or len(number) < 5:
        return None
    pk = int(number)
    return pk if f"GHO-{pk:05d}" == reference.upper() else None


class FirstParagraph(Func):
    """A text's first paragraph (up to its first blank line), read in the database so a page that
    shows only that does not load the whole text: PostgreSQL's split_part, SQLite's instr/substr."""

    function = "split_part"
    output_field = TextField()

    def __init__(self, expression, **extra):
        super().__init__(expression, Value("\n\n"), Value(1), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        text, params = compiler.compile(self.source_expressions[0])
        cut = f"instr({text}, char(10, 10))"
        sql = f"CASE WHEN {cut} > 0 THEN substr({text}, 1, {cut} - 1) ELSE {text} END"
        return sql, (*params, *params, *params, *params)


def published_assessment(reference: str) -> Application | None:
    """One published assessment with what its public page shows (fixed queries), or None."""
    pk = application_pk_of(reference)
    if pk is None:
        return None
    public_events = ApplicationEvent.objects.filter(
        kind=EventKind.TRANSITION, transition__in=PUBLIC_TIMELINE_TRANSITIONS
    ).order_by("sequence")
    return (
        published_applications()
        .select_related("organisation")
        .prefetch_related(Prefetch("events", queryset=public_events, to_attr="public_events"))
        # Not shown: the monthly profile (up to 1,200 months) and the stored s34(b) report, which
        # quotes every on-time comment; the page reads only its first paragraph (public_decisions).
        .defer("emission_profile", "profile_acknowledgements", "comments_report")
        .annotate(comments_report_header=FirstParagraph("comments_report"))
        .filter(pk=pk)
        .first()
    )


# --- The register of decisions (s30, s42) and of directions (s35): /decisions/, /directions/ -------


def _withheld_prefetch() -> Prefetch:
    from .models import WithheldInformation

    return Prefetch(
        "withheld_information",
        queryset=WithheldInformation.objects.select_related("document").order_by("determined_at", "pk"),
        to_attr="withheld",
    )


def published_decisions() -> QuerySet[Application]:
    """s42(1): every decision of the Minister (s30, approved or refused), newest first, with what the
    Minister withheld under s42(2)-(4) (``.withheld``) and the decision's PDF (``.decision_documents``)."""
    from .models import State

    decision_documents = Document.objects.filter(kind=Document.Kind.DECISION)
    return (
        Application.objects.filter(state__in=(State.APPROVED, State.REFUSED))
        .select_related("organisation")
        .prefetch_related(
            _withheld_prefetch(),
            Prefetch("documents", queryset=decision_documents, to_attr="decision_documents"),
        )
        .order_by("-decided_at", "-pk")
    )


def published_decision(reference: str) -> Application | None:
    """One decided application, as ``published_decisions`` gives it, or None."""
    pk = application_pk_of(reference)
    return None if pk is None else published_decisions().filter(pk=pk).first()


def withheld_of(application: Application) -> list:
    """What the Minister has withheld from ``application`` (s42(2)-(4)): one query unless prefetched."""
    if hasattr(application, "withheld"):
        return application.withheld
    from .models import WithheldInformation

    return list(
        WithheldInformation.objects.filter(application=application)
        .select_related("document")
        .order_by("determined_at", "pk")
    )


def public_directions() -> QuerySet[Direction]:
    """s35 directions, for the public list: who was directed, the action, its due date and whether
    it has been fulfilled (the application lodged for it, with its state for a link when published)."""
    return Direction.objects.select_related("organisation", "application").order_by("-directed_at", "-pk")


# --- Comments on the register (s33(2)(c)): one rule for the assessment page and the public API ---


def published_comments(application) -> QuerySet[Comment]:
    """The comments the public sees: consented to, neither held nor a duplicate, and moderated by
    Office staff; each with ``public_text``, the latest redaction's text instead of its own, and
    ``redacted``. One query. Never the email address or the attachment (kept for the Office)."""
    latest = CommentRedaction.objects.filter(comment=OuterRef("pk")).order_by("-redacted_at", "-pk")
    return (
        Comment.objects.filter(
            application=application,
            consent_to_publish=True,
            status=Comment.Status.RECEIVED,
            moderated_at__isnull=False,
        )
        .only("pk", "application_id", "reference", "name", "organisation", "received_at")
        .annotate(redacted_text=Subquery(latest.values("public_text")[:1]))
        .annotate(public_text=Coalesce("redacted_text", "text"))
        .order_by("received_at", "pk")
    )


def every_published_comment() -> QuerySet[Comment]:
    """Every comment the public sees on every published assessment (open data), by the one rule of
    ``published_comments``: ``F("application")`` matches each comment's own application."""
    from django.db.models import F

    return published_comments(F("application")).filter(application__state__in=PUBLISHED)
