"""factory_boy factories for tests that need a person or two, not the whole demo.

Every test already has the demo people (tests/conftest.py); these make others, with names that
cannot collide with theirs. An application is made through the service, as a proponent makes one.
"""

from datetime import date

import factory
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group

from assessments.models import ApplicationEvent, Comment, IndependentAuditor
from greenhouse_office import clock
from greenhouse_office.abn import with_check_digits
from greenhouse_office.accounts.mfa import requires_mfa
from greenhouse_office.models import Organisation, User
from greenhouse_office.roles import Role

PROFILE = {
    "months": [{"month": f"2027-{m:02d}", "gases": {"CO2": "4500", "CH4": "10"}} for m in range(1, 13)]
}


def _join_role_groups(user, create: bool, roles) -> None:
    if create and roles:
        user.groups.set(Group.objects.filter(name__in=[Role(role).value for role in roles]))
        user.__dict__.pop("_greenhouse_roles", None)
        if requires_mfa(user):  # as the Office requires of these roles (greenhouse_office.accounts.mfa)
            TOTP.activate(user, generate_totp_secret())


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Factory Organisation {n} Pty Ltd")
    abn = factory.Sequence(lambda n: with_check_digits(f"{n:09d}"))
    kind = Organisation.Kind.BODY_CORPORATE


class UserFactory(factory.django.DjangoModelFactory):
    """A person in the role groups given as ``roles=[Role.OFFICE_STAFF, ...]`` (none by default)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"factory-person-{n}")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("factory-password")

    @factory.post_generation
    def roles(self, create, roles, **kwargs):
        _join_role_groups(self, create, roles)


class ProponentFactory(UserFactory):
    """A proponent acting for an organisation of its own."""

    organisation = factory.SubFactory(OrganisationFactory)

    @factory.post_generation
    def roles(self, create, roles, **kwargs):
        _join_role_groups(self, create, roles or [Role.PROPONENT])


class IndependentAuditorFactory(factory.django.DjangoModelFactory):
    """A person on the register of independent environmental auditors (s32), with a firm."""

    class Meta:
        model = IndependentAuditor

    user = factory.SubFactory(
        UserFactory,
        organisation=factory.SubFactory(OrganisationFactory),
        roles=[Role.INDEPENDENT_AUDITOR],
    )
    qualifications = "Lead Environmental Auditor (ISO 14001), certified"
    qualified_declared_on = date(2026, 7, 1)
    fit_and_proper_declared_on = date(2026, 7, 1)
    registered_on = date(2026, 7, 1)


class ApplicationFactory(factory.Factory):
    """A draft application (s31), made by ``created_by`` (a new proponent unless given) through
    ``services.create_application``, so it is exactly what a proponent's draft is."""

    class Meta:
        model = dict  # the fields the service takes; _create hands them to it

    created_by = factory.SubFactory(ProponentFactory)
    title = factory.Sequence(lambda n: f"Kiln {n} expansion")
    description = "A cement kiln."
    location_state = "VIC"
    affected_states = factory.LazyFunction(lambda: ["VIC", "NSW"])
    limb = "emissions"
    gwp_set = "SAR"
    emission_profile = factory.LazyFunction(lambda: PROFILE)

    @classmethod
    def _create(cls, model_class, created_by, **data):
        from assessments import services

        return services.create_application(actor=created_by, data=data)


def published_comments(application, count: int, *, reference, at=None, **fields) -> None:
    """``count`` web comments on ``application``, made on time, consenting to publication and moderated
    at ``at`` (default now), bulk-created (test data: in life each is made by a person). ``reference``
    and any field given as a function are called with each comment's number, from 0."""
    now = clock.legal_now() if at is None else at
    given = {
        "name": lambda n: f"Person {n}",
        "email": lambda n: f"p{n}@example.com",
        "text": lambda n: f"Comment {n}.",
        "received_at": now,
        "channel": Comment.Channel.WEB,
        "on_time": True,
        "consent_to_publish": True,
        "moderated_at": now,
        **fields,
        "reference": reference,
    }
    Comment.objects.bulk_create(
        Comment(application=application, **{k: v(n) if callable(v) else v for k, v in given.items()})
        for n in range(count)
    )


def more_consideration_events(application, count: int, tag: str) -> None:
    """``count`` more "the Office considered a public comment" events (test data: each considered
    comment writes one), continuing the application's sequence, each hash unique by ``tag``."""
    last = application.events.order_by("-sequence").first()
    fields = {f.attname: getattr(last, f.attname) for f in ApplicationEvent._meta.concrete_fields}
    del fields["id"]
    ApplicationEvent.objects.bulk_create(
        ApplicationEvent(
            **{
                **fields,
                "sequence": last.sequence + 1 + n,
                "kind": "change",
                "transition": "consider_comment",
                "hash": f"test-{tag}-{n}",
            }
        )
        for n in range(count)
    )
