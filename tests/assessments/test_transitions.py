"""Every (state, transition, role): who may run what from where, refused with the reason otherwise."""

import pytest

from assessments.errors import AssessmentError, Refusal
from assessments.models import State
from assessments.services import available_transitions
from assessments.services.executor import TRANSITION_NAMES, run_transition, transition_meta

pytestmark = pytest.mark.django_db

PROPONENT_MAY_WITHDRAW = {
    s: {"withdraw"} for s in State if s not in (State.APPROVED, State.REFUSED, State.WITHDRAWN)
}

# What each demo user may run from each state of an application of `proponent`'s organisation,
# appointed to `auditor` once commissioned.
EXPECTED = {
    "proponent": {
        **PROPONENT_MAY_WITHDRAW,
        State.DRAFT: {"lodge", "withdraw"},
        State.RETURNED: {"lodge", "withdraw"},
    },
    "proponent2": {},
    "officer": {
        State.LODGED: {"return_for_amendment"},
        State.EVALUATION_COMMISSIONED: {"record_evaluation"},
        State.EVALUATED: {"publish_for_comment"},
        State.OPEN_FOR_COMMENT: {"close_comments"},
        State.COMMENTS_CLOSED: {"give_advice"},
    },
    "director": {
        State.LODGED: {"return_for_amendment", "commission_evaluation"},
        State.EVALUATION_COMMISSIONED: {"record_evaluation"},
        State.EVALUATED: {"publish_for_comment"},
        State.OPEN_FOR_COMMENT: {"close_comments"},
        State.COMMENTS_CLOSED: {"give_advice"},
    },
    "auditor": {State.EVALUATION_COMMISSIONED: {"record_evaluation"}},
    "auditor2": {},
    "minister": {State.ADVICE_GIVEN: {"approve", "refuse"}},
}


@pytest.mark.parametrize("state", list(State))
def test_each_role_may_run_exactly_its_transitions_from_each_state(make_application, people, state):
    application = make_application(state)
    for username, by_state in EXPECTED.items():
        user = getattr(people, username)
        assert set(available_transitions(application, user)) == by_state.get(state, set()), username
        for name in set(TRANSITION_NAMES) - by_state.get(state, set()):
            with pytest.raises(AssessmentError) as refused:
                run_transition(application, name, actor=user, payload={})
            from_here = transition_meta(application, name).has_transition(state)
            assert refused.value.kind == (Refusal.FORBIDDEN if from_here else Refusal.NOT_AVAILABLE), (
                username,
                name,
            )
            assert refused.value.messages[0]
    application.refresh_from_db()
    assert application.state == state  # nothing refused changed anything


def test_refusal_words_name_who_may_act_and_the_state(make_application, people):
    application = make_application(State.LODGED)
    with pytest.raises(AssessmentError, match=r"Only the Director \(s32\(2\)\) may commission"):
        run_transition(application, "commission_evaluation", actor=people.officer, payload={})
    with pytest.raises(AssessmentError, match="not possible while the application is lodged"):
        run_transition(application, "approve", actor=people.minister, payload={})


def test_the_state_field_cannot_be_written_directly(make_application):
    application = make_application(State.DRAFT)
    with pytest.raises(AttributeError, match="Direct state modification is not allowed"):
        application.state = State.APPROVED
