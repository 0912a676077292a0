"""Verify event chains: every break is evidence of tampering.

Per record: sequences run 1, 2, 3... without gaps; each event's ``previous_hash`` is the hash of
the event before it; each ``hash`` is the HMAC of the event's content under its key; the last
hash and the count equal the record's ``log_head_hash`` and ``log_length`` (so removing events
from the end is detected too); and the record's state is the state its last event left it in (so a
state written around the executor is detected). A rewritten chain or an inserted event fails the
HMAC unless the writer held the key, which lives outside the database.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import groupby
from operator import attrgetter

from django.apps import apps
from django.db import connection, transaction

from .events import ChainedEvent, log_keys
from .executor import fsm_meta_field

CHUNK = 2000


def chained_models() -> list[tuple[type, type[ChainedEvent]]]:
    """Every (record model, event model) pair of the project, found from the event models."""
    pairs = []
    for model in apps.get_models():
        if issubclass(model, ChainedEvent):
            pairs.append((model._meta.get_field(model.chain_field).related_model, model))
    return sorted(pairs, key=lambda pair: pair[1]._meta.label)


@contextmanager
def consistent_snapshot():
    """Read records and events from one snapshot, so concurrent acts cause no false breaks."""
    if connection.in_atomic_block:  # already inside a transaction (e.g. a test): use it
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def verify_all() -> tuple[list[str], int, int]:
    """(breaks, events checked, records checked) over every chained model."""
    log_keys()  # fail early, and clearly, without keys
    breaks: list[str] = []
    events = records = 0
    for record_model, event_model in chained_models():
        found, counted_events, counted_records = verify_model(record_model, event_model)
        breaks += found
        events += counted_events
        records += counted_records
    return breaks, events, records


def verify_model(record_model, event_model) -> tuple[list[str], int, int]:
    """Stream both tables in primary-key order and check each record's chain."""
    chain_id = f"{event_model.chain_field}_id"
    state = fsm_meta_field(record_model)
    columns = ["pk", "log_head_hash", "log_length"] + ([state.attname] if state else [])
    heads = record_model.objects.order_by("pk").values_list(*columns).iterator(chunk_size=CHUNK)
    events = event_model.objects.order_by(chain_id, "sequence").iterator(chunk_size=CHUNK)
    chains = groupby(events, key=attrgetter(chain_id))
    chain = next(chains, None)
    breaks: list[str] = []
    event_count = record_count = 0
    for pk, head, length, *current in heads:
        name = _name(record_model, pk)
        state_now = current[0] if current else None
        if chain is not None and chain[0] == pk:
            counted, found = verify_chain(name, chain[1], head, length, state_now)
            chain = next(chains, None)  # only once this record's events have all been read
        else:
            counted, found = verify_chain(name, (), head, length, state_now)
        event_count += counted
        record_count += 1
        breaks += found
    return breaks, event_count, record_count


def _name(record_model, pk) -> str:
    reference = getattr(record_model, "reference", None)
    if isinstance(reference, property):
        return reference.fget(record_model(pk=pk))
    return f"{record_model._meta.verbose_name} {pk}"


def verify_chain(
    name: str, events: Iterable[ChainedEvent], head: str, length: int, state: str | None = None
) -> tuple[int, list[str]]:
    """Check one record's events (in sequence order) against each other and the record's head."""
    breaks = []
    expected, previous_hash, count, last = 1, "", 0, None
    for event in events:
        count += 1
        breaks += [
            f"{name} event {event.sequence}: {problem}"
            for problem in _problems(event, expected, previous_hash)
        ]
        expected, previous_hash, last = event.sequence + 1, event.hash, event
    if previous_hash != head or count != length:
        breaks.append(
            f"{name}: the last event does not match the record's log head ({count} events, "
            f"head records {length}): events removed from the end of the log, or the head changed"
        )
    if state is not None and last is not None and last.to_state != state:
        breaks.append(
            f"{name}: its state is {state!r} but its last event left it {last.to_state!r} "
            "(the state was changed without an act)"
        )
    return count, breaks


def _problems(event: ChainedEvent, expected: int, previous_hash: str) -> Iterator[str]:
    if event.sequence != expected:
        yield f"sequence {event.sequence} where {expected} was expected (an event is missing or out of order)"
    if event.previous_hash != previous_hash:
        yield "previous_hash does not equal the hash of the event before it"
    if event.key_id not in log_keys():
        yield f"signed with key {event.key_id!r}, which is not among GREENHOUSE_EVENT_LOG_KEYS"
    elif not event.hash_matches():
        yield "hash does not match the event's content under its key (changed, inserted or re-signed)"
