import pytest

from assessments.models import State

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("state", list(State))
def test_every_state_is_reachable_through_the_services(make_application, state):
    assert make_application(state).state == state
