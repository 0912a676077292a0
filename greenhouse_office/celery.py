"""Celery application: broker and result backend from REDIS_URL (see settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenhouse_office.settings.base")

app = Celery("greenhouse_office")
# Every CELERY_* Django setting configures Celery; the beat schedule lives there too.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
