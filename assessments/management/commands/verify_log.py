"""Walk every event chain (applications, the auditor register, and any later one) and report each break.

See greenhouse_office.workflow.verify for what is checked. Exit status 1 on any break.
"""

from django.core.management.base import BaseCommand, CommandError

from greenhouse_office.workflow.verify import consistent_snapshot, verify_all


class Command(BaseCommand):
    help = "Verify the keyed hash chain of every event log; exit non-zero on any break."

    def handle(self, *args, **options):
        with consistent_snapshot():
            breaks, events, records = verify_all()
        for line in breaks:
            self.stdout.write(line)
        if breaks:
            raise CommandError(
                f"{len(breaks)} break{'s' if len(breaks) != 1 else ''} found in the event log "
                f"({events} events in {records} records checked)."
            )
        self.stdout.write(f"{events} events in {records} records verified")
