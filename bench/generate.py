"""National-scale data in bulk: applications in every state, with valid event chains, skewed comments
and small real PDFs on disk.

Each application's history is the one the services would have written, act by act, at plausible
past moments: the statutory dates come from greenhouse_office.statute (s32(1) deadline, s33(3)
earliest closing day, AIA s36(2) extension), each event is built and signed by the executor's own
``new_event`` (the keyed hash of ADR 0008), and each act's section is the transition's declaration.
Only the writing is different: bulk inserts instead of one transaction per act, so 10,000
applications take about a minute. ``manage.py verify_log`` passes over the result.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.generate [--applications 10000] [--force]
"""

import argparse
import hashlib
import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import StringIO

# Largest first: the state mix of a national register some years after commencement.
STATE_WEIGHTS = {
    "draft": 8,
    "lodged": 6,
    "returned": 4,
    "evaluation_commissioned": 8,
    "evaluated": 5,
    "open_for_comment": 10,
    "comments_closed": 7,
    "advice_given": 6,
    "approved": 28,
    "refused": 6,
    "withdrawn": 12,
}
BATCH = 2000
THEMES = ("Water use", "Air quality", "Emissions", "Jobs and the local economy", "Traffic", "Alternatives")
COMMENT_SENTENCES = (
    "The assessment understates the emissions of the construction phase.",
    "I support the project: it brings jobs to the region.",
    "The evaluation does not consider a gas-fired alternative.",
    "Fugitive emissions from the pipeline are not estimated.",
    "Please require offsets for the emissions above the threshold.",
    "The monthly profile leaves out the commissioning months.",
    "Our community relies on the water this action would use.",
    "The proponent has not shown that there is no prudent and feasible alternative.",
)
ACTIONS = ("Cement kiln", "Gas processing plant", "Aluminium smelter line", "Coal-fired unit", "LNG train")
PLACES = ("Geelong", "Karratha", "Gladstone", "Newcastle", "Port Augusta", "Bell Bay", "Darwin", "Kwinana")


@dataclass
class Summary:
    organisations: int = 0
    applications: int = 0
    events: int = 0
    comments: int = 0
    documents: int = 0
    states: Counter = field(default_factory=Counter)
    largest: tuple[str, int] = ("", 0)


class Refused(Exception):
    """The database already holds data and --force was not given."""


