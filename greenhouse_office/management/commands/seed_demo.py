"""Demo data: a person for every role, two proponent organisations, the auditor register, and a
handful of applications in different states (walked there through the services; see assessments.demo).

Idempotent: running it again updates the same records (and resets the demo passwords); demo
applications already present (same organisation and title) are left as they are.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from assessments.models import Engagement, IndependentAuditor
from greenhouse_office.accounts import demo as demo_accounts
from greenhouse_office.accounts.mfa import requires_mfa
from greenhouse_office.models import Organisation
from greenhouse_office.roles import STAFF_ROLES, Role

# Each a body corporate with a valid ABN (greenhouse_office.abn), a postal address and a contact.
ORGANISATIONS = {
    "southern-cross": {
        "name": "Southern Cross Cement Pty Ltd",
        "trading_name": "Southern Cross Cement",
        "abn": "53004085616",
        "address_lines": "Level 4, 120 Collins Street",
        "suburb": "Melbourne",
        "state": "VIC",
        "postcode": "3000",
        "contact_name": "Priya Nair",
        "contact_email": "proponent@example.com",
        "contact_phone": "03 9000 0101",
    },
    "pilbara": {
        "name": "Pilbara Gas Processing Ltd",
        "trading_name": "",
        "abn": "33051775556",
        "address_lines": "PO Box 880",
        "suburb": "Karratha",
        "state": "WA",
        "postcode": "6714",
        "contact_name": "Tom Walsh",
        "contact_email": "proponent2@example.com",
        "contact_phone": "08 9100 0202",
    },
    "eucalypt": {
        "name": "Eucalypt Environmental Audit Pty Ltd",
        "trading_name": "Eucalypt Audit",
        "abn": "58631485190",
        "address_lines": "15 Marcus Clarke Street",
        "suburb": "Canberra",
        "state": "ACT",
        "postcode": "2601",
        "contact_name": "Alice Martin",
        "contact_email": "auditor@example.com",
        "contact_phone": "02 6200 0303",
    },
    "coastal": {
        "name": "Coastal Assurance Partners Pty Ltd",
        "trading_name": "Coastal Assurance",
        "abn": "87284027736",
        "address_lines": "Suite 2, 45 Adelaide Street",
        "suburb": "Brisbane",
        "state": "QLD",
        "postcode": "4000",
        "contact_name": "Ben Kowalski",
        "contact_email": "auditor2@example.com",
        "contact_phone": "07 3000 0404",
    },
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    roles: tuple[Role, ...]
    organisation: str | None = None


DEMO_USERS = (
    DemoUser("proponent", "Priya", "Nair", (Role.PROPONENT,), "southern-cross"),
    DemoUser("proponent2", "Tom", "Walsh", (Role.PROPONENT,), "pilbara"),
    DemoUser("officer", "Olivia", "Chen", (Role.OFFICE_STAFF,)),
    DemoUser("director", "David", "Okafor", (Role.DIRECTOR, Role.OFFICE_STAFF)),
    DemoUser("auditor", "Alice", "Martin", (Role.INDEPENDENT_AUDITOR,), "eucalypt"),
    DemoUser("auditor2", "Ben", "Kowalski", (Role.INDEPENDENT_AUDITOR,), "coastal"),
    DemoUser("minister", "Margaret", "Reid", (Role.MINISTER,)),
)


# s8(2): the total level of emissions ("") and the demo applications' source categories, in t CO2-e a year.
DEMO_TARGETS = (
    ("", "520000000"),
    ("1.A.1", "180000000"),
    ("1.A.2", "45000000"),
    ("1.B.2", "12000000"),
    ("2.A", "9000000"),
)
DEMO_TARGETS_INSTRUMENT = "Convention on Climate Change (Implementation) Targets Determination 2025 (No. 1)"


class Command(BaseCommand):
    help = "Create or refresh the demo users, organisations and auditor register."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DJANGO_DEBUG off (it creates accounts with a known password).",
        )
        parser.add_argument(
            "--no-applications",
            action="store_true",
            help="Only the people, organisations and auditor register (no demo applications or plans).",
        )

    def handle(self, *args, force: bool = False, no_applications: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a known password, so it refuses to run with "
                "DJANGO_DEBUG off. Use --force only on a demonstration system."
            )
        password = settings.DEMO_PASSWORD
        with transaction.atomic():
            organisations = self._organisations()
            users = {u.username: self._user(u, organisations, password) for u in DEMO_USERS}
            self._auditor_register(users, organisations)
            self._emission_targets(users["director"])
        if not no_applications:
            self._applications()
            self._plans()
        self._print_logins(password)

    def _applications(self) -> None:
        from assessments.demo import seed_demo_applications
        from assessments.errors import AssessmentError

        try:
            created, present = seed_demo_applications()
        except AssessmentError as error:
            raise CommandError(f"A demo application was refused: {error}") from error
        self.stdout.write(f"Demo applications: {created} created, {present} already present.")

    def _plans(self) -> None:
        from taskforces.demo import seed_demo_plans

        created, present = seed_demo_plans()
        self.stdout.write(
            f"Demo task forces and plans (Part 7): {created} created, {present} already present."
        )

    def _organisations(self) -> dict[str, Organisation]:
        result = {}
        for key, record in ORGANISATIONS.items():
            name, defaults = record["name"], {**record, "kind": Organisation.Kind.BODY_CORPORATE}
            Organisation(**defaults).full_clean(validate_unique=False)  # a demo record is a valid one
            del defaults["name"]
            result[key], _ = Organisation.objects.update_or_create(name=name, defaults=defaults)
        return result

    def _user(self, demo: DemoUser, organisations, password: str):
        user, _ = get_user_model().objects.update_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "email": f"{demo.username}@example.com",
                "organisation": organisations.get(demo.organisation),
                # proponent administers its organisation (invites people into it); proponent2 does not.
                "administers_organisation": demo.username == "proponent",
                "is_staff": any(role in STAFF_ROLES for role in demo.roles),
                "is_active": True,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        user.groups.set(Group.objects.filter(name__in=[role.value for role in demo.roles]))
        demo_accounts.verified_email(user)
        if requires_mfa(user):
            demo_accounts.authenticator(user)
        return user

    def _auditor_register(self, users, organisations) -> None:
        for username in ("auditor", "auditor2"):
            IndependentAuditor.objects.update_or_create(
                user=users[username],
                defaults={
                    "qualifications": "Lead Environmental Auditor (ISO 14001), certified",
                    "qualified_declared_on": date(2026, 7, 1),
                    "fit_and_proper_declared_on": date(2026, 7, 1),
                    "registered_on": date(2026, 7, 1),
                },
            )
        # auditor2 provided services under contract to proponent's organisation after
        # commencement (12 March 2008), so s32(2) disqualifies it for that proponent.
        # (assessments.guards.auditor_disqualifications is the rule; the admin's auditor choice shows it.)
        Engagement.objects.update_or_create(
            auditor=users["auditor2"].auditor_registration,
            organisation=organisations["southern-cross"],
            kind=Engagement.Kind.CONTRACT,
            started_on=date(2019, 7, 1),
            defaults={
                "ended_on": date(2021, 6, 30),
                "description": "Energy and emissions audit of the Geelong kiln, under contract",
            },
        )
        # Employment is a contract for s32(2), but each firm is neither a proponent nor the
        # Commonwealth or a Commonwealth authority, so it leaves both auditors independent.
        for username, firm in (("auditor", "eucalypt"), ("auditor2", "coastal")):
            Engagement.objects.update_or_create(
                auditor=users[username].auditor_registration,
                organisation=organisations[firm],
                kind=Engagement.Kind.EMPLOYMENT,
                started_on=date(2015, 2, 1),
                defaults={"ended_on": None, "description": "Principal auditor"},
            )

    def _emission_targets(self, director) -> None:
        """s8: a national target and one for each demo category, covering 2026-2027; added once, as
        the Director would add them (logged)."""
        from greenhouse_office.emission_targets import EmissionTarget, record_target_change

        for code, tonnes in DEMO_TARGETS:
            if EmissionTarget.objects.filter(source_category=code, starts_on=date(2026, 1, 1)).exists():
                continue
            target = EmissionTarget(
                source_category=code,
                starts_on=date(2026, 1, 1),
                ends_on=date(2027, 12, 31),
                target_t_co2e=Decimal(tonnes),
                instrument=DEMO_TARGETS_INSTRUMENT,
                instrument_made_on=date(2025, 11, 20),
                notes="Demonstration figure, not a real target.",
            )
            target.full_clean()
            target.save()
            record_target_change(target=target, by=director, before=None)

    def _print_logins(self, password: str) -> None:
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in at /accounts/login/ with:"))
        for demo in DEMO_USERS:
            roles = ", ".join(role.label for role in demo.roles)
            self.stdout.write(f"  {demo.username:<11} {password}   {roles}")
        self.stdout.write(
            "Office staff, the Director and the Minister also give a two-factor code: "
            "`.venv/bin/python manage.py demo_code officer` prints the current one."
        )
