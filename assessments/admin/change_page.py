"""The application's change page in sections: summary, screening, documents, notices, comments, log.

Each section is bounded whatever the application's size: the comments as counts (one aggregate
query) and the latest few, the log as its latest events, the documents as the current ones with the
superseded counted; each links to the full list, filtered to the application. The number of
queries does not grow with the rows (tests/assessments/test_admin_change_page.py).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode

from assessments.acts import APPLICATION_ACTS
from assessments.models import Application, Comment, Document, State

LATEST_COMMENTS = 10
LATEST_EVENTS = 20
DOCUMENTS_SHOWN = 50  # of each of the current and the superseded; more are counted, not listed

# (id, heading): the order of the page and of its contents list.
SECTIONS = [
    ("summary", "Summary"),
    ("screening", "Screening (s25, s31(1)(a))"),
    ("documents", "Documents"),
    ("notices", "Notices (s33)"),
    ("comments", "Comments (s33(2)(c), s34)"),
    ("log", "Log (the hash-chained event log)"),
]
SECTION_IDS = [section_id for section_id, _ in SECTIONS]
PARTIALS = {"summary", "documents", "comments", "log"}


@dataclass
class Section:
    id: str
    heading: str
    note: str = ""  # what the collapsed section holds, in words
    fieldsets: list = field(default_factory=list)
    inlines: list = field(default_factory=list)
    open: bool = False

    @property
    def template(self) -> str:
        """The section's own partial; screening and notices are admin fieldsets and inlines only."""
        return f"assessments/admin/_section_{self.id}.html" if self.id in PARTIALS else ""


def sections(application: Application, *, fieldsets, inline_formsets, fieldset_sections, shown: str, notes):
    """The page's sections, each with the admin fieldsets and inline formsets that belong in it."""
    by_id = {
        section_id: Section(
            section_id, heading, notes.get(section_id, ""), open=section_id in ("summary", shown)
        )
        for section_id, heading in SECTIONS
    }
    for fieldset in fieldsets:
        by_id[fieldset_sections.get(fieldset.name, "summary")].fieldsets.append(fieldset)
    for formset in inline_formsets:
        by_id[formset.opts.section].inlines.append(formset)
    return list(by_id.values())


def _changelist(model_name: str, application: Application, **filters) -> str:
    url = reverse(f"admin:assessments_{model_name}_changelist")
    return f"{url}?{urlencode({'application__id__exact': application.pk, **filters})}"


def comment_counts(application: Application) -> dict:
    """Every count the comments section shows, in one aggregate query."""
    held, duplicate = Comment.Status.HELD, Comment.Status.DUPLICATE
    counted = {
        "total": Q(),
        "late": Q(on_time=False),
        "considered": Q(considered=True),
        "to_consider": Q(on_time=True, considered=False),
        "late_not_considered": Q(on_time=False, considered=False),
        "held": Q(status=held),
        "duplicates": Q(status=duplicate),
    }
    # Aliases unlike the fields' names (an aggregate may not be called "considered").
    found = Comment.objects.filter(application=application).aggregate(
        **{f"n_{name}": Count("pk", filter=where) for name, where in counted.items()}
    )
    return {name: found[f"n_{name}"] for name in counted}


def comments_context(application: Application) -> dict:
    counts = comment_counts(application)
    counts["on_time"] = counts["total"] - counts["late"]
    latest = list(
        Comment.objects.filter(application=application)
        .only("reference", "name", "received_at", "channel", "on_time", "status", "considered")
        .order_by("-received_at", "-pk")[:LATEST_COMMENTS]
    )
    for comment in latest:
        comment.admin_url = reverse("admin:assessments_comment_change", args=[comment.pk])
    links = {
        "all": _changelist("comment", application),
        "to_consider": _changelist("comment", application, on_time__exact=1, considered__exact=0),
        "late": _changelist("comment", application, on_time__exact=0),
        "considered": _changelist("comment", application, considered__exact=1),
        "held": _changelist("comment", application, status__exact=Comment.Status.HELD),
        "duplicates": _changelist("comment", application, status__exact=Comment.Status.DUPLICATE),
        "record": f"{reverse('admin:assessments_comment_add')}?application={application.pk}",
    }
    return {"counts": counts, "latest": latest, "links": links, "published": application.is_published}


def _state(value: str) -> str:
    return State(value).label if value in State.values else value


def events_context(application: Application) -> dict:
    """The latest events (newest first), each with its act in words and whether its hash matches."""
    latest = list(application.events.order_by("-sequence")[:LATEST_EVENTS])
    for event in latest:
        act = APPLICATION_ACTS.get(event.transition)
        event.act_label = act.label if act else event.transition.replace("_", " ").capitalize()
        event.change = (
            _state(event.to_state)
            if event.from_state == event.to_state
            else f"{_state(event.from_state)} \u2192 {_state(event.to_state)}"
        )
        event.hash_ok = event.hash_matches()
    return {
        "latest": latest,
        "total": application.log_length,  # the chain's length, kept on the row (no count query)
        "all_url": _changelist("applicationevent", application),
    }


def documents_context(application: Application) -> dict:
    documents = Document.objects.filter(application=application).select_related("uploaded_by")
    counts = documents.aggregate(
        current=Count("pk", filter=Q(superseded_at__isnull=True)),
        superseded=Count("pk", filter=Q(superseded_at__isnull=False)),
    )
    current = list(documents.filter(superseded_at__isnull=True).order_by("uploaded_at")[:DOCUMENTS_SHOWN])
    superseded = list(
        documents.filter(superseded_at__isnull=False).order_by("-superseded_at")[:DOCUMENTS_SHOWN]
    )
    for document in (*current, *superseded):
        document.download_url = reverse(
            "admin:assessments_application_document", args=[application.pk, document.pk]
        )
    return {"counts": counts, "current": current, "superseded": superseded}
