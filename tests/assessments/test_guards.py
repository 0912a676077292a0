"""The guards as pure predicates, on records from tests/factories.py (no demo data needed)."""

from datetime import date

import pytest

from assessments import guards
from assessments.models import Engagement, State
from greenhouse_office.models import Organisation
from greenhouse_office.roles import Role
from tests.factories import (
    ApplicationFactory,
    IndependentAuditorFactory,
    OrganisationFactory,
    ProponentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ON = date(2027, 3, 1)


def test_a_proponents_draft_belongs_to_its_organisation_and_only_it_is_the_proponent():
    application = ApplicationFactory()
    assert application.state == State.DRAFT
    assert application.organisation == application.created_by.organisation
    assert guards.is_the_proponent(application, application.created_by)
    assert not guards.is_the_proponent(application, ProponentFactory())  # another organisation's


def test_only_the_director_is_the_director_and_office_staff_are_office_staff():
    application = ApplicationFactory()
    director = UserFactory(roles=[Role.DIRECTOR, Role.OFFICE_STAFF])
    officer = UserFactory(roles=[Role.OFFICE_STAFF])
    assert guards.is_director(application, director) and not guards.is_director(application, officer)
    assert guards.is_office_staff(application, officer)
    assert not guards.is_office_staff(application, application.created_by)


def test_s32_2_a_declared_auditor_without_engagements_may_be_appointed():
    assert guards.auditor_refusals(ApplicationFactory(), IndependentAuditorFactory(), ON) == []


def test_s32_2_a_and_b_an_auditor_without_declarations_is_refused_on_both():
    auditor = IndependentAuditorFactory(qualified_declared_on=None, fit_and_proper_declared_on=None)
    refusals = guards.auditor_refusals(ApplicationFactory(), auditor, ON)
    assert [r.split(":")[0] for r in refusals] == ["s32(2)(a)", "s32(2)(b)"]


@pytest.mark.parametrize(
    ("kind", "started_on", "ended_on", "refused"),
    [
        (Engagement.Kind.EMPLOYMENT, date(2020, 1, 1), None, True),  # employed now
        (Engagement.Kind.EMPLOYMENT, date(2020, 1, 1), date(2021, 1, 1), True),  # since commencement
        (Engagement.Kind.EMPLOYMENT, date(2001, 1, 1), date(2005, 1, 1), False),  # before commencement
        (Engagement.Kind.CONTRACT, date(2019, 7, 1), date(2021, 6, 30), True),  # since commencement
        (Engagement.Kind.CONTRACT, date(2001, 1, 1), date(2005, 1, 1), False),  # before commencement
    ],
)
def test_s32_2_engagements_with_the_proponent(kind, started_on, ended_on, refused):
    application = ApplicationFactory()
    auditor = IndependentAuditorFactory()
    Engagement.objects.create(
        auditor=auditor,
        organisation=application.organisation,
        kind=kind,
        started_on=started_on,
        ended_on=ended_on,
    )
    assert bool(guards.auditor_refusals(application, auditor, ON)) is refused


def test_s32_2_an_auditor_employed_by_a_commonwealth_authority_is_refused():
    auditor = IndependentAuditorFactory()
    agency = OrganisationFactory(name="Bureau of Meteorology", kind=Organisation.Kind.COMMONWEALTH_AGENCY)
    Engagement.objects.create(
        auditor=auditor, organisation=agency, kind=Engagement.Kind.EMPLOYMENT, started_on=date(2020, 1, 1)
    )
    [refusal] = guards.auditor_refusals(ApplicationFactory(), auditor, ON)
    assert "employed by Bureau of Meteorology (a Commonwealth authority)" in refusal
