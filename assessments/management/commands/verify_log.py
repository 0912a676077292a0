"""Walk every application's hash-chained event log and report each break: evidence of tampering.

Checks, per application: sequences run 1, 2, 3... without gaps; each event's ``previous_hash`` is the
hash of the event before it; each ``hash`` matches the event's content (``compute_hash()``); and the
last hash equals ``Application.log_head_hash``, so removing events from the end is detected too.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import groupby
from operator import attrgetter

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from assessments.models import Application, ApplicationEvent

CHUNK = 2000


class Command(BaseCommand):
    help = "Verify the hash chain of every application's event log; exit non-zero on any break."

    def handle(self, *args, **options):
        with consistent_snapshot():
            breaks, events, applications = verify_all()
        for line in breaks:
            self.stdout.write(line)
        if breaks:
            raise CommandError(
                f"{len(breaks)} break{'s' if len(breaks) != 1 else ''} found in the event log "
                f"({events} events in {applications} applications checked)."
            )
        self.stdout.write(f"{events} events in {applications} applications verified")


@contextmanager
def consistent_snapshot():
    """Read applications and events from one snapshot, so concurrent transitions cause no false breaks."""
    if connection.in_atomic_block:  # already inside a transaction (e.g. a test): use it
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def verify_all() -> tuple[list[str], int, int]:
    """(breaks, events checked, applications checked), streaming both tables in primary-key order."""
    heads = Application.objects.order_by("pk").values_list("pk", "log_head_hash").iterator(chunk_size=CHUNK)
    events = ApplicationEvent.objects.order_by("application_id", "sequence").iterator(chunk_size=CHUNK)
    chains = groupby(events, key=attrgetter("application_id"))
    chain = next(chains, None)
    breaks: list[str] = []
    event_count = application_count = 0
    for pk, head in heads:
        reference = Application(pk=pk).reference
        if chain is not None and chain[0] == pk:
            counted, found = verify_chain(reference, chain[1], head)
            chain = next(chains, None)  # only once this application's events have all been read
        else:
            counted, found = verify_chain(reference, (), head)
        event_count += counted
        application_count += 1
        breaks += found
    return breaks, event_count, application_count


def verify_chain(reference: str, events: Iterable[ApplicationEvent], head: str) -> tuple[int, list[str]]:
    """Check one application's events (in sequence order) against each other and the head hash."""
    breaks = []
    expected, previous_hash, count = 1, "", 0
    for event in events:
        count += 1
        breaks += [
            f"{reference} event {event.sequence}: {problem}"
            for problem in _problems(event, expected, previous_hash)
        ]
        expected, previous_hash = event.sequence + 1, event.hash
    if previous_hash != head:
        breaks.append(
            f"{reference}: the last event's hash does not equal the application's log_head_hash "
            "(events removed from the end of the log, or the head changed)"
        )
    return count, breaks


def _problems(event: ApplicationEvent, expected: int, previous_hash: str) -> Iterator[str]:
    if event.sequence != expected:
        yield f"sequence {event.sequence} where {expected} was expected (an event is missing or out of order)"
    if event.previous_hash != previous_hash:
        yield "previous_hash does not equal the hash of the event before it"
    if event.hash != event.compute_hash():
        yield "hash does not match the event's content (the event was changed after it was written)"
