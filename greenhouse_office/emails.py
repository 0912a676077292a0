"""Queue emails through the outbox (Email): rendered now, sent by a task after commit.

After commit an email asks for a drain of the outbox (request_drain), not a task of its own: one
drain_outbox task is published for a burst of emails, and it sends each once (tasks.deliver).

Templates: templates/emails/<template>_subject.txt and <template>.txt. They are plain text, so they are
rendered without HTML escaping: "Smith & Sons" stays "Smith & Sons", not "Smith &amp; Sons".
"""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.template import Context, Engine
from kombu.exceptions import OperationalError

from .models import Email

logger = logging.getLogger(__name__)

# The cache key that says a drain is published and has not started yet: an email committed while it
# is set is read by that drain, so it publishes nothing.
DRAIN_PENDING = "outbox-drain-pending"
# Seconds the flag lives if its drain never starts (lost with a worker or the broker): after that an
# email publishes a drain again. Far longer than a published drain takes to start on a working queue.
DRAIN_PENDING_TIMEOUT = 60
# Seconds a drain waits before it reads the outbox, so a burst of acts (public comments) shares one.
DRAIN_COUNTDOWN = 1


def render_text(template_name: str, context: dict) -> str:
    """Render a plain-text template with autoescape off (the one place email text is rendered)."""
    template = Engine.get_default().get_template(template_name)
    return template.render(Context(context, autoescape=False))


def queue_email(template: str, to: str, context: dict, *, record=None, event=None) -> Email | None:
    """Render and store one email; it is sent (by a drain) only if the surrounding transaction commits.

    ``record`` is the model instance the email concerns (e.g. the application); ``event`` is the
    logged event that caused it (anything with a ``.hash``). No address, no email: returns None.
    """
    if not to:
        return None
    context = {"site_url": settings.GREENHOUSE_SITE_URL, **context}
    subject = " ".join(render_text(f"emails/{template}_subject.txt", context).split())
    body = render_text(f"emails/{template}.txt", context)
    email = Email.objects.create(
        template=template,
        to=to,
        subject=subject[:255],
        body=body,
        record_type=ContentType.objects.get_for_model(record) if record is not None else None,
        record_id=record.pk if record is not None else None,
        event_hash=getattr(event, "hash", "") or "",
    )
    # robust: nothing that goes wrong after commit may fail the act already committed.
    transaction.on_commit(lambda: request_drain(email.pk), robust=True)
    return email


def request_drain(email_id: int | None = None) -> bool:
    """See that a drain of the outbox starts after this point: publish one unless one is pending.

    One cache round trip when a drain is pending (``cache.add`` sets the flag only if it is not set),
    one publish otherwise. The drain clears the flag before it reads, so an email committed before
    this call is read by the pending drain or by the one published here. False if the broker is
    unreachable: the flag is cleared, so the next email tries the publish again, and the email stays
    queued for the next drain or resend_queued_emails. The broker's short timeouts (settings, CELERY
    section) keep this under a second.
    """
    from .tasks import drain_outbox

    if not cache.add(DRAIN_PENDING, 1, timeout=DRAIN_PENDING_TIMEOUT):
        return True
    try:
        drain_outbox.apply_async(countdown=DRAIN_COUNTDOWN)
    except OperationalError as error:
        cache.delete(DRAIN_PENDING)
        _stays_queued(email_id, error)
        return False
    return True


def enqueue(email_id: int, *, countdown: float | None = None) -> bool:
    """Give one email to a send task of its own (resend_queued_emails, and a failed send in a
    drain); False if the broker is unreachable (it stays queued for the resend job)."""
    from .tasks import send_email

    try:
        send_email.apply_async((email_id,), countdown=countdown)
    except OperationalError as error:
        _stays_queued(email_id, error)
        return False
    return True


def _stays_queued(email_id: int | None, error: Exception) -> None:
    logger.warning(
        "Email %s stays queued: the task broker is unreachable (%s); resend_queued_emails will send it.",
        email_id if email_id is not None else "(a drain's rest)",
        error,
    )
