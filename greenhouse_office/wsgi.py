"""WSGI entry point (gunicorn greenhouse_office.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenhouse_office.settings.base")

application = get_wsgi_application()
