"""The shared fixtures of tests/conftest.py: the demo people are there for every test, seeded once.

Kept apart from test_seed_demo.py, whose module-wide demo transaction a flushing test must not run in.
"""

import pytest
from django.contrib.auth import authenticate, get_user_model

from greenhouse_office.management.commands.seed_demo import DEMO_USERS

DEMO_USERNAMES = {demo.username for demo in DEMO_USERS}


def _present() -> set[str]:
    users = get_user_model().objects.filter(username__in=DEMO_USERNAMES)
    return set(users.values_list("username", flat=True))


@pytest.mark.django_db
def test_every_test_starts_with_the_demo_people_seeded_once_for_the_session():
    assert _present() == DEMO_USERNAMES


@pytest.mark.django_db(transaction=True)
def test_a_test_that_flushes_the_database_also_starts_with_them():
    assert _present() == DEMO_USERNAMES
    get_user_model().objects.filter(username="minister").delete()  # committed; the flush follows


@pytest.mark.django_db(transaction=True)  # so it runs after the one above (pytest-django's order)
def test_after_a_flush_the_next_test_has_them_again():
    assert _present() == DEMO_USERNAMES
    assert authenticate(username="minister", password="greenhouse-demo") is not None