def pdf_bytes(title: str, line: str) -> bytes:
    """A one-page PDF with two lines of text, its cross-reference table exact (a real PDF)."""
    text = f"BT /F1 16 Tf 72 760 Td ({title}) Tj 0 -24 Td /F1 11 Tf ({line}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def generate(
    *,
    applications: int = 10_000,
    comments: int = 100_000,
    largest: int = 5_000,
    organisations: int | None = None,
    documents: bool = True,
    seed: int = 2026,
    force: bool = False,
    out=print,
) -> Summary:
    """Generate the data into the default database; refuses a database with applications unless ``force``."""
    from django.core.management import call_command

    from assessments.models import Application

    if Application.objects.exists() and not force:
        raise Refused(
            f"The database already holds {Application.objects.count()} applications: the bench "
            "generates only into an empty one (give --force to add to it)."
        )
    call_command("seed_demo", no_applications=True, force=True, stdout=StringIO())
    rng = random.Random(seed)  # noqa: S311 - repeatable sample data, not a secret
    return _Generator(rng, documents=documents, out=out).run(
        applications=applications,
        comments=min(comments, max(0, applications) * 1_000),
        largest=largest,
        organisations=organisations or max(2, applications // 50),
    )


class _Generator:
    def __init__(self, rng: random.Random, *, documents: bool, out):
        from django.contrib.auth import get_user_model

        from assessments.models import IndependentAuditor
        from greenhouse_office import clock
        from greenhouse_office.access import role_names

        self.rng = rng
        self.write_files = documents
        self.out = out
        self.now = clock.moment(None)
        self.today = self.now.date()
        users = get_user_model().objects
        self.officer = users.get(username="officer")
        self.director = users.get(username="director")
        self.minister = users.get(username="minister")
        self.auditor_user = users.get(username="auditor")
        self.auditor = IndependentAuditor.objects.get(user=self.auditor_user)
        for person in (self.officer, self.director, self.minister, self.auditor_user):
            role_names(person)  # read once and cached on the object: new_event asks per event
        self.summary = Summary()

    def _analyse(self) -> None:
        """Planner statistics for the bulk-loaded tables, as autovacuum would give them in a while: without
        them PostgreSQL plans for empty tables and the first figures measure a bad plan."""
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    # --- the steps -----------------------------------------------------------------------------

    def run(self, *, applications: int, comments: int, largest: int, organisations: int) -> Summary:
        from django.db import transaction

        with transaction.atomic():
            proponents = self._proponents(organisations)
            records = self._applications(applications, proponents)
            self._comments(records, comments, largest)
            for record in records:
                record.finish()
            self._insert(records)
        self._reset_sequences()
        self._analyse()
        self.out(
            f"Generated {self.summary.applications} applications ({self.summary.organisations} "
            f"organisations), {self.summary.events} events, {self.summary.comments} comments "
            f"(largest {self.summary.largest[0]}: {self.summary.largest[1]}), "
            f"{self.summary.documents} documents."
        )
        return self.summary

    def _proponents(self, count: int) -> list:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.hashers import make_password
        from django.contrib.auth.models import Group
        from django.db.models import Max

        from greenhouse_office.abn import with_check_digits
        from greenhouse_office.models import Organisation
        from greenhouse_office.roles import Role

        User = get_user_model()
        first = (Organisation.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        tag = uuid.uuid4().hex[:6]  # unique names on a database that already has a bench run (--force)
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name=f"Bench Proponent {tag}-{n:05d} Pty Ltd",
                kind=Organisation.Kind.BODY_CORPORATE,
                abn=with_check_digits(f"{(first + n) % 10**9:09d}"),
                address_lines=f"{n + 1} Industrial Drive",
                suburb=self.rng.choice(PLACES),
                state=self.rng.choice(("NSW", "VIC", "QLD", "WA", "SA", "TAS", "NT", "ACT")),
                postcode=f"{2000 + n % 7000:04d}",
                contact_name=f"Contact {n}",
                contact_email=f"contact-{tag}-{n}@bench.example.com",
            )
            for n in range(count)
        )
        password = make_password(None)  # unusable: bench proponents never sign in
        users = User.objects.bulk_create(
            User(
                username=f"bench-{tag}-{n:05d}",
                email=f"bench-{tag}-{n}@bench.example.com",
                organisation=organisation,
                password=password,
            )
            for n, organisation in enumerate(organisations)
        )
        group = Group.objects.get(name=Role.PROPONENT.value)
        User.groups.through.objects.bulk_create(User.groups.through(user=u, group=group) for u in users)
        for user in users:
            user._greenhouse_roles = frozenset({Role.PROPONENT.value})
        self.summary.organisations = len(organisations)
        return users

    def _applications(self, count: int, proponents: list) -> list["_Record"]:
        from django.db.models import Max

        from assessments.models import Application, Document
        from assessments.services.applications import screening_of

        states = list(STATE_WEIGHTS)
        chosen = states[: min(count, len(states))]  # every state present, then by weight
        chosen += self.rng.choices(
            states, weights=list(STATE_WEIGHTS.values()), k=max(0, count - len(chosen))
        )
        self.rng.shuffle(chosen)
        next_application = (Application.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        self.next_document = (Document.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        profiles = {}
        records = []
        for offset, state in enumerate(chosen):
            proponent = proponents[offset % len(proponents)]
            size = self.rng.choice((40_000, 65_000, 90_000, 150_000))
            if size not in profiles:
                profile = _profile(size)
                profiles[size] = (profile, screening_of(profile, comparison="SAR"))
            record = _Record(self, next_application + offset, state, proponent, *profiles[size])
            record.walk()
            records.append(record)
            self.summary.states[state] += 1
        self.summary.applications = len(records)
        return records

    def _comments(self, records: list["_Record"], total: int, largest: int) -> None:
        """Skewed as real comments are: one assessment draws ``largest``, a few many, most a handful."""
        published = [r for r in records if r.published_at is not None]
        if not published or total <= 0:
            return
        big = next((r for r in published if r.state == "comments_closed"), published[0])
        counts = Counter({big.pk: min(largest, total)})
        others = [r for r in published if r is not big]
        remaining = total - counts[big.pk]
        if others and remaining > 0:
            weights = [self.rng.paretovariate(1.2) for _ in others]
            counts.update(r.pk for r in self.rng.choices(others, weights=weights, k=remaining))
            cap = max(1, largest // 2)  # the 5,000-comment assessment stays the largest
            excess = sum(max(0, counts[r.pk] - cap) for r in others)
            for r in others:
                counts[r.pk] = min(counts[r.pk], cap)
            room = [r for r in others if counts[r.pk] < cap]
            while excess and room:  # spread what the cap cut off over those below it
                r = self.rng.choice(room)
                counts[r.pk] += 1
                excess -= 1
                if counts[r.pk] >= cap:
                    room.remove(r)
        for record in published:
            record.add_comments(counts[record.pk])
        self.summary.largest = (big.reference, counts[big.pk])

    def _insert(self, records: list["_Record"]) -> None:
        from assessments.models import (
            AmendmentRequest,
            Application,
            ApplicationEvent,
            Comment,
            Document,
            NewspaperNotice,
        )

        Application.objects.bulk_create([r.application for r in records], batch_size=BATCH)
        for model, rows in (
            (Document, [d for r in records for d in r.documents]),
            (NewspaperNotice, [n for r in records for n in r.notices]),
            (AmendmentRequest, [a for r in records for a in r.amendments]),
            (Comment, [c for r in records for c in r.comments]),
            (ApplicationEvent, [e for r in records for e in r.events]),
        ):
            model.objects.bulk_create(rows, batch_size=BATCH)
        self.summary.documents = sum(len(r.documents) for r in records)
        self.summary.comments = sum(len(r.comments) for r in records)
        self.summary.events = sum(len(r.events) for r in records)

    def _reset_sequences(self) -> None:
        """Primary keys were given (events name their documents): move PostgreSQL's sequences past them."""
        from django.core.management.color import no_style
        from django.db import connection

        from assessments.models import Application, Document

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Application, Document]):
                cursor.execute(sql)

    # --- shared by the records -----------------------------------------------------------------

    def moment(self, day: date, earliest: datetime | None = None) -> datetime:
        """A moment in office hours on ``day`` in Canberra, after ``earliest`` and never in the future."""
        from greenhouse_office.statute.config import LEGAL_TIME_ZONE

        at = datetime.combine(
            day,
            time(self.rng.randint(9, 16), self.rng.randint(0, 59), self.rng.randint(0, 59)),
            LEGAL_TIME_ZONE,
        )
        if earliest is not None and at <= earliest:
            at = earliest + timedelta(minutes=self.rng.randint(1, 90))
        return min(at, self.now - timedelta(seconds=1))

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def document_pk(self) -> int:
        self.next_document += 1
        return self.next_document - 1


def _profile(peak_tonnes: int) -> dict:
    """12 months of CO2 and CH4, seasonal, peaking near ``peak_tonnes`` t CO2-e in 12 months."""
    monthly = Decimal(peak_tonnes) / 12
    months = []
    for n in range(12):
        factor = Decimal("1.05") - Decimal(n % 6) / 50
        co2 = (monthly * Decimal("0.97") * factor).quantize(Decimal(1))
        months.append({"month": f"2027-{n + 1:02d}", "gases": {"CO2": str(co2), "CH4": "12"}})
    return {"months": months}


class _Record:
    """One application and everything written about it, built in memory in the order of its acts."""

    def __init__(self, gen: _Generator, pk: int, state: str, proponent, profile: dict, screening: dict):
        from assessments.models import Application
        from greenhouse_office.jurisdictions import StateOrTerritory

        self.gen, self.pk, self.state, self.proponent = gen, pk, state, proponent
        self.reference = f"GHO-{pk:05d}"
        rng = gen.rng
        location = rng.choice([s for s in StateOrTerritory.values if s in PLACES_BY_STATE])
        self.application = Application(
            pk=pk,
            organisation_id=proponent.organisation_id,
            created_by=proponent,
            title=f"{rng.choice(ACTIONS)} at {PLACES_BY_STATE[location]} ({pk})",
            description="The proposed action, its construction and its operation over 25 years.",
            location_state=location,
            affected_states=sorted({location, rng.choice(list(PLACES_BY_STATE))}),
            source_categories=[rng.choice(("1.A.1", "1.A.2", "1.B.2", "2.A", "2.C"))],
            limb="emissions",
            gwp_set="SAR",
            emission_profile=profile,
            screening=screening,
        )
        self.events, self.documents, self.notices, self.comments, self.amendments = [], [], [], [], []
        self.published_at = self.closed_at = None
        self.at: datetime | None = None

    # Each state's history: acts in order, from an anchor day chosen so the last act is in the past
    # and a period that is running (evaluation, comments) runs now.
    def walk(self) -> None:
        gen, state = self.gen, self.state
        gazette_day = None
        if state == "draft":
            self._create(gen.days_ago(0, 200))
            if gen.rng.random() < 0.5:
                self._upload("gia")
            return
        lodge_day = {
            "lodged": (0, 40),
            "returned": (6, 120),
            "evaluation_commissioned": (12, 40),
            "withdrawn": (12, 700),
            "evaluated": (40, 200),
        }.get(state)
        if lodge_day is None:  # published: anchored on the Gazette day
            gazette = {
                "open_for_comment": (0, 50),
                "comments_closed": (85, 150),
                "advice_given": (120, 260),
            }.get(state, (160, 1500))
            gazette_day = gen.days_ago(*gazette)
            lodge = gazette_day - timedelta(days=gen.rng.randint(35, 60))
        else:
            lodge = gen.days_ago(*lodge_day)
        self._create(lodge - timedelta(days=gen.rng.randint(3, 30)))
        self._upload("gia")
        self._lodge(lodge)
        if state == "lodged":
            return
        if state == "returned":
            self._return()
            return
        if state == "withdrawn":
            self._withdraw()
            return
        self._commission()
        if state == "evaluation_commissioned":
            return
        self._evaluate()
        if state == "evaluated":
            return
        self._publish(gazette_day)
        if state == "open_for_comment":
            return
        self._close()  # advice and decision follow the comments' consideration (finish)

    def add_comments(self, count: int) -> None:
        """``count`` public comments while open; considered (each logged) once comments closed."""
        from assessments.models import Comment
        from assessments.services.comments import last_day_for_comments
        from greenhouse_office import clock

        gen, rng, app = self.gen, self.gen.rng, self.application
        end = self.closed_at or gen.now
        span = max(60.0, (end - self.published_at).total_seconds() - 60)
        last_day = last_day_for_comments(app)
        considered_all = self.state in ("advice_given", "approved", "refused")
        cursor = self.closed_at
        for n in range(count):
            received = self.published_at + timedelta(seconds=rng.uniform(30, span))
            words = " ".join(rng.sample(COMMENT_SENTENCES, rng.randint(1, 4)))
            consent = rng.random() < 0.7
            comment = Comment(
                application_id=self.pk,
                reference=f"C-{self.pk:06X}{n:04X}"[:16],
                name=f"Member of the public {n}",
                email=f"commenter-{self.pk}-{n}@example.org",
                text=words * rng.choice((1, 1, 1, 2, 5)),
                consent_to_publish=consent,
                received_at=received,
                channel=Comment.Channel.WEB,
                on_time=clock.legal_day(received) <= last_day,
            )
            if consent and self.closed_at and rng.random() < 0.8:
                comment.moderated_by, comment.moderated_at = gen.officer, self.closed_at + timedelta(hours=2)
            if self.closed_at and (considered_all or rng.random() < 0.5):
                cursor = cursor + timedelta(seconds=rng.randint(20, 600))
                theme = rng.choice(THEMES)
                comment.considered, comment.theme = True, theme
                comment.response = f"Considered under {theme.lower()} in the report on the comments."
                comment.considered_by, comment.considered_at = gen.officer, cursor
                self._change(
                    "consider_comment",
                    gen.officer,
                    cursor,
                    "s34(a)",
                    {
                        "comment": comment.reference,
                        "before": {"considered": False, "response": ""},
                        "after": {"considered": True, "response": comment.response},
                    },
                )
            self.comments.append(comment)
        self.at = max(self.at, cursor) if cursor else self.at

    def finish(self) -> None:
        """The acts after the comments were considered; then the state is the one chosen."""
        if self.state in ("advice_given", "approved", "refused"):
            self._advise_and_decide()
        if self.application.state != self.state:
            raise AssertionError(f"{self.reference} ended {self.application.state}, not {self.state}")

    # --- the acts ------------------------------------------------------------------------------

    def _after(self, *, days=(0, 0), hours=(0, 0)) -> datetime:
        delta = timedelta(days=self.gen.rng.randint(*days), hours=self.gen.rng.randint(*hours))
        return self.gen.moment((self.at + delta).date(), earliest=self.at)

    def _set_state(self, state: str) -> None:
        self.application.__dict__["state"] = state  # protected field: the history sets it, as sync() does

    def _act(self, name: str, actor, at: datetime, payload: dict) -> None:
        """A transition: the state it moves to and its section are the model's declaration."""
        from assessments.models import Application
        from greenhouse_office.workflow.acts import fsm_meta

        step = fsm_meta(Application, name).get_transition(self.application.state)
        from_state = self.application.state
        self._set_state(step.target)
        self._event(name, actor, at, step.custom["section"], payload, from_state=from_state)

    def _change(self, name: str, actor, at: datetime, section: str, payload: dict) -> None:
        from greenhouse_office.workflow.events import Kind

        self._event(name, actor, at, section, payload, kind=Kind.CHANGE)

    def _event(self, name, actor, at, section, payload, *, from_state=None, kind=None) -> None:
        from assessments.models import ApplicationEvent
        from greenhouse_office.workflow.events import Kind
        from greenhouse_office.workflow.executor import new_event

        event = new_event(
            self.application,
            ApplicationEvent,
            name,
            actor=actor,
            at=at,
            section=section,
            payload=payload,
            from_state=from_state,
            kind=kind or Kind.TRANSITION,
        )
        self.events.append(event)
        self.at = at

    def _create(self, day: date) -> None:
        from assessments.services.applications import TRACKED

        app = self.application
        self._set_state("draft")
        at = self.gen.moment(day)
        app.created_at = at
        if not app.affected_states:
            app.affected_states = [app.location_state]
        self._change("create_application", self.proponent, at, "s31", {n: getattr(app, n) for n in TRACKED})

    def _upload(self, kind: str) -> None:
        from assessments.models import Document

        gen = self.gen
        actor = self.proponent if kind == "gia" else gen.auditor_user
        at = self._after(days=(0, 3), hours=(0, 5))
        label = Document.Kind(kind).label
        content = pdf_bytes(f"{label}: {self.reference}", f"{self.application.title}, {at:%d %B %Y}")
        name = f"applications/{self.pk}/{uuid.uuid4().hex}.pdf"
        if gen.write_files:
            from django.core.files.base import ContentFile
            from django.core.files.storage import default_storage

            name = default_storage.save(name, ContentFile(content))
        document = Document(
            pk=gen.document_pk(),
            application_id=self.pk,
            kind=kind,
            file=name,
            original_name=f"{kind}-{self.reference}.pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=actor,
            uploaded_at=at,
        )
        self.documents.append(document)
        payload = {"document": document.pk, "kind": kind, "sha256": document.sha256, "size": document.size}
        self._change("upload_document", actor, at, "s32(1)" if kind == "evaluation" else "s31(2)", payload)

    def _lodge(self, day: date) -> None:
        from greenhouse_office import statute

        at = self.gen.moment(day, earliest=self.at)
        received = at.date()
        due = statute.evaluation_deadline(received).deadline
        self.application.received_on, self.application.evaluation_due_on = received, due
        self._act("lodge", self.proponent, at, {"received_on": received, "evaluation_due_on": due})

    def _return(self) -> None:
        from assessments.models import AmendmentRequest

        at = self._after(days=(1, 5))
        requests = [{"kind": "emission_profile", "detail": "Add the commissioning months to the profile."}]
        self.amendments = [
            AmendmentRequest(application_id=self.pk, requested_by=self.gen.officer, requested_at=at, **r)
            for r in requests
        ]
        self.application.return_ground = "other"
        self._act("return_for_amendment", self.gen.officer, at, {"requests": requests, "ground": "other"})

    def _commission(self) -> None:
        at = self._after(days=(1, 8))
        self.application.auditor = self.gen.auditor
        self.application.evaluation_commissioned_on = at.date()
        payload = {"auditor": self.gen.auditor_user.get_username(), "commissioned_on": at.date()}
        self._act("commission_evaluation", self.gen.director, at, payload)

    def _evaluate(self) -> None:
        self._upload("evaluation")
        at = self._after(hours=(0, 3))
        self.application.evaluation_received_on = at.date()
        self._act("record_evaluation", self.gen.auditor_user, at, {"received_on": at.date()})

    def _publish(self, day: date) -> None:
        from assessments.models import NewspaperNotice
        from assessments.suggestions import DAILY_NEWSPAPERS, DEFAULT_COMMENT_ADDRESS
        from greenhouse_office import statute

        app = self.application
        at = self.gen.moment(day, earliest=self.at)
        gazette = at.date()
        closing = statute.earliest_closing_day(gazette) + timedelta(days=self.gen.rng.randint(0, 10))
        states = sorted(set(app.affected_states))
        newspapers = [
            {"state_or_territory": s, "newspaper": DAILY_NEWSPAPERS[s], "published_on": gazette}
            for s in states
            if s in DAILY_NEWSPAPERS
        ]
        notice = {
            "gazette_date": gazette,
            "internet_published_on": gazette,
            "comment_address": DEFAULT_COMMENT_ADDRESS,
            "closing_day": closing,
            "notice_states": states,
        }
        for name, value in notice.items():
            setattr(app, name, value)
        self.notices = [NewspaperNotice(application_id=self.pk, **n) for n in newspapers]
        logged = {**notice, "newspapers": newspapers, "confirm_distant_closing_day": False}
        self._act("publish_for_comment", self.gen.officer, at, logged)
        self.published_at = at

    def _close(self) -> None:
        """The scheduled job closes the period just after midnight ending the extended closing day."""
        from assessments.services.comments import last_day_for_comments
        from greenhouse_office.statute.config import LEGAL_TIME_ZONE

        day = last_day_for_comments(self.application) + timedelta(days=1)
        at = datetime.combine(day, time(0, 5), LEGAL_TIME_ZONE)
        self.application.comments_closed_at = at
        self._act("close_comments", None, at, {"closed_at": at})
        self.closed_at = at

    def _advise_and_decide(self) -> None:
        gen, app = self.gen, self.application
        at = self._after(days=(3, 15))
        recommendation = "refuse" if self.state == "refused" else "approve"
        summary = f"Recommend that the Minister {recommendation} the action."
        app.recommendation, app.advice_summary, app.advice_given_at = recommendation, summary, at
        app.comments_report = "The comments, grouped by theme, with the Office's response to each."
        self._act("give_advice", gen.officer, at, {"recommendation": recommendation, "summary": summary})
        if self.state == "advice_given":
            return
        at = self._after(days=(5, 25))
        approve = self.state == "approved"
        decision = {
            "advice_considered": True,
            "no_prudent_or_feasible_alternative": approve,
            "targets_not_prevented": approve,
            "reasons": "Having considered the Office's advice and the comments, the Minister decided so.",
        }
        app.advice_considered = True
        app.no_prudent_or_feasible_alternative = app.targets_not_prevented = approve
        app.decision_reasons, app.decided_at = decision["reasons"], at
        self._act("approve" if approve else "refuse", gen.minister, at, decision)

    def _withdraw(self) -> None:
        at = self._after(days=(1, 10))
        reason = "The project is deferred."
        self.application.withdrawal_reason, self.application.withdrawn_at = reason, at
        self._act("withdraw", self.proponent, at, {"reason": reason, "withdrawn_at": at})


PLACES_BY_STATE = {
    "VIC": "Geelong",
    "WA": "Karratha",
    "QLD": "Gladstone",
    "NSW": "Newcastle",
    "SA": "Port Augusta",
    "TAS": "Bell Bay",
    "NT": "Darwin",
    "ACT": "Hume",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument(
        "--largest", type=int, default=5_000, help="comments on the most commented assessment"
    )
    parser.add_argument("--no-files", action="store_true", help="record documents without writing their PDFs")
    parser.add_argument(
        "--force", action="store_true", help="add to a database that already has applications"
    )
    args = parser.parse_args(argv)
    setup()
    try:
        generate(
            applications=args.applications,
            comments=args.comments,
            largest=args.largest,
            documents=not args.no_files,
            force=args.force,
        )
    except Refused as refusal:
        print(refusal)
        return 1
    return 0


def setup() -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()


if __name__ == "__main__":
    raise SystemExit(main())
