"""The documents the Office issues as PDFs (decision, notice, receipt): rendered after commit, stored once.

Each is rendered by a Celery task queued on commit (``queue_issue``), through the one WeasyPrint
wrapper (greenhouse_office.pdf), stored as a ``Document`` with its sha256 and the sha256 of what it was
rendered from (``inputs_sha256``), and logged as a change in the application's event chain. Issuing
again renders nothing while the inputs are the same; when they change the new document supersedes the
old (the old one is kept). The decision is fixed once issued (``once``, docs/adr/0010).
"""

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from kombu.exceptions import OperationalError

from assessments.models import Application, Document
from greenhouse_office import clock, statute
from greenhouse_office.pdf import render_pdf

from .executor import lock, record_change
from .issue_failures import resolve_failures

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Issued:
    """One kind of document the Office issues. The callables take the locked application."""

    kind: str
    template: str
    section: str
    transition: str  # the change event's name, e.g. "issue_decision"
    name: Callable[[Application], str]  # its original_name
    ready: Callable[[Application], str]  # "" when it may be issued; else why not
    inputs: Callable[[Application], dict]  # JSON-able: what it says; rendered again when this changes
    context: Callable[[Application, dict], dict]  # the template's context, from the inputs
    issued_by: Callable[[Application], object]  # the user recorded as uploaded_by
    once: bool = False  # never rendered again once stored, whatever changes
    payload: Callable[[Application], dict] | None = None  # more for the change event
    render: Callable[[str, dict], bytes] | None = None  # None: greenhouse_office.pdf.render_pdf


def inputs_hash(kind: Issued, inputs: dict) -> str:
    data = json.dumps({"template": kind.template, "inputs": inputs}, sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def current(application: Application, kind: str) -> Document | None:
    return (
        Document.objects.filter(application_id=application.pk, kind=kind, superseded_at__isnull=True)
        .order_by("-uploaded_at", "-pk")
        .first()
    )


def issue_document(kind: Issued, *, application: Application, at: datetime | None = None) -> Document:
    """Store ``kind`` for ``application`` as a PDF unless the stored one says the same; returns it.

    Refused (ValueError) when ``kind.ready`` gives a reason. Idempotent: the row lock serialises two
    tasks, and the second finds the first's document.
    """
    at = clock.moment(at)
    stored = current(application, kind.kind)
    if stored is not None and kind.once:
        return stored
    with transaction.atomic():
        locked = lock(application)
        stored = current(locked, kind.kind)
        if stored is not None and kind.once:  # another task issued it while this one waited
            return stored
        reason = kind.ready(locked)
        if reason:
            raise ValueError(f"{locked.reference}: {reason}")
        inputs = kind.inputs(locked)
        digest = inputs_hash(kind, inputs)
        if stored is not None and stored.inputs_sha256 == digest:
            return stored
        content = (kind.render or render_pdf)(kind.template, kind.context(locked, inputs))
        document = Document(
            application=locked,
            kind=kind.kind,
            original_name=kind.name(locked),
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            inputs_sha256=digest,
            uploaded_by=kind.issued_by(locked),
            uploaded_at=at,
        )
        document.file.save(f"{kind.kind}.pdf", ContentFile(content), save=False)
        document.save()
        if stored is not None:
            stored.superseded_by, stored.superseded_at = document, at
            stored.save(update_fields=["superseded_by", "superseded_at"])
        record_change(
            locked,
            kind.transition,
            actor=None,
            at=at,
            section=kind.section,
            payload={
                "document": document.pk,
                "kind": document.kind,
                "sha256": document.sha256,
                "size": document.size,
                "inputs_sha256": digest,
                **({"supersedes": stored.pk} if stored is not None else {}),
                **(kind.payload(locked) if kind.payload else {}),
            },
        )
        resolve_failures(application=locked, kind=kind.kind, at=at)  # a failed render, now issued
    return document


def queue_issue(application: Application, task_name: str, *args) -> None:
    """Inside the act's transaction: issue the document by its task once the act commits."""
    pk = application.pk
    # robust: nothing that goes wrong after commit may fail the act already committed.
    transaction.on_commit(lambda: enqueue(task_name, pk, *args), robust=True)


def enqueue(task_name: str, application_id: int, *args) -> bool:
    """Give the document to its task; False if the broker is unreachable (the first download issues
    it then)."""
    from assessments import tasks

    try:
        getattr(tasks, task_name).delay(application_id, *args)
    except OperationalError as error:
        logger.warning(
            "A PDF (%s) of application %s waits: the task broker is unreachable (%s).",
            task_name,
            application_id,
            error,
        )
        return False
    return True


def day_in_words(value) -> str:
    """A day (or a moment, read in Canberra) in words for a document, e.g. "3 March 2027"; "" if none."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = clock.legal_day(value)
    return statute.format_day(value)
