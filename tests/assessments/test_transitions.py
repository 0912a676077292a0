"""Every (state, transition, role): who may run what from where, refused with the reason otherwise.

The order of refusals is the executor's: a role that may never run the act is refused (403)
before the state is considered (409), and the state before the rules (400).
"""

import pytest

from assessments.acts import APPLICATION_ACTS, available_acts
from assessments.errors import AssessmentError, Refusal
from assessments.models import State
from assessments.services.executor import run_transition

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
        assert set(available_acts(application, user)) == by_state.get(state, set()), username
        for name in set(APPLICATION_ACTS.names()) - by_state.get(state, set()):
            with pytest.raises(AssessmentError) as refused:
                run_transition(application, name, actor=user, at=None, payload={})
            may_ever = any(
                step.has_perm(application, user) for step in APPLICATION_ACTS[name].meta.transitions.values()
            )
            assert refused.value.kind == (Refusal.NOT_AVAILABLE if may_ever else Refusal.FORBIDDEN), (
                username,
                name,
            )
            assert refused.value.status == (409 if may_ever else 403)
            assert refused.value.messages[0]
    application.refresh_from_db()
    assert application.state == state  # nothing refused changed anything


def test_refusal_words_name_who_may_act_and_the_state(make_application, people):
    application = make_application(State.LODGED)
    with pytest.raises(AssessmentError, match=r"Only the Director \(s32\(2\)\) may commission"):
        run_transition(application, "commission_evaluation", actor=people.officer, at=None, payload={})
    with pytest.raises(AssessmentError, match="not possible while the application is lodged"):
        run_transition(application, "approve", actor=people.minister, at=None, payload={})
    with pytest.raises(AssessmentError, match=r"Only the Minister \(s30\) may approve") as refused:
        run_transition(application, "approve", actor=people.officer, at=None, payload={})
    assert refused.value.status == 403  # the role, although the state would refuse it too


def test_the_state_field_cannot_be_written_directly(make_application):
    application = make_application(State.DRAFT)
    with pytest.raises(AttributeError, match="Direct state modification is not allowed"):
        application.state = State.APPROVED


def test_every_transition_of_the_model_is_a_declared_act():
    from greenhouse_office.workflow.acts import transition_names

    assert APPLICATION_ACTS.names() == transition_names(APPLICATION_ACTS.model)
    for act in APPLICATION_ACTS:
        assert act.section.startswith("s") and act.label and act.summary and act.who


def test_the_admin_console_offers_exactly_the_offices_acts():
    office = {act.name for act in APPLICATION_ACTS if act.is_office_act}
    assert office == {
        "return_for_amendment",
        "commission_evaluation",
        "record_evaluation",
        "publish_for_comment",
        "close_comments",
        "give_advice",
    }
    assert all(APPLICATION_ACTS[name].form is not None for name in office)
