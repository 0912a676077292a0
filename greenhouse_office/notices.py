"""Queue email notices through the outbox (Notice): rendered now, sent by a task after commit.

Templates: templates/notices/<event>_subject.txt and <event>.txt.
"""

from django.db import transaction
from django.template.loader import render_to_string

from .models import Notice


def queue_notice(event: str, to: str, context: dict) -> Notice | None:
    """Render and store one notice; the send task runs only if the surrounding transaction commits."""
    if not to:
        return None
    subject = " ".join(render_to_string(f"notices/{event}_subject.txt", context).split())
    body = render_to_string(f"notices/{event}.txt", context)
    notice = Notice.objects.create(event=event, to=to, subject=subject[:255], body=body)

    from .tasks import send_notice

    # robust: a mail or broker failure must not fail the act already committed; the outbox
    # row stays queued and resend_queued_notices retries it.
    transaction.on_commit(lambda: send_notice.delay(notice.pk), robust=True)
    return notice
