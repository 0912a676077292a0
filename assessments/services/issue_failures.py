"""PDFs that failed to render: recorded by the issuing task on each failure, resolved once issued.

A failed render (PdfRenderError, a file error, the task's soft time limit) must not be lost in a
worker's log: the task writes an ``IssueFailure`` (one open per document, counting attempts) and
Celery retries it. When the document is issued, by the retry, by "Retry now" in admin or by the first
download, its open failure is resolved.
"""

import logging
from datetime import datetime

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from kombu.exceptions import OperationalError

from assessments.models import IssueFailure
from greenhouse_office import clock
from greenhouse_office.pdf import PdfRenderError

logger = logging.getLogger(__name__)

# What a task records as a failed render (the same its autoretry retries, and its soft time limit).
RENDER_FAILURES = (PdfRenderError, OSError, SoftTimeLimitExceeded)


def _open(*, application_id=None, direction_id=None, kind: str):
    return IssueFailure.objects.filter(
        application_id=application_id, direction_id=direction_id, kind=kind, resolved_at__isnull=True
    )


def record_failure(
    *,
    task: str,
    arguments: list,
    kind: str,
    error: BaseException,
    application_id: int | None = None,
    direction_id: int | None = None,
    at: datetime | None = None,
) -> IssueFailure:
    """Record one failed attempt to issue a document (a new open failure, or one more attempt on it)."""
    at = clock.moment(at)
    text = f"{type(error).__name__}: {error}"[:4000]
    where = {"application_id": application_id, "direction_id": direction_id, "kind": kind}
    for _ in range(2):  # a second task may create the open failure between our read and our insert
        try:
            with transaction.atomic():
                failure = _open(**where).select_for_update().first()
                if failure is None:
                    return IssueFailure.objects.create(
                        **where,
                        task=task,
                        arguments=arguments,
                        error=text,
                        first_failed_at=at,
                        last_failed_at=at,
                    )
                _open(**where).filter(pk=failure.pk).update(
                    attempts=F("attempts") + 1, error=text, last_failed_at=at
                )
                failure.refresh_from_db()
                return failure
        except IntegrityError:
            continue
    raise RuntimeError(f"Could not record the failure of {task} {arguments}.")


def resolve_failures(*, application=None, direction=None, kind: str = "", at: datetime | None = None) -> int:
    """The document is issued: its open failure (if any) is resolved. Returns how many were."""
    if direction is not None:
        return resolve_open(direction_id=direction.pk, kind="direction", at=at)
    return resolve_open(application_id=application.pk, kind=kind, at=at)


def resolve_open(*, application_id=None, direction_id=None, kind: str, at: datetime | None = None) -> int:
    where = {"application_id": application_id, "direction_id": direction_id, "kind": kind}
    return _open(**where).update(resolved_at=clock.moment(at))


def retry(failures) -> dict:
    """Staff's "Retry now": give each open failure's document to the same task again.

    With a broker the task is queued (it renders in a worker, under its time limit); without one
    (the demo, tests) it runs here. A failure to retry is recorded by the task itself; one document
    that fails again does not stop the rest. Returns the counts: issued, failed again, queued.
    """
    from assessments import tasks

    counts = {"issued": 0, "failed": 0, "queued": 0}
    for failure in [f for f in failures if f.resolved_at is None]:
        task = getattr(tasks, failure.task.rsplit(".", 1)[-1])
        try:
            task.delay(*failure.arguments)
        except OperationalError as error:
            logger.warning("Could not queue %s again: the task broker is unreachable (%s).", failure, error)
            counts["failed"] += 1
            continue
        except Exception:  # noqa: BLE001 - run here (no broker): recorded by the task; go on to the next
            logger.exception("Retrying %s failed again", failure)
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            counts["queued"] += 1
            continue
        failure.refresh_from_db()
        counts["issued" if failure.resolved_at is not None else "failed"] += 1
    return counts


def failures_of(application) -> list[IssueFailure]:
    """The open failures of an application's documents, newest first (one query)."""
    return list(
        IssueFailure.objects.filter(application_id=application.pk, resolved_at__isnull=True).order_by(
            "-last_failed_at", "-pk"
        )
    )
