"""The daily watch over Part 7 (taskforces.tasks.watch_part7_duties, taskforces.services.duties): each
live duty told once per status to everyone responsible, in one transaction, after commit; published
plans' missing PDFs rendered, one failure not stopping the others."""

import time
from datetime import date

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.urls import reverse

from greenhouse_office import access
from greenhouse_office.celery import app as celery_app
from greenhouse_office.models import Email
from greenhouse_office.roles import Role
from taskforces.models import DutyNotice, PlanVersion, SourceCategory
from taskforces.obligations import live_obligations
from taskforces.services import duties
from taskforces.tasks import watch_part7_duties

from .conftest import noon

pytestmark = pytest.mark.django_db


def emails_about(category) -> list[Email]:
    return [
        e for e in Email.objects.filter(template="part7_duty").order_by("pk") if category.label in e.subject
    ]


def addresses(*roles: Role) -> list[str]:
    return sorted(access.people_in_role(*roles).values_list("email", flat=True))


def run_on(time_machine, day: date) -> dict:
    time_machine.move_to(noon(day), tick=False)
    return watch_part7_duties()


def test_the_job_is_scheduled_daily_at_a_quiet_hour():
    entry = settings.CELERY_BEAT_SCHEDULE["watch-part7-duties"]
    assert entry["task"] == "taskforces.tasks.watch_part7_duties" in celery_app.tasks
    assert entry["schedule"].hour == {4} and entry["schedule"].minute == {30}


def test_running_twice_tells_each_person_each_duty_once(time_machine, transport):
    # 1 September 2008: every category owes its s36(1) task force by 12 September (the Minister's).
    first = run_on(time_machine, date(2008, 9, 1))
    categories = SourceCategory.objects.count()
    assert first == {"told": categories, "rendered": 0}
    told = Email.objects.filter(template="part7_duty").count()
    assert told == categories * len(addresses(Role.MINISTER)) > 0

    assert run_on(time_machine, date(2008, 9, 1)) == {"told": 0, "rendered": 0}
    assert run_on(time_machine, date(2008, 9, 2)) == {"told": 0, "rendered": 0}  # still due: not again
    assert Email.objects.filter(template="part7_duty").count() == told
    about = emails_about(transport)
    assert sorted(e.to for e in about) == addresses(Role.MINISTER)
    notice = DutyNotice.objects.get(key="s36:1.A.3")
    assert (notice.status, notice.section, notice.due_on) == ("due", "s36(1)", date(2008, 9, 12))


def test_a_duty_turning_overdue_is_told_once_more(time_machine, transport):
    run_on(time_machine, date(2008, 9, 12))
    assert run_on(time_machine, date(2008, 9, 13))["told"] == SourceCategory.objects.count()
    assert run_on(time_machine, date(2008, 9, 20))["told"] == 0
    assert set(DutyNotice.objects.filter(key="s36:1.A.3").values_list("status", flat=True)) == {
        "due",
        "overdue",
    }
    about = emails_about(transport)
    assert len(about) == 2 * len(addresses(Role.MINISTER))
    assert "due by 12 September 2008" in about[0].subject
    assert "overdue since 12 September 2008" in about[-1].subject
    assert "Status: Overdue, 1 day after the last day" in about[-1].body


