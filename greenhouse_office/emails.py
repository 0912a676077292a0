"""Queue emails through the outbox (Email): rendered now, sent by a task after commit.

Templates: templates/emails/<template>_subject.txt and <template>.txt. They are plain text, so they are
rendered without HTML escaping: "Smith & Sons" stays "Smith & Sons", not "Smith &amp; Sons".
"""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.template import Context, Engine
from kombu.exceptions import OperationalError

from .models import Email

logger = logging.getLogger(__name__)


def render_text(template_name: str, context: dict) -> str:
    """Render a plain-text template with autoescape off (the one place email text is rendered)."""
    template = Engine.get_default().get_template(template_name)
    return template.render(Context(context, autoescape=False))


def queue_email(template: str, to: str, context: dict, *, record=None, event=None) -> Email | None:
    """Render and store one email; the send task runs only if the surrounding transaction commits.

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
    transaction.on_commit(lambda: enqueue(email.pk), robust=True)
    return email


def enqueue(email_id: int) -> bool:
    """Give the email to the send task; False if the broker is unreachable (it stays queued for the
    resend job). The broker's short timeouts (settings, CELERY section) keep this under a second."""
    from .tasks import send_email

    try:
        send_email.delay(email_id)
    except OperationalError as error:
        logger.warning(
            "Email %s stays queued: the task broker is unreachable (%s); resend_queued_emails will send it.",
            email_id,
            error,
        )
        return False
    return True
