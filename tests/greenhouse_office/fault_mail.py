"""An email backend for the fault tests' workers: one file per delivered message, and a pause.

Each message delivered is written to EMAIL_FILE_PATH as ``<recipient>.<uuid>.eml``, so a test in
another process counts deliveries per recipient. If FAULT_PAUSE_BEFORE names a recipient, the worker
writes ``paused`` there and waits, before delivering it, until the test kills it (deterministic: the
kill lands after the claim and before the send, never in the window after the send).
"""

import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

PAUSED = "paused"


class CountedDeliveries(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(settings.EMAIL_FILE_PATH)
        for message in email_messages:
            recipient = message.to[0]
            if recipient == os.environ.get("FAULT_PAUSE_BEFORE"):
                (folder / PAUSED).write_text(recipient)
                time.sleep(300)  # killed long before this ends
            (folder / f"{recipient}.{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(email_messages)


def deliveries(folder: Path) -> dict[str, int]:
    """How many times each recipient was sent an email."""
    counts: dict[str, int] = {}
    for path in folder.glob("*.eml"):
        recipient = path.name.rsplit(".", 2)[0]
        counts[recipient] = counts.get(recipient, 0) + 1
    return counts


def fault_mail_worker(queue: str, folder: Path, **env):
    """A real Celery worker on ``queue`` whose emails are written to ``folder`` (this module's backend)."""
    from tests.conftest import RealWorker

    return RealWorker(
        queue=queue,
        env={
            "DJANGO_SETTINGS_MODULE": "tests.greenhouse_office.fault_settings",
            "FAULT_EMAIL_DIR": str(folder),
            "FAULT_PAUSE_BEFORE": "",
            **env,
        },
    )
