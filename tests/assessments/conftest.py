"""Build applications in any state through the real services, as the people in the demo."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments import services
from assessments.models import Application, IndependentAuditor, State
from greenhouse_office import statute

# A one-page PDF, as small as a valid one can be (greenhouse_office.uploads parses every upload).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>> endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>> endobj\nxref\n0 4\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000053 00000 n \n0000000103 00000 n \ntrailer<</Size 4/Root 1 0 R>>\n"
    b"startxref\n167\n%%EOF\n"
)

PROFILE = {
    "months": [{"month": f"2027-{m:02d}", "gases": {"CO2": "4500", "CH4": "10"}} for m in range(1, 13)]
}


def pdf(name="document.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class People:
    def __init__(self):
        users = get_user_model().objects
        for name in ("proponent", "proponent2", "officer", "director", "auditor", "auditor2", "minister"):
            setattr(self, name, users.get(username=name))


@pytest.fixture
def people(demo_data):
    return People()


@pytest.fixture
def make_application(people):
    """make_application(state) walks a new application to ``state`` through the services."""

    def make(state=State.DRAFT, **fields):
        data = {
            "title": "Geelong kiln 3 expansion",
            "description": "A third cement kiln.",
            "location_state": "VIC",
            "affected_states": ["VIC", "NSW"],
            "limb": "emissions",
            "gwp_set": "SAR",
            "emission_profile": PROFILE,
            **fields,
        }
        app = services.create_application(actor=people.proponent, data=data)
        steps = [
            (
                State.LODGED,
                lambda a: (
                    services.upload_document(application=a, actor=people.proponent, kind="gia", upload=pdf()),
                    services.lodge(application=a, actor=people.proponent),
                ),
            ),
            (
                State.EVALUATION_COMMISSIONED,
                lambda a: services.commission_evaluation(
                    application=a,
                    actor=people.director,
                    auditor=IndependentAuditor.objects.get(user=people.auditor),
                ),
            ),
            (
                State.EVALUATED,
                lambda a: (
                    services.upload_document(
                        application=a, actor=people.auditor, kind="evaluation", upload=pdf()
                    ),
                    services.record_evaluation(application=a, actor=people.auditor),
                ),
            ),
            (
                State.OPEN_FOR_COMMENT,
                lambda a: services.publish_for_comment(application=a, actor=people.officer, **publication()),
            ),
            (State.COMMENTS_CLOSED, lambda a: _close(a)),
            (
                State.ADVICE_GIVEN,
                lambda a: services.give_advice(
                    application=a,
                    actor=people.officer,
                    recommendation="approve",
                    summary="Approve with conditions.",
                ),
            ),
        ]
        order = [State.DRAFT] + [s for s, _ in steps]
        if state in (State.APPROVED, State.REFUSED):
            target = State.ADVICE_GIVEN
        elif state == State.RETURNED:
            target = State.LODGED
        elif state == State.WITHDRAWN:
            target = State.DRAFT
        else:
            target = state
        for step_state, run in steps:
            if order.index(step_state) > order.index(target):
                break
            run(app)
            app.refresh_from_db()
        if state == State.RETURNED:
            services.return_for_amendment(
                application=app,
                actor=people.officer,
                requests=[{"kind": "description", "detail": "Describe the kiln."}],
            )
        if state in (State.APPROVED, State.REFUSED):
            services.decide(
                application=app,
                actor=people.minister,
                approve=state == State.APPROVED,
                advice_considered=True,
                no_prudent_or_feasible_alternative=True,
                targets_not_prevented=True,
                reasons="Reasons.",
            )
        if state == State.WITHDRAWN:
            services.withdraw(
                application=app, actor=people.proponent, reason="No longer proceeding.", confirm=True
            )
        app.refresh_from_db()
        assert app.state == state
        return app

    return make


def publication(gazette=None, **overrides):
    gazette = gazette or statute.legal_today()
    period = statute.comment_period(gazette)
    return {
        "gazette_date": gazette,
        "internet_published_on": gazette,
        "comment_address": "The Director, Greenhouse Office, GPO Box 787, Canberra ACT 2601",
        "closing_day": period.recommended_closing_day,
        "newspapers": [
            {"state_or_territory": "VIC", "newspaper": "The Age", "published_on": gazette},
            {"state_or_territory": "NSW", "newspaper": "The Sydney Morning Herald", "published_on": gazette},
        ],
        **overrides,
    }


def _close(application):
    # Move the closing day into the past (as time would) and close, as the scheduled job does.
    Application.objects.filter(pk=application.pk).update(
        closing_day=statute.legal_today() - timedelta(days=10)
    )
    application.refresh_from_db()
    services.close_comments(application=application, actor=None)


__all__ = ["PDF", "PROFILE", "BytesIO", "date", "pdf", "publication"]
