"""Decided applications for the register of decisions and the open data tests, made by the services."""

from datetime import timedelta

from assessments import services
from assessments.models import Application, Comment, State
from greenhouse_office import statute

REASONS = "The kiln's waste-heat recovery leaves no prudent or feasible alternative to the action."
ADVICE = "Approve: the kiln replaces two older ones."


def decided_with_comments(make_application, people, *, approve=True, **fields) -> tuple[Application, dict]:
    """An application published, commented on (one comment published, one not consented, one redacted),
    its comments considered, advised on and decided. Returns it and its comments by name."""
    application, comments = advised_with_comments(make_application, people, **fields)
    services.decide(
        application=application,
        actor=people.minister,
        approve=approve,
        advice_considered=True,
        no_prudent_or_feasible_alternative=True,
        targets_not_prevented=True,
        reasons=REASONS,
    )
    application.refresh_from_db()
    return application, comments


def advised_with_comments(make_application, people, **fields) -> tuple[Application, dict]:
    """As ``decided_with_comments``, but waiting for the Minister's decision: advice given (s34)."""
    application = make_application(State.OPEN_FOR_COMMENT, **fields)

    def comment(name, text, consent):
        return services.record_comment(
            application=application,
            actor=None,
            name=name,
            email=f"{name.split()[0].lower()}@example.com",
            text=text,
            channel=Comment.Channel.WEB,
            consent_to_publish=consent,
        )

    comments = {
        "published": comment("Pat Published", "The kiln is welcome.", True),
        "private": comment("Quinn Private", "My private view of the kiln.", False),
        "redacted": comment("Robin Redacted", "Call me on 0400 000 000 about the kiln.", True),
    }
    services.moderate_comment(comment=comments["published"], actor=people.officer)
    services.redact_comment(
        comment=comments["redacted"],
        actor=people.officer,
        public_text="Call me on [removed: personal information] about the kiln.",
        reason="A telephone number.",
    )
    Application.objects.filter(pk=application.pk).update(
        closing_day=statute.legal_today() - timedelta(days=10)
    )
    application.refresh_from_db()
    services.close_comments(application=application, actor=None)
    for name, made in comments.items():
        services.consider_comment(
            comment=made, actor=people.officer, considered=True, response=f"Considered the {name} comment."
        )
    services.give_advice(
        application=application, actor=people.officer, recommendation="approve", summary=ADVICE
    )
    application.refresh_from_db()
    return application, comments


def copies(application: Application, count: int, **changes) -> list[Application]:
    """``count`` more rows like ``application`` (same stamps and state), for query counts at size."""
    fields = {
        f.attname: getattr(application, f.attname)
        for f in Application._meta.concrete_fields
        if not f.primary_key
    }
    made = Application.objects.bulk_create(
        Application(**{**fields, "title": f"{application.title} copy {n}", **changes}) for n in range(count)
    )
    return made
