"""Print the current two-factor code of a demo account (seed_demo sets up its authenticator)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from greenhouse_office.accounts import mfa


class Command(BaseCommand):
    help = "Print the 6-digit code a demo account's authenticator app would show now."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        if not settings.DEBUG:
            raise CommandError("demo_code is for the demo only: it refuses to run with DJANGO_DEBUG off.")
        user = get_user_model().objects.filter(username=username).first()
        if user is None or mfa.totp_of(user) is None:
            raise CommandError(f"{username!r} is not a demo account with an authenticator (run seed_demo).")
        self.stdout.write(mfa.current_code(user))
