"""Settings of the Celery workers the fault tests start (tests/greenhouse_office/test_faults.py).

The test settings, with an email backend whose deliveries the test (another process) can count, and
which can stop a worker just before it delivers one email, so the test can kill it there.
"""

import os

from greenhouse_office.settings.test import *  # noqa: F403

EMAIL_BACKEND = "tests.greenhouse_office.fault_mail.CountedDeliveries"
EMAIL_FILE_PATH = os.environ["FAULT_EMAIL_DIR"]