def test_the_emails_wait_for_the_commit(time_machine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        run_on(time_machine, date(2008, 9, 1))
    queued = Email.objects.filter(template="part7_duty")
    assert queued.count() == len(callbacks) > 0
    assert mail.outbox == [] and set(queued.values_list("status", flat=True)) == {"queued"}
    for callback in callbacks:  # the commit
        callback()
    assert len(mail.outbox) == queued.count()
    assert set(Email.objects.filter(template="part7_duty").values_list("status", flat=True)) == {"sent"}


def test_the_email_says_the_duty_its_section_due_day_status_and_where_to_do_it(make_plan, officer, transport):
    plan = make_plan("given_to_minister", given=date(2021, 1, 31))
    duties.tell_live_duties(at=noon(date(2021, 2, 22)))
    about = [e for e in emails_about(transport) if e.subject.startswith("s38:")]
    # s38 is the Minister's and the Office's: the Minister, the Director and Office staff are told.
    assert sorted(e.to for e in about) == addresses(Role.MINISTER, Role.DIRECTOR, Role.OFFICE_STAFF)
    to_officer = next(e for e in about if e.to == officer.email)
    assert to_officer.subject == (
        f"s38: Make the plan for {transport.label} public on the Internet and on request: due by 1 March 2021"
    )
    body = to_officer.body
    assert "Section: s38" in body and "Due by: 1 March 2021" in body
    assert "Status: Due, 7 days left" in body and "Who: Minister and Office staff" in body
    assert f"Plan: {plan.title}" in body and "within one month after receiving it" in body
    change = reverse("admin:taskforces_industrygreenhouseplan_change", args=[plan.pk])
    assert f"{settings.GREENHOUSE_SITE_URL}{change}" in body
    to_minister = next(e for e in about if e.to in addresses(Role.MINISTER))
    assert f"{settings.GREENHOUSE_SITE_URL}{reverse('minister:plans')}" in to_minister.body
    assert all(e.record == plan for e in about)


def test_a_crash_while_telling_a_duty_leaves_nothing_half_told(make_plan, transport, monkeypatch, caplog):
    make_plan("given_to_minister", given=date(2021, 1, 31))
    key = "s38:1.A.3:v1"
    real = duties.queue_email
    calls = []

    def second_email_fails(template, to, context, **kwargs):
        if context["obligation"].key == key:
            calls.append(to)
            if len(calls) == 2:
                raise RuntimeError("the database went away")
        return real(template, to, context, **kwargs)

    monkeypatch.setattr(duties, "queue_email", second_email_fails)
    at = noon(date(2021, 2, 22))
    told = duties.tell_live_duties(at=at)
    assert len(calls) == 2 and "Could not tell the Part 7 duty s38:1.A.3:v1" in caplog.text
    # Neither the notice nor the first email survived; the other duties were told all the same.
    assert not DutyNotice.objects.filter(key=key).exists()
    assert [e for e in emails_about(transport) if e.subject.startswith("s38:")] == []
    assert told == DutyNotice.objects.count() > 0

    monkeypatch.setattr(duties, "queue_email", real)
    assert duties.tell_live_duties(at=at) == 1
    assert DutyNotice.objects.filter(key=key, status="due").count() == 1
    s38 = [e for e in emails_about(transport) if e.subject.startswith("s38:")]
    assert sorted(e.to for e in s38) == addresses(Role.MINISTER, Role.DIRECTOR, Role.OFFICE_STAFF)


def test_missing_pdfs_are_rendered_and_one_failure_does_not_stop_the_others(make_plan, monkeypatch, caplog):
    first = make_plan("published")
    second = make_plan("published", category=SourceCategory.objects.get(code="1.A.1"))
    assert not PlanVersion.objects.exclude(sha256="").exists()  # publish's render waits for commit
    real = duties.issue_version_pdf

    def first_fails(version, **kwargs):
        if version.plan_id == first.pk:
            raise OSError("WeasyPrint could not load a font")
        return real(version, **kwargs)

    monkeypatch.setattr(duties, "issue_version_pdf", first_fails)
    assert duties.render_missing_pdfs(at=noon(date(2022, 1, 4))) == 1
    assert "Could not render the PDF" in caplog.text
    assert PlanVersion.objects.get(plan=second).sha256
    assert not PlanVersion.objects.get(plan=first).sha256

    monkeypatch.setattr(duties, "issue_version_pdf", real)
    assert duties.render_missing_pdfs(at=noon(date(2022, 1, 5))) == 1
    assert duties.render_missing_pdfs(at=noon(date(2022, 1, 6))) == 0  # rendered once


# --- A real worker over Redis, writing to PostgreSQL ---------------------------------------------


def _wait_until_listening(worker, seconds: float = 60) -> None:
    """Until the worker answers a ping: a task sent before it binds its queue would be lost."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(worker.queue in name for reply in celery_app.control.ping(timeout=1) for name in reply):
            return
    raise AssertionError("The worker did not start within a minute.")


@pytest.mark.services("postgres", "redis")
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_tells_the_duties_once(real_worker):
    # Only the Minister has an address: the worker's console email backend writes every email to a
    # pipe the fixture reads only at the end, so a few dozen emails, not a hundred.
    get_user_model().objects.exclude(username="minister").update(email="")
    live = live_obligations()  # the worker's clock is the real one
    ministers = sum(1 for o in live if Role.MINISTER in o.responsible)
    _wait_until_listening(real_worker)
    try:
        first = watch_part7_duties.apply_async(queue=real_worker.queue).get(timeout=90)
    except Exception:
        print(real_worker.stop())
        raise
    assert first == {"told": len(live), "rendered": 0} and ministers > 0
    assert watch_part7_duties.apply_async(queue=real_worker.queue).get(timeout=90)["told"] == 0
    assert DutyNotice.objects.count() == len(live)
    sent = Email.objects.filter(template="part7_duty")
    assert sent.count() == ministers and set(sent.values_list("status", flat=True)) == {"sent"}
    assert connection.vendor == "postgresql"
    assert "succeeded" in real_worker.stop()
