"""Exit non-zero when scheduled jobs have stopped (used by the beat container's health check)."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from greenhouse_office.models import JobRun
from greenhouse_office.tasks import HEARTBEAT


class Command(BaseCommand):
    help = "Check that a worker recorded a heartbeat recently, proving beat and workers run."

    def add_arguments(self, parser):
        parser.add_argument("--max-age-minutes", type=int, default=15)

    def handle(self, *args, max_age_minutes: int, **options):
        last = JobRun.objects.filter(name=HEARTBEAT).order_by("-started_at").first()
        if last is None:
            raise CommandError("No heartbeat has been recorded: are beat and a worker running?")
        age = timezone.now() - last.started_at
        if age > timedelta(minutes=max_age_minutes):
            minutes = int(age.total_seconds() // 60)
            raise CommandError(
                f"The last heartbeat was {minutes} minutes ago (at most {max_age_minutes} allowed): "
                "beat or the workers have stopped."
            )
        self.stdout.write(f"Heartbeat {int(age.total_seconds())} seconds ago from {last.worker}.")
